//! The IMG quarterly pack: its figures against a small hand-built dataset, then the PDF itself
//! in English and Welsh, read back with `pdftotext` and checked with `qpdf --check` (both from
//! poppler-utils and qpdf, which `make test` installs).

use std::collections::BTreeMap;
use std::process::Command;

use chrono::{TimeZone, Utc};
use cofrestr::figures::Quarter;
use cofrestr::i18n::Lang;
use cofrestr::reports::{Marking, PackOptions, Rag};
use cofrestr::session::NewDatabase;
use cofrestr::Session;
use serde_json::{json, Value as Json};

const PASS: &str = "heather harbour lantern 42";

fn m(pairs: &[(&str, Json)]) -> BTreeMap<String, Json> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 20, 9, 0, 0).unwrap()
}

fn q2() -> Quarter {
    "2026-27-Q2".parse().unwrap()
}

/// Q2 (July to September 2026): FOI 3 of 4 answered on time (75%, red) against Q1's 1 of 1
/// (worse); one SAR on time; a breach reported late to the ICO (0% within 72 hours, red); one
/// action overdue at the end of Q2 with its Q2 update; one extreme risk; no EIR at all.
fn dataset(dir: &tempfile::TempDir) -> Session {
    let mut s = Session::create(
        &dir.path().join("p.db"),
        PASS,
        PASS,
        &NewDatabase {
            council: "Cyngor Bwrdeistref Sirol Wrecsam".into(),
            user_name: "IMG Secretary".into(),
            department: "Tai a Chymunedau".into(),
        },
        now(),
    )
    .unwrap();
    let dept = s.all("departments").unwrap()[0].id.to_string();
    let mut req = |kind: &str, received: &str, answered: &str| {
        let f = m(&[
            ("request_type", json!(kind)),
            ("summary", json!("Cais am wybodaeth")),
            ("received_on", json!(received)),
            ("responded_on", json!(answered)),
            ("outcome", json!("granted-full")),
            ("department_ids", json!([dept])),
        ]);
        s.save("requests", None, None, &f, now()).unwrap();
    };
    req("foi", "2026-06-01", "2026-06-10"); // Q1, on time
    req("foi", "2026-07-01", "2026-07-10"); // on time
    req("foi", "2026-07-06", "2026-07-15"); // on time
    req("foi", "2026-07-13", "2026-07-20"); // on time
    req("foi", "2026-07-01", "2026-09-30"); // late
    req("sar", "2026-07-15", "2026-08-10"); // on time

    let breach = m(&[
        ("title", json!("Ffeil achos wedi'i hanfon i'r cyfeiriad anghywir")),
        ("what_happened", json!("Details")),
        ("aware_at", json!("2026-08-01 08:00")),
        ("breach_types", json!(["confidentiality"])),
        ("cause", json!("misdirected-email")),
        ("risk", json!("risk")),
        ("notify_ico", json!("yes")),
        ("reported_at", json!("2026-08-05 09:00")),
        ("late_reason", json!("Extent unknown")),
        ("tell_subjects", json!("no")),
        ("lessons", json!("Gwirio'r derbynwyr cyn anfon.")),
        ("department_id", json!(dept)),
    ]);
    s.save("breaches", None, None, &breach, now()).unwrap();

    let action = s
        .save(
            "actions",
            None,
            None,
            &m(&[
                ("title", json!("Amgryptio pob gliniadur")),
                ("area", json!("security")),
                ("source", json!("strategy")),
                ("status", json!("in-progress")),
                ("due_on", json!("2026-08-31")),
            ]),
            now(),
        )
        .unwrap();
    s.save(
        "action_updates",
        None,
        None,
        &m(&[
            ("action_id", json!(action.id.to_string())),
            ("quarter", json!("2026-27-Q2")),
            ("rag", json!("red")),
            ("commentary", json!("Cyflenwr yn hwyr; wedi'i uwchgyfeirio.")),
        ]),
        now(),
    )
    .unwrap();
    s.save(
        "risks",
        None,
        None,
        &m(&[
            ("title", json!("Gliniaduron heb eu hamgryptio")),
            ("inherent_likelihood", json!(5)),
            ("inherent_impact", json!(5)),
            ("residual_likelihood", json!(4)),
            ("residual_impact", json!(4)),
            ("review_date", json!("2027-03-31")),
        ]),
        now(),
    )
    .unwrap();

    // Training: with the first-run user (never trained) four staff must hold the course; one
    // held it at the end of Q1 and two at the end of Q2 (25% then 50%).
    let course =
        s.save("courses", None, None, &m(&[("name", json!("GDPR e-learning"))]), now()).unwrap().id.to_string();
    let mut staff = |name: &str, number: &str, done: Option<&str>| {
        let p = s
            .save(
                "people",
                None,
                None,
                &m(&[
                    ("name", json!(name)),
                    ("staff_number", json!(number)),
                    ("department_id", json!(dept)),
                    ("start_date", json!("2020-01-06")),
                ]),
                now(),
            )
            .unwrap();
        if let Some(d) = done {
            let c =
                m(&[("person_id", json!(p.id.to_string())), ("course_id", json!(course)), ("completed_on", json!(d))]);
            s.save("completions", None, None, &c, now()).unwrap();
        }
        p.id.to_string()
    };
    let auditor = staff("Elin Evans", "E1", Some("2026-05-01"));
    staff("Rhys Rees", "E2", Some("2026-08-15"));
    staff("Owain Owen", "E3", None);
    // A site audit in Q2 with one red finding.
    let template = s.all("checklist_templates").unwrap()[0].id.to_string();
    let audit = m(&[
        ("site", json!("Depo Plas Acton")),
        ("audit_date", json!("2026-09-10")),
        ("auditor_id", json!(auditor)),
        ("template_id", json!(template)),
    ]);
    s.save("site_audits", None, None, &audit, now()).unwrap();
    for item in s.all("site_audit_items").unwrap() {
        let mut input: BTreeMap<String, Json> =
            item.fields.iter().map(|(k, v)| (k.clone(), serde_json::to_value(v).unwrap())).collect();
        input.insert("answer".into(), json!("compliant"));
        if item.get("number").as_int() == Some(4) {
            input.insert("answer".into(), json!("not-compliant"));
            input.insert("finding".into(), json!("Gwastraff cyfrinachol yn y bin cyffredinol"));
            input.insert("finding_rag".into(), json!("red"));
        }
        s.save("site_audit_items", Some(item.id), Some(item.revision), &input, now()).unwrap();
    }
    s
}

