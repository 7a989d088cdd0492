//! Runs the real binary for the lost-deal report and the exports: `report`, `--html`,
//! `--report` CSV (RFC 4180, BOM) and JSON lines, `--from-jsonl`, `--group-by`.

use std::path::PathBuf;

mod support;

use predicates::prelude::*;
use support::sandbox::Sandbox;

/// The README's example mailbox: 40 messages, 15 rejections, 1 "maybe".
fn example() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples/inbox.mbox")
        .display()
        .to_string()
}

/// A rejection whose subject and evidence carry markup, a comma, quotes and a formula start.
const HOSTILE: &str = "From: \"Evil, Eve\" <eve@evil.example>\n\
To: Alex Seller <alex@seller.example>\n\
Subject: =cmd| \"<script>alert('subject')</script>\", Q3\n\
Date: Tue, 10 Nov 2026 09:12:00 +0100\n\
Message-ID: <evil-1@evil.example>\n\
\n\
Hi Alex,\n\
\n\
After careful consideration we have decided not to move forward with it <script>alert('evidence')</script>.\n\
\n\
Eve\n";

#[test]
fn batch_csv_is_rfc4180_with_a_bom_and_iso_dates() {
    let sb = Sandbox::new();
    sb.write("evil.eml", HOSTILE);
    sb.cmd()
        .args(["batch", "evil.eml", &example(), "--dry-run"])
        .args(["--report", "r.csv", "--csv-bom"])
        .assert()
        .success();
    let bytes = std::fs::read(sb.path("r.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFdate,buyer_name,email,company,subject,reason,confidence,evidence,draft,status,language\r\n"));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    // Every record ends in CRLF; no bare LF anywhere (fields are one line each).
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 1 + 15 + 1, "{text}");
    for row in &rows {
        assert_eq!(row.len(), 11);
        chrono::DateTime::parse_from_rfc3339(&row[0]).unwrap();
    }
    let evil = &rows[0];
    assert_eq!(evil[0].to_string(), "2026-11-10T09:12:00+01:00");
    assert_eq!(&evil[1], "Eve Evil");
    // Quotes and commas survive the quoting; the formula start is defused.
    assert_eq!(&evil[4], "'=cmd| \"<script>alert('subject')</script>\", Q3");
    assert_eq!(rows.iter().filter(|r| &r[9] == "maybe").count(), 1);
}

#[test]
fn batch_html_report_escapes_mail_text_and_counts_rows() {
    let sb = Sandbox::new();
    sb.write("evil.eml", HOSTILE);
    sb.cmd()
        .args(["batch", "evil.eml", &example(), "--out", "drafts"])
        .args([
            "--html",
            "report.html",
            "--from",
            "Alex <alex@seller.example>",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("16 written"));
    let page = std::fs::read_to_string(sb.path("report.html")).unwrap();
    assert_eq!(
        page.matches("<script").count(),
        1,
        "only rebound's own script"
    );
    assert!(page.contains("&lt;script&gt;alert(&#39;subject&#39;)&lt;/script&gt;"));
    assert!(page.contains("&lt;script&gt;alert(&#39;evidence&#39;)&lt;/script&gt;"));
    assert!(page.contains("data-rejections=\"16\" data-maybe=\"1\""));
    assert!(page.contains("data-read=\"41\""));
    assert_eq!(page.matches("<tr class=\"rejection\"").count(), 16);
    assert_eq!(page.matches("<tr class=\"maybe\"").count(), 1);
    // Drafts written to files are linked, not inlined.
    assert_eq!(page.matches("href=\"file:///").count(), 16);
    assert!(!page.contains("<details>"));
}

#[test]
fn report_from_inputs_shows_draft_text_and_writes_nothing_else() {
    let sb = Sandbox::new();
    sb.cmd()
        .args(["report", &example(), "--html", "r.html"])
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("40 messages read"));
    let page = std::fs::read_to_string(sb.path("r.html")).unwrap();
    assert_eq!(
        page.matches("<details>").count(),
        15,
        "a draft per rejection"
    );
    assert!(page.contains("Mind if I ask"), "the drafts' text is there");
    let entries: Vec<_> = std::fs::read_dir(sb.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert_eq!(entries, ["r.html"], "no drafts directory, nothing else");
}

#[test]
fn report_from_jsonl_gives_the_same_rows_and_page() {
    let sb = Sandbox::new();
    sb.cmd()
        .args(["batch", &example(), "--dry-run", "--report", "rows.jsonl"])
        .args(["--html", "direct.html"])
        .assert()
        .success();
    let jsonl = std::fs::read_to_string(sb.path("rows.jsonl")).unwrap();
    assert_eq!(jsonl.lines().count(), 16);
    sb.cmd()
        .args([
            "report",
            "--from-jsonl",
            "rows.jsonl",
            "--html",
            "again.html",
        ])
        .args(["--report", "again.csv"])
        .assert()
        .success()
        .stderr(predicate::str::contains("16 rows read from rows.jsonl"));
    let direct = std::fs::read_to_string(sb.path("direct.html")).unwrap();
    let again = std::fs::read_to_string(sb.path("again.html")).unwrap();
    let table = |page: &str| page[page.find("<table").unwrap()..].to_string();
    assert_eq!(table(&direct), table(&again));
    let csv = std::fs::read_to_string(sb.path("again.csv")).unwrap();
    assert_eq!(csv.lines().count(), 17);
}

#[test]
fn report_from_a_file_that_is_not_a_report_is_a_usage_error() {
    let sb = Sandbox::new();
    sb.write("x.jsonl", "{\"file\": \"a.eml\", \"class\": \"other\"}\n");
    sb.cmd()
        .args(["report", "--from-jsonl", "x.jsonl", "--html", "r.html"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "x.jsonl:1: not a rebound report row",
        ));
}

#[test]
fn report_needs_an_output() {
    Sandbox::new()
        .cmd()
        .args(["report", &example()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--html"));
}

#[test]
fn group_by_prints_a_table_on_stdout() {
    let sb = Sandbox::new();
    let out = sb
        .cmd()
        .args(["batch", &example(), "--dry-run", "--group-by", "reason"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    // The summary, a blank line, then the table.
    let table = stdout.split("\n\n").nth(1).unwrap();
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("reason"), "{table}");
    assert!(
        lines[1].starts_with("no_decision") && lines[1].contains(" 4 "),
        "{table}"
    );
    assert!(lines.last().unwrap().starts_with("total"), "{table}");
    assert!(lines.last().unwrap().contains(" 15 "), "{table}");

    let out = sb
        .cmd()
        .args(["report", &example(), "--group-by", "month", "-q"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "month    rejections  maybe  reasons\n\
         2025-06          15      1  price 3, timing 2, competitor 3, no_need 1, no_decision 4, unspecified 2\n\
         total            15      1  price 3, timing 2, competitor 3, no_need 1, no_decision 4, unspecified 2\n"
    );
}

#[test]
fn html_to_an_unwritable_place_fails_before_reading() {
    let sb = Sandbox::new();
    sb.cmd()
        .args(["report", &example(), "--html", "no/such/dir/r.html"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/dir/r.html"))
        .stderr(predicate::str::contains("messages read").not());
}
