//! A private, throwaway Dovecot IMAP server for integration tests: own config, temp dir, free
//! ports on 127.0.0.1, passwd-file users and a throwaway CA; works as root (CI) and as a user.

use std::fs;
use std::io::Write;
use std::net::TcpStream;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use rebound::source::imap::{AccountSettings, TlsMode};

pub use super::server::User;
use super::server::{self, id, run, TestServer};

/// Where Debian/Ubuntu's `dovecot-imapd` puts the server binary.
pub const DOVECOT: &str = "/usr/sbin/dovecot";
/// Where Debian/Ubuntu's `dovecot-core` puts the admin tool.
pub const DOVEADM: &str = "/usr/bin/doveadm";
/// What a missing Dovecot makes every IMAP test say (they fail, never skip).
pub const NOT_INSTALLED: &str =
    "Dovecot is not installed: run `apt-get install -y dovecot-imapd` (Debian/Ubuntu)";

/// How to configure an instance.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Announce \Drafts, \Sent, \Junk, \Trash, \Archive (and auto-create those folders).
    pub special_use: bool,
    /// The CAPABILITY list to announce after login instead of Dovecot's (`imap_capability`).
    pub capabilities: Option<&'static str>,
    /// Keywords longer than this are refused with NO (`mail_max_keyword_length`): `$Rebound`
    /// is 8 bytes, so 5 makes the server refuse it while PERMANENTFLAGS still say `\*`.
    pub max_keyword_length: Option<u32>,
    /// Every user may hold this many messages in all (quota plugin): a further APPEND gets NO.
    pub message_quota: Option<u32>,
    /// A global ACL file (acl plugin, `<mailbox> <identifier> <rights>` per line): e.g. a Drafts
    /// folder whose owner may not expunge, so UID EXPUNGE gets NO.
    pub global_acl: Option<&'static str>,
}

/// A running Dovecot; stopped (and its directory removed) on Drop or when the test process exits.
pub struct Dovecot {
    /// The instance's directory under /tmp.
    pub dir: PathBuf,
    /// Plain + STARTTLS port on 127.0.0.1.
    pub port: u16,
    /// Implicit TLS port on 127.0.0.1.
    pub tls_port: u16,
    /// PEM of the throwaway CA that signed the server certificate.
    pub ca_file: PathBuf,
    conf: PathBuf,
    mail_uid: u32,
    mail_gid: u32,
    master: server::Master,
    users_lock: Mutex<()>,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// The instance shared by all tests of one binary, with special-use folders.
pub fn shared() -> &'static Dovecot {
    static ONE: OnceLock<Dovecot> = OnceLock::new();
    ONE.get_or_init(|| {
        Dovecot::start(Options {
            special_use: true,
            ..Options::default()
        })
    })
}

/// The instance shared by all tests of one binary, without special-use (name fallback).
pub fn shared_without_special_use() -> &'static Dovecot {
    static ONE: OnceLock<Dovecot> = OnceLock::new();
    ONE.get_or_init(|| Dovecot::start(Options::default()))
}

/// The instance shared by all tests of one binary that refuses the keyword `$Rebound` (as a
/// full keyword table would) while PERMANENTFLAGS promise `\*`.
pub fn shared_refusing_keywords() -> &'static Dovecot {
    static ONE: OnceLock<Dovecot> = OnceLock::new();
    ONE.get_or_init(|| {
        Dovecot::start(Options {
            special_use: true,
            max_keyword_length: Some(5),
            ..Options::default()
        })
    })
}

/// The instance shared by all tests of one binary where each user may hold 3 messages.
pub fn shared_with_quota_of_3() -> &'static Dovecot {
    static ONE: OnceLock<Dovecot> = OnceLock::new();
    ONE.get_or_init(|| {
        Dovecot::start(Options {
            special_use: true,
            message_quota: Some(3),
            ..Options::default()
        })
    })
}

