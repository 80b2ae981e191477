//! The match relation as the planner reads it: the twin of `Matches.score`,
//! `Matches.popularity` and `Matches.matching` in `dedup/text/runs.py`, over what
//! Python's `Matches` built. A complete relation (every near pair found and verified
//! up front) is read whole; a bounded one (each representative's near partners among
//! its chunk-index candidates, within edits but not yet asked of the word rule) asks
//! Python back for each such pair the planner looks at, once, as `Matches.score` does
//! (`score(a, b, keep=False)`: the answer is kept here, as a bool).
//! Equal texts whose names differ in case are asked of Python too (rare).
use crate::bounded::Shared;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};

pub struct Relation<'py> {
    py_matches: Bound<'py, PyAny>,
    pub rep: Vec<usize>,
    /// occurrences of each representative (empty for the others), increasing
    occurrences: Vec<Vec<usize>>,
    /// each representative's text, as a number: equal texts, equal numbers
    text_id: Vec<usize>,
    twins: Vec<Option<Vec<usize>>>,
    complete: bool,
    /// complete: each representative's verified partners
    partners: Vec<Vec<usize>>,
    pairs: HashSet<(usize, usize)>,
    /// bounded: each representative's partners within edits, earlier and later, increasing
    earlier: Shared,
    later: Shared,
    /// complete: each representative's neighbours, once asked
    neighbours: Vec<Option<Vec<usize>>>,
    popularity: Vec<Option<usize>>,
    /// bounded: Python's answer on each earlier pair (`earlier.flat`'s place): 0 not
    /// asked yet, 1 a match, 2 none
    answers: Vec<u8>,
    /// other pairs of representatives Python was asked about (equal texts), and its answer
    asked: HashMap<(usize, usize), bool>,
}

fn lists(dict: Bound<'_, PyAny>, n: usize) -> PyResult<Vec<Vec<usize>>> {
    let mut found = vec![Vec::new(); n];
    for (key, values) in dict.cast::<PyDict>()?.iter() {
        found[key.extract::<usize>()?] = values.extract()?;
    }
    Ok(found)
}

impl<'py> Relation<'py> {
    pub fn new(matches: &Bound<'py, PyAny>) -> PyResult<Self> {
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
        for (r, group) in twin_dict.cast::<PyDict>()?.iter() {
            let group = group.cast::<PyList>()?;
            if group.len() > 1 {
                twins[r.extract::<usize>()?] = Some(group.extract()?);
            }
        }
        let complete: bool = matches.getattr("complete")?.extract()?;
        let mut partners = Vec::new();
        let (mut earlier, mut later) = (Shared::empty(n), Shared::empty(n));
        let mut pairs = HashSet::new();
        if complete {
            partners = lists(matches.getattr("_partners")?, n)?;
            for (a, found) in partners.iter().enumerate() {
                pairs.extend(found.iter().map(|&b| (a.min(b), a.max(b))));
            }
        } else {
            earlier = Shared::read(&matches.getattr("_earlier")?, n)?;
            later = Shared::read(&matches.getattr("_later")?, n)?;
        }
        let answers = vec![0; earlier.len()];
        Ok(Relation {
            py_matches: matches.clone(),
            rep,
            occurrences,
            text_id,
            twins,
            complete,
            partners,
            pairs,
            earlier,
            later,
            neighbours: vec![None; if complete { n } else { 0 }],
            popularity: vec![None; n],
            answers,
            asked: HashMap::new(),
        })
    }

    fn twins(&self, r: usize) -> &[usize] {
        match &self.twins[r] {
            Some(group) => group,
            None => std::slice::from_ref(&self.occurrences[r][0]),
        }
    }

    /// The representatives `matching` reads for `r`, increasing: complete, every one
    /// that matches `r` (itself included); bounded, its twins and its partners within
    /// edits, merged, a representative in two of them twice (as `heapq.merge` gives).
    fn neighbours(&mut self, r: usize) -> Vec<usize> {
        if self.complete {
            return self.verified(r).clone();
        }
        // made each time: the partners are already stored, flat
        let mut found: Vec<usize> = self.twins(r).to_vec();
        let py = self.py_matches.py();
        found.extend(self.earlier.of(py, r));
        found.extend(self.later.of(py, r));
        found.sort_unstable();
        found
    }

