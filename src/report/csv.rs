//! CSV renderers. Times carry their UTC offset (`2026-03-02T09:00+05:00`) so
//! a row is unambiguous across daylight-saving changes.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::evaluate::QueueService;
use crate::roster::Roster;
use crate::scenario::channel_name;
use crate::scenario::{Break, Scenario, Template};
use crate::shifts::{agent_breaks, ShiftPlan};
use crate::staffing::Staffed;
use crate::text::guard;
pub use crate::text::{text_cell, unguard};
use crate::timegrid::{date_and_time, local_instant, stamp};
use crate::units::{round, round_to_total};

/// `x` rounded to `digits` decimals, as CSV text.
pub fn num(x: f64, digits: i32) -> String {
    round(x, digits).to_string()
}

/// [`num`] of a figure that may be absent (an empty cell).
pub fn opt(x: Option<f64>, digits: i32) -> String {
    x.map(|v| num(v, digits)).unwrap_or_default()
}

/// A CSV file built in memory: the header, then records of the same width.
/// The csv crate refuses a record of another width; every renderer returns
/// that error instead of dropping it, so a bug cannot write a ragged file.
pub struct Csv(csv::Writer<Vec<u8>>);

impl Default for Csv {
    fn default() -> Csv {
        Csv::new()
    }
}

impl Csv {
    /// An empty file: the first [`Csv::row`] is the header.
    pub fn new() -> Csv {
        Csv(csv::Writer::from_writer(Vec::new()))
    }

    /// Add one record; an error if its width differs from the header's
    /// (the file is then unusable: the record is partly written).
    pub fn row<I, T>(&mut self, record: I) -> Result<(), csv::Error>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        let cells: Vec<T> = record.into_iter().collect();
        self.0.write_record(cells.iter().map(|c| guard(c.as_ref())))
    }

    /// The file's text (fields are Rust strings, so it is UTF-8).
    pub fn finish(self) -> Result<String, csv::Error> {
        let bytes = self
            .0
            .into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// A table held as text cells, header first: what a CSV file prints and
/// what plan.xlsx's sheets of the same name hold, cell for cell.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rows {
    /// Column names.
    pub header: Vec<String>,
    /// Records, each as wide as the header (the CSV writer refuses others).
    pub rows: Vec<Vec<String>>,
}

impl Rows {
    /// An empty table with these column names.
    pub fn new<T: ToString>(header: &[T]) -> Rows {
        Rows {
            header: header.iter().map(T::to_string).collect(),
            rows: Vec::new(),
        }
    }

    /// The table with a last column `site`, the site of each row's `pool`,
    /// when the scenario has `sites:` (else the table as it is, so files of
    /// scenarios without sites keep their bytes).
    pub fn with_site(mut self, sc: &Scenario) -> Rows {
        let Some(col) = self.header.iter().position(|h| h == "pool") else {
            return self;
        };
        if sc.sites.is_empty() {
            return self;
        }
        self.header.push("site".to_string());
        for row in &mut self.rows {
            let site = row.get(col).and_then(|pool| site_cell(sc, pool));
            row.push(site.unwrap_or_default());
        }
        self
    }

    /// The table as CSV text; an error if a record's width differs from the
    /// header's.
    pub fn to_csv(&self) -> Result<String, csv::Error> {
        let mut w = Csv::new();
        w.row(&self.header)?;
        for r in &self.rows {
            w.row(r)?;
        }
        w.finish()
    }
}

/// `requirements.csv`: one row per queue and interval. The columns of
/// docs/spec.md in their order, each local instant followed by its date and
/// clock time (site, then client: cells a spreadsheet reads as a date and a
/// time); then the pool, the unrounded figures, the service figures at the
/// net staffing and the limits that set it. docs/outputs.md lists them all.
pub fn requirements(s: &Staffed) -> Result<String, csv::Error> {
    requirement_rows(s).to_csv()
}

