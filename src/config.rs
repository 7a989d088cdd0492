//! TOML config: identity, templates dir, rules (and IMAP accounts).
//! Found via `--config`, else `$REBOUND_CONFIG`, else the XDG config dir; optional for batch.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::classify::Rules;
use crate::compose::Identity;

/// The whole config file. Unknown keys are errors that name the key and its line.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Who drafts are from.
    #[serde(default)]
    pub identity: IdentityConfig,
    /// Where the user's templates live.
    #[serde(default)]
    pub templates: TemplatesConfig,
    /// Additions to the classifier's built-in rules.
    #[serde(default)]
    pub rules: RulesConfig,
    /// Which messages get a draft besides rejections.
    #[serde(default)]
    pub drafts: DraftsConfig,
    /// IMAP accounts by name (used by the IMAP commands).
    #[serde(default)]
    pub accounts: BTreeMap<String, crate::source::imap::AccountSettings>,
    /// Where this config was read from (not a TOML key).
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

/// `[identity]`: the seller.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityConfig {
    /// Display name, e.g. "Alex Seller".
    pub name: Option<String>,
    /// Address, e.g. "alex@seller.example".
    pub email: Option<String>,
    /// Company name.
    pub company: Option<String>,
    /// Signature block, plain text.
    pub signature: Option<String>,
}

/// `[templates]`: the user's template directory.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplatesConfig {
    /// Directory whose files override the built-in templates; relative paths are relative to the config file.
    pub dir: Option<PathBuf>,
    /// Language of replies to buyers whose language has no templates (default "en").
    pub default_language: Option<String>,
}

/// `[drafts]`: which messages besides rejections get a draft, and in how many steps.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftsConfig {
    /// Also draft a reply to referrals ("talk to X instead") asking for the introduction.
    #[serde(default)]
    pub referrals: bool,
    /// Ask permission first and the question after the buyer's yes, or both in one email.
    #[serde(default)]
    pub style: crate::compose::Style,
    /// Also draft a short thank-you to a buyer who answered the permission question with the
    /// reason itself (they get no question).
    #[serde(default)]
    pub thank_answers: bool,
}

/// `[rules]`: classifier additions.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesConfig {
    /// Extra phrases that mark a sentence as a rejection.
    #[serde(default)]
    pub extra_rejection_phrases: Vec<String>,
    /// Senders never treated as buyers: `jane@x.example`, `@x.example` or `*@x.example`.
    #[serde(default)]
    pub ignore_senders: Vec<String>,
    /// P(rejection) a message needs before it is drafted (default: the model's, chosen for
    /// precision 0.97 or better).
    #[serde(default)]
    pub min_confidence: Option<f32>,
}

/// A config that cannot be found, read or understood.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file named by `--config` or `$REBOUND_CONFIG` cannot be read.
    #[error("cannot read config {path}: {source}")]
    Read {
        /// The config path.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML or has unknown or mistyped keys.
    #[error("invalid config {path}: {message}")]
    Invalid {
        /// The config path.
        path: PathBuf,
        /// The parser's message, naming the key and its line.
        message: String,
    },
    /// No account could be chosen for an IMAP command.
    #[error("{0}")]
    Account(String),
    /// An `--from` value that is not "Name <email>" or "email".
    #[error("invalid sender {0:?}: expected \"Name <email@domain>\" or \"email@domain\"")]
    BadFrom(String),
}

/// Where the config comes from, in order of precedence.
pub fn locate(explicit: Option<&Path>) -> Option<(PathBuf, bool)> {
    if let Some(p) = explicit {
        return Some((p.to_path_buf(), true));
    }
    if let Some(p) = std::env::var_os("REBOUND_CONFIG").filter(|v| !v.is_empty()) {
        return Some((PathBuf::from(p), true));
    }
    dirs::config_dir().map(|d| (d.join("rebound").join("config.toml"), false))
}

/// Load the config: an explicit path must exist; the default location may be absent.
pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
    let Some((path, required)) = locate(explicit) else {
        return Ok(Config::default());
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Config::default());
        }
        Err(source) => return Err(ConfigError::Read { path, source }),
    };
    let mut config = parse(&text).map_err(|message| ConfigError::Invalid {
        path: path.clone(),
        message,
    })?;
    if let (Some(dir), Some(base)) = (&config.templates.dir, path.parent()) {
        config.templates.dir = Some(expand_home(dir, base));
    }
    config.path = Some(path);
    Ok(config)
}

