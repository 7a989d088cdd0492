//! `draft --all-accounts` and `watch --all-accounts` through the real binary against Dovecot and
//! Cyrus: every account drafted once, a failing account (wrong password, closed port) isolated
//! and named without its password, exit codes 0 / 1 / 3, the combined report, one watcher each.

mod support;

use std::time::Duration;

use support::cli::{messages, wait_for, Account, Accounts, Running};
use support::mail;
use support::server::{free_port, TestServer, User};

on_each_server!(
    draft_all_accounts_drafts_each_account_once,
    a_failing_account_does_not_stop_the_others,
    watch_all_accounts_drafts_new_mail_in_each,
);

fn user(d: &dyn TestServer, name: &str) -> User {
    d.add_user(name, &format!("Pw-{name}-Kq27v"))
}

fn account<'a>(d: &dyn TestServer, name: &'a str, user: &'a User) -> Account<'a> {
    Account {
        name,
        user,
        port: d.tls_port(),
        password: &user.password,
        extra: "",
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn draft_all_accounts_drafts_each_account_once(d: &dyn TestServer) {
    let (a, b) = (user(d, "acc1alpha"), user(d, "acc1beta"));
    d.save(&a, "INBOX", &mail::rejection("acc1-a1@buyer.example"));
    d.save(&a, "INBOX", &mail::neutral("acc1-a2@buyer.example"));
    d.save(&b, "INBOX", &mail::rejection("acc1-b1@buyer.example"));
    d.save(&b, "INBOX", &mail::rejection("acc1-b2@buyer.example"));
    // Beta is someone else's mailbox: its drafts come from them.
    let beta = Account {
        extra: "[accounts.beta.identity]\nname = \"Sam Seller\"\nemail = \"sam@seller.example\"",
        ..account(d, "beta", &b)
    };
    let s = Accounts::new(d, &[account(d, "alpha", &a), beta]);
    let report = s.setup.dir.path().join("lost.csv");
    let out = s
        .cmd()
        .args(["draft", "--all-accounts", "--jobs", "2", "--report"])
        .arg(&report)
        .output()
        .unwrap();
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert_eq!(messages(d, &a, "Drafts").len(), 1);
    assert_eq!(messages(d, &b, "Drafts").len(), 2);
    let alpha_draft = messages(d, &a, "Drafts")[0].text();
    assert!(alpha_draft.contains("X-Rebound-Source: <acc1-a1@buyer.example>"));
    assert!(alpha_draft.contains("From: \"Alex Seller\" <alex@seller.example>"));
    for m in messages(d, &b, "Drafts") {
        assert!(m
            .text()
            .contains("From: \"Sam Seller\" <sam@seller.example>"));
    }
    for line in [
        "alpha: 2 messages read, 0 unreadable",
        "alpha: drafts: 1 written, 0 already present in Drafts",
        "beta: 2 messages read, 0 unreadable",
        "beta: drafts: 2 written, 0 already present in Drafts",
        "total: 2 accounts, 0 failed",
        "total: 4 messages read, 0 unreadable",
        "total: drafts: 3 written, 0 already present in the Drafts folder of each account",
    ] {
        assert!(stdout.contains(&format!("{line}\n")), "{line}:\n{stdout}");
    }
    // The per-message lines say whose mailbox they come from.
    assert_eq!(
        stdout.matches("\tdrafted to Drafts\t").count(),
        3,
        "{stdout}"
    );
    assert_eq!(stdout.matches("beta: imap:INBOX/").count(), 2, "{stdout}");
    // One report for both accounts, the account last on each row.
    let csv = std::fs::read_to_string(&report).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].ends_with(",status,language,account"), "{csv}");
    assert_eq!(lines.len(), 4, "{csv}");
    assert_eq!(
        lines[1..].iter().filter(|l| l.ends_with(",alpha")).count(),
        1
    );
    assert_eq!(
        lines[1..].iter().filter(|l| l.ends_with(",beta")).count(),
        2
    );

    // A second run adds nothing anywhere.
    let out = s.cmd().args(["draft", "--all-accounts"]).output().unwrap();
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("total: drafts: 0 written"), "{stdout}");
    assert_eq!(messages(d, &a, "Drafts").len(), 1);
    assert_eq!(messages(d, &b, "Drafts").len(), 2);
}

/// Two accounts of `user` that cannot work: beta with the `wrong` password, gamma on the
/// `closed` port.
fn failing<'a>(
    d: &dyn TestServer,
    user: &'a User,
    wrong: &'a str,
    closed: u16,
) -> [Account<'a>; 2] {
    [
        Account {
            password: wrong,
            ..account(d, "beta", user)
        },
        Account {
            port: closed,
            ..account(d, "gamma", user)
        },
    ]
}

