//! Every near match of a document's paragraphs, checked directly: the twin of
//! `dedup/text/pairs.py` (`near_pairs`) and of `Verifier.within_any`, with the
//! threshold's arithmetic of `crate::threshold` and `similarity` in the same
//! floating-point operations as `dedup/text/match.py`, so that the boundaries and the
//! similarities are the same numbers.
use crate::levenshtein::{Coded, Text};
use crate::threshold::{longest_partner, max_edits};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use rustc_hash::FxHashMap;

// dedup/text/pairs.py: the pairs checked directly, at most.
const PAIRS_PER_PARAGRAPH: i64 = 64;
const PAIRS_BASE: i64 = 1024;
/// `similarity(distance, a_len, b_len)`: `1 - distance / max(len)`.
pub fn similarity(distance: usize, a_len: usize, b_len: usize) -> f64 {
    let longest = a_len.max(b_len);
    if longest == 0 {
        1.0
    } else {
        1.0 - distance as f64 / longest as f64
    }
}

/// A representative: its id, its normal text and the numbers in it.
pub struct Item<'a> {
    pub id: i64,
    pub text: Text<'a>,
    pub numbers: Vec<&'a str>,
}

/// The pairs `(a, b)`, `a < b`, of the items' ids whose normal texts are within the
/// threshold's edits, with their similarity, in the reference's order of windows;
/// None when that takes more checks than the budget. `threshold` is in (0, 1] (the
/// caller checks), so no limit is negative; the ids
/// are distinct (the caller's representatives), so no pair is found twice and the
/// order, which differs from rapidfuzz's within a window, does not matter.
pub fn near_pairs(items: &[Item<'_>], threshold: f64) -> Option<Vec<((i64, i64), f64)>> {
    if threshold >= 1.0 {
        return Some(Vec::new());
    }
    // Groups of equal numbers, in the order they first appear.
    let mut group_of: FxHashMap<&[&str], usize> = FxHashMap::default();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (k, item) in items.iter().enumerate() {
        let next = groups.len();
        let g = *group_of.entry(&item.numbers).or_insert(next);
        if g == next {
            groups.push(Vec::new());
        }
        groups[g].push(k);
    }
    let mut budget = PAIRS_BASE + PAIRS_PER_PARAGRAPH * items.len() as i64;
    // Each group's members as (length, id, item), sorted as the reference sorts
    // (length, id, text); and the windows (group, k, end) to check.
    let mut sorted: Vec<Vec<(usize, i64, usize)>> = Vec::new();
    let mut work: Vec<(usize, usize, usize)> = Vec::new();
    for members in groups.iter().filter(|members| members.len() >= 2) {
        let mut group: Vec<(usize, i64, usize)> =
            members.iter().map(|&k| (items[k].text.len(), items[k].id, k)).collect();
        group.sort_by(|a, b| {
            (a.0, a.1)
                .cmp(&(b.0, b.1))
                .then_with(|| items[a.2].text.python_cmp(&items[b.2].text))
        });
        for k in 0..group.len() {
            let partner = longest_partner(group[k].0, threshold);
            let end = k + 1 + group[k + 1..].partition_point(|m| m.0 <= partner);
            if end > k + 1 {
                budget -= (end - k - 1) as i64;
                if budget < 0 {
                    return None;
                }
                work.push((sorted.len(), k, end));
            }
        }
        sorted.push(group);
    }
    // Each item's code points, when a window holds it, and the edits allowed with a
    // longer partner (it is the longer in every window that holds it but the first).
    let mut coded: Vec<Option<Coded<'_>>> = items.iter().map(|_| None).collect();
    let mut limits: Vec<usize> = vec![0; items.len()];
    let mut found = Vec::new();
    for (g, k, end) in work {
        let group = &sorted[g];
        for &(length, _, item) in &group[k..end] {
            if coded[item].is_none() {
                coded[item] = Some(Coded::new(&items[item].text));
                limits[item] = max_edits(length, threshold);
            }
        }
        let (length, ident, item) = group[k];
        let Some(text) = &coded[item] else { continue };
        for &(other_length, other, other_item) in &group[k + 1..end] {
            let limit = limits[other_item];
            let Some(other_text) = &coded[other_item] else {
                continue;
            };
            if let Some(distance) = text.within(other_text, limit) {
                let pair = if ident < other { (ident, other) } else { (other, ident) };
                found.push((pair, similarity(distance, length, other_length)));
            }
        }
    }
    Some(found)
}

/// `(k, distance)` of each of `others` within the threshold's edits of `text`, in
/// increasing `k`.
pub fn within_any(text: &Coded<'_>, others: &[Coded<'_>], threshold: f64) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for (k, other) in others.iter().enumerate() {
        let limit = max_edits(text.len().max(other.len()), threshold);
        if let Some(distance) = text.within(other, limit) {
            found.push((k, distance));
        }
    }
    found
}

/// `near_pairs(items, threshold)`: `items` are `(id, normal)`, `normal` a tuple whose
/// first two fields are the normal text and its numbers (`dedup.text.normalize.Normal`).
#[pyfunction(name = "near_pairs")]
fn py_near_pairs<'py>(
    py: Python<'py>,
    items: Bound<'py, PyAny>,
    threshold: f64,
) -> PyResult<Option<Bound<'py, PyDict>>> {
    // Each item's id, normal form and numbers, held while their strings are borrowed.
    let mut held: Vec<(i64, Bound<'py, PyTuple>, Bound<'py, PyTuple>)> = Vec::new();
    for item in items.try_iter()? {
        let (id, normal): (i64, Bound<'py, PyTuple>) = item?.extract()?;
        let numbers = normal.get_item(1)?.cast_into::<PyTuple>()?;
        held.push((id, normal, numbers));
    }
    let read: Vec<Item<'_>> = held
        .iter()
        .map(|(id, normal, numbers)| {
            Ok(Item {
                id: *id,
                text: Text::read(normal.get_borrowed_item(0)?)?,
                numbers: (0..numbers.len())
                    .map(|k| numbers.get_borrowed_item(k)?.extract::<&str>())
                    .collect::<PyResult<_>>()?,
            })
        })
        .collect::<PyResult<_>>()?;
    let Some(found) = py.detach(|| near_pairs(&read, threshold)) else {
        return Ok(None);
    };
    let pairs = PyDict::new(py);
    for (pair, score) in found {
        pairs.set_item(pair, score)?;
    }
    Ok(Some(pairs))
}

#[pyfunction(name = "within_any")]
fn py_within_any(
    py: Python<'_>,
    text: Bound<'_, PyAny>,
    others: Vec<Bound<'_, PyAny>>,
    threshold: f64,
) -> PyResult<Vec<(usize, usize)>> {
    let text = Text::read(text.as_borrowed())?;
    let others: Vec<Text<'_>> = others
        .iter()
        .map(|other| Text::read(other.as_borrowed()))
        .collect::<PyResult<_>>()?;
    Ok(py.detach(|| {
        let coded: Vec<Coded<'_>> = others.iter().map(Coded::new).collect();
        within_any(&Coded::new(&text), &coded, threshold)
    }))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(py_near_pairs, m)?)?;
    m.add_function(wrap_pyfunction!(py_within_any, m)?)?;
    Ok(())
}
