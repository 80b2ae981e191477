//! The comparison form of a paragraph: the twin of `dedup/text/normalize.py`, step for
//! step (its docstrings say what each step is for).
use crate::tables::{self, has};
use crate::utf8::{with_utf8, Utf8Batch};
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// `fold(raw, keep_case=...)`; None when `raw` holds a code point this Python's Unicode
/// does not assign (the NFKC tables here may be newer: the Python engine decides).
///
/// Python's steps are whole-text passes, some only when the text holds something for
/// them; here they are one pass a character, which is the same: each step maps each
/// character alone, and a step's condition only skips a pass that would change
/// nothing (every Arabic mark and letter variant is in an Arabic block; the quotes,
/// dashes and digits mapped are not ASCII, but for the backtick, which the last step maps too).
pub fn fold(raw: &str, keep_case: bool) -> Option<String> {
    if raw.is_ascii() {
        let mut text = if keep_case {
            raw.to_string()
        } else {
            raw.to_ascii_lowercase()
        };
        if text.contains('`') {
            text = text.replace('`', "'");
        }
        return Some(text);
    }
    let mut before = String::new();
    let mut translated = false;
    for c in raw.chars() {
        if has(c, tables::UNASSIGNED) {
            return None;
        }
        if matches!(c, '\u{b4}' | '`' | '\u{2dd}') {
            translated = true;
        }
    }
    let raw = if translated {
        before.extend(raw.chars().map(|c| match c {
            '\u{b4}' | '`' => '\'',
            '\u{2dd}' => '"',
            _ => c,
        }));
        before.as_str()
    } else {
        raw
    };
    let composed: String;
    let normal = match is_nfkc_quick(raw.chars()) {
        IsNormalized::Yes => raw,
        _ => {
            composed = raw.nfkc().collect();
            composed.as_str()
        }
    };
    let mut out = String::with_capacity(normal.len() + 8);
    for c in normal.chars() {
        match tables::casefold(c).filter(|_| !keep_case) {
            Some(folded) => folded.chars().for_each(|f| push_folded(&mut out, f)),
            None => push_folded(&mut out, c),
        }
    }
    Some(out)
}

/// The kind a non-ASCII character of flags `f` has as a quotation mark: `'` for a
/// single one, `"` for any other, None for none (what `quote_kinds` makes of it).
#[inline]
pub fn quote_of(f: u32) -> Option<char> {
    if f & tables::SINGLE_QUOTE != 0 {
        Some('\'')
    } else if f & tables::QUOTE != 0 {
        Some('"')
    } else {
        None
    }
}

/// One character of the case-folded text, through the remaining steps.
#[inline]
fn push_folded(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(if c == '`' { '\'' } else { c });
        return;
    }
    let f = tables::flags(c);
    if f & tables::ARABIC_MARK != 0 {
        return;
    }
    if let Some(letter) = tables::arabic_letter(c).filter(|_| f & tables::ARABIC_BLOCK != 0) {
        out.push(letter); // a letter: no digit, quote or dash
    } else if f & tables::NON_ASCII_DIGIT != 0 {
        match tables::digit(c) {
            Some(v) => out.push((b'0' + v) as char),
            None => out.push(c),
        }
    } else if let Some(kind) = quote_of(f) {
        out.push(kind);
    } else if f & tables::DASH != 0 {
        out.push('-');
    } else {
        out.push(c);
    }
}

/// The numbers of a folded text: its ASCII digit runs without leading zeros.
pub fn numbers(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut k = 0;
    while k < bytes.len() {
        if bytes[k].is_ascii_digit() {
            let start = k;
            while k < bytes.len() && bytes[k].is_ascii_digit() {
                k += 1;
            }
            found.push(value(&text[start..k]));
        } else {
            k += 1;
        }
    }
    found
}

/// A run of digits as a number is compared: by value, without its leading zeros.
#[inline]
fn value(run: &str) -> &str {
    let digits = run.trim_start_matches('0');
    if digits.is_empty() {
        "0"
    } else {
        digits
    }
}

/// Whether an ASCII character is whitespace to `str.split()`: \t..\r, \x1c..\x1f, space.
#[inline]
fn ascii_space(b: u8) -> bool {
    b == b' ' || (b'\t'..=b'\r').contains(&b) || (0x1c..=0x1f).contains(&b)
}

/// `text` without whitespace and format characters.
pub fn squeeze(text: &str) -> String {
    if text.contains(['\x1c', '\x1d', '\x1e', '\x1f']) {
        return text.chars().filter(|&c| !has(c, tables::INVISIBLE)).collect();
    }
    if text.is_ascii() {
        return text.chars().filter(|&c| !ascii_space(c as u8)).collect();
    }
    let joined: String = text.chars().filter(|&c| !has(c, tables::SPACE)).collect();
    if joined.is_ascii() || !joined.chars().any(|c| has(c, tables::NONPRINT)) {
        return joined;
    }
    joined.chars().filter(|&c| !has(c, tables::FORMAT)).collect()
}

