//! Tours: weekly ones (the same template and start on the working days of
//! one week, in every pattern of days its week allows), or one per shift.
//! A weekly tour whose days or nights in a row break the labour rules on
//! their own is no agent's: it is not offered to the plan.

use std::collections::BTreeMap;

use chrono::Datelike;

use super::{pool_templates, Blocker, PoolModel, Shift, ShiftKey, Tour};
use crate::scenario::{DaysOff, Scenario};

/// Weekly tours: per template, start and week, one tour per pattern of
/// working days its week allows whose shifts all exist (one start all week).
/// With a short day, only the patterns that work it, with the short day's
/// template on that day (same start). Split into those an agent may work
/// and those the runs rules refuse ([`refusal`]).
pub(super) fn weekly(
    sc: &Scenario,
    p: usize,
    shifts: &[Shift],
    index: &BTreeMap<ShiftKey, usize>,
) -> (Vec<Tour>, Vec<Tour>) {
    candidates(sc, p, shifts, index)
        .into_iter()
        .partition(|tour| refusal(sc, shifts, tour).is_none())
}

/// The runs rule an agent with nothing else to work would break on
/// `tour`, if any: its runs of working days and of nights over the horizon
/// (over the wrap when the rota repeats) against `max_consecutive_days`
/// and `max_consecutive_nights`, counted as the roster counts them and in
/// its order.
pub(super) fn refusal(sc: &Scenario, shifts: &[Shift], tour: &Tour) -> Option<Blocker> {
    let days = sc.site.days as usize;
    let (mut on, mut nights) = (vec![false; days], vec![false; days]);
    for &s in &tour.shifts {
        on[shifts[s].day] = true;
        nights[shifts[s].day] = shifts[s].night;
    }
    let (rules, repeats) = (&sc.rules, sc.site.repeats());
    if rules.too_many_days(&on, repeats) {
        Some(Blocker::ConsecutiveDays(rules.max_consecutive_days))
    } else if rules.too_many_nights(&nights, repeats) {
        rules.max_consecutive_nights.map(Blocker::ConsecutiveNights)
    } else {
        None
    }
}

/// Every weekly tour of [`weekly`], workable or not.
fn candidates(
    sc: &Scenario,
    p: usize,
    shifts: &[Shift],
    index: &BTreeMap<ShiftKey, usize>,
) -> Vec<Tour> {
    let mut tours = Vec::new();
    for (t, template) in pool_templates(sc, p).filter(|(_, tm)| tm.short_of.is_none()) {
        let Some(week) = &template.week else { continue };
        let mut patterns = day_patterns(week.work_days as usize, week.days_off);
        // Day `d` of a week is the horizon's weekday `d` (weeks start on
        // the horizon's first day).
        let short = week.short_day.map(|s| {
            let first = sc.site.start.weekday().num_days_from_monday() as usize;
            (
                (s.day.num_days_from_monday() as usize + 7 - first) % 7,
                s.template,
            )
        });
        if let Some((day, _)) = short {
            patterns.retain(|pattern| pattern.contains(&day));
        }
        let of_day = |d: usize| match short {
            Some((day, st)) if day == d => st,
            _ => t,
        };
        for &start in &template.starts {
            for w in 0..sc.site.days as usize / 7 {
                for pattern in &patterns {
                    let picked: Option<Vec<usize>> = pattern
                        .iter()
                        .map(|&d| index.get(&(of_day(d), w * 7 + d, start)).copied())
                        .collect();
                    if let Some(picked) = picked {
                        let cost = picked.iter().map(|&i| shifts[i].cost).sum();
                        let off = (0..7).filter(|d| !pattern.contains(d)).collect();
                        tours.push(Tour {
                            template: t,
                            shifts: picked,
                            cost,
                            days_off: off,
                        });
                    }
                }
            }
        }
    }
    tours
}

/// Working days (0..7 within a week) of every allowed pattern.
fn day_patterns(work_days: usize, days_off: DaysOff) -> Vec<Vec<usize>> {
    let off = 7 - work_days;
    match days_off {
        DaysOff::Consecutive => (0..7)
            .map(|first_off| {
                let offs: Vec<usize> = (0..off).map(|k| (first_off + k) % 7).collect();
                (0..7).filter(|d| !offs.contains(d)).collect::<Vec<_>>()
            })
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect(),
        DaysOff::Any => (0u32..128)
            .filter(|m| m.count_ones() as usize == work_days)
            .map(|m| (0..7).filter(|d| m & (1 << d) != 0).collect())
            .collect(),
    }
}

/// One tour per shift: what an agent works without a weekly pattern.
pub(super) fn single(shifts: &[Shift]) -> Vec<Tour> {
    shifts
        .iter()
        .enumerate()
        .map(|(i, s)| Tour {
            template: s.template,
            shifts: vec![i],
            cost: s.cost,
            days_off: Vec::new(),
        })
        .collect()
}

/// A template the scenario wants agents on (its `min_share` or
/// `min_agents`) of which no tour can be worked: no plan meets it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("pool `{pool}`: template `{template}` needs {limit}, but no tour of it can be worked: {why}; lower the limit or change the template or the rule")]
pub struct Unworkable {
    /// Pool id.
    pub pool: String,
    /// Template name.
    pub template: String,
    /// The limit, as written (`min_share 30%`).
    pub limit: String,
    /// Why no tour is left: the runs rule that refused them, or none built.
    pub why: String,
}

/// Every pool's templates with a lower limit have a tour left to work.
pub(super) fn check_workable(sc: &Scenario, models: &[PoolModel]) -> Result<(), Unworkable> {
    models
        .iter()
        .find_map(|m| unworkable(sc, m))
        .map_or(Ok(()), Err)
}

/// The first template of pool `m` with a lower limit and no tour left.
fn unworkable(sc: &Scenario, m: &PoolModel) -> Option<Unworkable> {
    let limited = pool_templates(sc, m.pool).filter_map(|(t, tm)| {
        let limit = match (tm.min_share, tm.min_agents) {
            (Some(s), _) if s > 0.0 => format!("min_share {}%", s * 100.0),
            (_, Some(n)) if n > 0 => format!("min_agents {n}"),
            _ => return None,
        };
        Some((t, tm, limit))
    });
    for (t, tm, limit) in limited {
        if m.tours.iter().any(|tour| tour.template == t) {
            continue;
        }
        let why = m
            .refused
            .iter()
            .filter(|tour| tour.template == t)
            .find_map(|tour| refusal(sc, &m.shifts, tour))
            .map_or(
                "its starts and week make no tour in this horizon".into(),
                |b| match b {
                    Blocker::ConsecutiveNights(n) => format!(
                    "every one works more nights in a row than max_consecutive_nights ({n}) allows"
                ),
                    Blocker::ConsecutiveDays(n) => format!(
                        "every one works more days in a row than max_consecutive_days ({n}) allows"
                    ),
                    other => other.to_string(),
                },
            );
        return Some(Unworkable {
            pool: sc.pools[m.pool].id.clone(),
            template: tm.name.clone(),
            limit,
            why,
        });
    }
    None
}
