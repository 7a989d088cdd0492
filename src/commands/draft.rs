//! `rebound draft`: a draft reply to each new rejection, appended to the account's Drafts folder.
//! The run itself is [`crate::drafting`]; this reads the flags, starts it and prints how it ended.

use std::sync::Arc;

use super::scan::window;
use super::setup;
use super::Fatal;
use crate::cli::DraftArgs;
use crate::config::Config;
use crate::drafting::{self, Account, AccountEnd, Drafted, Drafter, DraftingError, Setup};
use crate::exit_codes::ExitCode;
use crate::printer::Printer;
use crate::report::{sanitize, Outputs};
use crate::source::imap::Window;

/// Accounts drafted at the same time with `--all-accounts` when `--jobs` does not say.
const DEFAULT_JOBS: usize = 4;

/// Run `draft`: the account of `--account` (or the default one), or with `--all-accounts`
/// every account of the config.
pub fn run(args: &DraftArgs, config: &Config, printer: Printer) -> Result<ExitCode, Fatal> {
    let window = window(&args.window)?;
    let all = args.accounts.all_accounts;
    let accounts = setup::accounts(config, args.account.account.as_deref(), all, printer)?;
    let outputs = Outputs::new(
        args.report.as_deref(),
        args.output.csv_bom,
        args.output.html.as_deref(),
        None,
    )
    .map_err(Fatal::usage)?;
    let setups = setup::setups(
        config,
        &args.compose,
        &args.model,
        &accounts,
        !args.dry_run,
        printer,
    )?;
    let (one, setup) = match (accounts.as_slice(), setups.as_slice()) {
        ([one], [setup]) if !all => (*one, setup.clone()),
        _ => return run_all(args, config, printer, window, &accounts, &setups, outputs),
    };
    let mut drafter = Drafter::new(setup, config, args.dry_run, printer).with_outputs(outputs);
    let done = draft_account(args, one, window, &mut drafter)?;
    drafter.finish_outputs(&sanitize(&done.mailbox))?;
    drafter.print_summary(&done.drafts_dir);
    Ok(if drafter.had_failures() {
        ExitCode::Partial
    } else {
        ExitCode::Success
    })
}

/// `draft --all-accounts`: every account on its own connection, `--jobs` at a time; a failing
/// account is reported and the others go on.
fn run_all(
    args: &DraftArgs,
    config: &Config,
    printer: Printer,
    window: Window,
    accounts: &[Account<'_>],
    setups: &[Arc<Setup>],
    outputs: Outputs,
) -> Result<ExitCode, Fatal> {
    let jobs = args.jobs.map_or(DEFAULT_JOBS, usize::from);
    let keep_rows = !outputs.is_empty();
    let ends = drafting::each_account(accounts, jobs, |i, account| {
        let printer = printer.for_account(account.name);
        let setup = setups[i].clone();
        let mut drafter = Drafter::new(setup, config, args.dry_run, printer);
        if keep_rows {
            drafter = drafter.keeping_rows(account.name);
        }
        let (drafts_dir, error) = match draft_account(args, account, window, &mut drafter) {
            Ok(done) => (Some(done.drafts_dir), None),
            Err(e) => {
                printer.error(&sanitize(&e.chain()));
                (None, Some(e))
            }
        };
        AccountEnd {
            drafter,
            drafts_dir,
            error,
        }
    });
    Ok(drafting::finish_accounts(
        accounts,
        ends,
        printer,
        Some(outputs.with_account_column()),
    )?)
}

/// Draft `account` with the flags of `args` (its mailbox, `--rescan`).
fn draft_account(
    args: &DraftArgs,
    account: Account<'_>,
    window: Window,
    drafter: &mut Drafter,
) -> Result<Drafted, DraftingError> {
    drafting::draft_mailbox(
        account.settings,
        args.account.mailbox.as_deref(),
        window,
        args.rescan,
        drafter,
    )
}
