//! One data row read into the Erlang inputs: each cell checked against what
//! its column allows, in column order (the field count, volume, interval_s,
//! aht_s, sl_target, sl_seconds, asa_s, max_occupancy, shrinkage,
//! patience_s, concurrency, agents), so the first bad cell is the one
//! reported, with its line and column.

use csv::ByteRecord;

use super::columns::Columns;
use super::error::{invalid, BatchError};
use crate::erlang::{Load, Target};

/// One row's cells, parsed with its line number for messages.
pub(super) struct Row<'a> {
    pub(super) rec: &'a ByteRecord,
    pub(super) line: u64,
}

impl Row<'_> {
    /// The cell at `idx`, trimmed; non-UTF-8 bytes are a bad cell.
    fn text(&self, idx: usize, column: &str) -> Result<&str, BatchError> {
        let raw = self.rec.get(idx).unwrap_or_default();
        std::str::from_utf8(raw).map(str::trim).map_err(|_| {
            invalid(
                self.line,
                Some(column),
                format!(
                    "expected a number, got non-UTF-8 text {:?}",
                    String::from_utf8_lossy(raw)
                ),
            )
        })
    }

    /// The cell of `column` is not `expected` (a long cell shown as
    /// [`crate::error::echo`] shows it).
    fn bad(&self, column: &str, expected: &str, got: &str) -> BatchError {
        let shown = crate::error::echo(got);
        invalid(
            self.line,
            Some(column),
            format!("expected {expected}, got {shown:?}"),
        )
    }

    /// A number accepted by `ok`; empty cells are `None`.
    fn optional(
        &self,
        idx: Option<usize>,
        column: &str,
        expected: &str,
        ok: fn(f64) -> bool,
    ) -> Result<Option<f64>, BatchError> {
        let Some(idx) = idx else { return Ok(None) };
        let text = self.text(idx, column)?;
        if text.is_empty() {
            return Ok(None);
        }
        match text.parse::<f64>() {
            Ok(x) if x.is_finite() && ok(x) => Ok(Some(x)),
            _ => Err(self.bad(column, expected, text)),
        }
    }

    /// A number accepted by `ok`; an empty cell is bad.
    fn required(
        &self,
        idx: usize,
        column: &str,
        expected: &str,
        ok: fn(f64) -> bool,
    ) -> Result<f64, BatchError> {
        self.optional(Some(idx), column, expected, ok)?
            .ok_or_else(|| self.bad(column, expected, ""))
    }

    /// A whole number from `min` to `u32::MAX`; empty cells are `None`.
    fn whole(
        &self,
        idx: Option<usize>,
        column: &str,
        expected: &str,
        min: f64,
    ) -> Result<Option<u32>, BatchError> {
        let value = self.optional(idx, column, expected, |x| x.fract() == 0.0)?;
        match value {
            Some(x) if x < min || x > f64::from(u32::MAX) => {
                let text = idx.map_or(Ok(""), |i| self.text(i, column))?;
                Err(self.bad(column, expected, text))
            }
            Some(x) => Ok(Some(x as u32)),
            None => Ok(None),
        }
    }
}

const SECONDS_POSITIVE: &str = "a positive number of seconds";

/// Parsed inputs of one row.
pub(super) struct Inputs {
    pub(super) load: Load,
    pub(super) target: Target,
    pub(super) shrinkage: f64,
    pub(super) agents: Option<u32>,
}

/// The row's inputs, read in column order so the first bad cell is the one
/// reported: the field count, the work (volume, interval, handle time), the
/// target, shrinkage, patience, concurrency, the agents of a reverse
/// calculation.
pub(super) fn parse_row(row: &Row<'_>, cols: &Columns) -> Result<Inputs, BatchError> {
    row.check_width(cols)?;
    let voice = row.voice_load(cols)?;
    let target = row.target(cols)?;
    let shrinkage = row.shrinkage(cols)?;
    let patience_s = row.patience(cols)?;
    let concurrency = row.concurrency(cols)?;
    let agents = row.agents(cols)?;
    Ok(Inputs {
        load: Load {
            patience_s,
            concurrency,
            ..voice
        },
        target,
        shrinkage,
        agents,
    })
}

