//! Forecasting contact volumes from interval history: pure functions, no I/O.
//!
//! The input is a [`Series`]: one entry per client-local calendar day from
//! its first date, each either `None` (no data: closed or missing, never
//! zeros) or the day's volumes per interval of the day (an explicit 0 is a
//! real zero). Every method indexes days by calendar date and weekday, never
//! by position, so a missing day cannot shift the weekly pattern, and no
//! method assumes which weekdays are open (a Sunday–Thursday week works as a
//! Monday–Friday one does).
//!
//! The methods (formulas and references in docs/maths.md and in each file):
//! seasonal naive and the same-weekday k-week averages ([`naive`]), a level
//! × weekday factor × intraday profile model with an exponentially smoothed
//! level, a damped-trend Holt-Winters model on daily totals
//! ([`smoothed`]), and the 8-week average corrected by a day-of-month
//! factor and an autoregression on its ratio to the actual ([`ratio`]),
//! and the equal-weight mean of the last and Holt-Winters ([`combined`]).
//! [`backtest`] scores them by rolling origin and picks one
//! for `auto`; [`metrics`] holds the accuracy measures; [`special`] the
//! holiday effects; [`interval`] the P10/P90 band and the intraday update.

pub mod backtest;
pub mod combined;
pub mod horizon;
pub mod interval;
pub mod metrics;
pub mod naive;
pub mod ratio;
pub mod smoothed;
pub mod special;

use chrono::{Datelike, NaiveDate};

pub use backtest::{choose, score_history, Choice, Leads, Scored};

/// Days of history the weekday profiles and factors look back over.
pub const PROFILE_WEEKS: usize = 8;

/// Volumes per client-local day and interval of the day.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The calendar date of `days[0]`.
    pub first: NaiveDate,
    /// Intervals in a day (48 for 30 minutes).
    pub slots: usize,
    /// One entry per calendar day: `None` is no data, else `slots` volumes.
    pub days: Vec<Option<Vec<f64>>>,
}

impl Series {
    /// The history before `origin` (an index into `days`), as a view.
    pub fn view(&self, origin: usize) -> View<'_> {
        View {
            first: self.first,
            slots: self.slots,
            days: &self.days[..origin.min(self.days.len())],
        }
    }

    /// The history before `origin`, owned.
    pub fn prefix(&self, origin: usize) -> Series {
        Series {
            first: self.first,
            slots: self.slots,
            days: self.days[..origin.min(self.days.len())].to_vec(),
        }
    }

    /// The whole history as a view.
    pub fn all(&self) -> View<'_> {
        self.view(self.days.len())
    }

    /// The date of day `i`.
    pub fn date(&self, i: usize) -> NaiveDate {
        self.first + chrono::Days::new(i as u64)
    }

    /// The index of `date`, when it is in the series.
    pub fn index(&self, date: NaiveDate) -> Option<usize> {
        let i = usize::try_from((date - self.first).num_days()).ok()?;
        (i < self.days.len()).then_some(i)
    }
}

/// A borrowed stretch of history from its first day: what a method may see.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    /// The calendar date of `days[0]`.
    pub first: NaiveDate,
    /// Intervals in a day.
    pub slots: usize,
    /// One entry per calendar day, `None` for no data.
    pub days: &'a [Option<Vec<f64>>],
}

impl View<'_> {
    /// The date of day `i`.
    pub fn date(&self, i: usize) -> NaiveDate {
        self.first + chrono::Days::new(i as u64)
    }

    /// The first date after the view: the forecast origin.
    pub fn end(&self) -> NaiveDate {
        self.date(self.days.len())
    }

    /// The last `k` days with data on `weekday`, newest first, going back
    /// over the whole view by calendar date (a missing day is skipped, never
    /// replaced by its neighbour).
    pub fn same_weekday(&self, weekday: chrono::Weekday, k: usize) -> Vec<&[f64]> {
        let mut out = Vec::new();
        let mut i = self.days.len();
        while i > 0 && out.len() < k {
            i -= 1;
            if self.date(i).weekday() == weekday {
                if let Some(d) = &self.days[i] {
                    out.push(d.as_slice());
                }
            }
        }
        out
    }

    /// Each weekday's intraday shares (Monday first) over the last
    /// [`PROFILE_WEEKS`] days of that weekday with data: Σ volume in the
    /// interval ÷ Σ volume of those days. A weekday with no volume gets
    /// all zeros (it is closed).
    pub fn profiles(&self) -> [Vec<f64>; 7] {
        std::array::from_fn(|w| {
            let days = self.same_weekday(weekday(w), PROFILE_WEEKS);
            let mut p = vec![0.0; self.slots];
            for d in &days {
                for (a, x) in p.iter_mut().zip(d.iter()) {
                    *a += x;
                }
            }
            let total: f64 = p.iter().sum();
            if total > 0.0 {
                p.iter_mut().for_each(|x| *x /= total);
            }
            p
        })
    }
}

