//! Renderers: each turns pipeline results into bytes or text. None touches
//! the file system; [`crate::output`] writes what they return.

use crate::output::OutputFile;
use crate::pipeline::Planned;
use crate::staffing::Staffed;

pub mod charts;
pub mod csv;
pub mod html;
pub mod json;
pub mod simulation;
pub mod table;
pub mod terminal;

/// The requirement files every run writes (`staff` and `plan`).
pub fn requirement_files(s: &Staffed) -> Vec<OutputFile> {
    vec![
        OutputFile::text("requirements.csv", csv::requirements(s)),
        OutputFile::text("pool_requirements.csv", csv::pool_requirements(s)),
    ]
}

/// Every file of a plan run, in the order they are listed to the user.
pub fn plan_files(p: &Planned) -> Vec<OutputFile> {
    let s = &p.staffed;
    let mut files = requirement_files(s);
    files.push(OutputFile::text("shifts.csv", csv::shifts(s, &p.plan)));
    files.push(OutputFile::text(
        "coverage.csv",
        csv::coverage(s, &p.plan, &p.service),
    ));
    files.push(OutputFile::text(
        "roster.csv",
        csv::roster(s, &p.plan, &p.roster),
    ));
    files.push(OutputFile::text(
        "summary.json",
        json::summary_with_roster(s, Some(&p.figures), Some(&p.roster), &p.timings),
    ));
    let charts = charts::plan_charts(p);
    files.extend(chart_files(&charts));
    let mut page = html::plan_page(p, &charts);
    if let Some(sim) = &p.simulation {
        files.extend(simulation::files(p, sim));
        page.insert_before(
            "assumptions",
            html::Section::new(
                "simulation",
                simulation::HTML_TITLE,
                simulation::html_section(s, sim),
            ),
        );
    }
    files.push(OutputFile::text("report.html", page.render()));
    files
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
