//! The shifts a pool's templates can work: each template started at each
//! start time of each day it may work, with the intervals it covers, its
//! break slots and its cost.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, Timelike};

use super::{is_late, is_night, BreakSlot, Shift, BREAK_STEP_S};
use crate::scenario::{Scenario, Template};
use crate::staffing::Staffed;
use crate::timegrid::{local_instant, TimeGrid};

/// Cost multiplier (night × weekend) of a site-local moment.
fn multiplier_at(scenario: &Scenario, local: chrono::NaiveDateTime) -> f64 {
    let c = &scenario.costs;
    let mut m = 1.0;
    if let Some((window, night)) = c.night {
        let minute = local.hour() * 60 + local.minute();
        if (window.start <= minute && minute < window.end) || minute + 1440 < window.end {
            m *= night;
        }
    }
    if c.weekend_days.contains(local.date().weekday()) {
        m *= c.weekend_multiplier;
    }
    m
}

/// Grid intervals covered by [start, start + len) seconds after the horizon
/// start, with the covered share of each; wrapped when cyclic, clipped if not.
fn span(grid: &TimeGrid, cyclic: bool, start_s: i64, len_s: i64) -> Vec<(usize, f64)> {
    let step = grid.interval_s;
    let total = step * grid.len as i64;
    let mut out: Vec<(usize, f64)> = Vec::new();
    let mut t = start_s;
    let end = start_s + len_s;
    while t < end {
        let slot_start = t.div_euclid(step) * step;
        let piece = (slot_start + step).min(end) - t;
        let index = if cyclic {
            slot_start.rem_euclid(total) / step
        } else {
            slot_start / step
        };
        if (0..grid.len as i64).contains(&index) && (cyclic || (0..total).contains(&slot_start)) {
            out.push((index as usize, piece as f64 / step as f64));
        }
        t += piece;
    }
    out
}

/// The shift's mean cost multiplier over its whole span [start, start +
/// len) seconds after the horizon's start, in grid steps weighted by the
/// share of each step it spans. Cyclic: wrapped onto the week, as it
/// covers. Not cyclic: the whole span, past the horizon's end too — the
/// agent is paid the whole shift, so a night running past the last
/// midnight keeps its premium (it cost 600 instead of 700 on a 20:00–04:00
/// shift of 10/h with nights ×2 from 22:00, priced over 20:00–24:00 alone).
fn mean_multiplier(scenario: &Scenario, grid: &TimeGrid, start_s: i64, len_s: i64) -> f64 {
    let step = grid.interval_s;
    let total = step * grid.len as i64;
    let (mut weight, mut shares) = (0.0, 0.0);
    let mut t = start_s;
    while t < start_s + len_s {
        let slot = t.div_euclid(step) * step;
        let piece = (slot + step).min(start_s + len_s) - t;
        let at = if scenario.site.cyclic {
            slot.rem_euclid(total)
        } else {
            slot
        };
        let local = (grid.start + Duration::seconds(at))
            .with_timezone(&scenario.site.timezone)
            .naive_local();
        let share = piece as f64 / step as f64;
        weight += share * multiplier_at(scenario, local);
        shares += share;
        t += piece;
    }
    weight / shares.max(1e-9)
}

fn shift_of(
    scenario: &Scenario,
    pool: usize,
    grid: &TimeGrid,
    t: usize,
    template: &Template,
    day: usize,
    start_min: u32,
) -> Shift {
    let date = scenario.site.start + Duration::days(day as i64);
    let begin = local_instant(scenario.site.timezone, date, start_min);
    let start_s = (begin - grid.start).num_seconds();
    let cyclic = scenario.site.cyclic;
    let covered = span(grid, cyclic, start_s, i64::from(template.length_s));
    let paid_h = f64::from(template.paid_s) / 3600.0;
    let cost = scenario.hourly(pool)
        * paid_h
        * mean_multiplier(scenario, grid, start_s, i64::from(template.length_s));
    // A shift belongs to the site-local date it starts on: one starting on
    // its site's public holiday is a paid day off that covers nothing (its
    // hours after midnight too); one running into the holiday is worked whole.
    let closed = scenario.closed_on(pool, date).is_some();
    let breaks = template
        .breaks
        .iter()
        .map(|b| {
            (b.earliest_s..=b.latest_s)
                .step_by(BREAK_STEP_S.min(scenario.site.interval_s) as usize)
                .map(|offset_s| {
                    // A break on a holiday takes no one off a floor they are not on.
                    let cover = if closed {
                        Vec::new()
                    } else {
                        span(
                            grid,
                            cyclic,
                            start_s + i64::from(offset_s),
                            i64::from(b.length_s),
                        )
                    };
                    BreakSlot { offset_s, cover }
                })
                .collect()
        })
        .collect();
    let spanned: Vec<usize> = covered.iter().map(|c| c.0).collect();
    let (off, intervals) = if closed {
        (spanned, Vec::new())
    } else {
        (Vec::new(), spanned)
    };
    Shift {
        template: t,
        day,
        start_min,
        first: covered.first().map_or(0, |c| c.0),
        intervals,
        off,
        cost,
        paid_h,
        breaks,
        night: is_night(scenario, date, begin, i64::from(template.length_s)),
        late: is_late(scenario, date, begin, i64::from(template.length_s)),
        weekend: scenario.costs.weekend_days.contains(date.weekday()),
        span_s: (start_s, start_s + i64::from(template.length_s)),
        end_slot: end_slot(grid, cyclic, start_s + i64::from(template.length_s)),
    }
}

/// The grid index of the interval an instant `end_s` seconds after the
/// horizon's start falls in: wrapped when cyclic, else as far past the
/// grid as it is.
fn end_slot(grid: &TimeGrid, cyclic: bool, end_s: i64) -> usize {
    let index = end_s.div_euclid(grid.interval_s);
    if cyclic {
        index.rem_euclid(grid.len as i64) as usize
    } else {
        index.max(0) as usize
    }
}

/// A shift's key: (template, day, start minute).
pub(super) type ShiftKey = (usize, usize, u32);

/// The templates of pool `p`, with their index.
pub(super) fn pool_templates(sc: &Scenario, p: usize) -> impl Iterator<Item = (usize, &Template)> {
    sc.shifts
        .templates
        .iter()
        .enumerate()
        .filter(move |(_, t)| t.pools.contains(&p))
}

/// Every shift pool `p`'s templates can work on their days (those that
/// cover at least one interval), and where each is by its key.
pub(super) fn pool_shifts(staffed: &Staffed, p: usize) -> (Vec<Shift>, BTreeMap<ShiftKey, usize>) {
    let sc = &staffed.scenario;
    let mut shifts = Vec::new();
    let mut index = BTreeMap::new();
    for (t, template) in pool_templates(sc, p) {
        for day in 0..sc.site.days as usize {
            let weekday = (sc.site.start + Duration::days(day as i64)).weekday();
            if !template.days.contains(weekday) {
                continue;
            }
            for &start in &template.starts {
                let shift = shift_of(sc, p, &staffed.grid, t, template, day, start);
                if shift.intervals.is_empty() && shift.off.is_empty() {
                    continue;
                }
                index.insert((t, day, start), shifts.len());
                shifts.push(shift);
            }
        }
    }
    (shifts, index)
}
