//! `plan.xlsx`: the plan as an Excel workbook, written with `rust_xlsxwriter`
//! (pure Rust, no system library). Sheets:
//!
//! | sheet | what |
//! |---|---|
//! | Summary | the headline figures ([`crate::figures::PlanFigures`]), per pool and per queue |
//! | Shifts | shifts.csv |
//! | Roster | agent × site day: each cell the shift's start–end on the site clock, or `OFF` |
//! | Coverage | coverage.csv |
//! | Requirements | requirements.csv |
//!
//! The Shifts, Coverage and Requirements sheets hold the CSV files' cells
//! ([`crate::report::csv::Rows`]), typed by column: dates, clock times and
//! date-times as real Excel dates and times with a number format (so
//! filters, sorting and pivot tables take them as dates), figures as
//! numbers, the rest (ids, breaks) as text. A date-time with its UTC offset
//! (`2026-03-02T10:00+05:00`) is the wall-clock time on that clock
//! (2026-03-02 10:00), shown with its offset (`2026-03-02 10:00 +05:00`:
//! the offset is part of the cell's number format, as Excel has no time
//! zones); an instant in UTC (`2026-03-01T19:00Z`) is shown with `Z`. Every
//! sheet has its header row frozen and its columns sized to their contents.
//!
//! Deterministic: the workbook's creation date is the plan's first site day
//! (not the clock), and the zip entries carry a fixed time, so the same plan
//! gives the same bytes.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError,
};

use crate::figures::PlanFigures;
use crate::pipeline::Planned;
use crate::report::csv::{coverage_rows, requirement_rows, shift_rows, Rows};
use crate::report::grid::{clock_span, roster_grid};

/// Columns holding a date (`2026-03-02`).
const DATE_COLUMNS: [&str; 4] = ["day", "date_site", "date_client", "end_date_site"];

/// Columns holding a clock time (`09:30`).
const TIME_COLUMNS: [&str; 4] = [
    "time_site",
    "time_client",
    "start_time_site",
    "end_time_site",
];

/// Columns holding a date-time with its UTC offset (`2026-03-02T10:00+05:00`)
/// or in UTC (`2026-03-01T19:00Z`).
const DATETIME_COLUMNS: [&str; 5] = [
    "start_site",
    "end_site",
    "interval_start_utc",
    "interval_start_site",
    "client_local_time",
];

/// Columns kept as text even when a cell looks like a number (ids, names).
const TEXT_COLUMNS: [&str; 9] = [
    "queue",
    "pool",
    "channel",
    "set_by",
    "template",
    "breaks",
    "agent_id",
    "agent_name",
    "shift",
];

/// The widest a column is sized, in characters.
const MAX_WIDTH: usize = 40;

/// The number formats the sheets share.
struct Formats {
    header: Format,
    date: Format,
    day: Format,
    time: Format,
    money: Format,
    percent: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xF4F6F8)),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            day: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xF4F6F8))
                .set_num_format("ddd yyyy-mm-dd"),
            time: Format::new().set_num_format("hh:mm"),
            money: Format::new().set_num_format("#,##0.00"),
            percent: Format::new().set_num_format("0.00%"),
        }
    }
}

/// The workbook's bytes.
pub fn workbook(p: &Planned) -> Result<Vec<u8>, XlsxError> {
    let s = &p.staffed;
    let f = Formats::new();
    let mut book = Workbook::new();
    let start = s.scenario.site.start;
    let created = ExcelDateTime::from_ymd(year(start), start.month() as u8, start.day() as u8)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(&s.scenario.name)
            .set_creation_datetime(&created),
    );
    summary_sheet(book.add_worksheet().set_name("Summary")?, p, &f)?;
    table_sheet(
        book.add_worksheet().set_name("Shifts")?,
        &shift_rows(s, &p.plan),
        &f,
    )?;
    roster_sheet(book.add_worksheet().set_name("Roster")?, p, &f)?;
    table_sheet(
        book.add_worksheet().set_name("Coverage")?,
        &coverage_rows(s, &p.plan, &p.service),
        &f,
    )?;
    table_sheet(
        book.add_worksheet().set_name("Requirements")?,
        &requirement_rows(s),
        &f,
    )?;
    book.save_to_buffer()
}

/// A date's year as Excel takes it (1900–9999; the scenario's limits keep
/// dates inside).
fn year(d: NaiveDate) -> u16 {
    u16::try_from(d.year()).unwrap_or(1900)
}

/// An Excel date from `2026-03-02`, an Excel time from `09:30`.
fn excel_date(text: &str) -> Option<ExcelDateTime> {
    let d = text.parse::<NaiveDate>().ok()?;
    ExcelDateTime::from_ymd(year(d), d.month() as u8, d.day() as u8).ok()
}

fn excel_time(text: &str) -> Option<ExcelDateTime> {
    let t = NaiveTime::parse_from_str(text, "%H:%M").ok()?;
    ExcelDateTime::from_hms(t.hour() as u16, t.minute() as u8, 0).ok()
}

