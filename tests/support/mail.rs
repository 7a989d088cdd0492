//! Test messages for the IMAP tests: a rejection, a neutral note, a big attachment.
//! Wording is the tests' own; dates are near "now" so the default 30-day window includes them.

/// An RFC 2822 date `days_ago` days before now.
pub fn date(days_ago: i64) -> String {
    (chrono::Local::now() - chrono::Duration::days(days_ago))
        .format("%a, %d %b %Y %H:%M:%S %z")
        .to_string()
}

/// A plain-text rejection from a buyer with Message-ID `<id>`.
pub fn rejection(id: &str) -> Vec<u8> {
    format!(
        "From: Jane Buyer <jane@buyer.example>\r\nTo: Alex Seller <alex@seller.example>\r\n\
         Subject: Re: Proposal for Buyer Ltd\r\nMessage-ID: <{id}>\r\nDate: {}\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         Hi Alex,\r\n\r\nThank you for sending the numbers over. After a long internal review \
         we have decided not to move forward with your proposal.\r\n\r\nKind regards,\r\nJane\r\n",
        date(1)
    )
    .into_bytes()
}

/// A neutral message that is not a rejection.
pub fn neutral(id: &str) -> Vec<u8> {
    format!(
        "From: Sam Colleague <sam@buyer.example>\r\nTo: alex@seller.example\r\n\
         Subject: Lunch on Thursday\r\nMessage-ID: <{id}>\r\nDate: {}\r\n\r\n\
         Are you free for lunch on Thursday at noon? The usual place.\r\n",
        date(1)
    )
    .into_bytes()
}

/// A multipart rejection (plain + HTML alternative) with a `size`-byte base64 attachment.
pub fn rejection_with_attachment(id: &str, size: usize) -> Vec<u8> {
    let mut m = format!(
        "From: Jane Buyer <jane@buyer.example>\r\nTo: alex@seller.example\r\n\
         Subject: Re: Offer and contract\r\nMessage-ID: <{id}>\r\nDate: {}\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n\
         --outer\r\nContent-Type: multipart/alternative; boundary=\"inner\"\r\n\r\n\
         --inner\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         Hello Alex,\r\n\r\nWe have decided not to move forward with your proposal. The signed \
         copy of our own terms is attached for your files.\r\n\r\nJane\r\n\
         --inner\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\
         <p>Hello Alex,</p><p>We have decided not to move forward with your proposal.</p>\r\n\
         --inner--\r\n\
         --outer\r\nContent-Type: application/pdf; name=\"terms.pdf\"\r\n\
         Content-Disposition: attachment; filename=\"terms.pdf\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n",
        date(1)
    );
    let line = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAx\r\n";
    let mut written = 0;
    while written < size {
        m.push_str(line);
        written += line.len();
    }
    m.push_str("--outer--\r\n");
    m.into_bytes()
}
