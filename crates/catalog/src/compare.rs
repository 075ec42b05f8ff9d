//! Curated comparisons of two entries people confuse, from `content/compare/<a>-vs-<b>.toml`:
//! a decision guide, the key insight, situations, pitfalls and where each code arises.

use serde::{Deserialize, Serialize};

/// One curated comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comparison {
    /// The first entry's key; the canonical URL names it first.
    pub a: String,
    /// The second entry's key.
    pub b: String,
    /// The gist in one line.
    pub headline: String,
    /// The one idea that separates the two codes.
    pub key_insight: String,
    /// "Use A when…", then "Use B when…".
    pub guide: Vec<Guide>,
    /// Concrete situations and the code each calls for.
    pub scenarios: Vec<Scenario>,
    /// Mistakes people make when choosing between the two.
    pub pitfalls: Vec<String>,
    /// Where along the request's path each code arises.
    pub diagram: Diagram,
}

/// When to use one side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guide {
    /// The entry's key.
    pub key: String,
    /// Clauses completing "Use this code when…".
    pub use_when: Vec<String>,
}

/// A situation and the code it calls for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// What happens.
    pub situation: String,
    /// The key of the code that fits.
    pub key: String,
}

/// The stages a request passes, left to right, and where each code of the pair is produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Diagram {
    /// Short stage labels.
    pub stages: Vec<String>,
    /// The stage (index) where `a` arises.
    pub a_stage: usize,
    /// The stage (index) where `b` arises.
    pub b_stage: usize,
    /// Why `a` arises there.
    pub a_label: String,
    /// Why `b` arises there.
    pub b_label: String,
    /// A sentence describing the diagram for readers who cannot see it.
    pub caption: String,
}

impl Comparison {
    /// The canonical path: `/compare/{a}-vs-{b}`.
    pub fn path(&self) -> String {
        compare_path(&self.a, &self.b)
    }

    /// Whether this comparison is of `x` and `y`, in either order.
    pub fn is_of(&self, x: &str, y: &str) -> bool {
        (self.a == x && self.b == y) || (self.a == y && self.b == x)
    }
}

/// The path of the comparison of two keys, in the order given.
pub fn compare_path(a: &str, b: &str) -> String {
    format!("/compare/{a}-vs-{b}")
}

/// Longest stage label, in characters (the diagram has a fixed width).
pub const MAX_STAGE_CHARS: usize = 14;
/// Longest diagram note, in characters.
pub const MAX_DIAGRAM_LABEL_CHARS: usize = 28;

/// The broken rules of a comparison, each as the field and what is wrong.
type FieldProblems = Vec<(String, String)>;

fn add(out: &mut FieldProblems, field: &str, msg: String) {
    out.push((field.to_string(), msg));
}

/// Checks one comparison's shape; `has_key` tells whether an entry key exists.
pub(crate) fn check(name: &str, c: &Comparison, has_key: &dyn Fn(&str) -> bool) -> Vec<(String, String)> {
    let mut out = FieldProblems::new();
    check_pair(name, c, has_key, &mut out);
    check_texts(c, &mut out);
    check_guide(c, &mut out);
    check_scenarios(c, &mut out);
    if !(2..=4).contains(&c.pitfalls.len()) {
        add(
            &mut out,
            "pitfalls",
            format!("needs 2 to 4 items, has {}", c.pitfalls.len()),
        );
    }
    check_diagram(&c.diagram, &mut out);
    out
}

/// Both keys exist, differ, and name the file.
fn check_pair(name: &str, c: &Comparison, has_key: &dyn Fn(&str) -> bool, out: &mut FieldProblems) {
    for (field, key) in [("a", &c.a), ("b", &c.b)] {
        if !has_key(key) {
            add(out, field, format!("{key:?} is not a key of any entry"));
        }
    }
    if c.a == c.b {
        add(out, "b", "a comparison needs two different entries".into());
    }
    let expected = format!("{}-vs-{}.toml", c.a, c.b);
    if name != expected {
        add(
            out,
            "a",
            format!("the file must be named {expected:?} (it is {name:?})"),
        );
    }
}

fn check_texts(c: &Comparison, out: &mut FieldProblems) {
    for (field, text) in [
        ("headline", &c.headline),
        ("key_insight", &c.key_insight),
        ("diagram.caption", &c.diagram.caption),
    ] {
        if text.trim().is_empty() {
            add(out, field, "must not be empty".into());
        }
    }
    if c.headline.chars().count() > 90 {
        add(out, "headline", "must be at most 90 characters".into());
    }
}

/// One guide table per side, `a` first.
fn check_guide(c: &Comparison, out: &mut FieldProblems) {
    let keys: Vec<&str> = c.guide.iter().map(|g| g.key.as_str()).collect();
    if keys != [c.a.as_str(), c.b.as_str()] {
        add(out, "guide", format!("needs two tables, for {:?} then {:?}", c.a, c.b));
    }
    for (i, g) in c.guide.iter().enumerate() {
        if !(2..=5).contains(&g.use_when.len()) || g.use_when.iter().any(|u| u.trim().is_empty()) {
            add(
                out,
                &format!("guide[{i}].use_when"),
                "needs 2 to 5 non-empty items".into(),
            );
        }
    }
}

/// Each situation calls for one side of the pair, and each side is called for at least once.
fn check_scenarios(c: &Comparison, out: &mut FieldProblems) {
    if !(4..=8).contains(&c.scenarios.len()) {
        add(
            out,
            "scenarios",
            format!("needs 4 to 8 rows, has {}", c.scenarios.len()),
        );
    }
    for (i, s) in c.scenarios.iter().enumerate() {
        if s.key != c.a && s.key != c.b {
            add(
                out,
                &format!("scenarios[{i}].key"),
                format!("must be {:?} or {:?}", c.a, c.b),
            );
        }
        if s.situation.trim().is_empty() {
            add(out, &format!("scenarios[{i}].situation"), "must not be empty".into());
        }
    }
    for side in [&c.a, &c.b] {
        if !c.scenarios.iter().any(|s| &s.key == side) {
            add(out, "scenarios", format!("no situation calls for {side:?}"));
        }
    }
}

/// The diagram fits its fixed width and points both codes at stages it has.
fn check_diagram(d: &Diagram, out: &mut FieldProblems) {
    if !(2..=5).contains(&d.stages.len()) {
        add(
            out,
            "diagram.stages",
            format!("needs 2 to 5 stages, has {}", d.stages.len()),
        );
    }
    for (i, s) in d.stages.iter().enumerate() {
        if s.trim().is_empty() || s.chars().count() > MAX_STAGE_CHARS {
            add(
                out,
                &format!("diagram.stages[{i}]"),
                format!("must be 1 to {MAX_STAGE_CHARS} characters"),
            );
        }
    }
    for (field, stage) in [("diagram.a_stage", d.a_stage), ("diagram.b_stage", d.b_stage)] {
        if stage >= d.stages.len() {
            add(out, field, format!("{stage} is not the index of a stage"));
        }
    }
    for (field, label) in [("diagram.a_label", &d.a_label), ("diagram.b_label", &d.b_label)] {
        if label.trim().is_empty() || label.chars().count() > MAX_DIAGRAM_LABEL_CHARS {
            add(out, field, format!("must be 1 to {MAX_DIAGRAM_LABEL_CHARS} characters"));
        }
    }
}
