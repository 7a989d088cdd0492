//! The set-up the drafting and account commands share instead of each building its own: the
//! sender, rules, classifier and composer once per run; the account, connection and Drafts per account.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::scan::imap_fatal;
use super::Fatal;
use crate::classify::{Classifier, Rules};
use crate::cli::{ComposeArgs, ModelArgs};
use crate::compose::{Composer, Identity};
use crate::config::Config;
use crate::exit_codes::ExitCode;
use crate::printer::Printer;
use crate::sink::imap::ImapDrafts;
use crate::source::imap::state;
use crate::source::imap::{AccountSettings, ImapError, MailboxInfo, Session};

/// Who drafts are from and what classifies and writes them; built once, shared by every account.
#[derive(Debug)]
pub(crate) struct Setup {
    /// The sender of the drafts.
    pub(crate) identity: Identity,
    /// The rules the classifier was built from (the seller's own address ignored).
    pub(crate) rules: Rules,
    /// The classifier.
    pub(crate) classifier: Classifier,
    /// The composer (templates, language, style).
    pub(crate) composer: Composer,
}

impl Setup {
    /// Build from the config and flags (and the sender of `account`, when it has its own);
    /// `warn_identity` says when drafts will carry the placeholder sender (not for runs that
    /// write nothing).
    pub(crate) fn new(
        config: &Config,
        compose: &ComposeArgs,
        model: &ModelArgs,
        account: Option<&AccountSettings>,
        warn_identity: bool,
        printer: Printer,
    ) -> Result<Setup, Fatal> {
        let identity = config
            .account_identity(account, compose.from.as_deref())
            .map_err(Fatal::usage)?;
        if identity.email.is_none() && warn_identity {
            printer.warn(
                "no sender identity: drafts use the placeholder \"Your Name <you@example.invalid>\"; \
                 pass --from \"Name <email>\" or set [identity] name and email in the config",
            );
        }
        let mut rules = super::model_rules(config, model)?;
        // Mail from the seller's own address is never a buyer's answer.
        rules.ignore_senders.extend(identity.email.clone());
        let classifier = Classifier::new(&rules).map_err(Fatal::usage)?;
        let composer = super::templates::composer(config, compose.templates.as_deref())?;
        Ok(Setup {
            identity,
            rules,
            classifier,
            composer,
        })
    }

    /// Hash of the rebound version, the rules and the model: what an IMAP state file was
    /// examined with (state from other rules is not used).
    pub(crate) fn fingerprint(&self) -> String {
        format!(
            "{:016x}",
            state::fnv1a(
                format!(
                    "{}\0{:?}\0{:?}",
                    env!("CARGO_PKG_VERSION"),
                    self.rules,
                    // A retrained model reads the window again, like new rules.
                    crate::classify::model::shipped().map(|w| w.data_hash).ok()
                )
                .as_bytes()
            )
        )
    }
}

/// The set-up of each of `accounts`, in order: one shared by the accounts without a sender of
/// their own (`[accounts.NAME.identity]`), one for each account with one.
pub(crate) fn setups(
    config: &Config,
    compose: &ComposeArgs,
    model: &ModelArgs,
    accounts: &[Account<'_>],
    warn_identity: bool,
    printer: Printer,
) -> Result<Vec<Arc<Setup>>, Fatal> {
    let mut shared: Option<Arc<Setup>> = None;
    let mut out = Vec::with_capacity(accounts.len());
    for a in accounts {
        let setup = match (&a.settings.identity, &shared) {
            (Some(_), _) => {
                let printer = printer.for_account(a.name);
                Arc::new(Setup::new(
                    config,
                    compose,
                    model,
                    Some(a.settings),
                    warn_identity,
                    printer,
                )?)
            }
            (None, Some(s)) => s.clone(),
            (None, None) => {
                let s = Arc::new(Setup::new(
                    config,
                    compose,
                    model,
                    None,
                    warn_identity,
                    printer,
                )?);
                shared = Some(s.clone());
                s
            }
        };
        out.push(setup);
    }
    Ok(out)
}

/// One configured account.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Account<'c> {
    /// Its name in the config (`[accounts.NAME]`).
    pub(crate) name: &'c str,
    /// Its settings.
    pub(crate) settings: &'c AccountSettings,
}

/// The account chosen by `--account` (or the default one), after warning about an inline
/// password in a file others can read.
pub(crate) fn account<'c>(
    config: &'c Config,
    name: Option<&str>,
    printer: Printer,
) -> Result<Account<'c>, Fatal> {
    let (name, settings) = config.account(name).map_err(Fatal::usage)?;
    if let Some(w) = config.inline_password_warning(name) {
        printer.warn(&w);
    }
    Ok(Account { name, settings })
}

/// The accounts of a run: with `all` every account of the config (in name order), else the
/// one [`account`] chooses.
pub(crate) fn accounts<'c>(
    config: &'c Config,
    name: Option<&str>,
    all: bool,
    printer: Printer,
) -> Result<Vec<Account<'c>>, Fatal> {
    if !all {
        return Ok(vec![account(config, name, printer)?]);
    }
    if config.accounts.is_empty() {
        // The error of `Config::account` says what to add, and where.
        config.account(None).map_err(Fatal::usage)?;
    }
    config
        .accounts
        .keys()
        .map(|n| account(config, Some(n), printer))
        .collect()
}

/// One account's logged-in connection and the mailbox it reads; reused for a whole run.
pub(crate) struct Connection {
    /// The IMAP session.
    pub(crate) session: Session,
    /// The source mailbox: `--mailbox`, else the account's `mailbox`, else INBOX.
    pub(crate) mailbox: MailboxInfo,
}

impl Connection {
    /// Connect, log in (TLS as configured) and resolve the source mailbox.
    pub(crate) fn open(
        settings: &AccountSettings,
        mailbox_flag: Option<&str>,
    ) -> Result<Connection, ImapError> {
        let mut session = Session::open(settings)?;
        let mailbox =
            session.resolve_mailbox(mailbox_flag.unwrap_or(settings.effective_mailbox()))?;
        Ok(Connection { session, mailbox })
    }

    /// Like [`Connection::open`], with errors as command-ending ones.
    pub(crate) fn open_or_fail(
        settings: &AccountSettings,
        mailbox_flag: Option<&str>,
    ) -> Result<Connection, Fatal> {
        Connection::open(settings, mailbox_flag).map_err(imap_fatal)
    }

    /// The account's Drafts folder (configured or discovered) and its Sent folder.
    pub(crate) fn drafts(&mut self, settings: &AccountSettings) -> Result<ImapDrafts, ImapError> {
        ImapDrafts::find(&mut self.session, settings.drafts_mailbox.as_deref())
    }
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
