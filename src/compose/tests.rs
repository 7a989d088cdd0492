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
        rejection_probability: None,
        maybe: false,
        answer: None,
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

/// What the buyer wrote, per shipped language and register (the rest of the message stays the same).
fn buyer_text(lang: &str, register: &str) -> &'static str {
    match (lang, register) {
        ("de", "formal") => {
            "Guten Tag Herr Seller,\n\nvielen Dank für das Angebot. Wir haben uns entschieden, \
                 das Projekt vorerst nicht weiterzuverfolgen.\n\nMit freundlichen Grüßen\nSiobhán O'Brien"
        }
        ("de", _) => {
            "Hallo Alex,\n\ndanke dir für das Angebot. Wir haben uns entschieden, das Projekt \
                 erst mal nicht weiterzuverfolgen.\n\nViele Grüße\nSiobhán"
        }
        ("fr", "formal") => {
            "Bonjour Monsieur,\n\nmerci pour votre proposition. Après réflexion, nous ne donnerons \
                 pas suite pour l'instant.\n\nCordialement,\nSiobhán O'Brien"
        }
        ("fr", _) => {
            "Salut Alex,\n\nmerci pour ta proposition. Après réflexion, on ne va pas donner suite \
                 pour l'instant.\n\nÀ+\nSiobhán"
        }
        ("es", "formal") => {
            "Estimado Sr. Seller:\n\nle agradezco su propuesta. Hemos decidido no seguir adelante \
                 por ahora.\n\nAtentamente,\nSiobhán O'Brien"
        }
        ("es", _) => {
            "Hola, Alex:\n\ngracias por tu propuesta. Hemos decidido no seguir adelante por \
                 ahora.\n\nUn abrazo,\nSiobhán"
        }
        ("nl", "formal") => {
            "Geachte heer Seller,\n\nhartelijk dank voor uw voorstel. Wij hebben besloten er \
                 voorlopig niet mee verder te gaan.\n\nMet vriendelijke groet,\nSiobhán O'Brien"
        }
        ("nl", _) => {
            "Hoi Alex,\n\nbedankt voor je voorstel. We hebben besloten er voorlopig niet mee \
                 verder te gaan.\n\nGroetjes,\nSiobhán"
        }
        ("pt", "formal") => {
            "Prezado Senhor Seller,\n\nagradeço a proposta que nos enviou. Decidimos não avançar \
                 por agora.\n\nCom os melhores cumprimentos,\nSiobhán O'Brien"
        }
        ("pt", _) => {
            "Oi Alex,\n\nobrigada pela proposta, você caprichou. Decidimos não avançar por \
                 agora.\n\nAbraços,\nSiobhán"
        }
        (_, "formal") => {
            "Dear Mr Seller,\n\nthank you for the detailed proposal. After careful consideration \
                 we have decided not to proceed.\n\nYours sincerely,\nSiobhán O'Brien"
        }
        _ => {
            "Hi Alex,\n\nthanks for the detailed proposal. We have decided not to go ahead for \
                 now.\n\nKind regards,\nSiobhán"
        }
    }
}

const REGISTERS: [&str; 2] = ["formal", "informal"];

/// The test mail written in `lang` and `register`.
fn mail_as(lang: &str, register: &str) -> Mail {
    let mut m = mail();
    m.new_text = buyer_text(lang, register).to_string();
    m.full_text = format!(
        "{}\n\n> Here is the proposal.\n",
        buyer_text(lang, register)
    );
    m.language = Some(lang.to_string());
    m
}

/// The test mail in `lang`, formal (English: as `mail()`, on first names).
fn mail_in(lang: &str) -> Mail {
    if lang == "en" {
        return mail();
    }
    mail_as(lang, "formal")
}

/// The verdict for a reply name: a rejection with that reason, or a referral.
fn verdict_for(name: &str, lang: &str) -> Verdict {
    let mut v = match Reason::parse(name) {
        Some(r) => verdict(r),
        None => Verdict {
            class: Class::Referral,
            reason: None,
            ..verdict(Reason::Unspecified)
        },
    };
    v.language = Some(lang.to_string());
    v
}

