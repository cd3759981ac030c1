//! The short intervals as a manager reads them: per pool and blocker, runs
//! of consecutive intervals in site time, one line a day, each client's
//! clock against the site's, the blocker's hint once. The full
//! per-interval detail (client times, each interval's agents short) stays
//! in coverage.csv and report.html.

use std::fmt::Write as _;

use chrono::{DateTime, Duration, Offset, Utc};
use chrono_tz::Tz;

use super::{Blocker, Gap};

/// Day lines shown per pool and blocker before "... and N more days".
const MOST_DAYS: usize = 14;

/// Consecutive short intervals of one pool with one blocker.
struct Run {
    from: DateTime<Utc>,
    /// The end of the last interval.
    to: DateTime<Utc>,
    /// Least and most agents short over the run.
    short: (f64, f64),
}

/// The gaps (in pool, then time order, as [`super::gaps`] gives them) in
/// runs: per pool and blocker (in order of first appearance) a header
/// line, one line per site-local day of the runs that start on it
/// (`13:00–14:30 8`, agents short: one figure, or the least–most over the
/// run), each open queue's clock against the site's, and the blocker's
/// hint.
///
/// ```
/// # use staffplan::shifts::{gaps_summary, Blocker, Gap};
/// # use chrono::{TimeZone, Utc};
/// let at = |h, m| Utc.with_ymd_and_hms(2026, 3, 2, h, m, 0).unwrap();
/// let gap = |h, m, short| Gap {
///     pool: "voice".into(),
///     at: at(h, m),
///     site_tz: chrono_tz::UTC,
///     queues: vec![("uk".into(), chrono_tz::Europe::London)],
///     short,
///     length_s: 1800,
///     blocker: Blocker::NoShift,
/// };
/// let text = gaps_summary(&[gap(9, 0, 2.0), gap(9, 30, 3.0), gap(11, 0, 1.0)]);
/// assert!(text.contains("voice: 3 interval(s) short"));
/// assert!(text.contains("Mon 2026-03-02  09:00–10:00 2–3, 11:00–11:30 1\n"));
/// // London keeps GMT in early March: its clock is the site's (UTC).
/// assert!(text.contains("    client time: uk = site +0:00\n"));
/// ```
pub fn summary(gaps: &[Gap]) -> String {
    let mut blocks: Vec<(&str, &Blocker, Vec<&Gap>)> = Vec::new();
    for g in gaps {
        match blocks
            .iter_mut()
            .find(|(pool, blocker, _)| *pool == g.pool && **blocker == g.blocker)
        {
            Some((_, _, members)) => members.push(g),
            None => blocks.push((&g.pool, &g.blocker, vec![g])),
        }
    }
    let mut out = String::new();
    for (pool, blocker, members) in blocks {
        let _ = writeln!(
            out,
            "  {pool}: {} interval(s) short (site time, agents short):",
            members.len()
        );
        out += &day_lines(&members);
        out += &client_clocks(&members);
        let _ = writeln!(out, "    why: {blocker}");
    }
    out
}

/// The runs of `members` (one pool and blocker, in time order), one line
/// per site-local day they start on.
fn day_lines(members: &[&Gap]) -> String {
    let tz = members[0].site_tz;
    let mut runs: Vec<Run> = Vec::new();
    for g in members {
        let end = g.at + Duration::seconds(g.length_s);
        match runs.last_mut() {
            Some(run) if run.to == g.at => {
                run.to = end;
                run.short = (run.short.0.min(g.short), run.short.1.max(g.short));
            }
            _ => runs.push(Run {
                from: g.at,
                to: end,
                short: (g.short, g.short),
            }),
        }
    }
    let mut days: Vec<(String, Vec<String>)> = Vec::new();
    for run in &runs {
        let day = run
            .from
            .with_timezone(&tz)
            .format("%a %Y-%m-%d")
            .to_string();
        let text = format!(
            "{}–{} {}",
            run.from.with_timezone(&tz).format("%H:%M"),
            run.to.with_timezone(&tz).format("%H:%M"),
            agents(run.short)
        );
        match days.last_mut() {
            Some((d, texts)) if *d == day => texts.push(text),
            _ => days.push((day, vec![text])),
        }
    }
    let mut out = String::new();
    for (day, texts) in days.iter().take(MOST_DAYS) {
        let _ = writeln!(out, "    {day}  {}", texts.join(", "));
    }
    if days.len() > MOST_DAYS {
        let _ = writeln!(out, "    ... and {} more days", days.len() - MOST_DAYS);
    }
    out
}

/// Each open queue's clock against the site's over `members`
/// (`    client time: us-retail = site −10:00, uk-bank = site −5:00`), with
/// the site time from which it changes when a clock moves (daylight
/// saving); empty when no queue is open.
fn client_clocks(members: &[&Gap]) -> String {
    let mut clocks: Vec<(&str, Vec<Clock>)> = Vec::new();
    for g in members {
        let site = offset_s(g.at, g.site_tz);
        for (id, tz) in &g.queues {
            let diff = offset_s(g.at, *tz) - site;
            match clocks.iter_mut().find(|(q, _)| q == id) {
                Some((_, seen)) if seen.last().is_some_and(|&(d, _)| d == diff) => {}
                Some((_, seen)) => seen.push((diff, g.at)),
                None => clocks.push((id, vec![(diff, g.at)])),
            }
        }
    }
    if clocks.is_empty() {
        return String::new();
    }
    let tz = members[0].site_tz;
    let texts: Vec<String> = clocks
        .iter()
        .map(|(id, seen)| {
            let mut text = format!("{id} = site {}", hours(seen[0].0));
            for (diff, from) in &seen[1..] {
                let _ = write!(
                    text,
                    " ({} from {})",
                    hours(*diff),
                    from.with_timezone(&tz).format("%a %Y-%m-%d %H:%M")
                );
            }
            text
        })
        .collect();
    format!("    client time: {}\n", texts.join(", "))
}

/// A client's clock against the site's (seconds), from a site instant on.
type Clock = (i32, DateTime<Utc>);

/// The UTC offset of `tz` at `at`, seconds.
fn offset_s(at: DateTime<Utc>, tz: Tz) -> i32 {
    at.with_timezone(&tz).offset().fix().local_minus_utc()
}

/// An offset difference as `+5:00`, `−10:00` or `+0:00`.
fn hours(diff_s: i32) -> String {
    let sign = if diff_s < 0 { '−' } else { '+' };
    let a = diff_s.abs();
    format!("{sign}{}:{:02}", a / 3600, a % 3600 / 60)
}

/// Agents short over a run: `8`, `0.5`, or `1–3` when it varies.
fn agents((least, most): (f64, f64)) -> String {
    let one = |x: f64| {
        let text = format!("{x:.1}");
        text.strip_suffix(".0").map_or(text.clone(), str::to_string)
    };
    if most - least < 0.05 {
        one(most)
    } else {
        format!("{}–{}", one(least), one(most))
    }
}

#[cfg(test)]
mod tests;
