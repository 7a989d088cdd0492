//! Decide what kind of message it is: robots first, then rejection, referral, unsubscribe.
//! For rejections, find the reason and the sentence that decided it.

pub mod answer;
mod forward;
mod frames;
pub mod lexicon;
pub mod model;
mod named;
mod pattern_syntax;
mod reason;
mod referral;
mod rejection;
mod robots;
pub(crate) mod sentences;
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
    /// The buyer's "sure, go ahead" to the permission question rebound's first draft asked.
    PermissionGranted,
    /// The buyer's "no, thanks" to that permission question.
    PermissionDeclined,
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
    /// The learned model's calibrated P(rejection); `None` when a rule decided alone.
    pub rejection_probability: Option<f32>,
    /// Not a rejection at the chosen threshold, but close enough for a person to look at.
    pub maybe: bool,
    /// For an answer in rebound's conversation: yes or no to the permission question, or an
    /// answer that gives the reason (to the permission question or to the clarity question).
    pub answer: Option<answer::Answer>,
}

/// What the rest of the thread says about a reply (found through its In-Reply-To and
/// References, in the mailbox or among a batch's inputs).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ThreadFacts {
    /// Which of the seller's emails the reply answers, when that email was found.
    pub answers: Option<Step>,
    /// The reason of the buyer's original rejection, when it was found.
    pub reason: Option<Reason>,
}

/// The seller's emails in rebound's conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Step one: thanks, and may I ask one question?
    Permission,
    /// Step two (or a one-step email): the clarity question itself.
    Question,
}

/// User additions to the built-in rules (config `[rules]`).
#[derive(Debug, Clone, Default)]
pub struct Rules {
    /// Extra phrases that mark a sentence as a rejection (any language, case-insensitive).
    pub extra_rejection_phrases: Vec<String>,
    /// Senders never treated as buyers: exact addresses, `@domain` or `*@domain`.
    pub ignore_senders: Vec<String>,
    /// P(rejection) at or above which a message is a rejection; `None` keeps the model's default.
    pub min_confidence: Option<f32>,
    /// Which engine decides.
    pub engine: Engine,
    /// The user's taught layer (from `rebound learn`), if any.
    pub user_model: Option<model::user::UserModel>,
}

/// Which classifier decides after the robot rules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Engine {
    /// The learned scorer over hashed features, with the rules as features (the default).
    #[default]
    Learned,
    /// The hand-written frames alone (the classifier before the learned model; for comparison).
    Rules,
}

/// A rule set that cannot be compiled.
#[derive(Debug, thiserror::Error)]
pub enum ClassifyError {
    /// The embedded model cannot be read (a broken build).
    #[error("the built-in model is unreadable: {0}")]
    Model(String),
    /// A threshold outside 0..=1.
    #[error("min_confidence must be between 0 and 1, not {0}")]
    BadThreshold(f32),
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
            Class::PermissionGranted => "permission_granted",
            Class::PermissionDeclined => "permission_declined",
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

/// The compiled rules and the model; build once, classify many messages (it is `Send + Sync`).
#[derive(Debug)]
pub struct Classifier {
    matcher: Matcher,
    ignore: Vec<IgnoreRule>,
    engine: Engine,
    weights: &'static model::weights::Weights,
    user: Option<model::user::UserModel>,
    threshold: f32,
}

/// Why a message got its verdict: what the classifier read and what weighed most.
#[derive(Debug, Clone)]
pub struct Explanation {
    /// The new text after quote, signature and disclaimer stripping.
    pub new_text: String,
    /// The features that weighed most for (positive) and against (negative) rejection.
    pub features: Vec<model::Weighed>,
}

/// How far below the threshold the "maybe" band reaches.
const MAYBE_BAND: f32 = 0.3;

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
    /// Compile the built-in lexicons plus the user's additions, and load the model.
    pub fn new(rules: &Rules) -> Result<Classifier, ClassifyError> {
        let weights = model::shipped().map_err(|e| ClassifyError::Model(e.to_string()))?;
        let threshold = match rules.min_confidence {
            Some(t) if !(0.0..=1.0).contains(&t) => return Err(ClassifyError::BadThreshold(t)),
            Some(t) => t,
            None => weights.threshold,
        };
        Ok(Classifier {
            matcher: Matcher::new(&rules.extra_rejection_phrases)?,
            ignore: rules
                .ignore_senders
                .iter()
                .filter_map(|e| IgnoreRule::parse(e))
                .collect(),
            engine: rules.engine,
            weights,
            user: rules.user_model.clone().filter(|u| !u.is_empty()),
            threshold,
        })
    }

