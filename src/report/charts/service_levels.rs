//! The service-level chart: per queue, the achieved service level of each
//! interval and each client day (the queue's own calendar day) against the
//! queue's target.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{
    colour, day_label, font, hours, house_style, legend_row, midnights, panel_builder, split_rows,
    time_axis, Built, Drawn, Figure, TimeChart, SHORT,
};
use crate::pipeline::Planned;
use crate::scenario::Channel;
use crate::timegrid::TimeGrid;

/// Achieved service level per queue: per interval and per client day, against target.
pub struct ServiceLevels<'a>(pub &'a Planned);

impl ServiceLevels<'_> {
    /// Queues with a service-level target and some volume.
    fn queues(&self) -> Vec<usize> {
        let sc = &self.0.staffed.scenario;
        (0..sc.queues.len())
            .filter(|&q| {
                sc.queues[q].channel != Channel::Email
                    && self.0.service[q].sl.iter().any(Option::is_some)
            })
            .collect()
    }
}

impl Figure for ServiceLevels<'_> {
    fn name(&self) -> &'static str {
        "service_level"
    }
    fn title(&self) -> String {
        format!(
            "Achieved service level per queue vs target: each interval and each day ({} time)",
            self.0.staffed.grid.site_tz
        )
    }
    fn size(&self) -> (u32, u32) {
        (1400, 90 + 260 * self.queues().len().max(1) as u32)
    }
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let queues = self.queues();
        if queues.is_empty() {
            area.draw(&Text::new(
                "no voice or chat queue with volume: nothing to show",
                (40, 40),
                font(16),
            ))?;
            return Ok(());
        }
        let (strip, rest) = area.split_vertically(30);
        key(&strip)?;
        for (&q, panel) in queues.iter().zip(split_rows(&rest, queues.len())) {
            self.panel(q, &panel)?;
        }
        Ok(())
    }
}

/// The key above the panels: what the thin line, the thick line and the
/// dashed line mean (the colours are the queues').
fn key<DB: DrawingBackend>(strip: &DrawingArea<DB, Shift>) -> Drawn<DB> {
    let grey = RGBColor(110, 110, 110);
    legend_row(
        strip,
        &[
            ("each interval".to_string(), grey, 1),
            (
                "each client day (its own calendar), volume-weighted (the % above it)".to_string(),
                grey,
                5,
            ),
            ("target".to_string(), SHORT, 2),
            ("(colours: one per queue)".to_string(), WHITE, 0),
        ],
    )
}

impl ServiceLevels<'_> {
    /// Queue `q`'s panel: axes, its interval and daily service levels, its target.
    fn panel<DB: DrawingBackend>(&self, q: usize, panel: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let grid = &self.0.staffed.grid;
        let service = &self.0.service[q];
        let mut chart = self.axes(q, panel)?;
        let c = colour(q);
        draw_intervals(&mut chart, interval_runs(grid, &service.sl), c)?;
        let volume = &self.0.staffed.demand.queues[q].agent_volume;
        let queue = &self.0.staffed.scenario.queues[q];
        let days = daily(grid, queue.timezone, &service.sl, volume);
        draw_days(&mut chart, &days, c)?;
        if let Some(target) = queue.service_level.map(|t| t.fraction * 100.0) {
            chart
                .draw_series(DashedLineSeries::new(
                    [(0.0, target), (hours(grid, grid.len), target)],
                    10,
                    6,
                    SHORT.stroke_width(2),
                ))?
                .label(format!("target {target:.0}%"))
                .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], SHORT.stroke_width(2)));
        }
        Ok(())
    }

    /// Queue `q`'s caption, axes and mesh, the y axis zoomed on where its
    /// figures are so that a dip below target shows.
    fn axes<'c, DB: DrawingBackend>(
        &self,
        q: usize,
        panel: &DrawingArea<DB, Shift>,
    ) -> Built<DB, TimeChart<'c, DB>> {
        let s = &self.0.staffed;
        let grid = &s.grid;
        let days = midnights(grid).len();
        let queue = &s.scenario.queues[q];
        let service = &self.0.service[q];
        let lowest = service
            .sl
            .iter()
            .flatten()
            .fold(queue.service_level.map_or(1.0, |t| t.fraction), |a, b| {
                a.min(*b)
            });
        let floor = ((lowest * 100.0 - 5.0) / 10.0).floor().clamp(0.0, 9.0) * 10.0;
        let overall = service.sl_overall.map_or(String::new(), |x| {
            format!(", {:.1}% over the horizon", x * 100.0)
        });
        let caption = format!(
            "{} — {} ({}, target {}){}",
            queue.id,
            queue.client,
            crate::scenario::channel_name(queue.channel),
            queue.service_level.map_or("-".to_string(), |t| format!(
                "{:.0}% in {:.0} s",
                t.fraction * 100.0,
                t.seconds
            )),
            overall
        );
        let mut chart =
            panel_builder(panel, caption, 17).build_cartesian_2d(time_axis(grid), floor..102.0)?;
        house_style(&mut chart.configure_mesh())
            .x_desc(format!("site time ({})", grid.site_tz))
            .y_desc("% answered in time")
            .y_labels(6)
            .y_label_formatter(&|v| format!("{v:.0}%"))
            .x_label_formatter(&|x| day_label(grid, *x, days))
            .draw()?;
        Ok(chart)
    }
}

