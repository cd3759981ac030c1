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

use std::collections::BTreeMap;
use std::sync::Once;

use chrono::{Duration, NaiveDate, Offset, TimeZone, Timelike};
use chrono_tz::Tz;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rayon::prelude::*;

use crate::pipeline::Planned;
use crate::scenario::Channel;
use crate::timegrid::TimeGrid;

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

/// Every chart of a plan, in the order the report shows them.
/// The charts are drawn in parallel (each on its own canvas), which changes
/// nothing in the bytes.
pub fn plan_charts(p: &Planned) -> Vec<Chart> {
    register_font();
    let jobs: [&(dyn Fn() -> Chart + Sync); 6] = [
        &|| render(&Coverage(p)),
        &|| render(&Heatmap(p)),
        &|| render(&ServiceLevels(p)),
        &|| render(&ShiftStarts(p)),
        &|| render(&ClientPeaks(p)),
        &|| render(&Fairness(p)),
    ];
    jobs.par_iter().map(|job| job()).collect()
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

const REQUIRED: RGBColor = RGBColor(20, 20, 20);
const SCHEDULED: RGBColor = RGBColor(158, 202, 225);
const ON_FLOOR: RGBColor = RGBColor(33, 113, 181);
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
        let s = &self.0.staffed;
        let grid = &s.grid;
        let days = midnights(grid).len();
        for (pp, panel) in self
            .0
            .plan
            .pools
            .iter()
            .zip(split_rows(area, self.0.plan.pools.len()))
        {
            let pool = &s.scenario.pools[pp.model.pool];
            let top = pp
                .scheduled
                .iter()
                .chain(&pp.model.required)
                .fold(1.0f64, |a, b| a.max(*b));
            let mut chart = ChartBuilder::on(&panel)
                .caption(pool_label(pool), font(18))
                .margin(8)
                .margin_right(24)
                .x_label_area_size(48)
                .y_label_area_size(64)
                .build_cartesian_2d(time_axis(grid), 0.0..(top * 1.3).ceil())?;
            house_style(&mut chart.configure_mesh())
                .x_desc(format!("site time ({}), days marked", grid.site_tz))
                .y_desc("agents")
                .y_labels(8)
                .y_label_formatter(&|v| format!("{v:.0}"))
                .x_label_formatter(&|x| day_label(grid, *x, days))
                .draw()?;
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
        }
        Ok(())
    }
}

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

/// Achieved service level per queue: per interval and per site day, against target.
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
        let s = &self.0.staffed;
        let grid = &s.grid;
        let days = midnights(grid).len();
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
        let grey = RGBColor(110, 110, 110);
        legend_row(
            &strip,
            &[
                ("each interval".to_string(), grey, 1),
                (
                    "each site day, volume-weighted (the % above it)".to_string(),
                    grey,
                    5,
                ),
                ("target".to_string(), SHORT, 2),
                ("(colours: one per queue)".to_string(), WHITE, 0),
            ],
        )?;
        for (&q, panel) in queues.iter().zip(split_rows(&rest, queues.len())) {
            let queue = &s.scenario.queues[q];
            let service = &self.0.service[q];
            let lowest = service
                .sl
                .iter()
                .flatten()
                .fold(queue.service_level.map_or(1.0, |t| t.fraction), |a, b| {
                    a.min(*b)
                });
            // Zoom on where the figures are, so a dip below target shows.
            let floor = ((lowest * 100.0 - 5.0) / 10.0).floor().clamp(0.0, 9.0) * 10.0;
            let volume = &s.demand.queues[q].agent_volume;
            let target = queue.service_level.map(|t| t.fraction * 100.0);
            let overall = service.sl_overall.map_or(String::new(), |x| {
                format!(", {:.1}% over the horizon", x * 100.0)
            });
            let mut chart = ChartBuilder::on(&panel)
                .caption(
                    format!(
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
                    ),
                    font(17),
                )
                .margin(8)
                .margin_right(24)
                .x_label_area_size(48)
                .y_label_area_size(64)
                .build_cartesian_2d(time_axis(grid), floor..102.0)?;
            house_style(&mut chart.configure_mesh())
                .x_desc(format!("site time ({})", grid.site_tz))
                .y_desc("% answered in time")
                .y_labels(6)
                .y_label_formatter(&|v| format!("{v:.0}%"))
                .x_label_formatter(&|x| day_label(grid, *x, days))
                .draw()?;
            let c = colour(q);
            // Interval SL as short segments, broken where the queue has no volume.
            let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
            let mut prev = false;
            for t in 0..grid.len {
                match service.sl[t] {
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
            for (k, run) in runs.into_iter().enumerate() {
                let series =
                    chart.draw_series(LineSeries::new(run, c.mix(0.45).stroke_width(1)))?;
                if k == 0 {
                    series.label("each interval").legend(move |(x, y)| {
                        PathElement::new([(x, y), (x + 18, y)], c.mix(0.45).stroke_width(2))
                    });
                }
            }
            // Daily volume-weighted SL over each site day.
            let mut by_day: BTreeMap<NaiveDate, (f64, f64, usize, usize)> = BTreeMap::new();
            for (t, (sl, vol)) in service.sl.iter().zip(volume).enumerate() {
                let e = by_day
                    .entry(grid.site_local(t).date())
                    .or_insert((0.0, 0.0, t, t));
                e.3 = t + 1;
                if let Some(v) = sl {
                    e.0 += v * vol;
                    e.1 += vol;
                }
            }
            let daily: Vec<(f64, f64, f64)> = by_day
                .values()
                .filter(|d| d.1 > 0.0)
                .map(|d| (hours(grid, d.2), hours(grid, d.3), d.0 / d.1 * 100.0))
                .collect();
            chart
                .draw_series(
                    daily.iter().map(|&(x0, x1, v)| {
                        PathElement::new([(x0, v), (x1, v)], c.stroke_width(4))
                    }),
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
            if let Some(target) = target {
                chart
                    .draw_series(DashedLineSeries::new(
                        [(0.0, target), (hours(grid, grid.len), target)],
                        10,
                        6,
                        SHORT.stroke_width(2),
                    ))?
                    .label(format!("target {target:.0}%"))
                    .legend(|(x, y)| {
                        PathElement::new([(x, y), (x + 18, y)], SHORT.stroke_width(2))
                    });
            }
        }
        Ok(())
    }
}

/// Agents starting at each site time of day, by template: the transport picture.
pub struct ShiftStarts<'a>(pub &'a Planned);

