//! `rebound watch`: IDLE on the mailbox and draft replies to rejections as they arrive.
//! New mail is found by UID watermark; dropped connections reconnect with backoff and catch up.
//! With a `draft` state file for the mailbox, the watch starts from its watermark and keeps it current.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::draft::{load_state, save_state, state_location, Drafter, Source};
use super::scan::{account, imap_fatal};
use super::Fatal;
use crate::cli::WatchArgs;
use crate::config::Config;
use crate::exit_codes::ExitCode;
use crate::printer::Printer;
use crate::report::sanitize;
use crate::sink::imap::ImapDrafts;
use crate::source::imap::state::ExaminedState;
use crate::source::imap::{AccountSettings, ImapError, Interrupter, Session};

/// Where the watch stands: the highest UID handled, valid for one UIDVALIDITY.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Watermark {
    uid_validity: u32,
    uid: u32,
}

/// Shared between the signal handler and the loop.
struct StopFlag {
    stop: AtomicBool,
    current: Mutex<Option<Interrupter>>,
}

impl StopFlag {
    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    fn set_session(&self, i: Option<Interrupter>) {
        if let Ok(mut cur) = self.current.lock() {
            *cur = i;
        }
    }
}

/// Run `watch` until Ctrl-C / SIGTERM.
pub fn run(args: &WatchArgs, config: &Config, printer: Printer) -> Result<ExitCode, Fatal> {
    let (name, settings) = account(config, args.account.as_deref(), printer)?;
    settings.validate().map_err(imap_fatal)?;
    let mut drafter = Drafter::new(
        config,
        args.from.as_deref(),
        args.templates.as_deref(),
        args.dry_run,
        &args.model,
        printer,
    )?;
    let flag = Arc::new(StopFlag {
        stop: AtomicBool::new(false),
        current: Mutex::new(None),
    });
    let handler_flag = flag.clone();
    ctrlc::set_handler(move || {
        handler_flag.stop.store(true, Ordering::SeqCst);
        // Cut the socket so a blocked IDLE (or any read) returns now, not at the next timeout.
        if let Ok(cur) = handler_flag.current.lock() {
            if let Some(i) = cur.as_ref() {
                i.interrupt();
            }
        }
    })
    .map_err(|e| Fatal::usage(anyhow::anyhow!("cannot install the Ctrl-C handler: {e}")))?;

    let idle = Duration::from_secs(args.idle_secs);
    let max_backoff = Duration::from_secs(args.max_backoff_secs);
    let mut backoff = Duration::from_secs(1);
    let mut mark: Option<Watermark> = None;
    let mut drafts_seen: Option<ImapDrafts> = None;
    printer.note(&format!("watching account {name}"));
    while !flag.stopped() {
        match watch_once(
            settings,
            args.mailbox.as_deref(),
            &mut drafter,
            &flag,
            idle,
            &mut mark,
            &mut drafts_seen,
            &mut backoff,
            printer,
        ) {
            Ok(()) => break,
            Err(_) if flag.stopped() => break,
            Err(WatchError::Fatal(f)) => return Err(f),
            Err(WatchError::Lost(e)) => {
                printer.warn(&format!(
                    "{}; reconnecting in {} s",
                    sanitize(&e.to_string()),
                    backoff.as_secs()
                ));
                sleep_unless_stopped(backoff, &flag);
                backoff = (backoff * 2).min(max_backoff);
            }
        }
    }
    flag.set_session(None);
    if let Some(d) = &drafts_seen {
        drafter.print_summary(d);
    }
    Ok(if drafter.had_failures() {
        ExitCode::Partial
    } else {
        ExitCode::Success
    })
}

/// Why one connection's watch ended.
enum WatchError {
    /// The connection broke or the server failed: reconnect.
    Lost(ImapError),
    /// Nothing a reconnect can fix (config, login, templates).
    Fatal(Fatal),
}

fn lost(e: ImapError) -> WatchError {
    WatchError::Lost(e)
}

/// Errors that a reconnect may fix: network, TLS hiccups, protocol failures after login.
fn classify_open_error(e: ImapError) -> WatchError {
    match e {
        ImapError::Connect { .. } | ImapError::Greeting { .. } | ImapError::Protocol { .. } => {
            WatchError::Lost(e)
        }
        other => WatchError::Fatal(imap_fatal(other)),
    }
}

