//! The report through the binary: every chart as valid SVG and PNG with its
//! titles and series names, a self-contained `report.html` (no reference
//! outside the file, every chart inline), rendered by headless Chromium
//! where it is installed, the same bytes from two runs, and snapshots of
//! the terminal summaries.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::common::{staffplan, tempdir, write_file, write_scenario};

const CHARTS: [&str; 7] = [
    "coverage",
    "heatmap",
    "service_level",
    "shift_starts",
    "shift_ends",
    "client_peaks",
    "roster_fairness",
];

/// The sections of a plan's report.html, in order (no gap, no simulation).
const PLAN_SECTIONS: [&str; 7] = [
    "headline",
    "charts",
    "queues",
    "pools",
    "shifts",
    "roster",
    "assumptions",
];

/// The Karachi week, planned once for every test here.
fn karachi() -> &'static Path {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = DIR.get_or_init(|| {
        let dir = tempdir();
        let out = dir.path().join("karachi");
        let run = staffplan()
            .args(["plan", "scenarios/karachi-247.yaml", "-o"])
            .arg(&out)
            .assert()
            .success();
        std::fs::write(dir.path().join("stdout.txt"), &run.get_output().stdout).unwrap();
        (dir, out)
    });
    out
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn text(path: &Path) -> String {
    String::from_utf8(read(path)).unwrap_or_else(|e| panic!("{} is not UTF-8: {e}", path.display()))
}

/// Width, height and RGB(A) pixels of a PNG, decoded.
fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<[u8; 3]>) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    let decoder = png::Decoder::new(bytes);
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("PNG pixels");
    let step = match info.color_type {
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    let pixels = buf[..info.buffer_size()]
        .chunks(step)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    (info.width, info.height, pixels)
}

