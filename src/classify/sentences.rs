//! Split new text into sentences, and normalise a sentence into the token form the frames match.
//! Normal form: " tok tok tok " — lower case, accents folded, contractions expanded, no punctuation.

/// One sentence of the new text: the original wording and its normal form.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// The sentence as written, on one line, trimmed (what evidence quotes).
    pub text: String,
    /// The normal form, starting and ending with a space.
    pub norm: String,
    /// Byte offsets in `norm` where a clause boundary (comma, dash, "but") falls.
    pub breaks: Vec<usize>,
    /// True when the sentence ends with a question mark.
    pub question: bool,
}

/// Longest sentence kept; beyond that a "sentence" is a pasted blob, not wording.
const MAX_SENTENCE: usize = 600;
/// Most sentences looked at per message; new text is short, a huge one is not a reply.
const MAX_SENTENCES: usize = 120;

/// Split text into sentences (paragraphs, wrapped lines joined, then sentence punctuation).
pub fn split(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    for unit in units(text) {
        for s in split_unit(&unit) {
            if out.len() >= MAX_SENTENCES {
                return out;
            }
            let s = s.trim();
            if s.is_empty() || !s.chars().any(char::is_alphanumeric) {
                continue;
            }
            let s = truncate(s, MAX_SENTENCE);
            let (norm, breaks) = normalize_with_breaks(s);
            out.push(Sentence {
                text: s.to_string(),
                norm,
                breaks,
                question: s.trim_end_matches(['"', '\'', ')', ' ']).ends_with('?'),
            });
        }
    }
    out
}

fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Group lines into units: blank lines, bullets and short lines end a unit; long wrapped lines join.
fn units(text: &str) -> Vec<String> {
    let mut units = Vec::new();
    let mut cur = String::new();
    let mut prev_len = 0usize;
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() {
            flush(&mut cur, &mut units);
            prev_len = 0;
            continue;
        }
        let bullet = line.starts_with(['-', '*', '•', '·']) && line.len() > 1;
        let prev_ended = cur.ends_with(['.', '!', '?', ':', ';', ',']);
        // A short previous line ("Hi Sam,", "Thanks", a phone reply) stands on its own.
        if !cur.is_empty() && (bullet || prev_len < 45 || (prev_ended && !cur.ends_with(','))) {
            flush(&mut cur, &mut units);
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(line);
        prev_len = line.chars().count();
    }
    flush(&mut cur, &mut units);
    units
}

fn flush(cur: &mut String, units: &mut Vec<String>) {
    if !cur.is_empty() {
        units.push(std::mem::take(cur));
    }
}

/// Abbreviations after which a period does not end a sentence.
const ABBREV: &[&str] = &[
    "mr", "mrs", "ms", "dr", "etc", "e.g", "i.e", "vs", "z.b", "bzw", "ca", "sr", "sra", "st",
    "inc", "ltd", "co", "no", "nr", "approx", "p.s", "ps", "mme", "m", "dhr", "mw", "ggf", "usw",
    "u.a", "d.h",
];

fn split_unit(unit: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = unit.as_bytes();
    let mut start = 0;
    let mut iter = unit.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if !matches!(c, '.' | '!' | '?' | '…' | '。') {
            continue;
        }
        // Swallow runs like "?!" or "...".
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = iter.peek() {
            if matches!(d, '.' | '!' | '?' | '…' | '"' | '\'' | ')' | '”' | '»') {
                end = j + d.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        let next_is_space = end >= bytes.len() || bytes[end].is_ascii_whitespace();
        if !next_is_space {
            continue;
        }
        if c == '.' {
            let before = &unit[start..i];
            let last_word = before
                .rsplit(|ch: char| ch.is_whitespace() || ch == '(')
                .next()
                .unwrap_or("")
                .to_lowercase();
            if ABBREV.contains(&last_word.as_str())
                || (last_word.chars().count() == 1 && last_word.chars().all(char::is_alphabetic))
            {
                continue;
            }
        }
        out.push(&unit[start..end]);
        start = end;
    }
    if start < unit.len() {
        out.push(&unit[start..]);
    }
    out
}

/// Normalise a phrase or sentence to the frame-matching form (no clause breaks kept).
pub fn normalize(s: &str) -> String {
    normalize_with_breaks(s).0
}

/// Fold one lower-case char to ASCII where it is a Latin letter with a diacritic.
pub fn fold_char(c: char, out: &mut String) {
    let r: &str = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ß' => "ss",
        'ś' | 'š' => "s",
        'ź' | 'ż' | 'ž' => "z",
        'ł' => "l",
        'ĳ' => "ij",
        _ => {
            out.push(c);
            return;
        }
    };
    out.push_str(r);
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | '`' | '´' | 'ʼ')
}

fn is_break(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '(' | ')' | '—' | '–' | '/' | '[' | ']')
}

/// Words that start a new clause ("..., but we'll pass").
const BREAK_WORDS: &[&str] = &[
    "but",
    "however",
    "though",
    "although",
    "aber",
    "jedoch",
    "allerdings",
    "doch",
    "mais",
    "cependant",
    "pero",
    "sin",
    "maar",
    "echter",
    "mas",
    "porem",
    "contudo",
    "entretanto",
];

