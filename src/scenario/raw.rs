//! The scenario exactly as written in YAML: serde types with units already
//! parsed (see [`crate::units`]) but nothing cross-checked yet. Every struct
//! denies unknown keys, so a typo is an error with the nearest valid key.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;

mod sites;
pub(crate) use sites::{RawHoliday, RawSiteOf, RawSplitPart};

use crate::units::{
    DaySet, Duration, DurationRange, Fraction, Over, ServiceLevel, StartTimes, TimeRange,
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawScenario {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub site: RawSite,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub shrinkage: Option<BTreeMap<String, Fraction>>,
    pub pools: Vec<RawPool>,
    #[serde(default)]
    pub queues: Vec<RawQueue>,
    #[serde(default)]
    pub shifts: Option<RawShifts>,
    #[serde(default)]
    pub costs: Option<RawCosts>,
    #[serde(default)]
    pub rules: Option<RawRules>,
    #[serde(default)]
    pub agents: Option<RawAgents>,
    #[serde(default)]
    pub what_if: Vec<RawWhatIf>,
    #[serde(default)]
    pub capacity: Option<super::capacity::RawCapacity>,
    #[serde(default)]
    pub routing: Option<Routing>,
    #[serde(default)]
    pub sites: Vec<RawSiteOf>,
    #[serde(default)]
    pub trunks: Vec<RawTrunk>,
}

/// One trunk group of `trunks:`: lines shared by some queues.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTrunk {
    /// Signed, so that `-1` is refused with the valid range, not serde's
    /// "a whole number, not negative" (0 is refused too).
    pub lines: i64,
    pub queues: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSite {
    pub timezone: String,
    pub start: String,
    pub days: Option<u32>,
    pub interval: Option<Duration>,
    pub cyclic: Option<bool>,
    #[serde(default)]
    pub holidays: Vec<RawHoliday>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPool {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub pooling: Option<Pooling>,
    #[serde(default)]
    pub shrinkage: Option<BTreeMap<String, Fraction>>,
    #[serde(default)]
    pub requirement: Option<RawCsvRef>,
    #[serde(default)]
    pub serves: Option<Vec<String>>,
    #[serde(default)]
    pub site: Option<String>,
}

/// How the simulation routes a new contact among the free agents who can
/// take it (a freed agent always takes the longest-waiting contact it can).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Routing {
    /// The first free agent of the first group, in the queue's group order.
    #[default]
    Priority,
    /// A free agent drawn uniformly among all free agents of the queue's groups.
    Random,
}

/// How a pool turns its queues into one requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Pooling {
    /// The pool's queues are one Erlang queue (agents take any of them, FIFO).
    Merged,
    /// Each queue is staffed on its own; the pool needs the sum.
    Separate,
}

