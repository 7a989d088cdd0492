//! Property tests: arbitrary and hostile mail through parse -> new text -> classify -> compose
//! never panics, and no header value can inject a header or a second body into a draft.

mod support;

use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, RngSeed};
use rebound::classify::{Class, Reason, Verdict};
use rebound::compose::reply::reply_subject;
use rebound::compose::Draft;
use rebound::message::{self, Address, Mail};

use support::hostile::{
    check_draft, corpus, expected_id, forced_verdict, identity, now, rejection, split_mbox,
    through_the_chain, CLASSIFIER, COMPOSER,
};

/// `cases` per property, a fixed seed (so a run never flakes) and no persistence files; the
/// usual `PROPTEST_CASES` / `PROPTEST_RNG_SEED` variables still override both for a longer hunt.
fn config(cases: u32) -> ProptestConfig {
    let base = ProptestConfig::default();
    ProptestConfig {
        cases: if std::env::var_os("PROPTEST_CASES").is_some() {
            base.cases
        } else {
            cases
        },
        rng_seed: match base.rng_seed {
            RngSeed::Random => RngSeed::Fixed(20_260_304),
            fixed => fixed,
        },
        failure_persistence: None,
        ..base
    }
}

/// A rejection verdict for every reason and language (and referrals), so every template renders.
fn verdicts() -> impl Strategy<Value = Verdict> {
    (any::<u8>(), any::<bool>()).prop_map(|(pick, referral)| {
        let mut verdict = forced_verdict(&[pick]);
        if referral && verdict.reason.is_none() {
            verdict.class = Class::Referral;
        }
        verdict
    })
}

/// Small random edits of a real message: flip, insert, delete and duplicate byte runs.
fn mutated_corpus() -> impl Strategy<Value = Vec<u8>> {
    let edits = prop::collection::vec(
        (
            0u8..4,
            any::<prop::sample::Index>(),
            prop::collection::vec(any::<u8>(), 1..24),
        ),
        0..12,
    );
    (prop::sample::select(corpus()), edits).prop_map(|(mut bytes, edits)| {
        for (kind, at, chunk) in edits {
            let i = at.index(bytes.len() + 1);
            let end = (i + chunk.len()).min(bytes.len());
            match kind {
                0 => {
                    bytes.splice(i..i, chunk);
                }
                1 => {
                    bytes.drain(i..end);
                }
                2 => {
                    bytes.splice(i..end, chunk);
                }
                _ => {
                    let end = (i + 64 * chunk.len()).min(bytes.len());
                    let copy = bytes[i..end].to_vec();
                    bytes.splice(i..i, copy);
                }
            }
        }
        bytes
    })
}

