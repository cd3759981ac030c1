//! A queue split over sites by fixed shares: in requirements.csv, in every
//! interval, each part's volume is its share of the parts' sum, so the
//! parts add up to the queue's volume and none is lost or counted twice.
//! A split the plan chose (`share: auto`) is checked at the shares the plan
//! wrote (summary.json `plan.splits[].shares`), which must lie on the
//! split's grid (multiples of its step within each part's min and max,
//! adding up to 100 %) or be its `start` shares.

use std::collections::BTreeMap;
use std::path::Path;

use super::input::{parse_stamp, Table};
use super::{CheckError, Checker, Rule};

/// A part's id, share and volume in one interval.
type Share = (String, f64, f64);

/// Volumes are printed to 3 decimals: the slack of one part's rounding.
const PRINTED: f64 = 1e-3;

impl Checker<'_> {
    /// Each split queue's parts, interval by interval: all present, and
    /// each volume = share × the parts' sum (within the printing's rounding).
    pub(super) fn splits(&mut self, t: &Table, dir: &Path) -> Result<(), CheckError> {
        let sc = self.sc;
        let chosen = self.chosen_shares(dir)?;
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
                .push((
                    q.id.clone(),
                    chosen.get(&q.id).copied().unwrap_or(part.share),
                    v,
                ));
        }
        for ((of, when), mut ps) in parts {
            let n = sc
                .queues
                .iter()
                .filter(|q| q.part.as_ref().is_some_and(|p| p.of == of))
                .count();
            self.reroute(&when, &mut ps);
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

impl Checker<'_> {
    /// The parts' shares at the interval starting at UTC `when` when some
    /// of their sites are closed for a public holiday (the interval's date
    /// read on the site clock): a closed part's is 0, and the open parts
    /// share the whole queue in proportion to their shares. Unchanged when
    /// no part is closed or no open part has a share.
    fn reroute(&self, when: &str, ps: &mut [Share]) {
        let Some(date) = parse_stamp(when).map(|t| t.with_timezone(&self.tz).date_naive()) else {
            return;
        };
        let sc = self.sc;
        let closed: Vec<bool> = (ps.iter())
            .map(|(id, _, _)| {
                let pool = sc.queues.iter().find(|q| &q.id == id).map(|q| q.pool);
                pool.is_some_and(|p| sc.holidays(p).iter().any(|h| h.date == date))
            })
            .collect();
        let total: f64 = ps.iter().map(|p| p.1).sum();
        let open: f64 = (ps.iter().zip(&closed))
            .filter(|(_, c)| !**c)
            .map(|(p, _)| p.1)
            .sum();
        if open <= 0.0 || !closed.contains(&true) {
            return;
        }
        for (p, c) in ps.iter_mut().zip(closed) {
            p.1 = if c { 0.0 } else { p.1 * total / open };
        }
    }

    /// The shares of the parts of splits the plan chose, read from
    /// summary.json, each split's vector checked against its grid (a
    /// violation if off it); empty when no split is `share: auto`.
    fn chosen_shares(&mut self, dir: &Path) -> Result<BTreeMap<String, f64>, CheckError> {
        let sc = self.sc;
        let mut out = BTreeMap::new();
        if !sc
            .queues
            .iter()
            .any(|q| q.part.as_ref().is_some_and(|p| p.auto.is_some()))
        {
            return Ok(out);
        }
        let path = dir.join("summary.json");
        let text = std::fs::read_to_string(&path).map_err(|source| CheckError::Read {
            path: path.clone(),
            source,
        })?;
        let format = |message: String| CheckError::Format {
            path: path.clone(),
            message,
        };
        let json: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format(e.to_string()))?;
        let splits = json["plan"]["splits"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for of in crate::scenario::auto_queues(sc) {
            let parts: Vec<&crate::scenario::Queue> = (sc.queues.iter())
                .filter(|q| q.part.as_ref().is_some_and(|p| p.of == of))
                .collect();
            let written = splits.iter().find(|s| s["id"] == of.as_str());
            let shares: Option<Vec<f64>> = written.and_then(|w| {
                let ids = w["parts"].as_array()?;
                let shares = w["shares"].as_array()?;
                parts
                    .iter()
                    .map(|q| {
                        let k = ids.iter().position(|id| id == q.id.as_str())?;
                        shares.get(k)?.as_f64()
                    })
                    .collect()
            });
            let Some(shares) = shares else {
                return Err(format(format!(
                    "plan.splits has no shares for every part of `{of}`"
                )));
            };
            if !on_grid(&parts, &shares) {
                let ids: Vec<String> = parts
                    .iter()
                    .zip(&shares)
                    .map(|(q, s)| format!("{} {s}", q.id))
                    .collect();
                self.violation(
                    Rule::Split,
                    "summary.json".into(),
                    None,
                    None,
                    format!("{of}'s shares on its grid or its start"),
                    ids.join(", "),
                );
            }
            for (q, s) in parts.iter().zip(shares) {
                out.insert(q.id.clone(), s);
            }
        }
        Ok(out)
    }
}

/// Whether `shares` of `parts` (all `share: auto`) are their `start`, or
/// multiples of the step within each part's min and max adding up to 100 %.
fn on_grid(parts: &[&crate::scenario::Queue], shares: &[f64]) -> bool {
    const EPS: f64 = 1e-6;
    let autos: Vec<_> = parts.iter().filter_map(|q| q.part.as_ref()?.auto).collect();
    if autos.len() != shares.len() {
        return false;
    }
    let start =
        (autos.iter().zip(shares)).all(|(a, s)| a.start.is_some_and(|x| (x - s).abs() < EPS));
    let sum: f64 = shares.iter().sum();
    let grid = (autos.iter().zip(shares)).all(|(a, &s)| {
        let steps = s / a.step;
        (steps - steps.round()).abs() < EPS && s >= a.min - EPS && s <= a.max + EPS
    });
    start || (grid && (sum - 1.0).abs() < EPS)
}
