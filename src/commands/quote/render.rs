//! A priced quote on the terminal (a table), or as JSON or CSV.

use super::model::Quote;
use super::pricing::Priced;
use crate::cli::Format;
use crate::report::csv::Csv;
use crate::report::table::Table;
use crate::units::Duration;

impl Priced {
    /// Render in `format`.
    pub fn render(&self, format: Format, q: &Quote) -> Result<String, csv::Error> {
        Ok(match format {
            Format::Json => self.json(),
            Format::Csv => self.csv()?,
            Format::Table => self.table(q),
        })
    }

    /// The quote as pretty JSON.
    fn json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// One CSV row per case; empty cells for a case that failed.
    fn csv(&self) -> Result<String, csv::Error> {
        let mut w = Csv::new();
        w.row([
            "case",
            "fte",
            "headcount",
            "seats",
            "peak_on_floor",
            "paid_hours_month",
            "cost_month",
            "price_month",
            "sl_achieved",
            "error",
        ])?;
        for c in &self.cases {
            w.row([
                c.case.clone(),
                opt(c.fte.map(|x| x.to_string())),
                opt(c.headcount.map(|x| x.to_string())),
                opt(c.seats.map(|x| x.to_string())),
                opt(c.peak_on_floor.map(|x| x.to_string())),
                opt(c.paid_hours_month.map(|x| x.to_string())),
                opt(c.cost_month.map(|x| x.to_string())),
                opt(c.price_month.map(|x| x.to_string())),
                opt(c.sl_achieved.map(|x| x.to_string())),
                c.error.clone().unwrap_or_default(),
            ])?;
        }
        w.finish()
    }

    /// The terminal: what is quoted and how, a table of the cases, then the
    /// cases that could not be planned.
    fn table(&self, q: &Quote) -> String {
        let mut out = self.heading(q);
        let mut t = Table::new(&[
            "case",
            "FTE",
            "headcount",
            "seats",
            "paid hours/month",
            "cost/month",
            "price/month",
            "achieved SL",
        ]);
        for c in &self.cases {
            t.row(vec![
                c.case.clone(),
                opt(c.fte.map(|x| format!("{x:.1}"))),
                opt(c.headcount.map(|x| x.to_string())),
                opt(c.seats.map(|x| x.to_string())),
                opt(c.paid_hours_month.map(|x| format!("{x:.0}"))),
                opt(c.cost_month.map(|x| format!("{x:.2}"))),
                opt(c.price_month.map(|x| format!("{x:.2}"))),
                opt(c.sl_achieved.map(|x| format!("{:.1}%", x * 100.0))),
            ]);
        }
        out += &t.render();
        for c in &self.cases {
            if let Some(e) = &c.error {
                let first = e.lines().next().unwrap_or_default();
                out += &format!("\n{} could not be planned: {first}\n", c.case);
            }
        }
        if let Some(launch) = &self.launch {
            out += &launch.table(&self.currency, self.margin);
        }
        out
    }

    /// The lines above the table: client, volume and clocks; the queue's
    /// terms; how monthly figures, price and seats are worked out.
    /// The week's split over the days, and where it comes from.
    fn daily_shares_line(&self) -> String {
        const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        let days: Vec<String> = DAYS
            .iter()
            .zip(&self.daily_shares)
            .filter(|(_, share)| **share > 0.0)
            .map(|(day, share)| format!("{day} {:.1}%", share * 100.0))
            .collect();
        let source = if self.daily_shares_from == "opening_hours" {
            "in proportion to opening hours; set daily_shares to change it"
        } else {
            "daily_shares as given"
        };
        format!("week split: {} ({source})\n", days.join(", "))
    }

    fn heading(&self, q: &Quote) -> String {
        let sq = q.scenario.queues.first();
        let mut out = format!(
            "Quote for {} — {} contacts a month ({} a week), client time {}, site time {}\n",
            self.client,
            self.monthly_volume.round(),
            self.weekly_volume.round(),
            sq.map_or("-".into(), |x| x.timezone.name().to_string()),
            q.scenario.site.timezone.name(),
        );
        if let Some(sq) = sq {
            out += &format!(
                "{} queue, AHT {}, target {}, bot containment {:.0}%, shrinkage {:.1}%\n",
                crate::scenario::channel_name(sq.channel),
                Duration(sq.aht_s),
                sq.service_level.map_or_else(
                    || sq
                        .deadline_s
                        .map_or("-".into(), |d| format!("within {}", Duration(d))),
                    |s| s.to_string()
                ),
                sq.containment * 100.0,
                q.scenario.pools.first().map_or(0.0, |p| p.shrinkage.total) * 100.0,
            );
            out += &self.daily_shares_line();
        }
        out += &format!(
            "monthly = weekly × 52/12; price = cost ÷ (1 − margin {:.1}%); seats = peak on the floor + {:.0}% buffer; costs in {}\n\n",
            self.margin * 100.0,
            self.seat_buffer * 100.0,
            self.currency
        );
        out
    }
}

/// A missing value as an empty cell.
fn opt(x: Option<String>) -> String {
    x.unwrap_or_default()
}
