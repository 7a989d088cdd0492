//! The compiled frame matcher: every lexicon pattern of every language, in a few lazy DFAs.
//! Scanning a sentence yields hits (frame, language, position) that the deciders reason over.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::{Regex, RegexSet, RegexSetBuilder};
use regex_automata::hybrid::dfa::{Cache, OverlappingState, DFA};
use regex_automata::nfa::thompson;
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input, MatchKind};

use super::lexicon::{Lexicon, ALL};
use super::pattern_syntax;
use super::sentences::{fold_char, normalize, Sentence};
use super::ClassifyError;

/// What a matched pattern means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Frame {
    /// Decision + negation + engagement ("decided not to proceed").
    Decline,
    /// Cancelling a paid plan or contract.
    CancelContract,
    /// Chose another vendor.
    Competitor,
    /// Keeps the status quo.
    StatusQuo,
    /// Not a fit / no need.
    NoNeed,
    /// No budget / too expensive.
    Price,
    /// An explicit "not now".
    Timing,
    /// Reason hint: competitor.
    CompetitorHint,
    /// Reason hint: no_decision.
    StatusQuoHint,
    /// Reason hint: no_need.
    NoNeedHint,
    /// Reason hint: price.
    PriceHint,
    /// Reason hint: timing.
    TimingHint,
    /// The buyer goes ahead.
    Accept,
    /// Moves up to a bigger plan (ending the old one is no rejection).
    Upgrade,
    /// Bargaining about price.
    Negotiation,
    /// Still deciding.
    Stall,
    /// Hypothetical clause.
    Conditional,
    /// The negated object is not the deal.
    NotDeal,
    /// Courtesy marker.
    Courtesy,
    /// Points to another person.
    Referral,
    /// Passes the mail on to someone else (weaker than a referral).
    Handoff,
    /// Points at a forwarded message below.
    Pointer,
    /// Opt-out request.
    Unsubscribe,
    /// Out-of-office wording.
    OutOfOffice,
    /// Machine wording.
    Automated,
    /// A user phrase from config (acts as a decline).
    Extra,
}

impl Frame {
    /// Frames whose meaning flips when a negation word sits just before them.
    pub fn negatable(self) -> bool {
        matches!(
            self,
            Frame::Accept | Frame::Upgrade | Frame::Competitor | Frame::StatusQuo
        )
    }
}

/// One matched pattern in one sentence.
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    /// The frame.
    pub frame: Frame,
    /// Lexicon index in `lexicon::ALL`, None for user phrases.
    pub lang: Option<u8>,
    /// Byte offset just past the match's last word.
    pub end: usize,
    /// Clause number within the sentence.
    pub clause: usize,
    /// A negation word stands just before the match, in the same clause.
    pub negated: bool,
}

struct Pattern {
    frame: Frame,
    lang: Option<u8>,
    source: String,
    single: OnceLock<Option<Regex>>,
}

type CachePool = Pool<Cache, Box<dyn Fn() -> Cache + Send + Sync>>;

/// A part of the patterns, matched by one lazy DFA.
///
/// Why not one `RegexSet`: searched unanchored, a lazy DFA over ~1,500 patterns with word gaps
/// carries every partial match from every earlier word in its state, so real text meets a new
/// state at almost every byte (about 0.7 ms per sentence), and building the set with literal
/// prefilters took 0.2 s per process. Every pattern starts at a word, so the DFA is instead run
/// anchored from each word start: its states are then few (a trie over word sequences) and
/// cached across messages, about 1 µs per sentence, and the forward automaton alone compiles
/// in tens of milliseconds, split over the cores.
struct Group {
    dfa: DFA,
    /// Index in `Matcher::patterns` of each of the DFA's patterns.
    ids: Vec<usize>,
    caches: CachePool,
}

/// Most parts the patterns are compiled in (each part is one more pass over a sentence).
const MAX_PARTS: usize = 4;
/// Lazy DFA cache per part and thread (anchored states are few; it rarely fills).
const CACHE_BYTES: usize = 8 << 20;

/// All patterns compiled once.
pub struct Matcher {
    groups: Vec<Group>,
    patterns: Vec<Pattern>,
    negation: HashMap<String, u8>,
    subject_set: RegexSet,
    subject_lang: Vec<u8>,
    stopwords: HashMap<String, u8>,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("patterns", &self.patterns.len())
            .finish()
    }
}

