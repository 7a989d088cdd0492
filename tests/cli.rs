//! Runs the real `rebound` binary: argument handling, exit codes, the classify contract, batch drafts.
//! Every run gets its own HOME and XDG dirs so no user config can leak in.

use std::path::Path;

mod support;

use predicates::prelude::*;
use support::sandbox::Sandbox;

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

const REJECTION: &str = "From: \"Doe, Jane\" <jane.doe@acme.example>\r\n\
To: Alex Seller <alex@seller.example>\r\n\
Subject: Re: Proposal for Acme\r\n\
Date: Tue, 10 Nov 2026 09:12:00 +0100\r\n\
Message-ID: <rej-1@acme.example>\r\n\
In-Reply-To: <prop-1@seller.example>\r\n\
References: <prop-1@seller.example>\r\n\
\r\n\
Hi Alex,\r\n\
\r\n\
Thanks for the proposal and your time. After careful consideration we have decided\r\n\
not to move forward with it.\r\n\
\r\n\
Best regards,\r\n\
Jane\r\n";

const ACCEPTANCE: &str = "From: Bob Stone <bob@globex.example>\n\
To: alex@seller.example\n\
Subject: Re: Quote 2231\n\
Date: Wed, 11 Nov 2026 14:00:00 +0000\n\
Message-ID: <acc-1@globex.example>\n\
\n\
Great news: we've decided to go ahead. Please send the contract.\n\
\n\
Bob\n";

fn mbox(messages: &[&str]) -> String {
    let mut s = String::new();
    for m in messages {
        s.push_str("From sender@example.com Tue Nov 10 09:12:00 2026\n");
        s.push_str(&m.replace("\r\n", "\n"));
        s.push('\n');
    }
    s
}

#[test]
fn help_documents_exit_codes() {
    let sb = Sandbox::new();
    sb.cmd()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit codes:"))
        .stdout(predicate::str::contains("3  IMAP connection"));
}

#[test]
fn missing_input_is_a_usage_error_naming_the_path() {
    let sb = Sandbox::new();
    sb.cmd()
        .args(["classify", "no/such/file.eml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/file.eml"));
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let sb = Sandbox::new();
    sb.cmd()
        .args(["classify", "--frobnicate", "x"])
        .assert()
        .code(2);
}

#[test]
fn unknown_config_key_is_named() {
    let sb = Sandbox::new();
    let cfg = sb.write("c.toml", "[identity]\nname = \"A\"\nsignatur = \"x\"\n");
    let eml = sb.write("a.eml", ACCEPTANCE);
    sb.cmd()
        .arg("--config")
        .arg(&cfg)
        .arg("classify")
        .arg(&eml)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("signatur"))
        .stderr(predicate::str::contains("line 3"));
}

#[test]
fn config_from_env_and_xdg_is_used() {
    let sb = Sandbox::new();
    // An ignored sender turns a clear rejection into `other`: proof the config was read.
    let cfg = "[rules]\nignore_senders = [\"@acme.example\"]\n";
    let eml = sb.write("r.eml", REJECTION);
    sb.write("xdg/rebound/config.toml", cfg);
    let out = sb
        .cmd()
        .args(["classify", "--format", "jsonl"])
        .arg(&eml)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["class"], "other", "{v}");

    let env_cfg = sb.write("env.toml", "[rules]\nignore_senders = []\n");
    let out = sb
        .cmd()
        .env("REBOUND_CONFIG", &env_cfg)
        .args(["classify", "--format", "jsonl"])
        .arg(&eml)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["class"], "rejection", "{v}");
}

