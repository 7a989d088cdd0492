//! The container and Kubernetes files: every YAML under deploy/ parses and has the shapes that
//! matter, the Dockerfile builds the README's way, and kubectl renders them where installed.

use std::path::{Path, PathBuf};
use std::process::Command;

use clap::Parser;
use serde::Deserialize;
use serde_yaml::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn kube_dir() -> PathBuf {
    repo().join("deploy/kubernetes")
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            yaml_files(&p, out);
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")) {
            out.push(p);
        }
    }
}

/// Every document of a (multi-document) YAML text.
fn documents(text: &str, what: &str) -> Vec<Value> {
    serde_yaml::Deserializer::from_str(text)
        .map(|d| Value::deserialize(d).unwrap_or_else(|e| panic!("{what} is not valid YAML: {e}")))
        .filter(|v| !v.is_null())
        .collect()
}

/// Every document of every YAML file under deploy/, with its file.
fn all_documents() -> Vec<(PathBuf, Value)> {
    let mut files = Vec::new();
    yaml_files(&repo().join("deploy"), &mut files);
    assert!(!files.is_empty(), "no YAML under deploy/");
    files
        .into_iter()
        .flat_map(|f| {
            let text = std::fs::read_to_string(&f).unwrap();
            documents(&text, &f.display().to_string())
                .into_iter()
                .map(move |d| (f.clone(), d))
        })
        .collect()
}

fn str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    at(v, path).and_then(Value::as_str)
}

fn at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, k| v.get(*k))
}

fn seq<'a>(v: &'a Value, path: &[&str]) -> &'a [Value] {
    at(v, path)
        .and_then(Value::as_sequence)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// The value of `ENV NAME=...` in the Dockerfile's runtime stage.
fn dockerfile_env(name: &str) -> String {
    let dockerfile = std::fs::read_to_string(repo().join("Dockerfile")).unwrap();
    let joined = dockerfile.replace("\\\n", " ");
    joined
        .lines()
        .filter_map(|l| l.trim().strip_prefix("ENV "))
        .flat_map(str::split_whitespace)
        .find_map(|kv| kv.strip_prefix(&format!("{name}=")).map(str::to_string))
        .unwrap_or_else(|| panic!("the Dockerfile sets no ENV {name}"))
}

/// Bytes of a Kubernetes memory quantity (Mi, Gi, M, G or plain bytes).
fn memory_bytes(q: &str) -> u64 {
    let units = [
        ("Ki", 1 << 10),
        ("Mi", 1 << 20),
        ("Gi", 1 << 30),
        ("k", 1000),
        ("M", 1_000_000),
        ("G", 1_000_000_000),
    ];
    for (suffix, factor) in units {
        if let Some(n) = q.strip_suffix(suffix) {
            return n.parse::<u64>().unwrap() * factor;
        }
    }
    q.parse().unwrap()
}

fn pod_spec(doc: &Value) -> &Value {
    let path: &[&str] = match str_at(doc, &["kind"]) {
        Some("CronJob") => &["spec", "jobTemplate", "spec", "template", "spec"],
        _ => &["spec", "template", "spec"],
    };
    at(doc, path).expect("a pod template")
}

/// The mount path of the volume whose definition has `key` (secret, configMap, emptyDir).
fn mount_of(pod: &Value, container: &Value, key: &str) -> Option<(String, Value)> {
    let volume = seq(pod, &["volumes"])
        .iter()
        .find(|v| v.get(key).is_some())?;
    let name = str_at(volume, &["name"])?;
    let mount = seq(container, &["volumeMounts"])
        .iter()
        .find(|m| str_at(m, &["name"]) == Some(name))?;
    Some((str_at(mount, &["mountPath"])?.to_string(), mount.clone()))
}

const SECRET_FILE: &str = "password";