    /// A complete relation's neighbours of `r`, kept once made.
    fn verified(&mut self, r: usize) -> &Vec<usize> {
        if self.neighbours[r].is_none() {
            let mut found: Vec<usize> = self.twins(r).to_vec();
            found.extend_from_slice(&self.partners[r]);
            found.sort_unstable();
            found.dedup();
            self.neighbours[r] = Some(found);
        }
        self.neighbours[r].as_ref().unwrap()
    }

    /// `Matches.popularity(p)`: an upper bound on the paragraphs matching `p`.
    pub fn popularity(&mut self, p: usize) -> usize {
        let r = self.rep[p];
        if self.popularity[r].is_none() {
            let reps = self.neighbours(r);
            self.popularity[r] = Some(reps.iter().map(|&c| self.occurrences[c].len()).sum());
        }
        self.popularity[r].unwrap()
    }

    /// Whether paragraphs `a` and `b` match (`Matches.score(a, b) is not None`).
    pub fn matches(&mut self, a: usize, b: usize) -> PyResult<bool> {
        let (ra, rb) = (self.rep[a], self.rep[b]);
        if ra == rb {
            return Ok(true);
        }
        let key = (ra.min(rb), ra.max(rb));
        let place = if self.text_id[ra] == self.text_id[rb] {
            None
        } else if self.complete {
            return Ok(self.pairs.contains(&key));
        } else {
            match self.earlier.position(self.py_matches.py(), key.1, key.0) {
                Some(place) => Some(place),
                None => return Ok(false), // not within edits, or not among the later one's candidates
            }
        };
        let known = match place {
            Some(place) => (self.answers[place] != 0).then_some(self.answers[place] == 1),
            None => self.asked.get(&key).copied(),
        };
        if let Some(known) = known {
            return Ok(known);
        }
        let found = !self.py_matches.call_method1("score", (a, b, false))?.is_none();
        match place {
            Some(place) => self.answers[place] = if found { 1 } else { 2 },
            None => {
                self.asked.insert(key, found);
            }
        }
        Ok(found)
    }

    /// Whether no paragraph before `k` matches it (`next(matching(k)) == k`).
    pub fn first_of_its_kind(&mut self, k: usize) -> PyResult<bool> {
        let r = self.rep[k];
        if r != k {
            return Ok(false);
        }
        if self.complete {
            return Ok(self.verified(r)[0] == k);
        }
        let mut merge = self.matching(k, usize::MAX);
        Ok(merge.next(self)? == Some(k))
    }

    /// The paragraphs matching `p`, increasing, of the first `limit` representatives
    /// `neighbours` gives (matching or not), each admitted as the merge reaches it.
    pub fn matching(&mut self, p: usize, limit: usize) -> Merge {
        let r = self.rep[p];
        let mut pending: Vec<usize> = self.neighbours(r);
        pending.truncate(limit);
        pending.reverse(); // popped from the end, increasing
        Merge {
            rep: r,
            pending,
            last: usize::MAX,
            heap: BinaryHeap::new(),
        }
    }

    pub fn rarest(&mut self, i: usize, best: usize, n: usize, window: usize) -> (usize, usize) {
        let end = (i + best + 1).min(n).min(i + window);
        (i..end).map(|d| (self.popularity(d), d)).min().unwrap()
    }
}

/// A lazy merge of the occurrences of the representatives matching one.
pub struct Merge {
    rep: usize,
    pending: Vec<usize>,
    last: usize,
    heap: BinaryHeap<Reverse<(usize, usize, usize)>>,
}

impl Merge {
    pub fn next(&mut self, relation: &mut Relation<'_>) -> PyResult<Option<usize>> {
        // A representative's first occurrence is itself: admitted just before the
        // merge reaches it, so that a bounded relation asks Python only what is read.
        while let Some(&c) = self.pending.last() {
            if self.heap.peek().is_some_and(|Reverse((top, _, _))| c > *top) {
                break;
            }
            self.pending.pop();
            if c != self.last && (c == self.rep || relation.complete || relation.matches(c, self.rep)?) {
                self.last = c;
                self.heap.push(Reverse((c, c, 0)));
            }
        }
        let Some(Reverse((position, c, k))) = self.heap.pop() else {
            return Ok(None);
        };
        if let Some(&following) = relation.occurrences[c].get(k + 1) {
            self.heap.push(Reverse((following, c, k + 1)));
        }
        Ok(Some(position))
    }
}
