//! Byte scans of a whole text, eight bytes at a time in one machine word (no `unsafe`
//! for vector instructions): most words hold no byte sought and cost a few operations.

const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// `byte` in each of a word's eight bytes.
#[inline]
pub const fn splat(byte: u8) -> u64 {
    u64::from_ne_bytes([byte; 8])
}

/// The high bit of every byte of `word` that is zero (exact: no carry between bytes).
#[inline]
pub fn zeros(word: u64) -> u64 {
    !(((word & LOW) + LOW) | word | LOW)
}

/// The high bit of every byte of `word` that continues a code point (`0b10xxxxxx`).
#[inline]
fn tails(word: u64) -> u64 {
    word & !(word << 1) & HIGH
}

/// A UTF-8 continuation byte: not the first byte of a code point.
#[inline]
fn continues(b: u8) -> bool {
    b & 0xc0 == 0x80
}

/// How many of a word's bytes have their high bit set in `high` (one multiply: the
/// machine's population count is not in the baseline x86-64 this is built for).
#[inline]
fn count_high(high: u64) -> usize {
    ((high >> 7).wrapping_mul(splat(1)) >> 56) as usize
}

/// Every `\n` of `text`, in order: `each(byte offset, code point offset + 1)` (the
/// second is where the next line starts, as Python counts).
pub fn newlines(text: &str, mut each: impl FnMut(usize, i64)) {
    let bytes = text.as_bytes();
    let ascii = text.is_ascii();
    let mut before = 0; // continuation bytes before the word
    let mut words = bytes.chunks_exact(8);
    let mut base = 0;
    for word in &mut words {
        let word = u64::from_le_bytes(word.try_into().unwrap());
        let mut found = zeros(word ^ splat(b'\n'));
        if ascii {
            while found != 0 {
                let k = base + found.trailing_zeros() as usize / 8;
                each(k, k as i64 + 1);
                found &= found - 1;
            }
        } else {
            let cont = tails(word);
            while found != 0 {
                let bit = found.trailing_zeros();
                let k = base + bit as usize / 8;
                each(k, (k - before - count_high(cont & ((1u64 << bit) - 1))) as i64 + 1);
                found &= found - 1;
            }
            before += count_high(cont);
        }
        base += 8;
    }
    for (k, &b) in words.remainder().iter().enumerate() {
        if b == b'\n' {
            each(base + k, (base + k - before) as i64 + 1);
        }
        before += usize::from(continues(b));
    }
}

/// Python's `len` of a text's UTF-8: the bytes that start a code point.
#[inline]
pub fn code_points(bytes: &[u8]) -> usize {
    bytes.len() - bytes.iter().filter(|&&b| continues(b)).count()
}

/// Where the first `"  "` or tab of `bytes[from..]` starts, if any.
pub fn next_gap(bytes: &[u8], from: usize) -> Option<usize> {
    let spaces = u64::from_ne_bytes([b' '; 8]);
    let tabs = u64::from_ne_bytes([b'\t'; 8]);
    let mut at = from;
    while at + 9 <= bytes.len() {
        let word = u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap());
        let next = u64::from_le_bytes(bytes[at + 1..at + 9].try_into().unwrap());
        let found = (zeros(word ^ spaces) & zeros(next ^ spaces)) | zeros(word ^ tabs);
        if found != 0 {
            return Some(at + found.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    (at..bytes.len()).find(|&k| bytes[k] == b'\t' || (bytes[k] == b' ' && bytes.get(k + 1) == Some(&b' ')))
}

/// The word of `bytes[at..at + 8]`, padded with zeros past the end.
#[inline]
fn word_at(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(word) => u64::from_le_bytes(word.try_into().unwrap()),
        None => {
            let mut word = [0u8; 8];
            let tail = bytes.get(at..).unwrap_or(&[]);
            word[..tail.len()].copy_from_slice(tail);
            u64::from_le_bytes(word)
        }
    }
}

/// The first `k` at or after `from` that `test` accepts, among the bytes `mask` flags:
/// given the word at `k` and the word one byte on (to see pairs), it gives the high bit
/// of each byte that may be one, never missing one (words are padded with zeros past
/// the end, and what lies past the end is not tested).
pub fn find(
    bytes: &[u8],
    from: usize,
    mask: impl Fn(u64, u64) -> u64,
    mut test: impl FnMut(usize) -> bool,
) -> Option<usize> {
    let mut base = from;
    while base < bytes.len() {
        let end = bytes.len().min(base + 8);
        let mut found = mask(word_at(bytes, base), word_at(bytes, base + 1));
        while found != 0 {
            let k = base + found.trailing_zeros() as usize / 8;
            if k < end && test(k) {
                return Some(k);
            }
            found &= found - 1;
        }
        base = end;
    }
    None
}
