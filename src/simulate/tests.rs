//! The simulator against theory: stationary queues simulated long enough
//! must match Erlang C, Erlang A, chat at concurrency c (Erlang C on N·c
//! servers) and the M/M/N sojourn-time law within the 95 % confidence
//! interval over runs. Expected figures come from the Erlang formulas
//! ([`crate::erlang`], checked against hand calculations there) or, for the
//! sojourn time, from the closed formula written out below — never from the
//! simulator.

use super::engine::{Model, SimPool, SimQueue};
use super::*;
use crate::erlang::{erlang_a, erlang_c, figures_at, Load, Target};
use crate::pipeline::Planned;

const HOUR: f64 = 3600.0;

pub(super) fn queue(
    per_hour: f64,
    aht_s: f64,
    patience_s: Option<f64>,
    concurrency: u32,
) -> SimQueue {
    SimQueue {
        pool: 0,
        live: true,
        volume: vec![per_hour; 72],
        aht_s: vec![aht_s; 72],
        patience_s,
        concurrency,
        threshold_s: 20.0,
        redial: None,
        spread: None,
    }
}

/// Three days of hourly intervals, `agents` on the floor throughout; the
/// first day (starting empty) is the warm-up.
fn stationary(q: SimQueue, agents: usize) -> Model {
    Model::constant(3, HOUR, agents, vec![q], 0.0)
}

/// Per run, over days 2 and 3: (SL, ASA of answered, P(wait), P(abandon))
/// of the first queue.
fn per_run(model: &Model, runs: u32, seed: u64) -> Vec<[f64; 4]> {
    per_run_of(model, runs, seed, 0)
}

pub(super) fn assert_within_ci(values: &[[f64; 4]], k: usize, expected: f64, what: &str) {
    let column: Vec<f64> = values.iter().map(|v| v[k]).collect();
    let e = estimate(&column).expect("runs");
    let (low, high) = (e.low.expect("low"), e.high.expect("high"));
    assert!(
        low <= expected && expected <= high,
        "{what}: Erlang {expected:.5}, simulated {:.5} [{low:.5}, {high:.5}]",
        e.mean
    );
}

fn target() -> Target {
    Target {
        sl: 0.8,
        sl_seconds: 20.0,
        asa_s: None,
        max_occupancy: 1.0,
    }
}

#[test]
fn a_stationary_queue_matches_erlang_c() {
    // A = 96 calls/h × 300 s = 8 Erlangs on 10 agents, 80/20.
    let model = stationary(queue(96.0, 300.0, None, 1), 10);
    let f = figures_at(&Load::voice(96.0, HOUR, 300.0), &target(), 10).unwrap();
    assert!((f.p_wait - erlang_c(10, 8.0)).abs() < 1e-12);
    let runs = per_run(&model, 30, 11);
    assert_within_ci(&runs, 0, f.sl, "SL");
    assert_within_ci(&runs, 1, f.asa_s, "ASA");
    assert_within_ci(&runs, 2, f.p_wait, "P(wait)");
    assert!(runs.iter().all(|r| r[3] == 0.0), "no patience, no abandons");
}

#[test]
fn impatient_callers_match_erlang_a() {
    // A = 120 calls/h × 300 s = 10 Erlangs on 9 agents, patience 2 min: short-staffed.
    let model = stationary(queue(120.0, 300.0, Some(120.0), 1), 9);
    let a = erlang_a(9, 10.0, 300.0, 120.0, 20.0).unwrap();
    let runs = per_run(&model, 30, 12);
    assert_within_ci(&runs, 3, a.p_abandon, "P(abandon)");
    assert_within_ci(&runs, 0, a.sl, "SL");
    assert_within_ci(&runs, 2, a.p_wait, "P(wait)");
    assert_within_ci(&runs, 1, a.asa_answered_s, "ASA of answered");
}

