//! A probe's count of the ids its lists share: the latest ids first, in windows of
//! ids that double, until enough candidates are found (an id's count is whole once its
//! window is counted, and the ids below cannot be among the latest). Most paragraphs
//! have few entries: one window.
use std::ops::RangeInclusive;

/// The ids a paragraph's count starts with, when its lists hold more than ONE_WINDOW
/// entries to count (then the window doubles until enough candidates are found).
const WINDOW: u32 = 64;
const ONE_WINDOW: usize = 256;

/// The index's tables a count reads and writes.
pub struct Counted<'a> {
    /// Each id's count so far, zero between probes (reset through the ids touched).
    pub counts: &'a mut [u32],
    /// The count each id needs to be a candidate.
    pub need: &'a [u32],
    /// Each id's length in code points, and the lengths a candidate may have.
    pub lengths: &'a [usize],
    pub lengths_within: RangeInclusive<usize>,
}

impl Counted<'_> {
    /// The `kept` latest candidates among the ids of `tails` (each list increasing),
    /// appended to `result`, increasing; `touched` is a buffer.
    pub fn latest(self, mut tails: Vec<&[(u32, u32)]>, kept: usize, touched: &mut Vec<u32>, result: &mut Vec<u32>) {
        let first = result.len();
        let total: usize = tails.iter().map(|tail| tail.len()).sum();
        let mut width = if total <= ONE_WINDOW { u32::MAX } else { WINDOW };
        while result.len() - first < kept {
            let Some(top) = tails.iter().map(|tail| tail[tail.len() - 1].1).max() else {
                break;
            };
            let floor = (top + 1).saturating_sub(width);
            touched.clear();
            for tail in tails.iter_mut() {
                let cut = tail.partition_point(|p| p.1 < floor);
                for &(_, c) in &tail[cut..] {
                    if self.counts[c as usize] == 0 {
                        touched.push(c);
                    }
                    self.counts[c as usize] += 1;
                }
                *tail = &tail[..cut];
            }
            tails.retain(|tail| !tail.is_empty());
            for &c in touched.iter() {
                let count = std::mem::take(&mut self.counts[c as usize]);
                if count >= self.need[c as usize] && self.lengths_within.contains(&self.lengths[c as usize]) {
                    result.push(c);
                }
            }
            width = width.saturating_mul(2);
        }
        result[first..].sort_unstable();
        let skip = (result.len() - first).saturating_sub(kept);
        result.drain(first..first + skip);
    }
}
