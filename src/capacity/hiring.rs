//! The hiring plan of one pool as an integer program, solved exactly by
//! branch and bound over LP relaxations (Clarabel through good_lp).
//!
//! Variables: hires `x_t` and classes `z_t` (integers) in every period a
//! class may start; overtime `o_p` and shortfall `s_p` (FTE, continuous).
//!
//! ```text
//! min  Σ_p salary_p·(H_p + Σ_t h_tp·x_t) + Σ_t hire·x_t + Σ_p ot_p·o_p + Σ_p pen_p·s_p
//! s.t. P_p + Σ_t q_tp·x_t + o_p + s_p ≥ R_p            (required FTE, every period)
//!      o_p ≤ share·(P_p + Σ_t q_tp·x_t)                 (overtime cap)
//!      min·z_t ≤ x_t ≤ max·z_t,  0 ≤ z_t ≤ classes      (class sizes, classes a period)
//!      Σ_{t in the classroom at p} z_t ≤ trainers        (every period)
//!      s_p = 0 when the pool has no shortfall penalty
//! ```
//!
//! H, P are the heads and productive FTE of today's staff, h_tp, q_tp those
//! of one hire of a class starting at t (see [`super::flow`]). Branching is
//! best first (the least LP bound), on the most fractional class count, then
//! on the most fractional hires (classes first: 40 to 90 times fewer LPs on
//! the shipped scenario). Every LP solution rounded up gives a plan, and a
//! node is pruned when its LP bound is not below the best plan found (to a
//! relative 1e-7), so the plan is optimal for this model unless the count of
//! LPs reaches [`MAX_LPS`], which the result then states.

use good_lp::{variable, Expression, ProblemVariables, Solution as _, SolverModel, Variable};

/// The most LPs one pool's branch and bound may solve.
pub const MAX_LPS: usize = 20_000;

/// Integrality tolerance of the LP values.
const INT_TOL: f64 = 1e-6;

/// One pool's hiring problem, all figures per period.
#[derive(Debug, Clone)]
pub struct Model {
    /// Required productive FTE.
    pub required: Vec<f64>,
    /// Heads of today's staff.
    pub base_heads: Vec<f64>,
    /// Productive FTE of today's staff.
    pub base_productive: Vec<f64>,
    /// Per start period: one hire's heads and productive FTE per period,
    /// and the periods the class is in the classroom; `None`: no class may start.
    pub classes: Vec<Option<ClassFlow>>,
    /// Cost of a head for the period.
    pub salary: Vec<f64>,
    /// Cost of one hire.
    pub hire_cost: f64,
    /// Cost of one FTE of overtime for the period.
    pub overtime_cost: Vec<f64>,
    /// Most overtime as a share of productive FTE.
    pub overtime_share: f64,
    /// Cost of one FTE short for the period; none: shortfall not allowed.
    pub penalty: Option<Vec<f64>>,
    /// Fewest and most hires in a class.
    pub class_size: (u32, u32),
    /// Most classes starting in a period.
    pub classes_per_period: u32,
    /// Most classes in the classroom at once.
    pub trainers: Option<u32>,
}

/// One hire of a class: heads, productive FTE and classroom per period.
#[derive(Debug, Clone)]
pub struct ClassFlow {
    /// Employed at the period's start.
    pub heads: Vec<f64>,
    /// Productive FTE.
    pub productive: Vec<f64>,
    /// In the classroom during the period.
    pub in_classroom: Vec<bool>,
}

/// The cheapest plan found.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Hires starting in each period.
    pub hires: Vec<u32>,
    /// Classes starting in each period.
    pub classes: Vec<u32>,
    /// Overtime FTE per period.
    pub overtime: Vec<f64>,
    /// FTE short per period.
    pub shortfall: Vec<f64>,
    /// Cost: salaries + hiring + overtime + shortfall penalty.
    pub objective: f64,
    /// The lower bound proven (the objective when the search finished).
    pub bound: f64,
    /// LPs solved.
    pub lps: usize,
    /// Whether [`MAX_LPS`] stopped the search.
    pub capped: bool,
}

/// No plan meets the requirement: FTE short per period under the most
/// hiring the rules allow (the LP relaxation's least shortfall).
#[derive(Debug, Clone, PartialEq)]
pub struct Unmet {
    /// FTE short per period.
    pub short: Vec<f64>,
}

/// Bounds of the integer variables: hires then classes, per period.
type Bounds = Vec<(f64, f64)>;

/// An LP solution: objective, integer variables' values, shortfall.
struct Relaxed {
    objective: f64,
    ints: Vec<f64>,
    shortfall: Vec<f64>,
}

/// A node of the search: its parent's LP bound, its order of creation
/// (ties go to the newest, a dive) and its bounds.
struct Node {
    bound: f64,
    seq: usize,
    bounds: Bounds,
}

impl PartialEq for Node {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}
impl Eq for Node {}
impl PartialOrd for Node {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Node {
    /// The heap's greatest is the least bound, then the newest.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other
            .bound
            .total_cmp(&self.bound)
            .then(self.seq.cmp(&other.seq))
    }
}

