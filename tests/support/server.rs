//! What the IMAP tests ask of a private test server, Dovecot or Cyrus alike, and the pieces both
//! harnesses share: free ports, a throwaway CA, a greeting probe and a reaper that cleans up.

use std::fs;
use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

use rebound::source::imap::{AccountSettings, Secret, TlsMode};

/// One login of a test server.
#[derive(Debug, Clone)]
pub struct User {
    /// Login name.
    pub name: String,
    /// Password.
    pub password: String,
}

/// A running test IMAP server the tests can add users and mail to.
pub trait TestServer: Sync {
    /// "Dovecot" or "Cyrus", for failure messages.
    fn kind(&self) -> &'static str;
    /// Plain + STARTTLS port on 127.0.0.1.
    fn port(&self) -> u16;
    /// Implicit TLS port on 127.0.0.1.
    fn tls_port(&self) -> u16;
    /// PEM of the throwaway CA that signed the server certificate.
    fn ca_file(&self) -> &Path;
    /// Add a user with an INBOX, a `\Drafts` Drafts and a `\Sent` Sent (where the server marks
    /// special-use folders at all).
    fn add_user(&self, name: &str, password: &str) -> User;
    /// Create a mailbox for `user`; `name` is UTF-8 with `/` between levels.
    fn create_mailbox(&self, user: &User, name: &str);
    /// Deliver one message into `mailbox` (wire name) of `user`.
    fn save(&self, user: &User, mailbox: &str, message: &[u8]);
    /// Stop the server and start it again on the same ports with the same mail.
    fn restart(&self);
    /// The server's logs, for failure messages.
    fn logs(&self) -> String;

    /// Account settings for `user` with the given TLS mode, trusting the throwaway CA.
    fn account(&self, user: &User, tls: TlsMode) -> AccountSettings {
        AccountSettings {
            host: "127.0.0.1".into(),
            port: Some(match tls {
                TlsMode::Implicit => self.tls_port(),
                _ => self.port(),
            }),
            tls,
            username: user.name.clone(),
            password: Some(Secret::new(user.password.clone())),
            ca_file: Some(self.ca_file().to_path_buf()),
            timeout_secs: Some(10),
            ..Default::default()
        }
    }

    /// A plain (loopback) raw IMAP session as `user`, for a test to look at or change mail.
    fn raw_session(&self, user: &User) -> imap::Session<TcpStream> {
        login(self.port(), &user.name, &user.password)
    }
}

/// A plain (loopback) raw IMAP session on `port`.
pub fn login(port: u16, name: &str, password: &str) -> imap::Session<TcpStream> {
    let tcp = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    tcp.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut client = imap::Client::new(tcp);
    client.read_greeting().expect("greeting");
    client
        .login(name, password)
        .map_err(|(e, _)| e)
        .unwrap_or_else(|e| panic!("login as {name} on port {port}: {e}"))
}

/// Run `cmd`; panic with its stderr unless it succeeds; its stdout, trimmed.
pub fn run(cmd: &mut Command, what: &str) -> String {
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

/// `id ARGS`: user and group names and numbers.
pub fn id(args: &[&str]) -> String {
    run(Command::new("id").args(args), "id")
}

/// A port on 127.0.0.1 nothing listens on right now.
pub fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    l.local_addr().expect("local_addr").port()
}

/// Two different free ports: (plain, TLS).
pub fn free_ports() -> (u16, u16) {
    let port = free_port();
    let mut tls_port = free_port();
    while tls_port == port {
        tls_port = free_port();
    }
    (port, tls_port)
}

/// A fresh directory `/tmp/rebound-{kind}-...` (under /tmp: as root the servers' own users must
/// be able to traverse every parent).
pub fn instance_dir(kind: &str, n: usize) -> PathBuf {
    PathBuf::from(format!(
        "/tmp/rebound-{kind}-{}-{}-{}",
        std::process::id(),
        n,
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0)
    ))
}

