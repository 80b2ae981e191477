//! The per-unit structure marks of `dedup/text/heads.py`: `marker_level` (a `Files:`
//! field, a copyright notice, a one-line label, a function's description), `indent`
//! (`dedup/text/width.py`) and `tagged` (`crate::tags`), for every unit of a layout at
//! once. The regular expressions there are written out here as scanners, with
//! Python `re`'s classes: `\s` is `str.isspace` (SPACE), `\d` is `str.isdecimal`
//! (DECIMAL), `\w` is `str.isalnum` or `_` (ALNUM), and IGNORECASE on the ASCII letters
//! of `copyright` and `(c)` accepts what `re` accepts (for `i` also U+0130 and U+0131;
//! `tests/test_native_sections.py` checks every code point).
use crate::layout::scan::{self, splat, zeros};
use crate::layout::width;
use crate::tables::{self, has};
use crate::tags::{is_term, tagged};
use crate::utf8::Utf8Batch;
use pyo3::prelude::*;
use pyo3::types::PyString;
use std::cell::Cell;

pub const FILES_LEVEL: u8 = 7;
pub const COPYRIGHT_LEVEL: u8 = 8;
pub const TERM_LEVEL: u8 = 9;

pub(crate) fn is_space(c: char) -> bool {
    has(c, tables::SPACE)
}

/// re's `\w` (the two sides of `\b`).
pub(crate) fn is_word(c: char) -> bool {
    c == '_' || has(c, tables::ALNUM)
}

/// Whether `c` matches `letter`, one of `copyright`, under `re.IGNORECASE` (which takes
/// only the two ASCII cases for c, o, p, y, r, g, h and t; not so for every letter:
/// U+212A is a k, U+017F an s).
fn same_letter(c: char, letter: char) -> bool {
    c == letter || c == letter.to_ascii_uppercase() || (letter == 'i' && matches!(c, '\u{130}' | '\u{131}'))
}

/// Whether `s` starts with `word` (ASCII lowercase letters and punctuation), letters
/// matched as `re.IGNORECASE` matches them.
fn starts_with_folded(s: &[char], word: &str) -> bool {
    s.len() >= word.len()
        && word.chars().zip(s).all(|(w, &c)| {
            if w.is_ascii_alphabetic() {
                same_letter(c, w)
            } else {
                c == w
            }
        })
}

fn lstrip(s: &[char]) -> &[char] {
    let start = s.iter().position(|&c| !is_space(c)).unwrap_or(s.len());
    &s[start..]
}

fn strip(s: &[char]) -> &[char] {
    let s = lstrip(s);
    let end = s.iter().rposition(|&c| !is_space(c)).map_or(0, |k| k + 1);
    &s[..end]
}

/// `str.splitlines()`, line by line.
struct Lines<'a> {
    rest: &'a [char],
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a [char];

    fn next(&mut self) -> Option<&'a [char]> {
        let s = self.rest;
        if s.is_empty() {
            return None;
        }
        let Some(k) = s.iter().position(|&c| is_line_break(c)) else {
            self.rest = &[];
            return Some(s);
        };
        let end = if s[k] == '\r' && s.get(k + 1) == Some(&'\n') {
            k + 2
        } else {
            k + 1
        };
        self.rest = &s[end..];
        Some(&s[..k])
    }
}

fn lines(s: &[char]) -> Lines<'_> {
    Lines { rest: s }
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\x0b' | '\x0c' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// `_COPYRIGHT.match(s)`: `(?:copyright\b|©|\(c\) )`, IGNORECASE.
fn opens_with_copyright(s: &[char]) -> bool {
    (starts_with_folded(s, "copyright") && s.get(9).is_none_or(|&c| !is_word(c)))
        || s.first() == Some(&'\u{a9}')
        || starts_with_folded(s, "(c) ")
}

/// `_ANY_NOTICE.search(s)`: `copyright|©|\(c\)`, IGNORECASE.
fn has_notice_word(s: &[char]) -> bool {
    (0..s.len()).any(|k| match s[k] {
        '\u{a9}' => true,
        '(' => starts_with_folded(&s[k..], "(c)"),
        'c' | 'C' => starts_with_folded(&s[k..], "copyright"),
        _ => false,
    })
}

/// The length of the `\s*` at the start of `s`.
fn spaces(s: &[char]) -> usize {
    s.iter().take_while(|&&c| is_space(c)).count()
}

fn four_digits(s: &[char]) -> bool {
    s.len() >= 4 && s[..4].iter().all(|&c| has(c, tables::DECIMAL))
}

