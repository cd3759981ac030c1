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
//! | `diagnosis` | only when something is uncovered (soft coverage) |
//! | `roster` | spread, open shifts, one collapsible `<details>` per agent |
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

use std::collections::BTreeMap;

use crate::figures::FTE_HOURS_PER_WEEK;
use crate::pipeline::Planned;
use crate::report::charts::Chart;
use crate::report::csv::{duty_rows, DutyRow};
use crate::scenario::channel_name;
use crate::timegrid::stamp;
use crate::units::round;
use crate::units::Duration as Dur;

pub use crate::report::charts::escape;

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
figure { margin: 16px 0 28px; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: 13px; }
details { border: 1px solid var(--line); border-radius: 4px; padding: 4px 8px; margin: 4px 0; }
summary { cursor: pointer; }
pre { background: var(--band); padding: 10px; overflow-x: auto; font-size: 12px; }
.note { border-left: 4px solid var(--bad); padding: 4px 12px; background: #fdecea; }
footer { color: var(--muted); font-size: 12px; margin-top: 32px; border-top: 1px solid var(--line); }
@media print {
  @page { size: A4; margin: 12mm; }
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
    page.push(Section::new("headline", "Headline", headline(p)));
    page.push(Section::new("charts", "Charts", charts_body(charts)));
    page.push(Section::new("queues", "Queues", queues_table(p)));
    page.push(Section::new("pools", "Pools", pools_table(p)));
    page.push(Section::new("shifts", "Shifts", shifts_table(p)));
    if !p.gaps.is_empty() {
        page.push(Section::new(
            "diagnosis",
            "Diagnosis: intervals left short",
            diagnosis(p),
        ));
    }
    page.push(Section::new("roster", "Roster", roster(p)));
    page.push(Section::new("assumptions", "Assumptions", assumptions(p)));
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

fn card(value: &str, key: &str) -> String {
    format!(
        "<div class=\"card\"><div class=\"v\">{}</div><div class=\"k\">{}</div></div>\n",
        escape(value),
        escape(key)
    )
}

fn headline(p: &Planned) -> String {
    let sc = &p.staffed.scenario;
    let f = &p.figures;
    let currency = if sc.costs.priced {
        sc.currency.as_str()
    } else {
        "paid hours"
    };
    let mut out = String::from("<div class=\"cards\">\n");
    out += &card(
        &thousands(f.fte, 1),
        &format!("FTE ({FTE_HOURS_PER_WEEK:.0} paid hours a week)"),
    );
    out += &card(&thousands(f64::from(f.headcount), 0), "headcount (agents)");
    out += &card(&thousands(f.paid_hours, 0), "paid hours in the horizon");
    out += &card(
        &format!("{} {}", thousands(f.cost, 0), currency),
        "cost of the plan",
    );
    out += &card(
        &format!("{:.2}%", f.gap * 100.0),
        &format!(
            "gap to the LP lower bound ({} {})",
            thousands(f.lp_bound, 0),
            currency
        ),
    );
    out += "</div>\n";
    out += &format!("<p>Solver status: <b>{}</b>.</p>\n", escape(f.status));
    if !p.gaps.is_empty() {
        out += &format!(
            "<p class=\"note\">{} interval(s) are left short under soft coverage: see <a href=\"#diagnosis\">the diagnosis</a>.</p>\n",
            p.gaps.len()
        );
    }
    out += "<h3>Service level per client</h3>\n<table>\n<tr><th>client</th><th>queue</th><th>channel</th><th>target</th><th class=\"num\">achieved</th><th class=\"num\">intervals fully staffed</th></tr>\n";
    let mut order: Vec<usize> = (0..sc.queues.len()).collect();
    order.sort_by(|&a, &b| {
        sc.queues[a]
            .client
            .cmp(&sc.queues[b].client)
            .then(a.cmp(&b))
    });
    for q in order {
        let queue = &sc.queues[q];
        let service = &p.service[q];
        let (target, achieved) = match (queue.service_level, queue.deadline_s) {
            (_, Some(d)) => (
                format!("every item within {}", Dur(d)),
                verdict(
                    service.met_share >= 1.0 - 1e-9,
                    "deadline met".into(),
                    "deadline missed".into(),
                ),
            ),
            (Some(t), None) => (
                format!("{:.0}% in {:.0} s", t.fraction * 100.0, t.seconds),
                service.sl_overall.map_or("-".to_string(), |x| {
                    verdict(
                        x + 1e-9 >= t.fraction,
                        format!("{:.1}%", x * 100.0),
                        format!("{:.1}%", x * 100.0),
                    )
                }),
            ),
            (None, None) => ("-".into(), "-".into()),
        };
        out += &format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{:.1}%</td></tr>\n",
            escape(&queue.client),
            escape(&queue.id),
            channel_name(queue.channel),
            escape(&target),
            achieved,
            service.met_share * 100.0
        );
    }
    out += "</table>\n";
    out
}

fn verdict(ok: bool, good: String, bad: String) -> String {
    if ok {
        format!("<span class=\"ok\">{} ✓</span>", escape(&good))
    } else {
        format!("<span class=\"bad\">{} ✗</span>", escape(&bad))
    }
}

fn charts_body(charts: &[Chart]) -> String {
    let mut out = String::new();
    for c in charts {
        out += &format!(
            "<figure id=\"chart-{name}\">\n{svg}\n<figcaption>{title} (also <code>charts/{name}.svg</code> and <code>charts/{name}.png</code>)</figcaption>\n</figure>\n",
            name = c.name,
            svg = c.svg.trim(),
            title = escape(&c.title)
        );
    }
    out
}

fn row(cells: &[String], numeric: &[bool]) -> String {
    let mut out = String::from("<tr>");
    for (i, c) in cells.iter().enumerate() {
        if numeric.get(i).copied().unwrap_or(false) {
            out += &format!("<td class=\"num\">{c}</td>");
        } else {
            out += &format!("<td>{c}</td>");
        }
    }
    out + "</tr>\n"
}

fn header(cells: &[&str], numeric: &[bool]) -> String {
    let mut out = String::from("<tr>");
    for (i, c) in cells.iter().enumerate() {
        if numeric.get(i).copied().unwrap_or(false) {
            out += &format!("<th class=\"num\">{}</th>", escape(c));
        } else {
            out += &format!("<th>{}</th>", escape(c));
        }
    }
    out + "</tr>\n"
}

fn queues_table(p: &Planned) -> String {
    let s = &p.staffed;
    let sc = &s.scenario;
    let h = s.grid.hours();
    let numeric = [
        false, false, false, false, false, true, true, true, true, false, false,
    ];
    let mut out = String::from("<table>\n");
    out += &header(
        &[
            "queue",
            "client",
            "time zone",
            "channel",
            "pool",
            "volume",
            "to agents",
            "peak gross agents",
            "gross hours",
            "peak (site time)",
            "peak (client time)",
        ],
        &numeric,
    );
    for (q, queue) in sc.queues.iter().enumerate() {
        let d = &s.demand.queues[q];
        let cells = &s.requirements.queues[q];
        let peak = s.queue_peak(q);
        out += &row(
            &[
                escape(&queue.id),
                escape(&queue.client),
                escape(queue.timezone.name()),
                channel_name(queue.channel).to_string(),
                escape(&sc.pools[queue.pool].id),
                thousands(d.volume.iter().sum(), 0),
                thousands(d.agent_volume.iter().sum(), 0),
                peak.map_or("-".into(), |i| cells[i].gross.to_string()),
                thousands(cells.iter().map(|c| f64::from(c.gross)).sum::<f64>() * h, 1),
                peak.map_or("-".into(), |i| {
                    s.grid.site_local(i).format("%a %d %b %H:%M").to_string()
                }),
                peak.map_or("-".into(), |i| {
                    s.grid
                        .local(i, queue.timezone)
                        .format("%a %d %b %H:%M")
                        .to_string()
                }),
            ],
            &numeric,
        );
    }
    out += "</table>\n<p>Volume is contacts offered in the horizon; “to agents” is what is left after bot containment.</p>\n";
    out
}

fn pools_table(p: &Planned) -> String {
    let s = &p.staffed;
    let sc = &s.scenario;
    let h = s.grid.hours();
    let numeric = [
        false, false, true, true, true, true, true, true, true, true, true,
    ];
    let mut out = String::from("<table>\n");
    out += &header(
        &[
            "pool",
            "pooling",
            "shrinkage",
            "required gross hours",
            "shifts",
            "paid hours",
            "FTE",
            "headcount",
            "cost",
            "LP bound",
            "gap",
        ],
        &numeric,
    );
    for (pp, f) in p.plan.pools.iter().zip(&p.figures.pools) {
        let pool = &sc.pools[pp.model.pool];
        out += &row(
            &[
                format!(
                    "{} <small>({})</small>",
                    escape(&pool.name),
                    escape(&pool.id)
                ),
                format!("{:?}", pool.pooling).to_lowercase(),
                format!("{}%", round(pool.shrinkage.total * 100.0, 1)),
                thousands(
                    s.requirements.pools[pp.model.pool]
                        .gross
                        .iter()
                        .map(|g| f64::from(*g))
                        .sum::<f64>()
                        * h,
                    1,
                ),
                pp.shifts_worked().to_string(),
                thousands(pp.paid_hours(), 1),
                thousands(f.fte, 1),
                thousands(f64::from(f.headcount), 0),
                thousands(pp.cost, 2),
                thousands(pp.lp_bound, 2),
                format!("{:.2}%", pp.gap() * 100.0),
            ],
            &numeric,
        );
    }
    out += "</table>\n";
    out
}

fn shifts_table(p: &Planned) -> String {
    let s = &p.staffed;
    let sc = &s.scenario;
    // Per template and start time: days worked, agent-shifts, hours and cost.
    type PerStart = (BTreeMap<usize, u32>, f64, f64);
    let mut by_start: BTreeMap<(usize, u32), PerStart> = BTreeMap::new();
    for pp in &p.plan.pools {
        for a in &pp.assigned {
            let shift = &pp.model.shifts[a.shift];
            let e = by_start
                .entry((shift.template, shift.start_min))
                .or_default();
            *e.0.entry(shift.day).or_default() += a.agents;
            e.1 += shift.paid_h * f64::from(a.agents);
            e.2 += shift.cost * f64::from(a.agents);
        }
    }
    let numeric = [false, false, false, true, true, true, true];
    let mut out = String::from("<p>Agents per template and start time (site time), over the horizon. The day-by-day list is in <code>shifts.csv</code>.</p>\n<table>\n");
    out += &header(
        &[
            "template",
            "start",
            "end",
            "days used",
            "agents on the busiest day",
            "paid hours",
            "cost",
        ],
        &numeric,
    );
    for ((t, start), (days, paid, cost)) in &by_start {
        let template = &sc.shifts.templates[*t];
        let end = (start + template.length_s / 60) % 1440;
        let start = start % 1440;
        out += &row(
            &[
                escape(&template.name),
                format!("{:02}:{:02}", start / 60, start % 60),
                format!("{:02}:{:02}", end / 60, end % 60),
                days.len().to_string(),
                days.values().max().copied().unwrap_or(0).to_string(),
                thousands(*paid, 1),
                thousands(*cost, 2),
            ],
            &numeric,
        );
    }
    out += "</table>\n";
    out
}

/// Rows longer lists stop at: the CSV files hold every one.
const MAX_ROWS: usize = 500;

/// A table of "what is short and why": pool, when, a third column, agents
/// short (right-aligned), why; at most [`MAX_ROWS`] rows, then how many more.
fn shortfall_table(head: [&str; 5], rows: impl ExactSizeIterator<Item = [String; 5]>) -> String {
    let numeric = [false, false, false, true, false];
    let total = rows.len();
    let mut out = String::from("<table>\n");
    out += &header(&head, &numeric);
    for cells in rows.take(MAX_ROWS) {
        out += &row(&cells, &numeric);
    }
    out += "</table>\n";
    if total > MAX_ROWS {
        out += &format!("<p>… and {} more.</p>\n", total - MAX_ROWS);
    }
    out
}

fn diagnosis(p: &Planned) -> String {
    format!(
        "<p class=\"note\">{} interval(s) have fewer agents on the floor than required. Coverage is soft, so the plan was kept; each row says what blocks covering it.</p>\n",
        p.gaps.len()
    ) + &shortfall_table(
        ["pool", "site time", "client time", "agents short", "why"],
        p.gaps.iter().map(|g| {
            [
                escape(&g.pool),
                escape(&g.site_time()),
                escape(&g.client_times().join(", ")),
                format!("{:.1}", g.short),
                escape(&g.blocker.to_string()),
            ]
        }),
    )
}

fn assumptions(p: &Planned) -> String {
    let s = &p.staffed;
    let sc = &s.scenario;
    let mut out = String::from("<h3>Costs and rules</h3>\n<ul>\n");
    let c = &sc.costs;
    if c.priced {
        out += &format!(
            "<li>{} {} per paid hour",
            thousands(c.hourly, 2),
            escape(&sc.currency)
        );
        if let Some((window, m)) = c.night {
            out += &format!("; night {} ×{}", escape(&window.to_string()), m);
        }
        out += &format!("; weekend ×{}</li>\n", c.weekend_multiplier);
    } else {
        out += "<li>no hourly rate: cost is paid hours</li>\n";
    }
    let sh = &sc.shifts;
    out += &format!(
        "<li>coverage {}{}</li>\n",
        if sh.coverage == Some(crate::scenario::Coverage::Soft) {
            "soft (shortfall priced)"
        } else {
            "hard (every interval covered)"
        },
        sh.max_starts_per_slot.map_or(String::new(), |cap| format!(
            "; at most {cap} agents start at any one time (transport seats)"
        ))
    );
    if let Some(w) = &sh.week {
        out += &format!(
            "<li>{} work days a week, days off {:?}</li>\n",
            w.work_days, w.days_off
        )
        .to_lowercase();
    }
    out += &format!(
        "<li>FTE counts {FTE_HOURS_PER_WEEK:.0} paid hours a week; the evaluation takes each pool's shrinkage off the agents on the floor; first interval {}</li>\n",
        escape(&stamp(s.grid.at(0), s.grid.site_tz))
    );
    out += "</ul>\n<h3>Shift templates</h3>\n<table>\n";
    out += &header(&["template", "paid", "length", "starts", "breaks"], &[]);
    for t in &sh.templates {
        let starts = match (t.starts.first(), t.starts.last()) {
            (Some(a), Some(b)) if a != b => format!(
                "{:02}:{:02}–{:02}:{:02} ({} starts)",
                a / 60 % 24,
                a % 60,
                b / 60 % 24,
                b % 60,
                t.starts.len()
            ),
            (Some(a), _) => format!("{:02}:{:02}", a / 60 % 24, a % 60),
            _ => "-".into(),
        };
        let breaks: Vec<String> = t
            .breaks
            .iter()
            .map(|b| {
                format!(
                    "{} {}, starting {}–{} into the shift",
                    Dur(f64::from(b.length_s)),
                    if b.paid { "paid" } else { "unpaid" },
                    Dur(f64::from(b.earliest_s)),
                    Dur(f64::from(b.latest_s))
                )
            })
            .collect();
        out += &row(
            &[
                escape(&t.name),
                Dur(f64::from(t.paid_s)).to_string(),
                Dur(f64::from(t.length_s)).to_string(),
                starts,
                escape(&breaks.join("; ")),
            ],
            &[],
        );
    }
    out += "</table>\n<h3>The scenario as staffplan read it</h3>\n<pre>";
    out += &escape(&crate::report::terminal::check(s));
    out += "</pre>\n";
    out
}

/// `16:00–01:00 (+1)`: a duty's start and end on the site clock, the end's
/// day after the start's marked.
fn clock_span(tz: chrono_tz::Tz, d: &DutyRow) -> String {
    let (a, b) = (d.begin.with_timezone(&tz), d.end.with_timezone(&tz));
    let later = (b.date_naive() - a.date_naive()).num_days();
    format!(
        "{}–{}{}",
        a.format("%H:%M"),
        b.format("%H:%M"),
        if later > 0 {
            format!(" (+{later})")
        } else {
            String::new()
        }
    )
}

/// `0–5`, or `5` when least and most agree.
fn span(r: crate::roster::Range, unit: &str) -> String {
    if (r.max - r.min).abs() < 1e-9 {
        format!("{}{unit}", round(r.min, 1))
    } else {
        format!("{}–{}{unit}", round(r.min, 1), round(r.max, 1))
    }
}

/// The roster section: the spread per pool, the shifts left open (soft
/// coverage), then per pool one collapsible `<details>` per agent with
/// their working days.
///
/// Built from the [`crate::roster::Roster`] through
/// [`crate::report::csv::duty_rows`], the rows `roster.csv` prints, so the
/// page and the file cannot disagree. A row is short (site date, clock
/// span, template, breaks, night): the 1 941 agents and 38 700 duties of
/// `scenarios/large-4w-3pool.yaml` make a 5.1 MB section (6.4 MB page);
/// the browser lays out the closed `<details>` cheaply.
fn roster(p: &Planned) -> String {
    let s = &p.staffed;
    let sc = &s.scenario;
    let r = &p.roster;
    let tz = s.grid.site_tz;
    let (nights, weekend, hours) = r.spread();
    let working = r.agents.iter().filter(|a| a.days > 0).count();
    let mut out = format!(
        "<p>{} agents ({} with at least one working day), rostered by {} under the labour rules. Over the agents who work: <b>{}</b> paid hours, <b>{}</b> nights and <b>{}</b> weekend days per agent (least–most). Every duty is in <code>roster.csv</code>; see also the <a href=\"#chart-roster_fairness\">fairness chart</a>.</p>\n",
        r.agents.len(),
        working,
        escape(r.method),
        span(hours, " h"),
        span(nights, ""),
        span(weekend, ""),
    );
    let numeric = [false, true, true, true, true];
    out += "<table>\n";
    out += &header(
        &["pool", "agents", "paid hours", "nights", "weekend days"],
        &numeric,
    );
    let mut pools: Vec<usize> = r.agents.iter().map(|a| a.pool).collect();
    pools.dedup();
    for &pool in &pools {
        let of_pool: Vec<_> = r.agents.iter().filter(|a| a.pool == pool).collect();
        let (n, w, h) = crate::roster::spread(of_pool.iter().copied());
        out += &row(
            &[
                escape(&sc.pools[pool].id),
                of_pool.len().to_string(),
                span(h, " h"),
                span(n, ""),
                span(w, ""),
            ],
            &numeric,
        );
    }
    out += "</table>\n";
    if !r.open.is_empty() {
        let short: u32 = r.open.iter().map(|o| o.agents).sum();
        out += &format!(
            "<h3>Open shifts</h3>\n<p class=\"note\">{short} planned agent-shift(s) have no agent under the hard rules; coverage is soft, so the roster was kept with them open (rows named <code>OPEN</code> in roster.csv).</p>\n"
        );
        out += &shortfall_table(
            ["pool", "shift", "start (site time)", "agents short", "why"],
            r.open.iter().map(|o| {
                [
                    escape(&o.pool),
                    escape(&o.shift),
                    escape(&o.start_site()),
                    o.agents.to_string(),
                    escape(&o.why(&sc.rules)),
                ]
            }),
        );
    }
    let mut days: Vec<Vec<DutyRow>> = vec![Vec::new(); r.agents.len()];
    for d in duty_rows(s, &p.plan, r) {
        if let Some(a) = d.agent {
            days[a].push(d);
        }
    }
    for &pool in &pools {
        out += &format!(
            "<h3>{} <small>({})</small></h3>\n",
            escape(&sc.pools[pool].name),
            escape(&sc.pools[pool].id)
        );
        for (a, agent) in r.agents.iter().enumerate().filter(|(_, a)| a.pool == pool) {
            out += &format!(
                "<details><summary><b>{}</b> {} · {} days · {} h · {} nights · {} weekend days</summary>\n",
                escape(&agent.id),
                escape(&agent.name),
                agent.days,
                round(agent.hours, 2),
                agent.nights,
                agent.weekend_days
            );
            if days[a].is_empty() {
                out += "<p>No working day.</p></details>\n";
                continue;
            }
            out += "<table><tr><th>date</th><th>site time</th><th>shift</th><th>breaks</th><th>night</th></tr>\n";
            for d in &days[a] {
                out += &format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                    d.date.format("%a %Y-%m-%d"),
                    clock_span(tz, d),
                    escape(d.shift),
                    escape(&d.breaks),
                    if d.night { "yes" } else { "no" }
                );
            }
            out += "</table></details>\n";
        }
    }
    out
}