    /// The P(rejection) threshold in force.
    pub fn threshold(&self) -> f32 {
        self.threshold
    }

    /// Classify one parsed message.
    pub fn classify(&self, mail: &crate::message::Mail) -> Verdict {
        self.classify_in_thread(mail, &ThreadFacts::default())
    }

    /// Classify a reply knowing what its thread holds: an answer to rebound's permission
    /// question (or to its clarity question) is read as such, never as a new rejection.
    pub fn classify_in_thread(&self, mail: &crate::message::Mail, facts: &ThreadFacts) -> Verdict {
        match self.conversation_answer(mail, facts) {
            Some(v) => v,
            None => self.decide(mail, false).0,
        }
    }

    /// The verdict on a reply in rebound's conversation, or None for any other message. Without
    /// thread facts, a reply whose first quoted message asks permission counts as an answer.
    fn conversation_answer(
        &self,
        mail: &crate::message::Mail,
        facts: &ThreadFacts,
    ) -> Option<Verdict> {
        let step = facts.answers.or_else(|| {
            // Cheap first: most mail quotes nothing, or is no reply at all.
            let quotes = mail.full_text.len() > mail.new_text.len() + 16;
            let replies = !mail.in_reply_to.is_empty() || !mail.references.is_empty();
            if !(quotes || replies) {
                return None;
            }
            // One search of the whole text instead of two quoted levels built and searched.
            if !answer::may_quote_permission(&mail.full_text) {
                return None;
            }
            answer::asked(&answer::first_quoted(&mail.full_text)).or_else(|| {
                // Further down a conversation in which permission was asked: the buyer is
                // answering the question (rebound's step two quoted above their yes).
                answer::asks_permission(&answer::deeper_quoted(&mail.full_text))
                    .then_some(Step::Question)
            })
        })?;
        if self.ignored(mail) || robots::check(mail, &self.matcher).is_some() {
            return None;
        }
        let reading = match step {
            Step::Permission => answer::read(&mail.new_text),
            Step::Question => answer::Answer::Explains,
        };
        let class = match (step, reading) {
            (Step::Permission, answer::Answer::Yes | answer::Answer::Explains) => {
                Class::PermissionGranted
            }
            (Step::Permission, answer::Answer::No) => Class::PermissionDeclined,
            (Step::Question, _) => Class::Other,
        };
        let reason = facts
            .reason
            .or_else(|| self.quoted_rejection_reason(mail))
            .unwrap_or(Reason::Unspecified);
        let sents: Vec<String> = sentences::split(&mail.new_text)
            .iter()
            .map(|s| rejection::one_line(&s.text))
            .filter(|s| !s.ends_with(',') && !s.is_empty())
            .collect();
        // A yes or a no is its first sentence; an answer, its longest.
        let evidence = match reading {
            answer::Answer::Explains => sents.iter().max_by_key(|s| s.len()).cloned(),
            _ => sents.first().cloned(),
        };
        // "Sure, go ahead" is too short to tell its language: the thread is in one language.
        let language = mail.language.clone().or_else(|| {
            crate::message::lang::detect(&answer::first_quoted(&mail.full_text)).map(str::to_string)
        });
        Some(Verdict {
            class,
            reason: Some(reason),
            confidence: 0.9,
            evidence,
            language,
            rejection_probability: None,
            maybe: false,
            answer: Some(reading),
        })
    }

