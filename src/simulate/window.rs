//! The simulation of a queue planned to a window (day, week, month,
//! horizon): each window's simulated service level with its 95 % interval,
//! and the share of runs in which the window met its target — meeting 80 %
//! on average is not meeting it on 95 % of days (Roubos, Koole & Stolletz
//! 2012).

use super::engine::{Model, PoolRun};
use super::{combine, run_counts, summarise, Predicted, Row};
use crate::evaluate::QueueService;
use crate::staffing::WINDOW_TOLERANCE;

/// One window of one queue, simulated.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowResult {
    /// The window as the client names it (`2026-03-02`, `2026-W10`).
    pub label: String,
    /// The target share answered in time.
    pub target: f64,
    /// Simulated and planned (Erlang) figures over the window.
    pub row: Row,
    /// Share of runs whose window answered at least the target in time
    /// (runs with no contacts in the window left out).
    pub p_met: Option<f64>,
}

impl WindowResult {
    /// The simulation puts the window clearly below what the plan
    /// predicts: the upper end of its 95 % interval under the prediction.
    pub fn short_of_plan(&self) -> bool {
        match (self.row.sim.sl.and_then(|e| e.high), self.row.pred.sl) {
            (Some(high), Some(planned)) => high < planned,
            _ => false,
        }
    }

    /// The simulation puts the window clearly below its target.
    pub fn short_of_target(&self) -> bool {
        self.row
            .sim
            .sl
            .and_then(|e| e.high)
            .is_some_and(|h| h < self.target)
    }
}

/// Every window of queue `q` (of pool `pool`) that has contacts, from the
/// evaluation's windows: simulated figures, the prediction and P(met).
pub(super) fn windows(
    runs: &[Vec<PoolRun>],
    model: &Model,
    q: usize,
    pool: usize,
    service: &QueueService,
    predicted: &[Predicted],
    target: f64,
) -> Vec<WindowResult> {
    service
        .windows
        .iter()
        .map(|w| {
            let set = &w.intervals;
            let per_run: Vec<f64> = runs
                .iter()
                .map(|run| run_counts(&run[pool], q, set))
                .filter(|c| c.offered > 0)
                .map(|c| f64::from(c.within) / f64::from(c.offered))
                .collect();
            let met = per_run
                .iter()
                .filter(|&&x| x >= target * (1.0 - WINDOW_TOLERANCE))
                .count();
            WindowResult {
                label: w.label.clone(),
                target,
                row: Row {
                    sim: summarise(runs, model, q, pool, set),
                    pred: combine(predicted, set),
                },
                p_met: (!per_run.is_empty()).then(|| met as f64 / per_run.len() as f64),
            }
        })
        .collect()
}
