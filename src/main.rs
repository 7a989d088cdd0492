//! The `rebound` binary: parse arguments, run one command, map errors to exit codes.

fn main() {
    std::process::exit(rebound::exit_codes::ExitCode::Success.code());
}
