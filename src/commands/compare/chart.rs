//! The side-by-side chart of a comparison: cost and FTE per variant (bars),
//! and achieved service level per queue and variant against its target.

use plotters::coord::ranged1d::SegmentedCoord;
use plotters::coord::types::{RangedCoordf64, RangedCoordi32};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::Comparison;
use crate::report::charts::{self, colour, Built, Drawn, Figure, FONT};

const WIDTH: u32 = 1200;
const HEIGHT: u32 = 900;

/// The comparison chart, drawn by [`crate::report::charts`] like every
/// other chart (one font set-up, one PNG encoder).
pub struct CompareChart<'a>(pub &'a Comparison);

impl Figure for CompareChart<'_> {
    fn name(&self) -> &'static str {
        "compare"
    }
    fn title(&self) -> String {
        format!(
            "Variants side by side over {} days: cost, FTE and achieved service level",
            self.0.days
        )
    }
    fn size(&self) -> (u32, u32) {
        (WIDTH, HEIGHT)
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        draw(root, self.0)
    }
}

/// The chart as SVG text.
pub fn svg(c: &Comparison) -> String {
    charts::svg(&CompareChart(c))
}

/// The chart as PNG bytes.
pub fn png(c: &Comparison) -> Vec<u8> {
    charts::png(&CompareChart(c))
}

fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, c: &Comparison) -> Drawn<DB> {
    let (w, h) = root.dim_in_pixel();
    let (top, bottom) = root.split_vertically(h * 4 / 9);
    let (left, right) = top.split_horizontally(w / 2);
    let names: Vec<String> = c
        .runs
        .iter()
        .map(|r| match &r.outcome {
            Ok(_) => r.name.clone(),
            Err(_) => format!("{} (failed)", r.name),
        })
        .collect();
    let value = |f: fn(&super::Figures) -> f64| -> Vec<Option<f64>> {
        c.runs
            .iter()
            .map(|r| r.outcome.as_ref().ok().map(|d| f(&d.figures)))
            .collect()
    };
    // The table's units: the currency, at each site's rate, or paid hours.
    let cost_title = format!("Cost over {} days, {}", c.days, c.costs);
    bars(&left, &cost_title, &names, &value(|f| f.cost))?;
    bars(
        &right,
        "FTE (paid hours ÷ 40 h a week)",
        &names,
        &value(|f| f.fte),
    )?;
    service(&bottom, c)
}

/// Horizontal bars, one per variant, base at the top.
fn bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    names: &[String],
    values: &[Option<f64>],
) -> Drawn<DB> {
    let n = names.len() as i32;
    let max = values
        .iter()
        .flatten()
        .copied()
        .fold(0.0, f64::max)
        .max(1.0)
        * 1.12;
    let mut chart = ChartBuilder::on(area)
        .caption(title, (FONT, 18))
        .margin(12)
        .x_label_area_size(30)
        .y_label_area_size(190)
        .build_cartesian_2d(0.0..max, (0..(n - 1).max(0)).into_segmented())?;
    // Row i from the top holds variant i.
    let row = |i: usize| n - 1 - i as i32;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(WHITE)
        .y_labels(names.len())
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(r) if (0..n).contains(r) => {
                names[(n - 1 - r) as usize].chars().take(28).collect()
            }
            _ => String::new(),
        })
        .x_label_formatter(&|x| format!("{x:.0}"))
        .label_style((FONT, 12))
        .draw()?;
    chart.draw_series(values.iter().enumerate().filter_map(|(i, v)| {
        v.map(|v| {
            let mut bar = Rectangle::new(
                [
                    (0.0, SegmentValue::Exact(row(i))),
                    (v, SegmentValue::Exact(row(i) + 1)),
                ],
                colour(i).filled(),
            );
            bar.set_margin(4, 4, 0, 0);
            bar
        })
    }))?;
    chart.draw_series(values.iter().enumerate().filter_map(|(i, v)| {
        v.map(|v| {
            Text::new(
                format!("{v:.1}"),
                (v, SegmentValue::CenterOf(row(i))),
                (FONT, 12).into_font(),
            )
        })
    }))?;
    Ok(())
}

/// A variant that was planned: its index among the runs (its colour), the
/// run and its outcome.
type Planned<'c> = (usize, &'c super::Run, &'c super::Done);

/// A chart of segments across (slots) and a value up.
type SlotChart<'c, DB> =
    ChartContext<'c, DB, Cartesian2d<SegmentedCoord<RangedCoordi32>, RangedCoordf64>>;

