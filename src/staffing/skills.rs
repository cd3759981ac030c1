//! The multi-skill requirement's types: what the staffing of pools linked
//! by `serves` gives per interval. The staffing itself needs the simulation
//! and is in [`crate::simulate::skills`]; [`super::with_groups`] puts it in
//! the pools' requirements.

/// One set of pools linked by `serves`, staffed together.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillGroup {
    /// Scenario pool indices, ascending.
    pub pools: Vec<usize>,
    /// The queues these pools take, in scenario order.
    pub queues: Vec<usize>,
    /// Per interval.
    pub intervals: Vec<GroupCell>,
}

/// The staffing of one group in one interval.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GroupCell {
    /// Agents on the floor per pool of the group (in [`SkillGroup::pools`]
    /// order): the requirement.
    pub agents: Vec<u32>,
    /// Per queue of the group: simulated service level at `agents`.
    pub sl: Vec<Option<f64>>,
    /// Per queue: simulated ASA at `agents`, seconds.
    pub asa_s: Vec<Option<f64>>,
    /// Each queue staffed alone by Erlang (separate single-skill pools).
    pub separate: u32,
    /// All the group's queues as one Erlang queue (full flexibility).
    pub pooled: u32,
    /// Per pool that serves others' queues: the volume-weighted service
    /// level gain over the queues it takes with one more of its agents.
    pub gain: Vec<Option<f64>>,
    /// Whether every queue met its target in the simulation.
    pub met: bool,
    /// Simulations run.
    pub simulations: u32,
}

impl GroupCell {
    /// Agents of every pool together.
    pub fn total(&self) -> u32 {
        self.agents.iter().sum()
    }
}
