//! Content negotiation (`choose_media`, `choose_coding`) on arbitrary `Accept`,
//! `Accept-Encoding` and `User-Agent` fields, any number of each. Properties checked:
//! - nothing panics, whatever the bytes;
//! - `choose_media` picks a member of the list it is offered, or `None`; with no `Accept` field
//!   at all it picks something; offered nothing, it picks nothing;
//! - the choice is consistent: a representation chosen from `Media::ALL` is also chosen when it
//!   is offered alone, and the playground's order (JSON, HTML, text) picks from the same set of
//!   acceptable representations (`Some` exactly when `Media::ALL` gives `Some`);
//! - with no `Accept-Encoding` field, `choose_coding` is `Some(Identity)`.
//!
//! Input: one header field per line, its first byte choosing the name (`A` Accept, `E`
//! Accept-Encoding, `U` User-Agent, anything else an unrelated field) and the rest its value
//! (lines that are not a valid header value are dropped).
#![no_main]

use http::header::{ACCEPT, ACCEPT_ENCODING, USER_AGENT};
use http::{HeaderMap, HeaderName, HeaderValue};
use libfuzzer_sys::fuzz_target;
use siteerror_present::Media;
use siteerror_site::cache::Coding;
use siteerror_site::http::negotiate::{choose_coding, choose_media};

fuzz_target!(|data: &[u8]| {
    let mut headers = HeaderMap::new();
    for line in data.split(|&b| b == b'\n') {
        let Some((&which, value)) = line.split_first() else {
            continue;
        };
        let name = match which {
            b'A' => ACCEPT,
            b'E' => ACCEPT_ENCODING,
            b'U' => USER_AGENT,
            _ => HeaderName::from_static("x-other"),
        };
        if let Ok(value) = HeaderValue::from_bytes(value) {
            headers.append(name, value);
        }
    }

    let chosen = choose_media(&headers, &Media::ALL);
    if let Some(m) = chosen {
        assert!(Media::ALL.contains(&m), "{headers:?}: {m:?}");
        assert_eq!(choose_media(&headers, &[m]), Some(m), "{headers:?}: {m:?} alone");
    }
    if !headers.contains_key(ACCEPT) {
        assert!(chosen.is_some(), "{headers:?}: nothing chosen without Accept");
    }
    let playground = [Media::Json, Media::Html, Media::Text];
    let from_playground = choose_media(&headers, &playground);
    if let Some(m) = from_playground {
        assert!(playground.contains(&m), "{headers:?}: {m:?}");
    }
    assert_eq!(from_playground.is_some(), chosen.is_some(), "{headers:?}");
    assert_eq!(choose_media(&headers, &[]), None, "{headers:?}");

    let coding = choose_coding(&headers);
    if !headers.contains_key(ACCEPT_ENCODING) {
        assert_eq!(coding, Some(Coding::Identity), "{headers:?}");
    }
});
