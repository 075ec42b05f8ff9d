//! The `/url-checker` page: the empty form (a fixed page) and the form with results (rendered
//! per request). The results are whatever the checker reports; this module only shows them.

use crate::json::pretty;
use crate::media::Media;
use crate::render::{RenderError, Renderer};
use minijinja::context;
use serde::Serialize;

/// At most this many URLs in one check request (the form and the API).
pub const MAX_URLS: usize = 20;

const TITLE: &str = "URL checker";
const DESCRIPTION: &str = "Follow every redirect hop of up to 20 URLs.";

/// The context of the empty form.
pub fn empty_context() -> minijinja::Value {
    context! {
        results => Vec::<()>::new(), error => None::<String>, urls => "", max_urls => MAX_URLS,
        title => TITLE, description => DESCRIPTION, canonical => "/url-checker",
    }
}

/// The page with the URLs as entered, and either results or an error message.
pub fn render<R: Serialize>(
    r: &Renderer,
    media: Media,
    urls: &[String],
    results: &[R],
    error: Option<&str>,
) -> Result<String, RenderError> {
    let ctx = context! {
        results => results, error => error, urls => urls.join("\n"), max_urls => MAX_URLS,
        title => TITLE, description => DESCRIPTION, canonical => "/url-checker",
    };
    match media {
        Media::Json => pretty(&serde_json::json!({ "results": results, "error": error })),
        Media::Text => r.render("url_checker.txt", &ctx),
        _ => r.render("url_checker.html", &ctx),
    }
}
