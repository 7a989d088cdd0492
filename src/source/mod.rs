//! Where raw messages come from: .eml files, directories, Maildir folders, mbox files, stdin.
//! Every reader streams: one message in memory at a time, each tagged with where it came from.
//!
//! How an input is read:
//! - `-`: stdin; an mbox when its first line starts with `From `, else one message.
//! - a file (or any non-directory, e.g. a named pipe): an mbox when its first line starts with
//!   `From `, else one message. mbox messages are labelled `<path>#<n>`, n from 0.
//! - a Maildir (a directory holding `cur/` or `new/`): the files of `cur/` and `new/` together,
//!   sorted by file name (Maildir names start with the delivery time); `tmp/`, hidden files and
//!   Maildir++ subfolders (`.Sent`, ...) are not read.
//! - any other directory: its top-level `*.eml` and `*.mbox` files (case-insensitive, hidden files
//!   skipped), sorted by name; subdirectories are not descended into.
//! - files found in directories are detected like top-level files (an mbox among .eml is split).
//!
//! Directories are listed when the stream is opened; files are opened one at a time as the stream
//! reaches them, so an unreadable file becomes one error item and the stream goes on.

pub mod mbox;

use std::collections::VecDeque;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use mbox::MboxReader;

/// Buffer size of the line reader; large enough that big mbox files read in few system calls.
const READ_BUFFER: usize = 64 * 1024;

pub mod imap;

/// One raw message as read from a source, before any parsing.
#[derive(Debug, Clone)]
pub struct RawMessage {
    /// Where it came from: the path as given, or `<path>#<n>` for the n-th message of an mbox (from 0).
    pub origin: String,
    /// The RFC 5322 bytes, with mbox `>From` quoting already undone.
    pub bytes: Vec<u8>,
}

/// A failure to read from a source.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The input path or stream could not be read at all.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path as given.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

impl SourceError {
    /// The input path (or origin label) the error is about.
    pub fn path(&self) -> &str {
        match self {
            SourceError::Io { path, .. } => path,
        }
    }
}

/// Open every input (files, directories, Maildirs, mbox files, `-` for stdin) as one stream.
/// Fails up front, naming the path, when an input does not exist or cannot be opened.
pub fn open(inputs: &[String]) -> Result<Messages, SourceError> {
    let mut messages = Messages::empty();
    for input in inputs {
        if input == "-" {
            messages.pending.push_back(Pending::Reader {
                origin: "-".to_string(),
                reader: Box::new(io::stdin()),
            });
            continue;
        }
        let path = Path::new(input);
        let io_err = |source| SourceError::Io {
            path: input.clone(),
            source,
        };
        let meta = fs::metadata(path).map_err(io_err)?;
        if meta.is_dir() {
            list_dir(path, &mut messages).map_err(io_err)?;
        } else {
            // Checked now so a typo or a permission problem is a usage error, not a bad message;
            // the file is reopened when the stream gets to it (holding many open would exhaust fds).
            File::open(path).map_err(io_err)?;
            if meta.is_file() {
                messages.total_bytes += meta.len();
            }
            messages.pending.push_back(Pending::File {
                origin: input.clone(),
                path: path.to_path_buf(),
            });
        }
    }
    Ok(messages)
}

/// Read one stream (e.g. stdin) named `name`: an mbox if its first line starts with `From `,
/// else a single message.
pub fn open_reader(name: &str, reader: impl Read + Send + 'static) -> Messages {
    let mut messages = Messages::empty();
    messages.pending.push_back(Pending::Reader {
        origin: name.to_string(),
        reader: Box::new(reader),
    });
    messages
}

/// True when the file at `path` starts with an mbox `From ` separator line.
pub fn is_mbox(path: &Path) -> io::Result<bool> {
    let mut head = Vec::with_capacity(5);
    File::open(path)?.take(5).read_to_end(&mut head)?;
    Ok(head == b"From ")
}

/// An input still to be read.
enum Pending {
    /// A file, opened when reached.
    File { origin: String, path: PathBuf },
    /// An already open stream such as stdin.
    Reader {
        origin: String,
        reader: Box<dyn Read + Send>,
    },
    /// A directory entry that could not even be listed; reported in stream order.
    Failed { origin: String, error: io::Error },
}

/// The mbox currently being split.
struct ActiveMbox {
    origin: String,
    index: u64,
    reader: MboxReader<Box<dyn BufRead + Send>>,
}

/// A stream of raw messages over all inputs, in input order; a read error is one item.
pub struct Messages {
    pending: VecDeque<Pending>,
    active: Option<ActiveMbox>,
    total_bytes: u64,
    /// Bytes consumed by inputs already finished (the active mbox counts its own).
    done_bytes: u64,
}

