//! Unit tests of the variant flags and folder names.

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