/// Parse config text; the error names the offending key and line.
pub fn parse(text: &str) -> Result<Config, String> {
    toml::from_str(text).map_err(|e| e.to_string().trim_end().replace('\n', " "))
}

fn expand_home(p: &Path, base: &Path) -> PathBuf {
    if let Ok(rest) = p.strip_prefix("~") {
        if let Some(home) = dirs::home_dir() {
            return home.join(rest);
        }
    }
    if p.is_relative() {
        base.join(p)
    } else {
        p.to_path_buf()
    }
}

impl Config {
    /// The classifier rules from `[rules]`.
    pub fn rules(&self) -> Rules {
        Rules {
            extra_rejection_phrases: self.rules.extra_rejection_phrases.clone(),
            ignore_senders: self.rules.ignore_senders.clone(),
            min_confidence: self.rules.min_confidence,
            ..Rules::default()
        }
    }

    /// The identity from `[identity]`, overridden by a `--from` value.
    pub fn identity(&self, from: Option<&str>) -> Result<Identity, ConfigError> {
        self.account_identity(None, from)
    }

    /// The identity of `account`: its `[accounts.NAME.identity]` field by field over
    /// `[identity]`, then a `--from` value over both.
    pub fn account_identity(
        &self,
        account: Option<&crate::source::imap::AccountSettings>,
        from: Option<&str>,
    ) -> Result<Identity, ConfigError> {
        let own = account.and_then(|a| a.identity.as_ref());
        let field = |f: fn(&IdentityConfig) -> &Option<String>| {
            own.and_then(|o| f(o).clone())
                .or_else(|| f(&self.identity).clone())
        };
        let mut id = Identity {
            name: field(|i| &i.name),
            email: field(|i| &i.email),
            company: field(|i| &i.company),
            signature: field(|i| &i.signature),
        };
        if let Some(from) = from {
            let (name, email) = parse_from(from)?;
            id.name = name.or(id.name);
            id.email = Some(email);
        }
        Ok(id)
    }
}