/// All text content of an SVG document (titles, labels, legends).
fn svg_text(svg: &str) -> String {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    doc.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_chart_is_a_valid_svg_and_png() {
    let charts = karachi().join("charts");
    for name in CHARTS {
        let svg = text(&charts.join(format!("{name}.svg")));
        assert!(svg.len() > 10_000, "{name}.svg is nearly empty");
        let words = svg_text(&svg);
        assert!(words.contains("Asia/Karachi"), "{name}: no site time zone");
        let png = read(&charts.join(format!("{name}.png")));
        let (w, h, pixels) = decode_png(&png);
        assert!(w >= 1000 && h >= 500, "{name}.png is {w}×{h}");
        assert_eq!(pixels.len(), (w * h) as usize);
        // Drawn, not blank: many colours and a fair share of ink.
        let colours: BTreeSet<[u8; 3]> = pixels.iter().copied().collect();
        let ink = pixels.iter().filter(|p| **p != [255, 255, 255]).count();
        assert!(
            colours.len() > 20,
            "{name}.png has {} colours",
            colours.len()
        );
        assert!(ink * 50 > pixels.len(), "{name}.png is nearly blank");
    }
}

#[test]
fn charts_name_their_pools_queues_and_templates() {
    let charts = karachi().join("charts");
    let words = |name: &str| svg_text(&text(&charts.join(format!("{name}.svg"))));
    let coverage = words("coverage");
    assert!(coverage.contains("Coverage per pool"), "{coverage}");
    for pool in [
        "english-voice",
        "english-chat",
        "arabic-voice",
        "backoffice",
    ] {
        assert!(coverage.contains(pool), "coverage: no {pool}");
        assert!(words("heatmap").contains(pool), "heatmap: no {pool}");
    }
    for series in ["required (gross", "scheduled", "on the floor"] {
        assert!(coverage.contains(series), "coverage: no series {series}");
    }
    assert!(coverage.contains("Mon 02 Mar"), "days are marked");
    let heatmap = words("heatmap");
    assert!(heatmap.contains("Surplus"), "{heatmap}");
    assert!(heatmap.contains("Sun 08 Mar"), "one row per day");
    let sl = words("service_level");
    assert!(sl.contains("Achieved service level"));
    // Voice and chat queues have an SL; the e-mail queue has a deadline instead.
    for queue in ["us-retail", "us-tech-chat", "uk-bank", "gulf-telecom"] {
        assert!(
            sl.contains(&format!("{queue} —")),
            "service level: no {queue}"
        );
    }
    assert!(!sl.contains("us-retail-email"));
    assert!(sl.contains("target 80%"));
    let starts = words("shift_starts");
    for template in ["day", "evening", "night"] {
        assert!(
            starts.contains(&format!("template {template}")),
            "shift starts: no {template}"
        );
    }
    assert!(starts.contains("start cap: 40"), "{starts}");
    // The drop-offs: the same templates, no cap line (the cap is on starts).
    let ends = words("shift_ends");
    assert!(
        ends.contains("template night") && !ends.contains("start cap"),
        "{ends}"
    );
    let peaks = words("client_peaks");
    for queue in ["us-retail", "us-tech-chat", "uk-bank", "gulf-telecom"] {
        assert!(peaks.contains(queue), "client peaks: no {queue}");
    }
    // The US clock change of Sunday 2026-03-08 is inside the week; London's is not.
    assert!(
        peaks.contains("New York clocks go forward 1 h on Sun 08 Mar"),
        "{peaks}"
    );
    assert!(!peaks.contains("London clocks"), "{peaks}");
    let fairness = words("roster_fairness");
    assert!(fairness.contains("Roster fairness"), "{fairness}");
    for axis in [
        "paid hours per agent (h)",
        "night shifts per agent",
        "weekend days worked per agent",
    ] {
        assert!(fairness.contains(axis), "fairness: no axis {axis}");
    }
    // Per pool, its agents and their least and most nights, counted from roster.csv.
    let roster = text(&karachi().join("roster.csv"));
    let mut nights: std::collections::BTreeMap<(String, String), u32> = Default::default();
    for line in roster.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let (id, pool, night) = (cells[0], cells[2], cells[cells.len() - 1]);
        *nights
            .entry((pool.to_string(), id.to_string()))
            .or_default() += u32::from(night == "yes");
    }
    for pool in [
        "english-voice",
        "english-chat",
        "arabic-voice",
        "backoffice",
    ] {
        let counts: Vec<u32> = nights
            .iter()
            .filter(|((p, _), _)| p == pool)
            .map(|(_, n)| *n)
            .collect();
        let (min, max) = (
            counts.iter().min().expect("agents"),
            counts.iter().max().expect("agents"),
        );
        assert!(
            fairness.contains(&format!("({pool}): {} agents", counts.len())),
            "fairness: {pool} has {} agents: {fairness}",
            counts.len()
        );
        assert!(
            fairness.contains(&format!("nights: min {min} – max {max}")),
            "fairness: {pool} nights {min}–{max}: {fairness}"
        );
    }
}

/// Every `src`/`href` value and every `url(` of a page.
fn references(doc: &roxmltree::Document) -> Vec<String> {
    doc.descendants()
        .flat_map(|n| n.attributes())
        .filter(|a| matches!(a.name(), "src" | "href" | "srcset" | "action" | "data"))
        .map(|a| a.value().to_string())
        .collect()
}

