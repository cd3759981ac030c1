//! `staffplan erlang --batch FILE.csv`: Erlang figures for many queue-intervals at once.
//!
//! Input is a CSV file with a header. Required columns: `volume` (contacts per
//! interval), `interval_s`, `aht_s`, `sl_target` (fraction) and `sl_seconds`.
//! Optional: `asa_s`, `max_occupancy` (default 1), `shrinkage` (default 0),
//! `patience_s` (Erlang A when given), `concurrency` (default 1) and `agents` (figures
//! at that staffing: the reverse calculation). An empty cell in an optional column
//! means "not given". Any other column is passed through unchanged.
//!
//! Output: every input column in its order, then [`OUTPUT_COLUMNS`], then
//! `p_abandon` when the file has a `patience_s` column and `required_sessions` when it
//! has a `concurrency` column (both empty on rows that do not use them). When the
//! file has an `asa_s` target column, the achieved ASA is written as
//! [`ACHIEVED_ASA`] so no name appears twice; any other input column named like an
//! output column is refused (rename it). Numbers are
//! printed in full precision (shortest round-trip form; scientific notation below
//! 1e-5; an exact tie between two equally short forms takes the even digit);
//! an infinite ASA (a queue at or beyond its capacity) is `inf`.
//!
//! Speed: records are read as raw bytes in chunks of [`CHUNK_ROWS`]; while one chunk
//! is read on the calling thread, the previous one is parsed, computed and formatted
//! in parallel (rayon) and then written in file order, so the output is the same
//! bytes whatever the number of threads. Rows are written straight into bytes:
//! numbers with itoa and zmij, input cells quoted the way the csv crate quotes
//! them. With `-o`, the output streams into a temporary file renamed into
//! place at the end, so a million rows are never all held in memory and a bad
//! line leaves nothing behind. The first bad line in file order is the one
//! reported.
//!
//! The parts: the driver (this file), the header and its columns
//! (`columns.rs`), reading a row's cells (`row.rs`), a row's figures and how
//! they are written (`figures.rs`), reading the input in chunks with the
//! file's line numbers (`read.rs`), and the errors (`error.rs`).

mod columns;
mod error;
mod figures;
mod read;
mod row;

use std::io::{Read, Write};

use csv::ByteRecord;
use rayon::prelude::*;

use columns::Columns;
use error::{from_csv, invalid};
use figures::{compute, write_row};
use read::{fill, open};
use row::{parse_row, Row};

pub use error::BatchError;

/// Columns every batch file must have.
pub const REQUIRED_COLUMNS: [&str; 5] =
    ["volume", "interval_s", "aht_s", "sl_target", "sl_seconds"];

/// Columns the batch engine reads when present.
pub const OPTIONAL_COLUMNS: [&str; 6] = [
    "asa_s",
    "max_occupancy",
    "shrinkage",
    "patience_s",
    "concurrency",
    "agents",
];

/// Columns appended to every output row, in this order.
pub const OUTPUT_COLUMNS: [&str; 8] = [
    "erlangs",
    "required_agents",
    "required_with_shrinkage",
    "agents_used",
    "sl",
    "asa_s",
    "p_wait",
    "occupancy",
];

/// The output name of the achieved ASA when the input has an `asa_s` target column.
pub const ACHIEVED_ASA: &str = "achieved_asa_s";

/// Rows read per chunk; each chunk is processed in parallel.
pub const CHUNK_ROWS: usize = 65_536;

/// Rows per parallel task inside a chunk.
const TASK_ROWS: usize = 2_048;

/// What a batch run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchStats {
    /// Data rows processed (the header excluded).
    pub rows: u64,
    /// Rows with an `agents` value (figures at that staffing).
    pub reverse_rows: u64,
    /// Rows with a `patience_s` value (Erlang A).
    pub erlang_a_rows: u64,
}

impl BatchStats {
    fn add(&mut self, other: BatchStats) {
        self.rows += other.rows;
        self.reverse_rows += other.reverse_rows;
        self.erlang_a_rows += other.erlang_a_rows;
    }
}

