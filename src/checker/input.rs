//! Reading the written files: a CSV table held whole, the offset-carrying
//! time stamps, and the site-time readings a local clock time can have.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Offset, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use super::CheckError;

/// A CSV file read whole: header and rows with their line numbers.
pub(super) struct Table {
    pub(super) name: String,
    pub(super) path: PathBuf,
    pub(super) header: Vec<String>,
    pub(super) rows: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    pub(super) fn read(path: &Path) -> Result<Table, CheckError> {
        let text = std::fs::read_to_string(path).map_err(|source| CheckError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let format = |message: String| CheckError::Format {
            path: path.to_path_buf(),
            message,
        };
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| format(format!("no CSV header: {e}")))?
            .iter()
            .map(str::to_string)
            .collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| format(format!("bad CSV: {e}")))?;
            let line = record.position().map_or(0, |p| p.line());
            let record: csv::StringRecord = record.iter().map(unguard).collect();
            rows.push((line, record));
        }
        Ok(Table {
            name: path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().to_string()),
            path: path.to_path_buf(),
            header,
            rows,
        })
    }

    /// Index of a required column.
    pub(super) fn col(&self, name: &str) -> Result<usize, CheckError> {
        self.header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| CheckError::Format {
                path: self.path.clone(),
                message: format!("no column `{name}` in the header {}", self.header.join(",")),
            })
    }

    pub(super) fn at(&self, line: u64) -> String {
        format!("{} line {line}", self.name)
    }
}

/// A stamp as the files write it: `2026-03-02T06:00+05:00` or `2026-03-01T19:00Z`.
pub(super) fn parse_stamp(text: &str) -> Option<DateTime<FixedOffset>> {
    let t = text.trim();
    let t = match t.strip_suffix('Z') {
        Some(rest) => format!("{rest}+00:00"),
        None => t.to_string(),
    };
    DateTime::parse_from_str(&t, "%Y-%m-%dT%H:%M%:z").ok()
}

/// An instant in the site's time, to the minute with its offset.
pub(super) fn site_stamp(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%dT%H:%M%:z").to_string()
}

/// Every instant a site-local wall-clock time may stand for: one, two where
/// clocks go back, and where clocks go forward the time read with the offset
/// before the change and with the offset after it.
pub(super) fn readings(tz: Tz, date: NaiveDate, minutes: u32) -> Vec<DateTime<Utc>> {
    let Some(midnight) = date.and_hms_opt(0, 0, 0) else {
        return Vec::new();
    };
    let naive = midnight + Duration::minutes(i64::from(minutes));
    match tz.from_local_datetime(&naive) {
        chrono::LocalResult::Single(t) => vec![t.with_timezone(&Utc)],
        chrono::LocalResult::Ambiguous(a, b) => vec![a.with_timezone(&Utc), b.with_timezone(&Utc)],
        chrono::LocalResult::None => {
            let offset_at = |utc: chrono::NaiveDateTime| {
                i64::from(tz.offset_from_utc_datetime(&utc).fix().local_minus_utc())
            };
            // Offsets a day either side of the gap: before and after the change.
            let before = offset_at(naive - Duration::days(1));
            let after = offset_at(naive + Duration::days(1));
            [before, after]
                .iter()
                .map(|o| (naive - Duration::seconds(*o)).and_utc())
                .collect()
        }
    }
}