#[test]
fn chat_agents_hold_concurrency_sessions() {
    // 96 sessions/h × 300 s = 8 Erlangs of sessions on 5 agents × 2 = 10 servers.
    let model = stationary(queue(96.0, 300.0, None, 2), 5);
    let load = Load {
        concurrency: 2,
        ..Load::voice(96.0, HOUR, 300.0)
    };
    let f = figures_at(&load, &target(), 5).unwrap();
    assert_eq!(f.servers, 10);
    let runs = per_run(&model, 30, 13);
    assert_within_ci(&runs, 0, f.sl, "SL");
    assert_within_ci(&runs, 2, f.p_wait, "P(wait)");
    // The same load on 5 single-session agents would be far worse.
    assert!(figures_at(&Load::voice(96.0, HOUR, 300.0), &target(), 5).is_ok_and(|g| g.sl == 0.0));
}

/// M/M/c sojourn time (wait + handling) beyond `t`: with probability
/// 1 − C no wait, else an Exp(θ = cμ − λ) wait, then an Exp(μ) handling:
/// P(T > t) = (1 − C)·e^{−μt} + C·(θ·e^{−μt} − μ·e^{−θt})/(θ − μ).
fn sojourn_beyond(c: u32, a: f64, aht_s: f64, t: f64) -> f64 {
    let mu = 1.0 / aht_s;
    let theta = (f64::from(c) - a) * mu;
    let wait = erlang_c(c, a);
    (1.0 - wait) * (-mu * t).exp()
        + wait * (theta * (-mu * t).exp() - mu * (-theta * t).exp()) / (theta - mu)
}

#[test]
fn email_is_in_service_level_when_finished_by_the_deadline() {
    // 8 Erlangs on 10 agents; deadline 10 minutes from arrival to finish.
    let mut q = queue(96.0, 300.0, None, 1);
    q.live = false;
    q.threshold_s = 600.0;
    let model = stationary(q, 10);
    let expected = 1.0 - sojourn_beyond(10, 8.0, 300.0, 600.0);
    let runs = per_run(&model, 30, 14);
    assert_within_ci(&runs, 0, expected, "finished within the deadline");
}

#[test]
fn the_same_seed_gives_the_same_numbers_on_any_number_of_threads() {
    let model = stationary(queue(96.0, 300.0, Some(120.0), 1), 9);
    let options = Options { runs: 6, seed: 5 };
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| run_model(&model, &options))
    };
    let one = on(1);
    assert_eq!(one, on(3));
    assert_eq!(one, run_model(&model, &options));
    let other = run_model(&model, &Options { runs: 6, seed: 6 });
    assert_ne!(one, other);
    // Runs differ from each other (each has its own stream).
    assert_ne!(one[0], one[1]);
}

#[test]
fn a_shift_minus_its_breaks() {
    // 9 h from 06:00 with 15 min at +2 h and 1 h at +4 h (given out of order).
    let s = segments(
        6.0 * HOUR,
        9.0 * HOUR,
        &[(4.0 * HOUR, HOUR), (2.0 * HOUR, 900.0)],
    );
    assert_eq!(
        s,
        vec![
            (6.0 * HOUR, 8.0 * HOUR),
            (8.0 * HOUR + 900.0, 10.0 * HOUR),
            (11.0 * HOUR, 15.0 * HOUR)
        ]
    );
    // Overlapping breaks merge; a break at the start leaves no empty segment.
    assert_eq!(
        segments(0.0, 100.0, &[(0.0, 10.0), (50.0, 20.0), (60.0, 20.0)]),
        vec![(10.0, 50.0), (80.0, 100.0)]
    );
}

#[test]
fn student_t_quantiles() {
    assert_eq!(t975(1), 12.706);
    assert_eq!(t975(19), 2.093);
    assert!((t975(60) - 2.000).abs() < 0.003);
    assert!((t975(1000) - 1.962).abs() < 0.002);
    let e = estimate(&[1.0, 2.0, 3.0]).unwrap();
    // mean 2, s = 1, half-width 4.303/√3.
    assert_eq!(e.mean, 2.0);
    assert!((e.high.unwrap() - (2.0 + 4.303 / 3f64.sqrt())).abs() < 1e-12);
    assert_eq!(estimate(&[0.5]).unwrap().low, None);
}

