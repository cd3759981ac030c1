//! The report of the shipped Karachi week: every chart (SVG and PNG) and
//! report.html, from a plan made once outside the timing.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use staffplan::report::{charts, html};
use staffplan::{pipeline, Scenario};

fn bench(c: &mut Criterion) {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/karachi-247.yaml");
    let scenario = Scenario::load(&file, &[]).expect("scenario");
    let planned = pipeline::plan(scenario, 60.0).expect("plan");
    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    group.bench_function("karachi_charts_and_html", |b| {
        b.iter(|| {
            let charts = charts::plan_charts(&planned);
            html::plan_page(&planned, &charts).render().len()
        })
    });
    group.bench_function("karachi_charts_svg_only", |b| {
        b.iter(|| {
            [
                charts::svg(&charts::Coverage(&planned)),
                charts::svg(&charts::Heatmap(&planned)),
                charts::svg(&charts::ServiceLevels(&planned)),
                charts::svg(&charts::ShiftStarts(
                    &planned,
                    staffplan::shifts::Trip::PickUp,
                )),
                charts::svg(&charts::ClientPeaks(&planned)),
            ]
            .iter()
            .map(String::len)
            .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