/// Interval service levels (%) at each interval's middle, in runs broken
/// where the queue has no volume.
fn interval_runs(grid: &TimeGrid, sl: &[Option<f64>]) -> Vec<Vec<(f64, f64)>> {
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut prev = false;
    for (t, v) in sl.iter().enumerate().take(grid.len) {
        match v {
            Some(v) => {
                if !prev {
                    runs.push(Vec::new());
                }
                if let Some(run) = runs.last_mut() {
                    run.push((hours(grid, t) + grid.hours() / 2.0, v * 100.0));
                }
                prev = true;
            }
            None => prev = false,
        }
    }
    runs
}

/// Interval service levels as thin short segments; the first one carries the legend.
fn draw_intervals<DB: DrawingBackend>(
    chart: &mut TimeChart<'_, DB>,
    runs: Vec<Vec<(f64, f64)>>,
    c: RGBColor,
) -> Drawn<DB> {
    for (k, run) in runs.into_iter().enumerate() {
        let series = chart.draw_series(LineSeries::new(run, c.mix(0.45).stroke_width(1)))?;
        if k == 0 {
            series.label("each interval").legend(move |(x, y)| {
                PathElement::new([(x, y), (x + 18, y)], c.mix(0.45).stroke_width(2))
            });
        }
    }
    Ok(())
}

/// Volume-weighted service level (%) of each *client* day with volume (the
/// queue's own calendar day in `client`, the zone its contract is measured
/// in: a New York Monday is 10:00 Monday to 10:00 Tuesday in Karachi, not
/// the site's Monday, which mixes New York's Sunday and Monday): the day's
/// first and end hour on the site axis, and the level. A client day is one
/// run of intervals; the horizon's first and last may hold only part of one.
fn daily(
    grid: &TimeGrid,
    client: chrono_tz::Tz,
    sl: &[Option<f64>],
    volume: &[f64],
) -> Vec<(f64, f64, f64)> {
    let mut by_day: BTreeMap<NaiveDate, (f64, f64, usize, usize)> = BTreeMap::new();
    for (t, (sl, vol)) in sl.iter().zip(volume).enumerate() {
        let e = by_day
            .entry(grid.at(t).with_timezone(&client).date_naive())
            .or_insert((0.0, 0.0, t, t));
        e.3 = t + 1;
        if let Some(v) = sl {
            e.0 += v * vol;
            e.1 += vol;
        }
    }
    by_day
        .values()
        .filter(|d| d.1 > 0.0)
        .map(|d| (hours(grid, d.2), hours(grid, d.3), d.0 / d.1 * 100.0))
        .collect()
}

/// Daily service levels as thick segments, each with its % above it.
fn draw_days<DB: DrawingBackend>(
    chart: &mut TimeChart<'_, DB>,
    daily: &[(f64, f64, f64)],
    c: RGBColor,
) -> Drawn<DB> {
    chart
        .draw_series(
            daily
                .iter()
                .map(|&(x0, x1, v)| PathElement::new([(x0, v), (x1, v)], c.stroke_width(4))),
        )?
        .label("day (volume-weighted)")
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], c.stroke_width(4)));
    chart.draw_series(daily.iter().map(|&(x0, x1, v)| {
        Text::new(
            format!("{v:.0}%"),
            ((x0 + x1) / 2.0, v),
            font(12).pos(Pos::new(HPos::Center, VPos::Bottom)),
        )
    }))?;
    Ok(())
}
