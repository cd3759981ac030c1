//! A queue split over sites by fixed shares: in requirements.csv, in every
//! interval, each part's volume is its share of the parts' sum, so the
//! parts add up to the queue's volume and none is lost or counted twice.

use std::collections::BTreeMap;

use super::input::Table;
use super::{CheckError, Checker, Rule};

/// A part's id, share and volume in one interval.
type Share = (String, f64, f64);

/// Volumes are printed to 3 decimals: the slack of one part's rounding.
const PRINTED: f64 = 1e-3;

impl Checker<'_> {
    /// Each split queue's parts, interval by interval: all present, and
    /// each volume = share × the parts' sum (within the printing's rounding).
    pub(super) fn splits(&mut self, t: &Table) -> Result<(), CheckError> {
        let sc = self.sc;
        let (at, queue, volume) = (
            t.col("interval_start_utc")?,
            t.col("queue")?,
            t.col("volume")?,
        );
        let mut parts: BTreeMap<(String, String), Vec<Share>> = BTreeMap::new();
        for (_, r) in &t.rows {
            let Some(q) = sc.queues.iter().find(|q| q.id == r[queue]) else {
                continue;
            };
            let Some(part) = &q.part else { continue };
            let v = r[volume].parse().unwrap_or(f64::NAN);
            parts
                .entry((part.of.clone(), r[at].to_string()))
                .or_default()
                .push((q.id.clone(), part.share, v));
        }
        for ((of, when), ps) in parts {
            let n = sc
                .queues
                .iter()
                .filter(|q| q.part.as_ref().is_some_and(|p| p.of == of))
                .count();
            let whole: f64 = ps.iter().map(|p| p.2).sum();
            let slack = PRINTED * n as f64;
            let ok = ps.len() == n && ps.iter().all(|(_, s, v)| (v - s * whole).abs() <= slack);
            if !ok {
                let expected = ps
                    .iter()
                    .map(|(id, s, _)| format!("{id} {:.3}", s * whole))
                    .collect::<Vec<_>>()
                    .join(", ");
                let found = ps
                    .iter()
                    .map(|(id, _, v)| format!("{id} {v:.3}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                self.violation(
                    Rule::Split,
                    "requirements.csv".into(),
                    None,
                    Some(when),
                    format!("{of}'s {n} parts at their shares of {whole:.3}: {expected}"),
                    found,
                );
            }
        }
        Ok(())
    }
}
