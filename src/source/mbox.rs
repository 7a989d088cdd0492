//! mbox splitting (mboxo and mboxrd) over any buffered reader, one message at a time.
//! A separator is a `From ` line at the start or after a blank line; `>From` quoting is undone.

use std::io::{self, BufRead};

/// Initial capacity of a message buffer; small so that tiny messages stay tiny.
const INITIAL_CAPACITY: usize = 8 * 1024;

/// Splits an mbox stream into messages without ever holding more than the current one.
///
/// Rules: a line starting with `From ` is a separator when it is the first line of the stream or
/// follows a blank line (`\n` or `\r\n`); elsewhere it is body text. The separator line and the
/// blank line before it are removed; so is one blank line at the end of the stream. Lines matching
/// `>+From ` lose one `>` (mboxrd unquoting, also right for mboxo's single level). Entries that
/// are empty after this (e.g. a trailing separator) are skipped. CRLF files work unchanged.
#[derive(Debug)]
pub struct MboxReader<R> {
    reader: R,
    consumed: u64,
    /// True while a `From ` line at the current position is a separator even without a blank line.
    at_start: bool,
    finished: bool,
}

impl<R: BufRead> MboxReader<R> {
    /// Read an mbox from the very start of `reader`.
    pub fn new(reader: R) -> MboxReader<R> {
        MboxReader {
            reader,
            consumed: 0,
            at_start: true,
            finished: false,
        }
    }

    /// Continue after a first separator line that the caller already consumed (`consumed` bytes).
    pub(crate) fn after_separator(reader: R, consumed: u64) -> MboxReader<R> {
        MboxReader {
            reader,
            consumed,
            at_start: false,
            finished: false,
        }
    }

    /// Bytes consumed from the underlying reader so far.
    pub fn bytes_read(&self) -> u64 {
        self.consumed
    }

    /// The next message's bytes, `Ok(None)` at the end of the stream.
    pub fn next_message(&mut self) -> io::Result<Option<Vec<u8>>> {
        if self.finished {
            return Ok(None);
        }
        let mut msg: Vec<u8> = Vec::with_capacity(INITIAL_CAPACITY);
        // Length of the previous line when it was blank, else 0: that line is stripped if a
        // separator follows it.
        let mut prev_blank = 0usize;
        loop {
            let start = msg.len();
            // Appending straight into the message avoids a per-line copy.
            let n = match self.reader.read_until(b'\n', &mut msg) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.finished = true;
                    return Err(e);
                }
            };
            if n == 0 {
                self.finished = true;
                msg.truncate(start - prev_blank);
                if msg.is_empty() {
                    return Ok(None);
                }
                return Ok(Some(shrink(msg)));
            }
            self.consumed += n as u64;
            let line = &msg[start..];
            if line.starts_with(b"From ") && (prev_blank > 0 || self.at_start) {
                self.at_start = false;
                msg.truncate(start - prev_blank);
                if msg.is_empty() {
                    prev_blank = 0;
                    continue;
                }
                return Ok(Some(shrink(msg)));
            }
            self.at_start = false;
            let blank = line == b"\n" || line == b"\r\n";
            if line.first() == Some(&b'>') {
                let quotes = line.iter().take_while(|&&b| b == b'>').count();
                if line[quotes..].starts_with(b"From ") {
                    msg.remove(start);
                }
            }
            prev_blank = if blank { n } else { 0 };
        }
    }
}

impl<R: BufRead> Iterator for MboxReader<R> {
    type Item = io::Result<Vec<u8>>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_message().transpose()
    }
}

/// Give back doubling slack so a message in flight costs about its own size.
fn shrink(mut msg: Vec<u8>) -> Vec<u8> {
    let slack = msg.capacity() - msg.len();
    if slack > 4096 && slack > msg.len() / 8 {
        msg.shrink_to_fit();
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(data: &[u8]) -> Vec<Vec<u8>> {
        MboxReader::new(data)
            .collect::<io::Result<Vec<_>>>()
            .unwrap()
    }

    fn strings(data: &[u8]) -> Vec<String> {
        split(data)
            .into_iter()
            .map(|m| String::from_utf8(m).unwrap())
            .collect()
    }

    #[test]
    fn mboxo_two_messages() {
        let data = b"From a@x Mon Jan  1 00:00:00 2024\nSubject: one\n\nbody one\n\nFrom b@x Mon Jan  1 00:00:00 2024\nSubject: two\n\nbody two\n\n";
        assert_eq!(
            strings(data),
            vec!["Subject: one\n\nbody one\n", "Subject: two\n\nbody two\n"]
        );
    }

    #[test]
    fn mboxrd_unquoting_removes_one_level() {
        let data = b"From a@x Mon Jan  1 00:00:00 2024\nSubject: q\n\n>From here\n>>From there\n> From not quoted\n>Fromage\n";
        assert_eq!(
            strings(data),
            vec!["Subject: q\n\nFrom here\n>From there\n> From not quoted\n>Fromage\n"]
        );
    }

    #[test]
    fn from_line_without_blank_line_before_is_body() {
        let data =
            b"From a@x Mon Jan  1 00:00:00 2024\nSubject: s\n\nline\nFrom the desk of Jo\nmore\n";
        assert_eq!(
            strings(data),
            vec!["Subject: s\n\nline\nFrom the desk of Jo\nmore\n"]
        );
    }

    #[test]
    fn crlf_file() {
        let data = b"From a@x Mon Jan  1 00:00:00 2024\r\nSubject: one\r\n\r\nbody\r\n\r\nFrom b@x Mon Jan  1 00:00:00 2024\r\nSubject: two\r\n\r\n>From x\r\n";
        assert_eq!(
            strings(data),
            vec![
                "Subject: one\r\n\r\nbody\r\n",
                "Subject: two\r\n\r\nFrom x\r\n"
            ]
        );
    }

    #[test]
    fn empty_stream_and_lone_separator_give_nothing() {
        assert!(split(b"").is_empty());
        assert!(split(b"From a@x Mon Jan  1 00:00:00 2024\n").is_empty());
    }

    #[test]
    fn trailing_separator_and_empty_entries_are_skipped() {
        let data = b"From a@x\n\nFrom b@x\nSubject: real\n\nhi\n\nFrom c@x\n";
        assert_eq!(strings(data), vec!["Subject: real\n\nhi\n"]);
    }

    #[test]
    fn last_message_without_final_newline() {
        let data = b"From a@x\nSubject: s\n\nno newline";
        assert_eq!(strings(data), vec!["Subject: s\n\nno newline"]);
    }

    #[test]
    fn only_one_blank_line_is_stripped_before_a_separator() {
        let data = b"From a@x\nSubject: s\n\nbody\n\n\nFrom b@x\nSubject: t\n\nx\n";
        assert_eq!(
            strings(data),
            vec!["Subject: s\n\nbody\n\n", "Subject: t\n\nx\n"]
        );
    }

    #[test]
    fn bytes_read_counts_the_whole_stream() {
        let data = b"From a@x\nSubject: s\n\nbody\n\nFrom b@x\nSubject: t\n\nx\n";
        let mut r = MboxReader::new(&data[..]);
        while r.next_message().unwrap().is_some() {}
        assert_eq!(r.bytes_read(), data.len() as u64);
    }

    #[test]
    fn read_error_is_reported_then_stream_ends() {
        struct Failing;
        impl io::Read for Failing {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("disk on fire"))
            }
        }
        let mut r = MboxReader::new(io::BufReader::new(Failing));
        assert!(r.next_message().is_err());
        assert!(r.next_message().unwrap().is_none());
    }
}
