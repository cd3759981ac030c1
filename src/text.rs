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
/// length, whichever check wrote them ([`crate::error::InputError`]'s text).
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

#[cfg(test)]
mod tests {
    use super::*;

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
