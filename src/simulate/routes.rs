//! Skill-based routing: which simulated pools take which queue, in what
//! order (see [`super::engine`] for the rules that use it).

use super::model::Model;

/// Which pool serves what, for the pools simulated together.
pub(super) struct Routes {
    /// Per queue of the model: the simulated pools (local indices) that take
    /// it, its own pool first, then those that list it in `serves`, in
    /// scenario order; empty for queues of other pools.
    pub(super) groups: Vec<Vec<u32>>,
    /// Per local pool: its live (voice and chat) queues in its priority
    /// order (own queues in scenario order, then `serves`).
    pub(super) live: Vec<Vec<usize>>,
    /// Per local pool: its e-mail queues, in the same order.
    pub(super) email: Vec<Vec<usize>>,
}

impl Routes {
    pub(super) fn new(model: &Model, pools: &[usize]) -> Routes {
        let n = model.queues.len();
        let mut groups = vec![Vec::new(); n];
        let mut live = Vec::new();
        let mut email = Vec::new();
        for (g, &p) in pools.iter().enumerate() {
            let own = (0..n).filter(|&q| model.queues[q].pool == p);
            let order: Vec<usize> = own.chain(model.pools[p].serves.iter().copied()).collect();
            for &q in &order {
                groups[q].push(g as u32);
            }
            live.push(
                order
                    .iter()
                    .copied()
                    .filter(|&q| model.queues[q].live)
                    .collect(),
            );
            email.push(
                order
                    .iter()
                    .copied()
                    .filter(|&q| !model.queues[q].live)
                    .collect(),
            );
        }
        // Each queue's own pool first, whatever its place in `pools`.
        for (q, list) in groups.iter_mut().enumerate() {
            if let Some(k) = list
                .iter()
                .position(|&g| pools[g as usize] == model.queues[q].pool)
            {
                let own = list.remove(k);
                list.insert(0, own);
            }
        }
        Routes {
            groups,
            live,
            email,
        }
    }
}
