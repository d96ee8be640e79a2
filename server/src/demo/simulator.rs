//! The living demo: in demo mode the server plays the demo building's desk sensors itself, so
//! that a new user who opens a floor sees desks taken and freed instead of a plan full of "?".
//!
//! - [`Rhythm`] is pure: when the made-up person of a desk is there on a day, from the day's
//!   bookings of that desk, the local time and a seed. People come between seven and ten, go
//!   for lunch, leave between three and half past six; fewer come on Mondays and Fridays,
//!   hardly anyone at the weekend or at night. A desk booked in advance is used by its person
//!   from before the slot starts, except a share of no-shows ([`NO_SHOW`]) whose booking stays
//!   empty and is released by the no-show release; a desk booked on the day is taken a few
//!   minutes after the booking; a released or cancelled booking leaves the desk empty.
//! - [`Simulator`] is the task. At an external broker, which every instance reaches, one
//!   instance at a time plays ([`Lock::DemoSensors`]; the others stand by and take over within
//!   [`crate::live::LEAD_CHECK`]). An embedded broker is each instance's own, and only the
//!   instance leading the ingestion reads its own: there every instance plays into its own
//!   broker, and what is ingested is the play of the leader alone. Every second it works out who
//!   is where and publishes each change at once, as Zigbee2MQTT messages of the demo sensors
//!   (the payload of [`crate::simulate`]) to the broker the ingestion reads, so they take the
//!   path of real sensors: the live marks, the sensor states, the no-show release. Besides the
//!   changes every sensor repeats its state every [`REPEAT`], and all of them after each
//!   (re)connection, because the ingestion may subscribe a moment later.
//!
//! Only sensors registered as the demo building's Zigbee2MQTT desk sensors
//! ([`super::desk_sensor_key`]) are played, never anything else; outside demo mode the task is
//! not started ([`crate::settings::Settings::plays_demo_sensors`]).

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, Utc};
use chrono_tz::Tz;
use domain::booking::rules::{MIDDAY, local_instant};
use entities::enums::{DeskBookingStatus, Slot};
use entities::{desk, desk_booking, sensor};
use rumqttc::{AsyncClient, Event, Packet, QoS};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use tokio::sync::watch;

use crate::cluster::{Cluster, Lock};

/// Share of the bookings made in advance whose person does not come.
pub const NO_SHOW: f64 = 0.15;

/// How often each sensor repeats its state when nothing changes (radar presence sensors report
/// periodically; the ingestion takes a sensor silent for hours as offline).
pub const REPEAT: Duration = Duration::from_secs(300);

/// After a (re)connection every sensor is announced now and again after these delays: the
/// ingestion may subscribe a moment after the simulator connects.
const ANNOUNCE_AGAIN: [Duration; 2] = [Duration::from_secs(5), Duration::from_secs(30)];

/// How often who is where is worked out.
const ROUND: Duration = Duration::from_secs(1);

/// How often the desks' bookings are read again.
const BOOKINGS_EVERY: Duration = Duration::from_secs(10);

/// How often the played sensors are read again (an administrator may add or move some).
const SENSORS_EVERY: Duration = Duration::from_secs(60);

/// A booking of a desk on the simulated day, as its made-up person keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Booked {
    /// Its id: no-shows are chosen by it.
    pub id: i64,
    /// Morning, afternoon or the whole day.
    pub slot: Slot,
    /// Active, cancelled, released or checked out.
    pub status: DeskBookingStatus,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When its person checked in, if they did.
    pub checked_in_at: Option<DateTime<Utc>>,
    /// When it ended early (checked out), if it did.
    pub ended_at: Option<DateTime<Utc>>,
}

/// A stretch of time somebody sits at a desk: from, until.
pub type Stint = (DateTime<Utc>, DateTime<Utc>);

/// The building's rhythm: who comes when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rhythm {
    /// The building's time zone.
    pub tz: Tz,
    /// When the working day starts (a morning booking's slot).
    pub workday_starts: NaiveTime,
    /// Seed of the made-up choices: the same seed gives the same days.
    pub seed: u64,
}

/// The share of unbooked desks somebody sits at on a weekday (Monday first).
const WALK_IN_BY_DAY: [f64; 7] = [0.5, 0.65, 0.7, 0.6, 0.4, 0.03, 0.02];

fn hm(hour: u32, minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN)
}

