//! One message through the stages (parse -> classify -> compose), and an ordered parallel driver.
//! Reading stays sequential and streaming; the per-message work runs on all cores, results in input order.

use std::sync::mpsc;

use rayon::prelude::*;

use crate::classify::answer::Answer;
use crate::classify::{Class, Classifier, Explanation, Verdict};
use crate::message::{self, names, Mail};
use crate::report::{sanitize, Row, Status};
use crate::source::imap::Fetched;
use crate::source::{RawMessage, SourceError};

/// The classifier's view of one input message.
#[derive(Debug)]
pub struct Analysis {
    /// Where the message came from (path, or `path#n` in an mbox).
    pub origin: String,
    /// The parsed message; None when it could not be read.
    pub mail: Option<Mail>,
    /// The verdict (class `other`, confidence 0 for unreadable input).
    pub verdict: Verdict,
    /// Why the message could not be read, if it could not.
    pub error: Option<String>,
    /// What the classifier read and what weighed most (only when asked for: `--explain`).
    pub explanation: Option<Explanation>,
}

impl Analysis {
    /// An unreadable input: class other, confidence 0, with the error.
    pub fn unreadable(origin: String, error: String) -> Analysis {
        Analysis {
            origin,
            mail: None,
            verdict: Verdict {
                class: Class::Other,
                reason: None,
                confidence: 0.0,
                evidence: None,
                language: None,
                rejection_probability: None,
                maybe: false,
                answer: None,
            },
            error: Some(error),
            explanation: None,
        }
    }
}

impl Analysis {
    /// True when the report has a row for it: a rejection, a near one, or an answer in the
    /// conversation.
    pub fn reported(&self) -> bool {
        self.error.is_none()
            && (self.verdict.class == Class::Rejection
                || self.verdict.maybe
                || self.verdict.answer.is_some())
    }

    /// The report row (the same columns for `batch`, `scan` and `draft`).
    pub fn report_row(&self, draft: Option<String>) -> Row {
        let mail = self.mail.as_ref();
        let buyer = mail.and_then(|m| m.reply_to.as_ref().or(m.from.as_ref()));
        Row {
            date: mail.and_then(|m| m.date).map(|d| d.to_rfc3339()),
            buyer_name: buyer.and_then(names::full_name),
            email: buyer.map(|f| f.email.clone()),
            company: buyer.and_then(names::company),
            subject: mail.and_then(|m| m.subject.clone()),
            reason: self.verdict.reason.map(|r| r.as_str().to_string()),
            confidence: self
                .verdict
                .rejection_probability
                .unwrap_or(self.verdict.confidence),
            evidence: self.verdict.evidence.clone(),
            draft,
            status: match (self.verdict.class, self.verdict.answer) {
                (Class::Rejection, _) => Status::Rejection,
                (_, Some(Answer::Explains)) => Status::BuyerAnswered,
                (Class::PermissionGranted, _) => Status::PermissionGranted,
                (Class::PermissionDeclined, _) => Status::PermissionDeclined,
                _ => Status::Maybe,
            },
            language: self.verdict.language.clone(),
            draft_text: None,
            account: None,
        }
    }

    /// The human line: origin, class, reason, confidence, language, evidence (terminal-safe).
    pub fn text_line(&self) -> String {
        let v = &self.verdict;
        let detail = match (&self.error, &v.evidence) {
            (Some(e), _) => format!("unreadable: {}", sanitize(e)),
            (None, Some(ev)) => format!("\"{}\"", sanitize(ev)),
            (None, None) => String::new(),
        };
        format!(
            "{}\t{:<11} {:<11} {:.2} {:<2} {}",
            sanitize(&self.origin),
            v.class.as_str(),
            v.reason.map(|r| r.as_str()).unwrap_or("-"),
            v.confidence,
            v.language.as_deref().unwrap_or("-"),
            detail
        )
        .trim_end()
        .to_string()
    }
}

/// Parse and classify one source item.
pub fn analyze(item: Result<RawMessage, SourceError>, classifier: &Classifier) -> Analysis {
    analyze_with(item, classifier, false)
}

