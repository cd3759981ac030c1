//! The roster-fairness chart: per pool, histograms of the agents' paid
//! hours, nights, weekend days and late shifts.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{colour, font, pool_label, split_rows, Built, Drawn, Figure, PlainChart};
use crate::pipeline::Planned;

/// Fairness of the roster: per pool, how many agents worked how many paid
/// hours, nights, weekend days and late shifts, with the least and most of
/// each.
///
/// Histograms (agents per value) rather than one mark per agent, so the
/// chart reads the same for 48 agents as for 2 000; agents who work no day
/// (idle members of a fixed headcount) are counted apart, as
/// [`crate::roster::Roster::spread`] leaves them out.
pub struct Fairness<'a>(pub &'a Planned);

/// A histogram of one figure over a pool's agents.
struct Histogram {
    /// Bin width (1 for counts of days).
    width: f64,
    /// First bin's lower edge.
    start: f64,
    /// Agents per bin.
    counts: Vec<u32>,
    min: f64,
    max: f64,
}

impl Histogram {
    /// Bins of a width from 1, 2, 4, 5, 8, 10, 20, … hours wide enough
    /// that there are at most 24 (counts of days: width 1 up to 24 values).
    fn of(values: &[f64]) -> Option<Histogram> {
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if !min.is_finite() || !max.is_finite() {
            return None;
        }
        let width = [
            1.0, 2.0, 4.0, 5.0, 8.0, 10.0, 20.0, 40.0, 80.0, 100.0, 200.0,
        ]
        .into_iter()
        .find(|w| ((max - min) / w).floor() < 24.0)
        .unwrap_or(((max - min) / 24.0).ceil().max(1.0));
        let start = (min / width).floor() * width;
        let bins = ((max - start) / width).floor() as usize + 1;
        let mut counts = vec![0u32; bins];
        for v in values {
            let b = (((v - start) / width).floor() as usize).min(bins - 1);
            counts[b] += 1;
        }
        Some(Histogram {
            width,
            start,
            counts,
            min,
            max,
        })
    }
}

/// `40`, `37.5`: a number of hours or days without a useless `.0`.
fn short_num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

impl Fairness<'_> {
    /// Pools with a roster, in plan order: (scenario pool index, working
    /// agents' hours, nights, weekend days, late shifts, idle agents).
    fn pools(&self) -> Vec<(usize, [Vec<f64>; 4], usize)> {
        let agents = &self.0.roster.agents;
        self.0
            .plan
            .pools
            .iter()
            .map(|pp| pp.model.pool)
            .filter(|&p| agents.iter().any(|a| a.pool == p))
            .map(|p| {
                let of_pool = || agents.iter().filter(move |a| a.pool == p);
                let working = || of_pool().filter(|a| a.days > 0);
                let figures = [
                    working().map(|a| a.hours).collect(),
                    working().map(|a| f64::from(a.nights)).collect(),
                    working().map(|a| f64::from(a.weekend_days)).collect(),
                    working().map(|a| f64::from(a.lates)).collect(),
                ];
                (p, figures, of_pool().filter(|a| a.days == 0).count())
            })
            .collect()
    }
}

impl Figure for Fairness<'_> {
    fn name(&self) -> &'static str {
        "roster_fairness"
    }
    fn title(&self) -> String {
        let sc = &self.0.staffed.scenario;
        format!(
            "Roster fairness: agents by paid hours, nights, weekend days and late shifts over the {} days ({} agents, {} time)",
            sc.site.days,
            self.0.roster.agents.len(),
            self.0.staffed.grid.site_tz
        )
    }
    fn size(&self) -> (u32, u32) {
        (1400, 60 + 280 * self.pools().len().max(1) as u32)
    }
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let pools = self.pools();
        if pools.is_empty() {
            area.draw(&Text::new("no agents on the roster", (40, 40), font(16)))?;
            return Ok(());
        }
        for ((p, figures, idle), row) in pools.iter().zip(split_rows(area, pools.len())) {
            let (head, body) = row.split_vertically(30);
            self.caption(&head, *p, figures[0].len(), *idle)?;
            let panels = body.split_evenly((1, METRICS.len()));
            for (m, (metric, panel)) in METRICS.iter().zip(&panels).enumerate() {
                let Some(h) = Histogram::of(&figures[m]) else {
                    continue;
                };
                let bars = Bars::new(h, &figures[m]);
                let mut chart = metric_axes(panel, metric, &bars)?;
                draw_bars(&mut chart, &bars, colour(m))?;
            }
        }
        Ok(())
    }
}

