//! CSV inputs next to a scenario: forecasts (client time), direct
//! requirements (site time) and staff lists. A bad line is an error naming
//! the file, line and column and what would be valid.

use std::path::Path;

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::{CsvForecast, Site};
use crate::error::{did_you_mean, InputError, Location};
use crate::units::{DaySet, TimeOfDay};

/// One forecast line.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastRow {
    /// Line in the file (1-based, header is line 1).
    pub line: u64,
    /// Start, as a UTC instant.
    pub start: DateTime<Utc>,
    /// Contacts in the row's interval.
    pub volume: f64,
    /// Handle time for this interval, seconds (else the queue's).
    pub aht_s: Option<f64>,
}

/// One line of a requirement given directly.
#[derive(Debug, Clone, PartialEq)]
pub struct RequirementRow {
    /// Line in the file.
    pub line: u64,
    /// Start, as a UTC instant.
    pub start: DateTime<Utc>,
    /// Agents needed on the floor.
    pub agents: f64,
}

/// One named agent.
#[derive(Debug, Clone, PartialEq)]
pub struct Agent {
    /// Line in the file.
    pub line: u64,
    /// Staff id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Index of the agent's pool.
    pub pool: usize,
    /// Contracted hours per week.
    pub contract_hours: Option<f64>,
    /// May work nights.
    pub nights_ok: bool,
    /// Preferred days off.
    pub days_off_preference: Option<DaySet>,
    /// Earliest shift start, site time.
    pub earliest_start: Option<TimeOfDay>,
    /// Latest shift end, site time.
    pub latest_end: Option<TimeOfDay>,
}

struct Table {
    file: std::path::PathBuf,
    headers: Vec<String>,
    rows: Vec<(u64, csv::StringRecord)>,
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
    fn read(
        path: &Path,
        required: &[&str],
        optional: &[&str],
        max_rows: usize,
    ) -> Result<Table, InputError> {
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.len() > super::MAX_CSV_BYTES {
                return Err(InputError::new(
                    Location::file(path),
                    "",
                    format!(
                        "the file is {} MB; a CSV input is at most {} MB",
                        meta.len() >> 20,
                        super::MAX_CSV_BYTES >> 20
                    ),
                ));
            }
        }
        let bytes = std::fs::read(path).map_err(|e| {
            InputError::new(
                Location::file(path),
                "",
                format!("cannot read the file: {e}"),
            )
        })?;
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
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(bytes.as_slice());
        // The header is the first line that is not blank.
        let header_line = bytes
            .split(|b| *b == b'\n')
            .position(|l| !l.iter().all(u8::is_ascii_whitespace))
            .unwrap_or(0)
            + 1;
        let mut lines = LineCounter::new(&bytes);
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
                return Err(InputError::new(
                    Location::at(path, header_line, None),
                    h.clone(),
                    format!(
                        "unknown column `{h}`{}; columns: {} (required), {}",
                        did_you_mean(h, known.iter().copied()),
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
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map(|p| line_at(&bytes, p.byte()) as usize);
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
            })?;
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

    fn get<'r>(&self, record: &'r csv::StringRecord, column: &str) -> Option<&'r str> {
        let i = self.headers.iter().position(|h| h == column)?;
        record.get(i).filter(|s| !s.is_empty())
    }

    fn err(&self, line: u64, column: &str, message: impl Into<String>) -> InputError {
        InputError::new(
            Location::at(&self.file, line as usize, None),
            column,
            message,
        )
    }

    fn number(
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

/// Parse a local date-time (`2026-03-02 09:00`, optional seconds, `T` allowed)
/// in `tz`, or an instant with an explicit offset (`2026-11-01 01:30-04:00`,
/// `...Z`). A local time that does not exist (clocks go forward) or happens
/// twice (clocks go back) is an error unless it carries an offset.
pub(crate) fn parse_instant(text: &str, tz: Tz) -> Result<DateTime<Utc>, String> {
    let t = text.trim();
    for fmt in [
        "%Y-%m-%d %H:%M%:z",
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%d %H:%M:%S%:z",
        "%Y-%m-%dT%H:%M:%S%:z",
        "%Y-%m-%d %H:%M %:z",
    ] {
        if let Ok(dt) = DateTime::<FixedOffset>::parse_from_str(t, fmt) {
            return Ok(dt.with_timezone(&Utc));
        }
    }
    if let Some(naive) = t.strip_suffix('Z').and_then(parse_naive) {
        return Ok(naive.and_utc());
    }
    let naive = parse_naive(t).ok_or_else(|| {
        format!("expected a date and time like 2026-03-02 09:00 (local) or 2026-03-02 09:00+05:00, got `{text}`")
    })?;
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(dt) => Ok(dt.with_timezone(&Utc)),
        LocalResult::Ambiguous(a, b) => Err(format!(
            "{} happens twice in {tz} (clocks go back): add the offset, {} or {}",
            naive.format("%Y-%m-%d %H:%M"),
            a.format("%Y-%m-%d %H:%M%:z"),
            b.format("%Y-%m-%d %H:%M%:z")
        )),
        LocalResult::None => Err(format!(
            "{} does not exist in {tz} (clocks go forward then): remove the line or give the time with an offset",
            naive.format("%Y-%m-%d %H:%M")
        )),
    }
}

