//! `rebound watch` against its own Dovecot: a message appended by another connection is drafted,
//! the watch survives a server restart and catches up, and SIGTERM stops it cleanly.

mod support;

use std::io::Read;
use std::process::Stdio;
use std::time::Duration;

use support::cli::{messages, wait_for, Setup};
use support::dovecot::{Dovecot, Options};
use support::mail;

fn append(d: &Dovecot, user: &support::dovecot::User, bytes: &[u8]) {
    let mut s = d.raw_session(user);
    s.append("INBOX", bytes).finish().unwrap();
    let _ = s.logout();
}

#[test]
fn watch_drafts_new_mail_survives_a_restart_and_stops_on_sigterm() {
    let d = Dovecot::start(Options {
        special_use: true,
        ..Options::default()
    });
    let u = d.add_user("watcher", "Watch-Pw-55x");
    // Mail already there when the watch starts is not its business.
    d.save(&u, "INBOX", &mail::rejection("old-1@buyer.example"));
    let s = Setup::new(&d, &u, "");
    let mut child = s
        .std_cmd()
        .args(["-v", "watch", "--idle-secs", "3", "--max-backoff-secs", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The watch is in place once it has logged in (Dovecot logs the login).
    wait_for("the watch to log in", &mut child, || {
        d.logs().contains("imap(watcher)") || d.logs().contains("Login: user=<watcher>")
    });
    std::thread::sleep(Duration::from_millis(500));
    append(&d, &u, &mail::rejection("new-1@buyer.example"));
    wait_for("the first draft", &mut child, || {
        messages(&d, &u, "Drafts").len() == 1
    });
    let first = messages(&d, &u, "Drafts");
    assert!(first[0]
        .text()
        .contains("X-Rebound-Source: <new-1@buyer.example>"));

    d.restart();
    // Arrives while the watch may still be disconnected: it must catch up after reconnecting.
    append(&d, &u, &mail::rejection("new-2@buyer.example"));
    append(&d, &u, &mail::neutral("new-3@buyer.example"));
    wait_for("the second draft", &mut child, || {
        messages(&d, &u, "Drafts").len() == 2
    });

    std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(status.code(), Some(0), "stdout:\n{out}\nstderr:\n{err}");
    assert!(out.contains("drafts: 2 written"), "{out}");
    assert!(
        !out.contains("old-1") && !err.contains(&u.password),
        "{out}{err}"
    );
    let drafts = messages(&d, &u, "Drafts");
    assert_eq!(drafts.len(), 2);
    let inbox = messages(&d, &u, "INBOX");
    assert!(inbox.iter().all(|m| !m.has("\\Seen")));
    assert!(!inbox[0].has("$Rebound"), "the old message was touched");
}
