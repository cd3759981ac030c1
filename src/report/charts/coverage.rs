//! The coverage chart: per pool, agents required against scheduled and on
//! the floor over the horizon, with the short intervals shaded.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{
    day_label, font, hours, house_style, midnights, panel_builder, pool_label, split_rows, steps,
    time_axis, Built, Drawn, Figure, TimeChart, SHORT,
};
use crate::pipeline::Planned;
use crate::shifts::PoolPlan;

const REQUIRED: RGBColor = RGBColor(20, 20, 20);
const SCHEDULED: RGBColor = RGBColor(158, 202, 225);
const ON_FLOOR: RGBColor = RGBColor(33, 113, 181);

/// Coverage per pool over the horizon: gross requirement, scheduled, on the floor.
pub struct Coverage<'a>(pub &'a Planned);

impl Figure for Coverage<'_> {
    fn name(&self) -> &'static str {
        "coverage"
    }
    fn title(&self) -> String {
        format!(
            "Coverage per pool: agents required vs scheduled vs on the floor ({} time)",
            self.0.staffed.grid.site_tz
        )
    }
    fn size(&self) -> (u32, u32) {
        (1400, 60 + 300 * self.0.plan.pools.len().max(1) as u32)
    }
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let pools = &self.0.plan.pools;
        for (pp, panel) in pools.iter().zip(split_rows(area, pools.len())) {
            self.panel(pp, &panel)?;
        }
        Ok(())
    }
}

impl Coverage<'_> {
    /// Pool plan `pp`'s panel: axes, scheduled area, short intervals, on
    /// the floor, required, legend.
    fn panel<DB: DrawingBackend>(
        &self,
        pp: &PoolPlan,
        panel: &DrawingArea<DB, Shift>,
    ) -> Drawn<DB> {
        let grid = &self.0.staffed.grid;
        let mut chart = self.axes(pp, panel)?;
        chart
            .draw_series(AreaSeries::new(
                steps(grid, pp.scheduled.iter().copied()),
                0.0,
                SCHEDULED.mix(0.6),
            ))?
            .label("scheduled (working, breaks included)")
            .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 18, y + 6)], SCHEDULED.filled()));
        let short: Vec<usize> = (0..grid.len)
            .filter(|&t| pp.model.required[t] - pp.on_floor[t] > 1e-9)
            .collect();
        if !short.is_empty() {
            chart
                .draw_series(short.iter().map(|&t| {
                    Rectangle::new(
                        [
                            (hours(grid, t), pp.on_floor[t]),
                            (hours(grid, t + 1), pp.model.required[t]),
                        ],
                        SHORT.mix(0.7).filled(),
                    )
                }))?
                .label("short: on the floor below required")
                .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 18, y + 6)], SHORT.filled()));
        }
        chart
            .draw_series(LineSeries::new(
                steps(grid, pp.on_floor.iter().copied()),
                ON_FLOOR.stroke_width(2),
            ))?
            .label("on the floor (after breaks)")
            .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], ON_FLOOR.stroke_width(3)));
        chart
            .draw_series(LineSeries::new(
                steps(grid, pp.model.required.iter().copied()),
                REQUIRED.stroke_width(2),
            ))?
            .label("required (gross, with shrinkage)")
            .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], REQUIRED.stroke_width(3)));
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.4))
            .label_font(font(13))
            .draw()?;
        Ok(())
    }

    /// Pool plan `pp`'s caption, axes and mesh, up to 30% above the most
    /// agents scheduled or required.
    fn axes<'c, DB: DrawingBackend>(
        &self,
        pp: &PoolPlan,
        panel: &DrawingArea<DB, Shift>,
    ) -> Built<DB, TimeChart<'c, DB>> {
        let s = &self.0.staffed;
        let grid = &s.grid;
        let days = midnights(grid).len();
        let top = pp
            .scheduled
            .iter()
            .chain(&pp.model.required)
            .fold(1.0f64, |a, b| a.max(*b));
        let caption = pool_label(&s.scenario.pools[pp.model.pool]);
        let mut chart = panel_builder(panel, caption, 18)
            .build_cartesian_2d(time_axis(grid), 0.0..(top * 1.3).ceil())?;
        house_style(&mut chart.configure_mesh())
            .x_desc(format!("site time ({}), days marked", grid.site_tz))
            .y_desc("agents")
            .y_labels(8)
            .y_label_formatter(&|v| format!("{v:.0}"))
            .x_label_formatter(&|x| day_label(grid, *x, days))
            .draw()?;
        Ok(chart)
    }
}
