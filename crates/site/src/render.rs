//! Templates (in `templates/`, embedded at compile time) and the filters that turn content prose
//! into HTML or terminal text.

use minijinja::{Environment, Value, value::ValueKind};
use serde::Serialize;

macro_rules! templates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../templates/", $name)))),*]
    };
}

/// Every template, by name.
const TEMPLATES: &[(&str, &str)] = templates!(
    "base.html",
    "home.html",
    "code.html",
    "category.html",
    "search.html",
    "error.html",
    "macros.html",
    "home.txt",
    "code.txt",
    "category.txt",
    "search.txt",
    "error.txt",
    "url_checker.html",
    "meanings.html",
    "status.html",
    "playground.html",
    "meanings.txt",
    "url_checker.txt",
    "compare.html",
    "compare.txt",
    "compare_index.html",
    "compare_index.txt",
    "cheat.html",
    "cheat.txt",
    "quiz.html",
    "quiz.txt",
    "quiz_play.html",
    "snippets/express.js",
    "snippets/node-http.js",
    "snippets/flask.py",
    "snippets/go-net-http.go",
);

/// A template failed to render: a bug in a template or its data, found by the tests.
#[derive(Debug, thiserror::Error)]
#[error("template {template}: {source}")]
pub struct RenderError {
    template: String,
    #[source]
    source: minijinja::Error,
}

/// The template environment.
pub struct Renderer {
    env: Environment<'static>,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Renderer")
    }
}

impl Renderer {
    /// Loads every template and registers the filters.
    pub fn new() -> Result<Renderer, RenderError> {
        let mut env = Environment::new();
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_keep_trailing_newline(true);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") {
                minijinja::AutoEscape::Html
            } else {
                minijinja::AutoEscape::None
            }
        });
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        // minijinja's HTML escaping also escapes `/`, which turns every path into `&#x2f;…`;
        // escape only what HTML needs.
        env.set_formatter(|out, state, value| {
            let plain = !value.is_safe() && !value.is_undefined() && !value.is_none();
            if plain && matches!(state.auto_escape(), minijinja::AutoEscape::Html) {
                out.write_str(&escape_html(&value.to_string()))
                    .map_err(|e| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, e.to_string()))
            } else {
                minijinja::escape_formatter(out, state, value)
            }
        });
        for (name, source) in TEMPLATES {
            env.add_template(name, source).map_err(|source| RenderError {
                template: name.to_string(),
                source,
            })?;
        }
        env.add_filter("prose", prose);
        env.add_filter("inline", inline);
        env.add_filter("wrap", wrap);
        env.add_filter("pad", pad);
        env.add_filter("bullet", bullet);
        env.add_filter("js_string", js_string);
        env.add_filter("py_string", py_string);
        env.add_filter("go_string", go_string);
        Ok(Renderer { env })
    }

    /// Makes a value available to every template.
    pub fn add_global(&mut self, name: &'static str, value: impl Serialize) {
        self.env.add_global(name, Value::from_serialize(value));
    }

    /// Renders one template with a serializable context.
    pub fn render(&self, template: &str, ctx: impl Serialize) -> Result<String, RenderError> {
        let err = |source| RenderError {
            template: template.to_string(),
            source,
        };
        self.env.get_template(template).map_err(err)?.render(ctx).map_err(err)
    }
}

/// Escapes text for HTML (and SVG) content and attribute values.
pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text and renders `backticked` spans as `<code>`.
fn inline_html(s: &str) -> String {
    let mut out = String::new();
    for (i, part) in s.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str("<code>");
            out.push_str(&escape_html(part));
            out.push_str("</code>");
        } else {
            out.push_str(&escape_html(part));
        }
    }
    out
}

/// Content prose to HTML paragraphs.
fn prose(value: String) -> Value {
    let html: String = value
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            format!(
                "<p>{}</p>",
                inline_html(&p.split_whitespace().collect::<Vec<_>>().join(" "))
            )
        })
        .collect();
    Value::from_safe_string(html)
}

/// One line of content prose to HTML.
fn inline(value: String) -> Value {
    Value::from_safe_string(inline_html(value.trim()))
}

/// Wraps prose to `width` columns with `indent` spaces, keeping paragraph breaks.
fn wrap(value: String, width: Option<usize>, indent: Option<usize>) -> String {
    crate::text::wrap(&value, width.unwrap_or(78), indent.unwrap_or(0))
}

/// A list item: `- ` then the text wrapped with a hanging indent.
fn bullet(value: String, width: Option<usize>, indent: Option<usize>) -> String {
    let indent = indent.unwrap_or(2);
    let wrapped = wrap(value, width.map(|w| w.saturating_sub(2)), Some(indent + 2));
    let mut out = String::new();
    for (i, line) in wrapped.lines().enumerate() {
        if i == 0 {
            out.push_str(&" ".repeat(indent));
            out.push_str("- ");
            out.push_str(line.trim_start());
        } else {
            out.push('\n');
            out.push_str(line);
        }
    }
    out
}

/// Left-justifies to `width` characters.
fn pad(value: Value, width: usize) -> String {
    format!("{:<width$}", value.to_string())
}

fn quoted(value: &Value, quote: char, escape_single: bool) -> String {
    let s = if value.kind() == ValueKind::String {
        value.as_str().unwrap_or("").to_string()
    } else {
        value.to_string()
    };
    let mut out = String::from(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '"' if quote == '"' => out.push_str("\\\""),
            '\'' if quote == '\'' || escape_single => out.push_str("\\'"),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// A JavaScript single-quoted string literal.
fn js_string(value: Value) -> String {
    quoted(&value, '\'', true)
}

/// A Python single-quoted string literal.
fn py_string(value: Value) -> String {
    quoted(&value, '\'', true)
}

/// A Go interpreted string literal.
fn go_string(value: Value) -> String {
    quoted(&value, '"', false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_escapes_and_marks_code() {
        assert_eq!(
            prose("A <b> & `x<y`\n\nsecond\nline".into()).to_string(),
            "<p>A &lt;b&gt; &amp; <code>x&lt;y</code></p><p>second line</p>"
        );
    }

    #[test]
    fn wrap_keeps_paragraphs() {
        assert_eq!(
            wrap("one two three\n\nfour".into(), Some(8), Some(2)),
            "  one\n  two\n  three\n\n  four"
        );
    }

    #[test]
    fn string_literals_escape() {
        assert_eq!(js_string(Value::from("it's \"x\"\n")), "'it\\'s \"x\"\\n'");
        assert_eq!(go_string(Value::from("say \"hi\"")), "\"say \\\"hi\\\"\"");
    }
}
