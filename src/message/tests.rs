//! End-to-end tests of `parse`: headers, body choice, encodings, stripping and bad input.
//! Messages are written inline; large or deep inputs are generated at run time.

use super::*;

fn crlf(s: &str) -> Vec<u8> {
    s.replace('\n', "\r\n").into_bytes()
}

#[test]
fn headers_ids_and_addresses() {
    let raw = crlf(
        "From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <juergen@kunde.example>\n\
Reply-To: \"Sales Desk\" <desk@kunde.example>\n\
To: Alex Seller <alex@seller.example>, bob@seller.example\n\
Subject: =?ISO-8859-1?Q?Re:_Angebot_f=FCr_M=FCnchen?=\n\
Date: Tue, 5 Mar 2024 14:30:00 +0100\n\
Message-ID: <abc.123@kunde.example>\n\
In-Reply-To: <orig.1@seller.example>\n\
References: <root.0@seller.example>\n <orig.1@seller.example>\n\
X-Custom: =?UTF-8?B?SGFsbG8gV2VsdA==?=\n\
Auto-Submitted: no\n\
\n\
Hallo Alex,\n\
wir haben uns für einen anderen Anbieter entschieden.\n",
    );
    let m = parse(&raw).unwrap();
    assert_eq!(m.message_id.as_deref(), Some("abc.123@kunde.example"));
    let from = m.from.unwrap();
    assert_eq!(from.email, "juergen@kunde.example");
    assert_eq!(from.name.as_deref(), Some("Jürgen Müller"));
    let rt = m.reply_to.unwrap();
    assert_eq!(rt.name.as_deref(), Some("Sales Desk"));
    assert_eq!(rt.email, "desk@kunde.example");
    assert_eq!(m.to.len(), 2);
    assert_eq!(m.to[0].name.as_deref(), Some("Alex Seller"));
    assert_eq!(m.to[1].email, "bob@seller.example");
    assert_eq!(m.to[1].name, None);
    assert_eq!(m.subject.as_deref(), Some("Re: Angebot für München"));
    assert_eq!(m.date.unwrap().to_rfc3339(), "2024-03-05T14:30:00+01:00");
    assert_eq!(m.in_reply_to, vec!["orig.1@seller.example"]);
    assert_eq!(
        m.references,
        vec!["root.0@seller.example", "orig.1@seller.example"]
    );
    let names: Vec<&str> = m.headers.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "from",
            "reply-to",
            "to",
            "subject",
            "date",
            "message-id",
            "in-reply-to",
            "references",
            "x-custom",
            "auto-submitted"
        ]
    );
    let get = |n: &str| {
        m.headers
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("x-custom"), Some("Hallo Welt"));
    assert_eq!(get("auto-submitted"), Some("no"));
    assert_eq!(get("subject"), Some("Re: Angebot für München"));
    assert_eq!(
        get("references"),
        Some("<root.0@seller.example> <orig.1@seller.example>")
    );
    assert_eq!(m.content_type, "text/plain");
    assert!(!m.has_delivery_status);
    assert_eq!(m.language.as_deref(), Some("de"));
}

#[test]
fn iso_8859_1_quoted_printable_body() {
    let raw = crlf(
        "From: a@b.example\nSubject: x\nContent-Type: text/plain; charset=iso-8859-1\n\
Content-Transfer-Encoding: quoted-printable\n\n\
Nous avons d=E9cid=E9 de ne pas donner suite =E0 votre offre, d=E9sol=E9. =\n\
Bonne journ=E9e.\n",
    );
    let m = parse(&raw).unwrap();
    assert!(
        m.full_text.contains(
            "Nous avons décidé de ne pas donner suite à votre offre, désolé. Bonne journée."
        ),
        "{:?}",
        m.full_text
    );
    assert_eq!(m.language.as_deref(), Some("fr"));
}

#[test]
fn windows_1252_base64_body() {
    // "We’ll pass – sorry." in windows-1252: curly apostrophe 0x92, en dash 0x96.
    let body: &[u8] = b"We\x92ll pass \x96 sorry.\r\n";
    let b64 = base64_encode(body);
    let mut raw = crlf(
        "From: a@b.example\nContent-Type: text/plain; charset=windows-1252\n\
Content-Transfer-Encoding: base64\n\n",
    );
    raw.extend_from_slice(b64.as_bytes());
    raw.extend_from_slice(b"\r\n");
    let m = parse(&raw).unwrap();
    assert_eq!(m.full_text.trim_end(), "We\u{2019}ll pass \u{2013} sorry.");
    assert!(!m.full_text.contains('\r'));
}

