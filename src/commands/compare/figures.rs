//! The figures a comparison shows: each plan's headline figures (from the
//! same [`PlanFigures`] as its `summary.json`), and each run against the base.

use serde::Serialize;

use super::{Comparison, Run};
use crate::figures::PlanFigures;
use crate::units::round;

/// The headline figures of one plan, from the same [`PlanFigures`] its
/// `summary.json` states (so the comparison and each variant's own folder
/// can never disagree).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// Full-time equivalents (paid hours ÷ 40 h a week).
    pub fte: f64,
    /// Agents employed (tours of the largest week).
    pub headcount: u64,
    /// Paid hours over the horizon.
    pub paid_hours: f64,
    /// Cost over the horizon, in the scenario's currency.
    pub cost: f64,
    /// LP lower bound of the cost.
    pub lp_bound: f64,
    /// (cost − bound) ÷ bound.
    pub gap: f64,
    /// The solver's status line.
    pub status: String,
    /// Achieved service per queue.
    pub service: Vec<Service>,
}

/// Achieved service of one queue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Service {
    /// Queue id.
    pub queue: String,
    /// Client name.
    pub client: String,
    /// Target like `80/20`; none for e-mail.
    pub target: Option<String>,
    /// Achieved share answered in time over the horizon.
    pub achieved: Option<f64>,
    /// `simulation estimate` when `achieved` is the skill-routing
    /// simulation's (a queue of pools linked by `serves`; absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'static str>,
    /// For a queue split over sites, the whole queue (the client's view,
    /// as `plan` shows it): its parts; empty for a queue of its own.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<String>,
}

impl From<&PlanFigures> for Figures {
    fn from(f: &PlanFigures) -> Figures {
        Figures {
            fte: f.fte,
            headcount: u64::from(f.headcount),
            paid_hours: f.paid_hours,
            cost: f.cost,
            lp_bound: f.lp_bound,
            gap: f.gap,
            status: f.status.to_string(),
            service: f
                .queues
                .iter()
                .map(|q| Service {
                    queue: q.id.clone(),
                    client: q.client.clone(),
                    target: q.sl_target.clone(),
                    achieved: q.sl_achieved,
                    source: q.sl_source,
                    parts: Vec::new(),
                })
                .chain(f.splits.iter().map(|w| {
                    Service {
                        queue: w.id.clone(),
                        client: (f.queues.iter())
                            .find(|q| w.parts.first() == Some(&q.id))
                            .map_or_else(String::new, |q| q.client.clone()),
                        target: w.sl_target.clone(),
                        achieved: w.sl_achieved,
                        source: None,
                        parts: w.parts.clone(),
                    }
                }))
                .collect(),
        }
    }
}

impl Comparison {
    /// The base's figures (the base always planned: [`run`](super::run) fails otherwise).
    fn base(&self) -> Option<&Figures> {
        self.runs
            .first()
            .and_then(|r| r.outcome.as_ref().ok())
            .map(|d| &d.figures)
    }

    /// Rows of [`Delta`] per run: figures against the base.
    pub(super) fn rows(&self) -> Vec<Row<'_>> {
        let base = self.base();
        self.runs
            .iter()
            .map(|run| {
                let figures = run.outcome.as_ref().ok().map(|d| &d.figures);
                let delta = figures.zip(base).map(|(f, b)| Delta {
                    fte: round(f.fte - b.fte, 2),
                    headcount: f.headcount as i64 - b.headcount as i64,
                    paid_hours: round(f.paid_hours - b.paid_hours, 2),
                    cost: round(f.cost - b.cost, 2),
                    cost_pct: if b.cost > 0.0 {
                        round((f.cost - b.cost) / b.cost * 100.0, 2)
                    } else {
                        0.0
                    },
                });
                Row {
                    run,
                    figures,
                    delta,
                }
            })
            .collect()
    }
}

/// Differences against the base.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub(super) struct Delta {
    /// FTE.
    pub(super) fte: f64,
    /// Headcount.
    pub(super) headcount: i64,
    /// Paid hours.
    pub(super) paid_hours: f64,
    /// Cost.
    pub(super) cost: f64,
    /// Cost in percent of the base's (0 when the base costs nothing).
    pub(super) cost_pct: f64,
}

/// One run as the tables show it: its figures and deltas, when it planned.
pub(super) struct Row<'a> {
    /// The run.
    pub(super) run: &'a Run,
    /// Its figures; none for a failed run.
    pub(super) figures: Option<&'a Figures>,
    /// Its figures against the base; none for a failed run.
    pub(super) delta: Option<Delta>,
}

impl Row<'_> {
    /// `ok` (`ok, cut short` when the time limit stopped its search, as
    /// `plan` says in summary.json), or the failure's kind.
    pub(super) fn status(&self) -> &'static str {
        match &self.run.outcome {
            Ok(_)
                if self
                    .figures
                    .is_some_and(|f| f.status.contains("time limit")) =>
            {
                "ok, cut short"
            }
            Ok(_) => "ok",
            Err(f) => f.kind,
        }
    }

    /// The failure's message, for a run that failed.
    pub(super) fn error(&self) -> Option<&str> {
        self.run.outcome.as_ref().err().map(|f| f.message.as_str())
    }

    /// Achieved service level of `queue`, when measured.
    pub(super) fn sl(&self, queue: &str) -> Option<f64> {
        self.figures?
            .service
            .iter()
            .find(|s| s.queue == queue)
            .and_then(|s| s.achieved)
    }

    /// `QUEUE (all sites)` for a queue split over sites (its parts
    /// together), else the queue's id.
    pub(super) fn label(rows: &[Row], queue: &str) -> String {
        let whole = (rows.iter().filter_map(|r| r.figures))
            .flat_map(|f| &f.service)
            .any(|s| s.queue == queue && !s.parts.is_empty());
        if whole {
            format!("{queue} (all sites)")
        } else {
            queue.to_string()
        }
    }

    /// Whether the queue's achieved SL is the simulation's estimate.
    pub(super) fn simulated(&self, queue: &str) -> bool {
        self.figures.is_some_and(|f| {
            f.service
                .iter()
                .any(|s| s.queue == queue && s.source.is_some())
        })
    }
}

/// A delta with its sign, `+1.5` or `-2`; a zero is `+0`, never `-0`.
pub(super) fn signed(x: f64, digits: usize) -> String {
    let x = if x == 0.0 { 0.0 } else { x };
    format!("{x:+.digits$}")
}
