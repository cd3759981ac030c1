use super::*;

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn tz(name: &str) -> Tz {
    name.parse().unwrap()
}

/// London goes from 01:00 GMT to 02:00 BST on 2026-03-29 and from 02:00
/// BST back to 01:00 GMT on 2026-10-25 (the published UK rule: the last
/// Sunday of March and of October at 01:00 UTC).
#[test]
fn london_skips_and_repeats_an_hour() {
    let e = resolve(tz("Europe/London"), at("2026-03-29 01:30"), None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "2026-03-29 01:30 does not exist in Europe/London: the clocks go forward from 01:00 to 02:00"
    );
    let e = resolve(tz("Europe/London"), at("2026-10-25 01:30"), None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "2026-10-25 01:30 happens twice in Europe/London: the clocks go back from 02:00 to 01:00, so it is 01:30+01:00 then 01:30+00:00"
    );
    let gmt = FixedOffset::east_opt(0).unwrap();
    let bst = FixedOffset::east_opt(3600).unwrap();
    let utc = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
    let lon = tz("Europe/London");
    let fall = at("2026-10-25 01:30");
    assert_eq!(
        resolve(lon, fall, Some(bst)),
        Ok(utc("2026-10-25T00:30:00Z"))
    );
    assert_eq!(
        resolve(lon, fall, Some(gmt)),
        Ok(utc("2026-10-25T01:30:00Z"))
    );
    let e = resolve(lon, at("2026-03-02 12:00"), Some(bst)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "2026-03-02 12:00 with offset +01:00 is not a time in Europe/London: that local time is only 12:00+00:00"
    );
}

/// Lord Howe Island moves 30 minutes: 02:00 (+10:30) → 02:30 (+11:00) on
/// Sunday 2026-10-04, and 02:00 (+11:00) → 01:30 (+10:30) on 2026-04-05.
#[test]
fn lord_howe_moves_half_an_hour() {
    let lhi = tz("Australia/Lord_Howe");
    let e = resolve(lhi, at("2026-10-04 02:15"), None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "2026-10-04 02:15 does not exist in Australia/Lord_Howe: the clocks go forward from 02:00 to 02:30"
    );
    let e = resolve(lhi, at("2026-04-05 01:45"), None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "2026-04-05 01:45 happens twice in Australia/Lord_Howe: the clocks go back from 02:00 to 01:30, so it is 01:45+11:00 then 01:45+10:30"
    );
    let d = NaiveDate::from_ymd_opt(2026, 10, 4).unwrap();
    // 02:00 and 02:15 do not exist; 01:30 and 02:30 do (30-minute grid).
    assert_eq!(grid_neighbours(lhi, d, 135, 30), vec![90, 150]);
    assert_eq!(grid_neighbours(lhi, d, 120, 15), vec![105, 150]);
    assert_eq!(grid_neighbours(lhi, d, 0, 30), vec![30]);
}
