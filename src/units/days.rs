//! Weekdays by name and sets of them: `mon-fri`, `sat`, `mon,wed,fri`,
//! `fri-mon` (wrapping past Sunday), `daily`.

use std::fmt;
use std::str::FromStr;

use chrono::Weekday;

/// A set of weekdays: `mon-fri`, `sat`, `mon,wed,fri`, `fri-sun`, `mon-sun`,
/// `daily`. Ranges may wrap past Sunday (`fri-mon`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct DaySet(u8);

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DAYSET_HINT: &str = "days like mon-fri, sat, mon,wed,fri, fri-sun or daily";

impl DaySet {
    /// Every day of the week.
    pub const ALL: DaySet = DaySet(0x7f);

    /// Does the set hold this weekday?
    pub fn contains(self, day: Weekday) -> bool {
        self.0 & (1 << day.num_days_from_monday()) != 0
    }

    /// The set with one more day.
    pub fn with(self, day: Weekday) -> DaySet {
        DaySet(self.0 | (1 << day.num_days_from_monday()))
    }

    /// Days in either set.
    pub fn union(self, other: DaySet) -> DaySet {
        DaySet(self.0 | other.0)
    }

    /// Days in both sets.
    pub fn intersection(self, other: DaySet) -> DaySet {
        DaySet(self.0 & other.0)
    }

    /// The set without `day`.
    pub fn without(self, day: Weekday) -> DaySet {
        DaySet(self.0 & !(1 << day.num_days_from_monday()))
    }

    /// No day at all?
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The weekdays in the set, Monday first.
    pub fn days(self) -> impl Iterator<Item = Weekday> {
        (0..7u8)
            .filter(move |i| self.0 & (1 << i) != 0)
            .filter_map(|i| Weekday::try_from(i).ok())
    }
}

/// A weekday from its three-letter (or full English) name.
pub fn parse_weekday(text: &str) -> Option<Weekday> {
    let t = text.trim().to_ascii_lowercase();
    DAYS.iter()
        .position(|d| t == *d || (t.len() > 3 && t.starts_with(d) && full_day_name(d) == t))
        .and_then(|i| Weekday::try_from(i as u8).ok())
}

fn full_day_name(short: &str) -> &'static str {
    match short {
        "mon" => "monday",
        "tue" => "tuesday",
        "wed" => "wednesday",
        "thu" => "thursday",
        "fri" => "friday",
        "sat" => "saturday",
        _ => "sunday",
    }
}

/// Three-letter lower-case name of a weekday.
pub fn weekday_name(day: Weekday) -> &'static str {
    DAYS[day.num_days_from_monday() as usize]
}

impl FromStr for DaySet {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let bad = || format!("expected {DAYSET_HINT}, got `{text}`");
        let t = text.trim().to_ascii_lowercase();
        if t == "daily" || t == "all" {
            return Ok(DaySet::ALL);
        }
        let mut set = DaySet::default();
        for part in t.split(',') {
            match part.split_once('-') {
                Some((a, b)) => {
                    let a = parse_weekday(a).ok_or_else(bad)?;
                    let b = parse_weekday(b).ok_or_else(bad)?;
                    let mut d = a;
                    loop {
                        set = set.with(d);
                        if d == b {
                            break;
                        }
                        d = d.succ();
                    }
                }
                None => set = set.with(parse_weekday(part).ok_or_else(bad)?),
            }
        }
        Ok(set)
    }
}

impl fmt::Display for DaySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == DaySet::ALL {
            return f.write_str("mon-sun");
        }
        let names: Vec<&str> = self.days().map(weekday_name).collect();
        f.write_str(&names.join(","))
    }
}

deserialize_from_str!(DaySet, DAYSET_HINT, |v| Err(format!(
    "expected {DAYSET_HINT}, got the number {v}"
)));