fn parse_naive(t: &str) -> Option<NaiveDateTime> {
    [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
}

/// Read a forecast CSV (`start,volume[,aht_s]`, client time). The row length
/// is `granularity_s` or, when not given, the smallest gap between rows.
pub(crate) fn forecast(
    path: &Path,
    tz: Tz,
    granularity_s: Option<i64>,
) -> Result<CsvForecast, InputError> {
    let table = Table::read(path, &["start", "volume"], &["aht_s"], super::MAX_CSV_ROWS)?;
    let mut rows = Vec::new();
    for (line, record) in &table.rows {
        let start_text = table
            .get(record, "start")
            .ok_or_else(|| table.err(*line, "start", "the start is empty"))?;
        let start = parse_instant(start_text, tz).map_err(|m| table.err(*line, "start", m))?;
        let volume = table
            .number(*line, record, "volume", "a number of contacts, 0 or more")?
            .ok_or_else(|| {
                table.err(
                    *line,
                    "volume",
                    "the volume is empty; write 0 for no contacts",
                )
            })?;
        if volume > 1e7 {
            return Err(table.err(*line, "volume", format!("{volume} contacts in one interval is beyond any contact centre; check the units")));
        }
        let aht_s = table.number(*line, record, "aht_s", "a handle time in seconds above 0")?;
        if let Some(a) = aht_s {
            crate::units::check_handle_time(a).map_err(|m| table.err(*line, "aht_s", m))?;
        }
        if let Some(a) = aht_s.filter(|a| !(*a > 0.0 && *a <= 86400.0)) {
            return Err(table.err(
                *line,
                "aht_s",
                format!(
                    "expected a handle time in seconds above 0 and at most 86400 (24h), got {a}"
                ),
            ));
        }
        rows.push(ForecastRow {
            line: *line,
            start,
            volume,
            aht_s,
        });
    }
    rows.sort_by_key(|r| (r.start, r.line));
    if let Some(w) = rows.windows(2).find(|w| w[0].start == w[1].start) {
        return Err(table.err(
            w[1].line,
            "start",
            format!(
                "the same start as line {} ({}); give each interval once",
                w[0].line,
                w[0].start.with_timezone(&tz).format("%Y-%m-%d %H:%M%:z")
            ),
        ));
    }
    let granularity_s = match granularity_s {
        Some(g) => g,
        None => {
            let gap = rows.windows(2).map(|w| (w[1].start - w[0].start).num_seconds()).min().ok_or_else(|| {
                InputError::new(Location::file(path), "", "one row cannot tell its interval length: add `interval: 30m` to the forecast")
            })?;
            if gap % 300 != 0 {
                return Err(InputError::new(
                    Location::file(path),
                    "start",
                    format!(
                        "rows are {gap} s apart; starts must be a whole number of 5 minutes apart"
                    ),
                ));
            }
            gap
        }
    };
    if let Some(w) = rows
        .windows(2)
        .find(|w| (w[1].start - w[0].start).num_seconds() < granularity_s)
    {
        return Err(table.err(
            w[1].line,
            "start",
            format!(
                "starts less than one interval ({} min) after line {}",
                granularity_s / 60,
                w[0].line
            ),
        ));
    }
    Ok(CsvForecast {
        file: path.to_path_buf(),
        rows,
        granularity_s,
        scale: 1.0,
    })
}

/// Read a requirement CSV (`start,agents`, site time).
pub(crate) fn requirement(path: &Path, site: &Site) -> Result<Vec<RequirementRow>, InputError> {
    let table = Table::read(path, &["start", "agents"], &[], super::MAX_CSV_ROWS)?;
    let mut rows = Vec::new();
    for (line, record) in &table.rows {
        let start_text = table
            .get(record, "start")
            .ok_or_else(|| table.err(*line, "start", "the start is empty"))?;
        let start =
            parse_instant(start_text, site.timezone).map_err(|m| table.err(*line, "start", m))?;
        let agents = table
            .number(*line, record, "agents", "a number of agents, 0 or more")?
            .ok_or_else(|| table.err(*line, "agents", "the number of agents is empty; write 0"))?;
        if agents > f64::from(super::MAX_AGENTS) {
            return Err(table.err(
                *line,
                "agents",
                format!(
                    "expected a number of agents from 0 to {}, got `{}`",
                    super::MAX_AGENTS,
                    table.get(record, "agents").unwrap_or_default()
                ),
            ));
        }
        rows.push(RequirementRow {
            line: *line,
            start,
            agents,
        });
    }
    rows.sort_by_key(|r| (r.start, r.line));
    if let Some(w) = rows.windows(2).find(|w| w[0].start == w[1].start) {
        return Err(table.err(
            w[1].line,
            "start",
            format!(
                "the same start as line {}; give each interval once",
                w[0].line
            ),
        ));
    }
    Ok(rows)
}

/// Read a staff list (`id,name,pool` and optional columns).
pub(crate) fn agents(path: &Path, pool_ids: &[&str]) -> Result<Vec<Agent>, InputError> {
    let optional = [
        "contract_hours",
        "nights_ok",
        "days_off_preference",
        "earliest_start",
        "latest_end",
    ];
    let max = super::MAX_AGENTS as usize;
    let table = Table::read(path, &["id", "name", "pool"], &optional, max)?;
    let mut agents: Vec<Agent> = Vec::new();
    let mut lines_of = std::collections::HashMap::new();
    for (line, record) in &table.rows {
        let line = *line;
        let text = |c: &str| table.get(record, c);
        let id = text("id")
            .ok_or_else(|| table.err(line, "id", "the id is empty"))?
            .to_string();
        for column in ["id", "name"] {
            let n = text(column).map_or(0, |t| t.chars().count());
            if n > super::MAX_NAME_CHARS {
                return Err(table.err(
                    line,
                    column,
                    format!(
                        "the {column} is {n} characters long; at most {} are allowed",
                        super::MAX_NAME_CHARS
                    ),
                ));
            }
        }
        if let Some(other) = lines_of.insert(id.clone(), line) {
            return Err(table.err(
                line,
                "id",
                format!(
                    "agent id `{id}` is also on line {other}; give each agent an id of their own"
                ),
            ));
        }
        let pool_id = text("pool").ok_or_else(|| table.err(line, "pool", "the pool is empty"))?;
        let pool = pool_ids.iter().position(|p| *p == pool_id).ok_or_else(|| {
            table.err(
                line,
                "pool",
                format!(
                    "no pool `{pool_id}`{}; pools: {}",
                    did_you_mean(pool_id, pool_ids.iter().copied()),
                    pool_ids.join(", ")
                ),
            )
        })?;
        let contract_hours =
            table.number(line, record, "contract_hours", "weekly hours, like 40")?;
        if contract_hours.is_some_and(|h| h <= 0.0 || h > 168.0) {
            return Err(table.err(
                line,
                "contract_hours",
                format!(
                    "weekly hours must be above 0 and at most 168, got `{}`",
                    text("contract_hours").unwrap_or_default()
                ),
            ));
        }
        let nights_ok = match text("nights_ok").map(str::to_ascii_lowercase).as_deref() {
            None | Some("yes" | "true" | "1" | "y") => true,
            Some("no" | "false" | "0" | "n") => false,
            Some(other) => {
                return Err(table.err(
                    line,
                    "nights_ok",
                    format!("expected yes or no, got `{other}`"),
                ))
            }
        };
        let days_off_preference = text("days_off_preference")
            .map(|t| {
                t.parse::<DaySet>()
                    .map_err(|m| table.err(line, "days_off_preference", m))
            })
            .transpose()?;
        let time = |c: &str| {
            text(c)
                .map(|t| t.parse::<TimeOfDay>().map_err(|m| table.err(line, c, m)))
                .transpose()
        };
        agents.push(Agent {
            line,
            id,
            name: text("name").unwrap_or_default().to_string(),
            pool,
            contract_hours,
            nights_ok,
            days_off_preference,
            earliest_start: time("earliest_start")?,
            latest_end: time("latest_end")?,
        });
    }
    Ok(agents)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ZONES: [Tz; 7] = [
        chrono_tz::America::New_York,
        chrono_tz::America::Los_Angeles,
        chrono_tz::Europe::London,
        chrono_tz::Asia::Karachi,
        chrono_tz::Asia::Dubai,
        chrono_tz::Asia::Kathmandu,
        chrono_tz::Australia::Sydney,
    ];

    proptest! {
        /// Any instant of 2026, written as local time with its offset, reads
        /// back as the same instant; written without the offset it reads back
        /// the same unless that local time is ambiguous, when it is refused.
        #[test]
        fn dst_round_trips(minutes in 0i64..(365 * 24 * 60), zone in 0usize..7) {
            let tz = ZONES[zone];
            let t = "2026-01-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap() + chrono::Duration::minutes(minutes);
            let local = t.with_timezone(&tz);
            let with_offset = local.format("%Y-%m-%d %H:%M%:z").to_string();
            prop_assert_eq!(parse_instant(&with_offset, tz).unwrap(), t);
            let plain = local.format("%Y-%m-%d %H:%M").to_string();
            match tz.from_local_datetime(&local.naive_local()) {
                LocalResult::Single(_) => prop_assert_eq!(parse_instant(&plain, tz).unwrap(), t),
                _ => prop_assert!(parse_instant(&plain, tz).unwrap_err().contains("happens twice")),
            }
        }
    }

    #[test]
    fn local_times_across_dst() {
        let ny: Tz = "America/New_York".parse().unwrap();
        // 2026-03-08 is the US spring-forward date: 02:30 does not exist.
        let err = parse_instant("2026-03-08 02:30", ny).unwrap_err();
        assert!(err.contains("does not exist"), "{err}");
        // 2026-11-01: 01:30 happens twice.
        let err = parse_instant("2026-11-01 01:30", ny).unwrap_err();
        assert!(
            err.contains("happens twice") && err.contains("-04:00") && err.contains("-05:00"),
            "{err}"
        );
        // With an offset it is one instant: 01:30-05:00 = 06:30 UTC.
        let t = parse_instant("2026-11-01 01:30-05:00", ny).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-01T06:30:00+00:00");
        // Plain EST in January: 09:00 New York = 14:00 UTC.
        let t = parse_instant("2026-01-05 09:00", ny).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-01-05T14:00:00+00:00");
    }
}