/// SplitMix64's mixing step.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rhythm {
    /// A number in `0..1` that depends only on the seed and `parts`.
    fn unit(&self, parts: [u64; 4]) -> f64 {
        let x = parts.iter().fold(mix(self.seed), |x, part| mix(x ^ *part));
        // 53 bits: exact in an f64.
        (x >> 11) as f64 / (1_u64 << 53) as f64
    }

    /// A moment on `day` between the local times `from` and `to`, chosen by `parts`.
    fn between(
        &self,
        day: NaiveDate,
        from: NaiveTime,
        to: NaiveTime,
        parts: [u64; 4],
    ) -> DateTime<Utc> {
        let span = (to - from).num_seconds().max(0) as f64;
        let offset = TimeDelta::seconds((self.unit(parts) * span) as i64);
        local_instant(self.tz, day, from) + offset
    }

    /// When the person of `desk` (any stable number, such as its sensor's id) sits there on
    /// the local `day`, given the desk's bookings of that day.
    pub fn stints(&self, desk: u64, day: NaiveDate, bookings: &[Booked]) -> Vec<Stint> {
        let day_key = u64::try_from(day.num_days_from_ce()).unwrap_or_default();
        let kept: Vec<&Booked> = bookings
            .iter()
            .filter(|b| b.status != DeskBookingStatus::Cancelled)
            .collect();
        if kept.is_empty() {
            return self.walk_in(desk, day, day_key);
        }
        let mut stints = Vec::new();
        for booking in kept {
            let id = booking.id.unsigned_abs();
            let key = |salt: u64| [desk, day_key, id, salt];
            let (starts, leave_from, leave_to) = match booking.slot {
                Slot::Morning => (self.workday_starts, hm(11, 45), hm(12, 45)),
                Slot::Afternoon => (MIDDAY, hm(15, 30), hm(18, 0)),
                Slot::FullDay => (self.workday_starts, hm(15, 30), hm(18, 0)),
            };
            let slot_starts = local_instant(self.tz, day, starts);
            let in_advance = booking.created_at < slot_starts - TimeDelta::minutes(50);
            let came = booking.checked_in_at.is_some()
                || booking.status == DeskBookingStatus::CheckedOut
                || (booking.status != DeskBookingStatus::Released
                    && !(in_advance && self.unit(key(1)) < NO_SHOW));
            if !came {
                continue;
            }
            let mut arrives = if in_advance {
                slot_starts - TimeDelta::minutes(5 + (self.unit(key(2)) * 45.0) as i64)
            } else {
                // Booked on the day: the person is on the way.
                booking.created_at + TimeDelta::seconds(60 + (self.unit(key(2)) * 180.0) as i64)
            };
            if let Some(checked_in) = booking.checked_in_at {
                arrives = arrives.min(checked_in);
            }
            let mut leaves = self.between(day, leave_from, leave_to, key(3));
            if let Some(ended) = booking.ended_at {
                leaves = leaves.min(ended);
            }
            if arrives < leaves {
                stints.push((arrives, leaves));
            }
        }
        stints.sort();
        stints
    }

    /// Somebody without a booking: most unbooked desks are used on a working day, by a person
    /// who stays the whole day (with lunch and perhaps a meeting away), the morning or the
    /// afternoon.
    fn walk_in(&self, desk: u64, day: NaiveDate, day_key: u64) -> Vec<Stint> {
        let key = |salt: u64| [desk, day_key, u64::MAX, salt];
        let weekday = day.weekday().num_days_from_monday() as usize;
        let share = WALK_IN_BY_DAY.get(weekday).copied().unwrap_or(0.0);
        if self.unit(key(10)) >= share {
            return Vec::new();
        }
        let kind = self.unit(key(11));
        let at = |from: (u32, u32), to: (u32, u32), salt: u64| {
            self.between(day, hm(from.0, from.1), hm(to.0, to.1), key(salt))
        };
        if kind < 0.2 {
            return vec![(at((7, 0), (9, 30), 12), at((11, 30), (13, 0), 13))];
        }
        if kind < 0.35 {
            return vec![(at((12, 30), (14, 0), 12), at((16, 0), (18, 30), 13))];
        }
        let arrives = at((7, 0), (9, 45), 12);
        let lunch = at((11, 45), (12, 45), 14);
        let back = lunch + TimeDelta::minutes(25 + (self.unit(key(15)) * 30.0) as i64);
        let leaves = at((15, 0), (18, 30), 13);
        let mut stints = vec![(arrives, lunch)];
        if self.unit(key(16)) < 0.3 {
            let meeting = at((14, 0), (15, 0), 17);
            let returns = meeting + TimeDelta::minutes(30 + (self.unit(key(18)) * 60.0) as i64);
            if meeting < leaves {
                stints.push((back, meeting));
                if returns < leaves {
                    stints.push((returns, leaves));
                }
                return stints;
            }
        }
        stints.push((back, leaves));
        stints
    }

    /// Whether the person of `desk` sits there at `now`.
    pub fn present(&self, desk: u64, now: DateTime<Utc>, bookings: &[Booked]) -> bool {
        let day = now.with_timezone(&self.tz).date_naive();
        self.stints(desk, day, bookings)
            .iter()
            .any(|(from, until)| *from <= now && now < *until)
    }
}

