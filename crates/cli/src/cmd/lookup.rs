//! `siteerror lookup` and `siteerror search`: the catalog in a terminal.

use anyhow::Context;
use siteerror_catalog::{Catalog, StatusEntry};
use siteerror_present::code_page::code_page_context;
use siteerror_present::text::Palette;
use siteerror_present::views::{self, ApiEntry, EntryLink};
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

pub fn lookup(code: &str, as_json: bool) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::embedded().context("the embedded content is invalid")?;
    let code = code.trim();
    let mut found: Vec<&StatusEntry> = catalog.meanings(code);
    if found.is_empty() {
        found.extend(catalog.get(code));
    }
    if found.is_empty() {
        return unknown(&catalog, code);
    }
    if as_json {
        let list: Vec<ApiEntry> = found.iter().map(|e| ApiEntry::new(e)).collect();
        return match list.as_slice() {
            [one] => json(one),
            many => json(&many),
        }
        .map(|()| ExitCode::SUCCESS);
    }
    let renderer = Renderer::new()?;
    let color = Palette::for_stdout();
    let mut out = String::new();
    for (i, entry) in found.iter().enumerate() {
        if i > 0 {
            out.push_str("\n────────\n\n");
        }
        let ctx = code_page_context(&catalog, &renderer, entry)?;
        out.push_str(&renderer.render("code.txt", minijinja_ctx(ctx, &color))?);
    }
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn minijinja_ctx(ctx: minijinja::Value, color: &Palette) -> minijinja::Value {
    minijinja::context! { color => color, ..ctx }
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
