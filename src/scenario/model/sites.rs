//! Sites: the centres of `sites:`, a queue's parts over them, and their
//! public holidays.

use chrono::NaiveDate;

use super::Scenario;

/// One site of `sites:`: a centre with its own pools, hourly rate and
/// transport caps. Every site shares the scenario's time zone and grid
/// (Karachi, Lahore and Islamabad are all on PKT).
#[derive(Debug, Clone, PartialEq)]
pub struct SiteOf {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Cost per paid hour at this site (else `costs.hourly`).
    pub hourly: f64,
    /// The site's cap on shifts starting at one time (else `shifts.max_starts_per_slot`).
    pub max_starts_per_slot: Option<u32>,
    /// The site's cap on shifts ending at one time (else `shifts.max_ends_per_slot`).
    pub max_ends_per_slot: Option<u32>,
    /// Its public holidays, by date.
    pub holidays: Vec<Holiday>,
}

/// A part of a queue split over sites by a fixed share: the part is a
/// queue of its own at `share` × the volume, staffed alone at its site.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The id of the queue as written (`uk-bank` for the part `uk-bank@karachi`).
    pub of: String,
    /// Share of the queue's volume, in [0, 1] (above 0 when written; for
    /// `share: auto`, the `start` share or 1/parts until the plan chooses).
    pub share: f64,
    /// `share: auto`: the plan chooses the share on this grid.
    pub auto: Option<AutoShare>,
}

/// The grid a part's share is chosen on (`share: auto`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AutoShare {
    /// Least share (`min`, default 0).
    pub min: f64,
    /// Largest share (`max`, default 100 %).
    pub max: f64,
    /// The queue's `split_step` (default 5 %): shares are its multiples.
    pub step: f64,
    /// `start`: a share always among the fully planned candidates.
    pub start: Option<f64>,
}

/// A public holiday: a site-local date on which a site is closed. Its
/// agents keep their tours; a shift on it is paid and covers nothing in
/// the day's intervals (00:00 to 24:00 on the site clock), and a split
/// queue's share of the site goes to the open sites that day.
#[derive(Debug, Clone, PartialEq)]
pub struct Holiday {
    /// The site-local date.
    pub date: NaiveDate,
    /// Its name (`name:`), or the date when none is given.
    pub name: String,
}

impl Scenario {
    /// The public holidays of pool `p`'s site: its site's of `sites:`, or
    /// the implicit site's without them.
    pub fn holidays(&self, p: usize) -> &[Holiday] {
        match self.pools[p].site {
            Some(s) => &self.sites[s].holidays,
            None => &self.site.holidays,
        }
    }

    /// The holiday on which pool `p`'s site is closed at site-local `date`.
    pub fn closed_on(&self, p: usize, date: NaiveDate) -> Option<&Holiday> {
        self.holidays(p).iter().find(|h| h.date == date)
    }

    /// Whether any site has a public holiday.
    pub fn has_holidays(&self) -> bool {
        !self.site.holidays.is_empty() || self.sites.iter().any(|s| !s.holidays.is_empty())
    }
}
