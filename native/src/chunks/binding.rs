//! The chunk index as Python calls it: `earlier_candidates` (the twin of
//! `ChunkIndex.earlier` for each text), and the reading of forms it shares with
//! `crate::bounded`.
use super::{earlier_within, keys_of};
use crate::utf8::Utf8Batch;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};

/// `texts` read as UTF-8 (without leaving a copy inside each str: the forms live
/// through the plan) and their `numbers` as keys, equal tuples equal keys; None for a
/// lone surrogate or more texts than 32 bits count.
pub fn read_forms<'a, 'py>(
    batch: &'a Utf8Batch<'py>,
    texts: &'a [Bound<'py, PyString>],
    numbers: &[Bound<'py, PyTuple>],
) -> PyResult<Option<(Vec<&'a str>, Vec<usize>)>> {
    if texts.len() >= u32::MAX as usize {
        return Ok(None);
    }
    let Some(strs) = batch.strs(texts).into_iter().collect::<Option<Vec<&str>>>() else {
        return Ok(None); // a lone surrogate
    };
    let found: Vec<Vec<String>> = numbers.iter().map(|tuple| tuple.extract()).collect::<PyResult<_>>()?;
    Ok(Some((strs, keys_of(found))))
}

/// For each of `texts` (with its `numbers`), its bounded earlier candidates
/// (`ChunkIndex.earlier(normal, id)`), as positions in `texts`; None when a text has
/// no UTF-8 (a lone surrogate), the threshold is not in (0, 1] or the ids or postings
/// do not fit in 32 bits. Each position's int object is made once and shared by the
/// lists that hold it (near-identical paragraphs have 32 candidates each). With
/// `within`, only the candidates within the threshold's edits of the text are kept
/// (`Verifier.within_any` of each text and its candidates).
#[pyfunction(name = "earlier_candidates")]
#[pyo3(signature = (texts, numbers, threshold, within = false))]
fn py_earlier_candidates<'py>(
    py: Python<'py>,
    texts: Vec<Bound<'py, PyString>>,
    numbers: Vec<Bound<'py, PyTuple>>,
    threshold: f64,
    within: bool,
) -> PyResult<Option<Bound<'py, PyList>>> {
    if !(threshold > 0.0 && threshold <= 1.0) {
        return Ok(None);
    }
    let batch = Utf8Batch::new(&texts)?;
    let Some((strs, keys)) = read_forms(&batch, &texts, &numbers)? else {
        return Ok(None);
    };
    let Some((flat, ends)) = py.detach(|| earlier_within(&strs, &keys, threshold, within)) else {
        return Ok(None);
    };
    let mut ints: Vec<Option<Bound<'py, PyAny>>> = vec![None; strs.len()];
    let mut lists = Vec::with_capacity(ends.len());
    let mut first = 0;
    for end in ends {
        let items = flat[first..end].iter().map(|&c| {
            ints[c as usize]
                .get_or_insert_with(|| c.into_pyobject(py).unwrap().into_any())
                .clone()
        });
        lists.push(PyList::new(py, items.collect::<Vec<_>>())?);
        first = end;
    }
    Ok(Some(PyList::new(py, lists)?))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(py_earlier_candidates, m)?)?;
    Ok(())
}