/// The first 4 bytes a fresh connection to `port` receives, if any.
pub fn greeting(port: u16) -> Option<Vec<u8>> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    let mut buf = [0u8; 4];
    s.read_exact(&mut buf).ok()?;
    Some(buf.to_vec())
}

/// True once `port` greets with `* OK` and `tls_port` accepts.
pub fn ready(port: u16, tls_port: u16) -> bool {
    greeting(port).as_deref() == Some(b"* OK".as_slice())
        && TcpStream::connect(("127.0.0.1", tls_port)).is_ok()
}

/// A server's master process, and a reaper that stops it and removes its directory.
///
/// Statics are never dropped: the reaper does its work when this test process exits (its stdin
/// pipe closes), however the process ends. It reads the master's pid from its pid file, so it
/// also stops a restarted master.
pub struct Master {
    child: Mutex<Child>,
    // Held open for the life of the process; the reaper cleans up when it reads EOF.
    reaper_stdin: Mutex<Option<ChildStdin>>,
    reaper: Mutex<Child>,
}

impl Master {
    /// Watch over `child`, which writes its pid to `pid_file`; `dir` goes when it stops.
    pub fn new(child: Child, dir: &Path, pid_file: &Path) -> Master {
        let mut reaper = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "read _ ; pid=$(cat '{p}' 2>/dev/null) ; \
                 if [ -n \"$pid\" ] ; then kill -TERM $pid 2>/dev/null ; \
                 while kill -0 $pid 2>/dev/null ; do sleep 0.1 ; done ; fi ; rm -rf '{d}'",
                p = pid_file.display(),
                d = dir.display()
            ))
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start reaper");
        Master {
            child: Mutex::new(child),
            reaper_stdin: Mutex::new(reaper.stdin.take()),
            reaper: Mutex::new(reaper),
        }
    }

    /// Wait until `port` greets with `* OK` and `tls_port` accepts; panic with `logs` when the
    /// master exits or 10 s pass.
    pub fn wait_ready(&self, kind: &str, port: u16, tls_port: u16, logs: impl Fn() -> String) {
        for _ in 0..200 {
            let exited = self.child().try_wait();
            if let Ok(Some(status)) = exited {
                panic!("{kind} exited ({status}) during start:\n{}", logs());
            }
            if ready(port, tls_port) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "{kind} did not greet on 127.0.0.1:{port} within 10 s:\n{}",
            logs()
        );
    }

    /// SIGTERM to the master if it still runs, then wait for it.
    pub fn stop(&self) {
        let mut child = self.child();
        if let Ok(None) = child.try_wait() {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(child.id().to_string())
                .status();
            let _ = child.wait();
        }
    }

    /// Stop the master, then watch over the one `start` starts.
    pub fn restart(&self, start: impl FnOnce() -> Child) {
        self.stop();
        *self.child() = start();
    }

    // Also after a failed start (a panic while the lock was held): Drop must not panic.
    fn child(&self) -> std::sync::MutexGuard<'_, Child> {
        self.child.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for Master {
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

/// The last 30 lines of each of `files` under `dir`, headed by their names.
pub fn tail_logs(dir: &Path, files: &[&str]) -> String {
    let mut s = String::new();
    for f in files {
        if let Ok(t) = fs::read_to_string(dir.join(f)) {
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

/// A small CA and a leaf for localhost/127.0.0.1 signed by it (rustls refuses a CA certificate
/// used as the server's own, and a certificate without subjectAltName). Writes `ca.crt`,
/// `server.crt` and `server.key` into `tls`; returns the CA's path.
pub fn make_certs(tls: &Path) -> PathBuf {
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
    // EC keys: much faster to make than RSA, and Dovecot, Cyrus and rustls all take them.
    let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"];
    let mut ca = vec!["req", "-x509"];
    ca.extend(ec);
    ca.extend([
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
    ]);
    openssl(&ca, "CA");
    let mut key = vec!["req"];
    key.extend(ec);
    key.extend([
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost",
    ]);
    openssl(&key, "server key");
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