/// Parses, computes and formats a run of rows; stops at the first bad one.
fn process_rows(
    records: &[ByteRecord],
    cols: &Columns,
) -> Result<(Vec<u8>, BatchStats), BatchError> {
    let mut out = Vec::with_capacity(records.len() * 160);
    let mut stats = BatchStats::default();
    let mut num = String::with_capacity(32);
    for rec in records {
        let line = rec.position().map_or(0, |p| p.line());
        let row = Row { rec, line };
        let inputs = parse_row(&row, cols)?;
        let c = compute(&inputs, line)?;
        write_row(&mut out, &mut num, rec, &c, cols);
        stats.rows += 1;
        stats.reverse_rows += u64::from(inputs.agents.is_some());
        stats.erlang_a_rows += u64::from(inputs.load.patience_s.is_some());
    }
    Ok((out, stats))
}

/// [`process_rows`] on a chunk, [`TASK_ROWS`] rows per parallel task; the
/// results in file order.
fn process_chunk(
    records: &[ByteRecord],
    cols: &Columns,
) -> Vec<Result<(Vec<u8>, BatchStats), BatchError>> {
    records
        .par_chunks(TASK_ROWS)
        .map(|rows| process_rows(rows, cols))
        .collect()
}

/// Runs the batch: reads the CSV from `input`, writes the figures CSV to `output`.
///
/// Per row: the required staffing
/// ([`erlang::required`](crate::erlang::required): Erlang C, or Erlang A with
/// a `patience_s`; sessions and agents with a `concurrency`), the gross staffing
/// `⌈required ÷ (1 − shrinkage)⌉`, and the figures at the staffing used, which is
/// the row's `agents` when given (the reverse calculation) and the requirement
/// otherwise. Validation: volume ≥ 0, interval_s > 0, aht_s > 0, sl_target in
/// (0, 1], sl_seconds ≥ 0, asa_s > 0, max_occupancy in (0, 1], shrinkage in [0, 1),
/// patience_s > 0, concurrency a whole number ≥ 1, agents a whole number ≥ 0.
///
/// The first invalid line in file order stops the run with a [`BatchError::Invalid`]
/// naming the line and column; rows before it have been written to `output`.
///
/// ```
/// use staffplan::batch::run_batch;
/// let input = "queue,volume,interval_s,aht_s,sl_target,sl_seconds\nsales,10,1800,180,0.8,20\n";
/// let mut out = Vec::new();
/// let stats = run_batch(input.as_bytes(), &mut out).unwrap();
/// assert_eq!(stats.rows, 1);
/// let text = String::from_utf8(out).unwrap();
/// let row: Vec<&str> = text.lines().nth(1).unwrap().split(',').collect();
/// assert_eq!(row[..8], ["sales", "10", "1800", "180", "0.8", "20", "1", "3"]); // 1 Erlang → 3 agents
/// ```
pub fn run_batch<R: Read, W: Write>(input: R, output: W) -> Result<BatchStats, BatchError> {
    let (mut reader, newlines) = open(input);
    let mut header = ByteRecord::new();
    if !reader.read_byte_record(&mut header).map_err(from_csv)? {
        return Err(invalid(
            1,
            None,
            format!(
                "the file is empty; expected a header with the columns {}",
                REQUIRED_COLUMNS.join(", ")
            ),
        ));
    }
    let cols = Columns::resolve(&header)?;
    // Written in chunks of thousands of rows: a caller writing to a file or
    // a pipe wraps `output` in its own buffer; no second one here.
    let mut out = output;
    out.write_all(&cols.output_header(&header)?)?;

    let mut stats = BatchStats::default();
    let mut current: Vec<ByteRecord> = Vec::new();
    let mut spare: Vec<ByteRecord> = Vec::new();
    let mut filled = fill(&mut reader, &newlines, &mut current);
    loop {
        // Process this chunk in parallel while the calling thread reads the next one.
        let mut results = Vec::new();
        let mut next = None;
        let chunk = &current[..filled.len];
        rayon::in_place_scope(|scope| {
            scope.spawn(|_| results = process_chunk(chunk, &cols));
            if !filled.eof {
                next = Some(fill(&mut reader, &newlines, &mut spare));
            }
        });
        for result in results {
            let (bytes, part) = result?;
            out.write_all(&bytes)?;
            stats.add(part);
        }
        if let Some(e) = filled.error.take() {
            return Err(e);
        }
        match next {
            Some(n) => {
                filled = n;
                std::mem::swap(&mut current, &mut spare);
            }
            None => break,
        }
    }
    out.flush()?;
    Ok(stats)
}

#[cfg(test)]
mod tests;
