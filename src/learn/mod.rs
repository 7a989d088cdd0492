//! What users teach the classifier (`rebound learn`): their examples and the layer fitted on them.
//! Both live under `$XDG_DATA_HOME/rebound/` and sit on top of the shipped model for every command.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::classify::model::user::{Taught, UserModel, UserModelError};
use crate::classify::model::weights::{CLASSES, REASONS};
use crate::classify::{model, Classifier};

/// Anchor texts from the training data (every class): they keep a taught layer local.
static ANCHORS: &str = include_str!("../classify/model/anchors.jsonl");

/// A store that cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub enum LearnError {
    /// No data directory could be found (no HOME).
    #[error("no data directory: set XDG_DATA_HOME or HOME")]
    NoDataDir,
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A line of the examples file is not an example.
    #[error("{path}:{line}: not a taught example ({message}); fix or delete the line")]
    BadExample {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The fitted layer is unreadable.
    #[error("{path}: {source}")]
    Model {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: UserModelError,
    },
}

/// One example a user taught.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Example {
    /// Short stable id (from the text and label), used by `--forget`.
    pub id: String,
    /// `rejection` or `other` (or any class name of the model).
    pub class: String,
    /// The reason, for rejections.
    pub reason: Option<String>,
    /// Where it came from (a path, or `imap:<account>/<mailbox>/<uid>`).
    pub source: String,
    /// The subject, for `--list`.
    pub subject: Option<String>,
    /// The new text the classifier read (what the layer is fitted on).
    pub text: String,
}

/// `$XDG_DATA_HOME/rebound` (else the platform's data dir).
pub fn data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("rebound"))
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> LearnError + '_ {
    move |source| LearnError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The taught layer for the classifier, if the user has taught anything.
pub fn load_user_model() -> Result<Option<UserModel>, LearnError> {
    let Some(dir) = data_dir() else {
        return Ok(None);
    };
    let path = dir.join("user-model.bin");
    match std::fs::read(&path) {
        Ok(bytes) => UserModel::from_bytes(&bytes)
            .map(Some)
            .map_err(|source| LearnError::Model { path, source }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io(&path)(e)),
    }
}

/// The examples taught so far, in the order they were taught.
pub fn load_examples(dir: &Path) -> Result<Vec<Example>, LearnError> {
    let path = dir.join("examples.jsonl");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(&path)(e)),
    };
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let ex: Example = serde_json::from_str(line).map_err(|e| LearnError::BadExample {
            path: path.clone(),
            line: n + 1,
            message: e.to_string(),
        })?;
        out.push(ex);
    }
    Ok(out)
}

/// Write the examples and refit the layer from them (both replaced atomically).
pub fn save(
    dir: &Path,
    examples: &[Example],
    classifier: &Classifier,
) -> Result<usize, LearnError> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let mut body = Vec::new();
    for ex in examples {
        // Serialising plain strings cannot fail.
        if let Ok(line) = serde_json::to_string(ex) {
            body.extend_from_slice(line.as_bytes());
            body.push(b'\n');
        }
    }
    write_atomic(&dir.join("examples.jsonl"), &body)?;
    let layer = fit(examples, classifier);
    let path = dir.join("user-model.bin");
    if layer.is_empty() {
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(&path)(e)),
        }
    } else {
        write_atomic(&path, &layer.to_bytes())?;
    }
    Ok(layer.len())
}

/// Fit the taught layer on the examples, anchored by the shipped anchor texts.
pub fn fit(examples: &[Example], classifier: &Classifier) -> UserModel {
    let Ok(weights) = model::shipped() else {
        return UserModel::default();
    };
    let taught: Vec<Taught> = examples
        .iter()
        .filter_map(|e| to_taught(classifier, &e.text, &e.class, e.reason.as_deref()))
        .collect();
    let anchors: Vec<Taught> = ANCHORS
        .lines()
        .filter_map(|l| serde_json::from_str::<Anchor>(l).ok())
        .filter_map(|a| to_taught(classifier, &a.text, &a.class, a.reason.as_deref()))
        .collect();
    UserModel::fit(weights, &taught, &anchors)
}

#[derive(Deserialize)]
struct Anchor {
    class: String,
    reason: Option<String>,
    text: String,
}

fn to_taught(c: &Classifier, text: &str, class: &str, reason: Option<&str>) -> Option<Taught> {
    let class = CLASSES.iter().position(|x| *x == class)?;
    let reason = reason.and_then(|r| REASONS.iter().position(|x| *x == r));
    Some(Taught {
        features: c.features_of(&without_salutation(text)),
        whole: c.features_of(text),
        class,
        reason: if class == 0 { reason.or(Some(5)) } else { None },
    })
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), LearnError> {
    let tmp = path.with_extension("tmp");
    let mut f = std::fs::File::create(&tmp).map_err(io(&tmp))?;
    f.write_all(bytes).map_err(io(&tmp))?;
    f.sync_all().map_err(io(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io(path))
}

/// A short stable id for an example: the first 10 hex digits of SHA-256(class, text).
pub fn example_id(class: &str, text: &str) -> String {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(format!("{class}\u{1f}{text}").as_bytes());
    d.iter().take(5).map(|b| format!("{b:02x}")).collect()
}

/// The new text without its opening salutation line ("Hi Alex,", "Sehr geehrter Herr Krause,"):
/// every taught mail greets the same seller, and a layer fitted on that would learn the greeting.
pub fn without_salutation(text: &str) -> String {
    let text = text.trim();
    let mut lines = text.lines();
    let Some(first) = lines.next() else {
        return String::new();
    };
    let first = first.trim();
    let words = first.split_whitespace().count();
    let rest: String = lines.collect::<Vec<_>>().join("\n");
    if words <= 5 && first.ends_with([',', ':', '!']) && !rest.trim().is_empty() {
        rest.trim().to_string()
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn salutation_lines_are_dropped_and_nothing_else() {
        assert_eq!(without_salutation("Hi Alex,\n\nWe pass."), "We pass.");
        assert_eq!(
            without_salutation("Sehr geehrter Herr Krause,\nwir verzichten."),
            "wir verzichten."
        );
        assert_eq!(without_salutation("We pass, sorry."), "We pass, sorry.");
        assert_eq!(without_salutation("Hi Alex,"), "Hi Alex,");
        assert_eq!(
            without_salutation("No thanks, we went with another vendor after all,\nsorry."),
            "No thanks, we went with another vendor after all,\nsorry."
        );
    }
}
