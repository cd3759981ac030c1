//! Clock times within a day: a time of day (`08:00`), a time range
//! (`22:00-06:00` crosses midnight) and shift start times
//! (`06:00-14:00/30m`, a time, or a list of either).

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer};
use serde::Deserialize;

use super::Duration;

/// A time of day in minutes after midnight, `00:00` to `24:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(pub u32);

impl TimeOfDay {
    /// Minutes after midnight.
    pub fn minutes(self) -> u32 {
        self.0
    }
}

impl FromStr for TimeOfDay {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let bad =
            || format!("expected a time of day like 08:00 or 22:30 (00:00 to 24:00), got `{text}`");
        let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
        if h.is_empty() || h.len() > 2 || m.len() != 2 {
            return Err(bad());
        }
        let h: u32 = h.parse().map_err(|_| bad())?;
        let m: u32 = m.parse().map_err(|_| bad())?;
        if m >= 60 || h > 24 || (h == 24 && m != 0) {
            return Err(bad());
        }
        Ok(TimeOfDay(h * 60 + m))
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// A time of day with an optional UTC offset, `01:30` or `01:30+01:00`
/// (`Z` for +00:00): the offset picks one reading of a time the clocks
/// repeat (01:30 happens twice in London on 2026-10-25).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalClock {
    /// The wall-clock time.
    pub time: TimeOfDay,
    /// The offset, when given.
    pub offset: Option<chrono::FixedOffset>,
}

impl FromStr for LocalClock {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let t = text.trim();
        let bad = || {
            format!("expected a time of day like 12:00, or with its UTC offset like 01:30+01:00, got `{text}`")
        };
        let (time, offset) = match t.find(['+', '-', 'Z']) {
            None => (t, None),
            Some(i) => (&t[..i], Some(&t[i..])),
        };
        let time: TimeOfDay = time.parse().map_err(|_| bad())?;
        let offset = match offset {
            None => None,
            Some("Z") => chrono::FixedOffset::east_opt(0),
            Some(o) => {
                let sign = if o.starts_with('-') { -1 } else { 1 };
                let (h, m) = o[1..].split_once(':').ok_or_else(bad)?;
                let whole = |x: &str| (x.len() == 2).then(|| x.parse::<i32>().ok()).flatten();
                let (h, m) = (whole(h).ok_or_else(bad)?, whole(m).ok_or_else(bad)?);
                if h > 14 || m >= 60 {
                    return Err(bad());
                }
                Some(chrono::FixedOffset::east_opt(sign * (h * 3600 + m * 60)).ok_or_else(bad)?)
            }
        };
        Ok(LocalClock { time, offset })
    }
}

impl fmt::Display for LocalClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.offset {
            Some(o) => write!(f, "{}{o}", self.time),
            None => write!(f, "{}", self.time),
        }
    }
}

/// A time range within a day, `08:00-22:00`; `22:00-06:00` crosses midnight
/// and ends the next morning. `start` and `end` are minutes after the start of
/// the day; `end` may exceed 1440 for a range that crosses midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeRange {
    /// Minutes after midnight.
    pub start: u32,
    /// Minutes after the same midnight (> start; up to 2880).
    pub end: u32,
}

impl TimeRange {
    /// Length in minutes.
    pub fn minutes(self) -> u32 {
        self.end - self.start
    }
}

impl FromStr for TimeRange {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let bad = || {
            format!("expected a time range like 08:00-22:00 (or 22:00-06:00 across midnight), got `{text}`")
        };
        let (a, b) = text.trim().split_once('-').ok_or_else(bad)?;
        let a: TimeOfDay = a.parse().map_err(|_| bad())?;
        let b: TimeOfDay = b.parse().map_err(|_| bad())?;
        if a == b || a.0 == 1440 {
            return Err(format!(
                "time range `{text}` is empty: the end must differ from the start (use 00:00-24:00 for a whole day)"
            ));
        }
        let end = if b.0 > a.0 { b.0 } else { b.0 + 1440 };
        Ok(TimeRange { start: a.0, end })
    }
}

impl fmt::Display for TimeRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let end = if self.end > 1440 {
            self.end - 1440
        } else {
            self.end
        };
        write!(f, "{}-{}", TimeOfDay(self.start), TimeOfDay(end))
    }
}

/// Shift start times: a range with a step, `06:00-14:00/30m` (both ends
/// included; may cross midnight), a single time, or a list of either.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartTimes(pub Vec<u32>);

impl FromStr for StartTimes {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let bad = || {
            format!(
                "expected start times like 06:00-14:00/30m, 07:00 or a list of times, got `{text}`"
            )
        };
        let t = text.trim();
        let Some((range, step)) = t.split_once('/') else {
            let one: TimeOfDay = t.parse().map_err(|_| bad())?;
            return Ok(StartTimes(vec![one.0 % 1440]));
        };
        let step: Duration = step.parse().map_err(|_| bad())?;
        let step = step.whole_minutes().filter(|m| *m > 0).ok_or_else(|| {
            format!("the step in `{text}` must be a whole number of minutes above zero")
        })?;
        let (a, b) = range.split_once('-').ok_or_else(bad)?;
        let a: TimeOfDay = a.parse().map_err(|_| bad())?;
        let b: TimeOfDay = b.parse().map_err(|_| bad())?;
        let end = if b.0 >= a.0 { b.0 } else { b.0 + 1440 };
        let mut starts: Vec<u32> = (a.0..=end)
            .step_by(step as usize)
            .map(|m| m % 1440)
            .collect();
        starts.sort_unstable();
        starts.dedup();
        Ok(StartTimes(starts))
    }
}

deserialize_from_str!(TimeRange, "a time range like 08:00-22:00", |v| Err(
    format!("expected a time range like 08:00-22:00 in quotes, got the number {v}")
));

impl<'de> Deserialize<'de> for StartTimes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            One(String),
            Many(Vec<String>),
        }
        let raw = Raw::deserialize(deserializer).map_err(|_| {
            de::Error::custom("expected start times like \"06:00-14:00/30m\" or a list like [\"06:00\", \"07:30\"]")
        })?;
        let items = match raw {
            Raw::One(s) => vec![s],
            Raw::Many(v) => v,
        };
        let mut all = Vec::new();
        for item in &items {
            all.extend(item.parse::<StartTimes>().map_err(de::Error::custom)?.0);
        }
        all.sort_unstable();
        all.dedup();
        if all.is_empty() {
            return Err(de::Error::custom("the list of start times is empty"));
        }
        Ok(StartTimes(all))
    }
}
