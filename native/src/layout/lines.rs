//! The regular expressions of `dedup/text/structure.py` for plain text, each a scanner
//! over one line (a line holds no `\n`, so `$` is its end). `re`'s `\s` is
//! `str.isspace` (`tables::SPACE`), `\d` is `str.isdecimal` (`tables::DECIMAL`).
use super::scan;
use super::width::{is_ascii_space, is_space, lstrip, strip};
use crate::tables::{self, has};

/// A box-drawing character, `[\u2500-\u257f]`.
#[inline]
pub fn is_box(c: char) -> bool {
    ('\u{2500}'..='\u{257f}').contains(&c)
}

/// Whether `line` holds box drawing: U+2500-U+257F are the UTF-8 `e2 94 xx` and `e2 95 xx`.
pub fn has_box(line: &str) -> bool {
    !line.is_ascii()
        && line
            .as_bytes()
            .windows(2)
            .any(|w| w[0] == 0xe2 && (w[1] == 0x94 || w[1] == 0x95))
}

/// `_MARKS`: a line starting with one of these may be a bullet, a number or an underline.
pub const MARKS: [char; 17] = [
    '-', '*', '•', '‣', '◦', '=', '~', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
];

/// `line[:1] in _MARKS` (which also holds a space and a tab).
pub fn starts_with_mark(line: &str) -> bool {
    line.starts_with(MARKS) || line.starts_with([' ', '\t'])
}

/// `_SEPARATOR` on one line: `(?:[^\S\n]*%|[^\S\n]+\.)[^\S\n]*$` — a `%` line, or an
/// indented `.` line.
pub fn separator(line: &str) -> bool {
    if line
        .as_bytes()
        .first()
        .is_some_and(|&b| b != b'%' && b < 128 && !is_ascii_space(b))
    {
        return false; // the common case: neither indented nor a `%`
    }
    let rest = lstrip(line);
    let indented = rest.len() < line.len();
    let mut tail = rest.chars();
    match tail.next() {
        Some('%') => {}
        Some('.') if indented => {}
        _ => return false,
    }
    tail.all(is_space)
}

/// `_ITEM.match(line)`: `([ \t]*)(?:[-*•‣◦]|\d{1,3}[.)])[ \t]+\S`; the indent's length.
pub fn item(line: &str) -> Option<usize> {
    let indent = line.bytes().take_while(|&b| b == b' ' || b == b'\t').count();
    let mut rest = line[indent..].chars();
    let first = rest.next()?;
    if !matches!(first, '-' | '*' | '•' | '‣' | '◦') {
        if !has(first, tables::DECIMAL) {
            return None;
        }
        let mut digits = 1;
        loop {
            match rest.next()? {
                '.' | ')' => break,
                c if has(c, tables::DECIMAL) && digits < 3 => digits += 1,
                _ => return None,
            }
        }
    }
    let after = rest.as_str();
    let gap = after.bytes().take_while(|&b| b == b' ' || b == b'\t').count();
    let next = after[gap..].chars().next()?;
    (gap > 0 && !is_space(next)).then_some(indent)
}

/// `_ATX.match(line)`: `#{1,6}[ \t]+\S` (a Markdown heading written in plain text),
/// as the heading's level (its `#` marks).
pub fn atx(line: &str) -> Option<usize> {
    let marks = line.bytes().take_while(|&b| b == b'#').count();
    let rest = &line[marks..];
    let body = rest.trim_start_matches([' ', '\t']);
    let heading =
        (1..=6).contains(&marks) && body.len() < rest.len() && body.chars().next().is_some_and(|c| !is_space(c));
    heading.then_some(marks)
}

/// `heading_levels(text)`: whether the text's lines that are Markdown headings
/// ([`atx`]) have two levels or more.
pub fn heading_levels(text: &str) -> bool {
    let mut levels = 0u8;
    let heads = std::iter::once(0).chain(text.match_indices("\n#").map(|(at, _)| at + 1));
    for at in heads {
        if let Some(level) = atx(text[at..].split('\n').next().unwrap_or("")) {
            levels |= 1 << level;
            if levels.count_ones() >= 2 {
                return true;
            }
        }
    }
    false
}

