//! Small text helpers shared by messages (the `--set` origin of an error),
//! tables and CSV cells.

use std::borrow::Cow;

/// `text`, cut to `max` characters with a trailing `…` when longer.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// A cell as a spreadsheet should take it. Excel and its peers run a cell
/// starting with `=`, `+`, `-` or `@` (or a tab or carriage return) as a
/// formula: a what-if called `+15% volume` shows as #NAME?, and a name
/// from a user's file such as `=HYPERLINK(…)` would run. Such a cell gets a
/// leading `'` (the OWASP advice against CSV injection), unless it is a
/// number (`-3.5`, `+12`) or a lone sign; [`unguard`] takes it off again.
pub fn guard(cell: &[u8]) -> Cow<'_, [u8]> {
    let risky = match cell.first() {
        Some(b'=' | b'@' | b'\t' | b'\r') => true,
        Some(b'+' | b'-') => {
            cell.len() > 1 && std::str::from_utf8(cell).map_or(true, |t| t.parse::<f64>().is_err())
        }
        _ => false,
    };
    if risky {
        Cow::Owned([b"'".as_slice(), cell].concat())
    } else {
        Cow::Borrowed(cell)
    }
}

/// A cell as [`guard`] had it before: the leading `'` taken off a cell it
/// guarded.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if guard(rest.as_bytes()).len() > rest.len() => rest,
        _ => cell,
    }
}

/// One text cell as a CSV line holds it: [`guard`]ed, and quoted when it
/// holds a comma, a quote or a line break, for files written line by line.
pub fn text_cell(text: &str) -> String {
    let guarded = guard(text.as_bytes());
    let text = String::from_utf8_lossy(&guarded);
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.into_owned()
    }
}
