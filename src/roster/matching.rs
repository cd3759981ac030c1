//! The assignment of the module doc: the horizon cut into blocks of items
//! (weekly tours or daily shifts), each block matched to the pool's agents
//! greedily and fairly, then by augmenting paths (Kuhn 1955); what is left
//! gets a new agent or stays open, with why.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration};

use super::blocks::{blocks, weight, BlockKind, Blocks, Burden, Item};
use super::rules::{drift_min, Ctx, Rule, Staff};
use super::Blocked;
use crate::shifts::PoolPlan;
use crate::staffing::Staffed;

/// The closeness of an agent with no shift before the item's first day: a
/// whole day, after every real drift (at most 12 h).
const NO_EARLIER_SHIFT_MIN: u32 = 1440;

/// Which pass of the matching runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// Agents who carried the least burden so far first: night duty and
    /// weekends rotate between weeks.
    Fair,
    /// Each agent on the same tour as the week before where it can.
    Steady,
    /// Each agent on a line of the plan ([`crate::shifts::PoolPlan::lines`]):
    /// the plan's own matching of the weeks, which keeps the rules between
    /// weeks (and over the wrap) for the same agents all horizon.
    Lines,
}

/// Whether the matching may add agents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Headcount {
    /// `agents: {count: auto}`: an item no agent can take gets a new one.
    Grow,
    /// A fixed headcount or a staff list: such an item stays open.
    Fixed,
}

/// The outcome for one pool.
pub(super) struct PoolRoster {
    pub(super) staff: Vec<Staff>,
    /// Shift worked per agent and day.
    pub(super) sched: Vec<Vec<Option<u32>>>,
    /// Unstaffed: (shift, agents short, why).
    pub(super) open: Vec<(usize, u32, Blocked)>,
    /// Burden (night shifts, weekend days, late shifts) per agent.
    pub(super) load: Vec<Burden>,
}

impl PoolRoster {
    /// How unevenly the burden falls: Σ over agents of their night
    /// shifts², then of their nights² + weekend days² + lates² (lower is
    /// fairer).
    fn unevenness(&self) -> (u64, u64) {
        let squares = |k: usize| -> u64 { self.load.iter().map(|l| u64::from(l[k]).pow(2)).sum() };
        (squares(0), (0..3).map(squares).sum())
    }
}

/// One pool of the plan ready to match: its rules and its blocks.
pub(super) struct Pool<'a> {
    pub(super) ctx: Ctx<'a>,
    pub(super) blocks: Blocks,
    /// The plan's lines: per line, the shifts of its tour in each week.
    lines: Vec<Vec<Option<&'a [usize]>>>,
    /// Pool id.
    pub(super) id: &'a str,
}

impl<'a> Pool<'a> {
    /// The rules and blocks of plan pool `pp`.
    pub(super) fn new(staffed: &'a Staffed, pp: &'a PoolPlan) -> Pool<'a> {
        let ctx = Ctx::new(staffed, pp);
        let blocks = blocks(pp, &ctx);
        let lines = pp
            .lines
            .iter()
            .map(|line| {
                line.iter()
                    .map(|t| t.map(|j| pp.model.tours[j].shifts.as_slice()))
                    .collect()
            })
            .collect();
        Pool {
            ctx,
            blocks,
            lines,
            id: &staffed.scenario.pools[pp.model.pool].id,
        }
    }

    /// Roster the pool with `staff`: the fair pass, or with weekly tours,
    /// when that pass needs more agents than the busiest week has tours or
    /// leaves shifts open, the plan's lines or the steady pass where one
    /// does better (fewer open shifts, then fewer agents; the first of
    /// fair, lines, steady on a tie).
    pub(super) fn roster(&self, staff: Vec<Staff>, headcount: Headcount) -> PoolRoster {
        let fair = self.pass(staff.clone(), headcount, Pass::Fair);
        if self.blocks.kind == BlockKind::Day {
            return fair;
        }
        let fits = |r: &PoolRoster| {
            r.open.is_empty() && r.staff.len() <= self.blocks.busiest().max(staff.len())
        };
        if fits(&fair) {
            return match self.lines.is_empty() {
                true => fair,
                false => self.fairer_lines(fair, staff, headcount),
            };
        }
        let mut best = fair;
        let other: &[Pass] = if self.lines.is_empty() {
            &[Pass::Steady]
        } else {
            &[Pass::Lines, Pass::Steady]
        };
        for &pass in other {
            let next = self.pass(staff.clone(), headcount, pass);
            if (next.open.len(), next.staff.len()) < (best.open.len(), best.staff.len()) {
                best = next;
            }
        }
        best
    }

    /// `fair` (a fair pass that staffed everything), or the lines pass
    /// where it staffs everything with no more agents and shares the
    /// nights out better (then nights, weekend days and lates together:
    /// [`PoolRoster::unevenness`]): the plan's lines were rotated over the
    /// whole horizon, where the fair pass looks one week at a time.
    fn fairer_lines(
        &self,
        fair: PoolRoster,
        staff: Vec<Staff>,
        headcount: Headcount,
    ) -> PoolRoster {
        let lined = self.pass(staff, headcount, Pass::Lines);
        let better = lined.open.is_empty()
            && lined.staff.len() <= fair.staff.len()
            && lined.unevenness() < fair.unevenness();
        if better {
            lined
        } else {
            fair
        }
    }

    /// One pass over the blocks in order.
    fn pass(&self, staff: Vec<Staff>, headcount: Headcount, pass: Pass) -> PoolRoster {
        let mut m = Matching {
            pool: self,
            pass,
            headcount,
            sched: vec![vec![None; self.ctx.days]; staff.len()],
            load: vec![[0; 3]; staff.len()],
            line_of: vec![None; staff.len()],
            staff,
            open: Vec::new(),
        };
        for (b, items) in self.blocks.items.iter().enumerate() {
            m.block(b, items);
        }
        PoolRoster {
            staff: m.staff,
            sched: m.sched,
            open: m.open,
            load: m.load,
        }
    }
}

