//! A CSV input read whole: size and header checked, rows with the line
//! they are on in the file (blank lines counted), and typed cells.

use std::io::Read;
use std::path::Path;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::parse_instant;
use crate::error::{did_you_mean, InputError, Location};
use crate::scenario::MAX_CSV_BYTES;

/// A CSV file read whole: its header and its data rows with their lines.
pub(super) struct Table {
    file: std::path::PathBuf,
    headers: Vec<String>,
    /// (line, row), blank rows left out.
    pub(super) rows: Vec<(u64, csv::StringRecord)>,
}

/// The line in the file (1-based) of the record at byte `offset`, counting
/// every line, blank ones too (the CSV reader's own count skips blank lines,
/// and its offset for a record is where the blank lines before it start).
pub(crate) fn line_at(bytes: &[u8], offset: u64) -> u64 {
    let end = past_blank_lines(bytes, offset);
    bytes[..end].iter().filter(|b| **b == b'\n').count() as u64 + 1
}

/// The first byte at or after `offset` that is not a line break.
fn past_blank_lines(bytes: &[u8], offset: u64) -> usize {
    let mut at = (offset as usize).min(bytes.len());
    while at < bytes.len() && matches!(bytes[at], b'\n' | b'\r') {
        at += 1;
    }
    at
}

/// Counts lines incrementally: records come in file order, so each newline
/// is counted once however many rows there are.
pub(crate) struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    /// A counter at the start of `bytes`.
    pub(crate) fn new(bytes: &'a [u8]) -> LineCounter<'a> {
        LineCounter {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    /// The line of the byte at `offset` (offsets must not go back).
    pub(crate) fn line(&mut self, offset: u64) -> u64 {
        let end = past_blank_lines(self.bytes, offset);
        if end < self.offset {
            return line_at(self.bytes, offset);
        }
        self.line += self.bytes[self.offset..end]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        self.offset = end;
        self.line
    }
}

impl Table {
    /// Read the CSV at `path`: a header naming every `required` column and
    /// only known ones, then at most `max_rows` rows (blank ones skipped).
    pub(super) fn read(
        path: &Path,
        required: &[&str],
        optional: &[&str],
        max_rows: usize,
    ) -> Result<Table, InputError> {
        let bytes = read_bytes(path, required)?;
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(bytes.as_slice());
        // The header is the first line that is not blank.
        let header_line = bytes
            .split(|b| *b == b'\n')
            .position(|l| !l.iter().all(u8::is_ascii_whitespace))
            .unwrap_or(0)
            + 1;
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| {
                InputError::new(
                    Location::at(path, header_line, None),
                    "",
                    format!("not a valid CSV header: {e}"),
                )
            })?
            .iter()
            .map(str::to_string)
            .collect();
        check_headers(path, header_line, &headers, required, optional)?;
        let rows = records(&mut reader, &bytes, path, &headers, max_rows)?;
        if rows.is_empty() {
            return Err(InputError::new(
                Location::file(path),
                "",
                "the file has a header but no rows",
            ));
        }
        Ok(Table {
            file: path.to_path_buf(),
            headers,
            rows,
        })
    }

    /// Whether the header has `column`.
    pub(super) fn has(&self, column: &str) -> bool {
        self.headers.iter().any(|h| h == column)
    }

    /// The cell of `column`, if not empty; a cell our own CSV files guarded
    /// against spreadsheet formulas (`'=…`) is read as it was before.
    pub(super) fn get<'r>(&self, record: &'r csv::StringRecord, column: &str) -> Option<&'r str> {
        let i = self.headers.iter().position(|h| h == column)?;
        record
            .get(i)
            .filter(|s| !s.is_empty())
            .map(crate::text::unguard)
    }

    pub(super) fn err(&self, line: u64, column: &str, message: impl Into<String>) -> InputError {
        InputError::new(
            Location::at(&self.file, line as usize, None),
            column,
            message,
        )
    }

    /// The row's `start` column: a date-time in `tz` (or with an offset).
    pub(super) fn start(
        &self,
        line: u64,
        record: &csv::StringRecord,
        tz: Tz,
    ) -> Result<DateTime<Utc>, InputError> {
        let text = self
            .get(record, "start")
            .ok_or_else(|| self.err(line, "start", "the start is empty"))?;
        parse_instant(text, tz).map_err(|m| self.err(line, "start", m))
    }

    pub(super) fn number(
        &self,
        line: u64,
        record: &csv::StringRecord,
        column: &str,
        what: &str,
    ) -> Result<Option<f64>, InputError> {
        match self.get(record, column) {
            None => Ok(None),
            Some(text) => match text.parse::<f64>() {
                Ok(x) if x.is_finite() && x >= 0.0 => Ok(Some(x)),
                _ => Err(self.err(line, column, format!("expected {what}, got `{text}`"))),
            },
        }
    }
}

