//! The one place that knows the YAML library.
//!
//! `serde_yaml` parses the text (syntax errors, duplicate keys and type errors
//! come with a line and column), `--set` overrides are applied to the parsed
//! tree, and the tree is deserialized into the scenario's raw types while
//! `serde_path_to_error` records the field path. Errors found after parsing
//! (unknown time zone, shares that do not sum to 1) are placed with a field
//! path → line map built from the same text by `yaml-rust2`'s event parser
//! (which, unlike a node loader, keeps going through anchors and aliases: a
//! field inside an alias is placed at the alias), so every error names file,
//! line, column and field (`spans.rs`). `serde_yaml` is unmaintained
//! upstream: swapping in a fork touches only this file.

mod spans;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_yaml::Value;

use crate::error::{did_you_mean, InputError, Location};
use spans::collect_spans;

/// A parsed YAML file: its tree, where each field sits, and which fields
/// were set from outside the file.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file as the user named it.
    pub path: PathBuf,
    /// The tree, after overrides.
    pub value: Value,
    spans: BTreeMap<String, (usize, usize)>,
    overridden: Vec<(String, String)>,
}

/// One `KEY=VALUE` override by dotted path; `origin` says where it came from
/// (`--set ...` or a what-if) for error messages.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// Dotted path: `queues.us-retail.aht`, `queues.*.forecast.scale`.
    pub path: String,
    /// The value, as YAML text (`300s`, `1.1`, `true`).
    pub value: String,
    /// Where the override came from, for messages.
    pub origin: String,
}

impl Override {
    /// Parse `KEY=VALUE` as typed on the command line.
    pub fn parse_cli(text: &str) -> Result<Override, String> {
        let (path, value) = text.split_once('=').ok_or_else(|| {
            format!("--set `{text}`: expected KEY=VALUE, like queues.us-retail.aht=300s")
        })?;
        let path = indices_dotted(path.trim());
        if path.is_empty() || path.split('.').any(str::is_empty) {
            return Err(format!(
                "--set `{text}`: the key must be a dotted path like queues.*.forecast.scale"
            ));
        }
        Ok(Override {
            path,
            value: value.trim().to_string(),
            // A long value is cut in messages (the whole of it is in the command).
            origin: format!("--set {}", crate::text::clip(text, 100)),
        })
    }
}

