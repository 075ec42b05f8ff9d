//! Terminal styling for the plain-text pages: the same templates serve `curl` (no colour) and the
//! command line (colour on a terminal unless `NO_COLOR` is set).

use serde::Serialize;

/// The escape sequences a text template may use; all empty when colour is off.
#[derive(Debug, Clone, Serialize)]
pub struct Palette {
    /// Bold.
    pub bold: &'static str,
    /// Dimmed.
    pub dim: &'static str,
    /// The accent colour for headings.
    pub accent: &'static str,
    /// Code and numbers.
    pub code: &'static str,
    /// Back to normal.
    pub reset: &'static str,
}

impl Palette {
    /// No styling.
    pub fn plain() -> Palette {
        Palette {
            bold: "",
            dim: "",
            accent: "",
            code: "",
            reset: "",
        }
    }

    /// What standard output gets: colour on a terminal, never when `NO_COLOR` is set (to
    /// anything non-empty) or when output is piped.
    pub fn for_stdout() -> Palette {
        use std::io::IsTerminal;
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if !no_color && std::io::stdout().is_terminal() {
            Palette::ansi()
        } else {
            Palette::plain()
        }
    }

    /// Whether this palette styles anything.
    pub fn is_styled(&self) -> bool {
        !self.reset.is_empty()
    }

    /// ANSI styling.
    pub fn ansi() -> Palette {
        Palette {
            bold: "\x1b[1m",
            dim: "\x1b[2m",
            accent: "\x1b[1;36m",
            code: "\x1b[33m",
            reset: "\x1b[0m",
        }
    }
}

/// Wraps prose to `width` columns, every line indented by `indent` spaces; paragraphs (separated
/// by a blank line) stay apart. No trailing newline.
pub fn wrap(text: &str, width: usize, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = Vec::new();
    for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        let mut line = pad.clone();
        for word in para.split_whitespace() {
            if line.len() > pad.len() && line.chars().count() + 1 + word.chars().count() > width {
                out.push(std::mem::replace(&mut line, pad.clone()));
            }
            if line.len() > pad.len() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push(line);
        out.push(String::new());
    }
    out.pop();
    out.join("\n")
}
