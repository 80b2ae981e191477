//! A plain-text document cut into lines and units: the twin of `layout()` in
//! `dedup/text/layout.py` with `units()` of `dedup/text/structure.py` for the syntax
//! `text` (their docstrings say what each step is for). Markdown and reStructuredText
//! stay in Python.
pub mod lines;
pub mod scan;
pub mod width;

use crate::utf8::{with_utf8, with_utf8_windows};
use lines::{has_box, starts_with_mark};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString, PyTuple};
use width::{chars, display_width, is_blank, is_space, line_widths, lstrip, sentence_lines, short_lines, strip};

/// The kinds of unit plain text has (`structure.KINDS`, in its order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Prose,
    Line,
    Short,
    Heading,
    Item,
    Table,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Auto,
    Paragraph,
    Line,
}

/// Lines `[first, last)` and the unit's kind.
pub type Span = (usize, usize, Kind);

pub struct Cut {
    /// Where each line starts, in code points, and where the text ends.
    pub starts: Vec<i64>,
    /// Whether each line separates blocks.
    pub blank: Vec<bool>,
    pub spans: Vec<Span>,
}

/// `layout(text, unit, width, "text")`.
pub fn layout(text: &str, unit: Unit, width: i64) -> Cut {
    let mut lines: Vec<&str> = Vec::with_capacity(text.len() / 32 + 1);
    let mut starts = Vec::with_capacity(text.len() / 32 + 2);
    let mut blank = Vec::with_capacity(text.len() / 32 + 1);
    // The Python's gate, which is part of what it computes: an indented `.` first
    // line separates only if the text also has one of these (`%`, "\n .", "\n\t.").
    let mut gate = text.as_bytes().contains(&b'%');
    starts.push(0);
    let mut from = 0; // the byte where the line starts
    scan::newlines(text, |end, next| {
        let line = &text[from..end];
        gate |= from > 0 && matches!(line.as_bytes(), [b' ' | b'\t', b'.', ..]);
        lines.push(line);
        blank.push(is_blank(line));
        starts.push(next);
        from = end + 1;
    });
    if from < text.len() {
        // the last line, without a newline
        let line = &text[from..];
        gate |= from > 0 && matches!(line.as_bytes(), [b' ' | b'\t', b'.', ..]);
        lines.push(line);
        blank.push(is_blank(line));
        let last = starts[starts.len() - 1];
        starts.push(last + scan::code_points(line.as_bytes()) as i64);
    }
    if gate {
        for (k, line) in lines.iter().enumerate() {
            if lines::separator(line) {
                blank[k] = true;
            }
        }
    }
    let mut spans = Vec::new();
    if unit == Unit::Paragraph {
        spans.extend(blocks(&blank, 0, lines.len()).map(|(i, j)| (i, j, Kind::Prose)));
    } else {
        for (i, j) in blocks(&blank, 0, lines.len()) {
            gap(&lines, i, j, unit, width, &mut spans);
        }
    }
    Cut { starts, blank, spans }
}

/// `_blocks`: the maximal runs of lines `[i, end)` that do not separate.
fn blocks(blank: &[bool], mut i: usize, end: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    std::iter::from_fn(move || {
        while i < end && blank[i] {
            i += 1;
        }
        if i >= end {
            return None;
        }
        let first = i;
        while i < end && !blank[i] {
            i += 1;
        }
        Some((first, i))
    })
}

/// One block of `_gap`: only a block with a sign of structure is looked at line by line.
fn gap(lines: &[&str], i: usize, j: usize, unit: Unit, width: i64, out: &mut Vec<Span>) {
    if j - i == 1 {
        if lines::item(lines[i]).is_some() {
            out.push((i, j, if unit == Unit::Line { Kind::Line } else { Kind::Item }));
        } else {
            plain(lines, i, j, unit, width, out);
        }
    } else if lines[i..j].iter().any(|line| signs(line)) {
        block(lines, i, j, unit, width, out);
    } else {
        plain(lines, i, j, unit, width, out);
    }
}

/// A pipe, two spaces, a tab, box drawing, or a head like a bullet, number or underline.
fn signs(line: &str) -> bool {
    if starts_with_mark(line) {
        return true;
    }
    let b = line.as_bytes();
    let pairs = b.iter().zip(b.iter().skip(1));
    let inner = pairs.fold(false, |found, (&x, &y)| {
        found | (x == b' ' && y == b' ') | (y == b'|') | (y == b'\t')
    });
    // the first byte is no `|` or tab: it would be no mark, but `starts_with_mark` holds tabs
    inner || b.first() == Some(&b'|') || has_box(line)
}