/// An Excel date-time from `2026-03-02T10:00+05:00` (the wall-clock time on
/// that clock) or `2026-03-01T19:00Z` (UTC), with the offset as the number
/// format shows it: `+05:00`, or `Z`.
fn excel_datetime(text: &str) -> Option<(ExcelDateTime, String)> {
    let (wall, offset) = match text.strip_suffix('Z') {
        Some(utc) => (
            NaiveDateTime::parse_from_str(utc, "%Y-%m-%dT%H:%M").ok()?,
            "Z".to_string(),
        ),
        None => {
            let t: DateTime<FixedOffset> =
                DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M%:z").ok()?;
            (t.naive_local(), t.format("%:z").to_string())
        }
    };
    let d = wall.date();
    let x = ExcelDateTime::from_ymd(year(d), d.month() as u8, d.day() as u8)
        .ok()?
        .and_hms(wall.hour() as u16, wall.minute() as u8, 0)
        .ok()?;
    Some((x, offset))
}

/// The number format of a date-time shown with its `offset` (`+05:00`, `Z`).
fn datetime_format(offset: &str) -> Format {
    let gap = if offset == "Z" { "" } else { " " };
    Format::new().set_num_format(format!("yyyy-mm-dd hh:mm\"{gap}{offset}\""))
}

/// Row `row` of a sheet as a spreadsheet index.
fn r(row: usize) -> u32 {
    u32::try_from(row).unwrap_or(u32::MAX)
}

/// Column `col` of a sheet as a spreadsheet index.
fn c(col: usize) -> u16 {
    u16::try_from(col).unwrap_or(u16::MAX)
}

