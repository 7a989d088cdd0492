//! Shared helpers for the integration tests.
//! `dovecot` runs a private Dovecot IMAP server for the IMAP tests.

#![allow(dead_code)] // each test binary uses a different part of the helpers

pub mod cli;
pub mod dovecot;
pub mod hostile;
pub mod mail;
pub mod sandbox;
