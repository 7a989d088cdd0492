//! Drafts as `.eml` files in a directory, named after the source Message-ID so reruns find them.
//! Each file appears whole or not at all: written to a hidden temp file, then linked into place.
//!
//! File name: a readable slug of the key (`[A-Za-z0-9._-]` kept, other runs become `_`, at most
//! 60 characters) + `-` + the first 12 hex digits of the SHA-256 of the whole key + `.eml`; the hash
//! keeps ids that slug alike apart. The key is the source Message-ID; without one, [`EmlDir::save`]
//! uses the draft's To and Subject (stable across runs, but two id-less messages from the same
//! sender with the same subject share one draft); callers with a better key (e.g. a hash of the
//! source bytes) use [`EmlDir::save_keyed`].

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};

use super::{Saved, SinkError};
use crate::compose::Draft;

/// Longest slug kept in a file name, so names stay readable and far below filesystem limits.
const SLUG_MAX: usize = 60;

/// Drafts as `.eml` files in one directory, one per source Message-ID.
#[derive(Debug)]
pub struct EmlDir {
    dir: PathBuf,
}

impl EmlDir {
    /// Use (and create if needed) `dir`.
    pub fn new(dir: &Path) -> Result<EmlDir, SinkError> {
        fs::create_dir_all(dir).map_err(|source| SinkError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        Ok(EmlDir {
            dir: dir.to_path_buf(),
        })
    }

    /// The directory drafts go to.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Save `draft` unless a draft for the same source is already there.
    pub fn save(&self, draft: &Draft) -> Result<Saved, SinkError> {
        self.write(&self.path_for(draft), &draft.bytes)
    }

    /// Save `draft` under `key` (instead of its source Message-ID) unless that key was saved before.
    pub fn save_keyed(&self, draft: &Draft, key: &str) -> Result<Saved, SinkError> {
        self.write(&self.dir.join(draft_file_name(key, key)), &draft.bytes)
    }

    /// Where [`EmlDir::save`] puts `draft` (useful for a dry run).
    pub fn path_for(&self, draft: &Draft) -> PathBuf {
        let name = match &draft.source_id {
            Some(id) => draft_file_name(id, id),
            None => {
                let key = format!("no-id\nto:{}\nsubject:{}", draft.to, draft.subject);
                draft_file_name(&format!("noid-{}", draft.to), &key)
            }
        };
        self.dir.join(name)
    }

    /// Write `bytes` to `target` atomically and without replacing an existing file.
    fn write(&self, target: &Path, bytes: &[u8]) -> Result<Saved, SinkError> {
        let exists = |p: &Path| p.symlink_metadata().is_ok();
        if exists(target) {
            return Ok(Saved {
                path: target.to_path_buf(),
                created: false,
            });
        }
        let io_err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| SinkError::Io { path, source }
        };
        let (tmp, file) = create_temp(&self.dir).map_err(io_err(&self.dir))?;
        let result = fill(file, bytes).map_err(io_err(&tmp)).and_then(|()| {
            // A hard link refuses to replace an existing name, so two concurrent runs cannot both
            // "create" the draft; rename would silently overwrite.
            match fs::hard_link(&tmp, target) {
                Ok(()) => Ok(true),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
                // Filesystems without hard links: fall back to check-then-rename (tiny race window).
                Err(_) if exists(target) => Ok(false),
                Err(_) => fs::rename(&tmp, target)
                    .map(|()| true)
                    .map_err(io_err(target)),
            }
        });
        // Gone already after a successful rename; otherwise the temp file must not linger.
        let _ = fs::remove_file(&tmp);
        let created = result?;
        if created {
            // Persist the new directory entry; not every platform lets a directory be synced.
            let _ = File::open(&self.dir).and_then(|d| d.sync_all());
        }
        Ok(Saved {
            path: target.to_path_buf(),
            created,
        })
    }
}

/// The file name for a draft: slug of `readable`, hash of `key`, `.eml`.
pub fn draft_file_name(readable: &str, key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    let hash: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{hash}.eml", slug(readable))
}

/// Filesystem-safe, readable form of `s`: no path separators, no leading dot or dash.
fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(SLUG_MAX));
    for c in s.chars() {
        let keep = c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
        let c = if keep { c } else { '_' };
        if c == '_' && out.ends_with('_') {
            continue;
        }
        if out.is_empty() && matches!(c, '.' | '-' | '_') {
            continue;
        }
        out.push(c);
        if out.len() >= SLUG_MAX {
            break;
        }
    }
    let trimmed = out.trim_end_matches(['.', '_', '-']);
    if trimmed.is_empty() {
        "draft".to_string()
    } else {
        trimmed.to_string()
    }
}

/// How every temp file name starts: `.rebound-<pid>-<nanos>-<n>.tmp`.
pub(super) const TEMP_PREFIX: &str = ".rebound-";

/// A new hidden temp file in `dir`, created exclusively so no two writers share one.
pub(super) fn create_temp(dir: &Path) -> io::Result<(PathBuf, File)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let pid = std::process::id();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let mut last = None;
    for _ in 0..100 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!("{TEMP_PREFIX}{pid}-{nanos}-{n}.tmp"));
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free temp file name")))
}

