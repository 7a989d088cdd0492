//! Drafts into the IMAP Drafts folder, once per source message, across crashes and overlapping runs.
//! The Drafts folder itself is the record (X-Rebound-Source / In-Reply-To); `$Rebound` is a hint.
//! Drafts and Sent are indexed once per run (Message-IDs named in their headers), then kept current.
//!
//! Order of work for a source message: is it `\Answered`? does Sent hold a reply to it? does
//! Drafts hold a draft for it (ours, or one the user wrote or edited)? Only then APPEND (sealed
//! with a digest), then [`ImapDrafts::settle`]: look again and remove the surplus copies another
//! run appended at the same moment (see [`super::duplicates`] for why and which), and after that
//! STORE `$Rebound` on the source. A crash between APPEND and STORE is harmless: the next run
//! finds the draft by its header, settles Drafts and only stores the keyword.

use std::collections::{BTreeSet, HashMap, HashSet};

use imap::types::Flag;

use super::duplicates::{self, Copy};
use crate::compose::Draft;
use crate::source::imap::{
    choose_sent, uid_set, DraftsFolder, ImapError, MailboxInfo, Session, KEYWORD,
};

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
    /// For each id an `X-Rebound-Source` names: the UIDs of the messages that name it so.
    rebound: HashMap<String, BTreeSet<u32>>,
    /// Each message's own Message-ID (lower case) -> its UID, for looking up a reply's thread.
    own: HashMap<String, u32>,
    /// Ids that got a second (or further) `rebound` UID since they were last settled.
    dirty: BTreeSet<String>,
    /// The UIDs the last `UID FETCH n:*` of new messages returned.
    last_fetched: HashSet<u32>,
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
            own: HashMap::new(),
            rebound: HashMap::new(),
            dirty: BTreeSet::new(),
            last_fetched: HashSet::new(),
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
        let mut highest = 0u32;
        if self.uid_validity != Some(opened.uid_validity) {
            // First load (or the folder was recreated): read it all, by sequence number.
            self.ids.clear();
            self.own.clear();
            self.rebound.clear();
            self.dirty.clear();
            let mut from = 1u32;
            while from <= opened.exists {
                let to = from.saturating_add(INDEX_BATCH - 1).min(opened.exists);
                log::debug!("FETCH {from}:{to} {query} in {}", self.info.name);
                let fetched = session
                    .raw()
                    .fetch(format!("{from}:{to}"), &query)
                    .map_err(|e| session.protocol_error("FETCH", e))?;
                for f in fetched.iter() {
                    highest = highest.max(f.uid.unwrap_or(0));
                    self.add(f.uid, f.header());
                }
                from = to.saturating_add(1);
            }
            self.next = 1;
        } else {
            log::debug!("UID FETCH {}:* {query} in {}", self.next, self.info.name);
            let fetched = session
                .raw()
                .uid_fetch(format!("{}:*", self.next), &query)
                .map_err(|e| session.protocol_error("UID FETCH", e))?;
            self.last_fetched.clear();
            for f in fetched.iter() {
                highest = highest.max(f.uid.unwrap_or(0));
                self.last_fetched.extend(f.uid);
                self.add(f.uid, f.header());
            }
        }
        self.uid_validity = Some(opened.uid_validity);
        // Only what was read moves `next`, never UIDNEXT: Dovecot (Maildir) can report a UIDNEXT
        // past UIDs another session has taken but whose messages this view cannot see yet, and
        // skipping them hid a concurrent run's drafts from the duplicate check. What arrives
        // later, or is fetched twice, is harmless: ids is a set.
        self.next = self.next.max(highest.saturating_add(1));
        Ok(true)
    }

    fn add(&mut self, uid: Option<u32>, header: Option<&[u8]>) {
        let Some(h) = header else { return };
        if let (Some(id), Some(uid)) = (duplicates::own_id(h), uid) {
            self.own.insert(id, uid);
        }
        for (id, rebound) in duplicates::named_ids(h) {
            if let (true, Some(uid)) = (rebound, uid) {
                self.add_rebound(&id, uid);
            }
            self.ids.insert(id);
        }
    }

    /// Note that the message `uid` names `id` in its `X-Rebound-Source`.
    fn add_rebound(&mut self, id: &str, uid: u32) {
        let uids = self.rebound.entry(id.to_string()).or_default();
        if uids.insert(uid) && uids.len() > 1 {
            self.dirty.insert(id.to_string());
        }
    }

    fn contains(&self, id: &str) -> bool {
        self.ids.contains(&id.to_ascii_lowercase())
    }
}