/// The first instant of local `date`: midnight (the earlier one where clocks
/// go back over it); where a change skips midnight, the instant the clocks
/// jump into `date`. That instant lies between midnight read with the offset
/// after the change (still the day before) and with the offset before it
/// (already `date`), so it is found by bisection on the local date.
pub(super) fn day_start(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
    let midnight = date.and_time(chrono::NaiveTime::MIN);
    let all = readings(tz, date, 0);
    let (Some(&lo), Some(&hi)) = (all.iter().min(), all.iter().max()) else {
        return midnight.and_utc();
    };
    if tz.from_local_datetime(&midnight).earliest().is_some() {
        return lo;
    }
    let on_date = |t: DateTime<Utc>| t.with_timezone(&tz).date_naive() >= date;
    let (mut lo, mut hi) = (lo, hi);
    if on_date(lo) || !on_date(hi) {
        return hi;
    }
    while (hi - lo).num_seconds() > 1 {
        let mid = lo + Duration::seconds((hi - lo).num_seconds() / 2);
        if on_date(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// Whether the site-local clock at an instant reads `text` (`HH:MM`, as
/// `%H:%M` writes it), compared digit by digit: called for every minute
/// of every shift's breaks, so nothing is formatted.
///
/// Where the clock shows a time twice (the hour repeated when clocks go
/// back), the files add the UTC offset, `01:15 (UTC+1)`: then the instant's
/// offset must be that one too.
pub(super) fn reads(t: DateTime<Utc>, tz: Tz, text: &str) -> bool {
    let local = t.with_timezone(&tz);
    let digit = |n: u32| b'0' + (n % 10) as u8;
    let (h, m) = (local.hour(), local.minute());
    let (clock, utc) = match text.split_once(" (UTC") {
        Some((clock, rest)) => (clock, rest.strip_suffix(')')),
        None => (text, None),
    };
    let east = local.offset().fix().local_minus_utc();
    let offset_reads = |utc: &str| {
        let (sign, hm) = utc.split_at(utc.len().min(1));
        let (hours, minutes) = hm.split_once(':').unwrap_or((hm, "0"));
        let (Ok(hours), Ok(minutes)) = (hours.parse::<i32>(), minutes.parse::<i32>()) else {
            return false;
        };
        let magnitude = hours * 3600 + minutes * 60;
        match sign {
            "+" => east == magnitude,
            "-" => east == -magnitude,
            _ => false,
        }
    };
    clock.as_bytes() == [digit(h / 10), digit(h), b':', digit(m / 10), digit(m)]
        && (clock.len() == text.len() || utc.is_some_and(offset_reads))
}

/// A break's `FROM-TO` split at the dash between its two clocks (a clock
/// may carry a negative UTC offset, `23:15 (UTC-3)`, whose dash is inside
/// parentheses).
pub(super) fn split_range(times: &str) -> Option<(&str, &str)> {
    let mut depth = 0i32;
    for (i, c) in times.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            '-' if depth == 0 => return Some((&times[..i], &times[i + 1..])),
            _ => {}
        }
    }
    None
}

pub(super) fn hm(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let m = seconds.abs() / 60;
    format!("{sign}{}h{:02}m", m / 60, m % 60)
}

/// A cell as it was before the writer guarded it against spreadsheet
/// formulas: a leading `'` before `=`, `+`, `-`, `@`, a tab or a carriage
/// return taken off (the checker's own reading of docs/outputs.md's rule,
/// not the writer's code).
fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_times_in_a_gap_or_an_overlap_have_every_reading() {
        let london: Tz = "Europe/London".parse().unwrap();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let u = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        // 01:30 on 2026-03-29 does not exist: 01:30 GMT or 01:30 BST (00:30 UTC).
        assert_eq!(
            readings(london, d("2026-03-29"), 90),
            vec![u("2026-03-29T01:30:00Z"), u("2026-03-29T00:30:00Z")]
        );
        // 01:30 on 2026-10-25 happens twice: BST (00:30 UTC) then GMT (01:30 UTC).
        assert_eq!(
            readings(london, d("2026-10-25"), 90),
            vec![u("2026-10-25T00:30:00Z"), u("2026-10-25T01:30:00Z")]
        );
        assert_eq!(
            parse_stamp("2026-03-01T19:00Z"),
            parse_stamp("2026-03-02T00:00+05:00")
        );
    }

    #[test]
    fn a_clock_shown_twice_is_told_apart_by_its_offset() {
        let london: Tz = "Europe/London".parse().unwrap();
        let santiago: Tz = "America/Santiago".parse().unwrap();
        let u = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        // London goes back at 02:00 BST on 2026-10-25: 01:15 is 00:15 UTC
        // (BST, UTC+1), then 01:15 UTC (GMT, UTC+0).
        let (first, second) = (u("2026-10-25T00:15:00Z"), u("2026-10-25T01:15:00Z"));
        assert!(reads(first, london, "01:15") && reads(second, london, "01:15"));
        assert!(reads(first, london, "01:15 (UTC+1)"));
        assert!(!reads(second, london, "01:15 (UTC+1)"));
        assert!(reads(second, london, "01:15 (UTC+0)"));
        assert!(!reads(first, london, "01:15 (UTC+0)"));
        assert!(!reads(first, london, "01:15 (UTC+1"));
        assert!(!reads(first, london, "01:16 (UTC+1)"));
        // Santiago goes back at 24:00 (UTC-3) on 2026-04-04: 23:15 is 02:15
        // UTC, then 03:15 UTC (UTC-4).
        assert!(reads(u("2026-04-05T02:15:00Z"), santiago, "23:15 (UTC-3)"));
        assert!(reads(u("2026-04-05T03:15:00Z"), santiago, "23:15 (UTC-4)"));
        assert!(!reads(u("2026-04-05T03:15:00Z"), santiago, "23:15 (UTC-3)"));
        // The dash between the clocks, not the one of a negative offset.
        assert_eq!(
            split_range("23:15 (UTC-4)-00:45"),
            Some(("23:15 (UTC-4)", "00:45"))
        );
        assert_eq!(split_range("10:45-11:45"), Some(("10:45", "11:45")));
        assert_eq!(split_range("10:45 (UTC-4)"), None);
    }
}
