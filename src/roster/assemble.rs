//! The pools' matchings turned into the [`Roster`]: agents with their
//! totals, one duty per planned agent with its breaks, and the shifts left
//! open ([`Unstaffed`] under hard coverage).

use std::collections::BTreeMap;

use chrono::Duration;

use super::blocks::BlockKind;
use super::matching::{Pool, PoolRoster};
use super::rules::{Ctx, Info};
use super::{Blocked, Duty, Open, Roster, RosterAgent, Unstaffed};
use crate::scenario::{Agents, Coverage, Scenario};
use crate::shifts::{agent_breaks, PoolPlan, ShiftPlan};
use crate::timegrid::local_instant;

/// The roster of every pool from its matching (`results`, in plan order).
pub(super) fn assemble(
    sc: &Scenario,
    plan: &ShiftPlan,
    pools: &[Pool],
    results: Vec<PoolRoster>,
) -> Result<Roster, Unstaffed> {
    let mut agents = Vec::new();
    let mut duties = Vec::new();
    let mut open_duties = Vec::new();
    let mut open = Vec::new();
    for ((pp, pool), r) in plan.pools.iter().zip(pools).zip(results) {
        let on = add_agents(sc, pp, pool, &r, &mut agents);
        for duty in pool_duties(pp, &pool.ctx, &on) {
            if duty.agent.is_some() {
                duties.push(duty);
            } else {
                open_duties.push(duty);
            }
        }
        open.extend(open_shifts(sc, pp, pool.id, r.open));
    }
    if !open.is_empty() && sc.shifts.coverage != Some(Coverage::Soft) {
        return Err(Unstaffed {
            open,
            rules: sc.rules.clone(),
        });
    }
    let day_of = |d: &Duty| {
        let pi = plan
            .pools
            .iter()
            .position(|pp| pp.model.pool == d.pool)
            .unwrap_or(0);
        pools[pi].ctx.info[d.shift].start
    };
    duties.sort_by_key(|d| (d.agent, day_of(d)));
    open_duties.sort_by_key(|d| (d.pool, day_of(d), d.shift));
    duties.extend(open_duties);
    let weekly = pools.iter().any(|p| p.blocks.kind == BlockKind::Week);
    Ok(Roster {
        agents,
        duties,
        method: if weekly {
            "weekly tours"
        } else {
            "daily shifts"
        },
        open,
    })
}

/// Add the pool's agents with their totals to `agents` (ids `A0001`… and
/// names `<pool> <k>` when generated); returns the agents working each
/// shift of the pool, in agent order.
fn add_agents(
    sc: &Scenario,
    pp: &PoolPlan,
    pool: &Pool,
    r: &PoolRoster,
    agents: &mut Vec<RosterAgent>,
) -> Vec<Vec<usize>> {
    let generate = !matches!(sc.agents, Agents::List(_));
    let base = agents.len();
    let mut on: Vec<Vec<usize>> = vec![Vec::new(); pp.model.shifts.len()];
    for (k, staff) in r.staff.iter().enumerate() {
        let sched = &r.sched[k];
        let worked: Vec<&Info> = sched
            .iter()
            .flatten()
            .map(|&s| &pool.ctx.info[s as usize])
            .collect();
        for &s in sched.iter().flatten() {
            on[s as usize].push(base + k);
        }
        let (id, name) = if generate {
            let n = agents.len() + 1;
            (format!("A{n:04}"), format!("{} {}", pool.id, k + 1))
        } else {
            (staff.id.clone(), staff.name.clone())
        };
        agents.push(RosterAgent {
            id,
            name,
            pool: pp.model.pool,
            hours: worked.iter().map(|i| f64::from(i.paid_s)).sum::<f64>() / 3600.0,
            nights: worked.iter().filter(|i| i.night).count() as u32,
            weekend_days: worked.iter().filter(|i| i.weekend).count() as u32,
            lates: worked.iter().filter(|i| i.late).count() as u32,
            days: worked.len() as u32,
        });
    }
    on
}

/// One duty per planned agent of the pool, the k-th agent on a shift (`on`)
/// with its k-th break combination; duties past the agents are open.
fn pool_duties(pp: &PoolPlan, ctx: &Ctx, on: &[Vec<usize>]) -> Vec<Duty> {
    let mut duties = Vec::new();
    for a in &pp.assigned {
        let shift = &pp.model.shifts[a.shift];
        let combos = agent_breaks(shift, a);
        let (night, late) = (ctx.info[a.shift].night, ctx.info[a.shift].late);
        let staffed_on = &on[a.shift];
        for (k, combo) in combos.into_iter().enumerate() {
            duties.push(Duty {
                agent: staffed_on.get(k).copied(),
                pool: pp.model.pool,
                shift: a.shift,
                breaks: combo,
                night,
                late,
            });
        }
    }
    duties
}

/// The pool's open shifts, one per shift (agents short summed, the first
/// reason kept), in shift order.
fn open_shifts(
    sc: &Scenario,
    pp: &PoolPlan,
    pool_id: &str,
    open: Vec<(usize, u32, Blocked)>,
) -> Vec<Open> {
    let tz = sc.site.timezone;
    let mut short: BTreeMap<usize, (u32, Blocked)> = BTreeMap::new();
    for (s, n, why) in open {
        let e = short.entry(s).or_insert((0, why));
        e.0 += n;
    }
    short
        .into_iter()
        .map(|(s, (n, why))| {
            let shift = &pp.model.shifts[s];
            let date = sc.site.start + Duration::days(shift.day as i64);
            Open {
                pool: pool_id.to_string(),
                shift: sc.shifts.templates[shift.template].name.clone(),
                start: local_instant(tz, date, shift.start_min),
                site_tz: tz,
                agents: n,
                blocked: why,
            }
        })
        .collect()
}
