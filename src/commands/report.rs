//! `rebound report`: the lost-deal report (HTML page, CSV / JSON lines, grouped table) for mail
//! files, classified like `batch --dry-run`, or for the rows of an earlier `--report FILE.jsonl`.

use super::Fatal;
use crate::cli::{BatchArgs, ReportArgs};
use crate::config::Config;
use crate::exit_codes::ExitCode;
use crate::printer::{Printer, Verbosity};
use crate::report::{self, Outputs};

/// Run `report`.
pub fn run(args: &ReportArgs, config: &Config, printer: Printer) -> Result<ExitCode, Fatal> {
    // Read the rows before creating any output: `--from-jsonl x.jsonl --report x.jsonl` must
    // not truncate its own input first.
    let rows = match &args.from_jsonl {
        Some(path) => Some(report::read_jsonl(path).map_err(Fatal::usage)?),
        None => None,
    };
    let mut outputs = Outputs::new(
        args.report.as_deref(),
        args.output.csv_bom,
        args.output.html.as_deref(),
        args.group_by,
    )
    .map_err(Fatal::usage)?;
    let (Some(rows), Some(path)) = (rows, &args.from_jsonl) else {
        let batch = BatchArgs {
            inputs: args.inputs.clone(),
            out: None,
            report: args.report.clone(),
            output: args.output.clone(),
            group_by: args.group_by,
            dry_run: true,
            compose: crate::cli::ComposeArgs {
                from: args.from.clone(),
                templates: args.templates.clone(),
            },
            model: args.model.clone(),
        };
        return super::batch::process(&batch, config, printer, outputs, true);
    };
    let count = rows.len();
    for row in rows {
        outputs.add(row).map_err(Fatal::usage)?;
    }
    let table = outputs
        .finish(&path.display().to_string(), None)
        .map_err(Fatal::usage)?;
    if printer.verbosity() != Verbosity::Quiet {
        eprintln!(
            "{count} row{} read from {}",
            if count == 1 { "" } else { "s" },
            path.display()
        );
    }
    if let Some(table) = table {
        print!("{table}");
    }
    Ok(ExitCode::Success)
}
