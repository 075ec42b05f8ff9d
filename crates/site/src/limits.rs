//! Every limit the server enforces, in one place. The README's figures come from here; the
//! playground page and error messages name these constants, never a copy of their values.

use std::time::Duration;

/// Request targets longer than this many bytes get 414 (no page has an address near it).
pub const MAX_TARGET_BYTES: usize = 2048;

/// At most this many URLs in one check request (the form and the API).
pub use siteerror_present::checker_page::MAX_URLS as CHECKER_MAX_URLS;
/// The largest request body the check endpoints (form and API) read.
pub const CHECKER_MAX_BODY_BYTES: usize = 64 * 1024;
/// Check requests one client may start per minute.
pub const CHECKER_PER_CLIENT_PER_MINUTE: u32 = 10;
/// Check requests running at once, over all clients.
pub const CHECKER_MAX_CONCURRENT: usize = 16;
/// Check requests one client (an IPv4 address or an IPv6 /64) may have running at once, so a
/// few clients cannot hold every slot.
pub const CHECKER_MAX_PER_CLIENT: usize = 4;
/// Redirects a caller may ask for at most.
pub const CHECKER_MAX_REDIRECTS: usize = 20;
/// The time budget a caller may ask for, per URL, in milliseconds (inclusive range).
pub const CHECKER_TIMEOUT_MS_RANGE: (u64, u64) = (100, 20_000);
/// The server checker's time budget per URL, redirects and retries included.
pub const CHECKER_URL_TIMEOUT: Duration = Duration::from_secs(20);
/// The longest `Retry-After` wait the server's checker honours before retrying once.
pub const CHECKER_MAX_RETRY_WAIT: Duration = Duration::from_secs(3);
/// URLs of one request checked at the same time.
pub const CHECKER_CONCURRENCY_PER_REQUEST: usize = 8;
/// Requests of one check request to one host at the same time.
pub const CHECKER_PER_HOST: usize = 2;
/// The pause between two requests of one check request to the same host.
pub const CHECKER_HOST_SPACING: Duration = Duration::from_millis(100);

/// The longest delay a playground caller may ask for; a longer one is refused with 400, never
/// clamped.
pub const PLAYGROUND_MAX_DELAY_MS: u64 = 10_000;
/// Playground requests held open by a delay at once, over all clients.
pub const PLAYGROUND_MAX_DELAYED: usize = 256;
/// Playground requests one client may make per minute, unless `serve --playground-rate` says
/// otherwise.
pub const PLAYGROUND_PER_CLIENT_PER_MINUTE: u32 = 600;
/// The largest request body `/anything` reads.
pub const ANYTHING_MAX_BODY: u64 = 10 * 1024 * 1024;
/// Extra response headers a playground caller may ask for at most.
pub const PLAYGROUND_MAX_EXTRA_HEADERS: usize = 10;
/// The longest value of such a header, in bytes.
pub const PLAYGROUND_MAX_HEADER_VALUE: usize = 256;
/// Codes (after expanding ranges) a `/random/` list may hold at most.
pub const RANDOM_MAX_CHOICES: usize = 400;

/// The largest quiz answer request body, in bytes.
pub const QUIZ_MAX_ANSWER_BYTES: usize = 4096;

/// Comparisons rendered on request and kept at most, counted in bytes of their bodies.
pub const KEPT_PAGES_MAX_BYTES: u64 = 32 * 1024 * 1024;
/// About how many such pages that holds, for sizing the store.
pub const KEPT_PAGES_ESTIMATE: usize = 2048;
