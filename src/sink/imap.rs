//! Drafts into the IMAP Drafts folder, at most once per source message, even across crashes.
//! The Drafts folder itself is the record (X-Rebound-Source / In-Reply-To); `$Rebound` is a hint.
//! Drafts and Sent are indexed once per run (Message-IDs named in their headers), then kept current.
//!
//! Order of work for a source message: is it `\Answered`? does Sent hold a reply to it? does
//! Drafts hold a draft for it (ours, or one the user wrote or edited)? Only then APPEND, and
//! after that STORE `$Rebound` on the source. A crash between APPEND and STORE is harmless: the
//! next run finds the draft by its header and only stores the keyword.

use std::collections::HashSet;

use imap::types::Flag;

use crate::compose::Draft;
use crate::source::imap::{
    choose_sent, uid_set, DraftsFolder, ImapError, MailboxInfo, Session, KEYWORD,
};

/// Environment variable that makes a run abort right after its first APPEND (crash tests).
pub const CRASH_AFTER_APPEND_ENV: &str = "REBOUND_TEST_CRASH_AFTER_APPEND";

/// Why a rejection gets no new draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// The source carries `\Answered`.
    Answered,
    /// The Sent folder holds a message whose In-Reply-To names the source.
    RepliedInSent,
    /// Drafts already holds a draft for it (rebound's or the user's).
    DraftPresent,
}

impl Skip {
    /// Words for the per-message line and the report.
    pub fn describe(self) -> &'static str {
        match self {
            Skip::Answered => "skipped: already answered",
            Skip::RepliedInSent => "skipped: reply found in Sent",
            Skip::DraftPresent => "draft already in Drafts",
        }
    }
}

/// The Message-IDs a folder's messages name in some header fields, kept current by UIDNEXT.
///
/// Loaded with one `FETCH (BODY.PEEK[HEADER.FIELDS (...)])` pass over the folder (in batches)
/// the first time it is needed; afterwards a `STATUS` tells whether anything arrived, and only
/// the new UIDs are fetched. A run costs O(folder) once instead of one server-side header search
/// (itself a scan of the folder) per rejection.
#[derive(Debug, Clone)]
struct FolderIds {
    info: MailboxInfo,
    /// The header fields whose `<id>`s count.
    fields: &'static str,
    /// None until loaded.
    uid_validity: Option<u32>,
    /// UIDs below this are in `ids`.
    next: u32,
    /// Lower-case Message-IDs without brackets.
    ids: HashSet<String>,
}

/// Messages per FETCH when a folder is first read.
const INDEX_BATCH: u32 = 2000;

impl FolderIds {
    fn new(info: MailboxInfo, fields: &'static str) -> FolderIds {
        FolderIds {
            info,
            fields,
            uid_validity: None,
            next: 1,
            ids: HashSet::new(),
        }
    }

    /// Bring `ids` up to date. Returns true when it had to select the folder (EXAMINE).
    fn refresh(&mut self, session: &mut Session) -> Result<bool, ImapError> {
        let status = session
            .raw()
            .status(&self.info.wire_name, "(UIDNEXT UIDVALIDITY)")
            .map_err(|e| session.protocol_error(&format!("STATUS {}", self.info.name), e))?;
        let validity = status.uid_validity.unwrap_or(0);
        let uid_next = status.uid_next;
        if self.uid_validity == Some(validity) && uid_next.is_some_and(|n| n <= self.next) {
            return Ok(false);
        }
        let opened = session.examine(&self.info)?;
        let query = format!("(UID BODY.PEEK[HEADER.FIELDS ({})])", self.fields);
        if self.uid_validity != Some(opened.uid_validity) {
            // First load (or the folder was recreated): read it all, by sequence number.
            self.ids.clear();
            let mut from = 1u32;
            while from <= opened.exists {
                let to = from.saturating_add(INDEX_BATCH - 1).min(opened.exists);
                log::debug!("FETCH {from}:{to} {query} in {}", self.info.name);
                let fetched = session
                    .raw()
                    .fetch(format!("{from}:{to}"), &query)
                    .map_err(|e| session.protocol_error("FETCH", e))?;
                for f in fetched.iter() {
                    self.add(f.header());
                }
                from = to.saturating_add(1);
            }
        } else {
            log::debug!("UID FETCH {}:* {query} in {}", self.next, self.info.name);
            let fetched = session
                .raw()
                .uid_fetch(format!("{}:*", self.next), &query)
                .map_err(|e| session.protocol_error("UID FETCH", e))?;
            for f in fetched.iter() {
                self.add(f.header());
            }
        }
        self.uid_validity = Some(opened.uid_validity);
        // What arrived after EXAMINE is fetched again next time: harmless, ids is a set.
        self.next = opened.uid_next.or(uid_next).unwrap_or(self.next);
        Ok(true)
    }

    fn add(&mut self, header: Option<&[u8]>) {
        if let Some(h) = header {
            self.ids.extend(bracketed_ids(h));
        }
    }

    fn contains(&self, id: &str) -> bool {
        self.ids.contains(&id.to_ascii_lowercase())
    }
}

/// Every `<...>` in a header block, lower-cased, without the brackets.
fn bracketed_ids(header: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(header);
    let mut out = Vec::new();
    let mut rest = text.as_ref();
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(['>', '<']) else {
            break;
        };
        if after[close..].starts_with('>') {
            let id = after[..close].trim();
            if !id.is_empty() {
                out.push(id.to_ascii_lowercase());
            }
            rest = &after[close + 1..];
        } else {
            rest = &after[close..];
        }
    }
    out
}

