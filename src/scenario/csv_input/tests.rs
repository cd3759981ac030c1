//! Unit tests of the CSV inputs: local times across DST.

use super::*;
use chrono::{LocalResult, TimeZone};
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
