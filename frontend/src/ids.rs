//! Element ids unique to one widget instance, so several widgets can share a page.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The next instance number on this page.
static NEXT_INSTANCE: AtomicUsize = AtomicUsize::new(0);

/// The id prefix of one widget: `sendready-<n>-`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ids(usize);

impl Ids {
    /// A prefix no other widget on the page has.
    pub fn next() -> Self {
        Self(NEXT_INSTANCE.fetch_add(1, Ordering::Relaxed))
    }

    /// The id of the element `name` inside this widget.
    pub fn of(self, name: &str) -> String {
        format!("sendready-{}-{name}", self.0)
    }
}
