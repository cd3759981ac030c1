//! Busy signals, hang-ups and callers who call back: the engine's
//! handling of a contact that fails to reach an agent.

use super::{Contact, Kind, Sim};

impl Sim<'_> {
    /// Every line of contact `c`'s trunk group is taken: a busy signal,
    /// counted, and a caller of a queue with `redial` may call back like
    /// one who hung up (with the same probability and delay).
    pub(super) fn block(&mut self, c: u32) {
        let contact = self.contacts[c as usize];
        let retry = self.redial_after(&contact);
        if let Some(k) = self.counts(&contact) {
            k.blocked += 1;
            k.lost_blocked += u32::from(retry.is_none());
        }
        if let Some(after) = retry {
            self.redials += 1;
            self.push(self.now + after, Kind::Retry(c));
        }
    }

    /// `contact`'s call hung up (found now): a hang-up, and a caller lost
    /// when no call back was scheduled (else [`Sim::redial`] decides).
    pub(super) fn hung_up(&mut self, contact: &Contact) {
        let last = self.redial_after(contact).is_none();
        if let Some(k) = self.counts(contact) {
            k.abandoned += 1;
            k.gave_up += u32::from(last);
        }
    }

    /// The delay after which `contact`'s caller may call back if this
    /// attempt fails: `None` without `redial` or once the caller has made
    /// its last allowed call (so the attempts, and the work, are bounded
    /// by `attempts` per caller whatever the share).
    pub(super) fn redial_after(&self, contact: &Contact) -> Option<f64> {
        let r = self.model.queues[contact.queue as usize].redial?;
        (contact.attempt < r.attempts).then_some(r.after_s)
    }

    /// A caller who hung up (or, `blocked`, got a busy signal) may call
    /// back: with the queue's redial probability, as the same contact (same
    /// handle time and patience), else it is lost. After a hang-up its wait
    /// so far is its time in queue (the patience spent); after a busy
    /// signal, the time since that call: a caller turned away is served
    /// counting from the call that was refused, never "in time" because it
    /// redialled.
    pub(super) fn redial(&mut self, c: u32, blocked: bool) {
        self.redials -= 1;
        if self.answered[c as usize] {
            return;
        }
        let old = self.contacts[c as usize];
        let Some(r) = self.model.queues[old.queue as usize].redial else {
            return;
        };
        if self.choices.uniform() >= r.share {
            if let Some(k) = self.counts(&old) {
                if blocked {
                    k.lost_blocked += 1;
                } else {
                    k.gave_up += 1;
                }
            }
            return;
        }
        let patience = old.abandon_at - old.at;
        let waited = if blocked { self.now - old.at } else { patience };
        self.contacts.push(Contact {
            at: self.now,
            abandon_at: self.now + patience,
            redial: true,
            attempt: old.attempt + 1,
            queued_before: old.queued_before + waited,
            ..old
        });
        self.answered.push(false);
        self.arrive((self.contacts.len() - 1) as u32);
    }
}
