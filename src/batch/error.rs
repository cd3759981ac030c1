//! Why a batch run stops: a bad line (with its line and column, and what
//! would be valid), or an I/O failure; CSV and Erlang errors turned into it.

use thiserror::Error;

use crate::erlang::ErlangError;

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

/// `, column x` after the line number, when a column is at fault.
fn column_suffix(column: &Option<String>) -> String {
    column
        .as_ref()
        .map(|c| format!(", column {c}"))
        .unwrap_or_default()
}

/// A [`BatchError::Invalid`] at `line` (and `column`).
pub(super) fn invalid(line: u64, column: Option<&str>, message: String) -> BatchError {
    BatchError::Invalid {
        line,
        column: column.map(str::to_string),
        message,
    }
}

/// A CSV reader or writer error: its I/O error kept, anything else a bad line.
pub(super) fn from_csv(e: csv::Error) -> BatchError {
    let line = e.position().map_or(0, |p| p.line());
    match e.into_kind() {
        csv::ErrorKind::Io(io) => BatchError::Io(io),
        other => invalid(line, None, format!("not valid CSV: {other:?}")),
    }
}

/// An Erlang error on `line`, at the column it names (its field) when it names one.
pub(super) fn from_erlang(e: ErlangError, line: u64) -> BatchError {
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