/// The kind of work a queue carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// Calls: Erlang C, or Erlang A with patience.
    Voice,
    /// Chats: sessions as Erlang C/A, several per agent.
    Chat,
    /// Deferred work with a deadline (e-mail, back office).
    Email,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCsvRef {
    pub csv: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawQueue {
    pub id: String,
    #[serde(default)]
    pub client: Option<String>,
    pub timezone: String,
    #[serde(default)]
    pub channel: Option<Channel>,
    #[serde(default)]
    pub pool: Option<String>,
    #[serde(default)]
    pub split: Option<Vec<RawSplitPart>>,
    #[serde(default)]
    pub split_step: Option<Fraction>,
    pub aht: Duration,
    #[serde(default)]
    pub service_level: Option<RawServiceLevel>,
    #[serde(default)]
    pub asa: Option<Duration>,
    #[serde(default)]
    pub max_occupancy: Option<Fraction>,
    #[serde(default)]
    pub patience: Option<Duration>,
    #[serde(default)]
    pub concurrency: Option<u32>,
    #[serde(default)]
    pub deadline: Option<Duration>,
    #[serde(default)]
    pub ai_containment: Option<Fraction>,
    #[serde(default)]
    pub hours: Option<BTreeMap<String, OneOrMany>>,
    #[serde(default)]
    pub min_agents_when_open: Option<u32>,
    pub forecast: RawForecast,
    #[serde(default)]
    pub redial: Option<RawRedial>,
    #[serde(default)]
    pub handle_time: Option<RawHandleTime>,
    #[serde(default)]
    pub trunks: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRedial {
    pub share: Fraction,
    pub after: Duration,
    pub attempts: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawHandleTime {
    pub law: HandleLaw,
    #[serde(default)]
    pub spread: Option<Fraction>,
}

/// The law of simulated handle times around the AHT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HandleLaw {
    /// Exponential with mean AHT (the Erlang assumption).
    Exponential,
    /// Uniform on AHT × [1 − spread, 1 + spread].
    Uniform,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawForecast {
    #[serde(default)]
    pub weekly_volume: Option<f64>,
    #[serde(default)]
    pub daily_shares: Option<BTreeMap<String, f64>>,
    #[serde(default)]
    pub intraday: Option<RawIntraday>,
    #[serde(default)]
    pub scale: Option<f64>,
    #[serde(default)]
    pub csv: Option<String>,
    #[serde(default)]
    pub interval: Option<Duration>,
    #[serde(default)]
    pub history: Option<String>,
    #[serde(default)]
    pub holidays: Option<String>,
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub queue: Option<String>,
}

/// A service level as written: `80/20` (every interval) or a mapping
/// `{target: 80/20, over: day, floor: 50/20}` (the contract's window).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct RawServiceLevel {
    pub target: Option<ServiceLevel>,
    pub over: Option<Over>,
    pub floor: Option<ServiceLevel>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSlMap {
    #[serde(default)]
    target: Option<ServiceLevel>,
    #[serde(default)]
    over: Option<Over>,
    #[serde(default)]
    floor: Option<ServiceLevel>,
}

impl<'de> Deserialize<'de> for RawServiceLevel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawServiceLevel;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a service level like 80/20, or {target: 80/20, over: interval|day|week|month|horizon, floor: 50/20}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawServiceLevel, E> {
                Ok(RawServiceLevel {
                    target: Some(v.parse().map_err(E::custom)?),
                    over: None,
                    floor: None,
                })
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawServiceLevel, E> {
                // The scalar's own message (it asks for the unit).
                let sl = ServiceLevel::deserialize(de::value::F64Deserializer::<E>::new(v))?;
                self.visit_str(&sl.to_string())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawServiceLevel, E> {
                self.visit_f64(v as f64)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawServiceLevel, E> {
                self.visit_f64(v as f64)
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<RawServiceLevel, A::Error> {
                let m = RawSlMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawServiceLevel {
                    target: m.target,
                    over: m.over,
                    floor: m.floor,
                })
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// An intraday profile: a built-in name or a list of weights.
#[derive(Debug, Clone)]
pub(crate) enum RawIntraday {
    Named(String),
    Weights(Vec<f64>),
}

impl<'de> Deserialize<'de> for RawIntraday {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawIntraday;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a profile name (flat, retail, banking, evening, gulf) or a list of 24, 48 or 96 weights")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawIntraday, E> {
                Ok(RawIntraday::Named(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawIntraday, A::Error> {
                let mut weights = Vec::new();
                while let Some(w) = seq.next_element::<f64>()? {
                    weights.push(w);
                }
                Ok(RawIntraday::Weights(weights))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// One string or a list of strings (opening hours: `"08:00-22:00"` or
/// `["08:00-12:00", "13:00-22:00"]`).
#[derive(Debug, Clone)]
pub(crate) struct OneOrMany(pub Vec<String>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a time range like \"08:00-22:00\", a list of them, or \"closed\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![v.to_string()]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut items = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    items.push(s);
                }
                Ok(OneOrMany(items))
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawShifts {
    pub templates: Vec<RawTemplate>,
    #[serde(default)]
    pub week: Option<RawWeek>,
    #[serde(default)]
    pub max_starts_per_slot: Option<u32>,
    #[serde(default)]
    pub max_ends_per_slot: Option<u32>,
    #[serde(default)]
    pub coverage: Option<Coverage>,
    #[serde(default)]
    pub shortfall_penalty: Option<f64>,
}

/// Whether every interval must be covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Coverage {
    /// Every interval's gross requirement is met, or the plan is infeasible.
    Hard,
    /// Shortfall is allowed at a penalty per agent-hour.
    Soft,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTemplate {
    pub name: String,
    pub paid: Duration,
    pub length: Duration,
    pub starts: StartTimes,
    #[serde(default)]
    pub days: Option<DaySet>,
    #[serde(default)]
    pub breaks: Vec<RawBreak>,
    #[serde(default)]
    pub pools: Option<Vec<String>>,
    #[serde(default)]
    pub min_agents: Option<u32>,
    #[serde(default)]
    pub max_agents: Option<u32>,
    #[serde(default)]
    pub week: Option<RawWeek>,
    #[serde(default)]
    pub min_share: Option<Fraction>,
    #[serde(default)]
    pub max_share: Option<Fraction>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBreak {
    pub length: Duration,
    pub paid: bool,
    pub window: DurationRange,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawWeek {
    pub work_days: u32,
    #[serde(default)]
    pub days_off: Option<DaysOff>,
    #[serde(default)]
    pub start_drift: Option<Duration>,
    #[serde(default)]
    pub short_day: Option<RawShortDay>,
}

/// A week's short day: `{day: sat, paid: 4h, length: 4h, breaks: [...]}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawShortDay {
    pub day: String,
    pub paid: Duration,
    pub length: Duration,
    #[serde(default)]
    pub breaks: Vec<RawBreak>,
    #[serde(default)]
    pub name: Option<String>,
}

/// How a weekly tour's days off fall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DaysOff {
    /// The days off are consecutive (wrapping over the week's end).
    Consecutive,
    /// Any days off.
    Any,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCosts {
    #[serde(default)]
    pub hourly: Option<f64>,
    #[serde(default)]
    pub night: Option<RawNight>,
    #[serde(default)]
    pub weekend_multiplier: Option<f64>,
    #[serde(default)]
    pub weekend_days: Option<DaySet>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawNight {
    pub window: TimeRange,
    pub multiplier: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRules {
    #[serde(default)]
    pub min_rest: Option<Duration>,
    #[serde(default)]
    pub max_consecutive_nights: Option<u32>,
    #[serde(default)]
    pub max_consecutive_days: Option<u32>,
    #[serde(default)]
    pub max_weekly_hours: Option<Duration>,
    #[serde(default)]
    pub night_window: Option<TimeRange>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAgents {
    #[serde(default)]
    pub count: Option<RawCount>,
    #[serde(default)]
    pub csv: Option<String>,
}

/// `count: auto` or a number.
#[derive(Debug, Clone, Copy)]
pub(crate) enum RawCount {
    Auto,
    Fixed(u32),
}

impl<'de> Deserialize<'de> for RawCount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RawCount;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`auto` or a whole number of agents")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawCount, E> {
                if v == "auto" {
                    Ok(RawCount::Auto)
                } else {
                    Err(E::custom(format!(
                        "expected `auto` or a whole number of agents, got `{v}`"
                    )))
                }
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawCount, E> {
                u32::try_from(v).map(RawCount::Fixed).map_err(|_| {
                    E::custom(format!(
                        "expected `auto` or a number of agents from 0 to {}, got {v}",
                        super::MAX_AGENTS
                    ))
                })
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawCount, E> {
                Err(E::custom(format!(
                    "expected `auto` or a whole number of agents, got {v}"
                )))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawCount, E> {
                Err(E::custom(format!(
                    "expected `auto` or a whole number of agents, got {v}"
                )))
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawWhatIf {
    pub name: String,
    pub set: BTreeMap<String, ScalarText>,
}

/// An override value kept as its text: a scalar (string, number or bool), or
/// a mapping or list as JSON text.
#[derive(Debug, Clone)]
pub(crate) struct ScalarText(pub String);

impl<'de> Deserialize<'de> for ScalarText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ScalarText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value (text, number, true/false, or a mapping or list)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ScalarText, E> {
                // Quote text so that `80/20` or `08:00` stay strings when re-read.
                Ok(ScalarText(format!("{v:?}")))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<ScalarText, E> {
                Ok(ScalarText(format!("{v:?}")))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ScalarText, E> {
                Ok(ScalarText(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ScalarText, E> {
                Ok(ScalarText(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<ScalarText, E> {
                Ok(ScalarText(v.to_string()))
            }
            // A mapping or list (a whole new item for a `+` path) is kept as
            // JSON text, which YAML reads back as the same tree.
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<ScalarText, A::Error> {
                let tree =
                    serde_json::Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(ScalarText(tree.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<ScalarText, A::Error> {
                let tree =
                    serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
                Ok(ScalarText(tree.to_string()))
            }
        }
        deserializer.deserialize_any(V)
    }
}
