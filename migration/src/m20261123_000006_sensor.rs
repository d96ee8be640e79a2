//! Occupancy sensors, their debounced state and their raw events.
//!
//! A sensor watches at most one desk or one room (`sensor_bound_to_one_place_check`), or nothing
//! yet (registered but not placed). `sensor_event` keeps raw messages briefly, for diagnosis;
//! a retention job deletes old rows by `received_at`.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{at_most_one_of, check, created_now, drop_tables, fk, index, one_of};

/// Creates `sensor`, `sensor_state` and `sensor_event`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Sensor::Table)
                    .col(pk_auto(Sensor::Id))
                    .col(string_uniq(Sensor::DeviceKey))
                    .col(string(Sensor::Model))
                    .col(string(Sensor::Protocol))
                    .col(integer_null(Sensor::DeskId))
                    .col(integer_null(Sensor::RoomId))
                    .col(integer_null(Sensor::BatteryPct))
                    .col(timestamp_with_time_zone_null(Sensor::LastSeenAt))
                    .col(created_now(manager, Sensor::CreatedAt))
                    .check(one_of(
                        "sensor_protocol_check",
                        Sensor::Protocol,
                        &[
                            "zigbee2mqtt",
                            "ttn_v3",
                            "chirpstack_v4",
                            "home_assistant",
                            "generic",
                        ],
                    ))
                    .check(at_most_one_of(
                        "sensor_bound_to_one_place_check",
                        Sensor::DeskId,
                        Sensor::RoomId,
                    ))
                    .check(check(
                        "sensor_battery_pct_check",
                        Expr::col(Sensor::BatteryPct)
                            .is_null()
                            .or(Expr::col(Sensor::BatteryPct).between(0, 100)),
                    ))
                    .foreign_key(&mut fk(
                        Sensor::Table,
                        Sensor::DeskId,
                        Desk::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        Sensor::Table,
                        Sensor::RoomId,
                        Room::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(Sensor::Table, [Sensor::DeskId]))
            .await?;
        manager
            .create_index(index(Sensor::Table, [Sensor::RoomId]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SensorState::Table)
                    .col(integer(SensorState::SensorId).primary_key())
                    .col(string(SensorState::State).default("unknown"))
                    .col(timestamp_with_time_zone(SensorState::ChangedAt))
                    .col(timestamp_with_time_zone_null(SensorState::LastMessageAt))
                    .check(one_of(
                        "sensor_state_state_check",
                        SensorState::State,
                        &["occupied", "vacant", "unknown"],
                    ))
                    .foreign_key(&mut fk(
                        SensorState::Table,
                        SensorState::SensorId,
                        Sensor::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SensorEvent::Table)
                    .col(big_pk_auto(SensorEvent::Id))
                    .col(integer(SensorEvent::SensorId))
                    .col(boolean_null(SensorEvent::Occupied))
                    .col(timestamp_with_time_zone(SensorEvent::ReceivedAt))
                    .foreign_key(&mut fk(
                        SensorEvent::Table,
                        SensorEvent::SensorId,
                        Sensor::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(SensorEvent::Table, [SensorEvent::ReceivedAt]))
            .await?;
        manager
            .create_index(index(
                SensorEvent::Table,
                [SensorEvent::SensorId, SensorEvent::ReceivedAt],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                SensorEvent::Table.into_iden(),
                SensorState::Table.into_iden(),
                Sensor::Table.into_iden(),
            ],
        )
        .await
    }
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
enum Sensor {
    Table,
    Id,
    DeviceKey,
    Model,
    Protocol,
    DeskId,
    RoomId,
    BatteryPct,
    LastSeenAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SensorState {
    Table,
    SensorId,
    State,
    ChangedAt,
    LastMessageAt,
}

#[derive(DeriveIden)]
enum SensorEvent {
    Table,
    Id,
    SensorId,
    Occupied,
    ReceivedAt,
}
