//! Checking many URLs at once, under a global limit and the per-host limits of `host_gate`. The
//! reports come back either as each URL finishes ([`Checker::check_many`]) or in input order
//! ([`Checker::check_in_order`]), which lets a caller write each report out and forget it.
//!
//! In input order, one slow URL holds back the reports of the URLs after it. So that they do not
//! pile up without bound, a URL is only started while fewer than a window's worth of reports are
//! started but not yet handed out: memory is bounded by the window, not by the length of the list.

use crate::check::Checker;
use crate::report::UrlReport;
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Semaphore, mpsc};

/// Limits for many URLs at once.
#[derive(Debug, Clone)]
pub struct BulkOptions {
    /// URLs checked at the same time (64 by default).
    pub concurrency: usize,
    /// Requests to one host at the same time.
    pub per_host: usize,
    /// The least time between two requests to one host.
    pub host_spacing: Duration,
}

impl Default for BulkOptions {
    fn default() -> Self {
        BulkOptions {
            concurrency: 64,
            per_host: 8,
            host_spacing: Duration::ZERO,
        }
    }
}

/// How many reports [`Checker::check_in_order`] may have started but not handed out, per URL
/// checked at the same time. Wide enough that a URL which takes its whole timeout lets thousands
/// of quick ones finish meanwhile (64 × 64 by default), narrow enough that the reports held stay
/// a few megabytes.
pub const REORDER_WINDOW_PER_SLOT: usize = 64;

impl Checker {
    /// Checks many URLs; reports arrive on the channel as each finishes, with the URL's index.
    /// Dropping the receiver cancels the checks still running and starts no more.
    pub fn check_many(&self, urls: Vec<String>, bulk: &BulkOptions) -> mpsc::Receiver<(usize, UrlReport)> {
        self.spawn_checks(urls, bulk, None)
    }

    /// Checks many URLs and hands the reports out in the order of `urls`, holding at most
    /// [`REORDER_WINDOW_PER_SLOT`] × `concurrency` of them. Dropping the [`InOrder`] cancels the
    /// checks still running and starts no more.
    pub fn check_in_order(&self, urls: Vec<String>, bulk: &BulkOptions) -> InOrder {
        let width = bulk
            .concurrency
            .max(1)
            .saturating_mul(REORDER_WINDOW_PER_SLOT)
            .min(Semaphore::MAX_PERMITS);
        let window = Arc::new(Semaphore::new(width));
        let (lost_tx, lost) = mpsc::unbounded_channel();
        let ordering = Ordering {
            window: window.clone(),
            lost: lost_tx,
        };
        InOrder {
            rx: self.spawn_checks(urls, bulk, Some(ordering)),
            lost,
            window,
            next: 0,
            early: VecDeque::new(),
            finished: 0,
            done: false,
        }
    }

    /// Starts a task per URL, at most `bulk.concurrency` at a time. Given an [`Ordering`], a URL
    /// also waits for a place in its window (given back as its report is handed out), and a task
    /// that dies without a report says so, so that the reports after it are not held back.
    fn spawn_checks(
        &self,
        urls: Vec<String>,
        bulk: &BulkOptions,
        ordering: Option<Ordering>,
    ) -> mpsc::Receiver<(usize, UrlReport)> {
        let (tx, rx) = mpsc::channel(bulk.concurrency.max(1));
        let limit = Arc::new(Semaphore::new(bulk.concurrency.max(1)));
        let checker = self.clone().with_host_limits(bulk);
        tokio::spawn(async move {
            for (i, url) in urls.into_iter().enumerate() {
                // Whoever asked has gone away: start nothing more.
                if let Some(ordering) = &ordering {
                    tokio::select! {
                        p = ordering.window.acquire() => match p {
                            Ok(p) => p.forget(),
                            Err(_) => break,
                        },
                        () = tx.closed() => break,
                    }
                }
                let permit = tokio::select! {
                    p = limit.clone().acquire_owned() => match p {
                        Ok(p) => p,
                        Err(_) => break,
                    },
                    () = tx.closed() => break,
                };
                let (tx, checker) = (tx.clone(), checker.clone());
                let mut unreported = Unreported {
                    index: i,
                    lost: ordering.as_ref().map(|o| o.lost.clone()),
                };
                tokio::spawn(async move {
                    // A check in progress ends (and its connections close) when the receiver
                    // is dropped, rather than running on for nobody.
                    tokio::select! {
                        report = checker.check(&url) => {
                            drop(permit);
                            let _ = tx.send((i, report)).await;
                            unreported.reported();
                        }
                        () = tx.closed() => {}
                    }
                });
            }
        });
        rx
    }
}

