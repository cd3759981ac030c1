//! `report.html`: one self-contained page for a manager to open, print or
//! e-mail. Inline CSS, charts as inline SVG, no script, font or image from
//! anywhere else, no clock: the same plan gives the same bytes.
//!
//! # Building the page from sections
//!
//! A [`Page`] is a title and an ordered list of [`Section`]s; [`Page::render`]
//! turns it into the HTML document, with a table of contents. [`plan_page`]
//! builds the plan's sections, each with a stable id:
//!
//! | id | what |
//! |---|---|
//! | `headline` | FTE, headcount, paid hours, cost, solver gap, SL per client vs target |
//! | `charts` | every chart, inline |
//! | `queues`, `pools`, `shifts` | tables |
//! | `sites` | only with `sites:`: per site pools, rate, cost, peak trips against its caps |
//! | `diagnosis` | only when something is uncovered (soft coverage) |
//! | `roster` | spread, open shifts, one collapsible `<details>` per agent (in print: an agent × day grid instead) |
//! | `assumptions` | the scenario as staffplan read it |
//!
//! A later stage adds its own section without touching these, for example
//! the simulation before the assumptions:
//!
//! ```
//! # use staffplan::report::html::{Page, Section};
//! let mut page = Page::new("Karachi week", "site Asia/Karachi");
//! page.push(Section::new("assumptions", "Assumptions", "<p>...</p>"));
//! let body = "<p>Simulated service level ...</p>";
//! page.insert_before("assumptions", Section::new("simulation", "Simulation", body));
//! assert!(page.render().find("id=\"simulation\"") < page.render().find("id=\"assumptions\""));
//! ```
//!
//! Section bodies are HTML fragments: escape user text with [`escape`]. The
//! stylesheet already styles `table`, `details`/`summary`, `figure`, `.ok`,
//! `.bad` and `.num` (right-aligned numbers) and prints on A4.

use crate::pipeline::Planned;
use crate::report::charts::Chart;

pub use crate::report::charts::escape;

mod assumptions;
pub mod capacity;
mod headline;
mod print_grid;
mod roster;
mod tables;

/// One part of the page: an `<section id=...>` with an `<h2>` title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Anchor id, unique on the page (`roster`, `simulation`).
    pub id: String,
    /// Heading, plain text.
    pub title: String,
    /// HTML fragment.
    pub body: String,
}

impl Section {
    /// A section from its id, plain-text title and HTML body.
    pub fn new(id: &str, title: &str, body: impl Into<String>) -> Section {
        Section {
            id: id.to_string(),
            title: title.to_string(),
            body: body.into(),
        }
    }
}

/// A whole page: title, subtitle and sections in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Page {
    /// Page title (plain text).
    pub title: String,
    /// One line under the title (plain text).
    pub subtitle: String,
    /// Sections, in page order.
    pub sections: Vec<Section>,
}

impl Page {
    /// An empty page.
    pub fn new(title: &str, subtitle: &str) -> Page {
        Page {
            title: title.to_string(),
            subtitle: subtitle.to_string(),
            sections: Vec::new(),
        }
    }

    /// Append a section at the end.
    pub fn push(&mut self, section: Section) {
        self.sections.push(section);
    }

    /// Insert a section before the one with id `before`, or at the end when
    /// there is none.
    pub fn insert_before(&mut self, before: &str, section: Section) {
        match self.sections.iter().position(|s| s.id == before) {
            Some(i) => self.sections.insert(i, section),
            None => self.sections.push(section),
        }
    }

