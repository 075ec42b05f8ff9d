//! URL checking for siteerror. [`Checker`] follows a URL one hop at a time and records every hop;
//! [`AddressPolicy`] decides, before any packet is sent, whether a URL and every address its host
//! resolves to may be contacted, and the connection goes only to the addresses it checked.
//! [`AcceptSet`] says which final statuses count as success.
//! Proxy environment variables are never read: connections are made directly.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod accept;
mod bulk;
mod check;
mod fetch;
mod findings;
mod host_gate;
pub mod policy;
mod report;
pub mod resolve;

pub use accept::{AcceptError, AcceptSet};
pub use bulk::{BulkOptions, InOrder, REORDER_WINDOW_PER_SLOT};
pub use check::{CheckOptions, Checker, MethodChoice, StatusNames, default_tls, tls_with_roots};
pub use findings::findings;
pub use policy::{AddressClass, AddressPolicy, Refusal, classify};
pub use report::{Finding, Outcome, RedirectChain, RedirectHop, RetryWait, Severity, UrlReport};
pub use resolve::{Resolve, StaticResolver, SystemResolver};
