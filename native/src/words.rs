//! The word rule's scans of one paragraph: the twin of `identifiers` and `words` in
//! `dedup/text/words.py` (its docstrings say what each step is for). The regular
//! expressions there are written out here by hand; each helper names the one it is.
//! A paragraph's tokens come from `str.split()`, so they hold no newline: `.` matches
//! any code point of them and `$` is their end.
use crate::normalize::{fold, quote_of};
use crate::tables::{self, flags, has};
use crate::utf8::with_utf8;
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};

const LETTER_OR_NUMBER: u32 = tables::LETTER | tables::NUMBER;

/// `_LEADING`'s set, `[\p{P}\p{S}--[/\\@_\-]]`: what a token's start drops.
fn leading_edge(c: char) -> bool {
    flags(c) & (tables::PUNCT | tables::SYMBOL) != 0 && !matches!(c, '/' | '\\' | '@' | '_' | '-')
}

/// `_TRAILING`'s set, `[\p{P}\p{S}--[/\\@_+]]`: what a token's end drops.
fn trailing_edge(c: char) -> bool {
    flags(c) & (tables::PUNCT | tables::SYMBOL) != 0 && !matches!(c, '/' | '\\' | '@' | '_' | '+')
}

/// `_trimmed(_FORMAT.sub("", token))`, as code points: the leading run off, then the
/// trailing run of what is left.
fn core_of(token: &str) -> Vec<char> {
    let chars: Vec<char> = token.chars().filter(|&c| !has(c, tables::FORMAT)).collect();
    let start = chars.iter().take_while(|&&c| leading_edge(c)).count();
    let mut end = chars.len();
    while end > start && trailing_edge(chars[end - 1]) {
        end -= 1;
    }
    chars[start..end].to_vec()
}

/// `MARKER.match(token)` (dedup/text/marks.py): `^(?:[-*+•–]|\d{1,3}[.)]|\[[^\]]*\])$`, the regex
/// module's `\d` being `\p{Nd}`.
fn marker(token: &str) -> bool {
    let chars: Vec<char> = token.chars().collect();
    let n = chars.len();
    if n == 1 && matches!(chars[0], '-' | '*' | '+' | '\u{2022}' | '\u{2013}') {
        return true;
    }
    if (2..=4).contains(&n)
        && matches!(chars[n - 1], '.' | ')')
        && chars[..n - 1]
            .iter()
            .all(|&c| c.is_ascii_digit() || has(c, tables::NON_ASCII_DIGIT))
    {
        return true;
    }
    n >= 2 && chars[0] == '[' && chars[n - 1] == ']' && !chars[1..n - 1].contains(&']')
}

/// `_OPTION.match(core)`: `^--?\p{L}`.
fn option(core: &[char]) -> bool {
    let letter = |k: usize| core.get(k).is_some_and(|&c| has(c, tables::LETTER));
    core.first() == Some(&'-') && (letter(1) || (core.get(1) == Some(&'-') && letter(2)))
}

/// `quote_kinds(c)`: a single quotation mark (the backtick too) as `'`, any other as `"`.
fn quote_kind(c: char) -> char {
    match c {
        '`' => '\'',
        _ if c.is_ascii() => c,
        _ => quote_of(flags(c)).unwrap_or(c),
    }
}

/// `_CASED.search(core)`: `[/\\_]`.
fn cased(core: &[char]) -> bool {
    core.iter().any(|&c| matches!(c, '/' | '\\' | '_'))
}

/// `_UNSPACED.search(core)`.
fn unspaced(core: &[char]) -> bool {
    core.iter().any(|&c| has(c, tables::UNSPACED))
}

/// Whether `core` holds a letter or number, a dot, letters or numbers, a dot, and a
/// letter or number (`WWW.EXAMPLE.COM`): a name, where one dot before a capital
/// letter may end a sentence.
fn three_parts(core: &[char]) -> bool {
    let alnum = |c: char| has(c, LETTER_OR_NUMBER);
    // after a dot that follows a letter or number: a run of them, then a dot and one more
    let mut k = 1;
    while k + 1 < core.len() {
        if core[k] == '.' && alnum(core[k - 1]) {
            let mut end = k + 1;
            while end < core.len() && alnum(core[end]) {
                end += 1;
            }
            if end > k + 1 && end + 1 < core.len() && core[end] == '.' && alnum(core[end + 1]) {
                return true;
            }
            k = end.max(k + 1);
        } else {
            k += 1;
        }
    }
    false
}

