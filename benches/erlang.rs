//! Benchmarks for the staffing maths (docs/spec.md promise: `erlang` figures for 1 000 000
//! queue-intervals in under a second on one core).
//!
//! * `required_1m_single_thread`: [`required`] plus the gross staffing for 1 000 000
//!   deterministic pseudo-random queue-intervals (30-minute intervals, 1–1000
//!   contacts, AHT 120–600 s, 80/20, shrinkage 0.3), on the calling thread.
//! * `run_batch_1m_rows`: the `erlang --batch` engine over an in-memory CSV of the
//!   same 1 000 000 cases, end to end (parse, compute in parallel, format, write).
//! * `required_erlang_a_10k_single_thread`: the first 10 000 cases with a patience of
//!   60–600 s (Erlang A), for the order of magnitude.

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use staffplan::batch::run_batch;
use staffplan::erlang::{required, with_shrinkage, Load, Target};
use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

const CASES: usize = 1_000_000;
const INTERVAL_S: f64 = 1800.0;
const SHRINKAGE: f64 = 0.3;

/// Knuth's MMIX linear congruential generator: deterministic, no `rand` crate.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// Uniform integer in `lo..=hi`.
    fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

/// (volume, aht_s) for every case.
fn cases() -> Vec<(u64, u64)> {
    let mut rng = Lcg(2026);
    (0..CASES)
        .map(|_| (rng.between(1, 1000), rng.between(120, 600)))
        .collect()
}

fn bench_required(c: &mut Criterion) {
    let target = Target {
        sl: 0.8,
        sl_seconds: 20.0,
        asa_s: None,
        max_occupancy: 1.0,
    };
    let loads: Vec<Load> = cases()
        .into_iter()
        .map(|(v, aht)| Load::voice(v as f64, INTERVAL_S, aht as f64))
        .collect();
    let mut group = c.benchmark_group("erlang");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(12))
        .throughput(Throughput::Elements(CASES as u64));
    group.bench_function("required_1m_single_thread", |b| {
        b.iter(|| {
            let mut net = 0_u64;
            let mut gross = 0.0;
            for load in &loads {
                if let Ok(f) = required(black_box(load), &target) {
                    net += u64::from(f.agents);
                    gross += with_shrinkage(f64::from(f.agents), SHRINKAGE).unwrap_or(0.0);
                }
            }
            black_box((net, gross))
        })
    });

    // Erlang A costs more per case (a tail sum per candidate): 10 000 cases, patience
    // 60–600 s, to show the order of magnitude.
    let mut rng = Lcg(7);
    let loads_a: Vec<Load> = loads
        .iter()
        .take(10_000)
        .map(|l| Load {
            patience_s: Some(rng.between(60, 600) as f64),
            ..*l
        })
        .collect();
    group.throughput(Throughput::Elements(loads_a.len() as u64));
    group.bench_function("required_erlang_a_10k_single_thread", |b| {
        b.iter(|| {
            let mut net = 0_u64;
            for load in &loads_a {
                if let Ok(f) = required(black_box(load), &target) {
                    net += u64::from(f.agents);
                }
            }
            black_box(net)
        })
    });

    group.throughput(Throughput::Elements(CASES as u64));
    let mut csv = String::from("volume,interval_s,aht_s,sl_target,sl_seconds,shrinkage\n");
    for (v, aht) in cases() {
        let _ = writeln!(csv, "{v},1800,{aht},0.8,20,0.3");
    }
    group.bench_function("run_batch_1m_rows", |b| {
        b.iter(|| run_batch(black_box(csv.as_bytes()), std::io::sink()).map(|s| s.rows))
    });
    group.finish();
}

criterion_group!(benches, bench_required);
criterion_main!(benches);
