//! A ramp-aware quote: with `launch: {go_live, attrition, hiring, ...}` the
//! quote's pool starts empty, hires in classes ahead of the go-live (the
//! capacity model of `staffplan capacity`: classroom, nesting at reduced
//! productivity, early attrition) and the launch months are priced apart
//! from the steady state.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use serde_json::{json, Map, Value};

use super::model::ID;
use super::pricing::Case;
use crate::capacity::{self, Required};
use crate::error::InputError;
use crate::report::table::Table;
use crate::scenario::capacity::DAYS_PER_MONTH;
use crate::scenario::Scenario;
use crate::units::round;
use crate::yaml::Document;

/// The keys of `launch:`.
const KEYS: [&str; 7] = [
    "go_live",
    "months",
    "attrition",
    "hiring",
    "overtime",
    "shortfall_penalty",
    "salary",
];

/// The launch priced month by month.
#[derive(Debug, Clone, Serialize)]
pub struct Launch {
    /// The go-live month.
    pub go_live: String,
    /// The steady state's FTE and monthly cost (the base case).
    pub steady_fte: f64,
    /// Cost of a steady month.
    pub steady_cost_month: f64,
    /// The steady month's cost over its FTE at base-rate salaries: the
    /// night and weekend premiums its shifts carry (with the quote's
    /// 52 ÷ 12 weeks a month against the salary's 30.4375 ÷ 7). Salaries from
    /// the go-live are raised by it, so a ramp month and a steady one are
    /// priced alike.
    pub premium_factor: f64,
    /// Cost of the months before the go-live (hiring, classroom, nesting).
    pub before_go_live_cost: f64,
    /// Cost of the months from the go-live above the steady cost.
    pub ramp_extra_cost: f64,
    /// Both: what the launch costs above the steady state.
    pub launch_cost: f64,
    /// Month by month.
    pub months: Vec<LaunchMonth>,
}

/// One month of the launch.
#[derive(Debug, Clone, Serialize)]
pub struct LaunchMonth {
    /// `2027-05`.
    pub month: String,
    /// Required FTE (0 before the go-live).
    pub required_fte: f64,
    /// Productive FTE.
    pub productive_fte: f64,
    /// People employed.
    pub headcount: f64,
    /// Hires starting.
    pub hires: u32,
    /// Overtime hours.
    pub overtime_hours: f64,
    /// FTE short after overtime.
    pub shortfall_fte: f64,
    /// Salaries, hiring and overtime.
    pub cost: f64,
}

/// The `capacity:` tree of a quote's scenario: from enough months before the
/// go-live for the lead time, classroom and nesting, to `months` after it.
/// That start may not be before the month of the quote's week (`week`, the
/// capacity model's base).
pub(super) fn capacity_tree(
    doc: &Document,
    launch: &Map<String, Value>,
    week: &str,
) -> Result<Value, InputError> {
    if let Some(key) = launch.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(doc.error(
            &format!("launch.{key}"),
            format!("unknown key `{key}`; launch keys: {}", KEYS.join(", ")),
        ));
    }
    let text = launch.get("go_live").and_then(Value::as_str).unwrap_or("");
    let go_live =
        NaiveDate::parse_from_str(&format!("{}-01", text.trim()), "%Y-%m-%d").map_err(|_| {
            doc.error(
                "launch.go_live",
                format!("expected the go-live month like 2027-06, got `{text}`"),
            )
        })?;
    let weeks = |path: &[&str]| -> u64 {
        let mut v = launch.get("hiring");
        for key in path {
            v = v.and_then(|x| x.get(key));
        }
        v.and_then(Value::as_u64).unwrap_or(0).min(520)
    };
    let ahead =
        weeks(&["lead_time_weeks"]) + weeks(&["classroom_weeks"]) + weeks(&["nesting", "weeks"]);
    let before = ((ahead * 7) as f64 / DAYS_PER_MONTH).ceil() as u32 + 1;
    let after = launch
        .get("months")
        .and_then(Value::as_u64)
        .unwrap_or(6)
        .clamp(1, 36) as u32;
    let start = go_live
        .checked_sub_months(chrono::Months::new(before))
        .unwrap_or(go_live);
    if let Ok(week) = NaiveDate::parse_from_str(week, "%Y-%m-%d") {
        let base = week.with_day(1).unwrap_or(week);
        if start < base {
            let earliest = base
                .checked_add_months(chrono::Months::new(before))
                .unwrap_or(base);
            return Err(doc.error(
                "launch.go_live",
                format!(
                    "hiring starts {before} months before the go-live (lead time, classroom and nesting: {ahead} weeks, and a month to start in), so they would start in {}, before the quote's week ({week}), which the launch months are counted from: go live in {} or later, or give an earlier site.start",
                    start.format("%Y-%m"),
                    earliest.format("%Y-%m")
                ),
            ));
        }
    }
    let mut pool = Map::new();
    pool.insert("headcount".into(), json!(0));
    for key in [
        "attrition",
        "hiring",
        "overtime",
        "shortfall_penalty",
        "salary",
    ] {
        if let Some(v) = launch.get(key) {
            pool.insert(key.into(), v.clone());
        }
    }
    Ok(json!({
        "start": format!("{}-{:02}", start.year(), start.month()),
        "months": before + after,
        "demand": {ID: {"from": format!("{}-{:02}", go_live.year(), go_live.month())}},
        "pools": {ID: Value::Object(pool)},
    }))
}

