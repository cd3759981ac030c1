//! The heatmap: per pool, the mean surplus or deficit of agents on the
//! floor by site day and hour, on a red–white–blue scale.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate, Timelike};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{font, house_style, pool_label, split_rows, Drawn, Figure, SiteAxis};
use crate::pipeline::Planned;

/// Surplus or deficit per pool, day × site hour.
pub struct Heatmap<'a>(pub &'a Planned);

impl Heatmap<'_> {
    /// Mean surplus (on the floor − gross requirement) per site date and hour.
    fn cells(&self, pool: usize) -> Vec<(NaiveDate, u32, f64)> {
        let s = &self.0.staffed;
        let pp = &self.0.plan.pools[pool];
        let mut sums: BTreeMap<(NaiveDate, u32), (f64, u32)> = BTreeMap::new();
        for t in 0..s.grid.len {
            let local = s.grid.site_local(t);
            let e = sums.entry((local.date(), local.hour())).or_default();
            e.0 += pp.on_floor[t] - pp.model.required[t];
            e.1 += 1;
        }
        sums.into_iter()
            .map(|((d, h), (sum, n))| (d, h, sum / f64::from(n.max(1))))
            .collect()
    }
}

/// Colour of a surplus `v` on a scale whose ends are ±`span`: red below
/// zero, white at zero, blue above.
fn diverging(v: f64, span: f64) -> RGBColor {
    let x = (v / span.max(1e-9)).clamp(-1.0, 1.0);
    let (end, k) = if x < 0.0 {
        ((202.0, 0.0, 32.0), -x)
    } else {
        ((5.0, 113.0, 176.0), x)
    };
    let k = k.powf(0.7);
    let mix = |a: f64| (247.0 + (a - 247.0) * k).round() as u8;
    RGBColor(mix(end.0), mix(end.1), mix(end.2))
}

impl Figure for Heatmap<'_> {
    fn name(&self) -> &'static str {
        "heatmap"
    }
    fn title(&self) -> String {
        format!(
            "Surplus (+) or deficit (−) of agents on the floor vs required, mean per hour ({} time)",
            self.0.staffed.grid.site_tz
        )
    }
    fn size(&self) -> (u32, u32) {
        let days = self.0.staffed.scenario.site.days.max(1);
        let panel = 90 + 24 * days.min(40);
        (1400, 60 + panel * self.0.plan.pools.len().max(1) as u32)
    }
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let s = &self.0.staffed;
        let start = s.scenario.site.start;
        for (p, panel) in split_rows(area, self.0.plan.pools.len()).iter().enumerate() {
            let Some(pp) = self.0.plan.pools.get(p) else {
                continue;
            };
            let pool = &s.scenario.pools[pp.model.pool];
            let cells = self.cells(p);
            let rows = cells
                .iter()
                .map(|c| (c.0 - start).num_days())
                .max()
                .unwrap_or(0)
                + 1;
            let span = cells.iter().fold(1.0f64, |a, c| a.max(c.2.abs()));
            let (plot, legend) = panel.split_horizontally(1240);
            let mut chart = ChartBuilder::on(&plot)
                .caption(pool_label(pool), font(18))
                .margin(8)
                .x_label_area_size(48)
                .y_label_area_size(110)
                .build_cartesian_2d(
                    0.0..24.0,
                    SiteAxis {
                        start: 0.0,
                        end: rows as f64,
                        bold: (0..rows).map(|r| r as f64 + 0.5).collect(),
                        light: Vec::new(),
                    },
                )?;
            let row_of = |d: NaiveDate| (rows - 1 - (d - start).num_days()) as f64;
            house_style(&mut chart.configure_mesh())
                .disable_mesh()
                .x_labels(25)
                .y_labels(rows as usize)
                .x_desc(format!("site hour of day ({})", s.grid.site_tz))
                .x_label_formatter(&|x| format!("{:02}:00", *x as u32))
                .y_label_formatter(&|y| {
                    let k = rows - 1 - y.floor() as i64;
                    if (y - y.floor() - 0.5).abs() > 0.01 || !(0..rows).contains(&k) {
                        return String::new();
                    }
                    (start + Duration::days(k)).format("%a %d %b").to_string()
                })
                .draw()?;
            chart.draw_series(cells.iter().map(|&(d, h, v)| {
                let y = row_of(d);
                Rectangle::new(
                    [(f64::from(h), y), (f64::from(h) + 1.0, y + 1.0)],
                    diverging(v, span).filled(),
                )
            }))?;
            let text_rows = rows <= 31;
            if text_rows {
                chart.draw_series(cells.iter().map(|&(d, h, v)| {
                    let y = row_of(d);
                    let ink: &'static RGBColor = if (v / span).abs() > 0.55 {
                        &WHITE
                    } else {
                        &BLACK
                    };
                    Text::new(
                        signed(v),
                        (f64::from(h) + 0.5, y + 0.5),
                        font(12)
                            .color(ink)
                            .pos(Pos::new(HPos::Center, VPos::Center)),
                    )
                }))?;
            }
            scale_bar(&legend, span)?;
        }
        Ok(())
    }
}

/// A surplus with its sign, one decimal: `+2.5`, `−1.0`, `0`.
fn signed(v: f64) -> String {
    if v.abs() < 0.05 {
        "0".to_string()
    } else if v > 0.0 {
        format!("+{v:.1}")
    } else {
        format!("−{:.1}", -v)
    }
}

fn scale_bar<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, span: f64) -> Drawn<DB> {
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let top = 50;
    let bottom = (h - 40).max(top + 20);
    let steps = 40;
    area.draw(&Text::new("agents", (10, top - 30), font(13)))?;
    for k in 0..steps {
        let v = span - 2.0 * span * f64::from(k) / f64::from(steps);
        let y0 = top + (bottom - top) * k / steps;
        let y1 = top + (bottom - top) * (k + 1) / steps;
        area.draw(&Rectangle::new(
            [(10, y0), (34.min(w), y1)],
            diverging(v, span).filled(),
        ))?;
    }
    for (v, y) in [(span, top), (0.0, (top + bottom) / 2), (-span, bottom)] {
        area.draw(&Text::new(
            signed(v),
            (40, y),
            font(12).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    Ok(())
}
