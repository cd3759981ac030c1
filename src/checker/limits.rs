//! The plan-wide limits of the checker, over every shifts.csv row read:
//! the transport caps (`max_starts_per_slot`, `max_ends_per_slot`, all
//! pools of a site together, each site's own caps) and each
//! template's `min_agents`/`max_agents` per pool and day, and its
//! `min_share`/`max_share` of each pool's agents per week.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, Utc};

use super::{site_stamp, Checker, Row, Rule};

impl Checker<'_> {
    /// Agents starting at one instant, and ending at one instant, all
    /// pools of a site together, within the site's transport caps. A shift ends at its start
    /// plus its template's length (wrapped from the horizon's end to its
    /// start when `site.cyclic`, as its cover is).
    pub(super) fn trip_caps(&mut self) {
        let sc = self.sc;
        let (start, horizon) = (self.start, Duration::seconds(self.step * self.len as i64));
        let end_of = |r: &Row| {
            let length = i64::from(sc.shifts.templates[r.template].length_s);
            let end = r.start + Duration::seconds(length);
            if sc.site.cyclic && end >= start + horizon {
                end - horizon
            } else {
                end
            }
        };
        let mut over = Vec::new();
        // Each site of `sites:` counts its own pools' shifts against its
        // own caps (else the scenario's); without sites, one site.
        let sites: Vec<Option<usize>> = if sc.sites.is_empty() {
            vec![None]
        } else {
            (0..sc.sites.len()).map(Some).collect()
        };
        for site in sites {
            let own = site.map(|s| &sc.sites[s]);
            let caps = [
                (
                    "max_starts_per_slot",
                    "start",
                    false,
                    own.and_then(|s| s.max_starts_per_slot)
                        .or(sc.shifts.max_starts_per_slot),
                ),
                (
                    "max_ends_per_slot",
                    "end",
                    true,
                    own.and_then(|s| s.max_ends_per_slot)
                        .or(sc.shifts.max_ends_per_slot),
                ),
            ];
            for (key, noun, at_end, cap) in caps {
                let Some(cap) = cap else { continue };
                let mut at: BTreeMap<DateTime<Utc>, u32> = BTreeMap::new();
                for r in self.rows.iter().filter(|r| sc.pools[r.pool].site == site) {
                    let instant = if at_end { end_of(r) } else { r.start };
                    *at.entry(instant).or_default() += r.agents;
                }
                let whose = own.map_or(String::new(), |s| format!(" at site {}", s.id));
                for (t, n) in at.into_iter().filter(|&(_, n)| n > cap) {
                    over.push((
                        t,
                        n,
                        format!("at most {key} = {cap} agents at one {noun} time{whose}"),
                    ));
                }
            }
        }
        for (t, n, expected) in over {
            self.violation(
                Rule::TripCap,
                "shifts.csv".into(),
                None,
                Some(site_stamp(t, self.tz)),
                expected,
                format!("{n}"),
            );
        }
    }

    /// Each pool starts each template within its `min_agents`/`max_agents`
    /// on every day the template may start.
    pub(super) fn template_limits(&mut self) {
        let sc = self.sc;
        let mut per_day: BTreeMap<(usize, usize, usize), u32> = BTreeMap::new();
        for r in &self.rows {
            *per_day.entry((r.pool, r.template, r.day)).or_default() += r.agents;
        }
        for (t, template) in sc.shifts.templates.iter().enumerate() {
            if template.min_agents.is_none() && template.max_agents.is_none() {
                continue;
            }
            for &p in &template.pools {
                for day in 0..sc.site.days as usize {
                    let date = sc.site.start + Duration::days(day as i64);
                    if !template.days.contains(date.weekday()) {
                        continue;
                    }
                    let n = per_day.get(&(p, t, day)).copied().unwrap_or(0);
                    let lo = template.min_agents.unwrap_or(0);
                    let hi = template.max_agents.unwrap_or(u32::MAX);
                    if n < lo || n > hi {
                        self.violation(
                            Rule::TemplateLimits,
                            "shifts.csv".into(),
                            Some(sc.pools[p].id.as_str()),
                            Some(date.to_string()),
                            format!(
                                "{lo} to {} agents starting {}",
                                template
                                    .max_agents
                                    .map_or("any".to_string(), |h| h.to_string()),
                                template.name
                            ),
                            n.to_string(),
                        );
                    }
                }
            }
        }
    }

    /// Each template's agents within its `min_share`/`max_share` of each
    /// pool's agents in each week. A template's agents in a week are its
    /// agent-days divided by its working days (whole when its days split
    /// into tours, which [`Checker::tours`] checks).
    pub(super) fn template_shares(&mut self) {
        let sc = self.sc;
        if !sc.shifts.templates.iter().any(|t| t.has_share()) {
            return;
        }
        let mut heads: BTreeMap<(usize, usize, usize), f64> = BTreeMap::new();
        let mut weeks: BTreeMap<(usize, usize), f64> = BTreeMap::new();
        for r in &self.rows {
            let days = sc.shifts.templates[r.template]
                .week
                .as_ref()
                .map_or(1, |w| w.work_days);
            let n = f64::from(r.agents) / f64::from(days);
            let t = sc.shifts.tour_template(r.template);
            *heads.entry((r.pool, t, r.day / 7)).or_default() += n;
            *weeks.entry((r.pool, r.day / 7)).or_default() += n;
        }
        for ((p, w), all) in weeks {
            for (t, template) in sc.shifts.templates.iter().enumerate() {
                if !template.has_share() || !template.pools.contains(&p) {
                    continue;
                }
                let n = heads.get(&(p, t, w)).copied().unwrap_or(0.0);
                let lo = template.min_share.unwrap_or(0.0);
                let hi = template.max_share.unwrap_or(1.0);
                if n < lo * all - 1e-6 || n > hi * all + 1e-6 {
                    let date = sc.site.start + Duration::days(7 * w as i64);
                    self.violation(
                        Rule::TemplateLimits,
                        "shifts.csv".into(),
                        Some(sc.pools[p].id.as_str()),
                        Some(date.to_string()),
                        format!(
                            "{}% to {}% of the week's {all:.0} agents on {}",
                            lo * 100.0,
                            hi * 100.0,
                            template.name
                        ),
                        format!("{n:.1}"),
                    );
                }
            }
        }
    }
}