/// Header and MIME building blocks, shuffled into a message: deep enough to reach the body code.
fn mime_soup() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just("From: =?utf-8?b?SmFuZQ0KQmNjOiBldmlsQGF0dGFja2VyLmV4YW1wbGU=?= <jane@buyer.example>\r\n".to_string()),
        Just("Subject: =?utf-8?q?Re=3A_offer=0D=0ABcc=3A_x=40y?=\r\n".to_string()),
        Just("Message-ID: <a@b>\r\n".to_string()),
        Just("Content-Type: multipart/mixed; boundary=\"b\"\r\n".to_string()),
        Just("Content-Type: multipart/alternative; boundary=b\r\n".to_string()),
        Just("Content-Type: message/rfc822\r\n".to_string()),
        Just("Content-Type: text/html; charset=iso-2022-jp\r\n".to_string()),
        Just("Content-Type: text/plain; charset=utf-7\r\n".to_string()),
        Just("Content-Transfer-Encoding: base64\r\n".to_string()),
        Just("Content-Transfer-Encoding: quoted-printable\r\n".to_string()),
        Just("\r\n".to_string()),
        Just("--b\r\n".to_string()),
        Just("--b--\r\n".to_string()),
        Just("<blockquote><p>quoted</p></blockquote><div>no thanks</div>\r\n".to_string()),
        Just("> On Mon, Jane wrote:\r\n> we are not interested\r\n".to_string()),
        Just("We decided to go with another vendor. =E2=80=\r\n".to_string()),
        Just("-- \r\nJane\r\n".to_string()),
        Just("Zm9vYmFy\r\n====\r\n".to_string()),
        "[ -~]{0,40}\r\n",
        "\\PC{0,40}\n",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|p| p.concat().into_bytes())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
        verdict in verdicts(),
    ) {
        through_the_chain(&bytes, &verdict).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn mutated_real_mail_never_panics(bytes in mutated_corpus(), verdict in verdicts()) {
        through_the_chain(&bytes, &verdict).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn mime_soup_never_panics(bytes in mime_soup(), verdict in verdicts()) {
        through_the_chain(&bytes, &verdict).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn new_text_never_panics(full in "\\PC{0,400}|[>\\- \r\n\t_*a-zA-Z:]{0,400}", html in proptest::option::of("\\PC{0,200}")) {
        let text = message::new_text(&full, html.as_deref());
        prop_assert!(text.len() <= full.len().max(html.as_deref().map_or(0, str::len)) + 1);
    }

    #[test]
    fn mbox_splitter_never_panics_and_accounts_for_every_byte(
        bytes in prop::collection::vec(prop_oneof![
            4 => any::<u8>(),
            1 => Just(b'\n'),
            1 => Just(b'>'),
        ], 0..4096),
        mixed in prop::collection::vec(prop::sample::select(vec![
            &b"From "[..], b"\n", b"\r\n", b">From ", b">>From x\n", b"From a@x Mon\n", b"body\n",
        ]), 0..64),
    ) {
        for data in [bytes, mixed.concat()] {
            split_mbox(&data).map_err(TestCaseError::fail)?;
        }
    }
}

/// Header values an attacker controls: line breaks, NUL, controls, bidi overrides, encoded words
/// that decode to CR/LF, header look-alikes and very long runs.
fn hostile_value() -> impl Strategy<Value = String> {
    let atom = prop_oneof![
        4 => "[a-zA-Z0-9 .,:;@<>\"'()\\[\\]\\\\=?_-]{1,12}",
        1 => Just("\r\n".to_string()),
        1 => Just("\n".to_string()),
        1 => Just("\r".to_string()),
        1 => Just("\0".to_string()),
        1 => Just("\r\n\r\n".to_string()),
        1 => Just("\r\nBcc: evil@attacker.example".to_string()),
        1 => Just("\nContent-Type: text/html".to_string()),
        1 => Just("\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsecond body".to_string()),
        1 => Just("=?utf-8?q?x=0D=0ABcc:_evil@attacker.example?=".to_string()),
        1 => Just("=?utf-8?b?eA0KDQpzZWNvbmQgYm9keQ==?=".to_string()),
        1 => Just("=?iso-8859-1?Q?=0D=0A=0D=0A?=".to_string()),
        1 => Just("=?utf-8?B?4oCuZWxpdmUu4oCs?=".to_string()),
        1 => prop::sample::select(vec![
            "\u{202e}", "\u{202a}", "\u{2066}", "\u{2069}", "\u{200f}", "\u{061c}", "\u{feff}",
            "\u{85}", "\u{2028}", "\u{2029}", "\u{1b}[2J", "\u{7f}", "\u{9b}",
        ]).prop_map(str::to_string),
        1 => "[\u{0}-\u{1f}\u{7f}-\u{9f}]{1,4}",
        1 => "\\PC{1,8}",
        1 => ("[a-zA-Z ]{1,3}", 200usize..1200).prop_map(|(s, n)| s.repeat(n / s.len().max(1))),
    ];
    prop::collection::vec(atom, 0..8).prop_map(|atoms| atoms.concat())
}

/// An address that may be plain, quoted, bracket-laden or broken.
fn hostile_address() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just("jane.doe@buyer.example".to_string()),
        1 => Just("\"jane\r\nbcc: x\"@buyer.example".to_string()),
        1 => Just("jane@buyer.example>, evil@attacker.example".to_string()),
        1 => Just("jane@[127.0.0.1]".to_string()),
        1 => Just("=?utf-8?q?evil=0D=0A?=@buyer.example".to_string()),
        1 => hostile_value().prop_map(|v| format!("{v}@buyer.example")),
    ]
}

#[derive(Debug, Clone)]
struct HostileHeaders {
    from_name: String,
    from_email: String,
    reply_to: Option<(String, String)>,
    subject: String,
    message_id: String,
    references: String,
}

