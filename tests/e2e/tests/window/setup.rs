//! First run, unlocking and locking, recovery keys, the idle lock, the About screen and the installed package.

use cofrestr_e2e::prelude::*;

/// The About screen, locked and unlocked, in English and Welsh: the version of this build, the
/// installation's id and role once unlocked, and the licences `cargo about` generated.
async fn about_journey(w: &mut Window) {
    w.click("#gate-about").await;
    w.wait_text("main h1", |t| t == "About Cofrestr").await;
    assert_eq!(w.text("#about-version").await, env!("CARGO_PKG_VERSION"));
    assert_eq!(w.text("#about-licence").await, "EUPL-1.2");
    assert!(w.text("#about-locked").await.contains("Unlock the database"));
    assert!(w.count("#about-installation").await == 0, "no installation id while locked");
    let crates = w.count("#about-crates-list li").await;
    assert!(crates >= 10, "licences listed: {crates}");
    let heading = w.text("#about-crates").await;
    let n: usize = heading.rsplit(' ').next().unwrap().parse().expect("a count of crates");
    assert!(n > 200, "{heading}");
    assert!(w.text("#about-fonts").await.contains("Fonts"));
    w.shot("about-locked").await;
    w.click("#about-back").await;
    first_run(w).await;

    w.click("#nav-about").await;
    w.wait_text("main h1", |t| t == "About Cofrestr").await;
    assert_eq!(w.text("#about-role").await, "Department laptop");
    assert_eq!(w.text("#about-installation").await.len(), 36);
    assert!(w.text("#about-database").await.ends_with("cofrestr.db"));
    // A licence's text opens from its summary, by keyboard.
    w.click("#about-crates-list li:first-child summary").await;
    let first = w.text("#about-crates-0").await;
    assert!(first.contains("European Union Public Licence") || first.contains("Licence"), "{first}");
    w.shot("about").await;

    w.arrow_down("#lang-select", 1).await;
    w.wait_text("main h1", |t| t == "Ynglŷn â Cofrestr").await;
    assert_eq!(w.text("#about-role").await, "Gliniadur adran");
    assert!(w.text("#about-crates").await.starts_with("Llyfrgelloedd meddalwedd"));
    assert!(w.text("#about-fonts").await.starts_with("Ffontiau"));
    let built = w.text("#about-built").await;
    assert!(
        [
            "Ionawr",
            "Chwefror",
            "Mawrth",
            "Ebrill",
            "Mai",
            "Mehefin",
            "Gorffennaf",
            "Awst",
            "Medi",
            "Hydref",
            "Tachwedd",
            "Rhagfyr"
        ]
        .iter()
        .any(|m| built.contains(m)),
        "{built}"
    );
    w.shot("about-cy").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn first_run_add_asset_search_welsh_lock_and_unlock() {
    let mut w = Window::open("journey").await;
    let key = first_run(&mut w).await;
    assert!(w.data.path().join("cofrestr.db").exists());
    let raw = std::fs::read(w.data.path().join("cofrestr.db")).unwrap();
    assert!(!raw.starts_with(b"SQLite format 3"), "the database file must be encrypted");
    // A new council has no SIRO yet: the dashboard says so.
    let attention = w.wait_text("#attention", |t| !t.is_empty()).await;
    assert!(attention.contains("SIRO"), "{attention}");
    w.shot("dashboard").await;

    // Add an asset: first without the required fields.
    w.click("#nav-assets").await;
    w.wait_text("main h1", |t| t == "Information assets").await;
    w.click("#add-record").await;
    w.el("#record-page").await;
    w.click("#record-save").await;
    // Each says what to give, by its own name; the summary is headed as GOV.UK's are.
    let err = w.wait_text("[data-field='reference'] .error", |t| !t.is_empty()).await;
    assert_eq!(err, "Enter reference.");
    assert_eq!(w.text("[data-field='purpose'] .error").await, "Enter purpose of processing.");
    assert_eq!(w.text("[data-field='department_id'] .error").await, "Choose department.");
    assert_eq!(w.text("#record-page .error-summary h2").await, "There is a problem");
    w.shot("asset-validation").await;

    w.type_into("#record-page [name='reference']", "IA-CCS-0001").await;
    w.type_into("#record-page [name='name']", "Gŵyl Dewi volunteer register").await;
    w.type_into("#record-page [name='purpose']", "Organising volunteers for the St David's Day parade").await;
    // Each reference is one combobox: the department found by typing, the owner from the list.
    assert_eq!(w.choose_ref("department_id", "corporate").await, "Corporate and Customer Services (CCS)");
    assert!(w.choose_ref("iao_id", "").await.starts_with("Siân Hughes"));
    for picker in ["department_id", "iao_id"] {
        assert_ne!(w.attr(&format!("#record-page [name='{picker}']"), "data-value").await, "", "{picker} chosen");
    }
    for value in ["public-task", "residents", "basic-identifiers"] {
        w.tick(&format!("#record-page [data-field] input[type=checkbox][value='{value}']")).await;
    }
    w.type_into("#record-page [name='last_reviewed']", "31/02/2026").await;
    w.click("#record-save").await;
    let err = w.wait_text("[data-field='last_reviewed'] .error", |t| !t.is_empty()).await;
    assert!(err.contains("is not a date"), "{err}");
    w.type_into("#record-page [name='last_reviewed']", "2026-01-31").await;
    w.click("#record-save").await;
    // The saved record is shown, its title focused, with the date read back day first.
    w.wait_text("#record-saved", |t| t == "Saved.").await;
    let focused = w.client.execute("return document.activeElement.id", vec![]).await.expect("active element");
    assert_eq!(focused.as_str(), Some("record-title"));
    assert_eq!(w.text("#record-title").await, "IA-CCS-0001 – Gŵyl Dewi volunteer register");
    assert_eq!(w.value("#record-page [name='last_reviewed']").await, "31/01/2026");
    w.saved_then_back().await;
    w.wait_text("#register-table tbody", |t| t.contains("IA-CCS-0001")).await;
    // Keyboard users land back on the record they saved.
    let focused = w.client.execute("return document.activeElement.textContent", vec![]).await.expect("active element");
    assert_eq!(focused.as_str(), Some("IA-CCS-0001"));
    // The next review was worked out by the core: a year after the last review.
    let row = w.text("#register-table tbody tr").await;
    assert!(row.contains("31/01/2027"), "{row}");

    // Find it by search, with or without the circumflex.
    w.type_into("#register-search", "gwyl dewi").await;
    w.wait_text("#record-count", |t| t == "Records: 1").await;
    w.shot("asset-search").await;
    w.type_into("#register-search", "no such thing anywhere").await;
    w.wait_text("#register-table tbody", |t| t.contains("No records match")).await;

    // Cymraeg, remembered after locking.
    w.arrow_down("#lang-select", 1).await;
    w.wait_text("#nav-assets", |t| t == "Asedau gwybodaeth").await;
    w.wait_text("main h1", |t| t == "Asedau gwybodaeth").await;
    let header = w.text("#register-table thead").await;
    assert!(header.contains("Cyfeirnod"), "{header}");
    w.shot("asset-register-cy").await;

    w.click("#lock-button").await;
    w.wait_text("main h1", |t| t == "Datgloi Cofrestr").await;
    w.type_into("#unlock-passphrase", "not the passphrase").await;
    w.click("#unlock-submit").await;
    let err = w.wait_text(".error-summary", |t| !t.is_empty()).await;
    assert!(err.contains("Cyfrinymadrodd anghywir"), "{err}");
    w.shot("unlock-wrong-cy").await;
    // The forgotten-passphrase page in English too (a language change redraws the unlock page).
    w.arrow_up_lang().await;
    w.wait_text("main h1", |t| t == "Unlock Cofrestr").await;
    w.click("#unlock-forgotten").await;
    w.wait_text("main h1", |t| t == "Unlock with the recovery key").await;
    w.shot("recover-en").await;
    w.click("#recover-back").await;
    w.wait_text("main h1", |t| t == "Unlock Cofrestr").await;
    w.arrow_down("#lang-select", 1).await;
    w.wait_text("main h1", |t| t == "Datgloi Cofrestr").await;
    // Forgotten: the recovery key opens it and a new passphrase is set (here the same words).
    w.click("#unlock-forgotten").await;
    w.wait_text("main h1", |t| t == "Datgloi â'r allwedd adfer").await;
    w.type_into("#recover-key", "0000-0000-0000-0000-0000-0000-0000-0000").await;
    w.type_into("#recover-new", PASSPHRASE).await;
    w.type_into("#recover-repeat", PASSPHRASE).await;
    w.click("#recover-submit").await;
    let err = w.wait_text(".error-summary", |t| !t.is_empty()).await;
    assert!(err.contains("Nid allwedd adfer yw honno"), "{err}");
    w.shot("recover-wrong-cy").await;
    w.type_into("#recover-key", &key.to_lowercase().replace('-', " ")).await;
    w.click("#recover-submit").await;
    // Unlocking returns to where the user was, still in Welsh.
    w.wait_text("main h1", |t| t == "Asedau gwybodaeth").await;
    w.click("#nav-dashboard").await;
    w.wait_text("main h1", |t| t == "Dangosfwrdd").await;
    assert_eq!(w.count("#count-assets").await, 1);
    let n = w.text("#count-assets .card-number").await;
    assert_eq!(n, "1");
    w.shot("dashboard-cy").await;
    let data = w.close().await;
    // Unlocking took a backup.
    let backups: Vec<_> = std::fs::read_dir(data.path().join("backups")).expect("backups folder").collect();
    assert!(backups.len() >= 2, "a backup on creation and one on unlock, got {}", backups.len());
}

/// Issue 26: a database written by the previous release gains a recovery key at its first
/// unlock in this one, and the window shows it before anything else.
#[tokio::test(flavor = "multi_thread")]
async fn a_database_from_the_previous_release_is_given_a_recovery_key_at_its_first_unlock() {
    let data = tempfile::tempdir().expect("temp dir");
    std::fs::copy(workspace().join("packaging/fixtures/previous-release.db"), data.path().join("cofrestr.db"))
        .expect("fixture");
    let mut w = Window::open_in("upgrade", data).await;
    w.type_into("#unlock-passphrase", "previous release passphrase").await;
    w.click("#unlock-submit").await;
    let key = store_recovery_key(&mut w).await;
    w.wait_text("main h1", |t| t == "Dashboard").await;
    let data = w.close().await;
    let db = data.path().join("cofrestr.db");
    assert!(
        cofrestr::store::unlock_with_recovery(&db, &cofrestr::keys::RecoveryKey::parse(&key).unwrap()).is_ok(),
        "the key shown opens it"
    );
    assert!(
        cofrestr::store::unlock(&db, "previous release passphrase").unwrap().key.is_some(),
        "the passphrase opens it through its key file"
    );
}

/// Issue 26: a new recovery key made in Settings is shown (in Welsh too) until a group is typed
/// back; Settings then names it and lists the uses.
#[tokio::test(flavor = "multi_thread")]
async fn a_new_recovery_key_is_made_in_settings_and_shown_until_confirmed() {
    let mut w = demo_window("new-key").await;
    w.click("#nav-settings").await;
    w.wait_text("main h1", |t| t == "Settings").await;
    let old_id = w.wait_text("#recovery-id", |t| t.len() == 9).await;
    w.scroll_to("#set-recovery").await;
    w.shot("settings-recovery").await;
    w.type_into("#new-key-passphrase", "not the passphrase at all").await;
    w.click("#new-key-submit").await;
    let err = w.wait_text("#new-key-form .error-summary", |t| !t.is_empty()).await;
    assert!(err.contains("Wrong passphrase"), "{err}");
    // In Welsh: the key is shown before anything else.
    w.arrow_down("#lang-select", 1).await;
    w.wait_text("#nav-settings", |t| t == "Gosodiadau").await;
    w.type_into("#new-key-passphrase", PASSPHRASE).await;
    w.click("#new-key-submit").await;
    w.wait_text("main h1", |t| t == "Cadwch eich allwedd adfer").await;
    assert_no_leaks(&w, "recovery key (cy)").await;
    w.shot("recovery-key-cy").await;
    let sheet = w.data_dir().join("taflen-adfer.pdf");
    w.will_pick(&sheet);
    w.click("#sheet-save").await;
    let saved = w.wait_text("#sheet-result", |t| !t.is_empty()).await;
    assert!(saved.contains("Cadwyd y daflen adfer"), "{saved}");
    // Back to English and through the confirmation.
    let en = w.el("#lang-select").await;
    within("lang", en.send_keys("\u{E013}")).await.expect("arrow up");
    let key = store_recovery_key(&mut w).await;
    w.wait_text("main h1", |t| t == "Settings").await;
    let new_id = w.wait_text("#recovery-id", |t| t.len() == 9).await;
    assert_ne!(new_id, old_id);
    let events = w.wait_text("#key-events", |t| !t.is_empty()).await;
    assert!(events.contains(&format!("Recovery key {new_id} made to replace {old_id}")), "{events}");
    assert!(events.contains(&format!("Recovery key {new_id} confirmed as stored")), "{events}");
    w.scroll_to("#set-recovery").await;
    w.shot("settings-recovery-after").await;
    w.arrow_down("#lang-select", 1).await;
    w.wait_text("main h1", |t| t == "Gosodiadau").await;
    w.wait_text("#key-events", |t| t.contains("Cadarnhawyd")).await;
    assert_no_leaks(&w, "settings recovery (cy)").await;
    w.scroll_to("#set-recovery").await;
    w.shot("settings-recovery-cy").await;
    let data = w.close().await;
    // The new key opens the file; the old one no longer does.
    let out = Command::new(target_dir().join("debug/cofrestr"))
        .args(["recover"])
        .env("COFRESTR_DB", data.path().join("cofrestr.db"))
        .env("COFRESTR_RECOVERY_KEY", &key)
        .env("COFRESTR_NEW_PASSPHRASE", PASSPHRASE)
        .output()
        .expect("run cofrestr");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_window_locks_itself_after_the_idle_time_set_in_settings() {
    let mut w = Window::open("idle").await;
    first_run(&mut w).await;
    w.click("#nav-settings").await;
    w.wait_text("main h1", |t| t == "Settings").await;
    w.type_into("#idle-minutes", "0").await;
    w.click("#settings-form button[type=submit]").await;
    let err = w.wait_text("#settings-form .error-summary", |t| !t.is_empty()).await;
    assert!(err.contains("from 1 to 240"), "{err}");
    w.type_into("#idle-minutes", "1").await;
    // The council's Welsh name: the header shows it on Welsh screens from now on.
    w.type_into("#council-cy", "Cyngor Bwrdeistref Sirol Wrecsam").await;
    w.click("#settings-form button[type=submit]").await;
    w.wait_text("#settings-form .success", |t| t == "Settings saved.").await;
    assert_eq!(w.text("#council-name").await, "Wrexham County Borough Council", "English screens keep it");
    w.arrow_down("#lang-select", 1).await;
    w.wait_text("#council-name", |t| t == "Cyngor Bwrdeistref Sirol Wrecsam").await;
    w.arrow_up_lang().await;
    w.wait_text("#council-name", |t| t == "Wrexham County Borough Council").await;
    w.shot("settings").await;
    // A record half-typed on its page when the time runs out: the lock takes the page away
    // with everything in it, so nothing of the record stays on the screen.
    w.click("#nav-assets").await;
    w.wait_text("main h1", |t| t == "Information assets").await;
    w.click("#add-record").await;
    w.type_into("#record-page [name='name']", "Half-typed asset").await;
    // No input for a minute: the window locks itself and says why.
    let deadline = Instant::now() + Duration::from_secs(100);
    loop {
        let h1 = w.text("main h1").await;
        if h1 == "Unlock Cofrestr" {
            break;
        }
        assert!(Instant::now() < deadline, "still unlocked after 100 s: {h1}");
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    let notice = w.text(".notice").await;
    assert_eq!(notice, "Cofrestr locked itself after a period without use.");
    assert_eq!(w.count("dialog, #record-page").await, 0, "no record left behind the unlock page");
    w.shot("locked-idle").await;
    w.type_into("#unlock-passphrase", PASSPHRASE).await;
    w.click("#unlock-submit").await;
    // Back where it was, on a fresh form: what was typed before the lock is not shown again.
    w.wait_text("main h1", |t| t == "New record: Information assets").await;
    assert_eq!(w.value("#record-page [name='name']").await, "");
    w.click("#nav-settings").await;
    w.wait_text("main h1", |t| t == "Settings").await;
    assert_eq!(w.value("#idle-minutes").await, "1", "the setting is kept in the database");
    w.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_about_screen_shows_this_build_and_the_generated_licences_in_english_and_welsh() {
    let mut w = Window::open("about").await;
    about_journey(&mut w).await;
    w.close().await;
}

/// `make test-deb`: the window the .deb installed (COFRESTR_E2E_APP=/usr/bin/cofrestr-desktop)
/// starts, creates a database, shows the dashboard and its About screen.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the installed package: make test-deb"]
async fn the_installed_package_opens_creates_a_database_and_shows_the_dashboard() {
    let app = std::env::var("COFRESTR_E2E_APP").expect("COFRESTR_E2E_APP names the installed window");
    assert!(app.starts_with("/usr/"), "{app} is not an installed path");
    let mut w = Window::open("installed").await;
    about_journey(&mut w).await;
    w.click("#nav-dashboard").await;
    w.wait_text("main h1", |t| t == "Dangosfwrdd").await;
    w.shot("installed-dashboard").await;
    w.close().await;
}

/// Issue 20: settings that cannot be read are an error for the rules that need them, but lock
/// nobody out: the window unlocks, the dashboard says what is wrong, and Settings shows the
/// defaults to be checked and saved, which puts the row right.
#[tokio::test(flavor = "multi_thread")]
async fn unreadable_settings_lock_nobody_out_and_are_put_right_in_settings() {
    let mut w = Window::open("bad-settings").await;
    first_run(&mut w).await;
    w.click("#lock-button").await;
    w.wait_text("main h1", |t| t == "Unlock Cofrestr").await;
    // Damaged behind the application's back (by a bug, or a hand holding the key).
    let conn = cofrestr::store::open_keyed(&w.data_dir().join("cofrestr.db"), PASSPHRASE, false).expect("open");
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('app', '{\"risks\": \"none\"}')
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [],
    )
    .expect("damaged");
    drop(conn);

    w.type_into("#unlock-passphrase", PASSPHRASE).await;
    w.click("#unlock-submit").await;
    w.wait_text("main h1", |t| t == "Dashboard").await;
    let notice = w.wait_text("#attention [data-code='settings-unreadable']", |t| !t.is_empty()).await;
    assert!(notice.contains("cannot be read"), "{notice}");
    w.shot("dashboard-settings-unreadable").await;

    // A risk cannot be saved: its band would come from a scale nobody chose.
    w.click("#nav-risks").await;
    w.wait_text("main h1", |t| t == "Information risks").await;
    w.click("#add-record").await;
    w.el("#record-page").await;
    w.type_into("#record-page [name='title']", "Banded by a scale nobody chose").await;
    for (field, value) in
        [("inherent_likelihood", "2"), ("inherent_impact", "3"), ("residual_likelihood", "1"), ("residual_impact", "3")]
    {
        w.type_into(&format!("#record-page [name='{field}']"), value).await;
    }
    w.type_into("#record-page [name='review_date']", "31/03/2027").await;
    w.click("#record-save").await;
    let err = w.wait_text("#record-page .error-summary", |t| !t.is_empty()).await;
    assert!(err.contains("Open Settings, check them and save them"), "{err}");
    // What was typed stays in the form, to be saved once Settings are put right.
    assert_eq!(w.value("#record-page [name='title']").await, "Banded by a scale nobody chose");
    assert_eq!(w.value("#record-page [name='residual_impact']").await, "3");
    w.shot("risk-refused-settings-unreadable").await;
    w.click("#record-cancel").await;

    w.click("#nav-settings").await;
    w.wait_text("main h1", |t| t == "Settings").await;
    let said = w.text("#settings-unreadable").await;
    assert!(said.contains("could not be read"), "{said}");
    assert_eq!(w.value("#idle-minutes").await, "15", "the defaults are shown");
    w.shot("settings-unreadable").await;
    w.click("#settings-form button[type=submit]").await;
    w.wait_text("#settings-form .success", |t| t == "Settings saved.").await;
    w.click("#nav-dashboard").await;
    w.wait_text("main h1", |t| t == "Dashboard").await;
    assert_eq!(w.count("#attention [data-code='settings-unreadable']").await, 0, "put right");
    w.close().await;
}
