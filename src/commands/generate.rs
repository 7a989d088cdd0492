//! `rebound completions` and `rebound man`: shell completions and manual pages for installers,
//! generated from the clap definitions so they cannot drift from the flags.

use std::io::Write;

use anyhow::{anyhow, Context};
use clap::CommandFactory;

use super::Fatal;
use crate::cli::{Cli, CompletionsArgs, ManArgs, Shell};
use crate::exit_codes::ExitCode;

/// Print the completion script for the shell.
pub fn completions(args: &CompletionsArgs) -> Result<ExitCode, Fatal> {
    let shell = match args.shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    // Into a buffer first: clap_complete panics when its writer fails (e.g. a closed pipe).
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "rebound", &mut script);
    print(&script)
}

/// Print the man page of rebound, or of one of its commands.
pub fn man(args: &ManArgs) -> Result<ExitCode, Fatal> {
    let mut cmd = Cli::command();
    // Built, so the global flags (--config, --color...) appear on every command's page and
    // each command knows its full name (rebound-draft) for the page's title.
    cmd.build();
    let mut name = String::from("rebound");
    for word in &args.command {
        let sub = cmd
            .find_subcommand(word)
            .filter(|_| word != "help")
            .ok_or_else(|| Fatal::usage(anyhow!("{name} has no command {word:?}")))?
            .clone();
        name = format!("{name}-{}", sub.get_name());
        cmd = sub;
    }
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut page)
        .context("cannot render the man page")
        .map_err(Fatal::usage)?;
    print(&page)
}

fn print(bytes: &[u8]) -> Result<ExitCode, Fatal> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .context("cannot write to stdout")
        .map_err(Fatal::usage)?;
    Ok(ExitCode::Success)
}
