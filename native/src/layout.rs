//! A plain-text document cut into lines and units: the twin of `layout()` in
//! `dedup/text/layout.py` with `units()` of `dedup/text/structure.py` for the syntax
//! `text` (their docstrings say what each step is for). Markdown and reStructuredText
//! stay in Python.
pub mod lines;
pub mod scan;
pub mod width;

use crate::packed::packed;
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
    pub starts: Starts,
    /// Whether each line separates blocks.
    pub blank: Vec<bool>,
    pub spans: Vec<Span>,
}

/// Line starts in 4 bytes each when the text has fewer than 2^32 bytes (and so code
/// points), else in 8.
pub enum Starts {
    Narrow(Vec<u32>),
    Wide(Vec<i64>),
}

impl Starts {
    fn for_text(text: &str) -> Self {
        let capacity = text.len() / 32 + 2;
        if text.len() < u32::MAX as usize {
            Starts::Narrow(Vec::with_capacity(capacity))
        } else {
            Starts::Wide(Vec::with_capacity(capacity))
        }
    }

    fn push(&mut self, start: i64) {
        match self {
            Starts::Narrow(v) => v.push(start as u32), // below 2^32: the text is shorter
            Starts::Wide(v) => v.push(start),
        }
    }

    fn get(&self, k: usize) -> i64 {
        match self {
            Starts::Narrow(v) => i64::from(v[k]),
            Starts::Wide(v) => v[k],
        }
    }

    fn len(&self) -> usize {
        match self {
            Starts::Narrow(v) => v.len(),
            Starts::Wide(v) => v.len(),
        }
    }

    /// As native-endian bytes, 4 or 8 a start (Python tells which from their length:
    /// there is one start more than there are lines).
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        match self {
            Starts::Narrow(v) => packed(py, v, u32::to_ne_bytes),
            Starts::Wide(v) => packed(py, v, i64::to_ne_bytes),
        }
    }
}

/// `layout(text, unit, width, "text")`.
///
/// Each line's start and whether it separates blocks are kept (5 bytes a line), but
/// not the lines themselves: those of a block are cut again when it is looked at (a
/// file of millions of empty lines held 16 more bytes a line in a list of them).
pub fn layout(text: &str, unit: Unit, width: i64) -> Cut {
    let bytes = text.as_bytes();
    // The Python's gate, which is part of what it computes: an indented `.` line after
    // the first (after a newline) separates only if the text also has one of these
    // (`%`, "\n .", "\n\t.").
    let gate = bytes.contains(&b'%') || text.contains("\n .") || text.contains("\n\t.");
    let mut starts = Starts::for_text(text);
    let mut scan = Blocks::default();
    starts.push(0);
    let mut from = 0; // the byte where the line starts
    scan::newlines(text, |end, next| {
        scan.line(&text[from..end], from, gate);
        starts.push(next);
        from = end + 1;
    });
    if from < text.len() {
        // the last line, without a newline
        scan.line(&text[from..], from, gate);
        let last = starts.get(starts.len() - 1);
        starts.push(last + scan::code_points(&bytes[from..]) as i64);
    }
    let (blank, blocks) = scan.finish();
    let headings = lines::heading_levels(text);
    let mut spans = Vec::new();
    if unit == Unit::Paragraph {
        spans.extend(blocks.iter().map(|&(i, j, _, _)| (i, j, Kind::Prose)));
    } else {
        let (mut lines, mut found) = (Vec::new(), Vec::new());
        for &(i, _, start, end) in &blocks {
            lines.clear();
            lines.extend(text[start..end].split('\n'));
            found.clear();
            gap(&lines, 0, lines.len(), unit, width, headings, &mut found);
            spans.extend(found.iter().map(|&(a, b, kind)| (i + a, i + b, kind)));
        }
    }
    Cut { starts, blank, spans }
}

