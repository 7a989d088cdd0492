//! A private, throwaway Dovecot IMAP server for integration tests: own config, temp dir, free
//! ports on 127.0.0.1, passwd-file users and a throwaway CA; works as root (CI) and as a user.

use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use rebound::source::imap::{AccountSettings, Secret, TlsMode};

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
}

/// One passwd-file user of an instance.
#[derive(Debug, Clone)]
pub struct User {
    /// Login name.
    pub name: String,
    /// Password.
    pub password: String,
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
    master: Mutex<Child>,
    // Held open for the life of the process; the reaper cleans up when it reads EOF.
    reaper_stdin: Mutex<Option<ChildStdin>>,
    reaper: Mutex<Child>,
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

/// `Err(NOT_INSTALLED)` when the server or admin binary is missing: the tests then fail, loudly.
pub fn check_installed(dovecot: &Path, doveadm: &Path) -> Result<(), String> {
    if dovecot.is_file() && doveadm.is_file() {
        Ok(())
    } else {
        Err(NOT_INSTALLED.to_string())
    }
}

fn run(cmd: &mut Command, what: &str) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn id(args: &[&str]) -> String {
    run(Command::new("id").args(args), "id")
}

fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    l.local_addr().expect("local_addr").port()
}

impl Dovecot {
    /// Start a fresh instance; panics with the reason (and the log) when it cannot.
    pub fn start(opts: Options) -> Dovecot {
        if let Err(msg) = check_installed(Path::new(DOVECOT), Path::new(DOVEADM)) {
            panic!("{msg}");
        }
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        // Under /tmp: as root the mail uid (nobody) must be able to traverse every parent.
        let dir = PathBuf::from(format!(
            "/tmp/rebound-dovecot-{}-{}-{}",
            std::process::id(),
            n,
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or(0)
        ));
        for sub in ["run", "state", "log", "tls", "etc", "mail"] {
            fs::create_dir_all(dir.join(sub)).expect("create test dir");
        }
        let port = free_port();
        let mut tls_port = free_port();
        while tls_port == port {
            tls_port = free_port();
        }

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

        let ca_file = make_certs(&dir.join("tls"));
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
             {capabilities}"
        );
        let conf = dir.join("dovecot.conf");
        fs::write(&conf, conf_text).expect("write dovecot.conf");