/// One pass's state: the agents, their schedules and burdens so far.
struct Matching<'p, 'a> {
    pool: &'p Pool<'a>,
    pass: Pass,
    headcount: Headcount,
    staff: Vec<Staff>,
    /// Shift worked per agent and day.
    sched: Vec<Vec<Option<u32>>>,
    /// Burden (night shifts, weekend days, late shifts) worked so far,
    /// per agent.
    load: Vec<Burden>,
    /// The plan's line each agent follows ([`Pass::Lines`]).
    line_of: Vec<Option<usize>>,
    /// Unstaffed: (shift, agents short, why).
    open: Vec<(usize, u32, Blocked)>,
}

/// Where an agent stands in the block being matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seat {
    /// Free to take an item.
    Free,
    /// Working a day of the block already, from an earlier block.
    Busy,
    /// Matched to this instance of the block.
    On(usize),
}

/// One block being matched.
struct Block<'b> {
    items: &'b [Item],
    /// Per agent.
    seats: Vec<Seat>,
    /// `compat[c][a]`: whether agent `a` may take item `c`, once checked.
    compat: Vec<Vec<Option<bool>>>,
    /// Instances, `count` per item: (item, matched agent).
    inst: Vec<(usize, Option<usize>)>,
}

impl Matching<'_, '_> {
    /// Match block `b`: the greedy pass in order of burden (most first),
    /// augmenting paths, new agents or open shifts; then record it.
    fn block(&mut self, b: usize, items: &[Item]) {
        let days = self.pool.blocks.kind.days(b, self.pool.ctx.days);
        // Agents busy in this block before it starts (none by construction
        // for tours; for days, nobody works twice a day).
        let seats = self
            .sched
            .iter()
            .map(|row| {
                if row[days.clone()].iter().any(Option::is_some) {
                    Seat::Busy
                } else {
                    Seat::Free
                }
            })
            .collect();
        let mut block = Block {
            items,
            seats,
            compat: vec![vec![None; self.staff.len()]; items.len()],
            inst: Vec::new(),
        };
        let mut order: Vec<usize> = (0..items.len()).collect();
        let total = |c: usize| items[c].burden.iter().sum::<u32>();
        order.sort_by(|&x, &y| total(y).cmp(&total(x)).then(x.cmp(&y)));
        for c in order {
            self.greedy(b, &mut block, c);
        }
        self.augment_all(&mut block);
        self.leftovers(&mut block);
        self.record(b, &block);
    }

    /// Whether agent `a` may take item `c` (checked once per block: the
    /// schedules change only when the block is recorded).
    fn ok(&self, compat: &mut [Vec<Option<bool>>], items: &[Item], c: usize, a: usize) -> bool {
        *compat[c][a].get_or_insert_with(|| {
            self.pool
                .ctx
                .check(&self.staff[a], &self.sched[a], &items[c].shifts)
                .is_none()
        })
    }