#[test]
fn the_packs_figures_come_from_the_registers() {
    let dir = tempfile::tempdir().unwrap();
    let s = dataset(&dir);
    let f = s.pack_figures(q2(), now(), Lang::En).unwrap();
    let kpi = |id: &str| f.kpis.iter().find(|k| k.id == id).unwrap_or_else(|| panic!("{id}"));

    let foi = kpi("pack-kpi-foi");
    assert_eq!((foi.value, foi.previous), (Some(75.0), Some(100.0)));
    assert_eq!(foi.rag(), Some(Rag::Red));
    assert_eq!(foi.direction(), Some(std::cmp::Ordering::Less), "worse than Q1");
    assert_eq!(kpi("pack-kpi-eir").value, None, "no EIR answered: no percentage, no RAG");
    assert_eq!(kpi("pack-kpi-eir").rag(), None);
    assert_eq!((kpi("pack-kpi-sar").value, kpi("pack-kpi-sar").rag()), (Some(100.0), Some(Rag::Green)));
    assert_eq!((kpi("pack-kpi-breaches").value, kpi("pack-kpi-breaches").previous), (Some(1.0), Some(0.0)));
    assert_eq!((kpi("pack-kpi-72h").value, kpi("pack-kpi-72h").rag()), (Some(0.0), Some(Rag::Red)));
    let overdue = kpi("pack-kpi-actions-overdue");
    assert_eq!(
        (overdue.value, overdue.previous, overdue.rag()),
        (Some(1.0), Some(0.0), Some(Rag::Red)),
        "due 31 August, still open"
    );
    let risks = kpi("pack-kpi-risks-escalated");
    assert_eq!(risks.value, Some(1.0));
    assert_eq!(risks.previous, None, "the audit trail starts in October: Q1's position is not recorded");

    assert_eq!((f.foi.received, f.foi.late), (4, 1));
    assert_eq!(f.by_department.len(), 1);
    assert_eq!((f.by_department[0].foi_eir, f.by_department[0].sar, f.by_department[0].on_time), (4, 1, 3));
    assert_eq!(f.trend.len(), 8);
    assert_eq!(f.trend.last().unwrap().quarter, q2());
    assert_eq!(f.trend[6].foi_eir_received, 1, "Q1's one request");
    assert_eq!(f.breach_rows.len(), 1);
    assert_eq!(f.actions.len(), 1);
    assert_eq!(f.actions[0].rag.as_deref(), Some("red"));
    assert_eq!(f.escalated.len(), 1);
    assert_eq!(f.escalated[0].score, 16);

    // A deferred action past its date still counts as overdue, as the register's review rule
    // (and so the dashboard) says; one completed on time does not.
    let mut s = s;
    for (status, completed) in [("deferred", None), ("complete", Some("2026-08-15"))] {
        let mut a = m(&[
            ("title", json!("Review retention")),
            ("area", json!("records")),
            ("source", json!("strategy")),
            ("status", json!(status)),
            ("due_on", json!("2026-08-31")),
        ]);
        if let Some(c) = completed {
            a.insert("completed_on".into(), json!(c));
        }
        s.save("actions", None, None, &a, now()).unwrap();
    }
    let f = s.pack_figures(q2(), now(), Lang::En).unwrap();
    assert_eq!(f.kpis.iter().find(|k| k.id == "pack-kpi-actions-overdue").unwrap().value, Some(2.0));
}

