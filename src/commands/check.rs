//! `rebound check`: connect, log in, list mailboxes and say what rebound will use and why.
//! The first command a new user runs; it changes nothing on the server.

use std::fmt::Write as _;

use super::scan::imap_fatal;
use super::setup::{account, connect};
use super::Fatal;
use crate::cli::CheckArgs;
use crate::config::Config;
use crate::drafting::Connection;
use crate::exit_codes::ExitCode;
use crate::printer::Printer;
use crate::report::sanitize;
use crate::sink::imap::ImapDrafts;
use crate::source::imap::{KeywordSupport, SpecialUse, TlsMode, KEYWORD};

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// What `check` can say about storing `$Rebound`: only a keyword the mailbox already defines is
/// proven; PERMANENTFLAGS `\*` is a promise a full keyword table breaks (Cyrus: 100 a mailbox).
fn keyword_verdict(k: KeywordSupport) -> String {
    match (k.promised, k.defined) {
        (true, true) => format!("yes (drafted messages get the keyword {KEYWORD})"),
        (true, false) => format!(
            "promised, not proven (PERMANENTFLAGS allow new keywords, but the mailbox does not \
             define {KEYWORD} yet and already has {} other keyword(s); should the server refuse \
             it, e.g. with a full keyword table, drafting goes on and relies on the Drafts and \
             Sent check alone)",
            k.keywords
        ),
        (false, _) => "no (every run searches Drafts for each rejection)".to_string(),
    }
}

/// Run `check`.
pub fn run(args: &CheckArgs, config: &Config, printer: Printer) -> Result<ExitCode, Fatal> {
    let account = account(config, args.account.as_deref(), printer)?;
    let (name, settings) = (account.name, account.settings);
    let Connection {
        mut session,
        mailbox: source,
    } = connect(settings, None)?;
    let mut out = String::new();
    let tls = match settings.tls {
        TlsMode::Implicit => "implicit TLS",
        TlsMode::Starttls => "STARTTLS",
        TlsMode::None => "no TLS (loopback only)",
    };
    let _ = writeln!(
        out,
        "account {name}: logged in to {}:{} as {} ({tls})",
        session.host(),
        session.port(),
        sanitize(&settings.username)
    );
    let caps = session.capabilities().map_err(imap_fatal)?;
    let _ = writeln!(
        out,
        "capabilities: IDLE {}, UIDPLUS {}, SPECIAL-USE {}, MOVE {}",
        yes(caps.idle()),
        yes(caps.uidplus()),
        yes(caps.special_use()),
        yes(caps.has("MOVE"))
    );
    if !caps.idle() {
        let _ = writeln!(out, "  (no IDLE: `rebound watch` will poll instead)");
    }
    let list = session.list_mailboxes().map_err(imap_fatal)?;
    let _ = writeln!(out, "mailboxes ({}):", list.len());
    for m in &list {
        let role = match m.special_use {
            Some(SpecialUse::Drafts) => "  \\Drafts",
            Some(SpecialUse::Sent) => "  \\Sent",
            Some(SpecialUse::Junk) => "  \\Junk",
            Some(SpecialUse::Trash) => "  \\Trash",
            Some(SpecialUse::Archive) => "  \\Archive",
            Some(SpecialUse::All) => "  \\All",
            Some(SpecialUse::Flagged) => "  \\Flagged",
            None => "",
        };
        let noselect = if m.selectable {
            ""
        } else {
            "  (not selectable)"
        };
        let _ = writeln!(out, "  {}{role}{noselect}", sanitize(&m.name));
    }
    let drafts =
        ImapDrafts::find(&mut session, settings.drafts_mailbox.as_deref()).map_err(imap_fatal)?;
    let keywords = session
        .keyword_support(&source.wire_name)
        .map_err(imap_fatal)?;
    let _ = writeln!(out, "reads: {}", sanitize(&source.name));
    let _ = writeln!(
        out,
        "keywords allowed in {}: {}",
        sanitize(&source.name),
        keyword_verdict(keywords)
    );
    let d = drafts.drafts();
    let _ = writeln!(
        out,
        "drafts go to: {} ({})",
        sanitize(&d.display_name),
        d.why.describe()
    );
    match drafts.sent() {
        Some(s) => {
            let _ = writeln!(
                out,
                "replies already sent are looked up in: {}",
                sanitize(&s.name)
            );
        }
        None => {
            let _ = writeln!(
                out,
                "no Sent folder found: only \\Answered marks a message as already answered"
            );
        }
    }
    session.logout();
    print!("{out}");
    Ok(ExitCode::Success)
}
