//! Inspect a template set: which file serves each reason and language (`templates list`), user
//! files that shadow nothing, and a strict trial render of every template (`templates check`).

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use regex::Regex;

use super::context::{Original, Person, Seller, TemplateContext};
use super::templates::{
    self, Origin, Registry, Resolved, TemplateSet, BASE_TEMPLATE, FALLBACK_LANGUAGE, HTML_SUFFIX,
    SUBJECT_TEMPLATE,
};
use super::{followup_name, FOLLOWUP_TEMPLATE, PERMISSION_TEMPLATE, THANKS_TEMPLATE};
use crate::classify::Reason;

/// The template name for referrals ("talk to X instead"): `<lang>/referral.hbs`.
pub const REFERRAL_TEMPLATE: &str = "referral";

/// Every name a one-step reply can be rendered from: each reason, then `referral`.
pub fn reply_names() -> Vec<&'static str> {
    Reason::ALL
        .iter()
        .map(|r| r.as_str())
        .chain([REFERRAL_TEMPLATE])
        .collect()
}

/// The two-step conversation's names: step one (`permission`), then step two per reason
/// (`followup_price`, ...).
pub fn step_names() -> Vec<String> {
    std::iter::once(PERMISSION_TEMPLATE.to_string())
        .chain(Reason::ALL.iter().map(|r| followup_name(*r)))
        .chain([THANKS_TEMPLATE.to_string()])
        .collect()
}

/// Every name a draft can be rendered from: both steps, then the one-step replies.
pub fn all_names() -> Vec<String> {
    step_names()
        .into_iter()
        .chain(reply_names().into_iter().map(str::to_string))
        .collect()
}

/// The reason a template name is rendered for: `price` for `price` and `followup_price`.
pub fn reason_of(name: &str) -> Option<Reason> {
    let bare = name
        .strip_prefix(FOLLOWUP_TEMPLATE)
        .and_then(|r| r.strip_prefix('_'))
        .unwrap_or(name);
    Reason::parse(bare)
}

/// Names a top-level template file may have (besides `.html` variants of the reply names).
fn known_top_names() -> Vec<String> {
    let mut names = all_names();
    names.push(BASE_TEMPLATE.to_string());
    names.push(FOLLOWUP_TEMPLATE.to_string());
    names.push(SUBJECT_TEMPLATE.to_string());
    names
}

/// One line of `templates list`: the file that serves `name` in `lang`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Reply language.
    pub lang: String,
    /// Reason, `referral`, `subject`, `reply.html` or a partial (`_closing`).
    pub name: String,
    /// The file used; None when there is none (no subject override, no HTML part).
    pub file: Option<Resolved>,
    /// True when the file is a fallback (`reply.hbs`, or English), not a file of that name.
    pub fallback: bool,
}

/// Which file serves every reply name, the subject, the HTML part and each partial, per language.
pub fn listing(reg: &Registry) -> Vec<Entry> {
    let set = reg.set();
    let mut out = Vec::new();
    for lang in set.languages() {
        for name in all_names() {
            let name = name.as_str();
            let file = reg.resolve(&lang, name);
            let fallback = file
                .as_ref()
                .is_some_and(|f| f.stem != name || f.lang != lang);
            out.push(Entry {
                lang: lang.clone(),
                name: name.to_string(),
                file,
                fallback,
            });
        }
        let subject = set.get(&lang, SUBJECT_TEMPLATE).map(resolved);
        out.push(Entry {
            lang: lang.clone(),
            name: SUBJECT_TEMPLATE.to_string(),
            file: subject,
            fallback: false,
        });
        let html = reg.resolve_html(&lang, BASE_TEMPLATE);
        out.push(Entry {
            lang: lang.clone(),
            name: format!("{BASE_TEMPLATE}{HTML_SUFFIX}"),
            file: html,
            fallback: false,
        });
        let partials: BTreeSet<&str> = set
            .files()
            .filter(|f| f.is_partial() && (f.lang == lang || f.lang == FALLBACK_LANGUAGE))
            .map(|f| f.stem.as_str())
            .collect();
        for stem in partials {
            let (file, fallback) = match set.get(&lang, stem) {
                Some(f) => (f, false),
                None => match set.get(FALLBACK_LANGUAGE, stem) {
                    Some(f) => (f, true),
                    None => continue,
                },
            };
            out.push(Entry {
                lang: lang.clone(),
                name: stem.to_string(),
                file: Some(resolved(file)),
                fallback,
            });
        }
    }
    out
}

