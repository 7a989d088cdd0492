//! Shared helpers for the integration tests.
//! `dovecot` runs a private Dovecot IMAP server for the IMAP tests; `proxy` cuts connections to it.

#![allow(dead_code)] // each test binary uses a different part of the helpers

pub mod cli;
pub mod dovecot;
pub mod hostile;
pub mod mail;
pub mod proxy;
pub mod sandbox;