/// The simulated clock: the real one, or faster from the moment the simulation started.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    started: DateTime<Utc>,
    pace: u32,
}

impl Clock {
    /// A clock that runs `pace` times as fast as the real one from `started` on.
    pub fn new(started: DateTime<Utc>, pace: u32) -> Clock {
        Clock {
            started,
            pace: pace.max(1),
        }
    }

    /// The simulated time at the real time `now`.
    pub fn at(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        if self.pace == 1 {
            return now;
        }
        let elapsed = (now - self.started).num_milliseconds().max(0);
        let scaled = elapsed.saturating_mul(i64::from(self.pace));
        TimeDelta::try_milliseconds(scaled)
            .and_then(|ahead| self.started.checked_add_signed(ahead))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }
}

/// One played sensor.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Played {
    sensor_id: i32,
    desk_id: i32,
    topic: String,
    blocked: bool,
}

/// What a sensor last said, and when it speaks again without a change.
#[derive(Debug, Clone, Copy)]
struct Said {
    present: bool,
    next: tokio::time::Instant,
}

/// The task that plays the demo building's desk sensors (see the module's documentation).
#[derive(Debug, Clone)]
pub struct Simulator {
    /// Who plays: one instance at a time.
    pub cluster: Cluster,
    /// The database: the sensors and the bookings.
    pub db: DatabaseConnection,
    /// The broker the ingestion reads, with its login.
    pub mqtt: sensors::MqttSettings,
    /// Whether that broker is shared by the instances (an external one): then one instance at a
    /// time plays. An embedded broker is the instance's own.
    pub shared_broker: bool,
    /// The Zigbee2MQTT base topic of the demo sensors.
    pub base: String,
    /// How people come and go.
    pub rhythm: Rhythm,
    /// How many times faster than the clock the day passes.
    pub pace: u32,
}

impl Simulator {
    /// Plays whenever this instance may, until `stopping` turns `true`.
    pub async fn run(self, mut stopping: watch::Receiver<bool>) {
        let options = match crate::simulate::mqtt_options(&self.mqtt, "demo-sensors") {
            Ok(options) => options,
            Err(err) => {
                tracing::warn!(error = %err, "the demo's sensors are not played");
                let _stopped = stopping.wait_for(|stop| *stop).await;
                return;
            }
        };
        if !self.shared_broker {
            tracing::info!(
                pace = self.pace,
                "this instance plays the demo building's desk sensors (into its own broker)"
            );
            self.play(options, None, stopping).await;
            return;
        }
        let mut said_standing_by = false;
        loop {
            let held = loop {
                match self.cluster.try_lock(Lock::DemoSensors).await {
                    Ok(Some(held)) => break held,
                    Ok(None) if !said_standing_by => {
                        tracing::info!(
                            "another instance plays the demo building's desk sensors; this one stands by"
                        );
                        said_standing_by = true;
                    }
                    Ok(None) => {}
                    Err(err) => {
                        tracing::warn!(error = %err, "cannot ask whether to play the demo's sensors")
                    }
                }
                tokio::select! {
                    () = tokio::time::sleep(crate::live::LEAD_CHECK) => {}
                    () = stopped(&mut stopping) => return,
                }
            };
            if *stopping.borrow() {
                held.release().await;
                return;
            }
            tracing::info!(
                pace = self.pace,
                "this instance plays the demo building's desk sensors"
            );
            self.play(options.clone(), Some(held), stopping.clone())
                .await;
            if *stopping.borrow() {
                return;
            }
        }
    }

