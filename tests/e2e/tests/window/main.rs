//! End-to-end journeys through the real Cofrestr window, by area. The harness (the window,
//! the driver, the CLI beside it) is `cofrestr_e2e` (`tests/e2e/lib.rs`). One test binary, so
//! `cargo test -p cofrestr-e2e --test window <name>` runs any journey, and the journeys share
//! the machine's cores as before.

mod journeys;
mod registers;
mod reports;
mod returns;
mod screens;
mod setup;
