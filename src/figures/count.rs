//! What a reader of the plan must know when `agents.count` fixes the
//! headcount: how the bound treats the count, and people the plan leaves
//! without a shift. One source for the terminal, report.html and
//! summary.json (`plan.notes`).

use crate::roster::Roster;
use crate::scenario::Agents;
use crate::staffing::Staffed;

/// The bound under `agents.count`: each pool's share is fixed before the
/// plan, so the bound is of that split.
pub const COUNT_SPLIT_NOTE: &str = "with agents.count, each pool's LP bound is of its share of the count (split in proportion to the pools' LP head counts; when too few under soft coverage over at most a week, to their agents in one LP of all pools): the bound holds for this split of the count, not for every way to divide it";

/// The notes on `agents.count` for a plan whose roster is `roster`: the
/// split caveat, and, when the count is above the agents the roster gives
/// a shift, how many are left without one (not paid in the plan's cost).
/// Nothing without `agents.count`.
pub fn notes(s: &Staffed, roster: &Roster) -> Vec<String> {
    let Agents::Count(count) = s.scenario.agents else {
        return Vec::new();
    };
    let mut out = vec![COUNT_SPLIT_NOTE.to_string()];
    let working = roster.agents.iter().filter(|a| a.days > 0).count() as u32;
    if count > working {
        let idle = count - working;
        out.push(format!(
            "agents.count is {count}, the plan employs {working}: {idle} {} no shift in roster.csv and {} in the cost or FTE (paying {} would add to both): lower agents.count to the staff you have, or set it to auto",
            if idle == 1 { "agent has" } else { "agents have" },
            if idle == 1 { "is not" } else { "are not" },
            if idle == 1 { "that agent" } else { "them" },
        ));
    }
    out
}
