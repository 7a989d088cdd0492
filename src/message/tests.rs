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
