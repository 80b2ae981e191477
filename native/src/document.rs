//! A document's first steps in one call: its layout, each paragraph's normal form,
//! the paragraphs with equal forms and the near pairs: what `Matches` starts from
//! (`dedup/text/prepare.py` says how the engine uses it). Each step is the twin of
//! its own function here (`layout`, `normalize`, `near_pairs`); the grouping is
//! `group_normals`', over forms still in Rust. When no two paragraphs can match, the
//! engine needs none of it, and nothing is made in Python.
use crate::bounded::Partners;
use crate::chunks::keys_of;
use crate::layout::{cut_to_py, layout, unit_named, Cut, Kind};
use crate::levenshtein::Text;
use crate::normalize::{normal_to_py, normalize, size, Normal};
use crate::pairs::{near_pairs, Item};
use crate::sections::unit_mark;
use crate::utf8::with_utf8;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyInt, PyList, PyString, PyTuple};
use rustc_hash::FxHashMap;

/// A document, prepared.
pub struct Prepared {
    pub cut: Cut,
    /// The normal form of each distinct paragraph text, in the order they first stand.
    pub forms: Vec<Normal>,
    /// Each paragraph's form, in `forms`.
    pub form_of: Vec<usize>,
    /// Each paragraph's bytes in the text.
    pub bytes: Vec<(usize, usize)>,
    /// Each paragraph's representative: the first paragraph with an equal form.
    pub rep: Vec<usize>,
    /// The representatives, increasing, and each one's paragraphs, increasing.
    pub occurrences: Vec<Vec<usize>>,
    /// The representatives by normal text, in the order the texts first stand.
    pub same_text: Vec<Vec<usize>>,
    /// The near pairs of representatives and their similarity; None over the budget.
    pub pairs: Option<Vec<((i64, i64), f64)>>,
    /// Over the budget, the bounded relation's partners (`Matches._bounded_partners`),
    /// found while the forms are at hand; None when they do not fit 32 bits.
    pub partners: Option<Partners>,
}

impl Prepared {
    /// Whether two paragraphs may match (`Matches.any`, before the word rule; over the
    /// direct check's budget, by the bounded relation's partners when they are known).
    pub fn any(&self) -> bool {
        self.occurrences.len() < self.rep.len()
            || self.same_text.len() < self.occurrences.len()
            || match (&self.pairs, &self.partners) {
                (Some(pairs), _) => !pairs.is_empty(),
                (None, Some(partners)) => !partners.is_empty(),
                (None, None) => true,
            }
    }

    /// Whether a run of `min_chars` may be removed: false when no stretch of
    /// consecutive paragraphs that may each match an earlier one (an equal form, an
    /// equal text, a near pair before the word rule) weighs `min_chars` (a removed run
    /// is such a stretch, or part of one, weighed by its forms' `size`). True when
    /// neither the near pairs nor the bounded relation's partners are known.
    pub fn may_remove(&self, min_chars: usize) -> bool {
        // Each representative's earliest other representative it may match.
        let mut earliest = vec![usize::MAX; self.rep.len()];
        match (&self.pairs, &self.partners) {
            (Some(pairs), _) => {
                for &((a, b), _) in pairs {
                    let (a, b) = (a as usize, b as usize);
                    earliest[a] = earliest[a].min(b);
                    earliest[b] = earliest[b].min(a);
                }
            }
            // over the direct check's budget: the bounded relation's pairs are its partners
            (None, Some(partners)) => {
                for (r, first) in earliest.iter_mut().enumerate() {
                    *first = partners.earliest(r).unwrap_or(usize::MAX);
                }
            }
            (None, None) => return true,
        }
        for group in self.same_text.iter().filter(|group| group.len() > 1) {
            for &r in group {
                let other = if r == group[0] { group[1] } else { group[0] };
                earliest[r] = earliest[r].min(other);
            }
        }
        let mut stretch = 0;
        for (k, &r) in self.rep.iter().enumerate() {
            if r < k || earliest[r] < k {
                stretch += size(&self.forms[self.form_of[k]].text);
                if stretch >= min_chars {
                    return true;
                }
            } else {
                stretch = 0;
            }
        }
        false
    }
}

/// The byte offsets of lines of `text`, asked in increasing order: the lines of
/// `Cut::starts`, which counts code points (no table of them all: a text of blank
/// lines has millions).
struct LineCursor<'a> {
    text: &'a str,
    line: usize,
    byte: usize,
}

impl LineCursor<'_> {
    fn start_of(&mut self, line: usize) -> usize {
        while self.line < line {
            self.byte = match self.text[self.byte..].find('\n') {
                Some(k) => self.byte + k + 1,
                None => self.text.len(),
            };
            self.line += 1;
        }
        self.byte
    }
}

