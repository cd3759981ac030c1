//! Unit tests of the YAML layer: lines and paths in errors, overrides,
//! serde's wording made plain.

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
    let doc = Document::parse(Path::new("s.yaml"), "name: x\nqueues: [{id: a, 1: b}]\n").unwrap();
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

#[test]
fn set_takes_list_indices_as_messages_write_them() {
    let path = |t: &str| Override::parse_cli(t).unwrap().path;
    assert_eq!(
        path("shifts.templates[0].breaks[12].length=1h"),
        "shifts.templates.0.breaks.12.length"
    );
    assert_eq!(
        path("shifts.templates.0.paid=8h"),
        "shifts.templates.0.paid"
    );
    // Not an index: left for the key check to refuse.
    assert_eq!(path("queues[x].aht=5m"), "queues[x].aht");
    assert_eq!(path("queues[].aht=5m"), "queues[].aht");
}