/// `Err(NOT_INSTALLED)` when the server or admin binary is missing: the tests then fail, loudly.
pub fn check_installed(dovecot: &Path, doveadm: &Path) -> Result<(), String> {
    if dovecot.is_file() && doveadm.is_file() {
        Ok(())
    } else {
        Err(NOT_INSTALLED.to_string())
    }
}

impl Dovecot {
    /// Start a fresh instance; panics with the reason (and the log) when it cannot.
    pub fn start(opts: Options) -> Dovecot {
        if let Err(msg) = check_installed(Path::new(DOVECOT), Path::new(DOVEADM)) {
            panic!("{msg}");
        }
        let dir = server::instance_dir("dovecot", COUNTER.fetch_add(1, Ordering::SeqCst));
        for sub in ["run", "state", "log", "tls", "etc", "mail"] {
            fs::create_dir_all(dir.join(sub)).expect("create test dir");
        }
        let (port, tls_port) = server::free_ports();

        let run_uid: u32 = id(&["-u"]).parse().expect("uid");
        let root = run_uid == 0;
        let (mail_uid, mail_gid) = if root {
            // Dovecot refuses uid 0 for mail access; as root the mail belongs to nobody.
            (
                id(&["-u", "nobody"]).parse().expect("nobody uid"),
                id(&["-g", "nobody"]).parse().expect("nobody gid"),
            )
        } else {
            (run_uid, id(&["-g"]).parse().expect("gid"))
        };
        if root {
            fs::set_permissions(&dir, fs::Permissions::from_mode(0o711)).expect("chmod dir");
            run(
                Command::new("chown")
                    .arg(format!("{mail_uid}:{mail_gid}"))
                    .arg(dir.join("mail")),
                "chown mail dir",
            );
        }

        let ca_file = server::make_certs(&dir.join("tls"));
        let users = dir.join("etc/users");
        fs::create_dir_all(&users).expect("create users dir");
        fs::set_permissions(&users, fs::Permissions::from_mode(0o700)).expect("chmod users");

        let privileges = if root {
            format!(
                "first_valid_uid = {mail_uid}\nlast_valid_uid = {mail_uid}\n\
                 service auth {{\n  user = root\n}}\n"
            )
        } else {
            let user = id(&["-un"]);
            let group = id(&["-gn"]);
            // Nobody to switch to: every service runs as ourselves, and chroot needs root.
            format!(
                "default_login_user = {user}\ndefault_internal_user = {user}\n\
                 default_internal_group = {group}\n\
                 first_valid_uid = {mail_uid}\nlast_valid_uid = {mail_uid}\n\
                 first_valid_gid = {mail_gid}\nlast_valid_gid = {mail_gid}\n\
                 service imap-login {{\n  chroot =\n  user = $default_login_user\n}}\n\
                 service auth {{\n  user = $default_internal_user\n}}\n\
                 service auth-worker {{\n  user = $default_internal_user\n}}\n"
            )
        };
        // chroot needs root; as root keep Dovecot's default (chrooted anvil).
        let anvil_chroot = if root { "" } else { "  chroot =\n" };
        let special = if opts.special_use {
            "  mailbox Drafts {\n    special_use = \\Drafts\n    auto = subscribe\n  }\n\
             \x20 mailbox Sent {\n    special_use = \\Sent\n    auto = subscribe\n  }\n\
             \x20 mailbox Junk {\n    special_use = \\Junk\n    auto = subscribe\n  }\n\
             \x20 mailbox Trash {\n    special_use = \\Trash\n    auto = subscribe\n  }\n\
             \x20 mailbox Archive {\n    special_use = \\Archive\n    auto = create\n  }\n"
        } else {
            ""
        };
        let capabilities = opts
            .capabilities
            .map(|c| format!("protocol imap {{\n  imap_capability = {c}\n}}\n"))
            .unwrap_or_default();
        let mut limits = String::new();
        if let Some(n) = opts.max_keyword_length {
            limits.push_str(&format!("mail_max_keyword_length = {n}\n"));
        }
        if let Some(n) = opts.message_quota {
            // The count backend needs virtual sizes; a rule for all users, no per-user fields.
            limits.push_str(&format!(
                "mail_plugins = $mail_plugins quota\n\
                 plugin {{\n  quota = count:User quota\n  quota_vsizes = yes\n\
                 \x20 quota_rule = *:messages={n}\n}}\n"
            ));
        }
        if let Some(acl) = opts.global_acl {
            let file = dir.join("etc/acl");
            fs::write(&file, acl).expect("write the global ACL file");
            limits.push_str(&format!(
                "mail_plugins = $mail_plugins acl\n\
                 plugin {{\n  acl = vfile:{}\n}}\n",
                file.display()
            ));
        }
        let d = dir.display();
        // Failed logins are part of the tests: without the anvil penalty socket the auth
        // process cannot grow its per-IP delay (2 s, 4 s, ...) across tests sharing 127.0.0.1.
        let conf_text = format!(
            "instance_name = rebound-test-{port}\n\
             base_dir = {d}/run\nstate_dir = {d}/state\n\
             log_path = {d}/log/dovecot.log\ninfo_log_path = {d}/log/dovecot.log\n\
             debug_log_path = {d}/log/dovecot.log\n\
             protocols = imap\nlisten = 127.0.0.1\n\
             {privileges}\
             service imap-login {{\n\
             \x20 inet_listener imap {{\n    address = 127.0.0.1\n    port = {port}\n  }}\n\
             \x20 inet_listener imaps {{\n    address = 127.0.0.1\n    port = {tls_port}\n    ssl = yes\n  }}\n\
             }}\n\
             service imap {{\n  process_limit = 64\n}}\n\
             service anvil {{\n{anvil_chroot}  unix_listener anvil-auth-penalty {{\n    mode = 0\n  }}\n}}\n\
             ssl = yes\nssl_cert = <{d}/tls/server.crt\nssl_key = <{d}/tls/server.key\n\
             ssl_min_protocol = TLSv1.2\n\
             disable_plaintext_auth = no\nauth_mechanisms = plain login\n\
             auth_failure_delay = 0\n\
             passdb {{\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%n {d}/etc/users/%n\n}}\n\
             userdb {{\n  driver = passwd-file\n  args = username_format=%n {d}/etc/users/%n\n}}\n\
             mail_location = maildir:~/Maildir\nmail_fsync = never\n\
             mail_max_userip_connections = 100\n\
             namespace inbox {{\n  inbox = yes\n  separator = /\n{special}}}\n\
             {capabilities}{limits}"
        );
        let conf = dir.join("dovecot.conf");
        fs::write(&conf, conf_text).expect("write dovecot.conf");

        let master = spawn_master(&dir, &conf);
        let master = server::Master::new(master, &dir, &dir.join("run/master.pid"));
        let dovecot = Dovecot {
            dir: dir.clone(),
            port,
            tls_port,
            ca_file,
            conf,
            mail_uid,
            mail_gid,
            master,
            users_lock: Mutex::new(()),
        };
        dovecot.wait_ready();
        dovecot
    }

