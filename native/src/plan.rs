//! The run planner: the twin of `plan` and `_longest_run` in `dedup/text/runs.py` (its
//! docstrings give the rule), for a match relation known completely
//! (`Matches.complete`: every near pair found up front). The relation itself is built
//! by Python's `Matches`; this reads it, and asks Python back only what is rare: the
//! case of names in equal texts (`Matches.score`) and the structure of a run about to
//! be taken (`Structure.refuses`, `Structure.remove`).
use crate::normalize::size;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};

const PICK_WINDOW: usize = 64;
const SWITCH_FACTOR: usize = 4;
const SOURCES: usize = 64;

struct Relation<'py> {
    py_matches: Bound<'py, PyAny>,
    rep: Vec<usize>,
    /// occurrences of each representative (empty for the others), increasing
    occurrences: Vec<Vec<usize>>,
    /// each representative's text, as a number: equal texts, equal numbers
    text_id: Vec<usize>,
    twins: Vec<Option<Vec<usize>>>,
    partners: Vec<Vec<usize>>,
    pairs: HashSet<(usize, usize)>,
    neighbours: Vec<Option<Vec<usize>>>,
    popularity: Vec<Option<usize>>,
    same: HashMap<(usize, usize), bool>,
}

impl<'py> Relation<'py> {
    fn new(matches: &Bound<'py, PyAny>) -> PyResult<Self> {
        let rep: Vec<usize> = matches.getattr("rep")?.extract()?;
        let n = rep.len();
        let mut occurrences = vec![Vec::new(); n];
        for (k, &r) in rep.iter().enumerate() {
            occurrences[r].push(k);
        }
        // Equal texts as `Matches` grouped them (`_same_text`: text -> representatives).
        let mut text_id = vec![usize::MAX; n];
        for (id, group) in matches
            .getattr("_same_text")?
            .cast::<PyDict>()?
            .values()
            .iter()
            .enumerate()
        {
            for r in group.extract::<Vec<usize>>()? {
                text_id[r] = id;
            }
        }
        let mut twins = vec![None; n];
        let twin_dict = matches.getattr("_twins")?;
        let twin_dict = twin_dict.cast::<PyDict>()?;
        for (r, group) in twin_dict.iter() {
            let group = group.cast::<PyList>()?;
            if group.len() > 1 {
                twins[r.extract::<usize>()?] = Some(group.extract()?);
            }
        }
        let mut partners = vec![Vec::new(); n];
        let mut pairs = HashSet::new();
        let partner_dict = matches.getattr("_partners")?;
        for (a, found) in partner_dict.cast::<PyDict>()?.iter() {
            let a: usize = a.extract()?;
            let found: Vec<usize> = found.extract()?;
            for &b in &found {
                pairs.insert((a.min(b), a.max(b)));
            }
            partners[a] = found;
        }
        Ok(Relation {
            py_matches: matches.clone(),
            rep,
            occurrences,
            text_id,
            twins,
            partners,
            pairs,
            neighbours: vec![None; n],
            popularity: vec![None; n],
            same: HashMap::new(),
        })
    }

    /// Every representative that matches `r`, itself included, increasing.
    fn neighbours(&mut self, r: usize) -> &Vec<usize> {
        if self.neighbours[r].is_none() {
            let mut found: Vec<usize> = match &self.twins[r] {
                Some(group) => group.clone(),
                None => vec![r],
            };
            found.extend_from_slice(&self.partners[r]);
            found.sort_unstable();
            found.dedup();
            self.neighbours[r] = Some(found);
        }
        self.neighbours[r].as_ref().unwrap()
    }

    fn popularity(&mut self, p: usize) -> usize {
        let r = self.rep[p];
        if self.popularity[r].is_none() {
            let total = self
                .neighbours(r)
                .clone()
                .iter()
                .map(|&c| self.occurrences[c].len())
                .sum();
            self.popularity[r] = Some(total);
        }
        self.popularity[r].unwrap()
    }

    /// Whether paragraphs `a` and `b` match (`Matches.score(a, b) is not None`).
    fn matches(&mut self, a: usize, b: usize) -> PyResult<bool> {
        let (ra, rb) = (self.rep[a], self.rep[b]);
        if ra == rb {
            return Ok(true);
        }
        if self.text_id[ra] == self.text_id[rb] {
            let key = (ra.min(rb), ra.max(rb));
            if let Some(&known) = self.same.get(&key) {
                return Ok(known);
            }
            let found = !self.py_matches.call_method1("score", (a, b))?.is_none();
            self.same.insert(key, found);
            return Ok(found);
        }
        Ok(self.pairs.contains(&(ra.min(rb), ra.max(rb))))
    }

    /// The paragraphs matching `p`, increasing, of its first `limit` neighbours.
    fn matching(&mut self, p: usize, limit: usize) -> Merge {
        let r = self.rep[p];
        let reps: Vec<usize> = self.neighbours(r).iter().take(limit).copied().collect();
        let mut heap = BinaryHeap::with_capacity(reps.len());
        for c in reps {
            heap.push(Reverse((self.occurrences[c][0], c, 0usize)));
        }
        Merge { heap }
    }

    fn rarest(&mut self, i: usize, best: usize, n: usize) -> (usize, usize) {
        let end = (i + best + 1).min(n).min(i + PICK_WINDOW);
        (i..end).map(|d| (self.popularity(d), d)).min().unwrap()
    }
}

/// A lazy merge of representatives' occurrence lists.
struct Merge {
    heap: BinaryHeap<Reverse<(usize, usize, usize)>>,
}

impl Merge {
    fn next(&mut self, relation: &Relation<'_>) -> Option<usize> {
        let Reverse((position, c, k)) = self.heap.pop()?;
        if let Some(&following) = relation.occurrences[c].get(k + 1) {
            self.heap.push(Reverse((following, c, k + 1)));
        }
        Some(position)
    }
}

fn longest_run(relation: &mut Relation<'_>, i: usize, n: usize) -> PyResult<(usize, i64)> {
    let (mut best, mut source) = (0usize, -1i64);
    let mut switch = true;
    let mut looked = 0usize;
    while switch && i + best < n && looked < SOURCES {
        switch = false;
        let (popularity, d) = relation.rarest(i, best, n);
        let offset = (d - i) as i64;
        let mut merge = relation.matching(d, SOURCES);
        while let Some(position) = merge.next(relation) {
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
            let mut length = 0;
            while length < limit && relation.matches(j + length, i + length)? {
                length += 1;
            }
            if length > best {
                best = length;
                source = j as i64;
                if best == n - i {
                    break;
                }
                if relation.rarest(i, best, n).0 * SWITCH_FACTOR < popularity {
                    switch = true;
                    break;
                }
            }
        }
    }
    Ok((best, source))
}

/// `plan`'s runs and `kept_with_match` for a complete `Matches`; `structure` is a
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
                let text = normals.get_item(r)?.get_item(0)?;
                let Ok(text) = text.extract::<&str>() else {
                    return Ok(None); // a lone surrogate: no UTF-8
                };
                let w = size(text);
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
        let r = relation.rep[k];
        if is_protected(k) || (r == k && relation.neighbours(r)[0] == k) {
            stop = k;
        }
        stops[k] = stop;
    }
    let mut runs = Vec::new();
    let mut kept_with_match = false;
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
        let (best, source) = longest_run(&mut relation, i, stops[i])?;
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
/// each representative's occurrences, and the representatives by normal text.
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
    Ok((PyList::new(py, rep)?, by_rep, same_text))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(py_group_normals, m)?)?;
    m.add_function(wrap_pyfunction!(py_plan_runs, m)?)?;
    Ok(())
}