fn hostile_headers() -> impl Strategy<Value = HostileHeaders> {
    (
        hostile_value(),
        hostile_address(),
        proptest::option::of((hostile_value(), hostile_address())),
        hostile_value(),
        prop_oneof![
            2 => Just("<20260303.4711@mail.buyer.example>".to_string()),
            3 => hostile_value(),
        ],
        hostile_value(),
    )
        .prop_map(
            |(from_name, from_email, reply_to, subject, message_id, references)| HostileHeaders {
                from_name,
                from_email,
                reply_to,
                subject,
                message_id,
                references,
            },
        )
}

impl HostileHeaders {
    /// The raw message: header values are written as they are (raw CR/LF included).
    fn raw(&self) -> Vec<u8> {
        let mut m = format!("From: \"{}\" <{}>\r\n", self.from_name, self.from_email);
        if let Some((name, email)) = &self.reply_to {
            m.push_str(&format!("Reply-To: {name} <{email}>\r\n"));
        }
        m.push_str(&format!(
            "To: alex@seller.example\r\nSubject: {}\r\nMessage-ID: {}\r\nReferences: {}\r\n\
             Date: Tue, 3 Mar 2026 16:05:00 +0100\r\n\r\n\
             Hi Alex,\r\n\r\nthanks, but we decided to go with another vendor.\r\n\r\nJane\r\n",
            self.subject, self.message_id, self.references
        ));
        m.into_bytes()
    }

    /// The same values placed straight into a [`Mail`], so the parser cannot clean them first.
    fn mail(&self) -> Mail {
        Mail {
            message_id: Some(self.message_id.clone()),
            from: Some(Address {
                name: Some(self.from_name.clone()),
                email: self.from_email.clone(),
            }),
            reply_to: self.reply_to.as_ref().map(|(name, email)| Address {
                name: Some(name.clone()),
                email: email.clone(),
            }),
            subject: Some(self.subject.clone()),
            references: self.references.split(' ').map(str::to_string).collect(),
            in_reply_to: vec![self.message_id.clone()],
            full_text: format!("{}\n{}\n", self.subject, self.from_name),
            new_text: self.subject.clone(),
            language: Some("en".into()),
            ..Default::default()
        }
    }
}

proptest! {
    #![proptest_config(config(384))]

    #[test]
    fn hostile_headers_never_reach_the_draft_header(h in hostile_headers(), verdict in verdicts()) {
        let raw = h.raw();
        let mail = message::parse(&raw).map_err(|e| TestCaseError::fail(e.to_string()))?;
        if let Ok(draft) = COMPOSER.compose(&mail, &verdict, &identity(), now()) {
            check_draft(&draft, &mail).map_err(TestCaseError::fail)?;
        }
    }

    #[test]
    fn hostile_mail_values_never_reach_the_draft_header(h in hostile_headers(), verdict in verdicts()) {
        let mail = h.mail();
        match COMPOSER.compose(&mail, &verdict, &identity(), now()) {
            Ok(draft) => check_draft(&draft, &mail).map_err(TestCaseError::fail)?,
            // Only an unusable recipient may stop a draft; the message says which address.
            Err(e) => prop_assert!(e.to_string().contains("recipient address"), "{}", e),
        }
    }

    #[test]
    fn the_subject_is_the_original_one_re_prefixed(subject in hostile_value()) {
        let mail = Mail {
            subject: Some(subject.clone()),
            from: Some(Address { name: None, email: "jane@buyer.example".into() }),
            message_id: Some(subject),
            ..Default::default()
        };
        let verdict = rejection(None);
        let draft = COMPOSER
            .compose(&mail, &verdict, &identity(), now())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&draft.subject, &reply_subject(mail.subject.as_deref()));
        prop_assert_eq!(draft.source_id.clone(), expected_id(mail.message_id.as_deref()));
        check_draft(&draft, &mail).map_err(TestCaseError::fail)?;
    }
}

/// The draft bytes of a hand-picked message, for the regression tests below.
fn draft_of(raw: &[u8]) -> (Draft, Mail) {
    let mail = message::parse(raw).expect("parses");
    let verdict = CLASSIFIER.classify(&mail);
    let verdict = Verdict {
        class: Class::Rejection,
        ..verdict
    };
    let draft = COMPOSER
        .compose(&mail, &verdict, &identity(), now())
        .expect("composes");
    (draft, mail)
}

