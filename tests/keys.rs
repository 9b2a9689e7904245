//! Recovery keys (issue 26): a forgotten passphrase loses nothing, a wrong or tampered key
//! changes nothing, backups open with the recovery key, and files from before recovery keys
//! gain one at their first unlock.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, TimeZone, Utc};
use cofrestr::error::Error;
use cofrestr::keys::{key_file, KeyFile, RecoveryKey};
use cofrestr::session::NewDatabase;
use cofrestr::store::{self, Restored, Secret};
use cofrestr::Session;
use serde_json::json;

const PASS: &str = "heather harbour lantern 42";
const NEW_PASS: &str = "copper kettle meadow 1987";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, 10, 30, 0).unwrap()
}

fn new_db(dir: &Path) -> (PathBuf, Session, RecoveryKey) {
    let path = dir.join("cofrestr.db");
    let s = Session::create(
        &path,
        PASS,
        PASS,
        &NewDatabase {
            council: "Wrexham County Borough Council".into(),
            user_name: "Siân Hughes".into(),
            department: "Social Services".into(),
        },
        now(),
    )
    .expect("create");
    let key = s.pending_recovery_key().unwrap().expect("a new database shows its recovery key");
    (path, s, key)
}

fn add_asset(s: &mut Session, reference: &str) {
    let dept = s.all("departments").unwrap()[0].id.to_string();
    let person = s.all("people").unwrap()[0].id.to_string();
    let input = [
        ("reference", json!(reference)),
        ("name", json!(format!("Asset {reference}"))),
        ("purpose", json!("Care records")),
        ("department_id", json!(dept)),
        ("iao_id", json!(person)),
        ("format", json!("electronic")),
        ("personal_data", json!(false)),
        ("classification", json!("official")),
        ("last_reviewed", json!("2026-01-31")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    s.save("assets", None, None, &input, now()).expect("asset saved");
}

fn bytes_of(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default()
}

fn key_events(s: &Session) -> Vec<String> {
    let mut e: Vec<String> =
        s.recovery_status(cofrestr::i18n::Lang::En).unwrap().events.into_iter().map(|e| e.event).collect();
    e.reverse();
    e
}

#[test]
fn a_new_database_shows_its_key_until_a_group_is_typed_back() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut s, key) = new_db(dir.path());
    assert_eq!(key.groups().len(), 8);
    let st = s.recovery_status(cofrestr::i18n::Lang::En).unwrap();
    assert!(st.pending);
    assert_eq!(st.id.as_deref(), Some(key.id().as_str()));
    // The key file holds the database key sealed, never the recovery key or the key in clear.
    let kf = String::from_utf8(bytes_of(&key_file(&path))).unwrap();
    assert!(!kf.contains(key.as_str()) && !kf.contains(&key.as_str().replace('-', "")));
    assert!(!kf.contains(&key.database_key().pragma()[2..66]));

    // A wrong group is refused and the key still waits.
    let wrong = if key.groups()[2] == "0000" { "1111" } else { "0000" };
    assert!(matches!(s.confirm_recovery_key(3, wrong, now()), Err(Error::Validation(_))));
    assert!(s.pending_recovery_key().unwrap().is_some());
    // Closed before confirming: shown again at the next unlock.
    drop(s);
    let mut s = Session::unlock(&path, PASS, now()).unwrap();
    assert_eq!(s.pending_recovery_key().unwrap().unwrap().as_str(), key.as_str());
    s.confirm_recovery_key(3, &key.groups()[2].to_lowercase(), now()).unwrap();
    assert!(s.pending_recovery_key().unwrap().is_none());
    assert!(matches!(
        s.write_recovery_sheet(&dir.path().join("sheet.pdf"), cofrestr::i18n::Lang::En, now()),
        Err(Error::BadInput { .. })
    ));
    assert_eq!(key_events(&s), ["made", "confirmed"]);
    assert!(s.check().unwrap().ok(), "key entries keep the audit trail whole");
    drop(s);
    let s = Session::unlock(&path, PASS, now()).unwrap();
    assert!(s.pending_recovery_key().unwrap().is_none(), "once confirmed, never shown again");
}