    /// The reason of the rejection a reply quotes below the seller's email, if it reads as one.
    fn quoted_rejection_reason(&self, mail: &crate::message::Mail) -> Option<Reason> {
        let text = answer::deeper_quoted(&mail.full_text);
        if text.trim().is_empty() {
            return None;
        }
        let new_text = crate::message::new_text(&text, None);
        let quoted = crate::message::Mail {
            language: crate::message::lang::detect(&new_text).map(str::to_string),
            new_text,
            full_text: text,
            ..Default::default()
        };
        let v = self.decide(&quoted, false).0;
        (v.class == Class::Rejection).then_some(v.reason).flatten()
    }

    fn ignored(&self, mail: &crate::message::Mail) -> bool {
        mail.from.as_ref().is_some_and(|from| {
            let email = from.email.trim().to_lowercase();
            self.ignore.iter().any(|r| r.matches(&email))
        })
    }

    /// Classify one message and say why.
    pub fn explain(&self, mail: &crate::message::Mail) -> (Verdict, Explanation) {
        let (v, f) = self.decide(mail, true);
        let v = self
            .conversation_answer(mail, &ThreadFacts::default())
            .unwrap_or(v);
        let features = f
            .map(|f| model::weighed(self.weights, self.user.as_ref(), &f, 16))
            .unwrap_or_default();
        (
            v,
            Explanation {
                new_text: mail.new_text.clone(),
                features,
            },
        )
    }

    /// Model features of a text as the trainer and `learn` see them (the rules included).
    pub fn features_of(&self, text: &str) -> model::features::Features {
        let mail = crate::message::Mail {
            new_text: text.to_string(),
            language: crate::message::lang::detect(text).map(str::to_string),
            ..Default::default()
        };
        let a = rejection::analyze(&self.matcher, &mail, text);
        Self::features(&a, false)
    }

    /// The features of a text from its wording alone, without the rule signals (for measuring
    /// what the rules add).
    pub fn wording_features_of(text: &str) -> model::features::Features {
        let sents = sentences::split(text);
        model::features::extract(&sents, &[], &[], None, false)
    }

    fn features(a: &rejection::Analysis, names: bool) -> model::features::Features {
        let rv = model::features::RuleVerdict {
            class: a.decision.class.as_str(),
            reason: a.decision.reason.map(Reason::as_str),
        };
        model::features::extract(&a.sents, &a.hits, &a.raw, Some(rv), names)
    }

    fn lang_name(i: Option<u8>) -> Option<String> {
        i.and_then(|i| lexicon::ALL.get(usize::from(i)))
            .map(|l| l.lang.to_string())
    }

    fn decide(
        &self,
        mail: &crate::message::Mail,
        names: bool,
    ) -> (Verdict, Option<model::features::Features>) {
        let ruled = |class, confidence, evidence, language| Verdict {
            class,
            reason: None,
            confidence,
            evidence,
            language,
            rejection_probability: None,
            maybe: false,
            answer: None,
        };
        if let Some(from) = &mail.from {
            let email = from.email.trim().to_lowercase();
            if self.ignore.iter().any(|r| r.matches(&email)) {
                let why = Some(format!("sender {email} is in ignore_senders"));
                return (ruled(Class::Other, 1.0, why, mail.language.clone()), None);
            }
        }
        if let Some(r) = robots::check(mail, &self.matcher) {
            let lang = mail.language.clone().or_else(|| Self::lang_name(r.lang));
            return (ruled(r.class, 0.95, Some(r.evidence), lang), None);
        }
        if self.engine == Engine::Rules {
            let d = rejection::decide(&self.matcher, mail);
            let lang = mail.language.clone().or_else(|| Self::lang_name(d.lang));
            let mut v = ruled(d.class, d.confidence, d.evidence, lang);
            v.reason = d.reason;
            return (v, None);
        }
        let a = rejection::analyze(&self.matcher, mail, &mail.new_text);
        let (mut v, f) = self.learned(mail, &a, names);
        if v.class != Class::Rejection && rejection::points_below(&self.matcher, &mail.new_text) {
            // A short pointer ("see below from our CFO") hands the decision to a forwarded note
            // from the buyer's own domain.
            if let Some(text) = rejection::forwarded_note(mail) {
                let fa = rejection::analyze(&self.matcher, mail, &text);
                let (fv, ff) = self.learned(mail, &fa, names);
                if fv.class == Class::Rejection {
                    return (fv, ff);
                }
            }
        }
        if v.language.is_none() {
            v.language = Self::lang_name(a.decision.lang);
        }
        (v, f)
    }

