//! Query strings into typed structs (serde_urlencoded). A field that does not fit is a 400 that
//! names it; unknown parameters are ignored, as browsers and crawlers add their own.

use crate::error::SiteError;
use axum::extract::FromRequestParts;
use http::request::Parts;
use serde::de::DeserializeOwned;

/// The query string as `T`.
#[derive(Debug, Clone, Default)]
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = SiteError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parse(parts.uri.query().unwrap_or("")).map(Query)
    }
}

/// Parses a query string (or a form body) into `T`; the error names the field.
pub fn parse<T: DeserializeOwned>(query: &str) -> Result<T, SiteError> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let field = e.path().to_string();
        let inner = e.into_inner();
        if field.is_empty() || field == "." {
            SiteError::bad_request(format!("the query string does not fit: {inner}"))
        } else {
            SiteError::bad_request(format!("the parameter `{field}` is not valid: {inner}"))
        }
    })
}

/// Decoded `(key, value)` pairs in order, for parameters that may repeat (`header=`).
pub fn pairs(query: &str) -> impl Iterator<Item = (std::borrow::Cow<'_, str>, std::borrow::Cow<'_, str>)> {
    form_urlencoded::parse(query.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    struct Q {
        #[serde(default)]
        q: String,
        n: Option<u32>,
    }

    #[test]
    fn a_bad_field_is_named() {
        let e = parse::<Q>("q=x&n=abc").unwrap_err();
        assert_eq!(e.status(), http::StatusCode::BAD_REQUEST);
        assert!(e.to_string().contains("`n`"), "{e}");
    }

    #[test]
    fn plus_and_percent_decode() {
        let q: Q = parse("q=not+found%21&other=1").unwrap();
        assert_eq!(q.q, "not found!");
        assert_eq!(q.n, None);
    }
}
