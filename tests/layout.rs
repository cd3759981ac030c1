//! The import order of docs/architecture.md, checked: every `crate::` path in
//! `src/**/*.rs` is mapped to the top-level module it names, and a module may
//! only import modules placed before it in [`ORDER`] (a parent and its child
//! files are one module, so they may import each other). Unit-test code
//! (`tests.rs` files and the `#[cfg(test)]` module at the bottom of a file)
//! is left out: a stage's tests may use the checker or the pipeline to check
//! it, and that does not tie the library together.
//!
//! When the order is broken the test prints every offending file and line
//! and, so a circle cannot hide behind the order, the groups of modules that
//! import each other in a circle (found from all the edges, allowed or not).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The top-level modules, each allowed to import only those before it.
/// Keep in step with the table in docs/architecture.md.
const ORDER: &[&str] = &[
    // Foundations: no stage knowledge.
    "error", "text", "units", "progress", "profiles", "yaml", // The stage line.
    "timegrid", "forecast", "scenario", "checker", "demand", "erlang", "staffing", "shifts",
    "evaluate", "roster", "simulate", "figures", "pipeline", "capacity",
    // Outputs: renderers (bytes out), then the one writer's callers.
    "output", "report", // The edge: the command line and the commands.
    "batch", "cli", "commands", "main",
];

/// Modules with a narrower rule than the order: (module, what it may import).
const ONLY: &[(&str, &[&str])] = &[
    // The independent checker recomputes a plan from the written files and the
    // scenario alone; it must not share code with what it checks.
    ("checker", &["scenario"]),
];