impl Config {
    /// The IMAP account to use: `--account NAME`, else the one with `default = true`, else the
    /// only one. The error says what to change.
    pub fn account(
        &self,
        name: Option<&str>,
    ) -> Result<(&str, &crate::source::imap::AccountSettings), ConfigError> {
        let file = match &self.path {
            Some(p) => p.display().to_string(),
            None => "the config file (none was found)".to_string(),
        };
        let names = || {
            self.accounts
                .keys()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        };
        if let Some(name) = name {
            return self
                .accounts
                .get_key_value(name)
                .map(|(k, v)| (k.as_str(), v))
                .ok_or_else(|| {
                    ConfigError::Account(if self.accounts.is_empty() {
                        format!("no account named {name:?}: {file} has no [accounts.NAME] section")
                    } else {
                        format!(
                            "no account named {name:?} in {file} (accounts: {})",
                            names()
                        )
                    })
                });
        }
        let defaults: Vec<_> = self.accounts.iter().filter(|(_, a)| a.default).collect();
        match (defaults.as_slice(), self.accounts.len()) {
            ([(k, v)], _) => Ok((k.as_str(), v)),
            ([], 0) => Err(ConfigError::Account(format!(
                "no IMAP account configured: add an [accounts.NAME] section with host, username \
                 and password_command to {file} (see docs/imap.md)"
            ))),
            ([], 1) => {
                let (k, v) = self.accounts.iter().next().ok_or_else(|| {
                    ConfigError::Account("no IMAP account configured".to_string())
                })?;
                Ok((k.as_str(), v))
            }
            ([], _) => Err(ConfigError::Account(format!(
                "several accounts in {file} ({}): pass --account NAME or set default = true on one",
                names()
            ))),
            (many, _) => Err(ConfigError::Account(format!(
                "more than one account has default = true in {file} ({}): keep it on one",
                many.iter()
                    .map(|(k, _)| k.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }

    /// A warning when account `name` keeps its password in the config file and the file can be
    /// read by other users (group or world readable).
    pub fn inline_password_warning(&self, name: &str) -> Option<String> {
        let account = self.accounts.get(name)?;
        account.password.as_ref()?;
        let path = self.path.as_ref()?;
        let mode = file_mode(path)?;
        (mode & 0o077 != 0).then(|| {
            format!(
                "{} holds the password of account {name:?} and can be read by other users \
                 (mode {:o}): run `chmod 600 {}` or use password_command / password_env",
                path.display(),
                mode & 0o777,
                path.display()
            )
        })
    }
}

#[cfg(unix)]
fn file_mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).ok().map(|m| m.permissions().mode())
}

#[cfg(not(unix))]
fn file_mode(_path: &Path) -> Option<u32> {
    None
}

/// Split `"Name <email>"` or a bare `email` into its parts.
pub fn parse_from(s: &str) -> Result<(Option<String>, String), ConfigError> {
    let bad = || ConfigError::BadFrom(s.to_string());
    let s = s.trim();
    let (name, email) = match (s.rfind('<'), s.ends_with('>')) {
        (Some(open), true) => {
            let name = s[..open].trim().trim_matches('"').trim();
            let name = (!name.is_empty()).then(|| name.to_string());
            (name, s[open + 1..s.len() - 1].trim())
        }
        (None, false) => (None, s),
        _ => return Err(bad()),
    };
    let valid = email
        .split_once('@')
        .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !d.starts_with('.'))
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>');
    if !valid
        || name
            .as_deref()
            .is_some_and(|n| n.chars().any(char::is_control))
    {
        return Err(bad());
    }
    Ok((name, email.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let err = parse("[identity]\nname = \"A\"\nemial = \"a@b.example\"\n").unwrap_err();
        assert!(err.contains("emial"), "{err}");
        assert!(err.contains("line 3"), "{err}");
    }

    #[test]
    fn full_config_parses() {
        let c = parse(
            "[identity]\nname = \"Alex Seller\"\nemail = \"alex@seller.example\"\n\
             signature = \"Alex\\nSeller Inc.\"\n[templates]\ndir = \"tpl\"\n\
             [rules]\nextra_rejection_phrases = [\"we are out\"]\nignore_senders = [\"@seller.example\"]\n",
        )
        .unwrap();
        assert_eq!(c.identity.email.as_deref(), Some("alex@seller.example"));
        assert_eq!(c.rules().ignore_senders, vec!["@seller.example"]);
        assert_eq!(c.templates.dir.as_deref(), Some(Path::new("tpl")));
    }

    fn accounts(text: &str) -> Config {
        parse(text).unwrap()
    }

    const ACCOUNT: &str = "host = \"imap.example.com\"\nusername = \"a\"\npassword_env = \"P\"\n";

    #[test]
    fn account_selection() {
        let none = accounts("");
        let e = none.account(None).unwrap_err().to_string();
        assert!(e.starts_with("no IMAP account configured"), "{e}");
        let one = accounts(&format!("[accounts.work]\n{ACCOUNT}"));
        assert_eq!(one.account(None).unwrap().0, "work");
        assert_eq!(
            one.account(Some("work")).unwrap().1.host,
            "imap.example.com"
        );
        let e = one.account(Some("home")).unwrap_err().to_string();
        assert!(
            e.contains("\"home\"") && e.contains("accounts: work"),
            "{e}"
        );
        let two = accounts(&format!("[accounts.a]\n{ACCOUNT}[accounts.b]\n{ACCOUNT}"));
        let e = two.account(None).unwrap_err().to_string();
        assert!(e.contains("--account NAME") && e.contains("a, b"), "{e}");
        let two = accounts(&format!(
            "[accounts.a]\n{ACCOUNT}[accounts.b]\n{ACCOUNT}default = true\n"
        ));
        assert_eq!(two.account(None).unwrap().0, "b");
        let both = accounts(&format!(
            "[accounts.a]\n{ACCOUNT}default = true\n[accounts.b]\n{ACCOUNT}default = true\n"
        ));
        assert!(both
            .account(None)
            .unwrap_err()
            .to_string()
            .contains("default = true"));
    }

    #[test]
    fn unknown_account_key_is_named() {
        let e = parse(&format!("[accounts.a]\n{ACCOUNT}hots = \"x\"\n")).unwrap_err();
        assert!(e.contains("hots"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn inline_password_warned_when_others_can_read() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(
            &path,
            "[accounts.w]\nhost = \"h.example\"\nusername = \"u\"\npassword = \"Hunter-22\"\n",
        )
        .unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let c = load(Some(&path)).unwrap();
        let w = c.inline_password_warning("w").unwrap();
        assert!(w.contains("chmod 600") && !w.contains("Hunter-22"), "{w}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(c.inline_password_warning("w").is_none());
    }

    #[test]
    fn templates_default_language_and_referral_drafts() {
        let c =
            parse("[templates]\ndefault_language = \"de\"\n[drafts]\nreferrals = true\n").unwrap();
        assert_eq!(c.templates.default_language.as_deref(), Some("de"));
        assert!(c.drafts.referrals);
        let c = parse("").unwrap();
        assert_eq!(c.templates.default_language, None);
        assert!(!c.drafts.referrals);
        let err = parse("[drafts]\nreferral = true\n").unwrap_err();
        assert!(err.contains("referral"), "{err}");
    }

    #[test]
    fn draft_style_is_two_step_unless_set() {
        use crate::compose::Style;
        assert_eq!(parse("").unwrap().drafts.style, Style::TwoStep);
        let c = parse("[drafts]\nstyle = \"one-step\"\n").unwrap();
        assert_eq!(c.drafts.style, Style::OneStep);
        let c = parse("[drafts]\nstyle = \"two-step\"\nthank_answers = true\n").unwrap();
        assert_eq!(c.drafts.style, Style::TwoStep);
        assert!(c.drafts.thank_answers);
        assert!(!parse("").unwrap().drafts.thank_answers);
        let err = parse("[drafts]\nstyle = \"three-step\"\n").unwrap_err();
        assert!(err.contains("three-step") || err.contains("style"), "{err}");
    }

    #[test]
    fn from_flag_forms() {
        assert_eq!(
            parse_from("Alex Seller <alex@seller.example>").unwrap(),
            (Some("Alex Seller".into()), "alex@seller.example".into())
        );
        assert_eq!(
            parse_from("\"Seller, Alex\" <alex@seller.example>").unwrap(),
            (Some("Seller, Alex".into()), "alex@seller.example".into())
        );
        assert_eq!(
            parse_from("alex@seller.example").unwrap(),
            (None, "alex@seller.example".into())
        );
        for bad in [
            "Alex",
            "Alex <alex>",
            "<@x.example>",
            "a b@c.example",
            "Alex <a@b.example",
        ] {
            assert!(parse_from(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_account_identity_goes_over_the_config_one_field_by_field() {
        let c = parse(
            "[identity]\nname = \"Alex\"\nemail = \"alex@seller.example\"\ncompany = \"Seller\"\n\
             [accounts.sam]\nhost = \"h\"\nusername = \"sam\"\n\
             [accounts.sam.identity]\nname = \"Sam\"\nemail = \"sam@seller.example\"\n\
             [accounts.alex]\nhost = \"h\"\nusername = \"alex\"\n",
        )
        .unwrap();
        let sam = c.account_identity(c.accounts.get("sam"), None).unwrap();
        assert_eq!(sam.name.as_deref(), Some("Sam"));
        assert_eq!(sam.email.as_deref(), Some("sam@seller.example"));
        assert_eq!(sam.company.as_deref(), Some("Seller"));
        let alex = c.account_identity(c.accounts.get("alex"), None).unwrap();
        assert_eq!(alex.email.as_deref(), Some("alex@seller.example"));
        let flag = c
            .account_identity(c.accounts.get("sam"), Some("x@seller.example"))
            .unwrap();
        assert_eq!(flag.email.as_deref(), Some("x@seller.example"));
        assert_eq!(flag.name.as_deref(), Some("Sam"));
    }

    #[test]
    fn from_overrides_config_identity() {
        let c =
            parse("[identity]\nname = \"Config Name\"\nemail = \"c@seller.example\"\n").unwrap();
        let id = c.identity(Some("x@seller.example")).unwrap();
        assert_eq!(id.name.as_deref(), Some("Config Name"));
        assert_eq!(id.email.as_deref(), Some("x@seller.example"));
    }
}
