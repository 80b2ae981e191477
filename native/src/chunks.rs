//! The chunk index's bounded candidate search: the twin of `ChunkIndex` (its
//! constructor and `earlier`) in `dedup/text/fingerprint.py`, whose docstrings give the
//! pigeonhole filter and the bounds. Ids are positions in the list given, which must be
//! the representatives in increasing order (`earlier` only compares ids).
//!
//! Stored compactly (issue 14, item 6: 50,000 paragraphs took 140 MB as maps of maps of
//! vectors, about 2.8 KB a paragraph): each distinct chunk gets a number
//! ([`interner::Interner`]), the kept chunks are (chunk number, id) pairs in one `Vec`
//! by key ([`postings::Postings`]), and the candidates go back as one flat `Vec<u32>`,
//! then lists sharing one int object per position. Measured on 20,000 distinct
//! paragraphs (tests/test_native_chunks_memory.py): about 600 bytes of peak a paragraph.
mod binding;
mod count;
mod filter;
mod interner;
mod postings;
mod within;

use crate::threshold::{longest_partner, max_edits};
use count::Counted;
use filter::Filter;
use interner::{hash, Interner};
use postings::{partition_dedup, run_of, Postings, BIG};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

const SPARE: usize = 3;
const PER_CHUNK: usize = 32;
pub const CANDIDATES: usize = 32;
const BAND_WORD: usize = 64;

/// The byte offset of each code point of `s` and of its end (Python's indices), into
/// `bounds`; returns the length in code points.
fn char_bounds(s: &str, bounds: &mut Vec<usize>) -> usize {
    bounds.clear();
    if s.is_ascii() {
        bounds.extend(0..=s.len());
    } else {
        // a code point starts at every byte that is no continuation byte (10xxxxxx)
        let starts = s.bytes().enumerate().filter(|&(_, b)| (b as i8) >= -0x40);
        bounds.extend(starts.map(|(k, _)| k));
        bounds.push(s.len());
    }
    bounds.len() - 1
}

