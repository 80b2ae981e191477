//! A bounded relation's near partners, stored flat: the twin of what
//! `Matches._bounded_partners` (`dedup/text/runs.py`) finds with `ChunkIndex` and
//! `Verifier.within_any`. Each representative's earlier partners (its bounded chunk
//! candidates within the threshold's edits) and later ones (those that have it as an
//! earlier partner), increasing, go back as `dedup.text.partners.Partners`' arrays:
//! 4 bytes a pair and 8 a paragraph, where lists of Python ints weighed about 40 bytes
//! a pair twice over (issue 14, item 6: near-identical paragraphs have 32 each).
use crate::chunks::{earlier_within, read_forms};
use crate::packed::packed;
use crate::utf8::Utf8Batch;
use pyo3::buffer::{PyBuffer, ReadOnlyCell};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString, PyTuple};

/// Partners by paragraph id, flat: those of `r` are `flat[ends[r]..ends[r + 1]]`.
struct Flat {
    flat: Vec<u32>,
    ends: Vec<i64>,
}

impl Flat {
    fn of(&self, r: usize) -> &[u32] {
        &self.flat[self.ends[r] as usize..self.ends[r + 1] as usize]
    }

    /// The pairs turned around: `c`'s partners are the `r` that have `c` among theirs,
    /// increasing (a counting sort).
    fn transposed(&self, n: usize) -> Flat {
        let mut ends = vec![0i64; n + 1];
        for &c in &self.flat {
            ends[c as usize + 1] += 1;
        }
        for k in 0..n {
            ends[k + 1] += ends[k];
        }
        let mut next: Vec<i64> = ends[..n].to_vec();
        let mut flat = vec![0u32; self.flat.len()];
        for r in 0..n {
            for &c in self.of(r) {
                flat[next[c as usize] as usize] = r as u32;
                next[c as usize] += 1;
            }
        }
        Flat { flat, ends }
    }

    /// As `(flat, ends)` bytes, written in place (no copy of them in between).
    fn into_py(self, py: Python<'_>) -> PyResult<(Bound<'_, PyBytes>, Bound<'_, PyBytes>)> {
        let flat = packed(py, &self.flat, u32::to_ne_bytes)?;
        drop(self.flat);
        Ok((flat, packed(py, &self.ends, i64::to_ne_bytes)?))
    }
}

/// A `dedup.text.partners.Partners` as Python holds it, for the planner: the pairs
/// read in place (not copied: they are most of its weight), the ends copied.
pub struct Shared {
    flat: Option<PyBuffer<u32>>, // None when there is no pair (an empty array has no aligned buffer)
    ends: Vec<i64>,
}

impl Shared {
    /// No pair among `n` paragraphs.
    pub fn empty(n: usize) -> Self {
        Shared {
            flat: None,
            ends: vec![0; n + 1],
        }
    }

    /// `partners` over `n` paragraphs, checked whole (ends increasing up to the pairs'
    /// count, every id below `n`).
    pub fn read(partners: &Bound<'_, PyAny>, n: usize) -> PyResult<Self> {
        let py = partners.py();
        let ends_py = partners.getattr("ends")?;
        let ends: Vec<i64> = if ends_py.len()? == 0 {
            Vec::new()
        } else {
            PyBuffer::<i64>::get(&ends_py)?.to_vec(py)?
        };
        let flat_py = partners.getattr("flat")?;
        let count = flat_py.len()?;
        let flat = if count == 0 {
            None
        } else {
            Some(PyBuffer::<u32>::get(&flat_py)?)
        };
        let shared = Shared { flat, ends };
        let ordered = shared.ends.first() == Some(&0) && shared.ends.windows(2).all(|w| w[0] <= w[1]);
        let ids = shared.slice(py).iter().all(|c| (c.get() as usize) < n);
        if shared.ends.len() != n + 1 || shared.ends[n] as usize != count || !ordered || !ids {
            return Err(PyValueError::new_err("partners that do not fit the document"));
        }
        Ok(shared)
    }

    fn slice<'a>(&'a self, py: Python<'a>) -> &'a [ReadOnlyCell<u32>] {
        self.flat.as_ref().and_then(|b| b.as_slice(py)).unwrap_or(&[])
    }

