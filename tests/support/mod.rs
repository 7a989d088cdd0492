//! Shared helpers for the integration tests.
//! `dovecot` and `cyrus` run private IMAP servers for the IMAP tests; `proxy` cuts connections.

#![allow(dead_code)] // each test binary uses a different part of the helpers

pub mod cli;
pub mod cyrus;
pub mod dovecot;
pub mod hostile;
pub mod mail;
pub mod proxy;
pub mod sandbox;
pub mod server;

/// For each `fn NAME(&dyn TestServer)` named: the tests `NAME::dovecot` and `NAME::cyrus`, each
/// calling it with that server's instance shared by the test binary.
#[macro_export]
macro_rules! on_each_server {
    ($($test:ident),+ $(,)?) => {$(
        mod $test {
            #[test]
            fn dovecot() {
                super::$test($crate::support::dovecot::shared())
            }
            #[test]
            fn cyrus() {
                super::$test($crate::support::cyrus::shared())
            }
        }
    )+};
}
