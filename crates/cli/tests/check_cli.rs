//! `siteerror check` options and report formats end to end, on 127.0.0.1 only: a bad `--accept`
//! stops the run with status 2 before any URL is contacted, and the CSV and Markdown reports stay
//! well-formed whatever the URLs contain.

use assert_cmd::Command;
use predicates::prelude::*;
use std::net::TcpListener;

fn siteerror() -> Command {
    let mut c = Command::cargo_bin("siteerror").expect("binary built");
    c.env_remove("NO_COLOR");
    c
}

#[test]
fn an_overflowing_accept_class_is_an_error_not_a_panic() {
    // 700xx once overflowed `d * 100` on a u16: a panic (exit 101) in debug builds.
    siteerror()
        .args(["check", "--accept", "700xx", "http://127.0.0.1:9/"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("\"700xx\" is not a status class"))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn a_bad_accept_list_names_the_bad_entry_and_contacts_nothing() {
    // A listener that is never accepted from: a connection to it would wait in its backlog.
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.set_nonblocking(true).expect("non-blocking");
    let url = format!("http://{}/", listener.local_addr().expect("local address"));
    for (list, named) in [
        ("2xx,700xx", "\"700xx\" is not a status class: classes are 1xx to 5xx"),
        ("6xx", "\"6xx\" is not a status class"),
        ("0xx", "\"0xx\" is not a status class"),
        ("99xx", "\"99xx\" is not a status class"),
        ("1000", "\"1000\" is not a status code: codes are 100 to 599"),
        ("abc", "\"abc\" is not a status code"),
        ("599-500", "\"599-500\" is backwards"),
        ("500-600", "\"500-600\" is not a range of status codes"),
        ("2xx,", "remove the extra comma"),
        ("", "no status codes given"),
    ] {
        siteerror()
            .args(["check", "--accept", list, &url])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::starts_with(format!(
                "siteerror: invalid --accept {list:?}: "
            )))
            .stderr(predicate::str::contains(named));
    }
    assert!(
        listener
            .accept()
            .is_err_and(|e| e.kind() == std::io::ErrorKind::WouldBlock),
        "no URL may be contacted when --accept is wrong"
    );
}

#[test]
fn good_accept_lists_still_decide_the_exit_status() {
    // --deny-private refuses 127.0.0.1 without connecting: the outcome is never a final status.
    siteerror()
        .args([
            "check",
            "--deny-private",
            "--accept",
            "2xx,304,500-599",
            "http://127.0.0.1:9/",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("1 of 1 URLs did not end in 2xx,304,500-599"));
}

#[test]
fn csv_quotes_a_url_with_a_carriage_return() {
    // The URL is refused by policy (nothing is contacted) and reported as given.
    let url = "http://127.0.0.1:9/a\rb";
    siteerror()
        .args(["check", "--deny-private", "--format", "csv", url])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "url,outcome,final_status,final_url,redirects,chain,elapsed_ms,findings\n\"http://127.0.0.1:9/a\rb\",refused,,",
        ));
}

#[test]
fn markdown_keeps_one_row_per_url() {
    let url = "http://127.0.0.1:9/a|b\rc";
    let out = siteerror()
        .args(["check", "--deny-private", "--format", "markdown", url])
        .output()
        .expect("run siteerror");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text:?}");
    assert!(
        lines[2].starts_with("| ❌ | http://127.0.0.1:9/a\\|b c | refused |"),
        "{text:?}"
    );
}

#[test]
fn the_piped_table_is_plain_text() {
    siteerror()
        .args([
            "check",
            "--deny-private",
            "http://127.0.0.1:9/x",
            "http://127.0.0.1:9/longer-path",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("FAIL refused http://127.0.0.1:9/x\n"))
        .stdout(predicate::str::contains(
            "\nFAIL refused http://127.0.0.1:9/longer-path\n",
        ))
        .stdout(predicate::str::contains('\x1b').not())
        .stdout(predicate::str::contains("─").not());
}
