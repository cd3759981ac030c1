//! The simulation of the shipped Karachi week: 5 queues, 4 pools, about
//! 90 000 contacts and 1 800 agent-shifts a week, 20 runs in parallel
//! (rayon), the plan solved once outside the timing.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use staffplan::{pipeline, simulate, Scenario};

fn bench(c: &mut Criterion) {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/karachi-247.yaml");
    let scenario = Scenario::load(&file, &[]).expect("scenario");
    let planned = pipeline::plan(scenario, 60.0).expect("plan");
    let mut group = c.benchmark_group("simulate");
    group.sample_size(10);
    group.bench_function("karachi_week_20_runs", |b| {
        b.iter(|| {
            simulate::simulate(&planned, &simulate::Options { runs: 20, seed: 1 })
                .expect("simulation")
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