/// The bytes of the CSV at `path`: not above [`MAX_CSV_BYTES`],
/// readable, and not blank.
fn read_bytes(path: &Path, required: &[&str]) -> Result<Vec<u8>, InputError> {
    let err = |message: String| InputError::new(Location::file(path), "", message);
    let too_big = |len: u64| {
        err(format!(
            "the file is {} MB; a CSV input is at most {} MB",
            len >> 20,
            MAX_CSV_BYTES >> 20
        ))
    };
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => {
            return Err(err(
                "not a regular file (a folder, device or pipe); give a CSV file".into(),
            ))
        }
        Ok(meta) if meta.len() > MAX_CSV_BYTES => return Err(too_big(meta.len())),
        _ => {}
    }
    // Read at most one byte past the limit, so a file that grows while it
    // is read cannot make the read endless.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_CSV_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| err(format!("cannot read the file: {e}")))?;
    if bytes.len() as u64 > MAX_CSV_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(InputError::new(
            Location::file(path),
            "",
            format!(
                "the file is empty; it needs a header line `{}` and one row per line",
                required.join(",")
            ),
        ));
    }
    Ok(bytes)
}

/// Every column of the header (on line `header_line`) is known and given
/// once, and every `required` one is there.
fn check_headers(
    path: &Path,
    header_line: usize,
    headers: &[String],
    required: &[&str],
    optional: &[&str],
) -> Result<(), InputError> {
    let known: Vec<&str> = required.iter().chain(optional).copied().collect();
    for (i, h) in headers.iter().enumerate() {
        if headers[..i].contains(h) {
            return Err(InputError::new(
                Location::at(path, header_line, None),
                h.clone(),
                format!("column `{h}` is given twice; keep one"),
            ));
        }
        if !known.contains(&h.as_str()) {
            // Excel in many locales (a decimal comma) saves `;`-separated CSV.
            let hint = if headers.len() == 1 && h.contains(';') {
                " (the file is separated by `;`: staffplan reads comma-separated files; in Excel save as \"CSV UTF-8 (Comma delimited)\" with a decimal point)".to_string()
            } else {
                did_you_mean(h, known.iter().copied())
            };
            return Err(InputError::new(
                Location::at(path, header_line, None),
                h.clone(),
                format!(
                    "unknown column `{h}`{hint}; columns: {} (required), {}",
                    required.join(", "),
                    if optional.is_empty() {
                        "none optional".to_string()
                    } else {
                        format!("{} (optional)", optional.join(", "))
                    }
                ),
            ));
        }
    }
    for r in required {
        if !headers.iter().any(|h| h == r) {
            return Err(InputError::new(
                Location::at(path, header_line, None),
                r.to_string(),
                format!(
                    "missing column `{r}`; the header must have {}",
                    required.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

/// The data rows of `bytes` with their lines, blank rows skipped, at most
/// `max_rows` of them.
fn records(
    reader: &mut csv::Reader<&[u8]>,
    bytes: &[u8],
    path: &Path,
    headers: &[String],
    max_rows: usize,
) -> Result<Vec<(u64, csv::StringRecord)>, InputError> {
    let mut rows = Vec::new();
    let mut lines = LineCounter::new(bytes);
    for record in reader.records() {
        let record = record.map_err(|e| record_error(&e, bytes, path, headers))?;
        let line = record.position().map_or(0, |p| lines.line(p.byte()));
        if record.iter().all(str::is_empty) {
            continue;
        }
        if rows.len() == max_rows {
            return Err(InputError::new(
                Location::at(path, line as usize, None),
                "",
                format!("more than {max_rows} rows; a file here holds at most {max_rows}"),
            ));
        }
        rows.push((line, record));
    }
    Ok(rows)
}

/// The CSV reader's error on a record, as an input error at its line.
fn record_error(e: &csv::Error, bytes: &[u8], path: &Path, headers: &[String]) -> InputError {
    let line = e.position().map(|p| line_at(bytes, p.byte()) as usize);
    let location = Location {
        file: path.to_path_buf(),
        line,
        column: None,
    };
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            len, expected_len, ..
        } => {
            format!(
                "this line has {len} field{}; the header has {expected_len} ({})",
                if *len == 1 { "" } else { "s" },
                headers.join(",")
            )
        }
        csv::ErrorKind::Utf8 { .. } => "this line is not UTF-8 text".to_string(),
        _ => format!("bad CSV line: {e}"),
    };
    InputError::new(location, "", message)
}
