//! The quote file: its keys as written ([`RawQuote`]), and the validated
//! [`Quote`] with the scenario it is planned as (one queue and one pool, with
//! the defaults a quote may leave out: the week, shift templates, daily
//! shares). Errors in the generated scenario are placed back at the quote's
//! own keys.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::WEEKS_PER_MONTH;
use crate::error::{InputError, Location};
use crate::scenario::Scenario;
use crate::units::Fraction;
use crate::yaml::{Document, Override};

/// The week a quote is planned on unless `site.start` says otherwise: a
/// Monday with no daylight-saving change in the common zones that week.
pub const DEFAULT_START: &str = "2026-06-01";

/// The quote as written. Keys shared with a scenario queue are kept as
/// trees and checked by the scenario's validation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuote {
    #[serde(default)]
    client: Option<String>,
    timezone: Value,
    #[serde(default)]
    channel: Option<Value>,
    #[serde(default)]
    weekly_volume: Option<f64>,
    #[serde(default)]
    monthly_volume: Option<f64>,
    #[serde(default)]
    hours: Option<Value>,
    aht: Value,
    #[serde(default)]
    service_level: Option<Value>,
    #[serde(default)]
    asa: Option<Value>,
    #[serde(default)]
    max_occupancy: Option<Value>,
    #[serde(default)]
    patience: Option<Value>,
    #[serde(default)]
    concurrency: Option<Value>,
    #[serde(default)]
    deadline: Option<Value>,
    #[serde(default)]
    ai_containment: Option<Value>,
    #[serde(default)]
    min_agents_when_open: Option<Value>,
    #[serde(default)]
    daily_shares: Option<Value>,
    #[serde(default)]
    intraday: Option<Value>,
    #[serde(default)]
    shrinkage: Option<Value>,
    site: Map<String, Value>,
    #[serde(default)]
    currency: Option<Value>,
    costs: Map<String, Value>,
    #[serde(default)]
    shifts: Option<Value>,
    #[serde(default)]
    rules: Option<Value>,
    #[serde(default)]
    margin: Option<Fraction>,
    #[serde(default)]
    seat_buffer: Option<Fraction>,
    #[serde(default)]
    band: Option<Fraction>,
    #[serde(default)]
    launch: Option<Map<String, Value>>,
}

/// A validated quote: its scenario and the commercial terms.
#[derive(Debug, Clone)]
pub struct Quote {
    /// The client's name.
    pub client: String,
    /// The scenario a plan of the same inputs would read.
    pub scenario: Scenario,
    /// Its text (JSON, which YAML reads as is).
    pub scenario_text: String,
    /// Contacts per week before containment.
    pub weekly_volume: f64,
    /// Target margin on the price: price = cost ÷ (1 − margin).
    pub margin: f64,
    /// Seats = ⌈peak agents on the floor × (1 + buffer)⌉.
    pub seat_buffer: f64,
    /// Band half-width for volume and AHT, like 0.10.
    pub band: f64,
    quote_doc: Document,
    volume_key: &'static str,
}

/// The one queue's and pool's id in the quote's scenario.
pub(super) const ID: &str = "quote";

impl Quote {
    /// Read a quote from `path` (or only flags when `None`), with `overrides`
    /// (the flags) applied on top.
    pub fn load(path: Option<&Path>, overrides: &[Override]) -> Result<Quote, InputError> {
        let (path, text) = match path {
            Some(p) => (
                p.to_path_buf(),
                std::fs::read_to_string(p).map_err(|e| {
                    InputError::new(Location::file(p), "", format!("cannot read the quote: {e}"))
                })?,
            ),
            None => (PathBuf::from("quote flags"), "{}".to_string()),
            // (an empty mapping: the flags below are the whole quote)
        };
        let flags_only = text == "{}";
        let mut doc = Document::parse(&path, &text)?;
        doc.apply(overrides)?;
        let raw: RawQuote = doc.deserialize().map_err(|e| {
            if flags_only && e.message.starts_with("missing required key") {
                // The flag that gives the missing key (`costs` by --hourly).
                let key = e.message.split('`').nth(1).unwrap_or_default();
                let flag = super::FLAG_KEYS
                    .iter()
                    .find(|(_, path)| path.split('.').next() == Some(key))
                    .map_or("the flag that sets it".to_string(), |(flag, _)| flag.to_string());
                InputError {
                    message: format!(
                        "{}: give it as a flag ({flag}, or --set KEY=VALUE), or write a quote file (docs/scenario.md, Quote files)",
                        e.message
                    ),
                    ..e
                }
            } else {
                e
            }
        })?;
        Quote::build(doc, raw)
    }

