//! The two-step conversation end to end: a rejection gets the permission draft; the seller sends
//! it; the buyer answers "Sure, go ahead" (or "No, thanks", or the reason itself); only the yes
//! gets the clarity question for the original reason, threaded under the answer, exactly once.
//! Over IMAP against a real Dovecot (`draft`), and the same conversation in an mbox (`batch`).

mod support;

use std::process::Stdio;

use support::cli::{collect_lines, messages, wait_for, with_mailbox, Setup};
use support::dovecot::{self, Dovecot, User};
use support::mail::date;
use support::proxy::{Cut, Direction, Proxy};

const SELLER: &str = "Alex Seller <alex@seller.example>";

/// One buyer's thread: who, the rejection, and the answer to the permission question.
struct Thread {
    key: &'static str,
    buyer: &'static str,
    rejection: &'static str,
    answer: &'static str,
    /// The answer quotes the seller's email below it (a phone reply may not).
    quotes: bool,
}

const THREADS: [Thread; 4] = [
    Thread {
        key: "jane",
        buyer: "Jane Doe <jane@buyer.example>",
        rejection: "Thanks for the proposal. Unfortunately the price is well above what we can \
                    spend, so we will not go ahead.",
        answer: "Sure, go ahead.",
        quotes: false,
    },
    Thread {
        key: "tom",
        buyer: "Tom Roe <tom@buyer2.example>",
        rejection: "Thanks, but we have decided to go with another vendor for this project.",
        answer: "No, thanks.",
        quotes: true,
    },
    Thread {
        key: "ann",
        buyer: "Ann Poe <ann@buyer3.example>",
        rejection: "We have decided not to proceed with the rollout this year.",
        answer: "Sure. Honestly it was mostly the timing: we are in the middle of a system \
                 migration and nobody on the team has time for a new tool before next spring.",
        quotes: true,
    },
    Thread {
        key: "ben",
        buyer: "Ben Low <ben@buyer4.example>",
        rejection: "Thanks, but your platform is not a fit for what we need, so we will pass.",
        answer: "Of course, ask away!",
        quotes: true,
    },
];

fn rejection_id(t: &Thread) -> String {
    format!("rej-{}@buyer.example", t.key)
}

fn answer_id(t: &Thread) -> String {
    format!("ans-{}@buyer.example", t.key)
}

fn message(from: &str, to: &str, id: &str, reply: &[&str], body: &str, days_ago: i64) -> String {
    let mut m = format!(
        "From: {from}\r\nTo: {to}\r\nSubject: Re: Proposal\r\nMessage-ID: <{id}>\r\n\
         Date: {}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n",
        date(days_ago)
    );
    if let Some(parent) = reply.last() {
        m.push_str(&format!("In-Reply-To: <{parent}>\r\n"));
        let refs: Vec<String> = reply.iter().map(|r| format!("<{r}>")).collect();
        m.push_str(&format!("References: {}\r\n", refs.join(" ")));
    }
    m.push_str("\r\n");
    m.push_str(&body.replace('\n', "\r\n"));
    m.push_str("\r\n");
    m
}

fn rejection(t: &Thread) -> String {
    let first = t.key[..1].to_uppercase() + &t.key[1..];
    message(
        t.buyer,
        SELLER,
        &rejection_id(t),
        &[],
        &format!("Hi Alex,\n\n{}\n\nBest,\n{first}", t.rejection),
        3,
    )
}

/// The buyer's answer to the seller's email `sent_id` (whose body is `sent_body`).
fn answer(t: &Thread, sent_id: &str, sent_body: &str) -> String {
    let mut body = t.answer.to_string();
    if t.quotes {
        body.push_str("\n\nOn Mon, Alex Seller wrote:\n");
        for line in sent_body.lines() {
            body.push_str(&format!("> {line}\n"));
        }
    }
    message(
        t.buyer,
        SELLER,
        &answer_id(t),
        &[&rejection_id(t), sent_id],
        &body,
        1,
    )
}

