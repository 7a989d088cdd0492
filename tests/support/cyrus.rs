//! A private, throwaway Cyrus IMAP 3.x server for integration tests, beside Dovecot: own config
//! and sasldb in a temp dir, free ports on 127.0.0.1, a throwaway CA, Fastmail-like namespace.
//!
//! Debian's cyrus-imapd conflicts with dovecot-imapd, so only `cyrus-common` and `sasl2-bin`
//! are installed (cyrmaster, ctl_cyrusdb, the libraries, saslpasswd2, the `cyrus` user) and
//! `scripts/unpack-cyrus-imapd` takes imapd and idled out of the package into target/tmp.

use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use super::server::{self, id, run, TestServer, User};

/// The master process (from `cyrus-common`).
pub const CYRMASTER: &str = "/usr/sbin/cyrmaster";
/// Database recovery and checkpoints (from `cyrus-common`).
pub const CTL_CYRUSDB: &str = "/usr/lib/cyrus/bin/ctl_cyrusdb";
/// Adds users to a sasldb (from `sasl2-bin`).
pub const SASLPASSWD2: &str = "/usr/sbin/saslpasswd2";
/// Where an installed `cyrus-imapd` puts imapd and idled.
pub const SYSTEM_BIN: &str = "/usr/lib/cyrus/bin";
/// What a missing Cyrus makes every Cyrus test say (they fail, never skip).
pub const NOT_INSTALLED: &str = "Cyrus IMAP is not installed: run `apt-get install -y \
     --no-install-recommends cyrus-common sasl2-bin` (Debian/Ubuntu; not cyrus-imapd, which \
     would remove dovecot-imapd: the tests unpack its imapd with scripts/unpack-cyrus-imapd)";

/// The administrator (`admins:`) who creates the users' mailboxes.
const ADMIN: &str = "rebound-admin";

/// A running Cyrus; stopped (and its directory removed) on Drop or when the test process exits.
pub struct Cyrus {
    /// The instance's directory under /tmp.
    pub dir: PathBuf,
    /// Plain + STARTTLS port on 127.0.0.1.
    pub port: u16,
    /// Implicit TLS port on 127.0.0.1.
    pub tls_port: u16,
    /// PEM of the throwaway CA that signed the server certificate.
    pub ca_file: PathBuf,
    admin_password: String,
    realm: String,
    /// `user:group` that must own the server's files (as root: cyrus:mail), if any.
    owner: Option<String>,
    master: server::Master,
    users_lock: Mutex<()>,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// The instance shared by all tests of one binary.
pub fn shared() -> &'static Cyrus {
    static ONE: OnceLock<Cyrus> = OnceLock::new();
    ONE.get_or_init(Cyrus::start)
}

/// `Err(NOT_INSTALLED)` when one of `binaries` is missing: the tests then fail, loudly.
pub fn check_installed(binaries: &[&Path]) -> Result<(), String> {
    if binaries.iter().all(|b| b.is_file()) {
        Ok(())
    } else {
        Err(NOT_INSTALLED.to_string())
    }
}

