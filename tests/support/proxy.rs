//! A fault-injecting TCP proxy for the IMAP tests: listens on 127.0.0.1, forwards to a server
//! port, and cuts each connection once N bytes went through in one chosen direction.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

/// Which way the bytes that are counted flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From the client (rebound) to the server.
    ToServer,
    /// From the server to the client.
    ToClient,
}

/// Where to cut: after `after` bytes in `direction`, on every connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cut {
    /// The direction counted.
    pub direction: Direction,
    /// Bytes forwarded before both sockets are shut down.
    pub after: u64,
}

/// A running proxy; stops accepting when dropped (open connections run to their end).
pub struct Proxy {
    /// The port it listens on (127.0.0.1).
    pub port: u16,
    stop: Arc<AtomicBool>,
    to_server: Arc<AtomicU64>,
    to_client: Arc<AtomicU64>,
    accept: Option<JoinHandle<()>>,
}

impl Proxy {
    /// Forward 127.0.0.1:`port` (a new free port) to 127.0.0.1:`target`, cutting as `cut` says.
    pub fn start(target: u16, cut: Option<Cut>) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
        let port = listener.local_addr().expect("proxy addr").port();
        let stop = Arc::new(AtomicBool::new(false));
        let to_server = Arc::new(AtomicU64::new(0));
        let to_client = Arc::new(AtomicU64::new(0));
        let (s, ts, tc) = (stop.clone(), to_server.clone(), to_client.clone());
        let accept = std::thread::spawn(move || {
            for client in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(client) = client else { continue };
                let Ok(server) = TcpStream::connect(("127.0.0.1", target)) else {
                    let _ = client.shutdown(Shutdown::Both);
                    continue;
                };
                let limit = |d: Direction| cut.filter(|c| c.direction == d).map(|c| c.after);
                spawn_pump(&client, &server, limit(Direction::ToServer), ts.clone());
                spawn_pump(&server, &client, limit(Direction::ToClient), tc.clone());
            }
        });
        Proxy {
            port,
            stop,
            to_server,
            to_client,
            accept: Some(accept),
        }
    }

    /// Bytes forwarded so far over all connections: (to the server, to the client).
    pub fn forwarded(&self) -> (u64, u64) {
        (
            self.to_server.load(Ordering::SeqCst),
            self.to_client.load(Ordering::SeqCst),
        )
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.accept.take() {
            let _ = t.join();
        }
    }
}

/// Copy `from` to `to` until EOF, an error or `limit` bytes; then shut both sockets down, so
/// the other direction ends too.
fn spawn_pump(from: &TcpStream, to: &TcpStream, limit: Option<u64>, count: Arc<AtomicU64>) {
    let (Ok(mut from), Ok(mut to)) = (from.try_clone(), to.try_clone()) else {
        return;
    };
    std::thread::spawn(move || {
        let mut buf = [0u8; 16 * 1024];
        let mut sent = 0u64;
        loop {
            let n = match from.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let allowed = limit.map_or(n, |l| n.min(usize::try_from(l - sent).unwrap_or(n)));
            if to.write_all(&buf[..allowed]).is_err() {
                break;
            }
            sent += allowed as u64;
            count.fetch_add(allowed as u64, Ordering::SeqCst);
            if limit.is_some_and(|l| sent >= l) {
                break;
            }
        }
        let _ = from.shutdown(Shutdown::Both);
        let _ = to.shutdown(Shutdown::Both);
    });
}