/// Whether `value` is not below `best` (to the search's relative tolerance).
fn no_better(value: f64, best: &Option<Plan>) -> bool {
    best.as_ref()
        .is_some_and(|b| value >= b.objective - 1e-7 * b.objective.abs().max(1.0))
}

/// The cheapest plan, or the periods no plan can cover: best-first branch
/// and bound, each node's LP solution also rounded up to a plan (hires up,
/// then the fewest classes that hold them) for an early incumbent.
pub fn solve(m: &Model) -> Result<Plan, Unmet> {
    let n = m.required.len();
    let mut root: Bounds = Vec::with_capacity(2 * n);
    let per = m.classes_per_period;
    for c in &m.classes {
        root.push((
            0.0,
            if c.is_some() {
                f64::from(m.class_size.1 * per)
            } else {
                0.0
            },
        ));
    }
    for c in &m.classes {
        root.push((0.0, if c.is_some() { f64::from(per) } else { 0.0 }));
    }
    let mut best: Option<Plan> = None;
    let mut open = std::collections::BinaryHeap::from([Node {
        bound: f64::NEG_INFINITY,
        seq: 0,
        bounds: root,
    }]);
    let (mut lps, mut seq) = (0, 0);
    while let Some(node) = open.pop() {
        if no_better(node.bound, &best) {
            open.clear();
            break;
        }
        if lps >= MAX_LPS {
            open.push(node);
            break;
        }
        lps += 1;
        let Some(r) = lp(m, &node.bounds, false) else {
            continue;
        };
        if no_better(r.objective, &best) {
            continue;
        }
        for plan in [round_up(m, &r.ints)].into_iter().flatten() {
            if !no_better(plan.objective, &best) {
                best = Some(plan);
            }
        }
        let classes_first = most_fractional(&r.ints[n..]).map(|i| n + i);
        if let Some(i) = classes_first.or_else(|| most_fractional(&r.ints[..n])) {
            for bounds in children(&node.bounds, i, r.ints[i]) {
                seq += 1;
                open.push(Node {
                    bound: r.objective,
                    seq,
                    bounds,
                });
            }
        }
    }
    let Some(plan) = best else {
        let short = lp(m, &Vec::new(), true).map_or(m.required.clone(), |r| r.shortfall);
        return Err(Unmet { short });
    };
    let capped = !open.is_empty();
    let bound = open
        .peek()
        .map_or(plan.objective, |n| n.bound.min(plan.objective));
    Ok(Plan {
        bound,
        lps,
        capped,
        ..plan
    })
}

/// An LP solution's hires rounded up, in the fewest classes that hold them
/// (each at least the smallest class), if that keeps every rule.
fn round_up(m: &Model, ints: &[f64]) -> Option<Plan> {
    let n = m.required.len();
    let (lo, hi) = m.class_size;
    let mut hires = vec![0u32; n];
    let mut classes = vec![0u32; n];
    for t in 0..n {
        if m.classes[t].is_none() {
            continue;
        }
        let x = (ints[t] - INT_TOL).ceil().max(0.0) as u32;
        let z = x.div_ceil(hi);
        if z > m.classes_per_period {
            return None;
        }
        hires[t] = x.max(lo * z);
        classes[t] = z;
    }
    if let Some(trainers) = m.trainers {
        for p in 0..n {
            let busy: u32 = (0..n)
                .filter(|&t| m.classes[t].as_ref().is_some_and(|c| c.in_classroom[p]))
                .map(|t| classes[t])
                .sum();
            if busy > trainers {
                return None;
            }
        }
    }
    let plan = evaluate(m, &hires, &classes);
    let covered = m.penalty.is_some() || plan.shortfall.iter().all(|s| *s <= 1e-9);
    covered.then_some(plan)
}

/// The variable furthest from an integer, if any is fractional.
fn most_fractional(values: &[f64]) -> Option<usize> {
    let frac = |v: f64| (v - v.floor()).min(v.ceil() - v);
    let (i, f) = values
        .iter()
        .enumerate()
        .map(|(i, v)| (i, frac(*v)))
        .fold((0, 0.0), |a, b| if b.1 > a.1 + 1e-12 { b } else { a });
    (f > INT_TOL).then_some(i)
}

/// The two branches on variable `i` at `value`, the nearer one last (popped first).
fn children(bounds: &Bounds, i: usize, value: f64) -> [Bounds; 2] {
    let mut down = bounds.clone();
    down[i].1 = value.floor();
    let mut up = bounds.clone();
    up[i].0 = value.ceil();
    if value - value.floor() < 0.5 {
        [up, down]
    } else {
        [down, up]
    }
}

