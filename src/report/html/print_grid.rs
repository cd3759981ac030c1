//! The roster as printed: an agent × day grid of shift start times, laid
//! out in side-by-side panels on a landscape A4 page (the stylesheet's
//! named page `grid`), so a week of a few hundred agents fits one page. The stylesheet shows it only in print (`@media print`), in place of
//! the per-agent `<details>` list, which on paper is a page of collapsed
//! names per 30 agents.

use super::escape;
use crate::pipeline::Planned;
use crate::report::grid::{roster_grid, GridRow};

/// Usable width of a landscape A4 page at the grid page's 10 mm margins, mm.
const PAGE_WIDTH_MM: f64 = 277.0;

/// Rows a panel holds on one page: the stylesheet's 2.2 mm rows (5.3 pt
/// text) in the 190 mm of the page, less the title, the header row and a
/// pool's name row or two.
const ROWS_PER_PANEL: usize = 74;

/// Widths in mm of the agent column and of a day column (the stylesheet's
/// `table.grid` cells: `16:30` in 5.3 pt with its padding).
const AGENT_MM: f64 = 8.5;
const DAY_MM: f64 = 5.9;

/// Gap between panels, mm.
const GAP_MM: f64 = 2.5;

/// Width of a panel's table in mm: the agent column and one column per day.
fn table_width_mm(days: usize) -> f64 {
    AGENT_MM + DAY_MM * days as f64
}

/// `06:30` → `6:30`: the start on the site clock, short to keep the
/// columns narrow.
fn short_clock(t: chrono::DateTime<chrono_tz::Tz>) -> String {
    let text = t.format("%H:%M").to_string();
    text.strip_prefix('0').map_or(text.clone(), str::to_string)
}

/// The print-only section: a title with the legend, then pages of panels.
/// Panels per page follow from the days (four for a week, one for four
/// weeks); the agents are spread evenly over the panels of as few pages as
/// hold them at [`ROWS_PER_PANEL`] rows a panel.
pub(super) fn print_grid(p: &Planned) -> String {
    let grid = roster_grid(p);
    if grid.rows.is_empty() {
        return String::new();
    }
    let tz = p.staffed.grid.site_tz;
    let width = table_width_mm(grid.dates.len());
    let panels = (((PAGE_WIDTH_MM + GAP_MM) / (width + GAP_MM)) as usize).max(1);
    let pages = grid.rows.len().div_ceil(panels * ROWS_PER_PANEL);
    let per_panel = grid.rows.len().div_ceil(panels * pages);
    let mut head = String::from("<thead><tr><th>agent</th>");
    for d in &grid.dates {
        head += &format!(
            "<th>{}<br/>{}</th>",
            &d.format("%a").to_string()[..2],
            d.format("%d")
        );
    }
    head += "</tr></thead>\n";
    let mut out = format!(
        "<div class=\"print-grid\">\n<p class=\"grid-title\"><b>Roster, agent × day</b> ({tz} site time): the start of each shift; <b class=\"n\">shaded</b> = night; off = day off{}. Ends, breaks and shift names are in roster.csv.</p>\n",
        if p.staffed.scenario.has_holidays() {
            "; hol = a shift on the site's public holiday (paid, not worked)"
        } else {
            ""
        }
    );
    for (page, rows) in grid.rows.chunks(per_panel * panels).enumerate() {
        let class = if page == 0 {
            "grid-page"
        } else {
            "grid-page next"
        };
        out += &format!("<div class=\"{class}\">\n");
        for panel in rows.chunks(per_panel) {
            out += &format!("<table class=\"grid\" style=\"width:{width:.1}mm\">");
            out += &head;
            out += &panel_body(panel, grid.dates.len(), tz);
            out += "</table>\n";
        }
        out += "</div>\n";
    }
    out + "</div>\n"
}

/// A panel's rows: a pool's name where the pool changes (and at the top),
/// then per agent their start times, nights shaded.
fn panel_body(rows: &[GridRow], days: usize, tz: chrono_tz::Tz) -> String {
    let mut out = String::from("<tbody>");
    let mut pool = "";
    for r in rows {
        if r.pool != pool {
            pool = r.pool;
            out += &format!(
                "<tr class=\"pool\"><td colspan=\"{}\">{}</td></tr>",
                days + 1,
                escape(pool)
            );
        }
        out += &format!("<tr><td>{}</td>", escape(&r.agent.id));
        for (duties, holiday) in r.days.iter().zip(&r.holiday) {
            if duties.is_empty() {
                out += "<td class=\"off\">off</td>";
                continue;
            }
            if *holiday {
                out += "<td class=\"off\">hol</td>";
                continue;
            }
            let night = duties.iter().any(|d| d.night);
            let starts: Vec<String> = duties
                .iter()
                .map(|d| short_clock(d.begin.with_timezone(&tz)))
                .collect();
            out += &format!(
                "<td{}>{}</td>",
                if night { " class=\"n\"" } else { "" },
                starts.join(" ")
            );
        }
        out += "</tr>\n";
    }
    out + "</tbody>"
}
