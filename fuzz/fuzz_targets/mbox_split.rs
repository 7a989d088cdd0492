//! Fuzz target: any bytes through the mbox splitter; a panic, an empty entry, an unread byte or
//! an invented one is a crash.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/hostile.rs"]
#[allow(dead_code)]
mod hostile;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = hostile::split_mbox(data) {
        panic!("{e}");
    }
});