const LANGS: [&str; 6] = ["en", "de", "fr", "es", "nl", "pt"];

/// The buyer's yes to the permission question, for the original `reason`.
fn granted(reason: Reason, lang: &str) -> Verdict {
    Verdict {
        class: Class::PermissionGranted,
        answer: Some(crate::classify::answer::Answer::Yes),
        evidence: Some("Sure, go ahead.".into()),
        language: Some(lang.to_string()),
        ..verdict(reason)
    }
}

/// The composer in the one-step style (the permission and the question in one email).
fn one_step() -> Composer {
    Composer::new(None).unwrap().with_style(Style::OneStep)
}

#[test]
fn snapshot_two_step_drafts_per_language_and_register() {
    let c = Composer::new(None).unwrap();
    assert_eq!(c.style(), Style::TwoStep);
    for lang in LANGS {
        for register in REGISTERS {
            let m = mail_as(lang, register);
            for reason in Reason::ALL {
                let v = verdict_for(reason.as_str(), lang);
                assert_eq!(c.template_for(&v), (lang.to_string(), "permission".into()));
            }
            let d = c
                .compose(&m, &verdict_for("price", lang), &identity(), now())
                .unwrap();
            insta::assert_snapshot!(
                format!("draft_{lang}_permission_{register}"),
                draft_text(&d)
            );
            let explained = Verdict {
                answer: Some(crate::classify::answer::Answer::Explains),
                ..granted(Reason::Price, lang)
            };
            assert_eq!(
                c.template_for(&explained),
                (lang.to_string(), "thanks".into())
            );
            let d = c.compose(&m, &explained, &identity(), now()).unwrap();
            let thanks = draft_text(&d);
            let body = thanks.split_once("\n\n").unwrap().1;
            let own: Vec<&str> = body.lines().filter(|l| !l.starts_with('>')).collect();
            assert!(!own.iter().any(|l| l.contains('?')), "{thanks}");
            insta::assert_snapshot!(format!("draft_{lang}_thanks_{register}"), thanks);
            for reason in Reason::ALL {
                let v = granted(reason, lang);
                let name = followup_name(reason);
                assert_eq!(c.template_for(&v), (lang.to_string(), name.clone()));
                let d = c.compose(&m, &v, &identity(), now()).unwrap();
                insta::assert_snapshot!(format!("draft_{lang}_{name}_{register}"), draft_text(&d));
            }
        }
    }
}

#[test]
fn snapshot_draft_per_reason_language_and_register() {
    let c = one_step();
    for lang in LANGS {
        for register in REGISTERS {
            let m = mail_as(lang, register);
            for name in check::reply_names() {
                let v = verdict_for(name, lang);
                assert_eq!(c.template_for(&v), (lang.to_string(), name.to_string()));
                assert_eq!(c.context(&m, &v, &identity()).buyer.register, register);
                let d = c.compose(&m, &v, &identity(), now()).unwrap();
                insta::assert_snapshot!(format!("draft_{lang}_{name}_{register}"), draft_text(&d));
            }
        }
    }
}

#[test]
fn greets_the_way_the_buyer_signs_and_formally_without_a_gender() {
    let c = Composer::new(None).unwrap();
    let want = [
        ("en", "informal", "Hi Siobhán,"),
        ("en", "formal", "Dear Siobhán O'Brien,"),
        ("de", "informal", "Hallo Siobhán,"),
        ("de", "formal", "Guten Tag Siobhán O'Brien,"),
        ("fr", "informal", "Bonjour Siobhán,"),
        ("fr", "formal", "Bonjour Siobhán O'Brien,"),
        ("es", "informal", "Hola, Siobhán:"),
        ("es", "formal", "Buenos días, Siobhán O'Brien:"),
        ("nl", "informal", "Hallo Siobhán,"),
        ("nl", "formal", "Beste Siobhán O'Brien,"),
        ("pt", "informal", "Olá, Siobhán,"),
        ("pt", "formal", "Bom dia, Siobhán O'Brien,"),
    ];
    for (lang, register, greeting) in want {
        let body = body_of(
            &c,
            &mail_as(lang, register),
            &verdict_for("price", lang),
            &identity(),
        );
        assert!(
            body.starts_with(&format!("{greeting}\n\n")),
            "{lang}/{register}: {body}"
        );
    }
    // Claire signs "Claire"; her display name says "Dubois, Claire".
    let mut m = mail_as("en", "informal");
    m.from = Some(Address {
        name: Some("Dubois, Claire".into()),
        email: "claire@buyer.example".into(),
    });
    m.full_text = "Hi Alex,\n\nnot for us, sorry.\n\nCheers,\nClaire\n".into();
    let ctx = c.context(&m, &verdict(Reason::Price), &identity());
    assert_eq!(
        (
            ctx.buyer.register.as_str(),
            ctx.buyer.greeting_name.as_str()
        ),
        ("informal", "Claire")
    );
}

