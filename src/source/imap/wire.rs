//! Bulk FETCH on the session's own stream: literals read by their size, each response parsed once.
//! The imap crate parses a response again from its start for every line it reads, which makes a
//! literal of n lines cost n parses; for whole mailboxes of text that was most of `scan`'s time.

use std::io::{Read, Write};

use imap_proto::types::{AttributeValue, Response, Status};

use super::stream::Shared;

/// Most bytes one response may hold: a message's header and text parts with room to spare.
/// A server sending more is treated as broken rather than allowed to fill memory.
const MAX_RESPONSE: usize = 64 * 1024 * 1024;
/// Bytes asked of the stream per read.
const CHUNK: usize = 64 * 1024;

/// What can go wrong on the lane.
#[derive(Debug, thiserror::Error)]
pub(crate) enum WireError {
    /// Reading or writing the connection failed (closed, timed out, TLS error).
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The server answered the command with NO or BAD.
    #[error("{status}: {text}")]
    Refused {
        /// NO or BAD.
        status: &'static str,
        /// The server's text.
        text: String,
    },
    /// The server sent something that is not IMAP.
    #[error("unreadable server response: {0}")]
    Garbled(String),
}

/// A reader and writer of whole commands on a logged-in session's stream. Only used between
/// the imap crate's commands, never during one, so the two never interleave on the wire.
pub(crate) struct Lane {
    stream: Shared,
    buf: Vec<u8>,
    /// Start of the unread bytes in `buf`.
    pos: usize,
    next_tag: u32,
}

impl std::fmt::Debug for Lane {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the buffer: it holds mail.
        f.debug_struct("Lane")
            .field("buffered", &(self.buf.len() - self.pos))
            .field("next_tag", &self.next_tag)
            .finish()
    }
}

/// One untagged `FETCH` response, parsed when its attributes are asked for.
pub(crate) struct FetchResponse {
    bytes: Vec<u8>,
}

impl std::fmt::Debug for FetchResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the bytes: they are mail.
        write!(f, "FetchResponse({} bytes)", self.bytes.len())
    }
}

impl FetchResponse {
    /// The attributes, borrowed from the response's bytes.
    pub(crate) fn attributes(&self) -> Result<Vec<AttributeValue<'_>>, WireError> {
        match imap_proto::parser::parse_response(&self.bytes) {
            Ok((_, Response::Fetch(_, attrs))) => Ok(attrs),
            Ok(_) => Err(WireError::Garbled("not a FETCH response".into())),
            Err(e) => Err(WireError::Garbled(brief(&self.bytes, &e))),
        }
    }
}

impl Lane {
    /// A lane on `stream`, which has no command in flight.
    pub(crate) fn new(stream: Shared) -> Lane {
        Lane {
            stream,
            buf: Vec::with_capacity(CHUNK),
            pos: 0,
            next_tag: 1,
        }
    }

    /// Send `command` (e.g. `UID FETCH 1:100 (UID FLAGS)`) with a tag of its own; the tag to
    /// wait for with [`Lane::fetch_responses`]. Several may be sent before reading (pipelining).
    pub(crate) fn send(&mut self, command: &str) -> Result<String, WireError> {
        // A prefix of its own, so a tag can never be mistaken for one of the imap crate's.
        let tag = format!("rb{}", self.next_tag);
        self.next_tag += 1;
        let mut line = Vec::with_capacity(tag.len() + command.len() + 3);
        line.extend_from_slice(tag.as_bytes());
        line.push(b' ');
        line.extend_from_slice(command.as_bytes());
        line.extend_from_slice(b"\r\n");
        self.stream.write_all(&line)?;
        self.stream.flush()?;
        Ok(tag)
    }

