//! A queue's split over sites chosen by the plan (`share: auto`).
//!
//! The router stays a fixed-share one: the plan chooses ONE share vector
//! for the whole horizon, on the grid of multiples of the queue's
//! `split_step` within each part's `min` and `max` ([`grid`]). Each part
//! is still staffed alone at its share (no pooling across sites).
//!
//! 1. **Screen** every grid point by a cost proxy that sees each site's
//!    hourly rate and transport caps: the LP bound of each part's pool
//!    ([`shifts::pool_bound`], the pool's covering LP with its site's caps)
//!    at the point's shares, holidays re-routed as the plan re-routes them,
//!    summed over the parts ([`screen`]: one LP per part and share level,
//!    more only where a holiday makes a part's load depend on the others'
//!    shares). Under hard coverage a point that leaves a holiday with no
//!    open part holding a share ranks after every other point: no plan at
//!    it covers that day.
//! 2. **Plan fully** the [`FULL_PLANS`] best screened points (ties: the
//!    lower grid index) and the `start` shares when given, each the way
//!    `plan` plans a scenario; keep the plan with the lowest objective (a
//!    plan that leaves intervals short under hard coverage loses to any
//!    that does not; ties: the lower grid index, `start` off the grid
//!    last). So the split kept is never dearer than the `start` split.
//!
//! The work is bounded by counts (grid points, LPs, full plans), never the
//! clock. Several queues with `share: auto` are chosen one after another,
//! in scenario order, each with those before it at their chosen shares.

use crate::figures::{Candidate, GroupPlans, SplitFigures};
use crate::scenario::{auto_queues, split_grid as grid, AutoShare, Coverage, Forecast, Scenario};
use crate::shifts::{self, ShiftPlan};
use crate::staffing::Staffed;
use crate::units::round;

mod screen;
use screen::{screen, Screened};

/// Screened grid points planned in full (besides `start`).
pub const FULL_PLANS: usize = 3;

/// How the plan chose one queue's split.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// The queue's id as written.
    pub of: String,
    /// The grid step.
    pub step: f64,
    /// Every grid point screened (and `start` off the grid last), in grid
    /// order.
    pub candidates: Vec<Candidate>,
}

/// A plan's first stage: the requirement to plan to, its shift plan and,
/// with skill groups, which requirement was kept.
pub type Planned = (Staffed, ShiftPlan, Option<GroupPlans>);

/// `sc` with the parts of split queue `of` at `shares` (in scenario
/// order): each part's volume rescaled from its share in `sc` (above 0),
/// and a part at 0 % without its `min_agents_when_open` (the site does
/// not take the queue).
pub fn at_shares(sc: &Scenario, of: &str, shares: &[f64]) -> Scenario {
    let mut out = sc.clone();
    let parts = (out.queues.iter_mut()).filter(|q| q.part.as_ref().is_some_and(|p| p.of == of));
    for (q, &share) in parts.zip(shares) {
        let Some(part) = q.part.as_mut() else {
            continue;
        };
        let ratio = share / part.share;
        match &mut q.forecast {
            Forecast::Pattern(p) => p.scale *= ratio,
            Forecast::Csv(c) => c.scale *= ratio,
        }
        part.share = share;
        if share == 0.0 {
            q.min_agents_when_open = 0;
        }
    }
    out
}

/// Choose every `share: auto` split ([`choose`] for each, in order) and
/// return the plan at the chosen shares; `first` plans a staffed scenario
/// (the stage before window aims). Without such splits, `first` alone.
pub fn choose_all(
    staffed: Staffed,
    first: impl Fn(Staffed) -> anyhow::Result<Planned>,
    out_of_time: impl Fn() -> bool,
) -> anyhow::Result<(Planned, Vec<Choice>)> {
    let queues = auto_queues(&staffed.scenario);
    if queues.is_empty() {
        return Ok((first(staffed)?, Vec::new()));
    }
    let mut choices = Vec::with_capacity(queues.len());
    let mut planned = None;
    let mut current = staffed;
    for of in &queues {
        let (p, choice) = choose(&current, of, &first, &out_of_time)?;
        current = p.0.clone();
        planned = Some(p);
        choices.push(choice);
    }
    let planned = planned.ok_or_else(|| anyhow::anyhow!("no split to choose"))?;
    Ok((planned, choices))
}