#[test]
fn a_forgotten_passphrase_is_recovered_with_the_key_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut s, key) = new_db(dir.path());
    s.confirm_recovery_key(1, key.groups()[0], now()).unwrap();
    for i in 0..5 {
        add_asset(&mut s, &format!("IA-{i:03}"));
    }
    let entries = s.verify_audit().unwrap().entries;
    drop(s);

    // Forgotten: the passphrase no longer in anyone's head. A wrong key is refused, changing nothing.
    let before = (bytes_of(&path), bytes_of(&key_file(&path)));
    let other = RecoveryKey::generate();
    let e = Session::recover(&path, other.as_str(), NEW_PASS, NEW_PASS, now()).err().expect("wrong key");
    assert!(matches!(&e, Error::BadInput { id, .. } if id == "err-recovery-key-wrong"), "{e:?}");
    let typo = format!("{}X", &key.as_str()[..key.as_str().len() - 1]);
    assert!(matches!(Session::recover(&path, &typo, NEW_PASS, NEW_PASS, now()), Err(Error::BadInput { .. })));
    // A weak new passphrase is refused before the file is touched.
    assert!(matches!(Session::recover(&path, key.as_str(), "short", "short", now()), Err(Error::PassphraseTooWeak)));
    assert_eq!((bytes_of(&path), bytes_of(&key_file(&path))), before, "refusals change nothing");

    let later = now() + Duration::hours(1);
    let s = Session::recover(&path, &key.as_str().to_lowercase().replace('-', " "), NEW_PASS, NEW_PASS, later).unwrap();
    assert_eq!(s.all("assets").unwrap().len(), 5);
    let report = s.check().unwrap();
    assert!(report.ok(), "{report:?}");
    assert_eq!(report.audit.entries, entries + 1, "the use of the key is one entry more");
    assert_eq!(key_events(&s), ["made", "confirmed", "used"]);
    drop(s);
    assert!(
        matches!(Session::unlock(&path, PASS, later), Err(Error::WrongPassphrase)),
        "the old passphrase no longer opens it"
    );
    let s = Session::unlock(&path, NEW_PASS, later).unwrap();
    drop(s);
    // The recovery key keeps working afterwards.
    let s = Session::recover(&path, key.as_str(), PASS, PASS, later).unwrap();
    assert_eq!(s.all("assets").unwrap().len(), 5);
}

