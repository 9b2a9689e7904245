#![no_main]
//! See `cofrestr::fuzzing::csv`.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| cofrestr::fuzzing::csv(data));