/// The PDF's text in drawing order (a wrapped table cell stays together) and as laid out on
/// the page (top and bottom lines are the running header and footer), after `qpdf --check`.
fn pdftotext(pdf: &[u8], dir: &std::path::Path, name: &str) -> (String, String) {
    let path = dir.join(name);
    std::fs::write(&path, pdf).unwrap();
    let check = Command::new("qpdf").arg("--check").arg(&path).output().expect("qpdf is installed");
    assert!(check.status.success(), "qpdf --check: {}", String::from_utf8_lossy(&check.stdout));
    let run = |layout: bool| {
        let mut cmd = Command::new("pdftotext");
        if layout {
            cmd.arg("-layout");
        }
        let out = cmd.arg(&path).arg("-").output().expect("pdftotext (poppler-utils) is installed");
        assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    (run(false), run(true))
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_pack_prints_its_figures_in_english_and_welsh() {
    let dir = tempfile::tempdir().unwrap();
    let s = dataset(&dir);
    let mut steps = vec![];
    let opts = PackOptions {
        quarter: q2(),
        lang: Lang::En,
        marking: Marking::OfficialSensitive,
        meeting: Some("2026-11-30".parse().unwrap()),
        version: "1.2".into(),
    };
    let en = s.report_pack(&opts, now(), &mut |p| steps.push(p)).unwrap();
    assert_eq!((steps.first(), steps.last()), (Some(&0), Some(&100)), "progress runs from 0 to 100");
    assert!(steps.windows(2).all(|w| w[0] <= w[1]), "{steps:?}");
    let (text, laid_out) = pdftotext(&en, dir.path(), "en.pdf");
    // A table row reads along the line as laid out; a wrapped cell reads whole in drawing order.
    let flat = format!("{} | {}", squash(&laid_out), squash(&text));
    let pages: Vec<&str> = laid_out.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    let total = pages.len();
    for (i, page) in pages.iter().enumerate() {
        let lines: Vec<&str> = page.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        assert_eq!(
            (lines[0], lines[lines.len() - 1]),
            ("OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE"),
            "marking at the top and bottom of page {}",
            i + 1
        );
        assert!(squash(page).contains(&format!("Page {} of {total}", i + 1)), "page {}", i + 1);
    }
    for expected in [
        "Cyngor Bwrdeistref Sirol Wrecsam",
        "Quarter 2 2026-27 (1 July 2026 to 30 September 2026)",
        "30 November 2026",
        "Version 1.2",
        "Contents",
        "FOI requests answered on time 75.0% 100.0% Worse 95% (ICO: good) Red",
        // The eight quarters' trend, as a table under its charts.
        "Quarter FOI and EIR received FOI and EIR on time SARs received SARs on time",
        "26/27 Q2 4 75.0% 1 100.0%",
        "Subject access requests answered on time 100.0%",
        "ICO reports made within 72 hours 0.0%",
        "Action plan: actions overdue 1 0 Worse None Red",
        "Risks at or above the SIRO escalation score 1 Not recorded",
        "Gwirio'r derbynwyr cyn anfon.",
        "Cyflenwr yn hwyr; wedi'i uwchgyfeirio.",
        "Staff holding all their mandatory training 50.0% 25.0% Better 95% (council target) Red",
        "Tai a Chymunedau 4 2 50% 0 2 0",
        "GDPR e-learning 50% (2/4)",
        "Depo Plas Acton",
        "94%",
        "1 (1)",
        "Extreme: 15 to 25",
    ] {
        assert!(flat.contains(expected), "the English pack lacks “{expected}”:\n{text}");
    }
    // Contents entries give the pages their sections start on.
    let summary_page = pages.iter().position(|p| p.contains("The quarter's key measures")).unwrap() + 1;
    assert!(flat.contains(&format!("Summary {summary_page}")), "contents: Summary on page {summary_page}");

    let cy =
        s.report_pack(&PackOptions { lang: Lang::Cy, marking: Marking::Official, ..opts }, now(), &mut |_| {}).unwrap();
    let (text, laid_out) = pdftotext(&cy, dir.path(), "cy.pdf");
    let flat = format!("{} | {}", squash(&laid_out), squash(&text));
    for expected in [
        "SWYDDOGOL",
        "Grŵp Rheoli Gwybodaeth",
        "Chwarter 2 2026-27 (1 Gorffennaf 2026 i 30 Medi 2026)",
        "30 Tachwedd 2026",
        "Cynnwys",
        "Crynodeb",
        "Ceisiadau RhG a atebwyd ar amser 75.0% 100.0% Gwaeth 95% (ICO: da) Coch",
        "Heb ei gofnodi",
        "Eithafol: 15 i 25",
        "Tudalen 1 o",
        "Staff sydd â'u holl hyfforddiant gorfodol yn gyfredol",
        "95% (targed y cyngor)",
        "Hyfforddiant gorfodol cyfredol, fesul adran",
        "Archwiliadau safle",
        "Diogelwch gwybodaeth",
    ] {
        assert!(flat.contains(expected), "the Welsh pack lacks “{expected}”:\n{text}");
    }
    assert!(!flat.contains("OFFICIAL") && !flat.contains("Page 1 of"), "no English chrome in the Welsh pack");
}

#[test]
fn an_empty_quarter_gives_a_pack_that_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let s = Session::create(
        &dir.path().join("e.db"),
        PASS,
        PASS,
        &NewDatabase {
            council: "Wrexham".into(),
            user_name: "IMG Secretary".into(),
            department: "Housing and Communities".into(),
        },
        now(),
    )
    .unwrap();
    let opts = PackOptions {
        quarter: "2025-26-Q4".parse().unwrap(),
        lang: Lang::En,
        marking: Marking::Official,
        meeting: None,
        version: "1.0".into(),
    };
    let pdf = s.report_pack(&opts, now(), &mut |_| {}).unwrap();
    let flat = squash(&pdftotext(&pdf, dir.path(), "empty.pdf").0);
    for expected in [
        "No breaches or incidents this quarter.",
        "No requests were received or answered this quarter.",
        "The action plan has no open actions.",
        "No open risk is at or above the SIRO escalation score.",
    ] {
        assert!(flat.contains(expected), "{expected}");
    }
}

#[test]
fn every_character_a_pack_prints_has_a_glyph() {
    for lang in [Lang::En, Lang::Cy] {
        let msgs = cofrestr::i18n::Messages::for_lang(lang);
        for id in msgs.ids().iter().filter(|id| id.starts_with("pack-") || id.starts_with("annual-")) {
            let text = msgs.get(id);
            assert!(
                cofrestr::pdf::missing_glyphs(&text).is_empty(),
                "{id}: {:?}",
                cofrestr::pdf::missing_glyphs(&text)
            );
        }
    }
}

#[test]
fn the_siro_annual_report_has_its_texts_figures_and_ico_contact_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = dataset(&dir);
    let text = |section: &str, en: &str, cy: Option<&str>| {
        let mut f = m(&[("year", json!("2026-27")), ("section", json!(section)), ("body_en", json!(en))]);
        if let Some(cy) = cy {
            f.insert("body_cy".into(), json!(cy));
        }
        f
    };
    s.save(
        "report_texts",
        None,
        None,
        &text("foreword", "A year of steady improvement.", Some("Blwyddyn o welliant cyson.")),
        now(),
    )
    .unwrap();
    s.save("report_texts", None, None, &text("priorities", "Encrypt every laptop.", None), now()).unwrap();
    // One text per year and section; the year must be a financial year.
    let dup = s.save("report_texts", None, None, &text("foreword", "Again", None), now()).unwrap_err();
    assert!(matches!(dup, cofrestr::Error::Validation(ref f) if f[0].field == "section"), "{dup:?}");
    let bad = s
        .save(
            "report_texts",
            None,
            None,
            &m(&[("year", json!("2026")), ("section", json!("assurance")), ("body_en", json!("x"))]),
            now(),
        )
        .unwrap_err();
    assert!(matches!(bad, cofrestr::Error::Validation(ref f) if f[0].field == "year"), "{bad:?}");

    let opts = cofrestr::reports::annual::AnnualOptions { year: 2026, lang: Lang::En, marking: Marking::Official };
    let en = s.report_annual(&opts, now(), &mut |_| {}).unwrap();
    let (text_en, laid) = pdftotext(&en, dir.path(), "annual-en.pdf");
    let flat = format!("{} | {}", squash(&laid), squash(&text_en));
    for expected in [
        "Senior Information Risk Owner: annual report 2026-27",
        "2026-27 (1 April 2026 to 31 March 2027)",
        "A year of steady improvement.",
        "Encrypt every laptop.",
        "FOI requests received 5 0",
        "Breaches reported to the ICO 1 0",
        "reported 1 breaches to the ICO",
        "Ffeil achos wedi'i hanfon i'r cyfeiriad anghywir",
        "This section has not been written in English yet",
        "Page 1 of",
    ] {
        assert!(flat.contains(expected), "the English annual report lacks “{expected}”:\n{text_en}");
    }
    let cy = s
        .report_annual(&cofrestr::reports::annual::AnnualOptions { lang: Lang::Cy, ..opts }, now(), &mut |_| {})
        .unwrap();
    let (text_cy, laid) = pdftotext(&cy, dir.path(), "annual-cy.pdf");
    let flat = format!("{} | {}", squash(&laid), squash(&text_cy));
    for expected in [
        "Uwch Berchennog Risg Gwybodaeth: adroddiad blynyddol 2026-27",
        "1 Ebrill 2026 i 31 Mawrth 2027",
        "Blwyddyn o welliant cyson.",
        "Nid yw'r adran hon wedi'i hysgrifennu yn Gymraeg eto",
        "Ceisiadau RhG a dderbyniwyd 5 0",
        "Rhagair",
        "Blaenoriaethau ar gyfer y flwyddyn nesaf",
    ] {
        assert!(flat.contains(expected), "the Welsh annual report lacks “{expected}”:\n{text_cy}");
    }
    assert!(!flat.contains("Encrypt every laptop."), "no English text in the Welsh edition");
}