/// The header row in bold, frozen, and the columns sized to `widths`
/// (characters, capped at [`MAX_WIDTH`]).
fn header_row(
    ws: &mut Worksheet,
    header: &[String],
    widths: &[usize],
    f: &Formats,
) -> Result<(), XlsxError> {
    let names: Vec<&str> = header.iter().map(String::as_str).collect();
    bold_row(ws, 0, &names, f)?;
    for (col, w) in widths.iter().enumerate() {
        ws.set_column_width(c(col), (*w).min(MAX_WIDTH) as f64 + 2.0)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// A sheet holding a CSV table, its cells typed by column.
fn table_sheet(ws: &mut Worksheet, t: &Rows, f: &Formats) -> Result<(), XlsxError> {
    let mut widths: Vec<usize> = t.header.iter().map(|h| h.chars().count()).collect();
    for (i, cells) in t.rows.iter().enumerate() {
        for (col, text) in cells.iter().enumerate() {
            let name = t.header.get(col).map_or("", String::as_str);
            let (row, col16) = (r(i + 1), c(col));
            if DATE_COLUMNS.contains(&name) {
                if let Some(d) = excel_date(text) {
                    ws.write_datetime_with_format(row, col16, &d, &f.date)?;
                    continue;
                }
            } else if TIME_COLUMNS.contains(&name) {
                if let Some(t) = excel_time(text) {
                    ws.write_datetime_with_format(row, col16, &t, &f.time)?;
                    continue;
                }
            } else if DATETIME_COLUMNS.contains(&name) {
                if let Some((x, offset)) = excel_datetime(text) {
                    ws.write_datetime_with_format(row, col16, &x, &datetime_format(&offset))?;
                    if let Some(w) = widths.get_mut(col) {
                        *w = (*w).max(text.chars().count());
                    }
                    continue;
                }
            }
            match text.parse::<f64>() {
                Ok(x) if !TEXT_COLUMNS.contains(&name) && x.is_finite() => {
                    ws.write_number(row, col16, x)?;
                }
                _ if text.is_empty() => {}
                _ => {
                    ws.write_string(row, col16, text)?;
                }
            }
            if let Some(w) = widths.get_mut(col) {
                *w = (*w).max(text.chars().count());
            }
        }
    }
    header_row(ws, &t.header, &widths, f)
}

/// The Roster sheet: agent, name, pool, then one column per site day with
/// the shift's start–end (`22:00–07:00 (+1)` ends the next day; several
/// duties of a day joined by `, `) or `OFF`.
fn roster_sheet(ws: &mut Worksheet, p: &Planned, f: &Formats) -> Result<(), XlsxError> {
    let tz = p.staffed.grid.site_tz;
    let grid = roster_grid(p);
    let mut header: Vec<String> = ["agent_id", "agent_name", "pool"]
        .map(String::from)
        .to_vec();
    header.extend(
        grid.dates
            .iter()
            .map(|d| d.format("%a %Y-%m-%d").to_string()),
    );
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for (i, row) in grid.rows.iter().enumerate() {
        let mut cells = vec![
            row.agent.id.clone(),
            row.agent.name.clone(),
            row.pool.to_string(),
        ];
        cells.extend(row.days.iter().zip(&row.holiday).map(|(duties, holiday)| {
            if duties.is_empty() {
                "OFF".to_string()
            } else {
                let spans: Vec<String> = duties.iter().map(|d| clock_span(tz, d)).collect();
                // A shift on the site's public holiday is paid, not worked.
                format!(
                    "{}{}",
                    if *holiday { "HOLIDAY " } else { "" },
                    spans.join(", ")
                )
            }
        }));
        for (col, text) in cells.iter().enumerate() {
            ws.write_string(r(i + 1), c(col), text)?;
            widths[col] = widths[col].max(text.chars().count());
        }
    }
    header_row(ws, &header, &widths, f)?;
    for (k, d) in grid.dates.iter().enumerate() {
        if let Some(x) = excel_date(&d.to_string()) {
            ws.write_datetime_with_format(0, c(3 + k), &x, &f.day)?;
        }
    }
    ws.set_freeze_panes(1, 3)?;
    Ok(())
}

/// A row of bold header cells from column 0.
fn bold_row(ws: &mut Worksheet, row: u32, cells: &[&str], f: &Formats) -> Result<(), XlsxError> {
    for (col, h) in cells.iter().enumerate() {
        ws.write_string_with_format(row, c(col), *h, &f.header)?;
    }
    Ok(())
}

/// The Summary sheet: the headline figures, then a table per pool and per
/// queue, as numbers with formats.
fn summary_sheet(ws: &mut Worksheet, p: &Planned, f: &Formats) -> Result<(), XlsxError> {
    let sc = &p.staffed.scenario;
    let fig: &PlanFigures = &p.figures;
    bold_row(ws, 0, &["figure", "value", "unit"], f)?;
    let text_rows = [
        ("scenario", sc.name.as_str()),
        ("site time zone", sc.site.timezone.name()),
        ("solver", fig.solver),
        ("status", fig.status),
    ];
    let mut row = 1;
    for (k, v) in text_rows {
        ws.write_string(row, 0, k)?;
        ws.write_string(row, 1, v)?;
        row += 1;
    }
    ws.write_string(row, 0, "first day")?;
    if let Some(d) = excel_date(&sc.site.start.to_string()) {
        ws.write_datetime_with_format(row, 1, &d, &f.date)?;
    }
    ws.write_string(row, 2, "site date")?;
    row += 1;
    let currency = sc.currency.as_str();
    let numbers = [
        ("days", f64::from(sc.site.days), "days", None),
        ("FTE", fig.fte, "40 h a week", None),
        ("headcount", f64::from(fig.headcount), "agents", None),
        ("paid hours", fig.paid_hours, "hours", None),
        ("cost", fig.cost, currency, Some(&f.money)),
        (
            "cost + shortfall penalty",
            fig.objective,
            currency,
            Some(&f.money),
        ),
        (
            "LP bound of cost + penalty",
            fig.lp_bound,
            currency,
            Some(&f.money),
        ),
        ("gap", fig.gap, "of the bound", Some(&f.percent)),
        ("shortfall", fig.shortfall_agent_hours, "agent-hours", None),
    ];
    for (k, v, unit, format) in numbers {
        ws.write_string(row, 0, k)?;
        match format {
            Some(fm) => ws.write_number_with_format(row, 1, v, fm)?,
            None => ws.write_number(row, 1, v)?,
        };
        ws.write_string(row, 2, unit)?;
        row += 1;
    }
    breakdown(ws, row + 1, fig, f)?;
    for (col, w) in [24.0, 34.0, 14.0, 14.0, 22.0, 10.0, 10.0]
        .iter()
        .enumerate()
    {
        ws.set_column_width(c(col), *w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The Summary sheet's tables from `row` on: per pool, then per queue.
fn breakdown(
    ws: &mut Worksheet,
    mut row: u32,
    fig: &PlanFigures,
    f: &Formats,
) -> Result<(), XlsxError> {
    let pools = [
        "pool",
        "FTE",
        "headcount",
        "paid hours",
        "cost",
        "shifts",
        "gap",
    ];
    bold_row(ws, row, &pools, f)?;
    for pf in &fig.pools {
        row += 1;
        ws.write_string(row, 0, &pf.id)?;
        ws.write_number(row, 1, pf.fte)?;
        ws.write_number(row, 2, pf.headcount)?;
        ws.write_number(row, 3, pf.paid_hours)?;
        ws.write_number_with_format(row, 4, pf.cost, &f.money)?;
        ws.write_number(row, 5, pf.shifts)?;
        ws.write_number_with_format(row, 6, pf.gap, &f.percent)?;
    }
    row += 2;
    let queues = [
        "queue",
        "client",
        "SL target",
        "SL achieved",
        "intervals fully staffed",
    ];
    bold_row(ws, row, &queues, f)?;
    for q in &fig.queues {
        row += 1;
        ws.write_string(row, 0, &q.id)?;
        ws.write_string(row, 1, &q.client)?;
        ws.write_string(row, 2, q.sl_target.as_deref().unwrap_or("deadline"))?;
        if let Some(sl) = q.sl_achieved {
            ws.write_number_with_format(row, 3, sl, &f.percent)?;
        }
        ws.write_number_with_format(row, 4, q.intervals_fully_staffed, &f.percent)?;
    }
    Ok(())
}
