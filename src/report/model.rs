//! `plan --export-model`: each pool's integer program in CPLEX LP format,
//! for any other solver (HiGHS, CBC, Gurobi, CPLEX), with the list of its
//! tours and a README. The program is the one whose LP relaxation, split
//! into weeks and branched once on head count, is staffplan's bound
//! (`shifts::lp`), with agents per tour and per break slot integer; only the
//! shifts some tour works have rows, as there.
//!
//! Variables: `x<j>` agents on tour j (the model's tour order; `tours.csv`
//! of the export names each), `y<k>_<β>_<b>` agents of shift k taking break
//! β in slot b, `s<t>` agents short at interval t (continuous). Rows:
//! `cover<t>`, `break<k>_<β>`, `cap<σ>` and `endcap<σ>` (the site's start
//! and end caps applied to this pool alone, as the bound does),
//! `min<τ>_<d>` / `max<τ>_<d>`,
//! `minshare<τ>_<w>` / `maxshare<τ>_<w>` (a template's share of week w's
//! agents) and `staff<g>` (a staff list's cap on a group of tours).
//! A pool planned to a service-level window (`shifts::window_model`) is
//! exported as the window problem its printed bound relaxes: `cover<t>` at
//! each interval's own limits, binary steps `z<t>_<k>` (the k-th agent
//! above them), rows `net<t>` (agents after shrinkage hold the limits and
//! the steps) and `window<w>` (the steps answer what the window lacks).
//! Every variable is ≥ 0, the LP format's default bound.

use std::collections::BTreeMap;

use anyhow::{Context, Result};

use crate::output::OutputFile;
use crate::report::csv::{num, Csv};
use crate::scenario::Template;
use crate::shifts::{self, Caps, PoolModel, Trip};
use crate::staffing::{Staffed, WindowSteps};
use crate::timegrid::{local_instant, stamp};

/// Longest line the writer makes (the LP format reads at most 255 characters
/// a line in some solvers); longer sums continue on the next line.
const LINE: usize = 200;

/// A linear sum: variable name → coefficient, in name order.
type Sum = BTreeMap<String, f64>;

/// How to use an exported model (README.txt of the export folder).
const README: &str = "Each pool's integer program, as staffplan bounds it, in CPLEX LP format.

  <pool>.lp         minimise cost + shortfall penalty; x<j> agents on tour j,
                    y<k>_<b>_<i> agents of shift k taking break b in slot i,
                    s<t> agents short at interval t (continuous)
  <pool>.tours.csv  what each x<j> is: template, start and the days it works

A pool planned to a service-level window (service_level: {over: day, ...})
is the window problem: cover<t> at each interval's own limits, z<t>_<k>
binary (the k-th agent above them), net<t> and window<w> rows.

Solve it with any MIP solver, e.g.
  highs --model_file english-voice.lp --solution_file english-voice.sol
  cbc english-voice.lp solve solu english-voice.sol
  gurobi_cl ResultFile=english-voice.sol english-voice.lp
and map the solution back with tours.csv: x<j> = n means n agents work
tour j. The site's transport caps (max_starts_per_slot: rows cap<slot>;
max_ends_per_slot: rows endcap<slot>) are applied to each pool alone, as
staffplan's bound does, so a pool's optimum is a lower bound on its
share of the site's plan. staffplan's own plan and bound are in the plan
folder's summary.json (plan.pools[].cost and lp_bound).
";

/// The files of an export: README.txt, then per pool `<pool>.lp` and
/// `<pool>.tours.csv`.
pub fn files(s: &Staffed) -> Result<Vec<OutputFile>> {
    let sc = &s.scenario;
    let mut files = vec![OutputFile::text("README.txt", README.to_string())];
    for (p, pool) in sc.pools.iter().enumerate() {
        let m = match shifts::window_model(s, p)? {
            Some(m) => m,
            None => shifts::model(s, p),
        };
        let title = format!("staffplan: pool {} of {}", pool.id, sc.name);
        files.push(OutputFile::text(
            &format!("{}.lp", pool.id),
            lp_text(&m, Caps::of_pool(sc, m.pool), &sc.shifts.templates, &title),
        ));
        files.push(OutputFile::text(
            &format!("{}.tours.csv", pool.id),
            tours_csv(s, &m).with_context(|| format!("rendering {}.tours.csv", pool.id))?,
        ));
    }
    Ok(files)
}

