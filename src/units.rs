//! Units parsed once, at the edge: durations (`20s`, `6m`, `1h30m`), service
//! levels (`80/20`), fractions (`0.88` or `88%`), day sets (`mon-fri`), times of
//! day (`08:00`) and time ranges (`22:00-06:00`, may cross midnight).
//!
//! Each type parses from a string with [`std::str::FromStr`]; the error says
//! what would be valid. The serde impls accept the same text (and numbers where
//! a number is unambiguous), so a YAML error carries that message too.

use std::fmt;
use std::str::FromStr;

use chrono::Weekday;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

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

/// Cities that are not IANA zone names but are often written as if they
/// were (`Asia/Lahore`), with the zone they keep. The database names one city
/// per region, so a planner's own city is often missing; nearest-spelling
/// suggestions then point at the wrong country.
const CITY_ZONES: &[(&str, &[&str])] = &[
    (
        "Asia/Karachi",
        &[
            "lahore",
            "islamabad",
            "rawalpindi",
            "faisalabad",
            "peshawar",
            "multan",
            "quetta",
            "sialkot",
            "gujranwala",
            "sargodha",
            "bahawalpur",
            "sukkur",
            "pakistan",
        ],
    ),
    (
        "Asia/Kolkata",
        &[
            "mumbai",
            "bombay",
            "delhi",
            "new_delhi",
            "bangalore",
            "bengaluru",
            "chennai",
            "madras",
            "pune",
            "ahmedabad",
            "noida",
            "gurgaon",
            "gurugram",
            "jaipur",
            "chandigarh",
            "mohali",
            "india",
        ],
    ),
    ("Asia/Dhaka", &["chittagong", "chattogram", "sylhet"]),
    (
        "Asia/Manila",
        &["cebu", "davao", "quezon_city", "makati", "pasig", "taguig"],
    ),
    ("Asia/Dubai", &["abu_dhabi", "sharjah", "ajman", "uae"]),
    (
        "Asia/Riyadh",
        &["jeddah", "mecca", "makkah", "medina", "dammam", "khobar"],
    ),
    (
        "Asia/Shanghai",
        &["beijing", "guangzhou", "shenzhen", "chengdu", "hangzhou"],
    ),
    ("Asia/Ho_Chi_Minh", &["hanoi", "saigon", "da_nang"]),
    ("Africa/Cairo", &["alexandria", "giza"]),
    ("Africa/Johannesburg", &["cape_town", "durban", "pretoria"]),
    ("Africa/Lagos", &["abuja"]),
    ("Africa/Casablanca", &["rabat", "marrakesh", "fes"]),
    ("Europe/Istanbul", &["ankara", "izmir"]),
    (
        "Europe/London",
        &[
            "manchester",
            "birmingham",
            "glasgow",
            "edinburgh",
            "cardiff",
            "leeds",
            "liverpool",
            "bristol",
        ],
    ),
    (
        "Europe/Berlin",
        &["frankfurt", "munich", "hamburg", "cologne", "dusseldorf"],
    ),
    (
        "Europe/Madrid",
        &["barcelona", "valencia", "seville", "malaga"],
    ),
    ("Europe/Rome", &["milan", "naples", "turin"]),
    ("Europe/Zurich", &["geneva", "basel", "bern"]),
    (
        "America/New_York",
        &[
            "boston",
            "washington",
            "atlanta",
            "miami",
            "philadelphia",
            "charlotte",
            "orlando",
            "tampa",
            "pittsburgh",
            "baltimore",
        ],
    ),
    (
        "America/Chicago",
        &[
            "dallas",
            "houston",
            "austin",
            "san_antonio",
            "minneapolis",
            "st_louis",
            "kansas_city",
            "nashville",
            "new_orleans",
        ],
    ),
    ("America/Denver", &["salt_lake_city", "albuquerque"]),
    (
        "America/Los_Angeles",
        &[
            "san_francisco",
            "seattle",
            "san_diego",
            "las_vegas",
            "portland",
            "san_jose",
            "sacramento",
        ],
    ),
    ("America/Toronto", &["ottawa", "quebec"]),
    ("America/Edmonton", &["calgary"]),
    ("America/Mexico_City", &["guadalajara"]),
    ("America/Sao_Paulo", &["rio_de_janeiro", "rio", "brasilia"]),
    ("Australia/Brisbane", &["gold_coast"]),
];

