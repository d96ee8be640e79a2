//! The `push_vapid_key` table: the one P-256 key pair every instance signs its web push
//! requests with (VAPID, RFC 8292); `id` is always 1.

use sea_orm::entity::prelude::*;

/// The row of `push_vapid_key`. Its `Debug` does not show the private key.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "push_vapid_key")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    /// The private scalar (base64url, 32 bytes): never shown or logged.
    pub private_key: String,
    /// The public key (base64url, uncompressed 65-byte point), as browsers are given it.
    pub public_key: String,
    pub created_at: DateTimeUtc,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("id", &self.id)
            .field("public_key", &self.public_key)
            .finish_non_exhaustive()
    }
}

/// `push_vapid_key` relates to no other table.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
