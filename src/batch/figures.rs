//! A row's figures: the requirement, the gross staffing and the figures at
//! the staffing used, computed from its inputs and written after its input
//! cells, numbers in full precision.

use std::fmt::Write as _;

use csv::{ByteRecord, Writer};

use super::columns::Columns;
use super::error::{from_csv, from_erlang, BatchError};
use super::row::Inputs;
use crate::erlang::{self, Figures};

/// Full precision, shortest round-trip; scientific below 1e-5 to keep cells short.
pub(super) fn push_number(buf: &mut String, x: f64) {
    buf.clear();
    // Writing to a String cannot fail.
    let _ = if x != 0.0 && x.is_finite() && x.abs() < 1e-5 {
        write!(buf, "{x:e}")
    } else {
        write!(buf, "{x}")
    };
}

/// What one row computes.
pub(super) struct Computed {
    required: Figures,
    gross: f64,
    used: Figures,
}

/// The requirement, the gross staffing `⌈required ÷ (1 − shrinkage)⌉` and the
/// figures at the row's `agents` (the requirement's when not given).
pub(super) fn compute(inputs: &Inputs, line: u64) -> Result<Computed, BatchError> {
    let required =
        erlang::required(&inputs.load, &inputs.target).map_err(|e| from_erlang(e, line))?;
    let gross = erlang::with_shrinkage(f64::from(required.agents), inputs.shrinkage)
        .map_err(|e| from_erlang(e, line))?;
    let used = match inputs.agents {
        Some(n) => {
            erlang::figures_at(&inputs.load, &inputs.target, n).map_err(|e| from_erlang(e, line))?
        }
        None => required,
    };
    Ok(Computed {
        required,
        gross,
        used,
    })
}

/// Write one output row: the input cells unchanged, then the figures of
/// [`OUTPUT_COLUMNS`](super::OUTPUT_COLUMNS), then `p_abandon` and
/// `required_sessions` when the file has those columns. `num` is scratch
/// space for the numbers.
pub(super) fn write_row(
    out: &mut Writer<Vec<u8>>,
    num: &mut String,
    rec: &ByteRecord,
    c: &Computed,
    cols: &Columns,
) -> Result<(), BatchError> {
    let io = |e: csv::Error| from_csv(e);
    for field in rec.iter() {
        out.write_field(field).map_err(io)?;
    }
    let numbers = [
        c.required.erlangs,
        f64::from(c.required.agents),
        c.gross,
        f64::from(c.used.agents),
        c.used.sl,
        c.used.asa_s,
        c.used.p_wait,
        c.used.occupancy,
    ];
    for x in numbers {
        push_number(num, x);
        out.write_field(num.as_bytes()).map_err(io)?;
    }
    if cols.patience_s.is_some() {
        match c.used.p_abandon {
            Some(p) => push_number(num, p),
            None => num.clear(),
        }
        out.write_field(num.as_bytes()).map_err(io)?;
    }
    if cols.concurrency.is_some() {
        push_number(num, f64::from(c.required.servers));
        out.write_field(num.as_bytes()).map_err(io)?;
    }
    out.write_record(None::<&[u8]>).map_err(io)
}
