//! Authentication: IMAP LOGIN or SASL XOAUTH2, turning refusals into errors that name host and user.
//! The secret is only ever written to the socket; errors carry the server's words, never ours.

use std::cell::Cell;

use super::connect::ImapClient;
use super::error::ImapError;
use super::settings::{AccountSettings, AuthMethod, Secret};

/// An authenticated imap session over the boxed stream.
pub(crate) type ImapSession = imap::Session<imap::Connection>;

/// SASL XOAUTH2: the first answer carries user and token; after a failure the server sends a
/// JSON error as a challenge, which must be answered with an empty line to end the exchange.
struct XOAuth2<'a> {
    user: &'a str,
    token: &'a Secret,
    sent: Cell<bool>,
}

impl imap::Authenticator for XOAuth2<'_> {
    type Response = Vec<u8>;
    fn process(&self, _challenge: &[u8]) -> Vec<u8> {
        if self.sent.replace(true) {
            return Vec::new();
        }
        format!(
            "user={}\x01auth=Bearer {}\x01\x01",
            self.user,
            self.token.expose()
        )
        .into_bytes()
    }
}

/// Log in with the configured method.
pub(crate) fn authenticate(
    client: ImapClient,
    settings: &AccountSettings,
    secret: &Secret,
) -> Result<ImapSession, ImapError> {
    let result = match settings.auth {
        AuthMethod::Login => client.login(&settings.username, secret.expose()),
        AuthMethod::Xoauth2 => {
            let auth = XOAuth2 {
                user: &settings.username,
                token: secret,
                sent: Cell::new(false),
            };
            client.authenticate("XOAUTH2", &auth)
        }
    };
    result.map_err(|(e, _client)| auth_error(e, settings))
}

/// Map an imap error from LOGIN/AUTHENTICATE without ever formatting what we sent.
fn auth_error(e: imap::Error, settings: &AccountSettings) -> ImapError {
    let host = settings.host.clone();
    let port = settings.effective_port();
    let auth = |detail: Option<String>| ImapError::Auth {
        host: host.clone(),
        port,
        user: settings.username.clone(),
        detail,
    };
    match e {
        imap::Error::No(no) => auth(Some(no.information)),
        imap::Error::Bad(bad) => auth(Some(bad.information)),
        // The validation error would only name the offending character, but say it plainly.
        imap::Error::Validate(_) => auth(Some(
            "the username or password contains a line break, so it was not sent".into(),
        )),
        imap::Error::Bye(bye) => ImapError::Protocol {
            host,
            port,
            during: "login".into(),
            reason: format!("the server closed the connection: {}", bye.information),
        },
        other => ImapError::Protocol {
            host,
            port,
            during: "login".into(),
            reason: other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use imap::Authenticator;

    #[test]
    fn xoauth2_answers_once_then_ends_the_exchange() {
        let token = Secret::new("ya29.tok");
        let auth = XOAuth2 {
            user: "alex@example.com",
            token: &token,
            sent: Cell::new(false),
        };
        assert_eq!(
            auth.process(b""),
            b"user=alex@example.com\x01auth=Bearer ya29.tok\x01\x01".to_vec()
        );
        // After a refusal the server sends a JSON error as a challenge: answer empty.
        assert_eq!(auth.process(b"{\"status\":\"401\"}"), Vec::<u8>::new());
    }
}