impl std::fmt::Debug for Messages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Messages")
            .field("pending", &self.pending.len())
            .field("active", &self.active.as_ref().map(|a| &a.origin))
            .field("total_bytes", &self.total_bytes)
            .field("bytes_read", &self.bytes_read())
            .finish()
    }
}

impl Messages {
    fn empty() -> Messages {
        Messages {
            pending: VecDeque::new(),
            active: None,
            total_bytes: 0,
            done_bytes: 0,
        }
    }

    /// Total size in bytes of the regular files to read (stdin and pipes count 0); for progress.
    pub fn total_bytes(&self) -> u64 {
        self.total_bytes
    }

    /// Bytes consumed so far across all inputs; compare with [`Messages::total_bytes`].
    pub fn bytes_read(&self) -> u64 {
        self.done_bytes + self.active.as_ref().map_or(0, |a| a.reader.bytes_read())
    }

    /// Start reading one input: a single message is returned whole; an mbox becomes active.
    fn begin(&mut self, pending: Pending) -> Option<Result<RawMessage, SourceError>> {
        let (origin, reader, size): (String, Box<dyn Read + Send>, u64) = match pending {
            Pending::Failed { origin, error } => {
                return Some(Err(SourceError::Io {
                    path: origin,
                    source: error,
                }))
            }
            Pending::Reader { origin, reader } => (origin, reader, 0),
            Pending::File { origin, path } => match File::open(&path) {
                Ok(file) => {
                    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
                    (origin, Box::new(file), size)
                }
                Err(source) => {
                    return Some(Err(SourceError::Io {
                        path: origin,
                        source,
                    }))
                }
            },
        };
        let mut reader: Box<dyn BufRead + Send> =
            Box::new(BufReader::with_capacity(READ_BUFFER, reader));
        let mut bytes = Vec::new();
        let first = read_line(&mut reader, &mut bytes);
        let first = match first {
            Ok(n) => n,
            Err(source) => {
                return Some(Err(SourceError::Io {
                    path: origin,
                    source,
                }))
            }
        };
        if bytes.starts_with(b"From ") {
            self.active = Some(ActiveMbox {
                origin,
                index: 0,
                reader: MboxReader::after_separator(reader, first as u64),
            });
            return None;
        }
        // A single message: size the buffer once from the file length instead of doubling.
        let rest = usize::try_from(size.saturating_sub(first as u64)).unwrap_or(0);
        bytes.reserve_exact(rest);
        if let Err(source) = reader.read_to_end(&mut bytes) {
            return Some(Err(SourceError::Io {
                path: origin,
                source,
            }));
        }
        self.done_bytes += bytes.len() as u64;
        Some(Ok(RawMessage { origin, bytes }))
    }

    fn finish_active(&mut self) {
        if let Some(active) = self.active.take() {
            self.done_bytes += active.reader.bytes_read();
        }
    }
}

impl Iterator for Messages {
    type Item = Result<RawMessage, SourceError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(active) = self.active.as_mut() {
                match active.reader.next_message() {
                    Ok(Some(bytes)) => {
                        let origin = format!("{}#{}", active.origin, active.index);
                        active.index += 1;
                        return Some(Ok(RawMessage { origin, bytes }));
                    }
                    Ok(None) => self.finish_active(),
                    Err(source) => {
                        // The split point is lost after a read error; give up on this input only.
                        let path = format!("{}#{}", active.origin, active.index);
                        self.finish_active();
                        return Some(Err(SourceError::Io { path, source }));
                    }
                }
            }
            let pending = self.pending.pop_front()?;
            if let Some(item) = self.begin(pending) {
                return Some(item);
            }
        }
    }
}

