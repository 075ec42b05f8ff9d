//! The media types siteerror renders: every content URL has HTML, JSON and plain text; assets
//! have one type each.

/// One representation's media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Media {
    /// `text/html` for browsers.
    Html,
    /// `application/json` for programs.
    Json,
    /// `text/plain` for terminals.
    Text,
    /// `text/css`, for the stylesheet (never negotiated).
    Css,
    /// `image/svg+xml`, for the icon (never negotiated).
    Svg,
    /// `text/javascript`, for scripts (never negotiated).
    Js,
}

impl Media {
    /// The representations every content URL has, in the order preferred when the client has
    /// no preference.
    pub const ALL: [Media; 3] = [Media::Html, Media::Json, Media::Text];

    /// The `Content-Type` of this representation.
    pub fn content_type(self) -> &'static str {
        match self {
            Media::Html => "text/html; charset=utf-8",
            Media::Json => "application/json",
            Media::Text => "text/plain; charset=utf-8",
            Media::Css => "text/css; charset=utf-8",
            Media::Svg => "image/svg+xml",
            Media::Js => "text/javascript; charset=utf-8",
        }
    }

    /// The type and subtype, for matching against `Accept` ranges.
    pub fn type_subtype(self) -> (&'static str, &'static str) {
        match self {
            Media::Html => ("text", "html"),
            Media::Json => ("application", "json"),
            Media::Text => ("text", "plain"),
            Media::Css => ("text", "css"),
            Media::Svg => ("image", "svg+xml"),
            Media::Js => ("text", "javascript"),
        }
    }
}
