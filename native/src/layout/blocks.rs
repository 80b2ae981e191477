//! A block of plain text cut into units: the twin of `_gap`, `_plain` and `_block` in
//! `dedup/text/structure.py` (tables, headings, items, and the rest wrapped or a line
//! a unit).
use super::lines::{self, has_box, starts_with_mark};
use super::width::{chars, display_width, is_space, line_widths, lstrip, sentence_lines, short_lines, strip};
use super::{Kind, Span, Unit};

/// One block of `_gap`: only a block with a sign of structure is looked at line by
/// line; `headings`: whether Markdown headings are read.
pub fn gap(lines: &[&str], i: usize, j: usize, unit: Unit, width: i64, headings: bool, out: &mut Vec<Span>) {
    if j - i == 1 {
        if lines::item(lines[i]).is_some() {
            out.push((i, j, if unit == Unit::Line { Kind::Line } else { Kind::Item }));
        } else if headings && lines::atx(lines[i]).is_some() {
            out.push((i, j, if unit == Unit::Line { Kind::Line } else { Kind::Heading }));
        } else {
            plain(lines, i, j, unit, width, out);
        }
    } else if lines[i..j].iter().any(|line| signs(line)) {
        block(lines, i, j, unit, width, headings, out);
    } else {
        plain(lines, i, j, unit, width, out);
    }
}

/// A pipe, two spaces, a tab, box drawing, or a head like a bullet, number or underline.
fn signs(line: &str) -> bool {
    if starts_with_mark(line) {
        return true;
    }
    let b = line.as_bytes();
    let pairs = b.iter().zip(b.iter().skip(1));
    let inner = pairs.fold(false, |found, (&x, &y)| {
        found | (x == b' ' && y == b' ') | (y == b'|') | (y == b'\t')
    });
    // the first byte is no `|` or tab: it would be no mark, but `starts_with_mark` holds tabs
    inner || b.first() == Some(&b'|') || has_box(line)
}

fn each(first: usize, last: usize, kind: Kind, out: &mut Vec<Span>) {
    out.extend((first..last).map(|k| (k, k + 1, kind)));
}

/// `_plain`: lines `[i, j)` with no structure.
fn plain(lines: &[&str], i: usize, j: usize, unit: Unit, width: i64, out: &mut Vec<Span>) {
    if i == j {
        return;
    }
    if unit == Unit::Line {
        return each(i, j, Kind::Line, out);
    }
    if j - i == 1 {
        return out.push((i, j, Kind::Prose));
    }
    let block = &lines[i..j];
    match line_widths(block, width) {
        None => each(i, j, Kind::Line, out),
        Some(_) if sentence_lines(block) => each(i, j, Kind::Line, out),
        Some(widths) if short_lines(block, width, Some(&widths)) => each(i, j, Kind::Short, out),
        Some(_) => out.push((i, j, Kind::Prose)),
    }
}

/// `_block`: a block that may hold tables, headings and items.
fn block(lines: &[&str], i: usize, j: usize, unit: Unit, width: i64, headings: bool, out: &mut Vec<Span>) {
    let n = j - i;
    let mut ruled = Vec::with_capacity(n);
    let mut columns = Vec::new(); // every line's, one after another
    let mut bounds = Vec::with_capacity(n + 1); // line k's are columns[bounds[k]..bounds[k + 1]]
    let mut rule = Vec::with_capacity(n);
    bounds.push(0);
    let mut markers = 0;
    for line in &lines[i..j] {
        let body = lstrip(line);
        let mut head = line.chars().next();
        if matches!(head, Some(' ' | '\t')) {
            head = body.chars().next();
        }
        markers += usize::from(body.starts_with(lines::MARKS) && lines::item(line).is_some());
        // a pipe at the head, or two
        let bars = line
            .find('|')
            .is_some_and(|at| head == Some('|') || line[at + 1..].contains('|'));
        ruled.push(bars || has_box(line) || (head == Some('+') && lines::grid(line)));
        lines::columns(line, &mut columns);
        bounds.push(columns.len());
        rule.push(head.is_some_and(lines::rule_head) && lines::rule(line));
    }
    let cols = |k: usize| &columns[bounds[k]..bounds[k + 1]];
    let row: Vec<bool> = (0..n)
        .map(|k| {
            ruled[k]
                || (!cols(k).is_empty()
                    && ((k > 0 && lines::meet(cols(k), cols(k - 1)))
                        || (k + 1 < n && lines::meet(cols(k), cols(k + 1)))))
        })
        .collect();
    let mut pending = i; // the first line not yet cut
    let mut checked = 0; // rows and rules before this (block) line are no table
    let mut k = i;
    let mut top = i; // the block's first line, or the first after a heading in it
    while k < j {
        if headings && lines::atx(lines[k]).is_some() {
            plain(lines, pending, k, unit, width, out);
            out.push((k, k + 1, if unit == Unit::Line { Kind::Line } else { Kind::Heading }));
            k += 1;
            pending = k;
            top = k;
            continue;
        }
        let r = k - i;
        if (row[r] || rule[r]) && r >= checked {
            let (mut m, mut rows) = (r, 0);
            while m < n && (row[m] || rule[m]) {
                rows += usize::from(row[m]);
                m += 1;
            }
            checked = m;
            if rows >= 2 {
                plain(lines, pending, k, unit, width, out);
                out.push((k, i + m, Kind::Table));
                k = i + m;
                pending = k;
                continue;
            }
        }
        if k + 1 < j && !rule[r] && !row[r] && lines::underline(lines[k + 1]) {
            let w = display_width(strip(lines[k])) as i64;
            let under = chars(strip(lines[k + 1])) as i64;
            if 2 * under >= w && 2 * under <= 3 * w + 4 {
                plain(lines, pending, k, unit, width, out);
                if unit == Unit::Line {
                    each(k, k + 2, Kind::Line, out);
                } else {
                    out.push((k, k + 2, Kind::Heading));
                }
                k += 2;
                pending = k;
                continue;
            }
        }
        let item = if k == top || markers >= 2 {
            lines::item(lines[k])
        } else {
            None
        };
        if let Some(indent) = item {
            plain(lines, pending, k, unit, width, out);
            let mut m = k + 1;
            while m < j
                && !row[m - i]
                && lines::item(lines[m]).is_none()
                && lines[m].chars().take_while(|&c| is_space(c)).count() > indent
            {
                m += 1;
            }
            if unit == Unit::Line {
                each(k, m, Kind::Line, out);
            } else {
                out.push((k, m, Kind::Item));
            }
            k = m;
            pending = m;
            continue;
        }
        k += 1;
    }
    plain(lines, pending, j, unit, width, out);
}