/// The launch of a quote with `launch:`, its steady state the base case.
pub fn price(scenario: &Scenario, base: &Case) -> anyhow::Result<Option<Launch>> {
    let (Some(cap), Some(fte), Some(steady)) = (&scenario.capacity, base.fte, base.cost_month)
    else {
        return Ok(None);
    };
    let live: Vec<bool> = cap.demand[0].volume.iter().map(|v| *v > 0.0).collect();
    let required = Required {
        fte: vec![live.iter().map(|l| if *l { fte } else { 0.0 }).collect()],
        planned: vec![true; live.len()],
        levels: 2,
        plans: 1,
        // The base case's plan is the quote's own, which says when it was cut.
        cut_short: 0,
    };
    let plan = capacity::hire(scenario, required)?;
    let salary = cap.pools[0].salary;
    let premium_factor = if fte > 0.0 && salary > 0.0 {
        steady / (fte * salary)
    } else {
        1.0
    };
    // Each month's cost, salaries from the go-live at the steady plan's
    // premium share (the months before it are classroom and nesting).
    let rows = &plan.pools[0].rows;
    let costs: Vec<f64> = rows
        .iter()
        .zip(&live)
        .map(|(r, &l)| match l {
            true => r.cost + (premium_factor - 1.0) * r.headcount * salary,
            false => r.cost,
        })
        .collect();
    let months: Vec<LaunchMonth> = rows
        .iter()
        .zip(&plan.labels)
        .zip(&costs)
        .map(|((r, label), &cost)| LaunchMonth {
            month: label.clone(),
            required_fte: round(r.required, 2),
            productive_fte: round(r.productive_tenured + r.productive_new, 2),
            headcount: round(r.headcount, 2),
            hires: r.hires,
            overtime_hours: round(r.overtime_hours, 1),
            shortfall_fte: round(r.shortfall, 2),
            cost: round(cost, 2),
        })
        .collect();
    let before: f64 = costs
        .iter()
        .zip(&live)
        .filter(|(_, l)| !**l)
        .map(|(c, _)| c)
        .sum();
    let extra: f64 = costs
        .iter()
        .zip(&live)
        .filter(|(_, l)| **l)
        .map(|(c, _)| c - steady)
        .sum();
    let go_live = live
        .iter()
        .position(|l| *l)
        .map_or(String::new(), |p| plan.labels[p].clone());
    Ok(Some(Launch {
        go_live,
        steady_fte: fte,
        steady_cost_month: steady,
        premium_factor: round(premium_factor, 4),
        before_go_live_cost: round(before, 2),
        ramp_extra_cost: round(extra, 2),
        launch_cost: round(before + extra, 2),
        months,
    }))
}

impl Launch {
    /// The launch for the terminal: the months, then the totals.
    pub fn table(&self, currency: &str, margin: f64) -> String {
        let mut t = Table::new(&[
            "month",
            "required FTE",
            "productive FTE",
            "headcount",
            "hires",
            "overtime h",
            "short FTE",
            "cost",
        ]);
        for m in &self.months {
            t.row(vec![
                m.month.clone(),
                format!("{:.1}", m.required_fte),
                format!("{:.1}", m.productive_fte),
                format!("{:.1}", m.headcount),
                m.hires.to_string(),
                format!("{:.0}", m.overtime_hours),
                format!("{:.1}", m.shortfall_fte),
                format!("{:.2}", m.cost),
            ]);
        }
        format!(
            "\nlaunch, go-live {}: hiring, classroom and nesting ahead of it (steady state {:.1} FTE, {:.2} {currency} a month; salaries from the go-live × {:.4}, the steady plan's cost over its FTE at base salary)\n{}launch cost above the steady state: {:.2} {currency} ({:.2} before the go-live, {:.2} in the ramp months); priced at the margin: {:.2} {currency}\n",
            self.go_live,
            self.steady_fte,
            self.steady_cost_month,
            self.premium_factor,
            t.render(),
            self.launch_cost,
            self.before_go_live_cost,
            self.ramp_extra_cost,
            self.launch_cost / (1.0 - margin),
        )
    }
}
