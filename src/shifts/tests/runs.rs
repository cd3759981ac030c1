//! Weekly tours whose runs of days or nights break the labour rules on
//! their own are not offered to the plan: the tours of a small week
//! counted by hand.

use super::{hourly, yaml, WEEK};
use crate::pipeline;
use crate::scenario::Scenario;
use crate::shifts::{model, PoolModel};

/// Pool `p`'s model for a week (cyclic or not) of `template` (one YAML
/// list item), its `week` line and `rules`; need 1 agent every hour.
fn week_model(cyclic: bool, template: &str, rules: &str) -> PoolModel {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("req.csv"), hourly(&WEEK, |_, _| 1)).unwrap();
    let site =
        format!("{{timezone: UTC, start: 2026-03-02, days: 7, interval: 1h, cyclic: {cyclic}}}");
    let text = yaml(&site, &format!("  templates:\n{template}")) + rules;
    let scenario = Scenario::from_text(&dir.path().join("t.yaml"), &text, &[])
        .unwrap_or_else(|e| panic!("{e}"));
    let staffed = pipeline::staff(scenario).unwrap_or_else(|e| panic!("{e}"));
    model(&staffed, 0)
}

/// The days off (0 = Monday) of the tours, in order.
fn days_off(tours: &[crate::shifts::Tour]) -> Vec<usize> {
    let mut off: Vec<usize> = tours.iter().flat_map(|t| t.days_off.clone()).collect();
    off.sort_unstable();
    off
}

const SIX_NIGHTS: &str =
    "    - {name: six, paid: 8h, length: 8h, starts: \"22:00\", week: {work_days: 6}}\n";

#[test]
fn six_night_tours_over_five_nights_in_a_row_are_refused() {
    // One 22:00 start, 6 working days: 7 tours, one per day off. In a week
    // that does not repeat, a day off on Tuesday to Saturday splits the
    // nights into runs of at most 5 (off Tuesday: 1 and 5); off Monday or
    // Sunday leaves 6 in a row.
    let rules = "rules: {max_consecutive_nights: 5}\n";
    let m = week_model(false, SIX_NIGHTS, rules);
    assert_eq!(days_off(&m.tours), vec![1, 2, 3, 4, 5]);
    assert_eq!(days_off(&m.refused), vec![0, 6]);
    // A repeating week joins Sunday to Monday: every tour is 6 in a row.
    let m = week_model(true, SIX_NIGHTS, rules);
    assert!(m.tours.is_empty());
    assert_eq!(m.refused.len(), 7);
    // With 6 nights allowed all 7 are offered.
    let m = week_model(true, SIX_NIGHTS, "rules: {max_consecutive_nights: 6}\n");
    assert_eq!(m.tours.len(), 7);
    assert!(m.refused.is_empty());
}

#[test]
fn day_tours_over_the_days_in_a_row_are_refused() {
    // 5 working days, days off anywhere: C(7, 2) = 21 patterns. At most 3
    // days in a row, with days off i < j the runs are i, j − i − 1 and
    // 6 − j: i ≤ 3, j ≥ 3, j ≤ i + 4 gives 2 + 3 + 4 + 3 = 12 (i = 0..3).
    // Repeating, the runs are j − i − 1 and 6 − j + i: j − i ∈ {3, 4},
    // 4 + 3 = 7.
    let day = "    - {name: day, paid: 8h, length: 8h, starts: \"08:00\", week: {work_days: 5, days_off: any}}\n";
    let rules = "rules: {max_consecutive_days: 3}\n";
    let m = week_model(false, day, rules);
    assert_eq!((m.tours.len(), m.refused.len()), (12, 9));
    let m = week_model(true, day, rules);
    assert_eq!((m.tours.len(), m.refused.len()), (7, 14));
}
