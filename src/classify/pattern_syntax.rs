//! A parser for the small regex subset the lexicons are written in, straight to regex-syntax's HIR.
//! Anything outside the subset is left to regex-syntax itself, so the result is always the same.
//!
//! Why: the ~1,500 expanded lexicon patterns are ~200 KB of regex text, and the general parser
//! (AST, then translation) was the largest single cost of building the matcher at start-up.

use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, Look, Repetition};

/// Parse `pattern` as regex-syntax would with its default configuration.
pub fn parse(pattern: &str) -> Result<Hir, String> {
    match subset(pattern) {
        Some(hir) => Ok(hir),
        None => regex_automata::util::syntax::parse(pattern).map_err(|e| e.to_string()),
    }
}

/// The subset parse alone: `None` when `pattern` is outside the subset (or invalid).
pub fn subset(pattern: &str) -> Option<Hir> {
    Subset::new(pattern).whole()
}

/// Recursive descent over: literal letters, digits and spaces, `(?:…)`, `|`, `?`, `*`, `+`,
/// `{n}`, `{n,}`, `{n,m}`, `[a-z]`-style classes of ranges and letters, `^` and `$`.
/// Every other construct (escapes, captures, flags, `.`, lazy repetitions) returns `None`.
struct Subset<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    depth: usize,
}

/// Nesting deeper than this goes to regex-syntax, which has its own limit and error.
const MAX_DEPTH: usize = 64;

impl<'a> Subset<'a> {
    fn new(pattern: &'a str) -> Subset<'a> {
        Subset {
            chars: pattern.chars().peekable(),
            depth: 0,
        }
    }

    fn whole(mut self) -> Option<Hir> {
        let hir = self.alternation()?;
        self.chars.peek().is_none().then_some(hir)
    }

    /// Branches separated by `|`, up to a `)` or the end.
    fn alternation(&mut self) -> Option<Hir> {
        let mut branches = vec![self.concat()?];
        while self.chars.next_if_eq(&'|').is_some() {
            branches.push(self.concat()?);
        }
        Some(if branches.len() == 1 {
            branches.pop()?
        } else {
            Hir::alternation(branches)
        })
    }

    fn concat(&mut self) -> Option<Hir> {
        let mut items = Vec::new();
        while let Some(&c) = self.chars.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            items.push(self.repeated(atom)?);
        }
        Some(Hir::concat(items))
    }

    fn atom(&mut self) -> Option<Hir> {
        let c = self.chars.next()?;
        match c {
            '(' => {
                // Only non-capturing groups: captures would need regex-syntax's numbering.
                if self.chars.next()? != '?' || self.chars.next()? != ':' {
                    return None;
                }
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return None;
                }
                let inner = self.alternation()?;
                self.depth -= 1;
                (self.chars.next()? == ')').then_some(inner)
            }
            '[' => self.class(),
            '^' => Some(Hir::look(Look::Start)),
            '$' => Some(Hir::look(Look::End)),
            c if plain(c) => {
                let mut buf = [0; 4];
                Some(Hir::literal(c.encode_utf8(&mut buf).as_bytes()))
            }
            _ => None,
        }
    }

    /// A class like `[a-z0-9 ]` or `[aeiou]`: letters, digits and spaces, and ranges of them.
    /// No negation, nesting or set operations (`&&`, `--`, `~~`): those go to regex-syntax.
    fn class(&mut self) -> Option<Hir> {
        let member = |c: char| c.is_alphanumeric() || c == ' ';
        let mut ranges = Vec::new();
        loop {
            let start = self.chars.next()?;
            if start == ']' && !ranges.is_empty() {
                break;
            }
            if !member(start) {
                return None;
            }
            let end = if self.chars.next_if_eq(&'-').is_some() {
                let end = self.chars.next()?;
                if !member(end) || end < start {
                    return None;
                }
                end
            } else {
                start
            };
            ranges.push(ClassUnicodeRange::new(start, end));
        }
        Some(Hir::class(Class::Unicode(ClassUnicode::new(ranges))))
    }

    /// One repetition operator after an atom, if any. Lazy (`a??`) and stacked (`a*+`, `a{2}*`)
    /// repetitions go to regex-syntax.
    fn repeated(&mut self, sub: Hir) -> Option<Hir> {
        let (min, max) = match self.chars.peek() {
            Some('?') => (0, Some(1)),
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('{') => {
                self.chars.next();
                let bounds = self.counted()?;
                return self.repeat(sub, bounds);
            }
            _ => return Some(sub),
        };
        self.chars.next();
        self.repeat(sub, (min, max))
    }

    fn repeat(&mut self, sub: Hir, (min, max): (u32, Option<u32>)) -> Option<Hir> {
        if matches!(self.chars.peek(), Some('?' | '*' | '+' | '{')) {
            return None;
        }
        // Repeating nothing but an empty match or a look-around is left to regex-syntax too.
        if sub.properties().maximum_len() == Some(0) {
            return None;
        }
        Some(Hir::repetition(Repetition {
            min,
            max,
            greedy: true,
            sub: Box::new(sub),
        }))
    }

    /// `n}`, `n,}` or `n,m}` after a `{`.
    fn counted(&mut self) -> Option<(u32, Option<u32>)> {
        let min = self.number()?;
        let bounds = if self.chars.next_if_eq(&',').is_some() {
            if self.chars.peek() == Some(&'}') {
                (min, None)
            } else {
                let max = self.number()?;
                (max >= min).then_some((min, Some(max)))?
            }
        } else {
            (min, Some(min))
        };
        (self.chars.next()? == '}').then_some(bounds)
    }

    fn number(&mut self) -> Option<u32> {
        let mut n: u32 = 0;
        let mut digits = 0;
        while let Some(d) = self.chars.peek().and_then(|c| c.to_digit(10)) {
            self.chars.next();
            n = n.checked_mul(10)?.checked_add(d)?;
            digits += 1;
        }
        // regex-syntax caps repetitions at 1000; leave the error message to it.
        (digits > 0 && n <= 1000).then_some(n)
    }
}

