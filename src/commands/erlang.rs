//! `staffplan erlang`: one Erlang C/A calculation, or a batch file of them.

use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use super::shared::emit;
use crate::cli::{ErlangArgs, Format};
use crate::erlang::{self, Figures, Load, Target};
use crate::error::{InputError, Location, UsageError};
use crate::output;
use crate::report::table::Table;

#[derive(Serialize)]
struct ErlangRow {
    agents: u32,
    sessions: u32,
    sl: f64,
    asa_s: f64,
    p_wait: f64,
    occupancy: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    p_abandon: Option<f64>,
}

impl From<&Figures> for ErlangRow {
    fn from(f: &Figures) -> Self {
        ErlangRow {
            agents: f.agents,
            sessions: f.servers,
            sl: f.sl,
            asa_s: f.asa_s,
            p_wait: f.p_wait,
            occupancy: f.occupancy,
            p_abandon: f.p_abandon,
        }
    }
}

#[derive(Serialize)]
struct ErlangResult {
    erlangs: f64,
    required_agents: u32,
    required_sessions: u32,
    required_with_shrinkage: u32,
    required_with_shrinkage_raw: f64,
    at: ErlangRow,
}

/// Run `erlang`.
pub fn command(a: &ErlangArgs) -> Result<()> {
    if let Some(file) = &a.batch {
        return erlang_batch(file, a.output.as_deref(), a.force);
    }
    let usage = |m: &str| UsageError(m.to_string());
    if let Some(out) = &a.output {
        // clap's `requires = "batch"` on -o is not enforced beside the
        // one-calculation flags, so it is checked here.
        return Err(usage(&format!(
            "-o {} writes a --batch result; give --batch FILE, or leave -o out to print this calculation",
            out.display()
        ))
        .into());
    }
    let (load, target) = load_and_target(a)?;
    let flag = flag_error;
    if load.volume > 0.0 && (a.agents == Some(0) || a.table.is_some_and(|(lo, _)| lo == 0)) {
        return Err(usage("with volume, --agents and --table start at 1 agent or more").into());
    }
    let shrinkage = a.shrinkage.map_or(0.0, |f| f.0);
    if shrinkage >= 1.0 {
        return Err(usage("--shrinkage must be below 1 (100%)").into());
    }
    if let Some((lo, hi)) = a.table {
        let rows = (lo..=hi)
            .map(|n| erlang::figures_at(&load, &target, n).map(|f| ErlangRow::from(&f)))
            .collect::<Result<Vec<_>, _>>()
            .map_err(flag)?;
        return emit(&erlang_rows(&rows, a.format, load.patience_s.is_some()));
    }
    let required = erlang::required(&load, &target).map_err(flag)?;
    let at = match a.agents {
        Some(n) => erlang::figures_at(&load, &target, n).map_err(flag)?,
        None => required,
    };
    let result = ErlangResult {
        erlangs: required.erlangs,
        required_agents: required.agents,
        required_sessions: required.servers,
        required_with_shrinkage: erlang::with_shrinkage(f64::from(required.agents), shrinkage)
            .map_err(flag)? as u32,
        required_with_shrinkage_raw: erlang::gross_raw(f64::from(required.agents), shrinkage)
            .map_err(flag)?,
        at: ErlangRow::from(&at),
    };
    let text = match a.format {
        Format::Json => serde_json::to_string_pretty(&result)? + "\n",
        Format::Csv => {
            let mut t = String::from("erlangs,required_agents,required_with_shrinkage,agents_used,sl,asa_s,p_wait,occupancy");
            t += if at.p_abandon.is_some() {
                ",p_abandon\n"
            } else {
                "\n"
            };
            t += &format!(
                "{},{},{},{},{},{},{},{}",
                result.erlangs,
                result.required_agents,
                result.required_with_shrinkage,
                at.agents,
                at.sl,
                cell(at.asa_s),
                at.p_wait,
                at.occupancy
            );
            t += &at.p_abandon.map_or("\n".to_string(), |p| format!(",{p}\n"));
            t
        }
        Format::Table => erlang_text(&load, &target, &result, shrinkage, a.agents.is_some()),
    };
    emit(&text)
}

/// The one calculation's load and target from the flags (exit 2 naming a
/// missing one).
fn load_and_target(a: &ErlangArgs) -> Result<(Load, Target)> {
    let usage = |m: &str| UsageError(m.to_string());
    let load = Load {
        volume: a.volume.ok_or_else(|| usage("--volume is required"))?,
        interval_s: a.interval.secs(),
        aht_s: a.aht.ok_or_else(|| usage("--aht is required"))?.secs(),
        patience_s: a.patience.map(|p| p.secs()),
        concurrency: a.concurrency,
    };
    let sl = a.sl.ok_or_else(|| usage("--sl is required"))?;
    let target = Target {
        sl: sl.fraction,
        sl_seconds: sl.seconds,
        asa_s: a.asa.map(|d| d.secs()),
        max_occupancy: a.max_occupancy.map_or(1.0, |f| f.0),
    };
    Ok((load, target))
}

/// An Erlang error in the words of the `erlang` flags. The library's advice
/// on a 100 % target is a fraction (the batch column); --sl takes
/// percent/seconds.
fn flag_error(e: erlang::ErlangError) -> UsageError {
    UsageError(match e {
        erlang::ErlangError::CertainServiceLevel { sl_seconds } => format!(
            "--sl: a service level of 100 % can never be met: with random arrivals a contact \
             can always wait longer than {sl_seconds} s; use a target below 100 %, e.g. --sl 99/{sl_seconds}"
        ),
        e => e.message_as(flag_name),
    })
}