/// Filler that may trail a short answer ("no, not now, sorry") up to the end of the sentence.
const END: &str = "(?: (?:now|for now|thanks|thank you|sorry|unfortunately|from us|from me|for us|for me|at this time|at the moment|at this point|right now|this time|though|either|then|again|anyway|i am afraid|i fear|i think|really|please|regards|cheers|mate|folks|guys|all|sir|madam|x|[a-z]))* ?$";

/// Lower-case and fold accents in a pattern's literal letters (regex syntax is ASCII, left alone).
fn fold_pattern(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for c in p.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            for l in c.to_lowercase() {
                fold_char(l, &mut out);
            }
        }
    }
    out
}

/// Replace `{slot}` references with their alternations.
fn expand(lex: &Lexicon, p: &str) -> Result<String, String> {
    let mut out = String::with_capacity(p.len() * 2);
    let mut rest = p;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(format!("unclosed slot in {p:?}"));
        };
        let name = &after[..close];
        // Regex repetitions like {0,3} pass through untouched.
        if name.chars().all(|c| c.is_ascii_digit() || c == ',') {
            out.push('{');
            out.push_str(name);
            out.push('}');
        } else {
            match name {
                "w" => out.push_str("[a-z0-9]+"),
                "g1" | "g2" | "g3" | "g4" | "g6" => {
                    // "a {g2}b" and "a{g2} b" mean the same: up to N words between a and b.
                    let spaced = out.ends_with(' ');
                    if spaced {
                        out.pop();
                    }
                    out.push_str("(?: [a-z0-9]+){0,");
                    out.push_str(&name[1..]);
                    out.push('}');
                    if spaced {
                        out.push(' ');
                    }
                }
                // Only filler words may follow up to the end of the sentence.
                "end" => out.push_str(END),
                _ => {
                    let Some((_, items)) = lex.slots.iter().find(|(n, _)| *n == name) else {
                        return Err(format!("unknown slot {{{name}}} in {p:?}"));
                    };
                    out.push_str("(?:");
                    for (i, item) in items.iter().enumerate() {
                        if i > 0 {
                            out.push('|');
                        }
                        out.push_str(&expand(lex, item)?);
                    }
                    out.push(')');
                }
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn lists(lex: &Lexicon) -> [(Frame, &'static [&'static str]); 25] {
    [
        (Frame::Decline, lex.decline),
        (Frame::CancelContract, lex.cancel_contract),
        (Frame::Competitor, lex.competitor),
        (Frame::StatusQuo, lex.status_quo),
        (Frame::NoNeed, lex.no_need),
        (Frame::Price, lex.price),
        (Frame::Timing, lex.timing),
        (Frame::CompetitorHint, lex.competitor_hint),
        (Frame::StatusQuoHint, lex.status_quo_hint),
        (Frame::NoNeedHint, lex.no_need_hint),
        (Frame::PriceHint, lex.price_hint),
        (Frame::TimingHint, lex.timing_hint),
        (Frame::Accept, lex.accept),
        (Frame::Upgrade, lex.upgrade),
        (Frame::Negotiation, lex.negotiation),
        (Frame::Stall, lex.stall),
        (Frame::Conditional, lex.conditional),
        (Frame::NotDeal, lex.not_deal),
        (Frame::Courtesy, lex.courtesy),
        (Frame::Referral, lex.referral),
        (Frame::Handoff, lex.handoff),
        (Frame::Pointer, lex.pointer),
        (Frame::Unsubscribe, lex.unsubscribe),
        (Frame::OutOfOffice, lex.out_of_office),
        (Frame::Automated, lex.automated),
    ]
}

fn bad(phrase: &str, message: impl Into<String>) -> ClassifyError {
    ClassifyError::BadPhrase {
        phrase: phrase.to_string(),
        message: message.into(),
    }
}

/// Split the patterns into one part per core, of about equal size, and compile them in parallel.
fn compile_groups(patterns: &[Pattern]) -> Result<Vec<Group>, ClassifyError> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let total: usize = patterns.iter().map(|p| p.source.len()).sum();
    let per_part = total.div_ceil(cores.clamp(1, MAX_PARTS)).max(1);
    let mut parts: Vec<Vec<usize>> = vec![Vec::new()];
    let mut bytes = 0;
    for (i, p) in patterns.iter().enumerate() {
        if bytes >= per_part {
            parts.push(Vec::new());
            bytes = 0;
        }
        bytes += p.source.len();
        if let Some(last) = parts.last_mut() {
            last.push(i);
        }
    }
    parts.retain(|p| !p.is_empty());
    if parts.is_empty() {
        return Ok(Vec::new());
    }
    let compile_part = |ids: &Vec<usize>| {
        let sources: Vec<&str> = ids.iter().map(|&j| patterns[j].source.as_str()).collect();
        compile(&sources)
    };
    let compiled: Vec<Result<DFA, String>> = std::thread::scope(|scope| {
        let others: Vec<_> = parts[1..]
            .iter()
            .map(|ids| scope.spawn(move || compile_part(ids)))
            .collect();
        let mut all = vec![compile_part(&parts[0])];
        for h in others {
            all.push(
                h.join()
                    .unwrap_or_else(|_| Err("a compiling thread failed".to_string())),
            );
        }
        all
    });
    let mut groups = Vec::with_capacity(parts.len());
    for (ids, dfa) in parts.into_iter().zip(compiled) {
        let dfa = dfa.map_err(|e| bad("(built-in lexicon)", e))?;
        let for_pool = dfa.clone();
        groups.push(Group {
            dfa,
            ids,
            caches: Pool::new(Box::new(move || for_pool.create_cache())),
        });
    }
    Ok(groups)
}