/// A char that stands for itself in a pattern (no escaping needed, no special meaning).
fn plain(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, ' ' | '\'' | '-' | '’' | '&' | ',' | '%' | '#')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn general(p: &str) -> Hir {
        regex_automata::util::syntax::parse(p).expect("valid pattern")
    }

    #[test]
    fn the_subset_parses_like_regex_syntax() {
        for p in [
            " (?:we (?:have )?decided|we are going) not to (?:proceed|move forward)(?: |$)",
            "^ (?:no thanks?)(?: [a-z0-9]+){0,3} ?$",
            "(?: [a-z0-9]+){2}x",
            "a{1,}b*c+d?",
            "[a-z]+|[0-9]|[aeiou]|[0-9 ]*|[a-c]",
            "no,? gracias|100 ?%|ticket #",
            "l'offre ne nous convient pas",
            "über|änderung",
            "(?:a|b|c)",
            "(?:)",
            "a||b",
            "",
        ] {
            let fast = Subset::new(p).whole();
            assert_eq!(fast.as_ref(), Some(&general(p)), "{p:?}");
        }
    }

    #[test]
    fn outside_the_subset_goes_to_regex_syntax() {
        for p in [
            "a.b", r"\bword", "(cap)", "[a-c-]", "[a&&b]", "[a--b]", "(?i)x", "a??", "a+?", "a**",
            "[^a]", "a{2000}", "(?:^)*",
        ] {
            assert!(Subset::new(p).whole().is_none(), "{p:?}");
        }
        assert_eq!(parse("(cap)x").ok(), Some(general("(cap)x")));
        assert!(parse("(unclosed").is_err());
    }

    /// Patterns from the subset's grammar (and some stray syntax around them).
    fn patterns() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            "[ab é'&,%#0-9-]{1,3}",
            "\\[[a-c0-9 ]{1,3}\\]",
            Just("^".to_string()),
            Just("$".to_string()),
            Just("[a-c]".to_string()),
        ];
        let tree = leaf.prop_recursive(4, 32, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 1..4).prop_map(|v| v.concat()),
                proptest::collection::vec(inner.clone(), 0..4)
                    .prop_map(|v| format!("(?:{})", v.join("|"))),
                (inner, "[?*+]|\\{[0-3](,[0-3]?)?\\}").prop_map(|(x, op)| format!("{x}{op}")),
            ]
        });
        (tree, "[()?|*+{}\\[\\].]?").prop_map(|(t, stray)| format!("{t}{stray}"))
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2000))]
        /// Whatever the subset accepts, regex-syntax parses to the very same HIR.
        #[test]
        fn accepted_means_identical(p in patterns()) {
            if let Some(fast) = subset(&p) {
                proptest::prop_assert_eq!(Some(fast), regex_automata::util::syntax::parse(&p).ok());
            }
        }
    }
}