/// The columns of a row, one step each.
impl Row<'_> {
    /// As many fields as the header.
    fn check_width(&self, cols: &Columns) -> Result<(), BatchError> {
        if self.rec.len() != cols.fields {
            return Err(invalid(
                self.line,
                None,
                format!(
                    "expected {} fields like the header, got {}",
                    cols.fields,
                    self.rec.len()
                ),
            ));
        }
        Ok(())
    }

    /// `volume`, `interval_s` and `aht_s`: the work, as a voice load (no
    /// patience, concurrency 1).
    fn voice_load(&self, cols: &Columns) -> Result<Load, BatchError> {
        let volume = self.required(cols.volume, "volume", "a number of contacts >= 0", |x| {
            x >= 0.0
        })?;
        let interval_s =
            self.required(cols.interval_s, "interval_s", SECONDS_POSITIVE, |x| x > 0.0)?;
        let aht_s = self.required(cols.aht_s, "aht_s", SECONDS_POSITIVE, |x| x > 0.0)?;
        Ok(Load::voice(volume, interval_s, aht_s))
    }

    /// `sl_target`, `sl_seconds`, `asa_s` and `max_occupancy` (1 when empty).
    fn target(&self, cols: &Columns) -> Result<Target, BatchError> {
        let sl = self.required(
            cols.sl_target,
            "sl_target",
            "a fraction in (0, 1], e.g. 0.8 for 80 %",
            |x| x > 0.0 && x <= 1.0,
        )?;
        let sl_seconds = self.required(
            cols.sl_seconds,
            "sl_seconds",
            "a number of seconds >= 0",
            |x| x >= 0.0,
        )?;
        let asa_s = self.optional(
            cols.asa_s,
            "asa_s",
            "a positive number of seconds, or an empty cell for no ASA target",
            |x| x > 0.0,
        )?;
        let max_occupancy = self
            .optional(
                cols.max_occupancy,
                "max_occupancy",
                "a fraction in (0, 1], or an empty cell for no cap",
                |x| x > 0.0 && x <= 1.0,
            )?
            .unwrap_or(1.0);
        Ok(Target {
            sl,
            sl_seconds,
            asa_s,
            max_occupancy,
        })
    }

    /// `shrinkage` (0 when empty).
    fn shrinkage(&self, cols: &Columns) -> Result<f64, BatchError> {
        Ok(self
            .optional(
                cols.shrinkage,
                "shrinkage",
                "a fraction in [0, 1), or an empty cell for none",
                |x| (0.0..1.0).contains(&x),
            )?
            .unwrap_or(0.0))
    }

    /// `patience_s`: Erlang A when given.
    fn patience(&self, cols: &Columns) -> Result<Option<f64>, BatchError> {
        self.optional(
            cols.patience_s,
            "patience_s",
            "a positive number of seconds, or an empty cell for Erlang C",
            |x| x > 0.0,
        )
    }

    /// `concurrency`: sessions per agent (1 when empty).
    fn concurrency(&self, cols: &Columns) -> Result<u32, BatchError> {
        Ok(self
            .whole(
                cols.concurrency,
                "concurrency",
                "a whole number of sessions per agent >= 1, or an empty cell for 1",
                1.0,
            )?
            .unwrap_or(1))
    }

    /// `agents`: the staffing of a reverse calculation, when given.
    fn agents(&self, cols: &Columns) -> Result<Option<u32>, BatchError> {
        self.whole(
            cols.agents,
            "agents",
            "a whole number of agents >= 0, or an empty cell for the requirement",
            0.0,
        )
    }
}
