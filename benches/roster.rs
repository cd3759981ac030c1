//! The roster of 2 000 agents over 4 weeks (issue 5: under 10 s on 2
//! cores). The plan is built directly on the scenario's weekly tours —
//! agent k works tour k mod T of every week, T tours a week — so only
//! [`roster::build`] is timed, not the shift solver.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use staffplan::shifts::{self, Assigned, PoolPlan, ShiftPlan};
use staffplan::{pipeline, roster, Scenario, Staffed};

/// The benchmark scenario and a plan of `agents` agents on its tours.
fn setup(agents: usize) -> (Staffed, ShiftPlan) {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/data/roster-4w.yaml");
    let scenario = Scenario::load(&file, &[]).expect("scenario");
    let staffed = pipeline::staff(scenario).expect("staffing");
    let model = shifts::model(&staffed, 0);
    let weeks = staffed.scenario.site.days as usize / 7;
    let mut tours = vec![0u32; model.tours.len()];
    for w in 0..weeks {
        let of_week: Vec<usize> = (0..model.tours.len())
            .filter(|&j| model.shifts[model.tours[j].shifts[0]].day / 7 == w)
            .collect();
        for k in 0..agents {
            tours[of_week[k % of_week.len()]] += 1;
        }
    }
    let mut per_shift = vec![0u32; model.shifts.len()];
    for (j, &n) in tours.iter().enumerate() {
        for &s in &model.tours[j].shifts {
            per_shift[s] += n;
        }
    }
    let assigned = per_shift
        .iter()
        .enumerate()
        .filter(|(_, &n)| n > 0)
        .map(|(s, &n)| Assigned {
            shift: s,
            agents: n,
            breaks: model.shifts[s]
                .breaks
                .iter()
                .map(|slots| {
                    let mut counts = vec![0; slots.len()];
                    counts[0] = n;
                    counts
                })
                .collect(),
        })
        .collect();
    let len = staffed.grid.len;
    let plan = ShiftPlan {
        pools: vec![PoolPlan {
            model,
            tours,
            assigned,
            scheduled: vec![0.0; len],
            on_floor: vec![0.0; len],
            cost: 0.0,
            shortfall_cost: 0.0,
            lp_bound: 0.0,
            timed_out: false,
            lines: Vec::new(),
        }],
        solver: "none",
    };
    (staffed, plan)
}

fn bench(c: &mut Criterion) {
    let (staffed, plan) = setup(2000);
    let r = roster::build(&staffed, &plan).expect("roster");
    eprintln!(
        "roster: {} agents, {} duties, {}",
        r.agents.len(),
        r.duties.len(),
        r.method
    );
    let mut group = c.benchmark_group("roster");
    group.sample_size(10);
    group.bench_function("2000_agents_4_weeks", |b| {
        b.iter(|| roster::build(&staffed, &plan).expect("roster").agents.len())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