/// `_UNDERLINE.match(line)`: `[ \t]*(?:=+|-+|~+)\s*$`.
pub fn underline(line: &str) -> bool {
    let rest = line.trim_start_matches([' ', '\t']);
    let mark = match rest.bytes().next() {
        Some(b @ (b'=' | b'-' | b'~')) => b,
        _ => return false,
    };
    let run = rest.bytes().take_while(|&b| b == mark).count();
    rest[run..].chars().all(is_space)
}

/// `_GRID.match(line)`: `\s*\+[-=+:]*[-=][-=+:]*\+\s*$` (a grid table's border).
pub fn grid(line: &str) -> bool {
    let core = strip(line).as_bytes();
    let n = core.len();
    if n < 3 || core[0] != b'+' || core[n - 1] != b'+' {
        return false;
    }
    let inner = &core[1..n - 1];
    inner.iter().all(|b| b"-=+:".contains(b)) && inner.iter().any(|b| b"-=".contains(b))
}

/// `_RULE.match(line)`: `\s*[-=~_+:|\u2500-\u257f ]*[-=~_\u2500-\u257f]{3}[-=~_+:|\u2500-\u257f ]*\s*$`:
/// between leading and trailing whitespace only rule characters, three line characters
/// in a row among them.
pub fn rule(line: &str) -> bool {
    let mut run = 0;
    let mut three = false;
    for c in strip(line).chars() {
        if matches!(c, '-' | '=' | '~' | '_') || is_box(c) {
            run += 1;
            three |= run >= 3;
        } else if matches!(c, '+' | ':' | '|' | ' ') {
            run = 0;
        } else {
            return false;
        }
    }
    three
}

/// `_RULE_HEADS`, and box drawing: a line whose head is one of these may be a rule.
pub fn rule_head(c: char) -> bool {
    matches!(c, '-' | '=' | '~' | '_' | '+' | ':' | '|') || is_box(c)
}

/// `_columns(line)`, sorted: where `(?<=\S)(?: {2,}|\t+)(?=\S)` matches start and end,
/// in code points, appended to `found`. Only a maximal run of two spaces or more, or
/// of tabs, may match (inside a run, or in one after another space, the lookbehind
/// fails), so the scan goes from one such run to the next (vectorised searches) and
/// decodes only the code points on either side of it.
pub fn columns(line: &str, found: &mut Vec<usize>) {
    let b = line.as_bytes();
    let n = b.len();
    let (mut at, mut counted, mut tails) = (0, 0, 0); // tails: continuation bytes before `counted`
                                                      // `at` is 0 or just after a run: the next "  " or tab starts a run
    while let Some(p) = scan::next_gap(b, at) {
        let c = b[p];
        let mut q = p + 1;
        while q < n && b[q] == c {
            q += 1;
        }
        if p > 0 && q < n && !space_before(line, p) && !space_at(line, q) {
            tails += b[counted..p].iter().filter(|&&x| x & 0xc0 == 0x80).count();
            counted = p;
            found.push(p - tails);
            found.push(q - tails);
        }
        at = q;
    }
}

/// Whether the code point ending at byte `at` of `line` is a space.
fn space_before(line: &str, at: usize) -> bool {
    let b = line.as_bytes()[at - 1];
    if b < 128 {
        return is_ascii_space(b);
    }
    line[..at].chars().next_back().is_some_and(is_space)
}

/// Whether the code point starting at byte `at` of `line` is a space.
fn space_at(line: &str, at: usize) -> bool {
    let b = line.as_bytes()[at];
    if b < 128 {
        return is_ascii_space(b);
    }
    line[at..].chars().next().is_some_and(is_space)
}

/// Whether two sorted position lists share one.
pub fn meet(a: &[usize], b: &[usize]) -> bool {
    let (mut x, mut y) = (0, 0);
    while x < a.len() && y < b.len() {
        match a[x].cmp(&b[y]) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}
