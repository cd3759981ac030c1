//! The contract-window chart: per queue whose service level is measured
//! over a day, week, month or the horizon, each window's planned service
//! level (bar) against the target and the floor, with the simulation's
//! mean and 95 % interval when the plan was simulated.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{
    colour, font, house_style, panel_builder, split_rows, Built, Drawn, Figure, PlainChart, SHORT,
};
use crate::pipeline::Planned;
use crate::report::simulation::draw_simulated;
use crate::simulate::Row;

/// Planned (and simulated) service level per contract window and queue.
pub struct WindowSl<'a>(pub &'a Planned);

impl WindowSl<'_> {
    /// Queues with windows to show.
    pub fn queues(&self) -> Vec<usize> {
        (0..self.0.service.len())
            .filter(|&q| !self.0.service[q].windows.is_empty())
            .collect()
    }
}

impl Figure for WindowSl<'_> {
    fn name(&self) -> &'static str {
        "window_sl"
    }
    fn title(&self) -> String {
        "Service level per contract window (the client's day, week or month) vs target and floor"
            .into()
    }
    fn size(&self) -> (u32, u32) {
        (1200, 60 + 320 * self.queues().len().max(1) as u32)
    }
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let queues = self.queues();
        for (&q, panel) in queues.iter().zip(split_rows(area, queues.len())) {
            self.panel(q, &panel)?;
        }
        Ok(())
    }
}

impl WindowSl<'_> {
    /// Queue `q`'s panel: a bar per window, the target (dashed red), the
    /// floor (dotted grey), simulated dots with their intervals.
    fn panel<DB: DrawingBackend>(&self, q: usize, panel: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let windows = &self.0.service[q].windows;
        let queue = &self.0.staffed.scenario.queues[q];
        let n = windows.len() as f64;
        let mut chart = self.axes(q, panel)?;
        let c = colour(q);
        chart
            .draw_series(windows.iter().enumerate().filter_map(|(k, w)| {
                let x = k as f64;
                w.sl.map(|sl| {
                    Rectangle::new(
                        [(x - 0.35, 0.0), (x + 0.1, sl * 100.0)],
                        c.mix(0.6).filled(),
                    )
                })
            }))?
            .label("planned (Erlang)")
            .legend(move |(x, y)| {
                Rectangle::new([(x, y - 5), (x + 14, y + 5)], c.mix(0.6).filled())
            });
        for (level, style, name) in [
            (queue.service_level, SHORT.stroke_width(2), "target"),
            (
                queue.sl_floor,
                RGBColor(110, 110, 110).stroke_width(2),
                "floor",
            ),
        ] {
            if let Some(l) = level {
                let y = l.fraction * 100.0;
                chart
                    .draw_series(DashedLineSeries::new(
                        [(-0.5, y), (n - 0.5, y)],
                        8,
                        5,
                        style,
                    ))?
                    .label(format!("{name} {l}"))
                    .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], style));
            }
        }
        if let Some(sim) = &self.0.simulation {
            let rows: Vec<Row> = sim.queues[q].windows.iter().map(|w| w.row).collect();
            draw_simulated(&mut chart, &rows)?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.3))
            .label_font(font(12))
            .draw()?;
        Ok(())
    }

    fn axes<'c, DB: DrawingBackend>(
        &self,
        q: usize,
        panel: &DrawingArea<DB, Shift>,
    ) -> Built<DB, PlainChart<'c, DB>> {
        let windows = &self.0.service[q].windows;
        let queue = &self.0.staffed.scenario.queues[q];
        let caption = format!(
            "{} — {}: {} per {}",
            queue.id,
            queue.client,
            queue.service_level.map_or("-".into(), |t| t.to_string()),
            queue.sl_over
        );
        let mut chart = panel_builder(panel, caption, 17)
            .build_cartesian_2d(-0.5..windows.len() as f64 - 0.5, 0.0..102.0)?;
        let labels: Vec<String> = windows.iter().map(|w| w.label.clone()).collect();
        house_style(&mut chart.configure_mesh())
            .x_desc(format!("client window ({})", queue.timezone))
            .y_desc("% answered in time")
            .x_labels(windows.len().max(1))
            .y_labels(6)
            .disable_x_mesh()
            .x_label_formatter(&|x| {
                let k = x.round();
                if (x - k).abs() < 1e-6 && k >= 0.0 {
                    labels.get(k as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&|v| format!("{v:.0}%"))
            .draw()?;
        Ok(chart)
    }
}
