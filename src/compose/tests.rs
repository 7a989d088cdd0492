//! Composer tests: rendered drafts per reason (insta snapshots), user overrides and template errors.
//! Mail values are built by hand so these tests do not depend on the parser.

use std::path::Path;

use chrono::TimeZone;

use super::*;
use crate::classify::{Class, Reason, Verdict};
use crate::message::{Address, Mail};

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 3, 4, 9, 30, 0)
        .unwrap()
}

fn identity() -> Identity {
    Identity {
        name: Some("Alex Seller".into()),
        email: Some("alex@seller.example".into()),
        company: Some("Seller Inc.".into()),
        signature: Some("Alex Seller\nSeller Inc.\n+1 555 0100".into()),
    }
}

fn mail() -> Mail {
    Mail {
        message_id: Some("20260303.4711@mail.buyer.example".into()),
        from: Some(Address {
            name: Some("O'Brien, Siobhán".into()),
            email: "siobhan.obrien@buyer.example".into(),
        }),
        subject: Some("AW: Re: Proposal for the warehouse rollout".into()),
        date: chrono::FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 3, 3, 16, 5, 0)
            .single(),
        in_reply_to: vec!["proposal-1@seller.example".into()],
        references: vec!["proposal-1@seller.example".into()],
        full_text: "Hi Alex,\n\nthanks for the detailed proposal. We have decided not to go ahead \
                    for now.\n\nKind regards,\nSiobhán\n\n> On 1 March, Alex wrote:\n> Here is \
                    the proposal.\n"
            .into(),
        new_text: "Hi Alex,\n\nthanks for the detailed proposal. We have decided not to go ahead \
                   for now."
            .into(),
        language: Some("en".into()),
        ..Default::default()
    }
}

fn verdict(reason: Reason) -> Verdict {
    Verdict {
        class: Class::Rejection,
        reason: Some(reason),
        confidence: 0.9,
        evidence: Some("We have decided not to go ahead for now.".into()),
        language: Some("en".into()),
    }
}

/// The draft with its quoted-printable body decoded, so snapshots read like the mail.
fn draft_text(d: &Draft) -> String {
    let raw = String::from_utf8(d.bytes.clone())
        .unwrap()
        .replace("\r\n", "\n");
    let (head, body) = raw.split_once("\n\n").unwrap();
    let body = if head.contains("Content-Transfer-Encoding: quoted-printable") {
        decode_qp(body)
    } else {
        body.to_string()
    };
    format!("{head}\n\n{body}")
}

