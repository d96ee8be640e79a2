//! The `room_reservation_quarter` table: a 15-minute cell claimed by an active room reservation,
//! buffers included. The unique index on `(room_id, quarter)` refuses overlaps.

use sea_orm::entity::prelude::*;

/// A row of `room_reservation_quarter`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "room_reservation_quarter")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub reservation_id: i64,
    /// Copied from the reservation.
    pub room_id: i32,
    /// Index of the cell: minutes since the Unix epoch (UTC) divided by 15.
    #[sea_orm(primary_key, auto_increment = false)]
    pub quarter: i64,
}

/// How `room_reservation_quarter` relates to other tables.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `room_reservation_quarter.reservation_id` → `room_reservation.id`.
    #[sea_orm(
        belongs_to = "super::room_reservation::Entity",
        from = "Column::ReservationId",
        to = "super::room_reservation::Column::Id",
        on_update = "Cascade",
        on_delete = "Cascade"
    )]
    Reservation,
    /// `room_reservation_quarter.room_id` → `room.id`.
    #[sea_orm(
        belongs_to = "super::room::Entity",
        from = "Column::RoomId",
        to = "super::room::Column::Id",
        on_update = "Cascade",
        on_delete = "Restrict"
    )]
    Room,
}

impl Related<super::room_reservation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Reservation.def()
    }
}

impl Related<super::room::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Room.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

/// Length of a cell in minutes.
pub const QUARTER_MINUTES: i64 = 15;

const QUARTER_MILLIS: i64 = QUARTER_MINUTES * 60 * 1000;

/// The index of the cell holding `at`.
pub fn quarter_of(at: DateTimeUtc) -> i64 {
    at.timestamp_millis().div_euclid(QUARTER_MILLIS)
}

/// The cells a reservation from `starts_at` to `ends_at` claims in a room with the given
/// buffers: every cell that the widened range `[starts_at - before, ends_at + after)` touches.
/// Back-to-back reservations without buffers share no cell.
pub fn cells(
    starts_at: DateTimeUtc,
    ends_at: DateTimeUtc,
    buffer_before_min: i32,
    buffer_after_min: i32,
) -> std::ops::Range<i64> {
    let minute = 60 * 1000;
    let from = starts_at
        .timestamp_millis()
        .saturating_sub(i64::from(buffer_before_min) * minute);
    let to = ends_at
        .timestamp_millis()
        .saturating_add(i64::from(buffer_after_min) * minute);
    let first = from.div_euclid(QUARTER_MILLIS);
    let last = to.div_euclid(QUARTER_MILLIS) + i64::from(to.rem_euclid(QUARTER_MILLIS) != 0);
    first..last
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn at(hour: u32, minute: u32) -> DateTimeUtc {
        Utc.with_ymd_and_hms(2026, 11, 24, hour, minute, 0).unwrap()
    }

    #[test]
    fn an_hour_on_the_grid_claims_four_cells() {
        let cells = cells(at(10, 0), at(11, 0), 0, 0);
        assert_eq!(cells.start, quarter_of(at(10, 0)));
        assert_eq!(cells.end - cells.start, 4);
    }

    #[test]
    fn back_to_back_reservations_share_no_cell() {
        let first = cells(at(10, 0), at(11, 0), 0, 0);
        let second = cells(at(11, 0), at(12, 0), 0, 0);
        assert_eq!(first.end, second.start);
    }

    #[test]
    fn buffers_and_times_off_the_grid_widen_to_whole_cells() {
        let cells = cells(at(10, 5), at(10, 50), 5, 10);
        assert_eq!(cells.start, quarter_of(at(10, 0)));
        assert_eq!(cells.end, quarter_of(at(11, 0)));
    }

    #[test]
    fn the_cell_index_is_minutes_since_the_epoch_over_fifteen() {
        let epoch = Utc.timestamp_opt(0, 0).unwrap();
        assert_eq!(quarter_of(epoch), 0);
        assert_eq!(quarter_of(at(0, 0)), at(0, 0).timestamp() / 60 / 15);
    }
}