    /// Read up to the tagged completions of every command in `tags`: their FETCH responses, in
    /// the server's order. A server may run pipelined commands at once and interleave their
    /// responses (Dovecot does), so the responses cannot be told apart by command; callers
    /// tell them apart by UID. Other untagged responses (EXISTS, FLAGS, ...) are skipped.
    pub(crate) fn fetch_responses(
        &mut self,
        tags: &[String],
    ) -> Result<Vec<FetchResponse>, WireError> {
        let mut out = Vec::new();
        let mut open = tags.len();
        let mut failed = None;
        while open > 0 {
            let bytes = self.response()?;
            if is_fetch(&bytes) {
                out.push(FetchResponse { bytes });
            } else if bytes.starts_with(b"* BYE") {
                return Err(WireError::Refused {
                    status: "BYE",
                    text: text_of(&bytes),
                });
            } else if !bytes.starts_with(b"* ") {
                let Some(_) = tags.iter().find(|t| tagged(&bytes, t)) else {
                    return Err(WireError::Garbled(brief(&bytes, &"unexpected tag")));
                };
                open -= 1;
                // Read on to the last completion, so the stream is clean for the next command.
                if let Err(e) = completion(&bytes) {
                    failed.get_or_insert(e);
                }
            }
        }
        match failed {
            Some(e) => Err(e),
            None => Ok(out),
        }
    }

    /// One whole response: its lines and the literals they announce.
    fn response(&mut self) -> Result<Vec<u8>, WireError> {
        let mut out = Vec::new();
        loop {
            let end = self.line_end()?;
            let line = &self.buf[self.pos..end];
            let literal = literal_size(line);
            out.extend_from_slice(line);
            self.pos = end;
            let Some(n) = literal else {
                return Ok(out);
            };
            if out.len().saturating_add(n) > MAX_RESPONSE {
                return Err(WireError::Garbled(format!(
                    "a response longer than {MAX_RESPONSE} bytes"
                )));
            }
            self.fill(n)?;
            out.extend_from_slice(&self.buf[self.pos..self.pos + n]);
            self.pos += n;
        }
    }

    /// The end (after LF) of the next line in the buffer, reading more as needed.
    fn line_end(&mut self) -> Result<usize, WireError> {
        // Counted from `pos`: reading more may move the unread bytes to the buffer's start.
        let mut searched = 0;
        loop {
            if let Some(i) = memchr::memchr(b'\n', &self.buf[self.pos + searched..]) {
                return Ok(self.pos + searched + i + 1);
            }
            searched = self.buf.len() - self.pos;
            if searched > MAX_RESPONSE {
                return Err(WireError::Garbled(format!(
                    "a line longer than {MAX_RESPONSE} bytes"
                )));
            }
            self.read_more()?;
        }
    }

    /// Make sure `n` unread bytes are in the buffer.
    fn fill(&mut self, n: usize) -> Result<(), WireError> {
        while self.buf.len() - self.pos < n {
            self.read_more()?;
        }
        Ok(())
    }

    fn read_more(&mut self) -> Result<(), WireError> {
        if self.pos > 0 && self.pos == self.buf.len() {
            self.buf.clear();
            self.pos = 0;
        } else if self.pos > CHUNK {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        let len = self.buf.len();
        self.buf.resize(len + CHUNK, 0);
        let n = loop {
            match self.stream.read(&mut self.buf[len..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.buf.truncate(len);
                    return Err(e.into());
                }
            }
        };
        self.buf.truncate(len + n);
        if n == 0 {
            return Err(WireError::Io(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "the server closed the connection",
            )));
        }
        Ok(())
    }
}

/// `n` when `line` ends with a literal's announcement `{n}` (or `~{n}`, `{n+}`) before CRLF.
fn literal_size(line: &[u8]) -> Option<usize> {
    let line = line.strip_suffix(b"\n")?;
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let inner = line.strip_suffix(b"}")?;
    let open = inner.iter().rposition(|&b| b == b'{')?;
    let digits = &inner[open + 1..];
    let digits = digits.strip_suffix(b"+").unwrap_or(digits);
    if digits.is_empty() || digits.len() > 12 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
}

/// `bytes` is the tagged completion of `tag`.
fn tagged(bytes: &[u8], tag: &str) -> bool {
    bytes
        .strip_prefix(tag.as_bytes())
        .is_some_and(|rest| rest.first() == Some(&b' '))
}

/// `* <n> FETCH ...`
fn is_fetch(bytes: &[u8]) -> bool {
    let Some(rest) = bytes.strip_prefix(b"* ") else {
        return false;
    };
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    digits > 0
        && rest[digits..]
            .get(..7)
            .is_some_and(|w| w.eq_ignore_ascii_case(b" FETCH "))
}

