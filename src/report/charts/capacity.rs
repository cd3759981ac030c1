//! The capacity chart: per pool, required FTE against the productive FTE
//! the hiring plan gives (and with overtime), month by month, each class
//! start marked with its hires.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{
    colour, font, house_style, legend_row, panel_builder, pool_label, split_rows, Drawn, Figure,
    SHORT,
};
use crate::capacity::{CapacityPlan, PoolPlan};
use crate::scenario::Scenario;

/// Required vs available FTE per pool over the horizon, classes marked.
pub struct CapacityChart<'a>(pub &'a CapacityPlan, pub &'a Scenario);

impl Figure for CapacityChart<'_> {
    fn name(&self) -> &'static str {
        "capacity"
    }
    fn title(&self) -> String {
        format!(
            "Capacity: required vs available FTE per pool, {} to {} (▲ a class starts, with its hires)",
            self.0.labels.first().map_or("", String::as_str),
            self.0.labels.last().map_or("", String::as_str)
        )
    }
    fn size(&self) -> (u32, u32) {
        (1400, 80 + 300 * self.0.pools.len().max(1) as u32)
    }
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let (legend, body) = area.split_vertically(40);
        legend_row(
            &legend,
            &[
                ("required FTE".into(), SHORT, 3),
                ("productive FTE".into(), colour(0), 3),
                ("with overtime".into(), colour(2), 2),
                ("headcount (paid)".into(), colour(7), 1),
            ],
        )?;
        for (k, (pool, row)) in self
            .0
            .pools
            .iter()
            .zip(split_rows(&body, self.0.pools.len()))
            .enumerate()
        {
            let label = self.1.pools.get(k).map_or(pool.id.clone(), pool_label);
            self.panel(&row, pool, &label)?;
        }
        Ok(())
    }
}

impl CapacityChart<'_> {
    fn panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        pool: &PoolPlan,
        label: &str,
    ) -> Drawn<DB> {
        let labels = &self.0.labels;
        let n = pool.rows.len();
        let top = pool
            .rows
            .iter()
            .map(|r| {
                r.required
                    .max(r.headcount)
                    .max(r.productive_tenured + r.productive_new)
            })
            .fold(1.0, f64::max)
            * 1.15;
        let mut chart =
            panel_builder(area, label, 16).build_cartesian_2d(-0.5..(n as f64 - 0.5), 0.0..top)?;
        let formatter = |x: &f64| {
            let i = x.round();
            if (x - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < labels.len() {
                labels[i as usize].clone()
            } else {
                String::new()
            }
        };
        house_style(&mut chart.configure_mesh())
            .x_labels(2 * n + 1)
            .x_label_formatter(&formatter)
            .y_desc("FTE")
            .draw()?;
        let line = |f: &dyn Fn(&crate::capacity::Row) -> f64| -> Vec<(f64, f64)> {
            pool.rows
                .iter()
                .enumerate()
                .map(|(p, r)| (p as f64, f(r)))
                .collect()
        };
        chart.draw_series(LineSeries::new(
            line(&|r| r.headcount),
            colour(7).stroke_width(1),
        ))?;
        let with_ot = |r: &crate::capacity::Row| {
            r.productive_tenured
                + r.productive_new
                + (r.gap + r.required - r.productive_tenured - r.productive_new)
        };
        chart.draw_series(LineSeries::new(line(&with_ot), colour(2).stroke_width(2)))?;
        chart.draw_series(LineSeries::new(
            line(&|r| r.productive_tenured + r.productive_new),
            colour(0).stroke_width(3),
        ))?;
        chart.draw_series(LineSeries::new(
            line(&|r| r.required),
            SHORT.stroke_width(3),
        ))?;
        let classes = pool.rows.iter().enumerate().filter(|(_, r)| r.classes > 0);
        chart.draw_series(
            classes
                .clone()
                .map(|(p, _)| TriangleMarker::new((p as f64, top * 0.04), 8, colour(1).filled())),
        )?;
        chart.draw_series(classes.map(|(p, r)| {
            Text::new(
                format!("{} hires", r.hires),
                (p as f64, top * 0.10),
                font(12).pos(Pos::new(HPos::Center, VPos::Center)),
            )
        }))?;
        Ok(())
    }
}
