//! The fuzz targets' corpus (`fuzz/corpus/<target>/`), replayed as ordinary tests: every input
//! the fuzzer kept, and every one that once made a target fail (`fuzz/corpus/*/crash-*`, kept
//! once fixed), goes through the same entry point of `cofrestr::fuzzing` and must come back
//! without a panic. `make fuzz` grows the corpus; this keeps what it found from coming back.
//!
//! `cargo test --test fuzz_corpus -- --ignored seeds` writes the seed inputs again: real
//! files as Cofrestr writes them (spreadsheets, a return and a pack with their contents, a join
//! file), from which the fuzzer starts.

use std::path::{Path, PathBuf};

fn corpus(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz").join("corpus").join(target)
}

#[test]
fn every_input_in_the_fuzz_corpus_is_read_without_a_panic() {
    let mut total = 0;
    for (target, read) in cofrestr::fuzzing::TARGETS {
        let dir = corpus(target);
        let files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        assert!(!files.is_empty(), "{target} has no corpus");
        for file in files {
            let bytes = std::fs::read(&file).unwrap();
            let outcome = std::panic::catch_unwind(|| read(&bytes));
            assert!(outcome.is_ok(), "{target}: {} panics", file.display());
            total += 1;
        }
    }
    println!("{total} corpus inputs read");
}

#[test]
#[ignore = "writes the seed corpus: run by hand when a file format changes"]
fn seeds() {
    use chrono::{TimeZone, Utc};
    use cofrestr::session::NewDatabase;
    use cofrestr::transfer::Format;
    use cofrestr::Session;
    const PASS: &str = "heather harbour lantern 42";
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let new = |name: &str| {
        let n = NewDatabase {
            council: "Cyngor Bwrdeistref Sirol Wrecsam".into(),
            user_name: format!("Swyddog {name}"),
            department: "Tai".into(),
        };
        Session::create(&dir.path().join(format!("{name}.db")), PASS, PASS, &n, now).unwrap()
    };
    let write = |target: &str, name: &str, bytes: &[u8]| {
        std::fs::create_dir_all(corpus(target)).unwrap();
        std::fs::write(corpus(target).join(name), bytes).unwrap();
    };
    let mut s = new("demo");
    cofrestr::demo::fill(&mut s, cofrestr::demo::Scale::Small, 2, now).unwrap();
    for register in ["people", "requests", "breaches", "assets"] {
        let (csv, _) = s.export(register, Format::Csv, cofrestr::i18n::Lang::Cy, &mut |_| {}).unwrap();
        // A few rows: the fuzzer mutates small inputs best.
        let short: Vec<&str> = std::str::from_utf8(&csv).unwrap().lines().take(4).collect();
        write("csv", &format!("seed-{register}.csv"), short.join("\n").as_bytes());
        let (xlsx, _) = s.export(register, Format::Xlsx, cofrestr::i18n::Lang::En, &mut |_| {}).unwrap();
        write("xlsx", &format!("seed-{register}.xlsx"), &xlsx);
    }
    write(
        "csv",
        "seed-quoted.csv",
        "name,job_title\n\"Ana \"\"A\"\"\",\"Clerk,\ngrade 2\"\n\u{feff}x,=1+2\n".as_bytes(),
    );

    let mut hub = new("hub");
    hub.hub_init(now).unwrap();
    let join = hub.add_laptop("Gliniadur Tai", None, now).unwrap();
    write("join_file", "seed-join.json", &join);
    let mut laptop = new("laptop");
    laptop.join(&join, now).unwrap();
    let (pack, _) = hub.export_pack(now).unwrap();
    write("pack_file", "seed-pack.cofrestr", &pack);
    laptop.import_pack(&pack, now, true).unwrap();
    let f: std::collections::BTreeMap<String, serde_json::Value> = [
        ("request_type".to_string(), serde_json::json!("foi")),
        ("summary".to_string(), serde_json::json!("Ffyrdd Wrecsam")),
        ("received_on".to_string(), serde_json::json!("2026-11-02")),
    ]
    .into();
    laptop.save("requests", None, None, &f, now).unwrap();
    let (ret, _) = laptop.export_return(now).unwrap();
    write("return_file", "seed-return.cofrestr", &ret);
    // The contents behind the seals, as the hub and a laptop read them.
    let hub_key: age::x25519::Identity = hub
        .connection()
        .query_row("SELECT hub_secret FROM sync_keys", [], |r| r.get::<_, String>(0))
        .unwrap()
        .parse()
        .unwrap();
    let signed = age::decrypt(&hub_key, &ret).unwrap();
    write("return_file", "seed-return-signed.bin", &signed);
    let (_, payload) = cofrestr::returns::identity::open_signed(&signed, cofrestr::returns::identity::RETURN).unwrap();
    write("return_contents", "seed-return.json", payload);
    let laptop_key: age::x25519::Identity = laptop
        .connection()
        .query_row("SELECT pack_secret FROM sync_keys", [], |r| r.get::<_, String>(0))
        .unwrap()
        .parse()
        .unwrap();
    let signed = age::decrypt(&laptop_key, &pack).unwrap();
    write("pack_file", "seed-pack-signed.bin", &signed);
    let (_, payload) = cofrestr::returns::identity::open_signed(&signed, cofrestr::returns::identity::PACK).unwrap();
    write("pack_contents", "seed-pack.json", payload);
}
