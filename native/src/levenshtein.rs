//! The Levenshtein distance over code points with a cutoff: the twin of
//! `dedup.text.verify.distance` (rapidfuzz's `Levenshtein.distance` with `score_cutoff`).
//!
//! The work is the `rapidfuzz` crate's (the port of the library the Python engine
//! calls): it strips the common prefix and suffix, then uses mbleven for cutoffs under
//! 4 and Hyyrö's bit-parallel algorithm otherwise (one machine word for short strings,
//! a diagonal band of 64 cells, or blocks limited to Ukkonen's band), stopping as soon
//! as the cutoff is exceeded.
use crate::utf8::Utf8Batch;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use rapidfuzz::distance::levenshtein;
use std::cell::OnceCell;

/// Python strs read as [`Text`]s without leaving a UTF-8 copy inside any (`Text::read`
/// alone would, for a non-ASCII str: `crate::utf8`); `batch` holds what they borrow.
pub fn read_all<'a, 'py>(batch: &'a Utf8Batch<'py>, texts: &'a [Bound<'py, PyString>]) -> PyResult<Vec<Text<'a>>> {
    let strs = batch.strs(texts);
    strs.into_iter()
        .zip(texts)
        .map(|(utf8, text)| match utf8 {
            Some(utf8) => Ok(Text::Utf8(utf8)),
            None => Text::read(text.as_any().as_borrowed()), // lone surrogates: code points
        })
        .collect()
}

/// A Python string as it was passed: its UTF-8, or (for one with lone surrogates,
/// which have none) its code points already.
pub enum Text<'a> {
    Utf8(&'a str),
    Points(Vec<u32>),
}

impl<'a> Text<'a> {
    /// Reads a Python string (holding the GIL), borrowing its UTF-8 when it has one.
    pub fn read(text: Borrowed<'a, '_, PyAny>) -> PyResult<Self> {
        let text = text.cast::<PyString>()?;
        if let Ok(utf8) = text.extract::<&'a str>() {
            return Ok(Text::Utf8(utf8));
        }
        let raw = text.call_method1("encode", ("utf-32-le", "surrogatepass"))?;
        let bytes = raw.cast::<PyBytes>()?.as_bytes();
        let points = bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]));
        Ok(Text::Points(points.collect()))
    }

    /// Its code points, which is what Python's `len` and the distance count.
    pub fn code_points(&self) -> Vec<u32> {
        match self {
            Text::Utf8(utf8) => utf8.chars().map(u32::from).collect(),
            Text::Points(points) => points.clone(),
        }
    }

    /// Python's `len`.
    pub fn len(&self) -> usize {
        match self {
            Text::Utf8(utf8) if utf8.is_ascii() => utf8.len(),
            Text::Utf8(utf8) => utf8.chars().count(),
            Text::Points(points) => points.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Python's order of strings: by code point.
    pub fn python_cmp(&self, other: &Text<'_>) -> std::cmp::Ordering {
        match (self, other) {
            (Text::Utf8(a), Text::Utf8(b)) => a.cmp(b),
            _ => self.code_points().cmp(&other.code_points()),
        }
    }
}

/// Buckets of a text's bag of code points (see [`Coded`]).
const BUCKETS: usize = 32;

/// A text, with how many of its code points fall in each of [`BUCKETS`] buckets (a
/// hash of the code point; at most 255): a lower bound of the distance of two texts is
/// what one's buckets hold more than the other's, since an edit changes at most one
/// code point of each text and a code point only matches an equal one, in its bucket.
/// Most pairs the windows hold are far apart, and the bound dismisses them in a few
/// instructions; the code points themselves are only read for the others.
pub struct Coded<'a> {
    text: &'a Text<'a>,
    points: OnceCell<Vec<u32>>,
    bag: [u8; BUCKETS],
    size: u32,
    len: usize,
}

/// The bucket of a code point.
const fn bucket(c: u32) -> usize {
    (c.wrapping_mul(0x9E37_79B1) >> 27) as usize
}

/// The buckets of the ASCII code points, looked up rather than hashed.
const ASCII_BUCKETS: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut c = 0;
    while c < 128 {
        table[c] = bucket(c as u32) as u8;
        c += 1;
    }
    table
};

impl<'a> Coded<'a> {
    pub fn new(text: &'a Text<'a>) -> Self {
        // counted in full, then clamped: the same as adding one at a time up to 255
        let mut counts = [0u32; BUCKETS];
        let len = match text {
            Text::Utf8(utf8) if utf8.is_ascii() => {
                // four tallies, so that one byte's count need not wait for the last's
                let mut tallies = [[0u32; BUCKETS]; 4];
                let mut quads = utf8.as_bytes().chunks_exact(4);
                for quad in &mut quads {
                    for (tally, &b) in tallies.iter_mut().zip(quad) {
                        tally[usize::from(ASCII_BUCKETS[usize::from(b & 0x7f)])] += 1;
                    }
                }
                for &b in quads.remainder() {
                    counts[usize::from(ASCII_BUCKETS[usize::from(b & 0x7f)])] += 1;
                }
                for tally in &tallies {
                    counts.iter_mut().zip(tally).for_each(|(n, t)| *n += t);
                }
                utf8.len()
            }
            Text::Utf8(utf8) => {
                let mut len = 0;
                for c in utf8.chars() {
                    counts[bucket(u32::from(c))] += 1;
                    len += 1;
                }
                len
            }
            Text::Points(points) => {
                points.iter().for_each(|&c| counts[bucket(c)] += 1);
                points.len()
            }
        };
        let bag = counts.map(|n| n.min(255) as u8);
        let size = bag.iter().map(|&n| u32::from(n)).sum();
        Coded {
            text,
            points: OnceCell::new(),
            bag,
            size,
            len,
        }
    }