fn each(first: usize, last: usize, kind: Kind, out: &mut Vec<Span>) {
    out.extend((first..last).map(|k| (k, k + 1, kind)));
}

/// `_plain`: lines `[i, j)` with no structure.
fn plain(lines: &[&str], i: usize, j: usize, unit: Unit, width: i64, out: &mut Vec<Span>) {
    if i == j {
        return;
    }
    if unit == Unit::Line {
        return each(i, j, Kind::Line, out);
    }
    if j - i == 1 {
        return out.push((i, j, Kind::Prose));
    }
    let block = &lines[i..j];
    match line_widths(block, width) {
        None => each(i, j, Kind::Line, out),
        Some(_) if sentence_lines(block) => each(i, j, Kind::Line, out),
        Some(widths) if short_lines(block, width, Some(&widths)) => each(i, j, Kind::Short, out),
        Some(_) => out.push((i, j, Kind::Prose)),
    }
}

/// `_block`: a block that may hold tables, headings and items.
fn block(lines: &[&str], i: usize, j: usize, unit: Unit, width: i64, out: &mut Vec<Span>) {
    let n = j - i;
    let mut ruled = Vec::with_capacity(n);
    let mut columns = Vec::new(); // every line's, one after another
    let mut bounds = Vec::with_capacity(n + 1); // line k's are columns[bounds[k]..bounds[k + 1]]
    let mut rule = Vec::with_capacity(n);
    bounds.push(0);
    let mut markers = 0;
    for line in &lines[i..j] {
        let body = lstrip(line);
        let mut head = line.chars().next();
        if matches!(head, Some(' ' | '\t')) {
            head = body.chars().next();
        }
        markers += usize::from(body.starts_with(lines::MARKS) && lines::item(line).is_some());
        // a pipe at the head, or two
        let bars = line
            .find('|')
            .is_some_and(|at| head == Some('|') || line[at + 1..].contains('|'));
        ruled.push(bars || has_box(line) || (head == Some('+') && lines::grid(line)));
        lines::columns(line, &mut columns);
        bounds.push(columns.len());
        rule.push(head.is_some_and(lines::rule_head) && lines::rule(line));
    }
    let cols = |k: usize| &columns[bounds[k]..bounds[k + 1]];
    let row: Vec<bool> = (0..n)
        .map(|k| {
            ruled[k]
                || (!cols(k).is_empty()
                    && ((k > 0 && lines::meet(cols(k), cols(k - 1)))
                        || (k + 1 < n && lines::meet(cols(k), cols(k + 1)))))
        })
        .collect();
    let mut pending = i; // the first line not yet cut
    let mut checked = 0; // rows and rules before this (block) line are no table
    let mut k = i;
    while k < j {
        let r = k - i;
        if (row[r] || rule[r]) && r >= checked {
            let (mut m, mut rows) = (r, 0);
            while m < n && (row[m] || rule[m]) {
                rows += usize::from(row[m]);
                m += 1;
            }
            checked = m;
            if rows >= 2 {
                plain(lines, pending, k, unit, width, out);
                out.push((k, i + m, Kind::Table));
                k = i + m;
                pending = k;
                continue;
            }
        }
        if k + 1 < j && !rule[r] && !row[r] && lines::underline(lines[k + 1]) {
            let w = display_width(strip(lines[k])) as i64;
            let under = chars(strip(lines[k + 1])) as i64;
            if 2 * under >= w && 2 * under <= 3 * w + 4 {
                plain(lines, pending, k, unit, width, out);
                if unit == Unit::Line {
                    each(k, k + 2, Kind::Line, out);
                } else {
                    out.push((k, k + 2, Kind::Heading));
                }
                k += 2;
                pending = k;
                continue;
            }
        }
        let item = if k == i || markers >= 2 {
            lines::item(lines[k])
        } else {
            None
        };
        if let Some(indent) = item {
            plain(lines, pending, k, unit, width, out);
            let mut m = k + 1;
            while m < j
                && !row[m - i]
                && lines::item(lines[m]).is_none()
                && lines[m].chars().take_while(|&c| is_space(c)).count() > indent
            {
                m += 1;
            }
            if unit == Unit::Line {
                each(k, m, Kind::Line, out);
            } else {
                out.push((k, m, Kind::Item));
            }
            k = m;
            pending = m;
            continue;
        }
        k += 1;
    }
    plain(lines, pending, j, unit, width, out);
}

