//! Errors a user can cause, with the place that caused them.
//!
//! Every problem with an input file becomes an [`InputError`]: the file, the
//! line and column where known, the field path (`queues[2].aht`) and a message
//! that says what would be valid. The commands map it to exit code 2
//! (`commands::exit_code`).

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

/// Where in an input a problem sits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    /// The file, as the user named it (or `--set` for command-line overrides).
    pub file: PathBuf,
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// 1-based column, where known.
    pub column: Option<usize>,
}

impl Location {
    /// A location in `file` without a line.
    pub fn file(file: &Path) -> Self {
        Location {
            file: file.to_path_buf(),
            line: None,
            column: None,
        }
    }

    /// A location at a line (and optional column) of `file`.
    pub fn at(file: &Path, line: usize, column: Option<usize>) -> Self {
        Location {
            file: file.to_path_buf(),
            line: Some(line),
            column,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ": line {line}")?;
            if let Some(column) = self.column {
                write!(f, ", column {column}")?;
            }
        }
        Ok(())
    }
}

/// The longest run of characters without a space that a message echoes
/// whole (a value the user gave: a number, a key, a cell).
pub const ECHO_MAX: usize = 60;

/// A value the user gave, as a message echoes it: whole up to
/// [`ECHO_MAX`] characters; longer, its first 30, `…` and its length, so a
/// 300-digit number reads `999999999999999999999999999999…(300 characters)`
/// and cannot pass for a shorter one.
pub fn echo(value: &str) -> String {
    let n = value.chars().count();
    if n <= ECHO_MAX {
        value.to_string()
    } else {
        let head: String = value.chars().take(30).collect();
        format!("{head}…({n} characters)")
    }
}

/// `message` with every run of more than [`ECHO_MAX`] characters without a
/// space shown as [`echo`] shows it, the quotes, backticks or punctuation
/// around it kept: the one place errors keep echoed values to a sane
/// length, whichever check wrote them ([`InputError`]'s text).
/// A run with a `/` or `\` (a path) is left whole.
pub fn clip_echoes(message: &str) -> Cow<'_, str> {
    let long = |w: &str| w.chars().count() > ECHO_MAX && !w.contains(['/', '\\']);
    if !message.split(char::is_whitespace).any(long) {
        return Cow::Borrowed(message);
    }
    let mut out = String::with_capacity(message.len().min(4096));
    let mut start = 0;
    for (i, c) in message.char_indices().chain([(message.len(), ' ')]) {
        if !c.is_whitespace() {
            continue;
        }
        let word = &message[start..i];
        if long(word) {
            let body = word.trim_start_matches(['`', '"', '\'', '(']);
            let core = body.trim_end_matches(['`', '"', '\'', ',', ';', ':', ')', '.']);
            out += &word[..word.len() - body.len()];
            out += &echo(core);
            out += &body[core.len()..];
        } else {
            out += word;
        }
        if i < message.len() {
            out.push(c);
        }
        start = i + c.len_utf8();
    }
    Cow::Owned(out)
}

/// A bad input: exit code 2.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{location}{}: {}", field_part(&clip_echoes(.field)), clip_echoes(.message))]
pub struct InputError {
    /// File, line, column.
    pub location: Location,
    /// Field path such as `queues[2].aht`, or a CSV column; empty when the
    /// problem is the whole file.
    pub field: String,
    /// What is wrong and what would be valid.
    pub message: String,
}

fn field_part(field: &str) -> String {
    if field.is_empty() {
        String::new()
    } else {
        format!(", {field}")
    }
}

impl InputError {
    /// A problem at `location` in `field`.
    pub fn new(location: Location, field: impl Into<String>, message: impl Into<String>) -> Self {
        InputError {
            location,
            field: field.into(),
            message: message.into(),
        }
    }
}

/// A bad flag combination that clap cannot see: exit code 2.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// The names in `candidates` closest to `word`, best first, for "did you mean" hints.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let word = word.to_ascii_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word, &c.to_ascii_lowercase()), c))
        .filter(|(score, _)| *score >= 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    // Only names about as close as the best one: a clear winner stands alone.
    let best = scored.first().map_or(0.0, |s| s.0);
    scored
        .into_iter()
        .filter(|(s, _)| *s >= best - 0.03)
        .take(3)
        .map(|(_, c)| c)
        .collect()
}

/// "; did you mean `x`?" or an empty string.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let near = nearest(word, candidates);
    match near.as_slice() {
        [] => String::new(),
        [one] => format!("; did you mean `{one}`?"),
        many => format!(
            "; did you mean one of {}?",
            many.iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_file_line_column_and_field() {
        let e = InputError::new(
            Location::at(Path::new("s.yaml"), 14, Some(10)),
            "queues[2].aht",
            "expected a duration like 6m or 360s",
        );
        assert_eq!(
            e.to_string(),
            "s.yaml: line 14, column 10, queues[2].aht: expected a duration like 6m or 360s"
        );
    }

    #[test]
    fn nearest_finds_typos() {
        assert_eq!(nearest("ahtt", ["aht", "pool", "hours"]), vec!["aht"]);
        assert!(nearest("zzz", ["aht", "pool"]).is_empty());
    }

    #[test]
    fn a_long_echo_keeps_30_characters_and_says_how_long_it_was() {
        let digits = "9".repeat(300);
        let thirty = "9".repeat(30);
        assert_eq!(echo(&digits), format!("{thirty}…(300 characters)"));
        assert_eq!(echo("4m"), "4m");
        let message = format!("`{digits}` has no unit: write 6m, got {digits}.");
        assert_eq!(
            clip_echoes(&message),
            format!(
                "`{thirty}…(300 characters)` has no unit: write 6m, got {thirty}…(300 characters)."
            )
        );
        // A path is left whole, however long; a short message is not copied.
        let path = format!("cannot read /tmp/{}/x.csv", "a".repeat(80));
        assert_eq!(clip_echoes(&path), path);
        assert!(matches!(clip_echoes("expected a number"), Cow::Borrowed(_)));
    }
}
