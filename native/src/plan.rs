//! The run planner: the twin of `plan` and `_longest_run` in `dedup/text/runs.py` (its
//! docstrings give the rule). The relation is built by Python's `Matches` and read
//! through `crate::relation`; this asks Python back only what is rare: the pairs the
//! relation leaves to it, and the structure of a run about to be taken
//! (`Structure.refuses`, `Structure.remove`).
use crate::normalize::size;
use crate::relation::Relation;
use crate::utf8::with_utf8;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use std::collections::HashMap;

const PICK_WINDOW: usize = 64;
const SWITCH_FACTOR: usize = 4;
const SOURCES: usize = 64;

/// `DIAGONALS`: the diagonals whose matching stretch the run search keeps, at most.
const DIAGONALS: usize = 4 * SOURCES;

/// `_Diagonals`: what the run search has read lately of each diagonal `i - j`, the
/// paragraphs `[start, end)` at which `(k - (i - j), k)` match (a refused run is looked
/// for again one paragraph on, along the same diagonal: read again, n² for n).
#[derive(Default)]
struct Diagonals {
    known: HashMap<usize, (usize, usize)>,
}

impl Diagonals {
    /// How many pairs from `(i - delta, i)` on are known to match.
    fn read(&self, delta: usize, i: usize) -> usize {
        match self.known.get(&delta) {
            Some(&(start, end)) if start <= i && i < end => end - i,
            _ => 0,
        }
    }

    /// Pairs `(i - delta + t, i + t)` match for `t` below `length`.
    fn note(&mut self, delta: usize, i: usize, length: usize) {
        let mut end = i + length;
        match self.known.get(&delta) {
            Some(&(start, known)) if start <= i && i <= known => end = end.max(known),
            _ if self.known.len() >= DIAGONALS => {
                self.known.retain(|_, &mut (_, known)| known > i);
                if self.known.len() >= DIAGONALS {
                    self.known.clear();
                }
            }
            _ => {}
        }
        self.known.insert(delta, (i, end));
    }
}

fn longest_run(relation: &mut Relation<'_>, i: usize, n: usize, diagonals: &mut Diagonals) -> PyResult<(usize, i64)> {
    let (mut best, mut source) = (0usize, -1i64);
    let mut switch = true;
    let mut looked = 0usize;
    while switch && i + best < n && looked < SOURCES {
        switch = false;
        let (popularity, d) = relation.rarest(i, best, n, PICK_WINDOW);
        let offset = (d - i) as i64;
        let mut merge = relation.matching(d, SOURCES);
        while let Some(position) = merge.next(relation)? {
            let j = position as i64 - offset;
            if j + best as i64 + 1 > i as i64 {
                break;
            }
            looked += 1;
            if looked > SOURCES {
                break;
            }
            if j < 0 {
                continue;
            }
            let j = j as usize;
            let limit = (i - j).min(n - i);
            let mut length = diagonals.read(i - j, i).min(limit);
            while length < limit && relation.matches(j + length, i + length)? {
                length += 1;
            }
            diagonals.note(i - j, i, length);
            if length > best {
                best = length;
                source = j as i64;
                if best == n - i {
                    break;
                }
                if relation.rarest(i, best, n, PICK_WINDOW).0 * SWITCH_FACTOR < popularity {
                    switch = true;
                    break;
                }
            }
        }
    }
    Ok((best, source))
}

