//! Small text helpers shared by messages (the `--set` origin of an error)
//! and tables.

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
