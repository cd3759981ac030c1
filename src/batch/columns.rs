//! The header of a batch file: where the known columns are (the required and
//! optional ones), refusing a missing, doubled or clashing name, and the
//! header row of the output.

use csv::{ByteRecord, WriterBuilder};

use super::error::{from_csv, invalid, BatchError};
use super::{ACHIEVED_ASA, OPTIONAL_COLUMNS, OUTPUT_COLUMNS, REQUIRED_COLUMNS};

/// Positions of the known columns in the header.
#[derive(Debug, Clone)]
pub(super) struct Columns {
    pub(super) fields: usize,
    pub(super) volume: usize,
    pub(super) interval_s: usize,
    pub(super) aht_s: usize,
    pub(super) sl_target: usize,
    pub(super) sl_seconds: usize,
    pub(super) asa_s: Option<usize>,
    pub(super) max_occupancy: Option<usize>,
    pub(super) shrinkage: Option<usize>,
    pub(super) patience_s: Option<usize>,
    pub(super) concurrency: Option<usize>,
    pub(super) agents: Option<usize>,
}

impl Columns {
    /// Find the known columns in `header`; line 1 is at fault if one is
    /// missing, appears twice or has an output column's name.
    pub(super) fn resolve(header: &ByteRecord) -> Result<Columns, BatchError> {
        let names: Vec<&str> = REQUIRED_COLUMNS
            .iter()
            .chain(OPTIONAL_COLUMNS.iter())
            .copied()
            .collect();
        let mut found: Vec<Option<usize>> = vec![None; names.len()];
        let outputs: Vec<&str> = OUTPUT_COLUMNS
            .iter()
            .copied()
            .filter(|c| *c != "asa_s")
            .chain(["p_abandon", "required_sessions", ACHIEVED_ASA])
            .collect();
        for (i, raw) in header.iter().enumerate() {
            let name = String::from_utf8_lossy(raw);
            if let Some(out) = outputs.iter().find(|o| **o == name.trim()) {
                return Err(invalid(
                    1,
                    Some(out),
                    format!(
                        "input column {out} has the name of an output column, so the result would have it twice; rename it (like {out}_in) or drop it"
                    ),
                ));
            }
            if let Some(k) = names.iter().position(|n| *n == name.trim()) {
                if found[k].is_some() {
                    return Err(invalid(
                        1,
                        Some(names[k]),
                        format!("column {} appears twice; keep one", names[k]),
                    ));
                }
                found[k] = Some(i);
            }
        }
        let mut required = [0_usize; 5];
        for (k, slot) in required.iter_mut().enumerate() {
            *slot = found[k].ok_or_else(|| {
                invalid(
                    1,
                    Some(REQUIRED_COLUMNS[k]),
                    format!(
                        "missing required column {}; the required columns are {} \
                         (optional: {})",
                        REQUIRED_COLUMNS[k],
                        REQUIRED_COLUMNS.join(", "),
                        OPTIONAL_COLUMNS.join(", ")
                    ),
                )
            })?;
        }
        Ok(Columns {
            fields: header.len(),
            volume: required[0],
            interval_s: required[1],
            aht_s: required[2],
            sl_target: required[3],
            sl_seconds: required[4],
            asa_s: found[5],
            max_occupancy: found[6],
            shrinkage: found[7],
            patience_s: found[8],
            concurrency: found[9],
            agents: found[10],
        })
    }

    /// The output's header row: the input's names, then [`OUTPUT_COLUMNS`]
    /// (the achieved ASA as [`ACHIEVED_ASA`] when the input has an `asa_s`
    /// target), then `p_abandon` and `required_sessions` when the input has
    /// `patience_s` and `concurrency` columns.
    pub(super) fn output_header(&self, header: &ByteRecord) -> Result<Vec<u8>, BatchError> {
        let mut head = WriterBuilder::new().from_writer(Vec::new());
        let mut names: Vec<&[u8]> = header.iter().collect();
        names.extend(OUTPUT_COLUMNS.iter().map(|c| match *c {
            "asa_s" if self.asa_s.is_some() => ACHIEVED_ASA.as_bytes(),
            c => c.as_bytes(),
        }));
        if self.patience_s.is_some() {
            names.push(b"p_abandon");
        }
        if self.concurrency.is_some() {
            names.push(b"required_sessions");
        }
        head.write_record(&names).map_err(from_csv)?;
        head.into_inner()
            .map_err(|e| BatchError::Io(e.into_error()))
    }
}