/// The `erlang` flag for an Erlang input named like a batch column.
fn flag_name(field: &'static str) -> &'static str {
    match field {
        "volume" => "--volume",
        "interval_s" => "--interval",
        "aht_s" => "--aht",
        "sl_target" | "sl_seconds" => "--sl",
        "asa_s" => "--asa",
        "max_occupancy" => "--max-occupancy",
        "shrinkage" => "--shrinkage",
        "patience_s" => "--patience",
        "concurrency" => "--concurrency",
        "agents" => "--agents",
        other => other,
    }
}

/// A number for CSV: empty where it is not finite (ASA when understaffed).
fn cell(x: f64) -> String {
    if x.is_finite() {
        x.to_string()
    } else {
        String::new()
    }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn erlang_text(
    load: &Load,
    target: &Target,
    r: &ErlangResult,
    shrinkage: f64,
    reverse: bool,
) -> String {
    let model = if load.patience_s.is_some() {
        "Erlang A"
    } else {
        "Erlang C"
    };
    let mut out = format!("offered load        {:.4} Erlangs ({model})\n", r.erlangs);
    out += &format!("required agents     {}", r.required_agents);
    if load.concurrency > 1 {
        out += &format!(
            " ({} chat sessions at {} per agent)",
            r.required_sessions, load.concurrency
        );
    }
    out += "\n";
    if shrinkage > 0.0 {
        out += &format!(
            "with {} shrinkage  {} (raw {:.4})\n",
            pct(shrinkage),
            r.required_with_shrinkage,
            r.required_with_shrinkage_raw
        );
    }
    let at = &r.at;
    out += &if reverse {
        format!("\nat {} agents:\n", at.agents)
    } else if load.concurrency > 1 {
        // The required case is at the required sessions, which the agents
        // (each running `concurrency`) may exceed: docs/maths.md, chat.
        format!(
            "\nat the required {} sessions ({} agents run up to {}):\n",
            r.required_sessions,
            at.agents,
            at.agents * load.concurrency
        )
    } else {
        format!("\nat {} agents (required):\n", at.agents)
    };
    out += &format!(
        "  service level     {} answered within {} s (target {})\n",
        pct(at.sl),
        target.sl_seconds,
        pct(target.sl)
    );
    out += &format!("  ASA               {:.1} s\n", at.asa_s);
    out += &format!("  P(wait)           {}\n", pct(at.p_wait));
    out += &format!("  occupancy         {}\n", pct(at.occupancy));
    if let Some(p) = at.p_abandon {
        out += &format!("  P(abandon)        {}\n", pct(p));
    }
    out
}

fn erlang_rows(rows: &[ErlangRow], format: Format, abandon: bool) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(rows).unwrap_or_default() + "\n",
        Format::Csv => {
            let mut t = String::from("agents,sessions,sl,asa_s,p_wait,occupancy");
            t += if abandon { ",p_abandon\n" } else { "\n" };
            for r in rows {
                t += &format!(
                    "{},{},{},{},{},{}",
                    r.agents,
                    r.sessions,
                    r.sl,
                    cell(r.asa_s),
                    r.p_wait,
                    r.occupancy
                );
                t += &r.p_abandon.map_or("\n".to_string(), |p| format!(",{p}\n"));
            }
            t
        }
        Format::Table => {
            let mut head = vec!["agents", "sessions", "SL", "ASA s", "P(wait)", "occupancy"];
            if abandon {
                head.push("P(abandon)");
            }
            let mut t = Table::new(&head);
            for r in rows {
                let mut cells = vec![
                    r.agents.to_string(),
                    r.sessions.to_string(),
                    pct(r.sl),
                    format!("{:.1}", r.asa_s),
                    pct(r.p_wait),
                    pct(r.occupancy),
                ];
                if let Some(p) = r.p_abandon {
                    cells.push(pct(p));
                }
                t.row(cells);
            }
            t.render()
        }
    }
}

fn erlang_batch(file: &Path, out: Option<&Path>, force: bool) -> Result<()> {
    if let Some(path) = out {
        output::check_new_file(path, "-o", force, &[file])?;
    }
    let input = std::fs::File::open(file).map_err(|e| {
        InputError::new(
            Location::file(file),
            "",
            format!("cannot read the batch file: {e}"),
        )
    })?;
    let input = std::io::BufReader::with_capacity(1 << 20, input);
    let located = |e: crate::batch::BatchError| -> anyhow::Error {
        match e {
            crate::batch::BatchError::Invalid {
                line,
                column,
                message,
            } => InputError::new(
                Location::at(file, line as usize, None),
                column.unwrap_or_default(),
                message,
            )
            .into(),
            io => anyhow::Error::new(io).context("erlang --batch"),
        }
    };
    match out {
        None => {
            let stdout = std::io::stdout().lock();
            crate::batch::run_batch(input, std::io::BufWriter::with_capacity(1 << 20, stdout))
                .map_err(located)?;
        }
        Some(path) => {
            output::stream_new_file(path, "-o", force, &[file], |out| {
                crate::batch::run_batch(input, out).map_err(located)
            })?;
        }
    }
    Ok(())
}