    /// The text, when it is ASCII (its bytes are its code points).
    fn ascii(&self) -> Option<&'a str> {
        match self.text {
            Text::Utf8(utf8) if utf8.len() == self.len => Some(utf8),
            _ => None,
        }
    }

    /// Its length in code points (Python's `len`).
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn points(&self) -> &[u32] {
        self.points.get_or_init(|| self.text.code_points())
    }

    /// A lower bound of the distance of the two texts (clamping the counts at 255
    /// only lowers it): the larger of what each bag holds more than the other, which
    /// is half the sum of their absolute differences and of the difference of sizes.
    pub fn bound(&self, other: &Coded<'_>) -> usize {
        let apart: u32 = self
            .bag
            .iter()
            .zip(other.bag.iter())
            .map(|(a, b)| u32::from(a.abs_diff(*b)))
            .sum();
        (apart + self.size.abs_diff(other.size)) as usize / 2
    }

    /// The distance of the two texts if it is at most `cutoff`, else None. An ASCII
    /// text's bytes are read as they are, without a list of its code points.
    pub fn within(&self, other: &Coded<'_>, cutoff: usize) -> Option<usize> {
        if self.len.abs_diff(other.len) > cutoff || self.bound(other) > cutoff {
            return None;
        }
        if let (Text::Utf8(a), Text::Utf8(b)) = (self.text, other.text) {
            // Near copies differ in a few places: what lies between their common
            // opening and ending is all the distance reads (it is the same distance).
            let (a, b) = without_common_affixes(a, b);
            let args = levenshtein::Args::default().score_cutoff(cutoff);
            return match (a.is_ascii(), b.is_ascii()) {
                (true, true) => {
                    levenshtein::distance_with_args(a.bytes().map(u32::from), b.bytes().map(u32::from), &args)
                }
                _ => levenshtein::distance_with_args(a.chars().map(u32::from), b.chars().map(u32::from), &args),
            };
        }
        let args = levenshtein::Args::default().score_cutoff(cutoff);
        let bytes = |s: &'a str| s.bytes().map(u32::from);
        match (self.ascii(), other.ascii()) {
            (Some(a), Some(b)) => levenshtein::distance_with_args(bytes(a), b.bytes().map(u32::from), &args),
            (Some(a), None) => levenshtein::distance_with_args(bytes(a), other.points().iter().copied(), &args),
            (None, Some(b)) => {
                levenshtein::distance_with_args(self.points().iter().copied(), b.bytes().map(u32::from), &args)
            }
            (None, None) => within(self.points(), other.points(), cutoff),
        }
    }
}

/// `a` and `b` without the opening and the ending they share, cut between characters.
fn without_common_affixes<'s>(a: &'s str, b: &'s str) -> (&'s str, &'s str) {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let mut start = x.iter().zip(y).take_while(|(p, q)| p == q).count();
    while !a.is_char_boundary(start) {
        start -= 1; // equal bytes before it: a boundary of both texts
    }
    let most = x.len().min(y.len()) - start;
    let mut end = x
        .iter()
        .rev()
        .zip(y.iter().rev())
        .take(most)
        .take_while(|(p, q)| p == q)
        .count();
    while !a.is_char_boundary(x.len() - end) {
        end -= 1; // its first byte starts a character in both texts
    }
    (&a[start..x.len() - end], &b[start..y.len() - end])
}

/// The distance of `a` and `b` if it is at most `cutoff`, else None.
pub fn within(a: &[u32], b: &[u32], cutoff: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > cutoff {
        return None;
    }
    let args = levenshtein::Args::default().score_cutoff(cutoff);
    levenshtein::distance_with_args(a.iter().copied(), b.iter().copied(), &args)
}

/// The distance of `a` and `b`; with `cutoff`, `cutoff + 1` when it is above (as
/// rapidfuzz's `score_cutoff` does).
pub fn distance(a: &[u32], b: &[u32], cutoff: Option<usize>) -> usize {
    match cutoff {
        Some(limit) => within(a, b, limit).unwrap_or(limit.saturating_add(1)),
        None => levenshtein::distance(a.iter().copied(), b.iter().copied()),
    }
}

#[pyfunction(name = "levenshtein")]
#[pyo3(signature = (a, b, cutoff = None))]
fn py_levenshtein(
    py: Python<'_>,
    a: Bound<'_, PyString>,
    b: Bound<'_, PyString>,
    cutoff: Option<usize>,
) -> PyResult<usize> {
    let texts = [a, b];
    let batch = Utf8Batch::new(&texts)?;
    let read = read_all(&batch, &texts)?;
    let (a, b) = (&read[0], &read[1]);
    Ok(py.detach(|| distance(&a.code_points(), &b.code_points(), cutoff)))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(py_levenshtein, m)?)?;
    Ok(())
}
