//! Charts (plotters, SVG and PNG), drawn with the embedded DejaVu Sans so
//! they render the same on a machine without fontconfig or freetype.
//!
//! Every chart is a [`Figure`]: one generic `draw` that plotters runs on the
//! SVG backend (text, for the HTML page) and on the bitmap backend (RGB
//! pixels, encoded as PNG here). Time axes are in the site's local time: the
//! x value is hours since the horizon's first instant (UTC inside, so a
//! daylight-saving change never folds the axis) and labels convert it to the
//! site clock. Nothing reads a clock or a random seed: the same plan gives
//! the same bytes.
//!
//! This file holds what every chart shares (the [`Figure`] trait, rendering
//! to SVG and PNG, the font, house style, palette and time axis); each chart
//! lives in its own file, re-exported here.

use std::sync::Once;

use chrono::{Duration, Timelike};
use chrono_tz::Tz;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rayon::prelude::*;

use crate::pipeline::Planned;
use crate::shifts::Trip;
use crate::timegrid::TimeGrid;

pub mod capacity;
mod client_peaks;
mod coverage;
mod fairness;
mod forecast_error;
mod forecast_fit;
mod heatmap;
mod service_levels;
mod shift_starts;
mod window_sl;

pub use client_peaks::ClientPeaks;
pub use coverage::Coverage;
pub use fairness::Fairness;
pub use forecast_error::ForecastError;
pub use forecast_fit::ForecastFit;
pub use heatmap::Heatmap;
pub use service_levels::ServiceLevels;
pub use shift_starts::ShiftStarts;
pub use window_sl::WindowSl;

/// The font family every chart asks for.
pub const FONT: &str = "sans-serif";

/// Register the embedded font with plotters, once per process. Call before
/// drawing any text.
pub fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The font is compiled in; a failure here is a build defect, and
        // charts then draw without text rather than the run failing.
        let _ = plotters::style::register_font(
            FONT,
            plotters::style::FontStyle::Normal,
            dejavu::sans::regular(),
        );
    });
}

/// One rendered chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    /// File stem under `charts/`, like `coverage`.
    pub name: &'static str,
    /// The chart's title, as drawn on it.
    pub title: String,
    /// SVG text.
    pub svg: String,
    /// PNG bytes.
    pub png: Vec<u8>,
}

/// A chart that plotters can draw on any backend.
pub trait Figure {
    /// File stem under `charts/`.
    fn name(&self) -> &'static str;
    /// Title drawn at the top.
    fn title(&self) -> String;
    /// Width and height, pixels.
    fn size(&self) -> (u32, u32);
    /// Draw below the title, on `area`.
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn<DB>;
}

/// What drawing on backend `DB` returns.
pub type Drawn<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// What building a chart (or another value) on backend `DB` returns.
pub type Built<DB, T> = Result<T, DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A chart whose x axis is a value and whose y axis is a value (hours of a
/// day, a histogram, days of a horizon).
pub type PlainChart<'c, DB> = ChartContext<'c, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A chart over the horizon: x on a [`SiteAxis`], y a value.
type TimeChart<'c, DB> = ChartContext<'c, DB, Cartesian2d<SiteAxis, RangedCoordf64>>;

/// Every chart of a plan, in the order the report shows them.
/// The charts are drawn in parallel (each on its own canvas), which changes
/// nothing in the bytes.
pub fn plan_charts(p: &Planned) -> Vec<Chart> {
    register_font();
    let jobs: [&(dyn Fn() -> Chart + Sync); 7] = [
        &|| render(&Coverage(p)),
        &|| render(&Heatmap(p)),
        &|| render(&ServiceLevels(p)),
        &|| render(&ShiftStarts(p, Trip::PickUp)),
        &|| render(&ShiftStarts(p, Trip::DropOff)),
        &|| render(&ClientPeaks(p)),
        &|| render(&Fairness(p)),
    ];
    let mut charts: Vec<Chart> = jobs.par_iter().map(|job| job()).collect();
    // Only a plan to a contract window has this chart, so every other
    // plan's files stay as they were.
    if !WindowSl(p).queues().is_empty() {
        charts.push(render(&WindowSl(p)));
    }
    charts
}

/// Draw `fig` as SVG and as PNG. A drawing error (a defect, never user data)
/// leaves a chart that says so instead of failing the run.
pub fn render(fig: &(impl Figure + Sync)) -> Chart {
    let (svg, png) = rayon::join(|| svg(fig), || png(fig));
    Chart {
        name: fig.name(),
        title: fig.title(),
        svg,
        png,
    }
}

/// `fig` as SVG text.
pub fn svg(fig: &impl Figure) -> String {
    register_font();
    let (w, h) = fig.size();
    let title = fig.title();
    let mut svg = String::new();
    let drawn = {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        frame(&root, &title)
            .and_then(|area| fig.draw(&area))
            .and_then(|_| root.present())
            .map_err(|e| e.to_string())
    };
    if let Err(e) = drawn {
        svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"60\" viewBox=\"0 0 {w} 60\"><text x=\"10\" y=\"30\">{}: not drawn ({})</text></svg>\n",
            escape(&title),
            escape(&e)
        );
    }
    svg
}

/// `fig` as PNG bytes.
pub fn png(fig: &impl Figure) -> Vec<u8> {
    register_font();
    let (w, h) = fig.size();
    let mut pixels = vec![255u8; w as usize * h as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
        // On error the pixels keep what was drawn; the SVG says what failed.
        let _ = frame(&root, &fig.title())
            .and_then(|area| fig.draw(&area))
            .and_then(|_| root.present());
    }
    encode_png(&pixels, w, h)
}