    fn build(doc: Document, raw: RawQuote) -> Result<Quote, InputError> {
        let (volume_key, weekly) = match (raw.weekly_volume, raw.monthly_volume) {
            (Some(w), None) => ("weekly_volume", w),
            (None, Some(m)) => ("monthly_volume", m / WEEKS_PER_MONTH),
            (Some(_), Some(_)) => {
                return Err(doc.error(
                    "monthly_volume",
                    "give weekly_volume or monthly_volume, not both",
                ))
            }
            (None, None) => {
                return Err(doc.error(
                    "",
                    "a quote needs the client's volume: weekly_volume: 12000 or monthly_volume: 52000 (contacts before bot containment)",
                ))
            }
        };
        if !(weekly.is_finite() && weekly > 0.0) {
            return Err(doc.error(volume_key, "expected a number of contacts above 0"));
        }
        if !raw.costs.contains_key("hourly") {
            return Err(doc.error(
                "costs",
                "a quote needs costs.hourly, the loaded cost per paid hour, like costs: {hourly: 3.40}",
            ));
        }
        if !raw.site.contains_key("timezone") {
            return Err(doc.error(
                "site",
                "a quote needs site.timezone, the site's clock, like site: {timezone: Asia/Karachi}",
            ));
        }
        let margin = raw.margin.map_or(0.0, |m| m.0);
        if margin >= 1.0 {
            return Err(doc.error(
                "margin",
                "a margin on the price must be below 1 (100%), like 0.25",
            ));
        }
        let band = raw.band.map_or(0.10, |b| b.0);
        if band >= 1.0 {
            return Err(doc.error("band", "the band must be below 1 (100%), like 0.10"));
        }
        let client = raw.client.clone().unwrap_or_else(|| "prospect".to_string());
        let mut scenario_json = scenario_tree(&doc, &raw, &client, weekly);
        if let Some(launch) = &raw.launch {
            let week = scenario_json["site"]["start"]
                .as_str()
                .unwrap_or(DEFAULT_START);
            scenario_json["capacity"] = super::launch::capacity_tree(&doc, launch, week)?;
        }
        let scenario_text = serde_json::to_string_pretty(&scenario_json).unwrap_or_default() + "\n";
        let scenario = Scenario::from_text(&doc.path, &scenario_text, &[])
            .map_err(|e| relocate(&doc, volume_key, e))?;
        Ok(Quote {
            client,
            scenario,
            scenario_text,
            weekly_volume: weekly,
            margin,
            seat_buffer: raw.seat_buffer.map_or(0.10, |b| b.0),
            band,
            quote_doc: doc,
            volume_key,
        })
    }

    /// The scenario with extra overrides (for the band), errors at the quote.
    pub(super) fn variant(&self, overrides: &[Override]) -> Result<Scenario, InputError> {
        Scenario::from_text(&self.quote_doc.path, &self.scenario_text, overrides)
            .map_err(|e| relocate(&self.quote_doc, self.volume_key, e))
    }
}

/// An error in the generated scenario, placed at the quote key it came from.
fn relocate(doc: &Document, volume_key: &str, e: InputError) -> InputError {
    let field = e.field.as_str();
    let q = "queues[0]";
    let quote_field = if let Some(rest) = field.strip_prefix(&format!("{q}.forecast")) {
        let rest = rest.trim_start_matches('.');
        if rest.starts_with("weekly_volume") {
            volume_key.to_string()
        } else {
            rest.to_string()
        }
    } else if let Some(rest) = field.strip_prefix(q) {
        rest.trim_start_matches('.').to_string()
    } else if let Some(rest) = field.strip_prefix(&format!("capacity.pools.{ID}")) {
        format!("launch{rest}")
    } else if field.starts_with("capacity") {
        "launch.go_live".to_string()
    } else if field.starts_with("pools") {
        String::new()
    } else {
        field.to_string()
    };
    doc.error(&quote_field, e.message)
}