#[test]
fn a_changed_passphrase_keeps_the_key_and_every_backup_opens() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut s, key) = new_db(dir.path());
    add_asset(&mut s, "IA-001");
    let before_change = dir.path().join("before-change.db");
    s.backup(&before_change).unwrap();
    assert!(key_file(&before_change).exists(), "a backup carries its key file");
    let rolling = s.backup_on_unlock(now()).unwrap();
    // Not while another session has the file open.
    let other = Session::open(&path, PASS).unwrap();
    let e = s.change_passphrase(PASS, NEW_PASS, NEW_PASS, now()).unwrap_err();
    assert!(matches!(&e, Error::BadInput { id, .. } if id == "err-rekey-in-use"), "{e:?}");
    drop(other);
    s.change_passphrase(PASS, NEW_PASS, NEW_PASS, now()).unwrap();
    // The backups folder's copies under this key are sealed again: the old passphrase no
    // longer opens them (a copy saved elsewhere keeps its own key file).
    let sealed = KeyFile::read(&rolling).unwrap().unwrap();
    assert!(sealed.unseal(PASS).is_empty() && sealed.unseal(NEW_PASS).len() == 1);
    add_asset(&mut s, "IA-002");
    drop(s);

    // The recovery key still opens the database after the passphrase changed.
    let s = Session::recover(&path, key.as_str(), NEW_PASS, NEW_PASS, now()).unwrap();
    assert_eq!(s.all("assets").unwrap().len(), 2);
    // No restore while a session has the file open.
    let e = Session::restore(&path, &before_change, Secret::Passphrase(NEW_PASS), now()).unwrap_err();
    assert!(matches!(&e, Error::BadInput { id, .. } if id == "err-restore-in-use"), "{e:?}");
    drop(s);

    // The backup from before the change opens with the recovery key…
    assert_eq!(Session::restore(&path, &before_change, Secret::Recovery(&key), now()).unwrap(), Restored::Done);
    let s = Session::unlock(&path, NEW_PASS, now()).unwrap();
    assert_eq!(s.all("assets").unwrap().len(), 1, "the backup's records");
    drop(s);
    // …with the passphrase of its day (its own key file)…
    assert_eq!(
        Session::restore(&path, &before_change, Secret::Passphrase(PASS), now() + Duration::seconds(1)).unwrap(),
        Restored::Done
    );
    // …and, its key file lost, with today's passphrase (the same database key).
    std::fs::remove_file(key_file(&before_change)).unwrap();
    assert_eq!(
        Session::restore(&path, &before_change, Secret::Passphrase(NEW_PASS), now() + Duration::seconds(2)).unwrap(),
        Restored::Done
    );
    let s = Session::unlock(&path, NEW_PASS, now()).unwrap();
    assert!(s.check().unwrap().ok());
    drop(s);
    // A wrong key restores nothing.
    let before = bytes_of(&path);
    let e = Session::restore(
        &path,
        &before_change,
        Secret::Recovery(&RecoveryKey::generate()),
        now() + Duration::seconds(3),
    )
    .expect_err("wrong key");
    assert!(matches!(&e, Error::BadInput { id, .. } if id == "err-recovery-key-wrong"), "{e:?}");
    assert_eq!(bytes_of(&path), before);
}

#[test]
fn a_tampered_or_lost_key_file_changes_nothing_and_the_key_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut s, key) = new_db(dir.path());
    add_asset(&mut s, "IA-001");
    drop(s);
    let kf = key_file(&path);
    let good = bytes_of(&kf);

    // A slot's sealed bytes altered: the passphrase finds no key in it.
    let mut file: KeyFile = serde_json::from_slice(&good).unwrap();
    let mut sealed = file.slots[0].sealed.clone().into_bytes();
    let n = sealed.len() / 2;
    sealed[n] = if sealed[n] == b'A' { b'B' } else { b'A' };
    file.slots[0].sealed = String::from_utf8(sealed).unwrap();
    std::fs::write(&kf, serde_json::to_vec(&file).unwrap()).unwrap();
    let before = (bytes_of(&path), bytes_of(&kf));
    assert!(matches!(Session::unlock(&path, PASS, now()), Err(Error::WrongPassphrase)));
    assert_eq!((bytes_of(&path), bytes_of(&kf)), before, "a tampered key file changes nothing");

    // Not a key file at all.
    std::fs::write(&kf, b"{\"format\": \"something else\"}").unwrap();
    let e = Session::unlock(&path, PASS, now()).err().expect("damaged");
    assert!(matches!(&e, Error::BadInput { id, .. } if id == "err-key-file-damaged"), "{e:?}");
    // A forged slot (another database key, under the right passphrase) opens nothing.
    let forged = KeyFile::new(vec![cofrestr::keys::seal(&RecoveryKey::generate().database_key(), PASS, now())]);
    forged.write(&path).unwrap();
    assert!(matches!(Session::unlock(&path, PASS, now()), Err(Error::WrongPassphrase)));

    // Gone altogether: the recovery key opens the file and writes a new key file.
    std::fs::remove_file(&kf).unwrap();
    assert!(matches!(Session::unlock(&path, PASS, now()), Err(Error::WrongPassphrase)));
    let s = Session::recover(&path, key.as_str(), NEW_PASS, NEW_PASS, now()).unwrap();
    assert_eq!(s.all("assets").unwrap().len(), 1);
    drop(s);
    Session::unlock(&path, NEW_PASS, now()).unwrap();
}