fn a_failing_account_does_not_stop_the_others(d: &dyn TestServer) {
    let (a, b) = (user(d, "acc2alpha"), user(d, "acc2beta"));
    d.save(&a, "INBOX", &mail::rejection("acc2-a1@buyer.example"));
    d.save(&b, "INBOX", &mail::rejection("acc2-b1@buyer.example"));
    let wrong = "Wr0ng-Acc2-Secret";
    let closed = free_port();
    let [beta, gamma] = failing(d, &b, wrong, closed);
    let s = Accounts::new(d, &[account(d, "alpha", &a), beta, gamma]);
    for run in 1..=2 {
        let out = s
            .cmd()
            .args(["-vv", "draft", "--all-accounts"])
            .env("RUST_LOG", "trace")
            .output()
            .unwrap();
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        let all = format!("{stdout}{stderr}");
        assert_eq!(out.status.code(), Some(1), "run {run}: {all}");
        assert_eq!(messages(d, &a, "Drafts").len(), 1, "run {run}");
        assert!(messages(d, &b, "Drafts").is_empty(), "run {run}");
        assert!(
            stderr.contains(&format!(
                "rebound: error: beta: cannot log in to 127.0.0.1:{} as acc2beta",
                d.tls_port()
            )),
            "{stderr}"
        );
        assert!(
            stderr.contains("rebound: error: gamma: ")
                && stderr.contains(&format!("127.0.0.1:{closed}")),
            "{stderr}"
        );
        assert!(stdout.contains("beta: failed: cannot log in"), "{stdout}");
        assert!(stdout.contains("gamma: failed: "), "{stdout}");
        assert!(stdout.contains("total: 3 accounts, 2 failed\n"), "{stdout}");
        let written = if run == 1 { 1 } else { 0 };
        assert!(
            stdout.contains(&format!("alpha: drafts: {written} written")),
            "{stdout}"
        );
        assert!(
            !all.contains(wrong) && !all.contains(&a.password) && !all.contains(&b.password),
            "a password leaked: {all}"
        );
    }

    // Every account failing to connect or log in: exit 3.
    let s = Accounts::new(d, &failing(d, &b, wrong, closed));
    let out = s.cmd().args(["draft", "--all-accounts"]).output().unwrap();
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(3), "{all}");
    assert!(all.contains("total: 2 accounts, 2 failed"), "{all}");
}

fn append(d: &dyn TestServer, user: &User, bytes: &[u8]) {
    let mut s = d.raw_session(user);
    s.append("INBOX", bytes).finish().unwrap();
    let _ = s.logout();
}

fn watch_all_accounts_drafts_new_mail_in_each(d: &dyn TestServer) {
    let (a, b, c) = (
        user(d, "acc3alpha"),
        user(d, "acc3beta"),
        user(d, "acc3gamma"),
    );
    d.save(&a, "INBOX", &mail::rejection("acc3-old@buyer.example"));
    let wrong = "Wr0ng-Acc3-Secret";
    let s = Accounts::new(
        d,
        &[
            account(d, "alpha", &a),
            account(d, "beta", &b),
            Account {
                password: wrong,
                ..account(d, "gamma", &c)
            },
        ],
    );
    let mut w = Running::start(s.std_cmd().args([
        "-v",
        "watch",
        "--all-accounts",
        "--idle-secs",
        "3",
        "--max-backoff-secs",
        "1",
    ]));
    let err = w.err.clone();
    wait_for("both watchers to start", &mut w.child, || {
        let e = err.lock().unwrap();
        e.contains("rebound: alpha: watching INBOX (from UID")
            && e.contains("rebound: beta: watching INBOX (from UID")
    });
    wait_for("the failing account to be reported", &mut w.child, || {
        err.lock()
            .unwrap()
            .contains("rebound: error: gamma: cannot log in")
    });
    // The catch-up search is done and IDLE begins right after.
    std::thread::sleep(Duration::from_millis(500));
    append(d, &a, &mail::rejection("acc3-a1@buyer.example"));
    append(d, &b, &mail::rejection("acc3-b1@buyer.example"));
    wait_for("a draft in each account", &mut w.child, || {
        messages(d, &a, "Drafts").len() == 1 && messages(d, &b, "Drafts").len() == 1
    });
    let (code, out, err) = w.stop();
    let all = format!("stdout:\n{out}\nstderr:\n{err}");
    // One account could not log in: exit 1, the others watched on.
    assert_eq!(code, Some(1), "{all}");
    assert!(messages(d, &a, "Drafts")[0]
        .text()
        .contains("X-Rebound-Source: <acc3-a1@buyer.example>"));
    for line in [
        "alpha: drafts: 1 written, 0 already present in Drafts",
        "beta: drafts: 1 written, 0 already present in Drafts",
        "gamma: failed: cannot log in",
        "total: 3 accounts, 1 failed",
        "total: drafts: 2 written",
    ] {
        assert!(out.contains(line), "{line}: {all}");
    }
    assert!(
        !all.contains(wrong) && !all.contains(&a.password) && !all.contains("acc3-old"),
        "{all}"
    );
    assert!(messages(d, &c, "Drafts").is_empty());
}

#[test]
fn all_accounts_conflicts_with_account_and_jobs_needs_it() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        assert_cmd::Command::new(env!("CARGO_BIN_EXE_rebound"))
            .env_clear()
            .env("HOME", dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    for args in [
        &["draft", "--all-accounts", "--account", "x"][..],
        &["watch", "--all-accounts", "--account", "x"][..],
        &["draft", "--jobs", "2"][..],
        &["draft", "--all-accounts", "--jobs", "0"][..],
    ] {
        let out = run(args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    // No account at all: the usual config error, exit 2.
    let out = run(&["draft", "--all-accounts"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no IMAP account configured"),
        "{}",
        text(&out.stderr)
    );
}