/// `_NOTICE.search(s)`: `copyright\s*(?:\(c\)|©|\d{4})|(?:©|\(c\))\s*\d{4}`, IGNORECASE.
fn has_notice(s: &[char]) -> bool {
    (0..s.len()).any(|k| {
        let rest = &s[k..];
        if starts_with_folded(rest, "copyright") {
            let after = &rest[9 + spaces(&rest[9..])..];
            if starts_with_folded(after, "(c)") || after.first() == Some(&'\u{a9}') || four_digits(after) {
                return true;
            }
        }
        let sign = if rest[0] == '\u{a9}' {
            1
        } else if starts_with_folded(rest, "(c)") {
            3
        } else {
            return false;
        };
        let after = &rest[sign..];
        four_digits(&after[spaces(after)..])
    })
}

/// `_LABEL.match(line)` of a stripped line (so its `\s*\Z` is its end):
/// `[^\s:]{0,60}[/*][^\s:]{0,60}:`, `\[[^\]\s]{1,12}\]` or `\(\d{1,3}[a-z]?\)[ \t][^\n]{1,60}`.
fn is_label_line(s: &[char]) -> bool {
    let n = s.len();
    // a path and a colon: a / or * with at most 60 others on either side of it
    if n >= 2 && s[n - 1] == ':' {
        let body = &s[..n - 1];
        if body.iter().all(|&c| c != ':' && !is_space(c))
            && body
                .iter()
                .enumerate()
                .any(|(k, &c)| matches!(c, '/' | '*') && k <= 60 && body.len() - 1 - k <= 60)
        {
            return true;
        }
    }
    // a bracketed tag
    if (3..=14).contains(&n) && s[0] == '[' && s[n - 1] == ']' && s[1..n - 1].iter().all(|&c| c != ']' && !is_space(c))
    {
        return true;
    }
    // a numbered title
    if s.first() == Some(&'(') {
        let digits = s[1..].iter().take_while(|&&c| has(c, tables::DECIMAL)).count();
        if !(1..=3).contains(&digits) {
            return false;
        }
        let mut k = 1 + digits;
        if s.get(k).is_some_and(char::is_ascii_lowercase) {
            k += 1;
        }
        if s.get(k) != Some(&')') || !matches!(s.get(k + 1), Some(' ' | '\t')) {
            return false;
        }
        let rest = &s[k + 2..];
        return (1..=60).contains(&rest.len()) && !rest.contains(&'\n');
    }
    false
}

/// `_label(text)`: up to eight lines, each a label.
fn is_label(text: &[char]) -> bool {
    let mut count = 0;
    for line in lines(text) {
        count += 1;
        if count > 8 || !is_label_line(strip(line)) {
            return false;
        }
    }
    true
}

/// False only if `text` (left-stripped) holds no notice and is no label, in one pass
/// eight bytes at a time (only a word with a sign of either is looked at byte by byte).
///
/// A notice (`_ANY_NOTICE`, all `_COPYRIGHT` and `_NOTICE` match) holds `©`, `(c` or
/// `copyr` in any case, as ASCII bytes (`re` takes no other code point for these
/// letters). A label's first line, stripped, ends with `:` or `]`, or opens with `(`,
/// and an empty text is one.
fn may_mark(text: &str) -> bool {
    let bytes = text.as_bytes();
    let notice = |k: usize| match bytes[k..] {
        [0xc2, 0xa9, ..] | [b'(', b'c' | b'C', ..] => true,
        [b'c' | b'C', b'o' | b'O', ref rest @ ..] => rest.get(..3).is_some_and(|r| r.eq_ignore_ascii_case(b"pyr")),
        _ => false,
    };
    let breaks = |k: usize| {
        matches!(
            bytes[k..],
            [b'\n' | b'\r' | b'\x0b' | b'\x0c' | b'\x1c' | b'\x1d' | b'\x1e', ..]
                | [0xc2, 0x85, ..]
                | [0xe2, 0x80, 0xa8 | 0xa9, ..]
        )
    };
    // `(` then `c`, `c` then `o`, in either case, or the bytes of `©`; and until the
    // first line's end is found, a control character (each line break of
    // `str.splitlines` but three is one) or the first byte of U+0085, U+2028, U+2029
    let end = Cell::new(None);
    let c = |w: u64| zeros((w | splat(0x20)) ^ splat(b'c'));
    let mask = |w: u64, next: u64| {
        let signs = (zeros(w ^ splat(b'(')) & c(next))
            | (c(w) & zeros((next | splat(0x20)) ^ splat(b'o')))
            | (zeros(w ^ splat(0xc2)) & zeros(next ^ splat(0xa9)));
        match end.get() {
            Some(_) => signs,
            None => signs | zeros(w & splat(0xe0)) | zeros(w ^ splat(0xc2)) | zeros(w ^ splat(0xe2)),
        }
    };
    let found = |k: usize| {
        if end.get().is_none() && breaks(k) {
            end.set(Some(k));
        }
        notice(k)
    };
    if scan::find(bytes, 0, mask, found).is_some() {
        return true;
    }
    let first = width::rstrip(&text[..end.get().unwrap_or(bytes.len())]);
    first.is_empty() || first.ends_with([':', ']']) || first.starts_with('(')
}

