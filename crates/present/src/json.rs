//! JSON as every representation sends it: pretty-printed, ending in a newline.

use crate::render::RenderError;
use serde::Serialize;

/// `value` as pretty JSON with a final newline.
pub fn pretty<T: Serialize + ?Sized>(value: &T) -> Result<String, RenderError> {
    let mut s = serde_json::to_string_pretty(value).map_err(RenderError::Json)?;
    s.push('\n');
    Ok(s)
}
