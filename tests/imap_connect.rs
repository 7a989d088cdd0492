//! Connecting, TLS, login and Drafts detection against a real private Dovecot and Cyrus.
//! Each test uses its own user so the shared server instances never mix their state.

mod support;

use rebound::source::imap::{
    AccountSettings, AuthMethod, DraftsReason, ImapError, Secret, Session, TlsMode,
};
use std::path::Path;

use support::dovecot::{self, Dovecot};
use support::server::{TestServer, User};

on_each_server!(
    plaintext_on_loopback_logs_in_and_lists_inbox,
    starttls_with_ca_file_verifies_the_host_name,
    implicit_tls_with_ca_file,
    untrusted_certificate_is_refused_for_both_tls_modes,
    wrong_password_names_host_and_user_but_never_the_password,
    capabilities_include_idle_uidplus_special_use_and_keywords_are_allowed,
    drafts_found_by_special_use,
    drafts_config_override_wins_and_must_exist,
    password_command_runs_without_a_shell,
);

fn user(d: &dyn TestServer, name: &str) -> User {
    d.add_user(name, &format!("pw-{name}-7Qx"))
}

fn open(settings: &AccountSettings) -> Session {
    Session::open(settings).unwrap_or_else(|e| panic!("{e}"))
}

fn plaintext_on_loopback_logs_in_and_lists_inbox(d: &dyn TestServer) {
    let u = user(d, "plain");
    let mut s = open(&d.account(&u, TlsMode::None));
    let list = s.list_mailboxes().unwrap();
    assert!(list.iter().any(|m| m.wire_name == "INBOX"), "{list:?}");
    assert_eq!(s.resolve_mailbox("inbox").unwrap().wire_name, "INBOX");
    s.logout();
}

fn starttls_with_ca_file_verifies_the_host_name(d: &dyn TestServer) {
    let u = user(d, "starttls");
    let mut a = d.account(&u, TlsMode::Starttls);
    // "localhost" is checked against the DNS SAN (127.0.0.1 in the other tests: the IP SAN).
    a.host = "localhost".into();
    let mut s = open(&a);
    assert!(s.capabilities().unwrap().idle());
}

fn implicit_tls_with_ca_file(d: &dyn TestServer) {
    let u = user(d, "implicit");
    let mut s = open(&d.account(&u, TlsMode::Implicit));
    assert!(!s.list_mailboxes().unwrap().is_empty());
}

fn untrusted_certificate_is_refused_for_both_tls_modes(d: &dyn TestServer) {
    let u = user(d, "untrusted");
    for tls in [TlsMode::Implicit, TlsMode::Starttls] {
        let mut a = d.account(&u, tls);
        a.ca_file = None;
        let e = Session::open(&a).unwrap_err();
        assert!(
            matches!(e, ImapError::CertificateNotTrusted { .. }),
            "{tls:?}: {e:?}"
        );
        let msg = e.to_string();
        assert!(
            msg.starts_with("certificate of 127.0.0.1 not trusted"),
            "{msg}"
        );
        assert!(msg.contains("ca_file"), "{msg}");
        assert!(e.is_connection_error());
        assert_eq!(e.exit_code().code(), 3);
    }
}

fn wrong_password_names_host_and_user_but_never_the_password(d: &dyn TestServer) {
    let u = user(d, "wrongpw");
    for tls in [TlsMode::None, TlsMode::Implicit] {
        let mut a = d.account(&u, tls);
        a.password = Some(Secret::new("Not-The-Pa55word"));
        let e = Session::open(&a).unwrap_err();
        let shown = e.to_string();
        let debug = format!("{e:?}");
        let port = a.port.unwrap();
        assert!(
            shown.starts_with(&format!(
                "cannot log in to 127.0.0.1:{port} as wrongpw: authentication failed"
            )),
            "{shown}"
        );
        for text in [&shown, &debug] {
            assert!(!text.contains("Not-The-Pa55word"), "{text}");
            assert!(!text.contains(&u.password), "{text}");
        }
        assert!(e.is_connection_error());
    }
}