/// One row per tour variable: its template, site-local start and the
/// site-local dates it works.
fn tours_csv(s: &Staffed, m: &PoolModel) -> Result<String, csv::Error> {
    let sc = &s.scenario;
    let mut w = Csv::new();
    w.row(["variable", "template", "first_start_site", "dates", "cost"])?;
    let date = |k: usize| sc.site.start + chrono::Duration::days(m.shifts[k].day as i64);
    for (j, tour) in m.tours.iter().enumerate() {
        // Every tour works at least one shift; the first gives its start.
        let (template, start) = match tour.shifts.first() {
            Some(&k) => (
                sc.shifts.templates[tour.template].name.clone(),
                stamp(
                    local_instant(sc.site.timezone, date(k), m.shifts[k].start_min),
                    s.grid.site_tz,
                ),
            ),
            None => (String::new(), String::new()),
        };
        let dates: Vec<String> = tour.shifts.iter().map(|&k| date(k).to_string()).collect();
        w.row([
            format!("x{j}"),
            template,
            start,
            dates.join(" "),
            num(tour.cost, 2),
        ])?;
    }
    w.finish()
}

/// The integer program of pool model `m` in LP format, titled `title`.
pub fn lp_text(m: &PoolModel, caps: Caps, templates: &[Template], title: &str) -> String {
    let on_shift = tours_on_shift(m);
    let mut out = format!(
        "\\ {}\n\\ written by staffplan: see the README, Export the model\nMinimize\n",
        title.replace(|c: char| c.is_control(), " ")
    );
    let mut objective = Sum::new();
    for (j, tour) in m.tours.iter().enumerate() {
        add(&mut objective, &x(j), tour.cost);
    }
    for t in 0..m.required.len() {
        add(&mut objective, &s(t), m.penalty);
    }
    write_row(&mut out, "obj", &objective, None);
    out += "Subject To\n";
    let (cover, breaks, integer) = cover_and_breaks(m, &on_shift);
    for (t, row) in cover.iter().enumerate() {
        let name = format!("cover{t}");
        write_row(&mut out, &name, row, Some((">=", m.required[t])));
    }
    for (name, row) in &breaks {
        write_row(&mut out, name, row, Some(("=", 0.0)));
    }
    let binary = m
        .window
        .as_ref()
        .map_or(Vec::new(), |w| write_window(&mut out, w, &cover));
    write_limits(&mut out, m, &on_shift, caps, templates);
    write_staff(&mut out, m, templates);
    out += "General\n";
    write_names(&mut out, &integer);
    if !binary.is_empty() {
        out += "Binary\n";
        write_names(&mut out, &binary);
    }
    out += "End\n";
    out
}

/// The rows of a service-level window (`net<t>`, `window<w>`) from the
/// coverage sums; the step variables `z<t>_<k>`, binary.
fn write_window(out: &mut String, w: &WindowSteps, cover: &[Sum]) -> Vec<String> {
    let z = |t: usize, k: u32| format!("z{t}_{k}");
    let mut binary = Vec::new();
    for (t, row) in cover.iter().enumerate().filter(|(t, _)| w.steps[*t] > 0) {
        let mut net: Sum = row
            .iter()
            .map(|(v, c)| (v.clone(), c * (1.0 - w.shrinkage)))
            .collect();
        for k in 1..=w.steps[t] {
            add(&mut net, &z(t, k), -1.0);
            binary.push(z(t, k));
        }
        write_row(
            out,
            &format!("net{t}"),
            &net,
            Some((">=", f64::from(w.base[t]))),
        );
    }
    for (i, window) in w.windows.iter().enumerate() {
        let mut row = Sum::new();
        for (t, gains) in &window.gains {
            for (k, g) in (1..).zip(gains) {
                add(&mut row, &z(*t, k), *g);
            }
        }
        write_row(out, &format!("window{i}"), &row, Some((">=", window.short)));
    }
    binary
}

