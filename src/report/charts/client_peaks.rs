//! The client-peaks chart: each queue's volume on the site clock over the
//! horizon with every zone's clock changes marked, and a typical day by site
//! hour with each peak labelled in the client's own time.

use chrono::{Offset, TimeZone, Timelike};
use chrono_tz::Tz;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{
    city, colour, day_label, font, hours, house_style, legend_row, midnights, panel_builder,
    time_axis, Drawn, Figure, PlainChart, TimeChart, PALETTE,
};
use crate::pipeline::Planned;
use crate::timegrid::TimeGrid;

/// Each client's volume on the site clock, daylight-saving changes marked.
pub struct ClientPeaks<'a>(pub &'a Planned);

/// A clock change of zone `tz` in the horizon: the first interval after it
/// and the offset change in minutes.
fn clock_changes(grid: &TimeGrid, tz: Tz) -> Vec<(usize, i32)> {
    let offset = |i: usize| {
        tz.offset_from_utc_datetime(&grid.at(i).naive_utc())
            .fix()
            .local_minus_utc()
            / 60
    };
    (1..grid.len)
        .filter_map(|i| {
            let d = offset(i) - offset(i - 1);
            (d != 0).then_some((i, d))
        })
        .collect()
}

impl Figure for ClientPeaks<'_> {
    fn name(&self) -> &'static str {
        "client_peaks"
    }
    fn title(&self) -> String {
        format!(
            "Client volume on the site clock ({}): contacts offered per interval, clock changes marked",
            self.0.staffed.grid.site_tz
        )
    }
    fn size(&self) -> (u32, u32) {
        (1400, 760)
    }
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let (strip, rest) = area.split_vertically(56);
        let (upper, lower) = rest.split_vertically(rest.dim_in_pixel().1 * 55 / 100);
        self.key(&strip)?;
        self.horizon(&upper)?;
        self.typical_day(&lower)
    }
}