/// `text` prepared; None when a paragraph holds a code point this Python does not
/// assign (the Python engine decides then).
pub fn prepare(text: &str, unit: &str, width: i64, threshold: f64) -> Option<Prepared> {
    let cut = layout(text, unit_named(unit), width);
    let mut at = LineCursor { text, line: 0, byte: 0 };
    let mut distinct: FxHashMap<&str, usize> = FxHashMap::default();
    let mut forms: Vec<Normal> = Vec::new();
    let mut form_of = Vec::with_capacity(cut.spans.len()); // each paragraph's form
    let mut bytes = Vec::with_capacity(cut.spans.len());
    for &(first, last, _) in &cut.spans {
        let (start, end) = (at.start_of(first), at.start_of(last));
        bytes.push((start, end));
        let raw = &text[start..end];
        let next = forms.len();
        let k = *distinct.entry(raw).or_insert(next);
        if k == next {
            forms.push(normalize(raw)?);
        }
        form_of.push(k);
    }
    // Equal forms (text, numbers and spaced): one representative, the first.
    let mut first_of: FxHashMap<&Normal, usize> = FxHashMap::default();
    let mut rep = Vec::with_capacity(form_of.len());
    let mut slot = vec![usize::MAX; form_of.len()];
    let mut occurrences: Vec<Vec<usize>> = Vec::new();
    let mut text_group: FxHashMap<&str, usize> = FxHashMap::default();
    let mut same_text: Vec<Vec<usize>> = Vec::new();
    for (i, &k) in form_of.iter().enumerate() {
        let r = *first_of.entry(&forms[k]).or_insert(i);
        rep.push(r);
        if r != i {
            occurrences[slot[r]].push(i);
            continue;
        }
        slot[i] = occurrences.len();
        occurrences.push(vec![i]);
        let next = same_text.len();
        let g = *text_group.entry(&forms[k].text).or_insert(next);
        if g == next {
            same_text.push(Vec::new());
        }
        same_text[g].push(i);
    }
    // Near matches only among representatives of units that may match near: a table
    // matches only exactly (`dedup.text.structure.EXACT_ONLY`, the word rule refuses
    // its near pairs), so it takes no place in the search.
    let near: Vec<usize> = occurrences
        .iter()
        .map(|places| places[0])
        .filter(|&r| cut.spans[r].2 != Kind::Table)
        .collect();
    let items: Vec<Item<'_>> = near
        .iter()
        .map(|&r| {
            let form = &forms[form_of[r]];
            Item {
                id: r as i64,
                text: Text::Utf8(&form.text),
                numbers: form.numbers.iter().map(String::as_str).collect(),
            }
        })
        .collect();
    let pairs = near_pairs(&items, threshold);
    drop(items);
    let partners = if pairs.is_some() {
        None
    } else {
        bounded(&forms, &form_of, &near, threshold)
    };
    Some(Prepared {
        cut,
        forms,
        form_of,
        bytes,
        rep,
        occurrences,
        same_text,
        pairs,
        partners,
    })
}

/// What [`units_to_py`] gives: the rest of `Prepared`, the units' text, the forms and
/// each form's text.
type Units<'py> = (Prepared, Bound<'py, PyList>, Bound<'py, PyList>, Vec<Bound<'py, PyAny>>);

/// A unit's text without its last line break (`dedup.text.prepare.unit_text`): the same
/// text as its form's `spaced` for a line with single spaces (most units of text laid
/// out a paragraph a line), so that one str is both.
fn unit_text(unit: &str) -> &str {
    unit.strip_suffix("\r\n")
        .or_else(|| unit.strip_suffix('\n'))
        .unwrap_or(unit)
}

/// The units' text (`unit_text`) and the forms as Python objects (and each form's
/// text), made while the UTF-8 is at hand: one str for the paragraphs of one text (a
/// paragraph pasted a million times is one string), which is also its form's `spaced`
/// when they are equal; each form's strings freed once made (never two whole copies
/// at once).
fn units_to_py<'py>(py: Python<'py>, raw: &str, mut prepared: Prepared) -> PyResult<Units<'py>> {
    let mut made: Vec<Option<Bound<'py, PyString>>> = vec![None; prepared.forms.len()];
    let units = prepared.bytes.iter().zip(&prepared.form_of);
    let raws = PyList::new(
        py,
        units.map(|(&(a, b), &k)| {
            made[k]
                .get_or_insert_with(|| PyString::new(py, unit_text(&raw[a..b])))
                .clone()
        }),
    )?;
    let firsts = firsts_of(&prepared);
    let forms = PyList::empty(py);
    let mut texts = Vec::with_capacity(firsts.len());
    let each = std::mem::take(&mut prepared.forms).into_iter().zip(made).zip(firsts);
    for ((form, object), (a, b)) in each {
        let object = object.expect("every form has a paragraph");
        let fields = normal_to_py(py, &form, Some((unit_text(&raw[a..b]), &object)))?;
        texts.push(fields.get_item(0)?);
        forms.append(fields)?;
    }
    Ok((prepared, raws, forms, texts))
}

/// The bytes of each form's first paragraph, in the forms' order.
fn firsts_of(prepared: &Prepared) -> Vec<(usize, usize)> {
    let mut firsts = vec![(0, 0); prepared.forms.len()];
    let mut seen = 0; // forms are numbered in the order they first stand
    for (&k, &bytes) in prepared.form_of.iter().zip(&prepared.bytes) {
        if k == seen {
            firsts[k] = bytes;
            seen += 1;
        }
    }
    firsts
}