    /// The learned verdict on one analysed text; the rules keep the last word where they are
    /// exact (opt-outs, machine wording, the user's own phrases).
    fn learned(
        &self,
        mail: &crate::message::Mail,
        a: &rejection::Analysis,
        names: bool,
    ) -> (Verdict, Option<model::features::Features>) {
        let f = Self::features(a, names);
        let s = model::score(self.weights, self.user.as_ref(), &f);
        let language = mail.language.clone();
        let d = &a.decision;
        let mut p_rej = s.probs[model::weights::REJECTION];
        let user_phrase = a
            .hits
            .iter()
            .flatten()
            .any(|h| h.frame == frames::Frame::Extra);
        if user_phrase {
            p_rej = p_rej.max(self.threshold).max(0.9);
        }
        let rule_class = matches!(d.class, Class::Unsubscribe | Class::AutoReply);
        if rule_class && !user_phrase {
            let v = Verdict {
                class: d.class,
                reason: None,
                confidence: d.confidence,
                evidence: d.evidence.clone(),
                language,
                rejection_probability: Some(p_rej),
                maybe: false,
                answer: None,
            };
            return (v, Some(f));
        }
        let top_sentence = || {
            // Where the rules found the decline, their sentence is exact.
            if d.class == Class::Rejection && d.evidence.is_some() {
                return d.evidence.clone();
            }
            let push = model::sentence_effect(self.weights, self.user.as_ref(), &f, a.sents.len());
            // A salutation ("Hi Alex,") is never the deciding sentence while there is another.
            let salutation = |t: &str| t.ends_with(',') && t.split_whitespace().count() <= 4;
            let best = (0..a.sents.len())
                .filter(|&i| !salutation(&a.sents[i].text))
                .max_by(|&i, &j| push[i].total_cmp(&push[j]).then(j.cmp(&i)))
                .unwrap_or_else(|| model::argmax(&push));
            a.sents.get(best).map(|x| rejection::one_line(&x.text))
        };
        if p_rej >= self.threshold && !a.sents.is_empty() {
            let evidence = top_sentence();
            let reasons = model::reasons(self.weights, self.user.as_ref(), &f);
            let reason = Reason::parse(model::reason_name(model::argmax(&reasons)));
            let v = Verdict {
                class: Class::Rejection,
                reason: reason.or(Some(Reason::Unspecified)),
                confidence: p_rej,
                evidence,
                language,
                rejection_probability: Some(p_rej),
                maybe: false,
                answer: None,
            };
            return (v, Some(f));
        }
        // Below the threshold the rejection mass counts for "other": nothing will be drafted.
        let mut rest = s.probs;
        rest[model::weights::REJECTION] = 0.0;
        let best = model::argmax(&rest);
        let class = match model::class_name(best) {
            "referral" => Class::Referral,
            "unsubscribe" => Class::Unsubscribe,
            "auto_reply" => Class::AutoReply,
            _ => Class::Other,
        };
        // The probability of the class reported: low when a near-rejection was held back.
        let confidence = rest[best];
        let maybe = p_rej >= (self.threshold - MAYBE_BAND).max(0.2);
        let evidence = match class {
            // A near-rejection names the sentence that nearly made it one, for the person who
            // looks at the maybe band.
            Class::Other if maybe => top_sentence(),
            Class::Other => d.evidence.clone().filter(|_| d.class == Class::Other),
            _ => d.evidence.clone().or_else(top_sentence),
        };
        let v = Verdict {
            class,
            reason: None,
            confidence,
            evidence,
            language,
            rejection_probability: Some(p_rej),
            maybe,
            answer: None,
        };
        (v, Some(f))
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod breadth_tests;
