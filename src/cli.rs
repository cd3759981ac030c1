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
    /// Plan, then replay the horizon against the plan many times (a
    /// discrete-event simulation): simulated vs predicted service level.
    Simulate(SimulateArgs),
    /// Plan the base and variants (what_if: and --variant) side by side.
    Compare(CompareArgs),
    /// Headcount, seats, paid hours, monthly cost and price for one prospective client.
    Quote(Box<QuoteArgs>),
    /// Write a commented starter scenario (never overwrites, unless --force).
    Init(InitArgs),
    /// Months ahead: required vs available FTE per pool with attrition,
    /// hiring classes, training and nesting, and the cheapest hiring plan.
    Capacity(CapacityArgs),
    /// A forecast from interval history, with P10/P90; or (--backtest) the
    /// accuracy of every method on the history.
    Forecast(Box<ForecastArgs>),
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
    #[arg(long, default_value = "30m", allow_hyphen_values = true, value_parser = parse::<Duration>)]
    pub interval: Duration,
    /// Average handle time, like 240s or 4m.
    #[arg(long, required_unless_present = "batch", allow_hyphen_values = true, value_parser = parse_handle_time)]
    pub aht: Option<Duration>,
    /// Service-level target, like 80/20 (percent answered within seconds).
    #[arg(long, required_unless_present = "batch", allow_hyphen_values = true, value_parser = parse::<ServiceLevel>)]
    pub sl: Option<ServiceLevel>,
    /// Average speed of answer target, like 30s.
    #[arg(long, allow_hyphen_values = true, value_parser = parse::<Duration>)]
    pub asa: Option<Duration>,
    /// Occupancy cap, like 0.85 or 85%.
    #[arg(long, allow_hyphen_values = true, value_parser = parse::<Fraction>)]
    pub max_occupancy: Option<Fraction>,
    /// Shrinkage for the gross figure, like 0.3 or 30%.
    #[arg(long, allow_hyphen_values = true, value_parser = parse::<Fraction>)]
    pub shrinkage: Option<Fraction>,
    /// Mean caller patience: Erlang A (abandonment) instead of Erlang C.
    #[arg(long, allow_hyphen_values = true, value_parser = parse::<Duration>)]
    pub patience: Option<Duration>,
    /// Chat sessions per agent.
    #[arg(long, default_value_t = 1, allow_negative_numbers = true, value_parser = parse_concurrency)]
    pub concurrency: u32,
    /// Figures at this many agents (the reverse calculation).
    #[arg(long, conflicts_with = "table", allow_negative_numbers = true, value_parser = parse_agents)]
    pub agents: Option<u32>,
    /// One row per agent count, like 10..30.
    #[arg(long, allow_hyphen_values = true, value_parser = parse_range)]
    pub table: Option<(u32, u32)>,
    /// A CSV with one case per row (see README); writes CSV.
    #[arg(long, conflicts_with_all = ["table", "agents"])]
    pub batch: Option<PathBuf>,
    /// Write the batch result to this file instead of stdout (a new file,
    /// unless --force).
    #[arg(short, long, requires = "batch")]
    pub output: Option<PathBuf>,
    /// Replace the -o file if it exists (never the batch input itself).
    #[arg(long, requires = "output")]
    pub force: bool,
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
    /// Output folder [default: out/<scenario file stem>/ for plan,
    /// out/<scenario file stem>-<command>/ for staff, simulate and capacity].
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// `staffplan plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Scenario, overrides and output folder.
    #[command(flatten)]
    pub out: OutputArgs,
    /// Safety stop for the shift solver, like 90s or 20m. The search's work is
    /// fixed (so the same input gives the same plan on any machine) and ends
    /// long before this on real sites; a plan cut short by it says so. It
    /// bounds the whole plan (a split chosen by the plan, skill groups and
    /// window aims plan several times), checked between the search's moves:
    /// the LPs it starts are solved to the end.
    #[arg(long, default_value = "10m", allow_hyphen_values = true, value_parser = parse_time_limit)]
    pub time_limit: Duration,
    /// Also simulate the plan (as `staffplan simulate` does) and add its
    /// outputs to the folder.
    #[arg(long)]
    pub simulate: bool,
    /// Simulation runs, 1 to 1000 (with --simulate) [default: 20].
    #[arg(long, requires = "simulate", allow_negative_numbers = true, value_parser = parse_runs)]
    pub runs: Option<u32>,
    /// Simulation seed (with --simulate) [default: 1].
    #[arg(long, requires = "simulate", allow_negative_numbers = true, value_parser = parse_seed)]
    pub seed: Option<u64>,
    /// Also split each pool's surplus hours by cause (shift shape, days
    /// off, caps and limits, minimum agents, whole agents and search), with
    /// a few more LPs a pool: summary.json, the terminal and the report.
    #[arg(long)]
    pub explain_surplus: bool,
    /// Also write each pool's integer program in CPLEX LP format (with
    /// tours.csv to map the solution back) into this folder, for another
    /// solver (HiGHS, CBC, Gurobi, CPLEX); written before planning, so it is
    /// there even when the plan is infeasible.
    #[arg(long, value_name = "DIR")]
    pub export_model: Option<PathBuf>,
}

