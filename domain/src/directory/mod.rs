//! Directory sync: an organisation's people follow its directory (LDAP). Joiners are
//! created, changes of name, e-mail address, badge, unit and groups (roles) are taken over,
//! leavers are deactivated (their sessions, tokens, passkeys and badges end and their future
//! bookings are cancelled, as [`crate::people_admin::lifecycle`] does for an administrator),
//! and people who come back are reactivated. One run is one transaction: it changes
//! everything or nothing.
//!
//! Reading the directory is the server's part (it needs the LDAP client); this module takes
//! what it read as [`plan::Entry`] values.
//!
//! # Layout
//! - [`plan`]: the pure comparison of directory and database, and the safety that keeps a
//!   broken directory from deactivating everybody; tested without either.
//! - [`apply`]: reading what the database holds, writing the plan in one transaction with its
//!   audit entries, and the report of what changed; when each organisation last ran
//!   (`directory_sync`).
//!
//! Audit entries name people by id only (`people.person_created`, `people.changed`,
//! `people.roles_changed`, `people.deactivated`, `people.reactivated`, each with
//! `"source": "directory"`, and one `directory.synced` with the counts).

pub mod apply;
pub mod plan;

pub use apply::{Options, Report, SyncError, sync};
pub use plan::{Entry, Mapping, Move, Plan, Refusal};