    /// Plays until the stop, or while `held` (if any) holds; then lets go of the lock.
    async fn play(
        &self,
        options: rumqttc::MqttOptions,
        mut held: Option<crate::cluster::Held>,
        mut stopping: watch::Receiver<bool>,
    ) {
        let (client, eventloop) = AsyncClient::new(options, 1024);
        let (connected_tx, mut connected) = watch::channel(0_u64);
        let connection = tokio::spawn(drive(eventloop, connected_tx));
        let clock = Clock::new(Utc::now(), self.pace);
        let mut sensors: Vec<Played> = Vec::new();
        let mut bookings: HashMap<i32, Vec<Booked>> = HashMap::new();
        let mut bookings_day = None;
        let mut ended: HashMap<i64, DateTime<Utc>> = HashMap::new();
        let mut said: HashMap<i32, Said> = HashMap::new();
        let start = tokio::time::Instant::now();
        let (mut sensors_read, mut bookings_read) = (start, start);
        let mut announce: Vec<tokio::time::Instant> = Vec::new();
        let mut round = tokio::time::interval(ROUND);
        round.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut check = tokio::time::interval(crate::live::LEAD_CHECK);
        check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = stopped(&mut stopping) => break,
                _ = check.tick() => {
                    if let Some(held) = held.as_mut()
                        && !held.alive().await
                    {
                        tracing::warn!("lost the lead of the demo's sensors (the database is gone)");
                        break;
                    }
                }
                changed = connected.changed() => {
                    if changed.is_err() {
                        break;
                    }
                    let now = tokio::time::Instant::now();
                    announce = std::iter::once(now)
                        .chain(ANNOUNCE_AGAIN.iter().map(|after| now + *after))
                        .collect();
                }
                _ = round.tick() => {
                    let now = tokio::time::Instant::now();
                    if sensors.is_empty() || now >= sensors_read {
                        match played_sensors(&self.db, &self.base).await {
                            Ok(read) => sensors = read,
                            Err(err) => tracing::warn!(error = %err, "cannot read the demo's sensors"),
                        }
                        sensors_read = now + SENSORS_EVERY;
                    }
                    let real = Utc::now();
                    let simulated = clock.at(real);
                    let day = simulated.with_timezone(&self.rhythm.tz).date_naive();
                    if bookings_day != Some(day) || now >= bookings_read {
                        match day_bookings(&self.db, day, &mut ended, real).await {
                            Ok(read) => {
                                bookings = read;
                                bookings_day = Some(day);
                            }
                            Err(err) => tracing::warn!(error = %err, "cannot read the demo's bookings"),
                        }
                        bookings_read = now + BOOKINGS_EVERY;
                    }
                    let everyone = announce.first().is_some_and(|at| now >= *at);
                    if everyone {
                        announce.remove(0);
                    }
                    let mut sent = 0_usize;
                    for (index, played) in sensors.iter().enumerate() {
                        let desk_bookings = bookings.get(&played.desk_id).map(Vec::as_slice).unwrap_or_default();
                        let present = !played.blocked
                            && self.rhythm.present(
                                u64::try_from(played.sensor_id).unwrap_or_default(),
                                simulated,
                                desk_bookings,
                            );
                        let last = said.get(&played.sensor_id).copied();
                        let due = everyone
                            || last.is_none_or(|last| last.present != present || now >= last.next);
                        if !due {
                            continue;
                        }
                        let payload = crate::simulate::payload(
                            present,
                            crate::simulate::link_quality(index),
                            real,
                        );
                        if client
                            .try_publish(played.topic.clone(), QoS::AtLeastOnce, false, payload)
                            .is_ok()
                        {
                            sent += 1;
                            // The repeats of the sensors are spread over the period.
                            let spread = REPEAT.mul_f64(0.5 + (index % 97) as f64 / 194.0);
                            said.insert(played.sensor_id, Said { present, next: now + spread });
                        }
                    }
                    if sent > 0 {
                        tracing::debug!(sent, "demo sensor messages published");
                    }
                }
            }
        }
        let _disconnected = client.try_disconnect();
        connection.abort();
        if let Some(held) = held {
            held.release().await;
        }
    }
}

/// Resolves once `stopping` turns `true` (holding nothing across awaits).
async fn stopped(stopping: &mut watch::Receiver<bool>) {
    let _stopped = stopping.wait_for(|stop| *stop).await;
}

