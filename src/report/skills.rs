//! The multi-skill staffing's outputs: `skills.csv` (per interval and group
//! of linked pools) and its totals for the terminal and summary.json.

use serde::Serialize;

use super::csv::Rows;
use crate::staffing::skills::SkillGroup;
use crate::staffing::Staffed;
use crate::timegrid::{date_and_time, stamp};
use crate::units::round;

/// Totals of one group of linked pools over the horizon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupTotals {
    /// The pools, by id.
    pub pools: Vec<String>,
    /// Agent-hours on the floor the group staffing needs.
    pub agent_hours: f64,
    /// Agent-hours of each queue staffed alone by Erlang.
    pub separate_hours: f64,
    /// Agent-hours of full flexibility (one Erlang queue).
    pub pooled_hours: f64,
    /// Separate − group, agent-hours.
    pub saved_hours: f64,
    /// Saved ÷ separate.
    pub saving: f64,
    /// Agent-hours of the pools that serve others' queues (cross-trained).
    pub cross_trained_hours: f64,
    /// Saved agent-hours per cross-trained agent-hour.
    pub saved_per_cross_trained: Option<f64>,
    /// Per cross-trained pool (id, volume-weighted mean service level gain
    /// of one more agent over the intervals with volume).
    pub marginal_sl: Vec<(String, f64)>,
    /// Intervals where the simulation found a target missed after the
    /// search's step cap.
    pub intervals_missed: usize,
}

/// Totals of every group.
pub fn totals(s: &Staffed) -> Vec<GroupTotals> {
    let hours = s.grid.interval_s as f64 / 3600.0;
    s.requirements
        .skills
        .iter()
        .map(|g| {
            let sum = |f: &dyn Fn(&crate::staffing::skills::GroupCell) -> u32| {
                g.intervals.iter().map(|c| f64::from(f(c))).sum::<f64>() * hours
            };
            let agent_hours = sum(&|c| c.total());
            let separate_hours = sum(&|c| c.separate);
            let cross = cross(s, g);
            let cross_trained_hours: f64 = cross.iter().map(|&k| sum(&|c| c.agents[k])).sum();
            let saved = separate_hours - agent_hours;
            GroupTotals {
                pools: g
                    .pools
                    .iter()
                    .map(|&p| s.scenario.pools[p].id.clone())
                    .collect(),
                agent_hours,
                separate_hours,
                pooled_hours: sum(&|c| c.pooled),
                saved_hours: saved,
                saving: if separate_hours > 0.0 {
                    round(saved / separate_hours, 4)
                } else {
                    0.0
                },
                cross_trained_hours,
                saved_per_cross_trained: (cross_trained_hours > 0.0)
                    .then(|| round(saved / cross_trained_hours, 3)),
                marginal_sl: cross
                    .iter()
                    .map(|&k| (s.scenario.pools[g.pools[k]].id.clone(), mean_gain(s, g, k)))
                    .collect(),
                intervals_missed: g.intervals.iter().filter(|c| !c.met).count(),
            }
        })
        .collect()
}

/// Pool `k`'s service level gain of one more agent, weighted by the
/// group's volume in each interval.
fn mean_gain(s: &Staffed, g: &SkillGroup, k: usize) -> f64 {
    let (mut sum, mut weight) = (0.0, 0.0);
    for (t, c) in g.intervals.iter().enumerate() {
        if let Some(gain) = c.gain[k] {
            let v: f64 = g
                .queues
                .iter()
                .map(|&q| s.demand.queues[q].agent_volume[t])
                .sum();
            sum += gain * v;
            weight += v;
        }
    }
    if weight > 0.0 {
        round(sum / weight, 4)
    } else {
        0.0
    }
}

/// `skills.csv`: one row per interval and group of linked pools: the
/// group's agents, the separate and pooled figures, each pool's agents,
/// each queue's simulated service level and each cross-trained pool's gain.
pub fn csv(s: &Staffed) -> Result<String, csv::Error> {
    let sc = &s.scenario;
    let mut header: Vec<String> = [
        "interval_start_utc",
        "interval_start_site",
        "date_site",
        "time_site",
        "group",
        "agents",
        "separate",
        "pooled",
        "saved",
        "met",
    ]
    .map(String::from)
    .to_vec();
    let groups = &s.requirements.skills;
    for g in groups {
        header.extend(
            g.pools
                .iter()
                .map(|&p| format!("agents_{}", sc.pools[p].id)),
        );
        header.extend(g.queues.iter().map(|&q| format!("sl_{}", sc.queues[q].id)));
        header.extend(
            cross(s, g)
                .into_iter()
                .map(|k| format!("gain_{}", sc.pools[g.pools[k]].id)),
        );
    }
    if !sc.sites.is_empty() {
        header.push("site".to_string());
    }
    let mut w = Rows::new(&header);
    for i in 0..s.grid.len {
        let t = s.grid.at(i);
        let [date_site, time_site] = date_and_time(t, s.grid.site_tz);
        for (n, g) in groups.iter().enumerate() {
            let c = &g.intervals[i];
            let mut row = vec![
                stamp(t, chrono_tz::UTC),
                stamp(t, s.grid.site_tz),
                date_site.clone(),
                time_site.clone(),
                sc.pools[g.pools[0]].id.clone(),
                c.total().to_string(),
                c.separate.to_string(),
                c.pooled.to_string(),
                (i64::from(c.separate) - i64::from(c.total())).to_string(),
                if c.met { "yes" } else { "no" }.to_string(),
            ];
            // Other groups' columns stay empty on this group's rows.
            for (m, other) in groups.iter().enumerate() {
                let width = other.pools.len() + other.queues.len() + cross(s, other).len();
                if m == n {
                    row.extend(c.agents.iter().map(u32::to_string));
                    row.extend(c.sl.iter().map(|v| opt(*v)));
                    row.extend(cross(s, g).into_iter().map(|k| opt(c.gain[k])));
                } else {
                    row.extend(std::iter::repeat_n(String::new(), width));
                }
            }
            if !sc.sites.is_empty() {
                row.push(group_sites(s, g));
            }
            w.rows.push(row);
        }
    }
    w.to_csv()
}

