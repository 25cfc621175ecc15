//! `recaudo`: the command-line tool for operations staff.
//!
//! Contract for scripts (kept stable): global `--base-url URL` and `--json`; with `--json`, one
//! JSON document on stdout, and on failure a non-zero exit with `{"code", "message", "hint"}` on
//! stderr. A payment or reversal that was attempted always prints its outcome document; the exit
//! status then tells the outcome: 0 confirmed, 3 rejected, 4 needs review. Every other exit
//! status is a class of error ([`codes`]; the README's table).

mod args;
mod codes;
mod collect;
mod cooplan;
mod demo;
mod journal;
mod options;
mod output;
mod probe;
mod progress;
mod records;
mod trace;
mod unicobros;
mod unicomer;
mod zoom;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use output::{CliError, Report};

#[derive(Parser)]
#[command(
    name = "recaudo",
    version,
    about = "Collect payments for billers: lookups, safe payments, status, reversals, reconciliation"
)]
struct Cli {
    /// The biller's root URL, e.g. http://127.0.0.1:8080/unicomer/ for the simulator.
    #[arg(long, global = true, value_name = "URL")]
    base_url: Option<String>,
    /// Print one JSON document on stdout; on failure, {"code", "message"} on stderr.
    #[arg(long, global = true)]
    json: bool,
    /// Allow plain http:// to a host that is not this machine (credentials travel in clear).
    #[arg(long, global = true)]
    allow_insecure_http: bool,
    /// Per-request timeout, in seconds (1 to 600).
    #[arg(long, global = true, default_value_t = 30, value_name = "SECONDS",
          value_parser = clap::value_parser!(u64).range(1..=600))]
    timeout: u64,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Start the simulator in-process and walk a collection day against it.
    Demo,
    /// What a customer owes, at any biller (unified).
    Lookup(collect::LookupArgs),
    /// Pay a debt at any biller, journaled and safe (unified).
    Pay(collect::PayArgs),
    /// A payment's state at any biller (unified).
    Status(collect::PaymentArgs),
    /// Reverse a payment at any biller that allows it (unified).
    Reverse(collect::PaymentArgs),
    /// Compare your journal (or an export of your records) with the biller's records for a day.
    Reconcile(collect::ReconcileArgs),
    /// Resolve the payments a crash left in flight in the journal (`review` does this too).
    Resume(collect::BillerArgs),
    /// Ask the biller again about every payment in flight or left for review, by the same
    /// checks as safe payment; tell what changed and, for what is still open, the evidence and
    /// what to check with the biller. Exit 0 when nothing is open, 4 otherwise.
    Review(collect::ReviewArgs),
    /// List the payment journal's entries (every journal in recaudo's data directory, or the
    /// one named).
    Journal(journal::ListArgs),
    /// Which steps each biller offers and what its recovery can prove.
    Capabilities,
    /// The exit statuses, and every error code with its meaning and what to do.
    Codes,
    /// Which reading of its document a biller follows, learned with read-only calls.
    Probe(probe::ProbeArgs),
    /// Run the biller simulator on 127.0.0.1 until interrupted.
    Sim {
        /// The port on 127.0.0.1 to listen on (0: any free port).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Also serve this directory's files at `/` (the browser demo page, `wasm/www`).
        #[arg(long)]
        www: Option<std::path::PathBuf>,
        /// Also serve this directory at `/pkg/` (the wasm package built by `cargo xtask bundle`).
        #[arg(long)]
        pkg: Option<std::path::PathBuf>,
        /// Close every connection after its reply, so that a dropped reply reaches a browser as
        /// a lost reply instead of being resent by it on a reused connection.
        #[arg(long)]
        no_keep_alive: bool,
        /// Play this reading of an ambiguity in a biller's document (repeatable), e.g.
        /// `unicomer.consultarpago_key=idtrx`; `GET /_sim/readings` lists every one.
        #[arg(long = "reading", value_name = "KEY=VALUE", value_parser = parse_reading)]
        readings: Vec<String>,
    },
    /// Unicomer Ecuador (credentials: RECAUDO_UNICOMER_USERNAME, RECAUDO_UNICOMER_PASSWORD,
    /// RECAUDO_UNICOMER_COMMERCE).
    Unicomer(unicomer::UnicomerArgs),
    /// Unicobros Argentina (credentials: RECAUDO_UNICOBROS_API_KEY,
    /// RECAUDO_UNICOBROS_ACCESS_TOKEN).
    Unicobros(unicobros::UnicobrosArgs),
    /// Zoom Venezuela (credentials: RECAUDO_ZOOM_LOGIN and RECAUDO_ZOOM_PASSWORD, or
    /// RECAUDO_ZOOM_TOKEN).
    Zoom(zoom::ZoomArgs),
    /// Cooplan Bolivia (credentials: RECAUDO_COOPLAN_COD_SEGURIDAD (or its old name
    /// RECAUDO_COOPLAN_CODSEGURIDAD), RECAUDO_COOPLAN_LOGIN, RECAUDO_COOPLAN_PWD).
    Cooplan(cooplan::CooplanArgs),
}

/// What every command needs from the global flags.
pub struct Globals {
    pub json: bool,
    pub base_url: Option<String>,
    pub allow_insecure_http: bool,
    pub timeout: std::time::Duration,
}

