//! The `rebound` binary: parse arguments, load config, run one command, map errors to exit codes.

use clap::{CommandFactory, FromArgMatches};

use rebound::cli::{Cli, Command};
use rebound::color::ColorMode;
use rebound::commands::{self, Fatal};
use rebound::exit_codes::ExitCode;
use rebound::printer::{Printer, Verbosity};

fn main() {
    let args: Vec<_> = std::env::args_os().collect();
    // Colour is decided before parsing, so that clap's help and usage errors follow --color too.
    let parsed = Cli::command()
        .color(ColorMode::from_args(&args).resolve_here().clap())
        .try_get_matches_from(&args)
        .and_then(|mut m| Cli::from_arg_matches_mut(&mut m));
    let cli = match parsed {
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
    // From here on the parsed flag decides (the same value unless the scan above was fooled).
    let printer = Printer::new(verbosity).with_color(cli.color.resolve_here().stderr);
    let code = match run(&cli, printer) {
        Ok(code) => code,
        Err(fatal) => {
            printer.error(&rebound::report::sanitize(&format!("{:#}", fatal.source)));
            fatal.code
        }
    };
    std::process::exit(code.code());
}

fn run(cli: &Cli, printer: Printer) -> Result<ExitCode, Fatal> {
    // These describe the program, not a run: a broken config must not stop them.
    match &cli.command {
        Command::Completions(args) => return commands::generate::completions(args),
        Command::Man(args) => return commands::generate::man(args),
        _ => {}
    }
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
        Command::Completions(_) | Command::Man(_) => Ok(ExitCode::Success),
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