#[test]
fn attribution_and_dates_are_localized() {
    let c = Composer::new(None).unwrap();
    let want = [
        ("en", "On Tue, 3 Mar 2026 at 16:05, Siobhán O'Brien <siobhan.obrien@buyer.example> wrote:"),
        ("de", "Am 3. März 2026 um 16:05 schrieb Siobhán O'Brien <siobhan.obrien@buyer.example>:"),
        ("fr", "Le 3 mars 2026 à 16:05, Siobhán O'Brien <siobhan.obrien@buyer.example> a écrit :"),
        ("es", "El 3 de marzo de 2026 a las 16:05, Siobhán O'Brien <siobhan.obrien@buyer.example> escribió:"),
        ("nl", "Op 3 maart 2026 om 16:05 schreef Siobhán O'Brien <siobhan.obrien@buyer.example>:"),
        ("pt", "Em 3 de março de 2026, às 16:05, Siobhán O'Brien <siobhan.obrien@buyer.example> escreveu:"),
    ];
    for (lang, line) in want {
        let body = body_of(&c, &mail_in(lang), &verdict_for("price", lang), &identity());
        assert!(body.contains(&format!("\n{line}\n> ")), "{lang}: {body}");
    }
    // Without a date the attribution names only the sender.
    let mut m = mail_in("de");
    m.date = None;
    let body = body_of(&c, &m, &verdict_for("price", "de"), &identity());
    assert!(
        body.contains("\nSiobhán O'Brien <siobhan.obrien@buyer.example> schrieb:\n> "),
        "{body}"
    );
}

#[test]
fn every_language_asks_permission_then_its_reason_question() {
    let c = one_step();
    let permission = [
        (
            "en",
            "formal",
            "Would you mind if I asked you one question?",
        ),
        ("en", "informal", "Mind if I ask you one quick question?"),
        ("de", "formal", "Darf ich Ihnen eine einzige Frage stellen?"),
        ("de", "informal", "Darf ich dir eine Frage stellen?"),
        (
            "fr",
            "formal",
            "Me permettez-vous de vous poser une seule question ?",
        ),
        ("fr", "informal", "Je peux te poser une question ?"),
        (
            "es",
            "formal",
            "¿Le importaría que le hiciera una sola pregunta?",
        ),
        ("es", "informal", "¿Te puedo hacer una pregunta?"),
        (
            "nl",
            "formal",
            "Zou u het erg vinden als ik u één vraag stel?",
        ),
        ("nl", "informal", "Mag ik je één vraag stellen?"),
        ("pt", "formal", "Permite que lhe faça uma única pergunta?"),
        ("pt", "informal", "Posso fazer só uma pergunta?"),
    ];
    for (lang, register, ask) in permission {
        let mut questions = std::collections::BTreeSet::new();
        for reason in Reason::ALL {
            let body = body_of(
                &c,
                &mail_as(lang, register),
                &verdict_for(reason.as_str(), lang),
                &identity(),
            );
            assert!(body.contains(ask), "{lang}/{reason:?}: {body}");
            // The question after the permission line, before the closing.
            let after = body.split(ask).nth(1).unwrap().trim_start();
            let question = after.lines().next().unwrap().to_string();
            assert!(question.contains('?'), "{lang}/{reason:?}: {question}");
            questions.insert(question);
        }
        // Every reason has its own question.
        assert_eq!(questions.len(), Reason::ALL.len(), "{lang}: {questions:#?}");
        let referral = body_of(
            &c,
            &mail_as(lang, register),
            &verdict_for("referral", lang),
            &identity(),
        );
        assert!(!referral.contains(ask), "{lang}: {referral}");
        assert!(referral.contains('?'), "{lang}: {referral}");
    }
}

