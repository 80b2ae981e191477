//! The Unicode tables, generated at build time from the target Python (`build.rs`).
include!(concat!(env!("OUT_DIR"), "/tables.rs"));

/// The property bits of a code point (the constants above).
#[inline]
pub fn flags(c: char) -> u32 {
    let code = c as u32;
    if code < 128 {
        return ASCII_FLAGS[code as usize];
    }
    match FLAG_RANGES.binary_search_by(|&(first, last, _)| {
        if last < code {
            std::cmp::Ordering::Less
        } else if first > code {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    }) {
        Ok(k) => FLAG_RANGES[k].2,
        Err(_) => 0,
    }
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
pub fn casefold(c: char) -> Option<&'static str> {
    lookup(&CASEFOLD, c)
}

/// The ASCII digit a non-ASCII decimal digit stands for; None if this Python has no value.
pub fn digit(c: char) -> Option<u8> {
    lookup(&DIGIT, c).filter(|&v| v != 255)
}

pub fn arabic_letter(c: char) -> Option<char> {
    lookup(&ARABIC_LETTER, c)
}
