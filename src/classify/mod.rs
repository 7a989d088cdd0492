//! Decide what kind of message it is: robots first, then rejection, referral, unsubscribe.
//! For rejections, find the reason and the sentence that decided it.

mod forward;
mod frames;
pub mod lexicon;
mod named;
mod reason;
mod referral;
mod rejection;
mod robots;
mod sentences;
mod unsubscribe;

use serde::Serialize;

use frames::Matcher;

/// What kind of message this is (the vocabulary of the CLI, JSON, reports and templates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// The buyer declines the deal in the message's own new text.
    Rejection,
    /// "I'm not the right person, talk to X".
    Referral,
    /// "Remove me from your list".
    Unsubscribe,
    /// Out-of-office, bounce, any machine-generated reply.
    AutoReply,
    /// Newsletters, mailing lists, notifications.
    Bulk,
    /// Everything else, including acceptances.
    Other,
}

/// Why the buyer said no (only for rejections).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Budget, cost, too expensive.
    Price,
    /// Not now, on hold, next year.
    Timing,
    /// Chose another vendor.
    Competitor,
    /// Not a fit, does not need it, builds it in-house.
    NoNeed,
    /// Status quo, staying with the current setup, internal priorities.
    NoDecision,
    /// No reason given.
    Unspecified,
}

/// The classifier's decision on one message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// The class.
    pub class: Class,
    /// The reason, only for rejections.
    pub reason: Option<Reason>,
    /// How sure, 0.0..=1.0.
    pub confidence: f32,
    /// The sentence (or header) that decided it.
    pub evidence: Option<String>,
    /// ISO 639-1 language of the new text.
    pub language: Option<String>,
}

/// User additions to the built-in rules (config `[rules]`).
#[derive(Debug, Clone, Default)]
pub struct Rules {
    /// Extra phrases that mark a sentence as a rejection (any language, case-insensitive).
    pub extra_rejection_phrases: Vec<String>,
    /// Senders never treated as buyers: exact addresses, `@domain` or `*@domain`.
    pub ignore_senders: Vec<String>,
}

/// A rule set that cannot be compiled.
#[derive(Debug, thiserror::Error)]
pub enum ClassifyError {
    /// A user phrase could not be compiled.
    #[error("invalid rejection phrase {phrase:?}: {message}")]
    BadPhrase {
        /// The phrase as written in the config.
        phrase: String,
        /// What is wrong with it.
        message: String,
    },
}

impl Class {
    /// The snake_case name used in JSON, reports and templates.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Rejection => "rejection",
            Class::Referral => "referral",
            Class::Unsubscribe => "unsubscribe",
            Class::AutoReply => "auto_reply",
            Class::Bulk => "bulk",
            Class::Other => "other",
        }
    }
}

impl Reason {
    /// Every reason, in a stable order.
    pub const ALL: [Reason; 6] = [
        Reason::Price,
        Reason::Timing,
        Reason::Competitor,
        Reason::NoNeed,
        Reason::NoDecision,
        Reason::Unspecified,
    ];

    /// The snake_case name used in JSON, reports and template file names.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Price => "price",
            Reason::Timing => "timing",
            Reason::Competitor => "competitor",
            Reason::NoNeed => "no_need",
            Reason::NoDecision => "no_decision",
            Reason::Unspecified => "unspecified",
        }
    }

    /// Parse a snake_case reason name.
    pub fn parse(s: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// The compiled rule set; build once, classify many messages (it is `Send + Sync`).
#[derive(Debug)]
pub struct Classifier {
    matcher: Matcher,
    ignore: Vec<IgnoreRule>,
}

/// One `ignore_senders` entry, lower-cased.
#[derive(Debug)]
enum IgnoreRule {
    Address(String),
    Domain(String),
}

impl IgnoreRule {
    fn parse(entry: &str) -> Option<IgnoreRule> {
        let e = entry.trim().to_lowercase();
        if e.is_empty() {
            return None;
        }
        if let Some(d) = e.strip_prefix("*@").or_else(|| e.strip_prefix('@')) {
            return Some(IgnoreRule::Domain(d.to_string()));
        }
        if e.contains('@') {
            Some(IgnoreRule::Address(e))
        } else {
            // A bare domain is the obvious intent.
            Some(IgnoreRule::Domain(e))
        }
    }

    fn matches(&self, email: &str) -> bool {
        match self {
            IgnoreRule::Address(a) => a == email,
            IgnoreRule::Domain(d) => email.rsplit_once('@').is_some_and(|(_, dom)| dom == d),
        }
    }
}

impl Classifier {
    /// Compile the built-in lexicons plus the user's additions.
    pub fn new(rules: &Rules) -> Result<Classifier, ClassifyError> {
        Ok(Classifier {
            matcher: Matcher::new(&rules.extra_rejection_phrases)?,
            ignore: rules
                .ignore_senders
                .iter()
                .filter_map(|e| IgnoreRule::parse(e))
                .collect(),
        })
    }

    /// Classify one parsed message.
    pub fn classify(&self, mail: &crate::message::Mail) -> Verdict {
        let lang_name = |i: Option<u8>| {
            i.and_then(|i| lexicon::ALL.get(usize::from(i)))
                .map(|l| l.lang.to_string())
        };
        if let Some(from) = &mail.from {
            let email = from.email.trim().to_lowercase();
            if self.ignore.iter().any(|r| r.matches(&email)) {
                return Verdict {
                    class: Class::Other,
                    reason: None,
                    confidence: 1.0,
                    evidence: Some(format!("sender {email} is in ignore_senders")),
                    language: mail.language.clone(),
                };
            }
        }
        if let Some(r) = robots::check(mail, &self.matcher) {
            return Verdict {
                class: r.class,
                reason: None,
                confidence: 0.95,
                evidence: Some(r.evidence),
                language: mail.language.clone().or_else(|| lang_name(r.lang)),
            };
        }
        let d = rejection::decide(&self.matcher, mail);
        Verdict {
            class: d.class,
            reason: d.reason,
            confidence: d.confidence,
            evidence: d.evidence,
            language: mail.language.clone().or_else(|| lang_name(d.lang)),
        }
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod breadth_tests;
