//! Special days: closed days, multipliers and the day after a closed day.
//!
//! In the history a closed day is removed from fitting (no data) and a day
//! with a multiplier m is divided by m, so neither bends the weekly
//! pattern. In the horizon a closed day is 0 and a multiplier multiplies.
//!
//! The day after: callers who could not reach a closed centre partly call on
//! its next open day, so that day carries a share θ of the volume the
//! closed days would have had (displaced demand). The next open day N of a
//! closed day H is the first day after H that is not closed in the calendar
//! and falls on a weekday the history has data on (a Friday holiday's is
//! Monday in a Monday–Friday history; two closed days in a row share one N).
//! With b(d) the same-weekday 4-week average daily total before d (special
//! days and next open days left out), N's volume is
//! b(N) + θ · Σ b(H) over the closed days H whose next open day is N: a
//! multiplier m(N) = 1 + θ · Σ b(H) / b(N). A closed day on a weekday the
//! centre never opens loses nothing (b = 0), so a Saturday holiday in a
//! weekday history leaves Monday alone.
//!
//! θ is estimated from the history's own earlier cases, each N with data
//! (not itself listed): θ = Σ (D(N) − b(N)) / Σ Σ b(H), the excess over the
//! lost volume (a ratio estimator, weighting each case by its lost volume),
//! clamped to [0, 1] — a closed day's callers call on the next open day, or
//! later, or never. With no case the day after is not changed. Only the
//! history given is used: a backtest passes the history before each origin.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use super::{naive, Series};

/// A special day's effect.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Effect {
    /// No contacts.
    Closed,
    /// Volume × this.
    Multiplier(f64),
    /// An ordinary day (listed for the record).
    Normal,
}

/// The special days by date.
pub type Holidays = BTreeMap<NaiveDate, Effect>;

/// The longest run of days (closed, or on a weekday never open) searched
/// between a closed day and its next open day.
pub const MAX_RUN: u64 = 14;

/// Weeks of the same weekday in the baseline b(d).
const BASE_WEEKS: usize = 4;

/// The calendar as it acts on one history: which weekdays open, the
/// history without its special days and next open days (for the
/// baselines b), and the displaced share θ.
#[derive(Debug, Clone)]
pub struct Special<'a> {
    holidays: &'a Holidays,
    open: [bool; 7],
    plain: Series,
    theta: Option<f64>,
}

