//! What a worker tells the corpus memory of each paragraph: the twin of the
//! per-paragraph part of `dedup.corpus.summary.summarize` (positions in the original
//! through `dedup.text.engine.Origin`, sizes of the normal forms, and each
//! paragraph's `dedup.text.rewrite.edge`).
use crate::normalize::size;
use crate::utf8::with_utf8;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};

fn unpack(bytes: &[u8]) -> Vec<i64> {
    bytes
        .chunks_exact(8)
        .map(|c| i64::from_ne_bytes(c.try_into().unwrap()))
        .collect()
}

/// `bisect_right(values, x)`.
fn bisect_right(values: &[i64], x: i64) -> i64 {
    values.partition_point(|&v| v <= x) as i64
}

/// `Origin`: maps offsets of the cleaned text to the original's.
struct Origin {
    kept: Vec<(i64, i64)>,
    starts: Vec<i64>,
}

impl Origin {
    fn new(kept: Vec<(i64, i64)>) -> Self {
        let mut starts = vec![0];
        for &(a, b) in &kept {
            starts.push(starts.last().unwrap() + b - a);
        }
        starts.pop();
        if starts.is_empty() {
            starts.push(0);
        }
        Origin { kept, starts }
    }

    fn at(&self, offset: i64) -> i64 {
        let k = (bisect_right(&self.starts, offset) - 1) as usize;
        if k >= self.kept.len() {
            return self.kept.last().map_or(0, |&(_, end)| end);
        }
        self.kept[k].0 + offset - self.starts[k]
    }

    fn end(&self, offset: i64) -> i64 {
        if offset == 0 {
            0
        } else {
            self.at(offset - 1) + 1
        }
    }
}

type Position = (i64, i64, i64, i64);
type Edge = (i64, i64, i64, bool);

/// Each paragraph's position, its size, and the edges of its removal span.
type Parts = (Vec<Position>, Vec<usize>, Vec<Edge>);

/// `(positions, sizes, edges)` of `summarize`: `kept` is the `Origin`'s, `original`
/// the original's line starts and `starts` the cleaned layout's (array('q') bytes),
/// `blank` the layout's blank lines (a byte each), `paragraphs` the layout's `Paragraph`s, `texts` the normal texts. None when a text
/// has no UTF-8 (Python sums it up).
#[pyfunction(name = "summary_parts")]
fn py_summary_parts<'py>(
    kept: Vec<(i64, i64)>,
    original: &[u8],
    starts: &[u8],
    blank: &[u8],
    paragraphs: &Bound<'py, PyList>,
    texts: &Bound<'py, PyList>,
) -> PyResult<Option<Parts>> {
    let origin = Origin::new(kept);
    let (original, starts) = (unpack(original), unpack(starts));
    let mut positions = Vec::with_capacity(paragraphs.len());
    let mut edges = Vec::with_capacity(paragraphs.len());
    for paragraph in paragraphs.iter() {
        let paragraph = paragraph.cast_into::<PyTuple>()?;
        let (first, last, start, end): (usize, usize, i64, i64) = paragraph.extract()?;
        let (a, b) = (origin.at(start), origin.end(end));
        positions.push((bisect_right(&original, a), bisect_right(&original, b - 1), a, b));
        let mut line = first;
        while line > 0 && blank[line - 1] != 0 {
            line -= 1;
        }
        edges.push((start, starts[line], end, last == blank.len() || blank[last] != 0));
    }
    let mut sizes = Vec::with_capacity(texts.len());
    for text in texts.iter() {
        // read without leaving a UTF-8 copy inside the str (the forms live on)
        let Some(weight) = with_utf8(&text.cast_into::<PyString>()?, size)? else {
            return Ok(None); // a lone surrogate
        };
        sizes.push(weight);
    }
    Ok(Some((positions, sizes, edges)))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(py_summary_parts, m)?)?;
    Ok(())
}