#[test]
fn a_register_is_rebuilt_as_it_stood_on_a_past_day_from_the_audit_trail() {
    let dir = tempfile::tempdir().unwrap();
    let at = |m: u32, d: u32| Utc.with_ymd_and_hms(2026, m, d, 12, 0, 0).unwrap();
    let day = |m: u32, d: u32| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    let new = NewDatabase {
        council: "Wrexham".into(),
        user_name: "SIRO".into(),
        department: "Housing and Communities".into(),
    };
    let mut s = Session::create(&dir.path().join("a.db"), PASS, PASS, &new, at(6, 1)).unwrap();
    let risk = |l: i64| {
        m(&[
            ("title", json!("Laptops unencrypted")),
            ("inherent_likelihood", json!(5)),
            ("inherent_impact", json!(5)),
            ("residual_likelihood", json!(l)),
            ("residual_impact", json!(4)),
            ("review_date", json!("2027-03-31")),
        ])
    };
    let r = s.save("risks", None, None, &risk(4), at(6, 15)).unwrap();
    let r = s.save("risks", Some(r.id), Some(r.revision), &risk(2), at(8, 10)).unwrap();
    s.save("risks", None, None, &risk(1), at(9, 1)).unwrap();
    let def = &cofrestr::registers::risks::DEF;
    let score = |recs: &[cofrestr::register::Fields]| {
        recs.iter().map(|f| f["residual_score"].as_int().unwrap()).collect::<Vec<_>>()
    };
    let c = s.connection();
    assert!(cofrestr::trail::as_of(c, def, day(6, 10)).unwrap().is_none(), "before the first entry: not known");
    assert_eq!(score(&cofrestr::trail::as_of(c, def, day(6, 30)).unwrap().unwrap()), [16], "before the rescore");
    assert_eq!(
        score(&cofrestr::trail::as_of(c, def, day(8, 31)).unwrap().unwrap()),
        [8],
        "after it, before the second risk"
    );
    assert_eq!(cofrestr::trail::as_of(c, def, day(9, 30)).unwrap().unwrap().len(), 2);
    assert_eq!(
        s.get("risks", r.id).unwrap().get("residual_score").as_int(),
        Some(8),
        "the register itself is untouched"
    );
}

