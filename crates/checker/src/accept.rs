//! Which final statuses count as success: `2xx,304,500-599`. The grammar is small and strict on
//! purpose (a CI job that mistypes `--accept` must fail loudly, not accept nothing or everything),
//! so it is parsed by hand rather than with a general-purpose parser.

use std::ops::RangeInclusive;

/// The lowest status code an accept set may name.
const LOWEST: u16 = 100;
/// The highest status code an accept set may name.
const HIGHEST: u16 = 599;

/// A set of status codes, parsed from a comma-separated list of classes (`1xx` to `5xx`), single
/// codes (`100` to `599`) and inclusive ranges (`500-599`).
///
/// ```
/// use siteerror_checker::AcceptSet;
///
/// let accept = AcceptSet::parse("2xx,304").unwrap();
/// assert!(accept.contains(204) && accept.contains(304));
/// assert!(!accept.contains(301));
/// assert!(AcceptSet::parse("700xx").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptSet {
    ranges: Vec<RangeInclusive<u16>>,
}

/// Why an accept list was refused. Every variant but [`AcceptError::Empty`] names the part of
/// the list that is wrong, as the user wrote it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AcceptError {
    /// Nothing was given.
    #[error("no status codes given: use codes, ranges or classes like 2xx,304,500-599")]
    Empty,
    /// A comma with nothing before or after it, as in `2xx,`.
    #[error("empty entry in {list:?}: remove the extra comma")]
    EmptyEntry {
        /// The whole list.
        list: String,
    },
    /// Something ending in `xx` that is not `1xx` to `5xx`.
    #[error("{part:?} is not a status class: classes are 1xx to 5xx")]
    BadClass {
        /// The entry as written.
        part: String,
    },
    /// Something that is not a three-digit code from 100 to 599.
    #[error("{part:?} is not a status code: codes are 100 to 599")]
    BadCode {
        /// The entry as written.
        part: String,
    },
    /// A range whose ends are not both codes from 100 to 599.
    #[error("{part:?} is not a range of status codes: write FIRST-LAST with codes from 100 to 599")]
    BadRange {
        /// The entry as written.
        part: String,
    },
    /// A range whose first code is above its last, as in `599-500`.
    #[error("{part:?} is backwards: the first code of a range must not be above the last")]
    ReversedRange {
        /// The entry as written.
        part: String,
    },
}

impl AcceptSet {
    /// Parses a comma-separated list of classes (`2xx` or `2XX`), codes (`304`)
    /// and inclusive ranges (`500-599`); spaces around entries and around a range's `-` are
    /// allowed.
    pub fn parse(list: &str) -> Result<AcceptSet, AcceptError> {
        if list.trim().is_empty() {
            return Err(AcceptError::Empty);
        }
        let ranges = list
            .split(',')
            .map(|part| parse_entry(list, part.trim()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(AcceptSet { ranges })
    }

    /// True when `status` is in the set.
    pub fn contains(&self, status: u16) -> bool {
        self.ranges.iter().any(|r| r.contains(&status))
    }
}

impl std::str::FromStr for AcceptSet {
    type Err = AcceptError;

    fn from_str(list: &str) -> Result<AcceptSet, AcceptError> {
        AcceptSet::parse(list)
    }
}

fn parse_entry(list: &str, part: &str) -> Result<RangeInclusive<u16>, AcceptError> {
    if part.is_empty() {
        return Err(AcceptError::EmptyEntry { list: list.to_string() });
    }
    if let Some(digits) = part
        .as_bytes()
        .strip_suffix(b"xx")
        .or(part.as_bytes().strip_suffix(b"XX"))
    {
        let class = match digits {
            [d @ b'1'..=b'5'] => u16::from(d - b'0'),
            _ => return Err(AcceptError::BadClass { part: part.to_string() }),
        };
        return Ok(class * 100..=class * 100 + 99);
    }
    if let Some((first, last)) = part.split_once('-') {
        let (Some(first), Some(last)) = (code(first.trim()), code(last.trim())) else {
            return Err(AcceptError::BadRange { part: part.to_string() });
        };
        if first > last {
            return Err(AcceptError::ReversedRange { part: part.to_string() });
        }
        return Ok(first..=last);
    }
    match code(part) {
        Some(c) => Ok(c..=c),
        None => Err(AcceptError::BadCode { part: part.to_string() }),
    }
}

/// A status code written as exactly three ASCII digits from 100 to 599 (no sign, no leading
/// zero, which `u16::from_str` would allow).
fn code(s: &str) -> Option<u16> {
    if s.len() != 3 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u16 = s.parse().ok()?;
    (LOWEST..=HIGHEST).contains(&n).then_some(n)
}
