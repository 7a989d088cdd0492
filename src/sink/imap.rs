//! Drafts into the IMAP Drafts folder, at most once per source message, even across crashes.
//! The Drafts folder itself is the record (X-Rebound-Source / In-Reply-To); `$Rebound` is a hint.
//!
//! Order of work for a source message: is it `\Answered`? does Sent hold a reply to it? does
//! Drafts hold a draft for it (ours, or one the user wrote or edited)? Only then APPEND, and
//! after that STORE `$Rebound` on the source. A crash between APPEND and STORE is harmless: the
//! next run finds the draft by its header and only stores the keyword.

use std::collections::HashSet;

use imap::types::Flag;

use crate::compose::Draft;
use crate::source::imap::{
    choose_sent, quoted, uid_set, DraftsFolder, ImapError, MailboxInfo, Session, KEYWORD,
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

/// The Drafts folder (and the Sent folder, for the reply check) of one account.
#[derive(Debug, Clone)]
pub struct ImapDrafts {
    drafts: DraftsFolder,
    drafts_info: MailboxInfo,
    sent: Option<MailboxInfo>,
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
            drafts_info,
            sent,
        })
    }

    /// The Drafts folder.
    pub fn drafts(&self) -> &DraftsFolder {
        &self.drafts
    }

    /// The Sent folder, if one was found.
    pub fn sent(&self) -> Option<&MailboxInfo> {
        self.sent.as_ref()
    }

    /// Of the Message-IDs `ids` (without brackets), those the Sent folder holds a reply to.
    /// Leaves the Sent folder selected (read-only).
    pub fn replied(
        &self,
        session: &mut Session,
        ids: &[String],
    ) -> Result<HashSet<String>, ImapError> {
        let Some(sent) = &self.sent else {
            return Ok(HashSet::new());
        };
        if ids.is_empty() {
            return Ok(HashSet::new());
        }
        session.examine(sent)?;
        let mut found = HashSet::new();
        for id in ids {
            let Some(q) = quoted(&format!("<{id}>")) else {
                continue;
            };
            if !session
                .search(&format!("HEADER In-Reply-To {q}"))?
                .is_empty()
            {
                found.insert(id.clone());
            }
        }
        Ok(found)
    }

    /// Of the Message-IDs `ids`, those Drafts already holds a draft for: `X-Rebound-Source` or
    /// `In-Reply-To` names them. Leaves the Drafts folder selected (read-only).
    pub fn present(
        &self,
        session: &mut Session,
        ids: &[String],
    ) -> Result<HashSet<String>, ImapError> {
        if ids.is_empty() {
            return Ok(HashSet::new());
        }
        session.examine(&self.drafts_info)?;
        let mut found = HashSet::new();
        for id in ids {
            let Some(q) = quoted(&format!("<{id}>")) else {
                continue;
            };
            let query = format!(
                "OR HEADER {} {q} HEADER In-Reply-To {q}",
                crate::compose::reply::SOURCE_HEADER
            );
            if !session.search(&query)?.is_empty() {
                found.insert(id.clone());
            }
        }
        Ok(found)
    }

    /// APPEND `draft` to Drafts with `\Draft \Seen`; the new UID when the server says (UIDPLUS).
    pub fn append(&self, session: &mut Session, draft: &Draft) -> Result<Option<u32>, ImapError> {
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
