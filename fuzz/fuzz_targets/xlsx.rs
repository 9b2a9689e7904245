#![no_main]
//! See `cofrestr::fuzzing::xlsx`.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| cofrestr::fuzzing::xlsx(data));
