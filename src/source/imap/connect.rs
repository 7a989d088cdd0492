//! Opens the transport to an IMAP server: TCP with timeouts, then TLS (implicit or STARTTLS).
//! Certificates are checked against the system roots plus an optional extra CA file (rustls).

use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{CertificateError, ClientConfig, ClientConnection, RootCertStore, StreamOwned};

use super::error::ImapError;
use super::settings::{AccountSettings, TlsMode};
use super::stream::{Metered, Shared};

/// An unauthenticated client over a boxed (plain or TLS) stream, greeting already read.
pub(crate) type ImapClient = imap::Client<imap::Connection>;

/// What a connection hands back besides the client: its byte counter and a socket handle.
pub(crate) struct Transport {
    /// Bytes read from the server so far (after TLS decryption).
    pub(crate) bytes_read: Arc<AtomicU64>,
    /// A clone of the TCP socket, to cut it from another thread.
    pub(crate) tcp: Option<TcpStream>,
    /// The stream the client reads, for [`super::wire::Lane`].
    pub(crate) shared: Shared,
}

/// Connect, set up TLS as configured and read the server greeting.
pub(crate) fn connect(settings: &AccountSettings) -> Result<(ImapClient, Transport), ImapError> {
    let host = settings.host.as_str();
    let port = settings.effective_port();
    let timeout = settings.timeout();
    // Build the TLS config first: a broken ca_file is a config error, found before any network use.
    let tls_config = match settings.tls {
        TlsMode::None => None,
        _ => Some(client_config(settings)?),
    };
    let tcp = open_tcp(host, port, timeout)?;
    let bytes_read = Arc::new(AtomicU64::new(0));
    let tcp_handle = tcp.try_clone().ok();
    let (conn, greeted): (imap::Connection, bool) = match (settings.tls, tls_config) {
        (TlsMode::Implicit, Some(cfg)) => (Box::new(handshake(tcp, cfg, host, port)?), false),
        (TlsMode::Starttls, Some(cfg)) => {
            let tcp = starttls(tcp, host, port)?;
            // RFC 3501: no second greeting after STARTTLS.
            (Box::new(handshake(tcp, cfg, host, port)?), true)
        }
        _ => (Box::new(tcp), false),
    };
    let shared = Shared::new(Metered::new(conn, bytes_read.clone(), timeout));
    let mut client = imap::Client::new(Box::new(shared.clone()) as imap::Connection);
    if greeted {
        client.greeting_read = true;
    } else {
        check_greeting(&mut client, host, port)?;
    }
    let transport = Transport {
        bytes_read,
        tcp: tcp_handle,
        shared,
    };
    Ok((client, transport))
}

/// Resolve and connect with a timeout, trying each address in turn.
fn open_tcp(host: &str, port: u16, timeout: Duration) -> Result<TcpStream, ImapError> {
    let err = |reason: String| ImapError::Connect {
        host: host.to_string(),
        port,
        reason,
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let addrs: Vec<_> = (bare, port)
        .to_socket_addrs()
        .map_err(|e| err(format!("cannot resolve the host name: {e}")))?
        .collect();
    if addrs.is_empty() {
        return Err(err("the host name has no address".into()));
    }
    let mut last = String::new();
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, timeout) {
            Ok(tcp) => {
                let set = tcp
                    .set_read_timeout(Some(timeout))
                    .and_then(|_| tcp.set_write_timeout(Some(timeout)));
                set.map_err(|e| err(e.to_string()))?;
                // IMAP is request/response with small commands: don't wait for Nagle.
                let _ = tcp.set_nodelay(true);
                return Ok(tcp);
            }
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {
                last = format!("timed out after {} s", timeout.as_secs());
            }
            Err(e) => last = e.to_string(),
        }
    }
    Err(err(last))
}

/// Read the greeting and send STARTTLS over the bare socket, byte by byte, so nothing the server
/// sends before the handshake can be buffered and later mistaken for protected data.
fn starttls(mut tcp: TcpStream, host: &str, port: u16) -> Result<TcpStream, ImapError> {
    let greeting = read_line(&mut tcp).map_err(|e| greeting_error(host, port, e))?;
    check_greeting_line(&greeting, host, port)?;
    let tls_err = |reason: String| ImapError::Tls {
        host: host.to_string(),
        port,
        reason,
    };
    tcp.write_all(b"s0 STARTTLS\r\n")
        .map_err(|e| tls_err(format!("cannot send STARTTLS: {e}")))?;
    loop {
        let line =
            read_line(&mut tcp).map_err(|e| tls_err(format!("no answer to STARTTLS: {e}")))?;
        if line.starts_with("* ") {
            // untagged data (e.g. CAPABILITY) before the tagged answer is allowed
            continue;
        }
        if line.starts_with("s0 OK") {
            return Ok(tcp);
        }
        let shown: String = line.trim_end().chars().take(120).collect();
        return Err(tls_err(format!("the server refused STARTTLS: {shown:?}")));
    }
}

/// One CRLF-terminated line, at most 8 KiB, read without buffering past its end.
fn read_line(tcp: &mut TcpStream) -> std::io::Result<String> {
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    while line.len() < 8192 {
        if tcp.read(&mut byte)? == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "the server closed the connection",
            ));
        }
        line.push(byte[0]);
        if byte[0] == b'\n' {
            break;
        }
    }
    Ok(String::from_utf8_lossy(&line).into_owned())
}

