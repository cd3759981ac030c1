//! plan.xlsx through the binary: a zip of the same bytes on two runs, whose
//! sheets hold the CSV files' figures, with dates and times as Excel serial
//! numbers (days since 1899-12-30, a time as a fraction of a day, computed
//! here by hand from the CSV's text) and the roster as an agent × day grid.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;

use crate::common::{num, staffplan, tempdir, Csv};

const QUICK_START: &str = "scenarios/quick-start.yaml";

/// A sheet's cells by reference (`B2`): shared strings resolved, numbers as
/// their text.
type Sheet = BTreeMap<String, String>;

/// Every file of a zip archive, by name.
fn unzip(bytes: &[u8]) -> BTreeMap<String, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut files = BTreeMap::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).expect("an entry");
        let mut text = String::new();
        f.read_to_string(&mut text).expect("UTF-8 XML");
        files.insert(f.name().to_string(), text);
    }
    files
}

/// The sheets of a workbook by name, in workbook order (`sheet<n>.xml`).
fn sheets(files: &BTreeMap<String, String>) -> BTreeMap<String, Sheet> {
    let strings: Vec<String> = roxmltree::Document::parse(&files["xl/sharedStrings.xml"])
        .expect("shared strings")
        .descendants()
        .filter(|n| n.has_tag_name("si"))
        .map(|si| {
            si.descendants()
                .filter(|n| n.has_tag_name("t"))
                .filter_map(|t| t.text())
                .collect()
        })
        .collect();
    let book = roxmltree::Document::parse(&files["xl/workbook.xml"]).expect("workbook.xml");
    let names: Vec<String> = book
        .descendants()
        .filter(|n| n.has_tag_name("sheet"))
        .filter_map(|n| n.attribute("name").map(str::to_string))
        .collect();
    let mut out = BTreeMap::new();
    for (i, name) in names.into_iter().enumerate() {
        let xml = &files[&format!("xl/worksheets/sheet{}.xml", i + 1)];
        let doc = roxmltree::Document::parse(xml).expect("sheet XML");
        let mut cells = Sheet::new();
        for c in doc.descendants().filter(|n| n.has_tag_name("c")) {
            let (Some(at), Some(v)) = (
                c.attribute("r"),
                c.children()
                    .find(|n| n.has_tag_name("v"))
                    .and_then(|v| v.text()),
            ) else {
                continue;
            };
            let value = if c.attribute("t") == Some("s") {
                strings[v.parse::<usize>().expect("a string index")].clone()
            } else {
                v.to_string()
            };
            cells.insert(at.to_string(), value);
        }
        out.insert(name, cells);
    }
    out
}

/// `A`, `B`, … `AA` of a zero-based column.
fn letters(mut col: usize) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (col % 26) as u8) as char);
        if col < 26 {
            return s;
        }
        col = col / 26 - 1;
    }
}

/// The cell of a sheet at zero-based `(row, col)`.
fn cell(sheet: &Sheet, row: usize, col: usize) -> Option<&str> {
    sheet
        .get(&format!("{}{}", letters(col), row + 1))
        .map(String::as_str)
}

/// Excel's serial number of a date: days since 1899-12-30.
fn serial(date: &str) -> f64 {
    let d: NaiveDate = date.parse().expect("a date");
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).expect("a date");
    (d - epoch).num_days() as f64
}

/// Excel's serial number of a clock time `HH:MM`: its share of a day.
fn day_fraction(clock: &str) -> f64 {
    let (h, m) = clock.split_once(':').expect("HH:MM");
    (h.parse::<f64>().expect("hours") * 60.0 + m.parse::<f64>().expect("minutes")) / 1440.0
}

fn plan(dir: &Path) -> Vec<u8> {
    staffplan()
        .args(["plan", QUICK_START, "-o"])
        .arg(dir)
        .assert()
        .success();
    std::fs::read(dir.join("plan.xlsx")).expect("plan.xlsx")
}

