//! Decide what kind of message it is: robots first, then rejection, referral, unsubscribe.
//! For rejections, find the reason and the sentence that decided it.

use serde::Serialize;

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
    rules: Rules,
}

impl Classifier {
    /// Compile the built-in lexicons plus the user's additions.
    pub fn new(rules: &Rules) -> Result<Classifier, ClassifyError> {
        Ok(Classifier {
            rules: rules.clone(),
        })
    }

    /// Classify one parsed message.
    pub fn classify(&self, mail: &crate::message::Mail) -> Verdict {
        // Skeleton: replaced by the real classifier.
        let _ = &self.rules;
        Verdict {
            class: Class::Other,
            reason: None,
            confidence: 0.0,
            evidence: None,
            language: mail.language.clone(),
        }
    }
}
