//! Mailbox listing and Drafts folder detection: config, then `\Drafts` special-use, then names.
//! Names are compared decoded from modified UTF-7; the wire name goes back to the server unchanged.

use super::error::ImapError;
use super::utf7;

/// RFC 6154 special-use roles a mailbox can announce in LIST.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecialUse {
    /// `\All`
    All,
    /// `\Archive`
    Archive,
    /// `\Drafts`
    Drafts,
    /// `\Flagged`
    Flagged,
    /// `\Junk`
    Junk,
    /// `\Sent`
    Sent,
    /// `\Trash`
    Trash,
}

/// One mailbox as listed by the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailboxInfo {
    /// The name exactly as LIST returned it (modified UTF-7): use this in commands.
    pub wire_name: String,
    /// The decoded UTF-8 name, for people and for comparisons.
    pub name: String,
    /// Hierarchy delimiter, if the server has one.
    pub delimiter: Option<String>,
    /// The special-use role, if announced.
    pub special_use: Option<SpecialUse>,
    /// False for `\Noselect` / `\NonExistent` entries (hierarchy placeholders).
    pub selectable: bool,
}

/// Why a folder was chosen for drafts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftsReason {
    /// `drafts_mailbox` in the account settings.
    Config,
    /// The server marks it `\Drafts` (RFC 6154).
    SpecialUse,
    /// Its name is one of the usual names for drafts.
    Name,
}

impl DraftsReason {
    /// Short words for `rebound check`.
    pub fn describe(self) -> &'static str {
        match self {
            DraftsReason::Config => "set by drafts_mailbox in the config",
            DraftsReason::SpecialUse => "marked \\Drafts by the server (special-use)",
            DraftsReason::Name => "found by its name",
        }
    }
}

/// The folder that will receive drafts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftsFolder {
    /// The name to send to the server (as listed, modified UTF-7).
    pub wire_name: String,
    /// The decoded name to show.
    pub display_name: String,
    /// How it was found.
    pub why: DraftsReason,
}

/// The usual Drafts folder names across servers and languages, most common first.
pub const DRAFTS_NAMES: &[&str] = &[
    "Drafts",
    "INBOX.Drafts",
    "INBOX/Drafts",
    "[Gmail]/Drafts",
    "Draft",
    "Entwürfe",
    "Brouillons",
    "Borradores",
    "Concepten",
    "Rascunhos",
];

/// The usual names of the folder of sent mail, most common first.
pub const SENT_NAMES: &[&str] = &[
    "Sent",
    "Sent Items",
    "Sent Messages",
    "Sent Mail",
    "INBOX.Sent",
    "INBOX/Sent",
    "[Gmail]/Sent Mail",
    "Gesendet",
    "Gesendete Objekte",
    "Gesendete Elemente",
    "Envoyés",
    "Éléments envoyés",
    "Enviados",
    "Elementos enviados",
    "Verzonden",
    "Verzonden items",
    "Itens Enviados",
];

/// The folder of sent mail: `\Sent` special-use, else a usual name (any letter case, or below
/// INBOX); None when there is none (the reply check is then skipped).
pub fn choose_sent(mailboxes: &[MailboxInfo]) -> Option<&MailboxInfo> {
    let usable = || mailboxes.iter().filter(|m| m.selectable);
    if let Some(m) = usable().find(|m| m.special_use == Some(SpecialUse::Sent)) {
        return Some(m);
    }
    for candidate in SENT_NAMES {
        if let Some(m) = usable().find(|m| m.name == *candidate) {
            return Some(m);
        }
    }
    SENT_NAMES.iter().find_map(|candidate| {
        usable().find(|m| {
            m.name.eq_ignore_ascii_case(candidate)
                || below_inbox(m).is_some_and(|rest| rest.eq_ignore_ascii_case(candidate))
        })
    })
}

/// Turn one LIST entry into a `MailboxInfo`.
pub(crate) fn mailbox_info(name: &imap::types::Name<'_>) -> MailboxInfo {
    use imap_proto::types::NameAttribute as A;
    let mut special_use = None;
    let mut selectable = true;
    for attr in name.attributes() {
        match attr {
            A::NoSelect => selectable = false,
            A::All => special_use = Some(SpecialUse::All),
            A::Archive => special_use = Some(SpecialUse::Archive),
            A::Drafts => special_use = Some(SpecialUse::Drafts),
            A::Flagged => special_use = Some(SpecialUse::Flagged),
            A::Junk => special_use = Some(SpecialUse::Junk),
            A::Sent => special_use = Some(SpecialUse::Sent),
            A::Trash => special_use = Some(SpecialUse::Trash),
            A::Extension(x) if x.eq_ignore_ascii_case("\\NonExistent") => selectable = false,
            _ => {}
        }
    }
    let wire_name = name.name().to_string();
    MailboxInfo {
        name: utf7::decode_or_raw(&wire_name),
        wire_name,
        delimiter: name.delimiter().map(str::to_string),
        special_use,
        selectable,
    }
}

/// Find the mailbox a user means by `wanted` (UTF-8 as typed, or the wire form).
pub fn find_mailbox<'a>(mailboxes: &'a [MailboxInfo], wanted: &str) -> Option<&'a MailboxInfo> {
    let is_inbox = |s: &str| s.eq_ignore_ascii_case("INBOX");
    mailboxes
        .iter()
        .find(|m| m.name == wanted || m.wire_name == wanted)
        .or_else(|| {
            // INBOX is case-insensitive (RFC 3501 5.1); other names are not.
            mailboxes
                .iter()
                .find(|m| is_inbox(wanted) && is_inbox(&m.wire_name))
        })
}