#[test]
fn xoauth2_refusal_does_not_show_the_token() {
    let d = dovecot::shared();
    let u = user(d, "oauth");
    let mut a = d.account(&u, TlsMode::Implicit);
    a.password = None;
    a.auth = AuthMethod::Xoauth2;
    a.oauth2_token_command = Some("printf ya29.Token-Value".into());
    // This Dovecot offers no XOAUTH2, so the server refuses: the error must stay clean.
    let e = Session::open(&a).unwrap_err();
    let all = format!("{e} {e:?}");
    assert!(matches!(e, ImapError::Auth { .. }), "{e:?}");
    assert!(!all.contains("ya29"), "{all}");
}

#[test]
fn connection_refused_is_a_connection_error() {
    let d = dovecot::shared();
    let u = user(d, "refused");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut a = d.account(&u, TlsMode::None);
    a.port = Some(port);
    let e = Session::open(&a).unwrap_err();
    assert!(
        e.to_string()
            .starts_with(&format!("cannot connect to 127.0.0.1:{port}: ")),
        "{e}"
    );
    assert!(e.is_connection_error());
}

#[test]
fn tls_none_to_a_remote_host_is_refused_before_connecting() {
    let a = AccountSettings {
        host: "imap.example.com".into(),
        tls: TlsMode::None,
        username: "alex".into(),
        password: Some(Secret::new("pw")),
        ..Default::default()
    };
    let e = Session::open(&a).unwrap_err();
    assert!(matches!(e, ImapError::Settings(_)), "{e:?}");
    assert!(e.to_string().contains("allow_insecure"), "{e}");
    assert!(!e.is_connection_error());
    assert_eq!(e.exit_code().code(), 2);
}

fn capabilities_include_idle_uidplus_special_use_and_keywords_are_allowed(d: &dyn TestServer) {
    let u = user(d, "caps");
    let mut s = open(&d.account(&u, TlsMode::Implicit));
    let caps = s.capabilities().unwrap();
    assert!(
        caps.idle() && caps.uidplus() && caps.special_use(),
        "{caps:?}"
    );
    assert!(caps.has("move"), "{caps:?}");
    let k = s.keyword_support("INBOX").unwrap();
    assert!(k.promised && !k.defined, "{k:?}");
    let e = s.keyword_support("No Such Box").unwrap_err();
    assert_eq!(e.to_string(), "mailbox not found: No Such Box on 127.0.0.1");
    assert!(!e.is_connection_error());
}

fn drafts_found_by_special_use(d: &dyn TestServer) {
    let u = user(d, "special");
    let mut s = open(&d.account(&u, TlsMode::Implicit));
    let f = s.find_drafts(None).unwrap();
    assert_eq!(f.wire_name, "Drafts");
    assert_eq!(f.why, DraftsReason::SpecialUse);
}

fn drafts_config_override_wins_and_must_exist(d: &dyn TestServer) {
    let u = user(d, "override");
    d.create_mailbox(&u, "Work/Entwürfe");
    let mut s = open(&d.account(&u, TlsMode::Implicit));
    let f = s.find_drafts(Some("Work/Entwürfe")).unwrap();
    assert_eq!(f.wire_name, "Work/Entw&APw-rfe");
    assert_eq!(f.display_name, "Work/Entwürfe");
    assert_eq!(f.why, DraftsReason::Config);
    let e = s.find_drafts(Some("Entwürfe")).unwrap_err();
    assert_eq!(e.to_string(), "mailbox not found: Entwürfe on 127.0.0.1");
}

#[test]
fn drafts_found_by_name_without_special_use() {
    let d = dovecot::shared_without_special_use();
    let u = user(d, "byname");
    d.create_mailbox(&u, "Brouillons");
    d.create_mailbox(&u, "Drafts");
    let mut s = open(&d.account(&u, TlsMode::Implicit));
    assert!(s
        .list_mailboxes()
        .unwrap()
        .iter()
        .all(|m| m.special_use.is_none()));
    let f = s.find_drafts(None).unwrap();
    assert_eq!(
        (f.wire_name.as_str(), f.why),
        ("Drafts", DraftsReason::Name)
    );
}

#[test]
fn utf7_folder_entwuerfe_is_found_and_usable() {
    let d = dovecot::shared_without_special_use();
    let u = user(d, "umlaut");
    d.create_mailbox(&u, "Entwürfe");
    let mut s = open(&d.account(&u, TlsMode::Implicit));
    let f = s.find_drafts(None).unwrap();
    assert_eq!(f.wire_name, "Entw&APw-rfe");
    assert_eq!(f.display_name, "Entwürfe");
    assert_eq!(f.why, DraftsReason::Name);
    // The wire name goes back to the server unchanged and names the same folder.
    assert!(s.keyword_support(&f.wire_name).unwrap().promised);
    assert_eq!(
        s.resolve_mailbox("Entwürfe").unwrap().wire_name,
        "Entw&APw-rfe"
    );
}