/// Weekday `w`, 0 = Monday.
pub fn weekday(w: usize) -> chrono::Weekday {
    chrono::Weekday::try_from((w % 7) as u8).unwrap_or(chrono::Weekday::Mon)
}

/// A forecasting method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    /// The same interval on the last day of the same weekday with data.
    SeasonalNaive,
    /// The mean of the last 4 same-weekday days with data.
    Average4,
    /// The mean of the last 8 same-weekday days with data.
    Average8,
    /// Smoothed daily level × weekday factor × weekday intraday profile.
    Smoothed,
    /// Damped-trend Holt-Winters on daily totals × weekday intraday profile.
    HoltWinters,
    /// The 8-week average × a day-of-month factor × an AR(1) on its ratio.
    RatioAr,
    /// The mean of ratio-ar's and Holt-Winters' forecasts.
    Combined,
}

impl Method {
    /// Every method, in the order tables list them.
    pub const ALL: [Method; 7] = [
        Method::SeasonalNaive,
        Method::Average4,
        Method::Average8,
        Method::Smoothed,
        Method::HoltWinters,
        Method::RatioAr,
        Method::Combined,
    ];

    /// The name on the command line and in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Method::SeasonalNaive => "seasonal-naive",
            Method::Average4 => "average-4",
            Method::Average8 => "average-8",
            Method::Smoothed => "smoothed",
            Method::HoltWinters => "holt-winters",
            Method::RatioAr => "ratio-ar",
            Method::Combined => "combined",
        }
    }

    /// What `--method` and `method:` accept, in words.
    pub fn choices() -> String {
        let names: Vec<&str> = Method::ALL.iter().map(|m| m.name()).collect();
        format!("auto, {}", names.join(", "))
    }

    /// The method named `name`.
    pub fn parse(name: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.name() == name)
    }

    /// Calendar days of history the method needs before its origin.
    pub fn min_days(self) -> usize {
        match self {
            Method::SeasonalNaive => 7,
            Method::Average4 => 28,
            Method::Average8 => 56,
            Method::Smoothed => 14,
            Method::HoltWinters => 21,
            Method::RatioAr | Method::Combined => 42,
        }
    }

    /// The forecast of each day of `targets` (dates on or after the view's
    /// end), one volume per interval; `None` when the view is shorter than
    /// [`Method::min_days`].
    pub fn predict(self, view: View<'_>, targets: &[NaiveDate]) -> Option<Vec<Vec<f64>>> {
        if view.days.len() < self.min_days() {
            return None;
        }
        Some(match self {
            Method::SeasonalNaive => naive::average(view, targets, 1),
            Method::Average4 => naive::average(view, targets, 4),
            Method::Average8 => naive::average(view, targets, 8),
            Method::Smoothed => smoothed::level_model(view, targets),
            Method::HoltWinters => smoothed::holt_winters(view, targets),
            Method::RatioAr => ratio::corrected_average(view, targets),
            Method::Combined => combined::ratio_and_holt_winters(view, targets),
        })
    }
}

/// The daily totals of a view (`None` for no data).
pub fn totals(view: View<'_>) -> Vec<Option<f64>> {
    view.days
        .iter()
        .map(|d| d.as_ref().map(|d| d.iter().sum()))
        .collect()
}

#[cfg(test)]
mod tests;
