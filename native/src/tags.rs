//! The units that head or list what follows them by their layout rather than their
//! words (`dedup/text/heads.py`): a function's description (`_TERM`) and a tagged
//! paragraph (`tagged`, `_tag_line`), with Python `re`'s classes as `sections` reads
//! them.
use crate::sections::{indent, is_space, is_word};

/// `_TERM.match(text)`: `[\w$>:.-]{1,40}\([^()\n]{0,40}\):[ \t]+\S`, a function's name,
/// its arguments, a colon and the text (each run the longest: no shorter one can be
/// followed by what must come next).
pub fn is_term(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    let mut name = 0;
    while chars
        .next_if(|&c| is_word(c) || matches!(c, '$' | '>' | ':' | '.' | '-'))
        .is_some()
    {
        name += 1;
    }
    if !(1..=40).contains(&name) || chars.next() != Some('(') {
        return false;
    }
    let mut arguments = 0;
    while chars.next_if(|&c| !matches!(c, '(' | ')' | '\n')).is_some() {
        arguments += 1;
    }
    if arguments > 40 || chars.next() != Some(')') || chars.next() != Some(':') {
        return false;
    }
    let mut gap = 0;
    while chars.next_if(|&c| c == ' ' || c == '\t').is_some() {
        gap += 1;
    }
    gap > 0 && chars.next().is_some_and(|c| !is_space(c))
}

/// `tagged(raw)`: whether a unit is a tagged paragraph, one line that is a tag, a gap
/// and text (`tag_line`); or lines each more indented than the first, blank ones aside.
pub fn tagged(raw: &str) -> bool {
    let text = raw.trim_end_matches(['\r', '\n']);
    let mut lines = text.split('\n');
    let first = lines.next().unwrap_or("");
    let mut rest = lines.peekable();
    if rest.peek().is_none() {
        return tag_line(first);
    }
    let column = indent(first);
    rest.all(|line| line.chars().all(is_space) || indent(line) > column)
}

/// `_tag_line(line)`: a tag (a word of at most 20 code points, or an option with its
/// argument: a dash, no space after it, at most 40, words one space apart; not ending in
/// `.`), then the first gap (two spaces or more, or tabs) and text.
fn tag_line(line: &str) -> bool {
    let body = line.trim_start_matches([' ', '\t']);
    let bytes = body.as_bytes();
    let gap = (0..bytes.len()).find(|&k| bytes[k] == b'\t' || (bytes[k] == b' ' && bytes.get(k + 1) == Some(&b' ')));
    let Some(gap) = gap.filter(|&gap| gap > 0) else {
        return false;
    };
    let tag = &body[..gap];
    if tag.ends_with(['.', ' ']) || tag.chars().any(|c| c != ' ' && is_space(c)) {
        return false;
    }
    let count = tag.chars().count();
    if tag.contains(' ') {
        let second = tag.chars().nth(1);
        if !(tag.starts_with('-') && second.is_some_and(|c| !is_space(c)) && count <= 40) {
            return false;
        }
    } else if count > 20 {
        return false;
    }
    let rest = &body[gap..];
    let text = if bytes[gap] == b'\t' {
        rest.trim_start_matches('\t')
    } else {
        rest.trim_start_matches(' ')
    };
    text.chars().next().is_some_and(|c| !is_space(c))
}
