//! The template registry: built-in templates embedded from `templates/`, a user dir on top,
//! strict Handlebars with rebound's helpers, and errors that name file, line and variable.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use handlebars::{
    Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderError,
    RenderErrorReason, Renderable, TemplateError, TemplateErrorReason,
};
use include_dir::{include_dir, Dir};
use regex::Regex;

use super::ComposeError;

/// The default templates, compiled into the binary.
static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// The language every lookup falls back to.
pub const FALLBACK_LANGUAGE: &str = "en";

/// The base template used when no per-reason template exists.
pub const BASE_TEMPLATE: &str = "reply";

/// Where a template file comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Embedded in the binary; the path is relative to `templates/`.
    BuiltIn(String),
    /// A file in the user's templates dir.
    User(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::BuiltIn(rel) => write!(f, "built-in templates/{rel}"),
            Origin::User(path) => write!(f, "{}", path.display()),
        }
    }
}

/// One template file: its language, its stem ("price", "_signature") and its text.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    /// Language directory, e.g. "en".
    pub lang: String,
    /// File name without `.hbs`, e.g. "price" or "_signature".
    pub stem: String,
    /// Where it was read from.
    pub origin: Origin,
    /// The template source.
    pub text: String,
}

impl TemplateFile {
    /// True for partials (`_name.hbs`), which are included with `{{> name}}`.
    pub fn is_partial(&self) -> bool {
        self.stem.starts_with('_')
    }

    /// True for HTML alternatives (`reply.html.hbs`), rendered with HTML escaping.
    pub fn is_html(&self) -> bool {
        self.stem.ends_with(HTML_SUFFIX)
    }
}

/// The stem suffix of an HTML alternative: `reply.html.hbs` has the stem `reply.html`.
pub const HTML_SUFFIX: &str = ".html";

/// The optional per-language subject template, `<lang>/subject.hbs`.
pub const SUBJECT_TEMPLATE: &str = "subject";

/// Which file a draft is rendered from, and where that file comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// Language of the chosen template.
    pub lang: String,
    /// Stem of the chosen template ("price" or "reply").
    pub stem: String,
    /// Where the chosen file comes from.
    pub origin: Origin,
}

/// Every template file after the user dir has been laid over the built-ins.
#[derive(Debug, Default)]
pub struct TemplateSet {
    files: BTreeMap<(String, String), TemplateFile>,
    user_dir: Option<PathBuf>,
}

impl TemplateSet {
    /// The built-in templates only.
    pub fn built_in() -> TemplateSet {
        let mut set = TemplateSet::default();
        for dir in BUILT_IN.dirs() {
            let Some(lang) = dir.path().file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            for file in dir.files() {
                let Some(stem) = hbs_stem(file.path()) else {
                    continue;
                };
                let Some(text) = file.contents_utf8() else {
                    continue;
                };
                set.insert(TemplateFile {
                    lang: lang.to_string(),
                    stem: stem.to_string(),
                    origin: Origin::BuiltIn(format!("{lang}/{stem}.hbs")),
                    text: text.to_string(),
                });
            }
        }
        set
    }