fn base64_encode(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn alternative_prefers_plain_and_skips_attachments() {
    let raw = crlf(
        "From: Jane <jane@buyer.example>\nMessage-ID: <m1@buyer.example>\n\
Content-Type: multipart/mixed; boundary=\"outer\"\n\n\
--outer\nContent-Type: multipart/alternative; boundary=\"alt\"\n\n\
--alt\nContent-Type: text/plain; charset=utf-8\n\nPlain wins.\n\n\
On Mon, Alex <alex@seller.example> wrote:\n> old\n\
--alt\nContent-Type: text/html; charset=utf-8\n\n<p>HTML loses.</p>\n\
--alt--\n\
--outer\nContent-Type: text/plain; name=\"notes.txt\"\nContent-Disposition: attachment; filename=\"notes.txt\"\n\n\
ATTACHMENT CONTENT\n\
--outer--\n",
    );
    let m = parse(&raw).unwrap();
    assert_eq!(m.content_type, "multipart/mixed");
    assert!(m.full_text.contains("Plain wins."));
    assert!(m.full_text.contains("> old"));
    assert!(!m.full_text.contains("HTML loses"));
    assert!(!m.full_text.contains("ATTACHMENT"));
    assert_eq!(m.new_text, "Plain wins.");
}

#[test]
fn html_only_with_gmail_quote() {
    let raw = crlf(
        "From: jane@buyer.example\nContent-Type: text/html; charset=utf-8\n\n\
<div dir=\"ltr\">Hi Alex,<div><br></div><div>we&#39;ve decided not to go ahead.</div>\
<div><br></div><div>Best,<br>Jane</div></div><br><div class=\"gmail_quote\">\
<div dir=\"ltr\" class=\"gmail_attr\">On Tue, Mar 5, 2024 at 10:15 AM Alex &lt;alex@seller.example&gt; wrote:<br></div>\
<blockquote class=\"gmail_quote\" style=\"margin:0\"><div>Any news on the proposal?</div></blockquote></div>\n",
    );
    let m = parse(&raw).unwrap();
    assert_eq!(m.content_type, "text/html");
    assert!(m.full_text.contains("Any news on the proposal?"));
    assert!(m.full_text.contains("we've decided not to go ahead."));
    assert_eq!(m.new_text, "Hi Alex,\n\nwe've decided not to go ahead.");
}

#[test]
fn html_only_outlook_reply() {
    let raw = crlf(
        "From: jane@buyer.example\nContent-Type: text/html; charset=utf-8\n\n\
<html><body><div>Bedankt, maar we kiezen voor een andere leverancier.</div>\
<div id=\"appendonsend\"></div><hr style=\"display:inline-block;width:98%\">\
<div id=\"divRplyFwdMsg\" dir=\"ltr\"><b>Van:</b> Alex<br><b>Verzonden:</b> dinsdag<br>\
<b>Onderwerp:</b> Voorstel</div><div>Hallo Jane, ons voorstel...</div></body></html>\n",
    );
    let m = parse(&raw).unwrap();
    assert_eq!(
        m.new_text,
        "Bedankt, maar we kiezen voor een andere leverancier."
    );
    assert_eq!(m.language.as_deref(), Some("nl"));
}

#[test]
fn only_quote_falls_back_to_full_text() {
    let raw = crlf("From: a@b.example\n\n> Could you send the price list?\n> Alex\n");
    let m = parse(&raw).unwrap();
    assert_eq!(m.new_text, "> Could you send the price list?\n> Alex");
}

#[test]
fn delivery_status_report() {
    let raw = crlf(
        "From: Mail Delivery System <MAILER-DAEMON@mx.example>\nSubject: Undelivered Mail\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n\
--b\nContent-Type: text/plain\n\nYour message could not be delivered.\n\
--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example\n\n\
Final-Recipient: rfc822; gone@buyer.example\nAction: failed\nStatus: 5.1.1\n\
--b\nContent-Type: message/rfc822\n\nFrom: alex@seller.example\nSubject: Proposal\n\nHello\n\
--b--\n",
    );
    let m = parse(&raw).unwrap();
    assert_eq!(m.content_type, "multipart/report");
    assert!(m.has_delivery_status);
    assert!(m.full_text.contains("could not be delivered"));
    assert!(!m.full_text.contains("Hello"));
}

#[test]
fn delivery_status_part_without_report_type() {
    let raw = crlf(
        "From: postmaster@mx.example\nContent-Type: multipart/mixed; boundary=\"b\"\n\n\
--b\nContent-Type: text/plain\n\nFailed.\n\
--b\nContent-Type: message/delivery-status\n\nAction: failed\n\
--b--\n",
    );
    assert!(parse(&raw).unwrap().has_delivery_status);
}

#[test]
fn missing_headers_and_bad_date() {
    let raw = crlf("Subject: hello\nDate: not a date at all\n\nJust text.\n");
    let m = parse(&raw).unwrap();
    assert_eq!(m.from, None);
    assert_eq!(m.message_id, None);
    assert_eq!(m.date, None);
    assert!(m.in_reply_to.is_empty());
    assert_eq!(m.new_text, "Just text.");
}

#[test]
fn empty_input_is_invalid() {
    assert!(matches!(parse(b""), Err(ParseError::Invalid(_))));
    assert!(matches!(parse(b"\r\n \n"), Err(ParseError::Invalid(_))));
}

#[test]
fn binary_garbage_does_not_panic() {
    let mut state: u32 = 0x1234_5678;
    let mut data = Vec::with_capacity(100_000);
    for _ in 0..100_000 {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        data.push((state & 0xff) as u8);
    }
    let _ = parse(&data);
    let _ = parse(b"\x00\xff\xfe:\x00\n\n\x80\x81");
}

#[test]
fn truncated_mime_does_not_panic() {
    let raw = crlf(
        "From: a@b.example\nContent-Type: multipart/alternative; boundary=\"zz\"\n\n\
--zz\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\nV2UnbGwgcGFzcy",
    );
    let m = parse(&raw).unwrap();
    assert_eq!(m.content_type, "multipart/alternative");
    for cut in [10, 40, 80, 120] {
        let _ = parse(&raw[..cut.min(raw.len())]);
    }
}

#[test]
fn deeply_nested_multipart_does_not_panic() {
    let mut raw =
        String::from("From: a@b.example\r\nContent-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n");
    for level in 1..=200 {
        raw.push_str(&format!(
            "--b{}\r\nContent-Type: multipart/mixed; boundary=\"b{level}\"\r\n\r\n",
            level - 1
        ));
    }
    raw.push_str("--b200\r\nContent-Type: text/plain\r\n\r\nDeep text.\r\n--b200--\r\n");
    for level in (0..200).rev() {
        raw.push_str(&format!("--b{level}--\r\n"));
    }
    let m = parse(raw.as_bytes()).unwrap();
    assert_eq!(m.content_type, "multipart/mixed");
}

#[test]
fn twenty_megabyte_attachment() {
    let mut raw = crlf(
        "From: a@b.example\nContent-Type: multipart/mixed; boundary=\"b\"\n\n\
--b\nContent-Type: text/plain\n\nSee attached, we will not proceed.\n\
--b\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\
Content-Disposition: attachment; filename=\"big.bin\"\n\n",
    );
    let line = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAx\r\n";
    while raw.len() < 20 * 1024 * 1024 {
        raw.extend_from_slice(line.as_bytes());
    }
    raw.extend_from_slice(b"--b--\r\n");
    let m = parse(&raw).unwrap();
    assert_eq!(m.new_text, "See attached, we will not proceed.");
}

#[test]
fn encoded_word_subject_and_names() {
    let raw = crlf(
        "From: =?ISO-8859-1?Q?Fran=E7ois_L=E9ger?= <fl@client.example>\n\
To: =?UTF-8?B?Sm/Do28gU2lsdmE=?= <js@cliente.example>\n\
Subject: =?UTF-8?B?UmU6IFByb3Bvc3RhIGNvbWVyY2lhbA==?= =?UTF-8?Q?_n=C3=A3o?=\n\n\
Texto.\n",
    );
    let m = parse(&raw).unwrap();
    assert_eq!(m.from.unwrap().name.as_deref(), Some("François Léger"));
    assert_eq!(m.to[0].name.as_deref(), Some("João Silva"));
    assert_eq!(m.subject.as_deref(), Some("Re: Proposta comercial não"));
}

#[test]
fn full_pipeline_strips_quote_signature_and_disclaimer() {
    let raw = crlf(
        "From: Jane <jane@buyer.example>\n\n\
Hi Alex,\n\n\
Thanks for the demo. We have decided to stay with our current provider.\n\n\
Kind regards,\nJane Buyer\nHead of Procurement\n\n\
This email and any attachments are confidential.\n\n\
On Tue, Mar 5, 2024 at 10:15 AM Alex <alex@seller.example> wrote:\n\
> Hi Jane, following up on the proposal.\n",
    );
    let m = parse(&raw).unwrap();
    assert_eq!(
        m.new_text,
        "Hi Alex,\n\nThanks for the demo. We have decided to stay with our current provider."
    );
    assert_eq!(m.language.as_deref(), Some("en"));
}