/// An IANA time zone by name (as chrono-tz knows it, links like US/Eastern
/// included). An unknown name gets the zone of the city it names, when it is
/// a well-known city without a zone of its own (`Asia/Lahore` → Asia/Karachi),
/// else the nearest spellings.
pub fn parse_timezone(name: &str) -> Result<chrono_tz::Tz, String> {
    if let Ok(tz) = name.trim().parse::<chrono_tz::Tz>() {
        return Ok(tz);
    }
    const HINT: &str = "use an IANA name like Asia/Karachi, America/New_York or Europe/London";
    if let Some(tz) = chrono_tz::TZ_VARIANTS
        .iter()
        .find(|t| t.name().eq_ignore_ascii_case(name.trim()))
    {
        return Err(format!(
            "unknown time zone `{name}`; zone names are case-sensitive: did you mean `{}`?",
            tz.name()
        ));
    }
    let city = name
        .trim()
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_lowercase()
        .replace([' ', '-'], "_");
    if let Some((zone, _)) = CITY_ZONES
        .iter()
        .find(|(_, cities)| cities.contains(&city.as_str()))
    {
        return Err(format!(
            "unknown time zone `{name}`: the time zone database names one city per zone, and {} keeps the time of `{zone}`: write timezone: {zone}",
            name.trim().rsplit('/').next().unwrap_or_default().replace('_', " ")
        ));
    }
    let names = chrono_tz::TZ_VARIANTS.iter().map(|t| t.name());
    Err(format!(
        "unknown time zone `{name}`{}; {HINT}",
        crate::error::did_you_mean(name, names)
    ))
}

/// Shortest average handle time taken as meant: no contact an agent handles,
/// voice, chat or e-mail, averages under 10 seconds, so `aht: 6s` is almost
/// surely 6 minutes.
pub const MIN_HANDLE_TIME_S: f64 = 10.0;

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

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// A share in [0, 1], written `0.88` or `88%`.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Fraction(pub f64);

const FRACTION_HINT: &str = "a fraction from 0 to 1 like 0.25, or a percentage like 25%";

impl Fraction {
    fn checked(value: f64, text: &str) -> Result<Self, String> {
        if value.is_finite() && (0.0..=1.0).contains(&value) {
            Ok(Fraction(value))
        } else {
            Err(format!("expected {FRACTION_HINT}, got `{text}`"))
        }
    }
}

impl FromStr for Fraction {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let s = text.trim();
        let bad = || format!("expected {FRACTION_HINT}, got `{text}`");
        match s.strip_suffix('%') {
            Some(pct) => {
                Fraction::checked(pct.trim().parse::<f64>().map_err(|_| bad())? / 100.0, text)
            }
            None => Fraction::checked(s.parse().map_err(|_| bad())?, text),
        }
    }
}

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

/// Deserialize any `FromStr` unit from a YAML string; a bare number is only
/// accepted by `from_number` (for fractions), otherwise it is an error that
/// asks for the unit.
macro_rules! deserialize_from_str {
    ($ty:ty, $expecting:expr, $from_number:expr) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$ty, E> {
                        v.parse().map_err(E::custom)
                    }
                    fn visit_f64<E: de::Error>(self, v: f64) -> Result<$ty, E> {
                        let from_number: fn(f64) -> Result<$ty, String> = $from_number;
                        from_number(v).map_err(E::custom)
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<$ty, E> {
                        self.visit_f64(v as f64)
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<$ty, E> {
                        self.visit_f64(v as f64)
                    }
                }
                deserializer.deserialize_any(V)
            }
        }
    };
}

deserialize_from_str!(Duration, DURATION_HINT, |v| Err(format!(
    "`{v}` has no unit: write {DURATION_HINT}"
)));
deserialize_from_str!(ServiceLevel, SL_HINT, |v| Err(format!(
    "expected {SL_HINT}, got the number {v}"
)));
deserialize_from_str!(Fraction, FRACTION_HINT, |v| Fraction::checked(
    v,
    &v.to_string()
));
deserialize_from_str!(DaySet, DAYSET_HINT, |v| Err(format!(
    "expected {DAYSET_HINT}, got the number {v}"
)));
deserialize_from_str!(TimeRange, "a time range like 08:00-22:00", |v| Err(
    format!("expected a time range like 08:00-22:00 in quotes, got the number {v}")
));
deserialize_from_str!(DurationRange, "a window like 3h-5h", |v| Err(format!(
    "expected a window like 3h-5h, got the number {v}"
)));

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

