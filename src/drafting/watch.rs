//! `watch` as a library: each account's watcher IDLEs on its mailbox, drafts what arrives with
//! the same [`Drafter`] as `draft`, and reconnects with backoff when the connection drops.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::state::save_state;
use super::{Account, AccountEnd, Connection, Drafter, DraftingError, Setup, Source};
use crate::config::Config;
use crate::exit_codes::ExitCode;
use crate::printer::Printer;
use crate::report::sanitize;
use crate::source::imap::{AccountSettings, ImapError, Interrupter, Session};

/// Where the watch stands: the highest UID handled, valid for one UIDVALIDITY.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Watermark {
    uid_validity: u32,
    uid: u32,
}

/// Tells the watchers of a run to stop (from the signal handler), and which connections to cut.
pub(crate) struct StopFlag {
    stop: AtomicBool,
    /// Each watcher's current connection, by watcher number.
    current: Mutex<BTreeMap<usize, Interrupter>>,
}

impl StopFlag {
    /// A flag not raised yet, with no connection to cut.
    pub(crate) fn new() -> StopFlag {
        StopFlag {
            stop: AtomicBool::new(false),
            current: Mutex::new(BTreeMap::new()),
        }
    }

    /// Raise the flag and cut every watcher's connection.
    pub(crate) fn stop_all(&self) {
        self.stop.store(true, Ordering::SeqCst);
        // Cut the sockets so a blocked IDLE (or any read) returns now, not at the next timeout.
        if let Ok(cur) = self.current.lock() {
            for i in cur.values() {
                i.interrupt();
            }
        }
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    fn set_session(&self, watcher: usize, i: Option<Interrupter>) {
        if let Ok(mut cur) = self.current.lock() {
            match i {
                Some(i) => cur.insert(watcher, i),
                None => cur.remove(&watcher),
            };
        }
    }
}

/// What every watcher of the run shares.
pub(crate) struct Watch<'a> {
    /// The config (for the drafters).
    pub(crate) config: &'a Config,
    /// The set-up of each account, in the order of the accounts.
    pub(crate) setups: Vec<Arc<Setup>>,
    /// Raised to stop every watcher.
    pub(crate) flag: Arc<StopFlag>,
    /// `--mailbox`: the source mailbox instead of each account's own.
    pub(crate) mailbox_flag: Option<&'a str>,
    /// `--dry-run`.
    pub(crate) dry_run: bool,
    /// How long one IDLE waits before it is renewed (or the poll interval, capped at a minute).
    pub(crate) idle: Duration,
    /// The longest wait between reconnects.
    pub(crate) max_backoff: Duration,
}

/// Watch one account until stopped, reconnecting with backoff when the connection is lost;
/// ends early only on what a reconnect cannot fix (settings, login, templates). `watcher` is
/// the account's place among the accounts of the run.
pub(crate) fn watch_account(
    shared: &Watch<'_>,
    account: Account<'_>,
    watcher: usize,
    printer: Printer,
) -> AccountEnd {
    let setup = shared.setups[watcher].clone();
    let mut drafter = Drafter::new(setup, shared.config, shared.dry_run, printer);
    let mut drafts_dir: Option<String> = None;
    let settings = account.settings;
    let error = match settings.validate() {
        Err(e) => Some(DraftingError::Imap(e)),
        Ok(()) => {
            let (idle, max_backoff) = (shared.idle, shared.max_backoff);
            let mut backoff = Duration::from_secs(1);
            let mut mark: Option<Watermark> = None;
            let flag = &shared.flag;
            let mut error = None;
            printer.note(&format!("watching account {}", account.name));
            while !flag.stopped() {
                let mut conn = Watcher {
                    settings,
                    mailbox_flag: shared.mailbox_flag,
                    flag,
                    watcher,
                    idle,
                    printer,
                };
                match conn.watch_once(&mut drafter, &mut mark, &mut drafts_dir, &mut backoff) {
                    Ok(()) => break,
                    Err(_) if flag.stopped() => break,
                    Err(WatchError::Fatal(f)) => {
                        error = Some(f);
                        break;
                    }
                    Err(WatchError::Lost(e)) => {
                        printer.warn(&format!(
                            "{}; reconnecting in {} s",
                            sanitize(&e.to_string()),
                            backoff.as_secs()
                        ));
                        sleep_unless_stopped(backoff, flag);
                        backoff = (backoff * 2).min(max_backoff);
                    }
                }
            }
            flag.set_session(watcher, None);
            error
        }
    };
    AccountEnd {
        drafter,
        drafts_dir,
        error,
    }
}

/// Why one connection's watch ended.
enum WatchError {
    /// The connection broke or the server failed: reconnect.
    Lost(ImapError),
    /// Nothing a reconnect can fix (config, login, templates).
    Fatal(DraftingError),
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
        other => WatchError::Fatal(DraftingError::Imap(other)),
    }
}

/// One account's watcher: what each of its connections needs.
struct Watcher<'a> {
    settings: &'a AccountSettings,
    mailbox_flag: Option<&'a str>,
    flag: &'a StopFlag,
    /// Its number among the watchers of the run.
    watcher: usize,
    idle: Duration,
    printer: Printer,
}

impl Watcher<'_> {
    /// One connection: catch up from the watermark, then IDLE and draft until stopped or lost.
    fn watch_once(
        &mut self,
        drafter: &mut Drafter,
        mark: &mut Option<Watermark>,
        drafts_dir: &mut Option<String>,
        backoff: &mut Duration,
    ) -> Result<(), WatchError> {
        let Watcher {
            settings,
            mailbox_flag,
            flag,
            watcher,
            idle,
            printer,
        } = *self;
        let mut conn = Connection::open(settings, mailbox_flag).map_err(classify_open_error)?;
        flag.set_session(watcher, Some(conn.session.interrupter()));
        if flag.stopped() {
            return Ok(());
        }
        let mut drafts = conn.drafts(settings).map_err(classify_open_error)?;
        let Connection {
            mut session,
            mailbox,
        } = conn;
        *drafts_dir = Some(drafts.drafts().display_name.clone());
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
        let (_, path, mut stored) =
            drafter.stored_state(settings, &mailbox, &opened, drafter.dry_run());
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
}

/// A failure while drafting: a lost connection is retried, anything else ends the watch.
fn while_drafting(settings: &AccountSettings, f: DraftingError) -> WatchError {
    match f.exit_code() {
        ExitCode::Connection => WatchError::Lost(ImapError::Protocol {
            host: settings.host.clone(),
            port: settings.effective_port(),
            during: "drafting".into(),
            reason: f.chain(),
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