/// One connection: catch up from the watermark, then IDLE and draft until stopped or lost.
#[allow(clippy::too_many_arguments)]
fn watch_once(
    settings: &AccountSettings,
    mailbox_flag: Option<&str>,
    drafter: &mut Drafter,
    flag: &StopFlag,
    idle: Duration,
    mark: &mut Option<Watermark>,
    drafts_seen: &mut Option<ImapDrafts>,
    backoff: &mut Duration,
    printer: Printer,
) -> Result<(), WatchError> {
    let mut session = Session::open(settings).map_err(classify_open_error)?;
    flag.set_session(Some(session.interrupter()));
    if flag.stopped() {
        return Ok(());
    }
    let wanted = mailbox_flag.unwrap_or_else(|| settings.effective_mailbox());
    let mailbox = session
        .resolve_mailbox(wanted)
        .map_err(classify_open_error)?;
    let mut drafts = ImapDrafts::find(&mut session, settings.drafts_mailbox.as_deref())
        .map_err(classify_open_error)?;
    *drafts_seen = Some(drafts.clone());
    let idle_ok = session.capabilities().map_err(lost)?.idle();
    let opened = drafter
        .open_source(&mut session, &mailbox)
        .map_err(classify_open_error)?;
    *backoff = Duration::from_secs(1);
    let source = Source {
        mailbox: &mailbox,
        uid_validity: opened.uid_validity,
        keywords_allowed: opened.keywords_allowed,
    };
    // A `draft` run's record of what it examined: start there (catching up on what arrived
    // since), and keep it current. Without one, what is already there is not the watch's business,
    // and no record is started (it would claim older mail was examined).
    let (key, path) = state_location(settings, &mailbox);
    let mut stored: Option<ExaminedState> = if drafter.dry_run() {
        None
    } else {
        load_state(
            path.as_deref(),
            &key,
            &drafter.fingerprint,
            &opened,
            printer,
        )
    };
    let mut current = match *mark {
        Some(m) if m.uid_validity == opened.uid_validity => m,
        None if stored.is_some() => Watermark {
            uid_validity: opened.uid_validity,
            uid: stored.as_ref().map_or(0, |s| s.last_uid),
        },
        Some(_) => {
            printer.warn(&format!(
                "{}: UIDVALIDITY changed; watching from now on",
                sanitize(&mailbox.name)
            ));
            start_mark(&mut session, opened.uid_validity, opened.uid_next)?
        }
        None => start_mark(&mut session, opened.uid_validity, opened.uid_next)?,
    };
    *mark = Some(current);
    printer.note(&format!(
        "watching {} (from UID {})",
        sanitize(&mailbox.name),
        current.uid + 1
    ));
    if !drafter.dry_run() {
        // A run killed before it settled may have left a duplicate in Drafts.
        drafter
            .settle(&mut session, &mut drafts)
            .map_err(|f| while_drafting(settings, f))?;
    }
    loop {
        // Catch up on everything above the watermark (also what arrived while disconnected).
        drafter.open_source(&mut session, &mailbox).map_err(lost)?;
        let new: Vec<u32> = session
            .search(&format!("UID {}:*", current.uid.saturating_add(1)))
            .map_err(lost)?
            .into_iter()
            // `n:*` always matches the last message, even when its UID is below n.
            .filter(|u| *u > current.uid)
            .collect();
        if !new.is_empty() {
            drafter.failed.clear();
            drafter
                .process(&mut session, &mut drafts, &source, &new)
                .map_err(|f| while_drafting(settings, f))?;
            if let Some(max) = new.iter().max() {
                current.uid = *max;
                *mark = Some(current);
                if let Some(st) = &mut stored {
                    if current.uid > st.last_uid {
                        st.last_uid = current.uid;
                        st.retry.extend(drafter.failed.iter().copied());
                        save_state(path.as_deref(), st, printer);
                    }
                }
            }
        }
        if flag.stopped() {
            session.logout();
            return Ok(());
        }
        if idle_ok {
            log::debug!("IDLE on {} for up to {} s", mailbox.name, idle.as_secs());
            let mut handle = session.raw().idle();
            handle.timeout(idle).keepalive(false);
            let outcome = handle.wait_while(|_| false);
            drop(handle);
            if flag.stopped() {
                return Ok(());
            }
            outcome.map_err(|e| lost(session.protocol_error("IDLE", e)))?;
        } else {
            // No IDLE: poll once a minute at most.
            sleep_unless_stopped(idle.min(Duration::from_secs(60)), flag);
            if flag.stopped() {
                session.logout();
                return Ok(());
            }
        }
    }
}

/// A failure while drafting: a lost connection is retried, anything else ends the watch.
fn while_drafting(settings: &AccountSettings, f: Fatal) -> WatchError {
    match f.code {
        ExitCode::Connection => WatchError::Lost(ImapError::Protocol {
            host: settings.host.clone(),
            port: settings.effective_port(),
            during: "drafting".into(),
            reason: format!("{:#}", f.source),
        }),
        _ => WatchError::Fatal(f),
    }
}

/// The watermark when there is none yet: everything now in the mailbox counts as seen.
fn start_mark(
    session: &mut Session,
    uid_validity: u32,
    uid_next: Option<u32>,
) -> Result<Watermark, WatchError> {
    let uid = match uid_next {
        Some(n) => n.saturating_sub(1),
        None => session
            .search("ALL")
            .map_err(lost)?
            .last()
            .copied()
            .unwrap_or(0),
    };
    Ok(Watermark { uid_validity, uid })
}

fn sleep_unless_stopped(d: Duration, flag: &StopFlag) {
    let step = Duration::from_millis(100);
    let mut left = d;
    while !left.is_zero() && !flag.stopped() {
        let s = step.min(left);
        std::thread::sleep(s);
        left -= s;
    }
}
