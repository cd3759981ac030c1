//! A variant of the base scenario: its name and overrides as typed after
//! `--variant`, and the folder name it is written under.

use crate::yaml::Override;

/// A named variant: overrides applied on top of the base.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Name, as shown in the table.
    pub name: String,
    /// Overrides, applied in order after the command line's `--set`.
    pub overrides: Vec<Override>,
}

impl Variant {
    /// Parse `NAME: KEY=VALUE, KEY=VALUE` as typed after `--variant`.
    ///
    /// Commas inside `{...}`, `[...]` or quotes belong to the value, so a
    /// value may be a YAML mapping: `hours: queues.uk-bank.hours={mon-fri: "08:00-20:00", sat: closed}`.
    pub fn parse_cli(text: &str) -> Result<Variant, String> {
        let usage = format!(
            "--variant `{text}`: expected 'NAME: KEY=VALUE, KEY=VALUE', like --variant 'AHT 5m: queues.us-retail.aht=5m'"
        );
        let eq = text.find('=');
        let colon = text
            .find(':')
            .filter(|c| eq.is_none_or(|e| *c < e))
            .ok_or_else(|| usage.clone())?;
        let name = text[..colon].trim();
        if name.is_empty() {
            return Err(format!("{usage}; the name before `:` is empty"));
        }
        let overrides = split_top_level(&text[colon + 1..])
            .into_iter()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|part| {
                Override::parse_cli(part)
                    .map(|o| Override {
                        origin: format!("--variant {name}: {part}"),
                        ..o
                    })
                    .map_err(|e| format!("--variant `{name}`: {}", e.trim_start_matches("--set ")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if overrides.is_empty() {
            return Err(format!("{usage}; `{name}` sets nothing"));
        }
        Ok(Variant {
            name: name.to_string(),
            overrides,
        })
    }
}

/// Split at commas outside brackets, braces and quotes.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, None::<char>, 0);
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '{' | '[') => depth += 1,
            (None, '}' | ']') => depth -= 1,
            (None, ',') if depth <= 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// A folder name for a variant: lower-case letters, digits and dashes.
/// `+15% volume` → `plus15pct-volume`, `80/20 -> 90/15` → `80-20-90-15`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        match c {
            '+' => out += "plus",
            '%' => out += "pct",
            c if c.is_ascii_alphanumeric() => out.push(c.to_ascii_lowercase()),
            _ => {
                if !out.is_empty() && !out.ends_with('-') {
                    out.push('-');
                }
            }
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "variant".to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_flags_split_at_top_level_commas() {
        let v = Variant::parse_cli(
                "late hours: queues.uk-bank.hours={mon-fri: \"08:00-20:00\", sat: closed}, queues.uk-bank.aht=4m",
            )
            .unwrap();
        assert_eq!(v.name, "late hours");
        assert_eq!(v.overrides.len(), 2);
        assert_eq!(v.overrides[0].path, "queues.uk-bank.hours");
        assert_eq!(
            v.overrides[0].value,
            "{mon-fri: \"08:00-20:00\", sat: closed}"
        );
        assert_eq!(
            v.overrides[1].origin,
            "--variant late hours: queues.uk-bank.aht=4m"
        );
    }

    #[test]
    fn variant_flags_need_a_name_and_a_setting() {
        for bad in ["queues.a.aht=4m", ": queues.a.aht=4m", "x:", "x: aht"] {
            assert!(Variant::parse_cli(bad).is_err(), "{bad}");
        }
        // A colon inside a value is not the name's colon.
        let v = Variant::parse_cli("early: queues.a.hours={mon: \"07:00-19:00\"}").unwrap();
        assert_eq!(v.name, "early");
    }

    #[test]
    fn slugs_are_folder_names() {
        assert_eq!(slug("+15% volume"), "plus15pct-volume");
        assert_eq!(slug("80/20 -> 90/15"), "80-20-90-15");
        assert_eq!(slug("AHT -10%"), "aht-10pct");
        assert_eq!(slug("→"), "variant");
    }
}
