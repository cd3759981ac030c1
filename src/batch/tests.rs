//! Unit tests of `erlang --batch`: figures against reference examples, line
//! numbers, messages, chunks and threads.

use std::fmt::Write as _;

use csv::ReaderBuilder;

use super::figures::{push_cell, push_number};
use super::*;

fn run(input: &str) -> Result<(BatchStats, String), BatchError> {
    let mut out = Vec::new();
    let stats = run_batch(input.as_bytes(), &mut out)?;
    Ok((stats, String::from_utf8(out).unwrap()))
}

#[test]
fn line_numbers_count_blank_lines_and_crlf() {
    // Counted by hand: header 1, blank 2 and 3, a good row 4, blank 5,
    // the bad row 6; and the same with CRLF and no final newline.
    let input = "volume,interval_s,aht_s,sl_target,sl_seconds\n\n\n10,1800,180,0.8,20\n\nx,1800,180,0.8,20\n";
    assert_eq!(run(input).unwrap_err().line(), Some(6));
    let input = "volume,interval_s,aht_s,sl_target,sl_seconds\r\n\r\n10,1800,180,0.8,20\r\n10,1800,-3,0.8,20";
    assert_eq!(run(input).unwrap_err().line(), Some(4));
}

fn cells(line: &str) -> Vec<String> {
    let mut r = ReaderBuilder::new()
        .has_headers(false)
        .from_reader(line.as_bytes());
    r.records()
        .next()
        .unwrap()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect()
}

fn num(s: &str) -> f64 {
    s.parse().unwrap()
}

#[test]
fn small_file_with_pass_through_agents_and_patience() {
    let input = "\
queue,volume,interval_s,aht_s,sl_target,sl_seconds,shrinkage,agents,patience_s,note
us-retail,10,1800,180,0.8,20,,,,plain
uk,55,1800,300,0.9,15,0.3,,,\"has, comma\"
uk,10,1800,180,0.8,20,0.0,2,,reverse
gulf,60,1800,240,0.8,20,,8,120,erlang a
";
    let (stats, out) = run(input).unwrap();
    assert_eq!(
        stats,
        BatchStats {
            rows: 4,
            reverse_rows: 2,
            erlang_a_rows: 1
        }
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "queue,volume,interval_s,aht_s,sl_target,sl_seconds,shrinkage,agents,patience_s,note,\
         erlangs,required_agents,required_with_shrinkage,agents_used,sl,asa_s,p_wait,occupancy,\
         p_abandon"
    );
    let rows: Vec<Vec<String>> = lines[1..].iter().map(|l| cells(l)).collect();
    // Input cells come back unchanged, in order.
    assert_eq!(
        rows[1][..10],
        [
            "uk",
            "55",
            "1800",
            "300",
            "0.9",
            "15",
            "0.3",
            "",
            "",
            "has, comma"
        ]
    );
    // Reference example 2 (A = 1, 3 agents) and example 3 (14 agents, 20 gross).
    assert_eq!(rows[0][10..14], ["1", "3", "3", "3"]);
    assert!((num(&rows[0][14]) - 0.927205690643927).abs() < 1e-12);
    assert_eq!(rows[0][18], "", "no patience on this row");
    assert_eq!(rows[1][11..14], ["14", "20", "14"]);
    assert!((num(&rows[1][14]) - 0.920968040706728).abs() < 1e-12);
    // Reverse calculation at 2 agents: SL = 1 − e^{−1/9}/3, ASA 60 s; still
    // reports the requirement (3).
    assert_eq!(rows[2][11..14], ["3", "3", "2"]);
    assert!((num(&rows[2][14]) - (1.0 - (-1.0_f64 / 9.0).exp() / 3.0)).abs() < 1e-15);
    assert!((num(&rows[2][15]) - 60.0).abs() < 1e-12);
    // Erlang A reference example 1 at 8 agents.
    assert_eq!(rows[3][13], "8");
    assert!((num(&rows[3][14]) - 0.626344193771).abs() < 1e-9);
    assert!((num(&rows[3][15]) - 16.212329580).abs() < 1e-7);
    assert!((num(&rows[3][18]) - 0.162738046251).abs() < 1e-9);
}

#[test]
fn no_column_name_is_written_twice() {
    // An `asa_s` target keeps its name; the achieved ASA is renamed.
    let input = "volume,interval_s,aht_s,sl_target,sl_seconds,asa_s\n10,1800,180,0.8,20,30\n";
    let (_, out) = run(input).unwrap();
    let header = cells(out.lines().next().unwrap());
    assert_eq!(header.iter().filter(|h| *h == "asa_s").count(), 1);
    assert_eq!(header[5], "asa_s");
    assert_eq!(header[11], ACHIEVED_ASA);
    // A pass-through column named like an output is refused at line 1.
    for clash in [
        "sl",
        "erlangs",
        "p_abandon",
        "required_sessions",
        ACHIEVED_ASA,
    ] {
        let input =
            format!("volume,interval_s,aht_s,sl_target,sl_seconds,{clash}\n10,1800,180,0.8,20,x\n");
        let err = run(&input).unwrap_err();
        assert_eq!((err.line(), err.column()), (Some(1), Some(clash)), "{err}");
        assert!(err.to_string().contains("rename it"), "{err}");
    }
}

