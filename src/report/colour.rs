//! Colour for the terminal summary (bold titles and headers, status rows
//! green or red), only on a terminal and without `NO_COLOR`.

/// Whether to colour terminal output: stdout is a terminal and `NO_COLOR`
/// is unset or empty (<https://no-color.org>).
pub fn colour_enabled() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Colour a summary for a terminal: the title and table headers bold, rows
/// whose status is `met` green and `below target` red. The text is otherwise
/// unchanged, so the plain and coloured forms align alike.
pub fn styled(text: &str) -> String {
    const BOLD: &str = "\x1b[1m";
    const GREEN: &str = "\x1b[32m";
    const RED: &str = "\x1b[31m";
    const RESET: &str = "\x1b[0m";
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + 256);
    for (i, line) in lines.iter().enumerate() {
        let header = lines.get(i + 1).is_some_and(|next| next.starts_with("---"));
        let colour = if i == 0 || header {
            Some(BOLD)
        } else if line.ends_with("  below target") {
            Some(RED)
        } else if line.ends_with("  met") {
            Some(GREEN)
        } else {
            None
        };
        match colour {
            Some(c) if !line.is_empty() => out += &format!("{c}{line}{RESET}\n"),
            _ => {
                out += line;
                out += "\n";
            }
        }
    }
    if !text.ends_with('\n') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styled_colours_status_rows_and_keeps_the_text() {
        let text = "title\n\nqueue  status\n-----  ------\na      met\nb      below target\n";
        let out = styled(text);
        assert!(out.starts_with("\x1b[1mtitle\x1b[0m\n"));
        assert!(out.contains("\x1b[1mqueue  status\x1b[0m"));
        assert!(out.contains("\x1b[32ma      met\x1b[0m"));
        assert!(out.contains("\x1b[31mb      below target\x1b[0m"));
        let plain: String = out
            .replace("\x1b[1m", "")
            .replace("\x1b[32m", "")
            .replace("\x1b[31m", "")
            .replace("\x1b[0m", "");
        assert_eq!(plain, text);
    }
}
