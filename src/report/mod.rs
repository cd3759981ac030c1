//! Renderers: each turns pipeline results into bytes or text. None touches
//! the file system; [`crate::output`] writes what they return.

use anyhow::{Context, Result};

use crate::output::OutputFile;
use crate::pipeline::Planned;
use crate::staffing::Staffed;

pub mod capacity;
pub mod charts;
pub mod colour;
pub mod csv;
pub mod grid;
pub mod html;
pub mod json;
pub mod model;
pub mod simulation;
pub mod sites;
pub mod skills;
pub mod sl_window;
pub mod surplus;
pub mod table;
pub mod terminal;
pub mod xlsx;

/// The requirement files every run writes (`staff` and `plan`).
/// `skills.csv` joins them when pools are linked by `serves`.
pub fn requirement_files(s: &Staffed) -> Result<Vec<OutputFile>> {
    let mut files = vec![
        csv_file("requirements.csv", csv::requirements(s))?,
        csv_file("pool_requirements.csv", csv::pool_requirements(s))?,
    ];
    if !s.requirements.skills.is_empty() {
        files.push(csv_file("skills.csv", skills::csv(s))?);
    }
    Ok(files)
}

/// A rendered CSV file, or the renderer's error naming the file.
fn csv_file(name: &str, text: Result<String, ::csv::Error>) -> Result<OutputFile> {
    Ok(OutputFile::text(
        name,
        text.with_context(|| format!("rendering {name}"))?,
    ))
}

/// Every file of a plan run, in the order they are listed to the user.
pub fn plan_files(p: &Planned) -> Result<Vec<OutputFile>> {
    let s = &p.staffed;
    let mut files = requirement_files(s)?;
    files.push(csv_file("shifts.csv", csv::shifts(s, &p.plan))?);
    files.push(csv_file(
        "coverage.csv",
        csv::coverage(s, &p.plan, &p.service),
    )?);
    files.push(csv_file("roster.csv", csv::roster(s, &p.plan, &p.roster))?);
    files.push(OutputFile::text(
        "summary.json",
        json::summary_with_roster(
            s,
            Some(&sl_window::with_simulation(
                &p.figures,
                p.simulation.as_ref(),
            )),
            Some(&p.roster),
            &p.timings,
        ),
    ));
    // The workbook is the slowest file to render, and needs no chart.
    let (charts, workbook) = rayon::join(|| charts::plan_charts(p), || xlsx::workbook(p));
    files.extend(chart_files(&charts));
    let mut page = html::plan_page(p, &charts);
    if let Some(sim) = &p.simulation {
        files.extend(simulation::files(p, sim)?);
        page.insert_before(
            "assumptions",
            html::Section::new(
                "simulation",
                simulation::HTML_TITLE,
                simulation::html_section(s, sim),
            ),
        );
    }
    if let Some(body) = sl_window::html_section(p) {
        page.insert_before(
            "queues",
            html::Section::new("windows", "Service level per contract window", body),
        );
    }
    files.push(OutputFile::text("report.html", page.render()));
    files.push(OutputFile {
        path: "plan.xlsx".into(),
        bytes: workbook.context("rendering plan.xlsx")?,
    });
    Ok(files)
}

/// `charts/<name>.svg` and `charts/<name>.png` of every chart.
pub fn chart_files(charts: &[charts::Chart]) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for c in charts {
        files.push(OutputFile::text(
            &format!("charts/{}.svg", c.name),
            c.svg.clone(),
        ));
        files.push(OutputFile {
            path: format!("charts/{}.png", c.name).into(),
            bytes: c.png.clone(),
        });
    }
    files
}
