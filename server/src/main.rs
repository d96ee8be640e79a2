//! The `platzwahl` command: serves the web application (the default), migrates the database
//! or seeds the demo building.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sensors::FormatChoice;
use server::settings::{LogFormat, Settings};
use server::{database, demo, people};
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
    Serve {
        /// Demo mode: seed the demo building and let anyone sign in as its made-up people
        /// without a passkey (`PLATZWAHL_DEMO`). Refused beyond loopback and behind https
        /// unless `PLATZWAHL_DEMO_EXPOSED=true`.
        #[arg(long)]
        demo: bool,
        /// Do not apply pending migrations at start; refuse to start if there are any
        /// (`PLATZWAHL_MIGRATE=false`). For deployments that run `platzwahl migrate` as a
        /// step of their own.
        #[arg(long)]
        no_migrate: bool,
    },
    /// Apply the database migrations, or roll them back.
    Migrate {
        #[command(subcommand)]
        direction: Option<Direction>,
    },
    /// Seed the demo building (does nothing if it is already there).
    SeedDemo,
    /// Copy the SQLite database, consistently and while the server runs, to a new file
    /// (which must not exist yet). For PostgreSQL use `pg_dump` (see the README).
    Backup {
        /// The file to write.
        file: PathBuf,
    },
    /// Publish realistic Zigbee2MQTT traffic for the demo building's desk sensors to the
    /// configured broker (the embedded one of a running server, or `PLATZWAHL_MQTT_URL`).
    Simulate {
        /// How many desk sensors send.
        #[arg(long, default_value_t = 50)]
        sensors: usize,
        /// Messages per second.
        #[arg(long, default_value_t = 20.0)]
        rate: f64,
        /// Messages in all.
        #[arg(long, default_value_t = 1_000)]
        messages: u64,
        /// Share of messages sent twice (0 to 1).
        #[arg(long, default_value_t = 0.05)]
        duplicates: f64,
        /// Share of messages that flap: the opposite state, then back (0 to 1).
        #[arg(long, default_value_t = 0.02)]
        flaps: f64,
        /// Seed of the random choices.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// People and their invitation links.
    People {
        #[command(subcommand)]
        command: PeopleCommand,
    },
    /// Tools for occupancy sensors.
    Sensors {
        #[command(subcommand)]
        command: SensorsCommand,
    },
    /// Directory sync (LDAP): an organisation's people follow its directory.
    Directory {
        #[command(subcommand)]
        command: DirectoryCommand,
    },
    /// About the settings.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Write data out as files (see `import`).
    Export {
        #[command(subcommand)]
        command: ExportCommand,
    },
    /// Import a building or organisation file (JSON, as `export building` and `export
    /// organisation` write them; the content tells which), a building as CSV (`export
    /// building --format csv`; a header with a `kind` column), or people or units of an
    /// organisation as CSV (`--organisation`; the header tells which); see the README. The
    /// whole file is checked first and every problem is printed with its line, path and
    /// field; then nothing changes and the exit code is 1. Otherwise what changes (created,
    /// changed, unchanged, kept) is shown and written in one transaction. Nothing the file
    /// leaves out is deleted.
    Import {
        /// The JSON or CSV file.
        file: PathBuf,
        /// Only show what would change; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// The organisation (slug) a CSV file of people or units is imported into.
        #[arg(long)]
        organisation: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum DirectoryCommand {
    /// Synchronise the people of organisation ORG (its slug) with its directory
    /// (`[[directories]]` in the settings): joiners are created, changes taken over, leavers
    /// deactivated (sessions, tokens and passkeys end, future bookings are cancelled), in one
    /// transaction; prints what changed. A directory that cannot be read changes nothing.
    Sync {
        /// The organisation's slug.
        organisation: String,
        /// Only show what would change; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Deactivate the leavers even when the directory returned nobody or more than
        /// `max_leavers_percent` of the people would leave.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
enum ExportCommand {
    /// Print a building (floors, zones, desks, rooms and the sensors watching them) as JSON
    /// or CSV, naming everything by its natural key, ready for `platzwahl import`.
    Building {
        /// The building's slug or id; may be left out when there is only one.
        #[arg(long)]
        building: Option<String>,
        /// `json`, or `csv` (one row per thing, for spreadsheets).
        #[arg(long, default_value = "json")]
        format: BuildingFormat,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Print an organisation (granted zones, units with home zones and policies, people with
    /// roles and badges, deputies) as JSON, or its people or units as CSV, naming everything
    /// by its natural key, ready for `platzwahl import`.
    Organisation {
        /// The organisation's slug.
        slug: String,
        /// `json` (everything), `csv-people` or `csv-units`.
        #[arg(long, default_value = "json")]
        format: OrganisationFormat,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

/// What `export building` writes.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum BuildingFormat {
    /// The building as JSON.
    Json,
    /// The building as one CSV, a row per thing.
    Csv,
}

/// What `export organisation` writes.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum OrganisationFormat {
    /// The whole organisation as JSON.
    Json,
    /// Its people as CSV.
    CsvPeople,
    /// Its units as CSV.
    CsvUnits,
}

#[derive(Debug, Subcommand)]
enum ConfigCommand {
    /// Print the configuration reference as Markdown: every setting with its TOML key, its
    /// environment variable, its default and its meaning, generated from the settings struct
    /// (the repository keeps it as `docs/configuration.md`). Reads no settings.
    Reference,
}

#[derive(Debug, Subcommand)]
enum SensorsCommand {
    /// Decode one MQTT payload read from standard input with the configured decoders, and
    /// print the event, or why it is not one, as JSON (`{"event": …}` or `{"error": …}`).
    /// Exits with 0 for an event and 1 for a decode error.
    Decode {
        /// The MQTT topic the payload was published on.
        #[arg(long)]
        topic: String,
        /// The sensor model: a generic mapping of the configuration (`[[sensors.decoder.mappings]]`)
        /// by name; the same as `--format mapping:NAME`.
        #[arg(long, conflicts_with = "format")]
        model: Option<String>,
        /// Which decoder: auto (by topic), z2m, tts, chirpstack, ha or mapping:NAME.
        #[arg(long, default_value = "auto")]
        format: FormatChoice,
    },
    /// Register sensors from a CSV file (header `device_key,model,protocol,desk,room`; `desk`
    /// or `room` by label): all or nothing; every bad field is printed with its line and
    /// column. A running server follows within a minute.
    Import {
        /// The CSV file.
        file: PathBuf,
    },
    /// Print the registered sensors as CSV, in the import's columns.
    List,
}

#[derive(Debug, Subcommand)]
enum PeopleCommand {
    /// Create a person (such as the first administrator of a fresh install) and print their
    /// invitation link, with which they register a passkey.
    Add {
        /// Display name.
        #[arg(long)]
        name: String,
        /// E-mail address (unique).
        #[arg(long)]
        email: String,
        /// Slug of the organisation.
        #[arg(long)]
        organisation: String,
        /// Create the organisation under this name if it does not exist yet.
        #[arg(long)]
        organisation_name: Option<String>,
        /// Slug of the unit.
        #[arg(long)]
        unit: Option<String>,
        /// A role (repeatable): employee, counsellor, unit_lead, facility_manager, org_admin,
        /// building_admin. Default: employee.
        #[arg(long = "role")]
        roles: Vec<String>,
    },
    /// Print a new invitation link for a person, for example when all their passkeys are lost.
    Invite {
        /// The person's e-mail address.
        email: String,
    },
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
    // Before the settings are read: the reference is the same whatever they say, and it helps
    // most when they do not load.
    if let Some(Command::Config {
        command: ConfigCommand::Reference,
    }) = &cli.command
    {
        return match server::settings::reference() {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("platzwahl: cannot write the configuration reference: {err}");
                ExitCode::FAILURE
            }
        };
    }
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(settings) => settings,
        Err(err) => {
            eprintln!("platzwahl: {err}");
            return ExitCode::from(2);
        }
    };
    // Invitation links made on the command line are mailed by a running server.
    domain::mail::set_enabled(settings.mail.enabled());
    domain::push::set_enabled(settings.push.enabled());
    let filter = EnvFilter::try_new(&settings.log).unwrap_or_else(|_| EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match settings.log_format {
        LogFormat::Text => logs.with_ansi(std::io::stderr().is_terminal()).init(),
        LogFormat::Json => logs.json().init(),
    }

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
    match runtime.block_on(execute(
        cli.command.unwrap_or(Command::Serve {
            demo: false,
            no_migrate: false,
        }),
        settings,
    )) {
        Ok(code) => code,
        Err(err) => {
            tracing::error!("{err:#}");
            eprintln!("platzwahl: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn execute(command: Command, mut settings: Settings) -> anyhow::Result<ExitCode> {
    match command {
        Command::Serve { demo, no_migrate } => {
            if no_migrate {
                settings.migrate = false;
            }
            if demo {
                settings.demo = true;
                if let Err(err) = settings.validate() {
                    eprintln!("platzwahl: {err}");
                    return Ok(ExitCode::from(2));
                }
            }
            let listener = tokio::net::TcpListener::bind(settings.listen)
                .await
                .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", settings.listen))?;
            server::run(settings, listener, shutdown_signal()).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate { direction } => {
            let db = database::connect(&settings).await?;
            // Not while a starting server migrates.
            let migrating = server::cluster::Cluster::new(&db)
                .lock(server::cluster::Lock::Migrate)
                .await?;
            match direction.unwrap_or(Direction::Up) {
                Direction::Up => database::migrate_up(&db).await?,
                Direction::Down { steps } => database::migrate_down(&db, steps).await?,
            }
            migrating.release().await;
            tracing::info!("migrations done");
            Ok(ExitCode::SUCCESS)
        }
        Command::Sensors {
            command:
                SensorsCommand::Decode {
                    topic,
                    model,
                    format,
                },
        } => {
            let choice = model.map_or(format, FormatChoice::Mapping);
            Ok(decode_stdin(&topic, &choice, &settings))
        }
        Command::Sensors {
            command: SensorsCommand::Import { file },
        } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
            let db = database::connect(&settings).await?;
            database::migrate_up(&db).await?;
            match domain::sensor_registry::import(&db, &text).await {
                Ok(report) => {
                    println!(
                        "{} added, {} updated, {} unchanged",
                        report.added, report.updated, report.unchanged
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(domain::sensor_registry::RegistryError::Invalid(errors)) => {
                    for e in &errors {
                        eprintln!("{}:{}: {}: {}", file.display(), e.line, e.field, e.message);
                    }
                    eprintln!("platzwahl: nothing imported ({} errors)", errors.len());
                    Ok(ExitCode::FAILURE)
                }
                Err(other) => Err(other.into()),
            }
        }
        Command::Sensors {
            command: SensorsCommand::List,
        } => {
            let db = database::connect(&settings).await?;
            database::migrate_up(&db).await?;
            let mut out = csv::Writer::from_writer(std::io::stdout());
            out.write_record(["device_key", "model", "protocol", "desk", "room"])?;
            for s in domain::sensor_registry::list(&db).await? {
                out.write_record([
                    s.device_key,
                    s.model,
                    s.protocol,
                    s.desk.unwrap_or_default(),
                    s.room.unwrap_or_default(),
                ])?;
            }
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Simulate {
            sensors,
            rate,
            messages,
            duplicates,
            flaps,
            seed,
        } => {
            let options = server::simulate::SimulateOptions {
                sensors,
                rate,
                messages,
                duplicates: duplicates.clamp(0.0, 1.0),
                flaps: flaps.clamp(0.0, 1.0),
                seed,
                ..server::simulate::SimulateOptions::default()
            };
            let report = server::simulate::run(
                &settings.mqtt(),
                settings.sensors.demo_zigbee2mqtt_base(),
                options,
            )
            .await?;
            tracing::info!(published = report.published, "simulation done");
            Ok(ExitCode::SUCCESS)
        }
        Command::People { command } => {
            let db = database::connect(&settings).await?;
            database::migrate_up(&db).await?;
            let auth = server::auth::AuthState::new(
                &settings.auth,
                settings.public_url(settings.listen)?,
                settings.listen.port(),
            )?;
            let result = match command {
                PeopleCommand::Add {
                    name,
                    email,
                    organisation,
                    organisation_name,
                    unit,
                    roles,
                } => {
                    let new = people::NewPerson {
                        name,
                        email,
                        organisation,
                        organisation_name,
                        unit,
                        roles,
                    };
                    people::add(&db, &auth, new).await
                }
                PeopleCommand::Invite { email } => people::invite(&db, &auth, &email).await,
            };
            match result {
                Ok(invitation) => {
                    println!("{}", invitation.link);
                    eprintln!(
                        "Invitation for person {} valid until {}; it can be used once.",
                        invitation.person_id,
                        invitation.expires_at.to_rfc3339()
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(err) => {
                    eprintln!("error: {err}");
                    Ok(ExitCode::from(2))
                }
            }
        }
        Command::Backup { file } => {
            if !settings.is_sqlite() {
                eprintln!(
                    "platzwahl: `backup` copies a SQLite database; for PostgreSQL use \
                     `pg_dump --format=custom` (see the README)"
                );
                return Ok(ExitCode::from(2));
            }
            if file.exists() {
                eprintln!(
                    "platzwahl: {} exists already; name a new file",
                    file.display()
                );
                return Ok(ExitCode::from(2));
            }
            let db = database::connect(&settings).await?;
            database::backup_sqlite(&db, &file).await?;
            println!("backed up to {}", file.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Config {
            command: ConfigCommand::Reference,
        } => {
            // Answered in `main` before the settings are read.
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            command:
                ExportCommand::Building {
                    building,
                    format,
                    output,
                },
        } => export_building(&settings, building.as_deref(), format, output.as_deref()).await,
        Command::Export {
            command:
                ExportCommand::Organisation {
                    slug,
                    format,
                    output,
                },
        } => export_organisation(&settings, &slug, format, output.as_deref()).await,
        Command::Import {
            file,
            dry_run,
            organisation,
        } => import_file(&settings, &file, dry_run, organisation.as_deref()).await,
        Command::Directory {
            command:
                DirectoryCommand::Sync {
                    organisation,
                    dry_run,
                    force,
                },
        } => {
            let bar = Bar::new();
            server::directory::cli::sync(&settings, &organisation, dry_run, force, &bar, || {
                bar.clear();
            })
            .await
        }
        Command::SeedDemo => {
            let db = database::connect(&settings).await?;
            database::migrate_up(&db).await?;
            let report = demo::seed(&db, settings.sensors.demo_zigbee2mqtt_base()).await?;
            tracing::info!(
                created = report.created,
                desks = report.desks,
                rooms = report.rooms,
                people = report.people,
                "demo building ready"
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// How many problems of a file `import` prints before it only counts them.
const PROBLEMS_SHOWN: usize = 1_000;

/// `platzwahl export building`: the building as JSON or CSV, on standard output or into
/// `output`.
async fn export_building(
    settings: &Settings,
    building: Option<&str>,
    format: BuildingFormat,
    output: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    use domain::structure::StructureError;
    let db = database::connect(settings).await?;
    database::migrate_up(&db).await?;
    let file = match domain::structure::export(&db, building).await {
        Ok(file) => file,
        Err(
            err @ (StructureError::NoBuilding
            | StructureError::NoSuchBuilding(_)
            | StructureError::WhichBuilding(_)),
        ) => {
            eprintln!("platzwahl: {err}");
            return Ok(ExitCode::from(2));
        }
        Err(err) => return Err(err.into()),
    };
    let text = match format {
        BuildingFormat::Json => {
            let mut text = serde_json::to_string_pretty(&file)?;
            text.push('\n');
            text
        }
        BuildingFormat::Csv => domain::structure::csv_file::to_csv(&file)?,
    };
    match output {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?,
        // The command's result: the one place that prints.
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// `platzwahl import FILE`: checks the building file, shows what changes, writes it (unless
/// `dry_run`) and tells running servers on PostgreSQL.
async fn import_building(
    settings: &Settings,
    file: &Path,
    dry_run: bool,
) -> anyhow::Result<ExitCode> {
    use domain::structure::StructureError;
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(err) => {
            eprintln!("platzwahl: cannot read {}: {err}", file.display());
            return Ok(ExitCode::from(2));
        }
    };
    let db = database::connect(settings).await?;
    database::migrate_up(&db).await?;
    let csv = file
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("csv"));
    let bar = Bar::new();
    let result = if csv || domain::structure::csv_file::looks_like_building_csv(&bytes) {
        domain::structure::csv_file::import_showing(&db, &bytes, dry_run, &bar).await
    } else {
        domain::structure::import::import_showing(&db, &bytes, dry_run, &bar).await
    };
    bar.clear();
    match result {
        Ok(outcome) => {
            print!("{}", outcome.changes);
            if outcome.applied {
                println!("imported {} in one transaction", file.display());
                tell_servers(&db).await;
            } else if dry_run && !outcome.changes.is_empty() {
                println!("dry run: nothing was changed");
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(StructureError::Invalid(problems)) => Ok(report_problems(file, &problems)),
        Err(err) => Err(err.into()),
    }
}

/// Prints every problem of `file` (the first [`PROBLEMS_SHOWN`]) as `FILE:LINE: PATH: what`;
/// the exit code of a refused import.
fn report_problems(file: &Path, problems: &[domain::structure::Problem]) -> ExitCode {
    for problem in problems.iter().take(PROBLEMS_SHOWN) {
        let line = problem.line.map(|l| format!(":{l}")).unwrap_or_default();
        let path = if problem.path.is_empty() {
            String::new()
        } else {
            format!("{}: ", problem.path)
        };
        eprintln!("{}{line}: {path}{}", file.display(), problem.message);
    }
    if problems.len() > PROBLEMS_SHOWN {
        eprintln!("… and {} more", problems.len() - PROBLEMS_SHOWN);
    }
    eprintln!(
        "platzwahl: nothing imported: the file has {} problem(s)",
        problems.len()
    );
    ExitCode::FAILURE
}

/// `platzwahl import FILE`: a building CSV (by its header, with a `kind` column) goes to the
/// building import; another CSV file (by its extension, or `--organisation`) or an
/// organisation file (by its content) to the organisation import, anything else to the
/// building import.
async fn import_file(
    settings: &Settings,
    file: &Path,
    dry_run: bool,
    organisation: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let csv = file
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("csv"));
    // An empty CSV goes to the building CSV's reader, which says that it is empty.
    let building_csv = std::fs::read(file).is_ok_and(|bytes| {
        domain::structure::csv_file::looks_like_building_csv(&bytes)
            || (csv && organisation.is_none() && bytes.trim_ascii().is_empty())
    });
    if building_csv {
        if organisation.is_some() {
            eprintln!(
                "platzwahl: {} is a building CSV (it has a kind column); a building is not \
                 imported into an organisation: leave out --organisation",
                file.display()
            );
            return Ok(ExitCode::from(2));
        }
        return import_building(settings, file, dry_run).await;
    }
    if !csv && organisation.is_none() {
        let looks_organisation = std::fs::read(file)
            .map(|bytes| domain::organisation_file::check::looks_like_organisation(&bytes))
            .unwrap_or(false);
        if !looks_organisation {
            return import_building(settings, file, dry_run).await;
        }
    }
    import_organisation(settings, file, dry_run, organisation, csv).await
}

/// A progress bar on standard error, drawn only when it is a terminal.
struct Bar(Option<indicatif::ProgressBar>);

impl Bar {
    fn new() -> Self {
        if !std::io::stderr().is_terminal() {
            return Self(None);
        }
        let style = indicatif::ProgressStyle::default_bar()
            .template("{msg:10} {bar:40} {pos}/{len} {eta} left")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        Self(Some(indicatif::ProgressBar::new(0).with_style(style)))
    }

    fn clear(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

impl domain::progress::Progress for Bar {
    fn stage(&self, name: &'static str, total: u64) {
        if let Some(bar) = &self.0 {
            bar.set_length(total);
            bar.set_position(0);
            bar.set_message(name);
        }
    }

    fn advance(&self, steps: u64) {
        if let Some(bar) = &self.0 {
            bar.inc(steps);
        }
    }
}

/// `platzwahl import FILE` of an organisation file or CSV: checks it, shows what changes,
/// writes it (unless `dry_run`) and tells running servers on PostgreSQL.
async fn import_organisation(
    settings: &Settings,
    file: &Path,
    dry_run: bool,
    organisation: Option<&str>,
    csv: bool,
) -> anyhow::Result<ExitCode> {
    use domain::organisation_file::{OrganisationFileError, import, import_csv};
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(err) => {
            eprintln!("platzwahl: cannot read {}: {err}", file.display());
            return Ok(ExitCode::from(2));
        }
    };
    if csv && organisation.is_none() {
        eprintln!(
            "platzwahl: a CSV file of people or units needs --organisation SLUG: the              organisation it is imported into"
        );
        return Ok(ExitCode::from(2));
    }
    let db = database::connect(settings).await?;
    database::migrate_up(&db).await?;
    let bar = Bar::new();
    let result = match organisation {
        Some(slug) => import_csv(&db, &bytes, slug, dry_run, &bar).await,
        None => import(&db, &bytes, dry_run, &bar).await,
    };
    bar.clear();
    match result {
        Ok(outcome) => {
            print!("{}", outcome.changes);
            if outcome.applied {
                println!("imported {} in one transaction", file.display());
                tell_servers(&db).await;
            } else if dry_run && !outcome.changes.is_empty() {
                println!("dry run: nothing was changed");
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(OrganisationFileError::Invalid(problems)) => Ok(report_problems(file, &problems)),
        Err(err) => Err(err.into()),
    }
}

/// `platzwahl export organisation SLUG`: the organisation as JSON or CSV, on standard output
/// or into `output`.
async fn export_organisation(
    settings: &Settings,
    slug: &str,
    format: OrganisationFormat,
    output: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    use domain::organisation_file::{OrganisationFileError, export, people_csv, units_csv};
    let db = database::connect(settings).await?;
    database::migrate_up(&db).await?;
    let file = match export(&db, slug).await {
        Ok(file) => file,
        Err(err @ OrganisationFileError::NoSuchOrganisation(_)) => {
            eprintln!("platzwahl: {err}");
            return Ok(ExitCode::from(2));
        }
        Err(err) => return Err(err.into()),
    };
    let text = match format {
        OrganisationFormat::Json => {
            let mut text = serde_json::to_string_pretty(&file)?;
            text.push('\n');
            text
        }
        OrganisationFormat::CsvPeople => people_csv(&file)?,
        OrganisationFormat::CsvUnits => units_csv(&file)?,
    };
    match output {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?,
        // The command's result: the one place that prints.
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// Tells the running servers that the topology and the sensor registry changed: on
/// PostgreSQL over their cluster bus. On SQLite there is no other process to tell; a server
/// reads both again within a minute.
async fn tell_servers(db: &sea_orm::DatabaseConnection) {
    let bus = server::cluster::Bus::detached(db);
    bus.topology_changed().await;
    bus.registry_changed().await;
}

/// `platzwahl sensors decode`: one payload from standard input → JSON on standard output.
fn decode_stdin(topic: &str, choice: &FormatChoice, settings: &Settings) -> ExitCode {
    let mut payload = Vec::new();
    if let Err(err) = std::io::stdin().read_to_end(&mut payload) {
        eprintln!("platzwahl: cannot read the payload from standard input: {err}");
        return ExitCode::from(2);
    }
    let (output, code) =
        match sensors::decode_as(topic, &payload, &settings.sensors.decoder, choice) {
            Ok(event) => (serde_json::json!({ "event": event }), ExitCode::SUCCESS),
            Err(error) => (
                serde_json::json!({
                    "error": {
                        "kind": error.kind(),
                        "message": error.to_string(),
                        "ignorable": error.is_ignorable(),
                        "detail": error,
                    }
                }),
                ExitCode::FAILURE,
            ),
        };
    match serde_json::to_string_pretty(&output) {
        Ok(text) => {
            // The command's result, for people and scripts: the one place that prints.
            println!("{text}");
            code
        }
        Err(err) => {
            eprintln!("platzwahl: cannot write the result: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM. The SIGTERM handler is installed here, before the server
/// starts, so that a SIGTERM right after start-up stops it cleanly too (a handler installed
/// on the future's first poll would leave the default action, ending the process, in place
/// until then).
fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate());
    async move {
        let ctrl_c = async {
            if let Err(err) = tokio::signal::ctrl_c().await {
                tracing::error!(error = %err, "cannot listen for Ctrl-C");
                std::future::pending::<()>().await;
            }
        };
        #[cfg(unix)]
        let terminate = async {
            match terminate {
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
}