#[test]
fn classify_jsonl_follows_the_contract() {
    let sb = Sandbox::new();
    let mb = sb.write("in.mbox", mbox(&[REJECTION, ACCEPTANCE]));
    let out = sb
        .cmd()
        .args(["classify", "--format", "jsonl", "in.mbox"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    let keys = [
        "file",
        "message_id",
        "from",
        "subject",
        "date",
        "class",
        "reason",
        "confidence",
        "evidence",
        "language",
    ];
    for l in &lines {
        let obj = l.as_object().unwrap();
        for k in keys {
            assert!(obj.contains_key(k), "missing {k} in {l}");
        }
        assert!(!obj.contains_key("error"));
    }
    assert_eq!(lines[0]["file"], "in.mbox#0");
    assert_eq!(lines[0]["message_id"], "rej-1@acme.example");
    assert_eq!(lines[0]["from"], "jane.doe@acme.example");
    assert_eq!(lines[0]["date"], "2026-11-10T09:12:00+01:00");
    assert_eq!(lines[0]["class"], "rejection");
    assert_eq!(lines[0]["language"], "en");
    assert!(lines[0]["evidence"]
        .as_str()
        .unwrap()
        .contains("not to move forward"));
    let c = lines[0]["confidence"].as_f64().unwrap();
    assert!(c > 0.0 && c <= 1.0);
    assert_eq!(lines[1]["file"], "in.mbox#1");
    assert_eq!(lines[1]["class"], "other");
    assert!(lines[1]["reason"].is_null());
    let _ = mb;
}

#[test]
fn classify_reads_stdin() {
    let sb = Sandbox::new();
    sb.cmd()
        .args(["classify", "-"])
        .write_stdin(REJECTION)
        .assert()
        .success()
        .stdout(predicate::str::contains("rejection"));
}

#[test]
fn unreadable_message_gets_a_line_and_exit_1() {
    let sb = Sandbox::new();
    sb.write("dir/a.eml", ACCEPTANCE);
    sb.write("dir/b.eml", "");
    sb.write("dir/c.eml", REJECTION);
    let out = sb
        .cmd()
        .args(["classify", "--format", "jsonl", "dir"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1]["class"], "other");
    assert_eq!(lines[1]["confidence"], 0.0);
    assert!(lines[1]["error"].is_string());
    assert_eq!(lines[2]["class"], "rejection");
    assert!(String::from_utf8_lossy(&out.stderr).contains("b.eml"));
}

#[test]
fn batch_writes_one_draft_per_rejection_and_never_twice() {
    let sb = Sandbox::new();
    sb.write("in.mbox", mbox(&[REJECTION, ACCEPTANCE]));
    let run = |report: &str| {
        sb.cmd()
            .args(["batch", "in.mbox", "--out", "drafts", "--report", report])
            .args(["--from", "Alex Seller <alex@seller.example>"])
            .assert()
            .success()
    };
    run("r1.csv").stdout(predicate::str::contains("1 written"));
    let files = files_in(&sb.path("drafts"));
    assert_eq!(files.len(), 1, "{files:?}");
    let draft = std::fs::read_to_string(sb.path("drafts").join(&files[0])).unwrap();
    assert!(draft.contains("To: "), "{draft}");
    assert!(draft.contains("jane.doe@acme.example"), "{draft}");
    assert!(
        draft.contains("In-Reply-To: <rej-1@acme.example>"),
        "{draft}"
    );
    assert!(
        draft.contains("X-Rebound-Source: <rej-1@acme.example>"),
        "{draft}"
    );
    assert!(draft.contains("Subject: Re: Proposal for Acme"), "{draft}");

    run("r2.csv").stdout(predicate::str::contains("1 already present"));
    assert_eq!(files_in(&sb.path("drafts")), files);

    let report = std::fs::read_to_string(sb.path("r1.csv")).unwrap();
    let rows: Vec<&str> = report.lines().collect();
    assert_eq!(rows.len(), 2, "{report}");
    assert!(rows[0].starts_with("date,buyer_name,email,company,subject,reason"));
    assert!(rows[1].contains("Jane Doe"), "{report}");
    assert!(rows[1].contains("jane.doe@acme.example"), "{report}");
    assert!(rows[1].contains("Acme"), "{report}");
    assert!(rows[1].contains(&files[0]), "{report}");
}

/// A draft without the lines that differ between two runs (its own date and Message-ID).
fn stable_part(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("Date: ") && !l.starts_with("Message-ID: "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn batch_killed_mid_run_then_rerun_has_every_draft_once_and_whole() {
    use std::io::Write;
    use std::process::Stdio;
    let sb = Sandbox::new();
    let rejections: Vec<String> = (0..40)
        .map(|i| REJECTION.replace("<rej-1@", &format!("<rej-{i}@")))
        .collect();
    let all: Vec<&str> = rejections.iter().map(String::as_str).collect();
    sb.write("in.mbox", mbox(&all));
    let from = ["--from", "Alex Seller <alex@seller.example>"];
    sb.cmd()
        .args(["batch", "in.mbox", "--out", "clean"])
        .args(from)
        .assert()
        .success();
    let clean = files_in(&sb.path("clean"));
    assert_eq!(clean.len(), 40, "{clean:?}");

    // The killed run reads stdin: half the mbox, then nothing more, so it is surely mid-run
    // (waiting for input) once its first drafts are on disk; then it gets SIGKILL.
    let mut child = sb
        .std_cmd()
        .args(["batch", "-", "--out", "drafts", "-q"])
        .args(from)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(mbox(&all[..20]).as_bytes()).unwrap();
    stdin.flush().unwrap();
    let drafts = sb.path("drafts");
    let eml_count = || {
        std::fs::read_dir(&drafts).map_or(0, |d| {
            d.filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".eml"))
            })
            .count()
        })
    };
    support::cli::wait_for("the first drafts", &mut child, || eml_count() > 0);
    child.kill().unwrap();
    child.wait().unwrap();
    drop(stdin);
    let before = eml_count();
    assert!(before > 0 && before < 40, "{before} drafts before the kill");

    sb.cmd()
        .args(["batch", "in.mbox", "--out", "drafts"])
        .args(from)
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "{before} already present"
        )));
    // The same names as a clean run (none twice, no temp file left), each draft whole.
    assert_eq!(files_in(&drafts), clean);
    for name in &clean {
        assert_eq!(
            stable_part(&drafts.join(name)),
            stable_part(&sb.path("clean").join(name)),
            "{name}"
        );
    }
}