#[test]
fn every_yaml_is_a_known_kind_with_its_api_version() {
    let mut kinds = Vec::new();
    for (file, doc) in all_documents() {
        let kind = str_at(&doc, &["kind"]).unwrap_or_else(|| panic!("{file:?}: no kind"));
        let api =
            str_at(&doc, &["apiVersion"]).unwrap_or_else(|| panic!("{file:?}: no apiVersion"));
        let expected = match kind {
            "CronJob" => "batch/v1",
            "Deployment" => "apps/v1",
            "Namespace" => "v1",
            "Kustomization" => "kustomize.config.k8s.io/v1beta1",
            other => panic!("{file:?}: unexpected kind {other} (add its checks here)"),
        };
        assert_eq!(api, expected, "{file:?}");
        kinds.push(kind.to_string());
    }
    assert!(kinds.iter().any(|k| k == "CronJob"), "{kinds:?}");
    assert!(kinds.iter().any(|k| k == "Deployment"), "{kinds:?}");
}

#[test]
fn workloads_run_a_real_command_as_non_root_with_bounded_memory() {
    let config_dir = format!("{}/rebound", dockerfile_env("XDG_CONFIG_HOME"));
    let state_dir = dockerfile_env("XDG_STATE_HOME");
    let mut seen = 0;
    for (file, doc) in all_documents() {
        let kind = str_at(&doc, &["kind"]).unwrap_or_default().to_string();
        if kind != "CronJob" && kind != "Deployment" {
            continue;
        }
        seen += 1;
        let pod = pod_spec(&doc);
        let containers = seq(pod, &["containers"]);
        assert_eq!(containers.len(), 1, "{file:?}");
        let c = &containers[0];

        // The arguments are a command line rebound accepts, for the command the kind is for.
        let args: Vec<&str> = seq(c, &["args"]).iter().filter_map(Value::as_str).collect();
        let expected = if kind == "CronJob" { "draft" } else { "watch" };
        assert_eq!(args.first(), Some(&expected), "{file:?}");
        let mut argv = vec!["rebound"];
        argv.extend(&args);
        if let Err(e) = rebound::cli::Cli::try_parse_from(&argv) {
            panic!("{file:?}: rebound rejects {args:?}: {e}");
        }

        // Non-root, read-only root filesystem, no privilege escalation.
        assert_eq!(
            at(pod, &["securityContext", "runAsNonRoot"]).and_then(Value::as_bool),
            Some(true),
            "{file:?}"
        );
        let uid = at(pod, &["securityContext", "runAsUser"]).and_then(Value::as_u64);
        assert!(uid.is_some_and(|u| u > 0), "{file:?}: runAsUser {uid:?}");
        for (key, want) in [
            ("readOnlyRootFilesystem", true),
            ("allowPrivilegeEscalation", false),
        ] {
            assert_eq!(
                at(c, &["securityContext", key]).and_then(Value::as_bool),
                Some(want),
                "{file:?}: {key}"
            );
        }

        // Memory: requested, and limited above rebound's peak (< 150 MB) but not far above.
        let limit = str_at(c, &["resources", "limits", "memory"])
            .unwrap_or_else(|| panic!("{file:?}: no memory limit"));
        let limit = memory_bytes(limit);
        assert!(
            (150 << 20..=512 << 20).contains(&limit),
            "{file:?}: memory limit {limit}"
        );
        assert!(str_at(c, &["resources", "requests", "memory"]).is_some());

        // The password is a file from a Secret, never an environment variable.
        let (secret_dir, mount) =
            mount_of(pod, c, "secret").unwrap_or_else(|| panic!("{file:?}: no secret mounted"));
        assert_eq!(secret_dir, "/run/secrets/rebound", "{file:?}");
        assert_eq!(mount.get("readOnly").and_then(Value::as_bool), Some(true));
        assert!(
            mount.get("subPath").is_none(),
            "{file:?}: subPath mounts miss rotation"
        );
        for env in seq(c, &["env"]) {
            assert!(
                at(env, &["valueFrom", "secretKeyRef"]).is_none(),
                "{file:?}: a secret in the environment: {env:?}"
            );
        }
        assert!(c.get("envFrom").is_none(), "{file:?}: envFrom");

        // The config where the image looks for it; the state dir writable and disposable.
        let (config_mount, _) =
            mount_of(pod, c, "configMap").unwrap_or_else(|| panic!("{file:?}: no config"));
        assert_eq!(config_mount, config_dir, "{file:?}");
        let (state_mount, _) =
            mount_of(pod, c, "emptyDir").unwrap_or_else(|| panic!("{file:?}: no state dir"));
        assert_eq!(state_mount, state_dir, "{file:?}");

        if kind == "Deployment" {
            // Two watchers on one mailbox would only do the work twice.
            assert_eq!(
                at(&doc, &["spec", "replicas"]).and_then(Value::as_u64),
                Some(1)
            );
            assert_eq!(
                str_at(&doc, &["spec", "strategy", "type"]),
                Some("Recreate")
            );
        } else {
            assert_eq!(str_at(&doc, &["spec", "concurrencyPolicy"]), Some("Forbid"));
            let schedule = str_at(&doc, &["spec", "schedule"]).unwrap_or_default();
            assert_eq!(
                schedule.split_whitespace().count(),
                5,
                "{file:?}: {schedule}"
            );
        }
    }
    assert!(seen >= 2, "{seen} workloads");
}

