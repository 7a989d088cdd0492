//! The conversation around a reply: the seller's messages in its thread (via the Sent and
//! Drafts index) and the buyer's earlier ones, so the reply is classified in its thread.

use super::{Drafter, DraftingError, Source};
use crate::conversation::{self, Book};
use crate::pipeline::Analysis;
use crate::sink::imap::ImapDrafts;
use crate::source::imap::Session;

impl Drafter {
    /// Read the threads of the replies in `analyses` that may answer rebound's conversation, and
    /// classify those replies again in their thread. The seller's messages they name are found
    /// through the Sent and Drafts index (Message-IDs, read once per run); only when the seller
    /// wrote in a thread is the source mailbox searched for the rest of it (the rejection, for
    /// its reason, and the buyer's yes).
    /// Returns true when it left the source mailbox (the caller selects it again).
    pub(super) fn read_threads(
        &self,
        session: &mut Session,
        drafts: &mut ImapDrafts,
        source: &Source<'_>,
        analyses: &mut [Analysis],
    ) -> Result<bool, DraftingError> {
        let wanted: std::collections::BTreeSet<String> = analyses
            .iter()
            .filter_map(|a| a.mail.as_ref().map(|m| (m, &a.verdict)))
            .filter(|(m, v)| conversation::worth_a_thread_lookup(m, v))
            .flat_map(|(m, _)| m.references.iter().chain(&m.in_reply_to))
            .map(|id| id.to_ascii_lowercase())
            .collect();
        if wanted.is_empty() {
            return Ok(false);
        }
        let mut moved = drafts.refresh(session).map_err(DraftingError::Imap)?;
        let (sent_uids, draft_uids) = drafts.own_messages(&wanted);
        if sent_uids.is_empty() && draft_uids.is_empty() {
            // The seller wrote nothing in these threads: no conversation to read.
            return Ok(moved);
        }
        let mut found: Vec<crate::message::Mail> = Vec::new();
        let folders = [
            (drafts.sent().cloned(), sent_uids),
            (Some(drafts.drafts_info().clone()), draft_uids),
        ];
        for (folder, uids) in folders {
            let Some(folder) = folder.filter(|_| !uids.is_empty()) else {
                continue;
            };
            moved = true;
            let opened = session.examine(&folder).map_err(DraftingError::Imap)?;
            found.extend(self.fetch_mails(session, &uids, &folder.name, opened.uid_validity)?);
        }
        // The rest of the thread is the buyer's: the rejection (for its reason), and their yes
        // when the seller's latest message answers it (then a reply answers the question).
        let have: std::collections::HashSet<String> = found
            .iter()
            .filter_map(|m| m.message_id.as_deref().map(str::to_ascii_lowercase))
            .collect();
        let rejections: Vec<String> = found
            .iter()
            .flat_map(|m| m.in_reply_to.iter().chain(&m.references))
            .map(|id| id.to_ascii_lowercase())
            .chain(wanted.iter().cloned())
            .filter(|id| !have.contains(id) && searchable_id(id))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if !rejections.is_empty() {
            if moved {
                self.open_source(session, source.mailbox)
                    .map_err(DraftingError::Imap)?;
                moved = false;
            }
            let ids: Vec<&String> = rejections.iter().collect();
            let mut uids = Vec::new();
            for chunk in ids.chunks(SEARCH_IDS) {
                uids.extend(
                    session
                        .search(&id_search(chunk))
                        .map_err(DraftingError::Imap)?,
                );
            }
            uids.sort_unstable();
            uids.dedup();
            found.extend(self.fetch_mails(
                session,
                &uids,
                &source.mailbox.name,
                source.uid_validity,
            )?);
        }
        found.sort_by_key(|m| m.date);
        let mut book = Book::new();
        for m in &found {
            let facts = book.facts(m);
            let v = self.setup.classifier.classify_in_thread(m, &facts);
            book.learn(m, &v, &facts);
        }
        for a in analyses.iter_mut() {
            let Some(mail) = &a.mail else { continue };
            if !conversation::worth_a_thread_lookup(mail, &a.verdict) {
                continue;
            }
            let facts = book.facts(mail);
            if facts != Default::default() {
                a.verdict = self.setup.classifier.classify_in_thread(mail, &facts);
            }
        }
        Ok(moved)
    }

    /// Fetch `uids` of the selected mailbox and parse them (what does not parse is left out).
    fn fetch_mails(
        &self,
        session: &mut Session,
        uids: &[u32],
        label: &str,
        uid_validity: u32,
    ) -> Result<Vec<crate::message::Mail>, DraftingError> {
        if uids.is_empty() {
            return Ok(Vec::new());
        }
        let fetched = session
            .fetch_for_classification(uids, label, uid_validity)
            .map_err(DraftingError::Imap)?;
        Ok(fetched
            .iter()
            .filter_map(|f| crate::message::parse(&f.raw.bytes).ok())
            .collect())
    }
}

/// Message-IDs per `UID SEARCH` when looking up a thread.
const SEARCH_IDS: usize = 16;

/// An id that can go into a quoted SEARCH string as it is (a hostile one is not looked up).
fn searchable_id(id: &str) -> bool {
    (3..=250).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_graphic() && !matches!(b, b'"' | b'\\' | b'<' | b'>'))
}

/// `OR HEADER Message-ID "<a>" HEADER Message-ID "<b>"` for the ids of one search.
fn id_search(ids: &[&String]) -> String {
    let mut key = String::new();
    for (i, id) in ids.iter().enumerate() {
        if i + 1 < ids.len() {
            key.push_str("OR ");
        }
        key.push_str(&format!("HEADER Message-ID \"<{id}>\" "));
    }
    key.trim_end().to_string()
}