    /// The section with this id.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// The HTML document.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(1 << 20);
        out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n";
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n";
        out += &format!("<title>{}</title>\n", escape(&self.title));
        out += "<style>\n";
        out += CSS;
        out += "</style>\n</head>\n<body>\n<header>\n";
        out += &format!("<h1>{}</h1>\n", escape(&self.title));
        out += &format!("<p class=\"sub\">{}</p>\n", escape(&self.subtitle));
        out += "<nav><ol>\n";
        for s in &self.sections {
            out += &format!(
                "<li><a href=\"#{}\">{}</a></li>\n",
                escape(&s.id),
                escape(&s.title)
            );
        }
        out += "</ol></nav>\n</header>\n<main>\n";
        for s in &self.sections {
            out += &format!(
                "<section id=\"{}\">\n<h2>{}</h2>\n{}\n</section>\n",
                escape(&s.id),
                escape(&s.title),
                s.body
            );
        }
        out += "</main>\n<footer><p>Written by staffplan. Figures agree with summary.json; charts also as SVG and PNG in charts/.</p></footer>\n</body>\n</html>\n";
        out
    }
}

const CSS: &str = r#"
:root { --ink: #1b1b1b; --muted: #5a5a5a; --line: #d0d0d0; --ok: #1a7f37; --bad: #c62828; --band: #f4f6f8; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1180px; padding: 24px; line-height: 1.4; font-size: 15px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; border-bottom: 2px solid var(--ink); padding-bottom: 4px; margin-top: 32px; }
h3 { font-size: 16px; margin: 18px 0 6px; }
.sub { color: var(--muted); margin: 0 0 12px; }
nav ol { display: flex; flex-wrap: wrap; gap: 4px 18px; padding: 0; margin: 0; list-style: none; }
nav a { color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; margin: 12px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; background: var(--band); }
.card .v { font-size: 24px; font-weight: bold; }
.card .k { color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--band); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.ok { color: var(--ok); font-weight: bold; }
.bad { color: var(--bad); font-weight: bold; }
tr.total td { background: var(--band); font-weight: 600; }
figure { margin: 16px 0 28px; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: 13px; }
details { border: 1px solid var(--line); border-radius: 4px; padding: 4px 8px; margin: 4px 0; }
summary { cursor: pointer; }
pre { background: var(--band); padding: 10px; overflow-x: auto; font-size: 12px; }
.note { border-left: 4px solid var(--bad); padding: 4px 12px; background: #fdecea; }
footer { color: var(--muted); font-size: 12px; margin-top: 32px; border-top: 1px solid var(--line); }
.print-grid { display: none; }
@media print {
  @page { size: A4; margin: 12mm; }
  @page grid { size: A4 landscape; margin: 10mm; }
  @page chart { size: A4 landscape; margin: 10mm; }
  #charts { page: chart; }
  #charts figure { margin: 0 0 4mm; }
  #charts > h2 { display: none; }
  #charts figure svg { width: auto; max-width: 100%; max-height: 174mm; margin: 0 auto; }
  figcaption { font-size: 8pt; }
  .print-grid { display: block; page: grid; break-before: page; page-break-before: always; }
  #roster details, #roster h3 { display: none; }
  .grid-title { font-size: 7pt; margin: 0 0 1.5mm; }
  .grid-page { display: flex; gap: 2.5mm; align-items: flex-start; }
  .grid-page.next { break-before: page; page-break-before: always; }
  table.grid { margin: 0; font-size: 5.3pt; line-height: 1.05; table-layout: fixed; }
  table.grid th, table.grid td { padding: 0.05mm 0.3mm; border-bottom: 0.1mm solid #bbb; text-align: center; white-space: nowrap; width: 5.9mm; overflow: hidden; }
  table.grid th:first-child, table.grid td:first-child { width: 8.5mm; text-align: left; }
  table.grid th { font-weight: bold; }
  table.grid tr.pool td { font-weight: bold; text-align: left; background: #e4e8ec; }
  table.grid tr { break-inside: avoid; }
  .n { background: #c9d1d9; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  td.off { color: #9a9a9a; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .cards { grid-template-columns: repeat(5, 1fr); gap: 6px; }
  .card .v { font-size: 16pt; }
  figure, .cards, tr { break-inside: avoid; page-break-inside: avoid; }
  table { font-size: 8pt; }
  pre { white-space: pre-wrap; font-size: 7pt; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// The page of a plan, from its charts (see the module doc for the sections).
pub fn plan_page(p: &Planned, charts: &[Chart]) -> Page {
    let s = &p.staffed;
    let sc = &s.scenario;
    let mut page = Page::new(
        &sc.name,
        &format!(
            "Shift plan for {} days from {} · site time {} · {}-minute intervals · solver {}",
            sc.site.days,
            sc.site.start,
            sc.site.timezone,
            sc.site.interval_s / 60,
            p.plan.solver
        ),
    );
    page.push(Section::new("headline", "Headline", headline::headline(p)));
    page.push(Section::new(
        "charts",
        "Charts",
        headline::charts_body(charts),
    ));
    page.push(Section::new("queues", "Queues", tables::queues_table(p)));
    page.push(Section::new(
        "pools",
        "Pools",
        tables::pools_table(p) + &tables::plan_notes(p) + &tables::surplus_table(p),
    ));
    if !p.figures.sites.is_empty() {
        page.push(Section::new("sites", "Sites", tables::sites_table(p)));
    }
    page.push(Section::new("shifts", "Shifts", tables::shifts_table(p)));
    if !p.gaps.is_empty() {
        page.push(Section::new(
            "diagnosis",
            "Diagnosis: intervals left short",
            tables::diagnosis(p),
        ));
    }
    page.push(Section::new("roster", "Roster", roster::roster(p)));
    page.push(Section::new(
        "assumptions",
        "Assumptions",
        assumptions::assumptions(p),
    ));
    page
}

/// `52613.87` → `52 613.87` (thin groups read well in every locale).
fn thousands(x: f64, digits: usize) -> String {
    let text = format!("{:.*}", digits, x.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('\u{202f}');
        }
        grouped.push(c);
    }
    let sign = if x < 0.0 && !text.trim_matches(['0', '.']).is_empty() {
        "−"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// A headline card: a big value over its key.
fn card(value: &str, key: &str) -> String {
    format!(
        "<div class=\"card\"><div class=\"v\">{}</div><div class=\"k\">{}</div></div>\n",
        escape(value),
        escape(key)
    )
}

/// How a table column lines up: text on the left, numbers on the right (the
/// stylesheet's `.num`). A column the list does not reach is text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Align {
    /// Left-aligned text.
    Text,
    /// A right-aligned number (`class="num"`).
    Num,
}

/// A table row; the cells aligned [`Align::Num`] are right-aligned.
fn row(cells: &[String], align: &[Align]) -> String {
    let mut out = String::from("<tr>");
    for (i, c) in cells.iter().enumerate() {
        if align.get(i) == Some(&Align::Num) {
            out += &format!("<td class=\"num\">{c}</td>");
        } else {
            out += &format!("<td>{c}</td>");
        }
    }
    out + "</tr>\n"
}

/// A table's header row, aligned like its rows.
fn header(cells: &[&str], align: &[Align]) -> String {
    let mut out = String::from("<tr>");
    for (i, c) in cells.iter().enumerate() {
        if align.get(i) == Some(&Align::Num) {
            out += &format!("<th class=\"num\">{}</th>", escape(c));
        } else {
            out += &format!("<th>{}</th>", escape(c));
        }
    }
    out + "</tr>\n"
}

/// Rows longer lists stop at: the CSV files hold every one.
const MAX_ROWS: usize = 500;

/// A table of "what is short and why": pool, when, a third column, agents
/// short (right-aligned), why; at most [`MAX_ROWS`] rows, then how many more.
fn shortfall_table(head: [&str; 5], rows: impl ExactSizeIterator<Item = [String; 5]>) -> String {
    use Align::{Num, Text};
    let align = [Text, Text, Text, Num, Text];
    let total = rows.len();
    let mut out = String::from("<table>\n");
    out += &header(&head, &align);
    for cells in rows.take(MAX_ROWS) {
        out += &row(&cells, &align);
    }
    out += "</table>\n";
    if total > MAX_ROWS {
        out += &format!("<p>… and {} more.</p>\n", total - MAX_ROWS);
    }
    out
}
