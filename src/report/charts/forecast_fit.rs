//! The backtest's forecast against what happened: each scored day's total
//! contacts, the best method's forecast of it and its P10–P90 band.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{colour, house_style, legend_row, panel_builder, Drawn, Figure};
use crate::forecast::backtest::MethodAccuracy;
use crate::forecast::interval::{band, dispersion};

const ACTUAL: RGBColor = RGBColor(20, 20, 20);
/// The band: the forecast's colour (`colour(0)`) at a quarter on white.
const BAND: RGBColor = RGBColor(199, 221, 236);

/// Daily totals, forecast against actual, for one method.
pub struct ForecastFit<'a> {
    /// The method shown (the backtest's best).
    pub method: &'a MethodAccuracy,
    /// What the backtest was, for the title ("day-ahead").
    pub label: String,
}

impl Figure for ForecastFit<'_> {
    fn name(&self) -> &'static str {
        "forecast_fit"
    }
    fn title(&self) -> String {
        format!(
            "Forecast ({}, {}) against actual contacts per day, with its P10–P90 band",
            self.method.name(),
            self.label
        )
    }
    fn size(&self) -> (u32, u32) {
        (1200, 560)
    }
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let daily = &self.method.daily;
        // The band of a day's total: its own dispersion, from the scored
        // days' (actual, forecast) pairs (interval::dispersion).
        let pairs: Vec<(f64, f64)> = daily.iter().map(|d| (d.1, d.2)).collect();
        let c2 = dispersion(&pairs);
        let bands: Vec<(f64, f64)> = daily.iter().map(|d| band(d.2, c2)).collect();
        let (strip, rest) = area.split_vertically(34);
        legend_row(
            &strip,
            &[
                ("actual".to_string(), ACTUAL, 2),
                (format!("forecast ({})", self.method.name()), colour(0), 2),
                ("P10–P90".to_string(), BAND, 8),
            ],
        )?;
        let top = daily
            .iter()
            .map(|d| d.1)
            .chain(bands.iter().map(|b| b.1))
            .fold(1.0f64, f64::max);
        let n = daily.len().max(1);
        let mut chart = panel_builder(&rest, "", 12)
            .build_cartesian_2d(-0.5..n as f64 - 0.5, 0.0..top * 1.1)?;
        let label = |x: &f64| {
            let i = x.round();
            if i >= 0.0 && (i as usize) < daily.len() && (x - i).abs() < 1e-9 {
                daily[i as usize].0.format("%a %d %b").to_string()
            } else {
                String::new()
            }
        };
        house_style(&mut chart.configure_mesh())
            .x_desc("day scored (client's calendar)")
            .y_desc("contacts per day")
            .y_label_formatter(&|v| format!("{v:.0}"))
            .x_labels(n.min(16))
            .x_label_formatter(&label)
            .draw()?;
        chart.draw_series(bands.iter().enumerate().map(|(i, b)| {
            let x = i as f64;
            Rectangle::new([(x - 0.3, b.0), (x + 0.3, b.1)], BAND.filled())
        }))?;
        let forecast = daily.iter().enumerate().map(|(i, d)| (i as f64, d.2));
        chart.draw_series(LineSeries::new(forecast, colour(0).stroke_width(2)))?;
        let actual = daily.iter().enumerate().map(|(i, d)| (i as f64, d.1));
        chart.draw_series(LineSeries::new(actual.clone(), ACTUAL.stroke_width(2)))?;
        chart.draw_series(actual.map(|p| Circle::new(p, 3, ACTUAL.filled())))?;
        Ok(())
    }
}
