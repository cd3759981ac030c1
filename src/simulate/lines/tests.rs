//! Trunk lines against queueing theory. A stationary queue with `c`
//! agents and `K` lines is the M/M/c/K queue (with patience, M/M/c/K+M):
//! a birth–death chain whose stationary law, written out below from the
//! textbook formula (Gross & Harris, "Fundamentals of Queueing Theory",
//! §2.5), gives the blocking probability (arrivals see time averages), the
//! share that waits, the service level and the abandonment share. The
//! simulation must match each within its 95 % interval over runs. Lines
//! equal to agents is Erlang's loss system: its blocking is read from an
//! Erlang B table, not computed.

use super::super::engine::{Counts, Model, SimQueue};
use super::super::tests::{assert_within_ci, queue};
use super::super::{run_model, Options};
use crate::scenario::{Redial, Trunk};

const HOUR: f64 = 3600.0;

/// Three days of hourly intervals, `agents` on the floor throughout and
/// `lines` lines for every queue (none: no trunk group).
fn stationary(queues: Vec<SimQueue>, agents: usize, lines: Option<u32>) -> Model {
    let n = queues.len();
    let mut m = Model::constant(3, HOUR, agents, queues, 0.0);
    m.trunks = lines
        .map(|lines| {
            vec![Trunk {
                lines,
                queues: (0..n).collect(),
            }]
        })
        .unwrap_or_default();
    m
}

/// Per run, over days 2 and 3 (the first is the warm-up), of queue 0:
/// [blocked, SL, waited, abandoned] ÷ offered.
fn per_run(model: &Model, runs: u32, seed: u64) -> Vec<[f64; 4]> {
    run_model(model, &Options { runs, seed })
        .iter()
        .map(|run| {
            let mut c = Counts::default();
            for k in &run[0].queues[0][24..] {
                c.add(k);
            }
            let offered = f64::from(c.offered);
            [c.blocked, c.within, c.waited, c.abandoned].map(|x| f64::from(x) / offered)
        })
        .collect()
}

/// Stationary law of M/M/c/K+M: p(n) ∝ Π_{k<n} λ / (min(k+1, c)·μ +
/// (k+1−c)⁺·θ), n = 0..K (θ = 0 without patience).
fn law(lambda: f64, mu: f64, theta: f64, c: usize, k: usize) -> Vec<f64> {
    let mut p = vec![1.0];
    for n in 1..=k {
        let death = n.min(c) as f64 * mu + n.saturating_sub(c) as f64 * theta;
        p.push(p[n - 1] * lambda / death);
    }
    let sum: f64 = p.iter().sum();
    p.iter().map(|x| x / sum).collect()
}

/// P(an Erlang(m, r) wait > t) = e^{−rt} Σ_{j<m} (rt)^j / j!.
fn erlang_tail(m: usize, r: f64, t: f64) -> f64 {
    let mut term = 1.0;
    let mut sum = 0.0;
    for j in 0..m {
        if j > 0 {
            term *= r * t / j as f64;
        }
        sum += term;
    }
    (-r * t).exp() * sum
}

#[test]
fn the_law_of_one_agent_and_two_lines_by_hand() {
    // M/M/1/2 at ρ = 1: states 0, 1, 2 equally likely, so a third of the
    // calls are blocked and a third wait.
    let p = law(1.0, 1.0, 0.0, 1, 2);
    assert!(p.iter().all(|x| (x - 1.0 / 3.0).abs() < 1e-15), "{p:?}");
    // A caller finding the one agent busy waits Exp(μ): P(W > t) = e^{−μt}.
    assert!((erlang_tail(1, 0.5, 2.0) - (-1f64).exp()).abs() < 1e-15);
    // Two ahead at rate r: e^{−rt}(1 + rt).
    assert!((erlang_tail(2, 1.0, 1.0) - 2.0 * (-1f64).exp()).abs() < 1e-15);
}

#[test]
fn a_finite_buffer_matches_m_m_c_k() {
    // 3 agents, 5 lines, 36 calls/h × 300 s = 3 Erlangs: p ∝ 1, 3, 4.5,
    // 4.5, 4.5, 4.5, so 4.5/22 = 20.45 % of the calls are blocked.
    let (c, k, aht, t) = (3, 5, 300.0, 20.0);
    let lambda = 36.0 / HOUR;
    let p = law(lambda, 1.0 / aht, 0.0, c, k);
    assert!((p[k] - 4.5 / 22.0).abs() < 1e-12);
    let waited: f64 = p[c..k].iter().sum();
    let sl: f64 = p[..c].iter().sum::<f64>()
        + (c..k)
            .map(|n| p[n] * (1.0 - erlang_tail(n - c + 1, c as f64 / aht, t)))
            .sum::<f64>();
    let model = stationary(vec![queue(36.0, aht, None, 1)], c, Some(k as u32));
    let runs = per_run(&model, 40, 21);
    assert_within_ci(&runs, 0, p[k], "blocking");
    assert_within_ci(&runs, 1, sl, "SL (blocked calls offered, not answered)");
    assert_within_ci(&runs, 2, waited, "P(wait)");
    assert!(runs.iter().all(|r| r[3] == 0.0), "no patience, no abandons");
}