impl ShiftStarts<'_> {
    /// Per start slot (minutes after site midnight, on the grid): the busiest
    /// day and its agents starting per template.
    fn busiest(&self) -> BTreeMap<u32, (usize, Vec<u32>)> {
        let s = &self.0.staffed;
        let step = (s.grid.interval_s / 60).max(1) as u32;
        let templates = s.scenario.shifts.templates.len();
        let mut counts: BTreeMap<(u32, usize), Vec<u32>> = BTreeMap::new();
        for pp in &self.0.plan.pools {
            for a in &pp.assigned {
                let shift = &pp.model.shifts[a.shift];
                let slot = shift.start_min / step * step;
                let per = counts
                    .entry((slot, shift.day))
                    .or_insert_with(|| vec![0; templates]);
                if let Some(c) = per.get_mut(shift.template) {
                    *c += a.agents;
                }
            }
        }
        let mut out: BTreeMap<u32, (usize, Vec<u32>)> = BTreeMap::new();
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
        "shift_starts"
    }
    fn title(&self) -> String {
        format!(
            "Shift starts by site time of day and template: agents to transport on the busiest day ({} time)",
            self.0.staffed.grid.site_tz
        )
    }
    fn size(&self) -> (u32, u32) {
        (1400, 620)
    }
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let s = &self.0.staffed;
        let sc = &s.scenario;
        let step_h = s.grid.hours();
        let busiest = self.busiest();
        let cap = sc.shifts.max_starts_per_slot;
        let top = busiest
            .values()
            .map(|(_, per)| per.iter().sum::<u32>())
            .chain(cap)
            .max()
            .unwrap_or(1)
            .max(1);
        let mut chart = ChartBuilder::on(area)
            .margin(10)
            .margin_right(24)
            .x_label_area_size(48)
            .y_label_area_size(64)
            .build_cartesian_2d(0.0..24.0, 0.0..(f64::from(top) * 1.25).ceil())?;
        house_style(&mut chart.configure_mesh())
            .x_labels(25)
            .x_desc(format!(
                "shift start, site time of day ({}); the weekday over each bar is the busiest day for that start",
                s.grid.site_tz
            ))
            .y_desc("agents starting")
            .y_label_formatter(&|v| format!("{v:.0}"))
            .x_label_formatter(&|x| format!("{:02}:00", *x as u32))
            .draw()?;
        for (t, template) in sc.shifts.templates.iter().enumerate() {
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
        chart.draw_series(busiest.iter().map(|(&slot, (_, per))| {
            let total = per.iter().sum::<u32>();
            Text::new(
                total.to_string(),
                (f64::from(slot) / 60.0 + step_h / 2.0, f64::from(total)),
                font(11).pos(Pos::new(HPos::Center, VPos::Bottom)),
            )
        }))?;
        chart.draw_series(busiest.iter().map(|(&slot, (day, _))| {
            let weekday = (sc.site.start + Duration::days(*day as i64)).format("%a");
            Text::new(
                weekday.to_string(),
                (f64::from(slot) / 60.0 + step_h / 2.0, f64::from(top) * 1.2),
                font(10)
                    .color(&RGBColor(90, 90, 90))
                    .pos(Pos::new(HPos::Center, VPos::Center)),
            )
        }))?;
        if let Some(cap) = cap {
            chart
                .draw_series(DashedLineSeries::new(
                    [(0.0, f64::from(cap)), (24.0, f64::from(cap))],
                    10,
                    6,
                    SHORT.stroke_width(2),
                ))?
                .label(format!("start cap: {cap} transport seats per start"))
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
}

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

/// Fairness of the roster: per pool, how many agents worked how many paid
/// hours, nights and weekend days, with the least and most of each.
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
    /// agents' hours, nights, weekend days, idle agents).
    fn pools(&self) -> Vec<(usize, [Vec<f64>; 3], usize)> {
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
            "Roster fairness: agents by paid hours, nights and weekend days over the {} days ({} agents, {} time)",
            sc.site.days,
            self.0.roster.agents.len(),
            self.0.staffed.grid.site_tz
        )
    }
    fn size(&self) -> (u32, u32) {
        (1400, 60 + 280 * self.pools().len().max(1) as u32)
    }
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let sc = &self.0.staffed.scenario;
        let pools = self.pools();
        if pools.is_empty() {
            area.draw(&Text::new("no agents on the roster", (40, 40), font(16)))?;
            return Ok(());
        }
        let metrics = [
            ("paid hours", "paid hours per agent (h)", " h"),
            ("nights", "night shifts per agent", ""),
            ("weekend days", "weekend days worked per agent", ""),
        ];
        for ((p, figures, idle), row) in pools.iter().zip(split_rows(area, pools.len())) {
            let (head, body) = row.split_vertically(30);
            let working = figures[0].len();
            let mut caption = format!("{}: {} agents", pool_label(&sc.pools[*p]), working);
            if *idle > 0 {
                caption += &format!(" working, {idle} idle (no day worked, not counted)");
            }
            head.draw(&Text::new(
                caption,
                (12, 16),
                font(18).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
            let panels = body.split_evenly((1, 3));
            for (m, ((what, axis, unit), panel)) in metrics.iter().zip(&panels).enumerate() {
                let Some(h) = Histogram::of(&figures[m]) else {
                    continue;
                };
                let top = h.counts.iter().copied().max().unwrap_or(1).max(1);
                // Whole values in bins of one: each bar is centred on its value.
                let centred = h.width == 1.0 && figures[m].iter().all(|v| v.fract() == 0.0);
                let shift = if centred { -0.5 } else { 0.0 };
                let bar = |b: usize| {
                    let x0 = h.start + h.width * b as f64 + shift;
                    (x0, x0 + h.width)
                };
                let (first, last) = (bar(0).0, bar(h.counts.len() - 1).1);
                let pad = if centred { 0.1 } else { h.width * 0.5 };
                let c = colour(m);
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
                    .x_desc(*axis)
                    .y_desc("agents")
                    // Counts of days: every whole value labelled, nothing between.
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
                chart.draw_series(h.counts.iter().enumerate().filter(|(_, n)| **n > 0).map(
                    |(b, &n)| {
                        let (x0, x1) = bar(b);
                        let pad = h.width * 0.08;
                        Rectangle::new([(x0 + pad, 0.0), (x1 - pad, f64::from(n))], c.filled())
                    },
                ))?;
                chart.draw_series(h.counts.iter().enumerate().filter(|(_, n)| **n > 0).map(
                    |(b, &n)| {
                        let (x0, x1) = bar(b);
                        Text::new(
                            n.to_string(),
                            ((x0 + x1) / 2.0, f64::from(n)),
                            font(11).pos(Pos::new(HPos::Center, VPos::Bottom)),
                        )
                    },
                ))?;
            }
        }
        Ok(())
    }
}
