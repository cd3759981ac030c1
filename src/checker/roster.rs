//! The roster part of the checker: each roster.csv row against the
//! scenario and its staff list, the roster against shifts.csv, then each
//! agent's labour rules (`labour.rs`). Written apart from
//! [`crate::roster`] on purpose; it shares no code with it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, NaiveDate, Timelike, Utc};

use super::labour::Work;
use super::{hm, parse_stamp, readings, site_stamp, CheckError, Checker, Rule, Table};
use crate::scenario::{Agent, Agents, Coverage};

/// A shift as both files key it: (pool, template, start, breaks text).
type ShiftKey = (usize, usize, DateTime<Utc>, String);

/// The columns of roster.csv, in their required order.
struct RosterColumns {
    id: usize,
    pool: usize,
    date: usize,
    start: usize,
    end: usize,
    breaks: usize,
    shift: usize,
    night: usize,
    late: usize,
}

impl RosterColumns {
    /// The columns, or a format error when one is missing or the header is
    /// not exactly these (and `site` after them).
    fn read(t: &Table) -> Result<RosterColumns, CheckError> {
        let cols = [
            "agent_id",
            "agent_name",
            "pool",
            "date_site",
            "start_site",
            "start_time_site",
            "end_site",
            "end_date_site",
            "end_time_site",
            "breaks",
            "shift",
            "night",
            "late",
        ];
        let c: Vec<usize> = cols.iter().map(|n| t.col(n)).collect::<Result<_, _>>()?;
        // A scenario with `sites:` adds the pool's site, and one with public
        // holidays the `holiday` column, last.
        let extra: Vec<&str> = (t.header.iter().skip(cols.len()))
            .map(String::as_str)
            .collect();
        let known = matches!(extra[..], [] | ["site"] | ["holiday"] | ["site", "holiday"]);
        if t.header[..t.header.len().min(cols.len())] != cols || !known {
            return Err(CheckError::Format {
                path: t.path.clone(),
                message: format!("expected the header {}[,site][,holiday]", cols.join(",")),
            });
        }
        Ok(RosterColumns {
            id: c[0],
            pool: c[2],
            date: c[3],
            start: c[4],
            end: c[6],
            breaks: c[9],
            shift: c[10],
            night: c[11],
            late: c[12],
        })
    }
}

/// What roster.csv adds up to, row by row.
#[derive(Default)]
struct Rostered {
    /// Agents per shift, as `Checker::planned` counts shifts.csv.
    shifts: BTreeMap<ShiftKey, u32>,
    /// Each agent's pool and worked days.
    work: BTreeMap<String, (usize, Vec<Work>)>,
}

/// One roster.csv row as read by [`Checker::read_roster_row`].
struct RosterRow {
    at: String,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    date: NaiveDate,
    /// Pool and template indices.
    p: usize,
    ti: usize,
    /// The start in site time, for the violations.
    when: Option<String>,
}

