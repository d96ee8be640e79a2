//! Connecting to the database and running the migrations.

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};

use crate::settings::Settings;

/// Connects to the configured database, creating the data directory for SQLite.
pub async fn connect(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    if settings.is_sqlite() && settings.database_url.is_none() {
        std::fs::create_dir_all(&settings.data_dir)?;
    }
    let mut options = ConnectOptions::new(settings.database_url().expose());
    options
        .max_connections(settings.database_max_connections.max(1))
        .sqlx_logging(false);
    let db = Database::connect(options).await?;
    Ok(db)
}

/// Applies every pending migration.
pub async fn migrate_up(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Rolls back the last `steps` migrations (all of them with `None`).
pub async fn migrate_down(db: &DatabaseConnection, steps: Option<u32>) -> Result<(), DbErr> {
    Migrator::down(db, steps).await
}