/// The native-endian bytes of an `array('q')` of `values`, written in place.
fn packed<'py>(py: Python<'py>, values: &[i64]) -> PyResult<Bound<'py, PyBytes>> {
    PyBytes::new_with(py, 8 * values.len(), |bytes| {
        for (at, value) in bytes.chunks_exact_mut(8).zip(values) {
            at.copy_from_slice(&value.to_ne_bytes());
        }
        Ok(())
    })
}

/// `line_starts(text, after_final_newline=...)`: where each line starts, in code
/// points, and where the text ends (after a final newline, only if asked), as the
/// native-endian bytes of the `array('q')`; None for a text with lone surrogates. Read
/// a window at a time: a str of two-byte characters is not encoded whole (it may be a
/// whole document, asked at a finding while the document's units are at hand).
#[pyfunction(name = "line_starts")]
fn py_line_starts<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyString>,
    after_final_newline: bool,
) -> PyResult<Option<Bound<'py, PyBytes>>> {
    let mut starts = vec![0];
    let mut last = None; // the text's last character
    let read = with_utf8_windows(text, |offset, raw| {
        scan::newlines(raw, |_, next| starts.push(offset as i64 + next));
        last = raw.chars().next_back().or(last);
    })?;
    if !read {
        return Ok(None);
    }
    if !after_final_newline && starts.len() > 1 && last == Some('\n') {
        starts.pop();
    }
    packed(py, &starts).map(Some)
}

/// `layout(text, unit, width)` for plain text, or None for a text with lone surrogates
/// (not UTF-8: the Python engine cuts it). Returns `(starts, blank, spans, kinds)`:
/// `starts` the native-endian bytes of the `array('q')` (one copy, `frombytes`),
/// `blank` a list of bools, `spans` the native-endian bytes of an `array('q')` of
/// `first, last, start, end` for each unit in turn, the fields of a `Paragraph` in its
/// order (Python makes the tuples: cheaper than building them here and copying each
/// into a `Paragraph`), `kinds` a list of the kinds' (shared) names.
#[pyfunction(name = "layout")]
fn py_layout<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyString>,
    unit: &str,
    width: i64,
) -> PyResult<Option<Bound<'py, PyTuple>>> {
    let unit = unit_named(unit);
    let Some(cut) = with_utf8(text, |raw| py.detach(|| layout(raw, unit, width)))? else {
        return Ok(None);
    };
    Ok(Some(cut_to_py(py, &cut)?))
}

/// `unit` as `layout()` names it (anything else is `auto`).
pub fn unit_named(unit: &str) -> Unit {
    match unit {
        "paragraph" => Unit::Paragraph,
        "line" => Unit::Line,
        _ => Unit::Auto,
    }
}

/// What `layout` returns for a cut (see it).
pub fn cut_to_py<'py>(py: Python<'py>, cut: &Cut) -> PyResult<Bound<'py, PyTuple>> {
    let mut fields = Vec::with_capacity(4 * cut.spans.len());
    for &(first, last, _) in &cut.spans {
        fields.extend([first as i64, last as i64, cut.starts[first], cut.starts[last]]);
    }
    let names = [
        pyo3::intern!(py, "prose"),
        pyo3::intern!(py, "line"),
        pyo3::intern!(py, "short"),
        pyo3::intern!(py, "heading"),
        pyo3::intern!(py, "item"),
        pyo3::intern!(py, "table"),
    ];
    let kinds = PyList::new(py, cut.spans.iter().map(|&(_, _, kind)| names[kind as usize]))?;
    let blank = PyList::new(py, &cut.blank)?;
    let parts = [
        packed(py, &cut.starts)?.into_any(),
        blank.into_any(),
        packed(py, &fields)?.into_any(),
        kinds.into_any(),
    ];
    PyTuple::new(py, parts)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(py_layout, m)?)?;
    m.add_function(wrap_pyfunction!(py_line_starts, m)?)?;
    width::register(m)
}
