//! User-facing output on stderr: warnings, notes, progress; stdout is left to the data.
//! Honours --quiet / -v and --color (only its own labels are coloured); untrusted text goes
//! through `report::sanitize` before it gets here.

use std::io::IsTerminal;

/// How chatty the run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// Errors only.
    Quiet,
    /// Warnings and the summary.
    Normal,
    /// Also per-message notes.
    Verbose,
}

/// Prints warnings and notes to stderr according to the verbosity.
#[derive(Debug, Clone, Copy)]
pub struct Printer {
    verbosity: Verbosity,
    color: bool,
    /// The account this printer speaks for when several run at once (`--all-accounts`).
    label: Option<&'static str>,
}

impl Printer {
    /// A printer at the given verbosity.
    pub fn new(verbosity: Verbosity) -> Printer {
        Printer {
            verbosity,
            color: false,
            label: None,
        }
    }

    /// The same printer, colouring its "warning:" and "error:" labels when `color` is true
    /// (the stderr half of the `--color` decision).
    pub fn with_color(self, color: bool) -> Printer {
        Printer { color, ..self }
    }

    /// This printer, every message starting with `name: ` (one account of several).
    pub fn for_account(self, name: &str) -> Printer {
        // Leaked once per account and run so the printer stays `Copy`; the names are few.
        let label: &'static str = Box::leak(name.to_owned().into_boxed_str());
        Printer {
            label: Some(label),
            ..self
        }
    }

    /// `name: ` of [`Printer::for_account`], else nothing: the start of each line of output.
    pub fn prefix(&self) -> String {
        self.label.map(|l| format!("{l}: ")).unwrap_or_default()
    }

    /// The verbosity.
    pub fn verbosity(&self) -> Verbosity {
        self.verbosity
    }

    /// A warning the user should act on (hidden by --quiet).
    pub fn warn(&self, msg: &str) {
        if self.verbosity != Verbosity::Quiet {
            eprintln!(
                "rebound: {} {}{msg}",
                self.paint("warning:", "33"),
                self.prefix()
            );
        }
    }

    /// A per-item failure that does not stop the run, or the one that ends it (always shown).
    pub fn error(&self, msg: &str) {
        eprintln!(
            "rebound: {} {}{msg}",
            self.paint("error:", "31"),
            self.prefix()
        );
    }

    /// A detail shown only with -v.
    pub fn note(&self, msg: &str) {
        if self.verbosity == Verbosity::Verbose {
            eprintln!("rebound: {}{msg}", self.prefix());
        }
    }

    fn paint(&self, text: &str, sgr: &str) -> String {
        crate::color::paint(text, sgr, self.color)
    }

    /// A progress bar over `total_bytes` of input, shown only on a terminal for large inputs.
    pub fn progress(&self, total_bytes: u64) -> indicatif::ProgressBar {
        const LARGE: u64 = 8 * 1024 * 1024;
        if self.verbosity == Verbosity::Quiet
            || total_bytes < LARGE
            || !std::io::stderr().is_terminal()
        {
            return indicatif::ProgressBar::hidden();
        }
        let bar = indicatif::ProgressBar::new(total_bytes);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{spinner} {bytes}/{total_bytes} [{bar:30}] {msg} ({eta})",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar
    }
}
