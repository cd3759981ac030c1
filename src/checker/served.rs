//! Queues taken by pools linked by `serves` (skill groups). Their service
//! per interval is the skill-routing simulation's estimate, which the
//! checker does not re-derive (it would need the simulation itself). What
//! it checks from the files alone: every such queue's column in
//! `coverage.csv` is marked as the estimate (`sl_sim_<queue>`, never a
//! plain `sl_<queue>` that reads as Erlang's), a figure stands wherever
//! contacts are offered, and the estimates weighted by each interval's
//! `agent_volume` (requirements.csv) reach the queue's target over the
//! horizon (to [`SL_SLACK`]). Each pool's coverage against its share of the
//! group's requirement (pool_requirements.csv) is checked with every
//! pool's, in `coverage.rs`.

use super::input::{site_stamp, Table};
use super::window::SL_SLACK;
use super::{CheckError, Checker, Rule};

impl Checker<'_> {
    /// Check the queues of skill groups (see the module doc).
    pub(super) fn served(
        &mut self,
        requirements: &Table,
        coverage: &Table,
    ) -> Result<(), CheckError> {
        let sc = self.sc;
        for q in grouped(sc) {
            let queue = &sc.queues[q];
            let column = format!("sl_sim_{}", queue.id);
            if !coverage.header.contains(&column) {
                self.window_violation(
                    q,
                    Rule::ServedServiceLevel,
                    None,
                    &format!("a column {column} (the skill-routing simulation's estimate)"),
                    "none".into(),
                );
                continue;
            }
            let volume = self.queue_column(requirements, "queue", &queue.id, "agent_volume")?;
            let pool = &sc.pools[queue.pool].id;
            let sl = self.queue_column(coverage, "pool", pool, &column)?;
            let (mut offered, mut answered) = (0.0, 0.0);
            for i in 0..self.len {
                let v = volume[i].unwrap_or(0.0);
                if v <= 0.0 {
                    continue;
                }
                match sl[i] {
                    Some(x) => {
                        offered += v;
                        answered += v * x;
                    }
                    None => self.window_violation(
                        q,
                        Rule::Unreadable,
                        Some(i),
                        "a service level where contacts are offered",
                        "none".into(),
                    ),
                }
            }
            let Some(target) = queue.service_level else {
                continue;
            };
            if offered > 0.0 && answered / offered < target.fraction - SL_SLACK {
                let start = site_stamp(self.start, self.tz);
                self.window_violation(
                    q,
                    Rule::ServedServiceLevel,
                    None,
                    &format!("{target} over the horizon from {start} (simulation estimate)"),
                    format!(
                        "{:.2}% answered in time of {offered:.1} offered",
                        100.0 * answered / offered
                    ),
                );
            }
        }
        Ok(())
    }
}

/// The queues of pools linked by `serves`, ascending: those a pool serves
/// and those of every pool that serves or is served into.
fn grouped(sc: &crate::scenario::Scenario) -> Vec<usize> {
    let served: Vec<usize> = sc.pools.iter().flat_map(|p| p.serves.clone()).collect();
    let linked: Vec<usize> = sc
        .pools
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.serves.is_empty())
        .map(|(p, _)| p)
        .chain(served.iter().map(|&q| sc.queues[q].pool))
        .collect();
    (0..sc.queues.len())
        .filter(|&q| served.contains(&q) || linked.contains(&sc.queues[q].pool))
        .collect()
}
