//! Working in the registers: clocks, the heat map, sharing partners and disposal, action RAGs.

use cofrestr_e2e::prelude::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_breach_71_hours_old_is_flagged_and_an_foi_gets_its_due_date() {
    let mut w = Window::open("clocks").await;
    first_run(&mut w).await;

    w.click("#nav-breaches").await;
    w.wait_text("main h1", |t| t == "Breaches and incidents").await;
    w.click("#add-record").await;
    w.el("#record-page").await;
    let aware = (chrono::Utc::now() - chrono::Duration::hours(71)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    w.type_into("#record-page [name='title']", "Care plan emailed to the wrong family").await;
    w.type_into("#record-page [name='what_happened']", "Sent to a namesake found by autocomplete.").await;
    w.type_into("#record-page [name='aware_at']", &aware).await;
    w.click("#record-save").await;
    w.saved_then_back().await;
    w.wait_text("#register-table tbody", |t| t.contains("BR-")).await;
    let row = w.text("#register-table tbody tr").await;
    assert!(row.contains("Open: ICO clock running"), "{row}");
    // Under 24 hours left: raised at once, as a desktop notification and in the window.
    let urgent = w.wait_text("#urgent", |t| t.contains("Care plan emailed to the wrong family")).await;
    assert!(urgent.starts_with("Deadlines close at hand"), "{urgent}");
    w.shot("breach-added").await;
    w.click("#urgent-dismiss").await;
    w.wait_text("#urgent", |t| t.is_empty()).await;

    w.click("#nav-dashboard").await;
    let due = w.wait_text("#due", |t| t.contains("left to tell the ICO")).await;
    assert!(due.contains("Care plan emailed to the wrong family"), "{due}");
    assert!(due.contains(" 0 h ") || due.contains(": 1 h ") || due.contains(": 0 h"), "about an hour left: {due}");
    assert_eq!(w.count("#due li.due-urgent[data-code='breach-clock']").await, 1, "under 24 hours is urgent");
    w.shot("dashboard-breach-clock").await;

    w.click("#nav-requests").await;
    w.wait_text("main h1", |t| t == "Requests").await;
    w.click("#add-record").await;
    w.el("#record-page").await;
    w.type_into("#record-page [name='received_on']", "2026-11-20").await;
    w.type_into("#record-page [name='summary']", "Number of potholes reported on the A483 since 2024").await;
    w.click("#record-save").await;
    w.saved_then_back().await;
    // Received Friday 20 November 2026: St Andrew's Day is skipped, so Monday 21 December.
    let row = w.wait_text("#register-table tbody", |t| t.contains("FOI-2026-0001")).await;
    assert!(row.contains("21/12/2026"), "dates read as a UK reader expects: {row}");
    w.shot("foi-due-date").await;
    w.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_recorded_risk_appears_on_the_heat_map() {
    let mut w = Window::open("risk").await;
    first_run(&mut w).await;
    w.click("#nav-risks").await;
    w.wait_text("main h1", |t| t == "Information risks").await;
    assert_eq!(w.text("#heat-map [data-cell='3-5']").await, "", "no risks yet");
    w.click("#add-record").await;
    w.el("#record-page").await;
    w.type_into("#record-page [name='title']", "Laptops taken to remote sites unencrypted").await;
    for (field, value) in
        [("inherent_likelihood", "4"), ("inherent_impact", "5"), ("residual_likelihood", "3"), ("residual_impact", "5")]
    {
        w.type_into(&format!("#record-page [name='{field}']"), value).await;
    }
    w.type_into("#record-page [name='review_date']", "2027-03-31").await;
    w.click("#record-save").await;
    w.saved_then_back().await;
    let cell = w.wait_text("#heat-map [data-cell='3-5']", |t| t == "1").await;
    assert_eq!(cell, "1");
    let row = w.text("#register-table tbody tr").await;
    assert!(row.contains("15") && row.contains("Extreme"), "{row}");
    w.shot("risk-heat-map").await;
    // The cell filters the table to its risks; an empty cell shows none.
    w.click("#heat-map [data-cell='3-5']").await;
    w.el("#heat-map [data-cell='3-5'][aria-pressed='true']").await;
    w.wait_text("#record-count", |t| t == "Records: 1").await;
    w.click("#heat-map [data-cell='3-5']").await;
    w.el("#heat-map [data-cell='3-5'][aria-pressed='false']").await;
    w.click("#heat-map [data-cell='1-1']").await;
    w.el("#heat-map [data-cell='1-1'][aria-pressed='true']").await;
    w.wait_text("#record-count", |t| t == "Records: 0").await;

    // A stricter scale in Settings: a colour black text cannot be read on is refused by name,
    // then extreme from 12 re-bands the grid (3 × 4 = 12 turns extreme), and the top band is
    // renamed in both languages.
    assert!(w.el("#heat-map [data-cell='3-4']").await.attr("data-band").await.unwrap().as_deref() == Some("high"));
    w.click("#nav-settings").await;
    w.wait_text("main h1", |t| t == "Settings").await;
    w.type_into("#band-extreme", "12").await;
    w.type_into("#colour-high", "#123456").await;
    w.click("#risk-scale-form button[type='submit']").await;
    let msg = w.wait_text("#risk-scale-form [data-field='colour_high'] .error", |t| !t.is_empty()).await;
    assert!(msg.contains("#123456") && msg.contains("4.5:1"), "{msg}");
    assert_eq!(w.value("#colour-high").await, "#123456", "the refused value stays for correcting");
    w.shot("risk-scale-refused").await;
    w.type_into("#colour-high", "#ffb74d").await;
    // The colour chooser beside it follows what is typed, and both are named by the band.
    assert_eq!(w.value("#picker-high").await, "#ffb74d");
    assert_eq!(w.text("#colour-high-label").await, "Colour for “High”");
    w.type_into("#label-extreme-en", "Critical").await;
    assert_eq!(w.text("#colour-extreme-label").await, "Colour for “Critical”", "renamed as it is typed");
    assert_eq!(w.attr("#picker-extreme", "aria-label").await, "Pick the colour for “Critical”");
    w.type_into("#label-extreme-cy", "Critigol").await;
    w.click("#risk-scale-form button[type='submit']").await;
    w.wait_text("#risk-scale-form .success", |t| t.starts_with("Risk scale saved")).await;
    w.click("#nav-risks").await;
    w.wait_text("main h1", |t| t == "Information risks").await;
    w.el("#heat-map [data-cell='3-4'][data-band='extreme']").await;
    w.el("#heat-map [data-cell='2-4'][data-band='high']").await;
    let key = w.text("#heat-map .heat-legend li[data-band='extreme']").await;
    assert_eq!(key, "Critical: scores 12 to 25");
    let cell = w.el("#heat-map [data-cell='3-5']").await.attr("aria-label").await.unwrap().unwrap_or_default();
    assert!(cell.contains("Critical") && cell.contains("Risks: 1."), "{cell}");
    let row = w.wait_text("#register-table tbody tr", |t| t.contains("Critical")).await;
    assert!(!row.contains("Extreme"), "{row}");
    w.shot("risk-heat-map-rescaled").await;
    // The Welsh names follow the language.
    w.arrow_down("#lang-select", 1).await;
    w.wait_text("#heat-map .heat-legend li[data-band='extreme']", |t| t == "Critigol: sgorau 12 i 25").await;
    w.wait_text("#register-table tbody tr", |t| t.contains("Critigol")).await;
    w.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sharing_partners_sign_off_and_records_fall_due_for_disposal() {
    let mut w = demo_window("sharing").await;
    // The dashboard lists records due for disposal; its link opens the asset.
    let list = w.wait_text("#disposals", |t| !t.is_empty()).await;
    assert!(list.contains(" due "), "{list}");
    w.shot("dashboard-disposals").await;
    w.click("#disposals li:first-child a").await;
    w.wait_text(".record-kind", |t| t == "Information assets").await;
    w.el("#record-page").await;
    assert!(!w.value("#record-page [name='oldest_trigger']").await.is_empty());
    w.click("#record-cancel").await;
    w.gone("#record-page").await;

    // A new agreement in draft; a partner signs; the count follows.
    w.click("#nav-sharing").await;
    w.wait_text("main h1", |t| t == "Data sharing (WASPI)").await;
    w.click("#add-record").await;
    w.el("#record-page").await;
    w.type_into("#record-page [name='title']", "Depot staff occupational health referrals").await;
    w.arrow_down("#record-page select[name='agreement_type']", 4).await;
    assert_eq!(w.value("#record-page select[name='agreement_type']").await, "processor");
    w.type_into("#record-page [name='purpose']", "Referring depot staff for occupational health assessments").await;
    w.arrow_down("#record-page select[name='direction']", 1).await;
    w.tick("#record-page input[type='checkbox'][value='contract']").await;
    w.choose_ref("department_id", "").await;
    w.choose_ref("iao_id", "").await;
    w.click("#record-save").await;
    w.saved_then_back().await;
    w.wait_text("#register-table tbody", |t| t.contains("Depot staff occupational health referrals")).await;

    // Its partners are a tab on its page, not a register of their own in the navigation.
    assert_eq!(w.count("#nav-sharing_partners").await, 0);
    w.type_into("#register-search", "Depot staff occupational").await;
    w.wait_text("#register-table tbody", |t| t.contains("Depot staff") && !t.contains("Hospital")).await;
    w.click("#register-table tbody tr:first-child .open-record").await;
    w.wait_text("#record-title", |t| t.contains("Depot staff occupational health referrals")).await;
    assert_eq!(w.attr("#tab-sharing_partners", "aria-selected").await, "true", "the first tab: its partners");
    w.wait_text("#tab-sharing_partners-panel", |t| t.contains("None yet.")).await;
    w.click("#add-sharing_partners").await;
    w.wait_text("#record-title", |t| t == "New record: Sharing partners").await;
    // The new partner belongs to the agreement it was added from.
    assert_ne!(w.attr("#record-page [name='sharing_id']", "data-value").await, "");
    assert!(w.value("#record-page [name='sharing_id']").await.contains("Depot staff occupational health referrals"));
    assert!(w.text("#record-page .breadcrumb").await.contains("Depot staff occupational health referrals"));
    w.type_into("#record-page [name='organisation']", "Health Management Ltd").await;
    w.type_into("#record-page [name='signed_by']", "Clinical Director").await;
    w.click("#record-save").await;
    // Who signed without when is refused, in words, on the field.
    let msg = w.wait_text("#record-page [data-field='signed_on'] .error", |t| !t.is_empty()).await;
    assert_eq!(msg, "Give who signed and the date together.");
    assert_eq!(w.text("#record-page .error-summary h2").await, "There is a problem");
    w.type_into("#record-page [name='signed_on']", "20/11/2026").await;
    w.click("#record-save").await;
    w.wait_text("#record-saved", |t| t == "Saved.").await;
    assert_eq!(w.value("#record-page [name='signed_on']").await, "20/11/2026", "shown back day first");
    // Back to the agreement: the partner is on its tab, and the count follows.
    w.click("#record-cancel").await;
    w.wait_text("#tab-sharing_partners-panel", |t| t.contains("Health Management Ltd")).await;
    w.click("#tab-links").await;
    w.wait_text("#links-body", |t| t.contains("Health Management Ltd")).await;
    w.shot("sharing-agreement").await;

    w.click("#record-list").await;
    w.type_into("#register-search", "Depot staff occupational").await;
    let row = w.wait_text("#register-table tbody", |t| t.contains("1/1") && !t.contains("Hospital")).await;
    assert!(row.contains("Draft") && row.contains("Processor contract"), "{row}");

    // The retention schedule in Welsh shows each class's Welsh description.
    w.click("#nav-retention").await;
    w.wait_text("#record-count", |t| t.starts_with("Records: 4")).await;
    w.click("#load-template").await;
    w.wait_text(".template-row [role='status']", |t| t == "Starter classes added: 0.").await;
    w.arrow_down("#lang-select", 1).await;
    w.wait_text("main h1", |t| t == "Amserlen cadw").await;
    w.wait_text("#register-table tbody", |t| t.contains("Ffeil bersonél")).await;
    assert_no_leaks(&w, "cy retention").await;
    w.shot("cy-retention").await;
    w.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_actions_rag_is_set_for_a_quarter() {
    let mut w = Window::open("action").await;
    first_run(&mut w).await;
    w.click("#nav-actions").await;
    w.wait_text("main h1", |t| t == "Action plan").await;
    w.click("#add-record").await;
    w.el("#record-page").await;
    w.type_into("#record-page [name='title']", "Refresher training for depot staff").await;
    w.arrow_down("#record-page select[name='area']", 1).await;
    w.click("#record-save").await;
    w.saved_then_back().await;
    w.wait_text("#register-table tbody", |t| t.contains("ACT-0001")).await;

    // Quarterly updates are a tab on the action's page.
    w.click("#register-table tbody tr:first-child .open-record").await;
    w.click("#add-action_updates").await;
    w.wait_text("#record-title", |t| t == "New record: Quarterly updates").await;
    assert_ne!(w.attr("#record-page [name='action_id']", "data-value").await, "", "the action it was added from");
    w.type_into("#record-page [name='quarter']", "2026-27-Q3").await;
    w.arrow_down("#record-page select[name='rag']", 2).await;
    assert_eq!(w.value("#record-page select[name='rag']").await, "amber");
    w.type_into("#record-page [name='commentary']", "Two of five depots trained; the rest booked for January.").await;
    w.click("#record-save").await;
    w.wait_text("#record-saved", |t| t == "Saved.").await;
    w.click("#record-cancel").await;
    w.wait_text("#tab-action_updates-panel", |t| t.contains("2026-27-Q3")).await;

    w.click("#record-list").await;
    let row = w.wait_text("#register-table tbody", |t| t.contains("Amber")).await;
    assert!(row.contains("Training and awareness"), "{row}");
    // The RAG is a label with its words, coloured by its tone.
    assert_eq!(w.text("#register-table tbody tr:first-child .tag[data-kind='rag']").await, "Amber");
    assert!(w
        .attr("#register-table tbody tr:first-child .tag[data-kind='rag']", "class")
        .await
        .contains("tone-warning"));
    w.shot("action-rag").await;
    // The action links to its update, and the link opens it.
    w.click("#register-table tbody tr:first-child .open-record").await;
    w.click("#tab-links").await;
    w.wait_text("#links-body", |t| t.contains("2026-27-Q3")).await;
    w.shot("action-links").await;
    w.click("#links-body a[data-link='action_updates']").await;
    w.wait_text(".record-kind", |t| t == "Quarterly updates").await;
    w.wait_text("#record-title", |t| t.contains("2026-27-Q3")).await;
    assert_eq!(w.value("#record-page [name='quarter']").await, "2026-27-Q3");
    w.close().await;
}

/// The due dates shown in a list's due column, top to bottom ("" where none).
async fn due_column(w: &Window, col: &str) -> Vec<String> {
    let js = format!(
        "const i = [...document.querySelectorAll('#register-table thead th')].findIndex((th) => th.dataset.col === '{col}');
         return [...document.querySelectorAll('#register-table tbody tr')].map((tr) => tr.children[i]?.textContent.trim() ?? '');"
    );
    let v = w.client.execute(&js, vec![]).await.expect("due column");
    v.as_array().expect("array").iter().map(|s| s.as_str().unwrap_or("").to_string()).collect()
}

fn uk_day(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s.get(..10)?, "%d/%m/%Y").ok()
}

/// Issue 21: casework lists open on what needs doing — open cases, soonest due first — and
/// every register's saved views ("Open", "Overdue", "Due in 30 days", "Mine") are one press
/// away, the last one chosen kept for next time (in the preferences, not the database).
#[tokio::test(flavor = "multi_thread")]
async fn lists_open_on_open_cases_soonest_due_and_keep_the_view_chosen() {
    // The demo council, with two more requests: one long overdue, one given to the officer
    // this database was set up for.
    let data = tempfile::tempdir().expect("temp dir");
    cli(data.path(), &["init", "--council", "Wrexham County Borough Council", "--user", "Siân Hughes"]);
    cli(data.path(), &["demo", "--scale", "small", "--seed", "11"]);
    let people: Vec<serde_json::Value> =
        serde_json::from_str(&cli(data.path(), &["list", "people", "--format", "json", "--search", "Siân Hughes"]))
            .unwrap();
    let me = people[0]["id"].as_str().expect("the officer's person").to_string();
    let today = cofrestr::time::london_date(chrono::Utc::now());
    let day = |n: u64| (today - chrono::Days::new(n)).to_string();
    let csv = data.path().join("more.csv");
    std::fs::write(
        &csv,
        format!("request_type,summary,received_on,link_officer_id\nfoi,Long overdue gritting,{},\nfoi,Mine to answer,{},{me}\n", day(90), day(1)),
    )
    .unwrap();
    cli(data.path(), &["import", "requests", csv.to_str().unwrap()]);
    // The CLI lists the same views.
    let listed = |view: &str| -> usize {
        serde_json::from_str::<Vec<serde_json::Value>>(&cli(
            data.path(),
            &["list", "requests", "--format", "json", "--view", view],
        ))
        .unwrap()
        .len()
    };
    let (cli_open, cli_overdue, cli_mine) = (listed("open"), listed("overdue"), listed("mine"));
    assert_eq!(cli_mine, 1);
    assert!(cli_overdue >= 1 && cli_overdue < cli_open, "{cli_overdue} of {cli_open}");
    let mut w = unlocked_window("views", data).await;
    w.click("#nav-requests").await;
    w.wait_text("#record-count", |t| t.starts_with("Records:")).await;
    w.wait_attr("#views [data-view='open']", "aria-pressed", "true").await;
    assert_eq!(w.attr("#views", "role").await, "group");
    assert_eq!(w.attr("#register-table th[data-col='due_on']", "aria-sort").await, "ascending");
    assert!(w.text("#view-sort-note").await.starts_with("Soonest due first"));
    let status = w.text("#register-table tbody").await;
    assert!(!status.contains("Closed"), "no closed request among the open ones");
    let due = due_column(&w, "due_on").await;
    assert!(due.len() > 5, "the demo has open requests: {due:?}");
    assert_eq!(due.len().min(50), cli_open.min(50));
    let dated: Vec<_> = due.iter().take_while(|d| !d.is_empty()).map(|d| uk_day(d).expect("DD/MM/YYYY")).collect();
    assert!(dated.windows(2).all(|p| p[0] <= p[1]), "soonest first: {due:?}");
    assert!(due[dated.len()..].iter().all(String::is_empty), "none due (clock stopped) last: {due:?}");
    let open: usize = w.text("#record-count").await.trim_start_matches("Records: ").replace(',', "").parse().unwrap();
    assert_eq!(open, cli_open, "the window and the CLI count the same open cases");
    w.shot("requests-open-view").await;

    // Overdue: each row says by how many working days, in words.
    w.click("#views [data-view='overdue']").await;
    w.wait_attr("#views [data-view='overdue']", "aria-pressed", "true").await;
    assert_eq!(w.attr("#views [data-view='open']", "aria-pressed").await, "false");
    w.announced(|t| t.starts_with("Showing: Overdue.")).await;
    let cells = w
        .client
        .execute(
            "return [...document.querySelectorAll('#register-table tbody .glance-cell')].map((c) => c.textContent);",
            vec![],
        )
        .await
        .expect("cells");
    let cells: Vec<String> = cells.as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect();
    assert_eq!(cells.len(), cli_overdue.min(50));
    assert!(cells.iter().all(|c| c.contains("overdue by") || c.contains("Overdue by")), "{cells:?}");
    let overdue: usize =
        w.text("#record-count").await.trim_start_matches("Records: ").replace(',', "").parse().unwrap();
    assert_eq!(overdue, cli_overdue);

    // Kept: away and back, the list is still the overdue one; the preferences say so.
    w.click("#nav-dashboard").await;
    w.wait_text("main h1", |t| !t.is_empty() && t != "Requests").await;
    w.click("#nav-requests").await;
    w.wait_attr("#views [data-view='overdue']", "aria-pressed", "true").await;
    w.wait_text("#record-count", |t| t == format!("Records: {overdue}")).await;
    let prefs = std::fs::read_to_string(w.data_dir().join("prefs.json")).expect("prefs");
    assert!(prefs.contains("\"requests\":\"overdue\"") || prefs.contains("\"requests\": \"overdue\""), "{prefs}");

    // A link that names its own filters (a dashboard notice, "Open the list") shows just those:
    // the view kept for the navigation is not laid over them.
    w.goto("#/register/requests?request_type=sar").await;
    w.wait_attr("#views [data-view='all']", "aria-pressed", "true").await;
    w.click("#nav-requests").await;
    w.wait_attr("#views [data-view='overdue']", "aria-pressed", "true").await;
    // Mine: the signed-in officer's cases; then all, in the register's own order.
    w.click("#views [data-view='mine']").await;
    w.wait_attr("#views [data-view='mine']", "aria-pressed", "true").await;
    w.wait_text("#record-count", |t| t == "Records: 1").await;
    w.click("#register-table tbody tr:first-child .open-record").await;
    w.el("#record-page").await;
    assert_eq!(w.value("#record-page [name='summary']").await, "Mine to answer");
    w.click("#record-cancel").await;
    w.wait_attr("#views [data-view='mine']", "aria-pressed", "true").await;
    w.click("#views [data-view='all']").await;
    w.wait_attr("#views [data-view='all']", "aria-pressed", "true").await;
    w.wait_text("#record-count", |t| t.starts_with("Records:") && t != format!("Records: {overdue}")).await;
    assert_eq!(w.text("#view-sort-note").await, "");
    assert_eq!(w.attr("#register-table th[data-col='received_on']", "aria-sort").await, "ascending");

    // Breaches open on open cases too; a register with no status or date offers no views.
    w.click("#nav-breaches").await;
    w.wait_attr("#views [data-view='open']", "aria-pressed", "true").await;
    w.goto("#/register/departments").await;
    w.wait_text("main h1", |t| t == "Departments").await;
    w.wait_text("#record-count", |t| t.starts_with("Records:")).await;
    assert_eq!(w.count("#views").await, 0);
    w.close().await;
}

/// Issue 21: the dashboard charts the pack's figures — the headline measures against last
/// quarter with their targets and RAG in words, and eight quarters of requests answered on
/// time (against 90%) and of breaches — each chart an image with a description and its figures
/// in a table, in English and in Welsh.
#[tokio::test(flavor = "multi_thread")]
async fn the_dashboard_charts_the_packs_figures_with_words_and_tables() {
    let mut w = demo_window("dash-charts").await;
    w.wait_text("#dash-kpi-cards", |t| !t.is_empty()).await;
    assert_eq!(w.attr("#dash-charts-section", "aria-busy").await, "");
    let measures = w.text("#dash-kpi-cards").await;
    for m in ["training", "ICO", "escalation"] {
        assert!(measures.contains(m), "{m} in {measures}");
    }
    assert!(w.count("#dash-kpi-cards .tag[data-kind='rag']").await >= 3, "RAG shown as words in a label");
    // Each measure's small chart says its figures in words; the table holds them all.
    let card = "#dash-kpi-cards li[data-kpi='pack-kpi-training']";
    let said = w.attr(&format!("{card} svg"), "aria-label").await;
    assert!(
        said.starts_with("Staff holding all their mandatory training: last quarter ") && said.contains("target 95%"),
        "{said}"
    );
    assert_eq!(w.attr(&format!("{card} svg"), "role").await, "img");
    assert_eq!(w.count("#dash-kpis tbody tr").await, w.count("#dash-kpi-cards li").await);
    for chart in ["#chart-on-time", "#chart-breaches"] {
        let svg = format!("{chart} svg");
        assert_eq!(w.attr(&svg, "role").await, "img");
        let title = w.attr(&svg, "aria-labelledby").await;
        let named =
            w.client.execute(&format!("return document.getElementById('{title}').textContent"), vec![]).await.unwrap();
        assert!(!named.as_str().unwrap_or("").is_empty(), "{title}");
        assert_eq!(w.count(&format!("{chart} .chart-figures tbody tr")).await, 8, "eight quarters");
        assert_eq!(w.count(&format!("{chart} svg g.group")).await, 8);
    }
    // Each bar is a figure of the table: the same values, in the same quarters.
    let js = "return [...document.querySelectorAll('#chart-breaches svg g.group')].map((g) => [g.dataset.label, [...g.querySelectorAll('rect')].map((r) => r.dataset.value)]);";
    let bars = w.client.execute(js, vec![]).await.unwrap();
    let rows = w.client.execute(
        "return [...document.querySelectorAll('#chart-breaches .chart-figures tbody tr')].map((tr) => [tr.querySelector('th').textContent, [...tr.querySelectorAll('td')].map((td) => td.textContent)]);",
        vec![],
    ).await.unwrap();
    assert_eq!(bars, rows, "the bars and the table agree");
    let total: i64 = rows.as_array().unwrap().iter().map(|r| r[1][0].as_str().unwrap().parse::<i64>().unwrap()).sum();
    assert!(total > 0, "the demo has breaches in the last eight quarters");
    let target = w.text("#chart-on-time .chart-key").await;
    assert!(target.contains("Target 90%"), "{target}");
    let desc =
        w.client.execute("return document.querySelector('#chart-on-time desc').textContent", vec![]).await.unwrap();
    let desc = desc.as_str().unwrap().to_string();
    assert!(desc.contains("FOI and EIR") && desc.contains("target of 90%"), "{desc}");
    w.scroll_to("#dash-charts").await;
    w.shot("dashboard-charts").await;
    w.scroll_to("#chart-on-time").await;
    w.shot("dashboard-charts-trend").await;
    // The heat map: each cell opens the open risks it counts.
    assert_eq!(w.count("#dash-heat-map a.heat-cell").await, 25);
    let cell = w
        .client
        .execute("return [...document.querySelectorAll('#dash-heat-map a.heat-cell')].find((a) => a.textContent)?.dataset.cell", vec![])
        .await
        .unwrap();
    let cell = cell.as_str().expect("the demo has open risks").to_string();
    let n = w.text(&format!("#dash-heat-map a[data-cell='{cell}']")).await;
    w.scroll_to("#dash-heat-map").await;
    w.shot("dashboard-heat-map").await;
    w.click(&format!("#dash-heat-map a[data-cell='{cell}']")).await;
    w.wait_text("main h1", |t| t == "Information risks").await;
    w.wait_text("#record-count", |t| t == format!("Records: {n}")).await;
    w.wait_attr(&format!("#heat-map [data-cell='{cell}']"), "aria-pressed", "true").await;
    w.click("#nav-dashboard").await;
    w.wait_text("#dash-kpi-cards", |t| !t.is_empty()).await;
    assert!(w.axe().await.is_empty(), "the charts pass axe");
    // In Welsh.
    w.arrow_down("#lang-select", 1).await;
    w.wait_text("#dash-kpi-cards", |t| t.contains("Diwethaf")).await;
    let caption =
        w.client.execute("return document.querySelector('#dash-kpis caption').textContent", vec![]).await.unwrap();
    assert!(caption.as_str().unwrap().starts_with("Prif fesurau: Chwarter "), "{caption}");
    assert!(w.text("#chart-on-time .chart-figures tbody").await.contains("Ch"));
    assert_no_leaks(&w, "cy dashboard charts").await;
    w.wait_text("#chart-on-time .chart-key", |t| t.contains("Targed 90%")).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    w.scroll_to("#chart-on-time").await;
    w.shot("dashboard-charts-cy").await;
    w.close().await;
}
