//! Small helpers shared by the migrations: named checks, foreign keys, indexes and a "now"
//! default that writes the same text format on SQLite as sea-orm does.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

/// A named `CHECK (column IN (values…))` for an enum-like string column.
pub(crate) fn one_of<C: IntoIden>(name: &'static str, column: C, values: &[&'static str]) -> Check {
    Check::named(name, Expr::col(column).is_in(values.iter().copied()))
}

/// A named `CHECK` on any expression.
pub(crate) fn check(name: &'static str, expr: Expr) -> Check {
    Check::named(name, expr)
}

/// `CHECK (a IS NULL OR b IS NULL)`: at most one of two optional references is set.
pub(crate) fn at_most_one_of<A: IntoIden, B: IntoIden>(name: &'static str, a: A, b: B) -> Check {
    Check::named(name, Expr::col(a).is_null().or(Expr::col(b).is_null()))
}

/// A foreign key `<table>_<column>_fkey` from `table.column` to `target.id`; updates of the
/// target's id cascade.
pub(crate) fn fk<T: IntoIden, C: IntoIden, R: IntoIden>(
    table: T,
    column: C,
    target: R,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    let (table, column) = (table.into_iden(), column.into_iden());
    ForeignKey::create()
        .name(format!("{table}_{column}_fkey"))
        .from(table, column)
        .to(target, Alias::new("id"))
        .on_delete(on_delete)
        .on_update(ForeignKeyAction::Cascade)
        .take()
}

/// A plain index `<table>_<columns>_idx`.
pub(crate) fn index<T: IntoIden, C: IntoIden>(
    table: T,
    columns: impl IntoIterator<Item = C>,
) -> IndexCreateStatement {
    named_index(table, columns, "idx")
}

/// A unique index `<table>_<columns>_key`.
pub(crate) fn unique<T: IntoIden, C: IntoIden>(
    table: T,
    columns: impl IntoIterator<Item = C>,
) -> IndexCreateStatement {
    named_index(table, columns, "key").unique().take()
}

fn named_index<T: IntoIden, C: IntoIden>(
    table: T,
    columns: impl IntoIterator<Item = C>,
    suffix: &str,
) -> IndexCreateStatement {
    let table = table.into_iden();
    let mut name = table.to_string();
    let mut statement = Index::create();
    statement.table(table);
    for column in columns {
        let column = column.into_iden();
        name.push('_');
        name.push_str(&column.to_string());
        statement.col(column);
    }
    name.push('_');
    name.push_str(suffix);
    statement.name(name).take()
}

/// A `NOT NULL` UTC timestamp column defaulting to the current time.
///
/// PostgreSQL gets `CURRENT_TIMESTAMP`. SQLite's `CURRENT_TIMESTAMP` would write
/// `2026-11-23 08:00:00`, which does not sort against sea-orm's RFC 3339 text
/// (`2026-11-23T08:00:00+00:00`), so there the default writes RFC 3339 as well.
pub(crate) fn created_now<C: IntoIden>(manager: &SchemaManager, column: C) -> ColumnDef {
    let now = match manager.get_database_backend() {
        DbBackend::Sqlite => Expr::cust("strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')"),
        _ => Expr::current_timestamp(),
    };
    ColumnDef::new(column)
        .timestamp_with_time_zone()
        .not_null()
        .default(now)
        .take()
}

/// Drops the given tables, in the order given (children first).
pub(crate) async fn drop_tables<T: IntoIden>(
    manager: &SchemaManager<'_>,
    tables: impl IntoIterator<Item = T>,
) -> Result<(), DbErr> {
    for table in tables {
        manager
            .drop_table(Table::drop().table(table).take())
            .await?;
    }
    Ok(())
}