/// `staffplan simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Scenario, overrides and output folder.
    #[command(flatten)]
    pub out: OutputArgs,
    /// Safety stop for the shift solver, like 90s or 20m (the search's work
    /// is fixed; a plan cut short by this says so).
    #[arg(long, default_value = "10m", allow_hyphen_values = true, value_parser = parse_time_limit)]
    pub time_limit: Duration,
    /// Independent runs of the horizon, 1 to 1000 (each with its own random stream).
    #[arg(long, default_value_t = crate::simulate::DEFAULT_RUNS, allow_negative_numbers = true, value_parser = parse_runs)]
    pub runs: u32,
    /// Seed of the random streams: the same seed gives the same numbers.
    #[arg(long, default_value_t = crate::simulate::DEFAULT_SEED, allow_negative_numbers = true, value_parser = parse_seed)]
    pub seed: u64,
    /// Scenarios with `serves` only: agents of a pool on the floor whenever
    /// a queue it takes is open, like english-only=7 (repeatable or
    /// comma-separated); other pools get their multi-skill requirement. A
    /// staffing what-if: no shift plan is made (without it, the plan is
    /// simulated, as for every scenario).
    #[arg(long = "agents", value_name = "POOL=N", value_delimiter = ',')]
    pub agents: Vec<String>,
}

/// `staffplan capacity`.
#[derive(Debug, Args)]
pub struct CapacityArgs {
    /// Scenario (with a `capacity:` section), overrides and output folder
    /// [default: out/<scenario file stem>-capacity/].
    #[command(flatten)]
    pub out: OutputArgs,
    /// Safety stop for each base-week plan's solver (the search's work is
    /// fixed; a plan cut short by this says so).
    #[arg(long, default_value = "10m", allow_hyphen_values = true, value_parser = parse_time_limit)]
    pub time_limit: Duration,
    /// A variant: 'NAME: KEY=VALUE, KEY=VALUE' with the paths of --set
    /// (repeatable), planned after the scenario's what_if: list, side by side
    /// in capacity_variants.csv.
    #[arg(long = "variant", value_name = "NAME: KEY=VALUE, ...")]
    pub variants: Vec<String>,
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
    /// Safety stop for one plan's solver when alone, like 90s or 20m; as the
    /// plans share the cores, each gets this times ⌈plans ÷ cores⌉. The
    /// search's work is fixed; a plan cut short by this says so.
    #[arg(long, default_value = "10m", allow_hyphen_values = true, value_parser = parse_time_limit)]
    pub time_limit: Duration,
}

