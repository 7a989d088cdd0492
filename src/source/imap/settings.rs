//! IMAP account settings as written under `[accounts.NAME]`, their validation, and secrets.
//! Secrets come from a command (run without a shell), an environment variable or the file itself.

use std::fmt;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde::Deserialize;

use super::error::ImapError;

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum TlsMode {
    /// TLS from the first byte (usually port 993).
    #[default]
    Implicit,
    /// Plain connection upgraded with STARTTLS before login (usually port 143).
    Starttls,
    /// No encryption: only for loopback unless `allow_insecure = true`.
    None,
}

impl TlsMode {
    /// The port a server normally listens on for this mode.
    pub fn default_port(self) -> u16 {
        match self {
            TlsMode::Implicit => 993,
            TlsMode::Starttls | TlsMode::None => 143,
        }
    }
}

/// How to authenticate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum AuthMethod {
    /// IMAP LOGIN with a username and password.
    #[default]
    Login,
    /// SASL XOAUTH2 with a bearer token (Gmail, Microsoft 365).
    Xoauth2,
}

/// One `[accounts.NAME]` table of the config file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct AccountSettings {
    /// Server host name or IP address.
    pub host: String,
    /// Server port; defaults to 993 for implicit TLS, else 143.
    pub port: Option<u16>,
    /// Connection protection.
    #[serde(default)]
    pub tls: TlsMode,
    /// Login name.
    pub username: String,
    /// Command whose first stdout line is the password (split into words, never run by a shell).
    pub password_command: Option<String>,
    /// Environment variable holding the password.
    pub password_env: Option<String>,
    /// The password itself (allowed, but the caller should warn about it).
    pub password: Option<Secret>,
    /// Authentication mechanism.
    #[serde(default)]
    pub auth: AuthMethod,
    /// Command whose first stdout line is an OAuth2 access token (for `auth = "xoauth2"`).
    pub oauth2_token_command: Option<String>,
    /// Extra PEM file of CA certificates to trust besides the system roots.
    pub ca_file: Option<PathBuf>,
    /// Mailbox to read from; defaults to INBOX.
    pub mailbox: Option<String>,
    /// Drafts folder name (UTF-8 as the user sees it); auto-detected when absent.
    pub drafts_mailbox: Option<String>,
    /// Connect, read and write timeout in seconds; defaults to 30.
    pub timeout_secs: Option<u64>,
    /// Use this account when no `--account` is given.
    #[serde(default)]
    pub default: bool,
    /// Allow `tls = "none"` to a host that is not loopback.
    #[serde(default)]
    pub allow_insecure: bool,
    /// The sender of this account's drafts (`[accounts.NAME.identity]`), field by field over
    /// `[identity]`: for a config that holds several people's mailboxes.
    pub identity: Option<crate::config::IdentityConfig>,
}

/// Default timeout for connect, read and write.
pub const DEFAULT_TIMEOUT_SECS: u64 = 30;

impl AccountSettings {
    /// The port to connect to, explicit or derived from the TLS mode.
    pub fn effective_port(&self) -> u16 {
        self.port.unwrap_or_else(|| self.tls.default_port())
    }

    /// The mailbox to read from.
    pub fn effective_mailbox(&self) -> &str {
        self.mailbox.as_deref().unwrap_or("INBOX")
    }