fn greeting_error(host: &str, port: u16, e: std::io::Error) -> ImapError {
    let reason = if matches!(
        e.kind(),
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
    ) {
        "no greeting before the timeout (is this an IMAP port? for port 993 use tls = \"implicit\")"
            .to_string()
    } else {
        e.to_string()
    };
    ImapError::Greeting {
        host: host.to_string(),
        port,
        reason,
    }
}

fn check_greeting_line(text: &str, host: &str, port: u16) -> Result<(), ImapError> {
    let text = text.trim_end();
    if text.starts_with("* OK") || text.starts_with("* PREAUTH") {
        Ok(())
    } else {
        let shown: String = text.chars().take(120).collect();
        Err(ImapError::Greeting {
            host: host.to_string(),
            port,
            reason: format!("unexpected greeting {shown:?}"),
        })
    }
}

/// Read the greeting and make sure it is `* OK` (or `* PREAUTH`), not `* BYE`.
fn check_greeting<T: std::io::Read + std::io::Write>(
    client: &mut imap::Client<T>,
    host: &str,
    port: u16,
) -> Result<(), ImapError> {
    let line = client.read_greeting().map_err(|e| match e {
        imap::Error::Io(io) => greeting_error(host, port, io),
        other => ImapError::Greeting {
            host: host.to_string(),
            port,
            reason: other.to_string(),
        },
    })?;
    check_greeting_line(&String::from_utf8_lossy(&line), host, port)
}

/// The system's root certificates, loaded once per process.
fn native_roots() -> &'static [CertificateDer<'static>] {
    static ROOTS: OnceLock<Vec<CertificateDer<'static>>> = OnceLock::new();
    ROOTS.get_or_init(|| rustls_native_certs::load_native_certs().unwrap_or_default())
}

/// Root store = system roots + the account's `ca_file`.
fn client_config(settings: &AccountSettings) -> Result<Arc<ClientConfig>, ImapError> {
    let mut roots = RootCertStore::empty();
    // A few odd system certificates must not make every connection fail.
    let _ = roots.add_parsable_certificates(native_roots().iter().cloned());
    if let Some(path) = &settings.ca_file {
        let shown = path.display().to_string();
        let file = File::open(path).map_err(|e| ImapError::CaFile {
            path: shown.clone(),
            reason: e.to_string(),
        })?;
        let mut added = 0usize;
        for cert in rustls_pemfile::certs(&mut BufReader::new(file)) {
            let cert = cert.map_err(|e| ImapError::CaFile {
                path: shown.clone(),
                reason: format!("not a PEM file: {e}"),
            })?;
            roots.add(cert).map_err(|e| ImapError::CaFile {
                path: shown.clone(),
                reason: format!("unusable certificate: {e}"),
            })?;
            added += 1;
        }
        if added == 0 {
            return Err(ImapError::CaFile {
                path: shown,
                reason: "no PEM certificate (-----BEGIN CERTIFICATE-----) in it".into(),
            });
        }
    }
    let config = ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// Run the TLS handshake to completion so certificate problems surface here, with the host named.
fn handshake(
    mut tcp: TcpStream,
    config: Arc<ClientConfig>,
    host: &str,
    port: u16,
) -> Result<StreamOwned<ClientConnection, TcpStream>, ImapError> {
    let tls_err = |reason: String| ImapError::Tls {
        host: host.to_string(),
        port,
        reason,
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let name = ServerName::try_from(bare)
        .map(|n| n.to_owned())
        .map_err(|e| tls_err(format!("{host} is not a valid TLS server name: {e}")))?;
    let mut conn = ClientConnection::new(config, name).map_err(|e| tls_err(e.to_string()))?;
    while conn.is_handshaking() {
        if let Err(e) = conn.complete_io(&mut tcp) {
            let inner = e
                .get_ref()
                .and_then(|i| i.downcast_ref::<rustls::Error>())
                .cloned();
            return Err(match inner {
                Some(rustls::Error::InvalidCertificate(
                    c @ (CertificateError::UnknownIssuer | CertificateError::BadSignature),
                )) => ImapError::CertificateNotTrusted {
                    host: host.to_string(),
                    reason: describe_cert_error(&c),
                },
                Some(rustls::Error::InvalidCertificate(c)) => {
                    tls_err(format!("invalid certificate: {}", describe_cert_error(&c)))
                }
                Some(other) => tls_err(other.to_string()),
                None if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
                {
                    tls_err("timed out".into())
                }
                None if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                    tls_err("the server closed the connection".into())
                }
                None => tls_err(e.to_string()),
            });
        }
    }
    Ok(StreamOwned::new(conn, tcp))
}

/// Words a user can act on, instead of rustls' enum names.
fn describe_cert_error(e: &CertificateError) -> String {
    match e {
        CertificateError::UnknownIssuer => "issued by an unknown certificate authority".into(),
        CertificateError::BadSignature => "bad signature".into(),
        CertificateError::NotValidForName => "not valid for this host name".into(),
        CertificateError::Expired => "expired".into(),
        CertificateError::NotValidYet => "not valid yet".into(),
        CertificateError::Revoked => "revoked".into(),
        other => format!("{other:?}"),
    }
}