#[test]
fn a_register_prints_as_a_pdf_list_whole_or_as_filtered_with_each_record_in_full() {
    use cofrestr::reports::list::ListOptions;
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::create(
        &dir.path().join("l.db"),
        PASS,
        PASS,
        &NewDatabase {
            council: "Wrexham County Borough Council".into(),
            user_name: "Auditor".into(),
            department: "Housing and Communities".into(),
        },
        now(),
    )
    .unwrap();
    cofrestr::demo::fill(&mut s, cofrestr::demo::Scale::Small, 7, now()).unwrap();
    let assets = s.all_in("assets", Lang::En).unwrap();
    let dept_names: BTreeMap<String, String> =
        s.all("departments").unwrap().iter().map(|d| (d.id.to_string(), d.get("name").to_plain())).collect();

    // The whole register: every asset's reference on the landscape pages, the count said.
    let (pdf, n) = s.report_list("assets", &ListOptions::default(), now(), &mut |_| {}).unwrap();
    assert_eq!(n, assets.len());
    let (text, _) = pdftotext(&pdf, dir.path(), "all.pdf");
    let flat = squash(&text);
    assert!(flat.contains(&format!("Wrexham County Borough Council. {} records, produced", assets.len())), "{flat}");
    assert!(flat.contains("Every record in the register."));
    for a in &assets {
        assert!(flat.contains(&a.get("reference").to_plain()), "missing {}", a.get("reference").to_plain());
    }
    assert!(!flat.contains("Each record in full"), "no details unless asked");
    assert!(flat.contains("OFFICIAL") && flat.contains("Information assets: list"));

    // One department's assets, by its Welsh name, in Welsh, with each record in full.
    let dept_id = assets[0].get("department_id").to_plain();
    let mine: Vec<_> = assets.iter().filter(|a| a.get("department_id").to_plain() == dept_id).collect();
    let dept_cy = s.get("departments", dept_id.parse().unwrap()).unwrap().get("name_cy").to_plain();
    let opts = ListOptions {
        lang: Lang::Cy,
        marking: Some(Marking::OfficialSensitive),
        details: true,
        filters: [("department_id".to_string(), dept_cy.clone())].into(),
        ..Default::default()
    };
    let (pdf, n) = s.report_list("assets", &opts, now(), &mut |_| {}).unwrap();
    assert_eq!(n, mine.len());
    let (text, _) = pdftotext(&pdf, dir.path(), "cy.pdf");
    let flat = squash(&text);
    assert!(flat.contains(&format!("Dim ond y cofnodion sy'n cyfateb: Adran: {dept_cy}.")), "{flat}");
    assert!(flat.contains("Pob cofnod yn llawn") && flat.contains("SWYDDOGOL-SENSITIF"), "{flat}");
    assert!(flat.contains("Diben y prosesu"), "the details print every field's Welsh label");
    for a in &mine {
        // Each in the table and again as its own heading in full.
        let name = a.get("name").to_plain();
        assert!(flat.matches(name.as_str()).count() >= 2, "{name} once in the table and once in full");
    }
    let other = assets.iter().find(|a| a.get("department_id").to_plain() != dept_id).unwrap();
    assert!(!flat.contains(&other.get("reference").to_plain()), "another department's asset is left out");
    assert!(!dept_names.is_empty());

    // An asset's business function in Welsh, where it has one, on the Welsh list only.
    let a = &assets[0];
    let mut input: BTreeMap<String, serde_json::Value> =
        serde_json::from_value(serde_json::to_value(&a.fields).unwrap()).unwrap();
    input.insert("business_function".into(), "Waste collection".into());
    input.insert("business_function_cy".into(), "Casglu gwastraff".into());
    s.save("assets", Some(a.id), Some(a.revision), &input, now()).unwrap();
    for (lang, shown, hidden) in
        [(Lang::Cy, "Casglu gwastraff", "Waste collection"), (Lang::En, "Waste collection", "Casglu gwastraff")]
    {
        let (pdf, _) =
            s.report_list("assets", &ListOptions { lang, ..Default::default() }, now(), &mut |_| {}).unwrap();
        let flat = squash(&pdftotext(&pdf, dir.path(), "fn.pdf").0);
        assert!(flat.contains(shown) && !flat.contains(hidden), "{lang:?}: {flat}");
    }

    // A department no register has is refused in words, and nothing is written.
    let bad =
        ListOptions { filters: [("department_id".to_string(), "Nowhere".to_string())].into(), ..Default::default() };
    let e = s.report_list("assets", &bad, now(), &mut |_| {}).unwrap_err();
    assert!(e.message(cofrestr::i18n::Messages::for_lang(Lang::En)).contains("No record called “Nowhere” was found."));
}