#[test]
fn a_new_recovery_key_replaces_the_old_which_still_opens_older_backups() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut s, old_key) = new_db(dir.path());
    s.confirm_recovery_key(2, old_key.groups()[1], now()).unwrap();
    add_asset(&mut s, "IA-001");
    let older = dir.path().join("older.db");
    s.backup(&older).unwrap();

    assert!(matches!(s.new_recovery_key("not the passphrase", now()), Err(Error::WrongPassphrase)));
    // Not while another connection has the file open.
    let other = Session::open(&path, PASS).unwrap();
    let e = s.new_recovery_key(PASS, now()).expect_err("in use");
    assert!(matches!(&e, Error::BadInput { id, .. } if id == "err-rekey-in-use"), "{e:?}");
    drop(other);
    Session::recover(&path, old_key.as_str(), PASS, PASS, now())
        .expect("the old key still opens after a refused change");

    let new_key = s.new_recovery_key(PASS, now()).unwrap();
    assert_ne!(new_key.id(), old_key.id());
    assert_eq!(s.pending_recovery_key().unwrap().unwrap().as_str(), new_key.as_str());
    add_asset(&mut s, "IA-002");
    assert!(s.check().unwrap().ok());
    assert_eq!(key_events(&s), ["made", "confirmed", "used", "replaced"]);
    drop(s);
    assert_eq!(KeyFile::read(&path).unwrap().unwrap().slots.len(), 1, "the old slot is gone");

    // The backup made before, restored with the passphrase: put under today's key, so the old
    // key (perhaps replaced because it was seen) does not open the database again.
    let before_restore = dir.path().join("before-restore.db");
    std::fs::copy(&path, &before_restore).unwrap();
    std::fs::copy(key_file(&path), key_file(&before_restore)).unwrap();
    assert_eq!(Session::restore(&path, &older, Secret::Passphrase(PASS), now()).unwrap(), Restored::Done);
    assert!(store::unlock_with_recovery(&path, &new_key).is_ok(), "today's key opens the restored file");
    assert!(store::unlock_with_recovery(&path, &old_key).is_err(), "the replaced key does not");
    let s = Session::unlock(&path, PASS, now()).unwrap();
    assert_eq!(s.all("assets").unwrap().len(), 1, "the backup's records");
    assert!(s.check().unwrap().ok());
    drop(s);
    assert_eq!(
        Session::restore(&path, &before_restore, Secret::Passphrase(PASS), now() + chrono::Duration::seconds(1))
            .unwrap(),
        Restored::Done
    );

    let e = Session::recover(&path, old_key.as_str(), NEW_PASS, NEW_PASS, now()).err().expect("old key");
    assert!(matches!(&e, Error::BadInput { id, .. } if id == "err-recovery-key-wrong"));
    let s = Session::recover(&path, new_key.as_str(), NEW_PASS, NEW_PASS, now()).unwrap();
    assert_eq!(s.all("assets").unwrap().len(), 2);
    drop(s);
    // With the old key itself (today's passphrase unknown to it): restored under the old key,
    // said so, and the passphrase of the backup's day opens it (its key file came with it).
    let restored =
        Session::restore(&path, &older, Secret::Recovery(&old_key), now() + chrono::Duration::seconds(2)).unwrap();
    assert_eq!(restored, Restored::NeedsRecoveryKey);
    let s = Session::unlock(&path, PASS, now()).expect("the backup's own key file came with it");
    assert_eq!(s.all("assets").unwrap().len(), 1);
    assert_eq!(key_events(&s).last().map(String::as_str), Some("restored"), "the key's use is in the trail");
}

