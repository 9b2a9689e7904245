//! Department returns read on the hub, and a conflict decided.

use cofrestr_e2e::prelude::*;

/// The request in a database's register with this summary.
fn request_id(data: &Path, summary: &str) -> String {
    let list: Vec<serde_json::Value> =
        serde_json::from_str(&cli(data, &["list", "requests", "--format", "json"])).expect("json");
    let r = list.iter().find(|r| r["summary"] == summary).unwrap_or_else(|| panic!("no request {summary:?}"));
    r["id"].as_str().expect("id").to_string()
}

fn request_field(data: &Path, id: &str, field: &str) -> String {
    let list: Vec<serde_json::Value> =
        serde_json::from_str(&cli(data, &["list", "requests", "--format", "json"])).expect("json");
    let r = list.iter().find(|r| r["id"] == id).expect("the request");
    r[field].as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_department_return_is_written_read_on_the_hub_and_its_conflict_decided() {
    const COUNCIL: &str = "Wrexham County Borough Council";
    let files = tempfile::tempdir().expect("temp dir");
    let (hub, dept) = (tempfile::tempdir().expect("temp dir"), tempfile::tempdir().expect("temp dir"));
    let f = |n: &str| files.path().join(n).display().to_string();
    let write = |n: &str, text: &str| std::fs::write(files.path().join(n), text).expect("write");

    // The IMG secretary's hub and a Social Care laptop that joins it and takes its reference
    // pack; the laptop logs two requests, its first return reaches the hub, and a second pack
    // acknowledges it.
    cli(hub.path(), &["init", "--council", COUNCIL, "--user", "Siân Hughes"]);
    cli(hub.path(), &["demo", "--scale", "small", "--seed", "11"]);
    cli(hub.path(), &["hub", "init"]);
    // Each laptop has its own join file.
    cli(hub.path(), &["hub", "add-laptop", "--name", "Social Care – Gareth Jones", "--out", &f("join.json")]);
    cli(hub.path(), &["hub", "add-laptop", "--name", "Social Care – Eleri Morgan", "--out", &f("join-eleri.json")]);
    cli(hub.path(), &["reference-pack", "export", "--out", &f("pack1.cofrestr")]);
    cli(dept.path(), &["init", "--council", COUNCIL, "--user", "Gareth Jones", "--department", "Social Care – Adults"]);
    cli(dept.path(), &["join", &f("join.json")]);
    cli(dept.path(), &["reference-pack", "import", &f("pack1.cofrestr")]);
    write("requests.csv", "request_type,summary,received_on\nfoi,Respite care costs 2025,2026-11-02\nfoi,Day centre closures,2026-11-10\n");
    cli(dept.path(), &["import", "requests", &f("requests.csv")]);
    cli(dept.path(), &["return", "export", "--out", &f("return1.cofrestr")]);
    cli(hub.path(), &["return", "import", &f("return1.cofrestr")]);
    cli(hub.path(), &["reference-pack", "export", "--out", &f("pack2.cofrestr")]);
    cli(dept.path(), &["reference-pack", "import", &f("pack2.cofrestr")]);

    // Both sides change one request: the hub its requester, the laptop its summary.
    let id = request_id(dept.path(), "Respite care costs 2025");
    write("hub-edit.csv", &format!("id,requester_type\n{id},media\n"));
    cli(hub.path(), &["import", "requests", &f("hub-edit.csv")]);
    write("dept-edit.csv", &format!("id,summary\n{id},Respite care costs 2025 and 2026\n"));
    cli(dept.path(), &["import", "requests", &f("dept-edit.csv")]);

    // A second laptop's first return, saved in the quarter's folder with a damaged file.
    let other = tempfile::tempdir().expect("temp dir");
    cli(
        other.path(),
        &["init", "--council", COUNCIL, "--user", "Eleri Morgan", "--department", "Social Care – Adults"],
    );
    cli(other.path(), &["join", &f("join-eleri.json")]);
    cli(other.path(), &["reference-pack", "import", &f("pack2.cofrestr")]);
    write(
        "other.csv",
        "reference,request_type,summary,received_on\nFOI-EM-001,foi,Meals on wheels contract,2026-11-12\n",
    );
    cli(other.path(), &["import", "requests", &f("other.csv")]);
    std::fs::create_dir(files.path().join("quarter")).expect("folder");
    cli(other.path(), &["return", "export", "--out", &f("quarter/eleri-morgan.cofrestr")]);
    write("quarter/damaged.cofrestr", "age-encryption.org/v1\n-> X25519 cut short\n");

    // On the laptop, the return is written from the Returns screen.
    let mut w = unlocked_window("returns-department", dept).await;
    w.click("#nav-returns").await;
    w.wait_text("main h1", |t| t == "Departmental returns").await;
    let facts = w.text("#returns-facts").await;
    assert!(
        facts.contains("Last return the hub has acknowledged") && facts.contains("Reference packs taken"),
        "{facts}"
    );
    assert_eq!(w.text("#returns-pending").await, "1");
    assert_no_leaks(&w, "department returns").await;
    w.shot("department").await;
    w.will_pick(f("return2.cofrestr"));
    w.click("#return-out-run").await;
    let done = w.wait_text("#return-out-result", |t| t.contains("Return 2 written")).await;
    assert!(done.contains("Records: 1."), "{done}");
    w.shot("return-written").await;
    // Should the hub ask for everything (it was restored from a backup), one tick sends it.
    w.tick("#return-out-full").await;
    w.will_pick(f("full.cofrestr"));
    w.click("#return-out-run").await;
    let full = w.wait_text("#return-out-result", |t| t.contains("Return 3 written")).await;
    assert!(full.contains("Records: 2."), "every record, not only the one changed: {full}");
    w.shot("return-full").await;
    let sealed = std::fs::read(files.path().join("return2.cofrestr")).expect("the return");
    assert!(!String::from_utf8_lossy(&sealed).contains("Respite"), "the return is sealed");
    let dept = w.close().await;

    // On the hub: check, apply, and decide the conflict field by field.
    let mut w = unlocked_window("returns-hub", hub).await;
    w.click("#nav-returns").await;
    w.wait_text("main h1", |t| t == "Departmental returns").await;
    w.el("#conflicts-none").await;
    w.will_pick(f("return2.cofrestr"));
    w.click("#return-in-run").await;
    let checked = w.wait_text("#return-in-result", |t| t.contains("Return 2 from Gareth Jones")).await;
    assert!(checked.contains("Conflicts are held with both versions"), "{checked}");
    assert_eq!(w.text("#return-counts tr:last-child th").await, "Conflicts");
    assert_eq!(w.text("#return-counts tr:last-child td").await, "1");
    assert_no_leaks(&w, "hub check").await;
    w.shot("hub-checked").await;
    w.click("#return-apply").await;
    w.wait_text("#return-in-result", |t| t.contains("applied. Conflicts held: 1.")).await;
    assert_eq!(w.count("#conflicts tbody tr").await, 1);
    let received = w.text("#received tbody tr:first-child").await;
    assert!(
        received.contains("Gareth Jones, return 2") && received.contains("by Siân Hughes"),
        "who sent it and who applied it: {received}"
    );
    let laptop = w.text("#laptops tbody tr:first-child").await;
    assert!(
        laptop.contains("Gareth Jones") && laptop.contains("Social Care – Adults") && laptop.ends_with("Yes"),
        "the laptop's latest return, this quarter's: {laptop}"
    );
    w.scroll_to("#laptops-title").await;
    w.shot("hub-laptops").await;
    // Gareth's recovery key came with his return, sealed: shown on the hub only when asked and
    // confirmed, and the opening is in the hub's audit trail.
    let held = w.text("#escrowed tbody tr:first-child").await;
    assert!(held.starts_with("Social Care – Gareth Jones"), "{held}");
    w.click("#escrow-0").await;
    w.click("#escrow-0-yes").await;
    let shown = w.wait_text("#escrow-0-result", |t| !t.is_empty()).await;
    assert!(shown.contains("Give it only to the person"), "{shown}");
    assert_eq!(w.count("#escrow-0-result .key-groups li").await, 8);
    w.scroll_to("#escrow-title").await;
    w.shot("hub-escrow").await;
    w.arrow_down("#lang-select", 1).await;
    w.wait_text("#escrow-title", |t| t == "Allweddi adfer y gliniaduron").await;
    assert_no_leaks(&w, "escrow (cy)").await;
    w.scroll_to("#escrow-title").await;
    w.shot("hub-escrow-cy").await;
    let en = w.el("#lang-select").await;
    within("lang", en.send_keys("\u{E013}")).await.expect("arrow up");
    w.wait_text("#escrow-title", |t| t == "Laptops' recovery keys").await;
    let status = cli(&w.data_dir(), &["recovery-key", "status"]);
    assert!(status.contains("of laptop Social Care – Gareth Jones opened from the hub's escrow"), "{status}");
    // The laptops added: Gareth's bound by its first return, Eleri's still waiting for hers.
    let gareth = w.text("#enrolled tbody tr:first-child").await;
    assert!(gareth.starts_with("Social Care – Gareth Jones") && gareth.contains("active"), "{gareth}");
    let eleri = w.text("#enrolled tbody tr:nth-child(2)").await;
    assert!(eleri.contains("waiting for its first return"), "{eleri}");
    // A third laptop added in the window: its join file saved, readable by the owner only.
    w.type_into("#laptop-name", "Highways depot laptop").await;
    w.will_pick(f("join-depot.json"));
    w.click("#laptop-run").await;
    w.wait_text("#laptop-result", |t| t.contains("Laptop “Highways depot laptop” added")).await;
    // A laptop joining again (rebuilt) is added saying which one it replaces.
    let options = w.text("#laptop-replaces").await;
    assert!(
        options.contains("No: a laptop new to the hub")
            && options.contains("Yes: it replaces Social Care – Gareth Jones"),
        "{options}"
    );
    assert!(files.path().join("join-depot.json").exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(files.path().join("join-depot.json")).expect("join file").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "a join file is its owner's alone");
    }
    // Saved over an existing file: refused, and no laptop added.
    w.type_into("#laptop-name", "Another laptop").await;
    w.will_pick(f("join-depot.json"));
    w.click("#laptop-run").await;
    w.wait_text("#laptop-result", |t| t.contains("There is already a file at")).await;
    assert_eq!(w.count("#enrolled tbody tr").await, 3);
    // Withdrawn, once the window has said what that means.
    let withdraw = w.attr("#enrolled tbody tr:nth-child(3) button.danger", "id").await;
    w.click(&format!("#{withdraw}")).await;
    let ask = w.text(&format!("#{withdraw}-text")).await;
    assert!(ask.contains("Withdraw “Highways depot laptop”?"), "{ask}");
    w.scroll_to("#enrolled-title").await;
    w.shot("hub-withdraw-confirm").await;
    w.click(&format!("#{withdraw}-yes")).await;
    w.wait_text("#enrolled-result", |t| t.contains("Laptop “Highways depot laptop” withdrawn")).await;
    assert!(w.text("#enrolled tbody tr:nth-child(3)").await.contains("withdrawn"));
    assert_no_leaks(&w, "laptops added").await;
    w.scroll_to("#enrolled-title").await;
    w.shot("hub-enrolled").await;
    w.shot("hub-conflict-waiting").await;
    // The dashboard says a decision waits, and takes the IMG secretary to it.
    w.click("#nav-dashboard").await;
    let notice = w.wait_text("#attention [data-code='returns-conflicts']", |t| !t.is_empty()).await;
    assert!(notice.contains("One record from a departmental return waits for your decision"), "{notice}");
    w.scroll_to("#dash-attention").await;
    w.shot("hub-dashboard").await;
    w.click("#attention [data-code='returns-conflicts'] a").await;
    w.wait_text("main h1", |t| t == "Departmental returns").await;
    w.click("#conflicts tbody a").await;
    w.wait_text("main h1", |t| t.starts_with("Conflict:")).await;
    assert_eq!(w.count("#conflict-fields tbody tr").await, 2, "the two fields that differ");
    let summary_row = w.text("#conflict-fields tr[data-field=summary]").await;
    assert!(
        summary_row.contains("Respite care costs 2025") && summary_row.contains("Respite care costs 2025 and 2026"),
        "{summary_row}"
    );
    assert_no_leaks(&w, "conflict").await;
    w.shot("conflict").await;
    // Keep the hub's requester and take the laptop's summary.
    w.click("#keep-summary-theirs").await;
    w.click("#conflict-merge").await;
    w.wait_text("main h1", |t| t == "Departmental returns").await;
    w.el("#conflicts-none").await;
    w.will_pick(f("pack3.cofrestr"));
    w.click("#pack-out-run").await;
    w.wait_text("#pack-out-result", |t| t.contains("Reference pack 3 written")).await;
    w.shot("pack-written").await;
    // The quarter's folder: checked, then what is ready applied; the damaged file is named.
    std::fs::copy(files.path().join("return2.cofrestr"), files.path().join("quarter/gareth-jones.cofrestr"))
        .expect("copy");
    w.will_pick(f("quarter"));
    w.click("#returns-folder-run").await;
    w.wait_text("#returns-folder-result h3", |t| t.starts_with("Checked") && t.ends_with("nothing has changed yet."))
        .await;
    assert_eq!(w.count("#folder-files tbody tr").await, 3);
    let refused = w.text("#folder-files tr.refused").await;
    assert!(
        refused.starts_with("damaged.cofrestr") && refused.contains("This file is not a Cofrestr return"),
        "{refused}"
    );
    let ready = w.text("#folder-files tbody tr:first-child").await;
    assert!(
        ready.starts_with("eleri-morgan.cofrestr")
            && ready.contains("Eleri Morgan, return 1")
            && ready.ends_with("Ready to apply"),
        "{ready}"
    );
    let before = w.text("#folder-files tbody tr:nth-child(2)").await;
    assert!(
        before.starts_with("gareth-jones.cofrestr") && before.ends_with("Applied before: nothing changed"),
        "{before}"
    );
    assert_no_leaks(&w, "folder checked").await;
    w.scroll_to("#returns-folder-title").await;
    w.shot("hub-folder-checked").await;
    w.click("#returns-folder-apply").await;
    w.wait_text("#returns-folder-result", |t| t.contains("Returns applied: 1. Files refused: 1. Conflicts held: 0."))
        .await;
    assert!(w.text("#received tbody").await.contains("Eleri Morgan, return 1"));
    assert_eq!(w.value("#returns-folder-path").await, f("quarter"), "the results stay with their folder");
    w.scroll_to("#returns-folder-title").await;
    w.shot("hub-folder-applied").await;
    // The request's history on the hub holds what the laptop did on its own copy, each entry
    // marked with the return that brought it, among the hub's own.
    w.click("#nav-requests").await;
    w.wait_text("#record-count", |t| !t.is_empty()).await;
    w.type_into("#register-search", "Respite care").await;
    w.wait_text("#record-count", |t| t == "Records: 1").await;
    w.click("#register-table tbody tr:first-child .open-record").await;
    w.el("#record-page").await;
    w.click("#tab-history").await;
    let latest = w.wait_text("#history-body .brought", |t| !t.is_empty()).await;
    assert!(
        latest.starts_with("Changed by Gareth Jones") && latest.contains("brought here by its return 2"),
        "{latest}"
    );
    assert!(latest.contains("Respite care costs 2025 and 2026"), "{latest}");
    assert_eq!(w.count("#history-body .brought").await, 2, "the laptop's create and its edit");
    assert_eq!(w.count("#history-body .history-entry").await, 5, "and the hub's create, edit and decision");
    w.scroll_to("#tab-history-panel").await;
    w.shot("hub-history").await;
    // The hub's Returns screen in Welsh: each laptop's department by its Welsh name.
    w.click("#record-cancel").await;
    w.click("#nav-returns").await;
    w.wait_text("main h1", |t| t == "Departmental returns").await;
    w.arrow_down("#lang-select", 1).await;
    w.wait_text("#laptops-title", |t| t == "Y ffurflen ddiweddaraf gan bob gliniadur").await;
    let laptop = w.text("#laptops tbody tr:first-child").await;
    assert!(laptop.contains("Gofal Cymdeithasol – Oedolion") && laptop.ends_with("Do"), "{laptop}");
    let received = w.text("#received tbody").await;
    assert!(
        received.contains("Gareth Jones, ffurflen 2")
            && received.contains("Eleri Morgan, ffurflen 1")
            && received.contains("gan Siân Hughes"),
        "{received}"
    );
    let enrolled = w.text("#enrolled").await;
    assert!(enrolled.contains("gweithredol") && enrolled.contains("wedi'i dynnu'n ôl"), "{enrolled}");
    assert_no_leaks(&w, "hub returns in Welsh").await;
    w.scroll_to("#laptops-title").await;
    w.shot("hub-laptops-cy").await;
    w.scroll_to("#enrolled-title").await;
    w.shot("hub-enrolled-cy").await;
    assert_eq!(w.text("#returns-folder-title").await, "Darllen pob ffurflen mewn ffolder");
    // The same folder checked again, in Welsh: both returns applied before, the damaged file
    // refused, nothing left to apply.
    w.will_pick(f("quarter"));
    w.click("#returns-folder-run").await;
    w.wait_text("#returns-folder-result h3", |t| {
        t.starts_with("Gwiriwyd") && t.ends_with("nid oes dim wedi newid eto.")
    })
    .await;
    let result = w.text("#returns-folder-result").await;
    assert_eq!(result.matches("Rhoddwyd ar waith o'r blaen: ni newidiodd dim").count(), 2, "{result}");
    assert!(result.contains("Nid oes gan yr un o'r ffurflenni hyn ddim i'w roi ar waith."), "{result}");
    assert_eq!(w.count("#returns-folder-apply").await, 0, "nothing to apply");
    assert_no_leaks(&w, "hub folder in Welsh").await;
    w.scroll_to("#returns-folder-title").await;
    w.shot("hub-folder-cy").await;
    let hub = w.close().await;
    assert_eq!(request_field(hub.path(), &id, "summary"), "Respite care costs 2025 and 2026");
    assert_eq!(request_field(hub.path(), &id, "requester_type"), "media");

    // The laptop takes the decided version with the next pack.
    let said = cli(dept.path(), &["reference-pack", "import", &f("pack3.cofrestr")]);
    assert!(said.contains("The hub has acknowledged return 2"), "{said}");
    assert_eq!(request_field(dept.path(), &id, "requester_type"), "media");
    assert_eq!(request_field(dept.path(), &id, "summary"), "Respite care costs 2025 and 2026");
}
