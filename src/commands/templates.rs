//! `rebound templates init | list | check | preview`: copy, inspect, verify and try out the
//! reply templates, so a sales lead can shape the wording without reading Rust.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context as _};

use super::Fatal;
use crate::classify::{Class, Classifier, Reason};
use crate::cli::{TemplatesCommand, TemplatesDirArgs, TemplatesInitArgs, TemplatesPreviewArgs};
use crate::compose::check::{self, REFERRAL_TEMPLATE};
use crate::compose::templates::{self, Origin, Registry, TemplateSet};
use crate::compose::Composer;
use crate::config::Config;
use crate::exit_codes::ExitCode;
use crate::pipeline;
use crate::printer::{Printer, Verbosity};
use crate::report::sanitize;
use crate::source;

/// Run one `templates` subcommand.
pub fn run(cmd: &TemplatesCommand, config: &Config, printer: Printer) -> Result<ExitCode, Fatal> {
    match cmd {
        TemplatesCommand::Init(args) => init(args, config, printer),
        TemplatesCommand::List(args) => list(args, config, printer),
        TemplatesCommand::Check(args) => check(args, config, printer),
        TemplatesCommand::Preview(args) => preview(args, config, printer),
    }
}

/// The composer every drafting command uses: built-ins, the user dir on top (`dir`, else the
/// config's), replies falling back to `[templates] default_language`, in `[drafts] style`.
pub fn composer(config: &Config, dir: Option<&Path>) -> Result<Composer, Fatal> {
    let dir = dir.or(config.templates.dir.as_deref());
    Composer::new(dir)
        .and_then(|c| c.with_default_language(config.templates.default_language.as_deref()))
        .map(|c| c.with_style(config.drafts.style))
        .map_err(Fatal::usage)
}

/// Where `init` writes when no DIR is given: the config's templates dir, else the XDG config dir.
fn default_init_dir(config: &Config) -> Option<PathBuf> {
    config
        .templates
        .dir
        .clone()
        .or_else(|| dirs::config_dir().map(|d| d.join("rebound").join("templates")))
}

fn init(args: &TemplatesInitArgs, config: &Config, printer: Printer) -> Result<ExitCode, Fatal> {
    let target = args
        .dir
        .clone()
        .or_else(|| default_init_dir(config))
        .ok_or_else(|| {
            Fatal::usage(anyhow!(
                "no templates directory given and no config directory known; pass DIR"
            ))
        })?;
    let quiet = printer.verbosity() == Verbosity::Quiet;
    let (mut written, mut unchanged, mut kept) = (0usize, 0usize, 0usize);
    let mut out = String::new();
    for (rel, contents) in templates::built_in_files() {
        let dest = target.join(&rel);
        let existing = match std::fs::read(&dest) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                return Err(Fatal::usage(
                    anyhow!(e).context(format!("cannot read {}", dest.display())),
                ))
            }
        };
        let action = match existing {
            Some(bytes) if bytes == contents => {
                unchanged += 1;
                "unchanged"
            }
            Some(_) if !args.force => {
                kept += 1;
                "kept"
            }
            other => {
                write_file(&dest, contents).map_err(Fatal::usage)?;
                written += 1;
                if other.is_some() {
                    "overwrote"
                } else {
                    "wrote"
                }
            }
        };
        if !quiet {
            out.push_str(&format!("{action:<10}{}\n", dest.display()));
        }
    }
    if kept > 0 {
        printer.warn(&format!(
            "kept {kept} existing file(s) that differ from the built-in version; \
             pass --force to overwrite them"
        ));
    }
    if !quiet {
        out.push_str(&format!(
            "\n{written} written, {unchanged} unchanged, {kept} kept in {}\n\n",
            target.display()
        ));
        out.push_str(&pointer_advice(config, &target));
        out.push_str(
            "\nTip: delete the files you do not change. rebound uses the built-in version of any \
             file that is missing, and `rebound templates check` tests your changes.\n",
        );
    }
    emit(out.as_bytes())?;
    Ok(if kept > 0 {
        ExitCode::Partial
    } else {
        ExitCode::Success
    })
}

