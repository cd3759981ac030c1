//! Service levels measured over a window: from `requirements.csv` (each
//! queue's `agent_volume` per interval) and `coverage.csv` (each queue's
//! achieved `sl_<queue>` per interval, on its pool's rows), the checker adds
//! up answered within T ÷ offered over each of the queue's client-local
//! windows and fails a window below its target or an interval below the
//! floor. The files round SL to four decimals, so both are judged to
//! [`SL_SLACK`].

use chrono::{Duration, Utc};

use super::input::{parse_stamp, site_stamp, Table};
use super::{CheckError, Checker, Rule};
use crate::scenario::Over;

/// Half a unit in the fourth decimal: what the files' rounding of a
/// service level can hide.
pub const SL_SLACK: f64 = 5e-5;

impl Checker<'_> {
    /// Check every windowed queue's windows and floor.
    pub(super) fn windows(
        &mut self,
        requirements: &Table,
        coverage: &Table,
    ) -> Result<(), CheckError> {
        for (q, queue) in self.sc.queues.iter().enumerate() {
            let Some(target) = queue
                .service_level
                .filter(|_| queue.sl_over != Over::Interval)
            else {
                continue;
            };
            let volume = self.queue_column(requirements, "queue", &queue.id, "agent_volume")?;
            let pool = &self.sc.pools[queue.pool].id;
            let sl = self.queue_column(coverage, "pool", pool, &format!("sl_{}", queue.id))?;
            let starts =
                (0..self.len).map(|i| self.start + Duration::seconds(self.step * i as i64));
            for w in queue.sl_over.windows(starts, queue.timezone) {
                let (mut offered, mut answered) = (0.0, 0.0);
                for &i in &w.intervals {
                    let v = volume[i].unwrap_or(0.0);
                    if v <= 0.0 {
                        continue;
                    }
                    let Some(x) = sl[i] else {
                        self.window_violation(
                            q,
                            Rule::Unreadable,
                            Some(i),
                            "a service level where contacts are offered",
                            "none".into(),
                        );
                        continue;
                    };
                    offered += v;
                    answered += v * x;
                    if queue.sl_floor.is_some_and(|f| x < f.fraction - SL_SLACK) {
                        let floor = queue.sl_floor.map(|f| f.to_string()).unwrap_or_default();
                        self.window_violation(
                            q,
                            Rule::UnderFloor,
                            Some(i),
                            &format!("at least the floor {floor}"),
                            format!("{:.2}%", x * 100.0),
                        );
                    }
                }
                if offered > 0.0 && answered / offered < target.fraction - SL_SLACK {
                    let expected = format!("{target} over the {} {}", queue.sl_over, w.label);
                    let found = format!(
                        "{:.2}% answered in time of {offered:.1} offered",
                        100.0 * answered / offered
                    );
                    self.window_violation(
                        q,
                        Rule::WindowServiceLevel,
                        w.intervals.first().copied(),
                        &expected,
                        found,
                    );
                }
            }
        }
        Ok(())
    }

    pub(super) fn window_violation(
        &mut self,
        q: usize,
        rule: Rule,
        i: Option<usize>,
        expected: &str,
        found: String,
    ) {
        let queue = &self.sc.queues[q];
        let pool = self.sc.pools[queue.pool].id.clone();
        let when = i.map(|i| {
            site_stamp(
                self.start + Duration::seconds(self.step * i as i64),
                self.tz,
            )
        });
        self.violation(
            rule,
            format!("queue {}", queue.id),
            Some(&pool),
            when,
            expected.to_string(),
            found,
        );
    }

    /// Column `value` of the rows whose `key` column is `id`, per interval
    /// of the grid (`None` where no row or an empty cell).
    pub(super) fn queue_column(
        &mut self,
        t: &Table,
        key: &str,
        id: &str,
        value: &str,
    ) -> Result<Vec<Option<f64>>, CheckError> {
        let (utc, k, v) = (t.col("interval_start_utc")?, t.col(key)?, t.col(value)?);
        let mut out = vec![None; self.len];
        for (_, r) in &t.rows {
            if &r[k] != id {
                continue;
            }
            let at = parse_stamp(&r[utc]).and_then(|s| self.index(s.with_timezone(&Utc)));
            if let (Some(i), Ok(x)) = (at, r[v].parse::<f64>()) {
                out[i] = Some(x);
            }
        }
        Ok(out)
    }
}
