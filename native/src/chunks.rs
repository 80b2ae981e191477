//! The chunk index's bounded candidate search: the twin of `ChunkIndex` (its
//! constructor and `earlier`) in `dedup/text/fingerprint.py`, whose docstrings give the
//! pigeonhole filter and the bounds. Ids are positions in the list given, which must be
//! the representatives in increasing order (`earlier` only compares ids).
use crate::threshold::{longest_partner, max_edits};
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

const SPARE: usize = 3;
const PER_CHUNK: usize = 32;
const CANDIDATES: usize = 32;

/// A text cut by code points (Python's indices).
struct Text<'a> {
    s: &'a str,
    /// byte offset of each code point and of the end; None when ASCII
    offsets: Option<Vec<usize>>,
    len: usize,
}

impl<'a> Text<'a> {
    fn new(s: &'a str) -> Self {
        if s.is_ascii() {
            return Text {
                s,
                offsets: None,
                len: s.len(),
            };
        }
        let mut offsets: Vec<usize> = s.char_indices().map(|(b, _)| b).collect();
        let len = offsets.len();
        offsets.push(s.len());
        Text {
            s,
            offsets: Some(offsets),
            len,
        }
    }

    fn slice(&self, p: usize, size: usize) -> &'a str {
        match &self.offsets {
            None => &self.s[p..p + size],
            Some(o) => &self.s[o[p]..o[p + size]],
        }
    }
}

type Key = (usize, i64);

struct Probe {
    low: usize,
    high: usize,
    sizes: Vec<usize>,
    buckets: std::ops::RangeInclusive<i64>,
}

struct Index<'a> {
    threshold: f64,
    widest: usize,
    ratio: f64,
    // posting lists of ids as u32: half the memory of the index's largest part
    chunks: HashMap<Key, HashMap<&'a str, Vec<u32>>>,
    short: HashMap<Key, Vec<u32>>,
    lengths: Vec<usize>,
    need: Vec<usize>,
    edits: HashMap<usize, usize>,
    counts: Vec<usize>,
}

impl<'a> Index<'a> {
    fn bucket(&self, length: usize) -> i64 {
        if length == 0 {
            -1
        } else {
            ((length as f64).ln() / self.ratio) as i64
        }
    }

    fn partner_edits(&mut self, length: usize) -> usize {
        let threshold = self.threshold;
        *self
            .edits
            .entry(length)
            .or_insert_with(|| max_edits(longest_partner(length, threshold), threshold))
    }

    fn chunk_size(&mut self, length: usize) -> Option<usize> {
        let edits = self.partner_edits(length);
        if edits == 0 {
            None
        } else {
            Some(self.widest.min(length / (edits + 1)))
        }
    }

    fn probe(&mut self, length: usize) -> Probe {
        let low = length - max_edits(length, self.threshold);
        let high = longest_partner(length, self.threshold);
        let mut sizes: Vec<usize> = Vec::new();
        if self.threshold > 0.5 {
            for n in low..=high {
                let size = self.chunk_size(n);
                if let Some(s) = size.filter(|&s| s > 0) {
                    if !sizes.contains(&s) {
                        sizes.push(s);
                    }
                }
                if size == Some(self.widest) {
                    break;
                }
            }
        }
        sizes.sort_unstable();
        Probe {
            low,
            high,
            sizes,
            buckets: self.bucket(low)..=self.bucket(high),
        }
    }