#[test]
fn chat_reports_sessions() {
    let input = "volume,interval_s,aht_s,sl_target,sl_seconds,concurrency\n55,1800,300,0.9,15,2\n";
    let (_, out) = run(input).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].ends_with(",occupancy,required_sessions"));
    let row = cells(lines[1]);
    assert_eq!(row[7], "7"); // required agents: ⌈14 sessions / 2⌉
    assert_eq!(row[14], "14");
}

#[test]
fn bad_value_names_line_and_column() {
    let input = "\
volume,interval_s,aht_s,sl_target,sl_seconds
10,1800,180,0.8,20
10,1800,180,0.8,20
10,1800,-3,0.8,20
10,1800,180,80,20
";
    let err = run(input).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 4, column aht_s: expected a positive number of seconds, got \"-3\""
    );
    assert_eq!((err.line(), err.column()), (Some(4), Some("aht_s")));
    let cases = [
        (
            "80,1800,180,80,20",
            "sl_target",
            "expected a fraction in (0, 1], e.g. 0.8 for 80 %, got \"80\"",
        ),
        (
            "x,1800,180,0.8,20",
            "volume",
            "expected a number of contacts >= 0, got \"x\"",
        ),
        (
            "1,0,180,0.8,20",
            "interval_s",
            "expected a positive number of seconds, got \"0\"",
        ),
        (
            "1,1800,NaN,0.8,20",
            "aht_s",
            "expected a positive number of seconds, got \"NaN\"",
        ),
        (
            "1,1800,180,0.8,",
            "sl_seconds",
            "expected a number of seconds >= 0, got \"\"",
        ),
    ];
    for (row, column, message) in cases {
        let input = format!("volume,interval_s,aht_s,sl_target,sl_seconds\n{row}\n");
        let err = run(&input).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("line 2, column {column}: {message}")
        );
    }
    let optional = [
        ("concurrency", "1.5"),
        ("concurrency", "0"),
        ("agents", "-1"),
        ("shrinkage", "1"),
        ("max_occupancy", "0"),
        ("patience_s", "-5"),
        ("asa_s", "0"),
    ];
    for (column, value) in optional {
        let input = format!(
            "volume,interval_s,aht_s,sl_target,sl_seconds,{column}\n1,1800,180,0.8,20,{value}\n"
        );
        let err = run(&input).unwrap_err();
        assert_eq!((err.line(), err.column()), (Some(2), Some(column)), "{err}");
    }
}

#[test]
fn unmeetable_target_and_ragged_rows() {
    let input = "volume,interval_s,aht_s,sl_target,sl_seconds\n10,1800,180,1,20\n";
    let err = run(input).unwrap_err();
    assert_eq!(err.column(), Some("sl_target"));
    assert!(
        err.to_string()
            .starts_with("line 2, column sl_target: a service level of 100 % can never be met"),
        "{err}"
    );
    let input = "volume,interval_s,aht_s,sl_target,sl_seconds\n10,1800,180,0.8,20\n10,1800\n";
    let err = run(input).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 3: expected 5 fields like the header, got 2"
    );
}

#[test]
fn missing_column_is_named() {
    let err = run("volume,interval_s,aht,sl_target,sl_seconds\n1,1800,180,0.8,20\n").unwrap_err();
    assert_eq!((err.line(), err.column()), (Some(1), Some("aht_s")));
    let text = err.to_string();
    assert!(text.contains("missing required column aht_s"), "{text}");
    assert!(
        text.contains("volume, interval_s, aht_s, sl_target, sl_seconds"),
        "{text}"
    );
    assert_eq!(run("").unwrap_err().line(), Some(1));
    let twice = run("volume,volume,interval_s,aht_s,sl_target,sl_seconds\n").unwrap_err();
    assert_eq!(twice.column(), Some("volume"));
    let (stats, out) = run("volume,interval_s,aht_s,sl_target,sl_seconds\n").unwrap();
    assert_eq!((stats.rows, out.lines().count()), (0, 1));
}

fn big_file(rows: usize, bad: &[usize]) -> String {
    let mut s = String::from("id,volume,interval_s,aht_s,sl_target,sl_seconds,max_occupancy\n");
    let mut x: u64 = 1;
    for i in 0..rows {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let volume = (x >> 33) % 1000;
        let aht = 120 + (x >> 20) % 480;
        let line = i + 2;
        let occ = if bad.contains(&line) { "1.5" } else { "0.9" };
        let _ = writeln!(s, "{i},{volume},1800,{aht},0.8,20,{occ}");
    }
    s
}