/// Choose the split of queue `of` (see the module's doc): screen the
/// grid, plan the best [`FULL_PLANS`] and `start` in full, keep the
/// cheapest. Once `out_of_time` (the `--time-limit` safety stop), the
/// splits not yet planned are left out and the plan kept says it was cut
/// short.
pub fn choose(
    staffed: &Staffed,
    of: &str,
    first: &impl Fn(Staffed) -> anyhow::Result<Planned>,
    out_of_time: &impl Fn() -> bool,
) -> anyhow::Result<(Planned, Choice)> {
    let sc = &staffed.scenario;
    let parts: Vec<((usize, usize), AutoShare)> = (sc.queues.iter().enumerate())
        .filter_map(|(i, q)| {
            q.part
                .as_ref()
                .filter(|p| p.of == of)
                .map(|p| ((i, q.pool), p.auto))
        })
        .filter_map(|(at, a)| a.map(|a| (at, a)))
        .collect();
    let autos: Vec<AutoShare> = parts.iter().map(|p| p.1).collect();
    let at: Vec<(usize, usize)> = parts.iter().map(|p| p.0).collect();
    let mut points = grid(&autos);
    let start: Option<Vec<f64>> = autos.iter().map(|a| a.start).collect();
    let start_at = start.as_ref().map(|s| {
        (points.iter())
            .position(|p| p.iter().zip(s).all(|(a, b)| (a - b).abs() < 1e-9))
            .unwrap_or_else(|| {
                points.push(s.clone());
                points.len() - 1
            })
    });
    let Screened { lp: lps, unserved } = screen(staffed, of, &at, &points)?;
    // A split that leaves a holiday with no open site can't be covered:
    // under hard coverage it ranks after every split that can.
    let last = |i: usize| hard(sc) && unserved[i];
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by(|&a, &b| {
        (last(a).cmp(&last(b)))
            .then(lps[a].total_cmp(&lps[b]))
            .then(a.cmp(&b))
    });
    // Best screened first, so a time limit that stops the choice keeps
    // the best it reached.
    let mut full: Vec<usize> = order.into_iter().take(FULL_PLANS).collect();
    if let Some(s) = start_at.filter(|s| !full.contains(s)) {
        full.push(s);
    }
    let (chosen, planned, costs) = plan_in_full(sc, of, &points, &mut full, first, out_of_time)?;
    let candidates = (points.iter().enumerate())
        .map(|(i, shares)| Candidate {
            shares: shares.clone(),
            screen_lp: round(lps[i], 2),
            holiday_unserved: unserved[i],
            planned: full.contains(&i),
            plan_cost: costs[i],
            start: start_at == Some(i),
            chosen: i == chosen,
        })
        .collect();
    let step = autos.first().map_or(0.0, |a| a.step);
    let choice = Choice {
        of: of.to_string(),
        step,
        candidates,
    };
    Ok((planned, choice))
}

/// Plan the points `full` (grid indices, best screened first) in full and
/// keep the best: a plan with no short interval under hard coverage before
/// any that has one, then the lowest objective (ties: the lower index). Returns the
/// index kept, its plan and each point's cost (`None` where not planned or
/// short). Once `out_of_time`, the points left are dropped from `full`
/// and the plan kept is marked as cut short.
fn plan_in_full(
    sc: &Scenario,
    of: &str,
    points: &[Vec<f64>],
    full: &mut Vec<usize>,
    first: &impl Fn(Staffed) -> anyhow::Result<Planned>,
    out_of_time: &impl Fn() -> bool,
) -> anyhow::Result<(usize, Planned, Vec<Option<f64>>)> {
    let mut best: Option<(usize, (bool, f64), Planned)> = None;
    let mut first_error = None;
    let mut costs = vec![None; points.len()];
    let mut cut = false;
    for k in 0..full.len() {
        if k > 0 && out_of_time() {
            cut = true;
            full.truncate(k);
            break;
        }
        let i = full[k];
        let s = crate::pipeline::staff(at_shares(sc, of, &points[i]))?;
        match first(s) {
            Ok(p) => {
                let short = hard(&p.0.scenario) && !shifts::gaps(&p.0, &p.1).is_empty();
                if !short {
                    costs[i] = Some(round(p.1.cost(), 2));
                }
                let key = (short, p.1.objective());
                let better = best.as_ref().is_none_or(|b| {
                    let (cheaper, tied) = (key.1 < b.1 .1 - 1e-9, (key.1 - b.1 .1).abs() <= 1e-9);
                    (!key.0 && b.1 .0) || (key.0 == b.1 .0 && (cheaper || (tied && i < b.0)))
                });
                if better {
                    best = Some((i, key, p));
                }
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    let Some((chosen, _, mut planned)) = best else {
        return Err(first_error.unwrap_or_else(|| anyhow::anyhow!("no split of `{of}` planned")));
    };
    if cut {
        for pool in &mut planned.1.pools {
            pool.timed_out = true;
        }
    }
    Ok((chosen, planned, costs))
}

/// Whether intervals left short make a plan fail (hard coverage).
fn hard(sc: &Scenario) -> bool {
    sc.shifts.coverage != Some(Coverage::Soft)
}

/// What a plan that leaves intervals short was planned at, for its error:
/// each chosen split's shares by part, and how many splits were planned
/// in full (every one of them left intervals short, or the kept one would
/// not).
pub fn describe(sc: &Scenario, choices: &[Choice]) -> String {
    let one = |c: &Choice| {
        let parts: Vec<&str> = (sc.queues.iter())
            .filter(|q| q.part.as_ref().is_some_and(|p| p.of == c.of))
            .map(|q| q.id.as_str())
            .collect();
        let chosen = c.candidates.iter().find(|k| k.chosen);
        let shares = chosen.map_or_else(String::new, |k| {
            (parts.iter().zip(&k.shares))
                .map(|(part, x)| format!("{part} {} %", round(x * 100.0, 2)))
                .collect::<Vec<_>>()
                .join(", ")
        });
        let planned = c.candidates.iter().filter(|k| k.planned).count();
        format!(
            "split `{}` chosen by the plan at {shares}, the least short of the {planned} split(s) planned in full (see its parts' min and max)",
            c.of
        )
    };
    choices.iter().map(one).collect::<Vec<_>>().join("; ")
}

/// Put each choice on its split's figures: `chosen_by: plan`, the step and
/// the candidates.
pub fn attach(splits: &mut [SplitFigures], choices: Vec<Choice>) {
    for c in choices {
        if let Some(f) = splits.iter_mut().find(|f| f.id == c.of) {
            f.chosen_by = "plan";
            f.split_step = Some(c.step);
            f.candidates = c.candidates;
        }
    }
}