/// The Message-ID and decoded body of a draft rebound wrote.
fn id_and_body(raw: &str) -> (String, String) {
    let raw = raw.replace("\r\n", "\n");
    let (head, body) = raw.split_once("\n\n").unwrap();
    let id = head
        .lines()
        .find_map(|l| l.strip_prefix("Message-ID: "))
        .unwrap()
        .trim()
        .trim_matches(['<', '>'])
        .to_string();
    // Quoted-printable soft breaks; the English drafts have no other escapes.
    (id, body.replace("=\n", "").replace("=3D", "="))
}

fn header<'a>(raw: &'a str, name: &str) -> Option<&'a str> {
    raw.lines()
        .take_while(|l| !l.trim().is_empty())
        .find_map(|l| l.strip_prefix(&format!("{name}: ")))
        .map(str::trim)
}

fn output(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The permission question of the built-in English drafts, in either register.
fn asks_permission(body: &str) -> bool {
    body.contains("Mind if I ask you one quick question?")
        || body.contains("Would you mind if I asked you one question?")
}

fn user(d: &Dovecot) -> User {
    d.add_user("conversation", "Pw-conversation-7Hq2")
}

#[test]
fn imap_conversation_asks_the_question_once_after_the_yes_only() {
    let d = dovecot::shared();
    let u = user(d);
    for t in &THREADS {
        d.save(&u, "INBOX", rejection(t).as_bytes());
    }
    let s = Setup::new(d, &u, "");

    // Step one: one permission draft per rejection, asking nothing else.
    let out = s.cmd().arg("draft").output().unwrap();
    assert!(out.status.success(), "{}", output(&out));
    let step_one = messages(d, &u, "Drafts");
    assert_eq!(step_one.len(), THREADS.len(), "{}", output(&out));
    for m in &step_one {
        let (_, body) = id_and_body(&m.text());
        let asked: Vec<&str> = body
            .lines()
            .filter(|l| !l.starts_with('>') && l.contains('?'))
            .collect();
        assert_eq!(asked.len(), 1, "{body}");
        assert!(asks_permission(asked[0]), "{body}");
    }

    // The seller sends them: the test moves each draft to Sent.
    with_mailbox(d, &u, "Drafts", |m| {
        m.uid_mv("1:*", "Sent").unwrap();
    });
    let sent = messages(d, &u, "Sent");
    let sent_for = |t: &Thread| {
        sent.iter()
            .map(|m| m.text())
            .find(|raw| header(raw, "In-Reply-To") == Some(&format!("<{}>", rejection_id(t))))
            .map(|raw| id_and_body(&raw))
            .unwrap()
    };
    // The buyers answer; Ben's yes the seller answers by hand at once.
    for t in &THREADS {
        let (sent_id, sent_body) = sent_for(t);
        d.save(&u, "INBOX", answer(t, &sent_id, &sent_body).as_bytes());
    }
    let ben = &THREADS[3];
    let (ben_sent, _) = sent_for(ben);
    let by_hand = message(
        SELLER,
        ben.buyer,
        "hand-ben@seller.example",
        &[&rejection_id(ben), &ben_sent, &answer_id(ben)],
        "Thanks Ben! What was missing for you?",
        0,
    );
    d.save(&u, "Sent", by_hand.as_bytes());

    // Step two: exactly one clarity question, to Jane's yes, for the original reason (price).
    let out = s.cmd().arg("draft").output().unwrap();
    assert!(out.status.success(), "{}", output(&out));
    let text = output(&out);
    assert!(
        text.contains("2 permission granted, 1 question asked, 1 buyer answered"),
        "{text}"
    );
    let drafts = messages(d, &u, "Drafts");
    assert_eq!(drafts.len(), 1, "{text}");
    let raw = drafts[0].text();
    let jane = &THREADS[0];
    assert_eq!(
        header(&raw, "In-Reply-To"),
        Some(format!("<{}>", answer_id(jane)).as_str()),
        "{raw}"
    );
    assert_eq!(
        header(&raw, "X-Rebound-Source"),
        Some(format!("<{}>", answer_id(jane)).as_str()),
        "{raw}"
    );
    assert!(raw.contains(&format!("<{}>", rejection_id(jane))), "{raw}");
    assert_eq!(
        header(&raw, "To"),
        Some("\"Jane Doe\" <jane@buyer.example>")
    );
    let (_, body) = id_and_body(&raw);
    assert!(body.contains("would it have been a yes?"), "{body}");
    assert!(!asks_permission(&body), "{body}");
    let inbox = messages(d, &u, "INBOX");
    let answered = |t: &Thread| {
        inbox
            .iter()
            .find(|m| {
                m.text()
                    .contains(&format!("Message-ID: <{}>", answer_id(t)))
            })
            .unwrap()
            .clone()
    };
    assert!(answered(jane).has("$Rebound"));
    assert!(!answered(&THREADS[1]).has("$Rebound"));
    assert!(inbox.iter().all(|m| !m.has("\\Seen")));

    // Exactly once: again, and reading everything again, adds nothing.
    for args in [vec!["draft"], vec!["draft", "--rescan"]] {
        let out = s.cmd().args(&args).output().unwrap();
        assert!(out.status.success(), "{}", output(&out));
        assert_eq!(messages(d, &u, "Drafts").len(), 1, "{}", output(&out));
    }
    // Even when the keyword is gone, the draft in Drafts keeps it at one.
    with_mailbox(d, &u, "INBOX", |m| {
        m.uid_store("1:*", "-FLAGS.SILENT ($Rebound)").unwrap();
    });
    let out = s.cmd().args(["draft", "--rescan"]).output().unwrap();
    assert!(out.status.success(), "{}", output(&out));
    assert_eq!(messages(d, &u, "Drafts").len(), 1, "{}", output(&out));

    // The seller sends the question; Jane answers it from her phone (no quote) with a sentence
    // that alone reads as a rejection: in its thread it is her answer, and gets no draft.
    let (question_id, _) = id_and_body(&raw);
    with_mailbox(d, &u, "Drafts", |m| {
        m.uid_mv("1:*", "Sent").unwrap();
    });
    let reply = message(
        jane.buyer,
        SELLER,
        "rep-jane@buyer.example",
        &[
            &rejection_id(jane),
            &sent_for(jane).0,
            &answer_id(jane),
            &question_id,
        ],
        "Honestly, the price was too high for our budget, so we decided not to go ahead with it.",
        0,
    );
    d.save(&u, "INBOX", reply.as_bytes());
    let out = s.cmd().arg("draft").output().unwrap();
    assert!(out.status.success(), "{}", output(&out));
    assert!(messages(d, &u, "Drafts").is_empty(), "{}", output(&out));
    assert!(
        output(&out).contains(
            "0 rejections, 0 permission asked, 0 permission granted, 0 \
                               question asked, 1 buyer answered"
        ),
        "{}",
        output(&out)
    );
}

#[test]
fn batch_conversation_in_an_mbox_drafts_the_question_to_the_yes_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut mbox = String::new();
    let mut push = |m: &str| {
        mbox.push_str("From someone@example Mon Nov  2 10:00:00 2026\n");
        mbox.push_str(&m.replace("\r\n", "\n"));
        mbox.push('\n');
    };
    for t in &THREADS {
        push(&rejection(t));
    }
    for t in &THREADS {
        let first = t.key[..1].to_uppercase() + &t.key[1..];
        let sent_body = format!(
            "Hi {first},\n\nThanks for letting me know, and for being so straightforward about \
             it.\n\nMind if I ask you one quick question?\n\nBest,\nAlex"
        );
        let sent_id = format!("ask-{}@seller.example", t.key);
        push(&message(
            SELLER,
            t.buyer,
            &sent_id,
            &[&rejection_id(t)],
            &sent_body,
            2,
        ));
        push(&answer(t, &sent_id, &sent_body));
    }
    let ben = &THREADS[3];
    push(&message(
        SELLER,
        ben.buyer,
        "hand-ben@seller.example",
        &[
            &rejection_id(ben),
            "ask-ben@seller.example",
            &answer_id(ben),
        ],
        "Thanks Ben! What was missing for you?",
        0,
    ));
    let path = dir.path().join("conversation.mbox");
    std::fs::write(&path, mbox).unwrap();
    let out_dir = dir.path().join("drafts");
    let run = || {
        assert_cmd::Command::new(env!("CARGO_BIN_EXE_rebound"))
            .env_clear()
            .env("HOME", dir.path())
            .env("XDG_CONFIG_HOME", dir.path().join("xdg"))
            .args(["batch", "--from", SELLER, "--out"])
            .arg(&out_dir)
            .arg("--report")
            .arg(dir.path().join("report.csv"))
            .arg(&path)
            .output()
            .unwrap()
    };
    let out = run();
    assert!(out.status.success(), "{}", output(&out));
    let text = output(&out);
    assert!(
        text.contains(
            "conversation: 4 rejections, 4 permission asked, 2 permission granted, 1 question \
             asked, 1 buyer answered"
        ),
        "{text}"
    );
    let files: Vec<std::path::PathBuf> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), THREADS.len() + 1, "{files:?}");
    let drafts: Vec<String> = files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let questions: Vec<&String> = drafts
        .iter()
        .filter(|raw| !asks_permission(&id_and_body(raw).1))
        .collect();
    assert_eq!(questions.len(), 1, "{drafts:#?}");
    let raw = questions[0];
    let jane = &THREADS[0];
    assert_eq!(
        header(raw, "In-Reply-To"),
        Some(format!("<{}>", answer_id(jane)).as_str()),
        "{raw}"
    );
    assert!(
        id_and_body(raw).1.contains("would it have been a yes?"),
        "{raw}"
    );
    let report = std::fs::read_to_string(dir.path().join("report.csv")).unwrap();
    assert!(report.contains(",permission_declined,"), "{report}");
    assert!(report.contains(",buyer_answered,"), "{report}");
    assert_eq!(
        report.matches(",permission_granted,").count(),
        2,
        "{report}"
    );
    // `classify` reads the answers in their thread within its inputs too.
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_rebound"))
        .env_clear()
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("xdg"))
        .args(["classify", "--format", "jsonl"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", output(&out));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let of = |t: &Thread| {
        lines
            .iter()
            .find(|l| l["message_id"] == answer_id(t).as_str())
            .unwrap()
            .clone()
    };
    let jane_line = of(jane);
    assert_eq!(jane_line["class"], "permission_granted", "{jane_line}");
    assert_eq!(jane_line["answer"], "yes", "{jane_line}");
    assert_eq!(jane_line["reason"], "price", "{jane_line}");
    assert_eq!(of(&THREADS[1])["class"], "permission_declined");
    assert_eq!(of(&THREADS[2])["answer"], "explains");
    assert!(lines[0].get("answer").is_none(), "{}", lines[0]);
    // A rerun into the same directory adds nothing.
    let out = run();
    assert!(out.status.success(), "{}", output(&out));
    assert!(
        output(&out).contains("drafts: 0 written, 5 already present"),
        "{}",
        output(&out)
    );
    // With `[drafts] thank_answers`, Ann (who gave her reason) gets a thank-you, no question.
    let config = dir.path().join("thanks.toml");
    std::fs::write(&config, "[drafts]\nthank_answers = true\n").unwrap();
    let thanked = dir.path().join("thanked");
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_rebound"))
        .env_clear()
        .env("HOME", dir.path())
        .arg("--config")
        .arg(&config)
        .args(["batch", "--from", SELLER, "--out"])
        .arg(&thanked)
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", output(&out));
    let ann = &THREADS[2];
    let drafts: Vec<String> = std::fs::read_dir(&thanked)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(drafts.len(), THREADS.len() + 2, "{}", output(&out));
    let thanks = drafts
        .iter()
        .find(|raw| header(raw, "In-Reply-To") == Some(&format!("<{}>", answer_id(ann))))
        .unwrap();
    let (_, body) = id_and_body(thanks);
    assert!(body.contains("taking the time to explain"), "{body}");
    let own: Vec<&str> = body.lines().filter(|l| !l.starts_with('>')).collect();
    assert!(!own.iter().any(|l| l.contains('?')), "{body}");
}