    /// Wait for a real `* OK` greeting on the plain port and an accept on the TLS port.
    fn wait_ready(&self) {
        self.master
            .wait_ready("dovecot", self.port, self.tls_port, || self.logs());
    }

    /// The server's logs, for failure messages.
    pub fn logs(&self) -> String {
        server::tail_logs(&self.dir, &["log/startup.out", "log/dovecot.log"])
    }

    /// Add a passwd-file user with a home of its own. One file per user (`users/%n`): Dovecot
    /// re-checks a changed passwd-file at most once a second, but opens a new path at once.
    pub fn add_user(&self, name: &str, password: &str) -> User {
        assert!(
            !name.contains(':') && !password.contains(':') && !password.contains('\n'),
            "passwd-file cannot hold ':' or newlines"
        );
        let _guard = self.users_lock.lock().expect("lock");
        let home = self.dir.join("mail").join(name);
        fs::create_dir_all(&home).expect("create home");
        if self.mail_uid != id(&["-u"]).parse::<u32>().expect("uid") {
            run(
                Command::new("chown")
                    .arg(format!("{}:{}", self.mail_uid, self.mail_gid))
                    .arg(&home),
                "chown home",
            );
        }
        let line = format!(
            "{name}:{{PLAIN}}{password}:{}:{}::{}::\n",
            self.mail_uid,
            self.mail_gid,
            home.display()
        );
        let path = self.dir.join("etc/users").join(name);
        assert!(!path.exists(), "user {name} was added twice");
        fs::write(&path, line).expect("write user");
        User {
            name: name.to_string(),
            password: password.to_string(),
        }
    }

