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
//! line, column and field. `serde_yaml` is unmaintained upstream:
//! swapping in a fork touches only this file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_yaml::Value;

use crate::error::{did_you_mean, InputError, Location};

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
        let path = path.trim();
        if path.is_empty() || path.split('.').any(str::is_empty) {
            return Err(format!(
                "--set `{text}`: the key must be a dotted path like queues.*.forecast.scale"
            ));
        }
        Ok(Override {
            path: path.to_string(),
            value: value.trim().to_string(),
            // A long value is cut in messages (the whole of it is in the command).
            origin: format!("--set {}", crate::text::clip(text, 100)),
        })
    }
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

/// Field path → (line, column) of every key and item in `text`, and the
/// first key given twice in one mapping, from the parser's events.
#[derive(Default)]
struct SpanCollector {
    spans: BTreeMap<String, (usize, usize)>,
    /// (key, first line, repeat line, repeat column).
    duplicate: Option<(String, usize, usize, usize)>,
    /// The first tag other than YAML's own (`!!str`): (tag, field, line, column).
    tag: Option<(String, String, usize, usize)>,
    stack: Vec<Frame>,
    /// Depth inside a key that is itself a list or mapping (skipped).
    skip: usize,
}

enum Frame {
    Map {
        path: String,
        key: Option<String>,
        seen: BTreeMap<String, usize>,
    },
    Seq {
        path: String,
        index: usize,
    },
}

impl SpanCollector {
    /// The path of a node starting now; `None` when it is a mapping key.
    fn place(&mut self, line: usize, col: usize, scalar: Option<&str>) -> Option<String> {
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Seq { path, index }) => Some(format!("{path}[{index}]")),
            Some(Frame::Map { path, key, seen }) => match key {
                Some(k) => Some(k.clone()),
                None => {
                    let name = scalar.unwrap_or("?").to_string();
                    let child = join(path, &name);
                    if let Some(first) = seen.get(&name) {
                        if self.duplicate.is_none() {
                            self.duplicate = Some((name.clone(), *first, line, col));
                        }
                    } else {
                        seen.insert(name, line);
                    }
                    // A key's own line is where the field starts, even when
                    // the value is a block on the following lines.
                    self.spans.insert(child.clone(), (line, col));
                    *key = Some(child);
                    None
                }
            },
        }
    }

    /// A node (value or item) just ended: the parent moves on.
    fn done(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Seq { index, .. }) => *index += 1,
            Some(Frame::Map { key, .. }) => *key = None,
            None => {}
        }
    }
}

