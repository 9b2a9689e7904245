//! Departmental returns: a hub and three department databases as files in a temporary folder,
//! with edits on all sides, one record changed on both sides, deletions, a return imported
//! twice and returns out of order; tampered, cut-short and wrongly addressed files refused with
//! nothing changed; and no record text readable in a return.

use std::collections::BTreeMap;

use chrono::{Duration, TimeZone, Utc};
use cofrestr::i18n::{Lang, Messages};
use cofrestr::returns::conflicts::Decision;
use cofrestr::session::NewDatabase;
use cofrestr::Session;
use serde_json::{json, Value as Json};

const PASS: &str = "heather harbour lantern 42";

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
}

fn db(dir: &std::path::Path, name: &str) -> Session {
    let new = NewDatabase {
        council: "Wrexham County Borough Council".into(),
        user_name: format!("Officer {name}"),
        department: "Housing and Communities".into(),
    };
    Session::create(&dir.join(format!("{name}.db")), PASS, PASS, &new, now()).unwrap()
}

/// A request under the department's own run of reference numbers, as Link Officers keep them.
fn request(s: &mut Session, summary: &str) -> uuid::Uuid {
    let n = s.all("requests").unwrap().len() + 1;
    let reference = format!("FOI-{}-{n:03}", s.installation().user_name.trim_start_matches("Officer ").to_uppercase());
    request_numbered(s, summary, &reference)
}

fn request_numbered(s: &mut Session, summary: &str, reference: &str) -> uuid::Uuid {
    let f: BTreeMap<String, Json> = [
        ("reference".to_string(), json!(reference)),
        ("request_type".to_string(), json!("foi")),
        ("summary".to_string(), json!(summary)),
        ("received_on".to_string(), json!("2026-11-02")),
    ]
    .into();
    s.save("requests", None, None, &f, now()).unwrap().id
}

fn edit(s: &mut Session, id: uuid::Uuid, summary: &str) {
    let rec = s.get("requests", id).unwrap();
    let mut f: BTreeMap<String, Json> =
        rec.fields.iter().map(|(k, v)| (k.clone(), serde_json::to_value(v).unwrap())).collect();
    f.insert("summary".into(), json!(summary));
    s.save("requests", Some(id), Some(rec.revision), &f, now()).unwrap();
}

fn summary(s: &Session, id: uuid::Uuid) -> Option<String> {
    s.get("requests", id).ok().map(|r| r.get("summary").to_plain())
}

/// The dashboard's notices about departmental returns: code and message.
fn attention(s: &Session) -> Vec<(&'static str, String)> {
    s.dashboard(now(), Lang::En)
        .unwrap()
        .attention
        .into_iter()
        .filter(|a| a.code.starts_with("returns-"))
        .map(|a| (a.code, a.message))
        .collect()
}

/// A hub and laptops `names` that have joined it and taken its first reference pack; with the
/// pack, for laptops a test adds later.
fn hub_and_laptops<const N: usize>(dir: &std::path::Path, names: [&str; N]) -> (Session, [Session; N], Vec<u8>) {
    let mut hub = db(dir, "hub");
    hub.hub_init(now()).unwrap();
    let mut laptops = names.map(|name| {
        let mut d = db(dir, name);
        let join = hub.add_laptop(&format!("Laptop {name}"), None, now()).unwrap();
        assert_eq!(d.join(&join, now()).unwrap(), "Wrexham County Borough Council");
        d
    });
    let (pack, _) = hub.export_pack(now()).unwrap();
    for d in laptops.iter_mut() {
        assert!(d.import_pack(&pack, now(), true).unwrap().applied);
    }
    (hub, laptops, pack)
}

fn message(e: cofrestr::Error) -> String {
    e.message(Messages::for_lang(Lang::En))
}

