//! The prose-reuse lint: entries are written for their own code, so no long sentence stands in two
//! entries and no long run of words in several. Text copied between entries tends to be true of
//! only one of them.

use super::Problems;
use crate::StatusEntry;
use std::collections::{HashMap, HashSet};

/// A sentence of at least this many words may stand in one entry only.
const REPEATED_SENTENCE_WORDS: usize = 8;
/// A run of this many words may stand in at most `SHARED_RUN_MAX_ENTRIES - 1` entries.
const SHARED_RUN_WORDS: usize = 16;
const SHARED_RUN_MAX_ENTRIES: usize = 4;

/// Words of every prose field of an entry, lowercased, for the reuse checks.
fn prose(e: &StatusEntry) -> Vec<&str> {
    let mut out: Vec<&str> = vec![
        &e.summary,
        &e.what_it_means,
        &e.definition,
        &e.plain_english,
        &e.misinterpretation,
    ];
    out.extend(e.causes.iter().map(String::as_str));
    out.extend(e.fix_client.iter().map(String::as_str));
    out.extend(e.fix_server.iter().map(String::as_str));
    out.extend(e.faq.iter().flat_map(|f| [f.question.as_str(), f.answer.as_str()]));
    out.extend([
        e.facts.caching.as_str(),
        e.facts.retry.as_str(),
        e.facts.browsers.as_str(),
    ]);
    out
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Which files each long sentence and each run of words stands in.
struct Occurrences<'a> {
    sentences: HashMap<String, Vec<&'a str>>,
    runs: HashMap<Vec<String>, Vec<&'a str>>,
}

/// No sentence of eight words or more in two entries; no run of 16 words in four or more.
pub(super) fn check_prose_reuse(entries: &[(String, StatusEntry)], problems: &mut Problems) {
    let found = occurrences(entries);
    report_sentences(&found.sentences, problems);
    report_runs(&found.runs, problems);
}

fn occurrences(entries: &[(String, StatusEntry)]) -> Occurrences<'_> {
    let mut sentences: HashMap<String, Vec<&str>> = HashMap::new();
    let mut runs: HashMap<Vec<String>, Vec<&str>> = HashMap::new();
    for (file, e) in entries {
        // Sets, so an entry that repeats itself is counted once.
        let mut mine = HashSet::new();
        let mut my_runs = HashSet::new();
        for text in prose(e) {
            for sentence in text.split_inclusive(['.', '!', '?']) {
                let w = words(sentence);
                if w.len() >= REPEATED_SENTENCE_WORDS {
                    mine.insert(w.join(" "));
                }
            }
            let w = words(text);
            for run in w.windows(SHARED_RUN_WORDS) {
                my_runs.insert(run.to_vec());
            }
        }
        for s in mine {
            sentences.entry(s).or_default().push(file);
        }
        for r in my_runs {
            runs.entry(r).or_default().push(file);
        }
    }
    Occurrences { sentences, runs }
}

fn report_sentences(sentences: &HashMap<String, Vec<&str>>, problems: &mut Problems) {
    for (s, files) in sentences.iter().filter(|(_, f)| f.len() > 1) {
        problems.add(
            files[0],
            "prose",
            format!("the sentence {s:?} also stands in {}", files[1..].join(", ")),
        );
    }
}

fn report_runs(runs: &HashMap<Vec<String>, Vec<&str>>, problems: &mut Problems) {
    // Overlapping runs shared by the same entries are one finding, reported once.
    let mut reported = HashSet::new();
    for (run, files) in runs.iter().filter(|(_, f)| f.len() >= SHARED_RUN_MAX_ENTRIES) {
        let mut key = files.clone();
        key.sort();
        if reported.insert(key) {
            problems.add(
                files[0],
                "prose",
                format!(
                    "the words {:?} stand in {} entries: {}",
                    run.join(" "),
                    files.len(),
                    files.join(", ")
                ),
            );
        }
    }
}