        let master = spawn_master(&dir, &conf);
        // Statics are never dropped: a reaper stops the server and removes the directory when
        // this test process exits (its stdin pipe closes), however the process ends. It reads
        // the master's pid from its pid file, so it also stops a restarted master.
        let mut reaper = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "read _ ; pid=$(cat '{d}/run/master.pid' 2>/dev/null) ; \
                 if [ -n \"$pid\" ] ; then kill -TERM $pid 2>/dev/null ; \
                 while kill -0 $pid 2>/dev/null ; do sleep 0.1 ; done ; fi ; rm -rf '{d}'"
            ))
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start reaper");
        let dovecot = Dovecot {
            dir: dir.clone(),
            port,
            tls_port,
            ca_file,
            conf,
            mail_uid,
            mail_gid,
            master: Mutex::new(master),
            reaper_stdin: Mutex::new(reaper.stdin.take()),
            reaper: Mutex::new(reaper),
            users_lock: Mutex::new(()),
        };
        dovecot.wait_ready();
        dovecot
    }

    /// Wait for a real `* OK` greeting on the plain port (imap-login really runs) and an
    /// accept on the TLS port.
    fn wait_ready(&self) {
        for _ in 0..200 {
            if let Ok(Some(status)) = self.master.lock().expect("lock").try_wait() {
                panic!("dovecot exited ({status}) during start:\n{}", self.logs());
            }
            if greeting(self.port).as_deref() == Some(b"* OK".as_slice())
                && TcpStream::connect(("127.0.0.1", self.tls_port)).is_ok()
            {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "dovecot did not greet on 127.0.0.1:{} within 10 s:\n{}",
            self.port,
            self.logs()
        );
    }

    /// The server's logs, for failure messages.
    pub fn logs(&self) -> String {
        let mut s = String::new();
        for f in ["log/startup.out", "log/dovecot.log"] {
            if let Ok(t) = fs::read_to_string(self.dir.join(f)) {
                let tail: Vec<&str> = t.lines().rev().take(30).collect();
                s.push_str(&format!("--- {f}\n"));
                for l in tail.into_iter().rev() {
                    s.push_str(l);
                    s.push('\n');
                }
            }
        }
        s
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
        AccountSettings {
            host: "127.0.0.1".into(),
            port: Some(match tls {
                TlsMode::Implicit => self.tls_port,
                _ => self.port,
            }),
            tls,
            username: user.name.clone(),
            password: Some(Secret::new(user.password.clone())),
            ca_file: Some(self.ca_file.clone()),
            timeout_secs: Some(10),
            ..Default::default()
        }
    }

    /// Stop the server and start it again on the same ports with the same mail (clients lose
    /// their connections).
    pub fn restart(&self) {
        self.stop();
        *self.master.lock().expect("lock") = spawn_master(&self.dir, &self.conf);
        self.wait_ready();
    }

    /// A plain (loopback) raw IMAP session as `user`, for a test to look at or change mail.
    pub fn raw_session(&self, user: &User) -> imap::Session<TcpStream> {
        let tcp = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        tcp.set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let mut client = imap::Client::new(tcp);
        client.read_greeting().expect("greeting");
        client
            .login(&user.name, &user.password)
            .map_err(|(e, _)| e)
            .expect("login")
    }

    /// Stop the master and wait for it (takes ~2.5 s: it waits for its log process).
    pub fn stop(&self) {
        let mut master = self.master.lock().expect("lock");
        if let Ok(None) = master.try_wait() {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(master.id().to_string())
                .status();
            let _ = master.wait();
        }
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        self.stop();
        // Closing the pipe lets the reaper remove the directory.
        if let Ok(mut stdin) = self.reaper_stdin.lock() {
            stdin.take();
        }
        if let Ok(mut reaper) = self.reaper.lock() {
            let _ = reaper.wait();
        }
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

/// The first 4 bytes a fresh connection to `port` receives, if any.
fn greeting(port: u16) -> Option<Vec<u8>> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    let mut buf = [0u8; 4];
    s.read_exact(&mut buf).ok()?;
    Some(buf.to_vec())
}

/// A small CA and a leaf for localhost/127.0.0.1 signed by it (rustls refuses a CA certificate
/// used as the server's own, and a certificate without subjectAltName). Returns the CA's path.
fn make_certs(tls: &Path) -> PathBuf {
    let openssl = |args: &[&str], what: &str| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(tls)
            .output()
            .unwrap_or_else(|e| {
                panic!("cannot run openssl ({e}): run `apt-get install -y openssl`")
            });
        assert!(
            out.status.success(),
            "openssl {what} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    // EC keys: much faster to make than RSA, and both Dovecot and rustls take them.
    openssl(
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "3650",
            "-keyout",
            "ca.key",
            "-out",
            "ca.crt",
            "-subj",
            "/CN=rebound test CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
        "CA",
    );
    openssl(
        &[
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=localhost",
        ],
        "server key",
    );
    fs::write(
        tls.join("server.ext"),
        "basicConstraints=critical,CA:FALSE\n\
         keyUsage=critical,digitalSignature,keyEncipherment\n\
         extendedKeyUsage=serverAuth\n\
         subjectAltName=DNS:localhost,IP:127.0.0.1\n",
    )
    .expect("write server.ext");
    openssl(
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "3650",
            "-out",
            "server.crt",
            "-extfile",
            "server.ext",
        ],
        "sign server cert",
    );
    tls.join("ca.crt")
}