    /// The greedy, fair step for item `c` of block `b`: each of its
    /// instances goes to the next free agent in [`Self::candidates`] order
    /// that may take it, or stays unmatched.
    fn greedy(&self, b: usize, block: &mut Block, c: usize) {
        let cands = self.candidates(b, block, c);
        let mut cursor = 0;
        for _ in 0..block.items[c].count {
            let mut got = None;
            while cursor < cands.len() {
                let a = cands[cursor];
                cursor += 1;
                if block.seats[a] == Seat::Free && self.ok(&mut block.compat, block.items, c, a) {
                    got = Some(a);
                    break;
                }
            }
            let k = block.inst.len();
            if let Some(a) = got {
                block.seats[a] = Seat::On(k);
            }
            block.inst.push((c, got));
        }
    }

    /// The free agents for item `c`, best first: closest to their habit
    /// (in whole hours), least [`weight`] of the item given their burden so
    /// far, fewest preferred days off lost, then agent order.
    fn candidates(&self, b: usize, block: &Block, c: usize) -> Vec<usize> {
        let item = &block.items[c];
        let mut cands: Vec<(u32, u32, u32, usize)> = (0..self.staff.len())
            .filter(|&a| block.seats[a] == Seat::Free)
            .map(|a| {
                let close = self.closeness(b, item, a) / 60;
                let weight = weight(self.load[a], item.burden);
                (close, weight, self.prefer(item, a), a)
            })
            .collect();
        cands.sort_unstable();
        cands.into_iter().map(|(.., a)| a).collect()
    }

    /// Days of `item` that agent `a` prefers off.
    fn prefer(&self, item: &Item, a: usize) -> u32 {
        let ctx = &self.pool.ctx;
        self.staff[a].prefer_off.map_or(0, |p| {
            item.shifts
                .iter()
                .filter(|&&s| {
                    p.contains(
                        (ctx.sc.site.start + Duration::days(ctx.info[s].day as i64)).weekday(),
                    )
                })
                .count() as u32
        })
    }

    /// Minutes between `item` and agent `a`'s habit. With tours: 0, except
    /// in the steady pass, where a tour other than last week's is 60. With
    /// daily shifts: the drift from the agent's last start before the
    /// item's day ([`NO_EARLIER_SHIFT_MIN`] when there is none).
    fn closeness(&self, b: usize, item: &Item, a: usize) -> u32 {
        let ctx = &self.pool.ctx;
        let sched = &self.sched[a];
        if self.pool.blocks.kind == BlockKind::Week {
            return match self.pass {
                Pass::Fair => 0,
                Pass::Steady if self.same_tour(b, item, a) => 0,
                Pass::Steady => 60,
                Pass::Lines => match self.line_of[a] {
                    Some(l) if self.pool.lines[l][b] == Some(item.shifts.as_slice()) => 0,
                    Some(_) => 60,
                    None => 30,
                },
            };
        }
        let first = &ctx.info[item.shifts[0]];
        sched
            .iter()
            .flatten()
            .rev()
            .find(|&&s| ctx.info[s as usize].day < first.day)
            .map_or(NO_EARLIER_SHIFT_MIN, |&s| {
                drift_min(&[ctx.info[s as usize].start_min, first.start_min])
            })
    }

    /// Whether agent `a` worked exactly `item`'s tour (same starts, same
    /// days) in the week before block `b`.
    fn same_tour(&self, b: usize, item: &Item, a: usize) -> bool {
        let ctx = &self.pool.ctx;
        let sched = &self.sched[a];
        item.shifts.iter().all(|&s| {
            let i = &ctx.info[s];
            i.day >= 7
                && sched[i.day - 7].is_some_and(|p| ctx.info[p as usize].start_min == i.start_min)
        }) && sched[7 * b.saturating_sub(1)..7 * b]
            .iter()
            .flatten()
            .count()
            == item.shifts.len()
    }

    /// Augmenting paths for the instances the greedy step left.
    fn augment_all(&self, block: &mut Block) {
        let Block {
            items,
            seats,
            compat,
            inst,
        } = block;
        let unmatched: Vec<usize> = (0..inst.len()).filter(|&k| inst[k].1.is_none()).collect();
        for k in unmatched {
            if !seats.contains(&Seat::Free) {
                break;
            }
            let mut seen_agent = vec![false; self.staff.len()];
            let mut seen_item = vec![false; items.len()];
            augment(
                k,
                inst,
                seats,
                &mut seen_agent,
                &mut seen_item,
                &mut |c, a| self.ok(compat, items, c, a),
            );
        }
    }

