//! rebound: find buyer rejections in a mailbox and draft a reply that asks one good question.
//! Data flows one way: source -> message -> classify -> compose -> sink + report.

pub mod classify;
pub mod cli;
pub mod color;
pub mod commands;
pub mod compose;
pub mod config;
pub mod conversation;
pub mod drafting;
pub mod exit_codes;
pub mod learn;
pub mod message;
pub mod pipeline;
pub mod printer;
pub mod report;
pub mod sink;
pub mod source;
