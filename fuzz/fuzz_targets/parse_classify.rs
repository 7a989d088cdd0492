//! Fuzz target: any bytes through parse -> new text -> classify -> compose; a panic, or a draft
//! that fails the checks of tests/support/hostile.rs (injected header, second body), is a crash.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/hostile.rs"]
#[allow(dead_code)]
mod hostile;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = hostile::through_the_chain(data, &hostile::forced_verdict(data)) {
        panic!("{e}");
    }
});
