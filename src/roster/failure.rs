//! The roster's failures: [`Open`], a planned shift no agent can take, with
//! why ([`Blocked`]), and [`Unstaffed`], the error (exit 3) that lists them
//! under hard coverage. The words are made in one place,
//! [`Blocked::describe`], for the error, the terminal and report.html.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::blocks::BlockKind;
use super::rules::Rule;
use crate::scenario::Rules;
use crate::timegrid::stamp;

/// Why a planned shift has no agent.
#[derive(Debug, Clone, PartialEq)]
pub enum Blocked {
    /// The shift (or weekly tour) breaks this rule even for an agent with
    /// nothing else to work.
    OnItsOwn(Rule),
    /// Every agent of the pool is on another shift or bound by a rule.
    NoAgentFree {
        /// Agents in the pool.
        agents: usize,
        /// Items (tours or shifts) the block needs staffed.
        needed: usize,
        /// The block matched at once: a week or a day.
        block: BlockKind,
        /// Agents already on other items of the block.
        busy: usize,
        /// The rules that bind the free agents, and for how many, most
        /// binding first.
        rules: Vec<(Rule, usize)>,
    },
}

impl Blocked {
    /// The reason in words, for pool `pool` under the labour `rules`.
    pub fn describe(&self, pool: &str, rules: &Rules) -> String {
        match self {
            Blocked::OnItsOwn(rule) => format!("{} breaks on its own", rule.name(rules)),
            Blocked::NoAgentFree {
                agents,
                needed,
                block,
                busy,
                rules: binding,
            } => {
                let mut out = format!(
                    "pool {pool} has {agents} agent(s) and needs {needed} {}; {busy} are on other shifts",
                    block.name()
                );
                if binding.is_empty() {
                    out += ": too few agents";
                } else {
                    let parts: Vec<String> = binding
                        .iter()
                        .map(|(r, n)| format!("{} for {n}", r.name(rules)))
                        .collect();
                    out += &format!("; the free ones are blocked by {}", parts.join(", "));
                }
                out
            }
        }
    }
}

/// A planned shift no agent can take.
#[derive(Debug, Clone, PartialEq)]
pub struct Open {
    /// Pool id.
    pub pool: String,
    /// Template name.
    pub shift: String,
    /// Start of the shift.
    pub start: DateTime<Utc>,
    /// The site's time zone.
    pub site_tz: Tz,
    /// Agents short on it.
    pub agents: u32,
    /// What blocks it: busy agents and the rules that bind the free ones.
    pub blocked: Blocked,
}

impl Open {
    /// Site-local start (`2026-03-02T06:00+05:00`).
    pub fn start_site(&self) -> String {
        stamp(self.start, self.site_tz)
    }

    /// Why it is open, in words (see [`Blocked::describe`]).
    pub fn why(&self, rules: &Rules) -> String {
        self.blocked.describe(&self.pool, rules)
    }
}

/// The roster cannot staff every planned shift under the hard rules: exit 3.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", render_open(.open, .rules))]
pub struct Unstaffed {
    /// The shifts left without an agent.
    pub open: Vec<Open>,
    /// The scenario's labour rules, which the reasons name.
    pub rules: Rules,
}

/// Lines of open shifts an error message lists before "... and N more".
const LISTED: usize = 40;

fn render_open(open: &[Open], rules: &Rules) -> String {
    let n: u32 = open.iter().map(|o| o.agents).sum();
    let mut out = format!(
        "the roster cannot staff {n} planned shift(s) under the hard rules (use `shifts: {{coverage: soft, ...}}` to write the roster with them open):"
    );
    for o in open.iter().take(LISTED) {
        out += &format!(
            "\n  {} {} {}: {} agent(s) short; {}",
            o.pool,
            o.shift,
            o.start_site(),
            o.agents,
            o.why(rules)
        );
    }
    if open.len() > LISTED {
        out += &format!("\n  ... and {} more", open.len() - LISTED);
    }
    out
}
