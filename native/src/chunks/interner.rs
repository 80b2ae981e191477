//! Distinct strings numbered in order of first sight, in an open-addressing table
//! (linear probing, at most three quarters full) of 8-byte slots: a string's number and
//! the high 32 bits of its hash, which turn away almost every other string met on the
//! way without reading it, and which say where a slot goes when the table grows (the
//! same high bits pick it): growing moves slots, it reads no string and hashes none.
//! About 16 + 8 / load = 27-37 bytes per string, against 40-80 for a
//! `HashMap<&str, u32>`. Equal strings get the same number whatever their hashes, so
//! the numbering is exact.
use rustc_hash::FxHasher;
use std::hash::Hasher;

const EMPTY: u64 = u64::MAX;
const TAG: u64 = 0xFFFF_FFFF_0000_0000;

#[derive(Default)]
pub struct Interner<'a> {
    /// hash tag << 32 | number, or EMPTY
    slots: Vec<u64>,
    strs: Vec<&'a str>,
}

/// The hash the table places `s` by.
pub fn hash(s: &str) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(s.as_bytes());
    // Fibonacci hashing: the high bits of the product pick the slot.
    hasher.finish().wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// `a == b`, without a call to `memcmp` for the short strings chunks are (up to 16
/// bytes: two overlapping 8-byte words, or 4-byte ones, or bytes one by one under 4).
fn same(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n > 16 {
        return a == b;
    }
    if n >= 8 {
        let word = |s: &[u8], at: usize| u64::from_ne_bytes(s[at..at + 8].try_into().unwrap());
        return word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8);
    }
    if n >= 4 {
        let word = |s: &[u8], at: usize| u32::from_ne_bytes(s[at..at + 4].try_into().unwrap());
        return word(a, 0) == word(b, 0) && word(a, n - 4) == word(b, n - 4);
    }
    let mut k = 0;
    while k < n {
        if a[k] != b[k] {
            return false;
        }
        k += 1;
    }
    true
}

impl<'a> Interner<'a> {
    /// The first slot to look at for hash `h`.
    fn start(&self, h: u64) -> usize {
        let bits = self.slots.len().trailing_zeros();
        (h >> (64 - bits)) as usize
    }

    /// The string numbered `number`.
    pub fn string(&self, number: u32) -> &'a str {
        self.strs[number as usize]
    }

    /// The number of `s`, or None when it was never interned.
    #[cfg(test)]
    pub fn get(&self, s: &str) -> Option<u32> {
        self.get_hashed(s, hash(s))
    }

    /// `get(s)`, `s`'s `hash` already known.
    pub fn get_hashed(&self, s: &str, h: u64) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        self.probe(s, h).ok().map(|k| self.slots[k] as u32)
    }

    /// The number of `s`, given the next free one if it is new; None when the
    /// numbers would not fit in a u32.
    pub fn intern(&mut self, s: &'a str) -> Option<u32> {
        if (self.strs.len() + 1) * 4 > self.slots.len() * 3 {
            self.grow()?;
        }
        let h = hash(s);
        match self.probe(s, h) {
            Ok(k) => Some(self.slots[k] as u32),
            Err(k) => {
                let number = self.strs.len() as u32;
                self.slots[k] = h & TAG | number as u64;
                self.strs.push(s);
                Some(number)
            }
        }
    }

    /// The slot holding `s` (hash `h`), or the empty one where its probe ends.
    fn probe(&self, s: &str, h: u64) -> Result<usize, usize> {
        let mask = self.slots.len() - 1;
        let tag = h & TAG;
        let mut k = self.start(h);
        loop {
            let slot = self.slots[k];
            if slot == EMPTY {
                return Err(k);
            }
            if slot & TAG == tag && same(self.strs[(slot as u32) as usize].as_bytes(), s.as_bytes()) {
                return Ok(k);
            }
            k = (k + 1) & mask;
        }
    }

    fn grow(&mut self) -> Option<()> {
        let size = (self.slots.len() * 2).max(16);
        if size > u32::MAX as usize {
            return None;
        }
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; size]);
        let mask = size - 1;
        for slot in old.into_iter().filter(|&slot| slot != EMPTY) {
            // the tag's high bits are the hash's: the slot's start (size <= 2^32)
            let mut k = self.start(slot);
            while self.slots[k] != EMPTY {
                k = (k + 1) & mask;
            }
            self.slots[k] = slot;
        }
        Some(())
    }

    /// Give back the spare capacity of the strings' list (the slots stay as they are).
    pub fn shrink_to_fit(&mut self) {
        self.strs.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_order_of_first_sight() {
        let words: Vec<String> = (0..5000).map(|k| format!("w{}", k % 1234)).collect();
        let mut interner = Interner::default();
        for (k, w) in words.iter().enumerate() {
            assert_eq!(interner.intern(w), Some((k % 1234) as u32));
        }
        assert_eq!(interner.intern("new"), Some(1234));
        assert_eq!(interner.string(1234), "new");
        assert_eq!(interner.get("w17"), Some(17));
        assert_eq!(interner.get("w1234"), None);
        assert_eq!(Interner::default().get(""), None);
    }

    #[test]
    fn same_is_equality() {
        let words = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abce",
            "bbcd",
            "abcde",
            "abcdf",
            "abcdefg",
            "abcdefh",
            "abcdefgh",
            "abcdefgi",
            "bbcdefgh",
            "abcdefghijklmnop",
            "abcdefghijklmnoq",
            "abcdefghijklmnopq",
            "abcdefghijklmnopr",
            "é",
            "éa",
        ];
        for a in words {
            for b in words {
                assert_eq!(same(a.as_bytes(), b.as_bytes()), a == b, "{a:?} {b:?}");
            }
        }
    }
}