    /// The connect/read/write timeout.
    pub fn timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.timeout_secs.unwrap_or(DEFAULT_TIMEOUT_SECS).max(1))
    }

    /// Check the settings without touching the network; errors are config errors.
    pub fn validate(&self) -> Result<(), ImapError> {
        let bad = |msg: String| Err(ImapError::Settings(msg));
        if self.host.trim().is_empty() {
            return bad("host is empty".into());
        }
        if self.username.is_empty() {
            return bad(format!("username is empty for {}", self.host));
        }
        if self.port == Some(0) {
            return bad(format!("port 0 is not valid for {}", self.host));
        }
        if self.timeout_secs == Some(0) {
            return bad("timeout_secs must be at least 1".into());
        }
        if self.tls == TlsMode::None && !self.allow_insecure && !is_loopback_host(&self.host) {
            return bad(format!(
                "tls = \"none\" would send the password in clear text to {}; \
                 use tls = \"implicit\" or \"starttls\" (or set allow_insecure = true)",
                self.host
            ));
        }
        match self.auth {
            AuthMethod::Login => {
                let sources = [
                    self.password_command.is_some(),
                    self.password_env.is_some(),
                    self.password.is_some(),
                ]
                .iter()
                .filter(|s| **s)
                .count();
                if sources == 0 {
                    return bad(format!(
                        "no password source for {} on {}: set password_command or password_env",
                        self.username, self.host
                    ));
                }
                if sources > 1 {
                    return bad(format!(
                        "more than one password source for {} on {}: \
                         keep only one of password_command, password_env, password",
                        self.username, self.host
                    ));
                }
                if self.oauth2_token_command.is_some() {
                    return bad("oauth2_token_command needs auth = \"xoauth2\"".into());
                }
            }
            AuthMethod::Xoauth2 => {
                if self.oauth2_token_command.is_none() {
                    return bad(format!(
                        "auth = \"xoauth2\" needs oauth2_token_command for {} on {}",
                        self.username, self.host
                    ));
                }
            }
        }
        if let Some(cmd) = self
            .password_command
            .as_deref()
            .or(self.oauth2_token_command.as_deref())
        {
            split_command(cmd)?;
        }
        Ok(())
    }

    /// The password (LOGIN) or access token (XOAUTH2), from wherever the settings say.
    pub fn secret(&self) -> Result<Secret, ImapError> {
        if self.auth == AuthMethod::Xoauth2 {
            return match &self.oauth2_token_command {
                Some(cmd) => run_secret_command("oauth2_token_command", cmd),
                None => Err(ImapError::Settings(
                    "auth = \"xoauth2\" needs oauth2_token_command".into(),
                )),
            };
        }
        if let Some(cmd) = &self.password_command {
            return run_secret_command("password_command", cmd);
        }
        if let Some(var) = &self.password_env {
            return match std::env::var(var) {
                Ok(v) if !v.is_empty() => Ok(Secret::new(v)),
                Ok(_) => Err(ImapError::Settings(format!(
                    "password_env: environment variable {var} is empty"
                ))),
                Err(_) => Err(ImapError::Settings(format!(
                    "password_env: environment variable {var} is not set"
                ))),
            };
        }
        match &self.password {
            Some(p) => Ok(p.clone()),
            None => Err(ImapError::Settings(format!(
                "no password source for {} on {}",
                self.username, self.host
            ))),
        }
    }
}

/// True for `localhost`, 127.0.0.0/8 and ::1 (where clear text never leaves the machine).
pub fn is_loopback_host(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    if h.eq_ignore_ascii_case("localhost") || h.to_ascii_lowercase().ends_with(".localhost") {
        return true;
    }
    h.parse::<IpAddr>()
        .map(|ip| ip.is_loopback())
        .unwrap_or(false)
}

/// A password or token: printing it (Debug or Display) shows `***`, never the value.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wrap a secret value.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Split a command line into words like a POSIX shell would, without expanding anything.
/// Supports 'single quotes', "double quotes" (with \" \\ \$ \` escapes) and backslash escapes.
pub fn split_command(line: &str) -> Result<Vec<String>, ImapError> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => word.push(ch),
                        None => return Err(unterminated("single quote")),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(ch @ ('"' | '\\' | '$' | '`')) => word.push(ch),
                            Some('\n') => {}
                            Some(ch) => {
                                word.push('\\');
                                word.push(ch);
                            }
                            None => return Err(unterminated("double quote")),
                        },
                        Some(ch) => word.push(ch),
                        None => return Err(unterminated("double quote")),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some('\n') => {}
                    Some(ch) => word.push(ch),
                    None => return Err(unterminated("backslash")),
                }
            }
            ch => {
                in_word = true;
                word.push(ch);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    if words.is_empty() {
        return Err(ImapError::Settings("the command is empty".into()));
    }
    Ok(words)
}

fn unterminated(what: &str) -> ImapError {
    ImapError::Settings(format!("command has an unterminated {what}"))
}

