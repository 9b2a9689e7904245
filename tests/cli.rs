//! The `cofrestr` command line: the same core calls, one-line errors, non-zero exits.

use std::path::Path;
use std::process::{Command, Output};

const PASS: &str = "heather harbour lantern 42";

fn cofrestr(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cofrestr"))
        .args(args)
        .env("COFRESTR_DB", db)
        .env("COFRESTR_PASSPHRASE", PASS)
        .env_remove("COFRESTR_LANG")
        .output()
        .expect("run cofrestr")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}
fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn init_demo_list_export_verify_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let o = cofrestr(&db, &["init", "--council", "Wrexham County Borough Council", "--user", "Siân Hughes"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = cofrestr(&db, &["demo", "--scale", "small", "--seed", "3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("60 people"), "{}", stdout(&o));

    let o = cofrestr(&db, &["list", "assets", "--format", "json"]);
    assert!(o.status.success());
    let items: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert!(items.len() >= 20);
    let first = &items[0];
    for key in ["id", "revision", "reference", "name", "lawful_bases", "next_review", "classification"] {
        assert!(first.get(key).is_some(), "json object lacks {key}: {first}");
    }
    assert!(first["lawful_bases"].is_array());

    let o = cofrestr(&db, &["list", "departments"]);
    assert!(stdout(&o).lines().next().unwrap().starts_with("Name"), "{}", stdout(&o));
    let o = cofrestr(&db, &["--lang", "cy", "list", "departments"]);
    assert!(stdout(&o).lines().next().unwrap().starts_with("Enw"), "{}", stdout(&o));

    let out = dir.path().join("people.csv");
    let o = cofrestr(&db, &["export", "people", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap().lines().count(),
        68,
        "header, the 60 demo staff, 6 councillors and the first-run user"
    );
    let again = cofrestr(&db, &["export", "people", "--out", out.to_str().unwrap()]);
    assert!(!again.status.success(), "never overwrites an existing file");

    let o = cofrestr(&db, &["audit", "verify"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("Audit trail intact"));
    let o = cofrestr(&db, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let copy = dir.path().join("copy.db");
    assert!(cofrestr(&db, &["backup", "--out", copy.to_str().unwrap()]).status.success());
    assert!(copy.exists());
}

#[test]
fn errors_are_one_line_on_stderr_in_the_chosen_language_with_a_failing_exit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    assert!(cofrestr(&db, &["init", "--council", "Cyngor"]).status.success());
    let o = Command::new(env!("CARGO_BIN_EXE_cofrestr"))
        .args(["--lang", "cy", "list", "people"])
        .env("COFRESTR_DB", &db)
        .env("COFRESTR_PASSPHRASE", "not it at all, sorry")
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(
        stderr(&o).starts_with("cofrestr: Cyfrinymadrodd anghywir, neu mae'r ffeil wedi'i difrodi."),
        "{}",
        stderr(&o)
    );
    let o = cofrestr(&db, &["list", "widgets"]);
    assert!(!o.status.success());
    assert_eq!(stderr(&o).lines().count(), 1);
    assert!(stderr(&o).contains("no register called “widgets”"), "{}", stderr(&o));
    let o = cofrestr(&dir.path().join("absent.db"), &["list", "people"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("There is no database at"), "{}", stderr(&o));
}

fn deadline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cofrestr")).arg("deadline").args(args).output().expect("run cofrestr")
}

#[test]
fn deadline_prints_the_due_date_alone() {
    let cases: &[(&[&str], &str)] = &[
        (&["foi", "--received", "2026-11-20"], "2026-12-21\n"),
        (&["eir", "--received", "2026-11-20", "--extended"], "2027-01-22\n"),
        (&["sar", "--received", "2027-01-31"], "2027-03-01\n"),
        (&["sar", "--received", "2026-09-14", "--paused-days", "5"], "2026-10-19\n"),
        (&["foi-review", "--received", "2026-11-20"], "2026-12-21\n"),
        (&["eir-review", "--received", "2026-11-20"], "2027-01-22\n"),
        (&["complaint-ack", "--received", "2026-12-02"], "2027-01-01\n"),
        (&["foi", "--received", "20/11/2026", "--paused-days", "10"], "2026-12-30\n"),
    ];
    for (args, expected) in cases {
        let o = deadline(args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert_eq!(stdout(&o), *expected, "{args:?}");
        assert_eq!(stderr(&o), "", "{args:?}");
    }
}

#[test]
fn deadline_refuses_bad_input_with_a_message() {
    for args in [
        &["foi", "--received", "2026-02-30"][..],
        &["fio", "--received", "2026-11-20"][..],
        &["foi", "--received", "tomorrow"][..],
        &["foi", "--received", "2026-11-20", "--paused-days", "-3"][..],
        &["foi"][..],
    ] {
        let o = deadline(args);
        assert!(!o.status.success(), "{args:?} should fail");
        assert_eq!(stdout(&o), "", "{args:?}");
        assert!(!stderr(&o).is_empty(), "{args:?}");
    }
    let o = deadline(&["fio", "--received", "2026-11-20"]);
    assert!(stderr(&o).contains("not a clock Cofrestr knows"), "{}", stderr(&o));
    // Past the known bank holidays: the date, and a warning on stderr.
    let o = deadline(&["foi", "--received", "2031-03-02"]);
    assert!(o.status.success());
    assert!(stderr(&o).contains("after 2030"), "{}", stderr(&o));
}

#[test]
fn governance_registers_and_disposals_due_from_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.db");
    assert!(cofrestr(&db, &["init", "--council", "Wrexham County Borough Council", "--user", "Siân Hughes"])
        .status
        .success());
    assert!(cofrestr(&db, &["demo", "--scale", "small", "--seed", "3"]).status.success());
    for (register, at_least, key) in [
        ("sharing", 15, "partners_signed"),
        ("retention", 40, "trigger_event"),
        ("disposals", 10, "certificate_ref"),
        // Training and assurance, by the names the issue gives them.
        ("staff", 50, "staff_number"),
        ("courses", 5, "refresh_months"),
        ("completions", 100, "expires_on"),
        ("audits", 4, "score"),
        ("assessments", 2, "score"),
    ] {
        let o = cofrestr(&db, &["list", register, "--format", "json"]);
        assert!(o.status.success(), "{register}: {}", stderr(&o));
        let items: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
        assert!(items.len() >= at_least, "{register}: {}", items.len());
        assert!(items[0].get(key).is_some(), "{register} lacks {key}");
    }
    let o = cofrestr(&db, &["disposals-due", "--within", "0", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let due: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert!(!due.is_empty(), "the demo has assets past their disposal date");
    // Nothing later than today (UK time; tomorrow in UTC bounds it safely).
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1)).date_naive().to_string();
    assert!(due.iter().all(|d| d["due"].as_str().unwrap() <= tomorrow.as_str()), "nothing ahead with --within 0");
    assert!(due.iter().any(|d| d["overdue"] == true));
    let o = cofrestr(&db, &["--lang", "cy", "retention-template"]);
    assert_eq!(stdout(&o).trim(), "Dosbarthiadau cadw cychwynnol a ychwanegwyd: 0.");
}

#[test]
fn the_img_pack_from_the_cli_never_overwrites_and_refuses_bad_options() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    assert!(cofrestr(&db, &["init", "--council", "Wrexham County Borough Council", "--user", "Siân Hughes"])
        .status
        .success());
    assert!(cofrestr(&db, &["demo", "--scale", "small", "--seed", "5"]).status.success());
    let out = dir.path().join("pack.pdf");
    let out_s = out.to_str().unwrap();
    let o = cofrestr(
        &db,
        &[
            "--lang",
            "cy",
            "report",
            "pack",
            "--quarter",
            "2025-26-Q4",
            "--out",
            out_s,
            "--marking",
            "official-sensitive",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("Ysgrifennwyd yr adroddiad i"), "{}", stdout(&o));
    let pdf = std::fs::read(&out).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    // The same file again, a bad quarter, a bad marking: refused in words, nothing written.
    for (args, says) in [
        (vec!["report", "pack", "--quarter", "2025-26-Q4", "--out", out_s], "There is already a file"),
        (vec!["report", "pack", "--quarter", "2025-26-Q5", "--out", "x.pdf"], "is not a quarter"),
        (
            vec!["report", "pack", "--quarter", "2025-26-Q4", "--out", "x.pdf", "--marking", "secret"],
            "is not a protective marking",
        ),
    ] {
        let o = cofrestr(&db, &args);
        assert!(!o.status.success());
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
    }
    assert_eq!(std::fs::read(&out).unwrap(), pdf, "the existing pack is untouched");
    assert!(!Path::new("x.pdf").exists());
}

#[test]
fn the_hub_reads_a_folder_of_returns_and_names_the_file_it_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (hub, laptop) = (dir.path().join("hub.db"), dir.path().join("laptop.db"));
    let inbox = dir.path().join("returns");
    std::fs::create_dir(&inbox).unwrap();
    let p = |p: &Path| p.to_str().unwrap().to_string();
    let run = |db: &Path, args: &[&str]| {
        let o = cofrestr(db, args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        o
    };
    run(&hub, &["init", "--council", "Wrexham County Borough Council", "--user", "Siân Hughes"]);
    run(&laptop, &["init", "--council", "Wrexham County Borough Council", "--user", "Gareth Evans"]);
    let join = dir.path().join("join.json");
    run(&hub, &["hub", "init"]);
    run(&hub, &["hub", "add-laptop", "--name", "Environment – Gareth Evans", "--out", &p(&join)]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&join).unwrap().permissions().mode() & 0o777,
            0o600,
            "a join file is the owner's alone"
        );
    }
    run(&laptop, &["join", &p(&join)]);
    let pack = dir.path().join("pack.cofrestr");
    run(&hub, &["reference-pack", "export", "--out", &p(&pack)]);
    run(&laptop, &["reference-pack", "import", &p(&pack)]);
    run(&laptop, &["return", "export", "--out", &p(&inbox.join("environment.cofrestr"))]);
    std::fs::write(inbox.join("damaged.cofrestr"), b"age-encryption.org/v1\nnot really").unwrap();

    let o = cofrestr(&hub, &["--lang", "cy", "return", "import", &p(&inbox)]);
    assert!(!o.status.success(), "a refused file fails the run");
    let out = stdout(&o);
    assert!(
        out.lines().any(|l| l.starts_with("environment.cofrestr: Rhoddwyd ffurflen 1 gan Gareth Evans ar waith")),
        "{out}"
    );
    assert!(out.lines().any(|l| l.starts_with("damaged.cofrestr: Nid ffurflen")), "{out}");
    assert_eq!(
        stderr(&o).trim(),
        "cofrestr: Gwrthodwyd un ffeil: gadawyd yr hyn oedd ym mhob un allan, a darllenwyd y lleill fel y dangosir."
    );
    std::fs::remove_file(inbox.join("damaged.cofrestr")).unwrap();
    let o = run(&hub, &["return", "import", &p(&inbox)]);
    assert_eq!(
        stdout(&o).trim(),
        "environment.cofrestr: Return 1 from Gareth Evans was applied before: nothing changed."
    );
}

#[test]
fn init_never_destroys_a_file_and_the_audit_records_what_left_with_an_anchor_to_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let run = |args: &[&str]| {
        let o = cofrestr(&db, args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        stdout(&o)
    };
    run(&["init", "--council", "Wrexham County Borough Council", "--user", "Siân Hughes"]);
    run(&["demo", "--scale", "small", "--seed", "3"]);
    // init over the file: refused, and the file (and its data) still there.
    let before = std::fs::read(&db).unwrap();
    let o = cofrestr(&db, &["init", "--council", "Another council", "--user", "Someone"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("There is already a file at"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&db).unwrap(), before, "the file is untouched");
    assert!(run(&["list", "people", "--format", "json"]).len() > 100);

    // Exports and a CSV listing are recorded; `audit exports` lists them, newest first.
    let out = dir.path().join("assets.xlsx");
    run(&["export", "assets", "--out", out.to_str().unwrap()]);
    run(&["list", "requests", "--format", "csv"]);
    let listed = run(&["audit", "exports"]);
    let lines: Vec<&str> = listed.lines().collect();
    assert!(
        lines[0].contains("Requests listed at the command line (csv")
            && lines[0].contains("(the command line's output)"),
        "{listed}"
    );
    assert!(
        lines[1].contains("Information assets exported as a spreadsheet (xlsx")
            && lines[1].contains(out.to_str().unwrap()),
        "{listed}"
    );
    // The people listing above (JSON) too.
    assert!(lines[2].contains("(json"), "{listed}");

    // A pack's anchor proves the trail later; a forged one is refused with the reason.
    let pack = dir.path().join("pack.pdf");
    run(&["report", "pack", "--quarter", "2026-27-Q2", "--out", pack.to_str().unwrap()]);
    let text =
        String::from_utf8(Command::new("pdftotext").arg(&pack).arg("-").output().expect("pdftotext").stdout).unwrap();
    let anchor = text
        .lines()
        .find(|l| l.len() > 65 && l.split_once(':').is_some_and(|(n, h)| n.parse::<u64>().is_ok() && h.len() == 64))
        .expect("the pack prints its anchor")
        .trim()
        .to_string();
    let ok = run(&["audit", "verify", "--anchor", &anchor]);
    assert!(ok.contains("It still holds the anchor given"), "{ok}");
    let (n, _) = anchor.split_once(':').unwrap();
    let forged = format!("{n}:{}", "ab".repeat(32));
    let o = cofrestr(&db, &["--lang", "cy", "audit", "verify", "--anchor", &forged]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("wedi'i ailysgrifennu"), "{}", stderr(&o));
    let o = cofrestr(&db, &["audit", "verify", "--anchor", "twelve"]);
    assert!(!o.status.success() && stderr(&o).contains("is not an audit anchor"), "{}", stderr(&o));
}

fn cofrestr_env(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cofrestr"));
    c.args(args).env("COFRESTR_DB", db).env("COFRESTR_PASSPHRASE", PASS).env_remove("COFRESTR_LANG");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run cofrestr")
}

/// The recovery key on the command line: shown at `init`, confirmed by a group, its sheet,
/// a forgotten passphrase recovered, a backup restored with it, in both languages.
#[test]
fn a_forgotten_passphrase_is_recovered_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let o = cofrestr(
        &db,
        &["--lang", "cy", "init", "--council", "Wrexham County Borough Council", "--user", "Siân Hughes"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let said = stdout(&o);
    assert!(said.contains("Eich allwedd adfer"), "{said}");
    // The key is the line of eight groups.
    let key = said
        .lines()
        .map(str::trim)
        .find(|l| l.len() == 39 && l.split('-').count() == 8)
        .expect("the key is printed")
        .to_string();
    let group: usize = said.split("--group ").nth(1).unwrap().split_whitespace().next().unwrap().parse().unwrap();
    let o = cofrestr(&db, &["recovery-key", "sheet", "--out", dir.path().join("sheet.pdf").to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read(dir.path().join("sheet.pdf")).unwrap().starts_with(b"%PDF"));
    let o = cofrestr(&db, &["recovery-key", "confirm", "--group", &group.to_string(), "ZZZZ"]);
    assert!(!o.status.success(), "a wrong group is refused");
    let value = key.split('-').nth(group - 1).unwrap();
    let o = cofrestr(&db, &["recovery-key", "confirm", "--group", &group.to_string(), value]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = cofrestr(&db, &["recovery-key", "show"]);
    assert_eq!(stdout(&o).trim(), "No recovery key is waiting to be stored.");
    let o = cofrestr(&db, &["demo", "--scale", "small", "--seed", "3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let backup = dir.path().join("before.db");
    assert!(cofrestr(&db, &["backup", "--out", backup.to_str().unwrap()]).status.success());

    // Forgotten. A wrong key is refused in the user's language.
    let new_pass = "copper kettle meadow 1987";
    let o = cofrestr_env(
        &db,
        &["--lang", "cy", "recover"],
        &[("COFRESTR_RECOVERY_KEY", "0000-0000-0000-0000-0000-0000-0000-0000"), ("COFRESTR_NEW_PASSPHRASE", new_pass)],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).starts_with("cofrestr: Nid allwedd adfer yw honno"), "{}", stderr(&o));
    let o = cofrestr_env(
        &db,
        &["recover"],
        &[("COFRESTR_RECOVERY_KEY", &key.to_lowercase()), ("COFRESTR_NEW_PASSPHRASE", new_pass)],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("Unlocked with recovery key"), "{}", stdout(&o));
    assert!(!cofrestr(&db, &["check"]).status.success(), "the old passphrase no longer opens it");
    let o = cofrestr_env(&db, &["check"], &[("COFRESTR_PASSPHRASE", new_pass)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = cofrestr_env(&db, &["recovery-key", "status"], &[("COFRESTR_PASSPHRASE", new_pass)]);
    assert!(stdout(&o).contains("Unlocked with recovery key"), "{}", stdout(&o));

    // The backup from before opens with the recovery key.
    let o =
        cofrestr_env(&db, &["restore", backup.to_str().unwrap(), "--recovery-key"], &[("COFRESTR_RECOVERY_KEY", &key)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = cofrestr_env(&db, &["list", "people", "--format", "json"], &[("COFRESTR_PASSPHRASE", new_pass)]);
    assert!(o.status.success(), "{}", stderr(&o));
}
