//! Templates from a user directory cannot read files, run commands or reach the network: the real
//! binary drafts with a template dir whose templates try, and each attempt fails with a clear error.

mod support;

use support::sandbox::Sandbox;

/// A rejection the classifier gives reason `price`; every English template gets the attempt, so
/// whichever one is chosen tries it.
const MESSAGE: &str = "From: Jane Doe <jane@buyer.example>\r\nTo: alex@seller.example\r\n\
    Subject: Re: Quote\r\nMessage-ID: <q1@buyer.example>\r\n\
    Date: Tue, 3 Mar 2026 16:05:00 +0100\r\n\r\nHi Alex,\r\n\r\nthanks for the quote, but it is \
    too expensive for us, so we will not go ahead.\r\n\r\nJane\r\n";

const TEMPLATES: [&str; 10] = [
    "reply",
    "price",
    "timing",
    "competitor",
    "no_need",
    "no_decision",
    "unspecified",
    "referral",
    "permission",
    "followup",
];

/// Runs `batch` with `attempt` as every English template; returns (exit code, stderr, drafts).
fn draft_with(sb: &Sandbox, attempt: &str) -> (Option<i32>, String, usize) {
    for name in TEMPLATES {
        sb.write(&format!("tpl/en/{name}.hbs"), format!("Hi,\n{attempt}\n"));
    }
    let out = sb
        .cmd()
        .args(["batch", "in", "--out", "drafts", "--templates", "tpl"])
        .args(["--from", "Alex Seller <alex@seller.example>"])
        .output()
        .unwrap();
    let drafts = std::fs::read_dir(sb.path("drafts"))
        .map(|d| d.count())
        .unwrap_or(0);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let secret = "SECRET-6b1f";
    assert!(
        !stderr.contains(secret) && !stdout.contains(secret),
        "{attempt}: the file's content leaked:\n{stdout}\n{stderr}"
    );
    (out.status.code(), stderr, drafts)
}

#[test]
fn templates_cannot_read_files_run_commands_or_reach_the_network() {
    let sb = Sandbox::new();
    sb.write("in/m1.eml", MESSAGE);
    let secret = sb.write("secret.txt", "SECRET-6b1f\n");
    let secret = secret.display().to_string();
    // The control: a plain user template drafts, so the failures below are the attempts'.
    let (code, stderr, drafts) = draft_with(&sb, "{{buyer.first_name}}, one question?");
    assert_eq!((code, drafts), (Some(0), 1), "{stderr}");
    std::fs::remove_dir_all(sb.path("drafts")).unwrap();

    // A partial block names the same missing partial, so its own fallback text is used instead.
    let (code, stderr, drafts) = draft_with(
        &sb,
        &format!("{{{{#> {secret}}}}}fallback{{{{/{secret}}}}}"),
    );
    assert_eq!((code, drafts), (Some(0), 1), "{stderr}");
    let draft = std::fs::read_dir(sb.path("drafts"))
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect::<String>();
    assert!(
        draft.contains("fallback") && !draft.contains("SECRET-6b1f"),
        "{draft}"
    );
    std::fs::remove_dir_all(sb.path("drafts")).unwrap();

    let attempts: Vec<(String, String)> = vec![
        // Partials come only from `_name.hbs` files of the template dir and the built-ins.
        (
            format!("{{{{> {secret}}}}}"),
            format!("missing partial `{secret}`"),
        ),
        (
            "{{> ../../../../../etc/passwd}}".into(),
            "missing partial `../../../../../etc/passwd`".into(),
        ),
        (
            "{{> http://127.0.0.1:9/x}}".into(),
            "invalid Handlebars syntax".into(),
        ),
        (
            "{{> 127.0.0.1/x}}".into(),
            "missing partial `127.0.0.1/x`".into(),
        ),
        // No helper reads files, runs commands, reads the environment or fetches URLs.
        (
            format!("{{{{#include \"{secret}\"}}}}{{{{/include}}}}"),
            "unknown helper `include`".into(),
        ),
        (
            format!("{{{{include \"{secret}\"}}}}"),
            "unknown helper `include`".into(),
        ),
        (
            format!("{{{{read_file \"{secret}\"}}}}"),
            "unknown helper `read_file`".into(),
        ),
        ("{{exec \"id\"}}".into(), "unknown helper `exec`".into()),
        (
            "{{#with (shell \"id\")}}{{this}}{{/with}}".into(),
            "unknown helper `shell`".into(),
        ),
        ("{{env \"HOME\"}}".into(), "unknown helper `env`".into()),
        (
            "{{http \"http://127.0.0.1:9/\"}}".into(),
            "unknown helper `http`".into(),
        ),
        // `lookup` only looks inside the template context.
        (
            format!("{{{{lookup this \"{secret}\"}}}}"),
            "a helper got a variable that does not exist".into(),
        ),
        (
            "{{lookup buyer \"../../../etc/passwd\"}}".into(),
            "a helper got a variable that does not exist".into(),
        ),
        (
            "{{> (lookup this \"secret\")}}".into(),
            "a helper got a variable that does not exist".into(),
        ),
        (
            "{{../../etc/passwd}}".into(),
            "unknown variable `../../etc/passwd`".into(),
        ),
        (
            "{{@root.env.HOME}}".into(),
            "unknown variable `@root.env.HOME`".into(),
        ),
    ];
    // `templates check` renders every file: each attempt in a file of its own, one run.
    let slots = ["en", "de", "fr", "es", "nl", "pt"]
        .iter()
        .flat_map(|lang| {
            TEMPLATES
                .iter()
                .map(move |stem| format!("{lang}/{stem}.hbs"))
        });
    let placed: Vec<(String, String, String)> = slots
        .zip(&attempts)
        .map(|(slot, (attempt, error))| (slot, attempt.clone(), error.clone()))
        .collect();
    assert_eq!(placed.len(), attempts.len(), "more attempts than slots");
    for (slot, attempt, _) in &placed {
        sb.write(&format!("checked/{slot}"), format!("Hi,\n{attempt}\n"));
    }
    let out = sb
        .cmd()
        .args(["templates", "check", "--templates", "checked"])
        .output()
        .unwrap();
    let report =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(!report.contains("SECRET-6b1f"), "{report}");
    for (slot, attempt, error) in &placed {
        let line = report
            .lines()
            .find(|l| l.starts_with(&format!("checked/{slot}:")))
            .unwrap_or_else(|| panic!("{attempt}: no error for {slot}:\n{report}"));
        assert!(
            line.contains(error.as_str()),
            "{attempt}: wanted {error:?}, got {line}"
        );
    }

    // And the drafting path refuses them too: no draft, exit 2, the file and the reason named.
    for (attempt, error) in attempts.iter().step_by(6) {
        let (code, stderr, drafts) = draft_with(&sb, attempt);
        assert_eq!(code, Some(2), "{attempt}: {stderr}");
        assert_eq!(drafts, 0, "{attempt}: a draft was written");
        assert!(
            stderr.contains("tpl/en/") && stderr.contains(error.as_str()),
            "{attempt}: wanted an error naming the template and {error:?}, got:\n{stderr}"
        );
    }
}
