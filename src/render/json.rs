//! JSON: the report model, pretty-printed, keys in English.

use serde::Serialize;

pub fn render<T: Serialize>(model: &T) -> serde_json::Result<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(model)?;
    out.push(b'\n');
    Ok(out)
}