/// `n` conversations waiting for step two: a rejection, the seller's permission email in Sent,
/// the buyer's yes. Returns the yeses' Message-IDs.
fn seed_yeses(d: &Dovecot, u: &User, tag: &str, n: usize) -> Vec<String> {
    let mut yeses = Vec::new();
    for i in 0..n {
        let rej = format!("{tag}-rej{i}@buyer.example");
        let ask = format!("{tag}-ask{i}@seller.example");
        let yes = format!("{tag}-yes{i}@buyer.example");
        let buyer = format!("Buyer {i} <b{i}@buyer.example>");
        let rejection = message(
            &buyer,
            SELLER,
            &rej,
            &[],
            "Hi Alex,\n\nthe price is well above our budget, so we will not go ahead.\n\nBest,\nB",
            3,
        );
        let asked = message(
            SELLER,
            &buyer,
            &ask,
            &[&rej],
            "Thanks for letting me know.\n\nMind if I ask you one quick question?\n\nBest,\nAlex",
            2,
        );
        d.save(u, "INBOX", rejection.as_bytes());
        d.save(u, "Sent", asked.as_bytes());
        d.save(
            u,
            "INBOX",
            message(&buyer, SELLER, &yes, &[&rej, &ask], "Sure, go ahead.", 1).as_bytes(),
        );
        yeses.push(yes);
    }
    yeses
}

