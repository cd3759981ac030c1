//! report.html of `staffplan capacity`: the horizon in figures, the chart,
//! and per pool a table of its periods and the attrition sensitivity.

use super::headline::charts_body;
use super::{escape, header, row, thousands, Align, Page, Section};
use crate::capacity::{CapacityPlan, PoolPlan};
use crate::report::capacity::sensitivity_line;
use crate::report::charts::Chart;
use crate::scenario::Scenario;

/// The capacity page.
pub fn page(plan: &CapacityPlan, sc: &Scenario, chart: &Chart) -> Page {
    let mut page = Page::new(
        &format!("{} — capacity plan", sc.name),
        &format!(
            "{} periods from {}; required FTE from {} plans of the scenario's week ({} distinct levels){}",
            plan.labels.len(),
            plan.labels.first().map_or("", String::as_str),
            plan.required.plans,
            plan.required.levels,
            if plan.required.cut_short > 0 {
                format!(
                    "; the time limit stopped the search of {} of them",
                    plan.required.cut_short
                )
            } else {
                String::new()
            }
        ),
    );
    let mut body = String::from(
        "<p>Required FTE: the scenario's week planned at each period's volume and handle time \
         (paid hours ÷ 40 h a week, as <code>plan</code> states FTE). Available: today's staff and \
         the plan's hiring classes after attrition, at their classroom and nesting productivity. \
         The hiring plan is the cheapest for the model of docs/maths.md (salaries, hiring, overtime, \
         shortfall penalty).</p>\n",
    );
    body += &format!(
        "<p>Cost: {}.</p>\n",
        super::escape(&crate::report::capacity::salary_basis(sc))
    );
    body += &charts_body(std::slice::from_ref(chart));
    page.push(Section::new("capacity", "Capacity plan", body));
    for pool in &plan.pools {
        page.push(Section::new(
            &format!("capacity-{}", pool.id),
            &format!("Pool {}", pool.id),
            pool_table(plan, pool, &sc.currency),
        ));
    }
    page
}

fn pool_table(plan: &CapacityPlan, pool: &PoolPlan, currency: &str) -> String {
    use Align::{Num, Text};
    let align = [Text, Num, Num, Num, Num, Num, Num, Num, Num, Num];
    let mut out = String::from("<table>\n");
    out += &header(
        &[
            "period",
            "required FTE",
            "productive FTE",
            "overtime hours",
            "gap FTE",
            "headcount",
            "in classroom",
            "hires (classes)",
            "leavers",
            "cost",
        ],
        &align,
    );
    for (p, r) in pool.rows.iter().enumerate() {
        out += &row(
            &[
                escape(&plan.labels[p]),
                thousands(r.required, 1),
                thousands(r.productive_tenured + r.productive_new, 1),
                thousands(r.overtime_hours, 0),
                format!("{:+.1}", r.gap),
                thousands(r.headcount, 1),
                thousands(r.in_classroom, 1),
                format!("{} ({})", r.hires, r.classes),
                thousands(r.leavers, 1),
                thousands(r.cost, 0),
            ],
            &align,
        );
    }
    out += "</table>\n";
    out += &format!(
        "<p>{}</p>\n",
        escape(sensitivity_line(pool, currency).trim())
    );
    out
}