fn write_file(dest: &Path, contents: &[u8]) -> anyhow::Result<()> {
    if let Some(parent) = dest.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(dest, contents).with_context(|| format!("cannot write {}", dest.display()))
}

/// How to make rebound use `target`: nothing to do, or the config lines to add.
fn pointer_advice(config: &Config, target: &Path) -> String {
    let same = |a: &Path, b: &Path| {
        a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
    };
    if config
        .templates
        .dir
        .as_deref()
        .is_some_and(|d| same(d, target))
    {
        let from = config
            .path
            .as_ref()
            .map(|p| format!(" ({})", p.display()))
            .unwrap_or_default();
        return format!("Your config{from} already uses this directory.\n");
    }
    let config_path = config
        .path
        .clone()
        .or_else(|| crate::config::locate(None).map(|(p, _)| p));
    let shown = absolute(target);
    let value = toml::Value::String(shown.display().to_string());
    let file = config_path
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "your config file".into());
    format!(
        "To use these templates, add this to {file}:\n\n    [templates]\n    dir = {value}\n\n\
         or pass --templates {} to batch, list, check and preview.\n",
        shown.display()
    )
}

fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        return p.to_path_buf();
    }
    std::env::current_dir()
        .map(|cwd| cwd.join(p))
        .unwrap_or_else(|_| p.to_path_buf())
}

/// The template set for list and check: built-ins, with the user dir (flag, else config) on top.
fn template_set(config: &Config, dir: Option<&Path>) -> Result<TemplateSet, Fatal> {
    match dir.or(config.templates.dir.as_deref()) {
        Some(dir) => TemplateSet::with_user_dir(dir).map_err(Fatal::usage),
        None => Ok(TemplateSet::built_in()),
    }
}

fn describe_source(set: &TemplateSet) -> String {
    match set.user_dir() {
        Some(dir) => format!("{} on top of the built-in templates", dir.display()),
        None => "built-in only (no templates dir configured)".to_string(),
    }
}

fn list(args: &TemplatesDirArgs, config: &Config, printer: Printer) -> Result<ExitCode, Fatal> {
    let set = template_set(config, args.templates.as_deref())?;
    let findings = check::lint_user_dir(&set);
    let source = describe_source(&set);
    let (reg, compile_errors) = Registry::lenient(set);
    let mut reg = reg.map_err(Fatal::usage)?;
    if let Some(lang) = &config.templates.default_language {
        reg.set_default_language(lang).map_err(Fatal::usage)?;
    }
    let mut out = String::new();
    out.push_str(&format!("Templates: {source}\n"));
    out.push_str(&format!(
        "Replies are written in the buyer's language when it is listed here, else in {}.\n\n",
        reg.default_language()
    ));
    out.push_str(&format!(
        "{:<6}{:<14}{:<10}{}\n",
        "LANG", "TEMPLATE", "SOURCE", "FILE"
    ));
    let mut last_lang = String::new();
    for entry in check::listing(&reg) {
        if !last_lang.is_empty() && entry.lang != last_lang {
            out.push('\n');
        }
        last_lang = entry.lang.clone();
        let (source, file) = match &entry.file {
            Some(f) => {
                let (source, path) = match &f.origin {
                    Origin::BuiltIn(rel) => ("built-in", rel.clone()),
                    Origin::User(p) => ("user", p.display().to_string()),
                };
                let note = if entry.fallback {
                    format!("  (no {}/{}.hbs)", entry.lang, entry.name)
                } else {
                    String::new()
                };
                (source, format!("{path}{note}"))
            }
            None if entry.name == templates::SUBJECT_TEMPLATE => {
                ("-", "none: \"Re: <original subject>\"".to_string())
            }
            None => ("-", "none: plain text only".to_string()),
        };
        out.push_str(&format!(
            "{:<6}{:<14}{:<10}{}\n",
            entry.lang, entry.name, source, file
        ));
    }
    emit(out.as_bytes())?;
    for f in &findings {
        printer.warn(&format!("{}: {}", f.path, f.message));
    }
    if !compile_errors.is_empty() {
        printer.warn(&format!(
            "{} template(s) do not compile; run `rebound templates check` for details",
            compile_errors.len()
        ));
    }
    Ok(ExitCode::Success)
}