/// Pick the Drafts folder: config override > `\Drafts` special-use > usual names.
pub fn choose_drafts(
    mailboxes: &[MailboxInfo],
    config_override: Option<&str>,
    host: &str,
) -> Result<DraftsFolder, ImapError> {
    if let Some(wanted) = config_override {
        return match find_mailbox(mailboxes, wanted) {
            Some(m) if m.selectable => Ok(folder(m, DraftsReason::Config)),
            _ => Err(ImapError::MailboxNotFound {
                mailbox: wanted.to_string(),
                host: host.to_string(),
            }),
        };
    }
    let usable = || mailboxes.iter().filter(|m| m.selectable);
    if let Some(m) = usable().find(|m| m.special_use == Some(SpecialUse::Drafts)) {
        return Ok(folder(m, DraftsReason::SpecialUse));
    }
    for candidate in DRAFTS_NAMES {
        if let Some(m) = usable().find(|m| m.name == *candidate) {
            return Ok(folder(m, DraftsReason::Name));
        }
    }
    // Second chance: another letter case, or the same name below INBOX (Courier/Cyrus style).
    for candidate in DRAFTS_NAMES {
        if let Some(m) = usable().find(|m| {
            m.name.eq_ignore_ascii_case(candidate)
                || below_inbox(m).is_some_and(|rest| rest.eq_ignore_ascii_case(candidate))
        }) {
            return Ok(folder(m, DraftsReason::Name));
        }
    }
    Err(ImapError::NoDrafts {
        tried: DRAFTS_NAMES.join(", "),
    })
}

/// The rest of the name when it is a direct child of INBOX (`INBOX.Entwürfe` -> `Entwürfe`).
fn below_inbox(m: &MailboxInfo) -> Option<&str> {
    let delim = m.delimiter.as_deref()?;
    let head = m.name.get(..5)?;
    if !head.eq_ignore_ascii_case("INBOX") {
        return None;
    }
    m.name[5..].strip_prefix(delim)
}

fn folder(m: &MailboxInfo, why: DraftsReason) -> DraftsFolder {
    DraftsFolder {
        wire_name: m.wire_name.clone(),
        display_name: m.name.clone(),
        why,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mb(wire: &str, special: Option<SpecialUse>) -> MailboxInfo {
        MailboxInfo {
            wire_name: wire.into(),
            name: utf7::decode_or_raw(wire),
            delimiter: Some(".".into()),
            special_use: special,
            selectable: true,
        }
    }

    #[test]
    fn config_beats_special_use_and_names() {
        let list = vec![
            mb("INBOX", None),
            mb("Drafts", None),
            mb("Mine", None),
            mb("Entw&APw-rfe", Some(SpecialUse::Drafts)),
        ];
        let d = choose_drafts(&list, Some("Mine"), "h").unwrap();
        assert_eq!(
            (d.wire_name.as_str(), d.why),
            ("Mine", DraftsReason::Config)
        );
        let d = choose_drafts(&list, None, "h").unwrap();
        assert_eq!(d.wire_name, "Entw&APw-rfe");
        assert_eq!(d.display_name, "Entwürfe");
        assert_eq!(d.why, DraftsReason::SpecialUse);
    }

    #[test]
    fn config_name_in_utf8_maps_to_wire_name() {
        let list = vec![mb("INBOX", None), mb("Entw&APw-rfe", None)];
        let d = choose_drafts(&list, Some("Entwürfe"), "h").unwrap();
        assert_eq!(d.wire_name, "Entw&APw-rfe");
        let e = choose_drafts(&list, Some("Nope"), "imap.example.com").unwrap_err();
        assert_eq!(e.to_string(), "mailbox not found: Nope on imap.example.com");
    }

    #[test]
    fn names_in_preference_order_and_below_inbox() {
        let list = vec![
            mb("INBOX", None),
            mb("Brouillons", None),
            mb("Drafts", None),
        ];
        assert_eq!(choose_drafts(&list, None, "h").unwrap().wire_name, "Drafts");
        let list = vec![mb("INBOX", None), mb("INBOX.Brouillons", None)];
        let d = choose_drafts(&list, None, "h").unwrap();
        assert_eq!(
            (d.wire_name.as_str(), d.why),
            ("INBOX.Brouillons", DraftsReason::Name)
        );
        let list = vec![mb("INBOX", None), mb("drafts", None)];
        assert_eq!(choose_drafts(&list, None, "h").unwrap().wire_name, "drafts");
    }

    #[test]
    fn unselectable_and_missing() {
        let mut placeholder = mb("Drafts", Some(SpecialUse::Drafts));
        placeholder.selectable = false;
        let list = vec![
            mb("INBOX", None),
            placeholder,
            mb("Sent", Some(SpecialUse::Sent)),
        ];
        let e = choose_drafts(&list, None, "h").unwrap_err();
        assert!(matches!(e, ImapError::NoDrafts { .. }));
        assert!(e.to_string().contains("Entwürfe"), "{e}");
        assert!(!e.is_connection_error());
    }

    #[test]
    fn sent_by_special_use_then_names() {
        let list = vec![
            mb("INBOX", None),
            mb("Sent Items", None),
            mb("Outbox", Some(SpecialUse::Sent)),
        ];
        assert_eq!(choose_sent(&list).unwrap().wire_name, "Outbox");
        let list = vec![mb("INBOX", None), mb("INBOX.Gesendet", None)];
        assert_eq!(choose_sent(&list).unwrap().wire_name, "INBOX.Gesendet");
        assert!(choose_sent(&[mb("INBOX", None)]).is_none());
    }

    #[test]
    fn inbox_is_case_insensitive_only() {
        let list = vec![mb("INBOX", None), mb("Work", None)];
        assert_eq!(find_mailbox(&list, "inbox").unwrap().wire_name, "INBOX");
        assert!(find_mailbox(&list, "work").is_none());
    }
}
