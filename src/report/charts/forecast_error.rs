//! The backtest's error by time of day: each method's mean absolute error
//! per interval of the client's day, beside the Poisson floor (the error a
//! perfect forecast of random arrivals still makes).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{colour, house_style, legend_row, panel_builder, Drawn, Figure};
use crate::forecast::backtest::MethodAccuracy;

const FLOOR: RGBColor = RGBColor(90, 90, 90);

/// Mean absolute error by time of day, one line per method.
pub struct ForecastError<'a> {
    /// Every method's backtest.
    pub methods: &'a [MethodAccuracy],
    /// What the backtest was, for the title ("day-ahead").
    pub label: String,
}

impl Figure for ForecastError<'_> {
    fn name(&self) -> &'static str {
        "forecast_error"
    }
    fn title(&self) -> String {
        format!(
            "Forecast error by time of day, {} (client time)",
            self.label
        )
    }
    fn size(&self) -> (u32, u32) {
        (1200, 560)
    }
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let (strip, rest) = area.split_vertically(34);
        let mut items: Vec<(String, RGBColor, u32)> = self
            .methods
            .iter()
            .enumerate()
            .map(|(i, m)| (m.name().to_string(), colour(i), 2))
            .collect();
        items.push(("Poisson floor: no forecast beats it".into(), FLOOR, 1));
        legend_row(&strip, &items)?;
        let slots = self.methods.first().map_or(0, |m| m.by_slot.len()).max(1);
        let hour = |s: usize| s as f64 * 24.0 / slots as f64;
        let top = self
            .methods
            .iter()
            .flat_map(|m| m.by_slot.iter())
            .fold(1.0f64, |a, b| a.max(*b));
        let mut chart =
            panel_builder(&rest, "", 12).build_cartesian_2d(0.0..24.0, 0.0..top * 1.1)?;
        house_style(&mut chart.configure_mesh())
            .x_desc("time of day (client time), interval start")
            .y_desc("mean absolute error, contacts per interval")
            .x_labels(13)
            .x_label_formatter(&|x| format!("{:02}:00", *x as u32))
            .draw()?;
        for (i, m) in self.methods.iter().enumerate() {
            let points = m.by_slot.iter().enumerate().map(|(s, e)| (hour(s), *e));
            chart.draw_series(LineSeries::new(points, colour(i).stroke_width(2)))?;
        }
        if let Some(m) = self.methods.first() {
            let points = m
                .floor_by_slot
                .iter()
                .enumerate()
                .map(|(s, e)| (hour(s), *e));
            chart.draw_series(LineSeries::new(points, FLOOR.stroke_width(1)))?;
        }
        Ok(())
    }
}
