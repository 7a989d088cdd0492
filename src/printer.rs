//! User-facing output on stderr: warnings, notes, progress; stdout is left to the data.
//! Honours --quiet / -v, and strips control characters from untrusted text before it reaches a terminal.

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
}

impl Printer {
    /// A printer at the given verbosity.
    pub fn new(verbosity: Verbosity) -> Printer {
        Printer { verbosity }
    }

    /// The verbosity.
    pub fn verbosity(&self) -> Verbosity {
        self.verbosity
    }

    /// A warning the user should act on (hidden by --quiet).
    pub fn warn(&self, msg: &str) {
        if self.verbosity != Verbosity::Quiet {
            eprintln!("rebound: warning: {msg}");
        }
    }

    /// A per-item failure that does not stop the run (always shown).
    pub fn error(&self, msg: &str) {
        eprintln!("rebound: error: {msg}");
    }

    /// A detail shown only with -v.
    pub fn note(&self, msg: &str) {
        if self.verbosity == Verbosity::Verbose {
            eprintln!("rebound: {msg}");
        }
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

/// Make untrusted text safe for one terminal line: control characters become spaces, runs of
/// whitespace collapse, so mail content cannot move the cursor, recolour or fake output lines.
pub fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = if c.is_control() || is_bidi_control(c) {
            ' '
        } else {
            c
        };
        if c.is_whitespace() {
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_removes_escapes_and_newlines() {
        assert_eq!(
            sanitize("We'll pass.\r\n\x1b[31mFAKE\x1b[0m\tok \u{202E}x "),
            "We'll pass. [31mFAKE [0m ok x"
        );
        assert_eq!(sanitize("  O'Brien  "), "O'Brien");
    }
}
