//! The input read in chunks of [`CHUNK_ROWS`] raw records, each with its
//! line number in the file (blank lines counted, which the csv crate does not
//! do).

use std::io::Read;

use csv::{ByteRecord, ReaderBuilder};

use super::error::{from_csv, BatchError};
use super::CHUNK_ROWS;

/// A CSV reader over `input` (no header handling, rows of any width), and
/// the newlines it sees, for [`fill`].
pub(super) fn open<R: Read>(input: R) -> (csv::Reader<Lines<R>>, Newlines) {
    let newlines = Newlines::default();
    let reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(Lines {
            inner: input,
            read: 0,
            newlines: newlines.clone(),
        });
    (reader, newlines)
}

/// A chunk of records read from the input: the first `len` of the buffer are valid;
/// `error` is a read error right after them.
pub(super) struct Filled {
    pub(super) len: usize,
    pub(super) eof: bool,
    pub(super) error: Option<BatchError>,
}

/// The input as the CSV reader sees it, noting where each newline falls:
/// the csv crate skips blank lines without counting them, so its line
/// numbers run short of the file's after one.
pub(super) struct Lines<R> {
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
pub(super) struct Newlines(std::sync::Arc<std::sync::Mutex<Seen>>);

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

/// Read up to [`CHUNK_ROWS`] records into `buf`, each with its file line.
pub(super) fn fill<R: Read>(
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
