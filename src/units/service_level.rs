//! Service-level targets: `80/20` (percent answered / seconds), with the two
//! slips that would plan for the wrong target refused.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;

use super::rounding::round6;

/// A service-level target: `fraction` of contacts answered within `seconds`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServiceLevel {
    /// Share answered in time, in (0, 1].
    pub fraction: f64,
    /// The threshold T, seconds.
    pub seconds: f64,
}

const SL_HINT: &str =
    "a service level like 80/20 or 80/20s (percent answered / seconds), percent in (0, 100]";

impl FromStr for ServiceLevel {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let bad = || format!("expected {SL_HINT}, got `{text}`");
        let (pct, secs) = text.trim().split_once('/').ok_or_else(bad)?;
        let pct: f64 = pct
            .trim()
            .trim_end_matches('%')
            .parse()
            .map_err(|_| bad())?;
        let secs = secs.trim();
        let secs: f64 = secs
            .strip_suffix('s')
            .unwrap_or(secs)
            .trim()
            .parse()
            .map_err(|_| bad())?;
        if !(pct > 0.0 && pct <= 100.0) {
            return Err(format!(
                "service level {pct}% is outside (0, 100]: expected {SL_HINT}"
            ));
        }
        if !(secs.is_finite() && secs >= 0.0) {
            return Err(format!(
                "service-level seconds must be 0 or more, got `{text}`"
            ));
        }
        // Two slips that would otherwise plan silently for the wrong target:
        // a fraction where the percent goes (0.8/20 is 0.8 %, not 80 %), and
        // the two numbers swapped (20/80: 20 % within 80 s, where targets
        // put the larger share first, like 80/20 or 90/30).
        let secs_text = secs.to_string();
        if pct < 1.0 {
            return Err(format!(
                "`{}` reads as {pct}% answered within {secs_text} s; the percent comes first, from 1 to 100: did you mean {}/{secs_text}?",
                text.trim(),
                round6(pct * 100.0)
            ));
        }
        if pct < 50.0 && (50.0..=100.0).contains(&secs) && secs > pct {
            return Err(format!(
                "`{}` reads as {pct}% answered within {secs_text} s, a target no contract sets; percent first, then seconds: did you mean {secs_text}/{pct}?",
                text.trim()
            ));
        }
        Ok(ServiceLevel {
            fraction: pct / 100.0,
            seconds: secs,
        })
    }
}

impl fmt::Display for ServiceLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", round6(self.fraction * 100.0), self.seconds)
    }
}

deserialize_from_str!(ServiceLevel, SL_HINT, |v| Err(format!(
    "expected {SL_HINT}, got the number {v}"
)));

/// The window a service-level target is measured over (`service_level:
/// {target: 80/20, over: day}`): every interval on its own (the scalar
/// form), or the client's local day, ISO week, calendar month, or the whole
/// horizon. SL over a window = answered within T ÷ offered, summed over its
/// intervals.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    serde::Deserialize,
    serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Over {
    /// Every interval meets the target (today's plans).
    #[default]
    Interval,
    /// The client's local calendar day.
    Day,
    /// The client's local ISO week (Monday to Sunday).
    Week,
    /// The client's local calendar month.
    Month,
    /// The whole planning horizon.
    Horizon,
}

/// One window of a queue's service level: its label (`2026-03-02`,
/// `2026-W10`, `2026-03`, `horizon`) and the grid intervals in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    /// The window as the client names it.
    pub label: String,
    /// Indices of the intervals that start in it, ascending.
    pub intervals: Vec<usize>,
}

impl Over {
    /// The label of the window holding the interval that starts at `at`,
    /// in the client's zone `tz` (for `Interval`, the client-local start).
    pub fn label(self, at: DateTime<Utc>, tz: Tz) -> String {
        let local = at.with_timezone(&tz);
        match self {
            Over::Interval => local.format("%Y-%m-%dT%H:%M").to_string(),
            Over::Day => local.format("%Y-%m-%d").to_string(),
            Over::Week => {
                let w = local.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            Over::Month => local.format("%Y-%m").to_string(),
            Over::Horizon => "horizon".to_string(),
        }
    }

    /// The windows of the intervals starting at `starts` (in time order),
    /// grouped by [`Over::label`] in the client's zone `tz`, in order of
    /// their first interval. Time runs forward, so a window's intervals are
    /// consecutive.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use staffplan::units::Over;
    /// // Midnight to 06:00 UTC in hours is 19:00 to 01:00 in New York (EST):
    /// // five hours on Sunday 1 March, one on Monday 2 March.
    /// let starts = (0..6).map(|h| Utc.with_ymd_and_hms(2026, 3, 2, h, 0, 0).unwrap());
    /// let days = Over::Day.windows(starts, chrono_tz::America::New_York);
    /// assert_eq!(days.len(), 2);
    /// assert_eq!((days[0].label.as_str(), days[0].intervals.len()), ("2026-03-01", 5));
    /// assert_eq!((days[1].label.as_str(), days[1].intervals.clone()), ("2026-03-02", vec![5]));
    /// ```
    pub fn windows(self, starts: impl IntoIterator<Item = DateTime<Utc>>, tz: Tz) -> Vec<Window> {
        let mut out: Vec<Window> = Vec::new();
        for (i, at) in starts.into_iter().enumerate() {
            let label = self.label(at, tz);
            match out.last_mut() {
                Some(w) if w.label == label => w.intervals.push(i),
                _ => out.push(Window {
                    label,
                    intervals: vec![i],
                }),
            }
        }
        out
    }
}

impl fmt::Display for Over {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Over::Interval => "interval",
            Over::Day => "day",
            Over::Week => "week",
            Over::Month => "month",
            Over::Horizon => "horizon",
        })
    }
}