#[test]
fn encoded_words_that_decode_to_line_breaks_stay_in_their_header() {
    let raw =
        b"From: =?utf-8?b?SmFuZQ0KQmNjOiBldmlsQGF0dGFja2VyLmV4YW1wbGU=?= <jane@buyer.example>\r\n\
        Subject: =?utf-8?q?Offer=0D=0ABcc:_evil@attacker.example=0D=0A=0D=0Asecond_body?=\r\n\
        Message-ID: <m1@buyer.example>\r\n\r\nWe went with another vendor.\r\n";
    let (draft, mail) = draft_of(raw);
    check_draft(&draft, &mail).expect("a clean draft");
    let text = String::from_utf8_lossy(&draft.bytes);
    assert!(!text.to_ascii_lowercase().contains("\nbcc:"), "{text}");
    assert_eq!(
        draft.subject,
        "Re: Offer Bcc: evil@attacker.example second body"
    );
}

/// A buyer's message with the given From and Subject, built by hand (no parser in between).
fn mail_from(name: Option<&str>, email: &str, subject: &str) -> Mail {
    Mail {
        message_id: Some("m2@buyer.example".into()),
        from: Some(Address {
            name: name.map(str::to_string),
            email: email.into(),
        }),
        subject: Some(subject.into()),
        new_text: "We went with another vendor.".into(),
        language: Some("en".into()),
        ..Default::default()
    }
}

fn compose(mail: &Mail) -> Result<Draft, rebound::compose::ComposeError> {
    COMPOSER.compose(
        mail,
        &rejection(Some(Reason::Competitor)),
        &identity(),
        now(),
    )
}

// Found by `hostile_mail_values_never_reach_the_draft_header`: lettre wrote this ASCII subject
// as it was, and every reader decoded it to "Re: x", CR, LF, "Bcc: evil@attacker.example".
#[test]
fn a_subject_that_looks_encoded_comes_back_literally() {
    let subject = "=?utf-8?q?x=0D=0ABcc:_evil@attacker.example?=";
    let mail = mail_from(None, "jane@buyer.example", subject);
    let draft = compose(&mail).expect("composes");
    check_draft(&draft, &mail).expect("a clean draft");
    let parsed = mail_parser::MessageParser::default()
        .parse(draft.bytes.as_slice())
        .expect("parses");
    assert_eq!(parsed.subject(), Some(&*format!("Re: {subject}")));
}

// Found by the same property: lettre accepts a domain literal, then cannot address the draft.
#[test]
fn a_domain_literal_recipient_is_refused_by_name() {
    let mail = mail_from(None, "jane@[127.0.0.1]", "Offer");
    let err = compose(&mail).expect_err("no envelope for a domain literal");
    assert_eq!(
        err.to_string(),
        "cannot build reply: recipient address \"jane@[127.0.0.1]\" is not valid: \
         missing destination address, invalid envelope"
    );
}

// Found by the same property: the local part was written as it was and read back decoded.
#[test]
fn a_recipient_address_with_an_encoded_word_is_refused() {
    let mail = mail_from(None, "=?utf-8?q?evil=0D=0A?=@buyer.example", "Offer");
    let err = compose(&mail).expect_err("an address that a reader would decode");
    assert!(
        err.to_string().contains("contains an encoded word"),
        "{err}"
    );
}

#[test]
fn a_display_name_that_looks_encoded_comes_back_literally() {
    let name = "=?utf-8?q?Jane=0D=0ABcc:_evil@attacker.example?=";
    let mail = mail_from(Some(name), "jane@buyer.example", "Offer");
    let draft = compose(&mail).expect("composes");
    check_draft(&draft, &mail).expect("a clean draft");
}

// Found by `mutated_real_mail_never_panics`: a byte that did not decode became U+FFFD inside
// the address, and the draft went to an address nobody has.
#[test]
fn a_recipient_address_with_garbage_or_invisible_characters_is_refused() {
    for email in [
        "\u{fffd}greg@thorntonandsons.example",
        "jane\u{202e}elpmaxe.live@buyer.example",
        "jane\u{200b}@buyer.example",
        "jane\u{7}@buyer.example",
    ] {
        let mail = mail_from(None, email, "Offer");
        let err = compose(&mail).expect_err(email);
        assert!(
            err.to_string()
                .contains("undecodable, control or invisible character"),
            "{err}"
        );
    }
}

#[test]
fn an_internationalized_recipient_address_is_kept() {
    let mail = mail_from(Some("José"), "josé@buyer.example", "Oferta");
    let draft = compose(&mail).expect("composes");
    check_draft(&draft, &mail).expect("a clean draft");
    assert_eq!(draft.to, "josé@buyer.example");
}