/// The table of [`requirements`].
pub fn requirement_rows(s: &Staffed) -> Rows {
    let mut w = Rows::new(&[
        "interval_start_utc",
        "interval_start_site",
        "date_site",
        "time_site",
        "queue",
        "client_local_time",
        "date_client",
        "time_client",
        "volume",
        "agent_volume",
        "aht_s",
        "erlangs",
        "required_net",
        "required_gross",
        "pool",
        "channel",
        "required_net_raw",
        "required_gross_raw",
        "sl",
        "asa_s",
        "occupancy",
        "p_abandon",
        "set_by",
    ]);
    for i in 0..s.grid.len {
        let t = s.grid.at(i);
        for (q, queue) in s.scenario.queues.iter().enumerate() {
            let d = &s.demand.queues[q];
            let c = &s.requirements.queues[q][i];
            let [date_site, time_site] = date_and_time(t, s.grid.site_tz);
            let [date_client, time_client] = date_and_time(t, queue.timezone);
            w.rows.push(vec![
                stamp(t, chrono_tz::UTC),
                stamp(t, s.grid.site_tz),
                date_site,
                time_site,
                queue.id.clone(),
                stamp(t, queue.timezone),
                date_client,
                time_client,
                num(d.volume[i], 3),
                num(d.agent_volume[i], 3),
                num(d.aht_s[i], 1),
                num(c.erlangs, 4),
                c.net.to_string(),
                c.gross.to_string(),
                s.scenario.pools[queue.pool].id.clone(),
                channel_name(queue.channel).to_string(),
                num(c.net_raw, 4),
                num(c.gross_raw, 4),
                opt(c.sl, 4),
                opt(c.asa_s, 2),
                num(c.occupancy, 4),
                opt(c.p_abandon, 4),
                c.set_by.text(),
            ]);
        }
    }
    w.with_site(&s.scenario)
}

/// The header cell `site` when the scenario has `sites:`.
fn site_header(sc: &Scenario) -> Option<&'static str> {
    (!sc.sites.is_empty()).then_some("site")
}

/// The site id of the pool `pool` (an id) as a cell when the scenario has
/// `sites:`.
fn site_cell(sc: &Scenario, pool: &str) -> Option<String> {
    let p = sc.pools.iter().position(|p| p.id == pool)?;
    (!sc.sites.is_empty()).then(|| sc.site_id(p).to_string())
}

/// `pool_requirements.csv`: one row per pool and interval.
pub fn pool_requirements(s: &Staffed) -> Result<String, csv::Error> {
    let mut w = Csv::new();
    w.row(
        [
            "interval_start_utc",
            "interval_start_site",
            "date_site",
            "time_site",
            "pool",
            "erlangs",
            "required_net",
            "required_gross",
            "required_net_raw",
            "required_gross_raw",
        ]
        .into_iter()
        .chain(site_header(&s.scenario)),
    )?;
    for i in 0..s.grid.len {
        let t = s.grid.at(i);
        for (p, pool) in s.scenario.pools.iter().enumerate() {
            let r = &s.requirements.pools[p];
            let [date_site, time_site] = date_and_time(t, s.grid.site_tz);
            w.row(
                [
                    stamp(t, chrono_tz::UTC),
                    stamp(t, s.grid.site_tz),
                    date_site,
                    time_site,
                    pool.id.clone(),
                    num(r.erlangs[i], 4),
                    r.net[i].to_string(),
                    r.gross[i].to_string(),
                    num(r.net_raw[i], 4),
                    num(r.gross_raw[i], 4),
                ]
                .into_iter()
                .chain(site_cell(&s.scenario, &pool.id)),
            )?;
        }
    }
    w.finish()
}

