//! Reading a Python str as UTF-8 without leaving a copy behind.
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PySlice, PyString};

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

/// Code points a window of [`with_utf8_windows`] holds: up to 4 MB of UTF-8.
const WINDOW: usize = 1 << 20;

/// `each(offset, window)` over `text`'s UTF-8, window after window (`offset` is the
/// window's first code point); false for a str with a lone surrogate (the windows
/// before it were read). An ASCII str is read in place, in one window; any other is
/// encoded a window at a time, for a reader that needs no more: a whole text's UTF-8
/// would weigh half as much as a str of two-byte characters once more.
pub fn with_utf8_windows(text: &Bound<'_, PyString>, mut each: impl FnMut(usize, &str)) -> PyResult<bool> {
    if text.call_method0(pyo3::intern!(text.py(), "isascii"))?.is_truthy()? {
        return Ok(text.to_str().map(|raw| each(0, raw)).is_ok());
    }
    let length = text.len()?;
    let mut start = 0;
    while start < length {
        let end = length.min(start + WINDOW);
        let window = text.get_item(PySlice::new(text.py(), start as isize, end as isize, 1))?;
        let Ok(bytes) = window.cast_into::<PyString>()?.encode_utf8() else {
            return Ok(false); // a lone surrogate
        };
        let Ok(raw) = std::str::from_utf8(bytes.as_bytes()) else {
            return Ok(false);
        };
        each(start, raw);
        start = end;
    }
    Ok(true)
}

/// Many strs read as UTF-8 the same way: `strs` borrows each ASCII str in place and
/// each other one from a bytes object this holds for as long as it lives.
pub struct Utf8Batch<'py> {
    /// None for an ASCII str (read in place); Some(None) for one with a lone surrogate.
    encoded: Vec<Option<Option<Bound<'py, PyBytes>>>>,
}

impl<'py> Utf8Batch<'py> {
    pub fn new(texts: &[Bound<'py, PyString>]) -> PyResult<Self> {
        let Some(first) = texts.first() else {
            return Ok(Utf8Batch { encoded: Vec::new() });
        };
        let isascii = pyo3::intern!(first.py(), "isascii");
        let encoded = texts
            .iter()
            .map(|t| {
                Ok(if t.call_method0(isascii)?.is_truthy()? {
                    None
                } else {
                    Some(t.encode_utf8().ok())
                })
            })
            .collect::<PyResult<_>>()?;
        Ok(Utf8Batch { encoded })
    }

    /// Each of `texts` (the ones this was made from) as UTF-8; None for a lone surrogate.
    pub fn strs<'a>(&'a self, texts: &'a [Bound<'py, PyString>]) -> Vec<Option<&'a str>> {
        texts
            .iter()
            .zip(&self.encoded)
            .map(|(text, encoded)| match encoded {
                None => text.to_str().ok(),
                Some(bytes) => bytes.as_ref().and_then(|b| std::str::from_utf8(b.as_bytes()).ok()),
            })
            .collect()
    }
}