/// `_rule(line)`: only ASCII punctuation and spaces.
fn is_rule(mut line: impl Iterator<Item = char>) -> bool {
    line.all(|c| c.is_ascii() && !c.is_ascii_alphanumeric())
}

/// `_past_rules(text)`: `text` from its first line that holds more than ASCII
/// punctuation and spaces (a delimiter line over a unit's first words).
fn past_rules(mut text: &str) -> &str {
    while let Some((line, rest)) = text.split_once('\n') {
        if !is_rule(line.chars()) || width::lstrip(rest).is_empty() {
            break;
        }
        text = width::lstrip(rest);
    }
    text
}

/// `marker_level(raw)`: 7, 8, 9 or None.
pub fn marker_level(raw: &str) -> Option<u8> {
    let text = past_rules(width::lstrip(raw));
    if text.starts_with("Files:") || text.starts_with("File:") {
        return Some(FILES_LEVEL);
    }
    if !may_mark(text) {
        // most units: no need to read them as code points for a notice or a label
        return is_term(text).then_some(TERM_LEVEL);
    }
    let chars: Vec<char> = text.chars().collect();
    if opens_with_copyright(&chars) {
        return Some(COPYRIGHT_LEVEL);
    }
    if has_notice_word(&chars) {
        let first = lines(&chars).next().unwrap_or(&[]);
        let short = lines(&chars)
            .filter(|line| !is_rule(line.iter().copied()))
            .nth(3)
            .is_none();
        if has_notice(first) || (short && lines(&chars).any(|line| opens_with_copyright(lstrip(line)))) {
            return Some(COPYRIGHT_LEVEL);
        }
    }
    if is_label(&chars) {
        return Some(FILES_LEVEL);
    }
    is_term(text).then_some(TERM_LEVEL)
}

/// `indent(raw)`: the columns of the leading spaces and tabs (a tab to the next multiple of 8).
pub fn indent(raw: &str) -> usize {
    let mut column = 0;
    for c in raw.chars() {
        match c {
            ' ' => column += 1,
            '\t' => column += 8 - column % 8,
            _ => break,
        }
    }
    column
}

/// `parents(indents)`: each unit's nearest unit before it that is less indented, or -1.
pub fn parents(indents: &[i64]) -> Vec<i64> {
    let mut found = Vec::with_capacity(indents.len());
    let mut stack: Vec<usize> = Vec::new(); // units whose indents increase: the open ancestors
    for (k, &width) in indents.iter().enumerate() {
        while stack.last().is_some_and(|&top| indents[top] >= width) {
            stack.pop();
        }
        found.push(stack.last().map_or(-1, |&top| top as i64));
        stack.push(k);
    }
    found
}

#[pyfunction(name = "parents")]
fn py_parents(py: Python<'_>, indents: Vec<i64>) -> Vec<i64> {
    py.detach(|| parents(&indents))
}

/// A unit's marks, what `dedup.text.heads.unit_marks` gives of it: its
/// `marker_level`, its `indent` and whether it is `tagged`.
pub fn unit_mark(raw: &str) -> (Option<u8>, usize, bool) {
    (marker_level(raw), indent(raw), tagged(raw))
}

/// Each unit's marker level and indent, and the units left to Python.
type Marks = (Vec<Option<u8>>, Vec<usize>, Vec<usize>, Vec<bool>);

/// `unit_marks(raws)`: each unit's `marker_level` and `indent`, the units left to
/// Python (a str with a lone surrogate has no UTF-8), whose entries are None, 0 and
/// false, and whether each unit is `tagged`.
#[pyfunction(name = "unit_marks")]
fn py_unit_marks(py: Python<'_>, raws: Vec<Bound<'_, PyString>>) -> PyResult<Marks> {
    let batch = Utf8Batch::new(&raws)?; // no UTF-8 copy left inside the units' text
    let texts = batch.strs(&raws);
    Ok(py.detach(|| {
        let mut marks = Vec::with_capacity(texts.len());
        let mut indents = Vec::with_capacity(texts.len());
        let mut unknown = Vec::new();
        let mut tags = Vec::with_capacity(texts.len());
        for (k, text) in texts.iter().enumerate() {
            if text.is_none() {
                unknown.push(k);
            }
            let (mark, width, tag) = text.map_or((None, 0, false), unit_mark);
            marks.push(mark);
            indents.push(width);
            tags.push(tag);
        }
        (marks, indents, unknown, tags)
    }))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(py_unit_marks, m)?)?;
    m.add_function(wrap_pyfunction!(py_parents, m)?)?;
    Ok(())
}
