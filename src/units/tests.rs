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

#[test]
fn parts_rounded_to_their_total_add_up_where_rounding_each_drifts() {
    // Four rows of 10.125 (a 3.375 rate × 3 h): each rounds on its own to
    // 10.13 (or 10.12), 40.52 in all, against a total of 40.50. By hand:
    // floors 1012 × 4 = 4048 cents, 2 cents missing, all remainders 0.5,
    // so the first two rows get one cent each.
    let rows = [10.125; 4];
    let naive: f64 = rows.iter().map(|&x| round(x, 2)).sum();
    assert!((naive - 40.5).abs() > 0.015, "{naive}");
    assert_eq!(round_parts(&rows, 2), vec![10.13, 10.13, 10.12, 10.12]);
    // Three thirds: 0.33 × 3 = 0.99; the largest remainder (the first, on a
    // tie) takes the missing cent.
    assert_eq!(round_parts(&[1.0 / 3.0; 3], 2), vec![0.34, 0.33, 0.33]);
    // Largest remainder first: 0.114 (remainder 0.4), 0.227 (0.7),
    // 0.659 (0.9) add up to 1.000; floors 0.11 + 0.22 + 0.65 = 0.98, so
    // the two largest remainders (0.659, then 0.227) take a cent each.
    assert_eq!(
        round_parts(&[0.114, 0.227, 0.659], 2),
        vec![0.11, 0.23, 0.66]
    );
    // A total below the floors' sum takes units from the smallest
    // remainders: 1.00 + 1.00 to 1.99 gives the later row 0.99.
    assert_eq!(round_to_total(&[1.0, 1.0], 1.99, 2), vec![1.0, 0.99]);
    // Figures already in whole cents (up to floating-point noise) stay.
    assert_eq!(round_parts(&[0.29, 0.58, 1.15], 2), vec![0.29, 0.58, 1.15]);
    assert!(round_parts(&[], 2).is_empty());
}
