//! Shared helpers live in the test files; this crate only holds end-to-end tests.