fn check(args: &TemplatesDirArgs, config: &Config, printer: Printer) -> Result<ExitCode, Fatal> {
    let set = template_set(config, args.templates.as_deref())?;
    let findings = check::lint_user_dir(&set);
    let languages = set.languages();
    let mut report = check::check(set);
    if let Some(lang) = &config.templates.default_language {
        let known = languages
            .iter()
            .any(|l| l.eq_ignore_ascii_case(lang.trim()));
        if !known {
            let at = config
                .path
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "config".into());
            report.errors.push(format!(
                "{at}: [templates] default_language {lang:?} has no templates (available: {})",
                languages.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
    }
    let quiet = printer.verbosity() == Verbosity::Quiet;
    let mut out = String::new();
    for e in &report.errors {
        out.push_str(&sanitize_lines(e));
        out.push('\n');
    }
    if !quiet {
        for f in &findings {
            out.push_str(&format!("{}: warning: {}\n", f.path, f.message));
        }
        for w in &report.warnings {
            out.push_str(&sanitize_lines(w));
            out.push('\n');
        }
        let warnings = report.warnings.len() + findings.len();
        out.push_str(&format!(
            "checked {} template files in {} languages ({} renders): {} error{}, {} warning{}\n",
            report.files,
            report.languages,
            report.renders,
            report.errors.len(),
            plural(report.errors.len()),
            warnings,
            plural(warnings),
        ));
    }
    emit(out.as_bytes())?;
    Ok(if report.errors.is_empty() {
        ExitCode::Success
    } else {
        ExitCode::Partial
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Template error text can quote the user's file: keep it to printable lines.
fn sanitize_lines(s: &str) -> String {
    s.lines().map(sanitize).collect::<Vec<_>>().join("\n")
}

fn preview(
    args: &TemplatesPreviewArgs,
    config: &Config,
    printer: Printer,
) -> Result<ExitCode, Fatal> {
    let identity = config
        .identity(args.from.as_deref())
        .map_err(Fatal::usage)?;
    if identity.email.is_none() {
        printer.warn(
            "no sender identity: the draft uses the placeholder \"Your Name <you@example.invalid>\"; \
             pass --from \"Name <email>\" or set [identity] name and email in the config",
        );
    }
    let composer = composer(config, args.templates.as_deref())?;
    let classifier = Classifier::new(&config.rules()).map_err(Fatal::usage)?;
    let mut messages = source::open(std::slice::from_ref(&args.email)).map_err(Fatal::usage)?;
    let item = messages
        .next()
        .ok_or_else(|| Fatal::usage(anyhow!("{}: no message found", sanitize(&args.email))))?;
    let analysis = pipeline::analyze(item, &classifier);
    if let Some(e) = &analysis.error {
        return Err(Fatal::usage(anyhow!(
            "{}: unreadable: {}",
            sanitize(&analysis.origin),
            sanitize(e)
        )));
    }
    let Some(mail) = analysis.mail else {
        return Err(Fatal::usage(anyhow!(
            "{}: unreadable",
            sanitize(&analysis.origin)
        )));
    };
    if messages.next().is_some() {
        printer.warn(&format!(
            "{} holds more than one message; previewing the first",
            sanitize(&args.email)
        ));
    }
    let mut verdict = analysis.verdict;
    let found = match verdict.reason {
        Some(r) => format!("{} ({})", verdict.class.as_str(), r.as_str()),
        None => verdict.class.as_str().to_string(),
    };
    let granted = verdict.class == Class::PermissionGranted;
    let step_two = args.step.map_or(granted, |s| s == 2);
    match args.reason.as_deref() {
        Some(REFERRAL_TEMPLATE) => {
            verdict.class = Class::Referral;
            verdict.reason = None;
        }
        Some(name) => {
            verdict.class = if step_two {
                verdict.answer = Some(crate::classify::answer::Answer::Yes);
                Class::PermissionGranted
            } else {
                Class::Rejection
            };
            verdict.reason = Some(Reason::parse(name).unwrap_or(Reason::Unspecified));
        }
        None if step_two && matches!(verdict.class, Class::Rejection) || granted => {
            // Step two asks the question of the rejection's own reason.
            verdict.class = if step_two {
                Class::PermissionGranted
            } else {
                Class::Rejection
            };
            verdict.reason = verdict.reason.or(Some(Reason::Unspecified));
        }
        None if !step_two && matches!(verdict.class, Class::Rejection | Class::Referral) => {}
        None => {
            printer.warn(&format!(
                "classified as {found}: batch would not draft a reply; previewing the \
                 `unspecified` reply (choose another with --reason)"
            ));
            verdict.class = if step_two {
                Class::PermissionGranted
            } else {
                Class::Rejection
            };
            verdict.reason = Some(Reason::Unspecified);
        }
    }
    if let Some(lang) = &args.lang {
        let used = composer.registry().language_for(Some(lang));
        let base = lang.trim().split(['-', '_']).next().unwrap_or_default();
        let served = used.eq_ignore_ascii_case(lang.trim()) || used.eq_ignore_ascii_case(base);
        if !served {
            printer.warn(&format!(
                "no templates for language {:?}; the reply is written in {used}",
                sanitize(lang)
            ));
        }
        verdict.language = Some(lang.clone());
    }
    let (lang, name) = composer.template_for(&verdict);
    if let Some(r) = composer.registry().resolve(&lang, &name) {
        printer.note(&format!(
            "classified as {found}; previewing {name} in {lang} from {}",
            r.origin
        ));
    }
    let now = chrono::Local::now().fixed_offset();
    let draft = composer
        .compose(&mail, &verdict, &identity, now)
        .map_err(Fatal::usage)?;
    let bytes = if args.decode {
        decoded(&draft.bytes).into_bytes()
    } else {
        draft.bytes
    };
    emit(&bytes)?;
    Ok(ExitCode::Success)
}

/// Write to stdout; a closed pipe (`| head`) is not an error.
fn emit(bytes: &[u8]) -> Result<(), Fatal> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Fatal::usage(anyhow!(e).context("cannot write to stdout")))
        }
        _ => Ok(()),
    }
}

/// The draft's headers as saved, then each body part decoded, with LF line endings.
pub fn decoded(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes).replace("\r\n", "\n");
    let head = text.split("\n\n").next().unwrap_or_default().to_string();
    let Some(parsed) = mail_parser::MessageParser::default().parse(bytes) else {
        return text;
    };
    let mut out = head;
    out.push_str("\n\n");
    if let Some(body) = parsed.body_text(0) {
        out.push_str(&body.replace("\r\n", "\n"));
    }
    if parsed.html_body_count() > 0 && parsed.text_body_count() > 0 {
        let html_part = parsed.html_body.first().copied();
        let text_part = parsed.text_body.first().copied();
        if html_part != text_part {
            if let Some(html) = parsed.body_html(0) {
                if !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str("\n----- text/html alternative -----\n");
                out.push_str(&html.replace("\r\n", "\n"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoded_shows_both_parts_of_an_alternative() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("en")).unwrap();
        std::fs::write(
            dir.path().join("en/reply.html.hbs"),
            "<p>Grüße &amp; {{buyer.email}}?</p>\n",
        )
        .unwrap();
        let c = Composer::new(Some(dir.path()))
            .unwrap()
            .with_style(crate::compose::Style::OneStep);
        let mail = crate::message::Mail {
            from: Some(crate::message::Address {
                name: None,
                email: "a@b.example".into(),
            }),
            ..Default::default()
        };
        let v = crate::classify::Verdict {
            class: Class::Rejection,
            reason: Some(Reason::Price),
            confidence: 1.0,
            evidence: None,
            language: None,
            rejection_probability: None,
            maybe: false,
            answer: None,
        };
        let d = c
            .compose(
                &mail,
                &v,
                &crate::compose::Identity::default(),
                chrono::Local::now().fixed_offset(),
            )
            .unwrap();
        let shown = decoded(&d.bytes);
        assert!(
            shown.contains("Content-Type: multipart/alternative"),
            "{shown}"
        );
        assert!(
            shown.contains("Hello,\n\nThank you for letting me know"),
            "{shown}"
        );
        assert!(
            shown.contains("----- text/html alternative -----\n<p>Grüße &amp; a@b.example?</p>"),
            "{shown}"
        );
        assert!(!shown.contains('\r'));
    }
}
