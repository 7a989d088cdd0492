//! The "Examples:" that end each command's --help (and its man page), after the exit codes.
//! Real command lines; those on examples/inbox.mbox run as shown from a checkout.

/// The help footer of a command: its exit codes, then its examples, one per line.
pub fn footer(exit_codes: &str, examples: &[&str]) -> String {
    // Styled like clap's own headings; clap drops the style when colour is off (and in the man page).
    let h = clap::builder::styling::Style::new().bold().underline();
    let mut s = format!("{exit_codes}\n\n{h}Examples:{h:#}");
    for e in examples {
        s.push_str("\n  ");
        s.push_str(e);
    }
    s
}

/// `rebound` itself.
pub const REBOUND: &[&str] = &[
    "rebound batch examples/inbox.mbox --out drafts/",
    "rebound check && rebound draft --dry-run",
    "rebound completions bash > ~/.local/share/bash-completion/completions/rebound",
];

/// `rebound classify`.
pub const CLASSIFY: &[&str] = &[
    "rebound classify examples/inbox.mbox",
    "rebound classify --format jsonl ~/Mail/Archive/ > verdicts.jsonl",
    "rebound classify --explain message.eml",
];

/// `rebound batch`.
pub const BATCH: &[&str] = &[
    "rebound batch examples/inbox.mbox --out drafts/",
    "rebound batch examples/inbox.mbox --dry-run --group-by reason",
    "rebound batch ~/Mail/2025 --out drafts/ --report lost.csv --html lost.html",
];

/// `rebound check`.
pub const CHECK: &[&str] = &["rebound check", "rebound check --account work"];

/// `rebound scan`.
pub const SCAN: &[&str] = &[
    "rebound scan --since 14d",
    "rebound scan --account work --all --format jsonl > verdicts.jsonl",
    "rebound scan --group-by company --html lost.html",
];

/// `rebound draft`.
pub const DRAFT: &[&str] = &[
    "rebound draft --dry-run",
    "rebound draft --since 2w --report drafted.jsonl",
    "rebound draft --account work --mailbox Sales --html today.html",
];

/// `rebound watch`.
pub const WATCH: &[&str] = &[
    "rebound watch --dry-run -v",
    "rebound watch --account work --mailbox INBOX",
];

/// `rebound report`.
pub const REPORT: &[&str] = &[
    "rebound report examples/inbox.mbox --html report.html",
    "rebound report --from-jsonl q3.jsonl --html q3.html",
    "rebound report ~/Mail/2025 --group-by company --report lost.csv --csv-bom",
];

/// `rebound learn`.
pub const LEARN: &[&str] = &[
    "rebound learn --as rejection --reason price missed.eml",
    "rebound learn --as not-rejection --account work --mailbox 'Not rejections'",
    "rebound learn --list",
];

/// `rebound templates`.
pub const TEMPLATES: &[&str] = &[
    "rebound templates init ~/.config/rebound/templates",
    "rebound templates check",
    "rebound templates preview --reason price message.eml",
];

/// `rebound templates init`.
pub const TEMPLATES_INIT: &[&str] = &[
    "rebound templates init",
    "rebound templates init my-templates/ --force",
];

/// `rebound templates list`.
pub const TEMPLATES_LIST: &[&str] = &[
    "rebound templates list",
    "rebound templates list --templates my-templates/",
];

/// `rebound templates check`.
pub const TEMPLATES_CHECK: &[&str] = &[
    "rebound templates check",
    "rebound templates check --templates my-templates/",
];

/// `rebound templates preview`.
pub const TEMPLATES_PREVIEW: &[&str] = &[
    "rebound templates preview examples/inbox.mbox",
    "rebound templates preview --reason timing --lang de --decode message.eml",
    "rebound templates preview --step 2 answer.eml",
];

/// `rebound completions`.
pub const COMPLETIONS: &[&str] = &[
    "rebound completions bash > ~/.local/share/bash-completion/completions/rebound",
    "rebound completions zsh > ~/.zfunc/_rebound",
    "rebound completions fish > ~/.config/fish/completions/rebound.fish",
];

/// `rebound man`.
pub const MAN: &[&str] = &[
    "rebound man > ~/.local/share/man/man1/rebound.1",
    "rebound man | man -l -",
    "rebound man draft > ~/.local/share/man/man1/rebound-draft.1",
];
