//! The side-by-side chart of a comparison: cost and FTE per variant (bars),
//! and achieved service level per queue and variant against its target.

use anyhow::{anyhow, Result};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::Comparison;
use crate::report::charts::{register_font, FONT};

const WIDTH: u32 = 1200;
const HEIGHT: u32 = 900;

/// Colours for variants, base first (Tableau 10).
const PALETTE: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

/// The colour of the variant at `i` (base = 0).
pub fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// The chart as SVG text.
pub fn svg(c: &Comparison) -> Result<String> {
    register_font();
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, (WIDTH, HEIGHT)).into_drawing_area();
        draw(&root, c).map_err(|e| anyhow!("drawing compare.svg: {e}"))?;
        root.present()
            .map_err(|e| anyhow!("drawing compare.svg: {e}"))?;
    }
    Ok(text)
}

/// The chart as PNG bytes.
pub fn png(c: &Comparison) -> Result<Vec<u8>> {
    register_font();
    let mut rgb = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (WIDTH, HEIGHT)).into_drawing_area();
        draw(&root, c).map_err(|e| anyhow!("drawing compare.png: {e}"))?;
        root.present()
            .map_err(|e| anyhow!("drawing compare.png: {e}"))?;
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder
        .write_header()
        .and_then(|mut w| w.write_image_data(&rgb))
        .map_err(|e| anyhow!("encoding compare.png: {e}"))?;
    Ok(out)
}

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, c: &Comparison) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let (top, bottom) = root.split_vertically(HEIGHT * 4 / 9);
    let (left, right) = top.split_horizontally(WIDTH / 2);
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
    let cost_title = format!("Cost over {} days ({})", c.days, c.currency);
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
) -> DrawResult<DB> {
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

/// Grouped bars: one group per queue, one bar per variant, the queue's
/// target as a black line across its group.
fn service<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, c: &Comparison) -> DrawResult<DB> {
    let queues: Vec<(String, String)> = c
        .queues()
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
        .collect();
    // Only planned variants get a bar; their colour stays the one of the cost chart.
    let planned: Vec<(usize, &super::Run, &super::Done)> = c
        .runs
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.outcome.as_ref().ok().map(|d| (i, r, d)))
        .collect();
    let nv = planned.len() as i32;
    let group = nv + 1;
    let used = (queues.len() as i32 * group).max(1);
    // Empty slots on the right hold the legend, so it never hides a bar.
    let longest = planned
        .iter()
        .map(|(_, r, _)| r.name.chars().count())
        .max()
        .unwrap_or(0) as f64;
    let legend_px = 7.0 * longest + 50.0;
    let plot_px = f64::from(WIDTH) - 100.0;
    let slots = used + (f64::from(used) * legend_px / (plot_px - legend_px)).ceil() as i32;
    // Zoom to where the figures are: the lowest achieved SL or target, less a margin.
    let lowest = planned
        .iter()
        .flat_map(|(_, _, d)| d.figures.service.iter())
        .flat_map(|s| [s.achieved, s.target.as_deref().and_then(target_fraction)])
        .flatten()
        .fold(1.0, f64::min);
    let floor = ((lowest - 0.05) * 10.0).floor().clamp(0.0, 9.0) / 10.0;
    let mut chart = ChartBuilder::on(area)
        .caption(
            "Achieved service level per queue (line: the base's target)",
            (FONT, 18),
        )
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d((0..slots - 1).into_segmented(), floor..1.0)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .x_labels(slots as usize + 1)
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
    for (v, &(i, run, done)) in planned.iter().enumerate() {
        let bars = queues.iter().enumerate().filter_map(|(g, (q, _))| {
            let sl = done
                .figures
                .service
                .iter()
                .find(|s| &s.queue == q)?
                .achieved?;
            let slot = g as i32 * group + v as i32;
            let mut bar = Rectangle::new(
                [
                    (SegmentValue::Exact(slot), floor),
                    (SegmentValue::Exact(slot + 1), sl.max(floor)),
                ],
                colour(i).filled(),
            );
            bar.set_margin(0, 0, 1, 1);
            Some(bar)
        });
        chart
            .draw_series(bars)?
            .label(run.name.clone())
            .legend(move |(x, y)| {
                Rectangle::new([(x, y - 5), (x + 10, y + 5)], colour(i).filled())
            });
    }
    let targets = queues.iter().enumerate().filter_map(|(g, (q, _))| {
        let target = planned
            .iter()
            .flat_map(|(_, _, d)| d.figures.service.iter())
            .find(|s| &s.queue == q)?
            .target
            .as_deref()
            .and_then(target_fraction)?;
        let start = g as i32 * group;
        Some(PathElement::new(
            vec![
                (SegmentValue::Exact(start), target),
                (SegmentValue::Exact(start + nv), target),
            ],
            BLACK.stroke_width(2),
        ))
    });
    chart.draw_series(targets)?;
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font((FONT, 12))
        .draw()?;
    Ok(())
}

/// `80/20` → 0.8.
fn target_fraction(text: &str) -> Option<f64> {
    let pct: f64 = text.split('/').next()?.trim().parse().ok()?;
    Some(pct / 100.0)
}
