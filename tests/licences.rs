//! The About screen's licences (`assets/licences/third-party.json`, written by `make licences`
//! with cargo about) cover every crate compiled into either executable, for Windows and for
//! Linux; and the LICENCE file is the EUPL-1.2 text they name as Cofrestr's own.

use std::collections::BTreeSet;
use std::process::Command;

type Shipped = BTreeSet<(String, String)>;

/// The crates compiled into the desktop executable (which holds the core, and so everything the
/// CLI uses) for `target`, as the release build resolves them: `cargo tree` over normal
/// dependencies with the release features, leaving out proc-macros (they run in the compiler
/// and ship nothing). `cargo metadata` would over-count: it unifies the features that
/// test-only crates turn on.
fn shipped(target: &str) -> Shipped {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    let out = Command::new(cargo)
        .args(["tree", "--locked", "--manifest-path", manifest, "-p", "cofrestr-desktop"])
        .args(["-F", "cofrestr-desktop/custom-protocol", "-e", "normal,no-proc-macro", "--target", target])
        .args(["--prefix", "none", "-f", "{p}"])
        .output()
        .expect("cargo tree runs");
    assert!(out.status.success(), "cargo tree: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let shipped: Shipped = text
        .lines()
        .filter_map(|line| {
            // "name v1.2.3" or "name v1.2.3 (/path)" or "name v1.2.3 (*)"
            let mut words = line.split_whitespace();
            let name = words.next()?;
            let version = words.next()?.strip_prefix('v')?;
            Some((name.to_string(), version.to_string()))
        })
        .collect();
    assert!(shipped.iter().any(|(n, _)| n == "rusqlite"), "the tree names the crates shipped: {text}");
    shipped
}

#[test]
fn every_shipped_crate_has_its_licence_in_the_about_screen() {
    let notices = cofrestr::about::notices();
    let listed: Shipped =
        notices.licences.iter().flat_map(|l| l.used_by.iter().map(|c| (c.name.clone(), c.version.clone()))).collect();
    for target in ["x86_64-unknown-linux-gnu", "x86_64-pc-windows-gnu"] {
        let missing: Vec<String> = shipped(target).difference(&listed).map(|(n, v)| format!("{n} {v}")).collect();
        assert!(
            missing.is_empty(),
            "not in assets/licences/third-party.json for {target} (run `make licences`): {missing:?}"
        );
    }
    for l in &notices.licences {
        assert!(!l.text.trim().is_empty(), "{} has no text", l.id);
    }
}

#[test]
fn the_licence_file_is_the_eupl_text_cofrestr_ships_under() {
    let notices = cofrestr::about::notices();
    let ours = &notices.licences[0];
    assert!(ours.used_by.iter().any(|c| c.name == "cofrestr"), "Cofrestr's licence comes first");
    assert_eq!(ours.id, "EUPL-1.2");
    let file = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/LICENCE")).expect("LICENCE");
    assert_eq!(file.trim_end(), ours.text.trim_end(), "LICENCE is not the EUPL-1.2 text: run `make licences`");
}

/// `make licences` writes LICENCE from the generated notices (run by it, not by `make test`).
#[test]
#[ignore = "writes LICENCE: make licences"]
fn write_licence_file() {
    let notices = cofrestr::about::notices();
    let ours =
        notices.licences.iter().find(|l| l.used_by.iter().any(|c| c.name == "cofrestr")).expect("Cofrestr's licence");
    let path = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/LICENCE"));
    cofrestr::files::replace(path, format!("{}\n", ours.text.trim_end()).as_bytes()).expect("LICENCE written");
}