/// One forward lazy DFA reporting every pattern that matches from an anchored start (no
/// captures, no reverse automaton, no literal prefilter: only "which patterns, ending where").
fn compile(sources: &[&str]) -> Result<DFA, String> {
    let hirs = sources
        .iter()
        .map(|s| pattern_syntax::parse(s))
        .collect::<Result<Vec<_>, _>>()?;
    let nfa = thompson::Compiler::new()
        .configure(
            thompson::Config::new()
                .which_captures(thompson::WhichCaptures::None)
                .nfa_size_limit(Some(64 << 20))
                .shrink(false),
        )
        .build_many_from_hir(&hirs)
        .map_err(|e| e.to_string())?;
    DFA::builder()
        .configure(
            DFA::config()
                .match_kind(MatchKind::All)
                .cache_capacity(CACHE_BYTES),
        )
        .build_from_nfa(nfa)
        .map_err(|e| e.to_string())
}

impl Matcher {
    /// Compile the built-in lexicons plus user phrases (matched as whole words, any case).
    pub fn new(extra: &[String]) -> Result<Matcher, ClassifyError> {
        let mut patterns = Vec::new();
        let mut negation: HashMap<String, u8> = HashMap::new();
        let mut stopwords: HashMap<String, u8> = HashMap::new();
        let mut subject_src = Vec::new();
        let mut subject_lang = Vec::new();
        for (li, lex) in ALL.iter().enumerate() {
            let li = li as u8;
            for (frame, list) in lists(lex) {
                for p in list {
                    let src = expand(lex, &fold_pattern(p)).map_err(|m| bad(p, m))?;
                    // A leading "^" anchors at the sentence start ("Pass." alone, not "boarding pass").
                    let source = match src.strip_prefix('^') {
                        Some(rest) => format!("^ (?:{rest})(?: |$)"),
                        None => format!(" (?:{src})(?: |$)"),
                    };
                    patterns.push(Pattern {
                        frame,
                        lang: Some(li),
                        source,
                        single: OnceLock::new(),
                    });
                }
            }
            for p in lex.auto_subject {
                let src = expand(lex, &fold_pattern(p)).map_err(|m| bad(p, m))?;
                subject_src.push(format!("^ (?:{src}) "));
                subject_lang.push(li);
            }
            for w in lex.negation {
                *negation.entry(normalize(w).trim().to_string()).or_default() |= 1 << li;
            }
            for w in lex.stopwords {
                *stopwords
                    .entry(normalize(w).trim().to_string())
                    .or_default() |= 1 << li;
            }
        }
        for phrase in extra {
            let norm = normalize(phrase);
            let words = norm.trim();
            if words.is_empty() {
                return Err(bad(phrase, "the phrase has no words"));
            }
            if words.len() > 200 {
                return Err(bad(phrase, "the phrase is longer than 200 characters"));
            }
            let source = format!(" {} ", regex::escape(words));
            if let Err(e) = pattern_syntax::parse(&source) {
                return Err(bad(phrase, e));
            }
            patterns.push(Pattern {
                frame: Frame::Extra,
                lang: None,
                source,
                single: OnceLock::new(),
            });
        }
        let groups = compile_groups(&patterns)?;
        let subject_set = RegexSetBuilder::new(&subject_src)
            .build()
            .map_err(|e| bad("(built-in subject prefixes)", e.to_string()))?;
        Ok(Matcher {
            groups,
            patterns,
            negation,
            subject_set,
            subject_lang,
            stopwords,
        })
    }

