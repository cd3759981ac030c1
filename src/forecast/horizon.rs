//! A forecast of the days of a horizon: the method chosen, the special days
//! applied, the P10–P90 band and the handle time.

use chrono::{DateTime, Datelike, LocalResult, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use super::interval::band;
use super::special::{self, Holidays, Special};
use super::{choose, Choice, Leads, Method, Series};

/// What to forecast from.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// Volumes per day and interval.
    pub volume: &'a Series,
    /// Handle seconds (volume × AHT) per day and interval, when the history
    /// has a handle time.
    pub work: Option<&'a Series>,
    /// Special days, history and horizon.
    pub holidays: &'a Holidays,
    /// The method asked for; `None` is `auto`.
    pub method: Option<Method>,
}

/// One forecast day.
#[derive(Debug, Clone, PartialEq)]
pub struct Day {
    /// Client-local date.
    pub date: NaiveDate,
    /// Expected contacts per interval.
    pub volume: Vec<f64>,
    /// 10th percentile per interval.
    pub p10: Vec<f64>,
    /// 90th percentile per interval.
    pub p90: Vec<f64>,
    /// Handle time per interval, seconds, when the history has one.
    pub aht_s: Option<Vec<f64>>,
    /// Where the clocks repeat an interval's local time (the day they go
    /// back) and its later reading differs from the first (an intraday
    /// update's actuals): that reading's (volume, P10, P90) by interval.
    /// Otherwise both readings get the interval's figures.
    pub later: std::collections::BTreeMap<usize, [f64; 3]>,
}

impl Day {
    /// (volume, P10, P90) of interval `slot`: its later reading's when
    /// `later` and the day holds one (see [`Day::later`]).
    pub fn reading(&self, slot: usize, later: bool) -> [f64; 3] {
        match self.later.get(&slot) {
            Some(r) if later => *r,
            _ => [self.volume[slot], self.p10[slot], self.p90[slot]],
        }
    }
}

/// A horizon's forecast and how it was made.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    /// The method and its backtest.
    pub choice: Choice,
    /// θ: the share of a closed day's volume its next open day carries,
    /// estimated from the history ([`Special`]); `None` without a case.
    pub displaced: Option<f64>,
    /// The horizon's days.
    pub days: Vec<Day>,
}

/// Forecast `n` days from `start` (on or after the history's end); `auto`
/// chooses by a backtest at the same leads ([`Leads`]).
pub fn forecast(input: Input<'_>, start: NaiveDate, n: usize) -> Result<Output, String> {
    let calendar = Special::new(input.volume, input.holidays);
    let clean = calendar.clean(input.volume);
    let first = (start - clean.all().end()).num_days() + 1;
    let leads = Leads::new(usize::try_from(first).unwrap_or(1), n);
    let choice = choose(&clean, input.method, leads)?;
    let c2 = choice.chosen().map_or(0.0, |s| s.c2);
    let targets: Vec<NaiveDate> = (0..n)
        .map(|i| start + chrono::Days::new(i as u64))
        .collect();
    let means = choice
        .method
        .predict(clean.all(), &targets)
        .ok_or_else(|| format!("method {} cannot run on this history", choice.method.name()))?;
    let aht = input
        .work
        .map(|w| handle_times(input.volume, &clean, w, &targets));
    let days = targets
        .iter()
        .zip(means)
        .enumerate()
        .map(|(i, (date, mut volume))| {
            special::apply(calendar.effect_on(*date), &mut volume);
            let (p10, p90) = volume.iter().map(|m| band(*m, c2)).unzip();
            Day {
                date: *date,
                volume,
                p10,
                p90,
                aht_s: aht.as_ref().map(|a| a[i].clone()),
                later: Default::default(),
            }
        })
        .collect();
    Ok(Output {
        choice,
        displaced: calendar.theta(),
        days,
    })
}

/// The handle time of each target's intervals: Σ handle seconds ÷ Σ volume
/// over the last eight same-weekday days with data, per interval; where
/// those intervals had no volume, the same over the whole day, then over the
/// whole history. `kept` is the history cleaned of special days: only its
/// days with data are used.
pub fn handle_times(
    volume: &Series,
    kept: &Series,
    work: &Series,
    targets: &[NaiveDate],
) -> Vec<Vec<f64>> {
    let sum = |s: &Series, w: chrono::Weekday| -> Vec<f64> {
        let mut out = vec![0.0; s.slots];
        let days: Vec<&[f64]> = (0..s.days.len())
            .rev()
            .filter(|i| s.date(*i).weekday() == w && kept.days[*i].is_some())
            .filter_map(|i| s.days[i].as_deref())
            .take(super::PROFILE_WEEKS)
            .collect();
        for d in days {
            out.iter_mut().zip(d).for_each(|(o, x)| *o += x);
        }
        out
    };
    let all = |s: &Series| -> f64 { s.days.iter().flatten().flatten().sum() };
    let overall = if all(volume) > 0.0 {
        all(work) / all(volume)
    } else {
        0.0
    };
    targets
        .iter()
        .map(|d| {
            let (v, h) = (sum(volume, d.weekday()), sum(work, d.weekday()));
            let (tv, th): (f64, f64) = (v.iter().sum(), h.iter().sum());
            let day = if tv > 0.0 { th / tv } else { overall };
            v.iter()
                .zip(&h)
                .map(|(v, h)| if *v > 0.0 { h / v } else { day })
                .collect()
        })
        .collect()
}

/// The instants of interval `slot` (of `interval_s` seconds) of local
/// `date` in `tz`: one, two where clocks go back (the local time happens
/// twice; each gets the interval's forecast), none where they go forward.
pub fn instants(tz: Tz, date: NaiveDate, slot: usize, interval_s: i64) -> Vec<DateTime<Utc>> {
    let naive =
        date.and_time(chrono::NaiveTime::MIN) + chrono::Duration::seconds(slot as i64 * interval_s);
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => vec![t.with_timezone(&Utc)],
        LocalResult::Ambiguous(a, b) => vec![a.with_timezone(&Utc), b.with_timezone(&Utc)],
        LocalResult::None => Vec::new(),
    }
}
