//! The one decision whether output gets ANSI colour: `--color`, `NO_COLOR` and the terminal.
//! The printer's labels and clap's help and errors both follow it; mail text is never coloured.

use std::ffi::OsString;

use clap::ValueEnum;

/// The `--color` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorMode {
    /// Colour on a terminal, unless NO_COLOR is set (to anything but the empty string).
    #[default]
    Auto,
    /// Colour even into a pipe or file (e.g. for `less -R`).
    Always,
    /// No colour.
    Never,
}

/// Whether each output stream gets colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colors {
    /// Colour on stdout (clap's help).
    pub stdout: bool,
    /// Colour on stderr (warnings, errors).
    pub stderr: bool,
}

impl ColorMode {
    /// Decide per stream; `no_color` is the value of `NO_COLOR`, the flags say which streams
    /// are terminals.
    pub fn resolve(
        self,
        no_color: Option<&OsString>,
        stdout_tty: bool,
        stderr_tty: bool,
    ) -> Colors {
        let auto = no_color.is_none_or(|v| v.is_empty());
        match self {
            ColorMode::Always => Colors {
                stdout: true,
                stderr: true,
            },
            ColorMode::Never => Colors {
                stdout: false,
                stderr: false,
            },
            ColorMode::Auto => Colors {
                stdout: auto && stdout_tty,
                stderr: auto && stderr_tty,
            },
        }
    }

    /// The decision for this process: its `NO_COLOR` and whether stdout/stderr are terminals.
    pub fn resolve_here(self) -> Colors {
        use std::io::IsTerminal;
        self.resolve(
            std::env::var_os("NO_COLOR").as_ref(),
            std::io::stdout().is_terminal(),
            std::io::stderr().is_terminal(),
        )
    }

    /// The `--color` value on a command line, found before clap parses it, so that clap's own
    /// help and usage errors follow it too. The last one wins, as in clap; an invalid value is
    /// left for clap to report.
    pub fn from_args(args: &[OsString]) -> ColorMode {
        let mut mode = ColorMode::Auto;
        let mut iter = args.iter().skip(1);
        while let Some(arg) = iter.next() {
            let Some(arg) = arg.to_str() else { continue };
            if arg == "--" {
                break;
            }
            let value = if arg == "--color" {
                iter.next().and_then(|v| v.to_str())
            } else {
                arg.strip_prefix("--color=")
            };
            if let Some(m) = value.and_then(|v| ColorMode::from_str(v, false).ok()) {
                mode = m;
            }
        }
        mode
    }
}

impl Colors {
    /// Neither stream coloured.
    pub const NONE: Colors = Colors {
        stdout: false,
        stderr: false,
    };

    /// The setting for clap's help (stdout) and errors (stderr). clap takes one choice for both;
    /// when the streams differ (auto, one of them a terminal) its own auto checks the stream it
    /// writes to, which is the same terminal test.
    pub fn clap(self) -> clap::ColorChoice {
        match (self.stdout, self.stderr) {
            (true, true) => clap::ColorChoice::Always,
            (false, false) => clap::ColorChoice::Never,
            _ => clap::ColorChoice::Auto,
        }
    }
}

/// `text` in bold `color` (an SGR code, e.g. 31 for red) when `on`, else unchanged.
pub fn paint(text: &str, sgr: &str, on: bool) -> String {
    if on {
        format!("\x1b[1;{sgr}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: &[&str]) -> Vec<OsString> {
        v.iter().map(OsString::from).collect()
    }

    #[test]
    fn auto_follows_terminals_and_no_color() {
        let c = ColorMode::Auto.resolve(None, true, false);
        assert_eq!((c.stdout, c.stderr), (true, false));
        let one = OsString::from("1");
        assert_eq!(
            ColorMode::Auto.resolve(Some(&one), true, true),
            Colors::NONE
        );
        // NO_COLOR set but empty does not count (no-color.org).
        let empty = OsString::new();
        let c = ColorMode::Auto.resolve(Some(&empty), true, true);
        assert!(c.stdout && c.stderr);
    }

    #[test]
    fn always_and_never_ignore_terminals_and_no_color() {
        let one = OsString::from("1");
        let c = ColorMode::Always.resolve(Some(&one), false, false);
        assert!(c.stdout && c.stderr);
        assert_eq!(ColorMode::Never.resolve(None, true, true), Colors::NONE);
    }

    #[test]
    fn flag_found_in_both_spellings_last_wins_stops_at_double_dash() {
        let f = ColorMode::from_args;
        assert_eq!(f(&args(&["rebound", "batch", "x"])), ColorMode::Auto);
        assert_eq!(
            f(&args(&["rebound", "--color", "always"])),
            ColorMode::Always
        );
        assert_eq!(
            f(&args(&[
                "rebound",
                "--color=never",
                "scan",
                "--color",
                "always"
            ])),
            ColorMode::Always
        );
        assert_eq!(
            f(&args(&["rebound", "--color=bogus", "classify"])),
            ColorMode::Auto
        );
        assert_eq!(
            f(&args(&["rebound", "classify", "--", "--color=always"])),
            ColorMode::Auto
        );
    }

    #[test]
    fn clap_follows_the_decision() {
        let both = Colors {
            stdout: true,
            stderr: true,
        };
        assert_eq!(both.clap(), clap::ColorChoice::Always);
        let one = Colors {
            stdout: true,
            stderr: false,
        };
        assert_eq!(one.clap(), clap::ColorChoice::Auto);
        assert_eq!(Colors::NONE.clap(), clap::ColorChoice::Never);
    }

    #[test]
    fn paint_wraps_only_when_on() {
        assert_eq!(paint("error:", "31", true), "\x1b[1;31merror:\x1b[0m");
        assert_eq!(paint("error:", "31", false), "error:");
    }
}
