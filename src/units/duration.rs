//! Durations (`20s`, `6m`, `1h30m`, `4.5m`), windows of durations after a
//! shift start (`3h-5h`), and the shortest handle time taken as meant.

use std::fmt;
use std::str::FromStr;

use super::rounding::round6;

/// A length of time in seconds (may be fractional: `4.5m` is 270 s).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Duration(pub f64);

impl Duration {
    /// Seconds.
    pub fn secs(self) -> f64 {
        self.0
    }

    /// Whole minutes, when the duration is a whole number of minutes.
    pub fn whole_minutes(self) -> Option<u32> {
        let m = self.0 / 60.0;
        (m.fract() == 0.0 && m >= 0.0 && m <= u32::MAX as f64).then_some(m as u32)
    }
}

const DURATION_HINT: &str = "a duration with a unit, like 20s, 6m, 1h30m or 4.5m";

impl FromStr for Duration {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let s = text.trim();
        let bad = || format!("expected {DURATION_HINT}, got `{text}`");
        if s.is_empty() {
            return Err(bad());
        }
        let mut total = 0.0;
        let mut rest = s;
        let mut last_rank = 0;
        while !rest.is_empty() {
            let digits = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .ok_or_else(|| {
                    if rest.parse::<f64>().is_ok() && rest.len() == s.len() {
                        format!("`{text}` has no unit: write {DURATION_HINT}")
                    } else {
                        bad()
                    }
                })?;
            if digits == 0 {
                return Err(bad());
            }
            let number: f64 = rest[..digits].parse().map_err(|_| bad())?;
            rest = &rest[digits..];
            let unit_len = rest
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(rest.len());
            let (scale, rank) = match &rest[..unit_len] {
                "h" => (3600.0, 1),
                "m" | "min" => (60.0, 2),
                "s" => (1.0, 3),
                _ => return Err(bad()),
            };
            if rank <= last_rank {
                return Err(bad());
            }
            last_rank = rank;
            total += number * scale;
            rest = &rest[unit_len..];
        }
        Ok(Duration(total))
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        if s.fract() != 0.0 {
            return write!(f, "{s}s");
        }
        let whole = s as u64;
        let (h, m, sec) = (whole / 3600, whole / 60 % 60, whole % 60);
        let mut out = String::new();
        if h > 0 {
            out += &format!("{h}h");
        }
        if m > 0 {
            out += &format!("{m}m");
        }
        if sec > 0 || out.is_empty() {
            out += &format!("{sec}s");
        }
        f.write_str(&out)
    }
}

/// A span of durations, `3h-5h`: a window relative to a shift's start.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DurationRange {
    /// Earliest offset.
    pub from: Duration,
    /// Latest offset (inclusive).
    pub to: Duration,
}

impl FromStr for DurationRange {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let bad = || {
            format!(
                "expected a window like 3h-5h or 1h30m-2h30m (after the shift start), got `{text}`"
            )
        };
        let (a, b) = text.trim().split_once('-').ok_or_else(bad)?;
        let from: Duration = a.parse().map_err(|_| bad())?;
        let to: Duration = b.parse().map_err(|_| bad())?;
        if to.0 < from.0 {
            return Err(format!("window `{text}` ends before it starts"));
        }
        Ok(DurationRange { from, to })
    }
}

/// Shortest average handle time taken as meant: no contact an agent handles,
/// voice, chat or e-mail, averages under 10 seconds, so `aht: 6s` is almost
/// surely 6 minutes.
pub const MIN_HANDLE_TIME_S: f64 = 10.0;

/// A forecast interval in whole seconds: a whole number of 5 minutes that
/// divides a day (15m, 30m, 1h), so a client day has a whole number of them.
pub fn forecast_interval_s(d: Duration) -> Result<i64, String> {
    let s = d.secs();
    if s >= 300.0 && s.fract() == 0.0 && (s as i64) % 300 == 0 && 86_400 % (s as i64) == 0 {
        Ok(s as i64)
    } else {
        Err(format!(
            "expected an interval of whole 5 minutes that divides a day, like 15m, 30m or 1h, got {d}"
        ))
    }
}

/// Refuse a positive handle time under [`MIN_HANDLE_TIME_S`] as a slip,
/// saying what was probably meant (the same number in minutes).
pub fn check_handle_time(secs: f64) -> Result<(), String> {
    if secs > 0.0 && secs < MIN_HANDLE_TIME_S {
        return Err(format!(
            "a handle time of {} is shorter than any contact an agent handles (under {}): did you mean {}m?",
            Duration(secs),
            Duration(MIN_HANDLE_TIME_S),
            round6(secs)
        ));
    }
    Ok(())
}

deserialize_from_str!(Duration, DURATION_HINT, |v| Err(format!(
    "`{v}` has no unit: write {DURATION_HINT}"
)));
deserialize_from_str!(DurationRange, "a window like 3h-5h", |v| Err(format!(
    "expected a window like 3h-5h, got the number {v}"
)));