    /// The built-ins with every `<lang>/<name>.hbs` of `dir` laid on top, file by file.
    pub fn with_user_dir(dir: &Path) -> Result<TemplateSet, ComposeError> {
        let mut set = TemplateSet::built_in();
        set.user_dir = Some(dir.to_path_buf());
        let read_dir = |p: &Path| {
            std::fs::read_dir(p).map_err(|e| {
                ComposeError::Template(format!("cannot read templates dir {}: {e}", p.display()))
            })
        };
        for entry in read_dir(dir)? {
            let entry = entry.map_err(|e| {
                ComposeError::Template(format!("cannot read templates dir {}: {e}", dir.display()))
            })?;
            let lang_path = entry.path();
            let Some(lang) = lang_path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if !lang_path.is_dir() || !is_language_dir(lang) {
                continue;
            }
            for file in read_dir(&lang_path)? {
                let file = file.map_err(|e| {
                    ComposeError::Template(format!("cannot read {}: {e}", lang_path.display()))
                })?;
                let path = file.path();
                let Some(stem) = hbs_stem(&path) else {
                    continue;
                };
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    ComposeError::Template(format!("{}: cannot read template: {e}", path.display()))
                })?;
                set.insert(TemplateFile {
                    lang: lang.to_string(),
                    stem: stem.to_string(),
                    origin: Origin::User(path.clone()),
                    text,
                });
            }
        }
        Ok(set)
    }

    /// The user's templates dir, when one was laid over the built-ins.
    pub fn user_dir(&self) -> Option<&Path> {
        self.user_dir.as_deref()
    }

    /// Add or replace one file (user files replace built-ins with the same language and stem).
    pub fn insert(&mut self, file: TemplateFile) {
        self.files
            .insert((file.lang.clone(), file.stem.clone()), file);
    }

    /// Every language that has at least one template file.
    pub fn languages(&self) -> BTreeSet<String> {
        self.files.keys().map(|(l, _)| l.clone()).collect()
    }

    /// Every file, in (language, stem) order.
    pub fn files(&self) -> impl Iterator<Item = &TemplateFile> {
        self.files.values()
    }

    /// One file by language and stem.
    pub fn get(&self, lang: &str, stem: &str) -> Option<&TemplateFile> {
        self.files.get(&(lang.to_string(), stem.to_string()))
    }

    /// `<lang>/<name>` -> `<lang>/<base>` -> `en/<name>` -> `en/<base>`, where the base is
    /// `followup` for the step-two questions, `permission` for itself, else `reply`.
    pub fn resolve(&self, lang: &str, name: &str) -> Option<&TemplateFile> {
        let base = base_template(name);
        let mut order = vec![(lang, name), (lang, base)];
        if lang != FALLBACK_LANGUAGE {
            order.push((FALLBACK_LANGUAGE, name));
            order.push((FALLBACK_LANGUAGE, base));
        }
        order.into_iter().find_map(|(l, n)| self.get(l, n))
    }
}

/// The file a template name falls back to in its language: step two (`followup_<reason>`)
/// to `followup`, step one (`permission`) to nothing else (a one-step `reply` would ask the
/// question too early), every other reply to `reply`.
pub fn base_template(name: &str) -> &'static str {
    let followup = super::FOLLOWUP_TEMPLATE;
    if name == followup
        || name
            .strip_prefix(followup)
            .is_some_and(|r| r.starts_with('_'))
    {
        followup
    } else if name == super::PERMISSION_TEMPLATE {
        super::PERMISSION_TEMPLATE
    } else if name == super::THANKS_TEMPLATE {
        super::THANKS_TEMPLATE
    } else {
        BASE_TEMPLATE
    }
}

