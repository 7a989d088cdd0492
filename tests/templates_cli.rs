//! `rebound templates init | list | check | preview` run as a real binary, with HOME and the XDG
//! config dir pointed at a temporary directory so no real config is ever read or written.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

struct Env {
    home: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            home: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.home.path().join(rel)
    }

    fn xdg(&self) -> PathBuf {
        self.path(".config")
    }

    fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("rebound").unwrap();
        c.env_clear()
            .env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.xdg())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .current_dir(self.home.path());
        c
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }
}

fn built_in(rel: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("templates")
        .join(rel);
    std::fs::read_to_string(p).unwrap()
}

fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

#[test]
fn init_writes_every_built_in_and_never_overwrites_without_force() {
    let env = Env::new();
    let dir = env.path("tpl");
    let out = env
        .cmd()
        .args(["templates", "init"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let stdout = stdout_of(&out);
    for rel in [
        "en/price.hbs",
        "de/timing.hbs",
        "pt/referral.hbs",
        "fr/_quote.hbs",
    ] {
        assert_eq!(
            std::fs::read_to_string(dir.join(rel)).unwrap(),
            built_in(rel),
            "{rel}"
        );
        assert!(
            stdout.contains(&format!("wrote     {}", dir.join(rel).display())),
            "{stdout}"
        );
    }
    assert!(dir.join("README.md").is_file());
    // How to point the config at it: the default config path and the TOML lines.
    let config = env.xdg().join("rebound").join("config.toml");
    assert!(
        stdout.contains(&format!("add this to {}", config.display())),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("[templates]\n    dir = \"{}\"", dir.display())),
        "{stdout}"
    );

    // An edited file is kept, and the run says so with exit 1.
    std::fs::write(dir.join("de/price.hbs"), "Mein Text?\n").unwrap();
    let out = env
        .cmd()
        .args(["templates", "init"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(dir.join("de/price.hbs")).unwrap(),
        "Mein Text?\n"
    );
    assert!(stderr_of(&out).contains("--force"), "{}", stderr_of(&out));
    let stdout = stdout_of(&out);
    assert!(stdout.contains(&format!("kept      {}", dir.join("de/price.hbs").display())));
    assert!(stdout.contains(&format!("unchanged {}", dir.join("en/price.hbs").display())));

    // --force restores it.
    env.cmd()
        .args(["templates", "init", "--force"])
        .arg(&dir)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(format!(
            "overwrote {}",
            dir.join("de/price.hbs").display()
        )));
    assert_eq!(
        std::fs::read_to_string(dir.join("de/price.hbs")).unwrap(),
        built_in("de/price.hbs")
    );
}

#[test]
fn init_defaults_to_the_config_dir_then_the_xdg_dir() {
    let env = Env::new();
    env.cmd().args(["templates", "init"]).assert().code(0);
    let xdg_dir = env.xdg().join("rebound").join("templates");
    assert!(xdg_dir.join("en/reply.hbs").is_file());

    let config = env.write(
        ".config/rebound/config.toml",
        "[templates]\ndir = \"mine\"\n",
    );
    let out = env.cmd().args(["templates", "init"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let mine = config.parent().unwrap().join("mine");
    assert!(mine.join("nl/no_need.hbs").is_file());
    assert!(
        stdout_of(&out).contains("already uses this directory"),
        "{}",
        stdout_of(&out)
    );
}

#[test]
fn list_shows_origins_and_flags_files_that_shadow_nothing() {
    let env = Env::new();
    let de_price = env.write("tpl/de/price.hbs", "Preis?\n");
    let typo = env.write("tpl/en/competiton.hbs", "What tipped it?\n");
    env.write("tpl/fr/_salutation.hbs", "Salut\n");
    let out = env
        .cmd()
        .args(["templates", "list", "--templates"])
        .arg(env.path("tpl"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let stdout = stdout_of(&out);
    let line = |lang: &str, name: &str| {
        stdout
            .lines()
            .find(|l| {
                let mut w = l.split_whitespace();
                w.next() == Some(lang) && w.next() == Some(name)
            })
            .unwrap_or_else(|| panic!("no {lang} {name} line in\n{stdout}"))
            .to_string()
    };
    assert_eq!(
        line("de", "price"),
        format!("de    price         user      {}", de_price.display())
    );
    assert_eq!(
        line("de", "timing"),
        "de    timing        built-in  de/timing.hbs"
    );
    assert_eq!(
        line("en", "competitor"),
        "en    competitor    built-in  en/competitor.hbs"
    );
    assert!(line("es", "subject").contains("none"));
    for lang in ["en", "de", "fr", "es", "nl", "pt"] {
        for reason in [
            "price",
            "timing",
            "competitor",
            "no_need",
            "no_decision",
            "unspecified",
            "referral",
        ] {
            line(lang, reason);
        }
    }
    let stderr = stderr_of(&out);
    assert!(
        stderr.contains(&format!(
            "{}: shadows nothing: rebound never uses a template named `competiton`",
            typo.display()
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("(did you mean competitor.hbs?)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("_salutation.hbs: shadows nothing"),
        "{stderr}"
    );
}

#[test]
fn check_passes_for_the_shipped_templates() {
    let env = Env::new();
    env.cmd()
        .args(["templates", "check"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "template files in 6 languages (306 renders): 0 errors, 0 warnings",
        ));
}

#[test]
fn check_reports_file_line_col_and_exits_1() {
    let env = Env::new();
    let price = env.write("tpl/en/price.hbs", "Hi,\n\n{{#if buyer.name}}Dear\n");
    let closing = env.write("tpl/de/_closing.hbs", "Grüße\n  {{seller.nmae}}\n");
    let timing = env.write("tpl/fr/timing.hbs", "Bonjour\n{{> salutation}}\n");
    let quiet = env.write("tpl/es/price.hbs", "Hola.\n");
    let out = env
        .cmd()
        .args(["templates", "check", "--templates"])
        .arg(env.path("tpl"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let stdout = stdout_of(&out);
    for want in [
        format!(
            "{}:3:1: `{{{{#if}}}}` is never closed (add `{{{{/if}}}}`)",
            price.display()
        ),
        format!("{}:2:3: unknown variable `seller.nmae`", closing.display()),
        format!("{}:2:1: missing partial `salutation`", timing.display()),
        format!(
            "{} (es/price): warning: the reply asks no question",
            quiet.display()
        ),
    ] {
        assert!(
            stdout.lines().any(|l| l.starts_with(&want)),
            "missing {want:?} in\n{stdout}"
        );
    }
    assert!(stdout.contains(": 3 errors, 1 warning\n"), "{stdout}");
    // --quiet keeps only the errors.
    let out = env
        .cmd()
        .args(["-q", "templates", "check", "--templates"])
        .arg(env.path("tpl"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout_of(&out).lines().count(), 3, "{}", stdout_of(&out));
}

#[test]
fn check_with_a_missing_dir_or_unknown_default_language() {
    let env = Env::new();
    env.cmd()
        .args(["templates", "check", "--templates", "nowhere"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nowhere"));
    env.write(
        ".config/rebound/config.toml",
        "[templates]\ndefault_language = \"sv\"\n",
    );
    env.cmd()
        .args(["templates", "check"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "default_language \"sv\" has no templates",
        ));
}

const MESSAGE: &str = "From: Jane Doe <jane.doe@buyer.example>\r\n\
To: Alex Seller <alex@seller.example>\r\n\
Subject: Re: Offer for the new warehouse\r\n\
Message-ID: <m1.20261103@buyer.example>\r\n\
In-Reply-To: <offer-7@seller.example>\r\n\
Date: Tue, 3 Nov 2026 16:05:00 +0100\r\n\
MIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
Hello Alex,\r\n\
\r\n\
thanks for the offer. We have chosen to work with another supplier this time.\r\n\
\r\n\
Best,\r\n\
Jane\r\n";

#[test]
fn preview_prints_the_draft_as_batch_would_save_it() {
    let env = Env::new();
    let eml = env.write("in/m1.eml", MESSAGE);
    let out = env
        .cmd()
        .args(["templates", "preview"])
        .arg(&eml)
        .args(["--reason", "price", "--lang", "de"])
        .args(["--from", "Alex Seller <alex@seller.example>"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let raw = stdout_of(&out);
    // The exact bytes: CRLF, threading headers, quoted-printable body.
    assert!(
        raw.contains("\r\nIn-Reply-To: <m1.20261103@buyer.example>\r\n"),
        "{raw}"
    );
    assert!(
        raw.contains("\r\nTo: \"Jane Doe\" <jane.doe@buyer.example>\r\n"),
        "{raw}"
    );
    assert!(
        raw.starts_with("From: \"Alex Seller\" <alex@seller.example>\r\n"),
        "{raw}"
    );
    assert!(
        raw.contains("\r\nSubject: Re: Offer for the new warehouse\r\n"),
        "{raw}"
    );
    assert!(
        raw.contains("Content-Transfer-Encoding: quoted-printable"),
        "{raw}"
    );

    let out = env
        .cmd()
        .args(["templates", "preview", "--decode"])
        .arg(&eml)
        .args(["--reason", "price", "--lang", "de"])
        .args(["--from", "Alex Seller <alex@seller.example>"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let shown = stdout_of(&out);
    assert!(!shown.contains('\r'));
    assert!(
        shown.contains("\n\nGuten Tag Jane,\n\nvielen Dank"),
        "{shown}"
    );
    // Step one (the default) asks permission and nothing else.
    assert!(
        shown.contains("Darf ich Ihnen eine einzige Frage stellen?\n\nMit freundlichen"),
        "{shown}"
    );
    assert!(!shown.contains("Wäre es ein Ja geworden"), "{shown}");
    // Step two: the question for the reason, after the buyer's yes.
    let out = env
        .cmd()
        .args(["templates", "preview", "--decode", "--step", "2"])
        .arg(&eml)
        .args(["--reason", "price", "--lang", "de"])
        .args(["--from", "Alex Seller <alex@seller.example>"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let step_two = stdout_of(&out);
    assert!(
        step_two.contains("Wäre es ein Ja geworden, wenn der Preis keine Rolle gespielt hätte?"),
        "{step_two}"
    );
    assert!(!step_two.contains("Darf ich Ihnen"), "{step_two}");
    // Without --reason, step two asks the question of the reason the classifier found.
    let out = env
        .cmd()
        .args(["templates", "preview", "--decode", "--step", "2"])
        .arg(&eml)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(
        stdout_of(&out).contains("What tipped the decision in the end?"),
        "{}",
        stdout_of(&out)
    );
    let out = env
        .cmd()
        .args(["templates", "preview", "--step", "3"])
        .arg(&eml)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        shown.contains("Am 3. November 2026 um 16:05 schrieb Jane Doe <jane.doe@buyer.example>:\n> Hello Alex,"),
        "{shown}"
    );

    // Every variant: referral in Portuguese.
    let out = env
        .cmd()
        .args([
            "templates",
            "preview",
            "--decode",
            "--reason",
            "referral",
            "--lang",
            "pt",
        ])
        .arg(&eml)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let shown = stdout_of(&out);
    assert!(shown.contains("Seria possível apresentar-nos?"), "{shown}");
    assert!(
        shown.contains("From: \"Your Name\" <you@example.invalid>"),
        "{shown}"
    );
    assert!(
        stderr_of(&out).contains("placeholder"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn preview_uses_user_templates_and_the_html_alternative() {
    let env = Env::new();
    let eml = env.write("in/m1.eml", MESSAGE);
    env.write(
        "tpl/en/reply.html.hbs",
        "<p>{{buyer.name}} &amp; {{seller.company}}?</p>\n",
    );
    env.write(
        ".config/rebound/config.toml",
        "[identity]\nname = \"Alex\"\nemail = \"alex@seller.example\"\n\
         company = \"O'Brien & <Sons>\"\n[drafts]\nstyle = \"one-step\"\n",
    );
    env.write(
        "tpl/en/subject.hbs",
        "One question about {{strip_re original.subject}}\n",
    );
    let out = env
        .cmd()
        .args(["templates", "preview", "--decode", "--lang", "en"])
        .args(["--reason", "competitor", "--templates"])
        .arg(env.path("tpl"))
        .arg(&eml)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let shown = stdout_of(&out);
    assert!(
        shown.contains("Content-Type: multipart/alternative;"),
        "{shown}"
    );
    assert!(
        shown.contains("Subject: One question about Offer for the new warehouse\n"),
        "{shown}"
    );
    assert!(
        shown.contains("What tipped the decision in the end?"),
        "{shown}"
    );
    assert!(
        shown.contains("----- text/html alternative -----\n<p>Jane Doe &amp; O&#x27;Brien &amp; &lt;Sons&gt;?</p>"),
        "{shown}"
    );
}

#[test]
fn preview_errors_exit_2() {
    let env = Env::new();
    let eml = env.write("in/m1.eml", MESSAGE);
    env.cmd()
        .args(["templates", "preview", "missing.eml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.eml"));
    let broken = env.write("tpl/en/permission.hbs", "Hi {{buyer.nmae}}?\n");
    env.cmd()
        .args([
            "templates",
            "preview",
            "--reason",
            "timing",
            "--lang",
            "en",
            "--templates",
        ])
        .arg(env.path("tpl"))
        .arg(&eml)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}:1:4: unknown variable `buyer.nmae`",
            broken.display()
        )));
    env.cmd()
        .args(["templates", "preview", "--reason", "pricing"])
        .arg(&eml)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("possible values"));
}

#[test]
fn batch_drafts_referrals_only_when_enabled() {
    let env = Env::new();
    env.write(
        "in/referral.eml",
        "From: Tom Green <tom@buyer.example>\r\nTo: alex@seller.example\r\n\
         Subject: Re: Intro\r\nMessage-ID: <r1@buyer.example>\r\n\
         Date: Tue, 3 Nov 2026 16:05:00 +0100\r\n\r\nHi Alex,\r\n\r\n\
         I am not the right person for this. Please get in touch with my colleague Sam Lee, \
         who runs procurement.\r\n\r\nTom\r\n",
    );
    let drafts = |out: &str| {
        let dir = env.path(out);
        std::fs::read_dir(&dir)
            .map(|d| d.flatten().map(|e| e.path()).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    env.cmd()
        .args([
            "batch",
            "in",
            "--out",
            "off",
            "--from",
            "alex@seller.example",
        ])
        .assert()
        .code(0);
    assert!(drafts("off").is_empty());
    env.write(
        ".config/rebound/config.toml",
        "[drafts]\nreferrals = true\n",
    );
    env.cmd()
        .args([
            "batch",
            "in",
            "--out",
            "on",
            "--from",
            "alex@seller.example",
        ])
        .assert()
        .code(0);
    let on = drafts("on");
    assert_eq!(on.len(), 1, "{on:?}");
    let text = std::fs::read_to_string(&on[0]).unwrap();
    assert!(text.contains("In-Reply-To: <r1@buyer.example>"), "{text}");
    assert!(
        text.contains("Would you be up for introducing us?"),
        "{text}"
    );
}
