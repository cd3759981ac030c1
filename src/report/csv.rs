//! CSV renderers. Times carry their UTC offset (`2026-03-02T09:00+05:00`) so
//! a row is unambiguous across daylight-saving changes.

use crate::pipeline::Staffed;
use crate::report::round;
use crate::scenario::channel_name;
use crate::timegrid::stamp;

fn num(x: f64, digits: i32) -> String {
    round(x, digits).to_string()
}

fn opt(x: Option<f64>, digits: i32) -> String {
    x.map(|v| num(v, digits)).unwrap_or_default()
}

fn finish(w: csv::Writer<Vec<u8>>) -> String {
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// `requirements.csv`: one row per queue and interval. The first ten columns
/// are those of SPEC.md; the rest give the pool, the unrounded figures and the
/// service figures at the net staffing.
pub fn requirements(s: &Staffed) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "interval_start_utc",
        "interval_start_site",
        "queue",
        "client_local_time",
        "volume",
        "agent_volume",
        "aht_s",
        "erlangs",
        "required_net",
        "required_gross",
        "pool",
        "channel",
        "required_net_raw",
        "required_gross_raw",
        "sl",
        "asa_s",
        "occupancy",
        "p_abandon",
    ]);
    for i in 0..s.grid.len {
        let t = s.grid.at(i);
        for (q, queue) in s.scenario.queues.iter().enumerate() {
            let d = &s.demand.queues[q];
            let c = &s.requirements.queues[q][i];
            let _ = w.write_record([
                stamp(t, chrono_tz::UTC),
                stamp(t, s.grid.site_tz),
                queue.id.clone(),
                stamp(t, queue.timezone),
                num(d.volume[i], 3),
                num(d.agent_volume[i], 3),
                num(d.aht_s[i], 1),
                num(c.erlangs, 4),
                c.net.to_string(),
                c.gross.to_string(),
                s.scenario.pools[queue.pool].id.clone(),
                channel_name(queue.channel).to_string(),
                num(c.net_raw, 4),
                num(c.gross_raw, 4),
                opt(c.sl, 4),
                opt(c.asa_s, 2),
                num(c.occupancy, 4),
                opt(c.p_abandon, 4),
            ]);
        }
    }
    finish(w)
}

/// `pool_requirements.csv`: one row per pool and interval.
pub fn pool_requirements(s: &Staffed) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "interval_start_utc",
        "interval_start_site",
        "pool",
        "erlangs",
        "required_net",
        "required_gross",
        "required_net_raw",
        "required_gross_raw",
    ]);
    for i in 0..s.grid.len {
        let t = s.grid.at(i);
        for (p, pool) in s.scenario.pools.iter().enumerate() {
            let r = &s.requirements.pools[p];
            let _ = w.write_record([
                stamp(t, chrono_tz::UTC),
                stamp(t, s.grid.site_tz),
                pool.id.clone(),
                num(r.erlangs[i], 4),
                r.net[i].to_string(),
                r.gross[i].to_string(),
                num(r.net_raw[i], 4),
                num(r.gross_raw[i], 4),
            ]);
        }
    }
    finish(w)
}