/// What [`Checker::check_in_order`] gives its runner: the window, and where to say that a URL's
/// task ended without a report.
struct Ordering {
    window: Arc<Semaphore>,
    lost: mpsc::UnboundedSender<usize>,
}

/// Held by a URL's task until its report is sent: dropped unsent (the task panicked), it tells
/// [`InOrder`] to skip that URL. Without a `lost` channel (reports in any order) it does nothing.
struct Unreported {
    index: usize,
    lost: Option<mpsc::UnboundedSender<usize>>,
}

impl Unreported {
    fn reported(&mut self) {
        self.lost = None;
    }
}

impl Drop for Unreported {
    fn drop(&mut self) {
        if let Some(lost) = &self.lost {
            let _ = lost.send(self.index);
        }
    }
}

/// The reports of [`Checker::check_in_order`], in input order.
#[derive(Debug)]
pub struct InOrder {
    rx: mpsc::Receiver<(usize, UrlReport)>,
    /// URLs whose task ended without a report.
    lost: mpsc::UnboundedReceiver<usize>,
    /// Places for started URLs whose reports are not handed out yet.
    window: Arc<Semaphore>,
    /// The index of the next report to hand out.
    next: usize,
    /// What is known of the URLs from `next` on: `early[k]` is about URL `next + k`.
    early: VecDeque<Slot>,
    /// Reports received so far, in any order.
    finished: usize,
    /// Every check has ended.
    done: bool,
}

/// One URL's place in [`InOrder`].
#[derive(Debug)]
enum Slot {
    /// Not finished yet.
    Running,
    /// Finished before its turn.
    Ready(UrlReport),
    /// Its task ended without a report.
    Lost,
}

impl InOrder {
    /// The next report in input order, or `None` once every report has been handed out.
    pub async fn next(&mut self) -> Option<UrlReport> {
        loop {
            // Once nothing more can arrive, a URL still running never reported: skip it.
            let head_settled = match self.early.front() {
                Some(Slot::Running) => self.done,
                Some(_) => true,
                None => false,
            };
            if head_settled {
                let slot = self.early.pop_front();
                self.next += 1;
                self.window.add_permits(1);
                match slot {
                    Some(Slot::Ready(report)) => return Some(report),
                    _ => continue,
                }
            }
            if self.done {
                return None;
            }
            tokio::select! {
                received = self.rx.recv() => match received {
                    Some((i, report)) => {
                        self.finished += 1;
                        self.settle(i, Slot::Ready(report));
                    }
                    None => self.done = true,
                },
                Some(i) = self.lost.recv() => self.settle(i, Slot::Lost),
            }
        }
    }

    /// How many URLs have finished, in any order (for a progress bar).
    pub fn finished(&self) -> usize {
        self.finished
    }

    fn settle(&mut self, index: usize, slot: Slot) {
        // Every index settles once, and only indices from `next` on are unsettled.
        let Some(k) = index.checked_sub(self.next) else { return };
        if self.early.len() <= k {
            self.early.resize_with(k + 1, || Slot::Running);
        }
        self.early[k] = slot;
    }
}
