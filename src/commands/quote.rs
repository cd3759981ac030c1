//! `staffplan quote`: headcount, seats, paid hours, monthly cost and price for
//! one prospective client, with a band (volume ± and AHT ±) for the risk.
//!
//! A quote is turned into a [`Scenario`] — one queue, one pool, default shift
//! templates unless the quote gives its own — and planned by the same
//! [`pipeline::plan`] as `plan`, so a quote and a plan of the same inputs
//! agree. Keys the scenario also has (`aht`, `hours`, `costs`, `shifts`, ...)
//! are passed through unchanged and validated by the scenario's own rules;
//! an error there is reported at the quote's file, line and key.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::cli::{Format, QuoteArgs};
use crate::erlang::ceil_exact;
use crate::error::{InputError, Location, UsageError};
use crate::pipeline;
use crate::report::csv::Csv;
use crate::report::table::Table;
use crate::scenario::Scenario;
use crate::units::round;
use crate::units::{DaySet, Duration, Fraction};
use crate::yaml::{Document, Override};

/// Weeks in a month, for monthly figures: 52 weeks ÷ 12 months.
pub const WEEKS_PER_MONTH: f64 = 52.0 / 12.0;

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
const ID: &str = "quote";

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
                InputError {
                    message: format!(
                        "{}: give it as a flag (--timezone, --aht, --site-timezone, --hourly, or --set KEY=VALUE), or write a quote file (docs/scenario.md, Quote files)",
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
        let scenario_json = scenario_tree(&doc, &raw, &client, weekly);
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
    fn variant(&self, overrides: &[Override]) -> Result<Scenario, InputError> {
        Scenario::from_text(&self.quote_doc.path, &self.scenario_text, overrides)
            .map_err(|e| relocate(&self.quote_doc, self.volume_key, e))
    }
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
    let shares = raw
        .daily_shares
        .clone()
        .unwrap_or_else(|| default_shares(raw.hours.as_ref()));
    let mut forecast = Map::new();
    forecast.insert("weekly_volume".into(), json!(weekly));
    forecast.insert("daily_shares".into(), shares);
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

/// Equal shares over the days the queue is open (every day without `hours`).
fn default_shares(hours: Option<&Value>) -> Value {
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let mut open = [hours.is_none(); 7];
    if let Some(Value::Object(map)) = hours {
        for (key, ranges) in map {
            let closed = match ranges {
                Value::String(s) => s.trim() == "closed",
                Value::Array(items) => items.iter().all(|i| i.as_str() == Some("closed")),
                _ => false,
            };
            if let (Ok(set), false) = (key.parse::<DaySet>(), closed) {
                for d in set.days() {
                    open[d.num_days_from_monday() as usize] = true;
                }
            }
        }
    }
    let n = open.iter().filter(|o| **o).count().max(1) as f64;
    let mut shares = Map::new();
    for (d, day) in DAYS.iter().enumerate() {
        if open[d] {
            shares.insert((*day).into(), json!(1.0 / n));
        }
    }
    Value::Object(shares)
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
    } else if field.starts_with("pools") {
        String::new()
    } else {
        field.to_string()
    };
    doc.error(&quote_field, e.message)
}

/// One case of the quote: the base or a band edge.
#[derive(Debug, Clone, Serialize)]
pub struct Case {
    /// `base`, `volume -10%`, ...
    pub case: String,
    /// Full-time equivalents (40 h a week).
    pub fte: Option<f64>,
    /// Agents employed.
    pub headcount: Option<u64>,
    /// Seats: ⌈peak agents on the floor × (1 + buffer)⌉.
    pub seats: Option<u64>,
    /// Peak agents on the floor (on shift, not on a break).
    pub peak_on_floor: Option<u64>,
    /// Paid hours a month.
    pub paid_hours_month: Option<f64>,
    /// Cost a month.
    pub cost_month: Option<f64>,
    /// Price a month: cost ÷ (1 − margin).
    pub price_month: Option<f64>,
    /// Achieved service level over the week.
    pub sl_achieved: Option<f64>,
    /// Why the case could not be planned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A priced quote.
#[derive(Debug, Clone, Serialize)]
pub struct Priced {
    /// Client.
    pub client: String,
    /// Currency.
    pub currency: String,
    /// Contacts a week and a month (before containment).
    pub weekly_volume: f64,
    /// Contacts a month.
    pub monthly_volume: f64,
    /// Margin on the price.
    pub margin: f64,
    /// Seat buffer.
    pub seat_buffer: f64,
    /// Band half-width.
    pub band: f64,
    /// Weeks per month used for monthly figures.
    pub weeks_per_month: f64,
    /// Base first, then volume −, volume +, AHT −, AHT +.
    pub cases: Vec<Case>,
}

/// Plan the quote and its band (in parallel) and price them.
pub fn price(q: &Quote, time_limit_s: f64) -> Result<Priced> {
    let b = q.band;
    let pct = round(b * 100.0, 2);
    let aht = q.scenario.queues.first().map_or(0.0, |x| x.aht_s);
    let set = |path: &str, value: String| Override {
        path: format!("queues.{ID}.{path}"),
        value,
        origin: format!("quote band ({path})"),
    };
    let cases: Vec<(String, Vec<Override>)> = vec![
        ("base".into(), vec![]),
        (
            format!("volume -{pct}%"),
            vec![set("forecast.scale", (1.0 - b).to_string())],
        ),
        (
            format!("volume +{pct}%"),
            vec![set("forecast.scale", (1.0 + b).to_string())],
        ),
        (
            format!("AHT -{pct}%"),
            vec![set("aht", Duration(round(aht * (1.0 - b), 3)).to_string())],
        ),
        (
            format!("AHT +{pct}%"),
            vec![set("aht", Duration(round(aht * (1.0 + b), 3)).to_string())],
        ),
    ];
    let weeks = f64::from(q.scenario.site.days) / 7.0;
    let month = WEEKS_PER_MONTH / weeks;
    let results: Vec<Result<Case>> = cases
        .par_iter()
        .map(|(name, overrides)| {
            let scenario = if overrides.is_empty() {
                q.scenario.clone()
            } else {
                q.variant(overrides)?
            };
            let planned = pipeline::plan(scenario, time_limit_s)?;
            // The headline figures only: a case needs no charts or report.
            let figures = &planned.figures;
            let peak = planned
                .plan
                .pools
                .iter()
                .flat_map(|p| p.on_floor.iter().copied())
                .fold(0.0, f64::max);
            let cost_month = round(figures.cost * month, 2);
            Ok(Case {
                case: name.clone(),
                fte: Some(figures.fte),
                headcount: Some(u64::from(figures.headcount)),
                seats: Some(ceil_exact(ceil_exact(peak) * (1.0 + q.seat_buffer)) as u64),
                peak_on_floor: Some(ceil_exact(peak) as u64),
                paid_hours_month: Some(round(figures.paid_hours * month, 1)),
                cost_month: Some(cost_month),
                price_month: Some(round(figures.cost * month / (1.0 - q.margin), 2)),
                sl_achieved: figures.queues.first().and_then(|q| q.sl_achieved),
                error: None,
            })
        })
        .collect();
    let mut out = Vec::new();
    for ((name, _), r) in cases.iter().zip(results) {
        match r {
            Ok(c) => out.push(c),
            Err(e) if name == "base" => return Err(e),
            Err(e) => out.push(Case {
                case: name.clone(),
                fte: None,
                headcount: None,
                seats: None,
                peak_on_floor: None,
                paid_hours_month: None,
                cost_month: None,
                price_month: None,
                sl_achieved: None,
                error: Some(format!("{e:#}")),
            }),
        }
    }
    Ok(Priced {
        client: q.client.clone(),
        currency: q.scenario.currency.clone(),
        weekly_volume: round(q.weekly_volume, 2),
        monthly_volume: round(q.weekly_volume * WEEKS_PER_MONTH, 2),
        margin: q.margin,
        seat_buffer: q.seat_buffer,
        band: q.band,
        weeks_per_month: round(WEEKS_PER_MONTH, 6),
        cases: out,
    })
}

impl Priced {
    /// Render in `format`.
    pub fn render(&self, format: Format, q: &Quote) -> Result<String, csv::Error> {
        let opt = |x: Option<String>| x.unwrap_or_default();
        Ok(match format {
            Format::Json => serde_json::to_string_pretty(self).unwrap_or_default() + "\n",
            Format::Csv => {
                let mut w = Csv::new();
                w.row([
                    "case",
                    "fte",
                    "headcount",
                    "seats",
                    "peak_on_floor",
                    "paid_hours_month",
                    "cost_month",
                    "price_month",
                    "sl_achieved",
                    "error",
                ])?;
                for c in &self.cases {
                    w.row([
                        c.case.clone(),
                        opt(c.fte.map(|x| x.to_string())),
                        opt(c.headcount.map(|x| x.to_string())),
                        opt(c.seats.map(|x| x.to_string())),
                        opt(c.peak_on_floor.map(|x| x.to_string())),
                        opt(c.paid_hours_month.map(|x| x.to_string())),
                        opt(c.cost_month.map(|x| x.to_string())),
                        opt(c.price_month.map(|x| x.to_string())),
                        opt(c.sl_achieved.map(|x| x.to_string())),
                        c.error.clone().unwrap_or_default(),
                    ])?;
                }
                w.finish()?
            }
            Format::Table => {
                let sq = q.scenario.queues.first();
                let mut out = format!(
                    "Quote for {} — {} contacts a month ({} a week), client time {}, site time {}\n",
                    self.client,
                    self.monthly_volume.round(),
                    self.weekly_volume.round(),
                    sq.map_or("-".into(), |x| x.timezone.name().to_string()),
                    q.scenario.site.timezone.name(),
                );
                if let Some(sq) = sq {
                    out += &format!(
                        "{} queue, AHT {}, target {}, bot containment {:.0}%, shrinkage {:.1}%\n",
                        crate::scenario::channel_name(sq.channel),
                        Duration(sq.aht_s),
                        sq.service_level.map_or_else(
                            || sq
                                .deadline_s
                                .map_or("-".into(), |d| format!("within {}", Duration(d))),
                            |s| s.to_string()
                        ),
                        sq.containment * 100.0,
                        q.scenario.pools.first().map_or(0.0, |p| p.shrinkage.total) * 100.0,
                    );
                }
                out += &format!(
                    "monthly = weekly × 52/12; price = cost ÷ (1 − margin {:.1}%); seats = peak on the floor + {:.0}% buffer; costs in {}\n\n",
                    self.margin * 100.0,
                    self.seat_buffer * 100.0,
                    self.currency
                );
                let mut t = Table::new(&[
                    "case",
                    "FTE",
                    "headcount",
                    "seats",
                    "paid hours/month",
                    "cost/month",
                    "price/month",
                    "achieved SL",
                ]);
                for c in &self.cases {
                    t.row(vec![
                        c.case.clone(),
                        opt(c.fte.map(|x| format!("{x:.1}"))),
                        opt(c.headcount.map(|x| x.to_string())),
                        opt(c.seats.map(|x| x.to_string())),
                        opt(c.paid_hours_month.map(|x| format!("{x:.0}"))),
                        opt(c.cost_month.map(|x| format!("{x:.2}"))),
                        opt(c.price_month.map(|x| format!("{x:.2}"))),
                        opt(c.sl_achieved.map(|x| format!("{:.1}%", x * 100.0))),
                    ]);
                }
                out += &t.render();
                for c in &self.cases {
                    if let Some(e) = &c.error {
                        let first = e.lines().next().unwrap_or_default();
                        out += &format!("\n{} could not be planned: {first}\n", c.case);
                    }
                }
                out
            }
        })
    }
}

/// The quote's flags as overrides of the quote's keys.
fn flag_overrides(a: &QuoteArgs) -> Result<Vec<Override>> {
    let mut out = Vec::new();
    let named: [(&str, &str, &Option<String>); 15] = [
        ("--client", "client", &a.client),
        ("--timezone", "timezone", &a.timezone),
        ("--channel", "channel", &a.channel),
        ("--weekly-volume", "weekly_volume", &a.weekly_volume),
        ("--monthly-volume", "monthly_volume", &a.monthly_volume),
        ("--hours", "hours", &a.hours),
        ("--aht", "aht", &a.aht),
        ("--sl", "service_level", &a.sl),
        ("--containment", "ai_containment", &a.containment),
        ("--shrinkage", "shrinkage", &a.shrinkage),
        ("--site-timezone", "site.timezone", &a.site_timezone),
        ("--hourly", "costs.hourly", &a.hourly),
        ("--margin", "margin", &a.margin),
        ("--seat-buffer", "seat_buffer", &a.seat_buffer),
        ("--band", "band", &a.band),
    ];
    for (flag, path, value) in named {
        if let Some(v) = value {
            out.push(Override {
                path: path.to_string(),
                value: v.clone(),
                origin: format!("{flag} {v}"),
            });
        }
    }
    for s in &a.set {
        out.push(Override::parse_cli(s).map_err(UsageError)?);
    }
    Ok(out)
}

/// `staffplan quote`.
pub fn command(a: &QuoteArgs) -> Result<()> {
    let overrides = flag_overrides(a)?;
    let quote = Quote::load(a.quote.as_deref(), &overrides)?;
    let inputs: Vec<&Path> = a.quote.as_deref().into_iter().collect();
    if let Some(path) = &a.write_scenario {
        crate::output::check_new_file(path, "--write-scenario", a.force, &inputs)?;
    }
    let priced = price(&quote, a.time_limit.secs()).context("planning the quote")?;
    if let Some(path) = &a.write_scenario {
        crate::output::write_new_file(
            path,
            "--write-scenario",
            a.force,
            &inputs,
            quote.scenario_text.as_bytes(),
        )?;
        eprintln!("quote: wrote the scenario it planned to {}", path.display());
    }
    super::shared::emit(&priced.render(a.format, &quote)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_shares_follow_the_open_days() {
        let hours = json!({"mon-fri": "08:00-20:00", "sat": "closed"});
        let shares = default_shares(Some(&hours));
        assert_eq!(shares.as_object().map(Map::len), Some(5));
        assert_eq!(shares["mon"], json!(0.2));
        assert_eq!(default_shares(None).as_object().map(Map::len), Some(7));
    }

    #[test]
    fn errors_are_placed_at_the_quote_key() {
        let text = "client: X\ntimezone: Asia/Dubia\nweekly_volume: 1000\naht: 5m\nservice_level: 80/20\nsite: {timezone: Asia/Karachi}\ncosts: {hourly: 3}\n";
        let mut doc = Document::parse(Path::new("q.yaml"), text).unwrap();
        doc.apply(&[]).unwrap();
        let raw: RawQuote = doc.deserialize().unwrap();
        let e = Quote::build(doc, raw).unwrap_err();
        assert_eq!(e.field, "timezone");
        assert_eq!(e.location.line, Some(2));
        assert!(e.message.contains("did you mean `Asia/Dubai`"), "{e}");
    }
}
