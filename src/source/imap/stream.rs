//! The byte stream under an IMAP session: counts what the server sent and keeps the read timeout.
//! Also hands out a handle that can cut the socket from another thread (Ctrl-C during IDLE).

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use imap::extensions::idle::SetReadTimeout;

/// Wraps the (plain or TLS) connection: counts bytes read, and turns "no timeout" back into
/// the configured one, because the imap crate clears the read timeout after every IDLE.
pub(crate) struct Metered {
    inner: imap::Connection,
    read: Arc<AtomicU64>,
    timeout: Duration,
}

impl Metered {
    /// Wrap `inner`, adding every byte read to `read`.
    pub(crate) fn new(inner: imap::Connection, read: Arc<AtomicU64>, timeout: Duration) -> Self {
        Metered {
            inner,
            read,
            timeout,
        }
    }
}

impl Read for Metered {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl Write for Metered {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl SetReadTimeout for Metered {
    fn set_read_timeout(&mut self, timeout: Option<Duration>) -> imap::Result<()> {
        self.inner
            .set_read_timeout(Some(timeout.unwrap_or(self.timeout)))
    }
}

/// Cuts a session's socket from another thread, so a blocked read (e.g. IDLE) returns at once.
#[derive(Debug)]
pub struct Interrupter {
    tcp: Option<TcpStream>,
}

impl Interrupter {
    /// A handle on `tcp` (a clone of the session's socket), if it could be cloned.
    pub(crate) fn new(tcp: Option<TcpStream>) -> Interrupter {
        Interrupter { tcp }
    }

    /// Shut the socket down in both directions; the session sees the connection as lost.
    pub fn interrupt(&self) {
        if let Some(tcp) = &self.tcp {
            let _ = tcp.shutdown(Shutdown::Both);
        }
    }

    /// Another handle on the same socket.
    pub fn try_clone(&self) -> Interrupter {
        Interrupter {
            tcp: self.tcp.as_ref().and_then(|t| t.try_clone().ok()),
        }
    }
}

/// The session's stream behind a lock, so the imap crate and [`super::wire::Lane`] can both
/// use it: one connection, one command at a time, whoever sends it.
#[derive(Clone)]
pub(crate) struct Shared(Arc<Mutex<Metered>>);

impl Shared {
    /// Share `inner`.
    pub(crate) fn new(inner: Metered) -> Shared {
        Shared(Arc::new(Mutex::new(inner)))
    }

    fn lock(&self) -> std::io::Result<std::sync::MutexGuard<'_, Metered>> {
        // A panic elsewhere while holding the stream leaves it in an unknown protocol state.
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("the connection was abandoned mid-command"))
    }
}

impl Read for Shared {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.lock()?.read(buf)
    }
}

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.lock()?.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.lock()?.flush()
    }
}

impl SetReadTimeout for Shared {
    fn set_read_timeout(&mut self, timeout: Option<Duration>) -> imap::Result<()> {
        self.lock()?.set_read_timeout(timeout)
    }
}