/// Polls the MQTT event loop (which connects again after a failure, here after a short wait),
/// counting the connections in `connected`.
async fn drive(mut eventloop: rumqttc::EventLoop, connected: watch::Sender<u64>) {
    let mut lost = false;
    let mut wait = Duration::from_millis(500);
    loop {
        match eventloop.poll().await {
            Ok(Event::Incoming(Packet::ConnAck(_))) => {
                if lost {
                    tracing::info!("the demo's sensors reach the MQTT broker again");
                }
                lost = false;
                wait = Duration::from_millis(500);
                connected.send_modify(|count| *count += 1);
            }
            Ok(_) => {}
            Err(err) => {
                if !lost {
                    tracing::warn!(error = %err, "the demo's sensors cannot reach the MQTT broker; trying again");
                }
                lost = true;
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(5));
            }
        }
    }
}

/// The demo building's registered Zigbee2MQTT desk sensors behind `base`, by sensor id.
async fn played_sensors(db: &DatabaseConnection, base: &str) -> Result<Vec<Played>, DbErr> {
    let prefix = super::desk_sensor_key(base, "");
    let rows = sensor::Entity::find()
        .filter(sensor::Column::DeskId.is_not_null())
        .filter(sensor::Column::DeviceKey.starts_with(&prefix))
        .all(db)
        .await?;
    let blocked: HashMap<i32, bool> = desk::Entity::find()
        .filter(desk::Column::Id.is_in(rows.iter().filter_map(|s| s.desk_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.blocked))
        .collect();
    let mut played: Vec<Played> = rows
        .into_iter()
        .filter_map(|s| {
            let label = s.device_key.strip_prefix(&prefix)?;
            let desk_id = s.desk_id?;
            Some(Played {
                sensor_id: s.id,
                desk_id,
                topic: format!("{base}/desks/{label}"),
                blocked: blocked.get(&desk_id).copied().unwrap_or(false),
            })
        })
        .collect();
    played.sort_by_key(|p| p.sensor_id);
    Ok(played)
}

/// The bookings of `day` by desk. A booking checked out without a time of its own ends when it
/// was first seen checked out (`ended` keeps those times).
async fn day_bookings(
    db: &DatabaseConnection,
    day: NaiveDate,
    ended: &mut HashMap<i64, DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<HashMap<i32, Vec<Booked>>, DbErr> {
    let rows = desk_booking::Entity::find()
        .filter(desk_booking::Column::Day.eq(day))
        .all(db)
        .await?;
    ended.retain(|id, _| rows.iter().any(|b| b.id == *id));
    let mut by_desk: HashMap<i32, Vec<Booked>> = HashMap::new();
    for b in rows {
        let ended_at = match b.status {
            DeskBookingStatus::CheckedOut => Some(*ended.entry(b.id).or_insert(now)),
            _ => None,
        };
        by_desk.entry(b.desk_id).or_default().push(Booked {
            id: b.id,
            slot: b.slot,
            status: b.status,
            created_at: b.created_at,
            checked_in_at: b.checked_in_at,
            ended_at,
        });
    }
    Ok(by_desk)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TZ: Tz = chrono_tz::Europe::Berlin;

    fn rhythm() -> Rhythm {
        Rhythm {
            tz: TZ,
            workday_starts: hm(8, 0),
            seed: 7,
        }
    }

    fn local(day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
        local_instant(TZ, day, hm(hour, minute))
    }

    /// Wednesday, 2 December 2026.
    fn wednesday() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 2).unwrap_or_default()
    }

    fn booked(id: i64, slot: Slot, created_at: DateTime<Utc>) -> Booked {
        Booked {
            id,
            slot,
            status: DeskBookingStatus::Active,
            created_at,
            checked_in_at: None,
            ended_at: None,
        }
    }

    /// How many of 1,000 unbooked desks are taken at a local time of `day`.
    fn taken_at(day: NaiveDate, hour: u32, minute: u32) -> usize {
        let r = rhythm();
        (0..1_000)
            .filter(|desk| r.present(*desk, local(day, hour, minute), &[]))
            .count()
    }

    #[test]
    fn the_building_fills_in_the_morning_thins_at_lunch_and_empties_at_night() {
        let day = wednesday();
        let night = taken_at(day, 3, 0);
        let early = taken_at(day, 7, 15);
        let morning = taken_at(day, 10, 30);
        let lunch = taken_at(day, 12, 50);
        let afternoon = taken_at(day, 14, 0);
        let evening = taken_at(day, 19, 0);
        assert_eq!(night, 0);
        assert_eq!(evening, 0);
        assert!(early < morning / 2, "{early} early, {morning} mid-morning");
        assert!(
            lunch < morning * 3 / 4,
            "{lunch} at lunch, {morning} mid-morning"
        );
        assert!(
            afternoon > lunch,
            "{afternoon} after lunch, {lunch} at lunch"
        );
        assert!(
            (450..=800).contains(&morning),
            "{morning} of 1000 mid-morning"
        );
    }

    #[test]
    fn hardly_anyone_comes_at_the_weekend_and_fewer_on_friday() {
        let saturday = wednesday() + TimeDelta::days(3);
        let friday = wednesday() + TimeDelta::days(2);
        assert!(taken_at(saturday, 10, 30) < 60);
        assert!(taken_at(friday, 10, 30) < taken_at(wednesday(), 10, 30));
    }

    #[test]
    fn a_desk_booked_in_advance_is_used_before_the_grace_ends_except_by_no_shows() {
        let day = wednesday();
        let r = rhythm();
        let the_evening_before = local(day, 18, 0) - TimeDelta::days(1);
        let mut came = 0;
        for id in 0..1_000 {
            let bookings = [booked(id, Slot::FullDay, the_evening_before)];
            let desk = u64::try_from(id).unwrap_or_default();
            // The no-show release looks at 08:30 (30 minutes of grace after 08:00).
            let there = r.present(desk, local(day, 8, 25), &bookings);
            assert_eq!(there, r.present(desk, local(day, 11, 0), &bookings));
            assert!(!r.present(desk, local(day, 21, 0), &bookings));
            came += usize::from(there);
        }
        let no_shows = 1_000 - came;
        assert!(
            (100..=200).contains(&no_shows),
            "{no_shows} no-shows of 1000"
        );
    }

    #[test]
    fn a_desk_booked_on_the_day_is_taken_within_minutes_and_kept() {
        let day = wednesday();
        let r = rhythm();
        for id in 0..200 {
            let at = local(day, 10, 7);
            let bookings = [booked(id, Slot::FullDay, at)];
            let desk = u64::try_from(id).unwrap_or_default();
            assert!(!r.present(desk, at, &bookings), "not there before booking");
            assert!(r.present(desk, at + TimeDelta::minutes(5), &bookings));
            assert!(
                r.present(desk, local(day, 13, 0), &bookings),
                "no lunch away"
            );
        }
    }

    #[test]
    fn released_and_cancelled_bookings_and_check_outs_leave_the_desk_as_they_say() {
        let day = wednesday();
        let r = rhythm();
        let before = local(day, 7, 0) - TimeDelta::days(1);
        let released = Booked {
            status: DeskBookingStatus::Released,
            ..booked(1, Slot::Morning, before)
        };
        assert!(
            r.stints(1, day, &[released]).is_empty(),
            "a no-show stays away"
        );
        // A cancelled booking leaves the desk to anyone, as if it were not booked.
        let cancelled = Booked {
            status: DeskBookingStatus::Cancelled,
            ..booked(2, Slot::Morning, before)
        };
        assert_eq!(r.stints(2, day, &[cancelled]), r.stints(2, day, &[]));
        let out = local(day, 10, 0);
        let checked_out = Booked {
            status: DeskBookingStatus::CheckedOut,
            checked_in_at: Some(local(day, 7, 50)),
            ended_at: Some(out),
            ..booked(3, Slot::FullDay, before)
        };
        assert!(r.present(3, local(day, 9, 0), &[checked_out]));
        assert!(!r.present(3, out, &[checked_out]));
    }

    #[test]
    fn the_same_seed_gives_the_same_day_and_another_seed_another() {
        let day = wednesday();
        let a: Vec<Vec<Stint>> = (0..50).map(|d| rhythm().stints(d, day, &[])).collect();
        let b: Vec<Vec<Stint>> = (0..50).map(|d| rhythm().stints(d, day, &[])).collect();
        let other = Rhythm {
            seed: 8,
            ..rhythm()
        };
        let c: Vec<Vec<Stint>> = (0..50).map(|d| other.stints(d, day, &[])).collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn a_faster_clock_runs_from_its_start() {
        let start = local(wednesday(), 9, 0);
        let real = Clock::new(start, 1);
        let fast = Clock::new(start, 1_440);
        let later = start + TimeDelta::seconds(30);
        assert_eq!(real.at(later), later);
        assert_eq!(fast.at(later), start + TimeDelta::hours(12));
        assert_eq!(fast.at(start - TimeDelta::seconds(5)), start);
    }
}