impl<'a> Special<'a> {
    /// The calendar on `series` (raw history), θ estimated from it.
    pub fn new(series: &Series, holidays: &'a Holidays) -> Special<'a> {
        let mut open = [false; 7];
        for (i, d) in series.days.iter().enumerate() {
            if d.is_some() {
                open[series.date(i).weekday().num_days_from_monday() as usize] = true;
            }
        }
        let mut s = Special {
            holidays,
            open,
            plain: series.clone(),
            theta: None,
        };
        let after = s.next_open_days();
        for (i, day) in s.plain.days.iter_mut().enumerate() {
            let d = series.date(i);
            if holidays.contains_key(&d) || after.contains(&d) {
                *day = None;
            }
        }
        s.theta = s.estimate(series, &after);
        s
    }

    /// θ, the share of the closed days' volume their next open day carries;
    /// `None` when the history has no case.
    pub fn theta(&self) -> Option<f64> {
        self.theta
    }

    fn closed(&self, d: NaiveDate) -> bool {
        self.holidays.get(&d) == Some(&Effect::Closed)
    }

    fn is_open(&self, d: NaiveDate) -> bool {
        self.open[d.weekday().num_days_from_monday() as usize]
    }

    /// The next open day of closed day `h`: the first day after it not
    /// closed and on an open weekday, within [`MAX_RUN`] days.
    pub fn next_open(&self, h: NaiveDate) -> Option<NaiveDate> {
        (1..=MAX_RUN)
            .map_while(|k| h.checked_add_days(chrono::Days::new(k)))
            .find(|d| !self.closed(*d) && self.is_open(*d))
    }

    /// Every closed day's next open day that the calendar does not list.
    fn next_open_days(&self) -> BTreeSet<NaiveDate> {
        self.holidays
            .iter()
            .filter(|(_, e)| **e == Effect::Closed)
            .filter_map(|(h, _)| self.next_open(*h))
            .filter(|n| !self.holidays.contains_key(n))
            .collect()
    }

    /// The closed days whose next open day is `n` (none when `n` is itself
    /// closed or not open).
    pub fn closed_before(&self, n: NaiveDate) -> Vec<NaiveDate> {
        if self.closed(n) || !self.is_open(n) {
            return Vec::new();
        }
        let mut out = Vec::new();
        for k in 1..=MAX_RUN {
            let Some(d) = n.checked_sub_days(chrono::Days::new(k)) else {
                break;
            };
            if self.closed(d) {
                out.push(d);
            } else if self.is_open(d) {
                break;
            }
        }
        out
    }

    /// b(d): the same-weekday 4-week average daily total of the plain
    /// history before `d` (all of it for a day after its end).
    pub fn base(&self, d: NaiveDate) -> f64 {
        let i = usize::try_from((d - self.plain.first).num_days())
            .unwrap_or(0)
            .min(self.plain.days.len());
        naive::average(self.plain.view(i), &[d], BASE_WEEKS)[0]
            .iter()
            .sum()
    }

    /// Σ b(H) over the closed days H before next open day `n`, and b(n)
    /// (both 0 when no closed day comes before `n`).
    fn lost_and_base(&self, n: NaiveDate) -> (f64, f64) {
        let before = self.closed_before(n);
        if before.is_empty() {
            return (0.0, 0.0);
        }
        (before.iter().map(|h| self.base(*h)).sum(), self.base(n))
    }

    /// θ from the next open days of `series` with data.
    fn estimate(&self, series: &Series, after: &BTreeSet<NaiveDate>) -> Option<f64> {
        let (mut excess, mut lost) = (0.0, 0.0);
        for n in after {
            let Some(Some(day)) = series.index(*n).map(|i| &series.days[i]) else {
                continue;
            };
            let (e, b) = self.lost_and_base(*n);
            if e > 0.0 && b > 0.0 {
                excess += day.iter().sum::<f64>() - b;
                lost += e;
            }
        }
        (lost > 0.0).then(|| (excess / lost).clamp(0.0, 1.0))
    }

    /// The effect on `date`: its own, or m(N) when it is a next open day.
    pub fn effect_on(&self, date: NaiveDate) -> Effect {
        if let Some(e) = self.holidays.get(&date) {
            return *e;
        }
        let Some(theta) = self.theta else {
            return Effect::Normal;
        };
        let (lost, base) = self.lost_and_base(date);
        if lost > 0.0 && base > 0.0 {
            Effect::Multiplier(1.0 + theta * lost / base)
        } else {
            Effect::Normal
        }
    }

    /// `series` with the special days taken out for fitting.
    pub fn clean(&self, series: &Series) -> Series {
        let mut out = series.clone();
        for (i, day) in out.days.iter_mut().enumerate() {
            match self.effect_on(series.date(i)) {
                Effect::Closed => *day = None,
                Effect::Multiplier(m) if m > 0.0 => {
                    if let Some(d) = day {
                        d.iter_mut().for_each(|x| *x /= m);
                    }
                }
                Effect::Multiplier(_) => *day = None,
                Effect::Normal => {}
            }
        }
        out
    }
}

/// A forecast day with its special-day effect applied.
pub fn apply(effect: Effect, day: &mut [f64]) {
    match effect {
        Effect::Closed => day.iter_mut().for_each(|x| *x = 0.0),
        Effect::Multiplier(m) => day.iter_mut().for_each(|x| *x *= m),
        Effect::Normal => {}
    }
}