    fn doveadm(&self) -> Command {
        let mut c = Command::new(DOVEADM);
        c.arg("-c").arg(&self.conf);
        c
    }

    /// Create a mailbox for `user`; `name` is UTF-8 (doveadm encodes it to modified UTF-7).
    pub fn create_mailbox(&self, user: &User, name: &str) {
        run(
            self.doveadm()
                .args(["mailbox", "create", "-u", &user.name, name]),
            "doveadm mailbox create",
        );
    }

    /// Deliver one message into `mailbox` of `user`.
    pub fn save(&self, user: &User, mailbox: &str, message: &[u8]) {
        let mut child = self
            .doveadm()
            .args(["save", "-u", &user.name, "-m", mailbox])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run doveadm save");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(message)
            .expect("write message");
        let out = child.wait_with_output().expect("doveadm save");
        assert!(
            out.status.success(),
            "doveadm save failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Account settings for `user` with the given TLS mode, trusting the throwaway CA.
    pub fn account(&self, user: &User, tls: TlsMode) -> AccountSettings {
        TestServer::account(self, user, tls)
    }

    /// Stop the server and start it again on the same ports with the same mail (clients lose
    /// their connections).
    pub fn restart(&self) {
        self.master.restart(|| spawn_master(&self.dir, &self.conf));
        self.wait_ready();
    }

    /// A plain (loopback) raw IMAP session as `user`, for a test to look at or change mail.
    pub fn raw_session(&self, user: &User) -> imap::Session<TcpStream> {
        TestServer::raw_session(self, user)
    }

    /// Stop the master and wait for it (takes ~2.5 s: it waits for its log process).
    pub fn stop(&self) {
        self.master.stop();
    }
}

impl TestServer for Dovecot {
    fn kind(&self) -> &'static str {
        "Dovecot"
    }
    fn port(&self) -> u16 {
        self.port
    }
    fn tls_port(&self) -> u16 {
        self.tls_port
    }
    fn ca_file(&self) -> &Path {
        &self.ca_file
    }
    fn add_user(&self, name: &str, password: &str) -> User {
        Dovecot::add_user(self, name, password)
    }
    fn create_mailbox(&self, user: &User, name: &str) {
        Dovecot::create_mailbox(self, user, name)
    }
    fn save(&self, user: &User, mailbox: &str, message: &[u8]) {
        Dovecot::save(self, user, mailbox, message)
    }
    fn restart(&self) {
        Dovecot::restart(self)
    }
    fn logs(&self) -> String {
        Dovecot::logs(self)
    }
}

/// Start the master in the foreground (-F), so it is our child and can be waited for.
fn spawn_master(dir: &Path, conf: &Path) -> Child {
    let log = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("log/startup.out"))
        .expect("startup log");
    let log2 = log.try_clone().expect("clone log");
    Command::new(DOVECOT)
        .arg("-F")
        .arg("-c")
        .arg(conf)
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(log2)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {DOVECOT}: {e}"))
}
