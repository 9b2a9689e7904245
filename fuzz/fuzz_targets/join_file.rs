#![no_main]
//! See `cofrestr::fuzzing::join_file`.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| cofrestr::fuzzing::join_file(data));