#[test]
fn the_hubs_pack_says_whose_returns_cover_the_quarter() {
    // Q2 ended on 30 September. The housing laptop wrote its return on 5 October, after the
    // quarter; the care laptop's latest was written on 20 September, so what it sent stops
    // there. The pack says so, laptop by laptop, in both languages.
    let dir = tempfile::tempdir().unwrap();
    let mut hub = dataset(&dir);
    hub.hub_init(now()).unwrap();
    let laptops: Vec<(Session, (i32, u32, u32))> = [("Swyddog Tai", (2026, 10, 5)), ("Swyddog Gofal", (2026, 9, 20))]
        .into_iter()
        .map(|(officer, written)| {
            let new = NewDatabase {
                council: "Cyngor Bwrdeistref Sirol Wrecsam".into(),
                user_name: officer.into(),
                department: "Tai a Chymunedau".into(),
            };
            let mut laptop =
                Session::create(&dir.path().join(format!("{officer}.db")), PASS, PASS, &new, now()).unwrap();
            laptop.join(&hub.add_laptop(officer, None, now()).unwrap(), now()).unwrap();
            (laptop, written)
        })
        .collect();
    let (pack, _) = hub.export_pack(now()).unwrap();
    for (mut laptop, written) in laptops {
        laptop.import_pack(&pack, now(), true).unwrap();
        let at = Utc.with_ymd_and_hms(written.0, written.1, written.2, 16, 0, 0).unwrap();
        let (ret, _) = laptop.export_return(at).unwrap();
        hub.import_return(&ret, now(), true).unwrap();
    }
    for (lang, intro, rows) in [
        (Lang::En, "1 of 2 laptops had sent a return written after the quarter ended on 30 September 2026.", ["Swyddog Gofal Tai a Chymunedau 1 20/09/2026 17:00 Not yet", "Swyddog Tai Tai a Chymunedau 1 05/10/2026 17:00 Yes"]),
        (Lang::Cy, "Roedd 1 o 2 o liniaduron wedi anfon ffurflen a ysgrifennwyd ar ôl i'r chwarter ddod i ben ar 30 Medi 2026.", ["Swyddog Gofal Tai a Chymunedau 1 20/09/2026 17:00 Ddim eto", "Swyddog Tai Tai a Chymunedau 1 05/10/2026 17:00 Ydy"]),
    ] {
        let opts = PackOptions { quarter: q2(), lang, marking: Marking::Official, meeting: None, version: "1.0".into() };
        let pdf = hub.report_pack(&opts, now(), &mut |_| {}).unwrap();
        let (text, laid_out) = pdftotext(&pdf, dir.path(), "returns.pdf");
        let flat = format!("{} | {}", squash(&laid_out), squash(&text));
        assert!(flat.contains(intro), "{lang:?}: {flat}");
        for row in rows {
            assert!(flat.contains(row), "{lang:?} row {row}: {flat}");
        }
    }
    // A council's single copy (not a hub) has no such section.
    let single = tempfile::tempdir().unwrap();
    let s = dataset(&single);
    let opts =
        PackOptions { quarter: q2(), lang: Lang::En, marking: Marking::Official, meeting: None, version: "1.0".into() };
    let (text, _) = pdftotext(&s.report_pack(&opts, now(), &mut |_| {}).unwrap(), single.path(), "single.pdf");
    assert!(!text.contains("Departmental returns"), "no returns section on a single copy");
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

#[test]
fn every_export_list_and_report_is_an_audit_entry_and_the_siro_report_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = dataset(&dir);
    let out = |n: &str| dir.path().join(n);
    let before = s.verify_audit().unwrap().entries;
    let n = s.write_export("requests", &out("requests.csv"), Lang::En, now(), &mut |_| {}).unwrap();
    assert_eq!(n, 6);
    s.write_export("requests", &out("requests.xlsx"), Lang::Cy, now(), &mut |_| {}).unwrap();
    let listed = s
        .write_list(
            "requests",
            &cofrestr::reports::list::ListOptions::default(),
            &out("requests.pdf"),
            now(),
            &mut |_| {},
        )
        .unwrap();
    let opts = PackOptions {
        quarter: q2(),
        lang: Lang::En,
        marking: Marking::OfficialSensitive,
        meeting: None,
        version: "1.0".into(),
    };
    s.write_img_pack(&opts, &out("pack.pdf"), now(), &mut |_| {}).unwrap();
    let annual = cofrestr::reports::annual::AnnualOptions { year: 2026, lang: Lang::En, marking: Marking::Official };
    s.write_annual(&annual, &out("annual.pdf"), now(), &mut |_| {}).unwrap();
    // A file already there: refused, and nothing recorded for it.
    assert!(s.write_export("requests", &out("requests.csv"), Lang::En, now(), &mut |_| {}).is_err());

    let shown = s.exports(Lang::En, 10).unwrap();
    let seen: Vec<(&str, &str, Option<i64>)> =
        shown.iter().map(|e| (e.what.as_str(), e.format.as_str(), e.records)).collect();
    assert_eq!(
        seen,
        [
            ("SIRO annual report", "pdf", None),
            ("IMG quarterly pack", "pdf", None),
            ("Requests printed as a PDF list", "pdf", Some(listed as i64)),
            ("Requests exported as a spreadsheet", "xlsx", Some(6)),
            ("Requests exported as a spreadsheet", "csv", Some(6)),
        ]
    );
    assert!(shown.iter().all(|e| e.actor == "IMG Secretary"));
    assert_eq!(shown[4].place, out("requests.csv").display().to_string());
    assert_eq!(shown[4].sha256, sha256_hex(&std::fs::read(out("requests.csv")).unwrap()), "the file's own fingerprint");
    assert_eq!(s.exports(Lang::Cy, 10).unwrap()[0].what, "Adroddiad blynyddol yr SIRO");
    // In the trail's chain, and harmless to everything that reads the trail.
    let report = s.verify_audit().unwrap();
    assert_eq!((report.entries, report.problem), (before + 5, None));
    assert!(s.check().unwrap().ok());

    // The SIRO's annual report counts them: made on 20 October 2026, in 2026-27.
    let fig =
        cofrestr::reports::annual::annual_figures(s.connection(), 2026, cofrestr::time::london_date(now()), Lang::En)
            .unwrap();
    let count = |kind: &str| fig.exports.iter().find(|e| e.kind == kind).map(|e| (e.exports, e.records)).unwrap();
    assert_eq!(
        (count("register"), count("list"), count("pack"), count("annual")),
        ((2, 12), (1, listed as i64), (1, 0), (1, 0))
    );
    assert!(fig.exports_last.iter().all(|e| e.exports == 0));
    let (text, _) = pdftotext(&s.report_annual(&annual, now(), &mut |_| {}).unwrap(), dir.path(), "annual-read.pdf");
    let text = squash(&text);
    assert!(text.contains("What left the registers"), "{text}");
    assert!(text.contains("Registers exported as spreadsheets (CSV or Excel)"), "{text}");
    let cy = s
        .report_annual(&cofrestr::reports::annual::AnnualOptions { lang: Lang::Cy, ..annual }, now(), &mut |_| {})
        .unwrap();
    let (text, _) = pdftotext(&cy, dir.path(), "annual-cy.pdf");
    let text = squash(&text);
    assert!(
        text.contains("Beth adawodd y cofrestrau")
            && text.contains("Cofrestrau a allforiwyd fel taenlenni (CSV neu Excel)"),
        "{text}"
    );
}