/// Grouped bars: one group per queue, one bar per variant, the queue's
/// target as a black line across its group.
fn service<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, c: &Comparison) -> Drawn<DB> {
    let queues = measured_queues(c);
    // Only planned variants get a bar; their colour stays the one of the cost chart.
    let planned: Vec<Planned> = c
        .runs
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.outcome.as_ref().ok().map(|d| (i, r, d)))
        .collect();
    let slots = Slots::new(queues.len(), &planned);
    let mut chart = service_axes(area, &queues, &slots)?;
    for (v, &(i, run, done)) in planned.iter().enumerate() {
        let achieved = |g: usize| {
            let q = &queues[g].0;
            let sl = done
                .figures
                .service
                .iter()
                .find(|s| &s.queue == q)?
                .achieved?;
            Some((g as i32 * slots.group + v as i32, sl))
        };
        // The level above each bar where the bars are wide enough for it: a
        // few points apart look alike on a 0-100 % axis.
        let room = slots.bar_px() >= 34.0;
        chart.draw_series((0..queues.len()).filter(|_| room).filter_map(achieved).map(
            |(slot, sl)| {
                Text::new(
                    format!("{:.1}%", sl * 100.0),
                    (SegmentValue::CenterOf(slot), sl),
                    (FONT, 11)
                        .into_font()
                        .color(&BLACK)
                        .pos(Pos::new(HPos::Center, VPos::Bottom)),
                )
            },
        ))?;
        let bars = (0..queues.len()).filter_map(achieved).map(|(slot, sl)| {
            let mut bar = Rectangle::new(
                [
                    (SegmentValue::Exact(slot), 0.0),
                    (SegmentValue::Exact(slot + 1), sl),
                ],
                colour(i).filled(),
            );
            bar.set_margin(0, 0, 1, 1);
            bar
        });
        chart
            .draw_series(bars)?
            .label(run.name.clone())
            .legend(move |(x, y)| {
                Rectangle::new([(x, y - 5), (x + 10, y + 5)], colour(i).filled())
            });
    }
    draw_targets(&mut chart, &queues, &planned, &slots)?;
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font((FONT, 12))
        .draw()?;
    Ok(())
}

/// The queues some planned variant achieved a service level for: (queue, client).
fn measured_queues(c: &Comparison) -> Vec<(String, String)> {
    c.queues()
        .into_iter()
        .filter(|(q, _)| {
            c.runs.iter().any(|r| {
                r.outcome.as_ref().is_ok_and(|d| {
                    d.figures
                        .service
                        .iter()
                        .any(|s| &s.queue == q && s.achieved.is_some())
                })
            })
        })
        .collect()
}

/// The service chart's plotting width, in pixels (the chart's less its
/// axis labels).
const PLOT_PX: f64 = WIDTH as f64 - 100.0;

/// The x slots of the service chart: per queue a group of one slot per
/// planned variant and a gap, then empty slots on the right that hold the
/// legend, so it never hides a bar.
struct Slots {
    /// Planned variants.
    nv: i32,
    /// Slots per queue group.
    group: i32,
    /// All slots, the legend's included.
    total: i32,
}

impl Slots {
    /// The slots for `queues` groups of the `planned` variants' bars.
    fn new(queues: usize, planned: &[Planned]) -> Slots {
        let nv = planned.len() as i32;
        let group = nv + 1;
        let used = (queues as i32 * group).max(1);
        let longest = planned
            .iter()
            .map(|(_, r, _)| r.name.chars().count())
            .max()
            .unwrap_or(0) as f64;
        let legend_px = 7.0 * longest + 50.0;
        let total = used + (f64::from(used) * legend_px / (PLOT_PX - legend_px)).ceil() as i32;
        Slots { nv, group, total }
    }

    /// About how wide one bar is drawn, in pixels.
    fn bar_px(&self) -> f64 {
        PLOT_PX / f64::from(self.total.max(1))
    }
}

/// The service chart's caption, axes and mesh: each queue's name under
/// the middle of its group, the level from 0 to 100% (bars cut at 70 %
/// made 90 % look twice 80 %).
fn service_axes<'c, DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    queues: &[(String, String)],
    slots: &Slots,
) -> Built<DB, SlotChart<'c, DB>> {
    let (nv, group) = (slots.nv, slots.group);
    let mut chart = ChartBuilder::on(area)
        .caption(
            "Achieved service level per queue (black line: that variant's target)",
            (FONT, 18),
        )
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d((0..slots.total - 1).into_segmented(), 0.0..1.0)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .x_labels(slots.total as usize + 1)
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(s) if s % group == (nv - 1) / 2 => queues
                .get((s / group) as usize)
                .map(|(q, _)| q.clone())
                .unwrap_or_default(),
            _ => String::new(),
        })
        .y_label_formatter(&|y| format!("{:.0}%", y * 100.0))
        .label_style((FONT, 12))
        .draw()?;
    Ok(chart)
}

/// Each variant's target for each queue as a black line across its bar (a
/// what-if may change the target, like 80/20 → 90/15).
fn draw_targets<DB: DrawingBackend>(
    chart: &mut SlotChart<'_, DB>,
    queues: &[(String, String)],
    planned: &[Planned],
    slots: &Slots,
) -> Drawn<DB> {
    let mut lines = Vec::new();
    for (v, (_, _, done)) in planned.iter().enumerate() {
        for (g, (q, _)) in queues.iter().enumerate() {
            let target = done
                .figures
                .service
                .iter()
                .find(|s| &s.queue == q)
                .and_then(|s| s.target.as_deref())
                .and_then(target_fraction);
            if let Some(target) = target {
                let slot = g as i32 * slots.group + v as i32;
                lines.push(PathElement::new(
                    vec![
                        (SegmentValue::Exact(slot), target),
                        (SegmentValue::Exact(slot + 1), target),
                    ],
                    BLACK.stroke_width(2),
                ));
            }
        }
    }
    chart.draw_series(lines)?;
    Ok(())
}

/// `80/20` → 0.8.
fn target_fraction(text: &str) -> Option<f64> {
    let pct: f64 = text.split('/').next()?.trim().parse().ok()?;
    Some(pct / 100.0)
}
