//! TOML config: identity, templates dir, rules (and IMAP accounts later).
//! Found via `--config`, else `$REBOUND_CONFIG`, else the XDG config dir; optional for batch.