/// `" ".join(raw.split())`.
pub fn spaced(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let mut word = None; // where the word being read began
    let mut k = 0;
    while k < bytes.len() {
        let (space, width) = if bytes[k] < 0x80 {
            (ascii_space(bytes[k]), 1)
        } else {
            let c = raw[k..].chars().next().expect("a character starts here");
            (has(c, tables::SPACE), c.len_utf8())
        };
        match (space, word) {
            (true, Some(start)) => {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&raw[start..k]);
                word = None;
            }
            (false, None) => word = Some(k),
            _ => {}
        }
        k += width;
    }
    if let Some(start) = word {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&raw[start..]);
    }
    out
}

/// The size of a normal form: what it holds but punctuation, symbols and other.
pub fn size(text: &str) -> usize {
    if text.is_ascii() {
        return text.bytes().filter(u8::is_ascii_alphanumeric).count();
    }
    text.chars().filter(|&c| !has(c, tables::UNCOUNTED)).count()
}

/// A paragraph's normal form (the Python `Normal`).
#[derive(PartialEq, Eq, Hash)]
pub struct Normal {
    pub text: String,
    pub numbers: Vec<String>,
    pub spaced: String,
}

pub fn normalize(raw: &str) -> Option<Normal> {
    let (text, numbers) = match one_pass(raw) {
        Pass::Done(text, numbers) => (text, numbers),
        Pass::Unassigned => return None,
        Pass::Composes => {
            let folded = fold(raw, false)?;
            let numbers = numbers(&folded).into_iter().map(str::to_string).collect();
            (squeeze(&folded), numbers)
        }
    };
    Some(Normal {
        text,
        numbers,
        spaced: spaced(raw),
    })
}

enum Pass {
    Done(String, Vec<String>),
    /// A code point this Python does not assign: the Python engine decides.
    Unassigned,
    /// A character NFKC may change: the steps one after the other.
    Composes,
}

/// The folded text's digit runs, read as the text is written.
struct Numbers {
    found: Vec<String>,
    run: String,
}

impl Numbers {
    #[inline]
    fn digit(&mut self, d: u8) {
        self.run.push(d as char);
    }

    #[inline]
    fn end(&mut self) {
        if !self.run.is_empty() {
            self.found.push(value(&self.run).to_string());
            self.run.clear();
        }
    }
}

/// The form's text and numbers in one pass over `raw`, when every character is one
/// NFKC leaves alone (`NFKC_STABLE`), which is most text: fold, numbers and squeeze
/// are then each a map of one character at a time (see `fold`), done together. Its
/// twin is the three steps one after the other, which tests compare on every code
/// point.
fn one_pass(raw: &str) -> Pass {
    if raw.is_ascii() {
        return ascii_pass(raw);
    }
    let mut text = String::with_capacity(raw.len());
    let mut numbers = Numbers {
        found: Vec::new(),
        run: String::new(),
    };
    for c in raw.chars() {
        if c.is_ascii() {
            let b = c as u8;
            if b.is_ascii_digit() {
                numbers.digit(b);
                text.push(c);
                continue;
            }
            numbers.end();
            match b {
                b'\t'..=b'\r' | b' ' => {} // whitespace: squeezed out
                b'`' => text.push('\''),
                _ => text.push(b.to_ascii_lowercase() as char),
            }
            continue;
        }
        let f = tables::flags(c);
        if f & tables::UNASSIGNED != 0 {
            return Pass::Unassigned;
        }
        if matches!(c, '\u{b4}' | '\u{2dd}') {
            numbers.end(); // a spacing accent used as an apostrophe, before NFKC
            text.push(if c == '\u{b4}' { '\'' } else { '"' });
            continue;
        }
        if f & tables::NFKC_STABLE == 0 {
            return Pass::Composes;
        }
        match tables::casefold(c) {
            Some(folded) => folded.chars().for_each(|g| emit(&mut text, &mut numbers, g)),
            None => emit(&mut text, &mut numbers, c),
        }
    }
    numbers.end();
    Pass::Done(text, numbers.found)
}

/// `one_pass` of an ASCII text, a byte at a time.
fn ascii_pass(raw: &str) -> Pass {
    // Folding keeps ASCII digits where they are and makes nothing else one: the
    // numbers of the folded text are those of `raw`.
    let found = numbers(raw).into_iter().map(str::to_string).collect();
    let mut text = Vec::with_capacity(raw.len());
    for &b in raw.as_bytes() {
        match b {
            b'\t'..=b'\r' | b' ' => {} // whitespace: squeezed out
            b'`' => text.push(b'\''),
            _ => text.push(b.to_ascii_lowercase()),
        }
    }
    Pass::Done(String::from_utf8(text).expect("ASCII"), found)
}

