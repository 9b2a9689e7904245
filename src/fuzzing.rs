//! Entry points for the fuzz targets (`fuzz/`, run by `make fuzz`) and for the tests that
//! replay their corpus (`tests/fuzz_corpus.rs`, run by `make test`). Each reads untrusted bytes
//! as Cofrestr does before any database is touched: a spreadsheet a person imports, a sealed
//! return or pack, a signed return's or pack's contents, a join file. Whatever the bytes, each
//! must return (an error is fine) without panicking, hanging or taking unbounded memory.
//!
//! A fuzzer cannot forge a signature or an age seal, so the contents behind them are reached
//! directly (`*_contents`): what a laptop holding its own key, or the hub, could put there. Of
//! the seal, the header is read (what anyone can put in a file); trying a key on it is age's
//! own cryptography, and so slow under the fuzzer's instrumentation that it would starve the
//! rest.

/// A CSV file to import.
pub fn csv(bytes: &[u8]) {
    let _ = crate::transfer::read(bytes, crate::transfer::Format::Csv);
}

/// An Excel workbook to import.
pub fn xlsx(bytes: &[u8]) {
    let _ = crate::transfer::read(bytes, crate::transfer::Format::Xlsx);
}

/// A sealed return as the hub reads it: the age file's header, the signed framing inside it.
pub fn return_file(bytes: &[u8]) {
    let _ = age::Decryptor::new(bytes);
    let _ = crate::returns::read_return_payload(bytes);
}

/// A return's contents, behind its signature: the envelope, its records and its trail.
pub fn return_contents(bytes: &[u8]) {
    let _ = crate::returns::read_unsigned_payload(bytes);
}

/// A sealed reference pack as a laptop reads it: the age file's header, the signed framing
/// inside it.
pub fn pack_file(bytes: &[u8]) {
    let _ = age::Decryptor::new(bytes);
    let _ = crate::returns::pack::read_pack_payload(bytes);
}

/// A pack's contents, behind its signature: the reference registers, settings and
/// acknowledgements.
pub fn pack_contents(bytes: &[u8]) {
    let _ = crate::returns::pack::read_unsigned_pack(bytes);
}

/// A join file.
pub fn join_file(bytes: &[u8]) {
    let _ = crate::returns::identity::read_join_file(bytes);
}

/// One entry point.
pub type Target = fn(&[u8]);

/// The targets by name, for the corpus tests.
pub const TARGETS: [(&str, Target); 7] = [
    ("csv", csv),
    ("xlsx", xlsx),
    ("return_file", return_file),
    ("return_contents", return_contents),
    ("pack_file", pack_file),
    ("pack_contents", pack_contents),
    ("join_file", join_file),
];
