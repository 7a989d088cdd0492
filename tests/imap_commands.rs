//! `rebound check`, `scan` and `draft` through the real binary against a real Dovecot and Cyrus:
//! output, idempotency (twice, a draft whose source lost its keyword, deleted draft), skips,
//! secrets, and a server that refuses a keyword or a draft.

mod support;

use support::cli::{messages, with_mailbox, Setup};
use support::dovecot;
use support::mail;
use support::server::{TestServer, User};

on_each_server!(
    check_shows_capabilities_drafts_and_keywords,
    draft_appends_into_the_utf7_folder_named_in_the_config,
    scan_jsonl_gives_one_classify_line_per_message_and_changes_nothing,
    draft_twice_makes_one_draft_and_leaves_seen_alone,
    a_draft_without_the_keyword_on_its_source_is_found_and_not_written_again,
    a_draft_the_user_deleted_is_not_drafted_again,
    a_draft_the_user_wrote_is_respected,
    answered_and_replied_in_sent_are_skipped_and_said_so,
    dry_run_changes_nothing,
    secrets_never_appear_at_any_verbosity,
    learn_from_a_folder_the_user_dragged_mail_into,
);

fn user(d: &dyn TestServer, name: &str) -> User {
    d.add_user(name, &format!("Pw-{name}-Zq81x"))
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn all_output(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn check_shows_capabilities_drafts_and_keywords(d: &dyn TestServer) {
    let u = user(d, "ccheck");
    let s = Setup::new(d, &u, "");
    let out = s.cmd().arg("check").output().unwrap();
    let text = stdout(&out);
    assert!(out.status.success(), "{}", all_output(&out));
    assert!(
        text.contains(&format!(
            "account test: logged in to 127.0.0.1:{} as ccheck (implicit TLS)",
            d.tls_port()
        )),
        "{text}"
    );
    assert!(
        text.contains("capabilities: IDLE yes, UIDPLUS yes, SPECIAL-USE yes, MOVE yes"),
        "{text}"
    );
    assert!(
        text.contains("drafts go to: Drafts (marked \\Drafts by the server (special-use))"),
        "{text}"
    );
    // Nothing proves yet that this INBOX takes `$Rebound`: check says it is only promised.
    assert!(
        text.contains("keywords allowed in INBOX: promised, not proven (PERMANENTFLAGS allow"),
        "{text}"
    );
    assert!(
        text.contains("replies already sent are looked up in: Sent"),
        "{text}"
    );
    assert!(text.contains("  Drafts  \\Drafts\n"), "{text}");
    // Once a draft run stored it, the mailbox defines the keyword: proven.
    d.save(&u, "INBOX", &mail::rejection("ccheck-1@buyer.example"));
    assert!(s.cmd().arg("draft").output().unwrap().status.success());
    let out = s.cmd().arg("check").output().unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("keywords allowed in INBOX: yes (drafted messages get the keyword $Rebound)"),
        "{text}"
    );
}

#[test]
fn check_with_name_fallback_and_utf7_drafts_folder() {
    let d = dovecot::shared_without_special_use();
    let u = user(d, "cumlaut");
    d.create_mailbox(&u, "Entwürfe");
    let s = Setup::new(d, &u, "");
    let out = s.cmd().arg("check").output().unwrap();
    let text = stdout(&out);
    assert!(out.status.success(), "{}", all_output(&out));
    assert!(
        text.contains("drafts go to: Entwürfe (found by its name)"),
        "{text}"
    );
    assert!(text.contains("SPECIAL-USE no"), "{text}");
    assert!(text.contains("no Sent folder found"), "{text}");
}

fn draft_appends_into_the_utf7_folder_named_in_the_config(d: &dyn TestServer) {
    let u = user(d, "dumlaut");
    d.create_mailbox(&u, "Entwürfe");
    d.save(&u, "INBOX", &mail::rejection("umlaut-1@buyer.example"));
    let s = Setup::new(d, &u, "drafts_mailbox = \"Entwürfe\"");
    let out = s.cmd().arg("draft").output().unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    assert_eq!(messages(d, &u, "Entw&APw-rfe").len(), 1);
    assert!(messages(d, &u, "Drafts").is_empty());
}

fn scan_jsonl_gives_one_classify_line_per_message_and_changes_nothing(d: &dyn TestServer) {
    let u = user(d, "cscan");
    d.save(&u, "INBOX", &mail::rejection("scan-1@buyer.example"));
    d.save(&u, "INBOX", &mail::neutral("scan-2@buyer.example"));
    let s = Setup::new(d, &u, "");
    let out = s
        .cmd()
        .args(["scan", "--format", "jsonl"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{}", stdout(&out));
    let file = lines[0]["file"].as_str().unwrap();
    assert!(
        file.starts_with("imap:INBOX/") && file.ends_with("/1"),
        "{file}"
    );
    assert_eq!(lines[0]["message_id"], "scan-1@buyer.example");
    assert_eq!(lines[0]["class"], "rejection");
    assert_eq!(lines[1]["class"], "other");
    assert_eq!(lines[1]["from"], "sam@buyer.example");
    let inbox = messages(d, &u, "INBOX");
    assert!(inbox.iter().all(|m| !m.has("\\Seen") && !m.has("$Rebound")));
    // CSV: the report rows of the rejections only.
    let out = s.cmd().args(["scan", "--format", "csv"]).output().unwrap();
    let csv = stdout(&out);
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.starts_with("date,buyer_name,email,"), "{csv}");
    assert!(csv.contains("jane@buyer.example"), "{csv}");
    // A date window in the future finds nothing.
    let out = s
        .cmd()
        .args(["scan", "--format", "jsonl", "--since", "2999-01-01"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(stdout(&out).is_empty());
}

fn draft_twice_makes_one_draft_and_leaves_seen_alone(d: &dyn TestServer) {
    let u = user(d, "dtwice");
    d.save(&u, "INBOX", &mail::rejection("twice-1@buyer.example"));
    d.save(&u, "INBOX", &mail::neutral("twice-2@buyer.example"));
    let s = Setup::new(d, &u, "");
    let out = s.cmd().arg("draft").output().unwrap();
    let text = stdout(&out);
    assert!(out.status.success(), "{}", all_output(&out));
    assert!(text.contains("drafted to Drafts"), "{text}");
    assert!(
        text.contains("drafts: 1 written, 0 already present in Drafts"),
        "{text}"
    );
    let drafts = messages(d, &u, "Drafts");
    assert_eq!(drafts.len(), 1);
    assert!(drafts[0].has("\\Draft") && drafts[0].has("\\Seen"));
    let t = drafts[0].text();
    assert!(
        t.contains("X-Rebound-Source: <twice-1@buyer.example>"),
        "{t}"
    );
    assert!(t.contains("In-Reply-To: <twice-1@buyer.example>"), "{t}");
    let inbox = messages(d, &u, "INBOX");
    assert!(inbox[0].has("$Rebound") && !inbox[1].has("$Rebound"));
    assert!(inbox.iter().all(|m| !m.has("\\Seen")));

    let out = s.cmd().args(["draft", "--all"]).output().unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    assert!(
        stdout(&out).contains("drafts: 0 written"),
        "{}",
        stdout(&out)
    );
    assert_eq!(messages(d, &u, "Drafts").len(), 1);
}

fn a_draft_without_the_keyword_on_its_source_is_found_and_not_written_again(d: &dyn TestServer) {
    let u = user(d, "dcrash");
    d.save(&u, "INBOX", &mail::rejection("crash-1@buyer.example"));
    let s = Setup::new(d, &u, "");
    assert!(s.cmd().arg("draft").output().unwrap().status.success());
    // What a run killed between APPEND and STORE leaves: the draft, and no `$Rebound`.
    // (tests/imap_concurrency.rs cuts real runs at many points with a proxy.)
    with_mailbox(d, &u, "INBOX", |m| {
        m.uid_store("1:*", "-FLAGS ($Rebound)").unwrap();
    });
    assert!(!messages(d, &u, "INBOX")[0].has("$Rebound"));

    let out = s.cmd().args(["draft", "--rescan"]).output().unwrap();
    let text = stdout(&out);
    assert!(out.status.success(), "{}", all_output(&out));
    assert!(text.contains("draft already in Drafts"), "{text}");
    assert!(
        text.contains("drafts: 0 written, 1 already present"),
        "{text}"
    );
    assert_eq!(messages(d, &u, "Drafts").len(), 1);
    assert!(messages(d, &u, "INBOX")[0].has("$Rebound"));
}

fn a_draft_the_user_deleted_is_not_drafted_again(d: &dyn TestServer) {
    let u = user(d, "ddeleted");
    d.save(&u, "INBOX", &mail::rejection("deleted-1@buyer.example"));
    let s = Setup::new(d, &u, "");
    assert!(s.cmd().arg("draft").output().unwrap().status.success());
    with_mailbox(d, &u, "Drafts", |m| {
        m.uid_store("1:*", "+FLAGS (\\Deleted)").unwrap();
        m.expunge().unwrap();
    });
    assert!(messages(d, &u, "Drafts").is_empty());
    let out = s.cmd().arg("draft").output().unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    assert!(messages(d, &u, "Drafts").is_empty());
}

fn a_draft_the_user_wrote_is_respected(d: &dyn TestServer) {
    let u = user(d, "dedited");
    d.save(&u, "INBOX", &mail::rejection("edited-1@buyer.example"));
    // The user's own reply draft: no X-Rebound-Source, but In-Reply-To names the source.
    let own = b"From: alex@seller.example\r\nTo: jane@buyer.example\r\nSubject: Re: Proposal\r\n\
In-Reply-To: <edited-1@buyer.example>\r\n\r\nThanks Jane, one question...\r\n";
    d.save(&u, "Drafts", own);
    let s = Setup::new(d, &u, "");
    let out = s.cmd().arg("draft").output().unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    assert!(stdout(&out).contains("draft already in Drafts"));
    assert_eq!(messages(d, &u, "Drafts").len(), 1);
}

fn answered_and_replied_in_sent_are_skipped_and_said_so(d: &dyn TestServer) {
    let u = user(d, "dskip");
    d.save(&u, "INBOX", &mail::rejection("answered-1@buyer.example"));
    d.save(&u, "INBOX", &mail::rejection("sent-1@buyer.example"));
    with_mailbox(d, &u, "INBOX", |m| {
        m.uid_store("1", "+FLAGS (\\Answered)").unwrap();
    });
    let reply = b"From: alex@seller.example\r\nTo: jane@buyer.example\r\nSubject: Re: Proposal\r\n\
In-Reply-To: <sent-1@buyer.example>\r\n\r\nThanks for letting me know.\r\n";
    d.save(&u, "Sent", reply);
    let s = Setup::new(d, &u, "");
    let out = s.cmd().arg("draft").output().unwrap();
    let text = stdout(&out);
    assert!(out.status.success(), "{}", all_output(&out));
    assert!(text.contains("skipped: already answered"), "{text}");
    assert!(text.contains("skipped: reply found in Sent"), "{text}");
    assert!(
        text.contains("skipped: 1 already answered, 1 replied in Sent"),
        "{text}"
    );
    assert!(messages(d, &u, "Drafts").is_empty());
}

fn dry_run_changes_nothing(d: &dyn TestServer) {
    let u = user(d, "ddry");
    d.save(&u, "INBOX", &mail::rejection("dry-1@buyer.example"));
    let s = Setup::new(d, &u, "");
    let out = s.cmd().args(["draft", "--dry-run"]).output().unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    assert!(stdout(&out).contains("would draft"), "{}", stdout(&out));
    assert!(messages(d, &u, "Drafts").is_empty());
    let inbox = messages(d, &u, "INBOX");
    assert!(!inbox[0].has("$Rebound") && !inbox[0].has("\\Seen"));
}

fn secrets_never_appear_at_any_verbosity(d: &dyn TestServer) {
    let u = user(d, "dsecret");
    d.save(&u, "INBOX", &mail::rejection("secret-1@buyer.example"));
    let s = Setup::new(d, &u, "");
    for args in [
        vec!["-vv", "check"],
        vec!["-vv", "draft"],
        vec!["-vv", "scan", "--format", "jsonl"],
    ] {
        let out = s
            .cmd()
            .args(&args)
            .env("RUST_LOG", "trace")
            .output()
            .unwrap();
        let all = all_output(&out);
        assert!(out.status.success(), "{args:?}: {all}");
        assert!(!all.contains(&s.password), "{args:?} leaked: {all}");
        assert!(all.contains("UID SEARCH") || args[1] == "check", "{all}");
    }
    // A wrong password: exit 3, the error names host and user, never either password.
    let bad = Setup {
        dir: tempfile::tempdir().unwrap(),
        config: s.config.clone(),
        password: "Wr0ng-Secret-77".into(),
    };
    let out = bad
        .cmd()
        .args(["-vv", "check"])
        .env("RUST_LOG", "trace")
        .output()
        .unwrap();
    let all = all_output(&out);
    assert_eq!(out.status.code(), Some(3), "{all}");
    assert!(
        all.contains(&format!(
            "cannot log in to 127.0.0.1:{} as dsecret: authentication failed",
            d.tls_port()
        )),
        "{all}"
    );
    assert!(
        !all.contains("Wr0ng-Secret-77") && !all.contains(&s.password),
        "{all}"
    );
}

#[test]
fn exit_codes_for_config_and_connection_errors() {
    let d = dovecot::shared();
    let u = user(d, "dexit");
    let s = Setup::new(d, &u, "");
    let out = s
        .cmd()
        .args(["check", "--account", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
    assert!(all_output(&out).contains("no account named \"nope\""));
    let out = s
        .cmd()
        .args(["scan", "--since", "yesterday"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", all_output(&out));
    // Nothing listens on this port any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let text = std::fs::read_to_string(&s.config)
        .unwrap()
        .replace(&format!("port = {}", d.tls_port), &format!("port = {port}"));
    std::fs::write(&s.config, text).unwrap();
    let out = s.cmd().arg("draft").output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", all_output(&out));
    assert!(all_output(&out).contains(&format!("cannot connect to 127.0.0.1:{port}")));
}

#[test]
fn inline_password_in_a_readable_config_is_warned_about() {
    use std::os::unix::fs::PermissionsExt;
    let d = dovecot::shared();
    let u = user(d, "dinline");
    let s = Setup::new(d, &u, "");
    let text = std::fs::read_to_string(&s.config).unwrap().replace(
        "password_env = \"REBOUND_TEST_IMAP_PASSWORD\"",
        &format!("password = \"{}\"", u.password),
    );
    std::fs::write(&s.config, text).unwrap();
    std::fs::set_permissions(&s.config, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = s.cmd().arg("check").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{}", all_output(&out));
    assert!(err.contains("chmod 600"), "{err}");
    assert!(!all_output(&out).contains(&u.password));
    std::fs::set_permissions(&s.config, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = s.cmd().arg("check").output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("chmod 600"));
}

/// A pelican-kind decline (an idiom no model knows), from a buyer.
fn pelican(id: &str, text: &str) -> Vec<u8> {
    format!(
        "From: Pat Buyer <pat@buyer.example>\r\nTo: alex@seller.example\r\n\
         Subject: Re: Our offer\r\nMessage-ID: <{id}>\r\nDate: {}\r\n\r\n\
         Hi Alex,\r\n\r\n{text}\r\n\r\nBest,\r\nPat\r\n",
        mail::date(1)
    )
    .into_bytes()
}

fn learn_from_a_folder_the_user_dragged_mail_into(d: &dyn TestServer) {
    let u = user(d, "clearn");
    d.create_mailbox(&u, "Rebound/Missed");
    for (i, t) in [
        "Your proposal is with the pelicans now.",
        "Another one for the pelican basket.",
        "The board fed it to the pelicans yesterday.",
        "This goes on the pelican shelf.",
        "Straight to the pelican pile with this.",
    ]
    .iter()
    .enumerate()
    {
        d.save(
            &u,
            "Rebound/Missed",
            &pelican(&format!("missed-{i}@buyer.example"), t),
        );
    }
    d.save(
        &u,
        "INBOX",
        &pelican(
            "new-1@buyer.example",
            "Honestly, I think this one goes to the pelican drawer.",
        ),
    );
    let s = Setup::new(d, &u, "");
    let scan = |s: &Setup| {
        let out = s
            .cmd()
            .args(["scan", "--format", "jsonl"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", all_output(&out));
        let v: serde_json::Value =
            serde_json::from_str(stdout(&out).lines().next().unwrap()).unwrap();
        v["class"].as_str().unwrap().to_string()
    };
    assert_ne!(
        scan(&s),
        "rejection",
        "the shipped model knows the idiom: pick another"
    );
    let out = s
        .cmd()
        .args(["learn", "--mailbox", "Rebound/Missed", "--as", "rejection"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    let out = s.cmd().args(["learn", "--list"]).output().unwrap();
    let list = stdout(&out);
    assert_eq!(list.lines().count(), 5, "{list}");
    assert!(list.contains("imap:Rebound/Missed/"), "{list}");
    assert_eq!(scan(&s), "rejection");
    // Learning only reads: nothing in the folder is marked or moved.
    let missed = messages(d, &u, "Rebound/Missed");
    assert_eq!(missed.len(), 5);
    assert!(missed
        .iter()
        .all(|m| !m.has("\\Seen") && !m.has("$Rebound")));
}

/// The warning `draft` and `watch` give once per mailbox whose server refuses `$Rebound`.
const REFUSED: &str = "INBOX: the server refuses the keyword $Rebound in this mailbox";

/// A server that refuses `$Rebound` in INBOX although PERMANENTFLAGS promise `\*`: `draft`
/// says so once, writes every draft, prints the summary and exits 0; the Drafts check keeps a
/// second run from drafting again.
fn a_refused_keyword_is_said_once_and_drafting_goes_on(
    d: &dyn TestServer,
    u: &User,
    refuse: impl Fn(),
) {
    d.save(u, "INBOX", &mail::rejection("kw-1@buyer.example"));
    d.save(u, "INBOX", &mail::neutral("kw-2@buyer.example"));
    d.save(u, "INBOX", &mail::rejection("kw-3@buyer.example"));
    refuse();
    let s = Setup::new(d, u, "");
    let out = s.cmd().arg("check").output().unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    assert!(
        stdout(&out).contains("keywords allowed in INBOX: promised, not proven"),
        "{}",
        stdout(&out)
    );

    let out = s.cmd().arg("draft").output().unwrap();
    let (text, err) = (stdout(&out), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    assert_eq!(err.matches(REFUSED).count(), 1, "{err}");
    assert!(err.contains("(server said: "), "{err}");
    assert!(
        err.contains("a draft you delete may be drafted again"),
        "{err}"
    );
    assert!(!err.contains("IMAP error"), "{err}");
    assert!(
        text.contains("drafts: 2 written, 0 already present in Drafts"),
        "{text}"
    );
    assert!(text.contains("skipped: 0 already answered"), "{text}");
    assert_eq!(messages(d, u, "Drafts").len(), 2);
    assert!(messages(d, u, "INBOX").iter().all(|m| !m.has("$Rebound")));

    // Every later run reads the window again (nothing marks the sources) and adds nothing.
    let out = s.cmd().args(["draft", "--rescan"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
    assert!(
        stdout(&out).contains("drafts: 0 written, 2 already present in Drafts"),
        "{}",
        all_output(&out)
    );
    assert_eq!(messages(d, u, "Drafts").len(), 2);
}

#[test]
fn a_refused_keyword_on_dovecot() {
    // Dovecot has no keyword table to fill: it refuses keywords longer than a set length.
    let d = dovecot::shared_refusing_keywords();
    let u = user(d, "kwlong");
    a_refused_keyword_is_said_once_and_drafting_goes_on(d, &u, || {});
}

#[test]
fn a_full_keyword_table_on_cyrus() {
    let c = support::cyrus::shared();
    let u = user(c, "kwfull");
    a_refused_keyword_is_said_once_and_drafting_goes_on(c, &u, || {
        c.fill_keyword_table(&u, "INBOX")
    });
}

/// A server that refuses one APPEND (the user's quota is full): that message is a failure of
/// its own, named, and the run ends with exit 1, never 3.
fn a_refused_append_is_a_per_message_failure(d: &dyn TestServer, u: &User) {
    // Two messages of a quota of three: the first draft fits, the second does not.
    d.save(u, "INBOX", &mail::rejection("quota-1@buyer.example"));
    d.save(u, "INBOX", &mail::rejection("quota-2@buyer.example"));
    let s = Setup::new(d, u, "");
    let out = s.cmd().arg("draft").output().unwrap();
    let (text, err) = (stdout(&out), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{}", all_output(&out));
    assert!(
        text.contains("drafts: 1 written, 0 already present in Drafts, 1 failed"),
        "{text}"
    );
    let failed: Vec<&str> = err.lines().filter(|l| l.contains("no draft:")).collect();
    assert_eq!(failed.len(), 1, "{err}");
    assert!(
        failed[0].contains("imap:INBOX/") && failed[0].contains("refused APPEND to Drafts"),
        "{err}"
    );
    assert_eq!(messages(d, u, "Drafts").len(), 1);
}

#[test]
fn a_refused_append_on_dovecot() {
    let d = dovecot::shared_with_quota_of_3();
    let u = user(d, "quota");
    a_refused_append_is_a_per_message_failure(d, &u);
}

#[test]
fn a_refused_append_on_cyrus() {
    let c = support::cyrus::shared();
    let u = user(c, "quota");
    c.set_message_quota(&u, 3);
    a_refused_append_is_a_per_message_failure(c, &u);
}
