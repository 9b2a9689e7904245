//! The recovery sheet: one page to print and keep, with the recovery key, which database it
//! opens and what to do with it (see [`crate::keys`]).

use chrono::{DateTime, Utc};

use crate::i18n::{Lang, Messages};
use crate::keys::RecoveryKey;
use crate::pdf::{self, Cell, Column, Doc, Rgb, Weight};

/// What the sheet names besides the key.
pub struct SheetFacts<'a> {
    pub council: &'a str,
    pub database: &'a str,
    pub installation: &'a str,
}

pub fn render_sheet(facts: &SheetFacts, key: &RecoveryKey, now: DateTime<Utc>, lang: Lang) -> Vec<u8> {
    let m = Messages::for_lang(lang);
    let title = m.get("sheet-title");
    let mut doc = Doc::new(&title).without_cover();
    doc.heading(1, &title);
    doc.body(&m.fmt("sheet-intro", &vec![("council".into(), facts.council.to_string())]));

    let columns = [Column::left(m.get("sheet-fact"), 1.0), Column::left(m.get("sheet-value"), 2.6)];
    let rows: Vec<Vec<Cell>> = [
        ("sheet-council", facts.council.to_string()),
        ("sheet-database", facts.database.to_string()),
        ("sheet-installation", facts.installation.to_string()),
        ("sheet-key-id", key.id()),
        ("sheet-made", crate::i18n::long_date(lang, crate::time::london_date(now))),
    ]
    .into_iter()
    .map(|(id, v)| vec![Cell::bold(m.get(id)), Cell::new(v)])
    .collect();
    doc.table(&columns, &rows);

    // The key itself, large, in two lines of four groups, in a ruled box.
    doc.space(6.0);
    let groups = key.groups();
    let size = 22.0;
    let line = size * 1.6;
    let box_h = line * 2.0 + 40.0;
    doc.ensure(box_h + 20.0);
    let top = doc.y();
    let w = doc.content_w();
    doc.rect(pdf::MARGIN, top, w, box_h, Rgb(0xf3, 0xf6, 0xf8));
    doc.frame(pdf::MARGIN, top, w, box_h, Rgb::INK, 1.2);
    doc.text_at(&m.get("sheet-key"), pdf::MARGIN + 14.0, top + 8.0, Weight::Bold, 9.5, Rgb::MUTED);
    for (row, chunk) in groups.chunks(4).enumerate() {
        let text = chunk.join("  ");
        let tw = pdf::text_width(&text, Weight::Bold, size);
        let x = pdf::MARGIN + (w - tw) / 2.0;
        doc.text_at(&text, x, top + 26.0 + row as f32 * line, Weight::Bold, size, Rgb::BLACK);
    }
    doc.set_y(top + box_h + 14.0);
    doc.note(&m.get("sheet-key-reading"));

    // Small enough that the Welsh, the longer of the two, stays on one page.
    let small = |doc: &mut Doc, text: &str| doc.paragraph(text, Weight::Regular, 9.0, Rgb::INK);
    doc.heading(3, &m.get("sheet-keep-heading"));
    for id in ["sheet-keep-1", "sheet-keep-2", "sheet-keep-3", "sheet-keep-4"] {
        small(&mut doc, &format!("•  {}", m.get(id)));
    }
    doc.heading(3, &m.get("sheet-use-heading"));
    for id in ["sheet-use-1", "sheet-use-2", "sheet-use-3"] {
        small(&mut doc, &format!("•  {}", m.get(id)));
    }
    doc.heading(3, &m.get("sheet-lost-heading"));
    small(&mut doc, &m.get("sheet-lost"));

    let marking = m.get("pack-marking-official-sensitive");
    let page_of = |n: usize, total: usize| {
        m.fmt("pack-page-of", &vec![("n".to_string(), n.to_string()), ("total".to_string(), total.to_string())])
    };
    doc.finish(&pdf::Finish {
        marking: &marking,
        title: &title,
        page_of: &page_of,
        contents: None,
        created: now,
        author: facts.council,
        subject: &title,
    })
}
