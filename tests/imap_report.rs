//! The report outputs of the IMAP commands through the real binary against a real Dovecot:
//! `draft --report / --html` (rows carry the draft's text), `scan --report / --html / --group-by`.

mod support;

use support::cli::{messages, Setup};
use support::dovecot::{self, Dovecot, User};
use support::mail;

fn user(d: &Dovecot, name: &str) -> User {
    d.add_user(name, &format!("Pw-{name}-Rp42k"))
}

fn all_output(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn draft_writes_report_rows_with_the_drafts_text() {
    let d = dovecot::shared();
    let u = user(d, "rdraft");
    d.save(&u, "INBOX", &mail::rejection("rep-1@buyer.example"));
    d.save(&u, "INBOX", &mail::neutral("rep-2@buyer.example"));
    let s = Setup::new(d, &u, "");
    let jsonl = s.dir.path().join("rows.jsonl");
    let html = s.dir.path().join("rows.html");
    let out = s
        .cmd()
        .arg("draft")
        .arg("--report")
        .arg(&jsonl)
        .arg("--html")
        .arg(&html)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    assert_eq!(messages(d, &u, "Drafts").len(), 1);
    let text = std::fs::read_to_string(&jsonl).unwrap();
    let rows: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 1, "{text}");
    assert_eq!(rows[0]["email"], "jane@buyer.example");
    assert_eq!(rows[0]["status"], "rejection");
    assert!(rows[0]["draft"].is_null());
    let body = rows[0]["draft_text"].as_str().unwrap();
    assert!(body.contains("Mind if I ask"), "{body}");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("data-rejections=\"1\""), "{page}");
    assert_eq!(page.matches("<details>").count(), 1);
    assert!(page.contains("data-read=\"2\""));

    // A rerun reads only mail without $Rebound: nothing, so the report is rewritten empty.
    let out = s
        .cmd()
        .args(["draft", "--rescan", "--report"])
        .arg(&jsonl)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    assert_eq!(std::fs::read_to_string(&jsonl).unwrap(), "");
    assert_eq!(messages(d, &u, "Drafts").len(), 1);
}

#[test]
fn scan_groups_and_writes_the_page_read_only() {
    let d = dovecot::shared();
    let u = user(d, "rscan");
    d.save(&u, "INBOX", &mail::rejection("rs-1@buyer.example"));
    d.save(&u, "INBOX", &mail::neutral("rs-2@buyer.example"));
    let s = Setup::new(d, &u, "");
    let html = s.dir.path().join("scan.html");
    let csv = s.dir.path().join("scan.csv");
    let out = s
        .cmd()
        .args(["scan", "--group-by", "domain", "--csv-bom", "--html"])
        .arg(&html)
        .arg("--report")
        .arg(&csv)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "only the table: {stdout}");
    assert!(lines[0].starts_with("domain"), "{stdout}");
    assert!(lines[1].starts_with("buyer.example"), "{stdout}");
    assert!(lines[2].starts_with("total"), "{stdout}");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("data-rejections=\"1\""), "{page}");
    assert!(page.contains("INBOX"));
    let csv = std::fs::read(&csv).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBFdate,buyer_name,"));
    assert_eq!(String::from_utf8_lossy(&csv).lines().count(), 2);
    assert!(messages(d, &u, "Drafts").is_empty());
    let inbox = messages(d, &u, "INBOX");
    assert!(inbox.iter().all(|m| !m.has("\\Seen")));
}
