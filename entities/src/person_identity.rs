//! The `person_identity` table: a person's account at their organisation's OpenID Connect
//! provider, as the provider names it (issuer and subject).

use sea_orm::entity::prelude::*;

/// A row of `person_identity`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person_identity")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// The person signed in through this identity.
    pub person_id: i32,
    /// The organisation whose provider it is: always the person's own (triggers).
    pub organisation_id: i32,
    /// The provider's issuer URL (`iss`).
    pub issuer: String,
    /// The provider's stable identifier of the person (`sub`); unique per issuer.
    pub subject: String,
    /// When the identity was first used here.
    pub created_at: DateTimeUtc,
}

/// How `person_identity` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `person_identity.person_id` → `person.id`.
    #[sea_orm(
        belongs_to = "super::person::Entity",
        from = "Column::PersonId",
        to = "super::person::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Person,
}

impl Related<super::person::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Person.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
