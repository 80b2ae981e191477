//! The threshold's arithmetic, the twin of `dedup/text/match.py` (same floating-point
//! operations, so the same whole numbers at every boundary).
const EPS: f64 = 1e-9;
pub const LONGEST: usize = 1_000_000_000;

/// `max_edits(length, threshold)`.
pub fn max_edits(length: usize, threshold: f64) -> usize {
    ((1.0 - threshold) * length as f64 + EPS).floor() as usize
}

/// `longest_partner(length, threshold)` (for a threshold above 0).
pub fn longest_partner(length: usize, threshold: f64) -> usize {
    if threshold >= 1.0 {
        return length;
    }
    let longest = ((length as f64 + EPS) / threshold).min(LONGEST as f64).floor();
    if longest >= LONGEST as f64 {
        return LONGEST;
    }
    let mut longest = longest as usize;
    while longest > length && longest - length > max_edits(longest, threshold) {
        longest -= 1;
    }
    while longest + 1 - length <= max_edits(longest + 1, threshold) {
        longest += 1;
    }
    longest
}