/// `read_until` on `\n`, retrying when a signal interrupts the read.
fn read_line(reader: &mut dyn BufRead, buf: &mut Vec<u8>) -> io::Result<usize> {
    loop {
        match reader.read_until(b'\n', buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

/// Queue the messages of a directory: a Maildir's cur/ and new/, or top-level .eml/.mbox files.
fn list_dir(dir: &Path, messages: &mut Messages) -> io::Result<()> {
    let maildir = ["cur", "new"].iter().any(|d| dir.join(d).is_dir());
    let mut files: Vec<(std::ffi::OsString, PathBuf)> = Vec::new();
    if maildir {
        for sub in ["cur", "new"] {
            let subdir = dir.join(sub);
            if subdir.is_dir() {
                collect(&subdir, &mut files, messages, |_| true)?;
            }
        }
    } else {
        collect(dir, &mut files, messages, |name| {
            let lower = name.to_ascii_lowercase();
            lower.ends_with(".eml") || lower.ends_with(".mbox")
        })?;
    }
    files.sort();
    for (_, path) in files {
        if let Ok(meta) = fs::metadata(&path) {
            messages.total_bytes += meta.len();
        }
        messages.pending.push_back(Pending::File {
            origin: path.display().to_string(),
            path,
        });
    }
    Ok(())
}

/// Add the non-hidden regular files of `dir` whose names pass `keep` to `files`.
fn collect(
    dir: &Path,
    files: &mut Vec<(std::ffi::OsString, PathBuf)>,
    messages: &mut Messages,
    keep: impl Fn(&str) -> bool,
) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                messages.pending.push_back(Pending::Failed {
                    origin: dir.display().to_string(),
                    error,
                });
                continue;
            }
        };
        let name = entry.file_name();
        let lossy = name.to_string_lossy();
        if lossy.starts_with('.') || !keep(&lossy) {
            continue;
        }
        let path = entry.path();
        // Follow symlinks; a dangling one stays in so its error is reported in order.
        let is_dir = fs::metadata(&path).map(|m| m.is_dir()).unwrap_or(false);
        if !is_dir {
            files.push((name, path));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn origins_and_bodies(m: Messages) -> Vec<(String, String)> {
        m.map(|r| {
            let r = r.unwrap();
            (r.origin, String::from_utf8(r.bytes).unwrap())
        })
        .collect()
    }

    fn s(p: &Path) -> String {
        p.display().to_string()
    }

    #[test]
    fn messages_can_move_to_another_thread() {
        fn assert_send<T: Send>() {}
        assert_send::<Messages>();
    }

    #[test]
    fn single_eml_file_is_one_message_with_path_as_origin() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.eml");
        fs::write(&p, "Subject: hi\n\nFrom the team\n>From x\n").unwrap();
        let m = open(&[s(&p)]).unwrap();
        assert_eq!(m.total_bytes(), 35);
        assert_eq!(
            origins_and_bodies(m),
            vec![(s(&p), "Subject: hi\n\nFrom the team\n>From x\n".to_string())]
        );
    }

    #[test]
    fn empty_file_is_one_empty_message() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("empty.eml");
        fs::write(&p, "").unwrap();
        assert_eq!(
            origins_and_bodies(open(&[s(&p)]).unwrap()),
            vec![(s(&p), String::new())]
        );
    }

    #[test]
    fn mbox_file_gets_numbered_origins() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("inbox");
        fs::write(&p, "From a\nSubject: 1\n\nx\n\nFrom b\nSubject: 2\n\ny\n").unwrap();
        let got = origins_and_bodies(open(&[s(&p)]).unwrap());
        assert_eq!(
            got,
            vec![
                (format!("{}#0", s(&p)), "Subject: 1\n\nx\n".to_string()),
                (format!("{}#1", s(&p)), "Subject: 2\n\ny\n".to_string()),
            ]
        );
        assert!(is_mbox(&p).unwrap());
    }

    #[test]
    fn nonexistent_path_fails_up_front_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("a.eml");
        fs::write(&good, "Subject: a\n\n").unwrap();
        let missing = s(&dir.path().join("nope.mbox"));
        let err = open(&[s(&good), missing.clone()]).unwrap_err();
        assert_eq!(err.path(), missing);
        assert!(err.to_string().contains(&missing));
    }

    #[test]
    fn dir_of_eml_reads_top_level_eml_sorted_and_skips_others() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("b.eml"), "Subject: b\n\n").unwrap();
        fs::write(d.join("a.EML"), "Subject: a\n\n").unwrap();
        fs::write(d.join("c.mbox"), "From x\nSubject: c\n\nc\n\n").unwrap();
        fs::write(d.join("notes.txt"), "not mail").unwrap();
        fs::write(d.join(".hidden.eml"), "Subject: h\n\n").unwrap();
        fs::create_dir(d.join("sub")).unwrap();
        fs::write(d.join("sub/z.eml"), "Subject: z\n\n").unwrap();
        let got = origins_and_bodies(open(&[s(d)]).unwrap());
        assert_eq!(
            got,
            vec![
                (s(&d.join("a.EML")), "Subject: a\n\n".to_string()),
                (s(&d.join("b.eml")), "Subject: b\n\n".to_string()),
                (
                    format!("{}#0", s(&d.join("c.mbox"))),
                    "Subject: c\n\nc\n".to_string()
                ),
            ]
        );
    }

    #[test]
    fn maildir_reads_cur_and_new_sorted_and_ignores_tmp() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for sub in ["cur", "new", "tmp", ".Sent/cur"] {
            fs::create_dir_all(d.join(sub)).unwrap();
        }
        fs::write(d.join("cur/1700000002.M1.host:2,S"), "Subject: 2\n\n").unwrap();
        fs::write(d.join("new/1700000001.M1.host"), "Subject: 1\n\n").unwrap();
        fs::write(d.join("new/1700000003.M1.host"), "Subject: 3\n\n").unwrap();
        fs::write(d.join("tmp/1700000000.M1.host"), "Subject: tmp\n\n").unwrap();
        fs::write(d.join(".Sent/cur/1600000000.M1.host"), "Subject: sent\n\n").unwrap();
        let got: Vec<String> = origins_and_bodies(open(&[s(d)]).unwrap())
            .into_iter()
            .map(|(_, body)| body)
            .collect();
        assert_eq!(
            got,
            vec!["Subject: 1\n\n", "Subject: 2\n\n", "Subject: 3\n\n"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_file_in_dir_is_an_error_item_and_the_stream_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("a.eml"), "Subject: a\n\n").unwrap();
        fs::write(d.join("c.eml"), "Subject: c\n\n").unwrap();
        // A dangling symlink cannot be opened even by root (unlike a chmod 000 file).
        std::os::unix::fs::symlink(d.join("gone"), d.join("b.eml")).unwrap();
        let items: Vec<_> = open(&[s(d)]).unwrap().collect();
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].as_ref().unwrap().origin, s(&d.join("a.eml")));
        assert_eq!(items[1].as_ref().unwrap_err().path(), s(&d.join("b.eml")));
        assert_eq!(items[2].as_ref().unwrap().origin, s(&d.join("c.eml")));
    }

    #[test]
    fn inputs_are_read_in_order_and_lazily() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.eml");
        let b = dir.path().join("b.eml");
        fs::write(&a, "Subject: a\n\n").unwrap();
        fs::write(&b, "Subject: b\n\n").unwrap();
        let mut m = open(&[s(&b), s(&a)]).unwrap();
        assert_eq!(m.bytes_read(), 0);
        assert_eq!(m.next().unwrap().unwrap().origin, s(&b));
        // Removing a later input after open shows it had not been read yet.
        fs::remove_file(&a).unwrap();
        assert_eq!(m.next().unwrap().unwrap_err().path(), s(&a));
        assert!(m.next().is_none());
    }

    #[test]
    fn stdin_like_reader_single_message() {
        let m = open_reader("-", io::Cursor::new(b"Subject: x\n\nbody\n".to_vec()));
        assert_eq!(
            origins_and_bodies(m),
            vec![("-".to_string(), "Subject: x\n\nbody\n".to_string())]
        );
    }

    #[test]
    fn stdin_like_reader_mbox() {
        let data = b"From a\nSubject: 1\n\nx\n\nFrom b\nSubject: 2\n\n>From y\n".to_vec();
        let len = data.len() as u64;
        let mut m = open_reader("-", io::Cursor::new(data));
        let got: Vec<_> = m.by_ref().map(|r| r.unwrap()).collect();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].origin, "-#0");
        assert_eq!(got[1].origin, "-#1");
        assert_eq!(got[1].bytes, b"Subject: 2\n\nFrom y\n");
        assert_eq!(m.bytes_read(), len);
    }

    #[test]
    fn large_mbox_streams_with_message_sized_buffers() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.mbox");
        let mut w = io::BufWriter::new(File::create(&p).unwrap());
        let line = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod\n";
        let count = 10_000usize;
        for i in 0..count {
            writeln!(w, "From sender{i}@example.com Mon Jan  1 00:00:00 2024").unwrap();
            write!(w, "Message-ID: <{i}@example.com>\nSubject: m{i}\n\n").unwrap();
            // Varying sizes, 2 KB to ~10 KB, so buffer growth is exercised.
            for _ in 0..(30 + i % 120) {
                w.write_all(line.as_bytes()).unwrap();
            }
            w.write_all(b"\n").unwrap();
        }
        w.flush().unwrap();
        drop(w);
        let total = fs::metadata(&p).unwrap().len();
        assert!(total > 50_000_000, "generated only {total} bytes");
        let mut m = open(&[s(&p)]).unwrap();
        assert_eq!(m.total_bytes(), total);
        let mut n = 0usize;
        for item in m.by_ref() {
            let msg = item.unwrap();
            let len = msg.bytes.len();
            assert!(len < 12_000, "message {n} unexpectedly large: {len}");
            assert!(
                msg.bytes.capacity() <= len + len / 8 + 4096,
                "message {n}: capacity {} for {len} bytes",
                msg.bytes.capacity()
            );
            assert!(msg.bytes.starts_with(b"Message-ID: <"));
            n += 1;
        }
        assert_eq!(n, count);
        assert_eq!(m.bytes_read(), total);
    }
}