/// The Drafts folder (and the Sent folder, for the reply check) of one account, with what they
/// already answer.
#[derive(Debug, Clone)]
pub struct ImapDrafts {
    drafts: DraftsFolder,
    drafts_ids: FolderIds,
    sent_ids: Option<FolderIds>,
}

impl ImapDrafts {
    /// Find the Drafts folder (`drafts_mailbox` > `\Drafts` > names) and the Sent folder.
    pub fn find(session: &mut Session, drafts_mailbox: Option<&str>) -> Result<Self, ImapError> {
        let list = session.list_mailboxes()?;
        let drafts = crate::source::imap::choose_drafts(&list, drafts_mailbox, session.host())?;
        let drafts_info = list
            .iter()
            .find(|m| m.wire_name == drafts.wire_name)
            .cloned()
            .ok_or_else(|| ImapError::MailboxNotFound {
                mailbox: drafts.display_name.clone(),
                host: session.host().to_string(),
            })?;
        let sent = choose_sent(&list).cloned();
        Ok(ImapDrafts {
            drafts,
            drafts_ids: FolderIds::new(drafts_info, "X-REBOUND-SOURCE IN-REPLY-TO"),
            sent_ids: sent.map(|s| FolderIds::new(s, "IN-REPLY-TO")),
        })
    }

    /// The Drafts folder.
    pub fn drafts(&self) -> &DraftsFolder {
        &self.drafts
    }

    /// The Sent folder, if one was found.
    pub fn sent(&self) -> Option<&MailboxInfo> {
        self.sent_ids.as_ref().map(|s| &s.info)
    }

    /// Catch up with what Drafts and Sent hold now: a STATUS each, and a FETCH of the header
    /// fields of what is new (everything, the first time). Returns true when it selected one of
    /// them, so the caller's mailbox must be selected again.
    pub fn refresh(&mut self, session: &mut Session) -> Result<bool, ImapError> {
        let mut moved = self.drafts_ids.refresh(session)?;
        if let Some(sent) = &mut self.sent_ids {
            moved |= sent.refresh(session)?;
        }
        Ok(moved)
    }

    /// True when Sent held a reply to Message-ID `id` (no brackets) at the last refresh.
    pub fn replied(&self, id: &str) -> bool {
        self.sent_ids.as_ref().is_some_and(|s| s.contains(id))
    }

    /// True when Drafts held a draft for `id` at the last refresh (its `X-Rebound-Source` or
    /// `In-Reply-To` names it), or this run appended one.
    pub fn present(&self, id: &str) -> bool {
        self.drafts_ids.contains(id)
    }

    /// APPEND `draft` to Drafts with `\Draft \Seen`; the new UID when the server says (UIDPLUS).
    /// `source_id` (the source's Message-ID, if any) counts as present from now on.
    pub fn append(
        &mut self,
        session: &mut Session,
        draft: &Draft,
        source_id: Option<&str>,
    ) -> Result<Option<u32>, ImapError> {
        log::debug!(
            "APPEND to {} ({} bytes)",
            self.drafts.display_name,
            draft.bytes.len()
        );
        let appended = session
            .raw()
            .append(&self.drafts.wire_name, &draft.bytes)
            .flags([Flag::Draft, Flag::Seen])
            .finish()
            .map_err(|e| {
                session.protocol_error(&format!("APPEND to {}", self.drafts.display_name), e)
            })?;
        if std::env::var_os(CRASH_AFTER_APPEND_ENV).is_some_and(|v| v == "1") {
            // Simulates a crash (kill -9) between APPEND and STORE for the idempotency tests.
            std::process::abort();
        }
        let uid = appended.uids.and_then(|u| {
            u.into_iter()
                .map(|m| match m {
                    imap_proto::types::UidSetMember::Uid(uid) => uid,
                    imap_proto::types::UidSetMember::UidRange(r) => *r.start(),
                })
                .next()
        });
        if let Some(id) = source_id {
            self.drafts_ids.ids.insert(id.to_ascii_lowercase());
        }
        // Our own draft need not be fetched back, unless something else arrived before it.
        if uid.is_some_and(|u| u == self.drafts_ids.next) {
            self.drafts_ids.next = self.drafts_ids.next.saturating_add(1);
        }
        Ok(uid)
    }
}

/// STORE `$Rebound` on `uids` of the selected (read-write) mailbox; `\Seen` is left alone.
pub fn mark_drafted(session: &mut Session, uids: &[u32]) -> Result<(), ImapError> {
    if uids.is_empty() {
        return Ok(());
    }
    let mut sorted = uids.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let set = uid_set(&sorted);
    log::debug!("UID STORE {set} +FLAGS.SILENT ({KEYWORD})");
    session
        .raw()
        .uid_store(&set, format!("+FLAGS.SILENT ({KEYWORD})"))
        .map(|_| ())
        .map_err(|e| session.protocol_error("UID STORE", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_header_fields() {
        let h = b"X-Rebound-Source: <A1@Buyer.example>\r\nIn-Reply-To: <x@y>\r\n <z@w> junk <broken\r\n\r\n";
        assert_eq!(
            bracketed_ids(h),
            vec!["a1@buyer.example".to_string(), "x@y".into(), "z@w".into()]
        );
        assert!(bracketed_ids(b"In-Reply-To: <>\r\n").is_empty());
        assert_eq!(bracketed_ids(b"<a<b@c>"), vec!["b@c".to_string()]);
    }
}