/// The scenario tree of a quote.
fn scenario_tree(doc: &Document, raw: &RawQuote, client: &str, weekly: f64) -> Value {
    let mut queue = Map::new();
    queue.insert("id".into(), json!(ID));
    queue.insert("client".into(), json!(client));
    queue.insert("timezone".into(), raw.timezone.clone());
    queue.insert("pool".into(), json!(ID));
    let given: [(&str, &Option<Value>); 11] = [
        ("channel", &raw.channel),
        ("hours", &raw.hours),
        ("aht", &Some(raw.aht.clone())),
        ("service_level", &raw.service_level),
        ("asa", &raw.asa),
        ("max_occupancy", &raw.max_occupancy),
        ("patience", &raw.patience),
        ("concurrency", &raw.concurrency),
        ("deadline", &raw.deadline),
        ("ai_containment", &raw.ai_containment),
        ("min_agents_when_open", &raw.min_agents_when_open),
    ];
    for (key, value) in given {
        if let Some(v) = value {
            queue.insert(key.into(), v.clone());
        }
    }
    let mut forecast = Map::new();
    forecast.insert("weekly_volume".into(), json!(weekly));
    // Without shares the scenario weighs each day by its opening hours.
    if let Some(shares) = &raw.daily_shares {
        forecast.insert("daily_shares".into(), shares.clone());
    }
    if let Some(i) = &raw.intraday {
        forecast.insert("intraday".into(), i.clone());
    }
    queue.insert("forecast".into(), Value::Object(forecast));
    let mut site = raw.site.clone();
    site.entry("start").or_insert(json!(DEFAULT_START));
    site.entry("days").or_insert(json!(7));
    site.entry("interval").or_insert(json!("30m"));
    let shrinkage = match &raw.shrinkage {
        None => json!({"total": 0.0}),
        Some(Value::Object(parts)) => Value::Object(parts.clone()),
        Some(total) => json!({ "total": total }),
    };
    let mut s = Map::new();
    s.insert("name".into(), json!(format!("Quote — {client}")));
    s.insert(
        "description".into(),
        json!(format!(
            "Generated from {} by staffplan quote",
            doc.path.display()
        )),
    );
    s.insert("site".into(), Value::Object(site));
    if let Some(c) = &raw.currency {
        s.insert("currency".into(), c.clone());
    }
    s.insert("shrinkage".into(), shrinkage);
    s.insert("pools".into(), json!([{ "id": ID, "name": client }]));
    s.insert("queues".into(), json!([Value::Object(queue)]));
    s.insert(
        "shifts".into(),
        raw.shifts.clone().unwrap_or_else(default_shifts),
    );
    s.insert("costs".into(), Value::Object(raw.costs.clone()));
    if let Some(r) = &raw.rules {
        s.insert("rules".into(), r.clone());
    }
    s.insert("agents".into(), json!({"count": "auto"}));
    Value::Object(s)
}

/// The shift templates a quote uses unless it gives `shifts:`: 8 paid hours
/// in 9, starting on any half hour of any day, a 1 h unpaid lunch and a
/// 15-minute paid break, weekly tours of 5 days with consecutive days off.
pub fn default_shifts() -> Value {
    json!({
        "templates": [{
            "name": "day",
            "paid": "8h",
            "length": "9h",
            "starts": "00:00-23:30/30m",
            "breaks": [
                {"length": "1h", "paid": false, "window": "3h-5h"},
                {"length": "15m", "paid": true, "window": "1h30m-2h30m"}
            ]
        }],
        "week": {"work_days": 5, "days_off": "consecutive"}
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quote `text` as `Quote::build` makes it.
    fn build(text: &str) -> Result<Quote, InputError> {
        let mut doc = Document::parse(Path::new("q.yaml"), text).unwrap();
        doc.apply(&[]).unwrap();
        let raw: RawQuote = doc.deserialize().unwrap();
        Quote::build(doc, raw)
    }

    #[test]
    fn without_shares_the_days_follow_the_opening_hours() {
        // Mon-Fri 12 h and Saturday 5 h: 65 open hours a week, so a weekday
        // takes 12/65 of the week and Saturday 5/65 (by hand), not 1/6 each.
        let text = "client: X\ntimezone: Asia/Dubai\nweekly_volume: 1000\naht: 5m\nservice_level: 80/20\nhours: {mon-fri: \"08:00-20:00\", sat: \"09:00-14:00\"}\nsite: {timezone: Asia/Karachi}\ncosts: {hourly: 3}\n";
        let q = build(text).unwrap();
        let crate::scenario::Forecast::Pattern(p) = &q.scenario.queues[0].forecast else {
            panic!("a pattern forecast");
        };
        assert!(p.shares_by_hours);
        for (d, want) in [12.0, 12.0, 12.0, 12.0, 12.0, 5.0, 0.0].iter().enumerate() {
            assert!(
                (p.daily_shares[d] - want / 65.0).abs() < 1e-12,
                "{d}: {:?}",
                p.daily_shares
            );
        }
    }

    #[test]
    fn errors_are_placed_at_the_quote_key() {
        let text = "client: X\ntimezone: Asia/Dubia\nweekly_volume: 1000\naht: 5m\nservice_level: 80/20\nsite: {timezone: Asia/Karachi}\ncosts: {hourly: 3}\n";
        let e = build(text).unwrap_err();
        assert_eq!(e.field, "timezone");
        assert_eq!(e.location.line, Some(2));
        assert!(e.message.contains("did you mean `Asia/Dubai`"), "{e}");
    }
}