fn decode_qp(s: &str) -> String {
    let joined = s.replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn body_of(c: &Composer, m: &Mail, v: &Verdict, id: &Identity) -> String {
    let ctx = c.context(m, v, id);
    let (lang, name) = c.template_for(v);
    c.render_body(&ctx, &lang, &name).unwrap().text
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn snapshot_draft_per_reason() {
    let c = Composer::new(None).unwrap();
    for reason in Reason::ALL {
        let d = c
            .compose(&mail(), &verdict(reason), &identity(), now())
            .unwrap();
        insta::assert_snapshot!(format!("draft_en_{}", reason.as_str()), draft_text(&d));
    }
}

#[test]
fn body_is_plain_text_without_html_escaping() {
    let c = Composer::new(None).unwrap();
    let body = body_of(&c, &mail(), &verdict(Reason::Price), &identity());
    assert!(body.starts_with("Hi Siobhán,\n\n"), "{body}");
    assert!(
        body.contains("Siobhán O'Brien <siobhan.obrien@buyer.example> wrote:"),
        "{body}"
    );
    assert!(!body.contains("&#") && !body.contains("&amp;") && !body.contains("&lt;"));
    assert!(body.ends_with("> Here is the proposal.\n"), "{body}");
    assert!(!body.contains("\n\n\n"));
}

#[test]
fn neutral_greeting_and_attribution_when_names_and_date_are_unknown() {
    let c = Composer::new(None).unwrap();
    let m = Mail {
        from: Some(Address {
            name: None,
            email: "procurement@buyer.example".into(),
        }),
        full_text: "No, thank you.".into(),
        ..Default::default()
    };
    let body = body_of(&c, &m, &verdict(Reason::Timing), &Identity::default());
    assert!(body.starts_with("Hello,\n\n"), "{body}");
    assert!(!body.contains("null") && !body.contains("Hi ,"), "{body}");
    assert!(
        body.contains("\nprocurement@buyer.example wrote:\n> No, thank you.\n"),
        "{body}"
    );
    assert!(body.contains("when would suit you?"), "{body}");
    // No identity: the sign-off stands alone rather than printing an empty signature line.
    assert!(body.contains("Best regards,\n\nprocurement@"), "{body}");
}

#[test]
fn each_reason_asks_its_own_question() {
    let c = Composer::new(None).unwrap();
    let expect = [
        (Reason::Price, "If price hadn't been a factor"),
        (
            Reason::Timing,
            "checked back with you once the timing is better",
        ),
        (Reason::Competitor, "what tipped the decision"),
        (Reason::NoNeed, "In what way did our offer miss"),
        (Reason::NoDecision, "is there anything I missed"),
        (Reason::Unspecified, "is there anything I missed"),
    ];
    for (reason, phrase) in expect {
        let body = body_of(&c, &mail(), &verdict(reason), &identity());
        assert!(body.contains(phrase), "{reason:?}: {body}");
        assert!(body.contains("Would you mind if I asked you one question?"));
        assert_eq!(body.matches("Thank you for letting me know").count(), 1);
    }
}

#[test]
fn user_dir_overrides_one_file_and_falls_back_for_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "en/price.hbs",
        "Price question for {{buyer.first_name}}.\n{{> signature}}\n",
    );
    write(
        dir.path(),
        "en/_signature.hbs",
        "-- \n{{upper seller.name}}\n",
    );
    write(dir.path(), "en/notes.txt", "ignored");
    let c = Composer::new(Some(dir.path())).unwrap();
    let ctx = c.context(&mail(), &verdict(Reason::Price), &identity());
    let price = c.render_body(&ctx, "en", "price").unwrap();
    assert_eq!(
        price.text,
        "Price question for Siobhán.\n-- \nALEX SELLER\n"
    );
    assert_eq!(
        price.template.origin,
        templates::Origin::User(dir.path().join("en/price.hbs"))
    );
    // Timing still comes from the built-in file, but uses the user's signature partial.
    let timing = c.render_body(&ctx, "en", "timing").unwrap();
    assert!(timing.text.contains("when would suit you?"));
    assert!(
        timing.text.contains("Best regards,\n-- \nALEX SELLER\n"),
        "{}",
        timing.text
    );
    assert_eq!(
        timing.template.origin,
        templates::Origin::BuiltIn("en/timing.hbs".into())
    );
}

#[test]
fn user_language_dir_is_used_with_english_partials_and_reply_fallback() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "it/reply.hbs",
        "Buongiorno,\n\nuna domanda?\n\n{{> quote}}\n",
    );
    let c = Composer::new(Some(dir.path())).unwrap();
    let mut v = verdict(Reason::Competitor);
    v.language = Some("it".into());
    assert_eq!(
        c.template_for(&v),
        ("it".to_string(), "competitor".to_string())
    );
    let body = body_of(&c, &mail(), &v, &identity());
    assert!(
        body.starts_with("Buongiorno,\n\nuna domanda?\n\nOn Tue, 3 Mar 2026"),
        "{body}"
    );
    // A language without templates is answered in the default language.
    v.language = Some("sv".into());
    assert_eq!(c.template_for(&v).0, "en");
    let c = c.with_default_language(Some("de")).unwrap();
    assert_eq!(c.template_for(&v).0, "de");
    // Region tags fall back to the base language; unknown default languages are refused.
    v.language = Some("pt-BR".into());
    assert_eq!(c.template_for(&v).0, "pt");
    let err = Composer::new(None)
        .unwrap()
        .with_default_language(Some("sv"))
        .unwrap_err();
    assert!(err.to_string().contains("\"sv\" has no templates"), "{err}");
}

fn template_error(files: &[(&str, &str)], reason: Reason) -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        write(dir.path(), rel, text);
    }
    let result = Composer::new(Some(dir.path())).and_then(|c| {
        c.compose(&mail(), &verdict(reason), &identity(), now())
            .map(|_| ())
    });
    match result {
        Err(ComposeError::Template(msg)) => (msg, dir),
        other => panic!("expected a template error, got {other:?}"),
    }
}