/// The directory holding imapd and idled: the installed package's, else the unpacked copy
/// (unpacked now, once, when it is not there yet).
fn imapd_dir() -> PathBuf {
    let system = Path::new(SYSTEM_BIN);
    if system.join("imapd").is_file() {
        return system.to_path_buf();
    }
    let cache = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cyrus-imapd");
    let bin = cache.join("usr/lib/cyrus/bin");
    if !bin.join("imapd").is_file() {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/unpack-cyrus-imapd");
        let out = Command::new(&script)
            .arg(&cache)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
        assert!(
            out.status.success(),
            "{}\n{NOT_INSTALLED}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    bin
}

impl Cyrus {
    /// Start a fresh instance; panics with the reason (and the log) when it cannot.
    pub fn start() -> Cyrus {
        let needed = [CYRMASTER, CTL_CYRUSDB, SASLPASSWD2].map(Path::new);
        if let Err(msg) = check_installed(&needed) {
            panic!("{msg}");
        }
        let dir = server::instance_dir("cyrus", COUNTER.fetch_add(1, Ordering::SeqCst));
        // config/socket must exist before imapd starts, or IDLE silently polls every 60 s.
        for sub in ["config/socket", "spool", "sieve", "run", "tls", "bin"] {
            fs::create_dir_all(dir.join(sub)).expect("create test dir");
        }
        // A copy the server's own user can run, wherever the build directory is.
        let from = imapd_dir();
        for b in ["imapd", "idled"] {
            fs::copy(from.join(b), dir.join("bin").join(b)).expect("copy imapd");
        }
        let (port, tls_port) = server::free_ports();
        let ca_file = server::make_certs(&dir.join("tls"));
        let root = id(&["-u"]) == "0";
        // As root cyrmaster becomes `cyrus` itself; as a user, the user is the Cyrus user.
        let (owner, run_as) = if root {
            (Some("cyrus:mail".to_string()), String::new())
        } else {
            let (user, group) = (id(&["-un"]), id(&["-gn"]));
            (None, format!("cyrus_user: {user}\ncyrus_group: {group}\n"))
        };
        let realm = fs::read_to_string("/proc/sys/kernel/hostname")
            .map(|h| h.trim().to_string())
            .unwrap_or_else(|_| "localhost".into());
        let d = dir.display();
        let conf = dir.join("imapd.conf");
        fs::write(
            &conf,
            format!(
                "configdirectory: {d}/config\ndefaultpartition: default\n\
                 partition-default: {d}/spool\nsievedir: {d}/sieve\n\
                 lmtpsocket: {d}/run/lmtp\nidlesocket: {d}/run/idle\n\
                 notifysocket: {d}/run/notify\nmboxname_lockpath: {d}/run/lock\n\
                 proc_path: {d}/run/proc\nadmins: {ADMIN}\n\
                 altnamespace: yes\nunixhierarchysep: yes\nvirtdomains: off\n\
                 allowplaintext: yes\nsasl_pwcheck_method: auxprop\n\
                 sasl_auxprop_plugin: sasldb\nsasl_sasldb_path: {d}/sasldb2\n\
                 sasl_mech_list: PLAIN LOGIN\nsyslog_prefix: rebound-cyrus-{port}\n\
                 tls_server_cert: {d}/tls/server.crt\ntls_server_key: {d}/tls/server.key\n\
                 {run_as}"
            ),
        )
        .expect("write imapd.conf");
        let bin = dir.join("bin");
        let b = bin.display();
        let c = conf.display();
        fs::write(
            dir.join("cyrus.conf"),
            format!(
                "START {{\n  recover cmd=\"{CTL_CYRUSDB} -C {c} -r\"\n}}\n\
                 SERVICES {{\n\
                 \x20 imap cmd=\"{b}/imapd -C {c}\" listen=\"127.0.0.1:{port}\" prefork=0\n\
                 \x20 imaps cmd=\"{b}/imapd -s -C {c}\" listen=\"127.0.0.1:{tls_port}\" prefork=0\n\
                 }}\n\
                 EVENTS {{\n  checkpoint cmd=\"{CTL_CYRUSDB} -C {c} -c\" period=30\n}}\n\
                 DAEMON {{\n  idled cmd=\"{b}/idled -C {c}\"\n}}\n"
            ),
        )
        .expect("write cyrus.conf");
        let admin_password = format!("admin-{}-{port}", std::process::id());
        sasl_user(&dir, &realm, owner.as_deref(), ADMIN, &admin_password);
        let mut owned: Vec<PathBuf> = ["config", "spool", "sieve", "run"]
            .iter()
            .map(|s| dir.join(s))
            .collect();
        owned.extend(["tls/server.key", "tls/server.crt"].map(|f| dir.join(f)));
        chown(owner.as_deref(), &owned);
        fs::set_permissions(
            dir.join("tls/server.key"),
            fs::Permissions::from_mode(0o600),
        )
        .expect("chmod key");
        let master = spawn_master(&dir);
        let master = server::Master::new(master, &dir, &dir.join("run/master.pid"));
        let cyrus = Cyrus {
            dir,
            port,
            tls_port,
            ca_file,
            admin_password,
            realm,
            owner,
            master,
            users_lock: Mutex::new(()),
        };
        cyrus.wait_ready();
        cyrus
    }

    /// Wait for a real `* OK` greeting on the plain port and an accept on the TLS port.
    fn wait_ready(&self) {
        self.master
            .wait_ready("cyrus", self.port, self.tls_port, || self.logs());
    }

    /// A raw session as the administrator (for CREATE user/..., SETQUOTA).
    fn admin(&self) -> imap::Session<std::net::TcpStream> {
        server::login(self.port, ADMIN, &self.admin_password)
    }

    /// Limit `user` to `n` messages in all (a further APPEND gets NO).
    pub fn set_message_quota(&self, user: &User, n: u32) {
        let mut a = self.admin();
        a.run_command_and_check_ok(format!("SETQUOTA \"user/{}\" (MESSAGE {n})", user.name))
            .expect("SETQUOTA");
        let _ = a.logout();
    }

    /// Fill the keyword table of `mailbox` (Cyrus keeps at most 100 keywords a mailbox, and
    /// counts keywords no message carries any more): 100 stored on its first message and
    /// removed again. The mailbox must hold a message.
    pub fn fill_keyword_table(&self, user: &User, mailbox: &str) {
        let mut s = TestServer::raw_session(self, user);
        s.select(mailbox).expect("select");
        let flags: Vec<String> = (0..100).map(|i| format!("filler{i}")).collect();
        let flags = flags.join(" ");
        s.store("1", format!("+FLAGS.SILENT ({flags})"))
            .expect("store 100 keywords");
        s.store("1", format!("-FLAGS.SILENT ({flags})"))
            .expect("remove them");
        let e = s.store("1", "+FLAGS.SILENT (one-more)").map(|_| ());
        assert!(
            matches!(e, Err(imap::Error::No(_))),
            "the keyword table of {mailbox} is not full: {e:?}"
        );
        let _ = s.logout();
    }

    /// Stop the master and wait for it.
    pub fn stop(&self) {
        self.master.stop();
    }
}

impl TestServer for Cyrus {
    fn kind(&self) -> &'static str {
        "Cyrus"
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
        let _guard = self.users_lock.lock().expect("lock");
        sasl_user(
            &self.dir,
            &self.realm,
            self.owner.as_deref(),
            name,
            password,
        );
        let mut a = self.admin();
        a.create(format!("user/{name}"))
            .unwrap_or_else(|e| panic!("CREATE user/{name}: {e}"));
        let _ = a.logout();
        let mut s = server::login(self.port, name, password);
        for (mailbox, role) in [("Drafts", "\\Drafts"), ("Sent", "\\Sent")] {
            s.run_command_and_check_ok(format!("CREATE {mailbox} (USE ({role}))"))
                .unwrap_or_else(|e| panic!("CREATE {mailbox}: {e}"));
        }
        let _ = s.logout();
        User {
            name: name.to_string(),
            password: password.to_string(),
        }
    }

    fn create_mailbox(&self, user: &User, name: &str) {
        let mut s = TestServer::raw_session(self, user);
        let wire = rebound::source::imap::utf7::encode(name);
        s.create(&wire)
            .unwrap_or_else(|e| panic!("CREATE {wire}: {e}"));
        let _ = s.logout();
    }

    fn save(&self, user: &User, mailbox: &str, message: &[u8]) {
        let mut s = TestServer::raw_session(self, user);
        s.append(mailbox, message)
            .finish()
            .unwrap_or_else(|e| panic!("APPEND to {mailbox}: {e}"));
        let _ = s.logout();
    }

    fn restart(&self) {
        self.master.restart(|| spawn_master(&self.dir));
        self.wait_ready();
    }

    fn logs(&self) -> String {
        server::tail_logs(&self.dir, &["master.out", "master.log"])
    }
}

/// `chown -R` the server's files to its user, when running as root.
fn chown(owner: Option<&str>, paths: &[PathBuf]) {
    if let Some(owner) = owner {
        run(
            Command::new("chown").arg("-R").arg(owner).args(paths),
            "chown",
        );
    }
}

/// Add `name` to the instance's sasldb (in `dir`), readable by the server's user only.
fn sasl_user(dir: &Path, realm: &str, owner: Option<&str>, name: &str, password: &str) {
    let sasldb = dir.join("sasldb2");
    let mut child = Command::new(SASLPASSWD2)
        .args(["-p", "-c", "-f"])
        .arg(&sasldb)
        .args(["-u", realm, name])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {SASLPASSWD2}: {e}"));
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(password.as_bytes())
        .expect("write password");
    let out = child.wait_with_output().expect("saslpasswd2");
    assert!(
        out.status.success(),
        "saslpasswd2 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    chown(owner, std::slice::from_ref(&sasldb));
    fs::set_permissions(&sasldb, fs::Permissions::from_mode(0o640)).expect("chmod sasldb");
}

/// Start cyrmaster in the foreground, so it is our child and can be waited for.
fn spawn_master(dir: &Path) -> Child {
    let log = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("master.out"))
        .expect("master log");
    let log2 = log.try_clone().expect("clone log");
    Command::new(CYRMASTER)
        .arg("-C")
        .arg(dir.join("imapd.conf"))
        .arg("-M")
        .arg(dir.join("cyrus.conf"))
        .arg("-p")
        .arg(dir.join("run/master.pid"))
        .arg("-L")
        .arg(dir.join("master.log"))
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(log2)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {CYRMASTER}: {e}"))
}
