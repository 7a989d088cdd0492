//! Running the real `rebound` binary against a test IMAP server: a temp config with one account,
//! an isolated HOME / XDG dirs, and helpers to look at the mailbox afterwards.

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::Child;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::server::{TestServer, User};

/// Where the password of the test account comes from (never written to the config).
pub const PASSWORD_ENV: &str = "REBOUND_TEST_IMAP_PASSWORD";

/// A temp home with a config file for `user` on `d` (implicit TLS, the throwaway CA).
pub struct Setup {
    /// The temp directory (home, config).
    pub dir: tempfile::TempDir,
    /// The config file.
    pub config: PathBuf,
    /// The account's password.
    pub password: String,
}

impl Setup {
    /// A config with one account `test` for `user`, plus `extra` lines in the account table.
    pub fn new(d: &dyn TestServer, user: &User, extra: &str) -> Setup {
        Setup::with_port(d, user, d.tls_port(), extra)
    }

    /// Like [`Setup::new`], connecting to `port` on 127.0.0.1 (a proxy in front of `d`).
    pub fn with_port(d: &dyn TestServer, user: &User, port: u16, extra: &str) -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.toml");
        let text = format!(
            "[identity]\nname = \"Alex Seller\"\nemail = \"alex@seller.example\"\n\n\
             [accounts.test]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"implicit\"\n\
             username = \"{}\"\npassword_env = \"{PASSWORD_ENV}\"\nca_file = \"{}\"\n\
             timeout_secs = 10\n{extra}\n",
            port,
            user.name,
            d.ca_file().display()
        );
        std::fs::write(&config, text).unwrap();
        Setup {
            dir,
            config,
            password: user.password.clone(),
        }
    }

    /// The binary with this config, an isolated environment and the password in the env.
    pub fn cmd(&self) -> assert_cmd::Command {
        let mut c = assert_cmd::Command::new(env!("CARGO_BIN_EXE_rebound"));
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("xdg"))
            .env("XDG_STATE_HOME", self.dir.path().join("state"))
            .env(PASSWORD_ENV, &self.password)
            .arg("--config")
            .arg(&self.config);
        c
    }

    /// Like [`Setup::cmd`] as a std Command (for long-running processes).
    pub fn std_cmd(&self) -> std::process::Command {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_rebound"));
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("xdg"))
            .env("XDG_STATE_HOME", self.dir.path().join("state"))
            .env(PASSWORD_ENV, &self.password)
            .arg("--config")
            .arg(&self.config);
        c
    }
}

/// One account of a config with several ([`Accounts`]).
pub struct Account<'a> {
    /// Its name in the config.
    pub name: &'a str,
    /// Its login.
    pub user: &'a User,
    /// The port it connects to on 127.0.0.1 (implicit TLS).
    pub port: u16,
    /// The password rebound is given (not always the user's).
    pub password: &'a str,
    /// More lines after the account's table (e.g. its `[accounts.NAME.identity]`).
    pub extra: &'a str,
}

/// Like [`Setup`] with several accounts, each password in an env var of its own.
pub struct Accounts {
    /// The temp home and config (its `password` is the first account's).
    pub setup: Setup,
    /// The env vars holding the passwords.
    pub envs: Vec<(String, String)>,
}

impl Accounts {
    /// A config with `accounts` on `d` (implicit TLS, the throwaway CA).
    pub fn new(d: &dyn TestServer, accounts: &[Account<'_>]) -> Accounts {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.toml");
        let mut text =
            "[identity]\nname = \"Alex Seller\"\nemail = \"alex@seller.example\"\n".to_string();
        let mut envs = Vec::new();
        for a in accounts {
            let env = format!("REBOUND_TEST_PW_{}", a.name.to_uppercase());
            text.push_str(&format!(
                "\n[accounts.{}]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"implicit\"\n\
                 username = \"{}\"\npassword_env = \"{env}\"\nca_file = \"{}\"\n\
                 timeout_secs = 10\n{}\n",
                a.name,
                a.port,
                a.user.name,
                d.ca_file().display(),
                a.extra
            ));
            envs.push((env, a.password.to_string()));
        }
        std::fs::write(&config, text).unwrap();
        let password = accounts
            .first()
            .map(|a| a.password.to_string())
            .unwrap_or_default();
        Accounts {
            setup: Setup {
                dir,
                config,
                password,
            },
            envs,
        }
    }

    /// The binary with this config, an isolated environment and every password in the env.
    pub fn cmd(&self) -> assert_cmd::Command {
        let mut c = self.setup.cmd();
        c.envs(self.envs.iter().map(|(k, v)| (k, v)));
        c
    }

    /// Like [`Accounts::cmd`] as a std Command (for long-running processes).
    pub fn std_cmd(&self) -> std::process::Command {
        let mut c = self.setup.std_cmd();
        c.envs(self.envs.iter().map(|(k, v)| (k, v)));
        c
    }
}

/// One message of a mailbox as the server has it.
#[derive(Debug, Clone)]
pub struct Stored {
    /// UID.
    pub uid: u32,
    /// Flags, as IMAP writes them (`\Seen`, `$Rebound`, ...).
    pub flags: Vec<String>,
    /// The whole message.
    pub bytes: Vec<u8>,
}

impl Stored {
    /// True when the message has `flag` (case-insensitive).
    pub fn has(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f.eq_ignore_ascii_case(flag))
    }

