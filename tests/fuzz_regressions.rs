//! Every input a fuzz target (or a property test) once broke, kept in
//! tests/fuzz-regressions/TARGET/ and replayed through the target's own harness.

mod support;

use std::path::{Path, PathBuf};

use support::hostile::{forced_verdict, split_mbox, through_the_chain};

/// The harness of fuzz target `target` (fuzz/fuzz_targets/TARGET.rs), as an error string.
fn harness(target: &str, bytes: &[u8]) -> Result<(), String> {
    match target {
        "parse_classify" => through_the_chain(bytes, &forced_verdict(bytes)),
        "mbox_split" => split_mbox(bytes),
        other => panic!("tests/fuzz-regressions/{other}: no such fuzz target"),
    }
}

/// (target, file) for every saved input, sorted; READMEs are not inputs.
fn saved_inputs() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut inputs = Vec::new();
    for dir in std::fs::read_dir(&root).unwrap().flatten() {
        if !dir.path().is_dir() {
            continue;
        }
        let target = dir.file_name().to_string_lossy().into_owned();
        for file in std::fs::read_dir(dir.path()).unwrap().flatten() {
            inputs.push((target.clone(), file.path()));
        }
    }
    inputs.retain(|(_, p)| p.extension().is_none_or(|e| e != "md"));
    inputs.sort();
    inputs
}

#[test]
fn every_saved_crash_stays_fixed() {
    let inputs = saved_inputs();
    assert!(
        !inputs.is_empty(),
        "tests/fuzz-regressions/ holds no inputs"
    );
    let failures: Vec<String> = inputs
        .iter()
        .filter_map(|(target, path)| {
            let bytes = std::fs::read(path).unwrap();
            harness(target, &bytes)
                .err()
                .map(|e| format!("{}: {e}", path.display()))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
