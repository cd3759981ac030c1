//! Special days: closed days, multipliers and the day after a closed day.
//!
//! In the history a closed day is removed from fitting (no data) and a day
//! with a multiplier m is divided by m, so neither bends the weekly
//! pattern. The day after a closed day (not itself listed) carries an
//! effect r estimated from the history: for each such day with data, its
//! total over the same-weekday 4-week average of the history before it
//! (special days and days after closed ones left out of that average);
//! r is the mean of those ratios (none in the history: no effect). Those days
//! are divided by r for fitting. In the horizon a closed day is 0, a
//! multiplier multiplies, and the day after a closed day is multiplied by r.

use std::collections::BTreeMap;

use chrono::NaiveDate;

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

/// The day-after-closed effect estimated from `series` (raw history).
pub fn after_closed(series: &Series, holidays: &Holidays) -> Option<f64> {
    // The baseline leaves out every special day and every day after a
    // closed one, so an earlier holiday cannot inflate a later baseline.
    let mut plain = series.clone();
    for (i, day) in plain.days.iter_mut().enumerate() {
        let d = series.date(i);
        let before = d - chrono::Days::new(1);
        if holidays.contains_key(&d) || holidays.get(&before) == Some(&Effect::Closed) {
            *day = None;
        }
    }
    let mut ratios = Vec::new();
    for (date, effect) in holidays {
        if *effect != Effect::Closed {
            continue;
        }
        let next = *date + chrono::Days::new(1);
        if holidays.contains_key(&next) {
            continue;
        }
        let Some(i) = series.index(next) else {
            continue;
        };
        let Some(day) = &series.days[i] else { continue };
        let base: f64 = naive::average(plain.view(i), &[next], 4)[0].iter().sum();
        if base > 0.0 {
            ratios.push(day.iter().sum::<f64>() / base);
        }
    }
    (!ratios.is_empty()).then(|| ratios.iter().sum::<f64>() / ratios.len() as f64)
}

/// The effect on `date`: its own, or `after` when the day before is
/// closed.
pub fn effect_on(date: NaiveDate, holidays: &Holidays, after: Option<f64>) -> Effect {
    if let Some(e) = holidays.get(&date) {
        return *e;
    }
    let before = date - chrono::Days::new(1);
    match (holidays.get(&before), after) {
        (Some(Effect::Closed), Some(r)) => Effect::Multiplier(r),
        _ => Effect::Normal,
    }
}

/// The history with the special days taken out for fitting.
pub fn clean(series: &Series, holidays: &Holidays, after: Option<f64>) -> Series {
    let mut out = series.clone();
    for (i, day) in out.days.iter_mut().enumerate() {
        match effect_on(series.date(i), holidays, after) {
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

/// A forecast day with its special-day effect applied.
pub fn apply(effect: Effect, day: &mut [f64]) {
    match effect {
        Effect::Closed => day.iter_mut().for_each(|x| *x = 0.0),
        Effect::Multiplier(m) => day.iter_mut().for_each(|x| *x *= m),
        Effect::Normal => {}
    }
}
