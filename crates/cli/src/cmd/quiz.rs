//! `siteerror quiz`: a round of ten questions in the terminal, graded as you go.

use super::lookup::print;
use anyhow::Context;
use siteerror_catalog::{Catalog, Round};
use siteerror_present::text::Palette;
use std::io::BufRead;
use std::process::ExitCode;

/// Wrong inputs accepted for one question before the round stops.
const MAX_BAD_INPUTS: usize = 5;

/// `text` wrapped to 78 columns with `indent`, ending in a newline.
fn wrap(text: &str, indent: usize) -> String {
    siteerror_present::text::wrap(text, 78, indent) + "\n"
}

/// Reads a choice: `1`–`4` or `a`–`d`; `q` quits. `None` at end of input or on `q`.
fn ask(input: &mut impl BufRead, choices: usize, c: &Palette) -> anyhow::Result<Option<usize>> {
    let last = (b'a' + choices as u8 - 1) as char;
    for _ in 0..MAX_BAD_INPUTS {
        print(&format!(
            "{}Your answer (1-{choices} or a-{last}, q to stop):{} ",
            c.bold, c.reset
        ))?;
        let mut line = String::new();
        if input.read_line(&mut line).context("cannot read standard input")? == 0 {
            print("\n")?;
            return Ok(None);
        }
        let t = line.trim().to_ascii_lowercase();
        if t == "q" || t == "quit" {
            return Ok(None);
        }
        let n = match t.as_bytes() {
            [d @ b'1'..=b'9'] => Some((d - b'1') as usize),
            [l @ b'a'..=b'z'] => Some((l - b'a') as usize),
            _ => None,
        };
        match n {
            Some(i) if i < choices => return Ok(Some(i)),
            _ => print(&format!(
                "  Please type a number from 1 to {choices} or a letter from a to {last}.\n"
            ))?,
        }
    }
    anyhow::bail!("no valid answer after {MAX_BAD_INPUTS} tries")
}

pub fn run(round_id: Option<&str>) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::embedded().context("the embedded content is invalid")?;
    let round: Round = match round_id {
        Some(id) => match catalog.quiz_round_by_id(id.trim()) {
            Ok(r) => r,
            Err(e) => {
                eprintln!(
                    "siteerror: cannot replay round {:?}: {e}.",
                    id.chars().take(40).collect::<String>()
                );
                return Ok(ExitCode::from(2));
            }
        },
        None => catalog.quiz_round(fastrand::u64(..)),
    };
    let c = Palette::for_stdout();
    let total = round.questions.len();
    print(&format!(
        "{}The status code quiz{}: {total} questions. Round {}.\n",
        c.accent, c.reset, round.id
    ))?;
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut answers = String::new();
    let mut score = 0;
    let mut missed: Vec<(String, String)> = Vec::new();
    for (i, q) in round.questions.iter().enumerate() {
        let mut out = format!("\n{}Question {} of {total}{}\n", c.bold, i + 1, c.reset);
        out.push_str(&wrap(&q.prompt, 2));
        for (j, choice) in q.choices.iter().enumerate() {
            out.push_str(&format!("  {}{}){} ", c.code, j + 1, c.reset));
            out.push_str(wrap(choice, 5).trim_start());
        }
        print(&out)?;
        let Some(choice) = ask(&mut input, q.choices.len(), &c)? else {
            print(&format!("Stopped after {i} of {total}: {score} right.\n"))?;
            return Ok(ExitCode::SUCCESS);
        };
        answers.push(char::from(b'0' + choice as u8));
        let mut fb = if choice == q.answer {
            score += 1;
            format!("  {}Right.{}\n", c.accent, c.reset)
        } else {
            missed.push((q.subject.clone(), q.choices[q.answer].clone()));
            format!(
                "  {}Not quite.{} The answer is {}) {}.\n",
                c.bold,
                c.reset,
                q.answer + 1,
                q.choices[q.answer]
            )
        };
        fb.push_str(&wrap(&q.explanation, 2));
        fb.push_str(&format!("  {}Read more: siteerror {}{}\n", c.dim, q.subject, c.reset));
        print(&fb)?;
    }
    let mut end = format!("\n{}Score: {score} of {total}.{}\n", c.accent, c.reset);
    if missed.is_empty() {
        end.push_str("Every answer right. The cheat sheet has the decision rules: siteerror cheat\n");
    } else {
        end.push_str("Read next:\n");
        for (key, label) in &missed {
            end.push_str(&format!("  siteerror {key:<14} {label}\n"));
        }
    }
    end.push_str(&format!(
        "Replay this round: siteerror quiz --round {}\nShare the result: /quiz/{}?a={answers}\n",
        round.id, round.id
    ));
    print(&end)?;
    Ok(ExitCode::SUCCESS)
}