/// `plan`'s runs and `kept_with_match` for a `Matches`; `structure` is a
/// `Structure` or None, `protected` a list of bools or None. None: a text has no
/// UTF-8, and Python plans.
#[pyfunction(name = "plan_runs")]
fn py_plan_runs<'py>(
    py: Python<'py>,
    matches: &Bound<'py, PyAny>,
    min_chars: usize,
    protected: Option<Vec<bool>>,
    structure: Option<Bound<'py, PyAny>>,
) -> PyResult<Option<(Vec<Bound<'py, PyTuple>>, bool)>> {
    let mut relation = Relation::new(matches)?;
    let n = relation.rep.len();
    let normals = matches.getattr("normals")?;
    let mut sizes: HashMap<usize, usize> = HashMap::new();
    let mut before = Vec::with_capacity(n + 1);
    before.push(0usize);
    for k in 0..n {
        let r = relation.rep[k];
        let weight = match sizes.get(&r) {
            Some(&w) => w,
            None => {
                let text = normals.get_item(r)?.get_item(0)?.cast_into::<PyString>()?;
                // read without leaving a UTF-8 copy inside the str (the forms live on)
                let Some(w) = with_utf8(&text, size)? else {
                    return Ok(None); // a lone surrogate: no UTF-8
                };
                sizes.insert(r, w);
                w
            }
        };
        before.push(before[k] + weight);
    }
    let is_protected = |k: usize| protected.as_ref().is_some_and(|p| p[k]);
    let mut stops = vec![n; n];
    let mut stop = n;
    for k in (0..n).rev() {
        if is_protected(k) || relation.first_of_its_kind(k)? {
            stop = k;
        }
        stops[k] = stop;
    }
    let mut runs = Vec::new();
    let mut kept_with_match = false;
    let mut diagonals = Diagonals::default();
    let mut i = 0;
    while i < n {
        if is_protected(i) {
            i += 1;
            continue;
        }
        if before[i + i.min(stops[i] - i)] - before[i] < min_chars {
            kept_with_match = kept_with_match || stops[i] > i;
            i += 1;
            continue;
        }
        let (best, source) = longest_run(&mut relation, i, stops[i], &mut diagonals)?;
        if best > 0 && before[i + best] - before[i] >= min_chars {
            let refused = match &structure {
                Some(s) => s.call_method1("refuses", (i, best, source))?.is_truthy()?,
                None => false,
            };
            if !refused {
                runs.push(PyTuple::new(py, [i as i64, best as i64, source])?);
                if let Some(s) = &structure {
                    s.call_method1("remove", (i, best))?;
                }
                i += best;
                continue;
            }
        }
        kept_with_match = kept_with_match || best > 0;
        i += 1;
    }
    Ok(Some((runs, kept_with_match)))
}

/// The first part of `Matches.__init__`: each paragraph's representative (the first
/// with an equal `Normal`, by Python's own hash and equality, as its dict finds it),
/// each representative's occurrences, and the representatives by normal text, for the
/// texts two or more of them share.
#[pyfunction(name = "group_normals")]
fn py_group_normals<'py>(
    py: Python<'py>,
    normals: &Bound<'py, PyList>,
) -> PyResult<(Bound<'py, PyList>, Bound<'py, PyDict>, Bound<'py, PyDict>)> {
    let n = normals.len();
    let mut first: HashMap<isize, Vec<usize>> = HashMap::with_capacity(n);
    let mut rep = Vec::with_capacity(n);
    let mut occurrences: Vec<Vec<usize>> = Vec::new();
    let mut slot = vec![usize::MAX; n]; // a representative's place in `occurrences`
    let same_text = PyDict::new(py);
    for (i, normal) in normals.iter().enumerate() {
        let candidates = first.entry(normal.hash()?).or_default();
        let mut found = None;
        for &j in candidates.iter() {
            if normals.get_item(j)?.eq(&normal)? {
                found = Some(j);
                break;
            }
        }
        match found {
            Some(r) => {
                rep.push(r);
                occurrences[slot[r]].push(i);
            }
            None => {
                candidates.push(i);
                rep.push(i);
                slot[i] = occurrences.len();
                occurrences.push(vec![i]);
                let text = normal.get_item(0)?;
                match same_text.get_item(&text)? {
                    Some(group) => group.cast::<PyList>()?.append(i)?,
                    None => same_text.set_item(text, PyList::new(py, [i])?)?,
                }
            }
        }
    }
    let by_rep = PyDict::new(py);
    for places in occurrences {
        by_rep.set_item(places[0], PyList::new(py, places)?)?;
    }
    let shared = PyDict::new(py);
    for (text, group) in same_text.iter() {
        if group.len()? > 1 {
            shared.set_item(text, group)?;
        }
    }
    Ok((PyList::new(py, rep)?, by_rep, shared))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(py_group_normals, m)?)?;
    m.add_function(wrap_pyfunction!(py_plan_runs, m)?)?;
    Ok(())
}
