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
//! 1e-5); an infinite ASA (a queue at or beyond its capacity) is `inf`.
//!
//! Speed: records are read as raw bytes in chunks of [`CHUNK_ROWS`]; while one chunk
//! is read on the calling thread, the previous one is parsed, computed and formatted
//! in parallel (rayon) and then written in file order, so the output is the same
//! bytes whatever the number of threads. The first bad line in file order is the one
//! reported.

use crate::erlang::{self, ErlangError, Figures, Load, Target};
use csv::{ByteRecord, ReaderBuilder, WriterBuilder};
use rayon::prelude::*;
use std::fmt::Write as _;
use std::io::{BufWriter, Read, Write};
use thiserror::Error;

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

/// Why a batch run stopped.
#[derive(Debug, Error)]
pub enum BatchError {
    /// A line of the file is not valid; says where and what would be valid, e.g.
    /// `line 7, column aht_s: expected a positive number of seconds, got "-3"`.
    #[error("line {line}{}: {message}", column_suffix(.column))]
    Invalid {
        /// 1-based line of the file (the header is line 1).
        line: u64,
        /// The column at fault, when one is.
        column: Option<String>,
        /// What is wrong and what would be valid.
        message: String,
    },
    /// Reading the input or writing the output failed.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

impl BatchError {
    /// The 1-based line at fault (`None` for an I/O error).
    pub fn line(&self) -> Option<u64> {
        match self {
            BatchError::Invalid { line, .. } => Some(*line),
            BatchError::Io(_) => None,
        }
    }

    /// The column at fault, if any.
    pub fn column(&self) -> Option<&str> {
        match self {
            BatchError::Invalid { column, .. } => column.as_deref(),
            BatchError::Io(_) => None,
        }
    }
}

fn column_suffix(column: &Option<String>) -> String {
    column
        .as_ref()
        .map(|c| format!(", column {c}"))
        .unwrap_or_default()
}

fn invalid(line: u64, column: Option<&str>, message: String) -> BatchError {
    BatchError::Invalid {
        line,
        column: column.map(str::to_string),
        message,
    }
}

fn from_csv(e: csv::Error) -> BatchError {
    let line = e.position().map_or(0, |p| p.line());
    match e.into_kind() {
        csv::ErrorKind::Io(io) => BatchError::Io(io),
        other => invalid(line, None, format!("not valid CSV: {other:?}")),
    }
}

/// Positions of the known columns in the header.
#[derive(Debug, Clone)]
struct Columns {
    fields: usize,
    volume: usize,
    interval_s: usize,
    aht_s: usize,
    sl_target: usize,
    sl_seconds: usize,
    asa_s: Option<usize>,
    max_occupancy: Option<usize>,
    shrinkage: Option<usize>,
    patience_s: Option<usize>,
    concurrency: Option<usize>,
    agents: Option<usize>,
}

impl Columns {
    fn resolve(header: &ByteRecord) -> Result<Columns, BatchError> {
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
}

/// One row's cells, parsed with its line number for messages.
struct Row<'a> {
    rec: &'a ByteRecord,
    line: u64,
}

impl Row<'_> {
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

