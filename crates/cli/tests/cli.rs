//! The command line: lookup, search, JSON output, colour rules and exit statuses.

use assert_cmd::Command;
use predicates::prelude::*;

fn siteerror() -> Command {
    let mut c = Command::cargo_bin("siteerror").expect("binary built");
    c.env_remove("NO_COLOR");
    c
}

#[test]
fn a_bare_code_prints_the_entry() {
    siteerror()
        .arg("417")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("417 Expectation Failed"))
        .stdout(predicate::str::contains("4xx Client Error"))
        .stdout(predicate::str::contains("In plain English"))
        .stdout(predicate::str::contains("Common causes"))
        .stdout(predicate::str::contains("How to fix it, as the client"))
        .stdout(predicate::str::contains("RFC 9110, Section 15.5.18"))
        .stdout(predicate::str::contains(
            "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.18",
        ));
}

#[test]
fn lookup_is_the_same_as_a_bare_code() {
    let bare = siteerror().arg("404").output().unwrap().stdout;
    let lookup = siteerror().args(["lookup", "404"]).output().unwrap().stdout;
    assert_eq!(bare, lookup);
}

#[test]
fn no_colour_when_piped_or_with_no_color() {
    // assert_cmd captures stdout through a pipe, so this is the "not a terminal" case.
    siteerror()
        .arg("200")
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b[").not());
    siteerror()
        .arg("200")
        .env("NO_COLOR", "1")
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b[").not());
}

#[test]
fn json_is_the_apis_json() {
    let out = siteerror().args(["503", "--json"]).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["key"], "503");
    assert_eq!(v["class"], "5xx");
    assert_eq!(v["url"], "/503");
    assert_eq!(v["rfc"]["section"], "15.6.4");
}

#[test]
fn unknown_codes_suggest_and_exit_1() {
    siteerror()
        .arg("4044")
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("no status code \"4044\""))
        .stderr(predicate::str::contains("Did you mean"))
        .stderr(predicate::str::contains("404     Not Found"));
    siteerror()
        .arg("299")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unassigned in the IANA registry"));
    siteerror().arg("teapot-ish nonsense").assert().code(1);
}

#[test]
fn search_lists_matches() {
    siteerror()
        .args(["search", "service", "unavailable"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("503"));
    siteerror()
        .args(["search", "4xx"])
        .assert()
        .success()
        .stdout(predicate::str::contains("404"));
    siteerror()
        .args(["search", "qqqqqq"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nothing matches"));
    let out = siteerror().args(["search", "--json", "gateway"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["results"][0]["key"], "502");
}

#[test]
fn help_names_the_commands() {
    siteerror()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("serve"))
        .stdout(predicate::str::contains("lookup"))
        .stdout(predicate::str::contains("search"));
}

#[test]
fn serve_rejects_a_bad_address_clearly() {
    siteerror()
        .args(["serve", "--addr", "not-an-address"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value"));
}

/// `siteerror check` against a throwaway HTTP server on 127.0.0.1 (std only, one response per
/// connection): the exit status follows --accept, and every format prints the chain.
mod check {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    fn serve() -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut s) = stream else { continue };
                let mut buf = [0u8; 4096];
                let n = s.read(&mut buf).unwrap_or(0);
                let req = String::from_utf8_lossy(&buf[..n]);
                let path = req.split_whitespace().nth(1).unwrap_or("/");
                let resp = match path {
                    "/old" => "HTTP/1.1 301 Moved Permanently\r\nLocation: /new\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string(),
                    "/new" => "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".to_string(),
                    _ => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string(),
                };
                let _ = s.write_all(resp.as_bytes());
            }
        });
        addr
    }

    #[test]
    fn exit_status_follows_accept() {
        let addr = serve();
        let old = format!("http://{addr}/old");
        let missing = format!("http://{addr}/missing");
        siteerror()
            .args(["check", &old])
            .assert()
            .success()
            .stdout(predicate::str::contains(format!(
                "http://{addr}/old --[301]--> http://{addr}/new --[200]"
            )));
        siteerror()
            .args(["check", &old, &missing])
            .assert()
            .code(1)
            .stdout(predicate::str::contains("FAIL 404"));
        siteerror()
            .args(["check", "--accept", "2xx,404", &old, &missing])
            .assert()
            .success();
        siteerror()
            .args(["check", "--deny-private", &old])
            .assert()
            .code(1)
            .stdout(predicate::str::contains("refused"));
    }

    #[test]
    fn formats_and_files() {
        let addr = serve();
        let list = format!("# comment\nhttp://{addr}/old\n\nhttp://{addr}/missing\n");
        let out = siteerror()
            .args(["check", "--format", "json", "--file", "-"])
            .write_stdin(list.clone())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v.as_array().unwrap().len(), 2);
        assert_eq!(v[0]["hops"][0]["status"], 301);
        assert_eq!(v[0]["hops"][0]["status_name"], "Moved Permanently");
        siteerror()
            .args(["check", "--format", "csv", "--file", "-"])
            .write_stdin(list.clone())
            .assert()
            .stdout(predicate::str::starts_with("url,outcome,final_status"))
            .stdout(predicate::str::contains(",404,"));
        siteerror()
            .args(["check", "--format", "markdown", "--file", "-"])
            .write_stdin(list)
            .assert()
            .stdout(predicate::str::contains("| ❌ |"))
            .stdout(predicate::str::contains("| ✅ |"));
        siteerror()
            .args(["check"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("no URLs"));
        siteerror()
            .args(["check", "--accept", "banana", "http://x/"])
            .assert()
            .code(2);
    }
}

#[test]
fn numbers_with_several_meanings_print_all_of_them() {
    siteerror()
        .arg("499")
        .assert()
        .success()
        .stdout(predicate::str::contains("499 Client Closed Request"))
        .stdout(predicate::str::contains("499 Token Required"));
    siteerror()
        .arg("403.14")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("403.14 Directory Listing Denied"));
    let out = siteerror().args(["451", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["source"], "iana", "the IANA meaning comes first");
    assert_eq!(v[1]["key"], "iis-451");
}
