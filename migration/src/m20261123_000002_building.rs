//! The building: floors, zones and how they touch, units' home zones, desks and rooms.
//!
//! Plan coordinates (`x`, `y`, `width`, `height`) are integers in the floor plan's own units
//! (`floor.plan_width` × `floor.plan_height`); a zone's `x`/`y` is its rectangle's top-left
//! corner, a desk's is its centre.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{check, drop_tables, fk, index, one_of, unique};

/// Creates `building`, `floor`, `zone`, `zone_adjacency`, `home_zone`, `desk` and `room`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Building::Table)
                    .col(pk_auto(Building::Id))
                    .col(string_uniq(Building::Slug))
                    .col(string(Building::Name))
                    .col(string(Building::Address).default(""))
                    .col(string(Building::Timezone).default("Europe/Berlin"))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Floor::Table)
                    .col(pk_auto(Floor::Id))
                    .col(integer(Floor::BuildingId))
                    .col(integer(Floor::Level))
                    .col(string(Floor::Name))
                    .col(integer(Floor::PlanWidth))
                    .col(integer(Floor::PlanHeight))
                    .check(check(
                        "floor_plan_size_check",
                        Expr::col(Floor::PlanWidth)
                            .gt(0)
                            .and(Expr::col(Floor::PlanHeight).gt(0)),
                    ))
                    .foreign_key(&mut fk(
                        Floor::Table,
                        Floor::BuildingId,
                        Building::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique(Floor::Table, [Floor::BuildingId, Floor::Level]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Zone::Table)
                    .col(pk_auto(Zone::Id))
                    .col(integer(Zone::FloorId))
                    .col(string_uniq(Zone::Slug))
                    .col(string(Zone::Name))
                    .col(string(Zone::Kind))
                    .col(integer(Zone::X))
                    .col(integer(Zone::Y))
                    .col(integer(Zone::Width))
                    .col(integer(Zone::Height))
                    .col(integer(Zone::DistanceToLiftM).default(0))
                    .check(one_of(
                        "zone_kind_check",
                        Zone::Kind,
                        &["entrance", "consultation", "work", "quiet"],
                    ))
                    .check(check(
                        "zone_size_check",
                        Expr::col(Zone::Width)
                            .gt(0)
                            .and(Expr::col(Zone::Height).gt(0)),
                    ))
                    .check(check(
                        "zone_distance_to_lift_m_check",
                        Expr::col(Zone::DistanceToLiftM).gte(0),
                    ))
                    .foreign_key(&mut fk(
                        Zone::Table,
                        Zone::FloorId,
                        Floor::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(Zone::Table, [Zone::FloorId]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ZoneAdjacency::Table)
                    .col(integer(ZoneAdjacency::ZoneAId))
                    .col(integer(ZoneAdjacency::ZoneBId))
                    .primary_key(
                        Index::create()
                            .col(ZoneAdjacency::ZoneAId)
                            .col(ZoneAdjacency::ZoneBId),
                    )
                    .check(check(
                        "zone_adjacency_not_self_check",
                        Expr::col(ZoneAdjacency::ZoneAId).ne(Expr::col(ZoneAdjacency::ZoneBId)),
                    ))
                    .foreign_key(&mut fk(
                        ZoneAdjacency::Table,
                        ZoneAdjacency::ZoneAId,
                        Zone::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        ZoneAdjacency::Table,
                        ZoneAdjacency::ZoneBId,
                        Zone::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(ZoneAdjacency::Table, [ZoneAdjacency::ZoneBId]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(HomeZone::Table)
                    .col(integer(HomeZone::UnitId))
                    .col(integer(HomeZone::ZoneId))
                    .col(integer(HomeZone::Priority).default(1))
                    .primary_key(Index::create().col(HomeZone::UnitId).col(HomeZone::ZoneId))
                    .check(check(
                        "home_zone_priority_check",
                        Expr::col(HomeZone::Priority).gte(1),
                    ))
                    .foreign_key(&mut fk(
                        HomeZone::Table,
                        HomeZone::UnitId,
                        Unit::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        HomeZone::Table,
                        HomeZone::ZoneId,
                        Zone::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(HomeZone::Table, [HomeZone::ZoneId]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Desk::Table)
                    .col(pk_auto(Desk::Id))
                    .col(integer(Desk::ZoneId))
                    .col(string_uniq(Desk::Label))
                    .col(integer(Desk::X))
                    .col(integer(Desk::Y))
                    .col(integer(Desk::Width))
                    .col(integer(Desk::Height))
                    .col(integer(Desk::Rotation).default(0))
                    .col(boolean(Desk::HasDocking).default(false))
                    .col(integer(Desk::Monitors).default(0))
                    .col(boolean(Desk::HeightAdjustable).default(false))
                    .col(boolean(Desk::Accessible).default(false))
                    .col(boolean(Desk::Blocked).default(false))
                    .col(text_null(Desk::Notes))
                    .check(check(
                        "desk_size_check",
                        Expr::col(Desk::Width)
                            .gt(0)
                            .and(Expr::col(Desk::Height).gt(0)),
                    ))
                    .check(check(
                        "desk_rotation_check",
                        Expr::col(Desk::Rotation)
                            .gte(0)
                            .and(Expr::col(Desk::Rotation).lt(360)),
                    ))
                    .check(check(
                        "desk_monitors_check",
                        Expr::col(Desk::Monitors).between(0, 2),
                    ))
                    .foreign_key(&mut fk(
                        Desk::Table,
                        Desk::ZoneId,
                        Zone::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(Desk::Table, [Desk::ZoneId]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Room::Table)
                    .col(pk_auto(Room::Id))
                    .col(integer(Room::FloorId))
                    .col(integer_null(Room::ZoneId))
                    .col(string_uniq(Room::Label))
                    .col(string(Room::Name))
                    .col(integer(Room::Capacity))
                    .col(string(Room::PrivacyClass).default("standard"))
                    .col(boolean(Room::StepFree).default(false))
                    .col(boolean(Room::HearingLoop).default(false))
                    .col(text(Room::Equipment).default(""))
                    .col(integer(Room::BufferBeforeMin).default(0))
                    .col(integer(Room::BufferAfterMin).default(0))
                    .col(integer(Room::X))
                    .col(integer(Room::Y))
                    .col(integer(Room::Width))
                    .col(integer(Room::Height))
                    .check(check(
                        "room_capacity_check",
                        Expr::col(Room::Capacity).gt(0),
                    ))
                    .check(one_of(
                        "room_privacy_class_check",
                        Room::PrivacyClass,
                        &["standard", "protected"],
                    ))
                    .check(check(
                        "room_buffer_check",
                        Expr::col(Room::BufferBeforeMin)
                            .gte(0)
                            .and(Expr::col(Room::BufferAfterMin).gte(0)),
                    ))
                    .check(check(
                        "room_size_check",
                        Expr::col(Room::Width)
                            .gt(0)
                            .and(Expr::col(Room::Height).gt(0)),
                    ))
                    .foreign_key(&mut fk(
                        Room::Table,
                        Room::FloorId,
                        Floor::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        Room::Table,
                        Room::ZoneId,
                        Zone::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(Room::Table, [Room::FloorId]))
            .await?;
        manager
            .create_index(index(Room::Table, [Room::ZoneId]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                Room::Table.into_iden(),
                Desk::Table.into_iden(),
                HomeZone::Table.into_iden(),
                ZoneAdjacency::Table.into_iden(),
                Zone::Table.into_iden(),
                Floor::Table.into_iden(),
                Building::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Unit {
    Table,
}

#[derive(DeriveIden)]
enum Building {
    Table,
    Id,
    Slug,
    Name,
    Address,
    Timezone,
}

#[derive(DeriveIden)]
enum Floor {
    Table,
    Id,
    BuildingId,
    Level,
    Name,
    PlanWidth,
    PlanHeight,
}

#[derive(DeriveIden)]
enum Zone {
    Table,
    Id,
    FloorId,
    Slug,
    Name,
    Kind,
    X,
    Y,
    Width,
    Height,
    DistanceToLiftM,
}

#[derive(DeriveIden)]
enum ZoneAdjacency {
    Table,
    ZoneAId,
    ZoneBId,
}

#[derive(DeriveIden)]
enum HomeZone {
    Table,
    UnitId,
    ZoneId,
    Priority,
}

#[derive(DeriveIden)]
enum Desk {
    Table,
    Id,
    ZoneId,
    Label,
    X,
    Y,
    Width,
    Height,
    Rotation,
    HasDocking,
    Monitors,
    HeightAdjustable,
    Accessible,
    Blocked,
    Notes,
}

#[derive(DeriveIden)]
enum Room {
    Table,
    Id,
    FloorId,
    ZoneId,
    Label,
    Name,
    Capacity,
    PrivacyClass,
    StepFree,
    HearingLoop,
    Equipment,
    BufferBeforeMin,
    BufferAfterMin,
    X,
    Y,
    Width,
    Height,
}
