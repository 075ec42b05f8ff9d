//! Turning a TOML parse error into the field it is about and a message with its line, so a syntax
//! error is reported like any other broken rule.

/// The field a TOML error is about, and the message with its line: serde names the field in
/// backticks ("missing field `name`"); otherwise the key on the line the error points at.
pub(crate) fn toml_problem(text: &str, e: &toml::de::Error) -> (String, String) {
    let msg = e.message().trim().to_string();
    if let Some(field) = named_field(&msg) {
        return (field.to_string(), msg);
    }
    let Some(span) = e.span() else { return ("-".into(), msg) };
    let line_no = text[..span.start.min(text.len())].matches('\n').count() + 1;
    let line = text.lines().nth(line_no - 1).unwrap_or("");
    let key = line
        .split_once('=')
        .map(|(k, _)| k.trim())
        .filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c)))
        .unwrap_or("-");
    (key.to_string(), format!("{msg} (line {line_no})"))
}

/// The field a serde message names in backticks: "missing field `name`", "unknown field `x`".
pub(crate) fn named_field(msg: &str) -> Option<&str> {
    [
        "missing field `",
        "unknown field `",
        "duplicate field `",
        "duplicate key `",
    ]
    .iter()
    .find_map(|prefix| msg.strip_prefix(prefix))
    .and_then(|rest| rest.split('`').next())
}