/// A named row of the model.
type Named = (String, Sum);

/// The coverage sums (one per interval), the break rows (one per break of
/// each shift) and the integer variables (tours, then break slots).
fn cover_and_breaks(m: &PoolModel, on_shift: &[Vec<usize>]) -> (Vec<Sum>, Vec<Named>, Vec<String>) {
    let mut cover: Vec<Sum> = (0..m.required.len())
        .map(|t| Sum::from([(s(t), 1.0)]))
        .collect();
    let mut integer: Vec<String> = (0..m.tours.len()).map(x).collect();
    let mut breaks = Vec::new();
    for (k, shift) in m.shifts.iter().enumerate() {
        let tours = &on_shift[k];
        if tours.is_empty() {
            // No tour works it: no agents, so no breaks to place (as in the LP).
            continue;
        }
        for &t in &shift.intervals {
            for &j in tours {
                add(&mut cover[t], &x(j), 1.0);
            }
        }
        for (b, slots) in shift.breaks.iter().enumerate() {
            let mut row = Sum::new();
            for (i, slot) in slots.iter().enumerate() {
                let y = format!("y{k}_{b}_{i}");
                add(&mut row, &y, 1.0);
                for &(t, share) in &slot.cover {
                    add(&mut cover[t], &y, -share);
                }
                integer.push(y);
            }
            for &j in tours {
                add(&mut row, &x(j), -1.0);
            }
            breaks.push((format!("break{k}_{b}"), row));
        }
    }
    (cover, breaks, integer)
}

/// The transport cap rows and each template's min/max agents a day.
fn write_limits(
    out: &mut String,
    m: &PoolModel,
    on_shift: &[Vec<usize>],
    caps: Caps,
    templates: &[Template],
) {
    for (trip, prefix) in [(Trip::PickUp, "cap"), (Trip::DropOff, "endcap")] {
        let Some(cap) = caps.get(trip) else { continue };
        for (slot, row) in by_key(on_shift, |k| Some(m.shifts[k].slot(trip))) {
            let name = format!("{prefix}{slot}");
            write_row(out, &name, &row, Some(("<=", f64::from(cap))));
        }
    }
    let limited = |k: usize| {
        let t = &templates[m.shifts[k].template];
        (t.min_agents.is_some() || t.max_agents.is_some())
            .then_some((m.shifts[k].template, m.shifts[k].day))
    };
    for ((t, d), row) in by_key(on_shift, limited) {
        if let Some(lo) = templates[t].min_agents {
            write_row(
                out,
                &format!("min{t}_{d}"),
                &row,
                Some((">=", f64::from(lo))),
            );
        }
        if let Some(hi) = templates[t].max_agents {
            write_row(
                out,
                &format!("max{t}_{d}"),
                &row,
                Some(("<=", f64::from(hi))),
            );
        }
    }
}

/// Each template's share of each week's agents, and the staff's caps on
/// groups of tours.
fn write_staff(out: &mut String, m: &PoolModel, templates: &[Template]) {
    let weeks: std::collections::BTreeSet<usize> =
        (0..m.tours.len()).map(|j| m.tour_week(j)).collect();
    let shared = |(_, t): &(usize, &Template)| t.has_share() && t.pools.contains(&m.pool);
    for (t, template) in templates.iter().enumerate().filter(shared) {
        for &w in &weeks {
            let row = |share: f64| {
                let mut sum = Sum::new();
                for j in (0..m.tours.len()).filter(|&j| m.tour_week(j) == w) {
                    let own = if m.tour_template(j) == t { 1.0 } else { 0.0 };
                    add(&mut sum, &x(j), own - share);
                }
                sum
            };
            if let Some(lo) = template.min_share {
                write_row(
                    out,
                    &format!("minshare{t}_{w}"),
                    &row(lo),
                    Some((">=", 0.0)),
                );
            }
            if let Some(hi) = template.max_share {
                write_row(
                    out,
                    &format!("maxshare{t}_{w}"),
                    &row(hi),
                    Some(("<=", 0.0)),
                );
            }
        }
    }
    for (g, group) in m.groups.iter().enumerate() {
        let mut sum = Sum::new();
        for &j in &group.tours {
            add(&mut sum, &x(j), 1.0);
        }
        write_row(
            out,
            &format!("staff{g}"),
            &sum,
            Some(("<=", f64::from(group.cap))),
        );
    }
}