/// Whether bit `k` of `bits` is set.
fn has(bits: &[u64], k: usize) -> bool {
    bits[k / 64] >> (k % 64) & 1 == 1
}

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
    edits: HashMap<usize, usize>,
    /// (numbers, length bucket) -> key number
    keys: HashMap<(usize, i64), u32>,
    /// (key, id) of the ids too short to cut into chunks, in order
    short: Vec<(u32, u32)>,
    chunks: Interner<'a>,
    /// the kept chunks' hashes (a probe's substrings are looked up only if they may be one)
    kept_hashes: Filter,
    /// Each cut paragraph's own chunks, in order, from `own_start[id]` to
    /// `own_start[id + 1]`: a probe's substrings at the places its text was cut are
    /// these, known without a lookup (most of a probe's hits are its own kept chunks).
    own: Vec<u32>,
    own_start: Vec<usize>,
    /// Whether each of `own` is among its paragraph's kept chunks (a bit each).
    own_kept: Vec<u64>,
    /// Whether each chunk number is some paragraph's kept chunk, and whether two
    /// paragraphs' or more (a bit each): a probe looks up only those, and of its own
    /// chunks only those another paragraph keeps.
    kept_bits: Vec<u64>,
    shared_bits: Vec<u64>,
    postings: Postings,
    lengths: Vec<usize>,
    need: Vec<u32>,
    counts: Vec<u32>,
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

    /// `candidates_kept(length, threshold)`: CANDIDATES over the 64-bit words of the
    /// band of edits of a paragraph of `length` (checking a candidate costs about its
    /// length times those words), at least one.
    fn candidates_kept(&mut self, length: usize) -> usize {
        let band = 2 * self.partner_edits(length) + 1;
        1.max(CANDIDATES / band.div_ceil(BAND_WORD))
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

    /// The index of `texts`; None when its postings would not fit in u32 counts.
    fn build(threshold: f64, texts: &[&'a str], numbers: &[usize]) -> Option<Self> {
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
            edits: HashMap::default(),
            keys: HashMap::default(),
            short: Vec::new(),
            chunks: Interner::default(),
            kept_hashes: Filter::new(0),
            own: Vec::new(),
            own_start: vec![0; n + 1],
            own_kept: Vec::new(),
            kept_bits: Vec::new(),
            shared_bits: Vec::new(),
            postings: Postings::default(),
            lengths: vec![0; n],
            need: vec![1; n],
            counts: vec![0; n],
        };
        // How often each chunk occurs in the document (every cut, not only the kept).
        let mut frequency: Vec<u32> = Vec::new();
        // (id, key, edits, end in `cut_terms`) of each paragraph cut into chunks, and
        // the numbers of its chunks (4 bytes a chunk: looking them up again costs a
        // walk through the whole table per chunk), kept as `own`
        let mut cut: Vec<(usize, u32, usize, usize)> = Vec::new();
        let mut cut_terms: Vec<u32> = Vec::new();
        let mut bounds: Vec<usize> = Vec::new();
        for (id, &s) in texts.iter().enumerate() {
            index.own_start[id] = cut_terms.len();
            let len = char_bounds(s, &mut bounds);
            let Some(size) = index.chunk_size(len) else {
                continue;
            };
            index.lengths[id] = len;
            let next = index.keys.len() as u32;
            let key = *index.keys.entry((numbers[id], index.bucket(len))).or_insert(next);
            if size == 0 {
                index.short.push((key, id as u32));
                continue;
            }
            for p in (0..len - size + 1).step_by(size) {
                let t = index.chunks.intern(&s[bounds[p]..bounds[p + size]])?;
                if t as usize == frequency.len() {
                    frequency.push(0);
                }
                frequency[t as usize] += 1;
                cut_terms.push(t);
            }
            let edits = index.partner_edits(len);
            cut.push((id, key, edits, cut_terms.len()));
        }
        index.own_start[n] = cut_terms.len();
        // Each cut paragraph's kept chunks (the rarest edits + SPARE, distinct), in id
        // order; then placed by key.
        let mut kept: Vec<u32> = Vec::new();
        let mut ends: Vec<usize> = Vec::with_capacity(cut.len());
        let mut rarest: Vec<(u32, usize)> = Vec::new();
        let mut start = 0;
        let mut own_kept = vec![0u64; cut_terms.len().div_ceil(64)];
        for &(id, _, edits, end) in &cut {
            let terms = &cut_terms[start..end];
            rarest.clear();
            rarest.extend(terms.iter().enumerate().map(|(p, &t)| (frequency[t as usize], p)));
            rarest.sort_unstable();
            let first = kept.len();
            kept.extend(rarest.iter().take(edits + SPARE).map(|&(_, p)| terms[p]));
            kept[first..].sort_unstable();
            let distinct = first + partition_dedup(&mut kept[first..]);
            kept.truncate(distinct);
            for (p, t) in terms.iter().enumerate() {
                if kept[first..].binary_search(t).is_ok() {
                    own_kept[(start + p) / 64] |= 1 << ((start + p) % 64);
                }
            }
            start = end;
            index.need[id] = 1.max((distinct - first) as i64 - edits as i64) as u32;
            ends.push(kept.len());
        }
        index.kept_bits = vec![0; frequency.len().div_ceil(64)];
        index.shared_bits = vec![0; frequency.len().div_ceil(64)];
        drop(frequency);
        index.own = cut_terms;
        index.own_kept = own_kept;
        index.kept_hashes = Filter::new(kept.len());
        for &t in &kept {
            index.kept_hashes.add(hash(index.chunks.string(t)));
            let (word, bit) = (t as usize / 64, 1 << (t % 64));
            // a paragraph's kept chunks are distinct: a second sight is another's
            index.shared_bits[word] |= index.kept_bits[word] & bit;
            index.kept_bits[word] |= bit;
        }
        let pairs = cut.iter().map(|&(id, key, _, _)| (id as u32, key));
        index.postings = Postings::new(index.keys.len(), pairs, kept, &ends)?;
        index.short.sort_unstable();
        index.chunks.shrink_to_fit();
        Some(index)
    }

    /// `ChunkIndex.earlier(texts[id], id)`, appended to `result`.
    fn earlier(
        &mut self,
        texts: &[&'a str],
        numbers: &[usize],
        id: usize,
        scratch: &mut Scratch<'a>,
        result: &mut Vec<u32>,
    ) {
        let s = texts[id];
        let len = char_bounds(s, &mut scratch.bounds);
        let bounds = &scratch.bounds;
        let probe = self.probe(len);
        let kept = self.candidates_kept(len);
        let cut = self.chunk_size(len).unwrap_or(0);
        // Lists of (anything, id) whose ids are counted: the short ids of each key and,
        // for each chunk of a key that occurs in the text, that key's ids of that chunk.
        let mut found: Vec<&[(u32, u32)]> = Vec::new();
        let mut small: Vec<&[(u32, u32)]> = Vec::new();
        let mut big: Vec<u32> = Vec::new();
        for bucket in probe.buckets.clone() {
            if let Some(&key) = self.keys.get(&(numbers[id], bucket)) {
                let (low, high) = run_of(&self.short, key);
                if low < high {
                    found.push(&self.short[low..high]);
                }
                let segment = self.postings.segment(key);
                if segment.len() >= BIG {
                    big.push(key);
                } else if !segment.is_empty() {
                    small.push(segment);
                }
            }
        }
        let sizes = probe.sizes.iter().copied().filter(|&size| size <= len);
        let grams: usize = sizes.clone().map(|size| len - size + 1).sum();
        // A key with fewer pairs than the text has substrings: each of its chunks looked
        // for among them (scanned); one with more: each substring looked up in it.
        let (scanned, searched): (Vec<_>, Vec<_>) = small.into_iter().partition(|s| s.len() <= grams);
        if !scanned.is_empty() {
            // Few chunks: each searched in the text (a match of so many characters is
            // one of its substrings of that size); more: the substrings gathered first.
            let few = scanned.iter().map(|segment| segment.len()).sum::<usize>() * 4 <= grams;
            let set = &mut scratch.gram_set;
            set.clear();
            if !few {
                for size in sizes.clone() {
                    set.extend((0..len - size + 1).map(|p| &s[bounds[p]..bounds[p + size]]));
                }
            }
            let occurs = |chunk: &str| {
                let n = if chunk.is_ascii() {
                    chunk.len()
                } else {
                    chunk.chars().count()
                };
                probe.sizes.contains(&n) && s.contains(chunk)
            };
            for segment in scanned {
                let mut k = 0;
                while k < segment.len() {
                    let (_, end) = run_of(&segment[k..], segment[k].0);
                    let chunk = self.chunks.string(segment[k].0);
                    if if few { occurs(chunk) } else { set.contains(chunk) } {
                        found.push(&segment[k..k + end]);
                    }
                    k += end;
                }
            }
        }
        if !big.is_empty() || !searched.is_empty() {
            let terms = &mut scratch.terms;
            terms.clear();
            // the text's own chunks: the substrings of its chunk size where it was cut
            let first = self.own_start[id];
            let own = &self.own[first..self.own_start[id + 1]];
            for size in sizes {
                terms.extend((0..len - size + 1).filter_map(|p| {
                    if size == cut && p % size == 0 {
                        // kept by another paragraph: by two, or by one if not this one
                        let t = own[p / size];
                        let other = has(&self.shared_bits, t as usize) || !has(&self.own_kept, first + p / size);
                        return (other && has(&self.kept_bits, t as usize)).then_some(t);
                    }
                    let gram = &s[bounds[p]..bounds[p + size]];
                    let h = hash(gram);
                    self.kept_hashes
                        .may_hold(h)
                        .then(|| self.chunks.get_hashed(gram, h))
                        .flatten()
                        .filter(|&t| has(&self.kept_bits, t as usize))
                }));
            }
            terms.sort_unstable();
            terms.dedup();
            for &key in &big {
                found.extend(terms.iter().filter_map(|&t| self.postings.run(key, t)));
            }
            for mut segment in searched {
                // the terms increase: each search starts where the last one ended
                for &t in terms.iter() {
                    let (low, high) = run_of(segment, t);
                    if low < high {
                        found.push(&segment[low..high]);
                    }
                    segment = &segment[high..];
                }
            }
        }
        // The part of each list that counts: its PER_CHUNK latest ids below `id`.
        let tails: Vec<&[(u32, u32)]> = found
            .into_iter()
            .filter(|pairs| (pairs[0].1 as usize) < id)
            .map(|pairs| {
                let stop = pairs.partition_point(|p| (p.1 as usize) < id);
                &pairs[stop.saturating_sub(PER_CHUNK)..stop]
            })
            .collect();
        let counted = Counted {
            counts: &mut self.counts,
            need: &self.need,
            lengths: &self.lengths,
            lengths_within: probe.low..=probe.high,
        };
        counted.latest(tails, kept, &mut scratch.touched, result);
    }
}

/// Buffers reused from one paragraph to the next.
#[derive(Default)]
struct Scratch<'a> {
    bounds: Vec<usize>,
    gram_set: HashSet<&'a str>,
    terms: Vec<u32>,
    touched: Vec<u32>,
}

pub use binding::{read_forms, register};
pub use within::{earlier_within, keys_of};