/// The sites of a group's pools, in `sites:` order, joined by `; ` (one
/// site unless the group's pools work at several).
fn group_sites(s: &Staffed, g: &SkillGroup) -> String {
    let sc = &s.scenario;
    let mut sites: Vec<usize> = (g.pools.iter()).filter_map(|&p| sc.pools[p].site).collect();
    sites.sort_unstable();
    sites.dedup();
    let ids: Vec<&str> = sites.iter().map(|&i| sc.sites[i].id.as_str()).collect();
    ids.join("; ")
}

/// The group's pools (local indices) that serve others' queues.
fn cross(s: &Staffed, g: &SkillGroup) -> Vec<usize> {
    (0..g.pools.len())
        .filter(|&k| !s.scenario.pools[g.pools[k]].serves.is_empty())
        .collect()
}

fn opt(v: Option<f64>) -> String {
    v.map_or(String::new(), |v| round(v, 4).to_string())
}

/// Lines for the terminal after the requirement tables.
pub fn terminal(s: &Staffed) -> String {
    let mut out = String::new();
    for t in totals(s) {
        // A group can need more than separate pools (routing leaves agents
        // idle where a single-skill pool would not): say "more", not "saved -".
        let (word, sign) = if t.saved_hours < 0.0 {
            ("more", -1.0)
        } else {
            ("saved", 1.0)
        };
        out.push_str(&format!(
            "\nskill group {}: {:.1} agent-hours on the floor; separate single-skill pools {:.1}, full flexibility {:.1}; {word} {:.1} ({:.1} %)",
            t.pools.join(" + "),
            t.agent_hours,
            t.separate_hours,
            t.pooled_hours,
            sign * t.saved_hours,
            sign * 100.0 * t.saving,
        ));
        if let Some(per) = t.saved_per_cross_trained {
            out.push_str(&format!(
                "\n  {per:.2} agent-hours saved per cross-trained agent-hour"
            ));
        }
        for (pool, gain) in &t.marginal_sl {
            out.push_str(&format!(
                "\n  one more `{pool}` agent: service level +{:.2} points (volume-weighted mean)",
                100.0 * gain
            ));
        }
        if t.intervals_missed > 0 {
            out.push_str(&format!(
                "\n  {} intervals still miss a target after the search's step cap (skills.csv, met = no)",
                t.intervals_missed
            ));
        }
        out.push('\n');
    }
    out
}
/// A queue's achieved SL over the horizon, `98.2%`, starred (`98.2% *`)
/// when it is the skill-routing simulation's estimate; `-` without one.
pub(in crate::report) fn achieved(service: &crate::evaluate::QueueService) -> String {
    let star = if service.simulated { " *" } else { "" };
    service
        .sl_overall
        .map_or("-".to_string(), |x| format!("{:.1}%{star}", x * 100.0))
}

/// Under a plan with skill groups: which queues' service is the
/// skill-routing simulation's estimate (nothing without groups).
pub(in crate::report) fn simulated_note(p: &crate::pipeline::Planned) -> String {
    let queues: Vec<&str> = p
        .staffed
        .scenario
        .queues
        .iter()
        .zip(&p.service)
        .filter(|(_, sv)| sv.simulated)
        .map(|(q, _)| q.id.as_str())
        .collect();
    if queues.is_empty() {
        return String::new();
    }
    let grouped = p
        .figures
        .skill_groups
        .as_ref()
        .is_some_and(|g| g.planned_to == crate::figures::GROUP_REQUIREMENT);
    format!(
        "* {}: taken by pools linked by `serves`; their SL is the skill-routing {} at the plan's agents on the floor, not Erlang.{}\n",
        queues.join(", "),
        crate::figures::SIMULATION_ESTIMATE,
        if grouped {
            " Their \"requirement set by\" is each queue's own Erlang requirement; the plan covers the group requirement, set by the skill-routing simulation (pool_requirements.csv)."
        } else {
            ""
        }
    )
}

/// Under a plan with skill groups: which requirement the kept plan covers
/// and both plans' costs (nothing without groups).
pub(in crate::report) fn group_plans(p: &crate::pipeline::Planned) -> String {
    let Some(g) = &p.figures.skill_groups else {
        return String::new();
    };
    let money = |c: Option<f64>| c.map_or("no plan".to_string(), |c| format!("{c:.2}"));
    format!(
        "skill groups: planned to the {} (plan to the group requirement {}, to separate pools' {})\n",
        g.planned_to,
        money(g.group_cost),
        money(g.separate_cost)
    )
}