    /// The message as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

fn flag_name(f: &imap::types::Flag<'_>) -> String {
    use imap::types::Flag;
    match f {
        Flag::Seen => "\\Seen".into(),
        Flag::Answered => "\\Answered".into(),
        Flag::Flagged => "\\Flagged".into(),
        Flag::Deleted => "\\Deleted".into(),
        Flag::Draft => "\\Draft".into(),
        Flag::Recent => "\\Recent".into(),
        Flag::MayCreate => "\\*".into(),
        Flag::Custom(c) => c.to_string(),
        other => format!("{other:?}"),
    }
}

/// Every message in `mailbox` (wire name), read with EXAMINE + BODY.PEEK so nothing changes.
pub fn messages(d: &dyn TestServer, user: &User, mailbox: &str) -> Vec<Stored> {
    let mut s = d.raw_session(user);
    let m = s.examine(mailbox).unwrap();
    if m.exists == 0 {
        return Vec::new();
    }
    let fetches = s.uid_fetch("1:*", "(UID FLAGS BODY.PEEK[])").unwrap();
    let mut out: Vec<Stored> = fetches
        .iter()
        .map(|f| Stored {
            uid: f.uid.unwrap(),
            flags: f.flags().iter().map(flag_name).collect(),
            bytes: f.body().unwrap_or_default().to_vec(),
        })
        .collect();
    out.sort_by_key(|m| m.uid);
    let _ = s.logout();
    out
}

/// Run `op` on `mailbox` opened read-write (to set flags, append, expunge by hand).
pub fn with_mailbox(
    d: &dyn TestServer,
    user: &User,
    mailbox: &str,
    op: impl FnOnce(&mut imap::Session<std::net::TcpStream>),
) {
    let mut s = d.raw_session(user);
    s.select(mailbox).unwrap();
    op(&mut s);
    let _ = s.logout();
}

/// Wait (up to a generous deadline) until `cond` holds; panic with `what` otherwise, or as soon
/// as `child` exits.
pub fn wait_for(what: &str, child: &mut Child, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(90);
    while Instant::now() < deadline {
        if cond() {
            return;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("the process exited early ({status}) while waiting for {what}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("timed out waiting for {what}");
}

/// A long-running `rebound` (e.g. `watch`) and what it printed so far.
pub struct Running {
    /// The process.
    pub child: Child,
    /// Its stdout so far.
    pub out: Arc<Mutex<String>>,
    /// Its stderr so far.
    pub err: Arc<Mutex<String>>,
}

impl Running {
    /// Spawn `cmd` with its output collected.
    pub fn start(cmd: &mut std::process::Command) -> Running {
        let mut child = cmd
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let out = collect_lines(child.stdout.take().unwrap());
        let err = collect_lines(child.stderr.take().unwrap());
        Running { child, out, err }
    }

    /// SIGTERM; the exit code, stdout and stderr.
    pub fn stop(mut self) -> (Option<i32>, String, String) {
        std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        let status = self.child.wait().unwrap();
        // The collecting threads read to EOF, which the exit brings.
        std::thread::sleep(Duration::from_millis(200));
        let out = self.out.lock().unwrap().clone();
        let err = self.err.lock().unwrap().clone();
        (status.code(), out, err)
    }
}

/// What `from` (a child's stdout or stderr) prints, collected line by line by a thread.
pub fn collect_lines(from: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let out = Arc::new(Mutex::new(String::new()));
    let sink = out.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines().map_while(Result::ok) {
            let mut s = sink.lock().unwrap();
            s.push_str(&line);
            s.push('\n');
        }
    });
    out
}
