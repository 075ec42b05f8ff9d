//! The IANA "HTTP Status Codes" registry, as shipped in `content/iana-http-status-codes.csv`:
//! the source of truth for standard names and for which numbers are unassigned.

/// One row of the registry: a single code or an unassigned range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryRow {
    /// First number of the row.
    pub first: u16,
    /// Last number of the row (equal to `first` for a single code).
    pub last: u16,
    /// The registry's Description: a code's name, or `Unassigned`.
    pub description: String,
    /// The registry's Reference column, like `[RFC9110, Section 15.5.18]`.
    pub reference: String,
}

impl RegistryRow {
    /// True for the registry's unassigned ranges.
    pub fn is_unassigned(&self) -> bool {
        self.description == "Unassigned"
    }
}

/// The parsed registry.
#[derive(Debug, Clone, Default)]
pub struct IanaRegistry {
    rows: Vec<RegistryRow>,
}

/// What the registry says about one number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registration<'a> {
    /// Registered, with the row.
    Assigned(&'a RegistryRow),
    /// Inside an unassigned range, with the row naming the range.
    Unassigned(&'a RegistryRow),
    /// Outside 100–599: the registry does not cover it.
    OutOfRange,
}

impl IanaRegistry {
    /// Parses IANA's CSV layout (`Value,Description,Reference`, quoted fields allowed).
    pub fn parse(csv: &str) -> Result<IanaRegistry, String> {
        let mut rows = Vec::new();
        for (n, line) in csv.lines().enumerate().skip(1) {
            if line.trim().is_empty() {
                continue;
            }
            let fields = split_csv_line(line);
            let [value, description, reference] = fields.as_slice() else {
                return Err(format!("line {}: expected 3 fields, found {}", n + 1, fields.len()));
            };
            let (first, last) = match value.split_once('-') {
                Some((a, b)) => (a.parse(), b.parse()),
                None => (value.parse(), value.parse()),
            };
            let (Ok(first), Ok(last)) = (first, last) else {
                return Err(format!("line {}: bad value {value:?}", n + 1));
            };
            rows.push(RegistryRow {
                first,
                last,
                description: description.clone(),
                reference: reference.clone(),
            });
        }
        Ok(IanaRegistry { rows })
    }

    /// All rows in registry order.
    pub fn rows(&self) -> &[RegistryRow] {
        &self.rows
    }

    /// The registered codes (not the unassigned ranges).
    pub fn assigned(&self) -> impl Iterator<Item = &RegistryRow> {
        self.rows.iter().filter(|r| !r.is_unassigned())
    }

    /// What the registry says about `code`.
    pub fn lookup(&self, code: u16) -> Registration<'_> {
        match self.rows.iter().find(|r| (r.first..=r.last).contains(&code)) {
            Some(r) if r.is_unassigned() => Registration::Unassigned(r),
            Some(r) => Registration::Assigned(r),
            None => Registration::OutOfRange,
        }
    }

    /// The registered name of `code`, if it is registered.
    pub fn name(&self, code: u16) -> Option<&str> {
        match self.lookup(code) {
            Registration::Assigned(r) => Some(&r.description),
            _ => None,
        }
    }
}

fn split_csv_line(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().expect("never empty").push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            c => fields.last_mut().expect("never empty").push(c),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_quoted_fields_and_ranges() {
        let reg = IanaRegistry::parse(
            "Value,Description,Reference\n100,Continue,\"[RFC9110, Section 15.2.1]\"\n105-199,Unassigned,\n",
        )
        .unwrap();
        assert_eq!(reg.name(100), Some("Continue"));
        assert_eq!(reg.rows()[0].reference, "[RFC9110, Section 15.2.1]");
        assert!(matches!(reg.lookup(150), Registration::Unassigned(r) if r.first == 105 && r.last == 199));
        assert_eq!(reg.lookup(600), Registration::OutOfRange);
    }
}