fn quick_start() -> Planned {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/quick-start.yaml");
    let scenario = crate::Scenario::load(&path, &[]).unwrap();
    crate::pipeline::plan(scenario, 60.0).unwrap()
}

/// Agent-seconds on the floor per interval of `[0, horizon)`, cyclic copies folded in.
fn floor_per_interval(model: &Model, pool: usize) -> Vec<f64> {
    let dt = model.interval_s;
    let horizon = dt * model.intervals as f64;
    let mut out = vec![0.0; model.intervals];
    for shift in &model.pools[pool].shifts {
        for &(a, b) in shift {
            for k in [-1.0, 0.0, 1.0] {
                let (a, b) = ((a + k * horizon).max(0.0), (b + k * horizon).min(horizon));
                let mut t = a;
                while t < b {
                    let i = (t / dt) as usize;
                    let end = ((i + 1) as f64 * dt).min(b);
                    out[i] += end - t;
                    t = end;
                }
            }
        }
    }
    out
}

#[test]
fn agents_are_on_the_floor_exactly_as_planned() {
    let planned = quick_start();
    let model = model(&planned);
    assert!(model.cyclic);
    let floor = floor_per_interval(&model, 0);
    let plan = &planned.plan.pools[0].on_floor;
    for (t, (sim, plan)) in floor.iter().zip(plan).enumerate() {
        assert!(
            (sim / model.interval_s - plan).abs() < 1e-9,
            "interval {t}: {} on the floor in the model, {plan} in the plan",
            sim / model.interval_s
        );
    }
}

#[test]
fn absences_take_the_shrinkage_off_the_floor() {
    let planned = quick_start();
    let mut model = model(&planned);
    let planned_s: f64 = planned.plan.pools[0].on_floor.iter().sum::<f64>() * model.interval_s;
    let simulated = |model: &Model| {
        run_model(model, &Options { runs: 20, seed: 3 })
            .iter()
            .map(|run| run[0].floor_s.iter().sum::<f64>())
            .sum::<f64>()
            / 20.0
    };
    assert_eq!(model.pools[0].shrinkage, 0.3);
    let ratio = simulated(&model) / planned_s;
    // About 250 agent-shifts a week, 20 runs: the share present has a
    // standard error near 0.007; overruns (finishing a call) add a little.
    assert!((ratio - 0.7).abs() < 0.03, "{ratio}");
    model.pools[0].shrinkage = 0.0;
    let ratio = simulated(&model) / planned_s;
    assert!((1.0..1.02).contains(&ratio), "{ratio}");
}

#[test]
fn the_prediction_is_the_evaluation() {
    let planned = quick_start();
    let predicted = predict(&planned).unwrap();
    for (t, row) in predicted[0].iter().enumerate() {
        assert_eq!(row.sl, planned.service[0].sl[t], "interval {t}");
    }
    let sim = simulate(&planned, &Options { runs: 4, seed: 9 }).unwrap();
    // London's days from 19:00 on Sunday 1 March to 19:00 on Sunday 8 March.
    assert_eq!(sim.queues[0].dates.len(), 8);
    let total = &sim.queues[0].total;
    assert_eq!(
        total.pred.sl.map(|x| (x * 1e9).round()),
        planned.service[0].sl_overall.map(|x| (x * 1e9).round())
    );
    assert_eq!(total.sim.sl.unwrap().runs, 4);
}

#[test]
fn the_html_section_is_self_contained() {
    let planned = quick_start();
    let sim = simulate(&planned, &Options { runs: 3, seed: 2 }).unwrap();
    let html = crate::report::simulation::html_section(&planned.staffed, &sim);
    assert!(!html.contains("<section"), "the page adds the section");
    assert!(html.contains("<svg") && html.contains("</svg>"));
    assert!(!html.contains("<?xml"), "an inline SVG, not a document");
    for external in ["src=", "href=", "<script", "<link", "url("] {
        assert!(!html.contains(external), "`{external}` in the section");
    }
    assert!(html.contains("<td>helpdesk</td>"));
    // Same input, same bytes.
    assert_eq!(
        html,
        crate::report::simulation::html_section(&planned.staffed, &sim)
    );
}