fn resolved(f: &templates::TemplateFile) -> Resolved {
    Resolved {
        lang: f.lang.clone(),
        stem: f.stem.clone(),
        origin: f.origin.clone(),
    }
}

/// Something in the user's templates dir that does not do what its author probably meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The file or directory.
    pub path: String,
    /// What is wrong, and the likely fix.
    pub message: String,
}

/// User files that shadow nothing (typos like `competiton.hbs`), misplaced or ignored files.
pub fn lint_user_dir(set: &TemplateSet) -> Vec<Finding> {
    let Some(dir) = set.user_dir() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    scan_layout(dir, &mut out);
    let built_in = TemplateSet::built_in();
    let built_in_partials: BTreeSet<&str> = built_in
        .files()
        .filter(|f| f.is_partial())
        .map(|f| f.stem.as_str())
        .collect();
    let known = known_top_names();
    for file in set.files() {
        let Origin::User(path) = &file.origin else {
            continue;
        };
        let path = path.display().to_string();
        if file.is_partial() {
            let name = file.stem.trim_start_matches('_');
            if built_in_partials.contains(file.stem.as_str()) || is_included(set, &file.lang, name)
            {
                continue;
            }
            let hint = suggest(&file.stem, built_in_partials.iter().copied())
                .map(|s| format!(" (did you mean {s}.hbs?)"))
                .unwrap_or_default();
            out.push(Finding {
                path,
                message: format!(
                    "shadows nothing: there is no built-in partial `{}` and no template includes \
                     `{{{{> {name}}}}}`{hint}",
                    file.stem
                ),
            });
            continue;
        }
        let core = file.stem.strip_suffix(HTML_SUFFIX).unwrap_or(&file.stem);
        let is_known = if file.is_html() {
            core != SUBJECT_TEMPLATE && known.iter().any(|k| k == core)
        } else {
            known.iter().any(|k| k == core)
        };
        if is_known {
            continue;
        }
        let hint = suggest(core, known.iter().map(String::as_str))
            .map(|s| {
                let ext = if file.is_html() { ".html.hbs" } else { ".hbs" };
                format!(" (did you mean {s}{ext}?)")
            })
            .unwrap_or_default();
        out.push(Finding {
            path,
            message: format!(
                "shadows nothing: rebound never uses a template named `{core}`; the names are {}{hint}",
                known.join(", ")
            ),
        });
    }
    out
}

/// Directories and files the loader skips without a word: report them.
fn scan_layout(dir: &Path, out: &mut Vec<Finding>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            if !templates::is_language_dir(name) {
                out.push(Finding {
                    path: path.display().to_string(),
                    message: "ignored: not a language directory (use an ISO 639-1 code such as \
                              en, de or pt-BR)"
                        .into(),
                });
                continue;
            }
            let Ok(files) = std::fs::read_dir(&path) else {
                continue;
            };
            let mut files: Vec<_> = files.flatten().map(|e| e.path()).collect();
            files.sort();
            for file in files {
                let Some(fname) = file.file_name().and_then(|n| n.to_str()) else {
                    continue;
                };
                if fname.ends_with(".hbs") && templates::hbs_stem(&file).is_none() {
                    out.push(Finding {
                        path: file.display().to_string(),
                        message: "ignored: not a template name (letters, digits, `_` and `-`, \
                                  optionally `.html`, then `.hbs`)"
                            .into(),
                    });
                }
            }
        } else if name.ends_with(".hbs") {
            out.push(Finding {
                path: path.display().to_string(),
                message: format!(
                    "ignored: templates go in a language directory, e.g. {}",
                    dir.join("en").join(name).display()
                ),
            });
        }
    }
}