    fn bad(&self, column: &str, expected: &str, got: &str) -> BatchError {
        let shown: String = got.chars().take(40).collect();
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
struct Inputs {
    load: Load,
    target: Target,
    shrinkage: f64,
    agents: Option<u32>,
}

fn parse_row(row: &Row<'_>, cols: &Columns) -> Result<Inputs, BatchError> {
    if row.rec.len() != cols.fields {
        return Err(invalid(
            row.line,
            None,
            format!(
                "expected {} fields like the header, got {}",
                cols.fields,
                row.rec.len()
            ),
        ));
    }
    let volume = row.required(cols.volume, "volume", "a number of contacts >= 0", |x| {
        x >= 0.0
    })?;
    let interval_s = row.required(cols.interval_s, "interval_s", SECONDS_POSITIVE, |x| x > 0.0)?;
    let aht_s = row.required(cols.aht_s, "aht_s", SECONDS_POSITIVE, |x| x > 0.0)?;
    let sl = row.required(
        cols.sl_target,
        "sl_target",
        "a fraction in (0, 1], e.g. 0.8 for 80 %",
        |x| x > 0.0 && x <= 1.0,
    )?;
    let sl_seconds = row.required(
        cols.sl_seconds,
        "sl_seconds",
        "a number of seconds >= 0",
        |x| x >= 0.0,
    )?;
    let asa_s = row.optional(
        cols.asa_s,
        "asa_s",
        "a positive number of seconds, or an empty cell for no ASA target",
        |x| x > 0.0,
    )?;
    let max_occupancy = row
        .optional(
            cols.max_occupancy,
            "max_occupancy",
            "a fraction in (0, 1], or an empty cell for no cap",
            |x| x > 0.0 && x <= 1.0,
        )?
        .unwrap_or(1.0);
    let shrinkage = row
        .optional(
            cols.shrinkage,
            "shrinkage",
            "a fraction in [0, 1), or an empty cell for none",
            |x| (0.0..1.0).contains(&x),
        )?
        .unwrap_or(0.0);
    let patience_s = row.optional(
        cols.patience_s,
        "patience_s",
        "a positive number of seconds, or an empty cell for Erlang C",
        |x| x > 0.0,
    )?;
    let concurrency = row
        .whole(
            cols.concurrency,
            "concurrency",
            "a whole number of sessions per agent >= 1, or an empty cell for 1",
            1.0,
        )?
        .unwrap_or(1);
    let agents = row.whole(
        cols.agents,
        "agents",
        "a whole number of agents >= 0, or an empty cell for the requirement",
        0.0,
    )?;
    Ok(Inputs {
        load: Load {
            volume,
            interval_s,
            aht_s,
            patience_s,
            concurrency,
        },
        target: Target {
            sl,
            sl_seconds,
            asa_s,
            max_occupancy,
        },
        shrinkage,
        agents,
    })
}

fn from_erlang(e: ErlangError, line: u64) -> BatchError {
    let text = e.to_string();
    match e.field() {
        Some(field) => {
            let message = text
                .strip_prefix(field)
                .and_then(|t| t.strip_prefix(": "))
                .unwrap_or(&text)
                .to_string();
            invalid(line, Some(field), message)
        }
        None => invalid(line, None, text),
    }
}

/// Full precision, shortest round-trip; scientific below 1e-5 to keep cells short.
fn push_number(buf: &mut String, x: f64) {
    buf.clear();
    // Writing to a String cannot fail.
    let _ = if x != 0.0 && x.is_finite() && x.abs() < 1e-5 {
        write!(buf, "{x:e}")
    } else {
        write!(buf, "{x}")
    };
}

struct Computed {
    required: Figures,
    gross: f64,
    used: Figures,
}

fn compute(inputs: &Inputs, line: u64) -> Result<Computed, BatchError> {
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

/// Parses, computes and formats a run of rows; stops at the first bad one.
fn process_rows(
    records: &[ByteRecord],
    cols: &Columns,
) -> Result<(Vec<u8>, BatchStats), BatchError> {
    let mut out = WriterBuilder::new().from_writer(Vec::with_capacity(records.len() * 160));
    let mut stats = BatchStats::default();
    let mut num = String::with_capacity(32);
    let io = |e: csv::Error| from_csv(e);
    for rec in records {
        let line = rec.position().map_or(0, |p| p.line());
        let row = Row { rec, line };
        let inputs = parse_row(&row, cols)?;
        let c = compute(&inputs, line)?;
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
            push_number(&mut num, x);
            out.write_field(num.as_bytes()).map_err(io)?;
        }
        if cols.patience_s.is_some() {
            match c.used.p_abandon {
                Some(p) => push_number(&mut num, p),
                None => num.clear(),
            }
            out.write_field(num.as_bytes()).map_err(io)?;
        }
        if cols.concurrency.is_some() {
            push_number(&mut num, f64::from(c.required.servers));
            out.write_field(num.as_bytes()).map_err(io)?;
        }
        out.write_record(None::<&[u8]>).map_err(io)?;
        stats.rows += 1;
        stats.reverse_rows += u64::from(inputs.agents.is_some());
        stats.erlang_a_rows += u64::from(inputs.load.patience_s.is_some());
    }
    let bytes = out
        .into_inner()
        .map_err(|e| BatchError::Io(e.into_error()))?;
    Ok((bytes, stats))
}

/// A chunk of records read from the input: the first `len` of the buffer are valid;
/// `error` is a read error right after them.
struct Filled {
    len: usize,
    eof: bool,
    error: Option<BatchError>,
}

/// The input as the CSV reader sees it, noting where each newline falls:
/// the csv crate skips blank lines without counting them, so its line
/// numbers run short of the file's after one.
struct Lines<R> {
    inner: R,
    read: u64,
    newlines: Newlines,
}

impl<R: Read> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut seen = self.newlines.0.lock().unwrap_or_else(|e| e.into_inner());
        for (i, _) in buf[..n].iter().enumerate().filter(|(_, &b)| b == b'\n') {
            seen.pending.push_back(self.read + i as u64);
        }
        self.read += n as u64;
        Ok(n)
    }
}

