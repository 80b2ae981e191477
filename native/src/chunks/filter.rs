//! A one-hash Bloom filter over the kept chunks' hashes: a probe slides over every
//! substring of its text (hundreds a paragraph), and nearly all of them are no kept
//! chunk of any paragraph. The bits (about 16 a kept chunk, a few MB) answer that
//! from cache for most of them; only the rest are looked up in the interner, whose
//! table holds every chunk cut (millions, far out of cache).

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

    fn place(&self, hash: u64) -> (usize, u64) {
        let bit = (hash >> self.shift) as usize;
        (bit >> 6, 1 << (bit & 63))
    }

    pub fn add(&mut self, hash: u64) {
        let (word, mask) = self.place(hash);
        self.words[word] |= mask;
    }

    /// False only for a hash never added.
    pub fn may_hold(&self, hash: u64) -> bool {
        let (word, mask) = self.place(hash);
        self.words[word] & mask != 0
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
        assert!(false_positives < 10_000, "{false_positives} of 100,000"); // about 6% at 16 bits each
    }
}
