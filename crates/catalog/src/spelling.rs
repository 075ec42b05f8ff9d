//! Near spellings: how many typing slips separate two words.
//!
//! Written here rather than taken from `strsim` because search compares a query word with every
//! name word of every entry, and `strsim` allocates (rows, and for Damerau a map) on every call.
//! This works on the stack; `strsim` checks it in the tests.

/// Words longer than this, in characters, are never near anything: no name word is that long,
/// and the fixed buffers below must hold both words.
const MAX_CHARS: usize = 32;

/// The optimal-string-alignment distance between `a` and `b` (insertions, deletions,
/// substitutions, and swaps of two adjacent characters), when it is at most `limit`.
pub(crate) fn distance_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    if a == b {
        return Some(0);
    }
    let mut a_buf = ['\0'; MAX_CHARS];
    let mut b_buf = ['\0'; MAX_CHARS];
    let a = fill(&mut a_buf, a)?;
    let b = fill(&mut b_buf, b)?;
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    // Three rows of the usual table: the one before last is needed for swaps.
    let mut before: [usize; MAX_CHARS + 1] = [0; MAX_CHARS + 1];
    let mut prev: [usize; MAX_CHARS + 1] = std::array::from_fn(|j| j);
    let mut cur: [usize; MAX_CHARS + 1] = [0; MAX_CHARS + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        // No cell of a later row is smaller than the smallest of this one.
        if row_min > limit {
            return None;
        }
        before = prev;
        prev = cur;
    }
    let d = prev[b.len()];
    (d <= limit).then_some(d)
}

/// The distance between a typed word and a word of a name, when the typed one is a plausible
/// slip for it: none for words under four characters (too many short words are one slip apart),
/// one slip for words up to six, two for longer words.
pub(crate) fn near(typed: &str, word: &str) -> Option<usize> {
    let limit = match typed.chars().count().min(word.chars().count()) {
        0..=3 => return None,
        4..=6 => 1,
        _ => 2,
    };
    distance_within(typed, word, limit)
}

fn fill<'b>(buf: &'b mut [char; MAX_CHARS], s: &str) -> Option<&'b [char]> {
    let mut n = 0;
    for c in s.chars() {
        *buf.get_mut(n)? = c;
        n += 1;
    }
    Some(&buf[..n])
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORDS: &[&str] = &[
        "",
        "a",
        "ab",
        "ba",
        "abc",
        "ca",
        "forbidden",
        "forbiden",
        "fobridden",
        "teapot",
        "taepot",
        "teapots",
        "blog",
        "long",
        "slow",
        "gone",
        "done",
        "request",
        "reqeust",
        "requests",
        "timeout",
        "timeuot",
        "größe",
        "grösse",
        "unavailable",
        "unavailabel",
        "payload",
        "paylod",
        "404",
        "4044",
        "417",
        "4177",
        "403.14",
        "403.1",
    ];

    #[test]
    fn agrees_with_strsim_within_the_limit() {
        for a in WORDS {
            for b in WORDS {
                let expected = strsim::osa_distance(a, b);
                for limit in 0..4 {
                    let want = (expected <= limit).then_some(expected);
                    assert_eq!(distance_within(a, b, limit), want, "{a:?} {b:?} limit {limit}");
                }
            }
        }
    }

    #[test]
    fn words_too_long_for_the_buffers_are_only_equal_to_themselves() {
        let long = "x".repeat(MAX_CHARS + 1);
        assert_eq!(distance_within(&long, &long, 2), Some(0));
        assert_eq!(distance_within(&long, &long[1..], 2), None);
    }

    #[test]
    fn short_words_are_never_near() {
        assert_eq!(near("gone", "done"), Some(1));
        assert_eq!(near("gon", "gone"), None);
        assert_eq!(near("blog", "long"), None);
        assert_eq!(near("forbiden", "forbidden"), Some(1));
        assert_eq!(near("fobridden", "forbidden"), Some(1));
    }
}