/// English contractions and their apostrophe-less typos, expanded.
fn expand(tok: &str) -> Option<&'static str> {
    Some(match tok {
        "won't" | "wont" => "will not",
        "can't" | "cant" | "cannot" => "can not",
        "shan't" => "shall not",
        "ain't" => "is not",
        "dont" => "do not",
        "didnt" => "did not",
        "doesnt" => "does not",
        "isnt" => "is not",
        "wasnt" => "was not",
        "arent" => "are not",
        "werent" => "were not",
        "havent" => "have not",
        "hasnt" => "has not",
        "wouldnt" => "would not",
        "couldnt" => "could not",
        "shouldnt" => "should not",
        // "im" is not expanded: it is German for "in the" ("im Moment"); "I'm" is handled above.
        "ive" => "i have",
        "it's" | "its's" => "it is",
        "that's" | "thats" => "that is",
        "there's" => "there is",
        "here's" => "here is",
        "what's" => "what is",
        "let's" | "lets" => "let us",
        "he's" => "he is",
        "she's" => "she is",
        "who's" => "who is",
        "gonna" => "going to",
        "wanna" => "want to",
        "gotta" => "got to",
        _ => return None,
    })
}

fn push_word(out: &mut String, w: &str) {
    out.push_str(w);
    out.push(' ');
}

/// Emit one raw token (letters, digits, inner apostrophes) in normal form.
fn emit_token(tok: &str, out: &mut String, breaks: &mut Vec<usize>) {
    if tok.is_empty() {
        return;
    }
    if BREAK_WORDS.contains(&tok) {
        breaks.push(out.len() - 1);
    }
    if let Some(e) = expand(tok) {
        push_word(out, e);
        return;
    }
    if let Some(pos) = tok.find('\'') {
        let (head, tail) = (&tok[..pos], &tok[pos + 1..]);
        let english = match tail {
            "t" if head.ends_with('n') && head.len() > 1 => {
                push_word(out, &head[..head.len() - 1]);
                push_word(out, "not");
                true
            }
            "re" => {
                push_word(out, head);
                push_word(out, "are");
                true
            }
            "ll" => {
                push_word(out, head);
                push_word(out, "will");
                true
            }
            "ve" => {
                push_word(out, head);
                push_word(out, "have");
                true
            }
            "m" => {
                push_word(out, head);
                push_word(out, "am");
                true
            }
            "d" => {
                push_word(out, head);
                push_word(out, "would");
                true
            }
            "s" => {
                push_word(out, head);
                true
            }
            _ => false,
        };
        if english {
            return;
        }
        // Elision ("n'avons", "l'offre", "'t"): keep both halves as words.
        for part in tok.split('\'') {
            if !part.is_empty() {
                push_word(out, part);
            }
        }
        return;
    }
    push_word(out, tok);
}

/// Normalise and record clause breaks (byte offsets into the normal form).
pub fn normalize_with_breaks(s: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len() + 2);
    out.push(' ');
    let mut breaks = Vec::new();
    let mut tok = String::new();
    let mut prev_space = true;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                fold_char(l, &mut tok);
            }
            prev_space = false;
            continue;
        }
        if is_apostrophe(c) && !tok.is_empty() && chars.peek().is_some_and(|n| n.is_alphabetic()) {
            tok.push('\'');
            continue;
        }
        emit_token(&tok, &mut out, &mut breaks);
        tok.clear();
        // " - " (a spaced hyphen) is a dash; "in-house" is one idea split in two words.
        let spaced_dash = c == '-' && prev_space && chars.peek().is_some_and(|n| n.is_whitespace());
        if is_break(c) || spaced_dash {
            breaks.push(out.len() - 1);
        }
        prev_space = c.is_whitespace();
    }
    emit_token(&tok, &mut out, &mut breaks);
    if out.len() == 1 {
        out.push(' ');
    }
    (out, breaks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_form_expands_and_folds() {
        assert_eq!(
            normalize("We won’t be moving forward."),
            " we will not be moving forward "
        );
        assert_eq!(normalize("We're NOT going"), " we are not going ");
        assert_eq!(
            normalize("Nous n'avons pas retenu l'offre"),
            " nous n avons pas retenu l offre "
        );
        assert_eq!(
            normalize("Leider können wir nicht"),
            " leider konnen wir nicht "
        );
        assert_eq!(normalize("in-house, dont"), " in house do not ");
        assert_eq!(normalize(""), "  ");
    }

    #[test]
    fn breaks_mark_clauses() {
        let (n, b) = normalize_with_breaks("Thanks, but we'll pass");
        assert_eq!(n, " thanks but we will pass ");
        assert!(!b.is_empty());
        assert!(b.iter().all(|&i| i < n.len()));
    }

    #[test]
    fn splits_sentences_and_wrapped_lines() {
        let text = "Hi Sam,\n\nThanks for the proposal and for taking the time to walk us through\nthe numbers last week. Unfortunately we will pass. Dr. Who agrees!\n\nBest,\nJo";
        let s = split(text);
        let texts: Vec<&str> = s.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts[0], "Hi Sam,");
        assert!(texts[1].starts_with("Thanks for the proposal"));
        assert!(texts[1].ends_with("last week."));
        assert_eq!(texts[2], "Unfortunately we will pass.");
        assert_eq!(texts[3], "Dr. Who agrees!");
        assert_eq!(texts[4], "Best,");
    }

    #[test]
    fn question_flag() {
        let s = split("Could you lower the price? We like it.");
        assert!(s[0].question);
        assert!(!s[1].question);
    }
}
