//! A plain aligned text table for the terminal: text columns left-aligned,
//! numbers right-aligned, a rule under the header.

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

    /// Add a row (missing cells are blank).
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
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
                    if numeric[c] {
                        format!("{v:>w$}", w = width[c])
                    } else {
                        format!("{v:<w$}", w = width[c])
                    }
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
}
