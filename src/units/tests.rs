//! Unit tests of the units: each parses what it should, and the message
//! of what it refuses.

use chrono::Weekday;

use super::*;

#[test]
fn durations() {
    assert_eq!("20s".parse::<Duration>().unwrap().secs(), 20.0);
    assert_eq!("6m".parse::<Duration>().unwrap().secs(), 360.0);
    assert_eq!("1h30m".parse::<Duration>().unwrap().secs(), 5400.0);
    assert_eq!("4.5m".parse::<Duration>().unwrap().secs(), 270.0);
    assert_eq!("1h0m15s".parse::<Duration>().unwrap().secs(), 3615.0);
    assert!("360"
        .parse::<Duration>()
        .unwrap_err()
        .contains("has no unit"));
    assert!("6 minutes".parse::<Duration>().is_err());
    assert!("30m1h".parse::<Duration>().is_err());
    assert!("".parse::<Duration>().is_err());
    assert!("m".parse::<Duration>().is_err());
    assert_eq!(Duration(5400.0).to_string(), "1h30m");
    assert_eq!(Duration(20.0).to_string(), "20s");
}

#[test]
fn cities_without_a_zone_point_to_their_zone() {
    for city in [
        "Asia/Lahore",
        "Asia/Islamabad",
        "Lahore",
        "asia/rawalpindi",
        "Asia/Faisalabad",
        "Asia/Peshawar",
        "Asia/Multan",
    ] {
        let e = parse_timezone(city).unwrap_err();
        assert!(e.contains("write timezone: Asia/Karachi"), "{city}: {e}");
    }
    for city in [
        "Asia/Mumbai",
        "Asia/Delhi",
        "Asia/New_Delhi",
        "Asia/Bangalore",
    ] {
        let e = parse_timezone(city).unwrap_err();
        assert!(e.contains("write timezone: Asia/Kolkata"), "{city}: {e}");
    }
    // Links and case slips.
    assert!(parse_timezone("US/Eastern").is_ok());
    assert!(parse_timezone("Asia/Calcutta").is_ok());
    let e = parse_timezone("asia/karachi").unwrap_err();
    assert!(e.ends_with("did you mean `Asia/Karachi`?"), "{e}");
    // A typo still gets the nearest spellings.
    let e = parse_timezone("Asia/Karachy").unwrap_err();
    assert!(e.contains("`Asia/Karachi`"), "{e}");
}

#[test]
fn handle_times_under_ten_seconds_are_slips() {
    let e = check_handle_time(6.0).unwrap_err();
    assert!(e.ends_with("did you mean 6m?"), "{e}");
    assert!(e.contains("a handle time of 6s"), "{e}");
    assert!(check_handle_time(9.5).is_err());
    assert!(check_handle_time(10.0).is_ok());
    assert!(check_handle_time(240.0).is_ok());
}

#[test]
fn service_levels() {
    let sl: ServiceLevel = "80/20".parse().unwrap();
    assert_eq!((sl.fraction, sl.seconds), (0.8, 20.0));
    let sl: ServiceLevel = "90/15s".parse().unwrap();
    assert_eq!((sl.fraction, sl.seconds), (0.9, 15.0));
    assert!("120/20"
        .parse::<ServiceLevel>()
        .unwrap_err()
        .contains("outside (0, 100]"));
    assert!("0/20".parse::<ServiceLevel>().is_err());
    assert!("80".parse::<ServiceLevel>().is_err());
    assert!("80/-5".parse::<ServiceLevel>().is_err());
    // A fraction where the percent goes, and the numbers swapped.
    let e = "0.8/20".parse::<ServiceLevel>().unwrap_err();
    assert!(e.contains("reads as 0.8% answered within 20 s"), "{e}");
    assert!(e.ends_with("did you mean 80/20?"), "{e}");
    let e = "20/80s".parse::<ServiceLevel>().unwrap_err();
    assert!(e.ends_with("did you mean 80/20?"), "{e}");
    // Low but plausible targets, and long thresholds, still pass.
    for ok in ["50/60", "60/40", "1/20", "80/300", "95/5"] {
        assert!(ok.parse::<ServiceLevel>().is_ok(), "{ok}");
    }
}

#[test]
fn fractions() {
    assert_eq!("0.88".parse::<Fraction>().unwrap().0, 0.88);
    assert_eq!("88%".parse::<Fraction>().unwrap().0, 0.88);
    assert!("1.5".parse::<Fraction>().is_err());
    assert!("-0.1".parse::<Fraction>().is_err());
    assert!("NaN".parse::<Fraction>().is_err());
}

#[test]
fn day_sets() {
    let wk: DaySet = "mon-fri".parse().unwrap();
    assert!(wk.contains(Weekday::Mon) && wk.contains(Weekday::Fri));
    assert!(!wk.contains(Weekday::Sat));
    let wrap: DaySet = "fri-mon".parse().unwrap();
    assert_eq!(wrap.days().count(), 4);
    assert_eq!("mon-sun".parse::<DaySet>().unwrap(), DaySet::ALL);
    assert_eq!("mon,wed".parse::<DaySet>().unwrap().to_string(), "mon,wed");
    assert!("mon-fry".parse::<DaySet>().is_err());
}

#[test]
fn time_ranges() {
    let r: TimeRange = "08:00-22:00".parse().unwrap();
    assert_eq!((r.start, r.end), (480, 1320));
    let r: TimeRange = "22:00-06:00".parse().unwrap();
    assert_eq!((r.start, r.end), (1320, 1800));
    let r: TimeRange = "00:00-24:00".parse().unwrap();
    assert_eq!(r.minutes(), 1440);
    assert!("08:00-08:00"
        .parse::<TimeRange>()
        .unwrap_err()
        .contains("empty"));
    assert!("25:00-26:00".parse::<TimeRange>().is_err());
    assert!("8-22".parse::<TimeRange>().is_err());
}

#[test]
fn start_times() {
    let s: StartTimes = "06:00-14:00/30m".parse().unwrap();
    assert_eq!(s.0.len(), 17);
    assert_eq!(s.0[0], 360);
    let s: StartTimes = "22:00-02:00/1h".parse().unwrap();
    assert_eq!(s.0, vec![0, 60, 120, 1320, 1380]);
    assert!("06:00-14:00/0m".parse::<StartTimes>().is_err());
}
