//! Overlapping runs against a real Dovecot (and Cyrus): 2, 3 and 5 `draft` processes at once,
//! `watch` beside `draft` with mail arriving, cuts at many points, leftovers, no UIDPLUS, a
//! refused keyword; one draft a rejection.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::process::{Child, Output, Stdio};

use support::cli::{collect_lines, messages, wait_for, with_mailbox, Setup};
use support::cyrus;
use support::dovecot::{self, Dovecot, User};
use support::mail;
use support::proxy::{Cut, Direction, Proxy};
use support::server::TestServer;

/// One mailbox's mail as the tests plan it: which Message-IDs must end up with one draft each.
#[derive(Default)]
struct Plan {
    /// Rejections that must be drafted exactly once.
    drafted: BTreeSet<String>,
    /// Rejections that must never be drafted (answered by hand, or their draft deleted).
    never: BTreeSet<String>,
}

fn all_output(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Append `rejections` rejections and `neutral` other messages to INBOX over one IMAP session
/// (much faster than `doveadm save`), interleaved; ids are `{tag}-{n}@buyer.example`.
fn seed(d: &dyn TestServer, u: &User, tag: &str, rejections: usize, neutral: usize) -> Vec<String> {
    let mut s = d.raw_session(u);
    let mut ids = Vec::new();
    for n in 0..rejections.max(neutral) {
        if n < rejections {
            let id = format!("{tag}-r{n}@buyer.example");
            s.append("INBOX", &mail::rejection(&id)).finish().unwrap();
            ids.push(id.to_ascii_lowercase());
        }
        if n < neutral {
            let id = format!("{tag}-n{n}@buyer.example");
            s.append("INBOX", &mail::neutral(&id)).finish().unwrap();
        }
    }
    let _ = s.logout();
    ids
}

/// The drafts in Drafts per source id (lower case), by their `X-Rebound-Source`.
fn drafts_per_source(d: &dyn TestServer, u: &User) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for m in messages(d, u, "Drafts") {
        let text = m.text();
        let id = text
            .lines()
            .find_map(|l| l.strip_prefix("X-Rebound-Source: <"))
            .and_then(|rest| rest.split_once('>'))
            .map(|(id, _)| id.to_ascii_lowercase())
            .unwrap_or_else(|| panic!("a draft without X-Rebound-Source:\n{text}"));
        *out.entry(id).or_insert(0) += 1;
    }
    out
}

/// Exactly one draft for each id of `plan.drafted`, and nothing else in Drafts.
fn assert_exactly_once(d: &dyn TestServer, u: &User, plan: &Plan, context: &str) {
    let per = drafts_per_source(d, u);
    let twice: Vec<_> = per.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "{context}: duplicate drafts: {twice:?}");
    let have: BTreeSet<String> = per.keys().cloned().collect();
    let missing: Vec<_> = plan.drafted.difference(&have).collect();
    assert!(missing.is_empty(), "{context}: no draft for {missing:?}");
    let extra: Vec<_> = have.difference(&plan.drafted).collect();
    assert!(
        extra.is_empty(),
        "{context}: unexpected drafts for {extra:?}"
    );
    assert!(
        plan.never.is_disjoint(&have),
        "{context}: drafted what must not be"
    );
}

/// The N of the summary line `drafts: N written, ...`.
fn written_count(out: &Output) -> usize {
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("drafts: "))
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no summary line in:\n{text}"))
}

