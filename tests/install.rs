//! What a well-made CLI ships, checked on the real binary: `cargo install`, completions, the
//! man page, examples in every --help, and `--color` / `NO_COLOR`.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

mod support;

use clap::CommandFactory;
use support::sandbox::Sandbox;

/// Every command path of the CLI ("classify", "templates preview", ...), from its definition,
/// so a command added later is checked too.
fn command_paths() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let mut path = prefix.to_vec();
            path.push(sub.get_name().to_string());
            out.push(path.clone());
            walk(sub, &path, out);
        }
    }
    let mut out = Vec::new();
    walk(&rebound::cli::Cli::command(), &[], &mut out);
    out
}

fn top_level_commands() -> Vec<String> {
    command_paths()
        .into_iter()
        .filter(|p| p.len() == 1)
        .map(|mut p| p.remove(0))
        .collect()
}

fn example_inbox() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/inbox.mbox")
}

#[test]
fn the_command_list_is_complete() {
    let top = top_level_commands();
    for expected in ["classify", "batch", "draft", "watch", "completions", "man"] {
        assert!(
            top.iter().any(|c| c == expected),
            "{expected} missing: {top:?}"
        );
    }
    assert!(command_paths().contains(&vec!["templates".into(), "preview".into()]));
}

#[test]
fn bash_completion_parses_and_names_every_command() {
    let sb = Sandbox::new();
    let script = sb.stdout_of(&["completions", "bash"]);
    let path = sb.write("rebound.bash", &script);
    let check = Process::new("bash").arg("-n").arg(&path).output().unwrap();
    assert!(
        check.status.success(),
        "bash -n: {}",
        String::from_utf8_lossy(&check.stderr)
    );
    for cmd in top_level_commands() {
        assert!(script.contains(&cmd), "bash completion lacks {cmd}");
    }
    // The script registers itself for the command.
    assert!(script.contains("complete -F _rebound"), "{script}");
}

#[test]
fn zsh_and_fish_completions_name_every_command() {
    let sb = Sandbox::new();
    for (shell, checker) in [("zsh", "zsh"), ("fish", "fish")] {
        let script = sb.stdout_of(&["completions", shell]);
        assert!(!script.trim().is_empty(), "{shell} completion is empty");
        for cmd in top_level_commands() {
            assert!(script.contains(&cmd), "{shell} completion lacks {cmd}");
        }
        // Syntax-checked where that shell is installed (neither is needed to generate them).
        let path = sb.write(&format!("rebound.{shell}"), &script);
        if let Ok(check) = Process::new(checker).arg("-n").arg(&path).output() {
            assert!(
                check.status.success(),
                "{checker} -n: {}",
                String::from_utf8_lossy(&check.stderr)
            );
        }
    }
}

#[test]
fn completions_reject_an_unknown_shell() {
    let sb = Sandbox::new();
    sb.cmd()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("tcsh"));
}

#[test]
fn man_page_is_roff_naming_every_command_and_a_flag() {
    let sb = Sandbox::new();
    let page = sb.stdout_of(&["man"]);
    assert!(page.contains(".TH rebound 1"), "{page}");
    assert!(page.contains(".SH SUBCOMMANDS"), "{page}");
    for cmd in top_level_commands() {
        assert!(
            page.contains(&format!("rebound\\-{}", cmd.replace('-', "\\-"))),
            "man page lacks {cmd}"
        );
    }
    // Flags are escaped for roff: \-\-config.
    assert!(page.contains("\\-\\-config"), "{page}");
    assert!(page.contains("\\-\\-color"), "{page}");
    assert!(!page.contains('\x1b'), "escape codes in the man page");
}

