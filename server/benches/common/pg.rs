//! What the PostgreSQL benchmarks share: a database of their own on the server of an admin
//! URL, created afresh and dropped. Included by `bookings.rs` and `cluster.rs` only (the
//! ingestion benchmark runs on SQLite).

use sea_orm::{ConnectOptions, ConnectionTrait, Database};

/// Connection options without statement logging.
pub fn options(url: &str, connections: u32) -> ConnectOptions {
    let mut options = ConnectOptions::new(url);
    options.max_connections(connections).sqlx_logging(false);
    options
}

/// The URL of `database` on the server of `admin_url` (its query, such as `sslmode`, kept).
pub fn database_url(admin_url: &str, database: &str) -> String {
    let (base, query) = admin_url
        .split_once('?')
        .map_or((admin_url, None), |(base, query)| (base, Some(query)));
    let scheme_end = base.find("://").map_or(0, |at| at + 3);
    let server = base[scheme_end..]
        .find('/')
        .map_or(base, |slash| &base[..scheme_end + slash]);
    match query {
        Some(query) => format!("{server}/{database}?{query}"),
        None => format!("{server}/{database}"),
    }
}

/// Drops `database` if it is there (open connections are ended).
pub async fn drop_database(admin_url: &str, database: &str) -> anyhow::Result<()> {
    let admin = Database::connect(options(admin_url, 2)).await?;
    admin
        .execute_unprepared(&format!(
            "DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)"
        ))
        .await?;
    admin.close().await?;
    Ok(())
}

/// Creates `database` empty, dropping any left from an earlier run.
pub async fn create_database(admin_url: &str, database: &str) -> anyhow::Result<()> {
    drop_database(admin_url, database).await?;
    let admin = Database::connect(options(admin_url, 2)).await?;
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{database}\""))
        .await?;
    admin.close().await?;
    Ok(())
}
