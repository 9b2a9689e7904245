//! Page layout for Cofrestr's PDFs, on printpdf's low-level operations (its HTML renderer
//! neither wraps table cells nor repeats header rows: `docs/platform.md`).
//!
//! A [`Doc`] flows content down A4 pages: headings (recorded for the contents page and the
//! bookmarks), wrapped paragraphs, tables whose cells wrap and whose header row repeats after
//! a page break (small tables are kept together), and vector charts (bars against a target,
//! stacked bars, lines, the risk heat map). [`Doc::finish`] inserts the contents page with
//! working links, then stamps every page with the protective marking at top and bottom, the
//! document's title and "Page N of M".
//!
//! Text is measured with `ttf-parser` from the same embedded font printpdf draws with (Open
//! Sans, which covers Welsh); printpdf neither kerns nor shapes, so the measure is exact.
//! Coordinates here are points from the top-left corner; PDF's bottom-left origin is applied
//! only when an operation is emitted.

use std::sync::OnceLock;

use printpdf::{
    Actions, BorderArray, Color, Destination, FontId, Line, LinePoint, LinkAnnotation, Op, PaintMode, ParsedFont,
    PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rect, TextItem, WindingOrder,
};
use ttf_parser::Face;
use unicode_normalization::UnicodeNormalization;

static REGULAR: &[u8] = include_bytes!("../assets/fonts/OpenSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../assets/fonts/OpenSans-Bold.ttf");

pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
pub const MARGIN: f32 = 56.7; // 20 mm
const CONTENT_TOP: f32 = 72.0;
pub const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

fn face(w: Weight) -> &'static Face<'static> {
    static FACES: OnceLock<(Face<'static>, Face<'static>)> = OnceLock::new();
    let (r, b) = FACES.get_or_init(|| {
        (
            Face::parse(REGULAR, 0).expect("Open Sans Regular parses"),
            Face::parse(BOLD, 0).expect("Open Sans Bold parses"),
        )
    });
    if w == Weight::Bold {
        b
    } else {
        r
    }
}

/// Text as it is drawn: NFC, so precomposed ŵ and ŷ are used.
fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// The width of `s` in points.
pub fn text_width(s: &str, w: Weight, size: f32) -> f32 {
    if !unicode_normalization::is_nfc(s) {
        return text_width(&nfc(s), w, size);
    }
    let f = face(w);
    let upem = f32::from(f.units_per_em());
    let units: f32 = s
        .chars()
        .map(|c| f.glyph_index(c).and_then(|g| f.glyph_hor_advance(g)).map(f32::from).unwrap_or(upem * 0.5))
        .sum();
    units * size / upem
}

/// Characters of `s` the embedded fonts cannot draw.
pub fn missing_glyphs(s: &str) -> Vec<char> {
    let s = nfc(s);
    let mut out: Vec<char> = s
        .chars()
        .filter(|c| {
            !c.is_control()
                && (face(Weight::Regular).glyph_index(*c).is_none() || face(Weight::Bold).glyph_index(*c).is_none())
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Breaks `s` into lines no wider than `max`: at spaces where it can, inside a word too long
/// for a line otherwise. Newlines in `s` are kept.
pub fn wrap(s: &str, w: Weight, size: f32, max: f32) -> Vec<String> {
    let mut lines = vec![];
    for para in nfc(s).split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if text_width(&candidate, w, size) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word wider than the line is broken where it must be.
            for ch in word.chars() {
                let mut next = line.clone();
                next.push(ch);
                if text_width(&next, w, size) > max && !line.is_empty() {
                    lines.push(std::mem::replace(&mut line, ch.to_string()));
                } else {
                    line = next;
                }
            }
        }
        lines.push(line);
    }
    lines
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub const BLACK: Rgb = Rgb(0, 0, 0);
    pub const INK: Rgb = Rgb(0x1b, 0x1b, 0x1b);
    pub const MUTED: Rgb = Rgb(0x55, 0x5b, 0x61);
    pub const RULE: Rgb = Rgb(0xb8, 0xbf, 0xc6);
    pub const HEADER_FILL: Rgb = Rgb(0xe3, 0xea, 0xee);
    pub const BRAND: Rgb = Rgb(0x0b, 0x4f, 0x5c);
    pub const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);

    /// `#rrggbb`; anything else gives grey.
    pub fn hex(s: &str) -> Rgb {
        let h = s.trim_start_matches('#');
        let byte = |i: usize| h.get(i..i + 2).and_then(|x| u8::from_str_radix(x, 16).ok()).unwrap_or(0xcc);
        if h.len() == 6 {
            Rgb(byte(0), byte(2), byte(4))
        } else {
            Rgb(0xcc, 0xcc, 0xcc)
        }
    }

    fn color(self) -> Color {
        Color::Rgb(printpdf::Rgb {
            r: f32::from(self.0) / 255.0,
            g: f32::from(self.1) / 255.0,
            b: f32::from(self.2) / 255.0,
            icc_profile: None,
        })
    }
}

