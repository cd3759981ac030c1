//! The maximum flow that matches one week's agents to the next week's
//! tours ([`super::Fill::matched`]).

use std::collections::{BTreeMap, VecDeque};

/// Agents of one week's tours (sources, `left` still to place) sent to the
/// next week's (sinks, `room` still free) along allowed `edges`.
pub(super) struct Flow {
    pub(super) edges: Vec<Vec<usize>>,
    pub(super) left: Vec<u32>,
    pub(super) room: Vec<u32>,
    /// Per sink, agents it has from each source.
    pub(super) flow: Vec<BTreeMap<usize, u32>>,
}

impl Flow {
    /// Send agents along each source's edges in their order, the sources
    /// in `order`, as many as fit: a start the augmenting paths complete.
    pub(super) fn greedy(&mut self, order: &[usize]) {
        for &i in order {
            for &k in &self.edges[i] {
                let n = self.left[i].min(self.room[k]);
                if n > 0 {
                    self.left[i] -= n;
                    self.room[k] -= n;
                    *self.flow[k].entry(i).or_default() += n;
                }
            }
        }
    }

    /// Send one more agent along a shortest augmenting path: from a source
    /// with agents left, forward along allowed edges and back along edges
    /// that carry agents, to a sink with room. False when none exists.
    pub(super) fn augment(&mut self) -> bool {
        // How each source and sink was first reached: a source from a sink
        // whose agent it takes back (None: it has agents left), a sink from
        // a source.
        let mut by_sink: Vec<Option<usize>> = vec![None; self.room.len()];
        let mut by_source: Vec<Option<Option<usize>>> = vec![None; self.left.len()];
        let mut queue: VecDeque<usize> = VecDeque::new();
        for i in (0..self.left.len()).filter(|&i| self.left[i] > 0) {
            by_source[i] = Some(None);
            queue.push_back(i);
        }
        while let Some(i) = queue.pop_front() {
            for &k in &self.edges[i] {
                if by_sink[k].is_some() {
                    continue;
                }
                by_sink[k] = Some(i);
                if self.room[k] > 0 {
                    self.send(k, &by_sink, &by_source);
                    return true;
                }
                for (&i2, &f) in &self.flow[k] {
                    if f > 0 && by_source[i2].is_none() {
                        by_source[i2] = Some(Some(k));
                        queue.push_back(i2);
                    }
                }
            }
        }
        false
    }

    /// Send one agent along the path that reached sink `k`.
    fn send(
        &mut self,
        mut k: usize,
        by_sink: &[Option<usize>],
        by_source: &[Option<Option<usize>>],
    ) {
        self.room[k] -= 1;
        loop {
            let i = by_sink[k].expect("a reached sink has its source");
            *self.flow[k].entry(i).or_default() += 1;
            match by_source[i].expect("a reached source has its way in") {
                Some(back) => {
                    *self.flow[back]
                        .get_mut(&i)
                        .expect("a reversed edge carries agents") -= 1;
                    k = back;
                }
                None => {
                    self.left[i] -= 1;
                    return;
                }
            }
        }
    }
}
