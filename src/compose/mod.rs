//! Turn a rejection into a draft reply: template context, Handlebars rendering, reply headers.
//! Templates are embedded from `templates/` and can be overridden file by file from a user dir.

pub mod check;
pub mod context;
pub mod dates;
pub mod register;
pub mod reply;
pub mod templates;

pub use context::TemplateContext;

/// Who the draft is from (config `[identity]` or `--from`).
#[derive(Debug, Clone, Default)]
pub struct Identity {
    /// Display name, e.g. "Alex Seller".
    pub name: Option<String>,
    /// Address, e.g. "alex@seller.example".
    pub email: Option<String>,
    /// Company name.
    pub company: Option<String>,
    /// Signature block, plain text.
    pub signature: Option<String>,
}

/// How many emails the conversation takes (`[drafts] style`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Style {
    /// Step one asks permission only; the question follows the buyer's yes (the default).
    #[default]
    TwoStep,
    /// One email that asks permission and the question together.
    OneStep,
}

/// The template name of step one in the two-step style: `<lang>/permission.hbs`.
pub const PERMISSION_TEMPLATE: &str = "permission";

/// The template name of step two, the question after the buyer's yes: `<lang>/followup.hbs`,
/// and per reason `<lang>/followup_<reason>.hbs`.
pub const FOLLOWUP_TEMPLATE: &str = "followup";

/// The optional thank-you to an answer that already gave the reason: `<lang>/thanks.hbs`.
pub const THANKS_TEMPLATE: &str = "thanks";

/// The step-two template name for `reason`: `followup_price`.
pub fn followup_name(reason: crate::classify::Reason) -> String {
    format!("{FOLLOWUP_TEMPLATE}_{}", reason.as_str())
}

/// A rendered reply, ready to be saved by a sink.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Message-ID of the message being answered (without brackets), if it had one.
    pub source_id: Option<String>,
    /// Recipient address.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// The complete RFC 5322 message (CRLF line endings).
    pub bytes: Vec<u8>,
}

impl Draft {
    /// The plain-text body as a person reads it (decoded, LF line endings), for the report.
    pub fn body_text(&self) -> Option<String> {
        let parsed = mail_parser::MessageParser::default().parse(&self.bytes)?;
        parsed.body_text(0).map(|t| t.replace("\r\n", "\n"))
    }
}

/// A template or reply-building failure.
#[derive(Debug, thiserror::Error)]
pub enum ComposeError {
    /// A template failed to compile or render; the message names file, line and variable.
    #[error("{0}")]
    Template(String),
    /// The reply message could not be built (e.g. no usable recipient).
    #[error("cannot build reply: {0}")]
    Build(String),
}

/// A rendered reply body and the template file it came from.
#[derive(Debug, Clone)]
pub struct RenderedBody {
    /// The body text, LF line endings, ending with one newline.
    pub text: String,
    /// Which template file produced it.
    pub template: templates::Resolved,
}

/// Everything rendered for one draft: the text body, the optional HTML alternative and subject.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The plain-text body (see [`RenderedBody`]).
    pub body: RenderedBody,
    /// The HTML alternative, when `<lang>/reply.html.hbs` (or `<reason>.html.hbs`) exists.
    pub html: Option<(String, templates::Resolved)>,
    /// The subject from `<lang>/subject.hbs`, when it exists and renders to something.
    pub subject: Option<(String, templates::Resolved)>,
}

/// The template registry plus reply building; build once per run.
#[derive(Debug)]
pub struct Composer {
    registry: templates::Registry,
    style: Style,
}

impl Composer {
    /// Load the embedded templates, overridden by files in `user_dir` when given.
    pub fn new(user_dir: Option<&std::path::Path>) -> Result<Composer, ComposeError> {
        let set = match user_dir {
            Some(dir) => templates::TemplateSet::with_user_dir(dir)?,
            None => templates::TemplateSet::built_in(),
        };
        Ok(Composer {
            registry: templates::Registry::new(set)?,
            style: Style::default(),
        })
    }

    /// Write rejections' drafts in `style` (`[drafts] style`).
    pub fn with_style(mut self, style: Style) -> Composer {
        self.style = style;
        self
    }

    /// The style rejections are answered in.
    pub fn style(&self) -> Style {
        self.style
    }

