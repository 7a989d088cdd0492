//! Reading over IMAP against a real Dovecot and Cyrus: search window, batched fetch of headers
//! and text parts only (a 10 MB attachment is not transferred), `\Seen` never set.

mod support;

use rebound::source::imap::{Session, TlsMode, Window};
use support::mail;
use support::server::{TestServer, User};

on_each_server!(
    big_attachment_is_not_transferred_and_text_survives,
    fetch_never_sets_seen_and_reports_flags,
    since_window_filters_by_arrival_date,
);

fn user(d: &dyn TestServer, name: &str) -> User {
    d.add_user(name, &format!("pw-{name}-9Kz"))
}

fn open(d: &dyn TestServer, u: &User) -> Session {
    Session::open(&d.account(u, TlsMode::Implicit)).unwrap_or_else(|e| panic!("{e}\n{}", d.logs()))
}

fn seen_flags(d: &dyn TestServer, u: &User) -> Vec<(u32, bool)> {
    let mut raw = d.raw_session(u);
    raw.examine("INBOX").unwrap();
    let fetches = raw.uid_fetch("1:*", "(UID FLAGS)").unwrap();
    let mut v: Vec<(u32, bool)> = fetches
        .iter()
        .map(|f| (f.uid.unwrap(), f.flags().contains(&imap::types::Flag::Seen)))
        .collect();
    v.sort();
    v
}

fn big_attachment_is_not_transferred_and_text_survives(d: &dyn TestServer) {
    let u = user(d, "bigatt");
    let big = mail::rejection_with_attachment("big-1@buyer.example", 10 * 1024 * 1024);
    assert!(big.len() > 10 * 1024 * 1024);
    d.save(&u, "INBOX", &big);
    let mut s = open(d, &u);
    let inbox = s.resolve_mailbox("INBOX").unwrap();
    let opened = s.examine(&inbox).unwrap();
    let uids = s.search(&Window::All.search_key()).unwrap();
    assert_eq!(uids.len(), 1);
    let before = s.bytes_read();
    let fetched = s
        .fetch_for_classification(&uids, "INBOX", opened.uid_validity)
        .unwrap();
    let cost = s.bytes_read() - before;
    assert!(cost < 64 * 1024, "fetching cost {cost} bytes");
    assert_eq!(fetched.len(), 1);
    let f = &fetched[0];
    assert_eq!(
        f.raw.origin,
        format!("imap:INBOX/{}/{}", opened.uid_validity, uids[0])
    );
    let m = rebound::message::parse(&f.raw.bytes).unwrap();
    assert_eq!(m.message_id.as_deref(), Some("big-1@buyer.example"));
    assert!(
        m.new_text
            .contains("decided not to move forward with your proposal"),
        "{:?}",
        m.new_text
    );
    assert!(!String::from_utf8_lossy(&f.raw.bytes).contains("QUJDREVG"));
}

fn fetch_never_sets_seen_and_reports_flags(d: &dyn TestServer) {
    let u = user(d, "peek");
    for i in 0..3 {
        d.save(
            &u,
            "INBOX",
            &mail::rejection(&format!("peek-{i}@buyer.example")),
        );
    }
    d.save(&u, "INBOX", &mail::neutral("peek-n@buyer.example"));
    let mut raw = d.raw_session(&u);
    raw.select("INBOX").unwrap();
    raw.uid_store("2", "+FLAGS (\\Answered)").unwrap();
    raw.logout().unwrap();

    let mut s = open(d, &u);
    let inbox = s.resolve_mailbox("INBOX").unwrap();
    let opened = s.examine(&inbox).unwrap();
    let uids = s.search("ALL").unwrap();
    assert_eq!(uids, vec![1, 2, 3, 4]);
    let fetched = s
        .fetch_for_classification(&uids, "INBOX", opened.uid_validity)
        .unwrap();
    assert_eq!(fetched.len(), 4);
    assert!(fetched[1].flags.answered && !fetched[0].flags.answered);
    assert!(fetched.iter().all(|f| !f.flags.seen));
    let parsed = rebound::message::parse(&fetched[3].raw.bytes).unwrap();
    assert!(parsed.new_text.contains("lunch on Thursday"), "{parsed:?}");
    s.logout();
    assert!(seen_flags(d, &u).iter().all(|(_, seen)| !seen));
}

fn since_window_filters_by_arrival_date(d: &dyn TestServer) {
    let u = user(d, "window");
    d.save(&u, "INBOX", &mail::rejection("w-1@buyer.example"));
    let mut s = open(d, &u);
    let inbox = s.resolve_mailbox("INBOX").unwrap();
    s.examine(&inbox).unwrap();
    let today = chrono::Local::now().date_naive();
    let w = Window::from_flags(Some("14d"), false, today).unwrap();
    assert_eq!(s.search(&w.search_key()).unwrap().len(), 1);
    let future = Window::Since(today + chrono::Duration::days(2));
    assert!(s.search(&future.search_key()).unwrap().is_empty());
}
