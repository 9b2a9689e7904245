//! The IMG quarterly pack at council scale (the demo council: 6,000 staff, 14,000 requests over
//! five years, 500 breaches, 60 risks, 80 actions with their updates), through the core call the
//! window and the CLI use. Targets (issue 6), release build: the pack under 0.5 s, the SIRO's
//! annual report under 1 s. The dashboard's headline charts are measured beside the pack's
//! figures: 0.32 s against 0.34 s on 8 December 2026, so they need their own target (issue 22).

use std::hint::black_box;

use chrono::{TimeZone, Utc};
use cofrestr::i18n::Lang;
use cofrestr::reports::{Marking, PackOptions};
use cofrestr::session::NewDatabase;
use cofrestr::Session;
use criterion::{criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    let new = NewDatabase {
        council: "Bench".into(),
        user_name: "Bench".into(),
        department: "Corporate and Customer Services".into(),
    };
    let mut s = Session::create(
        &dir.path().join("bench.db"),
        "heather harbour lantern 42",
        "heather harbour lantern 42",
        &new,
        now,
    )
    .unwrap();
    cofrestr::demo::fill(&mut s, cofrestr::demo::Scale::Council, 1, now).unwrap();
    let mut g = c.benchmark_group("img_pack_council");
    g.sample_size(10);
    for lang in [Lang::En, Lang::Cy] {
        let opts = PackOptions {
            quarter: "2026-27-Q2".parse().unwrap(),
            lang,
            marking: Marking::Official,
            meeting: None,
            version: "1.0".into(),
        };
        g.bench_function(format!("pack_{}", lang.code()), |b| {
            b.iter(|| black_box(s.report_pack(&opts, now, &mut |_| {}).unwrap().len()))
        });
    }
    for lang in [Lang::En, Lang::Cy] {
        let opts = cofrestr::reports::annual::AnnualOptions { year: 2025, lang, marking: Marking::Official };
        g.bench_function(format!("annual_{}", lang.code()), |b| {
            b.iter(|| black_box(s.report_annual(&opts, now, &mut |_| {}).unwrap().len()))
        });
    }
    // The dashboard's charts (issue 21), asked for after the dashboard is shown: the pack's
    // headline measures and eight quarters of trend. They cost nearly what the pack's figures do
    // (the requests' and training sections dominate); issue 22 sets their target.
    g.bench_function("dashboard_headline", |b| b.iter(|| black_box(s.headline(now, Lang::En).unwrap().kpis.len())));
    g.bench_function("figures_only", |b| {
        b.iter(|| black_box(s.pack_figures("2026-27-Q2".parse().unwrap(), now, Lang::En).unwrap().kpis.len()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
