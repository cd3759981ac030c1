//! A row's figures: the requirement, the gross staffing and the figures at
//! the staffing used, computed from its inputs and written after its input
//! cells, numbers in full precision.

use std::fmt::Write as _;

use csv::ByteRecord;

use super::columns::Columns;
use super::error::{from_erlang, BatchError};
use super::row::Inputs;
use crate::erlang::{self, Figures};

/// Full precision, shortest round-trip; scientific below 1e-5 to keep cells
/// short. Whole numbers print as integers (itoa), other finite numbers with
/// zmij (Schubfach), both as `{}`/`{:e}` would print them but several times
/// faster; where two equally short forms are equally near (an exact tie,
/// like 65548.729736328125), zmij takes the even last digit where core
/// rounds up, and both read back as the same number. Infinity, −0 and whole
/// numbers beyond 2⁵³ go through core.
pub(super) fn push_number(buf: &mut String, x: f64) {
    buf.clear();
    let whole = x == x.trunc();
    if whole && x.abs() < 9_007_199_254_740_992.0 && !(x == 0.0 && x.is_sign_negative()) {
        // Exact: a whole number below 2⁵³ is an i64.
        buf.push_str(itoa::Buffer::new().format(x as i64));
    } else if x.is_finite() && !whole {
        buf.push_str(zmij::Buffer::new().format_finite(x));
    } else {
        // Writing to a String cannot fail.
        let _ = write!(buf, "{x}");
    }
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
/// space for the numbers, which never need quoting.
pub(super) fn write_row(
    out: &mut Vec<u8>,
    num: &mut String,
    rec: &ByteRecord,
    c: &Computed,
    cols: &Columns,
) {
    for (i, field) in rec.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_cell(out, field);
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
    let mut cell = |num: &str| {
        out.push(b',');
        out.extend_from_slice(num.as_bytes());
    };
    for x in numbers {
        push_number(num, x);
        cell(num);
    }
    if cols.patience_s.is_some() {
        match c.used.p_abandon {
            Some(p) => push_number(num, p),
            None => num.clear(),
        }
        cell(num);
    }
    if cols.concurrency.is_some() {
        push_number(num, f64::from(c.required.servers));
        cell(num);
    }
    out.push(b'\n');
}

/// `field` as a CSV cell, the way the csv crate writes it: in quotes, with
/// its quotes doubled, when it holds a comma, a quote or a line break.
pub(super) fn push_cell(out: &mut Vec<u8>, field: &[u8]) {
    if field
        .iter()
        .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
    {
        out.push(b'"');
        for &b in field {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(field);
    }
}