#[test]
fn first_bad_line_in_file_order_across_chunks() {
    let rows = 2 * CHUNK_ROWS + 100;
    for bad in [
        vec![3_000, 70_000],
        vec![70_000, 140_000],
        vec![CHUNK_ROWS + 2, 5],
    ] {
        let err = run(&big_file(rows, &bad)).unwrap_err();
        let first = *bad.iter().min().unwrap() as u64;
        assert_eq!(
            (err.line(), err.column()),
            (Some(first), Some("max_occupancy"))
        );
    }
}

#[test]
fn output_does_not_depend_on_thread_count() {
    let input = big_file(CHUNK_ROWS + 5_000, &[]);
    let with = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| run(&input).unwrap())
    };
    let (one, four) = (with(1), with(4));
    assert_eq!(one.0.rows, (CHUNK_ROWS + 5_000) as u64);
    assert!(one.1 == four.1, "outputs differ");
    assert_eq!(one.1.lines().count(), CHUNK_ROWS + 5_001);
}

proptest::proptest! {
    #[test]
    fn any_input_gives_rows_or_an_error_never_a_panic(
        rows in proptest::collection::vec(
            proptest::collection::vec(
                proptest::sample::select(vec![
                    "", "-1", "0", "1", "0.5", "1.5", "3600", "1e308", "NaN", "inf",
                    "abc", "\"q,uoted\"", "2", "1e-300", " 7 ",
                ]),
                5..9,
            ),
            0..20,
        ),
        header_extra in proptest::sample::select(vec![
            "", ",agents", ",patience_s,concurrency", ",asa_s,max_occupancy,shrinkage,agents",
        ]),
    ) {
        let mut input = format!("volume,interval_s,aht_s,sl_target,sl_seconds{header_extra}\n");
        for row in rows {
            input.push_str(&row.join(","));
            input.push('\n');
        }
        match run(&input) {
            Ok((stats, out)) => proptest::prop_assert_eq!(out.lines().count() as u64, stats.rows + 1),
            Err(e) => proptest::prop_assert!(e.line().is_some()),
        }
    }
}

#[test]
fn numbers_are_printed_in_full_and_tiny_ones_in_scientific_form() {
    let mut s = String::new();
    push_number(&mut s, 0.1);
    assert_eq!(s, "0.1");
    push_number(&mut s, 1e-300);
    assert_eq!(s, "1e-300");
    push_number(&mut s, f64::INFINITY);
    assert_eq!(s, "inf");
    push_number(&mut s, 0.0);
    assert_eq!(s, "0");
}

proptest::proptest! {
    /// Checked against core's formatting as a second method: the same
    /// number read back, in as many characters (both are the shortest
    /// round-trip form; they may differ only on an exact tie), and the same
    /// text outside the two fast paths' domain.
    #[test]
    fn numbers_read_back_exactly_in_cores_length(
        bits in proptest::num::u64::ANY,
        whole in -1_000_000_000i64..1_000_000_000,
        scale in -30i32..30,
    ) {
        for x in [f64::from_bits(bits), whole as f64, whole as f64 * 10f64.powi(scale)] {
            let mut s = String::new();
            push_number(&mut s, x);
            let core = if x != 0.0 && x.is_finite() && x.abs() < 1e-5 {
                format!("{x:e}")
            } else {
                format!("{x}")
            };
            if x.is_nan() {
                proptest::prop_assert_eq!(&s, &core);
            } else {
                proptest::prop_assert_eq!(s.parse::<f64>().unwrap().to_bits(), x.to_bits(), "{} from {}", s, x);
                proptest::prop_assert_eq!(s.len(), core.len(), "{} against {}", s, core);
            }
        }
    }

    /// Cells are quoted exactly as the csv crate quotes them.
    #[test]
    fn cells_are_quoted_as_the_csv_crate_quotes_them(
        field in proptest::collection::vec(
            proptest::sample::select(vec![b'a', b' ', b',', b'"', b'\n', b'\r', b'#', 0xc3, 0xa9]),
            0..12,
        ),
    ) {
        let mut ours = Vec::new();
        push_cell(&mut ours, &field);
        ours.extend_from_slice(b",x\n");
        let mut theirs = csv::Writer::from_writer(Vec::new());
        theirs.write_record([&field[..], b"x"]).unwrap();
        proptest::prop_assert_eq!(ours, theirs.into_inner().unwrap());
    }
}

#[test]
fn an_exact_tie_takes_the_even_digit_and_reads_back() {
    // 65548.729736328125 = 65548 + 2989/4096 exactly, halfway between the
    // two shortest forms ...2981 and ...2982 (worked by hand); core rounds
    // the tie up, zmij to the even digit.
    let x = 65548.0 + 2989.0 / 4096.0;
    let mut s = String::new();
    push_number(&mut s, x);
    assert_eq!(s, "65548.72973632812");
    assert_eq!(format!("{x}"), "65548.72973632813");
    assert_eq!(s.parse::<f64>().unwrap(), x);
}
