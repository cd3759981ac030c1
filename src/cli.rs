//! Command-line definitions only (clap derive). Values with units are parsed
//! here, once, by the same parsers the scenario uses.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::units::{Duration, Fraction, ServiceLevel};

/// staffplan: forecast → Erlang C/A staffing → shift plan → roster → report,
/// for 24/7 contact centres serving clients in many time zones.
#[derive(Debug, Parser)]
#[command(name = "staffplan", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Agents needed for one queue-interval, or the figures at a given staffing.
    Erlang(ErlangArgs),
    /// Validate a scenario and print what it holds.
    Check(ScenarioArgs),
    /// Requirements only: requirements.csv, pool_requirements.csv, summary.json.
    Staff(OutputArgs),
    /// The main job: requirements, shift plan, roster, report.
    Plan(PlanArgs),
    /// Plan the base and variants (what_if: and --variant) side by side.
    Compare(CompareArgs),
    /// Write a commented starter scenario (never overwrites).
    Init(InitArgs),
}

/// How tabular output is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Aligned text for a terminal.
    #[default]
    Table,
    /// JSON.
    Json,
    /// CSV.
    Csv,
}

/// `staffplan erlang`.
#[derive(Debug, Args)]
pub struct ErlangArgs {
    /// Contacts offered in the interval.
    #[arg(
        long,
        required_unless_present = "batch",
        conflicts_with = "batch",
        allow_negative_numbers = true
    )]
    pub volume: Option<f64>,
    /// Interval length.
    #[arg(long, default_value = "30m", value_parser = parse::<Duration>)]
    pub interval: Duration,
    /// Average handle time, like 240s or 4m.
    #[arg(long, required_unless_present = "batch", value_parser = parse::<Duration>)]
    pub aht: Option<Duration>,
    /// Service-level target, like 80/20 (percent answered within seconds).
    #[arg(long, required_unless_present = "batch", value_parser = parse::<ServiceLevel>)]
    pub sl: Option<ServiceLevel>,
    /// Average speed of answer target, like 30s.
    #[arg(long, value_parser = parse::<Duration>)]
    pub asa: Option<Duration>,
    /// Occupancy cap, like 0.85 or 85%.
    #[arg(long, value_parser = parse::<Fraction>)]
    pub max_occupancy: Option<Fraction>,
    /// Shrinkage for the gross figure, like 0.3 or 30%.
    #[arg(long, value_parser = parse::<Fraction>)]
    pub shrinkage: Option<Fraction>,
    /// Mean caller patience: Erlang A (abandonment) instead of Erlang C.
    #[arg(long, value_parser = parse::<Duration>)]
    pub patience: Option<Duration>,
    /// Chat sessions per agent.
    #[arg(long, default_value_t = 1)]
    pub concurrency: u32,
    /// Figures at this many agents (the reverse calculation).
    #[arg(long, conflicts_with = "table")]
    pub agents: Option<u32>,
    /// One row per agent count, like 10..30.
    #[arg(long, value_parser = parse_range)]
    pub table: Option<(u32, u32)>,
    /// A CSV with one case per row (see README); writes CSV.
    #[arg(long, conflicts_with_all = ["table", "agents"])]
    pub batch: Option<PathBuf>,
    /// Write the batch result to this file instead of stdout.
    #[arg(short, long, requires = "batch")]
    pub output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// A scenario and its overrides.
#[derive(Debug, Args)]
pub struct ScenarioArgs {
    /// The scenario YAML file.
    pub scenario: PathBuf,
    /// Override a scenario value by dotted path before validation, like
    /// queues.us-retail.aht=300s or queues.*.forecast.scale=1.1 (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

/// A scenario, overrides and an output folder.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Scenario and overrides.
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// Output folder [default: out/<scenario file stem>/].
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// `staffplan plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Scenario, overrides and output folder.
    #[command(flatten)]
    pub out: OutputArgs,
    /// Most time the solver may take, like 60s or 2m.
    #[arg(long, default_value = "60s", value_parser = parse::<Duration>)]
    pub time_limit: Duration,
}

/// `staffplan compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scenario and overrides (applied to the base and every variant).
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// A variant: 'NAME: KEY=VALUE, KEY=VALUE' with the paths of --set (repeatable);
    /// planned after the scenario's own what_if: list.
    #[arg(long = "variant", value_name = "NAME: KEY=VALUE, ...")]
    pub variants: Vec<String>,
    /// Output folder [default: out/<scenario file stem>-compare/].
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Most time one plan's solver may take when alone, like 60s or 2m; as the
    /// plans share the cores, each gets this times ⌈plans ÷ cores⌉.
    #[arg(long, default_value = "60s", value_parser = parse::<Duration>)]
    pub time_limit: Duration,
}

/// `staffplan init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The file to write.
    #[arg(default_value = "scenario.yaml")]
    pub name: PathBuf,
}

fn parse<T: std::str::FromStr<Err = String>>(text: &str) -> Result<T, String> {
    text.parse()
}

fn parse_range(text: &str) -> Result<(u32, u32), String> {
    let bad = || format!("expected a range of agent counts like 10..30, got `{text}`");
    let (a, b) = text.split_once("..").ok_or_else(bad)?;
    let a: u32 = a.trim().parse().map_err(|_| bad())?;
    let b: u32 = b
        .trim()
        .trim_start_matches('=')
        .parse()
        .map_err(|_| bad())?;
    if a > b || b - a > 10_000 {
        return Err(format!(
            "the range {text} must go up, by at most 10000 rows"
        ));
    }
    Ok((a, b))
}
