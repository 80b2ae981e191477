//! The Unicode tables, generated at build time from the target Python (`build.rs`).
include!(concat!(env!("OUT_DIR"), "/tables.rs"));

/// The property bits of a code point (the constants above).
#[inline]
pub fn flags(c: char) -> u32 {
    let code = c as u32;
    if code < 128 {
        return ASCII_FLAGS[code as usize];
    }
    let at = 2 * (code >> BLOCK_SHIFT) as usize;
    let block = u16::from_le_bytes([BLOCK_INDEX[at], BLOCK_INDEX[at + 1]]) as usize;
    let at = 4 * ((block << BLOCK_SHIFT) + (code as usize & ((1 << BLOCK_SHIFT) - 1)));
    u32::from_le_bytes([
        BLOCK_FLAGS[at],
        BLOCK_FLAGS[at + 1],
        BLOCK_FLAGS[at + 2],
        BLOCK_FLAGS[at + 3],
    ])
}

#[inline]
pub fn has(c: char, flag: u32) -> bool {
    flags(c) & flag != 0
}

fn lookup<T: Copy>(table: &[(u32, T)], c: char) -> Option<T> {
    table
        .binary_search_by_key(&(c as u32), |&(k, _)| k)
        .ok()
        .map(|k| table[k].1)
}

/// `str.casefold()` of one code point, if it changes it.
#[inline]
pub fn casefold(c: char) -> Option<&'static str> {
    if flags(c) & FOLDS == 0 {
        return None;
    }
    lookup(&CASEFOLD, c)
}

/// The ASCII digit a non-ASCII decimal digit stands for; None if this Python has no value.
pub fn digit(c: char) -> Option<u8> {
    lookup(&DIGIT, c).filter(|&v| v != 255)
}

pub fn arabic_letter(c: char) -> Option<char> {
    lookup(&ARABIC_LETTER, c)
}
