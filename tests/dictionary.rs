//! docs/outputs.md, the column dictionary, cannot fall behind the files: a
//! real `plan --simulate` and `compare` write their folders, and every CSV
//! file in them must have a section in the dictionary that lists each of
//! its columns (a per-queue column `sl_<id>` as `sl_<queue>`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::{root, staffplan, tempdir, Csv};

const QUICK_START: &str = "scenarios/quick-start.yaml";

/// The dictionary's sections (`` ## `file` ``) and the column names in the
/// first cell of each table row under them.
fn dictionary() -> BTreeMap<String, BTreeSet<String>> {
    let text = std::fs::read_to_string(root().join("docs/outputs.md")).expect("docs/outputs.md");
    let mut sections: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            current = title
                .split('`')
                .nth(1)
                .map(str::to_string)
                .filter(|_| title.starts_with('`'));
            if let Some(name) = &current {
                sections.entry(name.clone()).or_default();
            }
        } else if let (Some(name), Some(row)) = (&current, line.strip_prefix("| ")) {
            let first = row.split(" |").next().unwrap_or_default();
            // Backticked names sit at the odd positions of a split on '`'.
            let names = first.split('`').skip(1).step_by(2).map(str::to_string);
            sections.entry(name.clone()).or_default().extend(names);
        }
    }
    sections
}

/// Every CSV file under `dir`, with its path relative to `dir`.
fn csv_files(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            csv_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "csv") {
            files.push(path);
        }
    }
}

/// The columns of the CSV files under `dir` missing from the dictionary,
/// as `file: column`, and the number of files read.
fn missing(dir: &Path, dictionary: &BTreeMap<String, BTreeSet<String>>) -> (Vec<String>, usize) {
    let mut files = Vec::new();
    csv_files(dir, &mut files);
    let mut out = Vec::new();
    for path in &files {
        let name = path
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .to_string();
        let Some(columns) = dictionary.get(&name) else {
            out.push(format!("{name}: no section `## \\`{name}\\``"));
            continue;
        };
        for column in Csv::read(path).header {
            let wildcard = [
                ("sl_", "sl_<queue>"),
                ("agents_", "agents_<pool>"),
                ("gain_", "gain_<pool>"),
            ]
            .into_iter()
            .find(|(prefix, _)| column.starts_with(prefix) && !columns.contains(&column));
            let key = wildcard.map_or(column.clone(), |(_, key)| key.to_string());
            if !columns.contains(&key) {
                out.push(format!("{name}: {column}"));
            }
        }
    }
    (out, files.len())
}

#[test]
fn every_column_of_plan_simulate_and_compare_files_is_in_the_dictionary() {
    let dictionary = dictionary();
    // Sanity of the parse itself: a section and a column known to be there.
    assert!(
        dictionary["roster.csv"].contains("agent_id"),
        "{dictionary:?}"
    );
    let tmp = tempdir();
    let plan = tmp.path().join("plan");
    let compare = tmp.path().join("compare");
    staffplan()
        .args(["plan", QUICK_START, "--simulate", "-o"])
        .arg(&plan)
        .assert()
        .success();
    staffplan()
        .args([
            "compare",
            QUICK_START,
            "--variant",
            "big: queues.*.forecast.scale=1.2",
            "-o",
        ])
        .arg(&compare)
        .assert()
        .success();
    let skills = tmp.path().join("skills");
    staffplan()
        .args(["staff", "scenarios/bilingual.yaml", "-o"])
        .arg(&skills)
        .assert()
        .success();
    // Trunk lines add the busy-signal columns to the simulation's files.
    let trunks = tmp.path().join("trunks");
    staffplan()
        .args([
            "simulate",
            "scenarios/bilingual.yaml",
            "--runs",
            "2",
            "--agents",
            "english-only=7,spanish-only=7,bilingual=4",
            "--set",
            "trunks=[{lines: 20, queues: [english, spanish]}]",
            "-o",
        ])
        .arg(&trunks)
        .assert()
        .success();
    let (mut gaps, plan_files) = missing(&plan, &dictionary);
    let (more, _) = missing(&trunks, &dictionary);
    gaps.extend(more);
    assert!(
        Csv::read(&trunks.join("simulation.csv"))
            .header
            .contains(&"blocking_sim".to_string()),
        "the trunk columns are written"
    );
    let (more, compare_files) = missing(&compare, &dictionary);
    gaps.extend(more);
    let (more, skill_files) = missing(&skills, &dictionary);
    gaps.extend(more);
    assert_eq!(skill_files, 3, "requirements, pool_requirements, skills");
    // requirements, pool_requirements, shifts, coverage, roster, simulation,
    // simulation_daily; compare.csv and two plan folders of five.
    assert_eq!((plan_files, compare_files), (7, 11));
    assert!(
        gaps.is_empty(),
        "columns missing from docs/outputs.md:\n{}",
        gaps.join("\n")
    );
}