/// Newline offsets read but not yet passed by a record, and how many were passed.
#[derive(Default)]
struct Seen {
    pending: std::collections::VecDeque<u64>,
    before: u64,
}

#[derive(Clone, Default)]
struct Newlines(std::sync::Arc<std::sync::Mutex<Seen>>);

impl Newlines {
    /// Set a record's line to the file's own, from `end`, the reader's
    /// position after it (just past its terminator): the record's line is
    /// the count of newlines before `end`, or one more when it ends the file
    /// without a newline.
    fn fix_line(&self, record: &mut ByteRecord, end: u64) {
        let Some(mut pos) = record.position().cloned() else {
            return;
        };
        let mut seen = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let mut last = None;
        while let Some(at) = seen.pending.front().copied().filter(|&at| at < end) {
            seen.pending.pop_front();
            seen.before += 1;
            last = Some(at);
        }
        let terminated = last.is_some_and(|at| at + 1 == end);
        pos.set_line(seen.before + u64::from(!terminated));
        record.set_position(Some(pos));
    }
}

fn fill<R: Read>(
    reader: &mut csv::Reader<Lines<R>>,
    newlines: &Newlines,
    buf: &mut Vec<ByteRecord>,
) -> Filled {
    let mut len = 0;
    while len < CHUNK_ROWS {
        if len == buf.len() {
            buf.push(ByteRecord::new());
        }
        match reader.read_byte_record(&mut buf[len]) {
            Ok(true) => {
                let end = reader.position().byte();
                newlines.fix_line(&mut buf[len], end);
                len += 1;
            }
            Ok(false) => {
                return Filled {
                    len,
                    eof: true,
                    error: None,
                }
            }
            Err(e) => {
                return Filled {
                    len,
                    eof: true,
                    error: Some(from_csv(e)),
                }
            }
        }
    }
    Filled {
        len,
        eof: false,
        error: None,
    }
}

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
/// Per row: the required staffing ([`erlang::required`]: Erlang C, or Erlang A with a
/// `patience_s`; sessions and agents with a `concurrency`), the gross staffing
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
    let newlines = Newlines::default();
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(Lines {
            inner: input,
            read: 0,
            newlines: newlines.clone(),
        });
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
    let mut out = BufWriter::with_capacity(1 << 20, output);
    {
        let mut head = WriterBuilder::new().from_writer(Vec::new());
        let mut names: Vec<&[u8]> = header.iter().collect();
        names.extend(OUTPUT_COLUMNS.iter().map(|c| match *c {
            "asa_s" if cols.asa_s.is_some() => ACHIEVED_ASA.as_bytes(),
            c => c.as_bytes(),
        }));
        if cols.patience_s.is_some() {
            names.push(b"p_abandon");
        }
        if cols.concurrency.is_some() {
            names.push(b"required_sessions");
        }
        head.write_record(&names).map_err(from_csv)?;
        let bytes = head
            .into_inner()
            .map_err(|e| BatchError::Io(e.into_error()))?;
        out.write_all(&bytes)?;
    }

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
mod tests {
    use super::*;

