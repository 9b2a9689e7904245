//! Departmental returns: a hub and three department databases as files in a temporary folder,
//! with edits on all sides, one record changed on both sides, deletions, a return imported
//! twice and returns out of order; tampered, cut-short and wrongly addressed files refused with
//! nothing changed; and no record text readable in a return.

use std::collections::BTreeMap;

use chrono::{Duration, TimeZone, Utc};
use cofrestr::i18n::{Lang, Messages};
use cofrestr::session::NewDatabase;
use cofrestr::Session;
use serde_json::{json, Value as Json};

const PASS: &str = "heather harbour lantern 42";

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
}

fn db(dir: &std::path::Path, name: &str) -> Session {
    let new = NewDatabase { council: "Wrexham County Borough Council".into(), user_name: format!("Officer {name}"), department: "Housing and Communities".into() };
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
    let mut f: BTreeMap<String, Json> = rec.fields.iter().map(|(k, v)| (k.clone(), serde_json::to_value(v).unwrap())).collect();
    f.insert("summary".into(), json!(summary));
    s.save("requests", Some(id), Some(rec.revision), &f, now()).unwrap();
}

fn summary(s: &Session, id: uuid::Uuid) -> Option<String> {
    s.get("requests", id).ok().map(|r| r.get("summary").to_plain())
}

fn message(e: cofrestr::Error) -> String {
    e.message(Messages::for_lang(Lang::En))
}

#[test]
fn three_departments_merge_on_the_hub_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let mut hub = db(dir.path(), "hub");
    let join = hub.hub_init(now()).unwrap();
    let (mut a, mut b, mut c) = (db(dir.path(), "a"), db(dir.path(), "b"), db(dir.path(), "c"));
    for d in [&mut a, &mut b, &mut c] {
        assert_eq!(d.join(&join, now()).unwrap(), "Wrexham County Borough Council");
    }

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
    let r = hub.import_return(&ra1, now(), true).unwrap();
    assert_eq!((r.added, r.changed, r.conflicts.len(), r.applied), (2, 0, 0, true));
    hub.import_return(&rb1, now(), true).unwrap();
    hub.import_return(&rc1, now(), true).unwrap();
    assert_eq!(summary(&hub, b1).as_deref(), Some("Gritting routes map"));
    assert_eq!(summary(&hub, c1).as_deref(), Some("Care home inspection reports"));

    // A request numbered as one the hub already has is held as a clash, not lost, and the
    // rest of the return still applies.
    let dup = request_numbered(&mut b, "Gritting budget", "FOI-A-001");
    let b2 = request(&mut b, "Salt stock levels");
    let (rb_dup, _) = b.export_return(now()).unwrap();
    let r = hub.import_return(&rb_dup, now(), true).unwrap();
    assert_eq!(r.conflicts.iter().map(|c| (c.record_id.clone(), c.reason)).collect::<Vec<_>>(), [(dup.to_string(), "clash")]);
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
    let theirs: String = hub.connection().query_row("SELECT theirs FROM sync_conflicts WHERE reason = 'changed'", [], |r| r.get(0)).unwrap();
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
    assert!(history.iter().any(|h| h.actor.contains("Officer c (return 3)") && h.installation == c.installation().id), "{:?}", history.iter().map(|h| &h.actor).collect::<Vec<_>>());
    assert!(hub.verify_audit().unwrap().problem.is_none());
}

#[test]
fn damaged_or_misaddressed_returns_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut hub = db(dir.path(), "hub");
    let join = hub.hub_init(now()).unwrap();
    let mut other_hub = db(dir.path(), "other");
    other_hub.hub_init(now()).unwrap();
    let mut a = db(dir.path(), "a");
    a.join(&join, now()).unwrap();
    request(&mut a, "Street lighting faults");
    let (ret, _) = a.export_return(now()).unwrap();
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
