//! The playground as pages show it: the `/playground` form with its curl command, and the short
//! note a live endpoint (`/status/{code}`) sends as its body.

use crate::json::pretty;
use crate::media::Media;
use crate::render::{RenderError, Renderer};
use serde::{Deserialize, Serialize};

/// Methods the playground form offers.
pub const FORM_METHODS: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/// The playground form's fields, as submitted.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PlaygroundForm {
    /// One of [`FORM_METHODS`].
    pub method: String,
    /// A code, or a list for `/random/`.
    pub status: String,
    /// Milliseconds.
    pub delay: String,
    /// `Name: value`.
    pub header: String,
}

/// The playground page.
#[derive(Debug, Serialize)]
pub struct PlaygroundView<'a> {
    /// The form as submitted (or its defaults).
    pub form: &'a PlaygroundForm,
    /// The path the form describes, when it is valid.
    pub target: Option<String>,
    /// The curl command for it.
    pub curl: Option<String>,
    /// What is wrong with the form.
    pub error: Option<String>,
    /// The host the examples name.
    pub host: &'a str,
    /// The longest delay allowed, in milliseconds.
    pub max_delay: u64,
}

impl PlaygroundView<'_> {
    /// Renders the page as `media`.
    pub fn render(&self, r: &Renderer, media: Media) -> Result<String, RenderError> {
        match media {
            Media::Json => pretty(&serde_json::json!({"target": self.target, "curl": self.curl, "error": self.error})),
            Media::Text => Ok(match (&self.curl, &self.error) {
                (Some(c), _) => format!("{c}\n"),
                (None, Some(e)) => format!("{e}\n"),
                _ => "Any status on demand: /status/{code}, /random/{codes}, /anything. Options: delay, header=Name:Value, body=none.\n".into(),
            }),
            _ => {
                let host = self.host;
                let ctx = minijinja::context! {
                    form => self.form,
                    methods => FORM_METHODS,
                    max_delay => self.max_delay,
                    target => &self.target,
                    curl => &self.curl,
                    error => &self.error,
                    demo_continue => format!("head -c 2000000 /dev/urandom > upload.bin\ncurl -v --data-binary @upload.bin http://{host}/anything"),
                    demo_417 => format!("curl -v -H 'Expect: please-be-fast' --data-binary @upload.bin http://{host}/anything"),
                    title => "API playground",
                    description => "Any HTTP status on demand, delays, headers, and how Expect: 100-continue works.",
                    canonical => "/playground",
                };
                r.render("playground.html", ctx)
            }
        }
    }
}

/// What a live endpoint says about the status it answered with.
#[derive(Debug, Serialize)]
pub struct StatusNote {
    /// The status.
    pub code: u16,
    /// Its registered name, when it has one.
    pub name: Option<String>,
    /// Our page about it.
    pub page: Option<String>,
    /// A note for codes without a registered meaning.
    pub note: Option<String>,
}

impl StatusNote {
    /// Renders the note as `media`.
    pub fn render(&self, r: &Renderer, media: Media) -> Result<String, RenderError> {
        match media {
            Media::Html => r.render("status.html", minijinja::context! { b => self }),
            Media::Text => Ok(format!(
                "{} {}\n{}{}",
                self.code,
                self.name.as_deref().unwrap_or(""),
                self.page
                    .as_ref()
                    .map(|p| format!("About this code: {p}\n"))
                    .unwrap_or_default(),
                self.note.as_ref().map(|n| format!("{n}\n")).unwrap_or_default()
            )),
            _ => pretty(self),
        }
    }
}
