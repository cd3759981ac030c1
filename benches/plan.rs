//! End-to-end plans: the shipped Karachi week (weekly tours, breaks, four
//! pools) and the issue-4 benchmark week (7 × 96 quarter hours, 40 templates).

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use staffplan::{pipeline, shifts, Scenario};

fn plan(path: &str) -> f64 {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let scenario = Scenario::load(&file, &[]).expect("scenario");
    let staffed = pipeline::staff(scenario).expect("staffing");
    shifts::solve(&staffed, 60.0).expect("plan").objective()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("plan");
    group.sample_size(10);
    group.bench_function("karachi_week", |b| {
        b.iter(|| plan("scenarios/karachi-247.yaml"))
    });
    group.bench_function("week_7x96_40_templates", |b| {
        b.iter(|| plan("benches/data/bench-7x96.yaml"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
