//! The `Date` field of direct answers (RFC 9110 Section 6.6.1), formatted once a second per
//! thread, as hyper does for the responses it writes.

use std::cell::RefCell;
use std::time::{SystemTime, UNIX_EPOCH};

/// An IMF-fixdate is always this long: `Sun, 06 Nov 1994 08:49:37 GMT`.
pub(super) const DATE_LEN: usize = 29;

thread_local! {
    static NOW: RefCell<(u64, [u8; DATE_LEN])> = const { RefCell::new((u64::MAX, [0; DATE_LEN])) };
}

/// The current time as an IMF-fixdate.
pub(super) fn now() -> [u8; DATE_LEN] {
    let now = SystemTime::now();
    let secs = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    NOW.with_borrow_mut(|(at, text)| {
        if *at != secs {
            let formatted = httpdate::fmt_http_date(now);
            if formatted.len() == DATE_LEN {
                text.copy_from_slice(formatted.as_bytes());
                *at = secs;
            }
        }
        *text
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_date_is_an_imf_fixdate_of_now() {
        let text = super::now();
        let text = std::str::from_utf8(&text).unwrap();
        let parsed = httpdate::parse_http_date(text).unwrap();
        let age = std::time::SystemTime::now().duration_since(parsed).unwrap();
        assert!(age.as_secs() < 5, "{text}");
        assert!(text.ends_with(" GMT"));
    }
}
