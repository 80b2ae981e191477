//! A plain-text document cut into lines and units: the twin of `layout()` in
//! `dedup/text/layout.py` with `units()` of `dedup/text/structure.py` for the syntax
//! `text` (their docstrings say what each step is for). Markdown and reStructuredText
//! stay in Python.
mod blocks;
pub mod lines;
pub mod scan;
pub mod width;

use crate::packed::packed;
use crate::utf8::{with_utf8, with_utf8_windows};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString, PyTuple};
use width::is_blank;

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
            blocks::gap(&lines, 0, lines.len(), unit, width, headings, &mut found);
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
