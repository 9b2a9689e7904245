#![no_main]
//! See `cofrestr::fuzzing::pack_contents`.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| cofrestr::fuzzing::pack_contents(data));