    /// Every frame hit in one sentence, with positions and negation.
    pub fn scan(&self, s: &Sentence) -> Vec<Hit> {
        let norm = s.norm.as_str();
        // (pattern, start, end): a pattern's first start is its leftmost, its first end there
        // the shortest match.
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for g in &self.groups {
            let mut cache = g.caches.get();
            // Every pattern begins at a word: "^ " at the start or " " before the word.
            for (i, b) in norm.bytes().enumerate() {
                if b != b' ' && i != 0 {
                    continue;
                }
                let input = Input::new(norm).range(i..).anchored(Anchored::Yes);
                let mut state = OverlappingState::start();
                // Without quit bytes or a give-up limit a lazy DFA cannot fail; if it ever did,
                // this position just has no frames.
                while g
                    .dfa
                    .try_search_overlapping_fwd(&mut cache, &input, &mut state)
                    .is_ok()
                {
                    let Some(m) = state.get_match() else { break };
                    let Some(&idx) = g.ids.get(m.pattern().as_usize()) else {
                        continue;
                    };
                    if !found.iter().any(|f| f.0 == idx) {
                        let end = norm[..m.offset()].trim_end().len().max(i + 1);
                        found.push((idx, i + 1, end));
                    }
                }
            }
        }
        found.sort_unstable();
        let mut hits = Vec::with_capacity(found.len());
        for (idx, start, end) in found {
            let p = &self.patterns[idx];
            let end = if p.frame == Frame::Competitor {
                // Whether the chosen vendor is us reads the words up to the match's end as the
                // pattern itself prefers it (leftmost-first), which only the full regex knows.
                p.single
                    .get_or_init(|| Regex::new(&p.source).ok())
                    .as_ref()
                    .and_then(|r| r.find_at(norm, start - 1))
                    .map_or(end, |m| m.as_str().trim_end().len() + m.start())
            } else {
                end
            };
            let clause = s.breaks.iter().filter(|&&b| b < start).count();
            let clause_start = s
                .breaks
                .iter()
                .copied()
                .filter(|&b| b < start)
                .max()
                .unwrap_or(0);
            let negated =
                p.frame.negatable() && self.negated_before(p.lang, &s.norm, clause_start, start);
            hits.push(Hit {
                frame: p.frame,
                lang: p.lang,
                end,
                clause,
                negated,
            });
        }
        hits
    }

    fn negated_before(&self, lang: Option<u8>, norm: &str, from: usize, to: usize) -> bool {
        let mask = lang.map_or(u8::MAX, |l| 1 << l);
        let Some(window) = norm.get(from..to) else {
            return false;
        };
        window
            .split_whitespace()
            .rev()
            .take(3)
            .any(|w| self.negation.get(w).is_some_and(|m| m & mask != 0))
    }

    /// Language index of an automatic-reply subject prefix, if the subject starts with one.
    pub fn auto_subject(&self, subject: &str) -> Option<u8> {
        let norm = normalize(subject);
        self.subject_set
            .matches(&norm)
            .into_iter()
            .next()
            .map(|i| self.subject_lang[i])
    }

    /// Guess the language from function words; None when nothing stands out.
    pub fn guess_language(&self, norm_words: &[&str]) -> Option<u8> {
        let mut counts = [0u32; 8];
        for w in norm_words {
            if let Some(mask) = self.stopwords.get(*w) {
                for (i, c) in counts.iter_mut().enumerate().take(ALL.len()) {
                    if mask & (1 << i) != 0 {
                        *c += 1;
                    }
                }
            }
        }
        let (best, &n) = counts.iter().enumerate().max_by_key(|(_, c)| **c)?;
        (n >= 2).then_some(best as u8)
    }
}

#[cfg(test)]
mod pattern_syntax_tests {
    use super::Matcher;

    /// The fast subset parser is only a speed-up: every built-in pattern must parse to exactly
    /// what regex-syntax gives, and nearly all of them must be inside the subset.
    #[test]
    fn every_built_in_pattern_parses_like_regex_syntax() {
        let m = Matcher::new(&["we'll pass, thanks".to_string()]).expect("built-in lexicon");
        assert!(m.patterns.len() > 1000, "{} patterns", m.patterns.len());
        let outside = m
            .patterns
            .iter()
            .filter(|p| p.lang.is_some() && super::pattern_syntax::subset(&p.source).is_none());
        let outside: Vec<_> = outside.map(|p| p.source.as_str()).collect();
        assert!(outside.is_empty(), "outside the fast subset: {outside:?}");
        for p in &m.patterns {
            let general = regex_automata::util::syntax::parse(&p.source).expect("parses");
            let fast = super::pattern_syntax::parse(&p.source).expect("parses");
            assert_eq!(fast, general, "{:?}", p.source);
        }
    }
}