/// The bounded relation's partners of the representatives `reps` (increasing), their
/// forms in `forms`.
fn bounded(forms: &[Normal], form_of: &[usize], reps: &[usize], threshold: f64) -> Option<Partners> {
    let form = |r: usize| &forms[form_of[r]];
    let texts: Vec<&str> = reps.iter().map(|&r| form(r).text.as_str()).collect();
    let keys = keys_of(reps.iter().map(|&r| &form(r).numbers));
    Partners::find(&texts, &keys, reps, form_of.len(), threshold)
}

/// `prepare(text, unit, width, threshold, quick, min_chars=0)`: `text` prepared, as
/// Python takes it (`dedup/text/prepare.py`: the layout, the units' text, the distinct
/// forms, each unit's form among them, then what `Matches` starts from, then the
/// units' marks, `marks_of`); False if
/// `quick` and no two paragraphs may match, or no run of `min_chars` may be removed
/// (`Prepared::may_remove`); None for a text the Python engine must prepare (lone
/// surrogates, code points this Python does not assign). `threshold` is in (0, 1]
/// (the caller checks).
#[pyfunction(name = "prepare")]
#[pyo3(signature = (text, unit, width, threshold, quick, min_chars = 0))]
fn py_prepare<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyString>,
    unit: &str,
    width: i64,
    threshold: f64,
    quick: bool,
    min_chars: usize,
) -> PyResult<Bound<'py, PyAny>> {
    let found = with_utf8(text, |raw| {
        let prepared = py.detach(|| prepare(raw, unit, width, threshold))?;
        if quick && !(prepared.any() && prepared.may_remove(min_chars)) {
            return Some(Ok(None));
        }
        let marks = py.detach(|| marks_of(raw, &prepared.bytes));
        Some(
            units_to_py(py, raw, prepared)
                .map(|(prepared, raws, forms, texts)| Some((prepared, raws, forms, texts, marks))),
        )
    })?;
    let (mut prepared, raws, forms, texts, marks) = match found {
        Some(Some(made)) => match made? {
            Some(made) => made,
            None => return Ok(pyo3::types::PyBool::new(py, false).to_owned().into_any()),
        },
        _ => return Ok(py.None().into_bound(py)), // lone surrogates, or a code point Python lacks
    };
    // The layout first, its lines' starts then freed here (8 bytes a line, as many as
    // the bytes Python reads them from in place).
    let cut = cut_to_py(py, &prepared.cut)?;
    prepared.cut.starts = crate::layout::Starts::Narrow(Vec::new());
    prepared.cut.blank = Vec::new();
    // One int object a paragraph, shared by the lists and dicts below (each of which
    // would otherwise make its own: 28 bytes each, about three a paragraph).
    let ints: Vec<_> = (0..prepared.rep.len()).map(|k| PyInt::new(py, k)).collect();
    let each = |ids: &[usize]| PyList::new(py, ids.iter().map(|&k| &ints[k]));
    let occurrences = PyDict::new(py);
    for places in &prepared.occurrences {
        occurrences.set_item(&ints[places[0]], each(places)?)?;
    }
    let same_text = PyDict::new(py); // (only the texts two representatives or more share)
    for group in prepared.same_text.iter().filter(|group| group.len() > 1) {
        same_text.set_item(&texts[prepared.form_of[group[0]]], each(group)?)?;
    }
    let pairs = match &prepared.pairs {
        None => py.None().into_bound(py),
        Some(found) => {
            let pairs = PyDict::new(py);
            for &(pair, score) in found {
                pairs.set_item(pair, score)?;
            }
            pairs.into_any()
        }
    };
    let partners = match prepared.partners.take() {
        None => py.None().into_bound(py),
        Some(found) => found.into_py(py)?.into_any(),
    };
    let parts = [
        cut.into_any(),
        raws.into_any(),
        forms.into_any(),
        each(&prepared.form_of)?.into_any(),
        each(&prepared.rep)?.into_any(),
        occurrences.into_any(),
        same_text.into_any(),
        pairs,
        partners,
        marks.into_pyobject(py)?.into_any(),
    ];
    Ok(PyTuple::new(py, parts)?.into_any())
}

/// Each unit's `marker_level`, `indent` and whether it is `tagged` (what
/// `dedup.text.heads.unit_marks` gives), read while the UTF-8 is at hand: the
/// planner's structure asks them of most documents prepared, and reading the units'
/// strs back cost more than the reading itself.
fn marks_of(raw: &str, bytes: &[(usize, usize)]) -> (Vec<Option<u8>>, Vec<usize>, Vec<bool>) {
    let each = bytes.iter().map(|&(a, b)| unit_mark(&raw[a..b]));
    let (marks, (indents, tags)) = each.map(|(mark, width, tag)| (mark, (width, tag))).unzip();
    (marks, indents, tags)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(py_prepare, m)?)?;
    Ok(())
}