/// OK, or the NO/BAD of a tagged completion.
fn completion(bytes: &[u8]) -> Result<(), WireError> {
    match imap_proto::parser::parse_response(bytes) {
        Ok((_, Response::Done { status, .. })) => match status {
            Status::Ok => Ok(()),
            Status::No => Err(WireError::Refused {
                status: "NO",
                text: text_of(bytes),
            }),
            _ => Err(WireError::Refused {
                status: "BAD",
                text: text_of(bytes),
            }),
        },
        Ok(_) => Err(WireError::Garbled("not a tagged completion".into())),
        Err(e) => Err(WireError::Garbled(brief(bytes, &e))),
    }
}

/// The text after the status word of a short response line, printable only.
fn text_of(bytes: &[u8]) -> String {
    let line = String::from_utf8_lossy(bytes);
    let rest = line.splitn(3, ' ').nth(2).unwrap_or("");
    rest.chars().filter(|c| !c.is_control()).take(200).collect()
}

/// The start of an unparsable response, for the error message.
fn brief<E: std::fmt::Debug>(bytes: &[u8], e: &E) -> String {
    let start: String = String::from_utf8_lossy(&bytes[..bytes.len().min(80)])
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let kind = format!("{e:?}");
    format!("{start:?}... ({})", &kind[..kind.len().min(60)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::imap::stream::Metered;
    use proptest::prelude::*;
    use std::sync::atomic::AtomicU64;
    use std::sync::Arc;
    use std::time::Duration;

    /// A server that has already said `script`; what the client writes is kept.
    struct Scripted {
        script: std::io::Cursor<Vec<u8>>,
        written: Vec<u8>,
    }

    impl Read for Scripted {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            // A few bytes at a time, so lines and literals arrive split.
            let n = buf.len().min(7);
            self.script.read(&mut buf[..n])
        }
    }

    impl Write for Scripted {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.written.extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl imap::extensions::idle::SetReadTimeout for Scripted {
        fn set_read_timeout(&mut self, _: Option<Duration>) -> imap::Result<()> {
            Ok(())
        }
    }

    fn lane(script: &[u8]) -> Lane {
        let server = Scripted {
            script: std::io::Cursor::new(script.to_vec()),
            written: Vec::new(),
        };
        let metered = Metered::new(
            Box::new(server),
            Arc::new(AtomicU64::new(0)),
            Duration::from_secs(1),
        );
        Lane::new(Shared::new(metered))
    }

    fn uid_and_text(r: &FetchResponse) -> (u32, String) {
        let attrs = r.attributes().unwrap();
        let uid = attrs
            .iter()
            .find_map(|a| match a {
                AttributeValue::Uid(u) => Some(*u),
                _ => None,
            })
            .unwrap();
        let text = attrs
            .iter()
            .find_map(|a| match a {
                AttributeValue::BodySection { data: Some(d), .. } => {
                    Some(String::from_utf8_lossy(d).into_owned())
                }
                _ => None,
            })
            .unwrap_or_default();
        (uid, text)
    }

    #[test]
    fn interleaved_answers_to_pipelined_commands_are_all_read() {
        // As Dovecot does: two FETCHes run at once, their responses mixed, completions last.
        let script = b"* 3 FETCH (UID 30 BODY[1]<0> {13}\r\nline one\r\nx\r\n)\r\n\
* 1 FETCH (UID 10 BODY[TEXT]<0> {5}\r\nhello)\r\n\
* 7 EXISTS\r\n\
* 2 FETCH (UID 20 BODY[1]<0> {0}\r\n)\r\n\
rb2 OK done\r\nrb1 OK done\r\n\
* 4 FETCH (UID 40 BODY[TEXT]<0> {3}\r\nabc)\r\nrb3 OK done\r\n";
        let mut lane = lane(script);
        let tags = vec![
            lane.send("UID FETCH 10 x").unwrap(),
            lane.send("UID FETCH 20:30 y").unwrap(),
        ];
        assert_eq!(tags, ["rb1", "rb2"]);
        let got: Vec<_> = lane
            .fetch_responses(&tags)
            .unwrap()
            .iter()
            .map(uid_and_text)
            .collect();
        assert_eq!(
            got,
            [
                (30, "line one\r\nx\r\n".to_string()),
                (10, "hello".to_string()),
                (20, String::new())
            ]
        );
        // The stream is left at the next command's answer.
        let tag = lane.send("UID FETCH 40 z").unwrap();
        let next = lane.fetch_responses(&[tag]).unwrap();
        assert_eq!(uid_and_text(&next[0]), (40, "abc".to_string()));
    }

    #[test]
    fn a_refusal_a_goodbye_and_a_closed_connection_are_errors() {
        let mut l = lane(b"rb1 NO [SERVERBUG] oops\r\n");
        let e = l.fetch_responses(&["rb1".to_string()]).unwrap_err();
        assert!(matches!(e, WireError::Refused { status: "NO", .. }), "{e}");
        let mut l = lane(b"* BYE shutting down\r\n");
        assert!(l.fetch_responses(&["rb1".to_string()]).is_err());
        let mut l = lane(b"* 1 FETCH (UID 1 BODY[TEXT] {100}\r\nshort");
        let e = l.fetch_responses(&["rb1".to_string()]).unwrap_err();
        assert!(e.to_string().contains("closed"), "{e}");
        let mut l = lane(b"xx1 OK not ours\r\n");
        assert!(l.fetch_responses(&["rb1".to_string()]).is_err());
        let mut l = lane(b"* 1 FETCH (UID 1 BODY[TEXT] {99999999999}\r\n");
        assert!(l.fetch_responses(&["rb1".to_string()]).is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Whatever a server sends, reading it ends in responses or an error, never a panic.
        #[test]
        fn any_server_bytes_are_read_without_panic(
            bytes in proptest::collection::vec(any::<u8>(), 0..400),
            lines in proptest::collection::vec(
                prop_oneof![
                    Just("* 1 FETCH (UID 1 BODY[TEXT]<0> {4}\r\nabcd)\r\n".to_string()),
                    Just("* 2 FETCH (UID 2 FLAGS (\\Seen $Rebound))\r\n".to_string()),
                    Just("rb1 OK done\r\n".to_string()),
                    Just("rb1 BAD no\r\n".to_string()),
                    Just("* 3 FETCH (UID 3 BODY[HEADER] {30}\r\n".to_string()),
                    "[ -~]{0,40}\r\n",
                ],
                0..8,
            ),
        ) {
            let mut script = lines.concat().into_bytes();
            script.extend_from_slice(&bytes);
            let mut l = lane(&script);
            if let Ok(responses) = l.fetch_responses(&["rb1".to_string()]) {
                for r in &responses {
                    let _ = r.attributes();
                }
            }
        }
    }

    #[test]
    fn literal_sizes_are_read_from_the_end_of_a_line() {
        assert_eq!(
            literal_size(b"* 1 FETCH (BODY[HEADER] {1083}\r\n"),
            Some(1083)
        );
        assert_eq!(literal_size(b"* 1 FETCH (BINARY[1] ~{12}\r\n"), Some(12));
        assert_eq!(literal_size(b"a {5+}\r\n"), Some(5));
        assert_eq!(literal_size(b"* 1 FETCH (UID 1)\r\n"), None);
        assert_eq!(literal_size(b"* OK {not a literal}\r\n"), None);
        assert_eq!(literal_size(b"* OK {}\r\n"), None);
        assert_eq!(literal_size(b"{99999999999999999}\r\n"), None);
        assert_eq!(literal_size(b"{12}"), None);
    }

    #[test]
    fn fetch_responses_are_told_from_other_untagged_ones() {
        assert!(is_fetch(b"* 12 FETCH (UID 3)\r\n"));
        assert!(is_fetch(b"* 12 fetch (UID 3)\r\n"));
        assert!(!is_fetch(b"* 12 EXISTS\r\n"));
        assert!(!is_fetch(b"* OK [UIDNEXT 5]\r\n"));
        assert!(!is_fetch(b"rb1 OK done\r\n"));
    }

    #[test]
    fn a_completion_is_ok_or_names_the_refusal() {
        assert!(completion(b"rb1 OK Fetch completed.\r\n").is_ok());
        let e = completion(b"rb2 NO [SERVERBUG] Internal error\r\n").unwrap_err();
        assert!(e.to_string().starts_with("NO: "), "{e}");
        assert!(completion(b"rb3 BAD Error in IMAP command\r\n").is_err());
        assert!(completion(b"garbage\r\n").is_err());
    }
}