impl Globals {
    /// The same flags with `--base-url` set to `base_url`: a per-biller command handing over to
    /// a unified one the root its own `--env` (or default) chose.
    pub fn at(&self, base_url: &str) -> Globals {
        Globals {
            json: self.json,
            base_url: Some(base_url.to_owned()),
            allow_insecure_http: self.allow_insecure_http,
            timeout: self.timeout,
        }
    }
}

fn main() -> ExitCode {
    let wants_json = std::env::args().any(|a| a == "--json");
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if wants_json && e.use_stderr() => {
            let message = e.to_string();
            let first = message.lines().next().unwrap_or("invalid arguments");
            output::print_error(
                true,
                &CliError::new("usage", first.trim_start_matches("error: "))
                    .with_hint("see `recaudo <command> --help`"),
            );
            return ExitCode::from(2);
        }
        Err(e) => e.exit(),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            let error = CliError::new("internal", e.to_string());
            output::print_error(cli.json, &error);
            return ExitCode::from(error.exit());
        }
    };
    let globals = Globals {
        json: cli.json,
        base_url: cli.base_url,
        allow_insecure_http: cli.allow_insecure_http,
        timeout: std::time::Duration::from_secs(cli.timeout),
    };
    let json = cli.json;
    let result: Result<Report, CliError> = runtime.block_on(async {
        match cli.command {
            Command::Demo => demo::run().await,
            Command::Lookup(args) => collect::lookup(&globals, args).await,
            Command::Pay(args) => collect::pay(&globals, args).await,
            Command::Status(args) => collect::status(&globals, args).await,
            Command::Reverse(args) => collect::reverse(&globals, args).await,
            Command::Reconcile(args) => collect::reconcile_cmd(&globals, args).await,
            Command::Resume(args) => collect::resume(&globals, args).await,
            Command::Review(args) => collect::review(&globals, args).await,
            Command::Journal(args) => journal::list(args),
            Command::Capabilities => Ok(collect::capabilities()),
            Command::Codes => Ok(codes::report()),
            Command::Probe(args) => probe::run(&globals, args).await,
            Command::Sim {
                port,
                www,
                pkg,
                no_keep_alive,
                readings,
            } => run_sim(port, www, pkg, no_keep_alive, &readings).await,
            Command::Unicomer(args) => unicomer::run(&globals, args).await,
            Command::Unicobros(args) => unicobros::run(&globals, args).await,
            Command::Zoom(args) => zoom::run(&globals, args).await,
            Command::Cooplan(args) => cooplan::run(&globals, args).await,
        }
    });
    match result {
        Ok(report) => report.print(json),
        Err(error) => {
            output::print_error(json, &error);
            ExitCode::from(error.exit())
        }
    }
}

/// Checks one `--reading KEY=VALUE` while the arguments are parsed, so a bad one is a usage
/// error that names the known readings.
fn parse_reading(assignment: &str) -> Result<String, String> {
    recaudo_sim::Readings::default()
        .set_assignment(assignment)
        .map(|()| assignment.to_owned())
        .map_err(|e| e.to_string())
}

async fn run_sim(
    port: u16,
    www: Option<std::path::PathBuf>,
    pkg: Option<std::path::PathBuf>,
    no_keep_alive: bool,
    assignments: &[String],
) -> Result<Report, CliError> {
    let demo_page = www.is_some();
    let mut readings = recaudo_sim::Readings::default();
    for assignment in assignments {
        readings
            .set_assignment(assignment)
            .map_err(|e| CliError::new("usage", e.to_string()))?;
    }
    let config = recaudo_sim::SimConfig {
        port,
        statics: recaudo_sim::StaticDirs { www, pkg },
        no_keep_alive,
        readings,
        ..Default::default()
    };
    let sim = recaudo_sim::Simulator::start(config)
        .await
        .map_err(|e| CliError::new("sim", format!("cannot start the simulator: {e}")))?;
    eprintln!("recaudo simulator listening on {}", sim.base_url());
    eprintln!("  unicomer:  {}", sim.unicomer_url());
    eprintln!("  unicobros: {}", sim.unicobros_url());
    eprintln!("  zoom:      {}", sim.zoom_url());
    eprintln!("  cooplan:   {}", sim.cooplan_url());
    eprintln!("  control:  {}_sim/state", sim.base_url());
    eprintln!("  readings: {}_sim/readings", sim.base_url());
    eprintln!("  merchant backend: {}merchant/<biller>/", sim.base_url());
    if demo_page {
        eprintln!("  demo page: {}", sim.base_url());
    }
    eprintln!("press Ctrl-C to stop");
    tokio::signal::ctrl_c()
        .await
        .map_err(|e| CliError::new("sim", e.to_string()))?;
    sim.shutdown();
    Ok(Report::text("simulator stopped"))
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Every flag and argument of every command says what it is for.
    #[test]
    fn every_flag_has_help_text() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if id == "help" || id == "version" {
                    continue;
                }
                if arg.get_help().is_none() && arg.get_long_help().is_none() {
                    missing.push(format!("{path} {id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                if sub.get_about().is_none() {
                    missing.push(format!("{path} {} (the command)", sub.get_name()));
                }
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&super::Cli::command(), "recaudo", &mut missing);
        assert!(missing.is_empty(), "no help text: {missing:#?}");
    }

    #[test]
    fn the_command_line_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