#[test]
fn step_one_asks_permission_and_nothing_else_in_every_language_and_register() {
    let c = Composer::new(None).unwrap();
    for lang in LANGS {
        for register in REGISTERS {
            let m = mail_as(lang, register);
            let permission = body_of(&c, &m, &verdict_for("price", lang), &identity());
            let asked: Vec<&str> = permission
                .lines()
                .filter(|l| !l.starts_with('>') && (l.contains('?') || l.contains('¿')))
                .collect();
            assert_eq!(asked.len(), 1, "{lang}/{register}: {permission}");
            assert!(
                crate::classify::answer::asks_permission(asked[0]),
                "{lang}/{register}: {asked:?}"
            );
            // No reason's question, and no "a line or two is plenty" invitation to answer it.
            let one = body_of(&one_step(), &m, &verdict_for("price", lang), &identity());
            let closing_line = one
                .lines()
                .find(|l| {
                    !l.starts_with('>')
                        && !l.contains('?')
                        && l.len() > 40
                        && !permission.contains(*l)
                })
                .unwrap();
            for reason in Reason::ALL {
                let step_two = body_of(&c, &m, &granted(reason, lang), &identity());
                let question = step_two
                    .lines()
                    .find(|l| !l.starts_with('>') && (l.contains('?') || l.contains('¿')))
                    .unwrap();
                assert!(!permission.contains(question), "{lang}/{reason:?}");
                assert!(
                    !crate::classify::answer::asks_permission(question),
                    "{lang}/{reason:?}: {question}"
                );
                assert!(step_two.contains(closing_line), "{lang}: {step_two}");
            }
            assert!(!permission.contains(closing_line), "{lang}: {permission}");
        }
    }
}

#[test]
fn step_two_asks_the_question_of_the_original_reason_in_every_language() {
    let c = Composer::new(None).unwrap();
    let one = one_step();
    for lang in LANGS {
        for register in REGISTERS {
            let m = mail_as(lang, register);
            let mut seen = std::collections::BTreeSet::new();
            for reason in Reason::ALL {
                let step_two = body_of(&c, &m, &granted(reason, lang), &identity());
                let single = body_of(&one, &m, &verdict_for(reason.as_str(), lang), &identity());
                // The same question the one-step email asks for this reason.
                let question = single
                    .lines()
                    .filter(|l| !l.starts_with('>') && (l.contains('?') || l.contains('¿')))
                    .nth(1)
                    .unwrap();
                assert!(step_two.contains(question), "{lang}/{reason:?}: {step_two}");
                assert!(
                    seen.insert(step_two),
                    "{lang}/{register}/{reason:?} repeats"
                );
            }
        }
    }
}

#[test]
fn no_two_reasons_render_the_same_body_in_any_language() {
    let c = one_step();
    for lang in LANGS {
        for register in REGISTERS {
            let mut seen: std::collections::BTreeMap<String, &str> = Default::default();
            for name in check::reply_names() {
                let m = mail_as(lang, register);
                let body = body_of(&c, &m, &verdict_for(name, lang), &identity());
                if let Some(other) = seen.insert(body, name) {
                    panic!("{lang}/{register}: {name} renders the same body as {other}");
                }
            }
            assert_eq!(seen.len(), check::reply_names().len(), "{lang}");
        }
    }
}