#[test]
fn a_pool_serves_its_queues_as_one_fifo_line() {
    // Two queues of 48 calls/h each on one pool of 10: longest-waiting first
    // across both is one FIFO queue of 96 calls/h, so each queue gets the
    // Erlang C figures of A = 8 on 10 agents.
    let model = Model::constant(
        3,
        HOUR,
        10,
        vec![queue(48.0, 300.0, None, 1), queue(48.0, 300.0, None, 1)],
        0.0,
    );
    let f = figures_at(&Load::voice(96.0, HOUR, 300.0), &target(), 10).unwrap();
    let runs = run_model(&model, &Options { runs: 30, seed: 15 });
    for q in 0..2 {
        let per_run: Vec<[f64; 4]> = runs
            .iter()
            .map(|run| {
                let mut c = Counts::default();
                for k in &run[0].queues[q][24..] {
                    c.add(k);
                }
                let offered = f64::from(c.offered);
                [
                    f64::from(c.within) / offered,
                    c.wait_s / f64::from(c.answered),
                    f64::from(c.waited) / offered,
                    0.0,
                ]
            })
            .collect();
        assert_within_ci(&per_run, 0, f.sl, &format!("SL of queue {q}"));
        assert_within_ci(&per_run, 2, f.p_wait, &format!("P(wait) of queue {q}"));
    }
}

/// A scenario of `scenarios/`, staffed.
fn staffed(file: &str) -> Staffed {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    crate::pipeline::staff(crate::Scenario::load(&path, &[]).unwrap()).unwrap()
}

/// `agents[p]` agents of pool `p` on the floor from `from_h` to `to_h`
/// o'clock on each of the first `days` days (no breaks, no absence).
fn fixed_pools(s: &Staffed, agents: &[usize], days: usize, from_h: f64, to_h: f64) -> Vec<SimPool> {
    s.scenario
        .pools
        .iter()
        .zip(agents)
        .map(|(pool, &n)| SimPool {
            shrinkage: 0.0,
            shifts: (0..days)
                .flat_map(|d| {
                    let day = d as f64 * 86400.0;
                    vec![vec![(day + from_h * HOUR, day + to_h * HOUR)]; n]
                })
                .collect(),
            serves: pool.serves.clone(),
        })
        .collect()
}

/// Per run, over every queue: (answered within the threshold ÷ first
/// calls, abandons, first calls).
fn weekly(model: &Model, runs: u32) -> Vec<(f64, f64, f64)> {
    run_model(model, &Options { runs, seed: 1 })
        .iter()
        .map(|run| {
            let mut c = Counts::default();
            for (q, queue) in model.queues.iter().enumerate() {
                for k in &run[queue.pool].queues[q] {
                    c.add(k);
                }
            }
            let offered = f64::from(c.offered);
            (
                f64::from(c.within) / offered,
                f64::from(c.abandoned),
                offered,
            )
        })
        .collect()
}

#[test]
fn bilingual_matches_contactcenters() {
    // Published (ContactCenters, doc/examples/Bilingual.res, 1 000 weeks):
    // service level over all types 97.938 % (95 % interval 97.856 to
    // 98.020), abandons 142.868 a week (141.209 to 144.527). The model
    // and its differences from ours: docs/maths.md, "The ContactCenters
    // Bilingual example".
    let s = staffed("scenarios/bilingual.yaml");
    let model = model_with(&s, fixed_pools(&s, &[7, 7, 4], 5, 8.0, 17.0));
    let runs = weekly(&model, 1000);
    let sl = estimate(&runs.iter().map(|r| r.0).collect::<Vec<_>>()).unwrap();
    let ab = estimate(&runs.iter().map(|r| r.1).collect::<Vec<_>>()).unwrap();
    let first = estimate(&runs.iter().map(|r| r.2).collect::<Vec<_>>()).unwrap();
    let half = (sl.high.unwrap() - sl.low.unwrap()) / 2.0;
    eprintln!(
        "bilingual: SL {:.3} % [{:.3}, {:.3}], abandons {:.2} [{:.2}, {:.2}], first calls {:.1}",
        100.0 * sl.mean,
        100.0 * sl.low.unwrap(),
        100.0 * sl.high.unwrap(),
        ab.mean,
        ab.low.unwrap(),
        ab.high.unwrap(),
        first.mean
    );
    assert!(half < 0.001, "interval too wide: ±{half}");
    assert!((100.0 * sl.mean - 97.938).abs() <= 0.3, "SL {}", sl.mean);
    assert!(
        (ab.mean / 142.868 - 1.0).abs() <= 0.05,
        "abandons {}",
        ab.mean
    );
    // 2 × 2 500 first calls a week, as drawn.
    assert!(
        (first.mean - 5000.0).abs() < 10.0,
        "first calls {}",
        first.mean
    );
}

