//! rebound's two-step conversation across messages: which of the seller's emails a reply answers
//! (the permission question or the clarity question) and the reason of the original rejection.
//!
//! The book is filled with the messages a run has seen (a batch's inputs in order, or over IMAP
//! the messages a reply's In-Reply-To and References name, found in the mailbox, Sent and
//! Drafts) and asked about each reply's thread. Only what the conversation needs is kept: the
//! rejections, the seller's permission questions, the buyers' yeses and the replies to them.

use std::collections::{HashMap, HashSet};

use crate::classify::answer::{self, Answer};
use crate::classify::{Class, Reason, Step, ThreadFacts, Verdict};
use crate::message::Mail;

/// What a known message is in the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A buyer's rejection.
    Rejection,
    /// The seller's step one: may I ask you a question?
    Asked,
    /// The buyer's yes to it.
    Granted,
    /// The clarity question: a reply to that yes (rebound's step two, or the seller's own
    /// answer by hand), or a one-step email that asks permission and the question together.
    Question,
}

#[derive(Debug, Clone, Copy)]
struct Known {
    kind: Kind,
    /// The original rejection's reason, when known.
    reason: Option<Reason>,
}

/// The conversation so far, by Message-ID.
#[derive(Debug, Default)]
pub struct Book {
    known: HashMap<String, Known>,
    /// Yeses someone already replied to (the seller by hand, or rebound's step two as sent).
    replied: HashSet<String>,
}

fn key(id: &str) -> String {
    id.trim().to_ascii_lowercase()
}

impl Book {
    /// An empty book.
    pub fn new() -> Book {
        Book::default()
    }

    fn get(&self, id: &str) -> Option<Known> {
        self.known.get(&key(id)).copied()
    }

    /// What the book knows about the thread `mail` replies in.
    pub fn facts(&self, mail: &Mail) -> ThreadFacts {
        // The message answered: In-Reply-To, else the newest message References names.
        let parent = mail
            .in_reply_to
            .iter()
            .find_map(|id| self.get(id))
            .or_else(|| mail.references.iter().rev().find_map(|id| self.get(id)));
        let answers = match parent.map(|p| p.kind) {
            Some(Kind::Asked) => Some(Step::Permission),
            Some(Kind::Question) => Some(Step::Question),
            _ => None,
        };
        let reason = parent.and_then(|p| p.reason).or_else(|| {
            mail.references
                .iter()
                .chain(&mail.in_reply_to)
                .filter_map(|id| self.get(id))
                .find(|k| k.kind == Kind::Rejection)
                .and_then(|k| k.reason)
        });
        ThreadFacts { answers, reason }
    }

    /// Remember `mail`, classified as `verdict` (with `facts`, what its thread said), when it
    /// matters to the conversation.
    pub fn learn(&mut self, mail: &Mail, verdict: &Verdict, facts: &ThreadFacts) {
        let Some(id) = mail.message_id.as_deref().map(key) else {
            return;
        };
        let parent = mail
            .in_reply_to
            .iter()
            .find_map(|p| self.get(p).map(|k| (key(p), k)));
        let replies_to_yes = matches!(parent, Some((_, k)) if k.kind == Kind::Granted);
        let is_reply = !(mail.in_reply_to.is_empty() && mail.references.is_empty());
        let kind = if verdict.class == Class::Rejection {
            Kind::Rejection
        } else if verdict.class == Class::PermissionGranted && verdict.answer == Some(Answer::Yes) {
            Kind::Granted
        } else if replies_to_yes {
            Kind::Question
        } else if is_reply {
            // The seller's step one (or one-step email) is always a reply, to the rejection.
            match answer::asked(&mail.new_text) {
                Some(Step::Permission) => Kind::Asked,
                Some(Step::Question) => Kind::Question,
                None => return,
            }
        } else {
            return;
        };
        if replies_to_yes {
            if let Some((p, _)) = &parent {
                self.replied.insert(p.clone());
            }
        }
        let reason = match kind {
            Kind::Rejection => verdict.reason.or(Some(Reason::Unspecified)),
            Kind::Granted => verdict.reason,
            _ => facts.reason.or(parent.and_then(|(_, k)| k.reason)),
        };
        self.known.insert(id, Known { kind, reason });
    }