impl yaml_rust2::parser::MarkedEventReceiver for SpanCollector {
    fn on_event(&mut self, event: yaml_rust2::Event, mark: yaml_rust2::scanner::Marker) {
        use yaml_rust2::Event;
        let (line, col) = (mark.line(), mark.col() + 1);
        if let Event::Scalar(_, _, _, Some(t))
        | Event::MappingStart(_, Some(t))
        | Event::SequenceStart(_, Some(t)) = &event
        {
            if t.handle != "tag:yaml.org,2002:" && self.tag.is_none() {
                let field = match self.stack.last() {
                    Some(Frame::Map { key: Some(k), .. }) => k.clone(),
                    Some(Frame::Map { path, .. }) | Some(Frame::Seq { path, .. }) => path.clone(),
                    None => String::new(),
                };
                let name = format!("{}{}", t.handle, t.suffix);
                let name = if name.starts_with('!') {
                    name
                } else {
                    format!("!{name}")
                };
                self.tag = Some((name, field, line, col));
            }
        }
        if self.skip > 0 {
            match event {
                Event::MappingStart(..) | Event::SequenceStart(..) => self.skip += 1,
                Event::MappingEnd | Event::SequenceEnd => {
                    self.skip -= 1;
                    if self.skip == 0 {
                        // The complex key is over; its value follows.
                        if let Some(Frame::Map { path, key, .. }) = self.stack.last_mut() {
                            *key = Some(join(path, "?"));
                        }
                    }
                }
                _ => {}
            }
            return;
        }
        match event {
            Event::Scalar(text, ..) => {
                if let Some(path) = self.place(line, col, Some(&text)) {
                    self.spans.entry(path).or_insert((line, col));
                    self.done();
                }
            }
            Event::Alias(_) => {
                if let Some(path) = self.place(line, col, Some("?")) {
                    self.spans.entry(path).or_insert((line, col));
                    self.done();
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_map = matches!(event, Event::MappingStart(..));
                let in_key_position =
                    matches!(self.stack.last(), Some(Frame::Map { key: None, .. }));
                if in_key_position {
                    self.skip = 1;
                    return;
                }
                let path = self.place(line, col, None).unwrap_or_default();
                self.spans.entry(path.clone()).or_insert((line, col));
                self.stack.push(if is_map {
                    Frame::Map {
                        path,
                        key: None,
                        seen: BTreeMap::new(),
                    }
                } else {
                    Frame::Seq { path, index: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.done();
            }
            _ => {}
        }
    }
}

/// Spans of `text`; a syntax error stops the parser, keeping what it saw.
fn collect_spans(text: &str) -> SpanCollector {
    let mut collector = SpanCollector::default();
    let mut parser = yaml_rust2::parser::Parser::new_from_str(text);
    let _ = parser.load(&mut collector, false);
    collector
}

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
        Value::Mapping(map) => {
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
        Value::Sequence(items) => {
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
            let ids: Vec<String> = items.iter().filter_map(item_id).collect();
            let chosen: Vec<usize> = if seg == "*" {
                if items.is_empty() {
                    return Err(format!(
                        "`*` matches nothing: `{here}` has no items, so the override would change nothing"
                    ));
                }
                (0..items.len()).collect()
            } else if let Ok(i) = seg.parse::<usize>() {
                if i >= items.len() {
                    return Err(format!(
                        "`{here}` has {} items; index {i} is out of range",
                        items.len()
                    ));
                }
                vec![i]
            } else {
                let found: Vec<usize> = (0..items.len())
                    .filter(|i| item_id(&items[*i]).as_deref() == Some(seg))
                    .collect();
                if found.is_empty() {
                    return Err(format!(
                        "no item `{seg}` in `{here}`{}; items there: {}",
                        did_you_mean(seg, ids.iter().map(String::as_str)),
                        if ids.is_empty() {
                            "(none)".to_string()
                        } else {
                            ids.join(", ")
                        }
                    ));
                }
                found
            };
            for i in chosen {
                set_path(&mut items[i], rest, new, format!("{here}[{i}]"), touched)?;
            }
            Ok(())
        }
        _ => Err(format!(
            "`{here}` is a single value, so it has no `{seg}` inside; set `{here}` itself"
        )),
    }
}

/// The `id` (or `name`) of a list item, by which overrides address it.
fn item_id(item: &Value) -> Option<String> {
    let map = item.as_mapping()?;
    ["id", "name"]
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
        ("expected u32", "expected a whole number, 0 or more"),
        ("expected u64", "expected a whole number, 0 or more"),
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
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Q {
        id: String,
        aht: crate::units::Duration,
        #[serde(default)]
        scale: Option<f64>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Top {
        name: String,
        queues: Vec<Q>,
    }

    const TEXT: &str = "name: x\nqueues:\n  - id: a\n    aht: 6m\n  - id: b\n    aht: 360\n";

    #[test]
    fn type_errors_name_line_and_path() {
        let doc = Document::parse(Path::new("s.yaml"), TEXT).unwrap();
        let err = doc.deserialize::<Top>().unwrap_err();
        assert_eq!(err.field, "queues[1].aht");
        assert_eq!(err.location.line, Some(6));
        assert!(err.message.contains("has no unit"), "{}", err.message);
    }

    #[test]
    fn unknown_keys_suggest_the_nearest() {
        let text = "name: x\nqueues:\n  - id: a\n    ahtt: 6m\n";
        let doc = Document::parse(Path::new("s.yaml"), text).unwrap();
        let err = doc.deserialize::<Top>().unwrap_err();
        assert!(
            err.message
                .contains("unknown key `ahtt`; did you mean `aht`?"),
            "{err}"
        );
        assert_eq!(err.location.line, Some(4), "{err}");
    }

    #[test]
    fn overrides_by_id_and_wildcard() {
        let mut doc = Document::parse(Path::new("s.yaml"), TEXT).unwrap();
        let set = |t: &str| Override::parse_cli(t).unwrap();
        doc.apply(&[set("queues.b.aht=5m"), set("queues.*.scale=1.1")])
            .unwrap();
        let top: Top = doc.deserialize().unwrap();
        assert_eq!(top.queues[1].aht.secs(), 300.0);
        assert_eq!(top.queues[0].scale, Some(1.1));
    }

    #[test]
    fn plus_appends_a_list_item() {
        let mut doc = Document::parse(Path::new("s.yaml"), TEXT).unwrap();
        let set = |t: &str| Override::parse_cli(t).unwrap();
        doc.apply(&[
            set("queues.b.aht=6m"),
            set("queues.+={id: c, aht: 4m}"),
            set("queues.c.scale=2"),
        ])
        .unwrap();
        let top: Top = doc.deserialize().unwrap();
        assert_eq!(top.queues.len(), 3);
        assert_eq!(top.queues[2].aht.secs(), 240.0);
        assert_eq!(top.queues[2].scale, Some(2.0));
        // An error inside the new item names the override that added it.
        let mut doc = Document::parse(Path::new("s.yaml"), TEXT).unwrap();
        doc.apply(&[set("queues.b.aht=6m"), set("queues.+={id: c, aht: 4}")])
            .unwrap();
        let err = doc.deserialize::<Top>().unwrap_err();
        assert_eq!(err.field, "queues[2].aht");
        assert_eq!(
            err.location.file,
            Path::new("--set queues.+={id: c, aht: 4}")
        );
        let mut doc = Document::parse(Path::new("s.yaml"), TEXT).unwrap();
        let err = doc.apply(&[set("queues.+.aht=4m")]).unwrap_err();
        assert!(err.message.contains("must end the path"), "{err}");
    }

    #[test]
    fn override_errors_name_the_flag() {
        let mut doc = Document::parse(Path::new("s.yaml"), TEXT).unwrap();
        let err = doc
            .apply(&[Override::parse_cli("queues.c.aht=5m").unwrap()])
            .unwrap_err();
        assert!(err.message.contains("no item `c`"), "{err}");
        let mut doc = Document::parse(Path::new("s.yaml"), TEXT).unwrap();
        doc.apply(&[Override::parse_cli("queues.a.ahd=5m").unwrap()])
            .unwrap();
        let err = doc.deserialize::<Top>().unwrap_err();
        assert_eq!(err.location.file, Path::new("--set queues.a.ahd=5m"));
        assert!(err.message.contains("did you mean `aht`"), "{err}");
    }

    #[test]
    fn a_wildcard_that_matches_nothing_is_an_error() {
        let set = |t: &str| Override::parse_cli(t).unwrap();
        let text = "name: x\nqueues: []\npools:\n  - id: a\n";
        let mut doc = Document::parse(Path::new("s.yaml"), text).unwrap();
        let err = doc.apply(&[set("queues.*.aht=5m")]).unwrap_err();
        assert_eq!(err.location.file, Path::new("--set queues.*.aht=5m"));
        assert!(err.message.contains("`queues` has no items"), "{err}");
        let err = doc.apply(&[set("shifts.templates.*.paid=8h")]).unwrap_err();
        assert!(
            err.message
                .contains("there is no `shifts` in the scenario; keys there: name, queues, pools"),
            "{err}"
        );
        // Where the wildcard matches, it still applies.
        doc.apply(&[set("pools.*.name=A")]).unwrap();
    }

    #[test]
    fn anchors_and_aliases_keep_line_numbers() {
        // marked-yaml refused anchors, which took the line from every error.
        let text = "name: x\nbase: &b {aht: 6m}\nqueues:\n  - id: a\n    aht: &t 6m\n  - id: b\n    aht: *t\n    scale: oops\n";
        let doc = Document::parse(Path::new("s.yaml"), text).unwrap();
        assert_eq!(doc.locate("queues[1].scale").line, Some(8));
        assert_eq!(doc.locate("queues[1].aht").line, Some(7));
        assert_eq!(doc.locate("queues[0].aht").line, Some(5));
        assert_eq!(doc.locate("base.aht").line, Some(2));
        // A field inside an alias falls back to the alias's own line.
        let text = "name: x\nq: &q {id: a, aht: 6m}\nqueues:\n  - *q\n";
        let doc = Document::parse(Path::new("s.yaml"), text).unwrap();
        assert_eq!(doc.locate("queues[0].aht").line, Some(4));
    }

    #[test]
    fn serde_wording_becomes_plain_words() {
        let err = Document::parse(
            Path::new("s.yaml"),
            "name: x\nqueues: [{id: a, aht: 99999999999999999999999}]\n",
        )
        .unwrap_err();
        assert_eq!(err.field, "queues[0].aht");
        assert_eq!(err.location.line, Some(2));
        assert!(
            err.message
                .contains("the number 99999999999999999999999 is far too large"),
            "{err}"
        );
        assert!(!err.message.contains("u128"), "{err}");
        let doc =
            Document::parse(Path::new("s.yaml"), "name: x\nqueues: [{id: a, 1: b}]\n").unwrap();
        let err = doc.deserialize::<Top>().unwrap_err();
        assert_eq!(err.field, "queues[0]");
        assert!(
            err.message.starts_with("expected a key name (text), got 1"),
            "{err}"
        );
        let err = Document::parse(Path::new("s.yaml"), "name: !x y\nqueues: []\n").unwrap_err();
        assert_eq!((err.field.as_str(), err.location.line), ("name", Some(1)));
        assert!(err.message.contains("tag `!x`"), "{err}");
    }

    #[test]
    fn syntax_errors_have_lines_and_tab_hint() {
        let err = Document::parse(Path::new("s.yaml"), "name: x\n\tqueues: []\n").unwrap_err();
        assert_eq!(err.location.line, Some(2));
        assert!(err.message.contains("tab"), "{err}");
        let err = Document::parse(Path::new("s.yaml"), "name: x\nname: y\n").unwrap_err();
        assert!(
            err.message
                .contains("`name` is given twice (first on line 1)"),
            "{err}"
        );
        assert_eq!(err.location.line, Some(2));
    }
}
