//! Static assets (stylesheet, scripts, icon, the OpenAPI description), embedded, each with a URL
//! that carries a hash of its content so it can be cached forever.

use crate::media::Media;
use sha2::Digest;

/// One embedded asset.
#[derive(Debug, Clone, Copy)]
pub struct Asset {
    /// The file's stem, like `site`.
    pub stem: &'static str,
    /// The extension, like `css`.
    pub ext: &'static str,
    /// The media type.
    pub media: Media,
    /// The content.
    pub content: &'static str,
}

impl Asset {
    /// The URL, with the first six bytes of the content's SHA-256 in the name.
    pub fn path(&self) -> String {
        let digest = sha2::Sha256::digest(self.content.as_bytes());
        let hex: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
        format!("/static/{}.{hex}.{}", self.stem, self.ext)
    }
}

/// The stylesheet.
pub const STYLESHEET: Asset = Asset {
    stem: "site",
    ext: "css",
    media: Media::Css,
    content: include_str!("../static/site.css"),
};
/// The URL checker's script.
pub const CHECKER_JS: Asset = Asset {
    stem: "checker",
    ext: "js",
    media: Media::Js,
    content: include_str!("../static/checker.js"),
};
/// The playground's script.
pub const PLAYGROUND_JS: Asset = Asset {
    stem: "playground",
    ext: "js",
    media: Media::Js,
    content: include_str!("../static/playground.js"),
};
/// The quiz's script.
pub const QUIZ_JS: Asset = Asset {
    stem: "quiz",
    ext: "js",
    media: Media::Js,
    content: include_str!("../static/quiz.js"),
};

/// Every asset served under a hashed URL.
pub const HASHED: [Asset; 4] = [STYLESHEET, CHECKER_JS, PLAYGROUND_JS, QUIZ_JS];

/// The favicon (a fixed URL: browsers ask for it by name).
pub const FAVICON: &str = include_str!("../static/favicon.svg");
/// The OpenAPI description of the JSON API.
pub const OPENAPI: &str = include_str!("../static/openapi.json");
/// `robots.txt`.
pub const ROBOTS_TXT: &str = "User-agent: *\nAllow: /\n";