#[test]
fn the_report_is_self_contained_with_every_chart() {
    let html = text(&karachi().join("report.html"));
    let doc = parse_html(&html);
    for r in references(&doc) {
        assert!(
            !(r.starts_with("http:") || r.starts_with("https:") || r.starts_with("//")),
            "external reference {r}"
        );
        assert!(r.starts_with('#'), "a reference outside the page: {r}");
    }
    for tag in ["script", "link", "img", "iframe", "object"] {
        assert!(
            doc.descendants().all(|n| n.tag_name().name() != tag),
            "report.html has a <{tag}>"
        );
    }
    assert!(!html.contains("url("), "CSS loads nothing");
    assert!(!html.contains("@import"));
    for name in CHARTS {
        let figure = doc
            .descendants()
            .find(|n| n.attribute("id") == Some(&format!("chart-{name}")))
            .unwrap_or_else(|| panic!("no figure for {name}"));
        assert!(
            figure.descendants().any(|n| n.tag_name().name() == "svg"),
            "{name} is not inline"
        );
    }
    // Headline first, then charts, tables and assumptions; print styles for A4.
    let order = section_ids(&doc);
    assert_eq!(order, PLAN_SECTIONS);
    assert!(html.contains("@media print"));
    assert!(html.contains("size: A4"));
    // The headline agrees with summary.json.
    let summary: serde_json::Value =
        serde_json::from_str(&text(&karachi().join("summary.json"))).expect("JSON");
    let headcount = summary["plan"]["headcount"].as_u64().expect("headcount");
    assert!(
        html.contains(&format!("<div class=\"v\">{headcount}</div>")),
        "headcount {headcount} is not in the headline"
    );
    for client in [
        "Acme Retail",
        "Pixel Devices",
        "Thames Bank",
        "Gulf Telecom",
    ] {
        assert!(html.contains(client), "no {client}");
    }
}

/// The element with this id.
fn by_id<'a, 'i>(doc: &'a roxmltree::Document<'i>, id: &str) -> roxmltree::Node<'a, 'i> {
    doc.descendants()
        .find(|n| n.attribute("id") == Some(id))
        .unwrap_or_else(|| panic!("no element with id {id}"))
}

/// The ids of the page's sections, in order.
fn section_ids<'a>(doc: &'a roxmltree::Document) -> Vec<&'a str> {
    doc.descendants()
        .filter(|n| n.tag_name().name() == "section")
        .filter_map(|n| n.attribute("id"))
        .collect()
}