    /// How many pairs.
    pub fn len(&self) -> usize {
        self.ends.last().map_or(0, |&e| e as usize)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The partners of `r`, increasing.
    pub fn of<'a>(&'a self, py: Python<'a>, r: usize) -> impl Iterator<Item = usize> + 'a {
        let (start, end) = (self.ends[r] as usize, self.ends[r + 1] as usize);
        self.slice(py)[start..end].iter().map(|c| c.get() as usize)
    }

    /// Where pair `(a, r)` stands among the pairs, if `a` is one of `r`'s.
    pub fn position(&self, py: Python<'_>, r: usize, a: usize) -> Option<usize> {
        let (start, end) = (self.ends[r] as usize, self.ends[r + 1] as usize);
        let found = self.slice(py)[start..end]
            .binary_search_by(|c| c.get().cmp(&(a as u32)))
            .ok()?;
        Some(start + found)
    }
}

/// The earlier partners of `reps` (increasing paragraph ids, the representatives, with
/// their forms' `texts` and `numbers`), by paragraph id over `n` paragraphs.
fn earlier_partners(strs: &[&str], keys: &[usize], reps: &[usize], n: usize, threshold: f64) -> Option<Flat> {
    let (found, found_ends) = earlier_within(strs, keys, threshold, true)?;
    let mut ends = vec![0i64; n + 1];
    let (mut flat, mut first) = (Vec::with_capacity(found.len()), 0);
    let mut at = 0; // the next paragraph whose end is not yet written
    for (position, &end) in found_ends.iter().enumerate() {
        let r = reps[position];
        while at <= r {
            ends[at] = flat.len() as i64;
            at += 1;
        }
        // positions are increasing, and so are the ids of representatives
        flat.extend(found[first..end].iter().map(|&c| reps[c as usize] as u32));
        first = end;
    }
    for end in &mut ends[at..] {
        *end = flat.len() as i64;
    }
    Some(Flat { flat, ends })
}

/// Both ways of `reps`' partners (see [`earlier_partners`]): earlier, then later.
pub struct Partners(Flat, Flat);

impl Partners {
    /// Those of `reps`, `keys` their numbers' keys; None when they do not fit 32 bits.
    pub fn find(strs: &[&str], keys: &[usize], reps: &[usize], n: usize, threshold: f64) -> Option<Self> {
        if n >= u32::MAX as usize {
            return None;
        }
        let earlier = earlier_partners(strs, keys, reps, n, threshold)?;
        let later = earlier.transposed(n);
        Some(Partners(earlier, later))
    }

    /// Whether no paragraph has a partner.
    pub fn is_empty(&self) -> bool {
        self.0.flat.is_empty()
    }

    /// The earliest partner of paragraph `r`, if it has one (its earlier partners are
    /// all before its later ones).
    pub fn earliest(&self, r: usize) -> Option<usize> {
        self.0.of(r).first().or(self.1.of(r).first()).map(|&c| c as usize)
    }

    /// As Python's `Partners` take them: `(flat, ends)` bytes of the earlier, then the later.
    pub fn into_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyTuple>> {
        let (earlier, later) = (self.0.into_py(py)?, self.1.into_py(py)?);
        PyTuple::new(py, [earlier.0, earlier.1, later.0, later.1])
    }
}

/// `bounded_partners(texts, numbers, reps, n, threshold)`: the earlier and the later
/// partners, as `(flat, ends)` bytes each (native `u32` and `i64`); None for a lone
/// surrogate, a threshold outside (0, 1], or more than 32 bits of ids.
#[pyfunction(name = "bounded_partners")]
fn py_bounded_partners<'py>(
    py: Python<'py>,
    texts: Vec<Bound<'py, PyString>>,
    numbers: Vec<Bound<'py, PyTuple>>,
    reps: Vec<usize>,
    n: usize,
    threshold: f64,
) -> PyResult<Option<Bound<'py, PyTuple>>> {
    let fits = n < u32::MAX as usize && reps.len() == texts.len() && reps.iter().all(|&r| r < n);
    if !(threshold > 0.0 && threshold <= 1.0 && fits && reps.is_sorted_by(|a, b| a < b)) {
        return Ok(None);
    }
    let batch = Utf8Batch::new(&texts)?;
    let Some((strs, keys)) = read_forms(&batch, &texts, &numbers)? else {
        return Ok(None);
    };
    let found = py.detach(|| Partners::find(&strs, &keys, &reps, n, threshold));
    // The texts' UTF-8 copies go before the results are made in Python.
    drop(strs);
    drop(batch);
    found.map(|partners| partners.into_py(py)).transpose()
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(py_bounded_partners, m)?)?;
    Ok(())
}
