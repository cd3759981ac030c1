//! Trunk groups (phone lines) of the simulation: a queue's own
//! `trunks: N` and the shared groups of the top-level `trunks:`.

use super::{Result, Validator};
use crate::error::did_you_mean;
use crate::scenario::raw::RawScenario;
use crate::scenario::{Channel, Queue, Trunk};

/// The most lines of one trunk group (a unit mistake beyond).
pub const MAX_LINES: u32 = 1_000_000;

impl Validator<'_> {
    /// Every trunk group: first each queue's own `trunks: N` (a split
    /// queue's parts share its lines), then `trunks:` in order. A queue is
    /// on at most one group, and only voice and chat hold lines.
    pub(super) fn trunks(&self, raw: &RawScenario, queues: &[Queue]) -> Result<Vec<Trunk>> {
        let mut out: Vec<Trunk> = Vec::new();
        let mut fields: Vec<String> = Vec::new();
        for (i, q) in raw.queues.iter().enumerate() {
            let Some(lines) = q.trunks else { continue };
            let field = format!("queues[{i}].trunks");
            out.push(self.trunk(lines, std::slice::from_ref(&q.id), queues, &field)?);
            fields.push(field);
        }
        for (g, t) in raw.trunks.iter().enumerate() {
            let field = format!("trunks[{g}]");
            out.push(self.trunk(t.lines, &t.queues, queues, &field)?);
            fields.push(field);
        }
        for (g, trunk) in out.iter().enumerate() {
            for &q in &trunk.queues {
                if let Some(h) = out[..g].iter().position(|t| t.queues.contains(&q)) {
                    return Err(self.err(
                        &fields[g],
                        format!(
                            "queue `{}` is already on the trunk group of `{}`: a queue's calls take one group's lines",
                            of(&queues[q]),
                            fields[h]
                        ),
                    ));
                }
            }
        }
        Ok(out)
    }

    /// One group of `lines` lines for the queues named `ids` (a split
    /// queue's name stands for all its parts).
    fn trunk(&self, lines: i64, ids: &[String], queues: &[Queue], field: &str) -> Result<Trunk> {
        let own = field.starts_with("queues[");
        let Some(lines) = u32::try_from(lines)
            .ok()
            .filter(|n| (1..=MAX_LINES).contains(n))
        else {
            let at = if own {
                field.to_string()
            } else {
                format!("{field}.lines")
            };
            return Err(self.err(
                &at,
                format!("expected a number of lines from 1 to {MAX_LINES}, got {lines}"),
            ));
        };
        if ids.is_empty() {
            return Err(self.err(
                &format!("{field}.queues"),
                "a trunk group needs at least one queue",
            ));
        }
        let mut found = Vec::new();
        for (k, id) in ids.iter().enumerate() {
            let hits: Vec<usize> = (0..queues.len())
                .filter(|&q| of(&queues[q]) == id)
                .collect();
            let at = if own {
                field.to_string()
            } else {
                format!("{field}.queues[{k}]")
            };
            if hits.is_empty() {
                let mut names: Vec<&str> = queues.iter().map(of).collect();
                names.dedup();
                return Err(self.err(
                    &at,
                    format!(
                        "no queue `{id}`{}; queues: {}",
                        did_you_mean(id, names.iter().copied()),
                        names.join(", ")
                    ),
                ));
            }
            if hits.iter().any(|&q| queues[q].channel == Channel::Email) {
                return Err(self.err(
                    &at,
                    format!("queue `{id}` is e-mail: only voice and chat contacts hold a line"),
                ));
            }
            if hits.iter().any(|q| found.contains(q)) {
                return Err(self.err(&at, format!("queue `{id}` is listed twice")));
            }
            found.extend(hits);
        }
        found.sort_unstable();
        Ok(Trunk {
            lines,
            queues: found,
        })
    }
}

/// The queue's name as written (a split queue's part answers to it).
fn of(q: &Queue) -> &str {
    q.part.as_ref().map_or(q.id.as_str(), |p| p.of.as_str())
}
