//! Unit tests of the quote's defaults and error placement.

use std::path::Path;

use serde_json::{json, Map};

use super::model::{default_shares, Quote, RawQuote};
use crate::yaml::Document;

#[test]
fn default_shares_follow_the_open_days() {
    let hours = json!({"mon-fri": "08:00-20:00", "sat": "closed"});
    let shares = default_shares(Some(&hours));
    assert_eq!(shares.as_object().map(Map::len), Some(5));
    assert_eq!(shares["mon"], json!(0.2));
    assert_eq!(default_shares(None).as_object().map(Map::len), Some(7));
}

#[test]
fn errors_are_placed_at_the_quote_key() {
    let text = "client: X\ntimezone: Asia/Dubia\nweekly_volume: 1000\naht: 5m\nservice_level: 80/20\nsite: {timezone: Asia/Karachi}\ncosts: {hourly: 3}\n";
    let mut doc = Document::parse(Path::new("q.yaml"), text).unwrap();
    doc.apply(&[]).unwrap();
    let raw: RawQuote = doc.deserialize().unwrap();
    let e = Quote::build(doc, raw).unwrap_err();
    assert_eq!(e.field, "timezone");
    assert_eq!(e.location.line, Some(2));
    assert!(e.message.contains("did you mean `Asia/Dubai`"), "{e}");
}