/// [`per_run`] for queue `q` of any pool.
fn per_run_of(model: &Model, runs: u32, seed: u64, q: usize) -> Vec<[f64; 4]> {
    run_model(model, &Options { runs, seed })
        .iter()
        .map(|run| {
            let mut c = Counts::default();
            for k in &run[model.queues[q].pool].queues[q][24..] {
                c.add(k);
            }
            let offered = f64::from(c.offered);
            [
                f64::from(c.within) / offered,
                c.wait_s / f64::from(c.answered),
                f64::from(c.waited) / offered,
                f64::from(c.abandoned) / offered,
            ]
        })
        .collect()
}

/// Two queues of `per_hour` calls each (AHT 5 min, patience 2 min) and two
/// pools of `agents` each, pool p's own queue p; with `cross`, each pool
/// also serves the other's queue.
fn two_pools(per_hour: f64, agents: usize, cross: bool) -> Model {
    let mut model = stationary(queue(per_hour, 300.0, Some(120.0), 1), agents);
    let mut second = model.queues[0].clone();
    second.pool = 1;
    model.queues.push(second);
    let mut pool = model.pools[0].clone();
    if cross {
        model.pools[0].serves = vec![1];
        pool.serves = vec![0];
    }
    model.pools.push(pool);
    model
}

#[test]
fn every_agent_with_every_skill_is_one_merged_pool() {
    // Two pools of 9 who each take both queues are 18 agents on one FIFO
    // line of 2 × 100 calls/h: Erlang A with A = 200 × 300 / 3600 = 16.7
    // Erlangs on 18 agents, per queue (the merged pool's prediction).
    let model = two_pools(100.0, 9, true);
    let a = erlang_a(18, 200.0 * 300.0 / HOUR, 300.0, 120.0, 20.0).unwrap();
    for q in 0..2 {
        let runs = per_run_of(&model, 40, 21, q);
        assert_within_ci(&runs, 0, a.sl, "SL");
        assert_within_ci(&runs, 3, a.p_abandon, "P(abandon)");
        assert_within_ci(&runs, 2, a.p_wait, "P(wait)");
    }
    // The same agents as one pool of 18 (today's merged pool): the same
    // figures within the intervals of both.
    let mut merged = stationary(queue(100.0, 300.0, Some(120.0), 1), 18);
    merged.queues.push(merged.queues[0].clone());
    for q in 0..2 {
        let (x, y) = (
            per_run_of(&model, 40, 22, q),
            per_run_of(&merged, 40, 23, q),
        );
        for k in [0, 3] {
            let ex = estimate(&x.iter().map(|r| r[k]).collect::<Vec<_>>()).unwrap();
            let ey = estimate(&y.iter().map(|r| r[k]).collect::<Vec<_>>()).unwrap();
            let width = (ex.high.unwrap() - ex.low.unwrap()) + (ey.high.unwrap() - ey.low.unwrap());
            assert!(
                (ex.mean - ey.mean).abs() <= width / 2.0,
                "{k}: {ex:?} {ey:?}"
            );
        }
    }
}

