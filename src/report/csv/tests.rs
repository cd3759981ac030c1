use super::{clock_once, text_cell, unguard, Csv};

#[test]
fn a_record_of_another_width_than_the_header_is_an_error() {
    let mut w = Csv::new();
    w.row(["a", "b"]).unwrap();
    w.row(["1", "2"]).unwrap();
    assert_eq!(w.finish().unwrap(), "a,b\n1,2\n");
    // The csv crate has written the short record's fields by the time it
    // refuses it, so the error must reach the caller, not be dropped.
    let mut w = Csv::new();
    w.row(["a", "b"]).unwrap();
    assert!(w.row(["3"]).is_err());
    let mut w = Csv::new();
    w.row(["a", "b"]).unwrap();
    assert!(w.row(["3", "4", "5"]).is_err());
}

#[test]
fn cells_a_spreadsheet_would_run_as_formulas_are_written_as_text() {
    let mut w = Csv::new();
    let cells = [
        "=1+2",
        "@cmd",
        "+15% volume",
        "-2+3",
        "\tx",
        "-3.5",
        "+12",
        "-",
        "a=b",
        "",
    ];
    w.row(cells).unwrap();
    // By hand: the first five are formulas to Excel, the rest are not.
    assert_eq!(
        w.finish().unwrap(),
        "'=1+2,'@cmd,'+15% volume,'-2+3,'\tx,-3.5,+12,-,a=b,\n"
    );
    for cell in cells {
        let written = text_cell(cell);
        let read = written.trim_matches('"');
        assert_eq!(unguard(read), cell, "{cell:?} read back");
    }
    // A cell that starts with ' but was not guarded is read as it is.
    assert_eq!(unguard("'tis"), "'tis");
    assert_eq!(text_cell("=SUM(A1,A2)"), "\"'=SUM(A1,A2)\"");
}

#[test]
fn a_clock_the_site_shows_twice_carries_its_utc_offset() {
    let u = |s: &str| s.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
    let london: chrono_tz::Tz = "Europe/London".parse().unwrap();
    // By hand: London's clocks go back at 02:00 BST on 2026-10-25, so
    // 01:00-01:59 happens twice, at UTC+1 then at UTC+0.
    assert_eq!(
        clock_once(u("2026-10-25T00:15:00Z"), london),
        "01:15 (UTC+1)"
    );
    assert_eq!(
        clock_once(u("2026-10-25T01:15:00Z"), london),
        "01:15 (UTC+0)"
    );
    assert_eq!(clock_once(u("2026-10-25T02:15:00Z"), london), "02:15");
    assert_eq!(clock_once(u("2026-10-24T23:45:00Z"), london), "00:45");
    // Lord Howe goes back half an hour at 02:00 (UTC+11 -> UTC+10:30) on
    // 2026-04-05: 01:45 is 14:45 UTC, then 15:15 UTC.
    let lord_howe: chrono_tz::Tz = "Australia/Lord_Howe".parse().unwrap();
    assert_eq!(
        clock_once(u("2026-04-04T14:45:00Z"), lord_howe),
        "01:45 (UTC+11)"
    );
    assert_eq!(
        clock_once(u("2026-04-04T15:15:00Z"), lord_howe),
        "01:45 (UTC+10:30)"
    );
    // Santiago goes back at 24:00 (UTC-3 -> UTC-4) on 2026-04-04.
    let santiago: chrono_tz::Tz = "America/Santiago".parse().unwrap();
    assert_eq!(
        clock_once(u("2026-04-05T02:15:00Z"), santiago),
        "23:15 (UTC-3)"
    );
    assert_eq!(
        clock_once(u("2026-04-05T03:15:00Z"), santiago),
        "23:15 (UTC-4)"
    );
    // Karachi never repeats a time.
    let karachi: chrono_tz::Tz = "Asia/Karachi".parse().unwrap();
    assert_eq!(clock_once(u("2026-10-25T01:15:00Z"), karachi), "06:15");
}