#[test]
fn lines_of_callers_who_hung_up_are_free_at_once() {
    // 2 agents, 4 lines, 4 Erlangs, patience 1 min: p ∝ 1, 4, 8, 32/7,
    // 32/21, so 8 % of the calls are blocked and most waiting callers hang
    // up, often behind others. Were a hung-up caller's line kept until the
    // caller reached the head of the queue, blocking would be far above
    // the M/M/c/K+M law's.
    let (c, k, aht, patience) = (2, 4, 300.0, 60.0);
    let lambda = 48.0 / HOUR;
    let p = law(lambda, 1.0 / aht, 1.0 / patience, c, k);
    assert!((p[k] - (32.0 / 21.0) / (1.0 + 4.0 + 8.0 + 32.0 / 7.0 + 32.0 / 21.0)).abs() < 1e-12);
    let abandon: f64 = (c..=k)
        .map(|n| p[n] * (n - c) as f64 / patience)
        .sum::<f64>()
        / lambda;
    let model = stationary(vec![queue(48.0, aht, Some(patience), 1)], c, Some(k as u32));
    let runs = per_run(&model, 40, 22);
    assert_within_ci(&runs, 0, p[k], "blocking");
    assert_within_ci(&runs, 2, p[c..k].iter().sum(), "P(wait)");
    assert_within_ci(&runs, 3, abandon, "P(abandon)");
}

#[test]
fn as_many_lines_as_agents_is_erlang_b() {
    // 5 agents, 5 lines, 60 calls/h × 300 s = 5 Erlangs: Erlang B table
    // (e.g. Cooper, "Introduction to Queueing Theory", table; any Erlang B
    // table) B(5, 5) = 0.2849. Insensitive to the handle-time law: here
    // uniform on 150–450 s.
    let mut q = queue(60.0, 300.0, None, 1);
    q.spread = Some(0.5);
    let model = stationary(vec![q], 5, Some(5));
    let runs = per_run(&model, 40, 23);
    assert_within_ci(&runs, 0, 0.2849, "blocking");
    assert!(
        runs.iter().all(|r| r[2] == 0.0),
        "a caller with a line finds an agent"
    );
}

#[test]
fn a_huge_trunk_group_changes_nothing() {
    // Two queues with patience and redials on one pool: every run the same,
    // number for number, with a million lines as without any.
    let mut a = queue(100.0, 300.0, Some(120.0), 1);
    a.redial = Some(Redial {
        share: 0.5,
        after_s: 600.0,
        attempts: Redial::DEFAULT_ATTEMPTS,
    });
    let b = queue(40.0, 240.0, Some(90.0), 1);
    let options = Options { runs: 3, seed: 5 };
    let without = run_model(&stationary(vec![a.clone(), b.clone()], 9, None), &options);
    let with = run_model(&stationary(vec![a, b], 9, Some(1_000_000)), &options);
    assert_eq!(with, without);
}

/// One agent on one line, 6 calls/h × 5 min (patience an hour), nine in
/// ten callers who hear a busy signal calling back a minute later.
fn one_agent_one_line_redialling() -> Model {
    let mut q = queue(6.0, 300.0, Some(3600.0), 1);
    q.redial = Some(Redial {
        share: 0.9,
        after_s: 60.0,
        attempts: Redial::DEFAULT_ATTEMPTS,
    });
    stationary(vec![q], 1, Some(1))
}

#[test]
fn a_blocked_caller_redials() {
    // One agent, one line (nobody ever waits), 6 calls/h × 300 s: without
    // redials a third of the callers hear a busy signal and are lost
    // (B(1, 0.5) = 1/3), so two thirds are answered. Nine in ten blocked
    // callers call back a minute later (often into the same call, still
    // on): more are answered than two thirds, not all, and nobody waits.
    let model = one_agent_one_line_redialling();
    let run = &run_model(&model, &Options { runs: 1, seed: 7 })[0][0];
    let mut c = Counts::default();
    for k in &run.queues[0] {
        c.add(k);
    }
    assert!(c.blocked > c.offered / 4, "{c:?}");
    assert_eq!((c.waited, c.abandoned), (0, 0), "{c:?}");
    let answered = f64::from(c.answered) / f64::from(c.offered);
    assert!(answered > 0.75 && answered < 1.0, "{c:?}");
}

