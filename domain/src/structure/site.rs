//! The sites buildings are on (`site`, `site_building`), as the building file names them: a
//! site by its slug, with its name. Importing a building puts it on the site its file names
//! (the site is made, or renamed, as the file says) or on none; a site without buildings left
//! goes.

use std::collections::HashMap;

use entities::{site, site_building};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect,
};

use super::format::SiteFile;

/// The site of every building that is on one, by building id.
pub async fn by_building(db: &impl ConnectionTrait) -> Result<HashMap<i32, SiteFile>, DbErr> {
    let sites: HashMap<i32, site::Model> = site::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    Ok(site_building::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|row| {
            let s = sites.get(&row.site_id)?;
            Some((
                row.building_id,
                SiteFile {
                    slug: s.slug.clone(),
                    name: s.name.clone(),
                },
            ))
        })
        .collect())
}

/// The site of building `building_id`, if it is on one.
pub async fn of(db: &impl ConnectionTrait, building_id: i32) -> Result<Option<SiteFile>, DbErr> {
    let Some(row) = site_building::Entity::find_by_id(building_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(site::Entity::find_by_id(row.site_id)
        .one(db)
        .await?
        .map(|s| SiteFile {
            slug: s.slug,
            name: s.name,
        }))
}

/// Puts building `building_id` on `wanted` (made or renamed as given) or on no site; removes
/// the sites left without buildings.
pub async fn put(
    db: &impl ConnectionTrait,
    building_id: i32,
    wanted: Option<&SiteFile>,
) -> Result<(), DbErr> {
    site_building::Entity::delete_by_id(building_id)
        .exec(db)
        .await?;
    if let Some(wanted) = wanted {
        let site_id = match site::Entity::find()
            .filter(site::Column::Slug.eq(&wanted.slug))
            .one(db)
            .await?
        {
            Some(existing) if existing.name == wanted.name => existing.id,
            Some(existing) => {
                let mut row: site::ActiveModel = existing.into();
                row.name = Set(wanted.name.clone());
                row.update(db).await?.id
            }
            None => {
                site::ActiveModel {
                    slug: Set(wanted.slug.clone()),
                    name: Set(wanted.name.clone()),
                    ..Default::default()
                }
                .insert(db)
                .await?
                .id
            }
        };
        site_building::Entity::insert(site_building::ActiveModel {
            building_id: Set(building_id),
            site_id: Set(site_id),
        })
        .on_conflict(
            OnConflict::column(site_building::Column::BuildingId)
                .update_column(site_building::Column::SiteId)
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    }
    let used: Vec<i32> = site_building::Entity::find()
        .select_only()
        .column(site_building::Column::SiteId)
        .into_tuple()
        .all(db)
        .await?;
    site::Entity::delete_many()
        .filter(site::Column::Id.is_not_in(used))
        .exec(db)
        .await?;
    Ok(())
}

/// The name of the site `slug`, if there is one.
pub async fn named(db: &impl ConnectionTrait, slug: &str) -> Result<Option<String>, DbErr> {
    Ok(site::Entity::find()
        .filter(site::Column::Slug.eq(slug))
        .one(db)
        .await?
        .map(|s| s.name))
}
