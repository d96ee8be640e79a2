//! Authentication: who is calling. (Interface only on this branch; the full module is on main.)

pub mod extract;

pub use extract::{Authenticated, AuthenticatedDevice};
