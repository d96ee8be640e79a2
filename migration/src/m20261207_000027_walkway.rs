//! The way to one's desk: a building's walkway graph, as its administrators draw it.
//! `walkway` says that a building has one, and the scale of its plans; `walkway_node` holds
//! its points (entrances, lifts, stairs, ramps, corridor points, and desks or rooms as ends),
//! each on a floor at plan coordinates; `walkway_edge` joins two points, with how one gets
//! from one to the other (`walk`, `stairs`, `lift`, `ramp`). Removing a building, floor, desk
//! or room removes its points and their edges.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{at_most_one_of, check, drop_tables, fk, index, one_of, unique};

/// Creates `walkway`, `walkway_node` and `walkway_edge`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Walkway::Table)
                    .col(integer(Walkway::BuildingId).primary_key())
                    .col(integer(Walkway::CmPerUnit))
                    .check(check(
                        "walkway_cm_per_unit_check",
                        Expr::col(Walkway::CmPerUnit).gt(0),
                    ))
                    .foreign_key(&mut fk(
                        Walkway::Table,
                        Walkway::BuildingId,
                        Building::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WalkwayNode::Table)
                    .col(pk_auto(WalkwayNode::Id))
                    .col(integer(WalkwayNode::BuildingId))
                    .col(string(WalkwayNode::Key))
                    .col(string(WalkwayNode::Kind))
                    .col(integer(WalkwayNode::FloorId))
                    .col(integer(WalkwayNode::X))
                    .col(integer(WalkwayNode::Y))
                    .col(integer_null(WalkwayNode::DeskId))
                    .col(integer_null(WalkwayNode::RoomId))
                    .check(one_of(
                        "walkway_node_kind_check",
                        WalkwayNode::Kind,
                        &[
                            "entrance", "lift", "stairs", "ramp", "corridor", "desk", "room",
                        ],
                    ))
                    .check(check(
                        "walkway_node_key_check",
                        Expr::cust("length(trim(key)) > 0"),
                    ))
                    .check(at_most_one_of(
                        "walkway_node_desk_or_room_check",
                        WalkwayNode::DeskId,
                        WalkwayNode::RoomId,
                    ))
                    .foreign_key(&mut fk(
                        WalkwayNode::Table,
                        WalkwayNode::BuildingId,
                        Building::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        WalkwayNode::Table,
                        WalkwayNode::FloorId,
                        Floor::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        WalkwayNode::Table,
                        WalkwayNode::DeskId,
                        Desk::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        WalkwayNode::Table,
                        WalkwayNode::RoomId,
                        Room::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique(
                WalkwayNode::Table,
                [WalkwayNode::BuildingId, WalkwayNode::Key],
            ))
            .await?;
        for column in [
            WalkwayNode::FloorId,
            WalkwayNode::DeskId,
            WalkwayNode::RoomId,
        ] {
            manager
                .create_index(index(WalkwayNode::Table, [column]))
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(WalkwayEdge::Table)
                    .col(pk_auto(WalkwayEdge::Id))
                    .col(integer(WalkwayEdge::FromNodeId))
                    .col(integer(WalkwayEdge::ToNodeId))
                    .col(string(WalkwayEdge::Kind))
                    .check(one_of(
                        "walkway_edge_kind_check",
                        WalkwayEdge::Kind,
                        &["walk", "stairs", "lift", "ramp"],
                    ))
                    .check(check(
                        "walkway_edge_ends_check",
                        Expr::col(WalkwayEdge::FromNodeId).ne(Expr::col(WalkwayEdge::ToNodeId)),
                    ))
                    .foreign_key(&mut fk(
                        WalkwayEdge::Table,
                        WalkwayEdge::FromNodeId,
                        WalkwayNode::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        WalkwayEdge::Table,
                        WalkwayEdge::ToNodeId,
                        WalkwayNode::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique(
                WalkwayEdge::Table,
                [WalkwayEdge::FromNodeId, WalkwayEdge::ToNodeId],
            ))
            .await?;
        manager
            .create_index(index(WalkwayEdge::Table, [WalkwayEdge::ToNodeId]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, [WalkwayEdge::Table]).await?;
        drop_tables(manager, [WalkwayNode::Table]).await?;
        drop_tables(manager, [Walkway::Table]).await
    }
}

#[derive(DeriveIden)]
enum Building {
    Table,
}

#[derive(DeriveIden)]
enum Floor {
    Table,
}

#[derive(DeriveIden)]
enum Desk {
    Table,
}

#[derive(DeriveIden)]
enum Room {
    Table,
}

#[derive(DeriveIden)]
enum Walkway {
    Table,
    BuildingId,
    CmPerUnit,
}

#[derive(DeriveIden)]
enum WalkwayNode {
    Table,
    Id,
    BuildingId,
    Key,
    Kind,
    FloorId,
    X,
    Y,
    DeskId,
    RoomId,
}

#[derive(DeriveIden)]
enum WalkwayEdge {
    Table,
    Id,
    FromNodeId,
    ToNodeId,
    Kind,
}
