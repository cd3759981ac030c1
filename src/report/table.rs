//! A plain aligned text table for the terminal: text columns left-aligned,
//! numbers right-aligned, a rule under the header.
//!
//! Cells longer than [`MAX_CELL`] characters are cut with `…` (the full text
//! is in the CSV and JSON outputs), and padding is added by hand rather than
//! with a format width, which panics past 65 535.

/// The most characters a cell shows; longer text ends in `…`.
pub const MAX_CELL: usize = 60;

pub use crate::text::clip;

/// `text` padded with spaces to `width` characters, on the right
/// (`right_align` false) or the left.
pub fn pad(text: &str, width: usize, right_align: bool) -> String {
    let fill = " ".repeat(width.saturating_sub(text.chars().count()));
    if right_align {
        fill + text
    } else {
        format!("{text}{fill}")
    }
}

/// A table being built.
#[derive(Debug, Clone, Default)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column titles.
    pub fn new(header: &[&str]) -> Table {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Add a row (missing cells are blank, long ones are clipped).
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows
            .push(cells.iter().map(|c| clip(c, MAX_CELL)).collect());
    }

    /// Render with two spaces between columns.
    pub fn render(&self) -> String {
        let cols = self.header.len();
        let cell = |r: &Vec<String>, c: usize| r.get(c).cloned().unwrap_or_default();
        let width: Vec<usize> = (0..cols)
            .map(|c| {
                self.rows
                    .iter()
                    .map(|r| cell(r, c).chars().count())
                    .chain([self.header[c].chars().count()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let numeric: Vec<bool> = (0..cols)
            .map(|c| {
                !self.rows.is_empty()
                    && self.rows.iter().all(|r| {
                        let v = cell(r, c);
                        v.is_empty()
                            || v.trim_end_matches('%')
                                .replace(',', "")
                                .parse::<f64>()
                                .is_ok()
                    })
            })
            .collect();
        let line = |cells: &dyn Fn(usize) -> String| {
            let parts: Vec<String> = (0..cols)
                .map(|c| {
                    let v = cells(c);
                    pad(&v, width[c], numeric[c])
                })
                .collect();
            parts.join("  ").trim_end().to_string() + "\n"
        };
        let mut out = line(&|c| self.header[c].clone());
        out += &line(&|c| "-".repeat(width[c]));
        for r in &self.rows {
            out += &line(&|c| cell(r, c));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_text_left_and_numbers_right() {
        let mut t = Table::new(&["queue", "agents"]);
        t.row(vec!["us-retail".into(), "12".into()]);
        t.row(vec!["uk".into(), "140".into()]);
        assert_eq!(
            t.render(),
            "queue      agents\n---------  ------\nus-retail      12\nuk            140\n"
        );
    }

    #[test]
    fn long_cells_are_clipped_not_a_panic() {
        // A format width above 65 535 panics; 70 000 characters must not.
        let mut t = Table::new(&["queue", "agents"]);
        t.row(vec!["q".repeat(70_000), "3".into()]);
        let out = t.render();
        let row = out.lines().nth(2).unwrap();
        // 59 letters and `…` fill the first column; "3" is right-aligned
        // under the six letters of "agents", after the two-space gap.
        let expected = format!("{}…       3", "q".repeat(MAX_CELL - 1));
        assert_eq!(row, expected);
        assert_eq!(pad("ab", 4, true), "  ab");
        assert_eq!(pad("ab", 4, false), "ab  ");
        assert_eq!(pad("abcdef", 4, false), "abcdef");
    }
}