/// How a run of text looks: weight, size in points and colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style(pub Weight, pub f32, pub Rgb);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
    Centre,
}

/// A heading as laid out: its level (1 starts a new page and gets a bookmark), its text and
/// its page (0-based, in the final document).
#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub page: usize,
}

/// What every page carries and what the contents page says.
pub struct Finish<'a> {
    /// The protective marking, printed at the top and bottom of every page.
    pub marking: &'a str,
    /// The running title in the footer.
    pub title: &'a str,
    /// "Page N of M" in the document's language.
    pub page_of: &'a dyn Fn(usize, usize) -> String,
    /// The contents page's heading, or none for no contents page.
    pub contents: Option<&'a str>,
    /// The creation instant, for the PDF's metadata.
    pub created: chrono::DateTime<chrono::Utc>,
    pub author: &'a str,
    pub subject: &'a str,
}

pub struct Doc {
    pdf: PdfDocument,
    regular: FontId,
    bold: FontId,
    pages: Vec<Vec<Op>>,
    /// Distance from the top of the current page to the next line.
    y: f32,
    pub headings: Vec<Heading>,
    /// Pages before the contents page (the cover).
    front_pages: usize,
    page_w: f32,
    page_h: f32,
}

/// One cell of a table.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub text: String,
    pub fill: Option<Rgb>,
    pub bold: bool,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), ..Default::default() }
    }
    pub fn filled(text: impl Into<String>, fill: Rgb) -> Cell {
        Cell { text: text.into(), fill: Some(fill), bold: false }
    }
    pub fn bold(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), fill: None, bold: true }
    }
}

/// A table column: its header, its share of the width and how its cells align.
#[derive(Debug, Clone)]
pub struct Column {
    pub header: String,
    pub width: f32,
    pub align: Align,
}

impl Column {
    pub fn left(header: impl Into<String>, width: f32) -> Column {
        Column { header: header.into(), width, align: Align::Left }
    }
    pub fn right(header: impl Into<String>, width: f32) -> Column {
        Column { header: header.into(), width, align: Align::Right }
    }
}

/// One bar of a bar chart.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// The value as printed at the end of the bar.
    pub shown: String,
}

/// A series of a line or stacked chart.
#[derive(Debug, Clone)]
pub struct Series {
    pub name: String,
    pub colour: Rgb,
    pub values: Vec<Option<f64>>,
}

const TABLE_SIZE: f32 = 8.5;
const CELL_PAD: f32 = 3.5;
/// Tables of up to this many rows that fit on a page are never split.
const KEEP_TOGETHER_ROWS: usize = 14;

/// Colours a chart's series are drawn in, distinguishable in greyscale as well.
pub const PALETTE: [Rgb; 6] = [
    Rgb(0x0b, 0x4f, 0x5c),
    Rgb(0xd9, 0x7b, 0x1e),
    Rgb(0x7a, 0xa9, 0x3c),
    Rgb(0x8e, 0x44, 0x8e),
    Rgb(0x5b, 0x8d, 0xd6),
    Rgb(0x9e, 0x9e, 0x9e),
];

fn line_height(size: f32) -> f32 {
    size * 1.38
}

impl Doc {
    pub fn new(title: &str) -> Doc {
        let mut pdf = PdfDocument::new(title);
        let mut warnings = vec![];
        let regular = pdf.add_font(&ParsedFont::from_bytes(REGULAR, 0, &mut warnings).expect("Open Sans Regular"));
        let bold = pdf.add_font(&ParsedFont::from_bytes(BOLD, 0, &mut warnings).expect("Open Sans Bold"));
        Doc {
            pdf,
            regular,
            bold,
            pages: vec![vec![]],
            y: CONTENT_TOP,
            headings: vec![],
            front_pages: 1,
            page_w: PAGE_W,
            page_h: PAGE_H,
        }
    }

    /// A document with no cover page: its first heading starts on the first page.
    pub fn without_cover(mut self) -> Doc {
        self.front_pages = 0;
        self
    }

    /// A document on landscape A4 pages, for wide lists.
    pub fn landscape(title: &str) -> Doc {
        Doc { page_w: PAGE_H, page_h: PAGE_W, ..Doc::new(title) }
    }

    /// The width between the margins.
    pub fn content_w(&self) -> f32 {
        self.page_w - 2.0 * MARGIN
    }