/// `staffplan quote`: a quote file, flags, or both (flags win). Values take
/// the units of a scenario: 5m, 80/20, 25%.
#[derive(Debug, Args)]
pub struct QuoteArgs {
    /// The quote YAML file (see docs/scenario.md, "Quote files").
    pub quote: Option<PathBuf>,
    /// Client name.
    #[arg(long)]
    pub client: Option<String>,
    /// The client's time zone (forecast and hours), like Asia/Dubai.
    #[arg(long)]
    pub timezone: Option<String>,
    /// voice, chat or email.
    #[arg(long)]
    pub channel: Option<String>,
    /// Contacts a week, before bot containment.
    #[arg(long, conflicts_with = "monthly_volume", allow_negative_numbers = true)]
    pub weekly_volume: Option<String>,
    /// Contacts a month, before bot containment (a week is 12/52 of it).
    #[arg(long, allow_negative_numbers = true)]
    pub monthly_volume: Option<String>,
    /// Opening hours, client-local, like '{mon-fri: "08:00-20:00"}' [default: 24/7].
    #[arg(long)]
    pub hours: Option<String>,
    /// Average handle time, like 5m.
    #[arg(long, allow_hyphen_values = true)]
    pub aht: Option<String>,
    /// Service-level target, like 80/20.
    #[arg(long, allow_hyphen_values = true)]
    pub sl: Option<String>,
    /// Share of contacts a bot resolves, like 0.25.
    #[arg(long, allow_negative_numbers = true)]
    pub containment: Option<String>,
    /// Shrinkage, like 0.30.
    #[arg(long, allow_negative_numbers = true)]
    pub shrinkage: Option<String>,
    /// The site's time zone, like Asia/Karachi.
    #[arg(long)]
    pub site_timezone: Option<String>,
    /// Loaded cost per paid hour.
    #[arg(long, allow_negative_numbers = true)]
    pub hourly: Option<String>,
    /// Target margin on the price, like 0.25 [default: 0].
    #[arg(long, allow_negative_numbers = true)]
    pub margin: Option<String>,
    /// Seats above the peak on the floor, like 0.10 [default: 0.10].
    #[arg(long, allow_negative_numbers = true)]
    pub seat_buffer: Option<String>,
    /// Band half-width for volume and AHT, like 0.10 [default: 0.10].
    #[arg(long, allow_negative_numbers = true)]
    pub band: Option<String>,
    /// Any quote key by dotted path, like costs.night.multiplier=1.2 (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Also write the scenario the quote planned (JSON, which YAML reads), for
    /// `plan` (a new file, unless --force).
    #[arg(long, value_name = "FILE")]
    pub write_scenario: Option<PathBuf>,
    /// Replace the --write-scenario file if it exists (never the quote file itself).
    #[arg(long, requires = "write_scenario")]
    pub force: bool,
    /// Safety stop for each plan's solver (the search's work is fixed; a
    /// plan cut short by this says so).
    #[arg(long, default_value = "10m", allow_hyphen_values = true, value_parser = parse_time_limit)]
    pub time_limit: Duration,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// `staffplan init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The file to write.
    #[arg(default_value = "scenario.yaml")]
    pub name: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// `staffplan forecast`.
#[derive(Debug, Args)]
pub struct ForecastArgs {
    /// The history CSV: start,volume[,aht_s][,queue], client-local or with offsets.
    pub history: PathBuf,
    /// The client's time zone (the history's local time and the forecast's).
    #[arg(long, value_parser = crate::units::parse_timezone)]
    pub timezone: chrono_tz::Tz,
    /// The first day to forecast, like 2026-03-02 (on or after the history's end).
    #[arg(long, required_unless_present = "backtest", value_parser = parse_date)]
    pub start: Option<chrono::NaiveDate>,
    /// Days to forecast.
    #[arg(long, required_unless_present_any = ["backtest", "actuals"], value_parser = parse_days)]
    pub days: Option<u32>,
    /// Forecast interval (the history is added up or split to it).
    #[arg(long, default_value = "30m", allow_hyphen_values = true, value_parser = parse_interval)]
    pub interval: Duration,
    /// Special days: date,name,effect (closed, normal or a multiplier like 1.3).
    #[arg(long)]
    pub holidays: Option<PathBuf>,
    /// auto, seasonal-naive, average-4, average-8, smoothed, holt-winters,
    /// ratio-ar or combined.
    #[arg(long, default_value = "auto", value_parser = parse_method)]
    pub method: MethodArg,
    /// How to print: table (a per-day summary), csv or json.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Write the CSV to this file, a new file unless --force (with
    /// --backtest: this folder, accuracy.csv and charts, written as `plan -o`
    /// writes its folder: new, empty or the backtest's own).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Replace the -o file if it exists (never an input; not with --backtest).
    #[arg(long, requires = "output")]
    pub force: bool,
    /// Score every method on the history from --from instead of forecasting.
    #[arg(long, requires = "from", conflicts_with_all = ["start", "days", "actuals"])]
    pub backtest: bool,
    /// The first day the backtest forecasts (with --backtest).
    #[arg(long, value_parser = parse_date)]
    pub from: Option<chrono::NaiveDate>,
    /// The backtest's lead: 1d (day-ahead, the default) or 7d (a week ahead), with --backtest.
    #[arg(long, value_parser = parse_lead)]
    pub horizon: Option<u32>,
    /// Today's actuals so far (start,volume[,aht_s]): re-forecast the rest of --start's day.
    #[arg(long, requires = "at")]
    pub actuals: Option<PathBuf>,
    /// The time of the intraday update, client-local, like 12:00 (with the
    /// offset, like 01:30+00:00, where the clocks repeat that time).
    #[arg(long, requires = "actuals", allow_hyphen_values = true, value_parser = parse::<crate::units::LocalClock>)]
    pub at: Option<crate::units::LocalClock>,
}

/// A command line clap refused: its message as clap words it, each long
/// value it echoes clipped as every other error clips it
/// ([`crate::error::clip_echoes`]: a 300-character `--at` reads
/// `xxx…(300 characters)`), on stderr; `--help` and `--version` print
/// whole. Returns clap's exit code (2 for a usage error, 0 for help).
pub fn usage_exit(e: &clap::Error) -> std::process::ExitCode {
    use clap::error::ErrorKind;
    let code = std::process::ExitCode::from(e.exit_code().clamp(0, 255) as u8);
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return code;
    }
    let text = e.render().to_string();
    crate::progress::eprint_line(crate::error::clip_echoes(text.trim_end()).as_ref());
    code
}

