//! Every near match of a document's paragraphs, checked directly: the twin of
//! `dedup/text/pairs.py` (`near_pairs`) and of `Verifier.within_any`, with the
//! threshold's arithmetic of `crate::threshold` and `similarity` in the same
//! floating-point operations as `dedup/text/match.py`, so that the boundaries and the
//! similarities are the same numbers.
use crate::chunks::{keys_of, CANDIDATES};
use crate::levenshtein::{read_all, Coded, Text};
use crate::threshold::{longest_partner, max_edits};
use crate::utf8::Utf8Batch;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};

// dedup/text/pairs.py: the pairs checked directly, and found, at most.
const PAIRS_PER_PARAGRAPH: i64 = 512;
const PAIRS_BASE: i64 = 1024;
const FOUND_PER_PARAGRAPH: usize = CANDIDATES;
const CHECK_WIDTH: usize = 256;

/// `check_cost(length, threshold)`: what checking a pair whose longer paragraph has
/// `length` characters counts against the budget (one per `CHECK_WIDTH` characters and
/// per 64-bit word of the band of edits).
fn check_cost(length: usize, threshold: f64) -> i64 {
    let widths = length.div_ceil(CHECK_WIDTH) as i64;
    let words = (2 * max_edits(length, threshold) + 1).div_ceil(64) as i64;
    (widths * words).max(1)
}
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
/// None when that takes more checks than the budget, or finds more pairs than the
/// chunk index would keep. `threshold` is in (0, 1] (the
/// caller checks), so no limit is negative; the ids
/// are distinct (the caller's representatives), so no pair is found twice and the
/// order, which differs from rapidfuzz's within a window, does not matter.
pub fn near_pairs(items: &[Item<'_>], threshold: f64) -> Option<Vec<((i64, i64), f64)>> {
    if threshold >= 1.0 {
        return Some(Vec::new());
    }
    // Each item's group of equal numbers, numbered in the order they first appear.
    let group: Vec<u32> = keys_of(items.iter().map(|item| &item.numbers[..]))
        .into_iter()
        .map(|g| g as u32)
        .collect();
    let mut sizes: Vec<u32> = vec![0; group.iter().max().map_or(0, |&g| g as usize + 1)];
    group.iter().for_each(|&g| sizes[g as usize] += 1);
    // The members of groups of two or more as (group, length, id, item), the groups in
    // that order and each sorted as the reference sorts it (length, id, text): one sort,
    // no list per group.
    let mut members: Vec<(u32, usize, i64, usize)> = (0..items.len())
        .filter(|&k| sizes[group[k] as usize] >= 2)
        .map(|k| (group[k], items[k].text.len(), items[k].id, k))
        .collect();
    sort_members(&mut members, items);
    let mut budget = PAIRS_BASE + PAIRS_PER_PARAGRAPH * items.len() as i64;
    // The windows [k, end) of members to check, group by group.
    let mut work: Vec<(usize, usize)> = Vec::new();
    let mut first = 0;
    let mut partner = (usize::MAX, 0); // the last length's longest partner (lengths repeat)
    let mut costs: Vec<i64> = Vec::new(); // what checking each member counts, summed, in a group
    while first < members.len() {
        let g = members[first].0;
        let last = first + members[first..].partition_point(|m| m.0 == g);
        costs.clear();
        costs.push(0);
        for m in &members[first..last] {
            costs.push(costs[costs.len() - 1] + check_cost(m.1, threshold));
        }
        for k in first..last {
            if partner.0 != members[k].1 {
                partner = (members[k].1, longest_partner(members[k].1, threshold));
            }
            let end = k + 1 + members[k + 1..last].partition_point(|m| m.1 <= partner.1);
            if end > k + 1 {
                budget -= costs[end - first] - costs[k + 1 - first];
                if budget < 0 {
                    return None;
                }
                work.push((k, end));
            }
        }
        first = last;
    }
    // Each member's code points and the edits allowed with a longer partner (it is the
    // longer in every window that holds it but the first), in the members' order, so
    // that a window's are side by side; made for the members a window holds.
    let mut held = vec![false; members.len()];
    for &(k, end) in &work {
        held[k..end].iter_mut().for_each(|h| *h = true);
    }
    let mut limit = (usize::MAX, 0);
    let coded: Vec<Option<(Coded<'_>, usize)>> = members
        .iter()
        .zip(&held)
        .map(|(&(_, length, _, item), &held)| {
            if limit.0 != length {
                limit = (length, max_edits(length, threshold));
            }
            held.then(|| (Coded::new(&items[item].text), limit.1))
        })
        .collect();
    let mut found = Vec::new();
    let most = PAIRS_BASE as usize + FOUND_PER_PARAGRAPH * items.len();
    for (k, end) in work {
        let (_, length, ident, _) = members[k];
        let Some((text, _)) = &coded[k] else { continue };
        for (m, other_coded) in coded.iter().enumerate().take(end).skip(k + 1) {
            let Some((other_text, limit)) = other_coded else {
                continue;
            };
            if let Some(distance) = text.within(other_text, *limit) {
                let (_, other_length, other, _) = members[m];
                let pair = if ident < other { (ident, other) } else { (other, ident) };
                found.push((pair, similarity(distance, length, other_length)));
            }
        }
        if found.len() > most {
            return None; // (the reference checks after each window too: the same documents)
        }
    }
    Some(found)
}

/// Sorts `(group, length, id, item)` by group, length, id and text (Python's order),
/// by one 128-bit key when the lengths allow (the ids are distinct in the engine's
/// calls; equal keys, if any, are sorted again with the texts).
fn sort_members(members: &mut [(u32, usize, i64, usize)], items: &[Item<'_>]) {
    let full = |a: &(u32, usize, i64, usize), b: &(u32, usize, i64, usize)| {
        (a.0, a.1, a.2)
            .cmp(&(b.0, b.1, b.2))
            .then_with(|| items[a.3].text.python_cmp(&items[b.3].text))
    };
    if members.iter().any(|m| m.1 > u32::MAX as usize) {
        return members.sort_unstable_by(full);
    }
    let key = |m: &(u32, usize, i64, usize)| {
        u128::from(m.0) << 96 | (m.1 as u128) << 64 | u128::from((m.2 as u64) ^ (1 << 63))
    };
    members.sort_unstable_by_key(key);
    if members.windows(2).any(|w| key(&w[0]) == key(&w[1])) {
        members.sort_unstable_by(full);
    }
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
    let texts: Vec<Bound<'py, PyString>> = held
        .iter()
        .map(|(_, normal, _)| Ok(normal.get_item(0)?.cast_into::<PyString>()?))
        .collect::<PyResult<_>>()?;
    let batch = Utf8Batch::new(&texts)?;
    let read: Vec<Item<'_>> = held
        .iter()
        .zip(read_all(&batch, &texts)?)
        .map(|((id, _, numbers), text)| {
            Ok(Item {
                id: *id,
                text,
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
fn py_within_any<'py>(
    py: Python<'py>,
    text: Bound<'py, PyString>,
    others: Vec<Bound<'py, PyString>>,
    threshold: f64,
) -> PyResult<Vec<(usize, usize)>> {
    let texts: Vec<Bound<'py, PyString>> = std::iter::once(text).chain(others).collect();
    let batch = Utf8Batch::new(&texts)?;
    let mut others = read_all(&batch, &texts)?;
    let text = others.remove(0);
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