#[test]
fn unknown_variable_names_file_line_and_variable() {
    let (msg, dir) = template_error(
        &[("en/price.hbs", "Hello,\n\nDear {{buyer.frist_name}},\n")],
        Reason::Price,
    );
    let file = dir.path().join("en/price.hbs").display().to_string();
    assert!(msg.starts_with(&format!("{file}:3:")), "{msg}");
    assert!(msg.contains("`buyer.frist_name`"), "{msg}");
}

#[test]
fn unknown_variable_in_if_and_in_a_partial_names_the_partial_file() {
    let (msg, dir) = template_error(
        &[("en/_greeting.hbs", "{{#if buyer.nickname}}Yo{{/if}}\n")],
        Reason::Timing,
    );
    let file = dir.path().join("en/_greeting.hbs").display().to_string();
    assert!(msg.starts_with(&format!("{file}:1:")), "{msg}");
    assert!(msg.contains("`buyer.nickname`"), "{msg}");
}

#[test]
fn unclosed_block_is_reported_when_loading() {
    let (msg, dir) = template_error(
        &[(
            "en/competitor.hbs",
            "Hi,\n{{#if buyer.first_name}}\nDear {{buyer.first_name}}\n",
        )],
        Reason::Competitor,
    );
    let file = dir.path().join("en/competitor.hbs").display().to_string();
    assert_eq!(
        msg,
        format!("{file}:2:1: `{{{{#if}}}}` is never closed (add `{{{{/if}}}}`)")
    );
}

#[test]
fn missing_partial_names_the_file_and_the_partial() {
    let (msg, dir) = template_error(
        &[("en/no_need.hbs", "Hi,\n\n{{> closing_words}}\n")],
        Reason::NoNeed,
    );
    let file = dir.path().join("en/no_need.hbs").display().to_string();
    assert!(msg.starts_with(&format!("{file}:3:")), "{msg}");
    assert!(msg.contains("missing partial `closing_words`"), "{msg}");
    assert!(msg.contains("en/_closing_words.hbs"), "{msg}");
}

#[test]
fn error_in_a_user_partial_called_from_a_built_in_names_the_partial() {
    // The innermost template is the one at fault: the user's partial, not the built-in caller.
    let (msg, _dir) = template_error(
        &[("en/_question.hbs", "{{evidense}}\n")],
        Reason::Unspecified,
    );
    assert!(msg.contains("_question.hbs:1:"), "{msg}");
    assert!(msg.contains("`evidense`"), "{msg}");
}

#[test]
fn every_built_in_template_renders_for_every_reason_and_sparse_context() {
    let c = Composer::new(None).unwrap();
    let sparse = Mail {
        from: Some(Address {
            name: None,
            email: "x@y.example".into(),
        }),
        ..Default::default()
    };
    for file in c.templates().files().filter(|f| !f.is_partial()) {
        for m in [mail(), sparse.clone()] {
            for id in [identity(), Identity::default()] {
                let ctx = c.context(&m, &verdict(Reason::Price), &id);
                let body = c.render_body(&ctx, &file.lang, &file.stem).unwrap();
                assert!(body.text.contains('?'), "{}: asks no question", file.stem);
            }
        }
    }
}

#[test]
fn snapshot_draft_without_identity_or_names() {
    let c = Composer::new(None).unwrap();
    let m = Mail {
        message_id: Some("no-names@buyer.example".into()),
        from: Some(Address {
            name: Some("Sales Team".into()),
            email: "sales@buyer.example".into(),
        }),
        reply_to: Some(Address {
            name: None,
            email: "deals@buyer.example".into(),
        }),
        subject: None,
        full_text: "We will not be moving forward.\r\n".into(),
        ..Default::default()
    };
    let v = Verdict {
        reason: None,
        ..verdict(Reason::Unspecified)
    };
    let d = c.compose(&m, &v, &Identity::default(), now()).unwrap();
    assert_eq!(d.to, "deals@buyer.example");
    assert_eq!(d.subject, "Re: your message");
    insta::assert_snapshot!("draft_en_placeholder_sender", draft_text(&d));
}

#[test]
fn missing_user_dir_is_a_template_error_naming_it() {
    let err = Composer::new(Some(Path::new("/nonexistent/rebound-templates"))).unwrap_err();
    assert!(
        err.to_string().contains("/nonexistent/rebound-templates"),
        "{err}"
    );
}
