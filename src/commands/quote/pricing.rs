//! Pricing a quote: the base and the band's edges (volume ± and AHT ±),
//! each planned end to end, and their monthly figures.

use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;

use super::model::{Quote, ID};
use super::WEEKS_PER_MONTH;
use crate::erlang::ceil_exact;
use crate::pipeline;
use crate::scenario::Forecast;
use crate::units::round;
use crate::units::Duration;
use crate::yaml::Override;

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
    /// Share of the week per weekday, Monday first.
    pub daily_shares: Vec<f64>,
    /// Where the shares come from: `opening_hours` (none given) or `given`.
    pub daily_shares_from: &'static str,
    /// Base first, then volume −, volume +, AHT −, AHT +.
    pub cases: Vec<Case>,
    /// With `launch:`, the launch months priced apart from the steady state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launch: Option<super::launch::Launch>,
}

/// Plan the quote and its band (in parallel) and price them.
pub fn price(q: &Quote, time_limit_s: f64) -> Result<Priced> {
    let cases = band_cases(q);
    let weeks = crate::figures::horizon_weeks(&q.scenario);
    let month = WEEKS_PER_MONTH / weeks;
    let results: Vec<Result<Case>> = cases
        .par_iter()
        .map(|(name, overrides)| plan_case(q, name, overrides, time_limit_s, month))
        .collect();
    let mut out = Vec::new();
    for ((name, _), r) in cases.iter().zip(results) {
        match r {
            Ok(c) => out.push(c),
            Err(e) if name == "base" => return Err(e),
            Err(e) => out.push(Case::failed(name, &e)),
        }
    }
    let (shares, by_hours) = match q.scenario.queues.first().map(|x| &x.forecast) {
        Some(Forecast::Pattern(p)) => (p.daily_shares.to_vec(), p.shares_by_hours),
        _ => (Vec::new(), false),
    };
    let launch = match out.first() {
        Some(base) => super::launch::price(&q.scenario, base)?,
        None => None,
    };
    Ok(Priced {
        client: q.client.clone(),
        currency: q.scenario.currency.clone(),
        weekly_volume: round(q.weekly_volume, 2),
        monthly_volume: round(q.weekly_volume * WEEKS_PER_MONTH, 2),
        margin: q.margin,
        seat_buffer: q.seat_buffer,
        band: q.band,
        weeks_per_month: round(WEEKS_PER_MONTH, 6),
        daily_shares: shares.iter().map(|&x| round(x, 6)).collect(),
        daily_shares_from: if by_hours { "opening_hours" } else { "given" },
        cases: out,
        launch,
    })
}

/// The cases to plan, each a name and its overrides: the base, then volume
/// and AHT at either edge of the band.
fn band_cases(q: &Quote) -> Vec<(String, Vec<Override>)> {
    let b = q.band;
    let pct = round(b * 100.0, 2);
    let aht = q.scenario.queues.first().map_or(0.0, |x| x.aht_s);
    let set = |path: &str, value: String| Override {
        path: format!("queues.{ID}.{path}"),
        value,
        origin: format!("quote band ({path})"),
    };
    if b == 0.0 {
        // A band of 0 would plan the base four times more.
        return vec![("base".into(), vec![])];
    }
    vec![
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
    ]
}

/// Plan one case and price it; `month` turns the horizon's figures into a
/// month's.
fn plan_case(
    q: &Quote,
    name: &str,
    overrides: &[Override],
    time_limit_s: f64,
    month: f64,
) -> Result<Case> {
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
        case: name.to_string(),
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
}

impl Case {
    /// A case that could not be planned: no figures, and why.
    fn failed(name: &str, e: &anyhow::Error) -> Case {
        Case {
            case: name.to_string(),
            fte: None,
            headcount: None,
            seats: None,
            peak_on_floor: None,
            paid_hours_month: None,
            cost_month: None,
            price_month: None,
            sl_achieved: None,
            error: Some(format!("{e:#}")),
        }
    }
}
