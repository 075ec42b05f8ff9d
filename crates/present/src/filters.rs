//! Template filters: content prose to HTML or terminal text, and string literals for the
//! snippet templates.

use minijinja::{Value, value::ValueKind};

/// Escapes text for HTML (and SVG) content and attribute values.
pub fn escape_html(s: &str) -> String {
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
pub(crate) fn prose(value: String) -> Value {
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
pub(crate) fn inline(value: String) -> Value {
    Value::from_safe_string(inline_html(value.trim()))
}

/// Wraps prose to `width` columns with `indent` spaces, keeping paragraph breaks.
pub(crate) fn wrap(value: String, width: Option<usize>, indent: Option<usize>) -> String {
    crate::text::wrap(&value, width.unwrap_or(78), indent.unwrap_or(0))
}

/// A list item: `- ` then the text wrapped with a hanging indent.
pub(crate) fn bullet(value: String, width: Option<usize>, indent: Option<usize>) -> String {
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
pub(crate) fn pad(value: Value, width: usize) -> String {
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
pub(crate) fn js_string(value: Value) -> String {
    quoted(&value, '\'', true)
}

/// A Python single-quoted string literal.
pub(crate) fn py_string(value: Value) -> String {
    quoted(&value, '\'', true)
}

/// A Go interpreted string literal.
pub(crate) fn go_string(value: Value) -> String {
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