/// [`analyze`], and when `explain` is set, keep the classifier's explanation too.
pub fn analyze_with(
    item: Result<RawMessage, SourceError>,
    classifier: &Classifier,
    explain: bool,
) -> Analysis {
    match item {
        Ok(raw) => analyze_raw(&raw.bytes, raw.origin, classifier, explain),
        Err(e) => Analysis::unreadable(source_origin(&e), e.to_string()),
    }
}

/// [`analyze_with`] on bytes the caller keeps (no copy of the message).
fn analyze_raw(bytes: &[u8], origin: String, classifier: &Classifier, explain: bool) -> Analysis {
    match message::parse(bytes) {
        Ok(mail) => {
            let (verdict, explanation) = if explain {
                let (v, e) = classifier.explain(&mail);
                (v, Some(e))
            } else {
                (classifier.classify(&mail), None)
            };
            Analysis {
                origin,
                mail: Some(mail),
                verdict,
                error: None,
                explanation,
            }
        }
        Err(e) => Analysis::unreadable(origin, e.to_string()),
    }
}

/// Parse and classify messages fetched over IMAP on all cores, in UID order.
pub fn analyze_all(fetched: &[Fetched], classifier: &Classifier) -> Vec<Analysis> {
    fetched
        .par_iter()
        .map(|f| analyze_raw(&f.raw.bytes, f.raw.origin.clone(), classifier, false))
        .collect()
}

fn source_origin(e: &SourceError) -> String {
    match e {
        SourceError::Io { path, .. } => path.clone(),
        #[allow(unreachable_patterns)]
        _ => String::from("-"),
    }
}

/// Items read but not yet handed to the sink, per worker thread: enough to keep every core busy
/// past one slow message, few enough that a run's memory does not depend on the input's length.
const WINDOW_PER_WORKER: usize = 8;

/// Items handed to a worker at once: each hand-over and each result wakes a thread, and at one
/// item at a time those wake-ups were a tenth of a text-heavy batch's CPU.
const CHUNK: usize = 4;
// A chunk is at most half a worker's window, so a full window still feeds every worker.
const _: () = assert!(CHUNK >= 1 && CHUNK <= WINDOW_PER_WORKER / 2);

