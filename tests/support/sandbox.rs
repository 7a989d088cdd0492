//! A scratch directory that is HOME, the XDG config dir and the XDG data dir of one run of the
//! real binary, so no user config or taught model can leak into a test.

use std::path::PathBuf;

use assert_cmd::Command;
use tempfile::TempDir;

/// The scratch directory.
pub struct Sandbox {
    /// The temp dir (removed on drop).
    pub dir: TempDir,
}

impl Sandbox {
    /// A new empty sandbox.
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A path inside the sandbox.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Write a file (and its parent dirs) inside the sandbox.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// [`Sandbox::cmd`] as a `std::process::Command`, for a child to spawn, feed and kill.
    pub fn std_cmd(&self) -> std::process::Command {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("rebound"));
        c.current_dir(self.dir.path())
            .env_clear()
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.path("xdg"))
            .env("XDG_DATA_HOME", self.path("data"))
            .env("PATH", std::env::var_os("PATH").unwrap_or_default());
        c
    }

    /// The binary, run in the sandbox with HOME and XDG dirs inside it and nothing else set.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }

    /// Stdout of a run that must succeed (else the test fails showing stderr).
    pub fn stdout_of(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "rebound {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}