fn x(j: usize) -> String {
    format!("x{j}")
}

fn s(t: usize) -> String {
    format!("s{t}")
}

fn add(sum: &mut Sum, var: &str, coefficient: f64) {
    *sum.entry(var.to_string()).or_default() += coefficient;
}

/// The tours working each shift.
fn tours_on_shift(m: &PoolModel) -> Vec<Vec<usize>> {
    let mut on = vec![Vec::new(); m.shifts.len()];
    for (j, tour) in m.tours.iter().enumerate() {
        for &k in &tour.shifts {
            on[k].push(j);
        }
    }
    on
}

/// Σ agents on the shifts sharing a key (shifts with no key, and shifts no
/// tour works, left out).
fn by_key<K: Ord>(on_shift: &[Vec<usize>], key: impl Fn(usize) -> Option<K>) -> BTreeMap<K, Sum> {
    let mut rows: BTreeMap<K, Sum> = BTreeMap::new();
    for (k, tours) in on_shift.iter().enumerate() {
        if tours.is_empty() {
            continue;
        }
        if let Some(key) = key(k) {
            let row = rows.entry(key).or_default();
            for &j in tours {
                add(row, &x(j), 1.0);
            }
        }
    }
    rows
}

/// ` name: 2 x0 + 1.5 x1 - y0_0_0 >= 3`, wrapped at [`LINE`]; terms with a
/// zero coefficient are left out (an empty sum is written `0 x0`).
fn write_row(out: &mut String, name: &str, sum: &Sum, bound: Option<(&str, f64)>) {
    let mut line = format!(" {name}:");
    let mut first = true;
    for (var, &c) in sum.iter().filter(|(_, c)| **c != 0.0) {
        let sign = if c < 0.0 {
            "-"
        } else if first {
            ""
        } else {
            "+"
        };
        let magnitude = number(c.abs());
        let term = match (sign, c.abs() == 1.0) {
            ("", true) => format!(" {var}"),
            ("", false) => format!(" {magnitude} {var}"),
            (_, true) => format!(" {sign} {var}"),
            (_, false) => format!(" {sign} {magnitude} {var}"),
        };
        if line.len() + term.len() > LINE {
            out.push_str(&line);
            out.push('\n');
            line = String::from(" ");
        }
        line += &term;
        first = false;
    }
    if first {
        // Only an empty objective can get here (every row has a term): s0,
        // the first interval's shortfall, always exists.
        line += " 0 s0";
    }
    if let Some((sense, rhs)) = bound {
        line += &format!(" {sense} {}", number(rhs));
    }
    out.push_str(&line);
    out.push('\n');
}

/// A coefficient or right-hand side: decimals in the usual range, an
/// exponent (`1.5e-7`, `2e15`) outside it, so no number takes a line.
fn number(x: f64) -> String {
    debug_assert!(x.is_finite(), "the model's numbers are finite");
    if x != 0.0 && !(1e-6..1e15).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// Names, space-separated, wrapped at [`LINE`].
fn write_names(out: &mut String, names: &[String]) {
    let mut line = String::new();
    for name in names {
        if line.len() + name.len() + 1 > LINE {
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        line.push(' ');
        line += name;
    }
    if !line.is_empty() {
        out.push_str(&line);
        out.push('\n');
    }
}

#[cfg(test)]
mod tests;