/// Map `work` over `items` on all cores and hand each result to `sink` in input order.
///
/// A reader thread pulls items into a bounded window and hands them out in small chunks (a
/// partial one as soon as the window is full, so nothing waits for a chunk to fill); one worker
/// per core takes the next chunk as soon as it is free and the calling thread puts results back
/// in order for `sink`. At most `WINDOW_PER_WORKER` items per worker are in memory at once,
/// however long the input is.
pub fn run_ordered<I, T, W, S>(items: I, work: W, mut sink: S)
where
    I: Iterator + Send,
    I::Item: Send,
    T: Send,
    W: Fn(I::Item) -> T + Sync,
    S: FnMut(T),
{
    let workers = rayon::current_num_threads().max(1);
    let window = WINDOW_PER_WORKER * workers;
    let chunk = CHUNK;
    // One token per item allowed in flight; the sink side gives a token back per result.
    let (token_tx, token_rx) = mpsc::sync_channel::<()>(window);
    for _ in 0..window {
        // Cannot fail: the receiver is alive and the channel has room for `window` tokens.
        let _ = token_tx.send(());
    }
    let (job_tx, job_rx) = mpsc::sync_channel::<Vec<(usize, I::Item)>>(window);
    let job_rx = std::sync::Mutex::new(job_rx);
    // None means a worker panicked: stop instead of waiting for its result forever.
    let (done_tx, done_rx) = mpsc::channel::<Option<Vec<(usize, T)>>>();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            // The token is taken before the item is read, so the window bounds what is read.
            let mut items = items.enumerate();
            let mut batch = Vec::with_capacity(chunk);
            loop {
                let token = match token_rx.try_recv() {
                    Ok(()) => Ok(()),
                    Err(mpsc::TryRecvError::Empty) => {
                        // The window is full: hand out what was read before waiting.
                        if !batch.is_empty() && job_tx.send(std::mem::take(&mut batch)).is_err() {
                            return;
                        }
                        token_rx.recv().map_err(|_| ())
                    }
                    Err(mpsc::TryRecvError::Disconnected) => Err(()),
                };
                if token.is_err() {
                    break;
                }
                let Some(job) = items.next() else { break };
                batch.push(job);
                if batch.len() >= chunk && job_tx.send(std::mem::take(&mut batch)).is_err() {
                    return;
                }
            }
            if !batch.is_empty() {
                let _ = job_tx.send(batch);
            }
        });
        let (job_rx, work) = (&job_rx, &work);
        for _ in 0..workers {
            let done_tx = done_tx.clone();
            scope.spawn(move || {
                let _notice = PanicNotice(done_tx.clone());
                loop {
                    // A poisoned lock only means another worker panicked; its receiver is intact.
                    let next = job_rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                    let Ok(jobs) = next else { break };
                    let results = jobs
                        .into_iter()
                        .map(|(seq, item)| (seq, work(item)))
                        .collect();
                    if done_tx.send(Some(results)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        let mut pending = std::collections::BTreeMap::new();
        let mut next = 0usize;
        'results: for done in done_rx {
            let Some(results) = done else {
                break 'results;
            };
            pending.extend(results);
            while let Some(result) = pending.remove(&next) {
                sink(result);
                next += 1;
                // The reader may be gone already (end of input); then nobody needs the token.
                let _ = token_tx.send(());
            }
        }
        // Unblocks the reader (and through it the workers) if we stopped early.
        drop(token_tx);
    });
}

/// Tells the ordering thread that a worker died, so the run ends (and the panic propagates).
struct PanicNotice<T>(mpsc::Sender<Option<T>>);

impl<T> Drop for PanicNotice<T> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let _ = self.0.send(None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_input_order() {
        let mut seen = Vec::new();
        run_ordered(0..10_000u32, |n| n * 2, |n| seen.push(n));
        assert_eq!(seen, (0..10_000u32).map(|n| n * 2).collect::<Vec<_>>());
    }

    #[test]
    fn slow_items_do_not_reorder_results() {
        let mut seen = Vec::new();
        run_ordered(
            0..200u64,
            |n| {
                if n % 17 == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                n
            },
            |n| seen.push(n),
        );
        assert_eq!(seen, (0..200u64).collect::<Vec<_>>());
    }

    #[test]
    fn items_in_flight_stay_within_the_window() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let read = AtomicUsize::new(0);
        let mut max_ahead = 0;
        let mut sunk = 0usize;
        let items = (0..5_000u32).inspect(|_| {
            read.fetch_add(1, Ordering::SeqCst);
        });
        run_ordered(
            items,
            |n| n,
            |_| {
                sunk += 1;
                max_ahead = max_ahead.max(read.load(Ordering::SeqCst) - sunk);
            },
        );
        assert_eq!(sunk, 5_000);
        let window = WINDOW_PER_WORKER * rayon::current_num_threads().max(1);
        assert!(max_ahead <= window, "{max_ahead} items ahead of the sink");
    }

    #[test]
    fn a_panicking_worker_ends_the_run_with_its_panic() {
        let result = std::panic::catch_unwind(|| {
            run_ordered(
                0..1_000u32,
                |n| {
                    assert!(n != 300, "boom at 300");
                    n
                },
                |_| {},
            )
        });
        assert!(result.is_err());
    }

    #[test]
    fn empty_input_calls_nothing() {
        let mut count = 0;
        run_ordered(std::iter::empty::<u8>(), |n| n, |_| count += 1);
        assert_eq!(count, 0);
    }

    #[test]
    fn unreadable_source_item_keeps_its_path() {
        let classifier = Classifier::new(&Default::default()).unwrap();
        let err = SourceError::Io {
            path: "box/cur/1".into(),
            source: std::io::Error::other("denied"),
        };
        let a = analyze(Err(err), &classifier);
        assert_eq!(a.origin, "box/cur/1");
        assert_eq!(a.verdict.class, Class::Other);
        assert!(a.error.unwrap().contains("denied"));
    }
}
