//! The shifts part of the checker: every shifts.csv row against its template
//! (pool, start, length, paid hours, breaks), its agents added to the
//! coverage. The start cap and the template limits are in `limits.rs`.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Offset, TimeZone, Utc};

use super::{
    hm, parse_stamp, readings, reads, site_stamp, split_range, CheckError, Checker, Row, Rule,
    Table, EPS, TOLERANCE,
};
use crate::scenario::{Break, Template};

impl<'a> Checker<'a> {
    /// Read shifts.csv: check each row and add its agents to the coverage.
    pub(super) fn shifts(&mut self, t: &Table) -> Result<(), CheckError> {
        let c = ShiftColumns {
            template: t.col("template")?,
            day: t.col("day")?,
            start: t.col("start_site")?,
            end: t.col("end_site")?,
            breaks: t.col("breaks")?,
            agents: t.col("agents")?,
            paid: t.col("paid_hours")?,
            pool: t.header.iter().position(|h| h == "pool"),
        };
        for (line, r) in &t.rows {
            self.shift_row(t.at(*line), r, &c);
        }
        Ok(())
    }

    /// Check one shifts.csv row and add its agents to the coverage, in
    /// steps: read the row, its stamps and day, the start, length and paid
    /// hours, then the breaks. Rows too broken to place stop after the
    /// first step that cannot read them.
    fn shift_row(&mut self, at: String, r: &csv::StringRecord, c: &ShiftColumns) {
        self.report.shift_rows += 1;
        let Some(s) = self.read_shift(at, r, c) else {
            return;
        };
        self.check_offsets(&s);
        let (start_min, day_index) = self.check_start(&s, r, c);
        self.check_length(&s);
        let paid = self.check_paid_hours(&s, r, c);
        self.add_shift(&s, r, c, paid);
        self.check_breaks(&s, r, c);
        if let Some(start_min) = start_min {
            self.rows.push(Row {
                pool: s.p,
                template: s.ti,
                day: day_index.max(0) as usize,
                start_min,
                start: s.start_u,
                agents: s.agents,
            });
        }
    }