#[test]
fn three_departments_merge_on_the_hub_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let (mut hub, [mut a, mut b, mut c], _) = hub_and_laptops(dir.path(), ["a", "b", "c"]);

    // Each department logs requests offline.
    let a1 = request(&mut a, "Housing repairs backlog figures");
    let a2 = request(&mut a, "Tenancy fraud cases 2025");
    let b1 = request(&mut b, "Gritting routes map");
    let c1 = request(&mut c, "Care home inspection reports");
    let (ra1, wa1) = a.export_return(now()).unwrap();
    assert_eq!((wa1.seq, wa1.records, wa1.deletions), (1, 2, 0));
    let (rb1, _) = b.export_return(now()).unwrap();
    let (rc1, _) = c.export_return(now()).unwrap();

    // A return carries no record text: it is sealed.
    let plain = String::from_utf8_lossy(&ra1);
    assert!(plain.starts_with("age-encryption.org/v1"), "an age file");
    for secret in ["Housing repairs", "Tenancy fraud", "requests", "summary"] {
        assert!(!plain.contains(secret), "{secret} readable in the return");
    }

    // A preview writes nothing; applying adds all four.
    let preview = hub.import_return(&ra1, now(), false).unwrap();
    assert_eq!((preview.added, preview.applied), (2, false));
    assert_eq!(summary(&hub, a1), None, "a preview writes nothing");
    assert!(cofrestr::returns::trail(hub.connection(), &a.installation().id, 1).is_err(), "nor keeps its trail");
    let r = hub.import_return(&ra1, now(), true).unwrap();
    assert_eq!((r.added, r.changed, r.conflicts.len(), r.applied), (2, 0, 0, true));
    // The hub keeps the department's own audit entries with the return they came in.
    let trail = cofrestr::returns::trail(hub.connection(), &a.installation().id, 1).unwrap();
    let created: Vec<(&str, &str, String)> = trail
        .iter()
        .map(|e| {
            (
                e.action.as_str(),
                e.register.as_str(),
                e.changes["summary"]["to"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    // With them, what happened to the laptop's keys (its recovery key made): the IMG secretary
    // sees a key used or replaced on a department's laptop.
    assert_eq!(
        created,
        [
            ("key", "recovery", String::new()),
            ("create", "requests", "Housing repairs backlog figures".to_string()),
            ("create", "requests", "Tenancy fraud cases 2025".to_string())
        ]
    );
    assert!(trail.iter().all(|e| e.actor == "Officer a"), "{trail:?}");
    let received = &hub.returns_status(now(), Lang::En).unwrap().received[0];
    assert_eq!((received.entries, received.applied_by.as_deref()), (3, Some("Officer hub")));
    hub.import_return(&rb1, now(), true).unwrap();
    hub.import_return(&rc1, now(), true).unwrap();
    assert_eq!(summary(&hub, b1).as_deref(), Some("Gritting routes map"));
    assert_eq!(summary(&hub, c1).as_deref(), Some("Care home inspection reports"));
    // The hub lists each laptop's latest return and whether it came this quarter (Q3 began on
    // 1 October); by January none has, and the dashboard says so.
    let laptops: Vec<(String, Option<String>, i64, bool)> = hub
        .returns_status(now(), Lang::En)
        .unwrap()
        .laptops
        .into_iter()
        .map(|l| (l.source_name, l.department, l.seq, l.current))
        .collect();
    let housing = Some("Housing and Communities".to_string());
    assert_eq!(
        laptops,
        [
            ("Officer a".into(), housing.clone(), 1, true),
            ("Officer b".into(), housing.clone(), 1, true),
            ("Officer c".into(), housing.clone(), 1, true)
        ]
    );
    assert!(attention(&hub).is_empty(), "every laptop has sent this quarter's");
    let january = Utc.with_ymd_and_hms(2027, 1, 5, 9, 0, 0).unwrap();
    let status = hub.returns_status(january, Lang::Cy).unwrap();
    assert_eq!(
        (status.quarter_began.as_str(), status.laptops.iter().filter(|l| !l.current).count()),
        ("1 Ionawr 2027", 3)
    );
    let notice =
        hub.dashboard(january, Lang::En).unwrap().attention.into_iter().find(|a| a.code == "returns-quarter").unwrap();
    assert_eq!(notice.message, "3 laptops have sent no return since the quarter began on 1 January 2027.");

    // A request numbered as one the hub already has is held as a clash, not lost, and the
    // rest of the return still applies.
    let dup = request_numbered(&mut b, "Gritting budget", "FOI-A-001");
    let b2 = request(&mut b, "Salt stock levels");
    let (rb_dup, _) = b.export_return(now()).unwrap();
    let r = hub.import_return(&rb_dup, now(), true).unwrap();
    assert_eq!(
        r.conflicts.iter().map(|c| (c.record_id.clone(), c.reason)).collect::<Vec<_>>(),
        [(dup.to_string(), "clash")]
    );
    assert_eq!(summary(&hub, b2).as_deref(), Some("Salt stock levels"));
    assert_eq!(summary(&hub, dup), None);

    // The same return again changes nothing.
    let audit_before = hub.verify_audit().unwrap().entries;
    let again = hub.import_return(&ra1, now(), true).unwrap();
    assert!(again.already && again.added == 0);
    assert_eq!(hub.verify_audit().unwrap().entries, audit_before);

    // The hub corrects a2; department A, not knowing, changes a2 too and a1 only it changes,
    // then deletes nothing yet. B deletes b1.
    edit(&mut hub, a2, "Tenancy fraud cases 2025 (corrected by IMG)");
    edit(&mut a, a2, "Tenancy fraud cases 2025 and 2026");
    edit(&mut a, a1, "Housing repairs backlog figures by ward");
    let b1_rec = b.get("requests", b1).unwrap();
    b.delete("requests", b1, b1_rec.revision, now()).unwrap();
    let (ra2, wa2) = a.export_return(now() + Duration::hours(1)).unwrap();
    assert_eq!(wa2.seq, 2);
    let (rb2, wb2) = b.export_return(now() + Duration::hours(1)).unwrap();
    assert_eq!(wb2.deletions, 1);

    let r = hub.import_return(&ra2, now() + Duration::hours(2), true).unwrap();
    assert_eq!((r.changed, r.conflicts.len()), (1, 1), "{r:?}");
    assert_eq!(r.conflicts[0].record_id, a2.to_string());
    // One side only: theirs applied. Both sides: the hub's kept and theirs held as a conflict.
    assert_eq!(summary(&hub, a1).as_deref(), Some("Housing repairs backlog figures by ward"));
    assert_eq!(summary(&hub, a2).as_deref(), Some("Tenancy fraud cases 2025 (corrected by IMG)"));
    let open = cofrestr::returns::open_conflicts(hub.connection()).unwrap();
    assert_eq!(open.len(), 2, "the clash and this one");
    let theirs: String = hub
        .connection()
        .query_row("SELECT theirs FROM sync_conflicts WHERE reason = 'changed'", [], |r| r.get(0))
        .unwrap();
    assert!(theirs.contains("Tenancy fraud cases 2025 and 2026"), "their version is kept: {theirs}");

    // B's deletion travels as a tombstone.
    let r = hub.import_return(&rb2, now() + Duration::hours(2), true).unwrap();
    assert_eq!(r.deleted, 1);
    assert_eq!(summary(&hub, b1), None);

    // Out of order: C writes two returns; the hub gets the second first, then the first,
    // which must not undo the second.
    edit(&mut c, c1, "Care home inspection reports 2026");
    let (rc2, _) = c.export_return(now() + Duration::hours(3)).unwrap();
    edit(&mut c, c1, "Care home inspection reports 2026, all homes");
    let (rc3, _) = c.export_return(now() + Duration::hours(4)).unwrap();
    hub.import_return(&rc3, now() + Duration::hours(5), true).unwrap();
    let late = hub.import_return(&rc2, now() + Duration::hours(5), true).unwrap();
    assert_eq!((late.changed, late.stale, late.conflicts.len()), (0, 1, 0), "{late:?}");
    assert_eq!(summary(&hub, c1).as_deref(), Some("Care home inspection reports 2026, all homes"));

    // The audit trail says where each change came from.
    let history = hub.history("requests", c1, Lang::En).unwrap();
    assert!(
        history.iter().any(|h| h.actor.contains("Officer c (return 3)") && h.installation == c.installation().id),
        "{:?}",
        history.iter().map(|h| &h.actor).collect::<Vec<_>>()
    );
    // And what C did on its own copy, each entry once though returns 2 and 3 both carried the
    // first edit, marked with the return that first brought it; then the hub's own entries.
    let lines: Vec<(Option<i64>, &str, &str)> =
        history.iter().map(|h| (h.brought_by, h.action_label.as_str(), h.actor.as_str())).collect();
    assert_eq!(
        lines,
        [
            (Some(1), "Created", "Officer c"),
            (Some(2), "Changed", "Officer c"),
            (Some(3), "Changed", "Officer c"),
            (None, "Created", "Officer c (return 1)"),
            (None, "Changed", "Officer c (return 3)")
        ]
    );
    let last_edit = &history[2].changes[0];
    assert_eq!(
        (last_edit.label.as_str(), last_edit.from.as_str(), last_edit.to.as_str()),
        ("Summary of the request", "Care home inspection reports 2026", "Care home inspection reports 2026, all homes")
    );
    assert!(
        c.history("requests", c1, Lang::En).unwrap().iter().all(|h| h.brought_by.is_none()),
        "a department's history is its own"
    );
    assert!(hub.verify_audit().unwrap().problem.is_none());

    // A person decides the two conflicts: B's clashing request is taken under the next free
    // reference; for a2 the IMG secretary's correction stands.
    let waiting = hub.conflicts(Lang::En).unwrap();
    assert_eq!(waiting.len(), 2);
    assert_eq!(
        attention(&hub),
        [(
            "returns-conflicts",
            "2 records from departmental returns wait for your decision: both versions are kept until you decide."
                .to_string()
        )]
    );
    let cy =
        hub.dashboard(now(), Lang::Cy).unwrap().attention.into_iter().find(|a| a.code == "returns-conflicts").unwrap();
    assert!(cy.message.starts_with("Mae 2 o gofnodion o ffurflenni adrannol"), "{}", cy.message);
    // Come the new quarter the laptops are behind too; the decisions still come first.
    let january = Utc.with_ymd_and_hms(2027, 1, 5, 9, 0, 0).unwrap();
    let codes: Vec<&str> = hub
        .dashboard(january, Lang::En)
        .unwrap()
        .attention
        .iter()
        .map(|a| a.code)
        .filter(|c| c.starts_with("returns-"))
        .collect();
    assert_eq!(codes, ["returns-conflicts", "returns-quarter"]);
    let clash = waiting.iter().find(|w| w.reason == "clash").unwrap();
    assert_eq!((clash.title.as_str(), clash.reason_label.as_str()), ("FOI-A-001", "Cannot be taken as it stands"));
    let changed = waiting.iter().find(|w| w.reason == "changed").unwrap();
    let detail = hub.conflict(changed.id, Lang::En).unwrap();
    let differs: Vec<(&str, &str, &str)> = detail
        .fields
        .iter()
        .filter(|f| f.differs)
        .map(|f| (f.name.as_str(), f.ours.as_str(), f.theirs.as_str()))
        .collect();
    assert_eq!(
        differs,
        [("summary", "Tenancy fraud cases 2025 (corrected by IMG)", "Tenancy fraud cases 2025 and 2026")]
    );
    let later = now() + Duration::hours(6);
    hub.resolve_conflict(clash.id, &Decision::Theirs, later).unwrap();
    hub.resolve_conflict(changed.id, &Decision::Ours, later).unwrap();
    assert!(attention(&hub).is_empty(), "nothing waits once both are decided");
    assert!(message(hub.resolve_conflict(changed.id, &Decision::Theirs, later).unwrap_err())
        .contains("already been decided"));
    assert!(hub.conflicts(Lang::En).unwrap().is_empty());
    let taken = hub.get("requests", dup).unwrap();
    assert_eq!(taken.get("summary").to_plain(), "Gritting budget");
    assert_eq!(taken.get("reference").to_plain(), "FOI-2026-0001", "renumbered: FOI-A-001 is A's");
    assert_eq!(summary(&hub, a2).as_deref(), Some("Tenancy fraud cases 2025 (corrected by IMG)"));

    // The next pack tells the laptops: each takes the decided version, and their next returns
    // carry nothing the hub does not already have.
    let (pack2, written) = hub.export_pack(later).unwrap();
    assert_eq!((written.seq, written.departments), (2, 3));
    let ra = a.import_pack(&pack2, later, true).unwrap();
    assert_eq!((ra.decided, ra.acknowledged), (1, 2), "{ra:?}");
    assert_eq!(summary(&a, a2).as_deref(), Some("Tenancy fraud cases 2025 (corrected by IMG)"));
    let rb = b.import_pack(&pack2, later, true).unwrap();
    assert_eq!(rb.decided, 1);
    assert_eq!(b.get("requests", dup).unwrap().get("reference").to_plain(), "FOI-2026-0001");
    assert!(a.import_pack(&pack2, later, true).unwrap().already, "a pack twice changes nothing");
    for d in [&mut a, &mut b] {
        let (ret, _) = d.export_return(later + Duration::hours(1)).unwrap();
        let r = hub.import_return(&ret, later + Duration::hours(2), true).unwrap();
        assert!(r.conflicts.is_empty() && r.added + r.changed + r.deleted == 0, "{r:?}");
    }
    // Until the hub acknowledges it, a return's records travel again in the next; once a pack
    // acknowledges, the laptop has nothing waiting.
    assert_eq!(a.returns_status(now(), Lang::En).unwrap().pending, 1);
    let (pack3, _) = hub.export_pack(later + Duration::hours(3)).unwrap();
    let ra = a.import_pack(&pack3, later + Duration::hours(3), true).unwrap();
    assert_eq!((ra.acknowledged, ra.decided, ra.changed), (3, 0, 0), "{ra:?}");
    let st = a.returns_status(now(), Lang::En).unwrap();
    assert_eq!((st.role, st.returns_written, st.acknowledged, st.packs, st.pending), ("department", 3, 3, 3, 0));
    let (empty, w) = a.export_return(later + Duration::hours(4)).unwrap();
    assert_eq!((w.records, w.deletions), (0, 0));
    assert!(!hub.import_return(&empty, later + Duration::hours(4), true).unwrap().already);
    let st = hub.returns_status(now(), Lang::En).unwrap();
    assert_eq!((st.role, st.waiting, st.packs), ("hub", 0, 3));
    assert_eq!(st.received.len(), 11);
}

#[test]
fn damaged_or_misaddressed_returns_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut hub = db(dir.path(), "hub");
    hub.hub_init(now()).unwrap();
    let join = hub.add_laptop("Laptop a", None, now()).unwrap();
    let mut other_hub = db(dir.path(), "other");
    other_hub.hub_init(now()).unwrap();
    let mut a = db(dir.path(), "a");
    a.join(&join, now()).unwrap();
    a.import_pack(&hub.export_pack(now()).unwrap().0, now(), true).unwrap();
    request(&mut a, "Street lighting faults");
    let (ret, _) = a.export_return(now()).unwrap();

    // A file already there is never overwritten, and refusing it changes nothing: a return's
    // number, a pack's and the hub's keys are taken only once their file is saved.
    let there = dir.path().join("there.cofrestr");
    std::fs::write(&there, b"someone else's file").unwrap();
    assert!(message(a.write_return(&there, now()).unwrap_err()).contains("There is already a file at"));
    assert_eq!(a.write_return(&dir.path().join("r2.cofrestr"), now()).unwrap().seq, 2, "return 2 follows return 1");
    let packs = hub.returns_status(now(), Lang::En).unwrap().packs;
    assert!(message(hub.write_pack(&there, now()).unwrap_err()).contains("There is already a file at"));
    assert_eq!(hub.returns_status(now(), Lang::En).unwrap().packs, packs);
    let laptops = hub.laptops().unwrap().len();
    assert!(message(hub.write_join_file("Laptop c", None, &there, now()).unwrap_err())
        .contains("There is already a file at"));
    assert_eq!(hub.laptops().unwrap().len(), laptops, "no laptop added without its join file");
    assert_eq!(std::fs::read(&there).unwrap(), b"someone else's file");
    let before = hub.all("requests").unwrap();
    let audit = hub.verify_audit().unwrap().entries;

    let mut tampered = ret.clone();
    let n = tampered.len();
    tampered[n - 20] ^= 0x01;
    assert!(message(hub.import_return(&tampered, now(), true).unwrap_err()).contains("changed or cut short"));
    let cut = &ret[..ret.len() - 40];
    assert!(message(hub.import_return(cut, now(), true).unwrap_err()).contains("changed or cut short"));
    assert!(message(hub.import_return(b"hello", now(), true).unwrap_err()).contains("not a Cofrestr return"));
    assert!(message(other_hub.import_return(&ret, now(), true).unwrap_err()).contains("sealed for another hub"));
    // Sealed properly but with a trail whose entries are not audit entries: refused whole, so
    // the record histories that read the trail later always can.
    let spoilt = forge::resigned(&hub, &a, &ret, |envelope| {
        envelope["audit"] = json!([{ "seq": "first", "note": "not an audit entry" }])
    });
    assert!(message(hub.import_return(&spoilt, now(), true).unwrap_err()).contains("not a Cofrestr return"));
    // A department cannot read returns, nor write them before joining.
    let mut b = db(dir.path(), "b");
    assert!(message(b.import_return(&ret, now(), true).unwrap_err()).contains("Only the hub"));
    assert!(message(b.export_return(now()).unwrap_err()).contains("has not joined a hub"));
    let e = b.import_return(&ret, now(), true).unwrap_err();
    assert!(e.message(Messages::for_lang(Lang::Cy)).starts_with("Dim ond y canolbwynt"));
    assert_eq!(hub.all("requests").unwrap(), before);
    assert_eq!(hub.verify_audit().unwrap().entries, audit);
    // Joining twice or joining a hub to itself is refused.
    assert!(message(hub.join(&join, now()).unwrap_err()).contains("is the hub"));
    assert!(message(hub.hub_init(now()).unwrap_err()).contains("already a hub"));
    assert!(message(b.join(b"{}", now()).unwrap_err()).contains("not a Cofrestr join file"));
}

fn save(s: &mut Session, register: &str, pairs: &[(&str, Json)]) -> uuid::Uuid {
    let f: BTreeMap<String, Json> = pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    s.save(register, None, None, &f, now()).unwrap().id
}

fn ids_named(s: &Session, register: &str, name: &str) -> Vec<uuid::Uuid> {
    s.all(register).unwrap().into_iter().filter(|r| r.get("name").to_plain() == name).map(|r| r.id).collect()
}

#[test]
fn the_reference_pack_brings_a_laptop_into_step_with_the_council() {
    let dir = tempfile::tempdir().unwrap();
    let mut hub = db(dir.path(), "hub");
    let social = save(
        &mut hub,
        "departments",
        &[("name", json!("Social Services")), ("name_cy", json!("Gwasanaethau Cymdeithasol")), ("code", json!("SS"))],
    );
    let roads = save(&mut hub, "departments", &[("name", json!("Roads")), ("code", json!("RD"))]);
    let course = save(&mut hub, "courses", &[("name", json!("Data protection essentials"))]);
    let mut settings = hub.settings().unwrap();
    settings.training_target_pct = 90;
    settings.idle_lock_minutes = 30;
    hub.set_settings(&settings, now()).unwrap();
    hub.hub_init(now()).unwrap();
    let join = hub.add_laptop("Social Services", None, now()).unwrap();

    // A laptop set up offline for Social Services, before it joined: its own department record
    // and a request that names it.
    let new = NewDatabase {
        council: "Wrexham County Borough Council".into(),
        user_name: "Officer s".into(),
        department: "Social Services".into(),
    };
    let mut a = Session::create(&dir.path().join("a.db"), PASS, PASS, &new, now()).unwrap();
    let own_dept = ids_named(&a, "departments", "Social Services")[0];
    assert_ne!(own_dept, social);
    let early = save(
        &mut a,
        "requests",
        &[
            ("request_type", json!("foi")),
            ("summary", json!("Respite care costs")),
            ("received_on", json!("2026-11-02")),
            ("department_ids", json!([own_dept])),
        ],
    );
    assert_eq!(
        a.get("requests", early).unwrap().get("reference").to_plain(),
        "FOI-2026-0001",
        "not joined: the council's plain series"
    );
    a.join(&join, now()).unwrap();

    // No return before the laptop names the council's departments; its dashboard says so.
    assert_eq!(attention(&a), [("returns-no-pack", "This laptop has joined the council's hub but has not taken its reference pack yet: take it before writing a return.".to_string())]);
    let e = a.export_return(now()).unwrap_err();
    assert!(message(e).contains("reference pack first"));
    assert!(a.export_return(now()).unwrap_err().message(Messages::for_lang(Lang::Cy)).contains("becyn cyfeirio"));

    let (pack, written) = hub.export_pack(now()).unwrap();
    assert_eq!(written.departments, 0);
    assert!(!String::from_utf8_lossy(&pack).contains("Social Services"), "a pack is sealed");
    let before = a.all("requests").unwrap();
    let check = a.import_pack(&pack, now(), false).unwrap();
    // Its department, and the starter retention schedule and checklist every new database
    // has, are the council's under other ids.
    let starters = hub.all("retention").unwrap().len() + hub.all("checklist_templates").unwrap().len();
    assert_eq!((check.matched, check.applied), (1 + starters, false));
    assert_eq!(a.all("requests").unwrap(), before, "a check writes nothing");
    assert_eq!(ids_named(&a, "departments", "Social Services"), [own_dept]);

    let r = a.import_pack(&pack, now(), true).unwrap();
    assert_eq!(r.matched, 1 + starters, "{r:?}");
    let ids =
        |s: &Session| s.all("retention").unwrap().into_iter().map(|r| r.id).collect::<std::collections::BTreeSet<_>>();
    assert_eq!(ids(&a), ids(&hub));
    // The laptop's department is now the council's, and what named it follows.
    assert_eq!(ids_named(&a, "departments", "Social Services"), [social]);
    assert_eq!(a.get("departments", social).unwrap().get("name_cy").to_plain(), "Gwasanaethau Cymdeithasol");
    assert_eq!(a.get("requests", early).unwrap().get("department_ids").as_list(), [social.to_string()]);
    let me = a.installation().user_person_id.clone().unwrap();
    assert_eq!(a.get("people", me.parse().unwrap()).unwrap().get("department_id").to_plain(), social.to_string());
    assert!(a.get("courses", course).is_ok() && a.get("departments", roads).is_ok());
    // The council's settings come; the laptop's own stay.
    let s = a.settings().unwrap();
    assert_eq!((s.training_target_pct, s.idle_lock_minutes), (90, 15));
    assert!(a.check().unwrap().ok());
    assert!(a.verify_audit().unwrap().problem.is_none());

    // Joined, the laptop numbers under its department's code, so it never takes a number
    // another laptop or the hub gives out.
    let later = save(
        &mut a,
        "requests",
        &[
            ("request_type", json!("foi")),
            ("summary", json!("Day centre closures")),
            ("received_on", json!("2026-11-20")),
            ("department_ids", json!([social])),
        ],
    );
    assert_eq!(a.get("requests", later).unwrap().get("reference").to_plain(), "FOI-SS-2026-0001");

    assert_eq!(
        attention(&a),
        [(
            "returns-pending",
            "2 changed records have not reached the hub yet: write a return when you can.".to_string()
        )]
    );
    // Its return now names only records the hub has: both requests are taken, no clash.
    let (ret, w) = a.export_return(now()).unwrap();
    assert_eq!(w.records, 2);
    let r = hub.import_return(&ret, now(), true).unwrap();
    assert_eq!((r.added, r.conflicts.len()), (2, 0), "{r:?}");

    // Both sides change one request, different fields: held, then merged field by field.
    let t = now() + Duration::hours(1);
    let rec = hub.get("requests", later).unwrap();
    let mut f: BTreeMap<String, Json> =
        rec.fields.iter().map(|(k, v)| (k.clone(), serde_json::to_value(v).unwrap())).collect();
    f.insert("requester_type".into(), json!("media"));
    hub.save("requests", Some(later), Some(rec.revision), &f, t).unwrap();
    edit(&mut a, later, "Day centre closures since 2024");
    let (ret2, _) = a.export_return(t).unwrap();
    let r = hub.import_return(&ret2, t, true).unwrap();
    assert_eq!(r.conflicts.len(), 1);
    let waiting = hub.conflicts(Lang::Cy).unwrap();
    assert_eq!(waiting[0].reason_label, "Newidiwyd ar y ddwy ochr");
    let detail = hub.conflict(waiting[0].id, Lang::En).unwrap();
    let mut differs: Vec<&str> = detail.fields.iter().filter(|f| f.differs).map(|f| f.name.as_str()).collect();
    differs.sort();
    assert_eq!(differs, ["requester_type", "summary"]);
    let take: BTreeMap<String, String> = [("summary".to_string(), "theirs".to_string())].into();
    hub.resolve_conflict(waiting[0].id, &Decision::Merged(take), t).unwrap();
    let merged = hub.get("requests", later).unwrap();
    assert_eq!(
        (merged.get("summary").to_plain().as_str(), merged.get("requester_type").to_plain().as_str()),
        ("Day centre closures since 2024", "media")
    );

    // The hub withdraws the course and Roads; the laptop takes the merged request, loses the
    // course, but keeps Roads while one of its records still names it.
    let (c_rec, r_rec) = (hub.get("courses", course).unwrap(), hub.get("departments", roads).unwrap());
    hub.delete("courses", course, c_rec.revision, t).unwrap();
    hub.delete("departments", roads, r_rec.revision, t).unwrap();
    save(
        &mut a,
        "requests",
        &[
            ("request_type", json!("eir")),
            ("summary", json!("Gritting contract")),
            ("received_on", json!("2026-11-21")),
            ("department_ids", json!([roads])),
        ],
    );
    let (pack2, _) = hub.export_pack(t).unwrap();
    let r = a.import_pack(&pack2, t, true).unwrap();
    assert_eq!((r.deleted, r.kept_in_use, r.decided, r.acknowledged), (1, 1, 1, 2), "{r:?}");
    assert!(a.get("courses", course).is_err() && a.get("departments", roads).is_ok());
    let mine = a.get("requests", later).unwrap();
    assert_eq!(mine.get("requester_type").to_plain(), "media", "the merged version came back");
    assert!(a.check().unwrap().ok());

    // An older pack never undoes a newer one; a hub cannot take a pack.
    assert!(a.import_pack(&pack, t, true).unwrap().already);
    assert!(message(hub.import_pack(&pack2, t, true).unwrap_err()).contains("does not take them"));
}

#[test]
fn a_hub_from_the_previous_version_keeps_every_department_entry_with_its_return() {
    // Version 14 kept each of a department's audit entries in a row of its own. Version 15
    // keeps them with the return that first brought them, and loses none.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.db");
    let mut conn = cofrestr::store::open_keyed(&path, PASS, true).unwrap();
    cofrestr::store::migrate(&mut conn, 14).unwrap();
    conn.execute_batch(
        "INSERT INTO returns_in (source, source_name, seq, audit_to, written_at, applied_at, summary) VALUES
            ('laptop-a', 'Officer a', 1, 3, '2026-11-01T09:00:00Z', '2026-11-02T09:00:00Z', '{}'),
            ('laptop-a', 'Officer a', 2, 5, '2026-11-08T09:00:00Z', '2026-11-09T09:00:00Z', '{}'),
            ('laptop-b', 'Officer b', 1, 2, '2026-11-01T10:00:00Z', '2026-11-02T10:00:00Z', '{}');
         INSERT INTO returns_audit (source, seq, at, actor, register, record_id, action, changes) VALUES
            ('laptop-a', 1, '2026-10-01T09:00:00Z', 'Officer a', 'requests', 'r1', 'create', '{\"summary\":{\"from\":null,\"to\":\"Bins\"}}'),
            ('laptop-a', 2, '2026-10-02T09:00:00Z', 'Officer a', 'requests', 'r2', 'create', '{}'),
            ('laptop-a', 3, '2026-10-03T09:00:00Z', 'Officer a', 'requests', 'r1', 'update', '{}'),
            ('laptop-a', 4, '2026-11-04T09:00:00Z', 'Officer a', 'breaches', 'b1', 'create', '{}'),
            ('laptop-a', 5, '2026-11-05T09:00:00Z', 'Officer a', 'requests', 'r2', 'delete', '{}'),
            ('laptop-b', 1, '2026-10-01T10:00:00Z', 'Officer b', 'risks', 'k1', 'create', '{}'),
            ('laptop-b', 2, '2026-10-02T10:00:00Z', 'Officer b', 'risks', 'k1', 'update', '{}');
         INSERT INTO sync_agreed (source, register, record_id, hash, seq) VALUES
            ('laptop-a', 'requests', 'r1', 'aa', 1), ('laptop-a', 'breaches', 'b1', 'bb', 2), ('laptop-b', 'risks', 'k1', NULL, 1);",
    )
    .unwrap();
    cofrestr::store::migrate(&mut conn, cofrestr::store::MIGRATIONS.len()).unwrap();

    let seqs = |source: &str, seq: i64| -> Vec<i64> {
        cofrestr::returns::trail(&conn, source, seq).unwrap().iter().map(|e| e.seq).collect()
    };
    assert_eq!(seqs("laptop-a", 1), [1, 2, 3]);
    assert_eq!(seqs("laptop-a", 2), [4, 5]);
    assert_eq!(seqs("laptop-b", 1), [1, 2]);
    let first = &cofrestr::returns::trail(&conn, "laptop-a", 1).unwrap()[0];
    assert_eq!(
        (first.actor.as_str(), first.action.as_str(), first.changes["summary"]["to"].as_str()),
        ("Officer a", "create", Some("Bins"))
    );
    let lines: Vec<i64> = conn
        .prepare("SELECT trail_lines FROM returns_in ORDER BY source, seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(lines, [3, 2, 2]);
    let agreed: Vec<(String, Option<String>, i64)> = conn
        .prepare("SELECT record_id, hash, seq FROM sync_agreed ORDER BY source, register, record_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        agreed,
        [("b1".into(), Some("bb".into()), 2), ("r1".into(), Some("aa".into()), 1), ("k1".into(), None, 1)]
    );
    let gone: i64 =
        conn.query_row("SELECT count(*) FROM sqlite_master WHERE name = 'returns_audit'", [], |r| r.get(0)).unwrap();
    assert_eq!(gone, 0);
}

#[test]
fn a_folder_of_returns_is_read_together_each_laptop_in_order_and_a_bad_file_named() {
    let dir = tempfile::tempdir().unwrap();
    let (mut hub, [mut a, mut b], pack) = hub_and_laptops(dir.path(), ["a", "b"]);
    let inbox = dir.path().join("quarter 3");
    std::fs::create_dir(&inbox).unwrap();
    let missing =
        hub.import_returns_in(&dir.path().join("quarter 4"), now(), false, Lang::En, &mut |_| {}).unwrap_err();
    assert!(message(missing).starts_with("There is no folder at "));
    let empty = hub.import_returns_in(&inbox, now(), false, Lang::En, &mut |_| {}).unwrap_err();
    assert!(message(empty).starts_with("There is no Cofrestr file (ending .cofrestr) in "));

    // A's two returns, named so that their names sort the wrong way round; B's one; a damaged
    // file; the hub's own reference pack (sealed for the laptops); a note that is not a return.
    let a1 = request(&mut a, "Housing repairs backlog figures");
    let mut heard = vec![];
    a.write_return_with(&inbox.join("z-housing-first.cofrestr"), now(), false, &mut |p| heard.push(p)).unwrap();
    assert!(
        heard.windows(2).all(|w| w[0] <= w[1]) && heard.first() == Some(&0) && heard.last() == Some(&100),
        "{heard:?}"
    );
    edit(&mut a, a1, "Housing repairs backlog figures, by ward");
    a.write_return(&inbox.join("a-housing-second.cofrestr"), now()).unwrap();
    let b1 = request(&mut b, "Gritting routes map");
    let (rb1, _) = b.export_return(now()).unwrap();
    std::fs::write(inbox.join("m-highways.cofrestr"), &rb1).unwrap();
    let mut cut = rb1.clone();
    cut.truncate(rb1.len() - 40);
    std::fs::write(inbox.join("k-highways-copy.COFRESTR"), cut).unwrap();
    std::fs::write(inbox.join("p-pack.cofrestr"), &pack).unwrap();
    std::fs::write(inbox.join("readme.txt"), "Returns for the December meeting").unwrap();

    // File, (return, added, changed, already, applied), refused.
    type Outcome = (String, Option<(i64, usize, usize, bool, bool)>, bool);
    let outcome = |files: &[cofrestr::returns::FileReport]| -> Vec<Outcome> {
        files
            .iter()
            .map(|f| {
                (
                    f.file.clone(),
                    f.report.as_ref().map(|r| (r.seq, r.added, r.changed, r.already, r.applied)),
                    f.error.is_some(),
                )
            })
            .collect()
    };
    // Checking changes nothing.
    let folder = hub.import_returns_in(&inbox, now(), false, Lang::Cy, &mut |_| {}).unwrap();
    assert_eq!(
        (folder.ready, folder.applied, folder.refused, folder.conflicts),
        (3, 0, 2, 0),
        "three to apply, none yet"
    );
    let checked = folder.files;
    assert_eq!(summary(&hub, a1), None);
    assert_eq!(checked.len(), 5, "every .cofrestr file and nothing else: {:?}", outcome(&checked));
    let refused: Vec<(&str, &str)> =
        checked.iter().filter_map(|f| f.error.as_deref().map(|e| (f.file.as_str(), e))).collect();
    assert_eq!(refused.len(), 2);
    assert!(
        refused.iter().any(|(f, e)| *f == "k-highways-copy.COFRESTR" && e.starts_with("Nid ffurflen")),
        "in Welsh: {refused:?}"
    );
    assert!(
        refused
            .iter()
            .any(|(f, e)| *f == "p-pack.cofrestr" && e.starts_with("Seliwyd y ffeil hon ar gyfer canolbwynt arall")),
        "{refused:?}"
    );

    // Applied, A's first return goes before its second whatever their names: the edit arrives
    // as a change to the record the first one added.
    let applied = {
        let mut heard = vec![];
        let folder = hub.import_returns_in(&inbox, now(), true, Lang::En, &mut |p| heard.push(p)).unwrap();
        assert_eq!((folder.ready, folder.applied, folder.refused, folder.conflicts), (3, 3, 2, 0));
        // Progress goes one way, through each of the three returns, to the end.
        assert!(
            heard.windows(2).all(|w| w[0] <= w[1]) && heard.first() == Some(&0) && heard.last() == Some(&100),
            "{heard:?}"
        );
        assert!(heard.contains(&33) && heard.contains(&66), "{heard:?}");
        folder.files
    };
    let got = outcome(&applied);
    let order: Vec<&str> = got.iter().filter(|(_, r, _)| r.is_some()).map(|(f, _, _)| f.as_str()).collect();
    let first = order.iter().position(|f| *f == "z-housing-first.cofrestr").unwrap();
    let second = order.iter().position(|f| *f == "a-housing-second.cofrestr").unwrap();
    assert!(first < second, "{got:?}");
    assert!(got.contains(&("z-housing-first.cofrestr".into(), Some((1, 1, 0, false, true)), false)), "{got:?}");
    assert!(got.contains(&("a-housing-second.cofrestr".into(), Some((2, 0, 1, false, true)), false)), "{got:?}");
    assert!(got.contains(&("m-highways.cofrestr".into(), Some((1, 1, 0, false, true)), false)), "{got:?}");
    assert_eq!(got.iter().filter(|(_, _, refused)| *refused).count(), 2);
    assert_eq!(summary(&hub, a1).as_deref(), Some("Housing repairs backlog figures, by ward"));
    assert_eq!(summary(&hub, b1).as_deref(), Some("Gritting routes map"));
    assert_eq!(hub.returns_status(now(), Lang::En).unwrap().received.len(), 3);

    // Read again, nothing changes.
    let again = hub.import_returns_in(&inbox, now(), true, Lang::En, &mut |_| {}).unwrap();
    assert_eq!((again.ready, again.applied, again.refused), (0, 0, 2), "nothing left to apply");
    let again = again.files;
    assert!(again.iter().filter_map(|f| f.report.as_ref()).all(|r| r.already && !r.applied), "{:?}", outcome(&again));
    assert_eq!(hub.returns_status(now(), Lang::En).unwrap().received.len(), 3);
    assert!(hub.verify_audit().unwrap().problem.is_none());
}

/// Returns made by hand, as someone attacking the hub would: opened with the hub's key,
/// changed, signed and sealed again.
mod forge {
    use super::*;
    use cofrestr::returns::identity;

    fn hub_key(hub: &Session) -> age::x25519::Identity {
        let secret: String = hub.connection().query_row("SELECT hub_secret FROM sync_keys", [], |r| r.get(0)).unwrap();
        secret.parse().unwrap()
    }

    /// A laptop's own signing key, from its database.
    pub fn laptop_key(laptop: &Session) -> ed25519_dalek::SigningKey {
        let secret: String =
            laptop.connection().query_row("SELECT signing_secret FROM sync_keys", [], |r| r.get(0)).unwrap();
        ed25519_dalek::SigningKey::from_bytes(&hex::decode(secret).unwrap().try_into().unwrap())
    }

    /// The contents of a return as the hub reads them.
    pub fn envelope(hub: &Session, ret: &[u8]) -> Json {
        let plain = age::decrypt(&hub_key(hub), ret).unwrap();
        let (_, payload) = identity::open_signed(&plain, identity::RETURN).unwrap();
        serde_json::from_slice(payload).unwrap()
    }

    /// `ret` changed by `edit` and signed with `key`.
    pub fn signed_with(
        hub: &Session,
        key: &ed25519_dalek::SigningKey,
        ret: &[u8],
        edit: impl FnOnce(&mut Json),
    ) -> Vec<u8> {
        let mut env = envelope(hub, ret);
        edit(&mut env);
        let signed = identity::sign(key, identity::RETURN, &serde_json::to_vec(&env).unwrap());
        age::encrypt(&hub_key(hub).to_public(), &signed).unwrap()
    }

    /// `ret` changed by `edit` and signed again with the laptop's own key: what someone holding
    /// that laptop's unlocked database could make.
    pub fn resigned(hub: &Session, laptop: &Session, ret: &[u8], edit: impl FnOnce(&mut Json)) -> Vec<u8> {
        signed_with(hub, &laptop_key(laptop), ret, edit)
    }
}

/// The request a forged return brings, as the hostile test made it: received in the future,
/// due long before, answered before it came, closed on time.
fn forged_request(env: &mut Json, reference: &str) {
    let item = env["items"].as_array_mut().unwrap().iter_mut().find(|i| i["register"] == "requests").unwrap();
    let fields = item["fields"].as_object_mut().unwrap();
    fields.insert("reference".into(), json!(reference));
    fields.insert("received_on".into(), json!("2027-01-01"));
    fields.insert("due_on".into(), json!("1999-01-01"));
    fields.insert("responded_on".into(), json!("2020-01-01"));
    fields.insert("timeliness".into(), json!("on-time"));
    fields.insert("status".into(), json!("closed"));
    let typed: cofrestr::register::Fields = serde_json::from_value(Json::Object(fields.clone())).unwrap();
    let id: uuid::Uuid = serde_json::from_value(item["id"].clone()).unwrap();
    item["hash"] = json!(cofrestr::returns::content_hash(id, &typed));
}

#[test]
fn returns_signed_by_anyone_but_the_laptop_are_refused_and_the_laptop_carries_on() {
    let dir = tempfile::tempdir().unwrap();
    let (mut hub, [mut a, mut b], _) = hub_and_laptops(dir.path(), ["a", "b"]);
    let r1 = request(&mut a, "Pothole claims 2025");
    let (ret1, _) = a.export_return(now()).unwrap();
    assert!(hub.import_return(&ret1, now(), true).unwrap().applied);
    let before = hub.all("requests").unwrap();
    let trail = hub.verify_audit().unwrap().entries;

    // Someone with a's join file (or a copy of its return) signs with a key of their own: the
    // hub bound a's key at its first return, so this is refused whatever it claims to be.
    let stranger = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
    let chief = forge::signed_with(&hub, &stranger, &ret1, |env| {
        env["seq"] = json!(1000);
        env["source_name"] = json!("Chief Executive");
        forged_request(env, "FOI-CE-1000");
    });
    let e = hub.import_return(&chief, now(), true).unwrap_err();
    assert!(message(e).contains("signed by a key that is not the one this laptop's first return brought"));
    // Unsigned (as an earlier version wrote them), or signed for a pack: refused.
    let key: age::x25519::Identity = hub
        .connection()
        .query_row("SELECT hub_secret FROM sync_keys", [], |r| r.get::<_, String>(0))
        .unwrap()
        .parse()
        .unwrap();
    let unsigned = age::encrypt(&key.to_public(), &serde_json::to_vec(&forge::envelope(&hub, &ret1)).unwrap()).unwrap();
    assert!(message(hub.import_return(&unsigned, now(), true).unwrap_err()).contains("not signed"));
    let as_pack = age::encrypt(
        &key.to_public(),
        &cofrestr::returns::identity::sign(
            &forge::laptop_key(&a),
            cofrestr::returns::identity::PACK,
            &serde_json::to_vec(&forge::envelope(&hub, &ret1)).unwrap(),
        ),
    )
    .unwrap();
    assert!(message(hub.import_return(&as_pack, now(), true).unwrap_err()).contains("signature does not match"));
    // A laptop the hub never added.
    let unknown = forge::resigned(&hub, &a, &ret1, |env| env["laptop_id"] = json!(uuid::Uuid::new_v4().to_string()));
    assert!(message(hub.import_return(&unknown, now(), true).unwrap_err()).contains("a laptop the hub has not added"));
    // Another installation using a's identity with a's own key.
    let elsewhere = forge::resigned(&hub, &a, &ret1, |env| {
        env["source"] = json!(uuid::Uuid::new_v4().to_string());
        env["seq"] = json!(7);
    });
    assert!(hub.import_return(&elsewhere, now(), true).is_err());
    assert_eq!(hub.all("requests").unwrap(), before, "nothing forged was taken");
    assert_eq!(hub.verify_audit().unwrap().entries, trail);

    // The genuine laptop's next edit is taken as usual: nothing forged made it "older".
    edit(&mut a, r1, "Pothole claims 2025 and 2026");
    let (ret2, _) = a.export_return(now()).unwrap();
    let r = hub.import_return(&ret2, now(), true).unwrap();
    assert_eq!((r.changed, r.stale, r.conflicts.len()), (1, 0, 0));
    assert_eq!(summary(&hub, r1).as_deref(), Some("Pothole claims 2025 and 2026"));

    // A join file used first by someone else: its key is bound to them, and the real laptop's
    // return is refused loudly rather than mixed with theirs. The IMG secretary withdraws it.
    request(&mut b, "Library opening hours");
    let (b1, _) = b.export_return(now()).unwrap();
    let envelope = forge::envelope(&hub, &b1);
    let token: String = b.connection().query_row("SELECT enrol_token FROM sync_keys", [], |r| r.get(0)).unwrap();
    let thief = ed25519_dalek::SigningKey::from_bytes(&[9u8; 32]);
    let proof = {
        use hmac::Mac;
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&hex::decode(&token).unwrap()).unwrap();
        mac.update(b"cofrestr enrolment\0");
        mac.update(envelope["laptop_id"].as_str().unwrap().as_bytes());
        mac.update(b"\0");
        mac.update(thief.verifying_key().as_bytes());
        hex::encode(mac.finalize().into_bytes())
    };
    let raced = forge::signed_with(&hub, &thief, &b1, |env| {
        env["enrol_proof"] = json!(proof);
        env["source"] = json!("11111111-1111-4111-8111-111111111111");
    });
    hub.import_return(&raced, now(), true).unwrap();
    assert!(message(hub.import_return(&b1, now(), true).unwrap_err()).contains("signed by a key that is not the one"));
    let laptop_b = hub.laptops().unwrap().into_iter().find(|l| l.name == "Laptop b").unwrap();
    assert_eq!(hub.withdraw_laptop(&laptop_b.id, now()).unwrap(), "Laptop b");
    let e = hub.import_return(&raced, now(), true).unwrap_err();
    assert!(message(e).contains("withdrawn on"));
    assert_eq!(hub.laptops().unwrap().iter().map(|l| l.state).collect::<Vec<_>>(), ["active", "withdrawn"]);
    // And a withdrawn laptop gets no more packs: sealed to a only.
    let (pack, _) = hub.export_pack(now()).unwrap();
    assert!(message(b.import_pack(&pack, now(), true).unwrap_err()).contains("sealed for another hub"));
    assert!(a.import_pack(&pack, now(), true).unwrap().applied);
}

#[test]
fn a_merged_record_passes_the_windows_checks_and_the_hub_works_its_dates_out_itself() {
    let dir = tempfile::tempdir().unwrap();
    let (mut hub, [mut a], _) = hub_and_laptops(dir.path(), ["a"]);
    request(&mut a, "Bin collection complaints");
    let (ret, _) = a.export_return(now()).unwrap();
    // Someone holding a's own database signs a return with its request made impossible.
    let impossible = forge::resigned(&hub, &a, &ret, |env| forged_request(env, "FOI-A-001"));
    let r = hub.import_return(&impossible, now(), true).unwrap();
    assert_eq!((r.added, r.conflicts.len()), (0, 1));
    assert_eq!(r.conflicts[0].reason, "invalid");
    assert!(hub.all("requests").unwrap().is_empty(), "held, never written");
    let waiting = hub.conflicts(Lang::En).unwrap();
    assert_eq!(waiting[0].reason_label, "Fails the register's checks");
    assert_eq!(hub.conflicts(Lang::Cy).unwrap()[0].reason_label, "Yn methu gwiriadau'r gofrestr");

    // Received properly, but its due date, timeliness and status forged: the hub works them
    // out again and keeps its own working.
    let mut a2 = db(dir.path(), "a2");
    let join = hub.add_laptop("Laptop a2", None, now()).unwrap();
    a2.join(&join, now()).unwrap();
    a2.import_pack(&hub.export_pack(now()).unwrap().0, now(), true).unwrap();
    let id = request(&mut a2, "Council tax reductions");
    let (ret, _) = a2.export_return(now()).unwrap();
    let forged = forge::resigned(&hub, &a2, &ret, |env| {
        let item = env["items"].as_array_mut().unwrap().iter_mut().find(|i| i["register"] == "requests").unwrap();
        item["fields"]["due_on"] = json!("1999-01-01");
        item["fields"]["timeliness"] = json!("on-time");
        let typed: cofrestr::register::Fields = serde_json::from_value(item["fields"].clone()).unwrap();
        item["hash"] = json!(cofrestr::returns::content_hash(id, &typed));
    });
    let r = hub.import_return(&forged, now(), true).unwrap();
    assert_eq!((r.added, r.recomputed, r.conflicts.len()), (1, 1, 0));
    let on_hub = hub.get("requests", id).unwrap();
    assert_eq!(
        on_hub.get("due_on").to_plain(),
        a2.get("requests", id).unwrap().get("due_on").to_plain(),
        "the hub's own working"
    );
    assert_ne!(on_hub.get("due_on").to_plain(), "1999-01-01");
    assert!(hub.check().unwrap().ok());
    // A list where one value belongs is refused as such, never stored as its text.
    let listed = forge::resigned(&hub, &a2, &ret, |env| {
        let item = env["items"].as_array_mut().unwrap().iter_mut().find(|i| i["register"] == "requests").unwrap();
        item["fields"]["summary"] = json!(["Council", "tax"]);
        let typed: cofrestr::register::Fields = serde_json::from_value(item["fields"].clone()).unwrap();
        item["hash"] = json!(cofrestr::returns::content_hash(id, &typed));
        env["seq"] = json!(2);
    });
    let r = hub.import_return(&listed, now(), true).unwrap();
    assert_eq!(r.conflicts.iter().map(|c| c.reason).collect::<Vec<_>>(), ["invalid"]);
    assert_eq!(hub.get("requests", id).unwrap().get("summary").to_plain(), "Council tax reductions");
}

#[test]
fn a_laptop_restored_from_a_backup_loses_nothing_at_the_hub() {
    let dir = tempfile::tempdir().unwrap();
    let (mut hub, [mut a], _) = hub_and_laptops(dir.path(), ["a"]);
    let a_path = dir.path().join("a.db");
    let r1 = request(&mut a, "Planning appeals v1");
    let s0 = request(&mut a, "Street naming");
    let (ret1, _) = a.export_return(now()).unwrap();
    hub.import_return(&ret1, now(), true).unwrap();
    a.import_pack(&hub.export_pack(now()).unwrap().0, now(), true).unwrap();

    // Work on the laptop, a backup, more work and return 2, which the hub applies and a pack
    // acknowledges.
    edit(&mut a, r1, "Planning appeals v2");
    let r2 = request(&mut a, "School transport");
    let r5 = request(&mut a, "Burial records");
    let backup = dir.path().join("a-backup.db");
    a.backup(&backup).unwrap();
    edit(&mut a, r1, "Planning appeals v3, lost with the laptop");
    edit(&mut a, r5, "Burial records, edited in the lost history");
    edit(&mut a, s0, "Street naming, edited in the lost history");
    let r3 = request(&mut a, "Gritting budget");
    let (old2, w) = a.export_return(now()).unwrap();
    assert_eq!(w.seq, 2);
    hub.import_return(&old2, now(), true).unwrap();
    let (stale_ack, _) = hub.export_pack(now()).unwrap();

    // The laptop is restored from the backup: it numbers its next return 2 again.
    drop(a);
    Session::restore(&a_path, &backup, cofrestr::store::Secret::Passphrase(PASS), now()).unwrap();
    let mut a = Session::open(&a_path, PASS).unwrap();
    // The pack acknowledges a return 2 this laptop no longer has: not taken as its own.
    a.import_pack(&stale_ack, now(), true).unwrap();
    assert_eq!(a.returns_status(now(), Lang::En).unwrap().acknowledged, 1);
    let r4 = request(&mut a, "Allotment waiting list");
    let (new2, w) = a.export_return(now()).unwrap();
    assert_eq!(w.seq, 2);

    // Not "applied before": it is new, and the hub says the laptop's history forked.
    let check = hub.import_return(&new2, now(), false).unwrap();
    assert!(!check.already && check.forked);
    let r = hub.import_return(&new2, now(), true).unwrap();
    assert!(r.forked && r.applied && !r.already);
    assert_eq!(summary(&hub, r3).as_deref(), Some("Gritting budget"), "what the old history brought stays");
    assert_eq!(
        summary(&hub, r1).as_deref(),
        Some("Planning appeals v3, lost with the laptop"),
        "the hub keeps its copy"
    );
    assert_eq!(summary(&hub, r2).as_deref(), Some("School transport"));
    // Changed on both histories: held for a person, with the laptop's version. The restored
    // laptop numbered its new request as the old history's third: held as a clash, and taken
    // with the next free number once decided.
    let held: std::collections::BTreeSet<(String, &str)> =
        r.conflicts.iter().map(|c| (c.record_id.clone(), c.reason)).collect();
    let expected: std::collections::BTreeSet<(String, &str)> =
        [(r1.to_string(), "changed"), (r5.to_string(), "changed"), (r4.to_string(), "clash")].into_iter().collect();
    assert_eq!(held, expected, "r5 came back as it was before the lost edit: held, not taken over the hub's");
    assert_eq!(summary(&hub, r5).as_deref(), Some("Burial records, edited in the lost history"));
    let clash = hub.conflicts(Lang::En).unwrap().into_iter().find(|c| c.record_id == r4.to_string()).unwrap();
    hub.resolve_conflict(clash.id, &Decision::Theirs, now()).unwrap();
    assert_eq!(summary(&hub, r4).as_deref(), Some("Allotment waiting list"), "what the restored laptop did arrives");
    // The old return 2 is superseded; the new one stands.
    let superseded: i64 =
        hub.connection().query_row("SELECT count(*) FROM returns_in WHERE superseded = 1", [], |r| r.get(0)).unwrap();
    assert_eq!(superseded, 1);
    assert!(hub.import_return(&new2, now(), true).unwrap().already, "the new one is applied once");
    assert!(hub.import_return(&old2, now(), true).unwrap().already, "the old one is still known");
    assert!(hub.check().unwrap().ok());

    // The next pack acknowledges the new return 2, which the laptop takes; its return 3 goes
    // on from there in the ordinary way.
    a.import_pack(&hub.export_pack(now()).unwrap().0, now(), true).unwrap();
    assert_eq!(a.returns_status(now(), Lang::En).unwrap().acknowledged, 2);
    edit(&mut a, r2, "School transport 2026");
    // s0 was agreed before the backup and edited only in the lost history: the restored laptop
    // edits its older version. What the lost history agreed is forgotten, so this is held
    // rather than written over the hub's copy.
    edit(&mut a, s0, "Street naming 2026");
    let (ret3, _) = a.export_return(now()).unwrap();
    let r = hub.import_return(&ret3, now(), true).unwrap();
    assert!(!r.forked);
    assert_eq!(r.changed, 1);
    assert_eq!(
        r.conflicts.iter().map(|c| (c.record_id.clone(), c.reason)).collect::<Vec<_>>(),
        [(s0.to_string(), "changed")]
    );
    assert_eq!(summary(&hub, r2).as_deref(), Some("School transport 2026"));
    assert_eq!(summary(&hub, s0).as_deref(), Some("Street naming, edited in the lost history"));
}

#[test]
fn the_hub_records_each_laptops_trail_head_with_its_return() {
    let dir = tempfile::tempdir().unwrap();
    let (mut hub, [mut a], _) = hub_and_laptops(dir.path(), ["a"]);
    request(&mut a, "Cemetery records");
    let (ret, _) = a.export_return(now()).unwrap();
    hub.import_return(&ret, now(), true).unwrap();
    let (audit_to, head): (i64, String) = hub
        .connection()
        .query_row("SELECT audit_to, audit_head FROM returns_in", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    let theirs: String =
        a.connection().query_row("SELECT hash FROM audit WHERE seq = ?1", [audit_to], |r| r.get(0)).unwrap();
    assert_eq!(head, theirs);
    assert_eq!(
        cofrestr::audit::anchor(a.connection()).unwrap(),
        cofrestr::audit::Anchor { entries: audit_to, head: theirs }
    );
}

#[test]
fn a_whole_department_arrives_as_the_laptop_holds_it_agreements_audits_and_actions_worked_out_alike() {
    // A council's small demo (agreements with their signed partners, site audits with their
    // answered items, actions with their quarterly updates) is one laptop's work; the hub has
    // the same organisation and none of it.
    let dir = tempfile::tempdir().unwrap();
    let council = dir.path().join("council.db");
    let mut s = db(dir.path(), "council");
    cofrestr::demo::fill(&mut s, cofrestr::demo::Scale::Small, 4, now()).unwrap();
    drop(s);
    let operational: Vec<&cofrestr::register::RegisterDef> = cofrestr::registers::all()
        .iter()
        .copied()
        .filter(|d| !cofrestr::returns::REFERENCE.contains(&d.name) && d.name != "report_texts")
        .collect();
    // A database is copied with its key file (`<name>.key`), as a person moving it would.
    for name in ["hub.db", "laptop.db"] {
        std::fs::copy(&council, dir.path().join(name)).unwrap();
        std::fs::copy(cofrestr::keys::key_file(&council), cofrestr::keys::key_file(&dir.path().join(name))).unwrap();
    }
    let hub = Session::open(&dir.path().join("hub.db"), PASS).unwrap();
    hub.connection().execute("UPDATE installation SET id = ?1", ["00000000-0000-4000-8000-00000000000f"]).unwrap();
    drop(hub);
    let mut hub = Session::open(&dir.path().join("hub.db"), PASS).unwrap();
    hub.hub_init(now()).unwrap();
    let join = hub.add_laptop("Demo department", None, now()).unwrap();
    hub.connection().execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    for d in operational.iter().rev() {
        hub.connection().execute(&format!("DELETE FROM {}", d.table), []).unwrap();
    }
    hub.connection().execute_batch("PRAGMA foreign_keys = ON").unwrap();
    let (pack, _) = hub.export_pack(now()).unwrap();
    let mut laptop = Session::open(&dir.path().join("laptop.db"), PASS).unwrap();
    laptop.join(&join, now()).unwrap();
    laptop.import_pack(&pack, now(), true).unwrap();

    let (ret, w) = laptop.export_return(now()).unwrap();
    let r = hub.import_return(&ret, now(), true).unwrap();
    let expected: usize = operational.iter().map(|d| laptop.all(d.name).unwrap().len()).sum();
    assert_eq!((r.added, r.conflicts.len(), r.recomputed), (expected, 0, 0), "{:?}", r.conflicts);
    assert_eq!(w.records, expected);
    for d in &operational {
        let ours: Vec<String> =
            hub.all(d.name).unwrap().iter().map(|r| cofrestr::returns::content_hash(r.id, &r.fields)).collect();
        let theirs: Vec<String> =
            laptop.all(d.name).unwrap().iter().map(|r| cofrestr::returns::content_hash(r.id, &r.fields)).collect();
        assert_eq!(ours, theirs, "{} on the hub as the laptop holds it", d.name);
    }
    assert!(
        hub.all("sharing").unwrap().iter().any(|a| a.get("status").to_plain() == "live"),
        "a live agreement, its partners signed"
    );
    assert!(hub.check().unwrap().ok());
}

#[test]
fn a_laptop_cannot_change_another_departments_records_nor_read_what_the_hub_tells_them() {
    let dir = tempfile::tempdir().unwrap();
    let (mut hub, [mut a, mut b], _) = hub_and_laptops(dir.path(), ["a", "b"]);
    let theirs = request(&mut a, "Coroner's inquest papers");
    let (ra, _) = a.export_return(now()).unwrap();
    hub.import_return(&ra, now(), true).unwrap();
    let (pack, _) = hub.export_pack(now()).unwrap();
    a.import_pack(&pack, now(), true).unwrap();
    b.import_pack(&pack, now(), true).unwrap();
    // What the pack says to a (what the hub took, decided conflicts) is sealed to a alone: b,
    // which can open the pack, cannot open a's part of it.
    let b_key: age::x25519::Identity = b
        .connection()
        .query_row("SELECT pack_secret FROM sync_keys", [], |r| r.get::<_, String>(0))
        .unwrap()
        .parse()
        .unwrap();
    let plain = age::decrypt(&b_key, &pack).unwrap();
    let (_, payload) = cofrestr::returns::identity::open_signed(&plain, cofrestr::returns::identity::PACK).unwrap();
    let contents: Json = serde_json::from_slice(payload).unwrap();
    let acks = contents["acks"].as_array().unwrap();
    assert_eq!(acks.len(), 1);
    use base64::Engine;
    let sealed_for_a = base64::engine::general_purpose::STANDARD.decode(acks[0]["sealed"].as_str().unwrap()).unwrap();
    assert!(age::decrypt(&b_key, &sealed_for_a).is_err(), "b cannot read a's acknowledgement");
    assert!(!String::from_utf8_lossy(payload).contains(&theirs.to_string()), "no record of a's named in the pack");

    // b, signing properly, sends a change to a's record claiming to have agreed the hub's
    // version of it, and its deletion: both held for a person, a's record untouched.
    let on_hub = hub.get("requests", theirs).unwrap();
    let hash = cofrestr::returns::content_hash(theirs, &on_hub.fields);
    request(&mut b, "Something of b's own");
    let (rb, _) = b.export_return(now()).unwrap();
    let mut changed = on_hub.fields.clone();
    changed.insert("summary".into(), cofrestr::register::Value::Text("Rewritten by b".into()));
    let overreach = forge::resigned(&hub, &b, &rb, |env| {
        let items = env["items"].as_array_mut().unwrap();
        items.push(json!({ "register": "requests", "id": theirs, "fields": changed, "hash": cofrestr::returns::content_hash(theirs, &changed), "base": hash }));
    });
    let r = hub.import_return(&overreach, now(), true).unwrap();
    assert_eq!(
        r.conflicts.iter().map(|c| (c.record_id.clone(), c.reason)).collect::<Vec<_>>(),
        [(theirs.to_string(), "changed")]
    );
    assert_eq!(summary(&hub, theirs).as_deref(), Some("Coroner's inquest papers"));
    let deleting = forge::resigned(&hub, &b, &rb, |env| {
        env["seq"] = json!(2);
        env["items"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "register": "requests", "id": theirs, "fields": null, "hash": null, "base": hash }));
    });
    let r = hub.import_return(&deleting, now(), true).unwrap();
    assert!(r.conflicts.iter().any(|c| c.record_id == theirs.to_string() && c.reason == "deleted"));
    assert_eq!(summary(&hub, theirs).as_deref(), Some("Coroner's inquest papers"));

    // A return whose audit range is empty, against one the hub holds: refused or taken, never a
    // panic that would take the window down.
    let empty = forge::resigned(&hub, &a, &ra, |env| {
        env["seq"] = json!(5);
        env["audit_from"] = json!(3);
        env["audit_to"] = json!(2);
        env["items"] = json!([]);
        env["audit"] = json!([]);
    });
    let _ = hub.import_return(&empty, now(), true);
    assert!(hub.check().unwrap().ok());
}

#[test]
fn only_a_laptop_added_to_replace_one_takes_over_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let (mut hub, [mut a], _) = hub_and_laptops(dir.path(), ["a"]);
    let mine = request(&mut a, "Registrar's records");
    let (ra, _) = a.export_return(now()).unwrap();
    hub.import_return(&ra, now(), true).unwrap();
    let a_source = a.installation().id.clone();

    // Someone with an unused join file claims a's installation, to inherit what a agreed.
    let stolen = hub.add_laptop("Spare laptop", None, now()).unwrap();
    let mut thief = db(dir.path(), "thief");
    thief.join(&stolen, now()).unwrap();
    thief.import_pack(&hub.export_pack(now()).unwrap().0, now(), true).unwrap();
    request(&mut thief, "Anything");
    let (rt, _) = thief.export_return(now()).unwrap();
    let claimed = forge::resigned(&hub, &thief, &rt, |env| env["source"] = json!(a_source));
    assert!(message(hub.import_return(&claimed, now(), true).unwrap_err())
        .contains("claims the history of another installation"));
    assert_eq!(hub.laptops().unwrap().iter().find(|l| l.name == "Spare laptop").unwrap().state, "waiting");

    // a is rebuilt from a backup without its keys: its new key is refused until the IMG
    // secretary adds it again saying which laptop it replaces; then it carries on, and the old
    // entry is withdrawn.
    a.connection()
        .execute("UPDATE sync_keys SET signing_secret = NULL, laptop_id = NULL, enrol_token = NULL", [])
        .unwrap();
    assert!(message(a.export_return(now()).unwrap_err()).contains("Ask the IMG secretary to add it"));
    assert_eq!(hub.replaceable().unwrap().iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["Laptop a"]);
    let again = hub.add_laptop("Laptop a, rebuilt", Some(&hub.find_replaceable("Laptop a").unwrap()), now()).unwrap();
    a.join(&again, now()).unwrap();
    edit(&mut a, mine, "Registrar's records 2026");
    let (ra2, _) = a.export_return(now()).unwrap();
    let r = hub.import_return(&ra2, now(), true).unwrap();
    assert_eq!((r.changed, r.conflicts.len()), (1, 0));
    let states: Vec<(String, &str)> = hub.laptops().unwrap().into_iter().map(|l| (l.name, l.state)).collect();
    assert!(
        states.contains(&("Laptop a".to_string(), "withdrawn"))
            && states.contains(&("Laptop a, rebuilt".to_string(), "active")),
        "{states:?}"
    );
}

