//! How the drafting and account commands turn config and flags into the drafting set-up: the
//! sender, rules, classifier and composer once per run; the accounts a run drafts.

use std::sync::Arc;

use super::scan::imap_fatal;
use super::Fatal;
use crate::classify::Classifier;
use crate::cli::{ComposeArgs, ModelArgs};
use crate::config::Config;
use crate::drafting::{Account, Connection, Setup};
use crate::printer::Printer;
use crate::source::imap::AccountSettings;

/// The set-up of a run, from the config and flags (and the sender of `account`, when it has
/// its own); `warn_identity` says when drafts will carry the placeholder sender (not for runs
/// that write nothing).
pub(crate) fn new_setup(
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
                Arc::new(new_setup(
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
                let s = Arc::new(new_setup(
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

/// [`Connection::open`], with errors as command-ending ones.
pub(crate) fn connect(
    settings: &AccountSettings,
    mailbox_flag: Option<&str>,
) -> Result<Connection, Fatal> {
    Connection::open(settings, mailbox_flag).map_err(imap_fatal)
}