/// Start `draft --all` for each setup at once.
fn spawn_drafts(setups: &[Setup]) -> Vec<Child> {
    setups
        .iter()
        .map(|s| {
            s.std_cmd()
                .args(["draft", "--all"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect()
}

/// Start `draft --all` for each setup at once, then wait for all.
fn draft_all_at_once(setups: &[Setup]) -> Vec<Output> {
    spawn_drafts(setups)
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect()
}

/// A user with replies already made by hand: some rejections `\Answered`, some answered in Sent.
fn answered_by_hand(d: &dyn TestServer, u: &User, plan: &mut Plan, tag: &str) {
    let answered = format!("{tag}-answered@buyer.example");
    let in_sent = format!("{tag}-sent@buyer.example");
    d.save(u, "INBOX", &mail::rejection(&answered));
    with_mailbox(d, u, "INBOX", |m| {
        let uid = *m
            .uid_search(format!("HEADER Message-ID \"{answered}\""))
            .unwrap()
            .iter()
            .next()
            .unwrap();
        m.uid_store(uid.to_string(), "+FLAGS (\\Answered)").unwrap();
    });
    d.save(u, "INBOX", &mail::rejection(&in_sent));
    let reply = format!(
        "From: alex@seller.example\r\nTo: jane@buyer.example\r\nSubject: Re: Proposal\r\n\
         In-Reply-To: <{in_sent}>\r\n\r\nThanks for letting me know.\r\n"
    );
    d.save(u, "Sent", reply.as_bytes());
    plan.never.insert(answered);
    plan.never.insert(in_sent);
}

/// Rounds of `k` overlapping `draft --all` runs, each with fresh state dirs, on >= 100 messages;
/// between rounds new mail arrives, the user deletes some drafts and answers one rejection.
fn overlapping_rounds(d: &dyn TestServer, k: usize) {
    let u = d.add_user(&format!("over{k}"), &format!("Pw-over{k}-77q"));
    let mut plan = Plan::default();
    answered_by_hand(d, &u, &mut plan, &format!("k{k}"));
    plan.drafted.extend(seed(d, &u, &format!("k{k}a"), 70, 35));
    for round in 0..3 {
        let before = messages(d, &u, "Drafts").len();
        let setups: Vec<Setup> = (0..k).map(|_| Setup::new(d, &u, "")).collect();
        let mut written = 0;
        for (i, out) in draft_all_at_once(&setups).iter().enumerate() {
            assert!(
                out.status.success(),
                "round {round}, run {i}: {}",
                all_output(out)
            );
            written += written_count(out);
        }
        assert_exactly_once(d, &u, &plan, &format!("{k} runs, round {round}"));
        // Each draft is counted as written by exactly one run, however the runs interleaved.
        assert_eq!(
            written,
            messages(d, &u, "Drafts").len() - before,
            "round {round}"
        );

        // The user deletes three drafts: those rejections are never drafted again.
        let gone: Vec<String> = plan.drafted.iter().take(3).cloned().collect();
        with_mailbox(d, &u, "Drafts", |m| {
            for id in &gone {
                let uids = m
                    .uid_search(format!("HEADER X-Rebound-Source \"<{id}>\""))
                    .unwrap();
                assert_eq!(uids.len(), 1, "{id}");
                let uid = uids.iter().next().unwrap();
                m.uid_store(uid.to_string(), "+FLAGS (\\Deleted)").unwrap();
            }
            m.expunge().unwrap();
        });
        for id in gone {
            plan.drafted.remove(&id);
            plan.never.insert(id);
        }
        // New mail, one more rejection answered by hand, for the next round.
        let tag = format!("k{k}n{round}");
        plan.drafted.extend(seed(d, &u, &tag, 12, 4));
        answered_by_hand(d, &u, &mut plan, &tag);
    }
}

#[test]
fn two_overlapping_draft_runs_draft_each_rejection_once() {
    overlapping_rounds(dovecot::shared(), 2);
}

#[test]
fn two_overlapping_draft_runs_on_cyrus_draft_each_rejection_once() {
    overlapping_rounds(cyrus::shared(), 2);
}

#[test]
fn three_overlapping_draft_runs_draft_each_rejection_once() {
    overlapping_rounds(dovecot::shared(), 3);
}

#[test]
fn five_overlapping_draft_runs_draft_each_rejection_once() {
    overlapping_rounds(dovecot::shared(), 5);
}

/// Where the server refuses `$Rebound`, the Drafts check alone keeps overlapping runs, and the
/// runs after them, to one draft a rejection.
fn overlapping_runs_with_a_refused_keyword(d: &dyn TestServer, u: &User) {
    let mut plan = Plan::default();
    plan.drafted.extend(seed(d, u, "refused", 40, 10));
    for round in 0..2 {
        let setups: Vec<Setup> = (0..2).map(|_| Setup::new(d, u, "")).collect();
        let outs = draft_all_at_once(&setups);
        for (i, out) in outs.iter().enumerate() {
            assert!(
                out.status.success(),
                "round {round}, run {i}: {}",
                all_output(out)
            );
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                err.contains("the server refuses the keyword $Rebound"),
                "round {round}, run {i}: {err}"
            );
        }
        assert_exactly_once(d, u, &plan, &format!("refused keyword, round {round}"));
    }
    assert!(messages(d, u, "INBOX").iter().all(|m| !m.has("$Rebound")));
}

#[test]
fn overlapping_runs_with_a_refused_keyword_on_dovecot() {
    let d = dovecot::shared_refusing_keywords();
    let u = d.add_user("refusedkw", "Pw-refusedkw-5");
    overlapping_runs_with_a_refused_keyword(d, &u);
}

#[test]
fn overlapping_runs_with_a_full_keyword_table_on_cyrus() {
    let c = cyrus::shared();
    let u = c.add_user("fullkw", "Pw-fullkw-5");
    // A message to fill the table with (not a rejection: the plan expects no draft for it).
    c.save(&u, "INBOX", &mail::neutral("filler@buyer.example"));
    c.fill_keyword_table(&u, "INBOX");
    overlapping_runs_with_a_refused_keyword(c, &u);
}

#[test]
fn watch_and_draft_overlap_while_mail_arrives() {
    let d = dovecot::shared();
    let u = d.add_user("overwatch", "Pw-overwatch-31z");
    let mut plan = Plan::default();
    plan.drafted.extend(seed(d, &u, "w-old", 70, 35));
    let w = Setup::new(d, &u, "");
    let mut watch = w
        .std_cmd()
        .args(["-v", "watch", "--idle-secs", "5"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let watch_out = collect_lines(watch.stdout.take().unwrap());
    let watch_err = collect_lines(watch.stderr.take().unwrap());
    wait_for("the watch to start", &mut watch, || {
        watch_err
            .lock()
            .unwrap()
            .contains("watching INBOX (from UID")
    });

    // Mail arrives before, during and after two overlapping `draft --all` runs.
    let mut new_ids = seed(d, &u, "w-new0", 5, 2);
    let setups: Vec<Setup> = (0..2).map(|_| Setup::new(d, &u, "")).collect();
    let children = spawn_drafts(&setups);
    for n in 1..4 {
        new_ids.extend(seed(d, &u, &format!("w-new{n}"), 5, 2));
    }
    for (i, c) in children.into_iter().enumerate() {
        let out = c.wait_with_output().unwrap();
        assert!(out.status.success(), "draft {i}: {}", all_output(&out));
    }
    new_ids.extend(seed(d, &u, "w-new9", 5, 2));
    plan.drafted.extend(new_ids.iter().cloned());

    // The watch has handled a message once it printed its line (drafted or already present).
    let uids: Vec<u32> = {
        let mut s = d.raw_session(&u);
        s.examine("INBOX").unwrap();
        let found = new_ids
            .iter()
            .map(|id| {
                *s.uid_search(format!("HEADER Message-ID \"{id}\""))
                    .unwrap()
                    .iter()
                    .next()
                    .unwrap()
            })
            .collect();
        let _ = s.logout();
        found
    };
    wait_for(
        "the watch to handle every new rejection",
        &mut watch,
        || {
            let out = watch_out.lock().unwrap();
            uids.iter().all(|uid| out.contains(&format!("/{uid}\t")))
        },
    );
    std::process::Command::new("kill")
        .args(["-TERM", &watch.id().to_string()])
        .status()
        .unwrap();
    let status = watch.wait().unwrap();
    assert_eq!(
        status.code(),
        Some(0),
        "{}{}",
        watch_out.lock().unwrap(),
        watch_err.lock().unwrap()
    );
    assert_exactly_once(d, &u, &plan, "watch beside two draft runs");
}

#[test]
fn cuts_at_many_points_during_overlapping_runs_then_a_clean_rerun_drafts_once() {
    let d = dovecot::shared();
    // How many bytes one whole run moves each way, to spread the cut points over them.
    let probe = d.add_user("cutprobe", "Pw-cutprobe-1");
    seed(d, &probe, "probe", 20, 10);
    let (to_server, to_client) = {
        let p = Proxy::start(d.tls_port, None);
        let out = Setup::with_port(d, &probe, p.port, "")
            .cmd()
            .args(["draft", "--all"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", all_output(&out));
        p.forwarded()
    };
    assert!(
        to_server > 10_000 && to_client > 10_000,
        "{to_server} {to_client}"
    );

    for (i, permille) in [15u64, 80, 200, 350, 500, 650, 800, 950]
        .into_iter()
        .enumerate()
    {
        let u = d.add_user(&format!("cut{i}"), &format!("Pw-cut{i}-9k"));
        let mut plan = Plan::default();
        plan.drafted.extend(seed(d, &u, &format!("cut{i}"), 20, 10));
        // Two runs cut (one on each direction) and one left whole, all at once.
        let up = Proxy::start(
            d.tls_port,
            Some(Cut {
                direction: Direction::ToServer,
                after: to_server * permille / 1000,
            }),
        );
        let down = Proxy::start(
            d.tls_port,
            Some(Cut {
                direction: Direction::ToClient,
                after: to_client * permille / 1000,
            }),
        );
        let setups = [
            Setup::with_port(d, &u, up.port, ""),
            Setup::with_port(d, &u, down.port, ""),
            Setup::new(d, &u, ""),
        ];
        for (j, out) in draft_all_at_once(&setups).iter().enumerate() {
            // Cut runs fail with the connection exit code; nothing panics.
            assert!(
                matches!(out.status.code(), Some(0 | 3)),
                "cut at {permille}/1000, run {j}: {}",
                all_output(out)
            );
        }
        let out = Setup::new(d, &u, "")
            .cmd()
            .args(["draft", "--all"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", all_output(&out));
        assert_exactly_once(d, &u, &plan, &format!("cut at {permille}/1000"));
    }
}

#[test]
fn a_duplicate_left_by_a_killed_run_is_removed_and_an_edited_draft_is_kept() {
    let d = dovecot::shared();
    let u = d.add_user("leftover", "Pw-leftover-4");
    let mut plan = Plan::default();
    plan.drafted.extend(seed(d, &u, "left", 2, 0));
    let s = Setup::new(d, &u, "");
    let out = s.cmd().args(["draft", "--all"]).output().unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    let drafts = messages(d, &u, "Drafts");
    assert_eq!(drafts.len(), 2);
    // What a person adds in a mail client; any change to the text counts as an edit.
    let edited = format!("{}P.S. Thanks again for the call.\r\n", drafts[1].text());
    assert_ne!(edited, drafts[1].text());
    with_mailbox(d, &u, "Drafts", |m| {
        // What a run killed before it settled leaves: a second untouched copy.
        m.append("Drafts", &drafts[0].bytes).finish().unwrap();
        // The user edits the other draft in a mail client that keeps the headers: the client
        // appends the edit and deletes the original. Then a stale run's copy arrives.
        m.append("Drafts", edited.as_bytes()).finish().unwrap();
        m.uid_store(drafts[1].uid.to_string(), "+FLAGS (\\Deleted)")
            .unwrap();
        m.expunge().unwrap();
        m.append("Drafts", &drafts[1].bytes).finish().unwrap();
    });
    assert_eq!(messages(d, &u, "Drafts").len(), 4);

    let out = Setup::new(d, &u, "")
        .cmd()
        .args(["-v", "draft", "--all"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    assert!(
        all_output(&out).contains("removed 2 duplicate draft(s)"),
        "{}",
        all_output(&out)
    );
    // The first copy of one, the user's edit of the other: the untouched copies went.
    let left = messages(d, &u, "Drafts");
    assert_eq!(left.len(), 2);
    assert_eq!(left[0].bytes, drafts[0].bytes);
    assert_eq!(left[0].uid, drafts[0].uid);
    assert_eq!(left[1].text(), edited);
    assert_exactly_once(d, &u, &plan, "after the sweep");
}

/// One rejection drafted by `draft`, then a second copy of its draft: what two overlapping
/// runs leave in Drafts.
fn one_draft_and_a_second_copy(d: &Dovecot, u: &User, tag: &str) {
    seed(d, u, tag, 1, 0);
    let out = Setup::new(d, u, "")
        .cmd()
        .args(["draft", "--all"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", all_output(&out));
    let drafts = messages(d, u, "Drafts");
    assert_eq!(drafts.len(), 1);
    with_mailbox(d, u, "Drafts", |m| {
        m.append("Drafts", &drafts[0].bytes).finish().unwrap();
    });
}

#[test]
fn without_uidplus_a_duplicate_stays_and_the_run_says_so() {
    let d = Dovecot::start(dovecot::Options {
        special_use: true,
        capabilities: Some(
            "IMAP4rev1 LITERAL+ SASL-IR ID ENABLE IDLE NAMESPACE CHILDREN SPECIAL-USE",
        ),
        ..dovecot::Options::default()
    });
    let u = d.add_user("nouidplus", "Pw-nouidplus-8");
    let out = Setup::new(&d, &u, "").cmd().arg("check").output().unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("UIDPLUS no"),
        "{}",
        all_output(&out)
    );
    // rebound cannot remove one without UID EXPUNGE.
    one_draft_and_a_second_copy(&d, &u, "plain");
    let out = Setup::new(&d, &u, "")
        .cmd()
        .args(["draft", "--all"])
        .output()
        .unwrap();
    let all = all_output(&out);
    assert!(out.status.success(), "{all}");
    assert!(
        all.contains("more than one rebound draft for <plain-r0@buyer.example>")
            && all.contains("lacks UIDPLUS"),
        "{all}"
    );
    assert_eq!(messages(&d, &u, "Drafts").len(), 2);
}

#[test]
fn a_refused_removal_leaves_the_duplicate_and_names_it() {
    // The owner may flag but not expunge in Drafts: Dovecot answers UID EXPUNGE with OK and
    // keeps the messages (other servers say NO; both are a refusal).
    let d = Dovecot::start(dovecot::Options {
        special_use: true,
        global_acl: Some("Drafts owner lrwsitp\n"),
        ..dovecot::Options::default()
    });
    let u = d.add_user("noexpunge", "Pw-noexpunge-5");
    one_draft_and_a_second_copy(&d, &u, "kept");
    let out = Setup::new(&d, &u, "")
        .cmd()
        .args(["draft", "--all"])
        .output()
        .unwrap();
    let all = all_output(&out);
    // Exit 1 (something needs a person), never 3 (connection): the run went on and summed up.
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.contains("more than one rebound draft for <kept-r0@buyer.example>")
            && all.contains("the server refused to remove it"),
        "{all}"
    );
    assert!(all.contains("messages read"), "no summary: {all}");
    let left = messages(&d, &u, "Drafts");
    assert_eq!(left.len(), 2);
    // The \Deleted flag was taken back: no client hides the copies meanwhile.
    with_mailbox(&d, &u, "Drafts", |m| {
        let deleted = m.uid_search("DELETED").unwrap();
        assert!(deleted.is_empty(), "{deleted:?}");
    });
}
