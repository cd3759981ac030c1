//! The roster's failures: [`Open`], a planned shift no agent can take, and
//! [`Unstaffed`], the error (exit 3) that lists them under hard coverage.

/// A planned shift no agent can take.
#[derive(Debug, Clone, PartialEq)]
pub struct Open {
    /// Pool id.
    pub pool: String,
    /// Template name.
    pub shift: String,
    /// Site-local start (`2026-03-02T06:00+05:00`).
    pub start_site: String,
    /// Agents short on it.
    pub agents: u32,
    /// What blocks it: busy agents and the rules that bind the free ones.
    pub rule: String,
}

/// The roster cannot staff every planned shift under the hard rules: exit 3.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", render_open(.open))]
pub struct Unstaffed {
    /// The shifts left without an agent.
    pub open: Vec<Open>,
}

fn render_open(open: &[Open]) -> String {
    let n: u32 = open.iter().map(|o| o.agents).sum();
    let mut out = format!(
        "the roster cannot staff {n} planned shift(s) under the hard rules (use `shifts: {{coverage: soft, ...}}` to write the roster with them open):"
    );
    for o in open.iter().take(40) {
        out += &format!(
            "\n  {} {} {}: {} agent(s) short; {}",
            o.pool, o.shift, o.start_site, o.agents, o.rule
        );
    }
    if open.len() > 40 {
        out += &format!("\n  ... and {} more", open.len() - 40);
    }
    out
}
