//! The open-file limit: every connection is a file descriptor, and a server that runs out of them
//! can no longer accept anything, not even a health check. So the soft limit is raised to the
//! hard one at start, and the connection cap is kept below what is left after
//! [`RESERVED_FILES`](super::limits::RESERVED_FILES).

use super::limits::RESERVED_FILES;

/// Raises the soft open-file limit to the hard limit (where the system allows), and returns how
/// many connections fit under it, at most `wanted`.
pub(super) fn connection_ceiling(wanted: usize) -> usize {
    match open_file_limit() {
        Some(limit) => {
            let room = limit.saturating_sub(RESERVED_FILES).max(1);
            wanted.min(usize::try_from(room).unwrap_or(usize::MAX))
        }
        None => wanted,
    }
}

/// The soft limit after raising it, or `None` when there is none (or no such thing here).
#[cfg(unix)]
fn open_file_limit() -> Option<u64> {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    if limit.current != limit.maximum {
        let raised = rustix::process::Rlimit {
            current: limit.maximum,
            maximum: limit.maximum,
        };
        // Some systems refuse an unlimited soft limit; the old one then stays.
        if let Err(e) = setrlimit(Resource::Nofile, raised) {
            tracing::debug!(error = %e, "could not raise the open-file limit");
        }
    }
    getrlimit(Resource::Nofile).current
}

#[cfg(not(unix))]
fn open_file_limit() -> Option<u64> {
    None
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn the_cap_stays_under_the_open_file_limit() {
        let limit = open_file_limit().unwrap_or(u64::MAX);
        let ceiling = connection_ceiling(usize::MAX) as u64;
        assert!(ceiling + RESERVED_FILES <= limit.max(RESERVED_FILES + 1));
        assert_eq!(connection_ceiling(7), 7.min(ceiling as usize));
    }
}