/// `path` with each list index written as messages name it (`templates[0]`)
/// in the dotted form (`templates.0`); anything else is left as it is.
fn indices_dotted(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(open) = rest.find('[') {
        let digits = rest[open + 1..]
            .find(']')
            .map(|close| &rest[open + 1..open + 1 + close])
            .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
        match digits {
            Some(d) => {
                out.push_str(&rest[..open]);
                out.push('.');
                out.push_str(d);
                rest = &rest[open + d.len() + 2..];
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out + rest
}

impl Document {
    /// Parse `text`, read from `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Document, InputError> {
        check_flow_depth(path, text)?;
        let value: Value = serde_yaml::from_str(text).map_err(|e| syntax_error(path, text, &e))?;
        if !value.is_mapping() {
            return Err(InputError::new(
                Location::file(path),
                "",
                "expected a YAML mapping at the top (name:, site:, queues:, ...)",
            ));
        }
        let collected = collect_spans(text);
        if let Some((tag, field, line, column)) = collected.tag {
            return Err(InputError::new(
                Location::at(path, line, Some(column)),
                field,
                format!("the YAML tag `{tag}` means nothing in a scenario; remove it (write the value alone)"),
            ));
        }
        let spans = collected.spans;
        Ok(Document {
            path: path.to_path_buf(),
            value,
            spans,
            overridden: Vec::new(),
        })
    }

    /// Where `field` (a path like `queues[2].aht`) sits: its own line, the
    /// line of its closest parent present in the file, or the override that set it.
    pub fn locate(&self, field: &str) -> Location {
        if let Some((_, origin)) = self.overridden.iter().find(|(p, _)| {
            is_path_prefix(p, field) || is_path_prefix(field, p) && !field.is_empty()
        }) {
            return Location::file(Path::new(origin));
        }
        // The field, or its closest parent written in the file (the top level
        // itself has no useful line: a missing top-level key names no line).
        let mut key = field.to_string();
        while !key.is_empty() {
            if let Some((line, column)) = self.spans.get(&key) {
                return Location::at(&self.path, *line, Some(*column));
            }
            match key.rfind(['.', '[']) {
                Some(cut) => key.truncate(cut),
                None => key.clear(),
            }
        }
        Location::file(&self.path)
    }

    /// An input error at `field`.
    pub fn error(&self, field: &str, message: impl Into<String>) -> InputError {
        InputError::new(self.locate(field), field, message)
    }

    /// Deserialize the tree into `T`, mapping serde errors to located input errors.
    pub fn deserialize<T: DeserializeOwned>(&self) -> Result<T, InputError> {
        serde_path_to_error::deserialize(&self.value).map_err(|e| {
            let path = e.path().to_string();
            // serde_path_to_error writes `?` for a key that is not text.
            let path = path.strip_suffix(".?").unwrap_or(&path).to_string();
            let field = if path == "." { String::new() } else { path };
            self.error(&field, friendly_message(&e.inner().to_string()))
        })
    }

    /// Apply overrides in order. A path that names no list item lists the
    /// ids there; a key the scenario does not know is caught when the result is
    /// deserialized, with the nearest valid keys.
    pub fn apply(&mut self, overrides: &[Override]) -> Result<(), InputError> {
        for o in overrides {
            let new: Value = serde_yaml::from_str(&o.value).map_err(|e| {
                let text = e.to_string();
                let message = match huge_integer(&text) {
                    Some(n) => format!("the number {n} is far too large for any value here"),
                    None => format!("the value is not valid YAML: {text}"),
                };
                InputError::new(
                    Location::file(Path::new(&o.origin)),
                    o.path.clone(),
                    message,
                )
            })?;
            if let Some((tag, ..)) = collect_spans(&o.value).tag {
                return Err(InputError::new(
                    Location::file(Path::new(&o.origin)),
                    o.path.clone(),
                    format!("the YAML tag `{tag}` means nothing in a scenario; remove it (write the value alone)"),
                ));
            }
            let segments: Vec<&str> = o.path.split('.').collect();
            let mut touched = Vec::new();
            set_path(
                &mut self.value,
                &segments,
                &new,
                String::new(),
                &mut touched,
            )
            .map_err(|message| {
                InputError::new(
                    Location::file(Path::new(&o.origin)),
                    o.path.clone(),
                    message,
                )
            })?;
            self.overridden
                .extend(touched.into_iter().map(|p| (p, o.origin.clone())));
        }
        Ok(())
    }
}

fn is_path_prefix(prefix: &str, path: &str) -> bool {
    path.starts_with(prefix)
        && (path.len() == prefix.len() || matches!(path.as_bytes()[prefix.len()], b'.' | b'['))
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// Set `new` at the path `segments` below `node` (whose own path is
/// `here`), pushing the path of every field it sets to `touched`.
fn set_path(
    node: &mut Value,
    segments: &[&str],
    new: &Value,
    here: String,
    touched: &mut Vec<String>,
) -> Result<(), String> {
    let Some((&seg, rest)) = segments.split_first() else {
        *node = new.clone();
        touched.push(here);
        return Ok(());
    };
    match node {
        Value::Mapping(map) => set_in_mapping(map, seg, rest, new, here, touched),
        Value::Sequence(items) => set_in_sequence(items, seg, rest, new, here, touched),
        _ => Err(format!(
            "`{here}` is a single value, so it has no `{seg}` inside; set `{here}` itself"
        )),
    }
}

/// [`set_path`] in a mapping: `seg` is a key (created when missing) or `*`
/// for every key.
fn set_in_mapping(
    map: &mut serde_yaml::Mapping,
    seg: &str,
    rest: &[&str],
    new: &Value,
    here: String,
    touched: &mut Vec<String>,
) -> Result<(), String> {
    if seg == "*" {
        let keys: Vec<Value> = map.keys().cloned().collect();
        if keys.is_empty() {
            return Err(format!(
                "`*` matches nothing: `{here}` is empty, so the override would change nothing"
            ));
        }
        for key in keys {
            let name = key.as_str().unwrap_or_default().to_string();
            if let Some(child) = map.get_mut(&key) {
                set_path(child, rest, new, join(&here, &name), touched)?;
            }
        }
        return Ok(());
    }
    // Setting a shrinkage total replaces the parts it sums up.
    if seg == "total" && rest.is_empty() && here.ends_with("shrinkage") {
        map.clear();
    }
    let key = Value::String(seg.to_string());
    if !map.contains_key(&key) && rest.contains(&"*") {
        let there: Vec<&str> = map.keys().filter_map(Value::as_str).collect();
        return Err(format!(
            "`*` matches nothing: there is no `{}` in the scenario{}; keys there: {}",
            join(&here, seg),
            did_you_mean(seg, there.iter().copied()),
            if there.is_empty() {
                "(none)".to_string()
            } else {
                there.join(", ")
            }
        ));
    }
    if !map.contains_key(&key) {
        let fresh = if rest.is_empty() {
            Value::Null
        } else {
            Value::Mapping(Default::default())
        };
        map.insert(key.clone(), fresh);
    }
    let child = map
        .get_mut(&key)
        .ok_or_else(|| format!("cannot set `{seg}`"))?;
    set_path(child, rest, new, join(&here, seg), touched)
}

/// [`set_path`] in a list: `seg` is `+` (append), `*`, an index or an id.
fn set_in_sequence(
    items: &mut Vec<Value>,
    seg: &str,
    rest: &[&str],
    new: &Value,
    here: String,
    touched: &mut Vec<String>,
) -> Result<(), String> {
    // `+` appends the value as a new last item (a new queue, pool or template).
    if seg == "+" {
        if !rest.is_empty() {
            return Err(format!(
                "`+` appends a whole item to `{here}`, so it must end the path; give the item as a mapping, like {here}.+={{id: new, ...}}"
            ));
        }
        touched.push(format!("{here}[{}]", items.len()));
        items.push(new.clone());
        return Ok(());
    }
    let chosen = chosen_items(items, seg, &here)?;
    for i in chosen {
        set_path(&mut items[i], rest, new, format!("{here}[{i}]"), touched)?;
    }
    Ok(())
}

/// The items of a list that `seg` picks: `*` for all, an index, or an item's
/// id or name (see [`item_id`]).
fn chosen_items(items: &[Value], seg: &str, here: &str) -> Result<Vec<usize>, String> {
    if seg == "*" {
        if items.is_empty() {
            return Err(format!(
                "`*` matches nothing: `{here}` has no items, so the override would change nothing"
            ));
        }
        Ok((0..items.len()).collect())
    } else if let Ok(i) = seg.parse::<usize>() {
        if i >= items.len() {
            return Err(format!(
                "`{here}` has {} items; index {i} is out of range",
                items.len()
            ));
        }
        Ok(vec![i])
    } else {
        let found: Vec<usize> = (0..items.len())
            .filter(|i| item_id(&items[*i]).as_deref() == Some(seg))
            .collect();
        if found.is_empty() {
            let ids: Vec<String> = items.iter().filter_map(item_id).collect();
            return Err(format!(
                "no item `{seg}` in `{here}`{}; items there: {}",
                did_you_mean(seg, ids.iter().map(String::as_str)),
                if ids.is_empty() {
                    format!(
                        "none has an id; address one by its index, 0 to {}",
                        items.len().saturating_sub(1)
                    )
                } else {
                    ids.join(", ")
                }
            ));
        }
        Ok(found)
    }
}

/// The `id` (or `name`, or for a split's part its `pool`) of a list item,
/// by which overrides address it.
fn item_id(item: &Value) -> Option<String> {
    let map = item.as_mapping()?;
    ["id", "name", "pool"]
        .iter()
        .find_map(|k| map.get(*k).and_then(Value::as_str).map(str::to_string))
}

/// Nesting deeper than any scenario needs. The YAML parser refuses 128
/// levels anyway, but finds out in time quadratic in the depth (a 200 kB
/// line of `[` takes half a minute), so count first.
const MAX_FLOW_DEPTH: usize = 1000;

/// Refuse `[[[[...` or `{a: {a: ...` nested beyond [`MAX_FLOW_DEPTH`],
/// counting brackets outside quotes and comments.
fn check_flow_depth(path: &Path, text: &str) -> Result<(), InputError> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (l, line) in text.lines().enumerate() {
        let mut prev = ' ';
        for (c, ch) in line.chars().enumerate() {
            match (quote, ch) {
                (Some(q), _) if ch == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(ch),
                (None, '#') if prev.is_whitespace() => break,
                (None, '[' | '{') => depth += 1,
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth > MAX_FLOW_DEPTH {
                return Err(InputError::new(
                    Location::at(path, l + 1, Some(c + 1)),
                    "",
                    format!("not valid YAML: brackets nested more than {MAX_FLOW_DEPTH} deep"),
                ));
            }
            prev = ch;
        }
    }
    Ok(())
}

/// The line of the first `"` that is not closed on its own line, when the
/// parser stopped on a later line: a likely unclosed quote.
fn unclosed_quote_before(text: &str, line: usize) -> Option<usize> {
    text.lines()
        .take(line.saturating_sub(1))
        .position(|l| {
            let code = l.split(" #").next().unwrap_or(l);
            (code.matches('"').count() - code.matches("\\\"").count()) % 2 == 1
        })
        .map(|i| i + 1)
}

/// The number in serde_yaml's "invalid type: integer `N` as u128" (or i128).
fn huge_integer(message: &str) -> Option<&str> {
    let rest = message.split("invalid type: integer `").nth(1)?;
    let (number, tail) = rest.split_once('`')?;
    (tail.starts_with(" as u128") || tail.starts_with(" as i128")).then_some(number)
}

fn syntax_error(path: &Path, text: &str, e: &serde_yaml::Error) -> InputError {
    let (line, column) = match e.location() {
        Some(l) => (Some(l.line()), Some(l.column())),
        None => (None, None),
    };
    let mut message = e.to_string();
    // serde_yaml appends " at line L column C"; the location says it already.
    if let Some(cut) = message.find(" at line ") {
        message.truncate(cut);
    }
    // An integer beyond 64 bits: serde_yaml names the Rust type it tried.
    if let Some(number) = huge_integer(&message) {
        let field = message
            .split_once(": invalid type")
            .map_or("", |(f, _)| f)
            .to_string();
        return InputError::new(
            Location {
                file: path.to_path_buf(),
                line,
                column,
            },
            field,
            format!("the number {number} is far too large for any value in a scenario"),
        );
    }
    // serde_yaml places a duplicate key at its mapping; find the repeat itself.
    let (mut line, mut column) = (line, column);
    if message.contains("duplicate entry") {
        if let Some((key, first, l, c)) = collect_spans(text).duplicate {
            (line, column) = (Some(l), Some(c));
            message = format!("key `{key}` is given twice (first on line {first}); keep one");
        }
    }
    let has_tab = line
        .and_then(|l| text.lines().nth(l.saturating_sub(1)))
        .is_some_and(|l| l.contains('\t'));
    if message.starts_with("mapping values are not allowed") {
        message += " (put a value that contains `: ` in quotes)";
    }
    if has_tab {
        message += " (this line has a tab: YAML indents with spaces only)";
    } else if let Some(open) = line.and_then(|l| unclosed_quote_before(text, l)) {
        message += &format!(" (is the quote opened on line {open} closed?)");
    }
    let location = Location {
        file: path.to_path_buf(),
        line,
        column,
    };
    InputError::new(location, "", format!("not valid YAML: {message}"))
}

/// Turn serde's wording into ours: unknown keys get the nearest valid key and
/// the full list; the position suffix is dropped (the location says it).
fn friendly_message(raw: &str) -> String {
    let mut raw = raw.to_string();
    if let Some(cut) = raw.find(" at line ") {
        raw.truncate(cut);
    }
    let quoted: Vec<&str> = raw.split('`').skip(1).step_by(2).collect();
    for (prefix, noun) in [("unknown field", "key"), ("unknown variant", "value")] {
        if raw.starts_with(prefix) {
            if let Some((word, valid)) = quoted.split_first() {
                let list = valid
                    .iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                return format!(
                    "unknown {noun} `{word}`{}; valid {noun}s here: {list}",
                    did_you_mean(word, valid.iter().copied())
                );
            }
        }
    }
    if let Some(name) = raw.strip_prefix("missing field ") {
        return format!("missing required key {name}");
    }
    // serde names Rust types; say what they mean.
    for (rust, plain) in [
        ("expected field identifier", "expected a key name (text)"),
        ("expected a Value::Tagged enum", "expected a single word"),
        ("expected u32", "expected a whole number, not negative"),
        ("expected u64", "expected a whole number, not negative"),
        ("expected u16", "expected a whole number, not negative"),
        ("expected u8", "expected a whole number, not negative"),
        ("expected i64", "expected a whole number"),
        ("expected i32", "expected a whole number"),
        ("expected f64", "expected a number"),
        ("expected a string", "expected text"),
        ("expected a boolean", "expected true or false"),
        ("expected a sequence", "expected a list"),
        ("expected a map", "expected a mapping of keys to values"),
        ("expected struct ", "expected a mapping of keys to values"),
    ] {
        if let Some(cut) = raw.find(rust) {
            return got_last(&format!("{}{plain}", &raw[..cut]));
        }
    }
    got_last(&raw)
}

/// serde's "invalid type: string \"x\", expected a number" as ours:
/// "expected a number, got the text \"x\"" (what would be valid first).
fn got_last(message: &str) -> String {
    let Some((what, expected)) = ["invalid type: ", "invalid value: "]
        .iter()
        .find_map(|p| message.strip_prefix(p))
        .and_then(|rest| rest.split_once(", expected "))
    else {
        return message.to_string();
    };
    let what = what.replace('`', "");
    let got = match what.split_once(' ') {
        Some(("string", text)) => format!("the text {text}"),
        // 1e3 or 30.0 where a whole number is read: its value is whole,
        // its spelling is not.
        Some(("floating", number)) if expected.starts_with("a whole number") => {
            let number = number.trim_start_matches("point ");
            match number.parse::<f64>() {
                Ok(x) if x.fract() == 0.0 && x.abs() < 1e15 => {
                    format!("{number}: write it as {x:.0}, without a decimal point or exponent")
                }
                _ => number.to_string(),
            }
        }
        Some(("integer" | "floating", number)) => number.trim_start_matches("point ").to_string(),
        Some(("boolean", b)) => b.to_string(),
        _ => match what.as_str() {
            "sequence" => "a list".to_string(),
            "map" => "a mapping".to_string(),
            "unit value" => "nothing".to_string(),
            "enum" => "a tagged value (`!name ...`)".to_string(),
            other => other.to_string(),
        },
    };
    format!("expected {expected}, got {got}")
}

#[cfg(test)]
mod tests;
