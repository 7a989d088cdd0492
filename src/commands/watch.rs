//! `rebound watch`: IDLE on the mailbox and draft replies to rejections as they arrive.
//! New mail is found by UID watermark; dropped connections reconnect with backoff and catch up.
//! With a `draft` state file for the mailbox, the watch starts from its watermark and keeps it current.

use std::sync::Arc;
use std::time::Duration;

use super::scan::imap_fatal;
use super::setup;
use super::Fatal;
use crate::cli::WatchArgs;
use crate::config::Config;
use crate::drafting::{self, watch_account, StopFlag, Watch};
use crate::exit_codes::ExitCode;
use crate::printer::Printer;
use crate::report::sanitize;

/// Run `watch` until Ctrl-C / SIGTERM: the account of `--account` (or the default one), or
/// with `--all-accounts` every account of the config, each watched on a thread of its own.
pub fn run(args: &WatchArgs, config: &Config, printer: Printer) -> Result<ExitCode, Fatal> {
    let all = args.accounts.all_accounts;
    let accounts = setup::accounts(config, args.account.account.as_deref(), all, printer)?;
    if !all {
        for a in &accounts {
            a.settings.validate().map_err(imap_fatal)?;
        }
    }
    let setups = setup::setups(
        config,
        &args.compose,
        &args.model,
        &accounts,
        !args.dry_run,
        printer,
    )?;
    let flag = Arc::new(StopFlag::new());
    let handler_flag = flag.clone();
    ctrlc::set_handler(move || handler_flag.stop_all())
        .map_err(|e| Fatal::usage(anyhow::anyhow!("cannot install the Ctrl-C handler: {e}")))?;
    let shared = Watch {
        config,
        setups,
        flag,
        mailbox_flag: args.account.mailbox.as_deref(),
        dry_run: args.dry_run,
        idle: Duration::from_secs(args.idle_secs),
        max_backoff: Duration::from_secs(args.max_backoff_secs),
    };
    let one = match accounts.as_slice() {
        [one] if !all => *one,
        _ => {
            // Every account at once: a watch never ends by itself, so no account may wait.
            let ends = drafting::each_account(&accounts, accounts.len(), |watcher, account| {
                let printer = printer.for_account(account.name);
                let end = watch_account(&shared, account, watcher, printer);
                if let Some(e) = &end.error {
                    printer.error(&sanitize(&e.chain()));
                }
                end
            });
            return Ok(drafting::finish_accounts(&accounts, ends, printer, None)?);
        }
    };
    let end = watch_account(&shared, one, 0, printer);
    if let Some(e) = end.error {
        return Err(e.into());
    }
    if let Some(d) = &end.drafts_dir {
        end.drafter.print_summary(d);
    }
    Ok(if end.drafter.had_failures() {
        ExitCode::Partial
    } else {
        ExitCode::Success
    })
}