/// Breaks as `HH:MM-HH:MM[ unpaid]` joined by `; `, site clock ([`clock_once`]), in time
/// order (a template's break windows never overlap, so this is the order of
/// their windows): `combo[b]` is break b's start, seconds after the shift
/// `begin`.
fn breaks_text(
    tz: chrono_tz::Tz,
    begin: DateTime<Utc>,
    template: &Template,
    combo: &[u32],
) -> String {
    let clock =
        |offset_s: u32| clock_once(begin + chrono::Duration::seconds(i64::from(offset_s)), tz);
    let mut timed: Vec<(&u32, &Break)> = combo.iter().zip(&template.breaks).collect();
    timed.sort_by_key(|(off, _)| **off);
    let breaks: Vec<String> = timed
        .into_iter()
        .map(|(off, b)| {
            format!(
                "{}-{}{}",
                clock(*off),
                clock(off + b.length_s),
                if b.paid { "" } else { " unpaid" }
            )
        })
        .collect();
    breaks.join("; ")
}

/// The site clock at `t` (`HH:MM`), followed by its UTC offset where the
/// clock shows that time twice (the hour repeated when clocks go back):
/// `01:15 (UTC+1)` is the first 01:15 of a London night in October,
/// `01:15 (UTC+0)` the second.
fn clock_once(t: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    use chrono::{Offset, TimeZone};
    let local = t.with_timezone(&tz);
    let clock = local.format("%H:%M").to_string();
    if !matches!(
        tz.from_local_datetime(&local.naive_local()),
        chrono::LocalResult::Ambiguous(..)
    ) {
        return clock;
    }
    let east = local.offset().fix().local_minus_utc();
    let sign = if east < 0 { '-' } else { '+' };
    let (h, m) = (east.abs() / 3600, east.abs() % 3600 / 60);
    match m {
        0 => format!("{clock} (UTC{sign}{h})"),
        _ => format!("{clock} (UTC{sign}{h}:{m:02})"),
    }
}

/// One duty of the roster as people read it: site date, start and end
/// instants, breaks on the site clock, template name, night or not.
#[derive(Debug, Clone, PartialEq)]
pub struct DutyRow<'a> {
    /// Index into [`Roster::agents`]; `None` for a shift left open.
    pub agent: Option<usize>,
    /// Pool id.
    pub pool: &'a str,
    /// Site-local date the shift starts on.
    pub date: chrono::NaiveDate,
    /// Start instant.
    pub begin: DateTime<Utc>,
    /// End instant.
    pub end: DateTime<Utc>,
    /// Breaks, `HH:MM-HH:MM[ unpaid]` joined by `; ` on the site clock.
    pub breaks: String,
    /// Template name.
    pub shift: &'a str,
    /// Whether the shift is a night (see [`crate::roster`]).
    pub night: bool,
    /// Whether the shift is a late (see [`crate::roster`]).
    pub late: bool,
}

/// Every duty of `roster` in its order (by agent then day, open ones
/// last), in site terms: what `roster.csv` and the report's roster section
/// print.
pub fn duty_rows<'a>(s: &'a Staffed, plan: &ShiftPlan, roster: &Roster) -> Vec<DutyRow<'a>> {
    let sc = &s.scenario;
    roster
        .duties
        .iter()
        .filter_map(|d| {
            let pp = plan.pools.iter().find(|pp| pp.model.pool == d.pool)?;
            let shift = pp.model.shifts.get(d.shift)?;
            let template = sc.shifts.templates.get(shift.template)?;
            let date = sc.site.start + chrono::Duration::days(shift.day as i64);
            let begin = local_instant(sc.site.timezone, date, shift.start_min);
            Some(DutyRow {
                agent: d.agent.filter(|&a| a < roster.agents.len()),
                pool: sc.pools[d.pool].id.as_str(),
                date,
                begin,
                end: begin + chrono::Duration::seconds(i64::from(template.length_s)),
                breaks: breaks_text(s.grid.site_tz, begin, template, &d.breaks),
                shift: template.name.as_str(),
                night: d.night,
                late: d.late,
            })
        })
        .collect()
}

