//! `siteerror lookup` and `siteerror search`: the catalog in a terminal.

use anyhow::Context;
use siteerror_catalog::Catalog;
use siteerror_present::text::Palette;
use siteerror_present::views::{self, EntryLink};
use siteerror_present::{Media, Renderer};
use std::io::Write;
use std::process::ExitCode;

pub(crate) fn print(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // A closed pipe (`siteerror 404 | head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to standard output"),
    }
}

fn json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    print(&(serde_json::to_string_pretty(value)? + "\n"))
}

/// `siteerror CODE`: the text (or JSON) made when the binary was built, so nothing is loaded
/// or rendered; only an unknown code loads the catalog, for suggestions.
pub fn lookup(code: &str, as_json: bool) -> anyhow::Result<ExitCode> {
    let code = code.trim();
    let (found, all_json) = match siteerror_pages::meanings(code) {
        Some((found, json)) => (found, Some(json)),
        None => (siteerror_pages::entry(code).into_iter().collect(), None),
    };
    match found.as_slice() {
        [] => {
            let catalog = Catalog::embedded().context("the embedded content is invalid")?;
            unknown(&catalog, code)
        }
        [one] if as_json => print(one.json).map(|()| ExitCode::SUCCESS),
        _ if as_json => print(all_json.unwrap_or("[]\n")).map(|()| ExitCode::SUCCESS),
        many => {
            let color = Palette::for_stdout().is_styled();
            let texts: Vec<&str> = many.iter().map(|t| if color { t.ansi } else { t.plain }).collect();
            print(&texts.join("\n────────\n\n"))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn unknown(catalog: &Catalog, code: &str) -> anyhow::Result<ExitCode> {
    let shown: String = code.chars().take(40).collect();
    let mut msg = format!("siteerror: no status code {shown:?} in the catalog.\n");
    if let Ok(n) = code.parse::<u16>() {
        let note = views::number_note(catalog, n);
        match (note.status, note.range) {
            ("unassigned", Some(range)) => msg.push_str(&format!(
                "{n} is unassigned in the IANA registry (free range {range}); clients treat it as {}00.\n",
                n / 100
            )),
            ("out-of-range", _) => msg.push_str("Status codes are three digits from 100 to 599.\n"),
            _ => {}
        }
    }
    let suggestions = catalog.suggest(&shown, 5);
    if !suggestions.is_empty() {
        msg.push_str("Did you mean:\n");
        for e in suggestions {
            msg.push_str(&format!("  {:<7} {}\n", e.display_code(), e.name));
        }
    }
    msg.push_str("Search by words with: siteerror search WORDS\n");
    eprint!("{msg}");
    Ok(ExitCode::from(1))
}

pub fn search(query: &str, as_json: bool) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::embedded().context("the embedded content is invalid")?;
    let view = views::search(&catalog, query);
    let found = !view.results.is_empty();
    if as_json {
        json(&view)?;
    } else if found {
        let color = Palette::for_stdout();
        let mut out = String::new();
        for hit in &view.results {
            out.push_str(&format_line(&hit.link, &color));
        }
        print(&out)?;
    } else {
        let mut msg = format!("siteerror: nothing matches {:?}.\n", view.query);
        if !view.suggestions.is_empty() {
            msg.push_str("Did you mean:\n");
            for s in &view.suggestions {
                msg.push_str(&format!("  {:<7} {}\n", s.code, s.name));
            }
        }
        eprint!("{msg}");
    }
    Ok(if found { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn format_line(link: &EntryLink, c: &Palette) -> String {
    let source = if link.source == "iana" {
        String::new()
    } else {
        format!(" ({})", link.source_label)
    };
    let summary = link.summary.replace('`', "");
    format!(
        "{}{:<7}{} {}{}{}{source}  {}{summary}{}\n",
        c.code, link.code, c.reset, c.bold, link.name, c.reset, c.dim, c.reset
    )
}

pub fn compare(a: &str, b: &str, as_json: bool) -> anyhow::Result<ExitCode> {
    use siteerror_catalog::Resolved;
    let catalog = Catalog::embedded().context("the embedded content is invalid")?;
    let mut sides = Vec::new();
    for token in [a, b] {
        match catalog.resolve_code(token) {
            Resolved::One(e) => sides.push(e),
            Resolved::Ambiguous(meanings) => {
                let mut msg = format!("siteerror: {token} has several meanings; name one by its key:\n");
                for m in meanings {
                    msg.push_str(&format!("  {:<16} {} ({})\n", m.key, m.name, m.source.label()));
                }
                eprint!("{msg}");
                return Ok(ExitCode::from(1));
            }
            Resolved::Unknown => return unknown(&catalog, token),
        }
    }
    if sides[0].key == sides[1].key {
        eprintln!(
            "siteerror: compare two different codes (both are {}).",
            sides[0].display_code()
        );
        return Ok(ExitCode::from(2));
    }
    let view = siteerror_present::compare::view(&catalog, sides[0], sides[1]);
    if as_json {
        json(&view)?;
        return Ok(ExitCode::SUCCESS);
    }
    let renderer = Renderer::new()?;
    print(&siteerror_present::compare::render(
        &renderer,
        &view,
        Media::Text,
        &Palette::for_stdout(),
    )?)?;
    Ok(ExitCode::SUCCESS)
}

pub fn cheat(as_json: bool) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::embedded().context("the embedded content is invalid")?;
    let sheet = siteerror_present::cheat::view(&catalog);
    if as_json {
        json(&sheet)?;
    } else {
        let renderer = Renderer::new()?;
        print(&renderer.render(
            "cheat.txt",
            minijinja::context! { s => &sheet, color => Palette::for_stdout() },
        )?)?;
    }
    Ok(ExitCode::SUCCESS)
}
