#![no_main]
//! See `cofrestr::fuzzing::pack_file`.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| cofrestr::fuzzing::pack_file(data));
