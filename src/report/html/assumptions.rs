//! The `assumptions` section of the plan page: costs and rules, the shift
//! templates, and the scenario as staffplan read it.

use super::{escape, header, row, thousands};
use crate::figures::FTE_HOURS_PER_WEEK;
use crate::pipeline::Planned;
use crate::scenario::{Coverage, Scenario, Template, Week};
use crate::staffing::Staffed;
use crate::timegrid::stamp;
use crate::units::Duration as Dur;

/// The `assumptions` section: costs and rules, the shift templates, and the
/// scenario as staffplan read it.
pub(super) fn assumptions(p: &Planned) -> String {
    let s = &p.staffed;
    let mut out = String::from("<h3>Costs and rules</h3>\n<ul>\n");
    out += &costs_item(&s.scenario);
    out += &rules_items(s);
    for f in &p.figures.splits {
        if let Some(text) = crate::report::sites::choice_text(f) {
            out += &format!("<li>{}</li>\n", escape(&text));
        }
    }
    out += "</ul>\n<h3>Shift templates</h3>\n<table>\n";
    out += &header(&["template", "paid", "length", "starts", "breaks"], &[]);
    for t in &s.scenario.shifts.templates {
        out += &template_row(t);
    }
    out += "</table>\n<h3>The scenario as staffplan read it</h3>\n<pre>";
    out += &escape(&crate::report::terminal::check(s));
    out += "</pre>\n";
    out
}

/// The costs: the hourly rate with its night and weekend multipliers, or
/// that cost is paid hours.
fn costs_item(sc: &Scenario) -> String {
    let c = &sc.costs;
    if !c.priced {
        return "<li>no hourly rate: cost is paid hours</li>\n".to_string();
    }
    let mut out = format!(
        "<li>{} {} per paid hour",
        thousands(c.hourly, 2),
        escape(&sc.currency)
    );
    if let Some((window, m)) = c.night {
        out += &format!("; night {} ×{}", escape(&window.to_string()), m);
    }
    out += &format!("; weekend ×{}</li>\n", c.weekend_multiplier);
    for site in &sc.sites {
        let cap = |key: &str, n: Option<u32>| n.map_or(String::new(), |n| format!("; {key} {n}"));
        out += &format!(
            "<li>site {}: {} {} per paid hour{}{}</li>\n",
            escape(&site.name),
            thousands(site.hourly, 2),
            escape(&sc.currency),
            cap("max_starts_per_slot", site.max_starts_per_slot),
            cap("max_ends_per_slot", site.max_ends_per_slot)
        );
    }
    if let Some(h) = crate::report::sites::holiday_text(sc) {
        out += &format!("<li>{}</li>\n", escape(&h));
    }
    out
}

/// The rules: coverage and the start cap, the working week, what FTE counts
/// and the first interval.
fn rules_items(s: &Staffed) -> String {
    let sh = &s.scenario.shifts;
    let mut out = format!(
        "<li>coverage {}{}</li>\n",
        if sh.coverage == Some(Coverage::Soft) {
            "soft (shortfall priced)"
        } else {
            "hard (every interval covered)"
        },
        sh.max_starts_per_slot.map_or(String::new(), |cap| format!(
            "; at most {cap} agents start at any one time (transport seats)"
        )) + &sh.max_ends_per_slot.map_or(String::new(), |cap| format!(
            "; at most {cap} agents end at any one time (the drop-off)"
        ))
    );
    if let Some(w) = sh.common_week() {
        out += &week_item(w, None);
    } else {
        for t in sh.templates.iter().filter(|t| t.short_of.is_none()) {
            if let Some(w) = &t.week {
                out += &week_item(w, Some(&t.name));
            }
        }
    }
    out += &format!(
        "<li>FTE counts {FTE_HOURS_PER_WEEK:.0} paid hours a week; the evaluation takes each pool's shrinkage off the agents on the floor; first interval {}</li>\n",
        escape(&stamp(s.grid.at(0), s.grid.site_tz))
    );
    out
}

/// One template's row: paid time, length, its starts and its breaks.
/// A working week as a list item, for every template or for one.
fn week_item(w: &Week, template: Option<&str>) -> String {
    let who = template.map_or(String::new(), |name| format!("{}: ", escape(name)));
    let off = format!("{:?}", w.days_off).to_lowercase();
    format!(
        "<li>{who}{}, days off {off}</li>\n",
        w.days_text("work days")
    )
}

fn template_row(t: &Template) -> String {
    let starts = starts_text(&t.starts);
    let breaks: Vec<String> = t
        .breaks
        .iter()
        .map(|b| {
            format!(
                "{} {}, starting {}–{} into the shift",
                Dur(f64::from(b.length_s)),
                if b.paid { "paid" } else { "unpaid" },
                Dur(f64::from(b.earliest_s)),
                Dur(f64::from(b.latest_s))
            )
        })
        .collect();
    row(
        &[
            escape(&t.name),
            Dur(f64::from(t.paid_s)).to_string(),
            Dur(f64::from(t.length_s)).to_string(),
            starts,
            escape(&breaks.join("; ")),
        ],
        &[],
    )
}

/// Start times (minutes after midnight) as runs around the clock, each a
/// step apart: `18:00–02:00 every 30m (17 starts)` for a night template,
/// not the `00:00–23:30` of its earliest and latest start.
fn starts_text(starts: &[u32]) -> String {
    let hm = |m: u32| format!("{:02}:{:02}", m / 60 % 24, m % 60);
    let mut starts: Vec<u32> = starts.iter().map(|m| m % 1440).collect();
    starts.sort_unstable();
    starts.dedup();
    let n = starts.len();
    match n {
        0 => return "-".into(),
        1 => return hm(starts[0]),
        _ => {}
    }
    // Minutes since the start before, around the clock.
    let gap_before = |i: usize| (starts[i] + 1440 - starts[(i + n - 1) % n]) % 1440;
    let step = (0..n).map(gap_before).min().unwrap_or(0);
    // A run begins after a longer gap; with none, at the earliest start.
    let first = (0..n).find(|&i| gap_before(i) != step).unwrap_or(0);
    let mut runs = Vec::new();
    let mut begin = first;
    for k in 1..=n {
        let i = (first + k) % n;
        if k == n || gap_before(i) != step {
            let end = (first + k - 1) % n;
            runs.push(if begin == end {
                hm(starts[begin])
            } else {
                format!("{}–{}", hm(starts[begin]), hm(starts[end]))
            });
            begin = i;
        }
    }
    format!(
        "{} every {} ({n} starts)",
        runs.join(", "),
        Dur(f64::from(step * 60))
    )
}

#[cfg(test)]
mod tests {
    use super::starts_text;

    #[test]
    fn starts_read_as_runs_around_the_clock() {
        // Worked by hand from the templates' `starts:` strings.
        let every = |from: u32, to: u32| (from..=to).step_by(30).collect::<Vec<u32>>();
        let night = [every(0, 120), every(1080, 1410)].concat(); // 18:00-02:00/30m
        assert_eq!(starts_text(&night), "18:00–02:00 every 30m (17 starts)");
        assert_eq!(
            starts_text(&every(360, 720)),
            "06:00–12:00 every 30m (13 starts)"
        );
        assert_eq!(
            starts_text(&every(0, 1410)),
            "00:00–23:30 every 30m (48 starts)"
        );
        let two = [every(360, 420), every(1080, 1110)].concat();
        assert_eq!(
            starts_text(&two),
            "06:00–07:00, 18:00–18:30 every 30m (5 starts)"
        );
        assert_eq!(starts_text(&[540]), "09:00");
    }
}