/// What [`ImapDrafts::settle`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settled {
    /// It selected Drafts or Sent: the caller's mailbox must be selected again.
    pub moved: bool,
    /// The UIDs of the surplus copies it removed from Drafts.
    pub removed: Vec<u32>,
    /// The UIDs of copies it looked at that are gone: removed by it or by another run.
    pub gone: Vec<u32>,
    /// Sources with more than one rebound draft that stay: the server lacks UIDPLUS, without
    /// which removing one message could expunge the user's own `\Deleted` ones too, or it
    /// refused the removal (`refused`).
    pub left: Vec<String>,
    /// The server answered NO to removing the surplus copies (its reason, if it gave one): they
    /// stay, for the user to delete by hand.
    pub refused: Option<Option<String>>,
}

/// The Drafts folder (and the Sent folder, for the reply check) of one account, with what they
/// already answer.
#[derive(Debug, Clone)]
pub struct ImapDrafts {
    drafts: DraftsFolder,
    drafts_ids: FolderIds,
    sent_ids: Option<FolderIds>,
    /// The server offers UIDPLUS (APPENDUID, `UID EXPUNGE`).
    uidplus: bool,
    /// UIDs this run appended (under the current UIDVALIDITY of Drafts): its own bytes.
    own: HashSet<u32>,
    /// Own UIDs appended after another message arrived, not yet seen again by a refresh.
    unseen_own: Vec<u32>,
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
        let uidplus = session.capabilities()?.uidplus();
        Ok(ImapDrafts {
            drafts,
            drafts_ids: FolderIds::new(drafts_info, "X-REBOUND-SOURCE IN-REPLY-TO MESSAGE-ID"),
            sent_ids: sent.map(|s| FolderIds::new(s, "IN-REPLY-TO MESSAGE-ID")),
            uidplus,
            own: HashSet::new(),
            unseen_own: Vec::new(),
        })
    }

    /// The Drafts folder.
    pub fn drafts(&self) -> &DraftsFolder {
        &self.drafts
    }

    /// The Drafts folder as LIST named it.
    pub fn drafts_info(&self) -> &MailboxInfo {
        &self.drafts_ids.info
    }

    /// The Sent folder, if one was found.
    pub fn sent(&self) -> Option<&MailboxInfo> {
        self.sent_ids.as_ref().map(|s| &s.info)
    }

    /// Catch up with what Drafts and Sent hold now: a STATUS each, and a FETCH of the header
    /// fields of what is new (everything, the first time). Returns true when it selected one of
    /// them, so the caller's mailbox must be selected again.
    pub fn refresh(&mut self, session: &mut Session) -> Result<bool, ImapError> {
        let mut moved = self.refresh_drafts(session)?;
        if let Some(sent) = &mut self.sent_ids {
            moved |= sent.refresh(session)?;
        }
        Ok(moved)
    }

    /// [`ImapDrafts::refresh`] for Drafts alone.
    fn refresh_drafts(&mut self, session: &mut Session) -> Result<bool, ImapError> {
        let validity = self.drafts_ids.uid_validity;
        let moved = self.drafts_ids.refresh(session)?;
        if self.drafts_ids.uid_validity != validity {
            self.own.clear();
            self.unseen_own.clear();
        }
        Ok(moved)
    }

    /// The UIDs in Sent and in Drafts of the messages whose own Message-ID is one of `ids`
    /// (lower case), as of the last refresh: where a reply's thread continues.
    pub fn own_messages<'a>(
        &self,
        ids: impl IntoIterator<Item = &'a String> + Clone,
    ) -> (Vec<u32>, Vec<u32>) {
        let find = |f: &FolderIds| {
            let mut uids: Vec<u32> = ids
                .clone()
                .into_iter()
                .filter_map(|id| f.own.get(id).copied())
                .collect();
            uids.sort_unstable();
            uids.dedup();
            uids
        };
        (
            self.sent_ids.as_ref().map(find).unwrap_or_default(),
            find(&self.drafts_ids),
        )
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

    /// APPEND `draft`, sealed with its digest, to Drafts with `\Draft \Seen`; the new UID when
    /// the server says (UIDPLUS). `source_id` (the source's Message-ID, if any) counts as present
    /// from now on. Call [`ImapDrafts::settle`] before marking the source as drafted.
    pub fn append(
        &mut self,
        session: &mut Session,
        draft: &Draft,
        source_id: Option<&str>,
    ) -> Result<Option<u32>, ImapError> {
        let sealed = duplicates::seal(&draft.bytes);
        log::debug!(
            "APPEND to {} ({} bytes)",
            self.drafts.display_name,
            sealed.len()
        );
        let appended = session
            .raw()
            .append(&self.drafts.wire_name, &sealed)
            .flags([Flag::Draft, Flag::Seen])
            .finish()
            .map_err(|e| {
                session.command_error(&format!("APPEND to {}", self.drafts.display_name), e)
            })?;
        let uid = appended.uids.and_then(|u| {
            u.into_iter()
                .map(|m| match m {
                    imap_proto::types::UidSetMember::Uid(uid) => uid,
                    imap_proto::types::UidSetMember::UidRange(r) => *r.start(),
                })
                .next()
        });
        // APPENDUID names the UIDVALIDITY too; a recreated folder is caught at the next refresh.
        if let Some(u) = uid {
            log::debug!("APPENDUID {u} (next {})", self.drafts_ids.next);
            self.own.insert(u);
        }
        if let Some(id) = source_id {
            self.drafts_ids.ids.insert(id.to_ascii_lowercase());
        }
        // Our own draft need not be fetched back, unless something else arrived before it.
        match uid {
            Some(u) if u == self.drafts_ids.next => {
                self.drafts_ids.next = self.drafts_ids.next.saturating_add(1);
                if let Some(id) = source_id {
                    self.drafts_ids.add_rebound(&id.to_ascii_lowercase(), u);
                }
            }
            Some(u) => self.unseen_own.push(u),
            None => {}
        }
        Ok(uid)
    }

    /// Refresh Drafts, then remove the surplus copies of every source that more than one rebound draft
    /// names (another run appended at the same moment, or was killed before it could settle).
    /// Only untouched copies are removed, with `UID EXPUNGE`; see [`super::duplicates`].
    pub fn settle(&mut self, session: &mut Session) -> Result<Settled, ImapError> {
        let mut settled = Settled {
            moved: self.refresh_drafts(session)?,
            ..Settled::default()
        };
        // Another run may already have removed one of ours: the refresh fetched every UID from
        // before our first such APPEND on, so an own UID it did not return is gone.
        let fetched = &self.drafts_ids.last_fetched;
        settled.gone = std::mem::take(&mut self.unseen_own)
            .into_iter()
            .filter(|u| !fetched.contains(u))
            .collect();
        if self.drafts_ids.dirty.is_empty() {
            return Ok(settled);
        }
        let dirty = std::mem::take(&mut self.drafts_ids.dirty);
        if !self.uidplus {
            settled.left = dirty.into_iter().collect();
            return Ok(settled);
        }
        let uids: BTreeSet<u32> = dirty
            .iter()
            .filter_map(|id| self.drafts_ids.rebound.get(id))
            .flatten()
            .copied()
            .collect();
        session.select(&self.drafts_ids.info)?;
        settled.moved = true;
        let set = uid_set(&uids.iter().copied().collect::<Vec<_>>());
        log::debug!(
            "UID FETCH {set} (UID BODY.PEEK[]) in {}",
            self.drafts.display_name
        );
        let fetched = session
            .raw()
            .uid_fetch(&set, "(UID BODY.PEEK[])")
            .map_err(|e| session.protocol_error("UID FETCH", e))?;
        let mut copies: HashMap<&str, Vec<Copy>> = HashMap::new();
        let mut alive: HashSet<u32> = HashSet::new();
        for f in fetched.iter() {
            let (Some(uid), Some(body)) = (f.uid, f.body()) else {
                continue;
            };
            alive.insert(uid);
            let untouched = self.own.contains(&uid) || duplicates::untouched(body);
            let header_end = memchr::memmem::find(body, b"\r\n\r\n").unwrap_or(body.len());
            for (id, rebound) in duplicates::named_ids(&body[..header_end]) {
                if let (true, Some(id)) = (rebound, dirty.get(&id)) {
                    copies
                        .entry(id.as_str())
                        .or_default()
                        .push(Copy { uid, untouched });
                }
            }
        }
        for (id, c) in &copies {
            log::debug!("copies of <{id}> in Drafts: {c:?}");
        }
        let mut remove: Vec<u32> = copies
            .values()
            .flat_map(|c| duplicates::surplus(c))
            .collect();
        remove.sort_unstable();
        remove.dedup();
        if !remove.is_empty() {
            // A NO, or an OK that kept some (Dovecot without the expunge right): those copies
            // stay, the run goes on and the user is told which sources have two.
            let kept = match remove_copies(session, &remove) {
                Ok(kept) if kept.is_empty() => None,
                Ok(kept) => Some((None, kept)),
                Err(ImapError::Refused { reason, .. }) => Some((reason, remove.clone())),
                Err(e) => return Err(e),
            };
            if let Some((reason, kept)) = kept {
                settled.refused = Some(reason);
                settled.left = copies
                    .iter()
                    .filter(|(_, c)| {
                        duplicates::surplus(c)
                            .iter()
                            .any(|u| kept.binary_search(u).is_ok())
                    })
                    .map(|(id, _)| id.to_string())
                    .collect();
                settled.left.sort();
                remove.retain(|u| kept.binary_search(u).is_err());
            }
        }
        for id in &dirty {
            if let Some(uids) = self.drafts_ids.rebound.get_mut(id) {
                uids.retain(|u| alive.contains(u) && remove.binary_search(u).is_err());
            }
        }
        settled.gone.extend(
            uids.into_iter()
                .filter(|u| !alive.contains(u) || remove.binary_search(u).is_ok()),
        );
        settled.removed = remove;
        Ok(settled)
    }
    /// The last look of a run at what it counts as written (`written`: its own UIDs): every
    /// rebound draft in Drafts is read again from UID 1 (the header fields its index reads), so a
    /// copy another run appended that the earlier, incremental looks could not see yet is found,
    /// and the sources with more than one copy are settled. The own UIDs that are not the copy
    /// that stays come back in `gone`.
    pub fn recheck(
        &mut self,
        session: &mut Session,
        written: &[u32],
    ) -> Result<Settled, ImapError> {
        if written.is_empty() {
            return Ok(Settled::default());
        }
        // A fresh index of the whole folder, read from UID 1 the way a run's first look reads it.
        let mut fresh = FolderIds::new(self.drafts_ids.info.clone(), self.drafts_ids.fields);
        fresh.refresh(session)?;
        if fresh.uid_validity != self.drafts_ids.uid_validity {
            // Drafts was recreated meanwhile: none of this run's UIDs name anything any more.
            return Ok(Settled {
                moved: true,
                gone: written.to_vec(),
                ..Settled::default()
            });
        }
        // Every draft of this run names its source in X-Rebound-Source: one that no copy holds
        // is gone.
        let alive: HashSet<u32> = fresh.rebound.values().flatten().copied().collect();
        let written: HashSet<u32> = written.iter().copied().collect();
        for (id, uids) in fresh.rebound {
            if uids.len() > 1 && uids.iter().any(|u| written.contains(u)) {
                self.drafts_ids
                    .rebound
                    .entry(id.clone())
                    .or_default()
                    .extend(uids);
                self.drafts_ids.dirty.insert(id);
            }
        }
        let mut settled = self.settle(session)?;
        settled.moved = true;
        settled
            .gone
            .extend(written.iter().filter(|u| !alive.contains(u)).copied());
        settled.gone.retain(|u| written.contains(u));
        settled.gone.sort_unstable();
        settled.gone.dedup();
        Ok(settled)
    }
}