#[test]
fn a_change_of_key_stopped_part_way_still_opens_and_settles() {
    let dir = tempfile::tempdir().unwrap();
    let (path, s, key) = new_db(dir.path());
    drop(s);
    // As if killed after the key file gained the new key's slot and the pending row was
    // written, but before the file was re-encrypted.
    let next = RecoveryKey::generate();
    let mut file = KeyFile::read(&path).unwrap().unwrap();
    file.slots.insert(0, cofrestr::keys::seal(&next.database_key(), PASS, now()));
    file.write(&path).unwrap();
    let s = Session::open(&path, PASS).unwrap();
    s.connection()
        .execute("UPDATE recovery SET pending_key = ?1, pending_id = ?2", [next.as_str(), next.id().as_str()])
        .unwrap();
    drop(s);
    let s = Session::unlock(&path, PASS, now()).unwrap();
    // A key the file was never re-encrypted under is dropped; the one it is under, never
    // confirmed, is shown again.
    assert_eq!(s.pending_recovery_key().unwrap().unwrap().as_str(), key.as_str());
    assert_eq!(s.recovery_status(cofrestr::i18n::Lang::En).unwrap().id.unwrap(), key.id());
    drop(s);
    let slots = KeyFile::read(&path).unwrap().unwrap().slots;
    assert_eq!(slots.len(), 1);
    assert_eq!(slots[0].id, key.id());
}

#[test]
fn a_file_from_before_recovery_keys_gains_one_at_its_first_unlock() {
    const OLD_PASS: &str = "previous release passphrase";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cofrestr.db");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging/fixtures/previous-release.db"), &path).unwrap();
    // Opened while another has it: it stays as it was, and opens as before.
    let other = store::open_keyed(&path, OLD_PASS, false).unwrap();
    let s = Session::unlock(&path, OLD_PASS, now()).unwrap();
    assert!(s.pending_recovery_key().unwrap().is_none());
    drop(s);
    drop(other);

    let s = Session::unlock(&path, OLD_PASS, now()).unwrap();
    let key = s.pending_recovery_key().unwrap().expect("shown at the first unlock after the upgrade");
    let assets = s.all("assets").unwrap().len();
    assert!(s.check().unwrap().ok());
    assert_eq!(key_events(&s), ["made"]);
    drop(s);
    // The passphrase opens it (through the key file) and so does the recovery key.
    let s = Session::unlock(&path, OLD_PASS, now()).unwrap();
    assert_eq!(s.pending_recovery_key().unwrap().unwrap().as_str(), key.as_str());
    drop(s);
    let s = Session::recover(&path, key.as_str(), NEW_PASS, NEW_PASS, now()).unwrap();
    assert_eq!(s.all("assets").unwrap().len(), assets);
    // The copy kept before the upgrade still opens as the earlier release would.
    let copies: Vec<_> = std::fs::read_dir(store::backups_dir(&path)).unwrap().flatten().map(|e| e.path()).collect();
    let copy = copies.iter().find(|p| p.extension().is_some_and(|e| e == "db")).expect("pre-upgrade copy");
    drop(store::open_with(copy, store::Key::Passphrase(OLD_PASS), false).unwrap());
}

#[test]
fn the_recovery_sheet_is_a_pdf_recorded_as_an_export() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut s, _key) = new_db(dir.path());
    for lang in [cofrestr::i18n::Lang::En, cofrestr::i18n::Lang::Cy] {
        let out = dir.path().join(format!("sheet-{lang:?}.pdf"));
        s.write_recovery_sheet(&out, lang, now()).unwrap();
        let bytes = bytes_of(&out);
        assert!(bytes.starts_with(b"%PDF"));
        let text = String::from_utf8_lossy(&bytes);
        assert_eq!(text.matches("/Type/Page").count() - text.matches("/Type/Pages").count(), 1, "one page in {lang:?}");
        assert!(matches!(s.write_recovery_sheet(&out, lang, now()), Err(Error::BadInput { .. })), "never over a file");
    }
    let exports = s.exports(cofrestr::i18n::Lang::En, 10).unwrap();
    assert_eq!(exports.iter().filter(|e| e.kind == "recovery-sheet").count(), 2);
}