/// Round to `digits` decimals, for numbers meant for people (and stable text).
pub fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    let r = (x * f).round() / f;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!("20s".parse::<Duration>().unwrap().secs(), 20.0);
        assert_eq!("6m".parse::<Duration>().unwrap().secs(), 360.0);
        assert_eq!("1h30m".parse::<Duration>().unwrap().secs(), 5400.0);
        assert_eq!("4.5m".parse::<Duration>().unwrap().secs(), 270.0);
        assert_eq!("1h0m15s".parse::<Duration>().unwrap().secs(), 3615.0);
        assert!("360"
            .parse::<Duration>()
            .unwrap_err()
            .contains("has no unit"));
        assert!("6 minutes".parse::<Duration>().is_err());
        assert!("30m1h".parse::<Duration>().is_err());
        assert!("".parse::<Duration>().is_err());
        assert!("m".parse::<Duration>().is_err());
        assert_eq!(Duration(5400.0).to_string(), "1h30m");
        assert_eq!(Duration(20.0).to_string(), "20s");
    }

    #[test]
    fn cities_without_a_zone_point_to_their_zone() {
        for city in [
            "Asia/Lahore",
            "Asia/Islamabad",
            "Lahore",
            "asia/rawalpindi",
            "Asia/Faisalabad",
            "Asia/Peshawar",
            "Asia/Multan",
        ] {
            let e = parse_timezone(city).unwrap_err();
            assert!(e.contains("write timezone: Asia/Karachi"), "{city}: {e}");
        }
        for city in [
            "Asia/Mumbai",
            "Asia/Delhi",
            "Asia/New_Delhi",
            "Asia/Bangalore",
        ] {
            let e = parse_timezone(city).unwrap_err();
            assert!(e.contains("write timezone: Asia/Kolkata"), "{city}: {e}");
        }
        // Links and case slips.
        assert!(parse_timezone("US/Eastern").is_ok());
        assert!(parse_timezone("Asia/Calcutta").is_ok());
        let e = parse_timezone("asia/karachi").unwrap_err();
        assert!(e.ends_with("did you mean `Asia/Karachi`?"), "{e}");
        // A typo still gets the nearest spellings.
        let e = parse_timezone("Asia/Karachy").unwrap_err();
        assert!(e.contains("`Asia/Karachi`"), "{e}");
    }

    #[test]
    fn handle_times_under_ten_seconds_are_slips() {
        let e = check_handle_time(6.0).unwrap_err();
        assert!(e.ends_with("did you mean 6m?"), "{e}");
        assert!(e.contains("a handle time of 6s"), "{e}");
        assert!(check_handle_time(9.5).is_err());
        assert!(check_handle_time(10.0).is_ok());
        assert!(check_handle_time(240.0).is_ok());
    }

    #[test]
    fn service_levels() {
        let sl: ServiceLevel = "80/20".parse().unwrap();
        assert_eq!((sl.fraction, sl.seconds), (0.8, 20.0));
        let sl: ServiceLevel = "90/15s".parse().unwrap();
        assert_eq!((sl.fraction, sl.seconds), (0.9, 15.0));
        assert!("120/20"
            .parse::<ServiceLevel>()
            .unwrap_err()
            .contains("outside (0, 100]"));
        assert!("0/20".parse::<ServiceLevel>().is_err());
        assert!("80".parse::<ServiceLevel>().is_err());
        assert!("80/-5".parse::<ServiceLevel>().is_err());
        // A fraction where the percent goes, and the numbers swapped.
        let e = "0.8/20".parse::<ServiceLevel>().unwrap_err();
        assert!(e.contains("reads as 0.8% answered within 20 s"), "{e}");
        assert!(e.ends_with("did you mean 80/20?"), "{e}");
        let e = "20/80s".parse::<ServiceLevel>().unwrap_err();
        assert!(e.ends_with("did you mean 80/20?"), "{e}");
        // Low but plausible targets, and long thresholds, still pass.
        for ok in ["50/60", "60/40", "1/20", "80/300", "95/5"] {
            assert!(ok.parse::<ServiceLevel>().is_ok(), "{ok}");
        }
    }

    #[test]
    fn fractions() {
        assert_eq!("0.88".parse::<Fraction>().unwrap().0, 0.88);
        assert_eq!("88%".parse::<Fraction>().unwrap().0, 0.88);
        assert!("1.5".parse::<Fraction>().is_err());
        assert!("-0.1".parse::<Fraction>().is_err());
        assert!("NaN".parse::<Fraction>().is_err());
    }

    #[test]
    fn day_sets() {
        let wk: DaySet = "mon-fri".parse().unwrap();
        assert!(wk.contains(Weekday::Mon) && wk.contains(Weekday::Fri));
        assert!(!wk.contains(Weekday::Sat));
        let wrap: DaySet = "fri-mon".parse().unwrap();
        assert_eq!(wrap.days().count(), 4);
        assert_eq!("mon-sun".parse::<DaySet>().unwrap(), DaySet::ALL);
        assert_eq!("mon,wed".parse::<DaySet>().unwrap().to_string(), "mon,wed");
        assert!("mon-fry".parse::<DaySet>().is_err());
    }

    #[test]
    fn time_ranges() {
        let r: TimeRange = "08:00-22:00".parse().unwrap();
        assert_eq!((r.start, r.end), (480, 1320));
        let r: TimeRange = "22:00-06:00".parse().unwrap();
        assert_eq!((r.start, r.end), (1320, 1800));
        let r: TimeRange = "00:00-24:00".parse().unwrap();
        assert_eq!(r.minutes(), 1440);
        assert!("08:00-08:00"
            .parse::<TimeRange>()
            .unwrap_err()
            .contains("empty"));
        assert!("25:00-26:00".parse::<TimeRange>().is_err());
        assert!("8-22".parse::<TimeRange>().is_err());
    }

    #[test]
    fn start_times() {
        let s: StartTimes = "06:00-14:00/30m".parse().unwrap();
        assert_eq!(s.0.len(), 17);
        assert_eq!(s.0[0], 360);
        let s: StartTimes = "22:00-02:00/1h".parse().unwrap();
        assert_eq!(s.0, vec![0, 60, 120, 1320, 1380]);
        assert!("06:00-14:00/0m".parse::<StartTimes>().is_err());
    }
}
