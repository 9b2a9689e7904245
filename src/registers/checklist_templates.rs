//! Checklists for site audits: one item per line, optionally "English | Cymraeg". A new site
//! audit copies its template's items, so editing a template never changes an audit already
//! done. A new database starts with the starter "information handling spot check".

use crate::error::FieldError;
use crate::register::*;

pub static DEF: RegisterDef = RegisterDef {
    name: "checklist_templates",
    table: "checklist_templates",
    fields: &[
        text("name").required().unique().in_table().searchable(),
        text("name_cy").in_table().searchable(),
        items_field(),
        long_text("description").searchable(),
    ],
    title_field: "name",
    title_field_cy: Some("name_cy"),
    default_sort: "name",
    review_field: None,
    review: REVIEW_ALL,
    validate,
    compute: nothing_computed,
    after_write: None,
    deletable: true,
    import_key: &[],
};

const fn items_field() -> FieldDef {
    let mut f = long_text("items").required();
    f.max_len = 20_000;
    f
}

/// The longest an item may be, in characters.
pub const ITEM_MAX: usize = 300;

/// A template's items as (English, Welsh) pairs, blank lines dropped.
pub fn items(text: &str) -> Vec<(String, Option<String>)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| match l.split_once('|') {
            Some((en, cy)) if !cy.trim().is_empty() => (en.trim().to_string(), Some(cy.trim().to_string())),
            Some((en, _)) => (en.trim().to_string(), None),
            None => (l.to_string(), None),
        })
        .collect()
}

fn validate(f: &Fields, _: &Context) -> Vec<FieldError> {
    let list = items(f.get("items").and_then(Value::as_str).unwrap_or_default());
    if list.is_empty() {
        return vec![FieldError::new("items", "err-required")];
    }
    match list.iter().position(|(en, cy)| {
        en.is_empty() || en.chars().count() > ITEM_MAX || cy.as_ref().is_some_and(|c| c.chars().count() > ITEM_MAX)
    }) {
        Some(i) => vec![FieldError::new("items", "err-checklist-item").with("line", i + 1).with("max", ITEM_MAX)],
        None => vec![],
    }
}

/// The starter spot check: what an IAA looks at when visiting a depot, school or care home.
pub const STARTER_NAME: (&str, &str) = ("Information handling spot check", "Gwiriad sydyn o drin gwybodaeth");
pub const STARTER_ITEMS: &str = "\
Clear desk: no personal or confidential information left unattended on desks | Desg glir: dim gwybodaeth bersonol na chyfrinachol wedi'i gadael heb neb yn gofalu amdani ar ddesgiau
Lockable storage: personal information kept in locked cabinets or rooms, with keys controlled | Storfa y gellir ei chloi: gwybodaeth bersonol mewn cypyrddau neu ystafelloedd dan glo, a rheolaeth ar yr allweddi
Screens locked when unattended and placed so visitors cannot read them | Sgriniau wedi'u cloi pan nad oes neb wrthynt, ac wedi'u gosod fel na all ymwelwyr eu darllen
Confidential waste: locked bins or shredders available and used; no personal data in general waste | Gwastraff cyfrinachol: biniau dan glo neu beiriannau rhwygo ar gael ac yn cael eu defnyddio; dim data personol mewn gwastraff cyffredinol
Visitor access: visitors signed in, badged and escorted where personal data is held | Mynediad ymwelwyr: ymwelwyr yn llofnodi i mewn, yn gwisgo bathodyn ac yn cael eu hebrwng lle cedwir data personol
Records storage conditions: paper records dry, secure, off the floor and away from fire and flood risk | Amodau storio cofnodion: cofnodion papur yn sych, yn ddiogel, oddi ar y llawr ac ymhell o berygl tân a llifogydd
Printers and copiers: no documents left on them; secure (follow-me) printing used | Argraffwyr a llungopïwyr: dim dogfennau wedi'u gadael arnynt; argraffu diogel (dilyn-fi) yn cael ei ddefnyddio
Passwords not written down or shared | Cyfrineiriau heb eu hysgrifennu na'u rhannu
Laptops, phones and removable media encrypted and stored securely | Gliniaduron, ffonau a chyfryngau symudadwy wedi'u hamgryptio ac yn cael eu cadw'n ddiogel
Information taken off site only when authorised, carried securely and logged | Gwybodaeth yn mynd oddi ar y safle dim ond gydag awdurdod, yn cael ei chludo'n ddiogel a'i chofnodi
Conversations about individuals cannot be overheard by the public | Ni all y cyhoedd glywed sgyrsiau am unigolion
Privacy notices displayed where personal data is collected | Hysbysiadau preifatrwydd yn cael eu harddangos lle cesglir data personol
Post: incoming and outgoing post handled securely; contents checked before sealing | Post: post i mewn ac allan yn cael ei drin yn ddiogel; cynnwys yn cael ei wirio cyn selio
Shared mailboxes and scanners: access limited to those who need it | Blychau post a rennir a sganwyr: mynediad wedi'i gyfyngu i'r rhai sydd ei angen
Staff at the site have completed their data protection training | Mae staff ar y safle wedi cwblhau eu hyfforddiant diogelu data
Staff know how to report a data breach straight away, and to whom | Mae staff yn gwybod sut i roi gwybod am dor data ar unwaith, ac i bwy
";

/// Adds the starter checklist unless a template of that name exists. Returns how many it added.
pub fn load_starter(conn: &rusqlite::Connection, actor: &store::Actor) -> crate::Result<usize> {
    let exists: bool = conn.query_row(
        "SELECT count(*) FROM checklist_templates WHERE name = ?1 COLLATE NOCASE",
        [STARTER_NAME.0],
        |r| r.get::<_, i64>(0),
    )? > 0;
    if exists {
        return Ok(0);
    }
    let input = [("name", STARTER_NAME.0), ("name_cy", STARTER_NAME.1), ("items", STARTER_ITEMS)]
        .iter()
        .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string())))
        .collect();
    store::create(conn, &DEF, actor, &input)?;
    Ok(1)
}
