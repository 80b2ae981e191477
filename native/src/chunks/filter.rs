//! A Bloom filter over the kept chunks' hashes: a probe slides over every substring
//! of its text (hundreds a paragraph), and nearly all of them are no kept chunk of
//! any paragraph. The bits (about 16 a kept chunk, a few MB) answer that from cache
//! for most of them; only the rest are looked up in the interner, whose table holds
//! every chunk cut (millions, far out of cache: each look a cache miss). Two bits a
//! hash, in one 64-bit word (one memory access): about 2% of other substrings pass,
//! against 6% with one bit (which cost the CJK shape of `bench/shapes.py` 100,000
//! needless lookups at 8x).

/// The fewest and the most bits.
const MIN_BITS: u32 = 10;
const MAX_BITS: u32 = 27;

pub struct Filter {
    words: Vec<u64>,
    shift: u32,
}

impl Filter {
    /// A filter sized for `count` hashes (each may be added more than once).
    pub fn new(count: usize) -> Self {
        let bits = (count.max(1) * 16)
            .next_power_of_two()
            .trailing_zeros()
            .clamp(MIN_BITS, MAX_BITS);
        Filter {
            words: vec![0; 1 << (bits - 6)],
            shift: 64 - bits,
        }
    }

    /// The word of `hash` (its high bits) and its two bits there (two other 6-bit
    /// fields of it, below the ones the word takes and the interner's slot takes).
    fn place(&self, hash: u64) -> (usize, u64) {
        let word = (hash >> (self.shift + 6)) as usize;
        (word, 1 << ((hash >> 20) & 63) | 1 << ((hash >> 26) & 63))
    }

    pub fn add(&mut self, hash: u64) {
        let (word, mask) = self.place(hash);
        self.words[word] |= mask;
    }

    /// False only for a hash never added.
    pub fn may_hold(&self, hash: u64) -> bool {
        let (word, mask) = self.place(hash);
        self.words[word] & mask == mask
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_what_was_added() {
        let hashes: Vec<u64> = (0..5000u64).map(|k| k.wrapping_mul(0x9E37_79B9_7F4A_7C15)).collect();
        let mut filter = Filter::new(hashes.len());
        hashes.iter().for_each(|&h| filter.add(h));
        assert!(hashes.iter().all(|&h| filter.may_hold(h)));
        let others = (5000..105_000u64).map(|k| k.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let false_positives = others.filter(|&h| filter.may_hold(h)).count();
        assert!(false_positives < 3_500, "{false_positives} of 100,000"); // about 2% at 16 bits each
    }
}
