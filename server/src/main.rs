//! The `platzwahl` command: serves the web application (the default), migrates the database
//! or seeds the demo building.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use server::settings::Settings;
use server::{database, demo};
use tracing_subscriber::EnvFilter;

/// Platzwahl: desk sharing and room booking for a shared public building.
#[derive(Debug, Parser)]
#[command(name = "platzwahl", version, about)]
struct Cli {
    /// A TOML settings file; `PLATZWAHL_*` environment variables override it.
    #[arg(long, short, env = "PLATZWAHL_CONFIG", global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the web application (the default).
    Serve,
    /// Apply the database migrations, or roll them back.
    Migrate {
        #[command(subcommand)]
        direction: Option<Direction>,
    },
    /// Seed the demo building (does nothing if it is already there).
    SeedDemo,
}

#[derive(Debug, Subcommand)]
enum Direction {
    /// Apply every pending migration (the default).
    Up,
    /// Roll back migrations.
    Down {
        /// How many to roll back; all if not given.
        #[arg(long)]
        steps: Option<u32>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(settings) => settings,
        Err(err) => {
            eprintln!("platzwahl: {err}");
            return ExitCode::from(2);
        }
    };
    let filter = EnvFilter::try_new(&settings.log).unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();

    // Both rustls crypto back-ends are compiled in (through different dependencies); TLS
    // connections (PostgreSQL, MQTT) need one chosen for the process.
    let _already_chosen = rustls::crypto::aws_lc_rs::default_provider().install_default();

    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("platzwahl: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(execute(cli.command.unwrap_or(Command::Serve), settings)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!("{err:#}");
            eprintln!("platzwahl: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn execute(command: Command, settings: Settings) -> anyhow::Result<()> {
    match command {
        Command::Serve => {
            let listener = tokio::net::TcpListener::bind(settings.listen)
                .await
                .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", settings.listen))?;
            server::run(settings, listener, shutdown_signal()).await
        }
        Command::Migrate { direction } => {
            let db = database::connect(&settings).await?;
            match direction.unwrap_or(Direction::Up) {
                Direction::Up => database::migrate_up(&db).await?,
                Direction::Down { steps } => database::migrate_down(&db, steps).await?,
            }
            tracing::info!("migrations done");
            Ok(())
        }
        Command::SeedDemo => {
            let db = database::connect(&settings).await?;
            database::migrate_up(&db).await?;
            let report = demo::seed(&db).await?;
            tracing::info!(
                created = report.created,
                desks = report.desks,
                rooms = report.rooms,
                people = report.people,
                "demo building ready"
            );
            Ok(())
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(error = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
