//! Several accounts in one run (`--all-accounts`): each on a thread of its own, then one
//! summary per account, the total, one report and one exit code for them all.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::{Drafter, DraftingError};
use crate::exit_codes::ExitCode;
use crate::printer::{Printer, Verbosity};
use crate::report::{sanitize, Outputs, Summary};
use crate::source::imap::AccountSettings;

/// One configured account.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Account<'c> {
    /// Its name in the config (`[accounts.NAME]`).
    pub(crate) name: &'c str,
    /// Its settings.
    pub(crate) settings: &'c AccountSettings,
}

/// Run `work(index, account)` for each of `accounts`, at most `jobs` at a time, each on a
/// thread of its own; the results in the order of `accounts`.
pub(crate) fn each_account<'c, T: Send>(
    accounts: &[Account<'c>],
    jobs: usize,
    work: impl Fn(usize, Account<'c>) -> T + Sync,
) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<T>>> = Mutex::new(accounts.iter().map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, accounts.len().max(1)) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(account) = accounts.get(i) else {
                    break;
                };
                let result = work(i, *account);
                if let Ok(mut r) = results.lock() {
                    r[i] = Some(result);
                }
            });
        }
    });
    // Every slot is filled: a worker that panicked took the process down with the scope.
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .flatten()
        .collect()
}

/// How one account of several ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// It ran to the end; `partial` when some message could not be read or drafted.
    Ran {
        /// Some message failed.
        partial: bool,
    },
    /// It stopped with this exit code (e.g. 3: connection, login or TLS).
    Failed(ExitCode),
}

/// The exit code of a run over several accounts: 0 when all went well; 3 when every account
/// failed to connect or log in, 2 when every account failed otherwise; else 1 (some accounts
/// or some messages failed, the rest were done).
pub(crate) fn exit_code(outcomes: &[Outcome]) -> ExitCode {
    let failed: Vec<ExitCode> = outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::Failed(code) => Some(*code),
            Outcome::Ran { .. } => None,
        })
        .collect();
    if !outcomes.is_empty() && failed.len() == outcomes.len() {
        return if failed.iter().all(|c| *c == ExitCode::Connection) {
            ExitCode::Connection
        } else {
            ExitCode::Error
        };
    }
    if !failed.is_empty() || outcomes.contains(&Outcome::Ran { partial: true }) {
        ExitCode::Partial
    } else {
        ExitCode::Success
    }
}

/// How one account of several ended (`--all-accounts`).
pub(crate) struct AccountEnd {
    /// Its drafter, with the counts.
    pub(crate) drafter: Drafter,
    /// Its Drafts folder, once found.
    pub(crate) drafts_dir: Option<String>,
    /// What stopped it, if anything did.
    pub(crate) error: Option<DraftingError>,
}

/// After several accounts: one summary per account (its lines start with the account's name),
/// the total, the one report of every account's rows; the exit code of [`exit_code`].
pub(crate) fn finish_accounts(
    accounts: &[Account<'_>],
    mut ends: Vec<AccountEnd>,
    printer: Printer,
    outputs: Option<Outputs>,
) -> Result<ExitCode, DraftingError> {
    let mut total = Tally::default();
    let mut outcomes = Vec::new();
    let quiet = printer.verbosity() == Verbosity::Quiet;
    for (account, end) in accounts.iter().zip(&mut ends) {
        total.merge(&end.drafter.tally());
        outcomes.push(match &end.error {
            None => Outcome::Ran {
                partial: end.drafter.had_failures(),
            },
            Some(e) => Outcome::Failed(e.exit_code()),
        });
        if quiet {
            continue;
        }
        if let Some(dir) = &end.drafts_dir {
            end.drafter.print_summary(dir);
        }
        if let Some(e) = &end.error {
            println!("{}: failed: {}", account.name, sanitize(&e.chain()));
        }
    }
    if let Some(mut outputs) = outputs {
        for end in &mut ends {
            for row in end.drafter.take_rows() {
                outputs.add(row).map_err(DraftingError::Report)?;
            }
        }
        let names: Vec<&str> = accounts.iter().map(|a| a.name).collect();
        outputs
            .finish(
                &sanitize(&format!("accounts {}", names.join(", "))),
                Some(&total.summary),
            )
            .map_err(DraftingError::Report)?;
    }
    if !quiet {
        let failed = ends.iter().filter(|e| e.error.is_some()).count();
        println!(
            "total: {} account{}, {failed} failed",
            accounts.len(),
            if accounts.len() == 1 { "" } else { "s" }
        );
        print!(
            "{}",
            prefixed("total: ", &total.text("the Drafts folder of each account"))
        );
    }
    Ok(exit_code(&outcomes))
}

/// The counts an end-of-run summary shows: one account's, or the total of several.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally {
    /// Messages, verdicts and drafts.
    pub(crate) summary: Summary,
    /// Rejections skipped because the source is `\Answered`.
    pub(crate) answered: u64,
    /// Rejections skipped because Sent holds a reply.
    pub(crate) replied: u64,
    /// Rejections left alone for want of a Message-ID.
    pub(crate) no_id: u64,
}

impl Tally {
    /// Add another account's counts.
    pub(crate) fn merge(&mut self, other: &Tally) {
        self.summary.merge(&other.summary);
        self.summary.dry_run = other.summary.dry_run;
        self.answered += other.answered;
        self.replied += other.replied;
        self.no_id += other.no_id;
    }

    /// The summary text; the drafts went to `drafts_dir`.
    pub(crate) fn text(&self, drafts_dir: &str) -> String {
        let mut summary = self.summary.clone();
        summary.drafts_dir = Some(drafts_dir.to_string());
        format!(
            "{summary}skipped: {} already answered, {} replied in Sent{}\n",
            self.answered,
            self.replied,
            if self.no_id > 0 {
                format!(", {} without Message-ID", self.no_id)
            } else {
                String::new()
            }
        )
    }
}

/// `text` with `prefix` at the start of each line.
pub(crate) fn prefixed(prefix: &str, text: &str) -> String {
    text.lines().map(|l| format!("{prefix}{l}\n")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_of_several_accounts() {
        use ExitCode::*;
        let ok = Outcome::Ran { partial: false };
        let partial = Outcome::Ran { partial: true };
        assert_eq!(exit_code(&[ok, ok]), Success);
        assert_eq!(exit_code(&[ok, partial]), Partial);
        assert_eq!(exit_code(&[ok, Outcome::Failed(Connection)]), Partial);
        assert_eq!(exit_code(&[partial, Outcome::Failed(Error)]), Partial);
        let refused = Outcome::Failed(Connection);
        assert_eq!(exit_code(&[refused, refused]), Connection);
        assert_eq!(exit_code(&[refused, Outcome::Failed(Error)]), Error);
    }

    #[test]
    fn each_account_keeps_the_order_whatever_the_jobs() {
        let settings = AccountSettings::default();
        let names = ["a", "b", "c", "d", "e"];
        let accounts: Vec<Account<'_>> = names
            .iter()
            .map(|name| Account {
                name,
                settings: &settings,
            })
            .collect();
        for jobs in [1, 2, 4, 9] {
            let got = each_account(&accounts, jobs, |_, a| a.name.to_uppercase());
            assert_eq!(got, ["A", "B", "C", "D", "E"], "jobs {jobs}");
        }
    }
}