/// A block, a maximal run of lines that do not separate: `(first line, end line,
/// first byte, end byte)`, the end byte that of the last line's text, without its
/// newline.
type Block = (usize, usize, usize, usize);

/// The lines as they are read: whether each separates blocks, and the blocks.
#[derive(Default)]
struct Blocks {
    blank: Vec<bool>,
    blocks: Vec<Block>,
    open: Option<(usize, usize)>, // the block being read: its first line and byte
    end: usize,                   // where the last line's text ends
}

impl Blocks {
    /// The next line, starting at byte `from`.
    fn line(&mut self, line: &str, from: usize, gate: bool) {
        let k = self.blank.len();
        let separates = is_blank(line) || (gate && lines::separator(line));
        self.blank.push(separates);
        match (separates, self.open) {
            (true, Some((first, start))) => {
                self.blocks.push((first, k, start, self.end));
                self.open = None;
            }
            (false, None) => self.open = Some((k, from)),
            _ => {}
        }
        self.end = from + line.len();
    }

    fn finish(mut self) -> (Vec<bool>, Vec<Block>) {
        if let Some((first, start)) = self.open {
            self.blocks.push((first, self.blank.len(), start, self.end));
        }
        (self.blank, self.blocks)
    }
}

/// One block of `_gap`: only a block with a sign of structure is looked at line by
/// line; `headings`: whether Markdown headings are read.
fn gap(lines: &[&str], i: usize, j: usize, unit: Unit, width: i64, headings: bool, out: &mut Vec<Span>) {
    if j - i == 1 {
        if lines::item(lines[i]).is_some() {
            out.push((i, j, if unit == Unit::Line { Kind::Line } else { Kind::Item }));
        } else if headings && lines::atx(lines[i]) {
            out.push((i, j, if unit == Unit::Line { Kind::Line } else { Kind::Heading }));
        } else {
            plain(lines, i, j, unit, width, out);
        }
    } else if lines[i..j].iter().any(|line| signs(line)) {
        block(lines, i, j, unit, width, headings, out);
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
fn block(lines: &[&str], i: usize, j: usize, unit: Unit, width: i64, headings: bool, out: &mut Vec<Span>) {
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
    let mut top = i; // the block's first line, or the first after a heading in it
    while k < j {
        if headings && lines::atx(lines[k]) {
            plain(lines, pending, k, unit, width, out);
            out.push((k, k + 1, if unit == Unit::Line { Kind::Line } else { Kind::Heading }));
            k += 1;
            pending = k;
            top = k;
            continue;
        }
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
        let item = if k == top || markers >= 2 {
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
    packed(py, &starts, i64::to_ne_bytes).map(Some)
}

/// `layout(text, unit, width)` for plain text, or None for a text with lone surrogates
/// (not UTF-8: the Python engine cuts it). Returns `(starts, blank, spans, kinds)`:
/// `starts` the native-endian bytes of the line starts (4 or 8 a start: `Starts::to_py`),
/// `blank` a bytes object, 1 for a blank line and 0 for another, `spans` the native-endian bytes of an `array('q')` of
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
        fields.extend([first as i64, last as i64, cut.starts.get(first), cut.starts.get(last)]);
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
    // a byte a line (1 for blank): millions of lines of a blank-heavy file weighed 8
    // bytes each as a list of bools
    let blank = PyBytes::new_with(py, cut.blank.len(), |bytes| {
        bytes
            .iter_mut()
            .zip(&cut.blank)
            .for_each(|(b, &blank)| *b = u8::from(blank));
        Ok(())
    })?;
    let parts = [
        cut.starts.to_py(py)?.into_any(),
        blank.into_any(),
        packed(py, &fields, i64::to_ne_bytes)?.into_any(),
        kinds.into_any(),
    ];
    PyTuple::new(py, parts)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(py_layout, m)?)?;
    m.add_function(wrap_pyfunction!(py_line_starts, m)?)?;
    width::register(m)
}