    fn build(threshold: f64, texts: &[Text<'a>], numbers: &[usize]) -> Self {
        let widest = if threshold < 1.0 {
            1usize.max((threshold / (2.0 * (1.0 - threshold)) + 1e-9).floor() as usize)
        } else {
            1
        };
        let ratio = if threshold < 1.0 { (1.0 / threshold).ln() } else { 1.0 };
        let n = texts.len();
        let mut index = Index {
            threshold,
            widest,
            ratio,
            chunks: HashMap::default(),
            short: HashMap::default(),
            lengths: vec![0; n],
            need: vec![1; n],
            edits: HashMap::default(),
            counts: vec![0; n],
        };
        let mut frequency: HashMap<&'a str, u32> = HashMap::default();
        let mut cut: Vec<(usize, Key, usize, usize)> = Vec::new();
        for (id, text) in texts.iter().enumerate() {
            let Some(size) = index.chunk_size(text.len) else {
                continue;
            };
            index.lengths[id] = text.len;
            let key = (numbers[id], index.bucket(text.len));
            if size == 0 {
                index.short.entry(key).or_default().push(id as u32);
                continue;
            }
            for p in (0..text.len - size + 1).step_by(size) {
                *frequency.entry(text.slice(p, size)).or_insert(0) += 1;
            }
            let edits = index.partner_edits(text.len);
            cut.push((id, key, edits, size));
        }
        for (id, key, edits, size) in cut {
            let text = &texts[id];
            let chunks: Vec<&'a str> = (0..text.len - size + 1)
                .step_by(size)
                .map(|p| text.slice(p, size))
                .collect();
            let mut rarest: Vec<(u32, usize)> = chunks.iter().enumerate().map(|(p, c)| (frequency[c], p)).collect();
            rarest.sort_unstable();
            let distinct: HashSet<&'a str> = rarest.iter().take(edits + SPARE).map(|&(_, p)| chunks[p]).collect();
            index.need[id] = 1.max(distinct.len() as i64 - edits as i64) as usize;
            let table = index.chunks.entry(key).or_default();
            for chunk in distinct {
                table.entry(chunk).or_default().push(id as u32);
            }
        }
        index
    }

    fn earlier(&mut self, texts: &[Text<'a>], numbers: &[usize], id: usize) -> Vec<usize> {
        let text = &texts[id];
        let probe = self.probe(text.len);
        let mut found: Vec<&Vec<u32>> = Vec::new();
        let mut tables = Vec::new();
        for bucket in probe.buckets.clone() {
            let key = (numbers[id], bucket);
            if let Some(short) = self.short.get(&key).filter(|s| !s.is_empty()) {
                found.push(short);
            }
            if let Some(table) = self.chunks.get(&key).filter(|t| !t.is_empty()) {
                tables.push(table);
            }
        }
        if !tables.is_empty() {
            for &size in &probe.sizes {
                if text.len < size {
                    continue;
                }
                let grams: HashSet<&str> = (0..text.len - size + 1).map(|p| text.slice(p, size)).collect();
                for table in &tables {
                    found.extend(grams.iter().filter_map(|g| table.get(g)));
                }
            }
        }
        // Counted in a dense array, reset through the ids touched.
        let mut touched: Vec<usize> = Vec::new();
        for ids in found {
            if (ids[0] as usize) < id {
                let stop = ids.partition_point(|&x| (x as usize) < id);
                for &c in &ids[stop.saturating_sub(PER_CHUNK)..stop] {
                    let c = c as usize;
                    if self.counts[c] == 0 {
                        touched.push(c);
                    }
                    self.counts[c] += 1;
                }
            }
        }
        let mut result: Vec<usize> = Vec::new();
        for &c in &touched {
            let count = std::mem::take(&mut self.counts[c]);
            if count >= self.need[c] && probe.low <= self.lengths[c] && self.lengths[c] <= probe.high {
                result.push(c);
            }
        }
        result.sort_unstable();
        let skip = result.len().saturating_sub(CANDIDATES);
        result.split_off(skip)
    }
}

/// For each of `texts` (with its `numbers`), its bounded earlier candidates
/// (`ChunkIndex.earlier(normal, id)`), as positions in `texts`; None when a text has
/// no UTF-8 (a lone surrogate), the threshold is not in (0, 1] or the ids do not fit
/// in 32 bits.
#[pyfunction(name = "earlier_candidates")]
fn py_earlier_candidates(
    py: Python<'_>,
    texts: Vec<Bound<'_, PyString>>,
    numbers: Vec<Bound<'_, PyTuple>>,
    threshold: f64,
) -> PyResult<Option<Vec<Vec<usize>>>> {
    if !(threshold > 0.0 && threshold <= 1.0) || texts.len() > u32::MAX as usize {
        return Ok(None);
    }
    let mut strs = Vec::with_capacity(texts.len());
    for t in &texts {
        match t.to_str() {
            Ok(s) => strs.push(s),
            Err(_) => return Ok(None),
        }
    }
    let mut ids: HashMap<Vec<String>, usize> = HashMap::default();
    let mut keys = Vec::with_capacity(numbers.len());
    for tuple in &numbers {
        let found: Vec<String> = tuple.extract()?;
        let next = ids.len();
        keys.push(*ids.entry(found).or_insert(next));
    }
    Ok(Some(py.detach(|| {
        let texts: Vec<Text> = strs.iter().map(|s| Text::new(s)).collect();
        let mut index = Index::build(threshold, &texts, &keys);
        (0..texts.len()).map(|id| index.earlier(&texts, &keys, id)).collect()
    })))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(py_earlier_candidates, m)?)?;
    Ok(())
}
