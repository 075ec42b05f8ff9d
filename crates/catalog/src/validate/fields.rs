//! Rules every kind of content file shares: text that must not be empty, lists with a least
//! length, FAQs and RFC quotes.

use super::Problems;

pub(super) fn check_text(file: &str, field: &str, value: &str, problems: &mut Problems) {
    if value.trim().is_empty() {
        problems.add(file, field, "must not be empty");
    }
}

pub(super) fn check_list(file: &str, field: &str, values: &[String], min: usize, problems: &mut Problems) {
    if values.len() < min {
        problems.add(
            file,
            field,
            format!("needs at least {min} item(s), has {}", values.len()),
        );
    }
    for (i, v) in values.iter().enumerate() {
        check_text(file, &format!("{field}[{i}]"), v, problems);
    }
}

pub(super) fn check_faq(file: &str, faq: &[crate::Faq], problems: &mut Problems) {
    if faq.len() < 3 {
        problems.add(file, "faq", format!("needs at least 3 questions, has {}", faq.len()));
    }
    for (i, f) in faq.iter().enumerate() {
        check_text(file, &format!("faq[{i}].question"), &f.question, problems);
        check_text(file, &format!("faq[{i}].answer"), &f.answer, problems);
    }
}

pub(super) fn check_rfc(file: &str, rfc: &crate::RfcQuote, problems: &mut Problems) {
    check_text(file, "rfc.document", &rfc.document, problems);
    check_text(file, "rfc.quote", &rfc.quote, problems);
    if !rfc.document.starts_with("RFC ") || rfc.document[4..].parse::<u32>().is_err() {
        problems.add(
            file,
            "rfc.document",
            format!("{:?} must look like \"RFC 9110\"", rfc.document),
        );
    }
    if rfc.section.is_empty()
        || !rfc
            .section
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        problems.add(
            file,
            "rfc.section",
            format!("{:?} must look like \"15.5.18\"", rfc.section),
        );
    }
    if !rfc.url.starts_with("https://") {
        problems.add(file, "rfc.url", "must be an https:// link to the section");
    }
}