/// One character of the case-folded text into the form: `push_folded`, then the
/// digit runs and the squeeze (whitespace and format characters go).
#[inline]
fn emit(text: &mut String, numbers: &mut Numbers, c: char) {
    let start = text.len();
    push_folded(text, c);
    match &text.as_bytes()[start..] {
        [] => {} // an Arabic mark: not in the folded text at all
        [d] if d.is_ascii_digit() => numbers.digit(*d),
        _ => {
            numbers.end();
            let pushed = text[start..].chars().next().map_or(0, tables::flags);
            if pushed & tables::INVISIBLE != 0 {
                text.truncate(start);
            }
        }
    }
}

/// `normal_text(raw)`: a whole document's normal text, line by line.
pub fn normal_text(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len());
    for line in raw.split('\n') {
        out.push_str(&squeeze(&fold(line, false)?));
    }
    Some(out)
}

#[pyfunction(name = "normalize_many")]
fn py_normalize_many<'py>(
    py: Python<'py>,
    raws: Vec<Bound<'py, PyString>>,
) -> PyResult<Vec<Option<Bound<'py, PyTuple>>>> {
    // A str with a lone surrogate has no UTF-8: None, and Python normalises it. Read
    // without leaving a UTF-8 copy inside each (the units live through the run).
    let batch = Utf8Batch::new(&raws)?;
    let texts: Vec<Option<&str>> = batch.strs(&raws);
    let forms: Vec<Option<Normal>> = py.detach(|| texts.iter().map(|raw| raw.and_then(normalize)).collect());
    forms
        .into_iter()
        .zip(texts.iter().zip(&raws))
        .map(|(form, (text, raw))| form.map(|n| normal_to_py(py, &n, text.map(|t| (t, raw)))).transpose())
        .collect()
}

/// A form as the fields of a Python `Normal`: `(text, numbers, spaced)`. Given the
/// paragraph it is the form of (its UTF-8 and its str), `spaced` is that str itself
/// when they are equal (a line with single spaces, the commonest paragraph): one
/// string where there were two copies of the text.
pub fn normal_to_py<'py>(
    py: Python<'py>,
    n: &Normal,
    raw: Option<(&str, &Bound<'py, PyString>)>,
) -> PyResult<Bound<'py, PyTuple>> {
    let numbers = PyTuple::new(py, &n.numbers)?;
    let spaced = match raw {
        Some((utf8, object)) if utf8 == n.spaced => object.clone(),
        _ => PyString::new(py, &n.spaced),
    };
    let text = PyString::new(py, &n.text);
    PyTuple::new(py, [text.into_any(), numbers.into_any(), spaced.into_any()])
}

#[pyfunction(name = "fold")]
#[pyo3(signature = (raw, keep_case = false))]
fn py_fold(raw: &str, keep_case: bool) -> Option<String> {
    fold(raw, keep_case)
}

#[pyfunction(name = "nfkc")]
fn py_nfkc(raw: &str) -> String {
    raw.nfkc().collect()
}

/// `size(text)`; None for a str with a lone surrogate (no UTF-8: Python sizes it).
#[pyfunction(name = "size")]
fn py_size(text: &Bound<'_, PyString>) -> PyResult<Option<usize>> {
    with_utf8(text, size)
}

#[pyfunction(name = "squeeze")]
fn py_squeeze(text: &str) -> String {
    squeeze(text)
}

#[pyfunction(name = "normal_text")]
fn py_normal_text(py: Python<'_>, raw: &Bound<'_, PyString>) -> PyResult<Option<String>> {
    // None for a lone surrogate: Python decides
    Ok(with_utf8(raw, |raw| py.detach(|| normal_text(raw)))?.flatten())
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let (major, minor, micro) = unicode_normalization::UNICODE_VERSION;
    m.add("NFKC_UNICODE_VERSION", format!("{major}.{minor}.{micro}"))?;
    m.add_function(wrap_pyfunction!(py_normalize_many, m)?)?;
    m.add_function(wrap_pyfunction!(py_fold, m)?)?;
    m.add_function(wrap_pyfunction!(py_nfkc, m)?)?;
    m.add_function(wrap_pyfunction!(py_size, m)?)?;
    m.add_function(wrap_pyfunction!(py_squeeze, m)?)?;
    m.add_function(wrap_pyfunction!(py_normal_text, m)?)?;
    Ok(())
}