/// `roster.csv`: one row per agent per working day (docs/spec.md columns,
/// the start's clock time and the end's date and clock time beside them), by
/// agent then day; shifts left open (soft coverage) last, with no agent id
/// and the name `OPEN`. `night` is `yes` for a night shift, `late` for a
/// late shift (see [`crate::roster`]).
pub fn roster(s: &Staffed, plan: &ShiftPlan, roster: &Roster) -> Result<String, csv::Error> {
    let mut w = Csv::new();
    w.row(
        [
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
        ]
        .into_iter()
        .chain(site_header(&s.scenario))
        .chain(s.scenario.has_holidays().then_some("holiday")),
    )?;
    for d in duty_rows(s, plan, roster) {
        let (id, name) = match d.agent.and_then(|a| roster.agents.get(a)) {
            Some(a) => (a.id.as_str(), a.name.as_str()),
            None => ("", "OPEN"),
        };
        let [_, start_time] = date_and_time(d.begin, s.grid.site_tz);
        let [end_date, end_time] = date_and_time(d.end, s.grid.site_tz);
        w.row(
            [
                id,
                name,
                d.pool,
                &d.date.to_string(),
                &stamp(d.begin, s.grid.site_tz),
                &start_time,
                &stamp(d.end, s.grid.site_tz),
                &end_date,
                &end_time,
                &d.breaks,
                d.shift,
                if d.night { "yes" } else { "no" },
                if d.late { "yes" } else { "no" },
            ]
            .into_iter()
            .chain(site_cell(&s.scenario, d.pool).as_deref())
            .chain(holiday_cell(&s.scenario, d.pool, d.date).as_deref()),
        )?;
    }
    w.finish()
}

/// `shifts.csv`: one row per shift and break timing, with its agents; the
/// start's clock time and the end's date and clock time (site) beside the
/// instants (`day` is the start's date).
pub fn shifts(s: &Staffed, plan: &ShiftPlan) -> Result<String, csv::Error> {
    shift_rows(s, plan).to_csv()
}

/// The `cost` column of [`shift_rows`].
const COST: usize = 10;

/// The table of [`shifts`]; each row's cost in cents, the rows of a pool
/// adding up to its published cost ([`crate::figures::pool_costs`]).
pub fn shift_rows(s: &Staffed, plan: &ShiftPlan) -> Rows {
    let mut w = Rows::new(&[
        "template",
        "day",
        "start_site",
        "start_time_site",
        "end_site",
        "end_date_site",
        "end_time_site",
        "breaks",
        "agents",
        "paid_hours",
        "cost",
        "pool",
    ]);
    let sc = &s.scenario;
    let mut holidays = Vec::new();
    for (pp, pool_cost) in plan.pools.iter().zip(crate::figures::pool_costs(plan)) {
        let first = w.rows.len();
        let mut costs = Vec::new();
        for a in &pp.assigned {
            let shift = &pp.model.shifts[a.shift];
            let template = &sc.shifts.templates[shift.template];
            let date = sc.site.start + chrono::Duration::days(shift.day as i64);
            let begin = local_instant(sc.site.timezone, date, shift.start_min);
            let at = |offset_s: u32| {
                stamp(
                    begin + chrono::Duration::seconds(i64::from(offset_s)),
                    s.grid.site_tz,
                )
            };
            let end = begin + chrono::Duration::seconds(i64::from(template.length_s));
            let [_, start_time] = date_and_time(begin, s.grid.site_tz);
            let [end_date, end_time] = date_and_time(end, s.grid.site_tz);
            let mut groups: BTreeMap<Vec<u32>, u32> = BTreeMap::new();
            for combo in agent_breaks(shift, a) {
                *groups.entry(combo).or_default() += 1;
            }
            for (combo, agents) in groups {
                w.rows.push(vec![
                    template.name.clone(),
                    date.to_string(),
                    at(0),
                    start_time.clone(),
                    at(template.length_s),
                    end_date.clone(),
                    end_time.clone(),
                    breaks_text(s.grid.site_tz, begin, template, &combo),
                    agents.to_string(),
                    num(shift.paid_h * f64::from(agents), 2),
                    String::new(),
                    sc.pools[pp.model.pool].id.clone(),
                ]);
                holidays.push(holiday_cell(sc, &sc.pools[pp.model.pool].id, date));
                costs.push(shift.cost * f64::from(agents));
            }
        }
        // The rows' costs add up to the pool's published cost, and so over
        // the pools to the plan's.
        let cents = round_to_total(&costs, pool_cost, 2);
        for (row, cost) in w.rows[first..].iter_mut().zip(cents) {
            row[COST] = cost.to_string();
        }
    }
    let mut w = w.with_site(&s.scenario);
    if sc.has_holidays() {
        w.header.push("holiday".to_string());
        for (row, h) in w.rows.iter_mut().zip(holidays) {
            row.push(h.unwrap_or_default());
        }
    }
    w
}