    fn run(input: &str) -> Result<(BatchStats, String), BatchError> {
        let mut out = Vec::new();
        let stats = run_batch(input.as_bytes(), &mut out)?;
        Ok((stats, String::from_utf8(out).unwrap()))
    }

    #[test]
    fn line_numbers_count_blank_lines_and_crlf() {
        // Counted by hand: header 1, blank 2 and 3, a good row 4, blank 5,
        // the bad row 6; and the same with CRLF and no final newline.
        let input = "volume,interval_s,aht_s,sl_target,sl_seconds\n\n\n10,1800,180,0.8,20\n\nx,1800,180,0.8,20\n";
        assert_eq!(run(input).unwrap_err().line(), Some(6));
        let input = "volume,interval_s,aht_s,sl_target,sl_seconds\r\n\r\n10,1800,180,0.8,20\r\n10,1800,-3,0.8,20";
        assert_eq!(run(input).unwrap_err().line(), Some(4));
    }

    fn cells(line: &str) -> Vec<String> {
        let mut r = ReaderBuilder::new()
            .has_headers(false)
            .from_reader(line.as_bytes());
        r.records()
            .next()
            .unwrap()
            .unwrap()
            .iter()
            .map(str::to_string)
            .collect()
    }

    fn num(s: &str) -> f64 {
        s.parse().unwrap()
    }

    #[test]
    fn small_file_with_pass_through_agents_and_patience() {
        let input = "\
queue,volume,interval_s,aht_s,sl_target,sl_seconds,shrinkage,agents,patience_s,note
us-retail,10,1800,180,0.8,20,,,,plain
uk,55,1800,300,0.9,15,0.3,,,\"has, comma\"
uk,10,1800,180,0.8,20,0.0,2,,reverse
gulf,60,1800,240,0.8,20,,8,120,erlang a
";
        let (stats, out) = run(input).unwrap();
        assert_eq!(
            stats,
            BatchStats {
                rows: 4,
                reverse_rows: 2,
                erlang_a_rows: 1
            }
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            "queue,volume,interval_s,aht_s,sl_target,sl_seconds,shrinkage,agents,patience_s,note,\
             erlangs,required_agents,required_with_shrinkage,agents_used,sl,asa_s,p_wait,occupancy,\
             p_abandon"
        );
        let rows: Vec<Vec<String>> = lines[1..].iter().map(|l| cells(l)).collect();
        // Input cells come back unchanged, in order.
        assert_eq!(
            rows[1][..10],
            [
                "uk",
                "55",
                "1800",
                "300",
                "0.9",
                "15",
                "0.3",
                "",
                "",
                "has, comma"
            ]
        );
        // Reference example 2 (A = 1, 3 agents) and example 3 (14 agents, 20 gross).
        assert_eq!(rows[0][10..14], ["1", "3", "3", "3"]);
        assert!((num(&rows[0][14]) - 0.927205690643927).abs() < 1e-12);
        assert_eq!(rows[0][18], "", "no patience on this row");
        assert_eq!(rows[1][11..14], ["14", "20", "14"]);
        assert!((num(&rows[1][14]) - 0.920968040706728).abs() < 1e-12);
        // Reverse calculation at 2 agents: SL = 1 − e^{−1/9}/3, ASA 60 s; still
        // reports the requirement (3).
        assert_eq!(rows[2][11..14], ["3", "3", "2"]);
        assert!((num(&rows[2][14]) - (1.0 - (-1.0_f64 / 9.0).exp() / 3.0)).abs() < 1e-15);
        assert!((num(&rows[2][15]) - 60.0).abs() < 1e-12);
        // Erlang A reference example 1 at 8 agents.
        assert_eq!(rows[3][13], "8");
        assert!((num(&rows[3][14]) - 0.626344193771).abs() < 1e-9);
        assert!((num(&rows[3][15]) - 16.212329580).abs() < 1e-7);
        assert!((num(&rows[3][18]) - 0.162738046251).abs() < 1e-9);
    }