/// Every counted contact of `model`'s queue 0 over one run with seed 3.
fn one_run_total(model: &Model) -> Counts {
    let run = &run_model(model, &Options { runs: 1, seed: 3 })[0][0];
    let mut c = Counts::default();
    for k in &run.queues[0] {
        c.add(k);
    }
    c
}

/// One line held for ever by the first caller (no agent, no patience), so
/// every later call hears a busy signal; blocked callers call back with
/// probability `share`, a minute later, at most `attempts` calls each.
fn one_busy_line(share: f64, attempts: u32) -> Model {
    let mut q = queue(100.0, 300.0, None, 1);
    q.redial = Some(Redial {
        share,
        after_s: 60.0,
        attempts,
    });
    stationary(vec![q], 0, Some(1))
}

#[test]
fn a_caller_stops_after_its_last_allowed_attempt() {
    // Share 100 %: without the cap the callers would redial for ever (the
    // line never frees). With a cap of k, each of the offered − 1 callers
    // behind the first makes exactly k calls, each a busy signal.
    for k in [1, 4] {
        let c = one_run_total(&one_busy_line(1.0, k));
        assert!(c.offered > 7000, "{c:?}");
        assert_eq!(c.blocked, k * (c.offered - 1), "k = {k}: {c:?}");
        assert_eq!(c.answered, 0, "{c:?}");
        // Per caller: each of them is lost to a busy signal once.
        assert_eq!(c.lost_blocked, c.offered - 1, "k = {k}: {c:?}");
    }
    // Share ½, cap 3: a caller makes 1, 2 or 3 calls with probabilities
    // ½, ¼, ¼: mean 1.75 busy signals a caller, standard deviation √0.6875
    // ≈ 0.83, so ≈ 0.0098 on the mean of ≈ 7 200 callers; 4 deviations.
    let c = one_run_total(&one_busy_line(0.5, 3));
    let mean = f64::from(c.blocked) / f64::from(c.offered - 1);
    assert!((mean - 1.75).abs() < 0.04, "{mean}: {c:?}");
}

#[test]
fn every_caller_is_counted_once_however_many_calls_it_makes() {
    // No agent, no lines, patience 1 min, half the callers who hang up call
    // back a minute later, at most 3 calls: every caller hangs up on every
    // call, so hang-ups (calls) average 1 + ½ + ¼ = 1.75 a caller (sd
    // √0.6875 ≈ 0.83 over ≈ 7 200 callers: ±0.04 is 4 deviations), while
    // callers lost to a hang-up are exactly the callers: a share of 100 %.
    let mut q = queue(100.0, 300.0, Some(60.0), 1);
    q.redial = Some(Redial {
        share: 0.5,
        after_s: 60.0,
        attempts: 3,
    });
    let c = one_run_total(&stationary(vec![q], 0, None));
    assert_eq!(c.gave_up, c.offered, "{c:?}");
    let calls = f64::from(c.abandoned) / f64::from(c.offered);
    assert!((calls - 1.75).abs() < 0.04, "{calls}: {c:?}");
}

#[test]
fn a_caller_turned_away_is_not_answered_in_time_by_redialling() {
    // One agent, one line (a call is answered at once or hears a busy
    // signal), 6 calls/h × 5 min, 90 % of busy callers calling back a
    // minute later (past the 20 s threshold). Service counts from the
    // refused call, so the callers answered in time are exactly those whose
    // first call found the line free: by PASTA (first calls are Poisson)
    // the share of time the line is free, 1 − the agent's busy time ÷ its
    // time on the floor, measured over the same runs (a second method).
    let model = one_agent_one_line_redialling();
    let runs = run_model(&model, &Options { runs: 20, seed: 11 });
    let (mut c, mut busy, mut floor) = (Counts::default(), 0.0, 0.0);
    for run in runs.iter().map(|r| &r[0]) {
        run.queues[0].iter().for_each(|k| c.add(k));
        busy += run.busy_s.iter().sum::<f64>();
        floor += run.floor_s.iter().sum::<f64>();
    }
    let sl = f64::from(c.within) / f64::from(c.offered);
    let free = 1.0 - busy / floor;
    // ≈ 8 600 first calls: sd of the share ≈ 0.005; 0.025 is 5 of them.
    assert!(
        (sl - free).abs() < 0.025,
        "SL {sl}, line free {free}: {c:?}"
    );
    assert!(c.answered > c.within + c.offered / 20, "{c:?}");
    assert!(
        c.answered + c.gave_up + c.lost_blocked <= c.offered,
        "{c:?}"
    );
}
