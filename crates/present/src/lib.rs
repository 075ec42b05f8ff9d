//! The siteerror presentation layer: templates and their filters, the views that pages, the JSON
//! API and the command line share, terminal text, code snippets, and the list of every page that
//! depends only on the content. No web server is in here: the site crate serves what this crate
//! renders, and the command line prints it.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod assets;
pub mod cheat;
pub mod checker_page;
pub mod code_page;
pub mod compare;
pub mod diagram;
pub mod error_page;
mod filters;
pub mod json;
pub mod media;
pub mod pages;
pub mod playground;
pub mod quiz;
pub mod render;
pub mod snippets;
pub mod text;
pub mod views;

pub use filters::escape_html;
pub use media::Media;
pub use render::{RenderError, Renderer};