/// The `holiday` cell of a shift of pool `pool` (an id) starting on the
/// site-local `date` when the scenario has public holidays: the name of the
/// holiday at its site that day (a paid day off, its hours after midnight
/// too), else empty. A shift running into a holiday from the day before is
/// worked whole and has none.
fn holiday_cell(sc: &Scenario, pool: &str, date: chrono::NaiveDate) -> Option<String> {
    if !sc.has_holidays() {
        return None;
    }
    let p = sc.pools.iter().position(|x| x.id == pool)?;
    let name = sc.closed_on(p, date).map(|h| h.name.clone());
    Some(name.unwrap_or_default())
}

/// `coverage.csv`: per pool and interval, required vs scheduled vs on the
/// floor, and the achieved service level of each queue (its pool's rows only).
pub fn coverage(
    s: &Staffed,
    plan: &ShiftPlan,
    service: &[QueueService],
) -> Result<String, csv::Error> {
    coverage_rows(s, plan, service).to_csv()
}

/// The table of [`coverage`].
pub fn coverage_rows(s: &Staffed, plan: &ShiftPlan, service: &[QueueService]) -> Rows {
    let sc = &s.scenario;
    let mut header: Vec<String> = [
        "interval_start_utc",
        "interval_start_site",
        "date_site",
        "time_site",
        "pool",
        "required_gross",
        "scheduled",
        "on_floor",
        "surplus",
    ]
    .iter()
    .map(|h| h.to_string())
    .collect();
    // A queue of a skill group: its SL is the simulation's estimate.
    header.extend(sc.queues.iter().zip(service).map(|(q, sv)| {
        let sim = if sv.simulated { "sim_" } else { "" };
        format!("sl_{sim}{}", q.id)
    }));
    let mut w = Rows::new(&header);
    for t in 0..s.grid.len {
        for pp in &plan.pools {
            let required = pp.model.required[t];
            let [date_site, time_site] = date_and_time(s.grid.at(t), s.grid.site_tz);
            let mut row = vec![
                stamp(s.grid.at(t), chrono_tz::UTC),
                stamp(s.grid.at(t), s.grid.site_tz),
                date_site,
                time_site,
                sc.pools[pp.model.pool].id.clone(),
                num(required, 0),
                num(pp.scheduled[t], 2),
                num(pp.on_floor[t], 2),
                num(pp.on_floor[t] - required, 2),
            ];
            row.extend(sc.queues.iter().enumerate().map(|(q, queue)| {
                if queue.pool == pp.model.pool {
                    opt(service[q].sl[t], 4)
                } else {
                    String::new()
                }
            }));
            w.rows.push(row);
        }
    }
    w.with_site(&s.scenario)
}

#[cfg(test)]
mod tests;
