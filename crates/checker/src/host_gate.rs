//! Per-host limits for bulk checks: at most so many requests to one host at a time, and a least
//! time between two of them, so checking many links to one site does not hammer it.

use crate::bulk::BulkOptions;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// Per-host concurrency and spacing.
pub(crate) struct HostGate {
    per_host: usize,
    spacing: Duration,
    hosts: Mutex<HashMap<String, (Arc<Semaphore>, Instant)>>,
}

impl HostGate {
    pub(crate) fn new(bulk: &BulkOptions) -> HostGate {
        HostGate {
            per_host: bulk.per_host.max(1),
            spacing: bulk.host_spacing,
            hosts: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) async fn enter(&self, host: &str) -> Option<tokio::sync::OwnedSemaphorePermit> {
        let sem = {
            let mut map = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
            map.entry(host.to_string())
                .or_insert_with(|| (Arc::new(Semaphore::new(self.per_host)), Instant::now()))
                .0
                .clone()
        };
        let permit = sem.acquire_owned().await.ok();
        if !self.spacing.is_zero() {
            let wait = {
                let mut map = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
                let now = Instant::now();
                let slot = map.get_mut(host).map(|e| &mut e.1);
                match slot {
                    Some(next) => {
                        let start = (*next).max(now);
                        *next = start + self.spacing;
                        start - now
                    }
                    None => Duration::ZERO,
                }
            };
            tokio::time::sleep(wait).await;
        }
        permit
    }
}
