//! report.html on paper: the print-only agent × day roster grid, checked
//! cell by cell against roster.csv (the start on the site clock without a
//! leading zero, nights shaded, `off` on a day without a shift), shown only
//! in print in place of the per-agent list.

use std::collections::BTreeMap;

use crate::common::{staffplan, tempdir, Csv};

/// The grid's cells per agent (text, night shading), in column order.
type Cells = Vec<(String, bool)>;

#[test]
fn the_printed_roster_grid_has_every_agent_and_day_of_roster_csv() {
    let tmp = tempdir();
    let out = tmp.path().join("out");
    staffplan()
        .args(["plan", "scenarios/quick-start.yaml", "-o"])
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    // Hidden on screen, shown in print instead of the <details> list.
    let (screen, print) = html.split_once("@media print").expect("a print stylesheet");
    assert!(screen.contains(".print-grid { display: none; }"));
    assert!(print.contains(".print-grid { display: block;"));
    assert!(print.contains("#roster details, #roster h3 { display: none; }"));

    let doc = roxmltree::Document::parse_with_options(
        &html,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .expect("well-formed");
    let grid = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("print-grid"))
        .expect("a print grid");
    let pages = grid
        .children()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.starts_with("grid-page"))
        })
        .count();
    let mut got: BTreeMap<String, Cells> = BTreeMap::new();
    let mut tables = 0;
    for table in grid.descendants().filter(|n| n.has_tag_name("table")) {
        tables += 1;
        let body = table
            .children()
            .find(|n| n.has_tag_name("tbody"))
            .expect("a body");
        for tr in body.children().filter(|n| n.has_tag_name("tr")) {
            if tr.attribute("class") == Some("pool") {
                continue;
            }
            let tds: Vec<_> = tr.children().filter(|n| n.has_tag_name("td")).collect();
            let id = tds[0].text().unwrap_or_default().to_string();
            let cells = tds[1..]
                .iter()
                .map(|td| {
                    (
                        td.text().unwrap_or_default().to_string(),
                        td.attribute("class") == Some("n"),
                    )
                })
                .collect();
            assert!(got.insert(id.clone(), cells).is_none(), "{id} twice");
        }
    }

    // What roster.csv says, day by day from 2026-03-02.
    let roster = Csv::read(&out.join("roster.csv"));
    let mut want: BTreeMap<String, Cells> = BTreeMap::new();
    for r in roster.rows.iter().filter(|r| !r["agent_id"].is_empty()) {
        let cells = want
            .entry(r["agent_id"].clone())
            .or_insert_with(|| vec![("off".to_string(), false); 7]);
        let day: usize = r["date_site"][8..].parse::<usize>().expect("a day") - 2;
        let start = r["start_time_site"].trim_start_matches('0');
        let start = if start.starts_with(':') {
            format!("0{start}")
        } else {
            start.to_string()
        };
        cells[day] = (start, r["night"] == "yes");
    }
    assert!(want.len() > 20, "{} agents", want.len());
    assert_eq!(got, want);
    // A week of a few dozen agents: one landscape page of side-by-side panels.
    assert_eq!(pages, 1);
    assert!((2..=5).contains(&tables), "{tables} panels");
}