#[test]
fn a_hub_restored_from_a_backup_asks_for_everything_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut hub, [mut a], _) = hub_and_laptops(dir.path(), ["a"]);
    let hub_path = dir.path().join("hub.db");
    let backup = dir.path().join("hub-backup.db");
    hub.backup(&backup).unwrap();
    let first = request(&mut a, "Licensing register");
    let (r1, _) = a.export_return(now()).unwrap();
    hub.import_return(&r1, now(), true).unwrap();
    a.import_pack(&hub.export_pack(now()).unwrap().0, now(), true).unwrap();
    assert_eq!(a.returns_status(now(), Lang::En).unwrap().acknowledged, 1);

    // The hub's disk fails; it is restored from the backup taken before return 1.
    drop(hub);
    Session::restore(&hub_path, &backup, cofrestr::store::Secret::Passphrase(PASS), now()).unwrap();
    let mut hub = Session::open(&hub_path, PASS).unwrap();
    // Its next reference pack is numbered past the one the laptop took from it before the
    // restore, so the laptop takes it rather than call it applied before.
    let report = a.import_pack(&hub.export_pack(now()).unwrap().0, now(), true).unwrap();
    assert!(report.applied && !report.already, "{report:?}");
    let second = request(&mut a, "Taxi licences");
    let (r2, _) = a.export_return(now()).unwrap();
    let e = hub.import_return(&r2, now(), true).unwrap_err();
    assert!(message(e).contains("return 1, which the hub acknowledged but no longer has"));
    assert_eq!(summary(&hub, first), None);
    // The laptop sends everything; the hub has both requests again.
    let (full, w) = {
        let out = dir.path().join("full.cofrestr");
        let w = a.write_return_with(&out, now(), true, &mut |_| {}).unwrap();
        (std::fs::read(out).unwrap(), w)
    };
    assert_eq!(w.records, 2);
    let r = hub.import_return(&full, now(), true).unwrap();
    assert_eq!((r.added, r.conflicts.len()), (2, 0));
    assert_eq!(summary(&hub, first).as_deref(), Some("Licensing register"));
    assert_eq!(summary(&hub, second).as_deref(), Some("Taxi licences"));
    assert!(hub.check().unwrap().ok());
}

