//! Reading a Python str as UTF-8 without leaving a copy behind.
use pyo3::prelude::*;
use pyo3::types::PyString;

/// `f` of `text`'s UTF-8, or None for a str with a lone surrogate (it has none). An
/// ASCII str is read in place; any other is encoded into a bytes object that lives for
/// this call only: `to_str` would leave a UTF-8 copy cached inside the str for as long
/// as the str lives (a document's, through the whole run: one more time its size).
pub fn with_utf8<R>(text: &Bound<'_, PyString>, f: impl FnOnce(&str) -> R) -> PyResult<Option<R>> {
    if text.call_method0(pyo3::intern!(text.py(), "isascii"))?.is_truthy()? {
        return Ok(text.to_str().ok().map(f));
    }
    let Ok(bytes) = text.encode_utf8() else {
        return Ok(None); // a lone surrogate
    };
    Ok(std::str::from_utf8(bytes.as_bytes()).ok().map(f))
}