/// True when some template of `lang` or English includes the partial `name`.
fn is_included(set: &TemplateSet, lang: &str, name: &str) -> bool {
    static INCLUDE: OnceLock<Regex> = OnceLock::new();
    let re = INCLUDE.get_or_init(|| {
        Regex::new(r"\{\{~?\s*#?>\s*([A-Za-z0-9_\-]+)")
            .unwrap_or_else(|_| unreachable!("fixed, valid regex"))
    });
    set.files()
        .filter(|f| f.lang == lang || f.lang == FALLBACK_LANGUAGE)
        .any(|f| {
            re.captures_iter(&f.text)
                .any(|c| c.get(1).is_some_and(|m| m.as_str() == name))
        })
}

/// The closest candidate within two edits, if any.
fn suggest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The outcome of `templates check`.
#[derive(Debug, Default)]
pub struct Report {
    /// `file:line:col: message`, one per distinct problem.
    pub errors: Vec<String>,
    /// `file: message`: templates that render but look wrong (empty, no question).
    pub warnings: Vec<String>,
    /// How many template files were compiled.
    pub files: usize,
    /// How many languages were rendered.
    pub languages: usize,
    /// How many renders were tried.
    pub renders: usize,
}

impl Report {
    fn error(&mut self, msg: String) {
        if !self.errors.contains(&msg) {
            self.errors.push(msg);
        }
    }

    fn warn(&mut self, msg: String) {
        if !self.warnings.contains(&msg) {
            self.warnings.push(msg);
        }
    }
}

/// Compile every template of `set`, then render each reply, subject and HTML part for every
/// reason and language against sample contexts, in strict mode.
pub fn check(set: TemplateSet) -> Report {
    let mut report = Report {
        files: set.files().count(),
        ..Report::default()
    };
    let (reg, compile_errors) = Registry::lenient(set);
    for e in compile_errors {
        report.error(e.to_string());
    }
    let reg = match reg {
        Ok(reg) => reg,
        Err(e) => {
            report.error(e.to_string());
            return report;
        }
    };
    let set = reg.set();
    let languages = set.languages();
    report.languages = languages.len();
    for lang in &languages {
        let mut names: Vec<String> = all_names();
        names.push(BASE_TEMPLATE.to_string());
        names.push(FOLLOWUP_TEMPLATE.to_string());
        // Files with other names (typos included) are rendered too, so their errors show.
        for f in set.files() {
            let renders_alone =
                f.lang == *lang && !f.is_partial() && !f.is_html() && f.stem != SUBJECT_TEMPLATE;
            if renders_alone && !names.contains(&f.stem) {
                names.push(f.stem.clone());
            }
        }
        for name in &names {
            for ctx in sample_contexts(lang, name) {
                report.renders += 1;
                match reg.render(lang, name, &ctx) {
                    Ok((raw, file)) => {
                        let body = super::tidy_body(&raw);
                        let where_ = format!("{} ({lang}/{name})", file.origin);
                        if body.trim().is_empty() {
                            report.warn(format!("{where_}: warning: renders an empty body"));
                        } else if !asks_question(&body) && name != THANKS_TEMPLATE {
                            report.warn(format!(
                                "{where_}: warning: the reply asks no question (no '?' outside the quote)"
                            ));
                        }
                    }
                    Err(e) => report.error(e.to_string()),
                }
                if let Err(e) = reg.render_html(lang, name, &ctx) {
                    report.error(e.to_string());
                }
                if let Err(e) = reg.render_subject(lang, &ctx) {
                    report.error(e.to_string());
                }
            }
        }
    }
    report
}

/// A '?' anywhere except in quoted lines.
fn asks_question(body: &str) -> bool {
    body.lines()
        .filter(|l| !l.trim_start().starts_with('>'))
        .any(|l| l.contains('?') || l.contains('¿'))
}

