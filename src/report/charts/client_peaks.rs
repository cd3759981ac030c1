//! The client-peaks chart: each queue's volume on the site clock over the
//! horizon with every zone's clock changes marked, and a typical day by site
//! hour with each peak labelled in the client's own time.

use chrono::{Offset, TimeZone, Timelike};
use chrono_tz::Tz;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{
    city, colour, day_label, font, hours, house_style, legend_row, midnights, time_axis, Drawn,
    Figure, PALETTE,
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
        let s = &self.0.staffed;
        let grid = &s.grid;
        let sc = &s.scenario;
        let days = midnights(grid).len();
        let (strip, rest) = area.split_vertically(56);
        let (upper, lower) = rest.split_vertically(rest.dim_in_pixel().1 * 55 / 100);
        let items: Vec<(String, RGBColor, u32)> = sc
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
        legend_row(&strip, &items)?;
        let top = s
            .demand
            .queues
            .iter()
            .flat_map(|d| d.volume.iter())
            .fold(1.0f64, |a, b| a.max(*b));
        let mut chart = ChartBuilder::on(&upper)
            .caption("over the horizon", font(17))
            .margin(8)
            .margin_right(24)
            .x_label_area_size(48)
            .y_label_area_size(64)
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
        // Clock changes of every zone that matters: the site's and each client's.
        let mut zones: Vec<Tz> = vec![grid.site_tz];
        for q in &sc.queues {
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
        // A typical day: each queue's share of its volume by site hour.
        let mut shares: Vec<[f64; 24]> = Vec::new();
        for d in &s.demand.queues {
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
        let top = shares
            .iter()
            .flat_map(|s| s.iter())
            .fold(1.0f64, |a, b| a.max(*b));
        let mut chart = ChartBuilder::on(&lower)
            .caption(
                "a typical day: share of each queue's volume by site hour (peak hour labelled in the client's own time)",
                font(17),
            )
            .margin(8)
            .margin_right(24)
            .x_label_area_size(48)
            .y_label_area_size(64)
            .build_cartesian_2d(0.0..24.0, 0.0..(top * 1.5).ceil())?;
        house_style(&mut chart.configure_mesh())
            .x_labels(25)
            .x_desc(format!("site hour of day ({})", grid.site_tz))
            .y_desc("% of volume")
            .y_labels(8)
            .y_label_formatter(&|v| format!("{v:.0}%"))
            .x_label_formatter(&|x| format!("{:02}:00", *x as u32))
            .draw()?;
        let mut placed: Vec<(f64, f64)> = Vec::new();
        let gap = top * 0.08;
        for (q, share) in shares.iter().enumerate() {
            let c = colour(q);
            chart.draw_series(LineSeries::new(
                share.iter().enumerate().map(|(h, v)| (h as f64 + 0.5, *v)),
                c.stroke_width(2),
            ))?;
            let Some(peak) = (0..24).max_by(|&a, &b| share[a].total_cmp(&share[b]).then(b.cmp(&a)))
            else {
                continue;
            };
            if share[peak] <= 0.0 {
                continue;
            }
            // The client's clock at that site hour on the first horizon day it is seen.
            let client = (0..grid.len)
                .find(|&t| grid.site_local(t).hour() as usize == peak)
                .map(|t| {
                    let tz = sc.queues[q].timezone;
                    format!("{} {}", grid.local(t, tz).format("%H:%M"), city(tz))
                })
                .unwrap_or_default();
            // Labels near one another stack upwards instead of overlapping.
            let x = peak as f64 + 0.5;
            let mut y = share[peak];
            while placed
                .iter()
                .any(|&(px, py)| (px - x).abs() < 3.0 && (py - y).abs() < gap)
            {
                y += gap;
            }
            placed.push((x, y));
            chart.draw_series([
                Circle::new((x, share[peak]), 4, c.filled()).into_dyn(),
                Text::new(
                    format!("{} {}", sc.queues[q].id, client),
                    (x, y),
                    font(12)
                        .color(&PALETTE[q % PALETTE.len()])
                        .pos(Pos::new(HPos::Center, VPos::Bottom)),
                )
                .into_dyn(),
            ])?;
        }
        Ok(())
    }
}