/// What someone holding the passphrase could do to hide a change: rewrite every entry's hash
/// from `from` on and set the head to match, as `audit verify` alone cannot tell.
fn rehash_trail(s: &Session) {
    use sha2::Digest;
    let conn = s.connection();
    let rows: Vec<(i64, Vec<String>)> = conn
        .prepare("SELECT seq, at, installation, actor, register, record_id, action, changes, record_hash FROM audit ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, (1..=8).map(|i| r.get::<_, String>(i)).collect::<rusqlite::Result<Vec<_>>>()?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut prev = "0".repeat(64);
    for (i, (_, c)) in rows.iter().enumerate() {
        let seq = (i + 1) as i64;
        let body = serde_json::to_string(&(seq, &c[0], &c[1], &c[2], &c[3], &c[4], &c[5], &c[6], &c[7])).unwrap();
        let mut h = sha2::Sha256::new();
        h.update(prev.as_bytes());
        h.update(b"\n");
        h.update(body.as_bytes());
        let hash = hex::encode(h.finalize());
        conn.execute(
            "UPDATE audit SET seq = -?1, prev_hash = ?2, hash = ?3 WHERE seq = ?4",
            rusqlite::params![seq, prev, hash, rows[i].0],
        )
        .unwrap();
        prev = hash;
    }
    conn.execute("UPDATE audit SET seq = -seq", []).unwrap();
    conn.execute("UPDATE audit_head SET seq = ?1, hash = ?2", rusqlite::params![rows.len() as i64, prev]).unwrap();
}

#[test]
fn a_trail_rewritten_after_a_pack_was_published_is_caught_by_the_packs_anchor() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = dataset(&dir);
    let opts = PackOptions {
        quarter: q2(),
        lang: Lang::En,
        marking: Marking::OfficialSensitive,
        meeting: None,
        version: "1.0".into(),
    };
    let anchor = cofrestr::audit::anchor(s.connection()).unwrap();
    let pdf = s.report_pack(&opts, now(), &mut |_| {}).unwrap();
    let (text, _) = pdftotext(&pdf, dir.path(), "pack.pdf");
    assert!(text.contains("The audit trail behind this report"), "{text}");
    assert!(text.contains(&anchor.text()), "the pack prints {} on a line of its own: {text}", anchor.text());
    assert!(squash(&text).contains(&format!("cofrestr audit verify --anchor {}", anchor.text())), "{text}");
    let (cy, _) = pdftotext(
        &s.report_pack(&PackOptions { lang: Lang::Cy, ..opts.clone() }, now(), &mut |_| {}).unwrap(),
        dir.path(),
        "pecyn.pdf",
    );
    assert!(cy.contains("Y trywydd archwilio y tu ôl i'r adroddiad hwn") && cy.contains(&anchor.text()));
    // As printed (a copy from the PDF may break the line): read back whole.
    let printed =
        cofrestr::audit::Anchor::parse(&format!("{} : {} {}", anchor.entries, &anchor.head[..32], &anchor.head[32..]))
            .unwrap();
    assert_eq!(printed, anchor);
    assert!(cofrestr::audit::Anchor::parse("12:not-a-hash").is_err());

    // Work goes on after the pack: the trail still holds its anchor.
    s.write_export("requests", &dir.path().join("after.csv"), Lang::En, now(), &mut |_| {}).unwrap();
    assert_eq!(s.verify_audit_with(std::slice::from_ref(&anchor)).unwrap().problem, None);

    // Someone with the passphrase changes who made an entry before the pack, then re-hashes
    // the chain and its head: the trail alone looks intact, the pack's anchor does not.
    s.connection().execute("UPDATE audit SET actor = 'Someone else' WHERE seq = 2", []).unwrap();
    rehash_trail(&s);
    assert_eq!(s.verify_audit().unwrap().problem, None, "without the anchor the rewrite goes unseen");
    let p = s.verify_audit_with(std::slice::from_ref(&anchor)).unwrap().problem.expect("caught");
    assert_eq!((p.kind, p.seq), ("audit-anchor-differs", Some(2.max(anchor.entries))));
    assert_eq!(p.message(Lang::En), format!("Audit entry {} is not the entry a published report recorded: the trail has been rewritten since that report was made.", anchor.entries));
    assert!(p.message(Lang::Cy).contains("wedi'i ailysgrifennu"));
}

#[test]
fn a_trail_cut_short_after_a_report_is_caught_too() {
    let dir = tempfile::tempdir().unwrap();
    let s = dataset(&dir);
    let anchor = cofrestr::audit::anchor(s.connection()).unwrap();
    // Delete the last record and its entries, re-hash: fewer entries than the report printed.
    let last: String =
        s.connection().query_row("SELECT record_id FROM audit ORDER BY seq DESC LIMIT 1", [], |r| r.get(0)).unwrap();
    let register: String =
        s.connection().query_row("SELECT register FROM audit ORDER BY seq DESC LIMIT 1", [], |r| r.get(0)).unwrap();
    s.connection().execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    s.connection().execute(&format!("DELETE FROM {register} WHERE id = ?1"), [&last]).unwrap();
    s.connection().execute("DELETE FROM audit WHERE record_id = ?1", [&last]).unwrap();
    rehash_trail(&s);
    assert_eq!(s.verify_audit().unwrap().problem, None, "the trail alone looks whole");
    let p = s.verify_audit_with(std::slice::from_ref(&anchor)).unwrap().problem.expect("caught");
    assert_eq!(p.kind, "audit-anchor-beyond");
}