    /// What is still unmatched: a new agent for each when the headcount
    /// grows and the item breaks no rule on its own, else open shifts with
    /// why.
    fn leftovers(&mut self, block: &mut Block) {
        let ctx = &self.pool.ctx;
        for k in 0..block.inst.len() {
            let (c, got) = block.inst[k];
            if got.is_some() {
                continue;
            }
            let fresh = Staff::blank(String::new());
            let alone = ctx.check(&fresh, &vec![None; ctx.days], &block.items[c].shifts);
            if self.headcount == Headcount::Grow && alone.is_none() {
                self.hire(block, k, fresh);
                continue;
            }
            let why = match alone {
                Some(rule) => Blocked::OnItsOwn(rule),
                None => self.diagnose(&block.items[c].shifts, &block.seats, block.inst.len()),
            };
            for &s in &block.items[c].shifts {
                self.open.push((s, 1, why.clone()));
            }
        }
    }

    /// A new agent, matched to instance `k`.
    fn hire(&mut self, block: &mut Block, k: usize, fresh: Staff) {
        self.staff.push(fresh);
        self.sched.push(vec![None; self.pool.ctx.days]);
        self.load.push([0; 3]);
        self.line_of.push(None);
        block.seats.push(Seat::On(k));
        for row in block.compat.iter_mut() {
            row.push(None);
        }
        block.inst[k].1 = Some(self.staff.len() - 1);
    }

    /// Why no agent of the pool can take `shifts` (the block needing
    /// `needed` agents): busy agents and the first rule each free one would
    /// break, most common first.
    fn diagnose(&self, shifts: &[usize], seats: &[Seat], needed: usize) -> Blocked {
        let ctx = &self.pool.ctx;
        let busy = seats.iter().filter(|&&s| s != Seat::Free).count();
        let mut by_rule: BTreeMap<Rule, usize> = BTreeMap::new();
        let free = (0..self.staff.len()).filter(|&a| seats[a] == Seat::Free);
        for a in free {
            if let Some(rule) = ctx.check(&self.staff[a], &self.sched[a], shifts) {
                *by_rule.entry(rule).or_default() += 1;
            }
        }
        let mut rules: Vec<(Rule, usize)> = by_rule.into_iter().collect();
        rules.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Blocked::NoAgentFree {
            agents: self.staff.len(),
            needed,
            block: self.pool.blocks.kind,
            busy,
            rules,
        }
    }

    /// Write the block's matches into the schedules and burdens; in the
    /// lines pass, an agent with no line yet takes a free one on their
    /// item, one starting this week first.
    fn record(&mut self, b: usize, block: &Block) {
        let ctx = &self.pool.ctx;
        for &(c, got) in &block.inst {
            if let Some(a) = got {
                let item = &block.items[c];
                for &s in &item.shifts {
                    self.sched[a][ctx.info[s].day] = Some(s as u32);
                }
                for (l, d) in self.load[a].iter_mut().zip(item.burden) {
                    *l += d;
                }
                if self.pass == Pass::Lines && self.line_of[a].is_none() {
                    self.line_of[a] = self.free_line(b, &item.shifts);
                }
            }
        }
    }

    /// A line no agent follows yet with `shifts` in block `b`, one that
    /// starts there first.
    fn free_line(&self, b: usize, shifts: &[usize]) -> Option<usize> {
        let lines = &self.pool.lines;
        let free = |l: &usize| !self.line_of.contains(&Some(*l)) && lines[*l][b] == Some(shifts);
        (0..lines.len())
            .filter(free)
            .min_by_key(|&l| lines[l][..b].iter().any(Option::is_some))
    }
}

/// Kuhn's augmenting path from instance `k`; `seen_item` prunes items
/// already tried in this search (same item, same compatible agents).
fn augment(
    k: usize,
    inst: &mut [(usize, Option<usize>)],
    seats: &mut [Seat],
    seen_agent: &mut [bool],
    seen_item: &mut [bool],
    ok: &mut dyn FnMut(usize, usize) -> bool,
) -> bool {
    let c = inst[k].0;
    if seen_item[c] {
        return false;
    }
    seen_item[c] = true;
    for a in 0..seats.len() {
        let holder = match seats[a] {
            Seat::Busy => continue,
            Seat::Free => None,
            Seat::On(j) => Some(j),
        };
        if seen_agent[a] || !ok(c, a) {
            continue;
        }
        seen_agent[a] = true;
        let free = match holder {
            None => true,
            Some(j) => augment(j, inst, seats, seen_agent, seen_item, ok),
        };
        if free {
            seats[a] = Seat::On(k);
            inst[k].1 = Some(a);
            return true;
        }
    }
    false
}
