//! Shift templates, their breaks, weekly tours and the caps on starts.

use std::collections::BTreeSet;

use crate::scenario::raw;
use crate::scenario::{Break, Coverage, DaysOff, Shifts, ShortDay, Site, Template, Week};
use crate::scenario::{MAX_AGENTS, MAX_BREAKS, MAX_SHIFT_OPTIONS};
use crate::units::{parse_weekday, weekday_name, DaySet, TimeOfDay};

use super::{Result, Validator};

impl Validator<'_> {
    /// The `shifts` section: templates with names used once, weekly tours,
    /// the cap on starts per slot and the penalty of soft coverage.
    pub(super) fn shifts(
        &self,
        raw: &raw::RawShifts,
        pool_ids: &[&str],
        site: &Site,
    ) -> Result<Shifts> {
        if raw.templates.is_empty() {
            return Err(self.err("shifts.templates", "give at least one shift template"));
        }
        let default_week = match &raw.week {
            None => None,
            Some(w) => Some(self.week(w, site, "shifts.week")?),
        };
        let mut names = BTreeSet::new();
        let mut templates = Vec::new();
        for (i, t) in raw.templates.iter().enumerate() {
            let field = format!("shifts.templates[{i}]");
            if !names.insert(t.name.clone()) {
                return Err(self.err(
                    &format!("{field}.name"),
                    format!("template name `{}` is used twice", t.name),
                ));
            }
            let mut template = self.template(t, &field, pool_ids, site.interval_s)?;
            template.week = match &t.week {
                Some(w) => Some(self.week(w, site, &format!("{field}.week"))?),
                None => default_week.clone(),
            };
            let short =
                (t.week.as_ref().or(raw.week.as_ref())).is_some_and(|w| w.short_day.is_some());
            self.check_week_fits_days(&template, &field, short)?;
            templates.push(template);
        }
        for (i, t) in raw.templates.iter().enumerate() {
            let (week, field) = match (&t.week, &raw.week) {
                (Some(w), _) => (w, format!("shifts.templates[{i}].week.short_day")),
                (None, Some(w)) => (w, "shifts.week.short_day".to_string()),
                (None, None) => continue,
            };
            if let Some(short) = &week.short_day {
                self.short_day(short, i, &mut templates, &field, pool_ids, site)?;
                if !names.insert(templates[templates.len() - 1].name.clone()) {
                    return Err(self.err(
                        &format!("{field}.name"),
                        format!(
                            "template name `{}` is used twice: name the short day, like name: {}-half",
                            templates[templates.len() - 1].name,
                            t.name
                        ),
                    ));
                }
            }
        }
        self.check_weeks_everywhere(&templates)?;
        self.check_shares(&templates, pool_ids)?;
        self.check_shift_options(&templates, site)?;
        self.check_trip_cap(
            "shifts.max_starts_per_slot",
            "starts",
            raw.max_starts_per_slot,
        )?;
        self.check_trip_cap("shifts.max_ends_per_slot", "ends", raw.max_ends_per_slot)?;
        let penalty = raw.shortfall_penalty.unwrap_or(0.0);
        if raw.coverage == Some(Coverage::Soft) && !(penalty.is_finite() && penalty > 0.0) {
            return Err(self.err("shifts.shortfall_penalty", "soft coverage needs a penalty per agent-hour short above 0, like shortfall_penalty: 50"));
        }
        Ok(Shifts {
            templates,
            max_starts_per_slot: raw.max_starts_per_slot,
            max_ends_per_slot: raw.max_ends_per_slot,
            coverage: raw.coverage,
            shortfall_penalty: penalty,
        })
    }

    /// One template at `field`: its times on the site's `grid` (seconds),
    /// breaks that add up with the paid time, starts, days, pools and the
    /// bounds on agents.
    fn template(
        &self,
        t: &raw::RawTemplate,
        field: &str,
        pool_ids: &[&str],
        grid: u32,
    ) -> Result<Template> {
        let f = |k: &str| format!("{field}.{k}");
        self.check_id(&t.name, &f("name"))?;
        let (length, paid) = self.template_times(t, field, grid)?;
        let (breaks, unpaid) = self.breaks(t, field, length)?;
        if (paid + unpaid - length).abs() > 0.5 {
            return Err(self.err(
                &f("paid"),
                format!(
                    "paid {} plus unpaid breaks {} must equal the length {}",
                    t.paid,
                    crate::units::Duration(unpaid),
                    t.length
                ),
            ));
        }
        if let Some(bad) = t.starts.0.iter().find(|s| (*s * 60) % grid != 0) {
            return Err(self.err(
                &f("starts"),
                format!(
                    "start {} is not on the site's {}-minute grid",
                    TimeOfDay(*bad),
                    grid / 60
                ),
            ));
        }
        let days = t.days.unwrap_or(DaySet::ALL);
        if days.is_empty() {
            return Err(self.err(&f("days"), "the template has no day to start on"));
        }
        let pools = match &t.pools {
            None => (0..pool_ids.len()).collect(),
            Some(list) => list
                .iter()
                .map(|id| self.pool_index(id, pool_ids, &f("pools")))
                .collect::<Result<Vec<_>>>()?,
        };
        self.check_agent_bounds(t, field)?;
        Ok(Template {
            name: t.name.clone(),
            paid_s: paid as u32,
            length_s: length as u32,
            starts: t.starts.0.clone(),
            days,
            breaks,
            pools,
            min_agents: t.min_agents,
            max_agents: t.max_agents,
            week: None,
            min_share: t.min_share.map(|s| s.0),
            max_share: t.max_share.map(|s| s.0),
            short_of: None,
        })
    }

    /// The short day (at `field`) of template `i`'s week: a template of its
    /// own (name `<template>-<day>` unless named), starting at the full
    /// template's starts on that day only, in the same pools, no longer and
    /// with no more paid time than the full shift; appended to `templates`,
    /// and taken out of the full template's days.
    fn short_day(
        &self,
        short: &raw::RawShortDay,
        i: usize,
        templates: &mut Vec<Template>,
        field: &str,
        pool_ids: &[&str],
        site: &Site,
    ) -> Result<()> {
        let full = &templates[i];
        let day = parse_weekday(&short.day).ok_or_else(|| {
            self.err(
                &format!("{field}.day"),
                format!("expected a weekday like sat, got `{}`", short.day),
            )
        })?;
        if !full.days.contains(day) {
            return Err(self.err(&format!("{field}.day"), format!("the short day {} is not one of template `{}`'s days ({}): a tour works its short day, so it cannot be a day off", weekday_name(day), full.name, full.days)));
        }
        let too_long = |what: &str, short_s: f64, full_s: u32| {
            self.err(&format!("{field}.{what}"), format!("the short day's {what} {} is more than the full shift's {}: a short day is at most the full shift", crate::units::Duration(short_s), crate::units::Duration(f64::from(full_s))))
        };
        if short.length.secs() > f64::from(full.length_s) {
            return Err(too_long("length", short.length.secs(), full.length_s));
        }
        if short.paid.secs() > f64::from(full.paid_s) {
            return Err(too_long("paid", short.paid.secs(), full.paid_s));
        }
        let Some(week) = full.week.clone() else {
            return Ok(());
        };
        if week.work_days < 2 {
            return Err(self.err(&field.replace(".short_day", ".work_days"), "a week with a short day works it and at least one full day: give work_days 2 or more (the short day counts as one)"));
        }
        let raw_short = raw::RawTemplate {
            name: short
                .name
                .clone()
                .unwrap_or_else(|| format!("{}-{}", full.name, weekday_name(day))),
            paid: short.paid,
            length: short.length,
            starts: crate::units::StartTimes(full.starts.clone()),
            days: Some(DaySet::default().with(day)),
            breaks: short.breaks.clone(),
            pools: Some(
                full.pools
                    .iter()
                    .map(|&p| pool_ids[p].to_string())
                    .collect(),
            ),
            min_agents: None,
            max_agents: None,
            week: None,
            min_share: None,
            max_share: None,
        };
        let mut template = self.template(&raw_short, field, pool_ids, site.interval_s)?;
        let index = templates.len();
        let short_day = Some(ShortDay {
            day,
            template: index,
        });
        template.week = Some(Week { short_day, ..week });
        template.short_of = Some(i);
        let full = &mut templates[i];
        full.days = full.days.without(day);
        if let Some(w) = full.week.as_mut() {
            w.short_day = short_day;
        }
        templates.push(template);
        Ok(())
    }

    /// The template's length (whole intervals of `grid` seconds, up to 24h)
    /// and paid time (whole seconds, up to the length), in seconds.
    fn template_times(&self, t: &raw::RawTemplate, field: &str, grid: u32) -> Result<(f64, f64)> {
        let f = |k: &str| format!("{field}.{k}");
        let length = t.length.secs();
        if !(length > 0.0 && length <= 86400.0) {
            return Err(self.err(
                &f("length"),
                format!(
                    "a shift must last more than 0 and at most 24h, got {}",
                    t.length
                ),
            ));
        }
        if length.fract() != 0.0 || length as u32 % grid != 0 {
            return Err(self.err(
                &f("length"),
                format!(
                    "the length {} is not a whole number of {}-minute intervals",
                    t.length,
                    grid / 60
                ),
            ));
        }
        let paid = t.paid.secs();
        if !(paid > 0.0 && paid <= length) || paid.fract() != 0.0 {
            return Err(self.err(
                &f("paid"),
                format!(
                    "paid time must be above 0 and at most the length {}, in whole seconds, got {}",
                    t.length, t.paid
                ),
            ));
        }
        Ok((length, paid))
    }

    /// The template's breaks, each inside a shift of `length` seconds, with
    /// windows that cannot overlap; and the unpaid seconds among them.
    fn breaks(&self, t: &raw::RawTemplate, field: &str, length: f64) -> Result<(Vec<Break>, f64)> {
        if t.breaks.len() > MAX_BREAKS {
            return Err(self.err(
                &format!("{field}.breaks"),
                format!(
                    "{} breaks in one shift; a template has at most {MAX_BREAKS}",
                    t.breaks.len()
                ),
            ));
        }
        let mut breaks = Vec::new();
        let mut unpaid = 0.0;
        for (b, brk) in t.breaks.iter().enumerate() {
            let one = self.one_break(t, brk, &format!("{field}.breaks[{b}]"), length)?;
            if !one.paid {
                unpaid += f64::from(one.length_s);
            }
            breaks.push(one);
        }
        self.check_break_windows(&breaks, field)?;
        Ok((breaks, unpaid))
    }

    /// One break at `bf`: a whole number of 5 minutes, its window in whole
    /// seconds and ending inside the shift of `length` seconds.
    fn one_break(
        &self,
        t: &raw::RawTemplate,
        brk: &raw::RawBreak,
        bf: &str,
        length: f64,
    ) -> Result<Break> {
        let len = brk.length.secs();
        if len <= 0.0 || len.is_nan() || len.fract() != 0.0 || len as u32 % 300 != 0 {
            return Err(self.err(
                &format!("{bf}.length"),
                format!(
                    "a break lasts a whole number of 5 minutes above 0, like 15m, got {}",
                    brk.length
                ),
            ));
        }
        let (from, to) = (brk.window.from.secs(), brk.window.to.secs());
        if from.fract() != 0.0 || to.fract() != 0.0 {
            return Err(self.err(
                &format!("{bf}.window"),
                "window bounds must be whole seconds",
            ));
        }
        if len >= length {
            return Err(self.err(
                &format!("{bf}.length"),
                format!(
                    "a {} break is not shorter than the {} shift it is taken in: give a break shorter than the shift",
                    brk.length, t.length
                ),
            ));
        }
        if to + len > length {
            return Err(self.err(&format!("{bf}.window"), format!(
                "a {} break starting up to {} after the start ends after the {} shift; the window must end by {}",
                brk.length, brk.window.to, t.length, crate::units::Duration(length - len)
            )));
        }
        Ok(Break {
            length_s: len as u32,
            paid: brk.paid,
            earliest_s: from as u32,
            latest_s: to as u32,
        })
    }

    /// Breaks are placed by the planner inside their windows; windows that
    /// could make two breaks overlap are refused up front.
    fn check_break_windows(&self, breaks: &[Break], field: &str) -> Result<()> {
        let mut order: Vec<usize> = (0..breaks.len()).collect();
        order.sort_by_key(|&b| breaks[b].earliest_s);
        for w in order.windows(2) {
            let (a, b) = (&breaks[w[0]], &breaks[w[1]]);
            if a.latest_s + a.length_s > b.earliest_s {
                return Err(self.err(
                    &format!("{field}.breaks[{}].window", w[1]),
                    format!(
                        "this window can overlap breaks[{}] (which may end as late as {} after the start); make the windows follow each other",
                        w[0],
                        crate::units::Duration(f64::from(a.latest_s + a.length_s))
                    ),
                ));
            }
        }
        Ok(())
    }

    /// `min_agents` and `max_agents` are agent counts, the least not above the most.
    fn check_agent_bounds(&self, t: &raw::RawTemplate, field: &str) -> Result<()> {
        let f = |k: &str| format!("{field}.{k}");
        for (key, n) in [("min_agents", t.min_agents), ("max_agents", t.max_agents)] {
            if n.is_some_and(|n| n > MAX_AGENTS) {
                return Err(self.err(
                    &f(key),
                    format!(
                        "expected a number of agents from 0 to {MAX_AGENTS}, got {}",
                        n.unwrap_or_default()
                    ),
                ));
            }
        }
        if let (Some(lo), Some(hi)) = (t.min_agents, t.max_agents) {
            if lo > hi {
                return Err(self.err(
                    &f("min_agents"),
                    format!("min_agents {lo} is above max_agents {hi}"),
                ));
            }
        }
        Ok(())
    }

    /// The shift options (start × pool × day) stay within [`MAX_SHIFT_OPTIONS`].
    fn check_shift_options(&self, templates: &[Template], site: &Site) -> Result<()> {
        let options: u64 = templates
            .iter()
            .map(|t| t.starts.len() as u64 * t.pools.len() as u64)
            .sum::<u64>()
            * u64::from(site.days);
        if options > MAX_SHIFT_OPTIONS {
            return Err(self.err(
                "shifts.templates",
                format!(
                    "the templates give {options} shifts to choose from (start times × pools × {} days); at most {MAX_SHIFT_OPTIONS}: start less often (like /30m or /1h), use fewer templates or plan fewer days",
                    site.days
                ),
            ));
        }
        Ok(())
    }

    /// A plan is of weekly tours or of daily shifts, not both: when one
    /// template has a week, every template needs one (its own or
    /// `shifts.week`).
    fn check_weeks_everywhere(&self, templates: &[Template]) -> Result<()> {
        let Some(with) = templates.iter().position(|t| t.week.is_some()) else {
            return Ok(());
        };
        match templates.iter().position(|t| t.week.is_none()) {
            None => Ok(()),
            Some(i) => Err(self.err(
                &format!("shifts.templates[{i}].week"),
                format!(
                    "template `{}` has no working week while `{}` has one: give it a week like {{work_days: 5}}, or set shifts.week for every template without its own",
                    templates[i].name, templates[with].name
                ),
            )),
        }
    }

    /// Shares of head count need weekly tours, `min_share` at most
    /// `max_share`, and in every pool the templates' least shares must add
    /// up to at most 1 and, when every template caps its share, the caps to
    /// at least 1.
    fn check_shares(&self, templates: &[Template], pool_ids: &[&str]) -> Result<()> {
        for (i, t) in templates.iter().enumerate() {
            let f = |k: &str| format!("shifts.templates[{i}].{k}");
            if t.has_share() && t.week.is_none() {
                return Err(self.err(
                    &f(if t.min_share.is_some() { "min_share" } else { "max_share" }),
                    "a share of the pool's agents needs weekly tours: give the template a week like {work_days: 5}, or shifts.week",
                ));
            }
            if let (Some(lo), Some(hi)) = (t.min_share, t.max_share) {
                if lo > hi {
                    return Err(self.err(
                        &f("min_share"),
                        format!("min_share {lo} is above max_share {hi}"),
                    ));
                }
            }
        }
        for (p, id) in pool_ids.iter().enumerate() {
            let own: Vec<&Template> = templates.iter().filter(|t| t.pools.contains(&p)).collect();
            if own.is_empty() {
                return Err(self.err(
                    "shifts.templates",
                    format!("no shift template serves pool `{id}`, so nobody can be planned for its queues: add `{id}` to a template's pools (a template without pools serves every pool)"),
                ));
            }
            let least: f64 = own.iter().filter_map(|t| t.min_share).sum();
            if least > 1.0 + 1e-9 {
                return Err(self.err(
                    "shifts.templates",
                    format!("in pool `{id}` the templates' min_share add up to {least}, above 1: lower them"),
                ));
            }
            let most: Option<f64> = own.iter().map(|t| t.max_share).sum();
            if most.is_some_and(|m| m < 1.0 - 1e-9) {
                return Err(self.err(
                    "shifts.templates",
                    format!("in pool `{id}` every template caps its share and the max_share add up to {}, below 1: no plan can fill the pool; raise one, or drop one", most.unwrap_or(0.0)),
                ));
            }
        }
        Ok(())
    }

    /// A template's week works no more full days than the template may start
    /// on (a `short` day, which counts in `work_days`, is its own template's).
    fn check_week_fits_days(&self, template: &Template, field: &str, short: bool) -> Result<()> {
        let open = (0u8..7)
            .filter_map(|d| chrono::Weekday::try_from(d).ok())
            .filter(|&d| template.days.contains(d))
            .count() as u32;
        let full = |w: &Week| w.work_days - u32::from(short);
        match template.week.as_ref().filter(|w| full(w) > open) {
            Some(w) => Err(self.err(
                &format!("{field}.days"),
                format!("the template starts on {open} day(s) of the week but its week works {} full: give it more days, or fewer work_days", full(w)),
            )),
            None => Ok(()),
        }
    }

    /// A working week at `field`: a horizon of whole weeks, 1 to 7 working
    /// days, a start drift of at most 12h.
    fn week(&self, w: &raw::RawWeek, site: &Site, field: &str) -> Result<Week> {
        if site.days % 7 != 0 {
            return Err(self.err(
                field,
                format!("weekly tours need a horizon of whole weeks; site.days is {}: use 7, 14, 21 or 28, or drop `week`", site.days),
            ));
        }
        if !(1..=7).contains(&w.work_days) {
            return Err(self.err(
                &format!("{field}.work_days"),
                format!("expected 1 to 7 working days a week, got {}", w.work_days),
            ));
        }
        let drift = w.start_drift.map_or(0.0, |d| d.secs());
        if drift.fract() != 0.0 || !(0.0..=43200.0).contains(&drift) {
            return Err(self.err(
                &format!("{field}.start_drift"),
                "expected a drift from 0 to 12h, like 1h",
            ));
        }
        Ok(Week {
            work_days: w.work_days,
            days_off: w.days_off.unwrap_or(DaysOff::Consecutive),
            start_drift_s: drift as u32,
            short_day: None,
        })
    }

    /// A cap on shifts starting (or ending) at one time, at `field`: from 1
    /// to [`MAX_AGENTS`] (a site's own caps are checked the same way).
    pub(super) fn check_trip_cap(&self, field: &str, what: &str, cap: Option<u32>) -> Result<()> {
        if let Some(n) = cap.filter(|n| *n > MAX_AGENTS) {
            return Err(self.err(
                field,
                format!("expected a number of {what} from 1 to {MAX_AGENTS}, got {n}"),
            ));
        }
        if cap == Some(0) {
            return Err(self.err(
                field,
                format!(
                    "a cap of 0 {what} leaves no shift to plan; give 1 or more, or leave it out"
                ),
            ));
        }
        Ok(())
    }
}