#[test]
fn plan_xlsx_is_the_same_bytes_twice_and_holds_the_csv_figures() {
    let tmp = tempdir();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let bytes = plan(&a);
    assert_eq!(&bytes[..2], b"PK", "a zip file");
    assert!(
        bytes == plan(&b),
        "two runs wrote different plan.xlsx bytes"
    );
    let files = unzip(&bytes);
    assert!(
        files["docProps/core.xml"].contains("2026-03-02T00:00:00Z"),
        "creation date is the plan's first day, not the clock:\n{}",
        files["docProps/core.xml"]
    );
    let sheets = sheets(&files);
    let names: Vec<&str> = sheets.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        ["Coverage", "Requirements", "Roster", "Shifts", "Summary"]
    );

    // Shifts: one row per shifts.csv row; `day` a date serial, `start_time_site`
    // a day fraction, `agents` a number.
    let shifts = Csv::read(&a.join("shifts.csv"));
    let sheet = &sheets["Shifts"];
    let col = |name: &str| shifts.header.iter().position(|h| h == name).expect(name);
    for (i, row) in shifts.rows.iter().enumerate() {
        let at = |name: &str| cell(sheet, i + 1, col(name)).unwrap_or_default();
        assert_eq!(at("template"), row["template"]);
        assert_eq!(at("day").parse::<f64>().ok(), Some(serial(&row["day"])));
        let time: f64 = at("start_time_site").parse().expect("a time serial");
        assert!((time - day_fraction(&row["start_time_site"])).abs() < 1e-9);
        assert_eq!(at("agents").parse::<f64>().ok(), Some(num(row, "agents")));
    }
    // Requirements: the same rows, client dates as serials.
    let req = Csv::read(&a.join("requirements.csv"));
    let sheet = &sheets["Requirements"];
    let col = |name: &str| req.header.iter().position(|h| h == name).expect(name);
    let last = req.rows.len();
    assert!(cell(sheet, last, 0).is_some() && cell(sheet, last + 1, 0).is_none());
    for (i, row) in req.rows.iter().enumerate().step_by(7) {
        let at = |name: &str| cell(sheet, i + 1, col(name)).unwrap_or_default();
        // `2026-03-01T19:00Z`: the date's serial plus the time's share of a day.
        let utc = &row["interval_start_utc"];
        let want = serial(&utc[..10]) + day_fraction(&utc[11..16]);
        let got: f64 = at("interval_start_utc")
            .parse()
            .expect("a date-time serial");
        assert!((got - want).abs() < 1e-9, "{utc}: {got}");
        assert_eq!(
            at("date_client").parse::<f64>().ok(),
            Some(serial(&row["date_client"]))
        );
        assert_eq!(
            at("required_gross").parse::<f64>().ok(),
            Some(num(row, "required_gross"))
        );
    }

    // Roster: each roster.csv row is the cell of its agent and site day.
    let roster = Csv::read(&a.join("roster.csv"));
    let sheet = &sheets["Roster"];
    let first_day = serial("2026-03-02");
    for row in roster.rows.iter().filter(|r| !r["agent_id"].is_empty()) {
        let line = (1..)
            .find(|&i| cell(sheet, i, 0).is_none_or(|id| id == row["agent_id"]))
            .expect("a row");
        assert_eq!(
            cell(sheet, line, 0),
            Some(row["agent_id"].as_str()),
            "{row:?}"
        );
        let col = 3 + (serial(&row["date_site"]) - first_day) as usize;
        assert_eq!(
            cell(sheet, 0, col).and_then(|v| v.parse::<f64>().ok()),
            Some(serial(&row["date_site"]))
        );
        let next_day = if row["end_date_site"] > row["date_site"] {
            " (+1)"
        } else {
            ""
        };
        let want = format!(
            "{}–{}{next_day}",
            row["start_time_site"], row["end_time_site"]
        );
        assert_eq!(cell(sheet, line, col), Some(want.as_str()), "{row:?}");
    }
    // A day with no duty of an agent is OFF: count them against the CSV.
    let agents: std::collections::BTreeSet<&str> = roster
        .rows
        .iter()
        .map(|r| r["agent_id"].as_str())
        .filter(|id| !id.is_empty())
        .collect();
    let off = sheet.values().filter(|v| *v == "OFF").count();
    assert_eq!(
        off,
        agents.len() * 7
            - roster
                .rows
                .iter()
                .filter(|r| !r["agent_id"].is_empty())
                .count()
    );

    // Summary: the headline headcount and cost of summary.json.
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(a.join("summary.json")).expect("summary"))
            .expect("JSON");
    let sheet = &sheets["Summary"];
    let value = |label: &str| {
        let line = (1..40)
            .find(|&i| cell(sheet, i, 0) == Some(label))
            .unwrap_or_else(|| panic!("no `{label}` in Summary"));
        cell(sheet, line, 1).and_then(|v| v.parse::<f64>().ok())
    };
    assert_eq!(value("headcount"), summary["plan"]["headcount"].as_f64());
    assert_eq!(value("cost"), summary["plan"]["cost"].as_f64());
}

