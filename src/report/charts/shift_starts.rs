//! The transport charts: agents starting (picked up) or ending (dropped
//! off) at each site time of day on the busiest day for that time, stacked
//! by template. The late-night drop-off is often the critical trip. With
//! `sites:` each site has its own transport and caps: one panel per site.

use std::collections::BTreeMap;

use chrono::Duration;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{colour, font, house_style, Built, Drawn, Figure, PlainChart, SHORT};
use crate::pipeline::Planned;
use crate::shifts::{Caps, Trip};

/// Agents starting or ending at each site time of day, by template: the
/// transport picture.
pub struct ShiftStarts<'a>(pub &'a Planned, pub Trip);

/// Start slot → (busiest day, agents starting per template), as
/// `ShiftStarts::busiest` makes it.
type Busiest = BTreeMap<u32, (usize, Vec<u32>)>;

impl ShiftStarts<'_> {
    /// The panels: each site with pools, in `sites:` order, then the
    /// pools of no site (without `sites:`, one panel of every pool).
    fn panels(&self) -> Vec<Option<usize>> {
        let sc = &self.0.staffed.scenario;
        let mut out: Vec<Option<usize>> = (0..sc.sites.len()).map(Some).collect();
        out.push(None);
        out.retain(|&site| sc.pools.iter().any(|p| p.site == site));
        out
    }

    /// Per slot (minutes after site midnight, on the grid): the busiest day
    /// and its agents starting (ending) per template, over the pools of
    /// `site`. A shift ends on the wall clock at its start plus its length,
    /// on the day that falls on.
    fn busiest(&self, site: Option<usize>) -> Busiest {
        let s = &self.0.staffed;
        let step = (s.grid.interval_s / 60).max(1) as u32;
        let templates = &s.scenario.shifts.templates;
        let mut counts: BTreeMap<(u32, usize), Vec<u32>> = BTreeMap::new();
        let pools =
            (self.0.plan.pools.iter()).filter(|pp| s.scenario.pools[pp.model.pool].site == site);
        for pp in pools {
            for a in &pp.assigned {
                let shift = &pp.model.shifts[a.shift];
                let at = match self.1 {
                    Trip::PickUp => shift.start_min,
                    Trip::DropOff => shift.start_min + templates[shift.template].length_s / 60,
                };
                let (day, slot) = (shift.day + (at / 1440) as usize, at % 1440 / step * step);
                let per = counts
                    .entry((slot, day))
                    .or_insert_with(|| vec![0; templates.len()]);
                if let Some(c) = per.get_mut(shift.template) {
                    *c += a.agents;
                }
            }
        }
        let mut out = Busiest::new();
        for ((slot, day), per) in counts {
            let total: u32 = per.iter().sum();
            let better = out
                .get(&slot)
                .is_none_or(|(_, best)| total > best.iter().sum::<u32>());
            if better {
                out.insert(slot, (day, per));
            }
        }
        out
    }
}

impl Figure for ShiftStarts<'_> {
    fn name(&self) -> &'static str {
        match self.1 {
            Trip::PickUp => "shift_starts",
            Trip::DropOff => "shift_ends",
        }
    }
    fn title(&self) -> String {
        let (what, trip) = match self.1 {
            Trip::PickUp => ("starts", "to pick up"),
            Trip::DropOff => ("ends", "to drop off"),
        };
        format!(
            "Shift {what} by site time of day and template: agents {trip} on the busiest day ({} time)",
            self.0.staffed.grid.site_tz
        )
    }
    fn size(&self) -> (u32, u32) {
        match self.panels().len() {
            0 | 1 => (1400, 620),
            n => (1400, 80 + 480 * n as u32),
        }
    }
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let panels = self.panels();
        for (site, area) in panels
            .iter()
            .zip(area.split_evenly((panels.len().max(1), 1)))
        {
            self.panel(&area, *site)?;
        }
        Ok(())
    }
}

