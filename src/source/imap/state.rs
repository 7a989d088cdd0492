//! What `draft` already examined in a mailbox, kept locally so a repeat run reads only new mail.
//! One small JSON file per server + user + mailbox under the XDG state dir; only an optimisation.
//!
//! The record says: every message with a UID up to `last_uid` (under `uid_validity`) whose
//! internal date falls in the window `since` was classified by a run with the same rules, except
//! the UIDs in `retry` (unreadable, or no draft could be written), which the next run reads again.
//! Idempotency never depends on it: losing the file only makes the next run read the whole window
//! again, and the Drafts folder + `$Rebound` still prevent duplicate drafts.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::fetch::Window;

/// Format version of the file; another version is treated as no state.
const VERSION: u32 = 1;

/// Which mailbox a state belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateKey {
    /// Server host as configured.
    pub host: String,
    /// Server port.
    pub port: u16,
    /// Login name.
    pub username: String,
    /// Mailbox name (decoded).
    pub mailbox: String,
}

/// What was examined in one mailbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExaminedState {
    /// File format version.
    pub version: u32,
    /// The mailbox.
    pub key: StateKey,
    /// Hash of the rebound version and the classifier rules the messages were examined with.
    pub fingerprint: String,
    /// The UIDVALIDITY the UIDs belong to.
    pub uid_validity: u32,
    /// Highest UID examined (within the window).
    pub last_uid: u32,
    /// The window covered below `last_uid`: None for every message, else mail since this day.
    #[serde(with = "date_opt")]
    pub since: Option<NaiveDate>,
    /// UIDs at or below `last_uid` to read again (they failed last time).
    #[serde(default)]
    pub retry: Vec<u32>,
}

/// Why a stored state is not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unusable {
    /// No file (first run, or it was deleted).
    Missing,
    /// The file could not be read or parsed; the text says why.
    Corrupt(String),
    /// The mailbox was recreated or renumbered (UIDVALIDITY changed).
    UidValidityChanged,
    /// Written by another rebound version or with other classifier rules.
    RulesChanged,
}

impl ExaminedState {
    /// A fresh state for `key` after examining up to `last_uid` in `window`.
    pub fn new(
        key: StateKey,
        fingerprint: String,
        uid_validity: u32,
        last_uid: u32,
        window: Window,
    ) -> ExaminedState {
        ExaminedState {
            version: VERSION,
            key,
            fingerprint,
            uid_validity,
            last_uid,
            since: since_of(window),
            retry: Vec::new(),
        }
    }

    /// True when this run's window reaches further back than the one already covered.
    pub fn window_grows(&self, window: Window) -> bool {
        match (self.since, since_of(window)) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(old), Some(new)) => new < old,
        }
    }
}

fn since_of(window: Window) -> Option<NaiveDate> {
    match window {
        Window::All => None,
        Window::Since(d) => Some(d),
    }
}

/// Where state files live: `$XDG_STATE_HOME/rebound/imap` (else the local data dir).
pub fn state_dir() -> Option<PathBuf> {
    dirs::state_dir()
        .or_else(dirs::data_local_dir)
        .map(|d| d.join("rebound").join("imap"))
}

/// The file for `key` in `dir`: a stable hash of the key, so any mailbox name is a safe file name.
pub fn state_path(dir: &Path, key: &StateKey) -> PathBuf {
    let text = format!(
        "{}\0{}\0{}\0{}",
        key.host.to_ascii_lowercase(),
        key.port,
        key.username,
        key.mailbox
    );
    dir.join(format!("{:016x}.json", fnv1a(text.as_bytes())))
}

/// FNV-1a, 64 bits: stable across Rust versions (unlike `DefaultHasher`).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The state for `key` at `path`, if it is there, well-formed, for this key and fingerprint, and
/// under the mailbox's current UIDVALIDITY.
pub fn load(
    path: &Path,
    key: &StateKey,
    fingerprint: &str,
    uid_validity: u32,
) -> Result<ExaminedState, Unusable> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Unusable::Missing),
        Err(e) => return Err(Unusable::Corrupt(e.to_string())),
    };
    let state: ExaminedState =
        serde_json::from_slice(&bytes).map_err(|e| Unusable::Corrupt(e.to_string()))?;
    if state.version != VERSION {
        return Err(Unusable::Corrupt(format!(
            "unknown format version {}",
            state.version
        )));
    }
    if &state.key != key {
        // A hash collision or a hand-copied file: not ours.
        return Err(Unusable::Corrupt("written for another mailbox".into()));
    }
    if state.uid_validity != uid_validity {
        return Err(Unusable::UidValidityChanged);
    }
    if state.fingerprint != fingerprint {
        return Err(Unusable::RulesChanged);
    }
    Ok(state)
}

/// Write `state` to `path` atomically (temp file in the same directory, then rename).
pub fn save(path: &Path, state: &ExaminedState) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .ok_or_else(|| std::io::Error::other("state path has no directory"))?;
    std::fs::create_dir_all(dir)?;
    let mut text = serde_json::to_vec_pretty(state).map_err(std::io::Error::other)?;
    text.push(b'\n');
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Unique per process, so two runs never write into the same temp file.
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&text)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// `Option<NaiveDate>` as `"2026-01-31"` or null (chrono's serde feature is not enabled).
mod date_opt {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_some(&d.format("%Y-%m-%d").to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        let text: Option<String> = Option::deserialize(d)?;
        text.map(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(serde::de::Error::custom))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> StateKey {
        StateKey {
            host: "imap.example.com".into(),
            port: 993,
            username: "alex".into(),
            mailbox: "INBOX".into(),
        }
    }

    #[test]
    fn round_trip_and_rejections() {
        let dir = tempfile::tempdir().unwrap();
        let path = state_path(dir.path(), &key());
        assert_eq!(load(&path, &key(), "f", 7), Err(Unusable::Missing));
        let mut s = ExaminedState::new(key(), "f".into(), 7, 42, Window::All);
        s.retry = vec![3, 9];
        save(&path, &s).unwrap();
        assert_eq!(load(&path, &key(), "f", 7).unwrap(), s);
        assert_eq!(
            load(&path, &key(), "f", 8),
            Err(Unusable::UidValidityChanged)
        );
        assert_eq!(load(&path, &key(), "g", 7), Err(Unusable::RulesChanged));
        let other = StateKey {
            mailbox: "Archive".into(),
            ..key()
        };
        assert!(matches!(
            load(&path, &other, "f", 7),
            Err(Unusable::Corrupt(_))
        ));
        std::fs::write(&path, b"{ not json").unwrap();
        assert!(matches!(
            load(&path, &key(), "f", 7),
            Err(Unusable::Corrupt(_))
        ));
    }

    #[test]
    fn paths_differ_per_mailbox_and_are_stable() {
        let dir = Path::new("/s");
        let a = state_path(dir, &key());
        let b = state_path(
            dir,
            &StateKey {
                mailbox: "Archive".into(),
                ..key()
            },
        );
        assert_ne!(a, b);
        assert_eq!(a, state_path(dir, &key()));
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn window_growth() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let mut s = ExaminedState::new(key(), "f".into(), 1, 1, Window::Since(d("2026-02-01")));
        assert!(s.window_grows(Window::All));
        assert!(s.window_grows(Window::Since(d("2026-01-31"))));
        assert!(!s.window_grows(Window::Since(d("2026-02-01"))));
        assert!(!s.window_grows(Window::Since(d("2026-02-02"))));
        s.since = None;
        assert!(!s.window_grows(Window::Since(d("2000-01-01"))));
    }
}