/// Write and flush to disk before the file gets its real name, so a crash leaves no half draft.
fn fill(mut file: File, bytes: &[u8]) -> io::Result<()> {
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A draft answering the source `id` with `body` as its bytes.
    pub(in crate::sink) fn draft(id: Option<&str>, body: &str) -> Draft {
        Draft {
            source_id: id.map(str::to_string),
            to: "jane@buyer.example".to_string(),
            subject: "Re: Proposal".to_string(),
            bytes: body.as_bytes().to_vec(),
        }
    }

    /// The sorted file names in `dir`, hidden ones included.
    pub(in crate::sink) fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn file_name_is_slug_plus_hash() {
        let name = draft_file_name("CAF=x+y@mail.example.com", "CAF=x+y@mail.example.com");
        assert!(name.starts_with("CAF_x_y_mail.example.com-"), "{name}");
        assert!(name.ends_with(".eml"));
        let hash = &name["CAF_x_y_mail.example.com-".len()..name.len() - 4];
        assert_eq!(hash.len(), 12);
        assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn unsafe_ids_cannot_escape_or_hide() {
        for id in [
            "../../etc/passwd",
            ".hidden",
            "-rf",
            "a/b\\c",
            "",
            "é@ü",
            "...",
        ] {
            let name = draft_file_name(id, id);
            assert!(!name.contains('/') && !name.contains('\\'), "{name}");
            assert!(!name.starts_with('.') && !name.starts_with('-'), "{name}");
        }
        assert!(draft_file_name("", "").starts_with("draft-"));
    }

    #[test]
    fn long_ids_are_truncated_and_similar_ids_stay_apart() {
        let long = "x".repeat(500);
        let name = draft_file_name(&long, &long);
        assert_eq!(name.len(), SLUG_MAX + 1 + 12 + 4);
        assert_ne!(draft_file_name("a/b", "a/b"), draft_file_name("a_b", "a_b"));
    }

    #[test]
    fn new_creates_nested_dir_and_fails_on_a_file() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path().join("a/b/drafts");
        EmlDir::new(&d).unwrap();
        assert!(d.is_dir());
        let f = tmp.path().join("file");
        fs::write(&f, "x").unwrap();
        let err = EmlDir::new(&f.join("sub")).unwrap_err();
        assert!(err.to_string().contains("file"));
    }

    #[test]
    fn saving_twice_writes_once_and_keeps_the_first() {
        let tmp = tempfile::tempdir().unwrap();
        let sink = EmlDir::new(tmp.path()).unwrap();
        let first = sink.save(&draft(Some("abc@x"), "first")).unwrap();
        assert!(first.created);
        assert_eq!(first.path.parent().unwrap(), tmp.path());
        let again = sink.save(&draft(Some("abc@x"), "second")).unwrap();
        assert_eq!(again.path, first.path);
        assert!(!again.created);
        assert_eq!(fs::read_to_string(&first.path).unwrap(), "first");
        assert_eq!(names(tmp.path()).len(), 1, "no temp file left behind");
    }

    #[test]
    fn different_ids_get_different_files() {
        let tmp = tempfile::tempdir().unwrap();
        let sink = EmlDir::new(tmp.path()).unwrap();
        let a = sink.save(&draft(Some("a@x"), "a")).unwrap();
        let b = sink.save(&draft(Some("b@x"), "b")).unwrap();
        assert!(a.created && b.created);
        assert_ne!(a.path, b.path);
        assert_eq!(names(tmp.path()).len(), 2);
    }

    #[test]
    fn without_source_id_to_and_subject_are_the_key() {
        let tmp = tempfile::tempdir().unwrap();
        let sink = EmlDir::new(tmp.path()).unwrap();
        let a = sink.save(&draft(None, "a")).unwrap();
        assert!(a.created);
        let name = a.path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with("noid-jane_buyer.example-"), "{name}");
        assert!(!sink.save(&draft(None, "again")).unwrap().created);
        let mut other = draft(None, "b");
        other.subject = "Re: Something else".to_string();
        assert!(sink.save(&other).unwrap().created);
    }

    #[test]
    fn save_keyed_uses_the_given_key() {
        let tmp = tempfile::tempdir().unwrap();
        let sink = EmlDir::new(tmp.path()).unwrap();
        let a = sink.save_keyed(&draft(None, "a"), "sha256:1234").unwrap();
        assert!(a.created);
        assert_eq!(
            a.path,
            tmp.path()
                .join(draft_file_name("sha256:1234", "sha256:1234"))
        );
        assert!(
            !sink
                .save_keyed(&draft(None, "b"), "sha256:1234")
                .unwrap()
                .created
        );
    }

    #[test]
    fn existing_file_is_never_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let sink = EmlDir::new(tmp.path()).unwrap();
        let d = draft(Some("id@x"), "new content");
        let target = sink.path_for(&d);
        fs::write(&target, "hand-edited").unwrap();
        let saved = sink.save(&d).unwrap();
        assert!(!saved.created);
        assert_eq!(fs::read_to_string(&target).unwrap(), "hand-edited");
    }

    #[test]
    fn concurrent_saves_create_exactly_one_complete_file() {
        let tmp = tempfile::tempdir().unwrap();
        let sink = std::sync::Arc::new(EmlDir::new(tmp.path()).unwrap());
        let bodies: Vec<String> = (0..8).map(|i| format!("{i}").repeat(100_000)).collect();
        let handles: Vec<_> = bodies
            .iter()
            .cloned()
            .map(|body| {
                let sink = sink.clone();
                std::thread::spawn(move || sink.save(&draft(Some("same@x"), &body)).unwrap())
            })
            .collect();
        let results: Vec<Saved> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        assert_eq!(results.iter().filter(|s| s.created).count(), 1);
        let content = fs::read_to_string(&results[0].path).unwrap();
        assert!(bodies.contains(&content), "the file is one whole draft");
        assert_eq!(names(tmp.path()).len(), 1, "no temp files left behind");
    }
}