/// The LP relaxation under `bounds` (empty: the root's); with `least_short`,
/// the least total shortfall instead of the cost, shortfall always allowed.
fn lp(m: &Model, bounds: &Bounds, least_short: bool) -> Option<Relaxed> {
    let n = m.required.len();
    let mut vars = ProblemVariables::new();
    let bound = |i: usize, hi: f64| bounds.get(i).copied().unwrap_or((0.0, hi));
    let mut x: Vec<Variable> = Vec::with_capacity(n);
    let mut z: Vec<Variable> = Vec::with_capacity(n);
    for t in 0..n {
        let open = m.classes[t].is_some();
        let hx = if open {
            f64::from(m.class_size.1 * m.classes_per_period)
        } else {
            0.0
        };
        let (lo, hi) = bound(t, hx);
        x.push(vars.add(variable().min(lo).max(hi)));
        let (lo, hi) = bound(
            n + t,
            if open {
                f64::from(m.classes_per_period)
            } else {
                0.0
            },
        );
        z.push(vars.add(variable().min(lo).max(hi)));
    }
    let o: Vec<Variable> = (0..n).map(|_| vars.add(variable().min(0.0))).collect();
    let short_allowed = least_short || m.penalty.is_some();
    let s: Vec<Variable> = (0..n)
        .map(|_| {
            vars.add(
                variable()
                    .min(0.0)
                    .max(if short_allowed { f64::INFINITY } else { 0.0 }),
            )
        })
        .collect();
    let productive = |p: usize| -> Expression {
        let mut e = Expression::from(m.base_productive[p]);
        for (t, c) in m.classes.iter().enumerate() {
            if let Some(c) = c.as_ref().filter(|c| c.productive[p] > 0.0) {
                e += c.productive[p] * x[t];
            }
        }
        e
    };
    let objective = if least_short {
        s.iter().map(|v| Expression::from(*v)).sum::<Expression>()
    } else {
        cost(m, &x, &o, &s)
    };
    let mut problem = crate::shifts::lp_backend(vars.minimise(objective.clone()));
    for p in 0..n {
        let prod = productive(p);
        problem = problem.with((prod.clone() + o[p] + s[p]).geq(m.required[p]));
        problem = problem.with((Expression::from(o[p]) - m.overtime_share * prod).leq(0.0));
    }
    for t in 0..n {
        problem = problem.with((x[t] - f64::from(m.class_size.0) * z[t]).geq(0.0));
        problem = problem.with((x[t] - f64::from(m.class_size.1) * z[t]).leq(0.0));
    }
    if let Some(trainers) = m.trainers {
        for p in 0..n {
            let busy: Expression = (0..n)
                .filter(|&t| m.classes[t].as_ref().is_some_and(|c| c.in_classroom[p]))
                .map(|t| Expression::from(z[t]))
                .sum();
            problem = problem.with(busy.leq(f64::from(trainers)));
        }
    }
    // Infeasible, or the LP failed: either way no plan under these bounds.
    let solution = problem.solve().ok()?;
    Some(Relaxed {
        objective: solution.eval(&objective),
        ints: x.iter().chain(&z).map(|v| solution.value(*v)).collect(),
        shortfall: s.iter().map(|v| solution.value(*v).max(0.0)).collect(),
    })
}

/// The objective as an expression (salaries, hiring, overtime, penalty).
fn cost(m: &Model, x: &[Variable], o: &[Variable], s: &[Variable]) -> Expression {
    let n = m.required.len();
    let mut e = Expression::from(0.0);
    for p in 0..n {
        e += m.salary[p] * m.base_heads[p];
        e += m.overtime_cost[p] * o[p];
        if let Some(pen) = &m.penalty {
            e += pen[p] * s[p];
        }
    }
    for (t, c) in m.classes.iter().enumerate() {
        if let Some(c) = c {
            let heads: f64 = (0..n).map(|p| m.salary[p] * c.heads[p]).sum();
            e += (heads + m.hire_cost) * x[t];
        }
    }
    e
}

/// A plan of hires and classes with its overtime and shortfall, each
/// period's deficit covered by the cheaper of overtime (up to its cap) and
/// shortfall first.
pub fn evaluate(m: &Model, hires: &[u32], classes: &[u32]) -> Plan {
    let n = m.required.len();
    let (mut overtime, mut shortfall) = (vec![0.0; n], vec![0.0; n]);
    let mut objective = 0.0;
    for p in 0..n {
        let mut heads = m.base_heads[p];
        let mut prod = m.base_productive[p];
        for (t, c) in m.classes.iter().enumerate() {
            if let Some(c) = c {
                heads += c.heads[p] * f64::from(hires[t]);
                prod += c.productive[p] * f64::from(hires[t]);
            }
        }
        let deficit = (m.required[p] - prod).max(0.0);
        let cap = m.overtime_share * prod;
        let pen = m.penalty.as_ref().map(|v| v[p]);
        let ot = match pen {
            Some(pen) if pen < m.overtime_cost[p] => 0.0,
            _ => deficit.min(cap),
        };
        overtime[p] = ot;
        shortfall[p] = deficit - ot;
        objective +=
            m.salary[p] * heads + m.overtime_cost[p] * ot + pen.unwrap_or(0.0) * shortfall[p];
    }
    objective += m.hire_cost * f64::from(hires.iter().sum::<u32>());
    Plan {
        hires: hires.to_vec(),
        classes: classes.to_vec(),
        overtime,
        shortfall,
        objective,
        bound: objective,
        lps: 0,
        capped: false,
    }
}
