//! The `directory_sync` table: when an organisation's directory (LDAP) was last synchronised
//! and how the run ended; one row per organisation, written by the sync.

use sea_orm::entity::prelude::*;

/// [`Model::outcome`] while a run is under way.
pub const RUNNING: &str = "running";
/// [`Model::outcome`] of a run that wrote its changes (or found none).
pub const OK: &str = "ok";
/// [`Model::outcome`] of a run that could not read the directory or write the changes.
pub const FAILED: &str = "failed";
/// [`Model::outcome`] of a run the safety refused (too many leavers at once).
pub const REFUSED: &str = "refused";

/// A row of `directory_sync`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "directory_sync")]
pub struct Model {
    /// The organisation whose directory this is.
    #[sea_orm(primary_key, auto_increment = false)]
    pub organisation_id: i32,
    /// When the last run started.
    pub started_at: DateTimeUtc,
    /// When the last run ended; unset while it runs.
    pub finished_at: Option<DateTimeUtc>,
    /// [`RUNNING`], [`OK`], [`FAILED`] or [`REFUSED`].
    pub outcome: String,
}

/// How `directory_sync` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `directory_sync.organisation_id` → `organisation.id`.
    #[sea_orm(
        belongs_to = "super::organisation::Entity",
        from = "Column::OrganisationId",
        to = "super::organisation::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Organisation,
}

impl Related<super::organisation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organisation.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