    fn content_bottom(&self) -> f32 {
        self.page_h - 66.0
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Where the next line goes, from the top of the page.
    pub fn y(&self) -> f32 {
        self.y
    }

    pub fn set_y(&mut self, y: f32) {
        self.y = y;
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a page")
    }

    pub fn new_page(&mut self) {
        self.pages.push(vec![]);
        self.y = CONTENT_TOP;
    }

    /// Starts a new page unless `h` more points fit on this one.
    pub fn ensure(&mut self, h: f32) {
        if self.y + h > self.content_bottom() && self.y > CONTENT_TOP + 1.0 {
            self.new_page();
        }
    }

    pub fn space(&mut self, h: f32) {
        self.y += h;
    }

    fn font(&self, w: Weight) -> PdfFontHandle {
        PdfFontHandle::External(if w == Weight::Bold { self.bold.clone() } else { self.regular.clone() })
    }

    /// Draws one line of text with its top at `top` (from the top of the page).
    pub fn text_at(&mut self, s: &str, x: f32, top: f32, w: Weight, size: f32, colour: Rgb) {
        if s.is_empty() {
            return;
        }
        let baseline = self.page_h - (top + size * 0.95);
        let font = self.font(w);
        let text = nfc(s);
        self.ops().extend([
            Op::StartTextSection,
            Op::SetFont { font, size: Pt(size) },
            Op::SetFillColor { col: colour.color() },
            Op::SetTextCursor { pos: Point { x: Pt(x), y: Pt(baseline) } },
            Op::ShowText { items: vec![TextItem::Text(text)] },
            Op::EndTextSection,
        ]);
    }

    /// Draws text aligned within [x, x + width].
    pub fn text_in(&mut self, s: &str, x: f32, width: f32, top: f32, style: Style, align: Align) {
        let Style(w, size, colour) = style;
        let tw = text_width(s, w, size);
        let x = match align {
            Align::Left => x,
            Align::Right => x + width - tw,
            Align::Centre => x + (width - tw) / 2.0,
        };
        self.text_at(s, x, top, w, size, colour);
    }

    /// A filled rectangle, its top-left corner at (x, top).
    pub fn rect(&mut self, x: f32, top: f32, w: f32, h: f32, fill: Rgb) {
        let y = self.page_h - top - h;
        self.ops().extend([
            Op::SetFillColor { col: fill.color() },
            Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(x),
                    y: Pt(y),
                    width: Pt(w),
                    height: Pt(h),
                    mode: Some(PaintMode::Fill),
                    winding_order: Some(WindingOrder::NonZero),
                },
            },
        ]);
    }

    /// An outlined rectangle.
    pub fn frame(&mut self, x: f32, top: f32, w: f32, h: f32, colour: Rgb, thickness: f32) {
        let y = self.page_h - top - h;
        self.ops().extend([
            Op::SetOutlineColor { col: colour.color() },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(x),
                    y: Pt(y),
                    width: Pt(w),
                    height: Pt(h),
                    mode: Some(PaintMode::Stroke),
                    winding_order: Some(WindingOrder::NonZero),
                },
            },
        ]);
    }

    /// A straight line through the points (from the top-left).
    pub fn polyline(&mut self, points: &[(f32, f32)], colour: Rgb, thickness: f32) {
        let line = Line {
            points: points
                .iter()
                .map(|(x, y)| LinePoint { p: Point { x: Pt(*x), y: Pt(self.page_h - y) }, bezier: false })
                .collect(),
            is_closed: false,
        };
        self.ops().extend([
            Op::SetOutlineColor { col: colour.color() },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine { line },
        ]);
    }

    /// A filled polygon (e.g. a direction arrow).
    pub fn polygon(&mut self, points: &[(f32, f32)], fill: Rgb) {
        let ring = PolygonRing {
            points: points
                .iter()
                .map(|(x, y)| LinePoint { p: Point { x: Pt(*x), y: Pt(self.page_h - y) }, bezier: false })
                .collect(),
        };
        self.ops().extend([
            Op::SetFillColor { col: fill.color() },
            Op::DrawPolygon {
                polygon: Polygon { rings: vec![ring], mode: PaintMode::Fill, winding_order: WindingOrder::NonZero },
            },
        ]);
    }

    /// A section heading. Level 1 starts a new page and is bookmarked; all go in the contents.
    pub fn heading(&mut self, level: u8, text: &str) {
        let size = match level {
            1 => 17.0,
            2 => 12.5,
            _ => 10.5,
        };
        if level == 1 {
            // Never on the cover; otherwise on a fresh page.
            if self.pages.len() <= self.front_pages || self.y > CONTENT_TOP + 1.0 {
                self.new_page();
            }
        } else {
            // Keep a heading with at least a few lines of what follows.
            self.space(if level == 2 { 8.0 } else { 4.0 });
            self.ensure(line_height(size) + 60.0);
        }
        let lines = wrap(text, Weight::Bold, size, self.content_w());
        let colour = if level == 1 { Rgb::BRAND } else { Rgb::INK };
        for l in &lines {
            let y = self.y;
            self.text_at(l, MARGIN, y, Weight::Bold, size, colour);
            self.y += line_height(size);
        }
        if level == 1 {
            let y = self.y + 2.0;
            self.rect(MARGIN, y, self.content_w(), 1.2, Rgb::BRAND);
            self.y += 10.0;
        } else {
            self.y += 2.0;
        }
        self.headings.push(Heading { level, text: text.to_string(), page: self.pages.len() - 1 });
    }

    /// A wrapped paragraph that flows across pages.
    pub fn paragraph(&mut self, text: &str, w: Weight, size: f32, colour: Rgb) {
        for l in wrap(text, w, size, self.content_w()) {
            self.ensure(line_height(size));
            let y = self.y;
            self.text_at(&l, MARGIN, y, w, size, colour);
            self.y += line_height(size);
        }
        self.y += size * 0.6;
    }

    pub fn body(&mut self, text: &str) {
        self.paragraph(text, Weight::Regular, 10.0, Rgb::INK);
    }

    /// A muted note, e.g. "nothing to report this quarter".
    pub fn note(&mut self, text: &str) {
        self.paragraph(text, Weight::Regular, 9.5, Rgb::MUTED);
    }

    /// A table whose cells wrap; the header row repeats on each page it runs onto, and a small
    /// table that would be split starts on a new page instead.
    pub fn table(&mut self, columns: &[Column], rows: &[Vec<Cell>]) {
        let total: f32 = columns.iter().map(|c| c.width).sum();
        let widths: Vec<f32> = columns.iter().map(|c| c.width / total * self.content_w()).collect();
        let lh = line_height(TABLE_SIZE);
        let layout = |cells: &[Cell], bold_all: bool| -> (Vec<Vec<String>>, f32) {
            let wrapped: Vec<Vec<String>> = cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| {
                    wrap(
                        &c.text,
                        if c.bold || bold_all { Weight::Bold } else { Weight::Regular },
                        TABLE_SIZE,
                        w - 2.0 * CELL_PAD,
                    )
                })
                .collect();
            let n = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
            // A row taller than a page is cut to what fits.
            let max_lines = ((self.content_bottom() - CONTENT_TOP - 3.0 * lh) / lh).floor() as usize;
            let n = n.min(max_lines);
            (wrapped, n as f32 * lh + 2.0 * CELL_PAD)
        };
        let header_cells: Vec<Cell> = columns.iter().map(|c| Cell::bold(c.header.clone())).collect();
        let (header_lines, header_h) = layout(&header_cells, true);
        let laid: Vec<(Vec<Vec<String>>, f32)> = rows.iter().map(|r| layout(r, false)).collect();
        let body_h: f32 = laid.iter().map(|(_, h)| h).sum();
        if rows.len() <= KEEP_TOGETHER_ROWS && header_h + body_h <= self.content_bottom() - CONTENT_TOP {
            self.ensure(header_h + body_h);
        } else {
            self.ensure(header_h + laid.first().map(|(_, h)| *h).unwrap_or(0.0));
        }
        self.draw_row(columns, &widths, &header_cells, &header_lines, header_h, Some(Rgb::HEADER_FILL));
        for (row, (lines, h)) in rows.iter().zip(&laid) {
            if self.y + h > self.content_bottom() {
                self.new_page();
                self.draw_row(columns, &widths, &header_cells, &header_lines, header_h, Some(Rgb::HEADER_FILL));
            }
            self.draw_row(columns, &widths, row, lines, *h, None);
        }
        self.y += 8.0;
    }

    fn draw_row(
        &mut self,
        columns: &[Column],
        widths: &[f32],
        cells: &[Cell],
        lines: &[Vec<String>],
        h: f32,
        fill: Option<Rgb>,
    ) {
        let top = self.y;
        let lh = line_height(TABLE_SIZE);
        let max_lines = ((h - 2.0 * CELL_PAD) / lh).round() as usize;
        let mut x = MARGIN;
        for (i, w) in widths.iter().enumerate() {
            let cell = cells.get(i);
            if let Some(f) = cell.and_then(|c| c.fill).or(fill) {
                self.rect(x, top, *w, h, f);
            }
            let weight = if fill.is_some() || cell.is_some_and(|c| c.bold) { Weight::Bold } else { Weight::Regular };
            for (n, l) in lines.get(i).map(Vec::as_slice).unwrap_or(&[]).iter().take(max_lines).enumerate() {
                self.text_in(
                    l,
                    x + CELL_PAD,
                    w - 2.0 * CELL_PAD,
                    top + CELL_PAD + n as f32 * lh,
                    Style(weight, TABLE_SIZE, Rgb::INK),
                    columns[i].align,
                );
            }
            x += w;
        }
        self.polyline(&[(MARGIN, top + h), (MARGIN + self.content_w(), top + h)], Rgb::RULE, 0.5);
        self.y += h;
    }

    /// The height a bar chart of `n` bars takes, to keep a heading with it.
    pub fn bar_chart_height(n: usize) -> f32 {
        22.0 + n as f32 * 16.0 + 20.0
    }

    /// Horizontal bars, one per item, with an optional target drawn as a line across them.
    pub fn bar_chart(&mut self, title: &str, bars: &[Bar], max: f64, target: Option<(f64, &str)>) {
        let bar_h = 11.0;
        let gap = 5.0;
        let label_w = self.content_w() * 0.34;
        let value_w = 44.0;
        let area_w = self.content_w() - label_w - value_w - 8.0;
        let h = 22.0 + bars.len() as f32 * (bar_h + gap) + if target.is_some() { 14.0 } else { 0.0 };
        self.ensure(h.min(self.content_bottom() - CONTENT_TOP));
        self.chart_title(title);
        let x0 = MARGIN + label_w + 4.0;
        let scale = if max > 0.0 { area_w as f64 / max } else { 0.0 };
        let top0 = self.y;
        for b in bars {
            self.ensure(bar_h + gap);
            let y = self.y;
            let label = truncate(&b.label, Weight::Regular, 8.0, label_w - 4.0);
            self.text_in(&label, MARGIN, label_w, y + 1.0, Style(Weight::Regular, 8.0, Rgb::INK), Align::Right);
            let w = (b.value.max(0.0) * scale) as f32;
            self.rect(x0, y, w.max(0.5), bar_h, PALETTE[0]);
            self.text_at(&b.shown, x0 + w + 4.0, y + 1.0, Weight::Bold, 8.0, Rgb::INK);
            self.y += bar_h + gap;
        }
        if let Some((t, label)) = target {
            let x = x0 + (t * scale) as f32;
            let bottom = self.y;
            let top = top0.max(CONTENT_TOP).min(bottom);
            self.polyline(&[(x, top - 3.0), (x, bottom)], Rgb(0xc6, 0x28, 0x28), 1.2);
            self.text_at(
                label,
                (x - text_width(label, Weight::Bold, 7.5) / 2.0).max(MARGIN),
                bottom + 2.0,
                Weight::Bold,
                7.5,
                Rgb(0xb7, 0x1c, 0x1c),
            );
            self.y += 14.0;
        }
        self.y += 6.0;
    }

    fn chart_title(&mut self, title: &str) {
        if title.is_empty() {
            return;
        }
        let y = self.y;
        self.text_at(title, MARGIN, y, Weight::Bold, 9.5, Rgb::INK);
        self.y += 16.0;
    }

    fn legend(&mut self, series: &[Series]) {
        let mut x = MARGIN;
        let y = self.y;
        for s in series {
            let w = text_width(&s.name, Weight::Regular, 8.0);
            if x + 14.0 + w > MARGIN + self.content_w() {
                x = MARGIN;
                self.y += 12.0;
            }
            let y = self.y.max(y);
            self.rect(x, y + 1.5, 8.0, 8.0, s.colour);
            self.text_at(&s.name, x + 11.0, y, Weight::Regular, 8.0, Rgb::INK);
            x += 22.0 + w;
        }
        self.y += 16.0;
    }

    /// One horizontal bar per category, split by series; the total printed at its end.
    pub fn stacked_bars(&mut self, title: &str, categories: &[String], series: &[Series]) {
        let bar_h = 11.0;
        let gap = 5.0;
        let label_w = self.content_w() * 0.34;
        let area_w = self.content_w() - label_w - 40.0;
        let totals: Vec<f64> = (0..categories.len())
            .map(|i| series.iter().map(|s| s.values.get(i).copied().flatten().unwrap_or(0.0)).sum())
            .collect();
        let max = totals.iter().copied().fold(0.0, f64::max);
        self.ensure(40.0 + categories.len().min(20) as f32 * (bar_h + gap));
        self.chart_title(title);
        self.legend(series);
        let x0 = MARGIN + label_w + 4.0;
        let scale = if max > 0.0 { area_w as f64 / max } else { 0.0 };
        for (i, c) in categories.iter().enumerate() {
            self.ensure(bar_h + gap);
            let y = self.y;
            let label = truncate(c, Weight::Regular, 8.0, label_w - 4.0);
            self.text_in(&label, MARGIN, label_w, y + 1.0, Style(Weight::Regular, 8.0, Rgb::INK), Align::Right);
            let mut x = x0;
            for s in series {
                let v = s.values.get(i).copied().flatten().unwrap_or(0.0);
                let w = (v * scale) as f32;
                if w > 0.0 {
                    self.rect(x, y, w, bar_h, s.colour);
                }
                x += w;
            }
            self.text_at(&format_count(totals[i]), x + 4.0, y + 1.0, Weight::Bold, 8.0, Rgb::INK);
            self.y += bar_h + gap;
        }
        self.y += 6.0;
    }

    /// Lines over labelled points (e.g. the last eight quarters), with a y axis from 0.
    /// The height a line chart takes, to keep a heading with it.
    pub const LINE_CHART_HEIGHT: f32 = 200.0;

    pub fn line_chart(&mut self, title: &str, x_labels: &[String], series: &[Series], y_max: f64, y_suffix: &str) {
        let h = 150.0;
        self.ensure(Self::LINE_CHART_HEIGHT);
        self.chart_title(title);
        self.legend(series);
        let left = MARGIN + 34.0;
        let right = MARGIN + self.content_w() - 8.0;
        let top = self.y + 4.0;
        let bottom = top + h - 24.0;
        let y_max = if y_max > 0.0 { nice_ceiling(y_max) } else { 1.0 };
        for i in 0..=4 {
            let v = y_max * f64::from(i) / 4.0;
            let y = bottom - (bottom - top) * i as f32 / 4.0;
            self.polyline(&[(left, y), (right, y)], if i == 0 { Rgb::MUTED } else { Rgb(0xe0, 0xe4, 0xe8) }, 0.6);
            let label = format!("{}{y_suffix}", format_count(v));
            self.text_in(&label, MARGIN, 30.0, y - 5.0, Style(Weight::Regular, 7.5, Rgb::MUTED), Align::Right);
        }
        let n = x_labels.len().max(1);
        let step = (right - left) / n as f32;
        let x_at = |i: usize| left + step * (i as f32 + 0.5);
        for (i, l) in x_labels.iter().enumerate() {
            self.text_in(
                l,
                x_at(i) - step / 2.0,
                step,
                bottom + 4.0,
                Style(Weight::Regular, 7.0, Rgb::INK),
                Align::Centre,
            );
        }
        for s in series {
            let pts: Vec<(f32, f32)> = s
                .values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (x_at(i), bottom - (bottom - top) * (v / y_max).min(1.0) as f32)))
                .collect();
            if pts.len() > 1 {
                self.polyline(&pts, s.colour, 1.6);
            }
            for (x, y) in pts {
                self.rect(x - 2.2, y - 2.2, 4.4, 4.4, s.colour);
            }
        }
        self.y = bottom + 22.0;
    }

    /// The 5×5 risk heat map: `counts[l-1][i-1]`, each cell in its band's colour, likelihood up
    /// the side (5 at the top) and impact along the bottom, with a key naming each band.
    pub fn heat_map(
        &mut self,
        title: &str,
        counts: &[[i64; 5]; 5],
        fills: &[[Rgb; 5]; 5],
        axis: (&str, &str),
        key: &[(Rgb, String)],
    ) {
        let cell = 34.0;
        let h = 5.0 * cell + 60.0;
        self.ensure(h);
        self.chart_title(title);
        self.y += 12.0;
        let x0 = MARGIN + 40.0;
        let top = self.y;
        for l in (1..=5).rev() {
            let y = top + (5 - l) as f32 * cell;
            self.text_in(
                &l.to_string(),
                MARGIN + 20.0,
                14.0,
                y + cell / 2.0 - 5.0,
                Style(Weight::Bold, 9.0, Rgb::INK),
                Align::Centre,
            );
            for i in 1..=5 {
                let x = x0 + (i - 1) as f32 * cell;
                self.rect(x + 1.0, y + 1.0, cell - 2.0, cell - 2.0, fills[l - 1][i - 1]);
                let n = counts[l - 1][i - 1];
                if n > 0 {
                    self.text_in(
                        &n.to_string(),
                        x,
                        cell,
                        y + cell / 2.0 - 6.0,
                        Style(Weight::Bold, 11.0, Rgb::BLACK),
                        Align::Centre,
                    );
                }
            }
        }
        let below = top + 5.0 * cell;
        for i in 1..=5 {
            self.text_in(
                &i.to_string(),
                x0 + (i - 1) as f32 * cell,
                cell,
                below + 2.0,
                Style(Weight::Bold, 9.0, Rgb::INK),
                Align::Centre,
            );
        }
        self.text_in(axis.1, x0, 5.0 * cell, below + 14.0, Style(Weight::Regular, 8.0, Rgb::MUTED), Align::Centre);
        // The likelihood axis label sits above its numbers (printpdf draws no rotated text here).
        self.text_at(axis.0, MARGIN, top - 12.0, Weight::Regular, 8.0, Rgb::MUTED);
        let kx = x0 + 5.0 * cell + 24.0;
        for (n, (colour, label)) in key.iter().enumerate() {
            let y = top + n as f32 * 16.0;
            self.rect(kx, y + 1.0, 10.0, 10.0, *colour);
            self.frame(kx, y + 1.0, 10.0, 10.0, Rgb::MUTED, 0.4);
            self.text_at(label, kx + 15.0, y, Weight::Regular, 8.5, Rgb::INK);
        }
        self.y = below + 34.0;
    }

    /// A small filled triangle pointing up or down, e.g. beside a figure that rose or fell.
    pub fn arrow(&mut self, x: f32, top: f32, up: bool, colour: Rgb) {
        let pts = if up {
            [(x, top + 7.0), (x + 7.0, top + 7.0), (x + 3.5, top)]
        } else {
            [(x, top), (x + 7.0, top), (x + 3.5, top + 7.0)]
        };
        self.polygon(&pts, colour);
    }

    /// Inserts the contents page, stamps every page and writes the PDF.
    pub fn finish(mut self, f: &Finish) -> Vec<u8> {
        let body: Vec<Heading> = self.headings.clone();
        if let Some(contents_title) = f.contents {
            let entries: Vec<&Heading> = body.iter().filter(|h| h.level <= 2).collect();
            let per_page = ((self.content_bottom() - CONTENT_TOP - 40.0) / 17.0).floor() as usize;
            let n_pages = entries.len().div_ceil(per_page).max(1);
            // Everything after the cover moves on by the contents pages.
            for h in &mut self.headings {
                if h.page >= self.front_pages {
                    h.page += n_pages;
                }
            }
            let moved: Vec<Heading> = self.headings.clone();
            let tail = self.pages.split_off(self.front_pages);
            for p in 0..n_pages {
                self.pages.push(vec![]);
                self.y = CONTENT_TOP;
                if p == 0 {
                    let y = self.y;
                    self.text_at(contents_title, MARGIN, y, Weight::Bold, 17.0, Rgb::BRAND);
                    self.y += 34.0;
                }
                let shown: Vec<&Heading> =
                    moved.iter().filter(|h| h.level <= 2).skip(p * per_page).take(per_page).collect();
                for h in shown {
                    let indent = if h.level == 1 { 0.0 } else { 16.0 };
                    let w = if h.level == 1 { Weight::Bold } else { Weight::Regular };
                    let size = if h.level == 1 { 10.5 } else { 9.5 };
                    let y = self.y;
                    let num = (h.page + 1).to_string();
                    let num_w = text_width(&num, w, size);
                    let text = truncate(&h.text, w, size, self.content_w() - indent - num_w - 24.0);
                    let text_w = text_width(&text, w, size);
                    self.text_at(&text, MARGIN + indent, y, w, size, Rgb::INK);
                    // Dotted leader to the page number.
                    let from = MARGIN + indent + text_w + 6.0;
                    let to = MARGIN + self.content_w() - num_w - 6.0;
                    let mut x = from;
                    while x < to {
                        self.rect(x, y + size * 0.8, 1.0, 1.0, Rgb::RULE);
                        x += 4.0;
                    }
                    self.text_in(&num, MARGIN, self.content_w(), y, Style(w, size, Rgb::INK), Align::Right);
                    let link = LinkAnnotation::new(
                        Rect::from_xywh(
                            Pt(MARGIN),
                            Pt(self.page_h - y - size * 1.3),
                            Pt(self.content_w()),
                            Pt(size * 1.4),
                        ),
                        Actions::go_to(Destination::Xyz {
                            page: h.page + 1,
                            left: Some(0.0),
                            top: Some(self.page_h),
                            zoom: None,
                        }),
                        Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                        None,
                        None,
                    );
                    self.ops().push(Op::LinkAnnotation { link });
                    self.y += 17.0;
                }
            }
            self.pages.extend(tail);
            self.pdf.add_bookmark(contents_title, self.front_pages + 1);
        }
        for h in self.headings.iter().filter(|h| h.level == 1) {
            self.pdf.add_bookmark(&h.text, h.page + 1);
        }
        let total = self.pages.len();
        let pages: Vec<Vec<Op>> = std::mem::take(&mut self.pages);
        let mut out = vec![];
        for (i, mut ops) in pages.into_iter().enumerate() {
            // The stamp is drawn on a scratch page, then the page's own content follows it.
            self.pages.push(vec![]);
            self.stamp(i + 1, total, f);
            let mut stamped = self.pages.pop().expect("scratch page");
            stamped.append(&mut ops);
            out.push(PdfPage::new(printpdf::Mm::from(Pt(self.page_w)), printpdf::Mm::from(Pt(self.page_h)), stamped));
        }
        let info = &mut self.pdf.metadata.info;
        let created = printpdf::DateTime::from_unix_timestamp(f.created.timestamp())
            .unwrap_or_else(|_| printpdf::DateTime::now());
        info.creation_date = created;
        info.modification_date = created;
        info.metadata_date = created;
        info.author = f.author.to_string();
        info.creator = "Cofrestr".into();
        info.producer = "Cofrestr (printpdf)".into();
        info.subject = f.subject.to_string();
        let mut warnings = vec![];
        self.pdf.with_pages(out).save(&PdfSaveOptions::default(), &mut warnings)
    }

    /// The running header and footer: marking top and bottom, the title and "Page N of M".
    fn stamp(&mut self, n: usize, total: usize, f: &Finish) {
        let marking = f.marking;
        self.text_in(marking, MARGIN, self.content_w(), 24.0, Style(Weight::Bold, 9.0, Rgb::INK), Align::Centre);
        self.polyline(&[(MARGIN, 40.0), (MARGIN + self.content_w(), 40.0)], Rgb::RULE, 0.5);
        let fy = self.page_h - 50.0;
        self.polyline(&[(MARGIN, fy), (MARGIN + self.content_w(), fy)], Rgb::RULE, 0.5);
        let page = (f.page_of)(n, total);
        let page_w = text_width(&page, Weight::Regular, 8.0);
        let title = truncate(f.title, Weight::Regular, 8.0, self.content_w() - page_w - 20.0);
        self.text_at(&title, MARGIN, fy + 6.0, Weight::Regular, 8.0, Rgb::MUTED);
        self.text_in(&page, MARGIN, self.content_w(), fy + 6.0, Style(Weight::Regular, 8.0, Rgb::MUTED), Align::Right);
        self.text_in(marking, MARGIN, self.content_w(), fy + 20.0, Style(Weight::Bold, 9.0, Rgb::INK), Align::Centre);
    }
}

