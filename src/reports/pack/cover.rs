//! The cover: the quarter, the meeting, the marking and the version.

use crate::pdf::Doc;

use super::Page;
use crate::reports::pack::*;
use crate::reports::*;

pub(super) fn draw(doc: &mut Doc, p: &Page, fig: &PackFigures) {
    let m = p.m;
    let lang = p.lang;
    let quarter_name = &p.quarter_name;
    let dates = &p.dates;
    let marking = &p.marking;
    let opts = p.opts;
    let cover_lines = [
        (m.get("pack-cover-quarter"), format!("{quarter_name} ({dates})")),
        (
            m.get("pack-cover-meeting"),
            opts.meeting.map(|d| crate::i18n::long_date(lang, d)).unwrap_or_else(|| m.get("pack-none")),
        ),
        (m.get("pack-cover-marking"), marking.clone()),
        (m.get("pack-cover-version"), opts.version.clone()),
        (m.get("pack-cover-generated"), crate::i18n::long_date(lang, fig.generated_on)),
    ];
    draw_cover(doc, p.council, &m.get("pack-cover-group"), &m.get("pack-cover-kind"), &cover_lines);
    doc.note(&m.get("pack-cover-note"));
}
