//! The chunk index's entry points for the rest of the core: every text's candidates
//! (within the threshold's edits, if asked), and the keys of the texts' numbers.
use super::{Index, Scratch};
use crate::levenshtein::{Coded, Text};
use crate::threshold::max_edits;
use rustc_hash::FxHashMap as HashMap;

/// The candidates of each of `strs` (its numbers' key in `keys`), as positions, one
/// run per text in `flat` up to its end in `ends`; with `within`, only those within
/// the threshold's edits of it (each text read once). None when the ids or postings do
/// not fit in 32 bits.
pub fn earlier_within(strs: &[&str], keys: &[usize], threshold: f64, within: bool) -> Option<(Vec<u32>, Vec<usize>)> {
    let mut index = Index::build(threshold, strs, keys)?;
    let mut scratch = Scratch::default();
    let mut flat: Vec<u32> = Vec::new();
    let mut ends: Vec<usize> = Vec::with_capacity(strs.len());
    let read: Vec<Text<'_>> = if within {
        strs.iter().map(|s| Text::Utf8(s)).collect()
    } else {
        Vec::new()
    };
    let coded: Vec<Coded<'_>> = read.iter().map(Coded::new).collect();
    for id in 0..strs.len() {
        let start = flat.len();
        index.earlier(strs, keys, id, &mut scratch, &mut flat);
        if within {
            let (text, mut kept) = (&coded[id], start);
            for k in start..flat.len() {
                let other = &coded[flat[k] as usize];
                if text
                    .within(other, max_edits(text.len().max(other.len()), threshold))
                    .is_some()
                {
                    flat[kept] = flat[k];
                    kept += 1;
                }
            }
            flat.truncate(kept);
        }
        ends.push(flat.len());
    }
    Some((flat, ends))
}

/// Each of `numbers` (the texts' numbers) as a key: equal numbers, equal keys,
/// numbered in the order they first stand (what `earlier_within` takes).
pub fn keys_of<K: std::hash::Hash + Eq>(numbers: impl IntoIterator<Item = K>) -> Vec<usize> {
    let mut ids: HashMap<K, usize> = HashMap::default();
    numbers
        .into_iter()
        .map(|found| {
            let next = ids.len();
            *ids.entry(found).or_insert(next)
        })
        .collect()
}
