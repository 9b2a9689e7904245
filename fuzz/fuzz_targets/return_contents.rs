#![no_main]
//! See `cofrestr::fuzzing::return_contents`.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| cofrestr::fuzzing::return_contents(data));