/// `s` cut with an ellipsis to fit `max` points.
pub fn truncate(s: &str, w: Weight, size: f32, max: f32) -> String {
    if text_width(s, w, size) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for ch in s.chars() {
        if text_width(&format!("{out}{ch}…"), w, size) > max {
            break;
        }
        out.push(ch);
    }
    format!("{}…", out.trim_end())
}

/// A whole number as printed, or one decimal place when it has a fraction.
pub fn format_count(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

/// The next "nice" axis maximum at or above `v` (1, 2, 2.5 or 5 times a power of ten).
fn nice_ceiling(v: f64) -> f64 {
    let p = 10f64.powf(v.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * p >= v {
            return m * p;
        }
    }
    10.0 * p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welsh_letters_have_glyphs_and_are_measured() {
        assert!(missing_glyphs("Ŵ ŵ Ŷ ŷ â ê î ô û ẅ ẃ ẁ ỳ ý ÿ ä ë ï ö ü – — ‘ ’ “ ” • … × ≥ ≤ £").is_empty());
        assert!(text_width("Gwasanaethau", Weight::Bold, 10.0) > text_width("Gwasanaethau", Weight::Regular, 10.0));
        // w + combining circumflex is drawn as the precomposed ŵ.
        assert_eq!(text_width("w\u{302}", Weight::Regular, 10.0), text_width("\u{175}", Weight::Regular, 10.0));
    }

    #[test]
    fn wrapping_keeps_words_whole_and_breaks_only_what_cannot_fit() {
        let lines = wrap("Gwasanaethau Corfforaethol a Chwsmeriaid", Weight::Regular, 10.0, 100.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), "Gwasanaethau Corfforaethol a Chwsmeriaid");
        for l in &lines {
            assert!(text_width(l, Weight::Regular, 10.0) <= 100.0, "{l}");
        }
        let long = wrap(&"x".repeat(200), Weight::Regular, 10.0, 50.0);
        assert!(long.len() > 3 && long.iter().all(|l| text_width(l, Weight::Regular, 10.0) <= 50.0));
        assert_eq!(wrap("one\ntwo", Weight::Regular, 10.0, 500.0), ["one", "two"]);
    }

    #[test]
    fn truncation_and_axis_steps() {
        let t = truncate("Information Management Group quarterly pack", Weight::Regular, 8.0, 60.0);
        assert!(t.ends_with('…') && text_width(&t, Weight::Regular, 8.0) <= 60.0);
        assert_eq!(nice_ceiling(87.0), 100.0);
        assert_eq!(nice_ceiling(230.0), 250.0);
        assert_eq!(nice_ceiling(4.0), 5.0);
        assert_eq!(format_count(12.0), "12");
        assert_eq!(format_count(12.3), "12.3");
    }
}