/// `--method`: a method, or the best by backtest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodArg {
    /// The best by rolling-origin backtest.
    Auto,
    /// This method.
    One(crate::forecast::Method),
}

fn parse_method(text: &str) -> Result<MethodArg, String> {
    if text == "auto" {
        return Ok(MethodArg::Auto);
    }
    crate::forecast::Method::parse(text)
        .map(MethodArg::One)
        .ok_or_else(|| {
            format!(
                "expected {}, got `{text}`",
                crate::forecast::Method::choices()
            )
        })
}

fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("expected a date like 2026-03-02, got `{text}`"))
}

fn parse_days(text: &str) -> Result<u32, String> {
    whole(
        text,
        "a number of days",
        1,
        u64::from(crate::scenario::MAX_DAYS),
    )
    .map(|n| n as u32)
}

fn parse_interval(text: &str) -> Result<Duration, String> {
    let d: Duration = parse(text)?;
    crate::units::forecast_interval_s(d)?;
    Ok(d)
}

fn parse_lead(text: &str) -> Result<u32, String> {
    match text.trim() {
        "1d" | "24h" => Ok(1),
        "7d" | "1w" => Ok(7),
        _ => Err(format!(
            "expected 1d (day-ahead) or 7d (a week ahead), got `{text}`"
        )),
    }
}

/// A value with a unit; a negative one is refused in plain words (the
/// unit parsers read `-` as a stray character).
fn parse<T: std::str::FromStr<Err = String>>(text: &str) -> Result<T, String> {
    let t = text.trim();
    if t.starts_with("--") {
        return Err(format!(
            "the value is missing (found the flag `{t}` instead)"
        ));
    }
    if let Some(rest) = t.strip_prefix('-') {
        if rest.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
            return Err(format!("the value must be 0 or more, got `{text}`"));
        }
    }
    text.parse()
}

/// A whole number from `min` to `max`, for a count flag, in plain words.
fn whole(text: &str, what: &str, min: u64, max: u64) -> Result<u64, String> {
    let bad = || format!("expected {what}, a whole number from {min} to {max}, got `{text}`");
    let t = text.trim();
    if t.starts_with('-') && t[1..].parse::<f64>().is_ok() {
        return Err(format!("{what} must be {min} or more, got `{text}`"));
    }
    let n: u64 = t.parse().map_err(|_| bad())?;
    if n < min || n > max {
        return Err(bad());
    }
    Ok(n)
}

fn parse_agents(text: &str) -> Result<u32, String> {
    whole(
        text,
        "a number of agents",
        0,
        u64::from(crate::scenario::MAX_AGENTS),
    )
    .map(|n| n as u32)
}

fn parse_concurrency(text: &str) -> Result<u32, String> {
    whole(text, "chat sessions per agent", 1, 100).map(|n| n as u32)
}

fn parse_runs(text: &str) -> Result<u32, String> {
    whole(text, "a number of simulation runs", 1, 1000).map(|n| n as u32)
}

fn parse_seed(text: &str) -> Result<u64, String> {
    whole(text, "a seed", 0, u64::MAX)
}

fn parse_time_limit(text: &str) -> Result<Duration, String> {
    let d: Duration = text.parse().map_err(|e: String| {
        if text.trim().starts_with('-') {
            format!("a time limit must be above 0, like 60s or 2m, got `{text}`")
        } else {
            e
        }
    })?;
    if !(d.secs() > 0.0 && d.secs().is_finite()) {
        return Err(format!(
            "a time limit must be above 0, like 60s or 2m, got `{text}`"
        ));
    }
    Ok(d)
}

fn parse_handle_time(text: &str) -> Result<Duration, String> {
    let d: Duration = parse(text)?;
    crate::units::check_handle_time(d.secs())?;
    Ok(d)
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