    #[test]
    fn no_column_name_is_written_twice() {
        // An `asa_s` target keeps its name; the achieved ASA is renamed.
        let input = "volume,interval_s,aht_s,sl_target,sl_seconds,asa_s\n10,1800,180,0.8,20,30\n";
        let (_, out) = run(input).unwrap();
        let header = cells(out.lines().next().unwrap());
        assert_eq!(header.iter().filter(|h| *h == "asa_s").count(), 1);
        assert_eq!(header[5], "asa_s");
        assert_eq!(header[11], ACHIEVED_ASA);
        // A pass-through column named like an output is refused at line 1.
        for clash in [
            "sl",
            "erlangs",
            "p_abandon",
            "required_sessions",
            ACHIEVED_ASA,
        ] {
            let input = format!(
                "volume,interval_s,aht_s,sl_target,sl_seconds,{clash}\n10,1800,180,0.8,20,x\n"
            );
            let err = run(&input).unwrap_err();
            assert_eq!((err.line(), err.column()), (Some(1), Some(clash)), "{err}");
            assert!(err.to_string().contains("rename it"), "{err}");
        }
    }

    #[test]
    fn chat_reports_sessions() {
        let input =
            "volume,interval_s,aht_s,sl_target,sl_seconds,concurrency\n55,1800,300,0.9,15,2\n";
        let (_, out) = run(input).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].ends_with(",occupancy,required_sessions"));
        let row = cells(lines[1]);
        assert_eq!(row[7], "7"); // required agents: ⌈14 sessions / 2⌉
        assert_eq!(row[14], "14");
    }

    #[test]
    fn bad_value_names_line_and_column() {
        let input = "\
volume,interval_s,aht_s,sl_target,sl_seconds
10,1800,180,0.8,20
10,1800,180,0.8,20
10,1800,-3,0.8,20
10,1800,180,80,20
";
        let err = run(input).unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 4, column aht_s: expected a positive number of seconds, got \"-3\""
        );
        assert_eq!((err.line(), err.column()), (Some(4), Some("aht_s")));
        let cases = [
            (
                "80,1800,180,80,20",
                "sl_target",
                "expected a fraction in (0, 1], e.g. 0.8 for 80 %, got \"80\"",
            ),
            (
                "x,1800,180,0.8,20",
                "volume",
                "expected a number of contacts >= 0, got \"x\"",
            ),
            (
                "1,0,180,0.8,20",
                "interval_s",
                "expected a positive number of seconds, got \"0\"",
            ),
            (
                "1,1800,NaN,0.8,20",
                "aht_s",
                "expected a positive number of seconds, got \"NaN\"",
            ),
            (
                "1,1800,180,0.8,",
                "sl_seconds",
                "expected a number of seconds >= 0, got \"\"",
            ),
        ];
        for (row, column, message) in cases {
            let input = format!("volume,interval_s,aht_s,sl_target,sl_seconds\n{row}\n");
            let err = run(&input).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("line 2, column {column}: {message}")
            );
        }
        let optional = [
            ("concurrency", "1.5"),
            ("concurrency", "0"),
            ("agents", "-1"),
            ("shrinkage", "1"),
            ("max_occupancy", "0"),
            ("patience_s", "-5"),
            ("asa_s", "0"),
        ];
        for (column, value) in optional {
            let input = format!("volume,interval_s,aht_s,sl_target,sl_seconds,{column}\n1,1800,180,0.8,20,{value}\n");
            let err = run(&input).unwrap_err();
            assert_eq!((err.line(), err.column()), (Some(2), Some(column)), "{err}");
        }
    }

    #[test]
    fn unmeetable_target_and_ragged_rows() {
        let input = "volume,interval_s,aht_s,sl_target,sl_seconds\n10,1800,180,1,20\n";
        let err = run(input).unwrap_err();
        assert_eq!(err.column(), Some("sl_target"));
        assert!(
            err.to_string()
                .starts_with("line 2, column sl_target: a service level of 100 % can never be met"),
            "{err}"
        );
        let input = "volume,interval_s,aht_s,sl_target,sl_seconds\n10,1800,180,0.8,20\n10,1800\n";
        let err = run(input).unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 3: expected 5 fields like the header, got 2"
        );
    }

    #[test]
    fn missing_column_is_named() {
        let err =
            run("volume,interval_s,aht,sl_target,sl_seconds\n1,1800,180,0.8,20\n").unwrap_err();
        assert_eq!((err.line(), err.column()), (Some(1), Some("aht_s")));
        let text = err.to_string();
        assert!(text.contains("missing required column aht_s"), "{text}");
        assert!(
            text.contains("volume, interval_s, aht_s, sl_target, sl_seconds"),
            "{text}"
        );
        assert_eq!(run("").unwrap_err().line(), Some(1));
        let twice = run("volume,volume,interval_s,aht_s,sl_target,sl_seconds\n").unwrap_err();
        assert_eq!(twice.column(), Some("volume"));
        let (stats, out) = run("volume,interval_s,aht_s,sl_target,sl_seconds\n").unwrap();
        assert_eq!((stats.rows, out.lines().count()), (0, 1));
    }

    fn big_file(rows: usize, bad: &[usize]) -> String {
        let mut s = String::from("id,volume,interval_s,aht_s,sl_target,sl_seconds,max_occupancy\n");
        let mut x: u64 = 1;
        for i in 0..rows {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let volume = (x >> 33) % 1000;
            let aht = 120 + (x >> 20) % 480;
            let line = i + 2;
            let occ = if bad.contains(&line) { "1.5" } else { "0.9" };
            let _ = writeln!(s, "{i},{volume},1800,{aht},0.8,20,{occ}");
        }
        s
    }

    #[test]
    fn first_bad_line_in_file_order_across_chunks() {
        let rows = 2 * CHUNK_ROWS + 100;
        for bad in [
            vec![3_000, 70_000],
            vec![70_000, 140_000],
            vec![CHUNK_ROWS + 2, 5],
        ] {
            let err = run(&big_file(rows, &bad)).unwrap_err();
            let first = *bad.iter().min().unwrap() as u64;
            assert_eq!(
                (err.line(), err.column()),
                (Some(first), Some("max_occupancy"))
            );
        }
    }

    #[test]
    fn output_does_not_depend_on_thread_count() {
        let input = big_file(CHUNK_ROWS + 5_000, &[]);
        let with = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| run(&input).unwrap())
        };
        let (one, four) = (with(1), with(4));
        assert_eq!(one.0.rows, (CHUNK_ROWS + 5_000) as u64);
        assert!(one.1 == four.1, "outputs differ");
        assert_eq!(one.1.lines().count(), CHUNK_ROWS + 5_001);
    }

    proptest::proptest! {
        #[test]
        fn any_input_gives_rows_or_an_error_never_a_panic(
            rows in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec![
                        "", "-1", "0", "1", "0.5", "1.5", "3600", "1e308", "NaN", "inf",
                        "abc", "\"q,uoted\"", "2", "1e-300", " 7 ",
                    ]),
                    5..9,
                ),
                0..20,
            ),
            header_extra in proptest::sample::select(vec![
                "", ",agents", ",patience_s,concurrency", ",asa_s,max_occupancy,shrinkage,agents",
            ]),
        ) {
            let mut input = format!("volume,interval_s,aht_s,sl_target,sl_seconds{header_extra}\n");
            for row in rows {
                input.push_str(&row.join(","));
                input.push('\n');
            }
            match run(&input) {
                Ok((stats, out)) => proptest::prop_assert_eq!(out.lines().count() as u64, stats.rows + 1),
                Err(e) => proptest::prop_assert!(e.line().is_some()),
            }
        }
    }

    #[test]
    fn numbers_are_printed_in_full_and_tiny_ones_in_scientific_form() {
        let mut s = String::new();
        push_number(&mut s, 0.1);
        assert_eq!(s, "0.1");
        push_number(&mut s, 1e-300);
        assert_eq!(s, "1e-300");
        push_number(&mut s, f64::INFINITY);
        assert_eq!(s, "inf");
        push_number(&mut s, 0.0);
        assert_eq!(s, "0");
    }
}