    /// Answer in `lang` when the buyer's language has no templates (`[templates] default_language`).
    pub fn with_default_language(mut self, lang: Option<&str>) -> Result<Composer, ComposeError> {
        if let Some(lang) = lang {
            self.registry.set_default_language(lang)?;
        }
        Ok(self)
    }

    /// The language replies fall back to.
    pub fn default_language(&self) -> &str {
        self.registry.default_language()
    }

    /// Every template file in use (built-in and user), e.g. for listing or copying them.
    pub fn templates(&self) -> &templates::TemplateSet {
        self.registry.set()
    }

    /// The compiled templates.
    pub fn registry(&self) -> &templates::Registry {
        &self.registry
    }

    /// The context a template sees when answering `mail`.
    pub fn context(
        &self,
        mail: &crate::message::Mail,
        verdict: &crate::classify::Verdict,
        identity: &Identity,
    ) -> TemplateContext {
        context::build(mail, verdict, identity)
    }

    /// The language and template name for `verdict`, in its language: for a rejection the
    /// permission question (two-step) or its reason's reply (one-step); for the buyer's yes the
    /// question for the original reason, for an answer that gave it a thank-you; otherwise the
    /// class.
    pub fn template_for(&self, verdict: &crate::classify::Verdict) -> (String, String) {
        use crate::classify::answer::Answer;
        use crate::classify::{Class, Reason};
        let lang = self.registry.language_for(verdict.language.as_deref());
        let reason = verdict.reason.unwrap_or(Reason::Unspecified);
        let name = match verdict.class {
            Class::Rejection if self.style == Style::TwoStep => PERMISSION_TEMPLATE.to_string(),
            Class::Rejection => reason.as_str().to_string(),
            Class::PermissionGranted if verdict.answer == Some(Answer::Explains) => {
                THANKS_TEMPLATE.to_string()
            }
            Class::PermissionGranted => followup_name(reason),
            class => verdict
                .reason
                .map_or(class.as_str(), Reason::as_str)
                .to_string(),
        };
        (lang, name)
    }

    /// Render template `name` in `lang` (with fallbacks) against `ctx`.
    pub fn render_body(
        &self,
        ctx: &TemplateContext,
        lang: &str,
        name: &str,
    ) -> Result<RenderedBody, ComposeError> {
        let (raw, template) = self.registry.render(lang, name, ctx)?;
        Ok(RenderedBody {
            text: tidy_body(&raw),
            template,
        })
    }

    /// Render the body, the HTML alternative (if any) and the subject override (if any).
    pub fn render(
        &self,
        ctx: &TemplateContext,
        lang: &str,
        name: &str,
    ) -> Result<Rendered, ComposeError> {
        let body = self.render_body(ctx, lang, name)?;
        let html = self.registry.render_html(lang, name, ctx)?;
        let subject = self
            .registry
            .render_subject(lang, ctx)?
            .filter(|(s, _)| !s.is_empty());
        Ok(Rendered {
            body,
            html,
            subject,
        })
    }

    /// Render the draft reply to `mail` for `verdict`, from `identity`, dated `now`.
    pub fn compose(
        &self,
        mail: &crate::message::Mail,
        verdict: &crate::classify::Verdict,
        identity: &Identity,
        now: chrono::DateTime<chrono::FixedOffset>,
    ) -> Result<Draft, ComposeError> {
        let ctx = self.context(mail, verdict, identity);
        let (lang, name) = self.template_for(verdict);
        let r = self.render(&ctx, &lang, &name)?;
        let parts = reply::Parts {
            text: &r.body.text,
            html: r.html.as_ref().map(|(h, _)| h.as_str()),
            subject: r.subject.as_ref().map(|(s, _)| s.as_str()),
        };
        reply::build_parts(mail, identity, &parts, now)
    }
}

/// LF line endings, no leading blank lines, at most one blank line in a row, one final newline.
/// Trailing spaces are kept: "-- " is the signature delimiter.
fn tidy_body(raw: &str) -> String {
    let text = raw.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        if line.trim().is_empty() {
            blank_run += 1;
            if blank_run > 1 || out.is_empty() {
                continue;
            }
            out.push('\n');
        } else {
            blank_run = 0;
            out.push_str(line);
            out.push('\n');
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests;