/// A context with every value filled (formal and informal), and one with only the buyer's address.
pub fn sample_contexts(lang: &str, name: &str) -> [TemplateContext; 3] {
    let reason = reason_of(name).map_or(String::new(), |r| r.as_str().to_string());
    let full = TemplateContext {
        buyer: Person {
            name: "Jane Doe".into(),
            first_name: "Jane".into(),
            email: "jane.doe@buyer.example".into(),
            company: "Buyer Ltd".into(),
            register: "formal".into(),
            greeting_name: "Jane Doe".into(),
        },
        seller: Seller {
            name: "Alex Seller".into(),
            first_name: "Alex".into(),
            email: "alex@seller.example".into(),
            company: "Seller Inc.".into(),
            signature: "Alex Seller\nSeller Inc.".into(),
        },
        original: Original {
            subject: "Re: Our proposal".into(),
            date: "2026-11-03T16:05:00+01:00".into(),
            message_id: "sample.1@buyer.example".into(),
            text: "Thank you, we have decided against it.".into(),
            quoted: "> Thank you, we have decided against it.".into(),
        },
        reason: reason.clone(),
        evidence: "We have decided against it.".into(),
        language: lang.to_string(),
    };
    let sparse = TemplateContext {
        buyer: Person {
            email: "info@buyer.example".into(),
            register: "formal".into(),
            ..Person::default()
        },
        seller: Seller {
            signature: super::context::SIGNATURE_PLACEHOLDER.into(),
            ..Seller::default()
        },
        original: Original {
            text: "No.".into(),
            quoted: "> No.".into(),
            ..Original::default()
        },
        reason,
        evidence: String::new(),
        language: String::new(),
    };
    let mut informal = full.clone();
    informal.buyer.register = "informal".into();
    informal.buyer.greeting_name = "Jane".into();
    [full, informal, sparse]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, rel: &str, text: &str) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn every_shipped_template_passes_check_without_warnings() {
        let report = check(TemplateSet::built_in());
        assert!(report.errors.is_empty(), "{:#?}", report.errors);
        assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
        assert_eq!(report.languages, 6);
        for lang in ["en", "de", "fr", "es", "nl", "pt"] {
            for name in known_top_names() {
                if name != SUBJECT_TEMPLATE {
                    assert!(
                        TemplateSet::built_in().get(lang, &name).is_some(),
                        "{lang}/{name}.hbs is not shipped"
                    );
                }
            }
        }
        // 6 languages x (permission + 6 follow-ups + thanks + followup + 7 one-step names +
        // reply) x 3 contexts (formal, informal, sparse).
        assert_eq!(report.renders, 6 * 17 * 3);
    }

    #[test]
    fn check_collects_every_error_once_with_positions() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "de/price.hbs", "Hallo\n{{#if buyer.name}}\n");
        write(dir.path(), "de/_closing.hbs", "Gruß\n  {{seller.nmae}}\n");
        write(dir.path(), "fr/timing.hbs", "{{> salutation}}\n");
        write(dir.path(), "es/reply.hbs", "Hola.\n");
        let set = TemplateSet::with_user_dir(dir.path()).unwrap();
        let report = check(set);
        let p = |rel: &str| dir.path().join(rel).display().to_string();
        let want = [
            format!(
                "{}:2:1: `{{{{#if}}}}` is never closed (add `{{{{/if}}}}`)",
                p("de/price.hbs")
            ),
            format!(
                "{}:2:3: unknown variable `seller.nmae`",
                p("de/_closing.hbs")
            ),
            format!("{}:1:1: missing partial `salutation`", p("fr/timing.hbs")),
        ];
        for w in &want {
            assert!(
                report.errors.iter().any(|e| e.starts_with(w.as_str())),
                "missing {w:?} in {:#?}",
                report.errors
            );
        }
        assert_eq!(report.errors.len(), 3, "{:#?}", report.errors);
        // es/reply.hbs renders fine but asks nothing (the other Spanish files still do).
        assert_eq!(report.warnings.len(), 1, "{:#?}", report.warnings);
        assert!(report.warnings[0].contains("es/reply.hbs"));
        assert!(report.warnings[0].contains("asks no question"));
    }

    #[test]
    fn empty_body_is_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "nl/price.hbs", "{{!-- nothing yet --}}\n");
        let report = check(TemplateSet::with_user_dir(dir.path()).unwrap());
        assert!(report.errors.is_empty(), "{:#?}", report.errors);
        assert_eq!(report.warnings.len(), 1, "{:#?}", report.warnings);
        assert!(report.warnings[0].contains("empty body"));
    }

    #[test]
    fn typos_and_misplaced_files_are_flagged() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "en/competiton.hbs", "x?\n");
        write(dir.path(), "en/_closng.hbs", "x\n");
        write(dir.path(), "en/_footer.hbs", "x\n");
        write(dir.path(), "en/price.hbs", "{{> footer}}?\n");
        write(dir.path(), "en/reply.html.hbs", "<p>x?</p>\n");
        write(dir.path(), "en/subject.html.hbs", "x\n");
        write(dir.path(), "en/price.txt.hbs", "x\n");
        write(dir.path(), "English/price.hbs", "x\n");
        write(dir.path(), "timing.hbs", "x\n");
        let set = TemplateSet::with_user_dir(dir.path()).unwrap();
        let findings = lint_user_dir(&set);
        let about = |rel: &str| {
            let p = dir.path().join(rel).display().to_string();
            findings
                .iter()
                .find(|f| f.path == p)
                .map(|f| f.message.clone())
                .unwrap_or_default()
        };
        assert!(
            about("en/competiton.hbs").contains("did you mean competitor.hbs?"),
            "{findings:#?}"
        );
        assert!(about("en/_closng.hbs").contains("did you mean _closing.hbs?"));
        assert!(about("en/subject.html.hbs").contains("shadows nothing"));
        assert!(about("en/price.txt.hbs").contains("not a template name"));
        assert!(about("English").contains("not a language directory"));
        assert!(about("timing.hbs").contains("language directory"));
        // Used partials, known names and HTML alternatives are fine.
        assert_eq!(about("en/_footer.hbs"), "");
        assert_eq!(about("en/price.hbs"), "");
        assert_eq!(about("en/reply.html.hbs"), "");
        assert_eq!(findings.len(), 6, "{findings:#?}");
    }

    #[test]
    fn listing_shows_fallbacks_and_origins() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "it/reply.hbs", "Ciao?\n");
        write(dir.path(), "de/price.hbs", "Preis?\n");
        let reg = Registry::new(TemplateSet::with_user_dir(dir.path()).unwrap()).unwrap();
        let rows = listing(&reg);
        let row = |lang: &str, name: &str| {
            rows.iter()
                .find(|r| r.lang == lang && r.name == name)
                .cloned()
                .unwrap()
        };
        let it_price = row("it", "price");
        assert!(it_price.fallback);
        assert_eq!(it_price.file.as_ref().unwrap().stem, "reply");
        assert_eq!(it_price.file.unwrap().lang, "it");
        let de_price = row("de", "price");
        assert!(!de_price.fallback);
        assert_eq!(
            de_price.file.unwrap().origin,
            Origin::User(dir.path().join("de/price.hbs"))
        );
        assert!(matches!(
            row("de", "timing").file.unwrap().origin,
            Origin::BuiltIn(_)
        ));
        assert!(row("de", "subject").file.is_none());
        assert!(row("it", "_closing").fallback);
        assert!(!row("de", "_closing").fallback);
    }

    #[test]
    fn suggestions_need_a_close_name() {
        assert_eq!(
            suggest("competiton", known_top_names().iter().map(String::as_str)),
            Some("competitor")
        );
        assert_eq!(
            suggest("pricing", known_top_names().iter().map(String::as_str)),
            None
        );
        assert_eq!(
            suggest("permision", known_top_names().iter().map(String::as_str)),
            Some("permission")
        );
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
