//! How wide a line is: the twin of `dedup/text/width.py` (its docstrings say why).
//!
//! Lengths are Python's: code points. `str.strip()` and friends strip `tables::SPACE`
//! (`str.isspace`, which includes `\x1c`-`\x1f`); the `regex` module's `\s` in the
//! sentence end is `tables::RX_SPACE`; wide and zero-width are the `regex` properties
//! snapshotted in `charclasses.py` (`WIDE`, `ZERO`).
use crate::tables::{self, has};
use pyo3::prelude::*;

/// `str.isspace()` of one code point (and `re`'s `\s`).
#[inline]
pub fn is_space(c: char) -> bool {
    has(c, tables::SPACE)
}

/// `str.isspace()` of an ASCII byte (a byte of 128 or more is no character of its own).
#[inline]
pub fn is_ascii_space(b: u8) -> bool {
    b < 128 && tables::ASCII_FLAGS[b as usize] & tables::SPACE != 0
}

/// `s.rstrip()`: ASCII bytes tested as bytes, the table read from the first other one.
pub fn rstrip(s: &str) -> &str {
    let b = s.as_bytes();
    let mut end = b.len();
    while end > 0 && b[end - 1] < 128 {
        if !is_ascii_space(b[end - 1]) {
            return &s[..end];
        }
        end -= 1;
    }
    s[..end].trim_end_matches(is_space)
}

/// `s.lstrip()`, as `rstrip`.
pub fn lstrip(s: &str) -> &str {
    let b = s.as_bytes();
    let mut start = 0;
    while start < b.len() && b[start] < 128 {
        if !is_ascii_space(b[start]) {
            return &s[start..];
        }
        start += 1;
    }
    s[start..].trim_start_matches(is_space)
}

pub fn strip(s: &str) -> &str {
    rstrip(lstrip(s))
}

/// `not line or line.isspace()`.
#[inline]
pub fn is_blank(line: &str) -> bool {
    match line.as_bytes().first() {
        Some(&b) if b < 128 && !is_ascii_space(b) => false,
        _ => lstrip(line).is_empty(),
    }
}

