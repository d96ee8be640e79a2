//! Opening transactions the one way that holds under load on both databases.
//!
//! On SQLite a plain (deferred) transaction that reads before it writes keeps the snapshot of
//! its first read; when another connection commits in between, its first write cannot become
//! the writer and SQLite answers `SQLITE_BUSY` at once, without waiting for the busy timeout.
//! A request then fails with a 500 whenever a sensor message, a release or another request
//! wrote a moment earlier. [`begin_write`] takes SQLite's write lock when the transaction
//! begins (`BEGIN IMMEDIATE`): writers queue for the lock instead. PostgreSQL ignores the
//! mode. `clippy.toml` refuses `TransactionTrait::begin` so that no deferred transaction
//! comes back.

use sea_orm::{
    DatabaseTransaction, DbErr, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

/// A transaction that may write: on SQLite it holds the write lock from its first statement.
pub async fn begin_write<C: TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}

/// A savepoint inside `txn`: rolled back alone, the rest of `txn` stays.
pub async fn savepoint(txn: &DatabaseTransaction) -> Result<DatabaseTransaction, DbErr> {
    #[allow(clippy::disallowed_methods)] // a nested transaction is a savepoint, not a BEGIN
    txn.begin().await
}