#[derive(Debug)]
struct Edge {
    from: String,
    to: String,
    file: PathBuf,
    line: usize,
    text: String,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module of a file under `src/`: `src/x.rs` and `src/x/…` are `x`.
fn top_module(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The file's library code: comments blanked, unit-test code dropped, one
/// entry per line so line numbers stay right.
fn code_lines(text: &str, file: &Path) -> Vec<String> {
    let is_test_file = file.file_name().is_some_and(|n| n == "tests.rs")
        || file.components().any(|c| c.as_os_str() == "tests");
    if is_test_file {
        return Vec::new();
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim_start() == "#[cfg(test)]" {
            let next = lines.get(i + 1).map_or("", |l| l.trim());
            if next.ends_with(';') {
                // `#[cfg(test)] mod tests;`: its file is skipped on its own.
                out.push(String::new());
                out.push(String::new());
                i += 2;
                continue;
            }
            break; // an inline test module runs to the end of the file
        }
        let code = line.split("//").next().unwrap_or("");
        out.push(code.to_string());
        i += 1;
    }
    out
}

/// Names that `lib.rs` re-exports at the crate root, mapped to their module
/// (`pub use scenario::Scenario;` makes `crate::Scenario` the scenario's).
fn root_reexports(lib: &str) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for line in lib.lines() {
        let Some(rest) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        let rest = rest.trim_end_matches(';');
        let Some((module, items)) = rest.split_once("::") else {
            continue;
        };
        for item in items.trim_matches(|c| c == '{' || c == '}').split(',') {
            let name = item.split("::").last().unwrap_or("").trim();
            if !name.is_empty() {
                names.insert(name.to_string(), module.to_string());
            }
        }
    }
    names
}

fn ident_at(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// Every `crate::` path of `src/`, as module-to-module edges.
fn edges(root: &Path) -> Vec<Edge> {
    let src = root.join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let reexports = root_reexports(&lib);
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<String> = files.iter().map(|f| top_module(&src, f)).collect();
    let mut out = Vec::new();
    for file in files {
        if file == src.join("lib.rs") {
            continue;
        }
        let from = top_module(&src, &file);
        let text = std::fs::read_to_string(&file).unwrap();
        let lines = code_lines(&text, &file);
        // `use crate::{a, b::c}` may span lines: track an open group.
        let mut group: Option<usize> = None;
        for (n, line) in lines.iter().enumerate() {
            let mut names: Vec<&str> = Vec::new();
            let mut rest = line.as_str();
            if group.is_some() {
                let (inside, closed) = match rest.find('}') {
                    Some(k) => (&rest[..k], true),
                    None => (rest, false),
                };
                names.extend(inside.split(',').map(|p| ident_at(p.trim())));
                if closed {
                    group = None;
                }
            }
            while let Some(k) = rest.find("crate::") {
                let preceded = rest[..k]
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':');
                rest = &rest[k + "crate::".len()..];
                if preceded {
                    continue; // `staffplan_crate::` or `$crate::`-like: not ours
                }
                if let Some(inside) = rest.strip_prefix('{') {
                    let (inside, closed) = match inside.find('}') {
                        Some(k) => (&inside[..k], true),
                        None => (inside, false),
                    };
                    names.extend(inside.split(',').map(|p| ident_at(p.trim())));
                    if !closed {
                        group = Some(n);
                    }
                } else {
                    names.push(ident_at(rest));
                }
            }
            for name in names.into_iter().filter(|s| !s.is_empty()) {
                let to = if modules.contains(name) {
                    name.to_string()
                } else if let Some(module) = reexports.get(name) {
                    module.clone()
                } else {
                    format!("<unknown: crate::{name}>")
                };
                if to != from {
                    out.push(Edge {
                        from: from.clone(),
                        to,
                        file: file.strip_prefix(root).unwrap().to_path_buf(),
                        line: n + 1,
                        text: line.trim().to_string(),
                    });
                }
            }
        }
    }
    out
}

/// Groups of two or more modules that reach each other through the edges:
/// the import circles (transitive closure, Warshall 1962: O(n³) on a
/// couple of dozen modules).
#[allow(clippy::needless_range_loop)] // i, j, k index the same matrix
fn circles(edges: &[Edge]) -> Vec<BTreeSet<String>> {
    let nodes: Vec<&str> = edges
        .iter()
        .flat_map(|e| [e.from.as_str(), e.to.as_str()])
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let index = |m: &str| nodes.iter().position(|n| *n == m).unwrap();
    let n = nodes.len();
    let mut reach = vec![vec![false; n]; n];
    for e in edges {
        reach[index(&e.from)][index(&e.to)] = true;
    }
    for k in 0..n {
        for i in 0..n {
            for j in 0..n {
                if reach[i][k] && reach[k][j] {
                    reach[i][j] = true;
                }
            }
        }
    }
    let mut seen = vec![false; n];
    let mut out = Vec::new();
    for i in 0..n {
        if seen[i] || !reach[i][i] {
            continue;
        }
        let group: BTreeSet<String> = (0..n)
            .filter(|&j| j == i || (reach[i][j] && reach[j][i]))
            .inspect(|&j| seen[j] = true)
            .map(|j| nodes[j].to_string())
            .collect();
        if group.len() > 1 {
            out.push(group);
        }
    }
    out
}

/// The problems of a source tree, one line each (empty when it keeps the order).
fn problems(root: &Path) -> Vec<String> {
    let edges = edges(root);
    let rank = |m: &str| ORDER.iter().position(|o| *o == m);
    let mut out = Vec::new();
    let unlisted: BTreeSet<&str> = edges
        .iter()
        .flat_map(|e| [e.from.as_str(), e.to.as_str()])
        .filter(|m| rank(m).is_none())
        .collect();
    for m in &unlisted {
        out.push(format!(
            "{m} is not in ORDER: place it in the documented order"
        ));
    }
    for e in &edges {
        let bad = match (rank(&e.from), rank(&e.to)) {
            (Some(a), Some(b)) => {
                let only = ONLY.iter().find(|(m, _)| *m == e.from);
                b > a || only.is_some_and(|(_, allowed)| !allowed.contains(&e.to.as_str()))
            }
            _ => false, // reported above, once per module
        };
        if bad {
            out.push(format!(
                "{}:{}: {} imports {} against the order: {}",
                e.file.display(),
                e.line,
                e.from,
                e.to,
                e.text
            ));
        }
    }
    // The commands import their shared helpers, never the dispatcher: a
    // command file's `super::x` must name a sibling command (a file, or a
    // folder like `compare/`).
    let commands = root.join("src/commands");
    if commands.is_dir() {
        let entries: Vec<PathBuf> = std::fs::read_dir(&commands)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        let files: BTreeSet<String> = entries
            .iter()
            .filter(|p| p.extension().is_some_and(|x| x == "rs"))
            .map(|p| p.file_stem().unwrap().to_string_lossy().to_string())
            .collect();
        let siblings: BTreeSet<String> = entries
            .iter()
            .filter(|p| p.is_dir())
            .map(|p| p.file_name().unwrap().to_string_lossy().to_string())
            .chain(files.iter().cloned())
            .filter(|s| s != "mod")
            .collect();
        for stem in files.iter().filter(|s| *s != "mod") {
            let file = commands.join(format!("{stem}.rs"));
            let text = std::fs::read_to_string(&file).unwrap();
            for (n, line) in code_lines(&text, &file).iter().enumerate() {
                let mut rest = line.as_str();
                while let Some(k) = rest.find("super::") {
                    rest = &rest[k + "super::".len()..];
                    let name = ident_at(rest);
                    if !siblings.contains(name) {
                        out.push(format!(
                            "src/commands/{stem}.rs:{}: imports the dispatcher (super::{name}): {}",
                            n + 1,
                            line.trim()
                        ));
                    }
                }
            }
        }
    }
    for group in circles(&edges) {
        let names: Vec<&str> = group.iter().map(String::as_str).collect();
        out.push(format!("import circle: {}", names.join(" ↔ ")));
    }
    out
}

#[test]
fn modules_import_down_the_stage_line_only() {
    let root = std::env::var_os("STAFFPLAN_LAYOUT_ROOT")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    let problems = problems(&root);
    assert!(
        problems.is_empty(),
        "{} import problems (see docs/architecture.md):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn a_circle_is_found() {
    let edge = |from: &str, to: &str| Edge {
        from: from.into(),
        to: to.into(),
        file: PathBuf::new(),
        line: 1,
        text: String::new(),
    };
    let found = circles(&[
        edge("a", "b"),
        edge("b", "c"),
        edge("c", "a"),
        edge("c", "d"),
    ]);
    let expected: BTreeSet<String> = ["a", "b", "c"].map(String::from).into();
    assert_eq!(found, vec![expected]);
}
