//! One message through the stages (parse -> classify -> compose), and an ordered parallel driver.
//! Reading stays sequential and streaming; the per-message work runs on all cores, results in input order.

use std::sync::mpsc;

use rayon::prelude::*;

use crate::classify::{Class, Classifier, Verdict};
use crate::message::{self, names, Mail};
use crate::report::{sanitize, Row};
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
            },
            error: Some(error),
        }
    }
}

impl Analysis {
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
            confidence: self.verdict.confidence,
            evidence: self.verdict.evidence.clone(),
            draft,
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
    let raw = match item {
        Ok(raw) => raw,
        Err(e) => return Analysis::unreadable(source_origin(&e), e.to_string()),
    };
    match message::parse(&raw.bytes) {
        Ok(mail) => {
            let verdict = classifier.classify(&mail);
            Analysis {
                origin: raw.origin,
                mail: Some(mail),
                verdict,
                error: None,
            }
        }
        Err(e) => Analysis::unreadable(raw.origin, e.to_string()),
    }
}

fn source_origin(e: &SourceError) -> String {
    match e {
        SourceError::Io { path, .. } => path.clone(),
        #[allow(unreachable_patterns)]
        _ => String::from("-"),
    }
}

/// How many messages are read before a chunk is handed to the worker threads.
const CHUNK: usize = 256;

/// Map `work` over `items` on all cores and hand each result to `sink` in input order.
///
/// A reader thread pulls chunks from `items` while the previous chunk is processed, so
/// at most a few chunks are in memory at once however long the input is.
pub fn run_ordered<I, T, W, S>(items: I, work: W, mut sink: S)
where
    I: Iterator + Send,
    I::Item: Send,
    T: Send,
    W: Fn(I::Item) -> T + Sync,
    S: FnMut(T),
{
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel::<Vec<I::Item>>(2);
        scope.spawn(move || {
            let mut items = items;
            loop {
                let chunk: Vec<I::Item> = items.by_ref().take(CHUNK).collect();
                if chunk.is_empty() || tx.send(chunk).is_err() {
                    break;
                }
            }
        });
        for chunk in rx {
            let results: Vec<T> = chunk.into_par_iter().map(&work).collect();
            results.into_iter().for_each(&mut sink);
        }
    });
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