/// Encode RGB pixels as PNG (deterministic: fixed compression, no metadata).
pub fn encode_png(rgb: &[u8], w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Default);
    let written = encoder
        .write_header()
        .and_then(|mut writer| writer.write_image_data(rgb));
    if written.is_err() {
        // Only a size mismatch fails, which the caller rules out.
        out.clear();
    }
    out
}

/// Escape text for XML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
) -> Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    root.titled(title, font(22).color(&BLACK))
}

/// A chart builder in the house layout: `caption` in `size` points on top,
/// room for the axis labels, and a right margin for the last x label.
fn panel_builder<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    caption: impl AsRef<str>,
    size: u32,
) -> ChartBuilder<'a, 'static, DB> {
    let mut builder = ChartBuilder::on(area);
    builder
        .caption(caption, font(size))
        .margin(8)
        .margin_right(24)
        .x_label_area_size(48)
        .y_label_area_size(64);
    builder
}

/// The mesh style every chart shares: label and axis fonts, faint grid.
fn house_style<'a, 'b, 'm, X, Y, DB>(
    mesh: &'m mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB>,
) -> &'m mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB>
where
    X: plotters::coord::ranged1d::Ranged<ValueType: std::fmt::Debug>,
    Y: plotters::coord::ranged1d::Ranged<ValueType: std::fmt::Debug>,
    DB: DrawingBackend,
{
    mesh.label_style(font(13))
        .axis_desc_style(font(14))
        .light_line_style(BLACK.mix(0.03))
        .bold_line_style(BLACK.mix(0.15))
}

fn font(size: u32) -> TextStyle<'static> {
    TextStyle::from((FONT, size).into_font())
}

/// Series colours: distinct, readable on white and in grey print.
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

/// The colour of series `i` (base variant, first queue, first template…).
pub fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Red for what falls short: a deficit, a target, a cap.
const SHORT: RGBColor = RGBColor(215, 25, 28);

/// Hours from the horizon start to the start of interval `i`.
fn hours(grid: &TimeGrid, i: usize) -> f64 {
    i as f64 * grid.hours()
}

/// The site's local midnights in the horizon, as hours since its start.
fn midnights(grid: &TimeGrid) -> Vec<f64> {
    (0..grid.len)
        .filter(|&i| {
            let t = grid.site_local(i);
            t.hour() == 0 && t.minute() == 0
        })
        .map(|i| hours(grid, i))
        .collect()
}

/// Label of an x value (hours since the start) on the site clock.
fn day_label(grid: &TimeGrid, x: f64, days: usize) -> String {
    let t = grid.start + Duration::seconds((x * 3600.0).round() as i64);
    let local = t.with_timezone(&grid.site_tz);
    if days > 14 {
        local.format("%a %d %b").to_string()
    } else {
        local.format("%a %d %b %H:%M").to_string()
    }
}

/// A time axis over the whole horizon: x is hours since its first instant,
/// with a labelled mark at each site midnight (every 7th on long horizons,
/// each day still gridded).
#[derive(Debug, Clone)]
struct SiteAxis {
    start: f64,
    end: f64,
    bold: Vec<f64>,
    light: Vec<f64>,
}

impl plotters::coord::ranged1d::Ranged for SiteAxis {
    type FormatOption = plotters::coord::ranged1d::NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let share = (value - self.start) / (self.end - self.start).max(1e-9);
        limit.0 + (share * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<Hint: plotters::coord::ranged1d::KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            self.light.clone()
        } else {
            self.bold.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.start..self.end
    }
}

impl plotters::coord::ranged1d::ValueFormatter<f64> for SiteAxis {
    fn format(value: &f64) -> String {
        format!("{value:.0} h")
    }
}

fn time_axis(grid: &TimeGrid) -> SiteAxis {
    let days = midnights(grid);
    let step = if days.len() > 14 { 7 } else { 1 };
    SiteAxis {
        start: 0.0,
        end: hours(grid, grid.len),
        bold: days.iter().step_by(step).copied().collect(),
        light: days,
    }
}

/// Points of a step line: each interval's value held over its length.
fn steps(grid: &TimeGrid, values: impl Iterator<Item = f64>) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    for (i, v) in values.enumerate() {
        out.push((hours(grid, i), v));
        out.push((hours(grid, i + 1), v));
    }
    out
}

fn city(tz: Tz) -> String {
    tz.name()
        .rsplit('/')
        .next()
        .unwrap_or(tz.name())
        .replace('_', " ")
}

/// `English voice (english-voice)`, or just the id when the pool has no name.
fn pool_label(pool: &crate::scenario::Pool) -> String {
    if pool.name == pool.id {
        pool.id.clone()
    } else {
        format!("{} ({})", pool.name, pool.id)
    }
}

/// A legend outside the plot: a swatch and a label per series, in rows
/// across `area`.
fn legend_row<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[(String, RGBColor, u32)],
) -> Drawn<DB> {
    let width = area.dim_in_pixel().0 as i32;
    let (mut x, mut y) = (80, 14);
    for (text, c, stroke) in items {
        let (w, _) = area.estimate_text_size(text, &font(13))?;
        let need = 26 + w as i32 + 24;
        if x + need > width && x > 80 {
            x = 80;
            y += 22;
        }
        area.draw(&PathElement::new(
            [(x, y), (x + 20, y)],
            c.stroke_width(*stroke),
        ))?;
        area.draw(&Text::new(
            text.clone(),
            (x + 26, y),
            font(13).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        x += need;
    }
    Ok(())
}

fn split_rows<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    n: usize,
) -> Vec<DrawingArea<DB, Shift>> {
    area.split_evenly((n.max(1), 1))
}
