//! The commands behind the CLI: each takes typed arguments and returns an exit code.
//! Errors that stop a command are anyhow errors mapped to exit codes by main.

pub mod batch;
pub mod check;
pub mod classify;
pub mod draft;
pub mod generate;
pub mod learn;
pub mod report;
pub mod scan;
mod setup;
pub mod templates;
pub mod watch;

use crate::classify::{Classifier, Rules};
use crate::cli::ModelArgs;
use crate::config::Config;
use crate::drafting::DraftingError;
use crate::exit_codes::ExitCode;

/// An error that ends a command, with the exit code it maps to.
#[derive(Debug, thiserror::Error)]
#[error("{source:#}")]
pub struct Fatal {
    /// The exit status to leave with.
    pub code: ExitCode,
    /// What went wrong.
    #[source]
    pub source: anyhow::Error,
}

impl From<DraftingError> for Fatal {
    /// A drafting run's error, with the exit code it picks (3 for connection, login or TLS).
    fn from(e: DraftingError) -> Fatal {
        Fatal {
            code: e.exit_code(),
            source: e.into(),
        }
    }
}

impl Fatal {
    /// A usage, config or I/O error (exit 2).
    pub fn usage(source: impl Into<anyhow::Error>) -> Fatal {
        Fatal {
            code: ExitCode::Error,
            source: source.into(),
        }
    }
}

/// The classifier rules every command uses: the config's, the command line's threshold and
/// engine, and the user's taught layer from `rebound learn`.
pub fn model_rules(config: &Config, model: &ModelArgs) -> Result<Rules, Fatal> {
    let mut rules = config.rules();
    if let Some(t) = model.min_confidence {
        rules.min_confidence = Some(t);
    }
    rules.engine = model.engine;
    rules.user_model = crate::learn::load_user_model().map_err(Fatal::usage)?;
    Ok(rules)
}

/// The classifier for [`model_rules`].
pub fn classifier(config: &Config, model: &ModelArgs) -> Result<Classifier, Fatal> {
    Classifier::new(&model_rules(config, model)?).map_err(Fatal::usage)
}