#[test]
fn batch_without_identity_warns_once_and_uses_a_placeholder() {
    let sb = Sandbox::new();
    sb.write("r.eml", REJECTION);
    let out = sb
        .cmd()
        .args(["batch", "r.eml", "--out", "d"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("--from").count(), 1, "{err}");
    let files = files_in(&sb.path("d"));
    let draft = std::fs::read_to_string(sb.path("d").join(&files[0])).unwrap();
    assert!(draft.contains("example.invalid"), "{draft}");
}

#[test]
fn batch_dry_run_writes_nothing() {
    let sb = Sandbox::new();
    sb.write("r.eml", REJECTION);
    sb.cmd()
        .args([
            "batch",
            "r.eml",
            "--out",
            "d",
            "--dry-run",
            "--report",
            "r.jsonl",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("rejection"));
    assert!(!sb.path("d").exists());
    let report = std::fs::read_to_string(sb.path("r.jsonl")).unwrap();
    let row: serde_json::Value = serde_json::from_str(report.lines().next().unwrap()).unwrap();
    assert_eq!(row["email"], "jane.doe@acme.example");
    assert!(row["draft"].is_null());
}

#[test]
fn batch_bad_report_extension_is_a_usage_error() {
    let sb = Sandbox::new();
    sb.write("r.eml", REJECTION);
    sb.cmd()
        .args(["batch", "r.eml", "--out", "d", "--report", "r.xlsx"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("r.xlsx"));
}

#[test]
fn batch_survives_bad_input_and_reports_each_failure() {
    let sb = Sandbox::new();
    sb.write("in/01-empty.eml", "");
    sb.write(
        "in/02-garbage.eml",
        (0..4096u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<u8>>(),
    );
    sb.write(
        "in/03-truncated.eml",
        "From: a@x.example\nContent-Type: multipart/mixed; boundary=\"zz\"\n\n--zz\nContent-Type: text/plain\n\nWe will not be moving forward with this.\n--zz\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQK",
    );
    sb.write(
        "in/04-no-headers.eml",
        "Subject: Re: offer\n\nThanks, but we have decided not to go ahead.\n",
    );
    let mut nested = String::from("From: deep@x.example\nMessage-ID: <deep@x.example>\n");
    for i in 0..200 {
        nested.push_str(&format!(
            "Content-Type: multipart/mixed; boundary=\"b{i}\"\n\n--b{i}\n"
        ));
    }
    nested.push_str("Content-Type: text/plain\n\nhello\n");
    sb.write("in/05-nested.eml", nested);
    let big = "QUJD".repeat(20 * 1024 * 1024 / 4);
    sb.write(
        "in/06-big.eml",
        format!(
            "From: Big <big@bigco.example>\nMessage-ID: <big@bigco.example>\nSubject: Re: quote\n\
             Content-Type: multipart/mixed; boundary=\"q\"\n\n--q\nContent-Type: text/plain\n\n\
             Unfortunately we won't be moving forward with your quote.\n--q\n\
             Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n{big}\n--q--\n"
        ),
    );
    sb.write("in/07-ok.eml", REJECTION);
    let out = sb
        .cmd()
        .args(["batch", "in", "--out", "d", "--from", "a@seller.example"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(stderr.contains("01-empty.eml"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stdout.contains("1 unreadable"), "{stdout}");
    // The good rejection after all the bad input still got its draft.
    let drafts = files_in(&sb.path("d"));
    assert!(drafts.iter().any(|f| f.starts_with("rej-1")), "{drafts:?}");
    assert!(drafts.iter().any(|f| f.starts_with("big")), "{drafts:?}");
}
