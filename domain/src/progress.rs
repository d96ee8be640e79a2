//! How far a long job is (an import, a directory sync): the command line draws a progress bar
//! from it, everything else stays [`Quiet`].

/// Shows how far a long import is (the command line draws a progress bar from it).
pub trait Progress: Sync {
    /// A new stage begins (`checking`, `writing`) with `total` steps.
    fn stage(&self, name: &'static str, total: u64);
    /// `steps` more steps of the stage are done.
    fn advance(&self, steps: u64);
}

/// No progress shown.
#[derive(Debug, Clone, Copy, Default)]
pub struct Quiet;

impl Progress for Quiet {
    fn stage(&self, _name: &'static str, _total: u64) {}
    fn advance(&self, _steps: u64) {}
}