#[test]
fn a_pack_signed_by_anyone_but_the_hub_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut hub, [mut a], _) = hub_and_laptops(dir.path(), ["a"]);
    let (pack, _) = hub.export_pack(now()).unwrap();
    // Someone holding a's join file (so a's pack key) makes a pack of their own: the hub's
    // contents with a department renamed, sealed to a and signed with their own key.
    let a_key: age::x25519::Identity = a
        .connection()
        .query_row("SELECT pack_secret FROM sync_keys", [], |r| r.get::<_, String>(0))
        .unwrap()
        .parse()
        .unwrap();
    let plain = age::decrypt(&a_key, &pack).unwrap();
    let (_, payload) = cofrestr::returns::identity::open_signed(&plain, cofrestr::returns::identity::PACK).unwrap();
    let mut contents: Json = serde_json::from_slice(payload).unwrap();
    contents["seq"] = json!(99);
    contents["settings"]["training_target_pct"] = json!(5);
    let forger = ed25519_dalek::SigningKey::from_bytes(&[3u8; 32]);
    let forged = cofrestr::returns::identity::sign(
        &forger,
        cofrestr::returns::identity::PACK,
        &serde_json::to_vec(&contents).unwrap(),
    );
    let forged = age::encrypt(&a_key.to_public(), &forged).unwrap();
    let before = a.settings().unwrap();
    assert!(
        message(a.import_pack(&forged, now(), true).unwrap_err()).contains("not signed by the hub this laptop joined")
    );
    // Unsigned, as an earlier version made them.
    let unsigned = age::encrypt(&a_key.to_public(), &serde_json::to_vec(&contents).unwrap()).unwrap();
    assert!(message(a.import_pack(&unsigned, now(), true).unwrap_err()).contains("not signed"));
    // A return's signature passed off as a pack's.
    let as_return = cofrestr::returns::identity::sign(
        &forge::laptop_key(&a),
        cofrestr::returns::identity::RETURN,
        &serde_json::to_vec(&contents).unwrap(),
    );
    assert!(a.import_pack(&age::encrypt(&a_key.to_public(), &as_return).unwrap(), now(), true).is_err());
    assert_eq!(a.settings().unwrap(), before, "nothing changed");
    // The hub's own next pack still applies.
    assert!(a.import_pack(&hub.export_pack(now()).unwrap().0, now(), true).unwrap().applied);
}