impl Checker<'_> {
    /// Whether [start, end) spends at least min(3 h, window) inside the
    /// night window of some day, the window as long as the clocks make it
    /// that night: it opens and closes at the first reading of its times,
    /// where the clocks skip one at the jump.
    fn night(&self, date: NaiveDate, start: DateTime<Utc>, end: DateTime<Utc>) -> bool {
        let w = self.sc.rules.night_window;
        let (mut inside, mut longest) = (0, 0);
        for back in -2..=1 {
            let d = date + Duration::days(back);
            let (Some(from), Some(to)) = (
                first_reading(self.tz, d, w.start),
                first_reading(self.tz, d, w.end),
            ) else {
                continue;
            };
            let overlap = (end.min(to) - start.max(from)).num_seconds();
            if overlap > 0 {
                inside += overlap;
                longest = longest.max((to - from).num_seconds());
            }
        }
        inside > 0 && inside >= (3 * 3600).min(longest)
    }

    /// Whether [start, end) is a late shift: not a night (`night`), and
    /// an opening of the night window (its first reading of the site
    /// clock) falls strictly inside it.
    fn late(&self, date: NaiveDate, start: DateTime<Utc>, end: DateTime<Utc>, night: bool) -> bool {
        let opens = self.sc.rules.night_window.start;
        !night
            && (-1..=1).any(|back| {
                first_reading(self.tz, date + Duration::days(back), opens)
                    .is_some_and(|t| start < t && t < end)
            })
    }

    /// Check roster.csv: each row, then that it puts on each shift of
    /// shifts.csv exactly its agents, then every agent's labour rules.
    pub(super) fn roster(&mut self, t: &Table) -> Result<(), CheckError> {
        let c = RosterColumns::read(t)?;
        let staff: Option<BTreeMap<&str, &Agent>> = match &self.sc.agents {
            Agents::List(list) => Some(list.iter().map(|a| (a.id.as_str(), a)).collect()),
            _ => None,
        };
        let mut acc = Rostered::default();
        for (line, r) in &t.rows {
            self.roster_row(t.at(*line), r, &c, staff.as_ref(), &mut acc);
        }
        self.report.roster_agents = acc.work.len();
        self.compare_with_shifts(&acc.shifts);
        for (id, (p, mut shifts)) in acc.work {
            shifts.sort_by_key(|w| w.start);
            self.agent_rules(&id, p, &shifts);
        }
        Ok(())
    }

    /// Check one roster.csv row and add it to `acc`: its stamps, pool and
    /// template, length, `night` column, then (for a row with an agent) the
    /// staff list's limits and the agent's one pool.
    fn roster_row(
        &mut self,
        at: String,
        r: &csv::StringRecord,
        c: &RosterColumns,
        staff: Option<&BTreeMap<&str, &Agent>>,
        acc: &mut Rostered,
    ) {
        self.report.roster_rows += 1;
        let Some(row) = self.read_roster_row(at, r, c) else {
            return;
        };
        *acc.shifts
            .entry((row.p, row.ti, row.start, r[c.breaks].trim().to_string()))
            .or_default() += 1;
        let night = self.check_roster_shift(&row, r, c);
        let id = r[c.id].to_string();
        if id.is_empty() {
            self.report.open_shifts += 1;
            if self.sc.shifts.coverage != Some(Coverage::Soft) {
                self.violation(
                    Rule::OpenShift,
                    row.at,
                    Some(&r[c.pool]),
                    row.when,
                    "an agent on every shift (coverage is hard)",
                    "no agent_id",
                );
            }
            return;
        }
        let local = row.start.with_timezone(&self.tz);
        let start_min = local.hour() * 60 + local.minute();
        if let Some(staff) = staff {
            self.check_staff(
                &row,
                r,
                c,
                staff.get(id.as_str()).copied(),
                (night, start_min),
            );
        }
        let entry = acc.work.entry(id).or_insert((row.p, Vec::new()));
        if entry.0 != row.p {
            let other = self.sc.pools[entry.0].id.clone();
            self.violation(
                Rule::Staff,
                row.at.clone(),
                Some(&r[c.pool]),
                row.when.clone(),
                format!("agent {} in one pool", &r[c.id]),
                format!("pools {other} and {}", &r[c.pool]),
            );
        }
        entry.1.push(Work {
            day: (row.date - self.sc.site.start).num_days(),
            start: row.start,
            end: row.end,
            paid_s: i64::from(self.sc.shifts.templates[row.ti].paid_s),
            night,
            start_min,
            template: row.ti,
            at: row.at,
        });
    }

    /// The row's stamps, day, pool and template, or `None` (with the
    /// violation recorded) when they cannot be read or are not the
    /// scenario's.
    fn read_roster_row(
        &mut self,
        at: String,
        r: &csv::StringRecord,
        c: &RosterColumns,
    ) -> Option<RosterRow> {
        let (Some(start), Some(end), Ok(date)) = (
            parse_stamp(&r[c.start]),
            parse_stamp(&r[c.end]),
            r[c.date].parse::<NaiveDate>(),
        ) else {
            self.violation(
                Rule::Unreadable,
                at,
                Some(&r[c.pool]),
                None,
                "date_site like 2026-03-02, start_site and end_site like 2026-03-02T06:00+05:00",
                format!("`{}`, `{}`, `{}`", &r[c.date], &r[c.start], &r[c.end]),
            );
            return None;
        };
        let (start, end) = (start.with_timezone(&Utc), end.with_timezone(&Utc));
        let when = Some(site_stamp(start, self.tz));
        let (Some(p), Some(ti)) = (
            self.pool_index(&r[c.pool]),
            self.sc
                .shifts
                .templates
                .iter()
                .position(|x| x.name == r[c.shift]),
        ) else {
            self.violation(
                Rule::RosterCoverage,
                at,
                Some(&r[c.pool]),
                when,
                "a pool and a shift template of the scenario",
                format!("`{}`, `{}`", &r[c.pool], &r[c.shift]),
            );
            return None;
        };
        Some(RosterRow {
            at,
            start,
            end,
            date,
            p,
            ti,
            when,
        })
    }

    /// The row starts on its `date_site` and lasts its template's length,
    /// and its `night` and `late` columns say whether it is a night and a
    /// late; returns whether it is a night.
    fn check_roster_shift(
        &mut self,
        row: &RosterRow,
        r: &csv::StringRecord,
        c: &RosterColumns,
    ) -> bool {
        let tpl = &self.sc.shifts.templates[row.ti];
        let local = row.start.with_timezone(&self.tz);
        if local.date_naive() != row.date
            || row.end - row.start != Duration::seconds(i64::from(tpl.length_s))
        {
            self.violation(
                Rule::Length,
                row.at.clone(),
                Some(&r[c.pool]),
                row.when.clone(),
                format!(
                    "a start on date_site {} and end − start = {}",
                    row.date,
                    hm(i64::from(tpl.length_s))
                ),
                format!("{} to {}", &r[c.start], &r[c.end]),
            );
        }
        let night = self.night(row.date, row.start, row.end);
        let late = self.late(row.date, row.start, row.end, night);
        for (rule, name, column, is) in [
            (Rule::Night, "night", c.night, night),
            (Rule::Late, "late", c.late, late),
        ] {
            let want = if is { "yes" } else { "no" };
            if &r[column] != want {
                self.violation(
                    rule,
                    row.at.clone(),
                    Some(&r[c.pool]),
                    row.when.clone(),
                    format!("{name} {want}"),
                    r[column].to_string(),
                );
            }
        }
        night
    }

    /// The row's agent (`agent`, as found in the staff list) is listed, in
    /// the row's pool, and the shift keeps their `nights_ok`,
    /// `earliest_start` and `latest_end`; `shift` is (night, start minute).
    fn check_staff(
        &mut self,
        row: &RosterRow,
        r: &csv::StringRecord,
        c: &RosterColumns,
        agent: Option<&Agent>,
        (night, start_min): (bool, u32),
    ) {
        let end_min = ((row.end - row.start).num_seconds() / 60) as u32 + start_min;
        let problem = match agent {
            None => Some("an agent of the staff list".to_string()),
            Some(a) if a.pool != row.p => Some(format!("pool {}", self.sc.pools[a.pool].id)),
            Some(a) if night && !a.nights_ok => Some("no night (nights_ok: no)".into()),
            Some(a) if a.earliest_start.is_some_and(|e| start_min < e.minutes()) => {
                Some("a start at or after earliest_start".into())
            }
            Some(a) if a.latest_end.is_some_and(|l| end_min > l.minutes()) => {
                Some("an end at or before latest_end".into())
            }
            Some(_) => None,
        };
        if let Some(expected) = problem {
            self.violation(
                Rule::Staff,
                row.at.clone(),
                Some(&r[c.pool]),
                row.when.clone(),
                format!("agent {}: {expected}", &r[c.id]),
                format!("{} {}", &r[c.shift], &r[c.start]),
            );
        }
    }

    /// The roster reproduces shifts.csv: same agents and break times per
    /// pool, template and start.
    fn compare_with_shifts(&mut self, rostered: &BTreeMap<ShiftKey, u32>) {
        let sc = self.sc;
        let keys: BTreeSet<_> = rostered
            .keys()
            .chain(self.planned.keys())
            .cloned()
            .collect();
        for key in keys {
            let (a, b) = (
                self.planned.get(&key).copied().unwrap_or(0),
                rostered.get(&key).copied().unwrap_or(0),
            );
            if a != b {
                let (p, ti, start, breaks) = key;
                let pool = sc.pools[p].id.clone();
                self.violation(
                    Rule::RosterCoverage,
                    "roster.csv".into(),
                    Some(&pool),
                    Some(site_stamp(start, self.tz)),
                    format!(
                        "{a} agent(s) on {} with breaks `{breaks}` as in shifts.csv",
                        sc.shifts.templates[ti].name
                    ),
                    format!("{b} in roster.csv"),
                );
            }
        }
    }
}

/// The first time the site clock reads `minutes` past midnight of `date`:
/// the earlier reading where clocks go back over it; where they skip it,
/// the jump (the reading with the offset from before the change).
fn first_reading(tz: chrono_tz::Tz, date: NaiveDate, minutes: u32) -> Option<DateTime<Utc>> {
    readings(tz, date, minutes).first().copied()
}