/// Every built-in file (templates and the README) as (path relative to `templates/`, contents).
pub fn built_in_files() -> Vec<(PathBuf, &'static [u8])> {
    fn walk(dir: &'static Dir<'static>, out: &mut Vec<(PathBuf, &'static [u8])>) {
        for file in dir.files() {
            out.push((file.path().to_path_buf(), file.contents()));
        }
        for sub in dir.dirs() {
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    walk(&BUILT_IN, &mut out);
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// `foo/price.hbs` -> `price`, `foo/reply.html.hbs` -> `reply.html`; anything else -> None.
pub fn hbs_stem(path: &Path) -> Option<&str> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".hbs")?;
    let core = stem.strip_suffix(HTML_SUFFIX).unwrap_or(stem);
    // Partials have no HTML variant: `_x.html.hbs` is not a template name.
    let html_partial = core.starts_with('_') && core.len() < stem.len();
    let valid = !core.is_empty()
        && !html_partial
        && core
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    valid.then_some(stem)
}

/// A language dir name: "en", "de", "pt-BR".
pub fn is_language_dir(name: &str) -> bool {
    let mut parts = name.split('-');
    let base_ok = parts
        .next()
        .is_some_and(|b| (2..=3).contains(&b.len()) && b.chars().all(|c| c.is_ascii_lowercase()));
    base_ok
        && parts.all(|p| (2..=4).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// One compiled Handlebars registry per language, with English partials filling the gaps.
pub struct Registry {
    set: TemplateSet,
    per_lang: HashMap<String, LangRegistry>,
    default_lang: String,
}

struct LangRegistry {
    /// Plain-text templates: nothing is escaped.
    text: Handlebars<'static>,
    /// HTML alternatives: every `{{value}}` is HTML-escaped.
    html: Handlebars<'static>,
    /// Registered name -> the file it came from, for error messages.
    origins: HashMap<String, Origin>,
    /// The language this registry renders replies in.
    lang: String,
    /// Top-level templates that did not compile (lenient mode), with their error.
    broken: HashMap<String, String>,
}

impl fmt::Debug for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registry")
            .field("languages", &self.set.languages())
            .field("default_lang", &self.default_lang)
            .finish()
    }
}

impl Registry {
    /// Compile every template of `set`; the first compile error is returned, naming its file.
    pub fn new(set: TemplateSet) -> Result<Registry, ComposeError> {
        Registry::build(set, None)
    }

    /// Compile what compiles and collect every compile error (for `templates check`).
    ///
    /// A broken partial is replaced by an empty one so it is reported once, not by every caller.
    pub fn lenient(set: TemplateSet) -> (Result<Registry, ComposeError>, Vec<ComposeError>) {
        let mut errors = Vec::new();
        let reg = Registry::build(set, Some(&mut errors));
        // Every language compiles the English files again: report each problem once.
        let mut seen = BTreeSet::new();
        errors.retain(|e| seen.insert(e.to_string()));
        (reg, errors)
    }

    fn build(
        set: TemplateSet,
        mut errors: Option<&mut Vec<ComposeError>>,
    ) -> Result<Registry, ComposeError> {
        let mut per_lang = HashMap::new();
        for lang in set.languages() {
            let reg = LangRegistry::build(&set, &lang, errors.as_deref_mut())?;
            per_lang.insert(lang, reg);
        }
        if !per_lang.contains_key(FALLBACK_LANGUAGE) {
            return Err(ComposeError::Template(
                "no English templates found (built-in templates/en is missing)".into(),
            ));
        }
        Ok(Registry {
            set,
            per_lang,
            default_lang: FALLBACK_LANGUAGE.to_string(),
        })
    }

    /// The template files behind this registry.
    pub fn set(&self) -> &TemplateSet {
        &self.set
    }

    /// Answer in `lang` when the buyer's language has no templates; an error when `lang` has none.
    pub fn set_default_language(&mut self, lang: &str) -> Result<(), ComposeError> {
        match self.available(lang) {
            Some(l) => {
                self.default_lang = l;
                Ok(())
            }
            None => Err(ComposeError::Template(format!(
                "default_language {lang:?} has no templates (available: {})",
                self.set
                    .languages()
                    .into_iter()
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }

    /// The language replies fall back to (`[templates] default_language`, else English).
    pub fn default_language(&self) -> &str {
        &self.default_lang
    }

    /// The language dir that serves `wanted`: exact (any case), else its base ("pt-BR" -> "pt").
    fn available(&self, wanted: &str) -> Option<String> {
        let wanted = wanted.trim().to_lowercase();
        if wanted.is_empty() {
            return None;
        }
        let find = |w: &str| {
            self.per_lang
                .keys()
                .find(|k| k.to_lowercase() == w)
                .cloned()
        };
        find(&wanted).or_else(|| find(wanted.split(['-', '_']).next().unwrap_or_default()))
    }

    /// The language a reply is written in: `wanted` when it has templates, else the default.
    pub fn language_for(&self, wanted: Option<&str>) -> String {
        wanted
            .and_then(|w| self.available(w))
            .unwrap_or_else(|| self.default_lang.clone())
    }

    /// Which file renders template `name` in `lang` (see [`TemplateSet::resolve`]).
    pub fn resolve(&self, lang: &str, name: &str) -> Option<Resolved> {
        let lang = self.language_for(Some(lang));
        self.set.resolve(&lang, name).map(resolved)
    }

    /// Which HTML alternative goes with template `name` in `lang`: `<lang>/<name>.html`, else
    /// `<lang>/reply.html`, else none (an HTML part in another language would not match the text).
    pub fn resolve_html(&self, lang: &str, name: &str) -> Option<Resolved> {
        let lang = self.language_for(Some(lang));
        [name, base_template(name)]
            .iter()
            .find_map(|n| self.set.get(&lang, &format!("{n}{HTML_SUFFIX}")))
            .map(resolved)
    }

    /// Render template `name` in `lang` with `data`, following the fallback order.
    pub fn render<T: serde::Serialize>(
        &self,
        lang: &str,
        name: &str,
        data: &T,
    ) -> Result<(String, Resolved), ComposeError> {
        let resolved = self.resolve(lang, name).ok_or_else(|| {
            ComposeError::Template(format!(
                "no template for {lang}/{name}.hbs and no {FALLBACK_LANGUAGE}/{}.hbs",
                base_template(name)
            ))
        })?;
        // Partials come from the reply's language (with English filling gaps), so render
        // in the registry of the language the user asked for, even when the file is English.
        let reg = self.lang_registry(lang)?;
        let text = reg.render(false, &top_key(&resolved.lang, &resolved.stem), data)?;
        Ok((text, resolved))
    }

    /// Render the HTML alternative for `name` in `lang`, when there is one.
    pub fn render_html<T: serde::Serialize>(
        &self,
        lang: &str,
        name: &str,
        data: &T,
    ) -> Result<Option<(String, Resolved)>, ComposeError> {
        let Some(resolved) = self.resolve_html(lang, name) else {
            return Ok(None);
        };
        let reg = self.lang_registry(lang)?;
        let html = reg.render(true, &top_key(&resolved.lang, &resolved.stem), data)?;
        Ok(Some((html, resolved)))
    }

    /// Render `<lang>/subject.hbs` as one line, when the reply's language has one.
    pub fn render_subject<T: serde::Serialize>(
        &self,
        lang: &str,
        data: &T,
    ) -> Result<Option<(String, Resolved)>, ComposeError> {
        let lang = self.language_for(Some(lang));
        let Some(file) = self.set.get(&lang, SUBJECT_TEMPLATE) else {
            return Ok(None);
        };
        let resolved = resolved(file);
        let reg = self.lang_registry(&lang)?;
        let subject = reg.render(false, &top_key(&resolved.lang, &resolved.stem), data)?;
        Ok(Some((super::context::one_line(&subject), resolved)))
    }

    fn lang_registry(&self, lang: &str) -> Result<&LangRegistry, ComposeError> {
        let reg_lang = self.language_for(Some(lang));
        self.per_lang
            .get(&reg_lang)
            .ok_or_else(|| ComposeError::Template(format!("no templates for language {reg_lang}")))
    }
}

fn resolved(f: &TemplateFile) -> Resolved {
    Resolved {
        lang: f.lang.clone(),
        stem: f.stem.clone(),
        origin: f.origin.clone(),
    }
}

fn top_key(lang: &str, stem: &str) -> String {
    format!("{lang}/{stem}")
}

impl LangRegistry {
    fn build(
        set: &TemplateSet,
        lang: &str,
        mut errors: Option<&mut Vec<ComposeError>>,
    ) -> Result<LangRegistry, ComposeError> {
        let engine = |escape: fn(&str) -> String| {
            let mut hbs = Handlebars::new();
            hbs.set_strict_mode(true);
            hbs.register_escape_fn(escape);
            register_helpers(&mut hbs, lang);
            hbs
        };
        let mut reg = LangRegistry {
            text: engine(handlebars::no_escape),
            html: engine(handlebars::html_escape),
            origins: HashMap::new(),
            lang: lang.to_string(),
            broken: HashMap::new(),
        };
        // English first, then this language on top, so a partial missing here comes from English.
        let mut langs = vec![FALLBACK_LANGUAGE];
        if lang != FALLBACK_LANGUAGE {
            langs.push(lang);
        }
        for l in langs {
            for file in set.files().filter(|f| f.lang == l) {
                let key = if file.is_partial() {
                    file.stem.trim_start_matches('_').to_string()
                } else {
                    top_key(&file.lang, &file.stem)
                };
                let compiled = if file.is_partial() {
                    reg.text
                        .register_template_string(&key, &file.text)
                        .and_then(|()| reg.html.register_template_string(&key, &file.text))
                } else if file.is_html() {
                    reg.html.register_template_string(&key, &file.text)
                } else {
                    reg.text.register_template_string(&key, &file.text)
                };
                if let Err(e) = compiled {
                    let err = compile_error(&file.origin, &file.text, &e);
                    let Some(errors) = errors.as_deref_mut() else {
                        return Err(err);
                    };
                    errors.push(err);
                    if file.is_partial() {
                        // Callers still find the partial, so the error is reported only here.
                        let _ = reg.text.register_template_string(&key, "");
                        let _ = reg.html.register_template_string(&key, "");
                    } else {
                        reg.text.unregister_template(&key);
                        reg.html.unregister_template(&key);
                        if let Some(err) = errors.last() {
                            reg.broken.insert(key.clone(), err.to_string());
                        }
                    }
                }
                reg.origins.insert(key, file.origin.clone());
            }
        }
        Ok(reg)
    }
    /// Render a registered top-level template with the text or the HTML engine.
    fn render<T: serde::Serialize>(
        &self,
        html: bool,
        key: &str,
        data: &T,
    ) -> Result<String, ComposeError> {
        if let Some(msg) = self.broken.get(key) {
            return Err(ComposeError::Template(msg.clone()));
        }
        let engine = if html { &self.html } else { &self.text };
        engine.render(key, data).map_err(|e| self.render_error(&e))
    }

    fn render_error(&self, e: &RenderError) -> ComposeError {
        if let RenderErrorReason::TemplateError(te) = e.reason() {
            let origin = te
                .name()
                .and_then(|n| self.origins.get(n))
                .cloned()
                .unwrap_or_else(|| Origin::BuiltIn(format!("{}/?", self.lang)));
            return compile_error(&origin, "", te);
        }
        let file = e
            .template_name
            .as_ref()
            .and_then(|n| self.origins.get(n))
            .map(ToString::to_string)
            .unwrap_or_else(|| format!("{} templates", self.lang));
        let what = match e.reason() {
            RenderErrorReason::MissingVariable(Some(var)) => format!(
                "unknown variable `{var}` (known: buyer.*, seller.*, original.*, reason, evidence, language)"
            ),
            RenderErrorReason::MissingVariable(None) => {
                "a helper got a variable that does not exist".to_string()
            }
            RenderErrorReason::PartialNotFound(name) => format!(
                "missing partial `{name}` (no {}/_{name}.hbs{})",
                self.lang,
                if self.lang == FALLBACK_LANGUAGE {
                    String::new()
                } else {
                    format!(" or {FALLBACK_LANGUAGE}/_{name}.hbs")
                }
            ),
            RenderErrorReason::HelperNotFound(name) => format!("unknown helper `{name}`"),
            other => other.to_string(),
        };
        ComposeError::Template(format!(
            "{}: {what}",
            position(&file, e.line_no, e.column_no)
        ))
    }
}

fn position(file: &str, line: Option<usize>, col: Option<usize>) -> String {
    match (line, col) {
        (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
        (Some(l), None) => format!("{file}:{l}"),
        _ => file.to_string(),
    }
}

fn compile_error(origin: &Origin, text: &str, e: &TemplateError) -> ComposeError {
    let file = origin.to_string();
    if let TemplateErrorReason::InvalidSyntax(_) = e.reason() {
        // The parser's own message lists grammar rules; name the real culprit instead.
        if let Some((line, col, name)) = unclosed_block(text) {
            return ComposeError::Template(format!(
                "{}: `{{{{#{name}}}}}` is never closed (add `{{{{/{name}}}}}`)",
                position(&file, Some(line), Some(col))
            ));
        }
        let (line, col) = split_pos(e);
        return ComposeError::Template(format!(
            "{}: invalid Handlebars syntax (an unclosed `{{{{`, or a stray `}}}}`?)",
            position(&file, line, col)
        ));
    }
    let (line, col) = split_pos(e);
    ComposeError::Template(format!("{}: {}", position(&file, line, col), e.reason()))
}

fn split_pos(e: &TemplateError) -> (Option<usize>, Option<usize>) {
    match e.pos() {
        Some((l, c)) => (Some(l), Some(c)),
        None => (None, None),
    }
}

/// The first block opener (`{{#if}}`, `{{#each}}`, `{{#> layout}}`) that is never closed.
fn unclosed_block(text: &str) -> Option<(usize, usize, String)> {
    static TAG: OnceLock<Regex> = OnceLock::new();
    static COMMENT: OnceLock<Regex> = OnceLock::new();
    let comment = COMMENT.get_or_init(|| {
        Regex::new(r"(?s)\{\{!--.*?--\}\}|\{\{![^}]*\}\}")
            .unwrap_or_else(|_| unreachable!("fixed, valid regex"))
    });
    let tag = TAG.get_or_init(|| {
        Regex::new(r"\{\{~?\s*([#/])\s*[>*]?\s*([A-Za-z_][\w.\-]*)")
            .unwrap_or_else(|_| unreachable!("fixed, valid regex"))
    });
    // Blank out comments but keep their newlines, so positions stay right.
    let mut cleaned = text.to_string();
    for m in comment.find_iter(text) {
        let blank: String = m
            .as_str()
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect();
        cleaned.replace_range(m.range(), &blank);
    }
    let mut open: Vec<(usize, String)> = Vec::new();
    for caps in tag.captures_iter(&cleaned) {
        let (Some(whole), Some(kind), Some(name)) = (caps.get(0), caps.get(1), caps.get(2)) else {
            continue;
        };
        if kind.as_str() == "#" {
            open.push((whole.start(), name.as_str().to_string()));
        } else if open.last().is_some_and(|(_, n)| n == name.as_str()) {
            open.pop();
        } else {
            // A mismatched closer: handlebars reports that one well itself.
            return None;
        }
    }
    let (offset, name) = open.into_iter().next()?;
    let before = &cleaned[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, col, name))
}

/// rebound's helpers plus strict `if`/`unless` (the built-in ones ignore missing variables).
fn register_helpers(hbs: &mut Handlebars<'static>, lang: &str) {
    hbs.register_helper("if", Box::new(StrictIf { positive: true }));
    hbs.register_helper("unless", Box::new(StrictIf { positive: false }));
    hbs.register_helper("default", Box::new(default_helper));
    hbs.register_helper("lower", Box::new(lower_helper));
    hbs.register_helper("upper", Box::new(upper_helper));
    hbs.register_helper("capitalize", Box::new(capitalize_helper));
    hbs.register_helper(
        "date",
        Box::new(DateHelper {
            lang: lang.to_string(),
        }),
    );
    hbs.register_helper("strip_re", Box::new(strip_re_helper));
    hbs.register_helper("quote", Box::new(quote_helper));
    hbs.register_helper("first_name", Box::new(first_name_helper));
}

/// `if`/`unless` that treat a variable missing from the context as an error in strict mode.
struct StrictIf {
    positive: bool,
}

impl handlebars::HelperDef for StrictIf {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let name = if self.positive { "if" } else { "unless" };
        let param = h
            .param(0)
            .ok_or(RenderErrorReason::ParamNotFoundForIndex(name, 0))?;
        if r.strict_mode() && param.is_value_missing() {
            return Err(RenderError::strict_error(param.relative_path()));
        }
        let truthy = is_truthy(param.value()) == self.positive;
        match if truthy { h.template() } else { h.inverse() } {
            Some(t) => t.render(r, ctx, rc, out),
            None => Ok(()),
        }
    }
}

fn is_truthy(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Null => false,
        serde_json::Value::Bool(b) => *b,
        serde_json::Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        serde_json::Value::String(s) => !s.is_empty(),
        serde_json::Value::Array(a) => !a.is_empty(),
        serde_json::Value::Object(o) => !o.is_empty(),
    }
}

/// Parameter `i` as text; a missing variable is an error (strict), null is "".
fn text_param(h: &Helper<'_>, r: &Handlebars<'_>, i: usize) -> Result<String, RenderError> {
    let name: &'static str = match h.name() {
        "default" => "default",
        "lower" => "lower",
        "upper" => "upper",
        "capitalize" => "capitalize",
        "date" => "date",
        "quote" => "quote",
        "first_name" => "first_name",
        "strip_re" => "strip_re",
        _ => "helper",
    };
    let p = h
        .param(i)
        .ok_or(RenderErrorReason::ParamNotFoundForIndex(name, i))?;
    if r.strict_mode() && p.is_value_missing() {
        return Err(RenderError::strict_error(p.relative_path()));
    }
    Ok(match p.value() {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

fn default_helper(
    h: &Helper<'_>,
    r: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let value = text_param(h, r, 0)?;
    let chosen = if value.trim().is_empty() {
        text_param(h, r, 1)?
    } else {
        value
    };
    out.write(&chosen)?;
    Ok(())
}

fn lower_helper(
    h: &Helper<'_>,
    r: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    out.write(&text_param(h, r, 0)?.to_lowercase())?;
    Ok(())
}

fn upper_helper(
    h: &Helper<'_>,
    r: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    out.write(&text_param(h, r, 0)?.to_uppercase())?;
    Ok(())
}

fn capitalize_helper(
    h: &Helper<'_>,
    r: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let text = text_param(h, r, 0)?;
    let mut chars = text.chars();
    let capitalized = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    out.write(&capitalized)?;
    Ok(())
}

/// The default `date` format in English: "Tue, 3 Mar 2026 at 10:15" (see [`super::dates`]).
pub const DEFAULT_DATE_FORMAT: &str = "%a, %-d %b %Y at %H:%M";

/// `{{date x ["FORMAT"] [lang="xx"]}}`: month and weekday names in the reply's language.
struct DateHelper {
    lang: String,
}

impl handlebars::HelperDef for DateHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let value = text_param(h, r, 0)?;
        let lang = match h.hash_get("lang") {
            Some(v) => v.value().as_str().unwrap_or_default().to_string(),
            None => self.lang.clone(),
        };
        let format = if h.param(1).is_some() {
            text_param(h, r, 1)?
        } else {
            super::dates::default_format(&lang).to_string()
        };
        let text = super::dates::format(&value, &format, &lang)
            .map_err(|e| RenderError::from(RenderErrorReason::Other(e.to_string())))?;
        out.write(&text)?;
        Ok(())
    }
}

/// Format an RFC 3339 date with a strftime pattern (English names); "" stays "", other text passes through.
pub fn format_date(value: &str, format: &str) -> Result<String, RenderError> {
    super::dates::format(value, format, FALLBACK_LANGUAGE)
        .map_err(|e| RenderError::from(RenderErrorReason::Other(e.to_string())))
}

fn quote_helper(
    h: &Helper<'_>,
    r: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    out.write(&quote_text(&text_param(h, r, 0)?))?;
    Ok(())
}

/// Prefix every line with "> " (">" before an already quoted or empty line), no trailing newline.
pub fn quote_text(text: &str) -> String {
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    let trimmed = normalized.trim_end_matches(['\n', ' ', '\t']);
    let trimmed = trimmed.trim_start_matches('\n');
    trimmed
        .lines()
        .map(|l| {
            if l.is_empty() {
                ">".to_string()
            } else if l.starts_with('>') {
                format!(">{l}")
            } else {
                format!("> {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn strip_re_helper(
    h: &Helper<'_>,
    r: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let text = super::context::one_line(&text_param(h, r, 0)?);
    out.write(super::reply::strip_reply_prefixes(&text))?;
    Ok(())
}

fn first_name_helper(
    h: &Helper<'_>,
    r: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let name = text_param(h, r, 0)?;
    let addr = crate::message::Address {
        name: Some(name),
        email: String::new(),
    };
    out.write(&crate::message::names::first_name(&addr).unwrap_or_default())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn render(tpl: &str, data: serde_json::Value) -> Result<String, String> {
        let mut hbs = Handlebars::new();
        hbs.set_strict_mode(true);
        hbs.register_escape_fn(handlebars::no_escape);
        register_helpers(&mut hbs, "en");
        hbs.render_template(tpl, &data).map_err(|e| e.to_string())
    }

    #[test]
    fn helpers_transform_text() {
        let data = json!({"a": "O'Brien & <Co>", "e": "", "d": "2026-03-03T10:15:00+01:00",
                          "t": "one\n\n> two\nthree\n"});
        assert_eq!(render("{{a}}", data.clone()).unwrap(), "O'Brien & <Co>");
        assert_eq!(
            render("{{lower a}}", data.clone()).unwrap(),
            "o'brien & <co>"
        );
        assert_eq!(
            render("{{upper a}}", data.clone()).unwrap(),
            "O'BRIEN & <CO>"
        );
        assert_eq!(
            render("{{capitalize \"élan\"}}", data.clone()).unwrap(),
            "Élan"
        );
        assert_eq!(
            render("{{default e \"there\"}}", data.clone()).unwrap(),
            "there"
        );
        assert_eq!(
            render("{{default a \"there\"}}", data.clone()).unwrap(),
            "O'Brien & <Co>"
        );
        assert_eq!(
            render("{{date d}}", data.clone()).unwrap(),
            "Tue, 3 Mar 2026 at 10:15"
        );
        assert_eq!(
            render("{{date d \"%-d %B %Y\"}}", data.clone()).unwrap(),
            "3 March 2026"
        );
        assert_eq!(render("{{date e}}", data.clone()).unwrap(), "");
        assert!(render("{{date d \"%Q\"}}", data.clone()).is_err());
        assert_eq!(
            render("{{quote t}}", data.clone()).unwrap(),
            "> one\n>\n>> two\n> three"
        );
        assert_eq!(
            render("{{first_name \"Doe, Jane\"}}", data).unwrap(),
            "Jane"
        );
    }

    #[test]
    fn strict_mode_catches_missing_variables_in_helpers_and_if() {
        let data = json!({"buyer": {"first_name": ""}});
        for tpl in [
            "{{buyer.frist_name}}",
            "{{default buyer.frist_name \"x\"}}",
            "{{#if buyer.frist_name}}x{{/if}}",
            "{{#unless buyer.frist_name}}x{{/unless}}",
            "{{upper buyer.frist_name}}",
        ] {
            let err = render(tpl, data.clone()).unwrap_err();
            assert!(err.contains("buyer.frist_name"), "{tpl}: {err}");
        }
        assert_eq!(
            render("{{#if buyer.first_name}}x{{else}}y{{/if}}", data).unwrap(),
            "y"
        );
    }

    #[test]
    fn resolution_order_prefers_language_then_reply_then_english() {
        let mut set = TemplateSet::default();
        let add = |set: &mut TemplateSet, lang: &str, stem: &str| {
            set.insert(TemplateFile {
                lang: lang.into(),
                stem: stem.into(),
                origin: Origin::BuiltIn(format!("{lang}/{stem}.hbs")),
                text: String::new(),
            })
        };
        add(&mut set, "en", "reply");
        add(&mut set, "en", "price");
        add(&mut set, "de", "reply");
        add(&mut set, "nl", "timing");
        let pick = |lang, name| {
            let f = set.resolve(lang, name).unwrap();
            format!("{}/{}", f.lang, f.stem)
        };
        assert_eq!(pick("en", "price"), "en/price");
        assert_eq!(pick("en", "timing"), "en/reply");
        assert_eq!(pick("de", "price"), "de/reply");
        assert_eq!(pick("nl", "timing"), "nl/timing");
        assert_eq!(pick("nl", "price"), "en/price");
        assert_eq!(pick("nl", "competitor"), "en/reply");
    }

    #[test]
    fn built_in_set_has_english_base_reasons_and_partials() {
        let set = TemplateSet::built_in();
        for stem in [
            "reply",
            "price",
            "timing",
            "competitor",
            "no_need",
            "no_decision",
            "unspecified",
        ] {
            assert!(set.get("en", stem).is_some(), "en/{stem}.hbs");
        }
        assert!(set.files().any(|f| f.is_partial()));
        assert!(Registry::new(set).is_ok());
    }

    #[test]
    fn unclosed_blocks_are_found_with_their_position() {
        assert_eq!(
            unclosed_block("Hi\n  {{#if a}}x\n{{#each b}}{{/each}}\n"),
            Some((2, 3, "if".to_string()))
        );
        assert_eq!(unclosed_block("{{#if a}}{{#if b}}{{/if}}{{/if}}"), None);
        assert_eq!(
            unclosed_block("{{!-- {{#if a}} --}}\n{{#with x}}"),
            Some((2, 1, "with".into()))
        );
        assert_eq!(unclosed_block("{{#if a}}{{/each}}"), None);
    }

    #[test]
    fn errors_in_built_in_files_name_the_built_in_path() {
        let mut set = TemplateSet::built_in();
        set.insert(TemplateFile {
            lang: "en".into(),
            stem: "price".into(),
            origin: Origin::BuiltIn("en/price.hbs".into()),
            text: "Hi\n{{original.subjct}}\n".into(),
        });
        let reg = Registry::new(set).unwrap();
        let ctx = json!({"original": {"subject": "x"}});
        let err = reg.render("en", "price", &ctx).unwrap_err().to_string();
        assert!(
            err.starts_with(
                "built-in templates/en/price.hbs:2:1: unknown variable `original.subjct`"
            ),
            "{err}"
        );
    }

    #[test]
    fn file_and_dir_names() {
        assert_eq!(hbs_stem(Path::new("en/price.hbs")), Some("price"));
        assert_eq!(hbs_stem(Path::new("en/_signature.hbs")), Some("_signature"));
        assert_eq!(hbs_stem(Path::new("en/price.hbs.bak")), None);
        assert_eq!(hbs_stem(Path::new("en/reply.html.hbs")), Some("reply.html"));
        assert_eq!(hbs_stem(Path::new("en/reply.txt.hbs")), None);
        assert_eq!(hbs_stem(Path::new("en/_sig.html.hbs")), None);
        assert_eq!(hbs_stem(Path::new("en/.html.hbs")), None);
        assert!(is_language_dir("en"));
        assert!(is_language_dir("pt-BR"));
        assert!(!is_language_dir("English"));
        assert!(!is_language_dir(".git"));
    }
}