/// Flag `uids` of the selected Drafts `\\Deleted` and expunge exactly those (UIDPLUS); returns
/// the UIDs the server kept (sorted), with their `\\Deleted` flag taken back so no client hides
/// them meanwhile.
fn remove_copies(session: &mut Session, uids: &[u32]) -> Result<Vec<u32>, ImapError> {
    let set = uid_set(uids);
    log::debug!("UID STORE {set} +FLAGS.SILENT (\\Deleted); UID EXPUNGE {set}");
    session
        .raw()
        .uid_store(&set, "+FLAGS.SILENT (\\Deleted)")
        .map_err(|e| session.command_error("UID STORE \\Deleted", e))?;
    let expunged = session.raw().uid_expunge(&set).map(|_| ());
    let refused = match expunged {
        Ok(()) => None,
        Err(e) => match session.command_error("UID EXPUNGE", e) {
            e @ ImapError::Refused { .. } => Some(e),
            e => return Err(e),
        },
    };
    let mut kept: Vec<u32> = session
        .raw()
        .uid_search(format!("UID {set}"))
        .map_err(|e| session.protocol_error("UID SEARCH", e))?
        .into_iter()
        .filter(|u| uids.contains(u))
        .collect();
    kept.sort_unstable();
    if !kept.is_empty() {
        let kept_set = uid_set(&kept);
        session
            .raw()
            .uid_store(&kept_set, "-FLAGS.SILENT (\\Deleted)")
            .map_err(|e| session.command_error("UID STORE -\\Deleted", e))?;
    }
    match refused {
        Some(e) => Err(e),
        None => Ok(kept),
    }
}

/// STORE `$Rebound` on `uids` of the selected (read-write) mailbox; `\Seen` is left alone.
/// A server that will not take the keyword answers NO: [`ImapError::Refused`].
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
        .map_err(|e| session.command_error(&format!("UID STORE {KEYWORD}"), e))
}
