//! `compare.html`: one self-contained page (the chart inline, no network).

use super::figures::{signed, Delta, Row};
use super::{Comparison, Figures, Run};

/// Escape text for HTML.
fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The page, with `svg` (the chart) inline.
pub fn page(c: &Comparison, svg: &str) -> String {
    let queues = c.queues();
    let rows = c.rows();
    let mut body = intro(c);
    body += &figures_table(&rows);
    body += &service_table(&rows, &queues);
    body += &failures(&rows);
    let svg = svg.find("<svg").map_or(svg, |start| &svg[start..]);
    body += &format!("<h2>Side by side</h2>\n<div class=chart>{svg}</div>\n");
    document(&c.scenario, &body)
}

/// The heading and the paragraph saying what the page compares.
fn intro(c: &Comparison) -> String {
    format!(
        "<h1>{}</h1>\n<p>The base scenario and {} variant(s), each planned end to end \
         (shift plan, evaluation, independent check). Costs in {} over {} days; \
         FTE = paid hours ÷ 40 h a week; deltas against the base.</p>\n",
        esc(&c.scenario),
        c.runs.len().saturating_sub(1),
        esc(&c.costs),
        c.days
    )
}

/// The figures table: one row per run, its figures and deltas and changes.
fn figures_table(rows: &[Row]) -> String {
    let mut body = String::from(
        "<table>\n<tr><th>variant</th><th>status</th><th>FTE</th><th>ΔFTE</th>\
         <th>headcount</th><th>Δ</th><th>paid hours</th><th>cost</th><th>Δcost</th>\
         <th>Δ%</th><th>changes</th></tr>\n",
    );
    for row in rows {
        let run = row.run;
        body += &format!("<tr><td>{}</td><td>{}</td>", run_link(run), row.status());
        match (row.figures, row.delta) {
            (Some(f), Some(d)) => body += &figure_cells(run, f, d),
            _ => body += "<td colspan=8></td>",
        }
        body += &format!("<td><code>{}</code></td></tr>\n", esc(&run.set.join("; ")));
    }
    body += "</table>\n";
    body
}

/// A run's name, linked to its own report (or summary) when it planned.
fn run_link(run: &Run) -> String {
    match &run.outcome {
        Ok(done) => {
            let target = if done
                .files
                .iter()
                .any(|f| f.path.as_os_str() == "report.html")
            {
                "report.html"
            } else {
                "summary.json"
            };
            format!(
                "<a href=\"{}/{target}\">{}</a>",
                esc(&run.slug),
                esc(&run.name)
            )
        }
        Err(_) => esc(&run.name),
    }
}

/// The eight cells of a planned run's figures and deltas (the base's deltas
/// are left empty).
fn figure_cells(run: &Run, f: &Figures, d: Delta) -> String {
    let is_base = run.name == super::BASE;
    let signed = |x: f64, digits: usize| {
        if is_base {
            String::new()
        } else {
            signed(x, digits)
        }
    };
    let pct = if is_base {
        String::new()
    } else {
        signed(d.cost_pct, 1) + "%"
    };
    format!(
        "<td class=n>{:.1}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td>\
         <td class=n>{:.1}</td><td class=n>{:.2}</td><td class=n>{}</td><td class=n>{pct}</td>",
        f.fte,
        signed(d.fte, 1),
        f.headcount,
        signed(d.headcount as f64, 0),
        f.paid_hours,
        f.cost,
        signed(d.cost, 2),
    )
}

/// The achieved service level per planned run and queue, with its target.
fn service_table(rows: &[Row], queues: &[(String, String)]) -> String {
    let mut body = String::from("<h2>Achieved service level</h2>\n<table>\n<tr><th>variant</th>");
    for (q, client) in queues {
        let q = Row::label(rows, q);
        body += &format!("<th>{}<br><small>{}</small></th>", esc(&q), esc(client));
    }
    body += "</tr>\n";
    for row in rows.iter().filter(|r| r.figures.is_some()) {
        body += &format!("<tr><td>{}</td>", esc(&row.run.name));
        for (q, _) in queues {
            let target = row
                .figures
                .and_then(|f| f.service.iter().find(|s| &s.queue == q))
                .and_then(|s| s.target.clone());
            body += &match row.sl(q) {
                Some(x) => format!(
                    "<td class=n>{:.1}%<br><small>target {}</small></td>",
                    x * 100.0,
                    esc(&target.unwrap_or_default())
                ),
                None => "<td class=n>-</td>".to_string(),
            };
        }
        body += "</tr>\n";
    }
    body += "</table>\n";
    body
}

/// The runs that could not be planned, with their errors in full; nothing
/// when all planned.
fn failures(rows: &[Row]) -> String {
    let failed: Vec<_> = rows
        .iter()
        .filter_map(|r| r.error().map(|e| (r, e)))
        .collect();
    if failed.is_empty() {
        return String::new();
    }
    let mut body = String::from("<h2>Variants that could not be planned</h2>\n<ul>\n");
    for (row, e) in failed {
        body += &format!(
            "<li><b>{}</b> ({}): <pre>{}</pre></li>\n",
            esc(&row.run.name),
            row.status(),
            esc(e)
        );
    }
    body += "</ul>\n";
    body
}

/// The HTML document around `body`, with its stylesheet.
fn document(scenario: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n<title>{} — comparison</title>\n<style>\n\
         body{{font-family:sans-serif;margin:2em;color:#222}}\n\
         table{{border-collapse:collapse;margin:1em 0}}\n\
         th,td{{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}}\n\
         td.n{{text-align:right;font-variant-numeric:tabular-nums}}\n\
         th{{background:#f3f3f3}}\n\
         pre{{white-space:pre-wrap;margin:0}}\n\
         .chart svg{{max-width:100%;height:auto}}\n\
         </style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        esc(scenario)
    )
}