impl ClientPeaks<'_> {
    /// The key above both panels: each queue's colour, client and zone.
    fn key<DB: DrawingBackend>(&self, strip: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let items: Vec<(String, RGBColor, u32)> = self
            .0
            .staffed
            .scenario
            .queues
            .iter()
            .enumerate()
            .map(|(q, queue)| {
                (
                    format!(
                        "{} — {} ({} time)",
                        queue.id,
                        queue.client,
                        city(queue.timezone)
                    ),
                    colour(q),
                    4,
                )
            })
            .collect();
        legend_row(strip, &items)
    }

    /// The upper panel: each queue's contacts per interval over the
    /// horizon, with the clock changes marked.
    fn horizon<DB: DrawingBackend>(&self, upper: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let s = &self.0.staffed;
        let grid = &s.grid;
        let days = midnights(grid).len();
        let top = s
            .demand
            .queues
            .iter()
            .flat_map(|d| d.volume.iter())
            .fold(1.0f64, |a, b| a.max(*b));
        let mut chart = panel_builder(upper, "over the horizon", 17)
            .build_cartesian_2d(time_axis(grid), 0.0..(top * 1.5).ceil())?;
        house_style(&mut chart.configure_mesh())
            .x_desc(format!("site time ({})", grid.site_tz))
            .y_desc("contacts per interval")
            .y_labels(8)
            .y_label_formatter(&|v| format!("{v:.0}"))
            .x_label_formatter(&|x| day_label(grid, *x, days))
            .draw()?;
        for (q, d) in s.demand.queues.iter().enumerate() {
            chart.draw_series(LineSeries::new(
                (0..grid.len).map(|t| (hours(grid, t) + grid.hours() / 2.0, d.volume[t])),
                colour(q).stroke_width(2),
            ))?;
        }
        self.clock_marks(&mut chart, top)
    }

    /// A dashed line and a label at each clock change of every zone that
    /// matters: the site's and each client's. Labels step down in four
    /// rows below the top, `top`, so that close changes stay readable.
    fn clock_marks<DB: DrawingBackend>(
        &self,
        chart: &mut TimeChart<'_, DB>,
        top: f64,
    ) -> Drawn<DB> {
        let grid = &self.0.staffed.grid;
        let mut zones: Vec<Tz> = vec![grid.site_tz];
        for q in &self.0.staffed.scenario.queues {
            if !zones.contains(&q.timezone) {
                zones.push(q.timezone);
            }
        }
        let mut marks = 0;
        for tz in zones {
            for (i, delta) in clock_changes(grid, tz) {
                let x = hours(grid, i);
                let y = top * (1.4 - 0.08 * f64::from(marks % 4));
                let anchor = if x > hours(grid, grid.len) * 0.6 {
                    HPos::Right
                } else {
                    HPos::Left
                };
                marks += 1;
                chart.draw_series(DashedLineSeries::new(
                    [(x, 0.0), (x, top * 1.5)],
                    6,
                    4,
                    BLACK.stroke_width(2),
                ))?;
                let when = grid.at(i).with_timezone(&tz);
                chart.draw_series([Text::new(
                    format!(
                        " {} clocks {} {} h on {} ",
                        city(tz),
                        if delta > 0 { "go forward" } else { "go back" },
                        f64::from(delta.abs()) / 60.0,
                        when.format("%a %d %b")
                    ),
                    (x, y),
                    font(13).pos(Pos::new(anchor, VPos::Center)),
                )])?;
            }
        }
        Ok(())
    }

    /// Each queue's share (%) of its volume by site hour: a typical day.
    fn shares(&self) -> Vec<[f64; 24]> {
        let grid = &self.0.staffed.grid;
        let mut shares: Vec<[f64; 24]> = Vec::new();
        for d in &self.0.staffed.demand.queues {
            let mut by_hour = [0.0; 24];
            for t in 0..grid.len {
                by_hour[grid.site_local(t).hour() as usize] += d.volume[t];
            }
            let total: f64 = by_hour.iter().sum();
            if total > 0.0 {
                by_hour.iter_mut().for_each(|v| *v *= 100.0 / total);
            }
            shares.push(by_hour);
        }
        shares
    }

    /// The lower panel: a typical day, each queue's share of its volume by
    /// site hour, with its peak hour labelled in the client's own time.
    fn typical_day<DB: DrawingBackend>(&self, lower: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let shares = self.shares();
        let top = shares
            .iter()
            .flat_map(|s| s.iter())
            .fold(1.0f64, |a, b| a.max(*b));
        let caption = "a typical day: share of each queue's volume by site hour (peak hour labelled in the client's own time)";
        let mut chart = panel_builder(lower, caption, 17)
            .build_cartesian_2d(0.0..24.0, 0.0..(top * 1.5).ceil())?;
        house_style(&mut chart.configure_mesh())
            .x_labels(25)
            .x_desc(format!(
                "site hour of day ({})",
                self.0.staffed.grid.site_tz
            ))
            .y_desc("% of volume")
            .y_labels(8)
            .y_label_formatter(&|v| format!("{v:.0}%"))
            .x_label_formatter(&|x| format!("{:02}:00", *x as u32))
            .draw()?;
        let mut labels = Stack {
            placed: Vec::new(),
            gap: top * 0.08,
        };
        for (q, share) in shares.iter().enumerate() {
            chart.draw_series(LineSeries::new(
                share.iter().enumerate().map(|(h, v)| (h as f64 + 0.5, *v)),
                colour(q).stroke_width(2),
            ))?;
            self.peak_label(&mut chart, q, share, &mut labels)?;
        }
        Ok(())
    }

    /// Queue `q`'s peak hour: a dot, its id and the client's clock then,
    /// the label stacked above those already drawn near it.
    fn peak_label<DB: DrawingBackend>(
        &self,
        chart: &mut PlainChart<'_, DB>,
        q: usize,
        share: &[f64; 24],
        labels: &mut Stack,
    ) -> Drawn<DB> {
        let grid = &self.0.staffed.grid;
        let queue = &self.0.staffed.scenario.queues[q];
        let Some(peak) = (0..24).max_by(|&a, &b| share[a].total_cmp(&share[b]).then(b.cmp(&a)))
        else {
            return Ok(());
        };
        if share[peak] <= 0.0 {
            return Ok(());
        }
        // The client's clock at that site hour on the first horizon day it is seen.
        let client = (0..grid.len)
            .find(|&t| grid.site_local(t).hour() as usize == peak)
            .map(|t| {
                let tz = queue.timezone;
                format!("{} {}", grid.local(t, tz).format("%H:%M"), city(tz))
            })
            .unwrap_or_default();
        let x = peak as f64 + 0.5;
        let y = labels.place(x, share[peak]);
        chart.draw_series([
            Circle::new((x, share[peak]), 4, colour(q).filled()).into_dyn(),
            Text::new(
                format!("{} {}", queue.id, client),
                (x, y),
                font(12)
                    .color(&PALETTE[q % PALETTE.len()])
                    .pos(Pos::new(HPos::Center, VPos::Bottom)),
            )
            .into_dyn(),
        ])?;
        Ok(())
    }
}

/// The peak labels drawn so far, so that labels near one another stack
/// upwards instead of overlapping.
struct Stack {
    /// Where each label was put.
    placed: Vec<(f64, f64)>,
    /// How far a label is raised past a neighbour, in y units.
    gap: f64,
}

impl Stack {
    /// The height for a label wanted at (`x`, `y`): raised by the gap while
    /// one already placed within 3 hours is within the gap of it.
    fn place(&mut self, x: f64, mut y: f64) -> f64 {
        while self
            .placed
            .iter()
            .any(|&(px, py)| (px - x).abs() < 3.0 && (py - y).abs() < self.gap)
        {
            y += self.gap;
        }
        self.placed.push((x, y));
        y
    }
}