/// Run `cmd` (split into words, no shell) and return the first line of its stdout.
fn run_secret_command(key: &str, cmd: &str) -> Result<Secret, ImapError> {
    let words = split_command(cmd).map_err(|e| ImapError::Settings(format!("{key}: {e}")))?;
    let program = words[0].clone();
    let output = Command::new(&program)
        .args(&words[1..])
        .stdin(Stdio::inherit())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| ImapError::SecretCommand {
            key: key.to_string(),
            program: program.clone(),
            reason: format!("cannot run it: {e}"),
        })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr.lines().next().unwrap_or("").trim();
        let status = match output.status.code() {
            Some(c) => format!("exit status {c}"),
            None => "killed by a signal".to_string(),
        };
        let reason = if first.is_empty() {
            format!("it failed ({status})")
        } else {
            format!("it failed ({status}): {first}")
        };
        return Err(ImapError::SecretCommand {
            key: key.to_string(),
            program,
            reason,
        });
    }
    let stdout = String::from_utf8(output.stdout).map_err(|_| ImapError::SecretCommand {
        key: key.to_string(),
        program: program.clone(),
        reason: "its output is not UTF-8".into(),
    })?;
    let first = stdout.lines().next().unwrap_or("").trim_end_matches('\r');
    if first.is_empty() {
        return Err(ImapError::SecretCommand {
            key: key.to_string(),
            program,
            reason: "it printed nothing on its first line".into(),
        });
    }
    Ok(Secret::new(first))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> AccountSettings {
        AccountSettings {
            host: "imap.example.com".into(),
            username: "alex".into(),
            password_env: Some("X".into()),
            ..Default::default()
        }
    }

    #[test]
    fn split_handles_quotes_and_escapes() {
        let w = split_command(r#"pass show 'work/my imap' "a \"b\" c" d\ e"#).unwrap();
        assert_eq!(w, vec!["pass", "show", "work/my imap", "a \"b\" c", "d e"]);
        let w = split_command("  a\t''  b ").unwrap();
        assert_eq!(w, vec!["a", "", "b"]);
        let w = split_command(r#"echo "$HOME" `x` ; rm"#).unwrap();
        assert_eq!(w, vec!["echo", "$HOME", "`x`", ";", "rm"]);
    }

    #[test]
    fn split_rejects_unterminated_and_empty() {
        assert!(split_command("a 'b").is_err());
        assert!(split_command("a \"b").is_err());
        assert!(split_command("a \\").is_err());
        assert!(split_command("   ").is_err());
    }

    #[test]
    fn secret_never_prints() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s}"), "***");
        assert_eq!(format!("{s:?}"), "***");
        let mut a = base();
        a.password = Some(s);
        a.password_env = None;
        assert!(!format!("{a:?}").contains("hunter2"));
    }

    #[test]
    fn loopback_detection() {
        for h in [
            "localhost",
            "127.0.0.1",
            "127.5.0.1",
            "::1",
            "[::1]",
            "LOCALHOST",
        ] {
            assert!(is_loopback_host(h), "{h}");
        }
        for h in [
            "imap.example.com",
            "10.0.0.1",
            "localhost.example.com",
            "::2",
        ] {
            assert!(!is_loopback_host(h), "{h}");
        }
    }

    #[test]
    fn tls_none_needs_loopback_or_allow_insecure() {
        let mut a = base();
        a.tls = TlsMode::None;
        let e = a.validate().unwrap_err();
        assert!(e.to_string().contains("imap.example.com"), "{e}");
        assert!(!e.is_connection_error());
        a.allow_insecure = true;
        a.validate().unwrap();
        a.allow_insecure = false;
        a.host = "127.0.0.1".into();
        a.validate().unwrap();
    }

    #[test]
    fn ports_default_by_tls_mode() {
        let mut a = base();
        assert_eq!(a.effective_port(), 993);
        a.tls = TlsMode::Starttls;
        assert_eq!(a.effective_port(), 143);
        a.port = Some(1143);
        assert_eq!(a.effective_port(), 1143);
    }

    #[test]
    fn password_sources_are_exclusive_and_required() {
        let mut a = base();
        a.password_env = None;
        assert!(a.validate().is_err());
        a.password_env = Some("X".into());
        a.password_command = Some("true".into());
        assert!(a.validate().is_err());
        a.password_env = None;
        a.validate().unwrap();
        a.auth = AuthMethod::Xoauth2;
        assert!(a.validate().is_err());
        a.oauth2_token_command = Some("tok".into());
        a.validate().unwrap();
    }

    #[test]
    fn deserializes_and_rejects_unknown_keys() {
        let a: AccountSettings = toml::from_str(
            r#"host = "h"
username = "u"
tls = "starttls"
password = "p"
auth = "login"
default = true"#,
        )
        .unwrap();
        assert_eq!(a.tls, TlsMode::Starttls);
        assert_eq!(a.password.as_ref().map(Secret::expose), Some("p"));
        assert!(a.default);
        let e = toml::from_str::<AccountSettings>("host = \"h\"\nusername = \"u\"\nhots = 1")
            .unwrap_err();
        assert!(e.to_string().contains("hots"), "{e}");
        assert!(
            toml::from_str::<AccountSettings>("host=\"h\"\nusername=\"u\"\ntls=\"ssl\"").is_err()
        );
    }

    #[test]
    fn password_command_runs_without_shell() {
        let mut a = base();
        a.password_env = None;
        a.password_command = Some("printf 'first line\\nsecond' ; echo".into());
        // printf gets the literal args `first line\nsecond`, `;`, `echo`: no shell ran.
        assert_eq!(a.secret().unwrap().expose(), "first line");
        a.password_command = Some("false".into());
        let e = a.secret().unwrap_err();
        assert!(e.to_string().contains("password_command"), "{e}");
        a.password_command = Some("/nonexistent/rebound-pw".into());
        assert!(a.secret().unwrap_err().to_string().contains("cannot run"));
    }
}
