//! The hiring plan of `scenarios/capacity-2027.yaml` (12 months × 4 pools),
//! from required FTE fixed here (those the base-week plans give, see
//! docs/benchmarks.md), so only the people flow and the branch and bound
//! are timed, not the shift plans.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use staffplan::capacity::{self, Required};
use staffplan::Scenario;

/// Required FTE per pool and month, as planned (max_plans: 6).
const REQUIRED: [[f64; 12]; 4] = [
    [
        172.0, 172.0, 191.0, 191.0, 191.0, 191.0, 191.0, 191.0, 197.33, 210.0, 241.21, 277.0,
    ],
    [
        54.0, 54.99, 56.0, 57.0, 57.73, 58.48, 59.23, 60.0, 60.99, 62.0, 62.5, 63.0,
    ],
    [
        77.0, 96.73, 85.0, 77.0, 77.0, 126.0, 126.0, 127.0, 126.0, 127.0, 126.0, 126.0,
    ],
    [
        36.0, 36.0, 36.0, 36.0, 36.0, 36.0, 36.0, 36.0, 36.0, 36.0, 45.0, 51.0,
    ],
];

fn hiring(c: &mut Criterion) {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/capacity-2027.yaml");
    let scenario = Scenario::load(&file, &[]).expect("scenario");
    let required = Required {
        fte: REQUIRED.iter().map(|r| r.to_vec()).collect(),
        planned: vec![true; 12],
        levels: 12,
        plans: 12,
        cut_short: 0,
    };
    c.bench_function("capacity hiring plan, 12 months x 4 pools", |b| {
        b.iter(|| capacity::hire(&scenario, required.clone()).expect("plan"))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = hiring
}
criterion_main!(benches);