fn kustomization(dir: &Path) -> Value {
    let f = dir.join("kustomization.yaml");
    let text = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{f:?}: {e}"));
    documents(&text, &f.display().to_string()).remove(0)
}

fn generator_files(k: &Value, key: &str, name: &str) -> Vec<String> {
    let generator = seq(k, &[key])
        .iter()
        .find(|g| str_at(g, &["name"]) == Some(name))
        .unwrap_or_else(|| panic!("no {key} {name}"));
    seq(generator, &["files"])
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect()
}

#[test]
fn every_seller_is_a_directory_named_after_its_mailbox() {
    let top = kustomization(&kube_dir());
    let listed: Vec<&str> = seq(&top, &["resources"])
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let mut sellers: Vec<String> = std::fs::read_dir(kube_dir().join("sellers"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    sellers.sort();
    assert!(!sellers.is_empty());
    for seller in &sellers {
        let dir = kube_dir().join("sellers").join(seller);
        assert!(
            listed.contains(&format!("sellers/{seller}").as_str()),
            "{seller} is not in deploy/kubernetes/kustomization.yaml"
        );
        let k = kustomization(&dir);
        assert_eq!(
            str_at(&k, &["nameSuffix"]),
            Some(format!("-{seller}").as_str())
        );
        let instance = seq(&k, &["labels"]).iter().find_map(|l| {
            str_at(l, &["pairs", "app.kubernetes.io/instance"])
                .filter(|_| at(l, &["includeSelectors"]).and_then(Value::as_bool) == Some(true))
        });
        assert_eq!(instance, Some(seller.as_str()), "{seller}: selector label");
        for base in seq(&k, &["resources"]).iter().filter_map(Value::as_str) {
            assert!(
                base.starts_with("../../base/")
                    && dir.join(base).join("kustomization.yaml").is_file(),
                "{seller}: {base}"
            );
        }
        assert_eq!(
            generator_files(&k, "configMapGenerator", "rebound-config"),
            ["config.toml"]
        );
        assert_eq!(
            generator_files(&k, "secretGenerator", "rebound-imap"),
            [SECRET_FILE]
        );

        // The config rebound would read there: valid, and reading the password from the
        // Secret's file.
        let config = rebound::config::load(Some(&dir.join("config.toml")))
            .unwrap_or_else(|e| panic!("{seller}: {e}"));
        let (_, account) = config
            .account(None)
            .unwrap_or_else(|e| panic!("{seller}: {e}"));
        account
            .validate()
            .unwrap_or_else(|e| panic!("{seller}: {e}"));
        assert_eq!(
            account.password_command.as_deref(),
            Some(format!("cat /run/secrets/rebound/{SECRET_FILE}").as_str()),
            "{seller}"
        );
        assert!(account.password_env.is_none() && account.password.is_none());
    }
    // The passwords the generators read stay out of git.
    let ignore = std::fs::read_to_string(kube_dir().join(".gitignore")).unwrap();
    assert!(ignore
        .lines()
        .any(|l| l == format!("sellers/*/{SECRET_FILE}")));
}

#[test]
fn dockerfile_builds_the_readme_way_into_a_slim_non_root_image() {
    let dockerfile = std::fs::read_to_string(repo().join("Dockerfile")).unwrap();
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let builds: Vec<&str> = dockerfile
        .lines()
        .filter_map(|l| l.trim().strip_prefix("RUN cargo "))
        .collect();
    assert_eq!(builds, ["build --locked --release"]);
    assert!(
        readme
            .lines()
            .any(|l| l.trim() == "cargo build --locked --release"),
        "the README does not show the Dockerfile's build command"
    );
    let froms: Vec<&str> = dockerfile
        .lines()
        .filter_map(|l| l.strip_prefix("FROM "))
        .collect();
    assert_eq!(froms.len(), 2, "{froms:?}");
    assert!(froms[0].starts_with("rust:1.95") && froms[0].ends_with(" AS build"));
    assert_eq!(froms[1], "debian:bookworm-slim");
    let user = dockerfile
        .lines()
        .filter_map(|l| l.strip_prefix("USER "))
        .next_back()
        .expect("a USER");
    let uid: u32 = user
        .split(':')
        .next()
        .unwrap()
        .parse()
        .expect("numeric USER");
    assert!(uid > 0);
    assert!(dockerfile.contains("ENTRYPOINT [\"rebound\"]"));
    let ignore = std::fs::read_to_string(repo().join(".dockerignore")).unwrap();
    for needed in ["target/", ".git"] {
        assert!(
            ignore.lines().any(|l| l == needed),
            ".dockerignore lacks {needed}"
        );
    }
}

#[test]
fn kubectl_renders_one_named_set_per_seller_where_installed() {
    // kubectl's kustomize rewrites the generated names into every reference; it is optional
    // here (the YAML checks above do not need it).
    if Command::new("kubectl")
        .arg("version")
        .arg("--client")
        .output()
        .is_err()
    {
        eprintln!("kubectl not installed: rendering not checked");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("kubernetes");
    copy_dir(&kube_dir(), &copy);
    let sellers: Vec<String> = std::fs::read_dir(copy.join("sellers"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for s in &sellers {
        std::fs::write(
            copy.join("sellers").join(s).join(SECRET_FILE),
            "not-a-password\n",
        )
        .unwrap();
    }
    let out = Command::new("kubectl")
        .arg("kustomize")
        .arg(&copy)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "kubectl kustomize: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = documents(&String::from_utf8(out.stdout).unwrap(), "kubectl kustomize");
    let names = |kind: &str| -> Vec<String> {
        docs.iter()
            .filter(|d| str_at(d, &["kind"]) == Some(kind))
            .filter_map(|d| str_at(d, &["metadata", "name"]).map(str::to_string))
            .collect()
    };
    let (config_maps, secrets) = (names("ConfigMap"), names("Secret"));
    for s in &sellers {
        let workload = docs
            .iter()
            .find(|d| {
                str_at(d, &["metadata", "name"])
                    .is_some_and(|n| n.starts_with("rebound-") && n.ends_with(&format!("-{s}")))
                    && matches!(str_at(d, &["kind"]), Some("CronJob" | "Deployment"))
            })
            .unwrap_or_else(|| panic!("no workload for {s}"));
        assert_eq!(
            str_at(workload, &["metadata", "namespace"]),
            Some("rebound")
        );
        let pod = pod_spec(workload);
        let volumes = seq(pod, &["volumes"]);
        let config = volumes
            .iter()
            .find_map(|v| str_at(v, &["configMap", "name"]))
            .unwrap();
        let secret = volumes
            .iter()
            .find_map(|v| str_at(v, &["secret", "secretName"]))
            .unwrap();
        assert!(
            config.starts_with(&format!("rebound-config-{s}-")),
            "{config}"
        );
        assert!(
            secret.starts_with(&format!("rebound-imap-{s}-")),
            "{secret}"
        );
        assert!(
            config_maps.iter().any(|n| n == config),
            "{config} not rendered"
        );
        assert!(secrets.iter().any(|n| n == secret), "{secret} not rendered");
        let image = str_at(&seq(pod, &["containers"])[0], &["image"]).unwrap();
        assert_ne!(
            image, "rebound:0.1.0",
            "the images: override was not applied"
        );
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}