#[test]
fn html_alternative_is_escaped_and_text_part_is_not() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "en/reply.html.hbs",
        "<p>{{> greeting}}</p>\n<p>{{buyer.company}} &amp; {{seller.company}}?</p>\n",
    );
    write(
        dir.path(),
        "en/price.hbs",
        "{{buyer.company}} & {{seller.company}}?\n",
    );
    let c = Composer::new(Some(dir.path()))
        .unwrap()
        .with_style(Style::OneStep);
    let id = Identity {
        company: Some("O'Brien & <Sons>".into()),
        ..identity()
    };
    let d = c
        .compose(&mail(), &verdict(Reason::Price), &id, now())
        .unwrap();
    let raw = String::from_utf8(d.bytes.clone()).unwrap();
    assert!(
        raw.contains("Content-Type: multipart/alternative;"),
        "{raw}"
    );
    let parsed = mail_parser::MessageParser::default()
        .parse(&d.bytes)
        .unwrap();
    let text = parsed.body_text(0).unwrap().replace("\r\n", "\n");
    let html = parsed.body_html(0).unwrap().replace("\r\n", "\n");
    assert_eq!(text, "Buyer & O'Brien & <Sons>?\n");
    assert_eq!(
        html,
        "<p>Hi Siobhán,\n</p>\n<p>Buyer &amp; O&#x27;Brien &amp; &lt;Sons&gt;?</p>\n"
    );
    // A language without its own HTML template gets a plain-text draft.
    let mut v = verdict(Reason::Price);
    v.language = Some("de".into());
    let d = c.compose(&mail_in("de"), &v, &id, now()).unwrap();
    let raw = String::from_utf8(d.bytes).unwrap();
    assert!(
        raw.contains("Content-Type: text/plain; charset=utf-8"),
        "{raw}"
    );
}

#[test]
fn subject_template_overrides_the_reply_subject_per_language() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "de/subject.hbs",
        "Kurze Frage zu „{{strip_re original.subject}}“\n",
    );
    write(dir.path(), "fr/subject.hbs", "{{!-- empty: keep Re: --}}\n");
    let c = Composer::new(Some(dir.path())).unwrap();
    let d = c
        .compose(
            &mail_in("de"),
            &verdict_for("timing", "de"),
            &identity(),
            now(),
        )
        .unwrap();
    assert_eq!(
        d.subject,
        "Kurze Frage zu „Proposal for the warehouse rollout“"
    );
    for lang in ["fr", "en"] {
        let d = c
            .compose(
                &mail_in(lang),
                &verdict_for("timing", lang),
                &identity(),
                now(),
            )
            .unwrap();
        assert_eq!(
            d.subject, "Re: Proposal for the warehouse rollout",
            "{lang}"
        );
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
    let c = one_step();
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
    assert!(body.contains("when would work for you?"), "{body}");
    // No identity: a placeholder the seller cannot miss, never an empty sign-off.
    assert!(
        body.contains(&format!(
            "\n{}\n\nprocurement@",
            context::SIGNATURE_PLACEHOLDER
        )),
        "{body}"
    );
}

#[test]
fn each_reason_asks_its_own_question() {
    let c = one_step();
    let expect = [
        (Reason::Price, "If price hadn't been a factor"),
        (
            Reason::Timing,
            "checked back with you once the timing is better",
        ),
        (Reason::Competitor, "what tipped the decision"),
        (Reason::NoNeed, "In what way did our offer miss"),
        (Reason::NoDecision, "What would need to change for a switch"),
        (Reason::Unspecified, "is there anything I missed"),
    ];
    for (reason, phrase) in expect {
        let body = body_of(&c, &mail_as("en", "formal"), &verdict(reason), &identity());
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
    assert!(timing.text.contains("when would work for you?"));
    assert!(
        timing.text.contains("Best,\n-- \nALEX SELLER\n"),
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
    let two_step = Composer::new(Some(dir.path())).unwrap();
    let mut v = verdict(Reason::Competitor);
    v.language = Some("it".into());
    // Step one never falls back to a one-step reply (it would ask the question too early).
    let ctx = two_step.context(&mail(), &v, &identity());
    let step_one = two_step.render_body(&ctx, "it", "permission").unwrap();
    assert_eq!(step_one.template.lang, "en");
    assert_eq!(step_one.template.stem, "permission");
    let c = two_step.with_style(Style::OneStep);
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
        c.with_style(Style::OneStep)
            .compose(&mail(), &verdict(reason), &identity(), now())
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
                // The thank-you is the one draft that asks nothing.
                if file.stem != THANKS_TEMPLATE {
                    assert!(body.text.contains('?'), "{}: asks no question", file.stem);
                }
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