/// Every yes has exactly one draft in Drafts (by X-Rebound-Source), and nothing else is there.
fn assert_one_question_each(d: &Dovecot, u: &User, yeses: &[String], context: &str) {
    let drafts = messages(d, u, "Drafts");
    let mut per: std::collections::BTreeMap<String, usize> = Default::default();
    for m in &drafts {
        let raw = m.text();
        let source = header(&raw, "X-Rebound-Source").unwrap_or("-").to_string();
        *per.entry(source).or_default() += 1;
    }
    let expected: std::collections::BTreeMap<String, usize> =
        yeses.iter().map(|y| (format!("<{y}>"), 1)).collect();
    assert_eq!(per, expected, "{context}");
}

#[test]
fn step_two_is_drafted_once_across_overlapping_runs_and_cuts() {
    let d = dovecot::shared();
    // Three runs at once.
    let u = d.add_user("overlapyes", "Pw-overlapyes-5");
    let yeses = seed_yeses(d, &u, "ov", 8);
    let setups: Vec<Setup> = (0..3).map(|_| Setup::new(d, &u, "")).collect();
    let children: Vec<_> = setups
        .iter()
        .map(|s| {
            s.std_cmd()
                .arg("draft")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for (i, c) in children.into_iter().enumerate() {
        let out = c.wait_with_output().unwrap();
        assert!(out.status.success(), "run {i}: {}", output(&out));
    }
    assert_one_question_each(d, &u, &yeses, "three runs at once");

    // Runs cut at several points (beside a whole one), then a clean rerun.
    for (i, after) in [2_000u64, 6_000, 12_000, 20_000].into_iter().enumerate() {
        let u = d.add_user(&format!("cutyes{i}"), &format!("Pw-cutyes{i}-2"));
        let yeses = seed_yeses(d, &u, &format!("cut{i}"), 6);
        let proxies = [Direction::ToServer, Direction::ToClient]
            .map(|direction| Proxy::start(d.tls_port, Some(Cut { direction, after })));
        let setups = [
            Setup::with_port(d, &u, proxies[0].port, ""),
            Setup::with_port(d, &u, proxies[1].port, ""),
            Setup::new(d, &u, ""),
        ];
        let children: Vec<_> = setups
            .iter()
            .map(|s| {
                s.std_cmd()
                    .arg("draft")
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for (j, c) in children.into_iter().enumerate() {
            let out = c.wait_with_output().unwrap();
            assert!(
                matches!(out.status.code(), Some(0 | 3)),
                "cut after {after}, run {j}: {}",
                output(&out)
            );
        }
        let out = Setup::new(d, &u, "").cmd().arg("draft").output().unwrap();
        assert!(out.status.success(), "{}", output(&out));
        assert_one_question_each(d, &u, &yeses, &format!("cut after {after}"));
    }
}

#[test]
fn watch_drafts_the_question_when_the_yes_arrives() {
    let d = dovecot::shared();
    let u = d.add_user("watchyes", "Pw-watchyes-8");
    // The conversation so far: the rejection and the seller's permission email; no yes yet.
    let rej = "wy-rej@buyer.example";
    let ask = "wy-ask@seller.example";
    let buyer = "Jane Doe <jane@buyer.example>";
    d.save(
        &u,
        "INBOX",
        message(
            buyer,
            SELLER,
            rej,
            &[],
            "Hi Alex,\n\nthanks, but we have decided to go with another vendor for this project.\n\nJane",
            3,
        )
        .as_bytes(),
    );
    d.save(
        &u,
        "Sent",
        message(
            SELLER,
            buyer,
            ask,
            &[rej],
            "Thanks for letting me know.\n\nMind if I ask you one quick question?\n\nAlex",
            2,
        )
        .as_bytes(),
    );
    let s = Setup::new(d, &u, "");
    let mut watch = s
        .std_cmd()
        .args(["-v", "watch", "--idle-secs", "5"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = collect_lines(watch.stdout.take().unwrap());
    let err = collect_lines(watch.stderr.take().unwrap());
    wait_for("the watch to start", &mut watch, || {
        err.lock().unwrap().contains("watching INBOX (from UID")
    });
    let yes = "wy-yes@buyer.example";
    d.save(
        &u,
        "INBOX",
        message(buyer, SELLER, yes, &[rej, ask], "Klar, go ahead!", 0).as_bytes(),
    );
    wait_for("the question draft", &mut watch, || {
        messages(d, &u, "Drafts")
            .iter()
            .any(|m| header(&m.text(), "X-Rebound-Source") == Some(&format!("<{yes}>")))
    });
    std::process::Command::new("kill")
        .args(["-TERM", &watch.id().to_string()])
        .status()
        .unwrap();
    let status = watch.wait().unwrap();
    assert_eq!(
        status.code(),
        Some(0),
        "{}{}",
        out.lock().unwrap(),
        err.lock().unwrap()
    );
    let drafts = messages(d, &u, "Drafts");
    assert_eq!(drafts.len(), 1, "{}", out.lock().unwrap());
    let (_, body) = id_and_body(&drafts[0].text());
    assert!(body.contains("tipped the decision"), "{body}");
}

#[test]
fn batch_reads_a_reply_to_the_question_as_the_answer_not_a_new_rejection() {
    let dir = tempfile::tempdir().unwrap();
    let jane = &THREADS[0];
    let ask = "ask-jane@seller.example";
    let question = "q-jane@seller.example";
    let conversation = [
        rejection(jane),
        message(
            SELLER,
            jane.buyer,
            ask,
            &[&rejection_id(jane)],
            "Thanks for letting me know.\n\nMind if I ask you one quick question?\n\nAlex",
            2,
        ),
        message(
            jane.buyer,
            SELLER,
            &answer_id(jane),
            &[&rejection_id(jane), ask],
            "Sure, go ahead.",
            1,
        ),
        message(
            SELLER,
            jane.buyer,
            question,
            &[&rejection_id(jane), ask, &answer_id(jane)],
            "Thanks! If price hadn't been part of the picture, would it have been a yes?",
            1,
        ),
        message(
            jane.buyer,
            SELLER,
            "rep-jane@buyer.example",
            &[&rejection_id(jane), ask, &answer_id(jane), question],
            "Honestly, the price was too high for our budget, so we decided not to go ahead with it.",
            0,
        ),
    ];
    let mut mbox = String::new();
    for m in &conversation {
        mbox.push_str("From someone@example Mon Nov  2 10:00:00 2026\n");
        mbox.push_str(&m.replace("\r\n", "\n"));
        mbox.push('\n');
    }
    let path = dir.path().join("thread.mbox");
    std::fs::write(&path, mbox).unwrap();
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_rebound"))
        .env_clear()
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("xdg"))
        .args(["batch", "--from", SELLER, "--out"])
        .arg(dir.path().join("drafts"))
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", output(&out));
    // The seller asked the question by hand: no step two; the reply is Jane's answer.
    assert!(
        output(&out).contains(
            "conversation: 1 rejections, 1 permission asked, 1 permission granted, 0 question \
             asked, 1 buyer answered"
        ),
        "{}",
        output(&out)
    );
    let drafts = std::fs::read_dir(dir.path().join("drafts"))
        .unwrap()
        .count();
    assert_eq!(drafts, 1, "{}", output(&out));
}
