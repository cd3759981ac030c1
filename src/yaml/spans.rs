//! Where each field sits: a field path → (line, column) map built from the
//! text by `yaml-rust2`'s event parser, with the first key given twice and
//! the first tag that means nothing in a scenario.

use std::collections::BTreeMap;

use super::join;

/// Field path → (line, column) of every key and item in `text`, and the
/// first key given twice in one mapping, from the parser's events.
#[derive(Default)]
pub(super) struct SpanCollector {
    pub(super) spans: BTreeMap<String, (usize, usize)>,
    /// (key, first line, repeat line, repeat column).
    pub(super) duplicate: Option<(String, usize, usize, usize)>,
    /// The first tag other than YAML's own (`!!str`): (tag, field, line, column).
    pub(super) tag: Option<(String, String, usize, usize)>,
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
pub(super) fn collect_spans(text: &str) -> SpanCollector {
    let mut collector = SpanCollector::default();
    let mut parser = yaml_rust2::parser::Parser::new_from_str(text);
    let _ = parser.load(&mut collector, false);
    collector
}
