//! The chart of predicted against simulated service level per queue and
//! client day (SVG and PNG), one panel per queue.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::sl_target;
use crate::report::charts::{self, Built, Drawn, Figure, PlainChart, FONT};
use crate::scenario::channel_name;
use crate::simulate::{Row, Simulation};
use crate::staffing::Staffed;

const PANEL_W: u32 = 560;
const PANEL_H: u32 = 300;

fn panels(n: usize) -> (usize, usize) {
    let cols = n.clamp(1, 2);
    (cols, n.div_ceil(cols).max(1))
}

/// The chart of predicted against simulated service level per queue and
/// client day, one panel per queue, drawn by [`crate::report::charts`].
pub struct SlChart<'a> {
    /// The staffing the plan was made for.
    pub staffed: &'a Staffed,
    /// The simulation.
    pub sim: &'a Simulation,
}

impl Figure for SlChart<'_> {
    fn name(&self) -> &'static str {
        "simulation_sl"
    }
    fn title(&self) -> String {
        format!(
            "Service level per day: Erlang prediction vs simulation ({} runs, 95% CI)",
            self.sim.options.runs
        )
    }
    fn size(&self) -> (u32, u32) {
        let (cols, rows) = panels(self.staffed.scenario.queues.len());
        ((PANEL_W * cols as u32).max(960), 40 + PANEL_H * rows as u32)
    }
    fn draw<DB: DrawingBackend>(&self, body: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let n = self.staffed.scenario.queues.len();
        let (cols, rows) = panels(n);
        let areas = body.split_evenly((rows, cols));
        for (q, area) in areas.iter().enumerate().take(n) {
            self.panel(q, area)?;
        }
        Ok(())
    }
}

/// The colour of the Erlang prediction.
const PREDICTED: RGBColor = RGBColor(31, 119, 180);
/// The colour of the simulation.
const SIMULATED: RGBColor = RGBColor(214, 95, 20);

impl SlChart<'_> {
    /// Queue `q`'s panel: axes, target, predicted and simulated days, legend.
    fn panel<DB: DrawingBackend>(&self, q: usize, area: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let r = &self.sim.queues[q];
        let days = r.dates.len();
        let target = sl_target(self.staffed, q);
        let mut chart = self.axes(q, area, target)?;
        if let Some(t) = target {
            chart
                .draw_series(DashedLineSeries::new(
                    [(-0.5, t * 100.0), (days as f64 - 0.5, t * 100.0)],
                    6,
                    4,
                    BLACK.mix(0.6).stroke_width(1),
                ))?
                .label("target")
                .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], BLACK.mix(0.6)));
        }
        let predicted: Vec<(f64, f64)> = r
            .days
            .iter()
            .enumerate()
            .filter_map(|(d, row)| row.pred.sl.map(|p| (d as f64 - 0.12, p * 100.0)))
            .collect();
        chart
            .draw_series(
                predicted
                    .iter()
                    .map(|&(x, y)| Cross::new((x, y), 5, PREDICTED.stroke_width(2))),
            )?
            .label("Erlang prediction")
            .legend(move |(x, y)| Cross::new((x + 8, y), 5, PREDICTED.stroke_width(2)));
        draw_simulated(&mut chart, &r.days)?;
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.3))
            .label_font((FONT, 11))
            .draw()?;
        Ok(())
    }

    /// Queue `q`'s caption, axes and mesh: its client days across, the
    /// service level from a little below the lowest figure or `target`.
    fn axes<'c, DB: DrawingBackend>(
        &self,
        q: usize,
        area: &DrawingArea<DB, Shift>,
        target: Option<f64>,
    ) -> Built<DB, PlainChart<'c, DB>> {
        let queue = &self.staffed.scenario.queues[q];
        let days = self.sim.queues[q].dates.len();
        let mut low: f64 = target.unwrap_or(1.0);
        for row in &self.sim.queues[q].days {
            if let Some(p) = row.pred.sl {
                low = low.min(p);
            }
            if let Some(e) = row.sim.sl {
                low = low.min(e.low.unwrap_or(e.mean));
            }
        }
        let y0 = ((low * 100.0 - 5.0) / 5.0).floor().max(0.0) * 5.0;
        let mut chart = ChartBuilder::on(area)
            .caption(
                format!("{} ({})", queue.id, channel_name(queue.channel)),
                (FONT, 15),
            )
            .margin(8)
            .x_label_area_size(28)
            .y_label_area_size(44)
            .build_cartesian_2d(-0.5f64..(days as f64 - 0.5), y0..100.5f64)?;
        let dates = &self.sim.queues[q].dates;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .max_light_lines(1)
            .x_labels(days.max(1))
            .x_label_formatter(&|x| {
                let d = x.round();
                if (x - d).abs() < 1e-6 && d >= 0.0 {
                    dates
                        .get(d as usize)
                        .map(|date| date.format("%a %d").to_string())
                        .unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&|y| format!("{y:.0}%"))
            .label_style((FONT, 11))
            .draw()?;
        Ok(chart)
    }
}

/// The simulated service level of each day: its 95% interval as a capped
/// bar, then its mean as a dot (with the legend entry).
/// Simulated means (dots) with their 95 % intervals (bars), one per row
/// at x = its index + 0.12.
pub(crate) fn draw_simulated<DB: DrawingBackend>(
    chart: &mut PlainChart<'_, DB>,
    days: &[Row],
) -> Drawn<DB> {
    let mut bars = Vec::new();
    let mut dots = Vec::new();
    for (d, row) in days.iter().enumerate() {
        if let Some(e) = row.sim.sl {
            let x = d as f64 + 0.12;
            if let (Some(l), Some(h)) = (e.low, e.high) {
                bars.push(PathElement::new(
                    [(x, l * 100.0), (x, h * 100.0)],
                    SIMULATED.stroke_width(2),
                ));
                for y in [l, h] {
                    bars.push(PathElement::new(
                        [(x - 0.08, y * 100.0), (x + 0.08, y * 100.0)],
                        SIMULATED.stroke_width(2),
                    ));
                }
            }
            dots.push((x, e.mean * 100.0));
        }
    }
    chart.draw_series(bars)?;
    chart
        .draw_series(
            dots.iter()
                .map(|&(x, y)| Circle::new((x, y), 4, SIMULATED.filled())),
        )?
        .label("simulated (95% CI)")
        .legend(move |(x, y)| Circle::new((x + 8, y), 4, SIMULATED.filled()));
    Ok(())
}

/// The chart as SVG text.
pub fn chart_svg(s: &Staffed, sim: &Simulation) -> String {
    charts::svg(&SlChart { staffed: s, sim })
}

/// The chart as PNG bytes.
pub fn chart_png(s: &Staffed, sim: &Simulation) -> Vec<u8> {
    charts::png(&SlChart { staffed: s, sim })
}
