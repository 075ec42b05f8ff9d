//! Error pages: what went wrong, in the representation the client asked for (HTML, JSON
//! `{"error", "status"}` or text), with close matches where there are some.

use crate::json::pretty;
use crate::media::Media;
use crate::render::{RenderError, Renderer};
use crate::views::EntryLink;
use minijinja::context;
use serde::Serialize;
use siteerror_catalog::Class;

/// One error to show.
#[derive(Debug, Default, Clone, Serialize)]
pub struct ErrorView {
    /// The heading (`"Page not found"`).
    pub heading: String,
    /// What happened, one or two sentences.
    pub message: String,
    /// An extra note (what the registry says about a number, say).
    pub note: Option<String>,
    /// Close matches.
    pub suggestions: Vec<EntryLink>,
    /// A class page to point to (`"4xx"`), for numbers.
    pub class: Option<&'static str>,
}

#[derive(Serialize)]
struct JsonError<'a> {
    error: &'a str,
    status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    class: Option<String>,
    #[serde(skip_serializing_if = "<[EntryLink]>::is_empty")]
    suggestions: &'a [EntryLink],
}

fn emoji(status: u16) -> &'static str {
    match status {
        404 => "🔍",
        405 | 501 => "🚫",
        406 => "🤝",
        414 => "📏",
        _ => "⚠️",
    }
}

impl ErrorView {
    /// Renders the error for `status` (its reason phrase is `reason`) as `media`.
    /// `status_has_page` says whether the site has a page about the status itself.
    pub fn render(
        &self,
        r: &Renderer,
        status: u16,
        reason: &str,
        status_has_page: bool,
        media: Media,
    ) -> Result<String, RenderError> {
        if media == Media::Json {
            let message = if self.message.is_empty() {
                &self.heading
            } else {
                &self.message
            };
            return pretty(&JsonError {
                error: message,
                status,
                note: self.note.as_deref(),
                class: self.class.map(|c| format!("/category/{c}")),
                suggestions: &self.suggestions,
            });
        }
        let ctx = context! {
            status => status,
            reason => reason,
            heading => &self.heading,
            message => &self.message,
            note => &self.note,
            class => self.class.map(|c| (format!("/category/{c}"), c, Class::from_id(c).map(Class::label))),
            suggestions => &self.suggestions,
            emoji => emoji(status),
            status_has_page => status_has_page,
            title => format!("{status} {}", self.heading),
            description => &self.message,
            canonical => "/",
        };
        match media {
            Media::Text => r.render("error.txt", ctx),
            _ => r.render("error.html", ctx),
        }
    }

    /// The plain-text fallback used when rendering failed: always available.
    pub fn fallback_text(&self, status: u16) -> String {
        format!("{status} {}\n{}\n", self.heading, self.message)
    }
}
