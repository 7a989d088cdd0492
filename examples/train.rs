//! Train the shipped model from `training/corpus.jsonl` and write `src/classify/model/shipped.bin`.
//! Deterministic: the same corpus gives the same bytes. `--check` compares instead of writing.
//!
//!     cargo run --release --example train [-- --check]

use std::io::BufRead;
use std::process::ExitCode;

use rebound::classify::model::train::{self, Example, Params};
use rebound::classify::model::weights::{CLASSES, REASONS};
use rebound::classify::{Classifier, Engine, Rules};
use sha2::{Digest, Sha256};

const CORPUS: &str = "training/corpus.jsonl";
const OUT: &str = "src/classify/model/shipped.bin";
const ANCHORS: &str = "src/classify/model/anchors.jsonl";

/// About one example in eight (by id) is an anchor: ordinary mail that a user's taught layer
/// measures distinctiveness against.
fn anchor(id: &str) -> bool {
    let d = Sha256::digest(id.as_bytes());
    d[1] % 8 == 0
}

#[derive(serde::Deserialize)]
struct Row {
    id: String,
    class: String,
    reason: Option<String>,
    text: String,
    /// False for drill batches (`training/drills.txt`): trained on, never calibrated on.
    #[serde(default = "yes")]
    calibrate: bool,
}

/// The value after `flag` on the command line.
fn args_value(flag: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == flag)
        .and_then(|i| args.get(i + 1).cloned())
}

fn yes() -> bool {
    true
}

/// Cross-validation folds: a writer's whole batch goes to one fold, and a language's batches
/// are spread over different folds, so every fold is scored on writers it never trained on.
const FOLDS: usize = 4;