#[test]
fn man_page_of_one_command_carries_its_flags_and_examples() {
    let sb = Sandbox::new();
    let page = sb.stdout_of(&["man", "draft"]);
    assert!(page.contains(".TH rebound-draft 1"), "{page}");
    assert!(page.contains("\\-\\-dry\\-run"), "{page}");
    assert!(
        page.contains("\\-\\-config"),
        "global flags missing: {page}"
    );
    assert!(page.contains("Examples:"), "{page}");
    let page = sb.stdout_of(&["man", "templates", "preview"]);
    assert!(page.contains(".TH rebound-templates-preview 1"), "{page}");
    sb.cmd()
        .args(["man", "nosuch"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("nosuch"));
}

#[test]
fn completions_and_man_ignore_a_broken_config() {
    let sb = Sandbox::new();
    let config = sb.write("broken.toml", "this is = = not toml");
    for args in [&["completions", "bash"][..], &["man"][..]] {
        sb.cmd()
            .arg("--config")
            .arg(&config)
            .args(args)
            .assert()
            .success();
    }
}

#[test]
fn every_help_ends_with_examples() {
    let sb = Sandbox::new();
    let mut paths = command_paths();
    paths.push(Vec::new()); // rebound --help itself
    for path in paths {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = sb.stdout_of(&args);
        let (_, examples) = help
            .rsplit_once("\nExamples:\n")
            .unwrap_or_else(|| panic!("rebound {args:?} has no Examples section:\n{help}"));
        let lines: Vec<&str> = examples.lines().filter(|l| !l.trim().is_empty()).collect();
        assert!(
            (2..=3).contains(&lines.len()),
            "rebound {args:?}: {lines:?}"
        );
        for line in lines {
            assert!(
                line.starts_with("  rebound "),
                "rebound {args:?}: not an example: {line:?}"
            );
        }
    }
}

#[test]
fn help_examples_on_the_example_inbox_run() {
    // The examples that need no account or earlier output run as written (from a checkout).
    let sb = Sandbox::new();
    let inbox = example_inbox();
    let mut ran = 0;
    for path in command_paths() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = sb.stdout_of(&args);
        let Some((_, examples)) = help.rsplit_once("\nExamples:\n") else {
            continue;
        };
        for example in examples.lines().map(str::trim) {
            let words: Vec<&str> = example.split_whitespace().collect();
            if !words.contains(&"examples/inbox.mbox") || example.contains("&&") {
                continue;
            }
            let mut cmd = sb.cmd();
            for w in &words[1..] {
                if *w == "examples/inbox.mbox" {
                    cmd.arg(&inbox);
                } else {
                    cmd.arg(w);
                }
            }
            let out = cmd.output().unwrap();
            assert!(
                out.status.success(),
                "{example}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            ran += 1;
        }
    }
    assert!(ran >= 4, "only {ran} examples on the example inbox");
}

fn has_escape(bytes: &[u8]) -> bool {
    bytes.contains(&0x1b)
}

#[test]
fn color_always_colours_warnings_errors_and_help_even_into_a_pipe() {
    let sb = Sandbox::new();
    // A warning (no sender identity) on a run that succeeds.
    let out = sb
        .cmd()
        .args(["--color", "always", "batch", "--out", "drafts"])
        .arg(example_inbox())
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("\x1b[1;33mwarning:\x1b[0m"), "{stderr}");
    // Data on stdout stays plain.
    assert!(!has_escape(&out.stdout));
    // The error that ends a run, and clap's own usage errors and help.
    let out = sb
        .cmd()
        .args(["classify", "--color=always", "no/such.eml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("\x1b[1;31merror:\x1b[0m"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = sb
        .cmd()
        .args(["--color", "always", "--bogus"])
        .output()
        .unwrap();
    assert!(has_escape(&out.stderr));
    let out = sb
        .cmd()
        .args(["--color", "always", "draft", "--help"])
        .output()
        .unwrap();
    assert!(has_escape(&out.stdout));
}

#[test]
fn color_never_and_no_color_leave_no_escape_codes() {
    let sb = Sandbox::new();
    let cases: [(&[&str], Option<&str>); 4] = [
        (&["--color", "never"], None),
        (&["--color=never"], Some("1")),
        (&["--color", "auto"], Some("1")),
        (&[], Some("yes")),
    ];
    for (flags, no_color) in cases {
        for tail in [
            &["batch", "--out", "drafts", "INBOX"][..],
            &["classify", "no/such.eml"][..],
            &["--bogus"][..],
            &["draft", "--help"][..],
        ] {
            let mut cmd = sb.cmd();
            if let Some(v) = no_color {
                cmd.env("NO_COLOR", v);
            }
            cmd.args(flags);
            for a in tail {
                if *a == "INBOX" {
                    cmd.arg(example_inbox());
                } else {
                    cmd.arg(a);
                }
            }
            let out = cmd.output().unwrap();
            assert!(
                !has_escape(&out.stdout) && !has_escape(&out.stderr),
                "{flags:?} NO_COLOR={no_color:?} {tail:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

/// Runs `rebound ARGS` on a pseudo-terminal (util-linux `script`) and returns what it showed.
fn on_a_terminal(sb: &Sandbox, no_color: Option<&str>, args: &str) -> String {
    let bin = assert_cmd::cargo::cargo_bin("rebound");
    let mut cmd = Process::new("script");
    cmd.current_dir(sb.dir.path())
        .env_clear()
        .env("HOME", sb.dir.path())
        .env("XDG_CONFIG_HOME", sb.path("xdg"))
        .env("XDG_DATA_HOME", sb.path("data"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("TERM", "xterm")
        .args(["-qec", &format!("{} {args}", bin.display()), "/dev/null"]);
    if let Some(v) = no_color {
        cmd.env("NO_COLOR", v);
    }
    let out = cmd.output().unwrap_or_else(|e| {
        panic!("cannot run `script` (util-linux; apt-get install bsdutils): {e}")
    });
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn auto_colours_a_terminal_unless_no_color_is_set() {
    let sb = Sandbox::new();
    let shown = on_a_terminal(&sb, None, "classify no/such.eml");
    assert!(shown.contains("\x1b[1;31merror:"), "{shown:?}");
    let shown = on_a_terminal(&sb, Some("1"), "classify no/such.eml");
    assert!(
        shown.contains("error:") && !shown.contains('\x1b'),
        "{shown:?}"
    );
    // Empty NO_COLOR does not count (no-color.org).
    let shown = on_a_terminal(&sb, Some(""), "--color auto classify no/such.eml");
    assert!(shown.contains("\x1b[1;31merror:"), "{shown:?}");
    let shown = on_a_terminal(&sb, None, "--color never classify no/such.eml");
    assert!(
        shown.contains("error:") && !shown.contains('\x1b'),
        "{shown:?}"
    );
}

#[test]
fn cargo_install_works_offline_from_the_checkout() {
    // Debug profile, to keep the test short (the release install is the same but slower). Its
    // own target dir next to the tests' one: `cargo install` builds without dev-dependencies,
    // so in the shared dir it would rebuild and replace the binary the other tests are running;
    // there it is incremental after the first run. --offline: nothing beyond ~/.cargo is needed.
    let tests_bin = assert_cmd::cargo::cargo_bin("rebound");
    let target_dir = tests_bin
        .parent()
        .and_then(Path::parent)
        .expect("target/debug/rebound")
        .join("install-check");
    let root = tempfile::tempdir().unwrap();
    let out = Process::new(env!("CARGO"))
        .args(["install", "--locked", "--offline", "--debug", "--path"])
        .arg(env!("CARGO_MANIFEST_DIR"))
        .arg("--target-dir")
        .arg(&target_dir)
        .arg("--root")
        .arg(root.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "cargo install: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let installed = root.path().join("bin/rebound");
    let version = Process::new(&installed).arg("--version").output().unwrap();
    assert!(version.status.success());
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("rebound {}", env!("CARGO_PKG_VERSION"))
    );
    // The installed binary is complete: it generates its completions like the tests' one.
    let bash = Process::new(&installed)
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(bash.status.success() && !bash.stdout.is_empty());
}
