//! The roster's blocks: the horizon cut into weeks of the plan's tours (or
//! days of its shifts), each item with the duty it carries (nights,
//! weekend days, late shifts) for the fair rotation.

use std::ops::Range;

use super::rules::Ctx;
use crate::shifts::PoolPlan;

/// A block's item: shifts one agent works (one per day), `count` times.
#[derive(Debug, Clone)]
pub(super) struct Item {
    pub(super) shifts: Vec<usize>,
    pub(super) count: u32,
    pub(super) burden: Burden,
}

/// Night shifts, weekend days and late shifts: the duty rotated between
/// agents.
pub(super) type Burden = [u32; 3];

/// The weight of `item` for an agent who carried `load` so far: the
/// product of the two, Σₖ loadₖ × itemₖ. Taking the item raises the sum
/// over agents of each duty's squared total by 2 × this + Σₖ itemₖ², so
/// the agent with the least weight keeps each duty most even (a night tour
/// goes to whoever worked fewest nights, a late tour to whoever worked
/// fewest lates).
pub(super) fn weight(load: Burden, item: Burden) -> u32 {
    load.iter().zip(item).map(|(l, i)| l * i).sum()
}

/// What a block spans, hence what its items are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A week of the horizon; its items are weekly tours.
    Week,
    /// A day; its items are the day's shifts.
    Day,
}

impl BlockKind {
    /// The days of block `b` in a horizon of `days` days.
    pub(super) fn days(self, b: usize, days: usize) -> Range<usize> {
        match self {
            BlockKind::Week => 7 * b..(7 * b + 7).min(days),
            BlockKind::Day => b..b + 1,
        }
    }

    /// How a diagnosis names the block.
    pub(super) fn name(self) -> &'static str {
        match self {
            BlockKind::Week => "that week",
            BlockKind::Day => "that day",
        }
    }
}

/// A pool's items, block by block.
pub(super) struct Blocks {
    pub(super) items: Vec<Vec<Item>>,
    /// Weeks of tours or days of shifts.
    pub(super) kind: BlockKind,
}

impl Blocks {
    /// The least headcount any roster needs: the busiest block's items.
    pub(super) fn busiest(&self) -> usize {
        self.items
            .iter()
            .map(|b| b.iter().map(|i| i.count as usize).sum::<usize>())
            .max()
            .unwrap_or(0)
    }
}

/// Night shifts, weekend days and late shifts among `shifts`.
fn burden(ctx: &Ctx, shifts: &[usize]) -> Burden {
    let count = |f: &dyn Fn(&super::rules::Info) -> bool| {
        shifts.iter().filter(|&&s| f(&ctx.info[s])).count() as u32
    };
    [
        count(&|i| i.night),
        count(&|i| i.weekend),
        count(&|i| i.late),
    ]
}

/// Items per block: weekly tours when the scenario has `shifts.week` and
/// the plan's tours reproduce its shifts, else one block per day of its
/// daily shifts.
pub(super) fn blocks(pp: &PoolPlan, ctx: &Ctx) -> Blocks {
    if ctx.sc.shifts.weekly() {
        if let Some(items) = tour_blocks(pp, ctx) {
            return Blocks {
                items,
                kind: BlockKind::Week,
            };
        }
    }
    let mut items = vec![Vec::new(); ctx.days];
    for a in &pp.assigned {
        if a.agents > 0 {
            items[ctx.info[a.shift].day].push(Item {
                shifts: vec![a.shift],
                count: a.agents,
                burden: burden(ctx, &[a.shift]),
            });
        }
    }
    Blocks {
        items,
        kind: BlockKind::Day,
    }
}

/// The plan's tours, each in the week of its first shift, or `None` when
/// they do not add up to its shifts.
fn tour_blocks(pp: &PoolPlan, ctx: &Ctx) -> Option<Vec<Vec<Item>>> {
    let m = &pp.model;
    if pp.tours.len() != m.tours.len() {
        return None;
    }
    let mut per_shift = vec![0u32; m.shifts.len()];
    for (j, &n) in pp.tours.iter().enumerate() {
        for &s in &m.tours[j].shifts {
            per_shift[s] += n;
        }
    }
    let mut planned = vec![0u32; m.shifts.len()];
    for a in &pp.assigned {
        planned[a.shift] += a.agents;
    }
    if per_shift != planned {
        return None;
    }
    let mut out = vec![Vec::new(); ctx.days.div_ceil(7)];
    for (j, &n) in pp.tours.iter().enumerate() {
        let shifts = &m.tours[j].shifts;
        if n == 0 || shifts.is_empty() {
            continue;
        }
        out[ctx.info[shifts[0]].day / 7].push(Item {
            shifts: shifts.clone(),
            count: n,
            burden: burden(ctx, shifts),
        });
    }
    Some(out)
}
