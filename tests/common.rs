//! Helpers shared by the integration tests: the binary, scratch files, CSV
//! reading, and an Erlang C written from the textbook formula so expected
//! figures never come from the crate under test.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The crate root. The binary runs from here, so tests can name files by
/// short relative paths and assert the exact paths in messages.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `staffplan`, run from the crate root.
pub fn staffplan() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_staffplan"));
    cmd.current_dir(root());
    cmd
}

/// Write `text` to `dir/name` and return the path.
pub fn write_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
    path
}

/// Write `yaml` as `dir/scenario.yaml` and return the path.
pub fn write_scenario(dir: &Path, yaml: &str) -> PathBuf {
    write_file(dir, "scenario.yaml", yaml)
}

/// A fresh temporary folder.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("creating a temporary folder")
}

/// A CSV file: its header and its rows as column → value maps.
pub struct Csv {
    /// Column names, in order.
    pub header: Vec<String>,
    /// One map per data row.
    pub rows: Vec<BTreeMap<String, String>>,
}

impl Csv {
    /// Parse CSV text.
    pub fn parse(text: &str) -> Csv {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .expect("a CSV header")
            .iter()
            .map(str::to_string)
            .collect();
        let rows = reader
            .records()
            .map(|r| {
                let r = r.expect("a CSV row");
                header
                    .iter()
                    .cloned()
                    .zip(r.iter().map(str::to_string))
                    .collect()
            })
            .collect();
        Csv { header, rows }
    }

    /// Read and parse a CSV file.
    pub fn read(path: &Path) -> Csv {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        Csv::parse(&text)
    }
}

/// A cell as a number.
pub fn num(row: &BTreeMap<String, String>, column: &str) -> f64 {
    let text = row
        .get(column)
        .unwrap_or_else(|| panic!("no column `{column}` in {row:?}"));
    text.parse()
        .unwrap_or_else(|_| panic!("`{column}` = `{text}` is not a number"))
}

/// Assert `actual` is within `tolerance` of `expected`.
pub fn assert_close(actual: f64, expected: f64, tolerance: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "{what}: got {actual}, expected {expected} ± {tolerance}"
    );
}

/// Erlang C probability of waiting with `n` agents and `a` Erlangs, from
/// the closed formula (Erlang 1917):
///
/// C(N, A) = (Aᴺ/N! · N/(N−A)) / (Σₖ₌₀ᴺ⁻¹ Aᵏ/k! + Aᴺ/N! · N/(N−A)),  N > A.
///
/// The crate uses the Erlang B recursion; this sums the Poisson terms
/// directly, so the two are independent. Fine for A up to a few hundred.
pub fn erlang_c(n: u32, a: f64) -> f64 {
    assert!(f64::from(n) > a, "Erlang C needs N > A");
    let mut term = 1.0; // Aᵏ/k!, from k = 0
    let mut below = 0.0;
    for k in 0..n {
        below += term;
        term *= a / f64::from(k + 1);
    }
    let top = term * f64::from(n) / (f64::from(n) - a);
    top / (below + top)
}

/// Erlang C service level: the share answered within `t` seconds,
/// SL = 1 − C(N, A)·e^(−(N−A)·T/AHT), and 0 when N ≤ A.
pub fn service_level(n: u32, a: f64, t: f64, aht: f64) -> f64 {
    if f64::from(n) <= a {
        return 0.0;
    }
    1.0 - erlang_c(n, a) * (-(f64::from(n) - a) * t / aht).exp()
}

#[test]
fn the_reference_erlang_c_matches_the_hand_calculation() {
    // A = 1: C(2, 1) = (1/2 · 2) / (1 + 1 + 1) = 1/3 and C(3, 1) = (1/6 · 3/2) / (1 + 1 + 1/2 + 1/4) = 1/11.
    assert_close(erlang_c(2, 1.0), 1.0 / 3.0, 1e-15, "C(2, 1)");
    assert_close(erlang_c(3, 1.0), 1.0 / 11.0, 1e-15, "C(3, 1)");
    assert_close(
        service_level(1, 1.0, 20.0, 180.0),
        0.0,
        0.0,
        "SL with N = A",
    );
}