#[test]
fn no_agent_with_two_skills_is_separate_pools_byte_for_byte() {
    // Pools that serve only their own queue are simulated apart, each on
    // its own (run, pool) stream: the same counts as each pool alone.
    let both = two_pools(100.0, 9, false);
    assert_eq!(linked_pools(&both), vec![vec![0], vec![1]]);
    let together = run_model(&both, &Options { runs: 3, seed: 5 });
    for p in 0..2 {
        let mut alone = both.clone();
        alone.pools[1 - p].shifts.clear();
        alone.queues[1 - p].volume.iter_mut().for_each(|v| *v = 0.0);
        let apart = run_model(&alone, &Options { runs: 3, seed: 5 });
        for r in 0..3 {
            assert_eq!(together[r][p], apart[r][p]);
        }
    }
    // With `serves`, the two pools are one group and share their callers.
    assert_eq!(linked_pools(&two_pools(100.0, 9, true)), vec![vec![0, 1]]);
}

#[test]
fn a_contact_goes_to_its_own_pool_first() {
    // Pool 0 (own queue 0) has 3 agents and also serves queue 1; pool 1
    // (own queue 1) has 30. Queue 1's callers find a free agent of their
    // own pool, so pool 0 sees only queue 0: 50 calls/h × 5 min = 4.17
    // Erlangs on 3 agents, the Erlang A of pool 0 alone.
    let mut model = two_pools(50.0, 3, false);
    model.pools[0].serves = vec![1];
    model.pools[1].shifts = vec![model.pools[1].shifts[0].clone(); 30];
    let a = erlang_a(3, 50.0 * 300.0 / HOUR, 300.0, 120.0, 20.0).unwrap();
    let runs = per_run_of(&model, 40, 31, 0);
    assert_within_ci(&runs, 3, a.p_abandon, "P(abandon)");
    assert_within_ci(&runs, 0, a.sl, "SL");
}

/// Closing time, by hand. One agent on [0, 3600 s), half-hour intervals,
/// callers who never hang up, handle times fixed: c1 at 3500 s (200 s),
/// c2 at 3550 s and c3 at 3590 s (100 s each), then c4 at 3650 s, after
/// closing; agent B comes on at 5000 s (the next opening). The agent
/// answers c1 at once, is due off at 3600 s while c2 and c3 wait, finishes
/// the queue as it stood: c2 at 3700 s (waited 150 s), c3 at 3800 s
/// (210 s), and leaves; c4 waits for B (5000 − 3650 = 1350 s). Interval 1
/// (1800–3600 s): 3 answered, 360 s of waiting, 1 within 20 s — not
/// 0 + 1450 + 1410 s as when c2 and c3 waited for the morning.
#[test]
fn the_last_agents_out_finish_the_queue_at_closing() {
    let mut q = queue(0.0, 100.0, None, 1);
    q.volume = vec![0.0; 4];
    q.aht_s = vec![100.0; 4];
    let model = Model {
        interval_s: 1800.0,
        intervals: 4,
        cyclic: false,
        warmup_s: 0.0,
        queues: vec![q],
        pools: vec![SimPool {
            shrinkage: 0.0,
            shifts: Vec::new(),
            serves: Vec::new(),
        }],
        random_routing: false,
        trunks: Vec::new(),
    };
    let contact = |at: f64, service_s: f64| engine::Contact {
        at,
        queue: 0,
        service_s,
        abandon_at: f64::INFINITY,
        interval: (at / 1800.0) as u32,
        redial: false,
        attempt: 1,
        queued_before: 0.0,
    };
    let contacts = vec![
        contact(3500.0, 200.0),
        contact(3550.0, 100.0),
        contact(3590.0, 100.0),
        contact(3650.0, 100.0),
    ];
    let shifts = vec![vec![(0.0, 3600.0)], vec![(5000.0, 7200.0)]];
    let run = engine::run_drawn(&model, &[0], (shifts, vec![0, 0]), contacts, 1);
    let k = &run[0].queues[0];
    assert_eq!((k[1].offered, k[1].answered, k[1].within), (3, 3, 1));
    assert!((k[1].wait_s - 360.0).abs() < 1e-9, "{:?}", k[1]);
    assert_eq!((k[2].offered, k[2].answered), (1, 1));
    assert!((k[2].wait_s - 1350.0).abs() < 1e-9, "{:?}", k[2]);
}
