//! The `rebound` binary: parse arguments, load config, run one command, map errors to exit codes.

use clap::Parser;

use rebound::cli::{Cli, Command};
use rebound::commands::{self, Fatal};
use rebound::exit_codes::ExitCode;
use rebound::printer::{Printer, Verbosity};

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                ExitCode::Error
            } else {
                ExitCode::Success
            };
            let _ = e.print();
            std::process::exit(code.code());
        }
    };
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (false, 0) => Verbosity::Normal,
        (false, _) => Verbosity::Verbose,
    };
    init_logging(cli.verbose, cli.quiet);
    let printer = Printer::new(verbosity);
    let code = match run(&cli, printer) {
        Ok(code) => code,
        Err(fatal) => {
            eprintln!(
                "rebound: error: {}",
                rebound::report::sanitize(&format!("{:#}", fatal.source))
            );
            fatal.code
        }
    };
    std::process::exit(code.code());
}

fn run(cli: &Cli, printer: Printer) -> Result<ExitCode, Fatal> {
    let config = rebound::config::load(cli.config.as_deref()).map_err(Fatal::usage)?;
    match &cli.command {
        Command::Classify(args) => commands::classify::run(args, &config, printer),
        Command::Batch(args) => commands::batch::run(args, &config, printer),
        Command::Check(args) => commands::check::run(args, &config, printer),
        Command::Scan(args) => commands::scan::run(args, &config, printer),
        Command::Draft(args) => commands::draft::run(args, &config, printer),
        Command::Watch(args) => commands::watch::run(args, &config, printer),
        Command::Report(args) => commands::report::run(args, &config, printer),
        Command::Learn(args) => commands::learn::run(args, &config, printer),
        Command::Templates(cmd) => commands::templates::run(cmd, &config, printer),
    }
}

/// Diagnostics go through `log` to stderr; RUST_LOG overrides the -v level.
fn init_logging(verbose: u8, quiet: bool) {
    let level = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, _) => "debug",
    };
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or(level))
        .format_timestamp(None)
        .init();
}
