//! The kept chunks of a document's paragraphs, as (chunk number, id) pairs ordered by
//! key, then chunk, then id: one `Vec` in compressed-sparse-row form (key `k`'s pairs
//! are `posted[key_start[k]..key_start[k + 1]]`), 8 bytes a posting. A probe meets two
//! or three keys: a small one it scans whole; in a big one (many near-identical or
//! same-length paragraphs) it looks each chunk's run up in a directory.
use rustc_hash::FxHashMap as HashMap;

/// A key with at least this many pairs gets a directory of its runs.
pub const BIG: usize = 1024;

#[derive(Default)]
pub struct Postings {
    posted: Vec<(u32, u32)>,
    key_start: Vec<u32>,
    /// key << 32 | chunk number -> where its run begins and ends, for the big keys
    runs: HashMap<u64, (u32, u32)>,
}

impl Postings {
    /// The postings of `keys` keys, from each cut paragraph's (id, key), ids increasing,
    /// and its distinct kept chunks (`kept[ends[i - 1]..ends[i]]` for the i-th); None
    /// when they do not fit in u32 counts.
    pub fn new(
        keys: usize,
        cut: impl Iterator<Item = (u32, u32)> + Clone,
        kept: Vec<u32>,
        ends: &[usize],
    ) -> Option<Self> {
        if kept.len() >= u32::MAX as usize {
            return None;
        }
        // Counted per key, summed into starts, then each pair placed (ids increase).
        let mut key_start = vec![0u32; keys + 1];
        let mut first = 0;
        for ((_, key), &end) in cut.clone().zip(ends) {
            key_start[key as usize + 1] += (end - first) as u32;
            first = end;
        }
        for k in 1..key_start.len() {
            key_start[k] += key_start[k - 1];
        }
        let mut cursor = key_start.clone();
        let mut posted = vec![(0u32, 0u32); kept.len()];
        let mut first = 0;
        for ((id, key), &end) in cut.zip(ends) {
            for &t in &kept[first..end] {
                posted[cursor[key as usize] as usize] = (t, id);
                cursor[key as usize] += 1;
            }
            first = end;
        }
        drop(kept);
        let mut postings = Postings {
            posted,
            key_start,
            runs: HashMap::default(),
        };
        let big: Vec<u32> = (0..keys as u32).filter(|&k| postings.segment(k).len() >= BIG).collect();
        let mut count = 0;
        for k in 0..keys {
            let range = postings.key_start[k] as usize..postings.key_start[k + 1] as usize;
            let segment = &mut postings.posted[range];
            segment.sort_unstable();
            if segment.len() >= BIG {
                count += 1 + segment.windows(2).filter(|w| w[0].0 != w[1].0).count();
            }
        }
        let mut runs = HashMap::default();
        runs.reserve(count);
        for key in big {
            let start = postings.key_start[key as usize] as usize;
            let segment = postings.segment(key);
            let mut low = 0;
            while low < segment.len() {
                let t = segment[low].0;
                let end = low + run_of(&segment[low..], t).1;
                runs.insert(
                    (key as u64) << 32 | t as u64,
                    ((start + low) as u32, (start + end) as u32),
                );
                low = end;
            }
        }
        postings.runs = runs;
        Some(postings)
    }

    /// The pairs of `key`.
    pub fn segment(&self, key: u32) -> &[(u32, u32)] {
        let k = key as usize;
        &self.posted[self.key_start[k] as usize..self.key_start[k + 1] as usize]
    }

    /// The pairs of chunk `t` in big key `key`, if any.
    pub fn run(&self, key: u32, t: u32) -> Option<&[(u32, u32)]> {
        let &(low, high) = self.runs.get(&((key as u64) << 32 | t as u64))?;
        Some(&self.posted[low as usize..high as usize])
    }
}

/// The first position in `pairs` (ordered) whose first is not below `first`, galloped
/// to from the start (cheap when it is near: the end of a short run).
pub fn gallop(pairs: &[(u32, u32)], first: u32) -> usize {
    let mut low = 0; // every pair before low is below
    let mut step = 1;
    while low + step <= pairs.len() && pairs[low + step - 1].0 < first {
        low += step;
        step *= 2;
    }
    let high = (low + step).min(pairs.len());
    low + pairs[low..high].partition_point(|p| p.0 < first)
}

/// Where the run of `pairs` (ordered) whose first is `first` begins and ends.
pub fn run_of(pairs: &[(u32, u32)], first: u32) -> (usize, usize) {
    let low = gallop(pairs, first);
    (low, low + gallop(&pairs[low..], first + 1))
}

/// Moves the distinct values of sorted `values` to its front; returns how many.
pub fn partition_dedup(values: &mut [u32]) -> usize {
    let mut distinct = 0;
    for k in 0..values.len() {
        if k == 0 || values[k] != values[distinct - 1] {
            values[distinct] = values[k];
            distinct += 1;
        }
    }
    distinct
}