impl ShiftStarts<'_> {
    /// The chart of `site`'s pools, against its own cap (the scenario's
    /// without `sites:`).
    fn panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        site: Option<usize>,
    ) -> Drawn<DB> {
        let busiest = self.busiest(site);
        let sc = &self.0.staffed.scenario;
        let cap = Caps::of_site(sc, site).get(self.1);
        let top = busiest
            .values()
            .map(|(_, per)| per.iter().sum::<u32>())
            .chain(cap)
            .max()
            .unwrap_or(1)
            .max(1);
        let caption = site.map(|i| format!("site {}", sc.sites[i].name));
        let mut chart = self.axes(area, top, caption)?;
        self.bars(&mut chart, &busiest)?;
        self.totals(&mut chart, &busiest, top)?;
        if let Some(cap) = cap {
            chart
                .draw_series(DashedLineSeries::new(
                    [(0.0, f64::from(cap)), (24.0, f64::from(cap))],
                    10,
                    6,
                    SHORT.stroke_width(2),
                ))?
                .label(format!(
                    "{what} cap: {cap} transport seats per {what} time ({key})",
                    what = self.1.noun(),
                    key = self.1.key()
                ))
                .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], SHORT.stroke_width(2)));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK.mix(0.4))
            .label_font(font(13))
            .draw()?;
        Ok(())
    }

    /// Axes and mesh: site hours of the day across, agents starting up to
    /// a quarter above the tallest bar (or cap), `top`; the panel's
    /// `caption` above them.
    fn axes<'c, DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        top: u32,
        caption: Option<String>,
    ) -> Built<DB, PlainChart<'c, DB>> {
        let what = self.1.noun();
        let mut builder = ChartBuilder::on(area);
        if let Some(caption) = caption {
            builder.caption(caption, font(18));
        }
        let mut chart = builder
            .margin(10)
            .margin_right(24)
            .x_label_area_size(48)
            .y_label_area_size(64)
            .build_cartesian_2d(0.0..24.0, 0.0..(f64::from(top) * 1.25).ceil())?;
        house_style(&mut chart.configure_mesh())
            .x_labels(25)
            .x_desc(format!(
                "shift {what}, site time of day ({}); the weekday over each bar is the busiest day for that time",
                self.0.staffed.grid.site_tz
            ))
            .y_desc(format!("agents {what}ing"))
            .y_label_formatter(&|v| format!("{v:.0}"))
            .x_label_formatter(&|x| format!("{:02}:00", *x as u32))
            .draw()?;
        Ok(chart)
    }

    /// One stacked bar per start slot, a layer and a legend entry per template.
    fn bars<DB: DrawingBackend>(
        &self,
        chart: &mut PlainChart<'_, DB>,
        busiest: &Busiest,
    ) -> Drawn<DB> {
        let step_h = self.0.staffed.grid.hours();
        for (t, template) in self.0.staffed.scenario.shifts.templates.iter().enumerate() {
            let c = colour(t);
            chart
                .draw_series(busiest.iter().filter_map(|(&slot, (_, per))| {
                    let below: u32 = per[..t].iter().sum();
                    let n = per.get(t).copied().unwrap_or(0);
                    (n > 0).then(|| {
                        let x = f64::from(slot) / 60.0;
                        Rectangle::new(
                            [
                                (x + 0.06 * step_h, f64::from(below)),
                                (x + 0.94 * step_h, f64::from(below + n)),
                            ],
                            c.filled(),
                        )
                    })
                }))?
                .label(format!("template {}", template.name))
                .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 18, y + 6)], c.filled()));
        }
        Ok(())
    }

    /// Each bar's total on top of it, and its busiest weekday along the top.
    fn totals<DB: DrawingBackend>(
        &self,
        chart: &mut PlainChart<'_, DB>,
        busiest: &Busiest,
        top: u32,
    ) -> Drawn<DB> {
        let step_h = self.0.staffed.grid.hours();
        let start = self.0.staffed.scenario.site.start;
        chart.draw_series(busiest.iter().map(|(&slot, (_, per))| {
            let total = per.iter().sum::<u32>();
            Text::new(
                total.to_string(),
                (f64::from(slot) / 60.0 + step_h / 2.0, f64::from(total)),
                font(11).pos(Pos::new(HPos::Center, VPos::Bottom)),
            )
        }))?;
        chart.draw_series(busiest.iter().map(|(&slot, (day, _))| {
            let weekday = (start + Duration::days(*day as i64)).format("%a");
            Text::new(
                weekday.to_string(),
                (f64::from(slot) / 60.0 + step_h / 2.0, f64::from(top) * 1.2),
                font(10)
                    .color(&RGBColor(90, 90, 90))
                    .pos(Pos::new(HPos::Center, VPos::Center)),
            )
        }))?;
        Ok(())
    }
}