/// report.html parsed as XML (it is written well-formed).
fn parse_html(html: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse_with_options(
        html,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .expect("report.html is well-formed")
}

#[test]
fn the_report_has_every_agent_of_the_roster() {
    let html = text(&karachi().join("report.html"));
    let doc = parse_html(&html);
    let section = by_id(&doc, "roster");
    let summaries: BTreeSet<String> = section
        .descendants()
        .filter(|n| n.tag_name().name() == "summary")
        .filter_map(|n| n.first_element_child())
        .filter_map(|b| b.text().map(str::to_string))
        .collect();
    let roster = text(&karachi().join("roster.csv"));
    let mut ids = BTreeSet::new();
    let mut rows = 0;
    for line in roster.lines().skip(1) {
        let id = line.split(',').next().unwrap_or_default();
        if !id.is_empty() {
            ids.insert(id.to_string());
            rows += 1;
        }
    }
    assert!(ids.len() > 300, "{} agents in roster.csv", ids.len());
    for id in &ids {
        assert!(
            summaries.contains(id),
            "agent {id} has no <details> in the roster section"
        );
    }
    assert_eq!(summaries.len(), ids.len(), "one <details> per agent");
    // One row per working day: the detail rows (minus one header per agent) match roster.csv.
    let detail_rows = section
        .descendants()
        .filter(|n| n.tag_name().name() == "details")
        .flat_map(|d| d.descendants().filter(|n| n.tag_name().name() == "tr"))
        .count();
    assert_eq!(detail_rows - ids.len(), rows, "one row per duty");
    let words: String = section
        .descendants()
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(words.contains("nights"), "{words}");
    assert!(words.contains("weekend days"));
    // The fairness chart is on the page.
    assert!(by_id(&doc, "chart-roster_fairness")
        .descendants()
        .any(|n| n.tag_name().name() == "svg"));
}

#[test]
fn a_simulated_plan_adds_its_section_before_the_assumptions() {
    let dir = tempdir();
    let out = dir.path().join("out");
    staffplan()
        .args([
            "plan",
            "scenarios/quick-start.yaml",
            "--simulate",
            "--runs",
            "2",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    let html = text(&out.join("report.html"));
    let doc = parse_html(&html);
    let order = section_ids(&doc);
    // The simulation goes after the roster, before the assumptions.
    let mut expected = PLAN_SECTIONS.to_vec();
    expected.insert(PLAN_SECTIONS.len() - 1, "simulation");
    assert_eq!(order, expected);
    assert!(by_id(&doc, "simulation")
        .descendants()
        .any(|n| n.tag_name().name() == "svg"));
}

/// Soft coverage, one interval no template can work: the page says why.
const SOFT_GAP: &str = r#"name: soft gap
site: {timezone: UTC, start: 2026-03-02, days: 1, interval: 1h}
shrinkage: {total: 0}
pools:
  - {id: p, requirement: {csv: req.csv}}
shifts:
  coverage: soft
  shortfall_penalty: 100
  templates:
    - {name: day, paid: 8h, length: 8h, starts: "08:00-10:00/1h"}
"#;

#[test]
fn an_uncovered_interval_gets_a_diagnosis_section() {
    let dir = tempdir();
    write_file(
        dir.path(),
        "req.csv",
        "start,agents\n2026-03-02 03:00,2\n2026-03-02 09:00,1\n",
    );
    let scenario = write_scenario(dir.path(), SOFT_GAP);
    let out = dir.path().join("out");
    staffplan()
        .arg("plan")
        .arg(&scenario)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let html = text(&out.join("report.html"));
    assert!(html.contains("<section id=\"diagnosis\">"), "no diagnosis");
    assert!(html.contains("2026-03-02T03:00Z"), "the short interval");
    assert!(html.contains("no shift template can work then"));
    let coverage = svg_text(&text(&out.join("charts/coverage.svg")));
    assert!(coverage.contains("short: on the floor below required"));
}

#[test]
fn two_runs_write_the_same_charts_and_report() {
    let dir = tempdir();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for out in [&a, &b] {
        staffplan()
            .args(["plan", "scenarios/quick-start.yaml", "-o"])
            .arg(out)
            .assert()
            .success();
    }
    let mut files: Vec<String> = CHARTS
        .iter()
        .flat_map(|c| [format!("charts/{c}.svg"), format!("charts/{c}.png")])
        .collect();
    files.push("report.html".into());
    for f in files {
        assert!(read(&a.join(&f)) == read(&b.join(&f)), "{f} differs");
    }
}

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

#[test]
fn chromium_renders_the_report() {
    let Some(browser) = chromium() else {
        println!(
            "SKIPPED chromium_renders_the_report: no chromium or chromium-browser on PATH (apt-get install chromium)"
        );
        return;
    };
    let page = karachi().join("report.html");
    let dir = tempdir();
    let shot = dir.path().join("shot.png");
    let mut child = Process::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--window-size=1280,1800",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("starting chromium");
    let started = Instant::now();
    loop {
        if child.try_wait().expect("waiting for chromium").is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium took over 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let (w, h, pixels) = decode_png(&read(&shot));
    assert_eq!((w, h), (1280, 1800));
    let colours: BTreeSet<[u8; 3]> = pixels.iter().copied().collect();
    let ink = pixels.iter().filter(|p| **p != [255, 255, 255]).count();
    assert!(colours.len() > 50, "{} colours: blank page?", colours.len());
    assert!(
        ink * 20 > pixels.len(),
        "{ink} non-white pixels: blank page?"
    );
}

/// stdout without the line naming the (temporary) output folder.
fn summary_text(stdout: &[u8]) -> String {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter(|l| !l.starts_with("wrote "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn plan_summary_snapshot() {
    let dir = tempdir();
    let run = staffplan()
        .args(["plan", "scenarios/quick-start.yaml", "-o"])
        .arg(dir.path().join("out"))
        .env("NO_COLOR", "1")
        .assert()
        .success();
    let stdout = summary_text(&run.get_output().stdout);
    assert!(
        !stdout.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
    insta::assert_snapshot!("plan_quick_start", stdout);
}

#[test]
fn staff_summary_snapshot() {
    let dir = tempdir();
    let run = staffplan()
        .args(["staff", "scenarios/karachi-247.yaml", "-o"])
        .arg(dir.path().join("out"))
        .assert()
        .success();
    let stdout = summary_text(&run.get_output().stdout);
    assert!(
        !stdout.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
    insta::assert_snapshot!("staff_karachi", stdout);
}

#[test]
fn plan_summary_has_a_headline_and_a_status_per_queue() {
    // Independent of the snapshot: the headline and status column.
    let dir = tempdir();
    let run = staffplan()
        .args(["plan", "scenarios/quick-start.yaml", "-o"])
        .arg(dir.path().join("out"))
        .assert()
        .success();
    let stdout = summary_text(&run.get_output().stdout);
    assert!(stdout.contains("targets met 1/1"), "{stdout}");
    let line = stdout
        .lines()
        .find(|l| l.starts_with("helpdesk"))
        .expect("the queue row");
    assert!(line.ends_with("  met"), "{line}");
    // No progress on a piped stderr.
    let stderr = String::from_utf8_lossy(&run.get_output().stderr);
    assert!(!stderr.contains('\r'), "{stderr}");
}

/// Soft coverage, a staff list of one for a plan of two tours: the roster
/// section lists the open shifts, and names with markup are escaped.
#[test]
fn open_shifts_and_escaped_names_in_the_roster_section() {
    // One person, a night shift (22:00–06:00) then a day shift (08:00) the
    // next day: the plan fits the staff list (one shift a day), but the
    // 2 h between them break min_rest, so the roster leaves the day open.
    let dir = tempdir();
    let mut req = String::from("start,agents\n");
    for d in 2..4 {
        for h in 0..24 {
            let on = (d == 2 && h >= 22) || (d == 3 && (h < 6 || (8..16).contains(&h)));
            req += &format!("2026-03-{d:02} {h:02}:00,{}\n", u32::from(on));
        }
    }
    write_file(dir.path(), "req.csv", &req);
    write_file(
        dir.path(),
        "staff.csv",
        "id,name,pool\nS<1>,\"Ann & <Co>\",p\n",
    );
    let scenario = write_scenario(
        dir.path(),
        r#"name: open roster
site: {timezone: UTC, start: 2026-03-02, days: 2, interval: 1h, cyclic: false}
shrinkage: {total: 0}
pools:
  - {id: p, requirement: {csv: req.csv}}
shifts:
  coverage: soft
  shortfall_penalty: 100
  templates:
    - {name: night, paid: 8h, length: 8h, starts: "22:00"}
    - {name: day, paid: 8h, length: 8h, starts: "08:00"}
agents: {csv: staff.csv}
"#,
    );
    let out = dir.path().join("out");
    staffplan()
        .arg("plan")
        .arg(&scenario)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let html = text(&out.join("report.html"));
    let doc = parse_html(&html);
    let section = by_id(&doc, "roster");
    let words: String = section
        .descendants()
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(words.contains("Open shifts"), "{words}");
    assert!(words.contains("agents short"), "{words}");
    assert!(
        words.contains("S<1>"),
        "the id, unescaped by the parser: {words}"
    );
    assert!(words.contains("Ann & <Co>"), "{words}");
    assert!(html.contains("Ann &amp; &lt;Co&gt;"));
}

#[test]
fn surplus_and_idle_hours_are_those_of_coverage_csv() {
    // summary.json's surplus per pool, against coverage.csv recomputed:
    // Σ max(0, on_floor − required_gross) × ½ h, and the part of it where
    // required_gross is 0.
    let out = karachi();
    let summary: serde_json::Value =
        serde_json::from_str(&text(&out.join("summary.json"))).unwrap();
    let coverage = crate::common::Csv::parse(&text(&out.join("coverage.csv")));
    for pool in summary["plan"]["pools"].as_array().unwrap() {
        let id = pool["id"].as_str().unwrap();
        let (mut surplus, mut idle) = (0.0, 0.0);
        for r in coverage.rows.iter().filter(|r| r["pool"] == id) {
            let required: f64 = r["required_gross"].parse().unwrap();
            let over = (r["on_floor"].parse::<f64>().unwrap() - required).max(0.0) * 0.5;
            surplus += over;
            if required == 0.0 {
                idle += over;
            }
        }
        let near = |key: &str, x: f64| (pool[key].as_f64().unwrap() - x).abs() < 0.05;
        assert!(
            near("surplus_hours", surplus),
            "{id}: {pool} against {surplus}"
        );
        assert!(near("idle_hours", idle), "{id}: {pool} against {idle}");
    }
}

#[test]
fn every_gap_shown_is_the_one_in_summary_json() {
    // The site's gap in the terminal's headline and footer and on the
    // report's card, and each pool's in both pool tables, all read as
    // summary.json states them (rounded once, then shown to 0.01 %).
    let out = karachi();
    let summary: serde_json::Value =
        serde_json::from_str(&text(&out.join("summary.json"))).unwrap();
    let shown = |g: &serde_json::Value| format!("{:.2}%", g.as_f64().unwrap() * 100.0);
    let site = shown(&summary["plan"]["gap"]);
    let stdout = text(&out.parent().unwrap().join("stdout.txt"));
    let headline = stdout.lines().find(|l| l.starts_with("FTE ")).unwrap();
    assert!(
        headline.contains(&format!("gap {site}")),
        "{headline} against {site}"
    );
    let footer = stdout
        .lines()
        .find(|l| l.starts_with("total cost "))
        .unwrap();
    assert!(
        footer.contains(&format!("gap {site}")),
        "{footer} against {site}"
    );
    let html = text(&out.join("report.html"));
    assert!(
        html.contains(&site),
        "report.html lacks the site gap {site}"
    );
    for pool in summary["plan"]["pools"].as_array().unwrap() {
        let (id, gap) = (pool["id"].as_str().unwrap(), shown(&pool["gap"]));
        let row = stdout.lines().find(|l| l.starts_with(id)).unwrap();
        assert!(row.trim_end().ends_with(&gap), "{row} against {gap}");
        let at = html.find(&format!("<small>({id})</small></td>")).unwrap();
        let end = at + html[at..].find("</tr>").unwrap();
        assert!(
            html[at..end].contains(&gap),
            "report.html's row of {id} against {gap}"
        );
    }
}

/// The service-level chart's daily figures are per client day: quick-start's
/// helpdesk is London's, open Mon–Fri 08:00–20:00 London time, which is
/// 13:00–01:00 in Karachi (UTC+5; London on GMT in March). Each London day is
/// one run of intervals, so five daily figures; split by the site's days,
/// Friday's last hour would fall on Karachi's Saturday and make six.
#[test]
fn the_daily_service_levels_are_per_client_day() {
    let tmp = tempdir();
    staffplan()
        .args(["plan", "scenarios/quick-start.yaml", "-o"])
        .arg(tmp.path())
        .assert()
        .success();
    let svg = text(&tmp.path().join("charts/service_level.svg"));
    let words = svg_text(&svg);
    assert!(words.contains("each client day"), "{words}");
    // The daily labels are text elements of a whole percentage ("97%"), as are
    // the axis's ticks, the tens from 70% to 100% (one of each taken out).
    let mut labels: Vec<&str> = words
        .lines()
        .map(str::trim)
        .filter(|w| w.len() <= 4 && w.ends_with('%') && w[..w.len() - 1].parse::<u32>().is_ok())
        .collect();
    for tick in ["70%", "80%", "90%", "100%"] {
        let at = labels.iter().position(|w| *w == tick);
        labels.remove(at.unwrap_or_else(|| panic!("no tick {tick} in {words}")));
    }
    assert_eq!(labels.len(), 5, "{labels:?} in {words}");
}
