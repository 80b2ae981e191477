//! dedup's compiled core: the per-document hot path of `dedup/text`, which stays the
//! readable reference. Every function here gives what its Python twin gives, byte for
//! byte; `tests/test_native.py` compares them (every code point, and hypothesis).
// No unsafe code of our own: what PyO3 needs is inside its macros and crate.
#![deny(unsafe_code)]
use pyo3::prelude::*;

pub mod bounded;
pub mod chunks;
pub mod document;
pub mod layout;
pub mod levenshtein;
pub mod normalize;
pub mod packed;
pub mod pairs;
pub mod plan;
pub mod relation;
pub mod sections;
pub mod summary;
pub mod tables;
mod tags;
pub mod threshold;
pub mod utf8;
pub mod words;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("UNIDATA_VERSION", tables::UNIDATA_VERSION)?;
    bounded::register(m)?;
    chunks::register(m)?;
    document::register(m)?;
    summary::register(m)?;
    normalize::register(m)?;
    plan::register(m)?;
    layout::register(m)?;
    sections::register(m)?;
    levenshtein::register(m)?;
    pairs::register(m)?;
    words::register(m)?;
    Ok(())
}
