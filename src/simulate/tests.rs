//! The simulator against theory: stationary queues simulated long enough
//! must match Erlang C, Erlang A, chat at concurrency c (Erlang C on N·c
//! servers) and the M/M/N sojourn-time law within the 95 % confidence
//! interval over runs. Expected figures come from the Erlang formulas
//! ([`crate::erlang`], checked against hand calculations there) or, for the
//! sojourn time, from the closed formula written out below — never from the
//! simulator.

use super::engine::{Model, SimQueue};
use super::*;
use crate::erlang::{erlang_a, erlang_c, figures_at, Load, Target};
use crate::pipeline::Planned;

const HOUR: f64 = 3600.0;

fn queue(per_hour: f64, aht_s: f64, patience_s: Option<f64>, concurrency: u32) -> SimQueue {
    SimQueue {
        pool: 0,
        live: true,
        volume: vec![per_hour; 72],
        aht_s: vec![aht_s; 72],
        patience_s,
        concurrency,
        threshold_s: 20.0,
    }
}

/// Three days of hourly intervals, `agents` on the floor throughout; the
/// first day (starting empty) is the warm-up.
fn stationary(q: SimQueue, agents: usize) -> Model {
    Model::constant(3, HOUR, agents, vec![q], 0.0)
}

/// Per run, over days 2 and 3: (SL, ASA of answered, P(wait), P(abandon)).
fn per_run(model: &Model, runs: u32, seed: u64) -> Vec<[f64; 4]> {
    run_model(model, &Options { runs, seed })
        .iter()
        .map(|run| {
            let mut c = Counts::default();
            for k in &run[0].queues[0][24..] {
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

fn assert_within_ci(values: &[[f64; 4]], k: usize, expected: f64, what: &str) {
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
    assert_eq!(sim.dates.len(), 7);
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