    /// True when a reply to the buyer's yes `id` is known (the seller answered it by hand).
    pub fn replied_to(&self, id: &str) -> bool {
        self.replied.contains(&key(id))
    }

    /// True when the book knows nothing about the thread of `mail` (nothing to look up).
    pub fn is_empty(&self) -> bool {
        self.known.is_empty()
    }
}

/// Read `a` in its thread as far as `book` knows it (messages read before it), then remember
/// it. Returns true when that changed its verdict.
pub fn read_in_order(
    book: &mut Book,
    classifier: &crate::classify::Classifier,
    a: &mut crate::pipeline::Analysis,
) -> bool {
    let Some(mail) = &a.mail else {
        return false;
    };
    let facts = if book.is_empty() {
        ThreadFacts::default()
    } else {
        book.facts(mail)
    };
    let mut changed = false;
    if facts != ThreadFacts::default() && worth_a_thread_lookup(mail, &a.verdict) {
        let verdict = classifier.classify_in_thread(mail, &facts);
        if verdict != a.verdict {
            a.verdict = verdict;
            changed = true;
        }
    }
    book.learn(mail, &a.verdict, &facts);
    changed
}

/// True when `mail` is worth looking up the thread of: a reply that reads as a yes or a no, or
/// that was taken for a rejection or a conversation answer (an answer giving the reason often
/// reads like a rejection).
pub fn worth_a_thread_lookup(mail: &Mail, verdict: &Verdict) -> bool {
    if mail.in_reply_to.is_empty() && mail.references.is_empty() {
        return false;
    }
    matches!(
        verdict.class,
        Class::Rejection | Class::PermissionGranted | Class::PermissionDeclined
    ) || verdict.answer.is_some()
        || matches!(answer::read(&mail.new_text), Answer::Yes | Answer::No)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Classifier;

    fn mail(id: &str, reply_to: &[&str], text: &str) -> Mail {
        Mail {
            message_id: Some(id.into()),
            in_reply_to: reply_to.iter().map(|s| s.to_string()).collect(),
            references: reply_to.iter().map(|s| s.to_string()).collect(),
            new_text: text.into(),
            full_text: text.into(),
            language: Some("en".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_yes_to_the_permission_question_carries_the_rejection_reason() {
        let c = Classifier::new(&Default::default()).unwrap();
        let mut book = Book::new();
        let steps = [
            mail(
                "r1@b",
                &[],
                "Thanks, but the price is simply too high for our budget, so we will not go ahead.",
            ),
            mail(
                "s1@s",
                &["r1@b"],
                "Thanks for letting me know. Mind if I ask you one quick question?",
            ),
        ];
        for m in &steps {
            let facts = book.facts(m);
            let v = c.classify_in_thread(m, &facts);
            book.learn(m, &v, &facts);
        }
        let mut yes = mail("a1@b", &["s1@s"], "Sure, go ahead.");
        yes.references = vec!["r1@b".into(), "s1@s".into()];
        let facts = book.facts(&yes);
        assert_eq!(facts.answers, Some(Step::Permission));
        assert_eq!(facts.reason, Some(Reason::Price));
        let v = c.classify_in_thread(&yes, &facts);
        assert_eq!(v.class, Class::PermissionGranted);
        assert_eq!(v.answer, Some(Answer::Yes));
        assert_eq!(v.reason, Some(Reason::Price));
        book.learn(&yes, &v, &facts);
        assert!(!book.replied_to("a1@b"));
        // The seller answers the yes by hand: no step two for it any more.
        let by_hand = mail("s2@s", &["a1@b"], "Great, thanks! Was it the price alone?");
        let facts = book.facts(&by_hand);
        let v = c.classify_in_thread(&by_hand, &facts);
        book.learn(&by_hand, &v, &facts);
        assert!(book.replied_to("a1@b"));
        // The buyer's answer to that question is an answer, never a new rejection.
        let reply = mail(
            "a2@b",
            &["s2@s"],
            "Yes, mostly the price: we will not go ahead with anything above our budget.",
        );
        let facts = book.facts(&reply);
        assert_eq!(facts.answers, Some(Step::Question));
        let v = c.classify_in_thread(&reply, &facts);
        assert_eq!(v.class, Class::Other);
        assert_eq!(v.answer, Some(Answer::Explains));
    }

    #[test]
    fn a_no_and_an_explaining_answer_are_told_apart() {
        let c = Classifier::new(&Default::default()).unwrap();
        let mut book = Book::new();
        let ask = mail(
            "s1@s",
            &["r1@b"],
            "Would you mind if I asked you one question?",
        );
        let facts = book.facts(&ask);
        let v = c.classify_in_thread(&ask, &facts);
        book.learn(&ask, &v, &facts);
        let no = mail("a1@b", &["s1@s"], "No, thanks.");
        let v = c.classify_in_thread(&no, &book.facts(&no));
        assert_eq!(v.class, Class::PermissionDeclined);
        let long = mail(
            "a2@b",
            &["s1@s"],
            "Sure. Honestly we went with another vendor because they already run our payroll.",
        );
        let v = c.classify_in_thread(&long, &book.facts(&long));
        assert_eq!(v.class, Class::PermissionGranted);
        assert_eq!(v.answer, Some(Answer::Explains));
    }
}

#[cfg(test)]
mod one_step_tests {
    use super::*;
    use crate::classify::Classifier;

    #[test]
    fn a_reply_to_the_clarity_question_is_an_answer_not_a_new_rejection() {
        let c = Classifier::new(&Default::default()).unwrap();
        let reply = Mail {
            message_id: Some("r2@b".into()),
            in_reply_to: vec!["s2@s".into()],
            new_text: "Honestly, it was the price. At that price we will not go ahead.".into(),
            full_text: "Honestly, it was the price. At that price we will not go ahead.\n\n\
                        On Tue, Alex wrote:\n> Thanks, I appreciate it!\n> If price hadn't \
                        been part of the picture, would it have been a yes?\n>\n> On Mon, \
                        Jane wrote:\n>> Sure, go ahead.\n>>\n>> On Sun, Alex wrote:\n>>> \
                        Mind if I ask you one quick question?\n"
                .into(),
            language: Some("en".into()),
            ..Default::default()
        };
        let v = c.classify(&reply);
        assert_eq!(v.class, Class::Other, "{v:?}");
        assert_eq!(v.answer, Some(Answer::Explains));
    }

    #[test]
    fn a_yes_to_the_one_step_email_answers_the_question_and_asks_nothing_more() {
        let c = Classifier::new(&Default::default()).unwrap();
        let one_step = "Thanks for letting me know.\n\nMind if I ask you one quick question?\n\n\
                        If price hadn't been part of the picture, would it have been a yes?\n\n\
                        Best,\nAlex";
        let yes = Mail {
            message_id: Some("a@b".into()),
            in_reply_to: vec!["s@s".into()],
            new_text: "Yes.".into(),
            full_text: format!(
                "Yes.\n\nOn Mon, Alex wrote:\n{}",
                one_step
                    .lines()
                    .map(|l| format!("> {l}\n"))
                    .collect::<String>()
            ),
            ..Default::default()
        };
        // From the quote alone.
        let v = c.classify(&yes);
        assert_eq!(v.class, Class::Other, "{v:?}");
        assert_eq!(v.answer, Some(Answer::Explains));
        // And from the thread.
        let mut book = Book::new();
        let sent = Mail {
            message_id: Some("s@s".into()),
            in_reply_to: vec!["r@b".into()],
            new_text: one_step.into(),
            full_text: one_step.into(),
            ..Default::default()
        };
        let facts = book.facts(&sent);
        let v = c.classify_in_thread(&sent, &facts);
        book.learn(&sent, &v, &facts);
        assert_eq!(book.facts(&yes).answers, Some(Step::Question));
    }
}