/// The number format of each cell of sheet `n` (1-based, workbook order),
/// by reference: its `s` style through `cellXfs` to the format code
/// (`numFmts`, or Excel's built-in 0 `General`).
fn formats(files: &BTreeMap<String, String>, n: usize) -> BTreeMap<String, String> {
    let styles = roxmltree::Document::parse(&files["xl/styles.xml"]).expect("styles.xml");
    let codes: BTreeMap<&str, &str> = styles
        .descendants()
        .filter(|x| x.has_tag_name("numFmt"))
        .filter_map(|x| Some((x.attribute("numFmtId")?, x.attribute("formatCode")?)))
        .collect();
    let xfs = styles
        .descendants()
        .find(|x| x.has_tag_name("cellXfs"))
        .expect("cellXfs");
    let by_style: Vec<String> = xfs
        .children()
        .filter(|x| x.has_tag_name("xf"))
        .map(|xf| {
            let id = xf.attribute("numFmtId").unwrap_or("0");
            codes
                .get(id)
                .map_or(format!("builtin {id}"), |c| c.to_string())
        })
        .collect();
    let xml = &files[&format!("xl/worksheets/sheet{n}.xml")];
    let doc = roxmltree::Document::parse(xml).expect("sheet XML");
    doc.descendants()
        .filter(|c| c.has_tag_name("c"))
        .filter_map(|c| {
            let s: usize = c.attribute("s").map_or(0, |s| s.parse().expect("a style"));
            Some((c.attribute("r")?.to_string(), by_style[s].clone()))
        })
        .collect()
}

/// The cell at `at` of sheet `n`: its type attribute (`None`: a number) and
/// value.
fn raw_cell(files: &BTreeMap<String, String>, n: usize, at: &str) -> (Option<String>, String) {
    let xml = &files[&format!("xl/worksheets/sheet{n}.xml")];
    let doc = roxmltree::Document::parse(xml).expect("sheet XML");
    let c = doc
        .descendants()
        .find(|c| c.has_tag_name("c") && c.attribute("r") == Some(at))
        .unwrap_or_else(|| panic!("no cell {at}"));
    let v = c
        .children()
        .find(|x| x.has_tag_name("v"))
        .and_then(|v| v.text());
    (
        c.attribute("t").map(str::to_string),
        v.unwrap_or_default().to_string(),
    )
}

/// Date-times are Excel date-times, not text: a number (no `t="s"`/`t="str"`)
/// whose serial is the wall-clock time on the cell's own clock, with a date
/// format that shows the offset. Serials by hand: 2026-01-01 is 46023 (45658
/// for 2025-01-01, + 365), so 2026-03-01 is 46023 + 31 + 28 = 46082.
#[test]
fn plan_xlsx_date_times_are_excel_date_times_with_their_offset() {
    let tmp = tempdir();
    let files = unzip(&plan(&tmp.path().join("p")));
    // Sheet order: Summary 1, Shifts 2, Roster 3, Coverage 4, Requirements 5.
    let check = |n: usize, at: &str, serial: f64, format: &str| {
        let (t, v) = raw_cell(&files, n, at);
        assert_eq!(t, None, "sheet{n} {at} is not a number: {v}");
        let got: f64 = v.parse().expect("a serial");
        assert!(
            (got - serial).abs() < 1e-9,
            "sheet{n} {at}: {got} ≠ {serial}"
        );
        assert_eq!(formats(&files, n)[at], format, "sheet{n} {at}");
    };
    // coverage.csv's first row: 2026-03-01T19:00Z, 2026-03-02T00:00+05:00,
    // 2026-03-02, 00:00 (Karachi is UTC+5 all year).
    check(4, "A2", 46082.0 + 19.0 / 24.0, "yyyy-mm-dd hh:mm\"Z\"");
    check(4, "B2", 46083.0, "yyyy-mm-dd hh:mm\" +05:00\"");
    check(4, "C2", 46083.0, "yyyy-mm-dd");
    check(4, "D2", 0.0, "hh:mm");
    // requirements.csv's client_local_time (column F): London is UTC+0 on
    // 2026-03-01, so the first interval is 19:00 there.
    check(
        5,
        "F2",
        46082.0 + 19.0 / 24.0,
        "yyyy-mm-dd hh:mm\" +00:00\"",
    );
    // shifts.csv's first row starts 2026-03-02T10:00+05:00 (column C) and
    // ends 19:00 (column E): the `late` template at its first start.
    check(
        2,
        "C2",
        46083.0 + 10.0 / 24.0,
        "yyyy-mm-dd hh:mm\" +05:00\"",
    );
    check(
        2,
        "E2",
        46083.0 + 19.0 / 24.0,
        "yyyy-mm-dd hh:mm\" +05:00\"",
    );
}