/// The four figures of a pool, in the order of [`Fairness::pools`]: what
/// it is, the x axis's title and the unit after a number.
const METRICS: [(&str, &str, &str); 4] = [
    ("paid hours", "paid hours per agent (h)", " h"),
    ("nights", "night shifts per agent", ""),
    ("weekend days", "weekend days worked per agent", ""),
    ("lates", "late shifts per agent", ""),
];

impl Fairness<'_> {
    /// A pool's heading: its name and working agents, and its idle ones if any.
    fn caption<DB: DrawingBackend>(
        &self,
        head: &DrawingArea<DB, Shift>,
        pool: usize,
        working: usize,
        idle: usize,
    ) -> Drawn<DB> {
        let sc = &self.0.staffed.scenario;
        let mut caption = format!("{}: {} agents", pool_label(&sc.pools[pool]), working);
        if idle > 0 {
            caption += &format!(" working, {idle} idle (no day worked, not counted)");
        }
        head.draw(&Text::new(
            caption,
            (12, 16),
            font(18).pos(Pos::new(HPos::Left, VPos::Center)),
        ))
    }
}

/// A histogram laid out as bars on an x axis.
struct Bars {
    h: Histogram,
    /// Whole values in bins of one: each bar is centred on its value.
    centred: bool,
}

impl Bars {
    /// The bars of histogram `h` of `values`.
    fn new(h: Histogram, values: &[f64]) -> Bars {
        let centred = h.width == 1.0 && values.iter().all(|v| v.fract() == 0.0);
        Bars { h, centred }
    }

    /// Left and right x of bin `b`.
    fn bar(&self, b: usize) -> (f64, f64) {
        let shift = if self.centred { -0.5 } else { 0.0 };
        let x0 = self.h.start + self.h.width * b as f64 + shift;
        (x0, x0 + self.h.width)
    }

    /// The bins with agents in them: (bin, agents).
    fn filled(&self) -> impl Iterator<Item = (usize, u32)> + '_ {
        self.h
            .counts
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(b, &n)| (b, n))
    }
}

/// One figure's panel: its caption (least and most), axes and mesh, every
/// whole value labelled for counts of days and nothing between.
fn metric_axes<'c, DB: DrawingBackend>(
    panel: &DrawingArea<DB, Shift>,
    &(what, axis, unit): &(&str, &str, &str),
    bars: &Bars,
) -> Built<DB, PlainChart<'c, DB>> {
    let h = &bars.h;
    let centred = bars.centred;
    let top = h.counts.iter().copied().max().unwrap_or(1).max(1);
    let (first, last) = (bars.bar(0).0, bars.bar(h.counts.len() - 1).1);
    let pad = if centred { 0.1 } else { h.width * 0.5 };
    let mut chart = ChartBuilder::on(panel)
        .caption(
            format!(
                "{what}: min {}{unit} – max {}{unit}",
                short_num(h.min),
                short_num(h.max)
            ),
            font(15),
        )
        .margin(6)
        .margin_right(16)
        .x_label_area_size(40)
        .y_label_area_size(52)
        .build_cartesian_2d(
            (first - pad)..(last + pad),
            0.0..(f64::from(top) * 1.2).ceil(),
        )?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_desc(axis)
        .y_desc("agents")
        .x_labels(if centred {
            2 * h.counts.len() + 4
        } else {
            h.counts.len().clamp(2, 12) + 1
        })
        .y_labels(6)
        .x_label_formatter(&|x| {
            if centred && (x - x.round()).abs() > 1e-6 {
                String::new()
            } else {
                short_num(*x)
            }
        })
        .y_label_formatter(&|v| format!("{v:.0}"))
        .label_style(font(12))
        .axis_desc_style(font(13))
        .light_line_style(BLACK.mix(0.03))
        .bold_line_style(BLACK.mix(0.15))
        .draw()?;
    Ok(chart)
}

/// The bars in colour `c`, then each one's count of agents on top.
fn draw_bars<DB: DrawingBackend>(
    chart: &mut PlainChart<'_, DB>,
    bars: &Bars,
    c: RGBColor,
) -> Drawn<DB> {
    chart.draw_series(bars.filled().map(|(b, n)| {
        let (x0, x1) = bars.bar(b);
        let pad = bars.h.width * 0.08;
        Rectangle::new([(x0 + pad, 0.0), (x1 - pad, f64::from(n))], c.filled())
    }))?;
    chart.draw_series(bars.filled().map(|(b, n)| {
        let (x0, x1) = bars.bar(b);
        Text::new(
            n.to_string(),
            ((x0 + x1) / 2.0, f64::from(n)),
            font(11).pos(Pos::new(HPos::Center, VPos::Bottom)),
        )
    }))?;
    Ok(())
}
