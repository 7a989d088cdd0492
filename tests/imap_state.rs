//! `rebound draft`'s local record of what it examined, on Dovecot and Cyrus: a repeat run reads
//! only new mail, `--rescan` and a wider window read more, a corrupt file or a new UIDVALIDITY
//! resets it, losing it is safe.

mod support;

use std::path::PathBuf;

use support::cli::{messages, with_mailbox, Setup};
use support::mail;
use support::server::{TestServer, User};

on_each_server!(
    a_second_run_reads_only_new_mail,
    rescan_reads_the_window_again_without_duplicating,
    a_corrupt_state_file_is_ignored_with_a_warning_and_replaced,
    a_new_uidvalidity_resets_the_record,
    a_wider_window_reads_the_older_mail_it_adds,
    losing_the_record_and_the_keyword_never_duplicates_a_draft,
);

fn user(d: &dyn TestServer, name: &str) -> User {
    d.add_user(name, &format!("Pw-{name}-Qs73k"))
}

fn all_output(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Run `draft` with `args`; assert success; return stdout + stderr.
fn draft(s: &Setup, args: &[&str]) -> String {
    let out = s.cmd().arg("draft").args(args).output().unwrap();
    let text = all_output(&out);
    assert!(out.status.success(), "{text}");
    text
}

/// The "N messages read" count of the summary.
fn read_count(text: &str) -> u64 {
    let line = text
        .lines()
        .find(|l| l.contains(" read, ") && l.contains("unreadable"))
        .unwrap_or_else(|| panic!("no summary in:\n{text}"));
    line.split_whitespace().next().unwrap().parse().unwrap()
}

/// The state files under the test's XDG_STATE_HOME.
fn state_files(s: &Setup) -> Vec<PathBuf> {
    let dir = s.dir.path().join("state").join("rebound").join("imap");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect()
}

fn append_dated(d: &dyn TestServer, u: &User, mailbox: &str, bytes: &[u8], days_ago: i64) {
    let when = (chrono::Local::now() - chrono::Duration::days(days_ago)).fixed_offset();
    let mut s = d.raw_session(u);
    s.append(mailbox, bytes)
        .internal_date(when)
        .finish()
        .unwrap();
    let _ = s.logout();
}

fn a_second_run_reads_only_new_mail(d: &dyn TestServer) {
    let u = user(d, "snew");
    d.save(&u, "INBOX", &mail::rejection("snew-1@buyer.example"));
    d.save(&u, "INBOX", &mail::neutral("snew-2@buyer.example"));
    let s = Setup::new(d, &u, "");
    let first = draft(&s, &[]);
    assert_eq!(read_count(&first), 2, "{first}");
    assert!(first.contains("drafts: 1 written"), "{first}");
    assert_eq!(state_files(&s).len(), 1);

    let again = draft(&s, &[]);
    assert_eq!(read_count(&again), 0, "{again}");

    d.save(&u, "INBOX", &mail::neutral("snew-3@buyer.example"));
    d.save(&u, "INBOX", &mail::rejection("snew-4@buyer.example"));
    let third = draft(&s, &[]);
    assert_eq!(read_count(&third), 2, "{third}");
    assert!(third.contains("drafts: 1 written"), "{third}");
    assert_eq!(messages(d, &u, "Drafts").len(), 2);
    // A dry run reads from the record too, and leaves it alone.
    let before = std::fs::read(&state_files(&s)[0]).unwrap();
    d.save(&u, "INBOX", &mail::rejection("snew-5@buyer.example"));
    let dry = draft(&s, &["--dry-run"]);
    assert_eq!(read_count(&dry), 1, "{dry}");
    assert!(dry.contains("would draft"), "{dry}");
    assert_eq!(std::fs::read(&state_files(&s)[0]).unwrap(), before);
}

fn rescan_reads_the_window_again_without_duplicating(d: &dyn TestServer) {
    let u = user(d, "srescan");
    d.save(&u, "INBOX", &mail::rejection("srescan-1@buyer.example"));
    d.save(&u, "INBOX", &mail::neutral("srescan-2@buyer.example"));
    d.save(&u, "INBOX", &mail::neutral("srescan-3@buyer.example"));
    let s = Setup::new(d, &u, "");
    draft(&s, &[]);
    assert_eq!(read_count(&draft(&s, &[])), 0);
    // The drafted rejection carries $Rebound and is left out of the search; the rest is read.
    let rescan = draft(&s, &["--rescan"]);
    assert_eq!(read_count(&rescan), 2, "{rescan}");
    assert!(rescan.contains("drafts: 0 written"), "{rescan}");
    assert_eq!(messages(d, &u, "Drafts").len(), 1);
    assert_eq!(read_count(&draft(&s, &[])), 0);
}

fn a_corrupt_state_file_is_ignored_with_a_warning_and_replaced(d: &dyn TestServer) {
    let u = user(d, "scorrupt");
    d.save(&u, "INBOX", &mail::neutral("scorrupt-1@buyer.example"));
    d.save(&u, "INBOX", &mail::neutral("scorrupt-2@buyer.example"));
    let s = Setup::new(d, &u, "");
    draft(&s, &[]);
    let files = state_files(&s);
    assert_eq!(files.len(), 1);
    std::fs::write(&files[0], b"{\"version\": 1, \"last_uid\": ").unwrap();
    let text = draft(&s, &[]);
    assert!(
        text.contains("warning: ignoring the state file") && text.contains(".json"),
        "{text}"
    );
    assert_eq!(read_count(&text), 2, "{text}");
    // Rewritten whole: the next run uses it again, without a warning.
    let next = draft(&s, &[]);
    assert_eq!(read_count(&next), 0, "{next}");
    assert!(!next.contains("warning"), "{next}");
}

fn a_new_uidvalidity_resets_the_record(d: &dyn TestServer) {
    let u = user(d, "svalid");
    d.create_mailbox(&u, "Leads");
    d.save(&u, "Leads", &mail::neutral("svalid-1@buyer.example"));
    d.save(&u, "Leads", &mail::neutral("svalid-2@buyer.example"));
    let s = Setup::new(d, &u, "");
    assert_eq!(read_count(&draft(&s, &["--mailbox", "Leads"])), 2);
    assert_eq!(read_count(&draft(&s, &["--mailbox", "Leads"])), 0);
    // Recreated: UIDs start at 1 again, below the old watermark.
    let mut raw = d.raw_session(&u);
    raw.delete("Leads").unwrap();
    let _ = raw.logout();
    d.create_mailbox(&u, "Leads");
    d.save(&u, "Leads", &mail::rejection("svalid-3@buyer.example"));
    let text = draft(&s, &["-v", "--mailbox", "Leads"]);
    assert!(text.contains("UIDVALIDITY changed"), "{text}");
    assert_eq!(read_count(&text), 1, "{text}");
    assert!(text.contains("drafts: 1 written"), "{text}");
}

fn a_wider_window_reads_the_older_mail_it_adds(d: &dyn TestServer) {
    let u = user(d, "swide");
    append_dated(
        d,
        &u,
        "INBOX",
        &mail::rejection("swide-old@buyer.example"),
        60,
    );
    d.save(&u, "INBOX", &mail::neutral("swide-new@buyer.example"));
    let s = Setup::new(d, &u, "");
    // The default window (30 days) does not reach the old rejection.
    let first = draft(&s, &[]);
    assert_eq!(read_count(&first), 1, "{first}");
    assert!(messages(d, &u, "Drafts").is_empty());
    let all = draft(&s, &["--all"]);
    assert_eq!(read_count(&all), 1, "{all}");
    assert!(all.contains("drafts: 1 written"), "{all}");
    assert_eq!(read_count(&draft(&s, &["--all"])), 0);
}

fn losing_the_record_and_the_keyword_never_duplicates_a_draft(d: &dyn TestServer) {
    let u = user(d, "slost");
    d.save(&u, "INBOX", &mail::rejection("slost-1@buyer.example"));
    d.save(&u, "INBOX", &mail::rejection("slost-2@buyer.example"));
    let s = Setup::new(d, &u, "");
    assert!(draft(&s, &[]).contains("drafts: 2 written"));
    std::fs::remove_dir_all(s.dir.path().join("state")).unwrap();
    let text = draft(&s, &[]);
    assert!(text.contains("drafts: 0 written"), "{text}");
    // Without $Rebound either, Drafts alone (X-Rebound-Source) prevents a second draft.
    std::fs::remove_dir_all(s.dir.path().join("state")).unwrap();
    with_mailbox(d, &u, "INBOX", |m| {
        m.uid_store("1:*", "-FLAGS ($Rebound)").unwrap();
    });
    let text = draft(&s, &[]);
    assert_eq!(read_count(&text), 2, "{text}");
    assert!(
        text.contains("drafts: 0 written, 2 already present"),
        "{text}"
    );
    assert_eq!(messages(d, &u, "Drafts").len(), 2);
    assert!(messages(d, &u, "INBOX").iter().all(|m| m.has("$Rebound")));
}