    /// The row's template, pool, agents, stamps and day, or `None` (with
    /// the violation recorded) at the first that cannot be read.
    fn read_shift(
        &mut self,
        at: String,
        r: &csv::StringRecord,
        c: &ShiftColumns,
    ) -> Option<ShiftRead<'a>> {
        let (ti, tpl) = self.row_template(&at, r, c)?;
        let p = self.row_pool(&at, r, c, tpl)?;
        let pool_id = self.sc.pools[p].id.clone();
        let agents = self.row_agents(&at, r, c, &pool_id)?;
        let (start, end, day) = self.row_times(&at, r, c, &pool_id)?;
        let (start_u, end_u) = (start.with_timezone(&Utc), end.with_timezone(&Utc));
        let when = Some(site_stamp(start_u, self.tz));
        Some(ShiftRead {
            at,
            ti,
            tpl,
            p,
            pool_id,
            agents,
            start,
            end,
            start_u,
            end_u,
            day,
            when,
        })
    }

    /// The template named on the row.
    fn row_template(
        &mut self,
        at: &str,
        r: &csv::StringRecord,
        c: &ShiftColumns,
    ) -> Option<(usize, &'a Template)> {
        let sc = self.sc;
        let Some(ti) = sc
            .shifts
            .templates
            .iter()
            .position(|x| x.name == r[c.template])
        else {
            let names: Vec<&str> = sc
                .shifts
                .templates
                .iter()
                .map(|x| x.name.as_str())
                .collect();
            self.violation(
                Rule::UnknownTemplate,
                at.to_string(),
                None,
                Some(r[c.start].to_string()),
                format!("one of {}", names.join(", ")),
                format!("`{}`", &r[c.template]),
            );
            return None;
        };
        Some((ti, &sc.shifts.templates[ti]))
    }

    /// The row's pool: its `pool` column, or the template's only pool.
    fn row_pool(
        &mut self,
        at: &str,
        r: &csv::StringRecord,
        c: &ShiftColumns,
        tpl: &Template,
    ) -> Option<usize> {
        let sc = self.sc;
        let pool = match c.pool {
            Some(col) => self.pool_index(&r[col]),
            None if tpl.pools.len() == 1 => Some(tpl.pools[0]),
            None => None,
        };
        let pool_text = c.pool.map_or_else(String::new, |col| r[col].to_string());
        let Some(p) = pool.filter(|p| tpl.pools.contains(p)) else {
            let allowed: Vec<&str> = tpl.pools.iter().map(|&p| sc.pools[p].id.as_str()).collect();
            self.violation(
                Rule::Pool,
                at.to_string(),
                Some(&pool_text),
                Some(r[c.start].to_string()),
                format!(
                    "a pool template `{}` serves: {}",
                    tpl.name,
                    allowed.join(", ")
                ),
                format!("`{pool_text}`"),
            );
            return None;
        };
        Some(p)
    }

    /// The row's agents: a whole number above 0.
    fn row_agents(
        &mut self,
        at: &str,
        r: &csv::StringRecord,
        c: &ShiftColumns,
        pool_id: &str,
    ) -> Option<u32> {
        match r[c.agents].parse::<u32>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                self.violation(
                    Rule::Agents,
                    at.to_string(),
                    Some(pool_id),
                    Some(r[c.start].to_string()),
                    "a whole number of agents above 0",
                    format!("`{}`", &r[c.agents]),
                );
                None
            }
        }
    }

    /// The row's start and end stamps and its day.
    fn row_times(
        &mut self,
        at: &str,
        r: &csv::StringRecord,
        c: &ShiftColumns,
        pool_id: &str,
    ) -> Option<(DateTime<FixedOffset>, DateTime<FixedOffset>, NaiveDate)> {
        let pid = Some(pool_id);
        let (Some(start), Some(end)) = (parse_stamp(&r[c.start]), parse_stamp(&r[c.end])) else {
            self.violation(
                Rule::Unreadable,
                at.to_string(),
                pid,
                None,
                "start_site and end_site like 2026-03-02T06:00+05:00",
                format!("`{}`, `{}`", &r[c.start], &r[c.end]),
            );
            return None;
        };
        let Ok(day) = r[c.day].parse::<NaiveDate>() else {
            self.violation(
                Rule::Unreadable,
                at.to_string(),
                pid,
                Some(r[c.start].to_string()),
                "a day like 2026-03-02",
                format!("`{}`", &r[c.day]),
            );
            return None;
        };
        Some((start, end, day))
    }

    /// Both stamps carry the site's offset at their instant.
    fn check_offsets(&mut self, s: &ShiftRead) {
        let tz = self.tz;
        for (what, stamp, instant) in [
            ("start_site", &s.start, s.start_u),
            ("end_site", &s.end, s.end_u),
        ] {
            let want = tz.offset_from_utc_datetime(&instant.naive_utc()).fix();
            if stamp.offset().local_minus_utc() != want.local_minus_utc() {
                self.violation(
                    Rule::Offset,
                    s.at.clone(),
                    s.pid(),
                    s.when.clone(),
                    format!("{what} in site time, {}", site_stamp(instant, tz)),
                    stamp.to_rfc3339(),
                );
            }
        }
    }

    /// The day is one of the horizon the template may start on, and the
    /// start one of the template's start times on that day. Returns that
    /// start time (minutes after midnight) and the day's index.
    fn check_start(
        &mut self,
        s: &ShiftRead,
        r: &csv::StringRecord,
        c: &ShiftColumns,
    ) -> (Option<u32>, i64) {
        let (sc, tpl, day) = (self.sc, s.tpl, s.day);
        let start_min = tpl
            .starts
            .iter()
            .copied()
            .find(|&m| readings(self.tz, day, m).contains(&s.start_u));
        let day_index = (day - sc.site.start).num_days();
        if !(0..i64::from(sc.site.days)).contains(&day_index) {
            self.violation(
                Rule::Day,
                s.at.clone(),
                s.pid(),
                s.when.clone(),
                format!(
                    "a day of the horizon, {} to {}",
                    sc.site.start,
                    sc.site.start + Duration::days(i64::from(sc.site.days) - 1)
                ),
                day.to_string(),
            );
        } else if !tpl.days.contains(day.weekday()) {
            self.violation(
                Rule::Day,
                s.at.clone(),
                s.pid(),
                s.when.clone(),
                format!("a day template `{}` may start on", tpl.name),
                format!("{} ({:?})", day, day.weekday()),
            );
        }
        if start_min.is_none() {
            let starts: Vec<String> = tpl
                .starts
                .iter()
                .map(|m| format!("{:02}:{:02}", m / 60, m % 60))
                .collect();
            self.violation(
                Rule::StartTime,
                s.at.clone(),
                s.pid(),
                s.when.clone(),
                format!(
                    "a start of template `{}` on {day}: {}",
                    tpl.name,
                    starts.join(" ")
                ),
                r[c.start].to_string(),
            );
        }
        (start_min, day_index)
    }

    /// End − start is the template's length.
    fn check_length(&mut self, s: &ShiftRead) {
        let length = (s.end_u - s.start_u).num_seconds();
        if length != i64::from(s.tpl.length_s) {
            self.violation(
                Rule::Length,
                s.at.clone(),
                s.pid(),
                s.when.clone(),
                format!(
                    "end − start = {} (template `{}`)",
                    hm(i64::from(s.tpl.length_s)),
                    s.tpl.name
                ),
                hm(length),
            );
        }
    }

    /// `paid_hours` is agents × the template's paid hours; returns the
    /// expected figure.
    fn check_paid_hours(&mut self, s: &ShiftRead, r: &csv::StringRecord, c: &ShiftColumns) -> f64 {
        let agents = s.agents;
        let paid = f64::from(agents) * f64::from(s.tpl.paid_s) / 3600.0;
        match r[c.paid].parse::<f64>() {
            Ok(x) if (x - paid).abs() <= TOLERANCE + EPS => {}
            _ => self.violation(
                Rule::PaidHours,
                s.at.clone(),
                s.pid(),
                s.when.clone(),
                format!("{agents} agents × {} = {paid}", hm(i64::from(s.tpl.paid_s))),
                r[c.paid].to_string(),
            ),
        }
        paid
    }

    /// Count the row in the report and the planned shifts, and add its
    /// work to the pool's scheduled agents.
    fn add_shift(&mut self, s: &ShiftRead, r: &csv::StringRecord, c: &ShiftColumns, paid: f64) {
        let (p, agents, start_u) = (s.p, s.agents, s.start_u);
        self.report.agent_shifts += u64::from(agents);
        self.report.paid_hours += paid;
        *self
            .planned
            .entry((p, s.ti, start_u, r[c.breaks].trim().to_string()))
            .or_default() += agents;
        if self.day_off(s) {
            return;
        }
        // Work: [start, start + template length), whatever the end column says.
        let mut scheduled = std::mem::take(&mut self.scheduled[p]);
        let work_end = start_u + Duration::seconds(i64::from(s.tpl.length_s));
        self.add_span(&mut scheduled, start_u, work_end, f64::from(agents));
        self.scheduled[p] = scheduled;
    }

    /// Whether the shift starts on a public holiday of its pool's site (its
    /// start read on the site clock): a paid day off, on the floor at no
    /// hour of it, after midnight neither. A shift running into the holiday
    /// from the day before is worked whole.
    fn day_off(&self, s: &ShiftRead) -> bool {
        let date = s.start_u.with_timezone(&self.tz).date_naive();
        self.sc.holidays(s.p).iter().any(|h| h.date == date)
    }

    /// The breaks listed in time order (`HH:MM-HH:MM[ unpaid]` joined by
    /// `; `), matched to the template's breaks in the order of their windows
    /// (which never overlap): as many as the template has, each checked and
    /// added to the pool's agents on break.
    fn check_breaks(&mut self, s: &ShiftRead, r: &csv::StringRecord, c: &ShiftColumns) {
        let tpl = s.tpl;
        let text = r[c.breaks].trim();
        let listed: Vec<&str> = if text.is_empty() {
            Vec::new()
        } else {
            text.split(';').map(str::trim).collect()
        };
        if listed.len() != tpl.breaks.len() {
            self.violation(
                Rule::Breaks,
                s.at.clone(),
                s.pid(),
                s.when.clone(),
                format!(
                    "{} break(s) as template `{}` has",
                    tpl.breaks.len(),
                    tpl.name
                ),
                format!("{} in `{text}`", listed.len()),
            );
        }
        let mut rules: Vec<&Break> = tpl.breaks.iter().collect();
        rules.sort_by_key(|rule| rule.earliest_s);
        let mut on_break = std::mem::take(&mut self.on_break[s.p]);
        for (b, (item, rule)) in listed.iter().zip(rules).enumerate() {
            self.check_break(s, b, item, rule, &mut on_break);
        }
        self.on_break[s.p] = on_break;
    }

    /// Break `b` (`item` as listed, `rule` from the template): paid or
    /// unpaid as the template says, starting inside its window, of its
    /// length; its agents go into `on_break`.
    fn check_break(
        &mut self,
        s: &ShiftRead,
        b: usize,
        item: &str,
        rule: &Break,
        on_break: &mut [f64],
    ) {
        let (times, unpaid) = match item.strip_suffix(" unpaid") {
            Some(rest) => (rest.trim(), true),
            None => (item, false),
        };
        let Some((from, to)) = split_range(times) else {
            self.violation(
                Rule::Breaks,
                s.at.clone(),
                s.pid(),
                s.when.clone(),
                "a break like 10:45-11:45 or 10:45-11:45 unpaid",
                format!("`{item}`"),
            );
            return;
        };
        if unpaid == rule.paid {
            self.violation(
                Rule::BreakPaid,
                s.at.clone(),
                s.pid(),
                s.when.clone(),
                format!(
                    "break {} {}",
                    b + 1,
                    if rule.paid { "paid" } else { "unpaid" }
                ),
                format!("`{item}`"),
            );
        }
        let Some(offset) = self.break_offset(s, b, item, rule, from) else {
            return;
        };
        let b_start = s.start_u + Duration::minutes(offset);
        self.check_break_length(s, b, item, rule, offset, to);
        if self.day_off(s) {
            return;
        }
        // The template's length counts, whatever the end clock says.
        self.add_span(
            on_break,
            b_start,
            b_start + Duration::seconds(i64::from(rule.length_s)),
            f64::from(s.agents),
        );
    }

    /// Minutes after the shift start at which break `b` starts (its clock
    /// reads `from`), checked against the break's window; `None` if no
    /// minute of the shift reads `from`.
    fn break_offset(
        &mut self,
        s: &ShiftRead,
        b: usize,
        item: &str,
        rule: &Break,
        from: &str,
    ) -> Option<i64> {
        let tz = self.tz;
        // Minutes after the shift start whose clock reads `from`; where
        // the clock repeats (clocks going back) prefer one in the window.
        let minutes = i64::from(s.tpl.length_s) / 60;
        let offsets: Vec<i64> = (0..=minutes)
            .filter(|m| reads(s.start_u + Duration::minutes(*m), tz, from))
            .collect();
        let in_window =
            |m: &i64| (i64::from(rule.earliest_s)..=i64::from(rule.latest_s)).contains(&(m * 60));
        let Some(offset) = offsets
            .iter()
            .copied()
            .find(in_window)
            .or(offsets.first().copied())
        else {
            self.violation(
                Rule::BreakWindow,
                s.at.clone(),
                s.pid(),
                s.when.clone(),
                format!(
                    "break {} starting {} to {} after the start, inside the shift",
                    b + 1,
                    hm(i64::from(rule.earliest_s)),
                    hm(i64::from(rule.latest_s))
                ),
                format!("`{item}`, not a time during the shift"),
            );
            return None;
        };
        if !in_window(&offset) {
            self.violation(
                Rule::BreakWindow,
                s.at.clone(),
                s.pid(),
                s.when.clone(),
                format!(
                    "break {} starting {} to {} after the start",
                    b + 1,
                    hm(i64::from(rule.earliest_s)),
                    hm(i64::from(rule.latest_s))
                ),
                format!("`{item}`, {} after the start", hm(offset * 60)),
            );
        }
        Some(offset)
    }

    /// Break `b`, starting `offset` minutes into the shift, ends (its clock
    /// reads `to`) after the template's break length.
    fn check_break_length(
        &mut self,
        s: &ShiftRead,
        b: usize,
        item: &str,
        rule: &Break,
        offset: i64,
        to: &str,
    ) {
        let minutes = i64::from(s.tpl.length_s) / 60;
        let b_start = s.start_u + Duration::minutes(offset);
        let length = (1..=minutes - offset)
            .find(|m| reads(b_start + Duration::minutes(*m), self.tz, to))
            .map(|m| m * 60);
        if length != Some(i64::from(rule.length_s)) {
            self.violation(
                Rule::BreakLength,
                s.at.clone(),
                s.pid(),
                s.when.clone(),
                format!("break {} of {}", b + 1, hm(i64::from(rule.length_s))),
                format!(
                    "`{item}`, {}",
                    length.map_or("ending outside the shift".to_string(), hm)
                ),
            );
        }
    }
}

pub(super) struct ShiftColumns {
    template: usize,
    day: usize,
    start: usize,
    end: usize,
    breaks: usize,
    agents: usize,
    paid: usize,
    pool: Option<usize>,
}

/// One shifts.csv row as read by [`Checker::read_shift`]: what the later
/// checks of the row need.
struct ShiftRead<'a> {
    at: String,
    ti: usize,
    tpl: &'a Template,
    p: usize,
    pool_id: String,
    agents: u32,
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
    start_u: DateTime<Utc>,
    end_u: DateTime<Utc>,
    day: NaiveDate,
    /// The start in site time, for the violations.
    when: Option<String>,
}

impl ShiftRead<'_> {
    fn pid(&self) -> Option<&str> {
        Some(self.pool_id.as_str())
    }
}