fn folds(ids: &[String]) -> Vec<usize> {
    let batch = |id: &str| id.rsplit_once('-').map_or(id, |(b, _)| b).to_string();
    let mut batches: Vec<String> = ids.iter().map(|i| batch(i)).collect();
    batches.sort();
    batches.dedup();
    // Batches are named <lang><nn>: number them within their language, offset by language.
    let mut langs: Vec<String> = batches
        .iter()
        .map(|b| b[..b.len().min(2)].to_string())
        .collect();
    langs.dedup();
    let fold_of = |b: &str| {
        let lang = &b[..b.len().min(2)];
        let li = langs.iter().position(|l| l == lang).unwrap_or(0);
        let within = batches
            .iter()
            .filter(|x| x.starts_with(lang))
            .position(|x| x == b)
            .unwrap_or(0);
        (within + li) % FOLDS
    };
    ids.iter().map(|i| fold_of(&batch(i))).collect()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let check = args.iter().any(|a| a == "--check");
    // `--cv`: only the writer-grouped cross-validation, printed; nothing is written.
    let cv = args.iter().any(|a| a == "--cv");
    // `--dev PREFIX`: hold out every id starting with PREFIX (a whole writer's batch) instead,
    // and print how the model does on it; nothing is written.
    let dev = args_value("--dev");
    let num = |flag: &str| args_value(flag).and_then(|v| v.parse::<f32>().ok());
    let mut params = Params::default();
    if let Some(v) = num("--epochs") {
        params.epochs = v as usize;
    }
    if let Some(v) = num("--rate") {
        params.rate = v;
    }
    if let Some(v) = num("--l2") {
        params.l2 = v;
    }
    if (params.epochs, params.rate, params.l2) != {
        let d = Params::default();
        (d.epochs, d.rate, d.l2)
    } && dev.is_none()
        && !cv
    {
        eprintln!("train: --epochs/--rate/--l2 are for --dev experiments; the shipped model uses the defaults");
        return ExitCode::from(2);
    }
    match run(check, cv, dev.as_deref(), &params) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("train: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(check: bool, cv: bool, dev: Option<&str>, params: &Params) -> Result<ExitCode, String> {
    // `--no-rules`: features from the wording alone (what do the rule signals add?).
    let no_rules = std::env::args().any(|a| a == "--no-rules");
    let raw = std::fs::read(CORPUS).map_err(|e| format!("cannot read {CORPUS}: {e}"))?;
    let data_hash: [u8; 32] = Sha256::digest(&raw).into();
    let rules = Rules {
        engine: Engine::Learned,
        ..Rules::default()
    };
    let classifier = Classifier::new(&rules).map_err(|e| e.to_string())?;
    let mut examples = Vec::new();
    let mut rows: Vec<(String, String, String)> = Vec::new();
    let mut anchors = String::new();
    for (n, line) in raw.lines().enumerate() {
        let line = line.map_err(|e| e.to_string())?;
        if line.trim().is_empty() {
            continue;
        }
        let row: Row =
            serde_json::from_str(&line).map_err(|e| format!("{CORPUS}:{}: {e}", n + 1))?;
        let class = CLASSES
            .iter()
            .position(|c| *c == row.class)
            .ok_or_else(|| format!("{CORPUS}:{}: unknown class {:?}", n + 1, row.class))?;
        let reason = match (&row.reason, class) {
            (Some(r), 0) => Some(
                REASONS
                    .iter()
                    .position(|x| x == r)
                    .ok_or_else(|| format!("{CORPUS}:{}: unknown reason {r:?}", n + 1))?,
            ),
            (None, 0) => return Err(format!("{CORPUS}:{}: a rejection needs a reason", n + 1)),
            _ => None,
        };
        // The model must see what it will see at run time: the new text, quotes and signature cut.
        let new_text = rebound::message::new_text(&row.text, None);
        if anchor(&row.id) {
            let a = serde_json::json!({"class": row.class, "reason": row.reason, "text": new_text});
            anchors.push_str(&a.to_string());
            anchors.push('\n');
        }
        rows.push((row.id.clone(), row.class.clone(), new_text.clone()));
        examples.push(Example {
            features: if no_rules {
                Classifier::wording_features_of(&new_text)
            } else {
                classifier.features_of(&new_text)
            },
            class,
            reason,
            fold: None,
            calibrate: row.calibrate,
        });
    }
    let ids: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    match dev {
        // One fold: the named batch, scored by a model fitted on everything else.
        Some(prefix) => {
            for (e, id) in examples.iter_mut().zip(&ids) {
                e.fold = id.starts_with(prefix).then_some(0);
            }
        }
        None => {
            for (e, f) in examples.iter_mut().zip(folds(&ids)) {
                e.fold = Some(f);
            }
        }
    }
    let experiment = dev.is_some() || cv;
    if no_rules && !experiment {
        return Err("--no-rules is for --cv/--dev experiments".into());
    }
    let (dense, report) = train::train(&examples, params, data_hash, !experiment);
    eprintln!(
        "train: {} examples ({} scored out of fold by writer and calibrated on); at threshold {:.2} (temperature \
         {:.2}): precision {:.3} recall {:.3}, class accuracy {:.3}, reason accuracy {:.3}",
        report.trained,
        report.held_out,
        dense.threshold,
        dense.temperature,
        report.precision,
        report.recall,
        report.class_accuracy,
        report.reason_accuracy
    );
    for line in &report.curve {
        eprintln!("  {line}");
    }
    if experiment {
        // `--scores FILE`: every held-out example's id, class and P(rejection), tab-separated,
        // for looking at the misses of the training text by kind.
        if let Some(path) = args_value("--scores") {
            let mut out = String::new();
            for &(i, p) in &report.scores {
                let (id, class, _) = &rows[i];
                out.push_str(&format!("{id}\t{class}\t{p:.4}\n"));
            }
            std::fs::write(&path, out).map_err(|e| format!("cannot write {path}: {e}"))?;
        }
        for &(i, p) in report.misses.iter().filter(|_| dev.is_some()) {
            let (id, class, text) = &rows[i];
            eprintln!(
                "  miss {id} [{class}] p={p:.2}: {}",
                text.replace('\n', " / ")
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let bytes = dense.to_bytes();
    if check {
        let committed = std::fs::read(OUT).map_err(|e| format!("cannot read {OUT}: {e}"))?;
        let committed_anchors = std::fs::read_to_string(ANCHORS).unwrap_or_default();
        if committed != bytes || committed_anchors != anchors {
            eprintln!(
                "train: {OUT} does not match what {CORPUS} produces; run `scripts/train` and commit"
            );
            return Ok(ExitCode::from(1));
        }
        eprintln!("train: {OUT} matches {CORPUS}");
        return Ok(ExitCode::SUCCESS);
    }
    std::fs::write(OUT, &bytes).map_err(|e| format!("cannot write {OUT}: {e}"))?;
    std::fs::write(ANCHORS, &anchors).map_err(|e| format!("cannot write {ANCHORS}: {e}"))?;
    eprintln!("train: wrote {OUT} ({} bytes)", bytes.len());
    Ok(ExitCode::SUCCESS)
}