/// `len(s)`: code points.
#[inline]
pub fn chars(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// Python's `a // b` for a positive `b`.
#[inline]
pub fn floor_div(a: i64, b: i64) -> i64 {
    a.div_euclid(b)
}

/// Code points, zero-width ones and wide ones of `s`.
fn counts(s: &str) -> (usize, usize, usize) {
    let (mut n, mut zero, mut wide) = (0, 0, 0);
    for c in s.chars() {
        let f = tables::flags(c);
        n += 1;
        zero += usize::from(f & tables::ZERO != 0);
        wide += usize::from(f & tables::WIDE != 0);
    }
    (n, zero, wide)
}

/// `display_width(line)`.
pub fn display_width(line: &str) -> usize {
    let line = rstrip(line);
    if line.is_ascii() {
        return line.len();
    }
    let (n, zero, wide) = counts(line);
    n - zero + wide
}

/// `wrap_width(line)`, its cheap cases included (they are part of what it computes).
pub fn wrap_width(line: &str) -> usize {
    let line = rstrip(line);
    if line.is_ascii() {
        return line.len();
    }
    let top = line.chars().max().unwrap_or('\0');
    if top < '\u{300}' && !line.contains('\u{ad}') {
        return line.chars().count();
    }
    let (n, zero, wide) = counts(line);
    let narrow = n - zero;
    if top < '\u{1100}' {
        return narrow;
    }
    if 2 * wide >= narrow {
        narrow
    } else {
        narrow + wide
    }
}

/// `fits(line, width)`: whether `wrap_width(line) <= width`.
pub fn fits(line: &str, width: i64) -> bool {
    let n = chars(line) as i64;
    if n <= width && (n * 2 <= width || line.is_ascii()) {
        return true;
    }
    wrap_width(line) as i64 <= width
}

/// `line_widths(lines, width)`: the widths of every line but the last, None if one is
/// over `width` and holds two words, or the block has no line of two words (a line of
/// one word over it, a URL, is how a wrapper leaves it). An ASCII line within `width` counts its whole length, trailing
/// whitespace included, as the Python does.
pub fn line_widths(lines: &[&str], width: i64) -> Option<Vec<i64>> {
    let mut widths = Vec::with_capacity(lines.len().saturating_sub(1));
    let mut worded: Option<bool> = None; // whether the block has a line of two words (read once)
    for line in &lines[..lines.len().saturating_sub(1)] {
        let w = if line.is_ascii() && line.len() as i64 <= width {
            line.len()
        } else {
            wrap_width(line)
        } as i64;
        if w > width {
            if several(line) {
                return None; // a wide line of words
            }
            if !*worded.get_or_insert_with(|| lines.iter().any(|l| several(l))) {
                return None; // long words, one a line
            }
        }
        widths.push(w);
    }
    Some(widths)
}

/// `_SENTENCE_END.search(line)`: `[。．！？!?][」』）)\]"”’]*\s*$` (regex's `\s`).
fn ends_sentence(line: &str) -> bool {
    let body = line.trim_end_matches(|c| has(c, tables::RX_SPACE));
    let body = body.trim_end_matches(['」', '』', '）', ')', ']', '"', '”', '’']);
    body.ends_with(['。', '．', '！', '？', '!', '?'])
}

/// `sentence_lines(lines)`.
pub fn sentence_lines(lines: &[&str]) -> bool {
    if lines.len() < 2 {
        return false;
    }
    for line in &lines[..lines.len() - 1] {
        if line.is_ascii() || !ends_sentence(line) {
            return false;
        }
        let (n, _, wide) = counts(strip(line));
        if 2 * wide < n {
            return false;
        }
    }
    true
}

/// `_several(line)`: whether a line holds two words or more.
fn several(line: &str) -> bool {
    lstrip(line).split(is_space).filter(|w| !w.is_empty()).nth(1).is_some()
}

/// `short_lines(lines, width, widths)`; `widths` as `line_widths` gives them, or None.
pub fn short_lines(lines: &[&str], width: i64, widths: Option<&[i64]>) -> bool {
    if lines.len() < 3 {
        return false;
    }
    let breaks = lines.len() - 1;
    let computed: Vec<i64>;
    let widths = match widths {
        Some(w) => w,
        None => {
            computed = lines[..breaks].iter().map(|l| wrap_width(l) as i64).collect();
            &computed
        }
    };
    let widest = widths.iter().copied().max().unwrap_or(0);
    if widest > floor_div(width, 2) {
        return false;
    }
    // A line of one word (a URL) may run past the width a wrapper filled the others to.
    let mut room = floor_div(width, 4);
    for k in 0..breaks {
        if several(lines[k]) {
            room = room.max(widths[k]);
        }
    }
    if several(lines[breaks]) {
        room = room.max(wrap_width(lines[breaks]) as i64);
    }
    let mut deliberate = 0;
    for k in 0..breaks {
        let word = lstrip(lines[k + 1]).split(is_space).next().unwrap_or("");
        deliberate += usize::from(widths[k] + 1 + wrap_width(word) as i64 <= room);
    }
    3 * deliberate >= 2 * breaks
}

#[pyfunction(name = "display_width")]
fn py_display_width(line: &str) -> usize {
    display_width(line)
}

#[pyfunction(name = "wrap_width")]
fn py_wrap_width(line: &str) -> usize {
    wrap_width(line)
}

#[pyfunction(name = "fits")]
fn py_fits(line: &str, width: i64) -> bool {
    fits(line, width)
}

#[pyfunction(name = "line_widths")]
fn py_line_widths(lines: Vec<String>, width: i64) -> Option<Vec<i64>> {
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    line_widths(&lines, width)
}

#[pyfunction(name = "sentence_lines")]
fn py_sentence_lines(lines: Vec<String>) -> bool {
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    sentence_lines(&lines)
}

#[pyfunction(name = "short_lines")]
#[pyo3(signature = (lines, width, widths = None))]
fn py_short_lines(lines: Vec<String>, width: i64, widths: Option<Vec<i64>>) -> bool {
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    short_lines(&lines, width, widths.as_deref())
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(py_display_width, m)?)?;
    m.add_function(wrap_pyfunction!(py_wrap_width, m)?)?;
    m.add_function(wrap_pyfunction!(py_fits, m)?)?;
    m.add_function(wrap_pyfunction!(py_line_widths, m)?)?;
    m.add_function(wrap_pyfunction!(py_sentence_lines, m)?)?;
    m.add_function(wrap_pyfunction!(py_short_lines, m)?)?;
    Ok(())
}
