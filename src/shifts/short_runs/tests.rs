use chrono::TimeZone;

use super::*;

/// A gap of `pool` at `at` (Karachi site, 30-minute grid), New York's
/// queue open, `short` agents short, no shift able to cover it.
fn gap(pool: &str, at: DateTime<Utc>, short: f64) -> Gap {
    Gap {
        pool: pool.into(),
        at,
        site_tz: chrono_tz::Asia::Karachi,
        queues: vec![("ny".into(), chrono_tz::America::New_York)],
        short,
        length_s: 1800,
        blocker: Blocker::NoShift,
    }
}

#[test]
fn runs_cross_midnight_on_their_first_day_and_the_client_clock_moves_with_dst() {
    // Karachi is UTC+5 all year; New York UTC−5 until Sun 2026-03-08
    // 02:00 local, then UTC−4: its clock is the site's −10:00, then −9:00.
    let utc = |d, h, m| Utc.with_ymd_and_hms(2026, 3, d, h, m, 0).unwrap();
    let gaps = [
        // Sat 2026-03-07 23:00–00:30 site time (18:00–19:30 UTC): one run.
        gap("v", utc(7, 18, 0), 1.0),
        gap("v", utc(7, 18, 30), 1.5),
        gap("v", utc(7, 19, 0), 1.0),
        // Mon 2026-03-09 13:00 site time (08:00 UTC), after the change.
        gap("v", utc(9, 8, 0), 2.0),
    ];
    let text = summary(&gaps);
    let want = "  v: 4 interval(s) short (site time, agents short):\n\
                \x20   Sat 2026-03-07  23:00–00:30 1–1.5\n\
                \x20   Mon 2026-03-09  13:00–13:30 2\n\
                \x20   client time: ny = site −10:00 (−9:00 from Mon 2026-03-09 13:00)\n\
                \x20   why: no shift template can work then (check the templates' starts, lengths, days and pools)\n";
    assert_eq!(text, want);
}

#[test]
fn each_pool_and_blocker_is_its_own_block_and_long_lists_are_cut() {
    let utc = |d: u32, h| Utc.with_ymd_and_hms(2026, 3, d, h, 0, 0).unwrap();
    // One gap a day for 20 days in pool a (20 day lines: 14 shown), and
    // one in pool b.
    let mut gaps: Vec<Gap> = (0..20)
        .map(|k| gap("a", utc(1, 4) + Duration::days(k), 1.0))
        .collect();
    gaps.push(gap("b", utc(2, 4), 3.0));
    let text = summary(&gaps);
    assert!(text.contains("  a: 20 interval(s) short"), "{text}");
    assert!(text.contains("    ... and 6 more days\n"), "{text}");
    assert!(text.contains("  b: 1 interval(s) short"), "{text}");
    assert!(
        text.contains("    Mon 2026-03-02  09:00–09:30 3\n"),
        "{text}"
    );
    assert_eq!(text.matches("why: ").count(), 2);
}
