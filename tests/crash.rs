//! The crash harness (`make crash`): the `cofrestr` CLI killed (SIGKILL on Unix, TerminateProcess
//! on Windows) at random moments while it fills a demo council, imports a spreadsheet, writes
//! and applies a departmental return, changes the passphrase, takes a backup, restores one and
//! writes the IMG pack, makes a new recovery key, recovers with one, and gives a file from before
//! recovery keys its first. After every kill the database must open (under the old passphrase or
//! the new one, for a re-key), pass `check` (integrity, links, the audit trail), and hold the
//! operation whole or not at all; a file the operation writes is either absent or complete,
//! never half-written under its name.
//!
//! Ignored by `cargo test` (it takes minutes): `make crash` runs it. `CRASH_TRIALS` sets the
//! number of kills (default 240, 30 an operation), `CRASH_SEED` the random seed (printed, so a
//! failure can be run again exactly).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use cofrestr::Session;
use rand::{Rng, SeedableRng};

const PASS: &str = "heather harbour lantern 42";
const NEW_PASS: &str = "otter meadow copper kettle";
const IMPORTED: usize = 3000;
/// The fixtures' recovery key, for `recover`.
static RECOVERY: std::sync::OnceLock<String> = std::sync::OnceLock::new();

fn cli(db: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cofrestr"));
    c.args(args)
        .env("COFRESTR_DB", db)
        .env("COFRESTR_PASSPHRASE", PASS)
        .env("COFRESTR_NEW_PASSPHRASE", NEW_PASS)
        .env("COFRESTR_RECOVERY_KEY", RECOVERY.get().map(String::as_str).unwrap_or(""))
        .env_remove("COFRESTR_LANG")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

fn run(db: &Path, args: &[&str]) {
    let o = cli(db, args).output().expect("run cofrestr");
    assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
}

fn open(db: &Path) -> Session {
    Session::open(db, PASS).unwrap_or_else(|e| panic!("{} does not open: {e}", db.display()))
}

/// The database opens and passes every check.
fn healthy(db: &Path, pass: &str) -> Session {
    let s = Session::open(db, pass).unwrap_or_else(|e| panic!("{} does not open after the kill: {e}", db.display()));
    let report = s.check().expect("check runs");
    assert!(report.ok(), "{} fails its check after the kill: {report:?}", db.display());
    s
}

fn count(s: &Session, register: &str) -> usize {
    s.all(register).expect("readable").len()
}

/// A database is copied with its key file, as a person moving it would.
fn copy(from: &Path, to: &Path) {
    std::fs::copy(from, to).expect("copy fixture");
    let key = cofrestr::keys::key_file(from);
    if key.exists() {
        std::fs::copy(&key, cofrestr::keys::key_file(to)).expect("copy key file");
    }
}

/// Nothing but complete files under final names: a temporary file of ours may be left beside
/// one (its name says so), never a half-written file under the name itself.
fn no_partial_under(dir: &Path, finals: &[&str]) {
    for name in finals {
        let p = dir.join(name);
        if p.exists() {
            assert!(std::fs::metadata(&p).unwrap().len() > 0, "{name} is empty");
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Demo,
    Import,
    ReturnExport,
    ReturnImport,
    Rekey,
    Backup,
    Restore,
    Pack,
    /// `recovery-key new`: the file re-encrypted under a new recovery key.
    NewKey,
    /// `recover`: unlocked with the recovery key, a new passphrase set.
    Recover,
    /// A file from before recovery keys unlocked: migrated, then re-encrypted under its first.
    Upgrade,
}

const OPS: [Op; 11] = [
    Op::Demo,
    Op::Import,
    Op::ReturnExport,
    Op::ReturnImport,
    Op::Rekey,
    Op::Backup,
    Op::Restore,
    Op::Pack,
    Op::NewKey,
    Op::Recover,
    Op::Upgrade,
];

/// Databases and files every trial starts from, made once.
struct Fixtures {
    dir: tempfile::TempDir,
    empty: PathBuf,
    base: PathBuf,
    base_backup: PathBuf,
    people_csv: PathBuf,
    hub: PathBuf,
    laptop: PathBuf,
    ret: PathBuf,
    /// base.db's recovery key (never confirmed, so still in the file).
    base_key: String,
    /// The previous release's file, re-keyed to PASS (still keyed by its passphrase).
    legacy: PathBuf,
}

impl Fixtures {
    fn make() -> Fixtures {
        let dir = tempfile::tempdir().unwrap();
        let p = |n: &str| dir.path().join(n);
        let (empty, base) = (p("empty.db"), p("base.db"));
        run(&empty, &["init", "--council", "Wrexham County Borough Council", "--user", "Siân Hughes"]);
        copy(&empty, &base);
        run(&base, &["demo", "--scale", "small", "--seed", "5"]);
        // A backup, then more work: restoring it takes the work away again.
        let base_backup = p("base-backup.db");
        run(&base, &["backup", "--out", base_backup.to_str().unwrap()]);
        let extra = p("extra.csv");
        std::fs::write(&extra, "name,department_id\nAfter Backup One,Corporate and Customer Services\nAfter Backup Two,Corporate and Customer Services\n").unwrap();
        run(&base, &["import", "people", extra.to_str().unwrap()]);
        let people_csv = p("people.csv");
        let rows: String =
            (0..IMPORTED).map(|i| format!("Crash Person {i:05},Corporate and Customer Services,Officer\n")).collect();
        std::fs::write(&people_csv, format!("name,department_id,job_title\n{rows}")).unwrap();

        // A hub and a laptop that has joined, taken its pack and logged a year of requests.
        let (hub, laptop) = (p("hub.db"), p("laptop.db"));
        run(&hub, &["init", "--council", "Wrexham County Borough Council", "--user", "IMG Secretary"]);
        run(&laptop, &["init", "--council", "Wrexham County Borough Council", "--user", "Gareth Jones"]);
        run(&hub, &["hub", "init"]);
        run(&hub, &["hub", "add-laptop", "--name", "Laptop", "--out", p("join.json").to_str().unwrap()]);
        run(&laptop, &["join", p("join.json").to_str().unwrap()]);
        run(&hub, &["reference-pack", "export", "--out", p("pack.cofrestr").to_str().unwrap()]);
        run(&laptop, &["reference-pack", "import", p("pack.cofrestr").to_str().unwrap()]);
        run(&laptop, &["demo", "--scale", "small", "--seed", "9"]);
        let ret = p("return.cofrestr");
        let spare = p("laptop-spare.db");
        copy(&laptop, &spare);
        run(&spare, &["return", "export", "--out", ret.to_str().unwrap()]);
        let base_key = open(&base).pending_recovery_key().unwrap().expect("an unconfirmed key").as_str().to_string();
        let legacy = p("legacy.db");
        std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging/fixtures/previous-release.db"), &legacy)
            .unwrap();
        let conn =
            cofrestr::store::open_with(&legacy, cofrestr::store::Key::Passphrase("previous release passphrase"), false)
                .unwrap();
        cofrestr::store::rekey(&conn, PASS).unwrap();
        drop(conn);
        Fixtures { dir, empty, base, base_backup, people_csv, hub, laptop, ret, base_key, legacy }
    }
}

/// The arguments an operation runs with in `trial`, and the database it works on.
fn command(op: Op, f: &Fixtures, trial: &Path) -> (PathBuf, Vec<String>) {
    let db = trial.join("db.db");
    let s = |x: &Path| x.to_str().unwrap().to_string();
    let args: Vec<String> = match op {
        Op::Demo => {
            copy(&f.empty, &db);
            vec!["demo".into(), "--scale".into(), "small".into(), "--seed".into(), "5".into()]
        }
        Op::Import => {
            copy(&f.base, &db);
            vec!["import".into(), "people".into(), s(&f.people_csv)]
        }
        Op::ReturnExport => {
            copy(&f.laptop, &db);
            vec!["return".into(), "export".into(), "--out".into(), s(&trial.join("out.cofrestr"))]
        }
        Op::ReturnImport => {
            copy(&f.hub, &db);
            vec!["return".into(), "import".into(), s(&f.ret)]
        }
        Op::Rekey => {
            copy(&f.base, &db);
            vec!["passphrase".into()]
        }
        Op::Backup => {
            copy(&f.base, &db);
            vec!["backup".into(), "--out".into(), s(&trial.join("copy.db"))]
        }
        Op::Restore => {
            copy(&f.base, &db);
            vec!["restore".into(), s(&f.base_backup)]
        }
        Op::Pack => {
            copy(&f.base, &db);
            vec![
                "report".into(),
                "pack".into(),
                "--quarter".into(),
                "2026-27-Q2".into(),
                "--out".into(),
                s(&trial.join("pack.pdf")),
            ]
        }
        Op::NewKey => {
            copy(&f.base, &db);
            vec!["recovery-key".into(), "new".into()]
        }
        Op::Recover => {
            copy(&f.base, &db);
            vec!["recover".into()]
        }
        Op::Upgrade => {
            copy(&f.legacy, &db);
            vec!["check".into()]
        }
    };
    (db, args)
}

/// What a database holds that an operation changes, to tell "whole" from "not at all".
#[derive(Debug, Clone, PartialEq, Eq)]
struct State {
    assets: usize,
    people: usize,
    requests: usize,
    returns_written: i64,
    returns_applied: i64,
    exports: usize,
}

fn state(s: &Session) -> State {
    let st = s.returns_status(chrono::Utc::now(), cofrestr::i18n::Lang::En).expect("status");
    State {
        assets: count(s, "assets"),
        people: count(s, "people"),
        requests: count(s, "requests"),
        returns_written: st.returns_written,
        returns_applied: s.connection().query_row("SELECT count(*) FROM returns_in", [], |r| r.get(0)).unwrap(),
        exports: s.exports(cofrestr::i18n::Lang::En, 1000).unwrap().len(),
    }
}

/// The states an operation may leave, before (not at all) and after (whole), and how long the
/// command takes when left alone.
fn ends(op: Op, f: &Fixtures) -> ((State, State), Duration) {
    let trial = tempfile::tempdir_in(f.dir.path()).unwrap();
    let (db, args) = command(op, f, trial.path());
    // (A file from before recovery keys is read from a copy: opening it migrates it.)
    let before = if op == Op::Upgrade {
        let probe = trial.path().join("probe.db");
        copy(&db, &probe);
        state(&open(&probe))
    } else {
        state(&open(&db))
    };
    let started = Instant::now();
    run(&db, &args.iter().map(String::as_str).collect::<Vec<_>>());
    let took = started.elapsed();
    let pass = if matches!(op, Op::Rekey | Op::Recover) { NEW_PASS } else { PASS };
    let after = state(&Session::open(&db, pass).unwrap());
    ((before, after), took)
}

/// After a kill in an operation on the keys: a key always opens the file, which is healthy and
/// holds the same records; whole or not at all is which keys open it.
fn check_keys(op: Op, f: &Fixtures, db: &Path, ends: &(State, State)) -> Option<&'static str> {
    let old = cofrestr::keys::RecoveryKey::parse(&f.base_key).unwrap();
    let opens_with = |k: &cofrestr::keys::RecoveryKey| cofrestr::store::unlock_with_recovery(db, k).is_ok();
    match op {
        Op::NewKey => {
            // The passphrase opens it whichever key it is under; the next unlock settles it.
            let s = Session::unlock(db, PASS, chrono::Utc::now())
                .unwrap_or_else(|e| panic!("does not open after the kill: {e}"));
            assert!(s.check().unwrap().ok());
            assert_eq!(state(&s), ends.0, "a new key changes no record");
            let id = s.recovery_status(cofrestr::i18n::Lang::En).unwrap().id.unwrap();
            let pending = s.pending_recovery_key().unwrap().expect("a key waits to be stored");
            assert_eq!(pending.id(), id, "the key waiting is the one the file is under");
            drop(s);
            assert!(opens_with(&pending), "the key shown opens the file");
            Some(if id == old.id() {
                "not at all"
            } else {
                assert!(!opens_with(&old), "the old key no longer opens it");
                "whole"
            })
        }
        Op::Recover => {
            let pass = if Session::open(db, PASS).is_ok() { PASS } else { NEW_PASS };
            let s = healthy(db, pass);
            assert_eq!(state(&s), ends.0, "recovering changes no record");
            drop(s);
            assert!(opens_with(&old), "the recovery key still opens it");
            Some(if pass == NEW_PASS { "whole" } else { "not at all" })
        }
        Op::Upgrade => {
            // Under its new key (whole), or still under its passphrase (not at all).
            let landed = if cofrestr::store::unlock(db, PASS).expect("opens after the kill").key.is_some() {
                "whole"
            } else {
                "not at all"
            };
            let s = Session::unlock(db, PASS, chrono::Utc::now())
                .unwrap_or_else(|e| panic!("does not open after the kill: {e}"));
            assert!(s.check().unwrap().ok());
            let (before, _) = ends;
            assert_eq!(state(&s).people, before.people, "the upgrade changes no record");
            let pending = s.pending_recovery_key().unwrap().expect("given a key at this unlock if not before");
            drop(s);
            assert!(opens_with(&pending), "the key shown opens the file");
            Some(landed)
        }
        _ => None,
    }
}

/// After a kill: healthy, and whole or not at all.
fn check_after(op: Op, f: &Fixtures, trial: &Path, db: &Path, ends: &(State, State)) -> &'static str {
    if let Some(landed) = check_keys(op, f, db, ends) {
        return landed;
    }
    let s = match op {
        // Re-keyed, or not yet: one of the two passphrases opens it, never neither.
        Op::Rekey => match Session::open(db, PASS) {
            Ok(_) => healthy(db, PASS),
            Err(_) => healthy(db, NEW_PASS),
        },
        _ => healthy(db, PASS),
    };
    let now = state(&s);
    // A re-key and a backup change no record: whether they landed is the passphrase that
    // opens the file, and the copy.
    let landed = if op == Op::Rekey {
        assert_eq!(now, ends.0, "a re-key changes no record");
        if Session::open(db, PASS).is_ok() {
            "not at all"
        } else {
            "whole"
        }
    } else if op == Op::Backup {
        assert_eq!(now, ends.0, "a backup changes no record");
        if trial.join("copy.db").exists() {
            "whole"
        } else {
            "not at all"
        }
    } else if now == ends.0 {
        "not at all"
    } else if now == ends.1 {
        "whole"
    } else {
        panic!("{op:?} left the database half-done: {now:?}, neither {:?} nor {:?}", ends.0, ends.1)
    };
    match op {
        Op::ReturnExport => {
            let out = trial.join("out.cofrestr");
            no_partial_under(trial, &["out.cofrestr"]);
            if out.exists() {
                assert_eq!(landed, "whole", "a return file exists, so its number was taken");
                // Complete: the hub reads it.
                let hub = trial.join("hub-check.db");
                copy(&f.hub, &hub);
                run(&hub, &["return", "import", out.to_str().unwrap(), "--dry-run"]);
            }
        }
        Op::Backup => {
            let out = trial.join("copy.db");
            if out.exists() {
                healthy(&out, PASS);
            }
            assert!(!PathBuf::from(format!("{}-journal", out.display())).exists() || !out.exists());
        }
        Op::Pack => {
            let out = trial.join("pack.pdf");
            if out.exists() {
                let pdf = std::fs::read(&out).unwrap();
                assert!(
                    pdf.starts_with(b"%PDF") && pdf.windows(5).rev().take(64).any(|w| w == b"%%EOF"),
                    "a complete PDF"
                );
                use sha2::Digest;
                let sha = hex::encode(sha2::Sha256::digest(&pdf));
                assert!(
                    s.exports(cofrestr::i18n::Lang::En, 10).unwrap().iter().any(|e| e.sha256 == sha),
                    "the pack on disk is recorded"
                );
            }
        }
        Op::Restore => {
            // Its own data or the backup's, whole.
            assert!(now.people == ends.0.people || now.people == ends.1.people);
        }
        _ => {}
    }
    landed
}

#[test]
#[ignore = "minutes long: run with `make crash`"]
fn killed_at_random_moments_nothing_is_half_done() {
    let trials: usize = std::env::var("CRASH_TRIALS").ok().and_then(|v| v.parse().ok()).unwrap_or(240);
    let seed: u64 = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs());
    println!("crash harness: {trials} trials, seed {seed} (CRASH_SEED={seed} runs them again)");
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let f = Fixtures::make();
    RECOVERY.set(f.base_key.clone()).unwrap();

    // Each operation's two ends and how long it takes when left alone.
    let mut plan = vec![];
    for op in OPS {
        let (e, took) = ends(op, &f);
        assert!(
            e.0 != e.1 || matches!(op, Op::Rekey | Op::Backup | Op::NewKey | Op::Recover | Op::Upgrade),
            "{op:?} changes something"
        );
        println!("  {op:?}: {} ms unkilled", took.as_millis());
        plan.push((op, e, took));
    }

    let mut tally: std::collections::BTreeMap<String, (usize, usize, usize)> = Default::default();
    for i in 0..trials {
        let (op, ends, took) = &plan[i % plan.len()];
        let trial = tempfile::tempdir_in(f.dir.path()).unwrap();
        let (db, args) = command(*op, &f, trial.path());
        // Anywhere in the command's run, from its start (opening the file) to its last write;
        // every other trial in its second half, where the writing is.
        let micros = took.as_micros() as u64;
        let from = if i % 2 == 1 { micros / 2 } else { 0 };
        let delay = Duration::from_micros(rng.random_range(from..=micros.max(from + 1)));
        let mut child = cli(&db, &args.iter().map(String::as_str).collect::<Vec<_>>()).spawn().expect("spawn cofrestr");
        std::thread::sleep(delay);
        let finished = child.try_wait().expect("wait").is_some();
        let _ = child.kill();
        let _ = child.wait();
        let landed = check_after(*op, &f, trial.path(), &db, ends);
        let t = tally.entry(format!("{op:?}")).or_default();
        match (finished, landed) {
            (true, _) => t.2 += 1,
            (false, "whole") => t.0 += 1,
            _ => t.1 += 1,
        }
    }
    println!("  {:<14} {:>14} {:>16} {:>18}", "operation", "killed: whole", "killed: not at all", "finished first");
    for (op, (whole, none, done)) in &tally {
        println!("  {op:<14} {whole:>14} {none:>16} {done:>18}");
    }
    let killed: usize = tally.values().map(|t| t.0 + t.1).sum();
    println!("crash harness: {trials}/{trials} trials healthy and whole or not at all ({killed} killed part-way, seed {seed})");
}
