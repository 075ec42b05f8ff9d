//! Code snippets: one template per stack (`templates/snippets/`), filled from an entry's example
//! response, so every snippet sets the headers the code needs and sends no body where the code
//! forbids one.

use crate::render::{RenderError, Renderer};
use serde::Serialize;
use siteerror_catalog::{BodyRule, Source, StatusEntry};

/// A stack we show snippets for.
#[derive(Debug, Clone, Copy)]
pub struct Stack {
    /// Identifier, used in anchors and the API.
    pub id: &'static str,
    /// What the reader sees.
    pub label: &'static str,
    /// The language, for the `language-*` class.
    pub language: &'static str,
    template: &'static str,
}

/// Every stack, in page order.
pub const STACKS: &[Stack] = &[
    Stack {
        id: "express",
        label: "Express",
        language: "javascript",
        template: "snippets/express.js",
    },
    Stack {
        id: "node-http",
        label: "Node.js http",
        language: "javascript",
        template: "snippets/node-http.js",
    },
    Stack {
        id: "go",
        label: "Go net/http",
        language: "go",
        template: "snippets/go-net-http.go",
    },
    Stack {
        id: "flask",
        label: "Python Flask",
        language: "python",
        template: "snippets/flask.py",
    },
];

/// Headers a framework or the server sets by itself; snippets leave them out.
const MANAGED_HEADERS: &[&str] = &[
    "content-type",
    "content-length",
    "date",
    "server",
    "transfer-encoding",
    "connection",
    "keep-alive",
];

/// One rendered snippet.
#[derive(Debug, Clone, Serialize)]
pub struct Snippet {
    /// The stack's identifier.
    pub stack: &'static str,
    /// The stack's label.
    pub label: &'static str,
    /// The language.
    pub language: &'static str,
    /// The code.
    pub code: String,
}

#[derive(Serialize)]
struct SnippetData<'a> {
    code: u16,
    reason: &'a str,
    set_reason: bool,
    method: &'static str,
    interim: Option<&'static str>,
    /// For codes that never reach a client: `close` (the server hangs up, like nginx's 444) or
    /// `client-gone` (the client hung up first, like 499 and ELB's 460).
    no_response: Option<&'static str>,
    headers: Vec<(&'a str, &'a str)>,
    body: Option<&'a str>,
    content_type: &'a str,
}

fn method_for(code: u16) -> &'static str {
    match code {
        201 | 202 | 409 | 413 | 415 | 422 | 428 => "POST",
        204 | 412 => "PUT",
        _ => "GET",
    }
}

/// Renders every stack's snippet for `entry`; a stack whose template has nothing to offer for a
/// code (Flask cannot send interim responses) is left out.
pub fn for_entry(renderer: &Renderer, entry: &StatusEntry) -> Result<Vec<Snippet>, RenderError> {
    let ex = entry.example_parts();
    let mut status = ex.status_line.splitn(3, ' ').skip(1);
    // The example's own status: 208's example is the 207 that carries it.
    let code: u16 = status.next().and_then(|c| c.parse().ok()).unwrap_or(entry.code);
    let reason = status.next().unwrap_or(&entry.name);
    let interim = match entry.code {
        100 => Some("continue"),
        102 => Some("processing"),
        103 => Some("early-hints"),
        101..=199 => Some("raw"),
        _ => None,
    };
    let body = ex.body.trim_end_matches('\n');
    let no_response =
        (entry.facts.body == BodyRule::NoResponse).then_some(if entry.code == 444 { "close" } else { "client-gone" });
    let data = SnippetData {
        code,
        reason,
        set_reason: entry.source != Source::Iana,
        method: method_for(entry.code),
        interim,
        no_response,
        headers: ex
            .headers
            .iter()
            .filter(|(n, _)| !MANAGED_HEADERS.contains(&n.to_ascii_lowercase().as_str()))
            .copied()
            .collect(),
        body: (entry.facts.body == BodyRule::Allowed && !body.is_empty()).then_some(body),
        content_type: ex.header("Content-Type").unwrap_or("text/plain; charset=utf-8"),
    };
    let mut out = Vec::new();
    for stack in STACKS {
        let code = renderer.render(stack.template, &data)?;
        let code = code.trim_matches('\n');
        if !code.trim().is_empty() {
            out.push(Snippet {
                stack: stack.id,
                label: stack.label,
                language: stack.language,
                code: format!("{code}\n"),
            });
        }
    }
    Ok(out)
}