#[test]
fn no_drafts_folder_is_a_clear_config_error() {
    let d = dovecot::shared_without_special_use();
    let u = user(d, "nodrafts");
    d.create_mailbox(&u, "Projects");
    let mut s = open(&d.account(&u, TlsMode::Implicit));
    let e = s.find_drafts(None).unwrap_err();
    assert!(matches!(e, ImapError::NoDrafts { .. }), "{e:?}");
    assert!(e.to_string().starts_with("no Drafts folder found ("), "{e}");
    assert!(e.to_string().contains("drafts_mailbox"), "{e}");
    assert!(!e.is_connection_error());
}

fn password_command_runs_without_a_shell(d: &dyn TestServer) {
    // A password with spaces, a quote and shell metacharacters, given as one quoted argument.
    let u = d.add_user("pwcmd", "open sesame 'x' $HOME;|");
    let mut a = d.account(&u, TlsMode::Implicit);
    a.password = None;
    a.password_command =
        Some(r#"printf "%s\n" "open sesame 'x' \$HOME;|" ignored-2nd-line"#.into());
    let mut s = open(&a);
    assert!(s.capabilities().unwrap().uidplus());

    // `printf secret` style: the first stdout line is the password.
    let u2 = d.add_user("pwcmd2", "s3cr3t-w0rd");
    let mut a2 = d.account(&u2, TlsMode::None);
    a2.password = None;
    a2.password_command = Some("printf s3cr3t-w0rd".into());
    open(&a2).logout();

    // A failing command is reported with its program name, not its arguments.
    a2.password_command = Some("sh -c 'exit 7' s3cr3t-w0rd".into());
    let e = Session::open(&a2).unwrap_err();
    assert!(e.to_string().contains("password_command: `sh`"), "{e}");
    assert!(!format!("{e} {e:?}").contains("s3cr3t"), "{e:?}");
}

#[test]
fn a_missing_dovecot_fails_with_the_install_command() {
    let here = std::path::Path::new(dovecot::DOVEADM);
    let missing = std::path::Path::new("/nonexistent/sbin/dovecot");
    let e = dovecot::check_installed(missing, here).unwrap_err();
    assert_eq!(
        e,
        "Dovecot is not installed: run `apt-get install -y dovecot-imapd` (Debian/Ubuntu)"
    );
    assert!(dovecot::check_installed(std::path::Path::new(dovecot::DOVECOT), here).is_ok());
}

#[test]
fn a_missing_cyrus_fails_with_the_install_command() {
    use support::cyrus;
    let present = [cyrus::CYRMASTER, cyrus::CTL_CYRUSDB, cyrus::SASLPASSWD2].map(Path::new);
    assert!(cyrus::check_installed(&present).is_ok());
    let missing = [Path::new("/nonexistent/sbin/cyrmaster"), present[1]];
    let e = cyrus::check_installed(&missing).unwrap_err();
    assert!(
        e.starts_with("Cyrus IMAP is not installed: run `apt-get install -y --no-install-recommends cyrus-common sasl2-bin`"),
        "{e}"
    );
}

#[test]
fn a_private_instance_stops_and_cleans_up_on_drop() {
    let d = Dovecot::start(dovecot::Options::default());
    let (dir, port) = (d.dir.clone(), d.port);
    let u = user(&d, "dropper");
    open(&d.account(&u, TlsMode::None)).logout();
    drop(d);
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err());
    assert!(!dir.exists(), "{} left behind", dir.display());
}

#[test]
fn a_bad_ca_file_is_a_config_error_naming_the_file() {
    let d = dovecot::shared();
    let u = user(d, "badca");
    let mut a = d.account(&u, TlsMode::Implicit);
    a.ca_file = Some("/nonexistent/extra-ca.pem".into());
    let e = Session::open(&a).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("ca_file /nonexistent/extra-ca.pem: "),
        "{e}"
    );
    assert_eq!(e.exit_code().code(), 2);
    a.ca_file = Some(d.dir.join("dovecot.conf"));
    let e = Session::open(&a).unwrap_err();
    assert!(e.to_string().contains("no PEM certificate"), "{e}");
}