/// `_identifier(core)`.
fn identifier(core: &[char]) -> bool {
    // a number and a letter, in either order
    let any = |flag: u32| core.iter().any(|&c| has(c, flag));
    if any(tables::LETTER) && any(tables::NUMBER) {
        return true;
    }
    // [/\\@_]
    if core.iter().any(|&c| matches!(c, '/' | '\\' | '@' | '_')) {
        return true;
    }
    // [\p{L}\p{N}]\.(?!\p{Lu})[\p{L}\p{N}]
    let dotted = core.windows(3).any(|w| {
        has(w[0], LETTER_OR_NUMBER) && w[1] == '.' && has(w[2], LETTER_OR_NUMBER) && !has(w[2], tables::UPPER)
    });
    // [\p{L}\p{N}]\.[\p{L}\p{N}]+\.[\p{L}\p{N}]: three dotted parts, whatever their case
    let dotted = dotted || three_parts(core);
    // ^\p{Lu}{2,6}s?\+?(?:$|(?=-\p{L})): alone, or before a hyphen and a letter (PE+-mål)
    let head = core.iter().position(|&c| c == '-').unwrap_or(core.len());
    let compound = head == core.len() || core.get(head + 1).is_some_and(|&c| has(c, tables::LETTER));
    let core = &core[..head];
    let core = core.strip_suffix(&['+']).unwrap_or(core);
    let capitals = core.strip_suffix(&['s']).unwrap_or(core);
    dotted || (compound && (2..=6).contains(&capitals.len()) && capitals.iter().all(|&c| has(c, tables::UPPER)))
}

/// `_CAMEL.search(core) and sum(map(str.islower, core)) >= 2`.
fn camel(core: &[char]) -> bool {
    core.windows(2)
        .any(|w| has(w[0], tables::LOWER) && has(w[1], tables::UPPER))
        && core.iter().filter(|&&c| has(c, tables::ISLOWER)).count() >= 2
}

/// `"".join(fold(text, keep_case=...).split())`; None where `fold` leaves it to Python.
fn folded(text: &[char], keep_case: bool) -> Option<String> {
    let text: String = text.iter().collect();
    Some(
        fold(&text, keep_case)?
            .chars()
            .filter(|&c| !has(c, tables::SPACE))
            .collect(),
    )
}

/// `identifiers(spaced)`; None when `fold` cannot decide (Python does it then).
pub fn identifiers(spaced: &str) -> Option<Vec<String>> {
    let mut found = Vec::new();
    let (mut letters, mut upper) = (0usize, 0usize);
    for c in spaced.chars() {
        let f = flags(c);
        if f & tables::ALPHA != 0 {
            letters += 1;
            upper += usize::from(f & tables::ISUPPER != 0);
        }
    }
    let shouting = upper * 2 > letters;
    let mut leading = true;
    for token in spaced.split(|c: char| has(c, tables::SPACE)).filter(|t| !t.is_empty()) {
        let core = core_of(token);
        if leading && !marker(token) {
            leading = token.ends_with(':') && !token.ends_with("::") && core.len() <= 40;
            if leading && !core.is_empty() && !unspaced(&core) {
                found.push(folded(&core, cased(&core))?);
                continue;
            }
        }
        if core.is_empty() || unspaced(&core) {
            continue;
        }
        if option(&core) {
            found.push(core.iter().map(|&c| quote_kind(c)).collect());
        } else if cased(&core) {
            found.push(folded(&core, true)?);
        } else if (identifier(&core)
            && !(shouting && core.iter().filter(|&&c| c != '-').all(|&c| has(c, tables::ALPHA))))
            || (!shouting && camel(&core))
        {
            found.push(folded(&core, false)?);
        }
    }
    Some(found)
}

/// `"\0".join(words(spaced))`: the folded runs of `[\p{L}\p{N}\p{M}_]`.
pub fn joined_words(spaced: &str) -> Option<String> {
    let text = fold(spaced, false)?;
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for c in text.chars() {
        if c == '_' || has(c, tables::LETTER | tables::NUMBER | tables::MARK) {
            if !inside && !out.is_empty() {
                out.push('\0');
            }
            out.push(c);
            inside = true;
        } else {
            inside = false;
        }
    }
    Some(out)
}

#[pyfunction(name = "identifiers")]
fn py_identifiers<'py>(py: Python<'py>, spaced: &Bound<'py, PyString>) -> PyResult<Option<Bound<'py, PyTuple>>> {
    // None: a lone surrogate, or a code point `fold` cannot decide; Python decides
    let found = with_utf8(spaced, |spaced| py.detach(|| identifiers(spaced)))?.flatten();
    found.map(|found| PyTuple::new(py, found)).transpose()
}

#[pyfunction(name = "joined_words")]
fn py_joined_words(py: Python<'_>, spaced: &Bound<'_, PyString>) -> PyResult<Option<String>> {
    // None: a lone surrogate, or a code point `fold` cannot decide; Python decides
    Ok(with_utf8(spaced, |spaced| py.detach(|| joined_words(spaced)))?.flatten())
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(py_identifiers, m)?)?;
    m.add_function(wrap_pyfunction!(py_joined_words, m)?)?;
    Ok(())
}