/// Issue 26: the hub holds each laptop's recovery key in escrow, sealed to the hub, and the
/// council recovers a laptop whose officer has left without anyone keeping its sheet.
#[test]
fn the_hub_holds_each_laptops_recovery_key_and_recovers_a_laptop_whose_officer_left() {
    let dir = tempfile::tempdir().unwrap();
    let (mut hub, [mut a], _) = hub_and_laptops(dir.path(), ["a"]);
    let key_a = a.pending_recovery_key().unwrap().expect("a new laptop's key");
    // Its officer confirms the sheet stored (and then loses it): the key leaves the screen.
    a.confirm_recovery_key(1, key_a.groups()[0], now()).unwrap();
    request(&mut a, "Housing repairs backlog figures");
    let e = hub.open_escrow("Laptop a", now()).expect_err("nothing held before a return");
    assert!(message(e).contains("holds no recovery key for laptop Laptop a"));

    let (ra, _) = a.export_return(now()).unwrap();
    let plain = String::from_utf8_lossy(&ra);
    assert!(!plain.contains(key_a.as_str()), "the key travels sealed");
    // A preview keeps nothing; applying keeps the key, still sealed.
    hub.import_return(&ra, now(), false).unwrap();
    assert!(hub.escrowed_keys().unwrap().is_empty());
    hub.import_return(&ra, now(), true).unwrap();
    let held = hub.escrowed_keys().unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!((held[0].laptop.as_str(), held[0].key_id.as_str()), ("Laptop a", key_a.id().as_str()));
    let stored: Vec<u8> = hub.connection().query_row("SELECT sealed FROM key_escrow", [], |r| r.get(0)).unwrap();
    assert!(!String::from_utf8_lossy(&stored).contains(key_a.as_str()), "kept sealed on the hub");

    // Only the hub opens it; the laptop cannot.
    assert!(a.open_escrow("Laptop a", now()).is_err());
    let (opened, entry) = hub.open_escrow("laptop A", now()).unwrap();
    assert_eq!(opened.as_str(), key_a.as_str());
    assert_eq!(entry.laptop, "Laptop a");
    let events = hub.recovery_status(Lang::En).unwrap().events;
    assert_eq!(events[0].event, "escrow-opened");
    assert!(events[0].said.contains("Laptop a"), "{}", events[0].said);
    assert!(hub.check().unwrap().ok());

    // The officer has left: nobody knows the passphrase; the escrowed key opens the laptop.
    let path = dir.path().join("a.db");
    drop(a);
    let a = Session::recover(&path, opened.as_str(), "copper kettle meadow 1987", "copper kettle meadow 1987", now())
        .unwrap();
    assert_eq!(a.all("requests").unwrap().len(), 1);
    assert!(a.check().unwrap().ok());

    // A new recovery key reaches the hub with the next return, replacing the old.
    let mut a = a;
    let new_key = a.new_recovery_key("copper kettle meadow 1987", now()).unwrap();
    request(&mut a, "Tenancy fraud cases 2025");
    let (ra2, _) = a.export_return(now()).unwrap();
    hub.import_return(&ra2, now(), true).unwrap();
    let (opened, _) = hub.open_escrow("Laptop a", now()).unwrap();
    assert_eq!(opened.as_str(), new_key.as_str());
    // A sealed key altered on the hub is refused as such, and changes nothing.
    let mut sealed: Vec<u8> = hub.connection().query_row("SELECT sealed FROM key_escrow", [], |r| r.get(0)).unwrap();
    let n = sealed.len() - 5;
    sealed[n] ^= 0x40;
    hub.connection().execute("UPDATE key_escrow SET sealed = ?1", [sealed]).unwrap();
    let e = hub.open_escrow("Laptop a", now()).expect_err("damaged");
    assert!(message(e).contains("cannot be opened with this hub's key"));
}
