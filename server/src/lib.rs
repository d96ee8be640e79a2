//! The `platzwahl` server: configuration, start-up, the web router, the embedded MQTT broker
//! and the demo building.
//!
//! # Layout
//! - [`settings`]: the one typed settings struct (file + `PLATZWAHL_` environment).
//! - [`database`]: connecting and migrating.
//! - [`cluster`]: several instances on one PostgreSQL database: advisory locks for what must
//!   happen once, `LISTEN`/`NOTIFY` for what every instance must learn.
//! - [`broker`]: the embedded MQTT broker.
//! - [`web`]: the axum router (Leptos pages, server functions, health checks).
//! - [`api`]: the versioned JSON API and its OpenAPI document; [`api::input`] holds the
//!   extractors that answer bad JSON, path and query input with a problem document.
//! - [`demo`]: the demo building, seeded idempotently.
//! - [`directory`]: directory sync (LDAP): reading, the command line, the schedule.
//! - [`fanout`]: live changes to this instance's open streams.
//! - [`displays`]: door and floor displays for device tokens of scope `display`, kept current
//!   by server-sent events.
//! - [`live`]: the sensor pipeline (registry, presence, `sensor_state`, live changes).
//! - [`simulate`]: Zigbee2MQTT traffic for the demo building's sensors.
//! - [`auth`]: passkeys, sessions, tokens and the layer that resolves every request's caller.
//! - [`checkin`]: badge readers over MQTT.
//! - [`people`]: the command line's people and invitation links (over [`domain::people`]).
//! - [`headers`]: the security headers of every response.
//! - [`pwa`]: the installable web app: its manifest and the service worker that keeps one's
//!   bookings and the check-in pages usable offline.
//! - [`problem`]: RFC 9457 problem documents of the API.
//! - [`release`]: releasing bookings nobody checked in to.
//! - [`mail`]: sending the e-mail notifications queued in the database (`[mail]`).
//! - [`push`]: sending the web push notifications queued in the database (`[push]`).
//! - [`supervise`]: the background tasks, started again after a failure.
//! - [`metrics`]: `/metrics` in the Prometheus text format, on a listener of its own.
//! - [`run`]: starts everything, owns the background tasks and serves until shutdown.

pub mod api;
pub mod auth;
pub mod broker;
pub mod checkin;
pub mod cluster;
pub mod database;
pub mod day_allocation;
pub mod demo;
pub mod directory;
pub mod displays;
pub mod fanout;
pub mod headers;
pub mod live;
pub mod mail;
pub mod metrics;
pub mod people;
pub mod problem;
pub mod push;
pub mod pwa;
pub mod release;
pub mod reporting;
pub mod settings;
pub mod simulate;
pub mod supervise;
pub mod web;
pub mod zone_plans;

use std::future::Future;
use std::time::Duration;

use leptos::config::LeptosOptions;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};

use crate::settings::{Broker, Settings};

/// Starts Platzwahl: migrates the database, seeds the demo building in demo mode, starts the
/// embedded broker if no external one is set, and serves on `listener` until `shutdown`; then
/// waits for its background tasks (sensor ingestion, badge check-ins, no-show release, day
/// allocation, reports and retention) to end. A background task that ends or panics while
/// serving is started again after a back-off ([`supervise`]), and `/readyz` reports it
/// meanwhile.
pub async fn run(
    settings: Settings,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    // Bound first: a listener that cannot be had stops the start, before anything runs; and
    // the recorder is installed before anything is counted.
    let metrics_listener = match settings.metrics_listen {
        Some(addr) => Some((
            TcpListener::bind(addr)
                .await
                .map_err(|err| anyhow::anyhow!("metrics_listen: cannot listen on {addr}: {err}"))?,
            metrics::recorder(),
        )),
        None => None,
    };
    let db = database::connect(&settings).await?;
    let cluster = cluster::Cluster::new(&db);
    // Instances starting together migrate and seed one after the other.
    let migrating = cluster.lock(cluster::Lock::Migrate).await?;
    if settings.migrate {
        database::migrate_up(&db).await?;
    } else {
        database::ensure_migrated(&db).await?;
    }
    if settings.demo {
        let report = demo::seed(&db, settings.sensors.demo_zigbee2mqtt_base()).await?;
        tracing::info!(
            created = report.created,
            desks = report.desks,
            rooms = report.rooms,
            "demo building ready"
        );
    }
    migrating.release().await;
    let broker = settings.broker()?;
    // The sensors' broker as the ingestion reaches it; at the embedded broker with logins,
    // the ingestion uses a login of its own, made now and known to nobody else.
    let mut mqtt = settings.mqtt();
    if let Broker::Embedded(listen) = broker {
        let access = broker::Access::new(settings.mqtt_embedded_anonymous(), db.clone())
            .map_err(|err| anyhow::anyhow!("the embedded broker's login: {err}"))?;
        if !access.anonymous {
            mqtt.username = Some(access.internal.0.clone());
            mqtt.password = Some(sensors::Password::new(&access.internal.1));
        }
        broker::start(listen, access)?;
    }

    // Shutdown reaches the web server, the open live streams, the jobs and the sensor
    // ingestion. Every background task is in `tasks`: start-up owns them, they are started
    // again after a failure, and `run` returns only when they have ended.
    let (stopping_tx, stopping) = watch::channel(false);
    let mut tasks = supervise::Supervisor::new(stopping.clone());
    let live = fanout::Fanout::default();
    tasks.spawn("live-fanout", {
        let (live, db, stopping) = (live.clone(), db.clone(), stopping.clone());
        move || live.clone().run(db.clone(), stopping.clone())
    });
    // What one instance learns (sensor changes, vacated desks, a changed sensor registry)
    // reaches every instance: over PostgreSQL, or in the process on SQLite.
    let vacated = std::sync::Arc::new(tokio::sync::Notify::new());
    let registry_changed = std::sync::Arc::new(tokio::sync::Notify::new());
    // The building's topology, kept for every request and job; read now, so that a building
    // with an unknown time zone stops the start with a clear message.
    let topology = domain::topology::TopologyCache::default();
    topology.get(&db).await?;
    let bus = cluster::Bus::new(
        &db,
        cluster::Receivers {
            live: live.clone(),
            vacated: std::sync::Arc::clone(&vacated),
            registry_changed: std::sync::Arc::clone(&registry_changed),
            topology: topology.clone(),
        },
    );
    tasks.spawn("signals", {
        let (bus, stopping) = (bus.clone(), stopping.clone());
        move || bus.clone().listen(stopping.clone())
    });
    tasks.spawn("topology-changes", {
        let (bus, topology, stopping) = (bus.clone(), topology.clone(), stopping.clone());
        move || {
            bus.clone()
                .announce_topology_changes(topology.clone(), stopping.clone())
        }
    });
    let registry = live::Registry::load(&db, &topology).await?;
    tracing::info!(sensors = registry.len(), "sensor registry loaded");
    let (badges_tx, badges_rx) = mpsc::channel(checkin::BADGE_BUFFER);
    let badges_rx: checkin::Badges = std::sync::Arc::new(tokio::sync::Mutex::new(badges_rx));
    tasks.spawn("badges", {
        let (db, stopping) = (db.clone(), stopping.clone());
        move || {
            checkin::run(
                db.clone(),
                std::sync::Arc::clone(&badges_rx),
                stopping.clone(),
            )
        }
    });
    // What bookings are checked against: read once now, then kept for a moment at a time;
    // shared by the API, the pages and the release of no-shows.
    let facts = domain::booking::FactsCache::default();
    facts.get(&db).await?;
    // No-shows: looked for periodically, and at once when a desk's sensor turns empty.
    tasks.spawn("release", {
        let (db, cluster, facts, stopping) =
            (db.clone(), cluster.clone(), facts.clone(), stopping.clone());
        let workday_starts = settings.booking.workday_start()?;
        let room_grace = i64::from(settings.booking.room_checkin_grace_min);
        let every = Duration::from_secs(settings.booking.release_sweep_secs.max(1));
        move || {
            release::run(
                db.clone(),
                cluster.clone(),
                facts.clone(),
                workday_starts,
                room_grace,
                every,
                std::sync::Arc::clone(&vacated),
                stopping.clone(),
            )
        }
    });
    // The day allocation: every day whose requests have closed is allocated.
    let requests_close = settings.booking.requests_close()?;
    tasks.spawn("day-allocation", {
        let (db, facts, stopping) = (db.clone(), facts.clone(), stopping.clone());
        let policy = settings.booking.allocation_policy();
        let every = Duration::from_secs(settings.booking.allocation_sweep_secs.max(1));
        move || {
            day_allocation::run(
                db.clone(),
                facts.clone(),
                requests_close,
                policy,
                every,
                stopping.clone(),
            )
        }
    });
    // Home-zone plans apply on their first day, once every organisation consented.
    tasks.spawn("zone-plans", {
        let (db, topology, bus, stopping) =
            (db.clone(), topology.clone(), bus.clone(), stopping.clone());
        let every = Duration::from_secs(settings.booking.allocation_sweep_secs.max(1));
        move || {
            zone_plans::run(
                db.clone(),
                topology.clone(),
                bus.clone(),
                every,
                stopping.clone(),
            )
        }
    });
    // Hourly occupancy per zone for the reports, from the raw events before they expire; and
    // past bookings anonymised after their retention.
    tasks.spawn("reporting", {
        let (db, cluster, stopping) = (db.clone(), cluster.clone(), stopping.clone());
        let retention = reporting::Retention {
            anonymise_after_days: settings.privacy.anonymise_after_days,
            audit_keep_days: settings.privacy.audit_keep_days,
            notification_keep_days: settings.privacy.notification_keep_days,
        };
        move || {
            reporting::run(
                db.clone(),
                cluster.clone(),
                Duration::from_secs(300),
                retention,
                stopping.clone(),
            )
        }
    });
    // Directory syncs (LDAP) of the organisations with a schedule: one instance at a time.
    if settings
        .directories
        .iter()
        .any(|d| d.interval_min.is_some())
    {
        tasks.spawn("directory-sync", {
            let (db, cluster, topology, stopping) = (
                db.clone(),
                cluster.clone(),
                topology.clone(),
                stopping.clone(),
            );
            let directories = settings.directories.clone();
            move || {
                directory::schedule::run(
                    db.clone(),
                    cluster.clone(),
                    topology.clone(),
                    directories.clone(),
                    stopping.clone(),
                )
            }
        });
    }
    // In demo mode the server plays the demo building's desk sensors (unless switched off),
    // one instance at a time, through the broker the ingestion reads.
    if settings.plays_demo_sensors() {
        let simulator = demo::simulator::Simulator {
            cluster: cluster.clone(),
            db: db.clone(),
            mqtt: mqtt.clone(),
            shared_broker: matches!(broker, Broker::External { .. }),
            base: settings.sensors.demo_zigbee2mqtt_base().to_owned(),
            rhythm: demo::simulator::Rhythm {
                tz: domain::topology::DEFAULT_TZ,
                workday_starts: settings.booking.workday_start()?,
                seed: 1,
            },
            pace: settings.demo_sensors.pace(),
        };
        tasks.spawn("demo-sensors", {
            let stopping = stopping.clone();
            move || simulator.clone().run(stopping.clone())
        });
    } else if settings.demo {
        tracing::info!("the demo's sensors are not played (demo_sensors.simulate is off)");
    }
    // The sensors: one instance at a time ingests them.
    let ingestion = live::Ingestion {
        cluster,
        mqtt,
        decoder: settings.sensors.decoder.clone(),
        pass_through: vec![settings.sensors.badge_pattern()?],
        pipeline: live::Pipeline {
            db: db.clone(),
            registry,
            policy: settings.sensors.presence,
            retention: Duration::from_secs(u64::from(settings.sensors.retention_hours) * 3600),
            bus: bus.clone(),
            badges: badges_tx,
            registry_changed,
            topology: topology.clone(),
        },
    };
    ingestion.check()?;
    tasks.spawn("sensor-ingestion", {
        let stopping = stopping.clone();
        move || ingestion.clone().run(stopping.clone())
    });

    // `/metrics`, on its own listener; it ends with the stop signal.
    let metrics_served = match metrics_listener {
        Some((metrics_listener, Some(handle))) => {
            tracing::info!(addr = %metrics_listener.local_addr()?, "metrics are served at /metrics");
            Some(tokio::spawn(metrics::serve(
                metrics_listener,
                handle,
                db.clone(),
                live.clone(),
                stopping.clone(),
            )))
        }
        _ => None,
    };

    let addr = listener.local_addr()?;
    let auth = auth::AuthState::new(&settings.auth, settings.public_url(addr)?, addr.port())?;
    tracing::info!(public_url = %auth.public_url(), "passkeys are bound to the public URL");
    let leptos = LeptosOptions::builder()
        .output_name("platzwahl")
        .site_root(settings.site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build();
    let sso = auth::oidc::Sso::new(&settings.oidc)?;
    let app = domain::AppContext {
        db,
        demo: settings.demo,
        public_url: auth.public_url().as_str().trim_end_matches('/').to_owned(),
        facts,
        requests_close,
        reports: settings.reports.to_service(),
        processing: settings.processing_record(),
        accessibility_contact: settings
            .web
            .accessibility_contact
            .clone()
            .filter(|contact| !contact.trim().is_empty()),
        allocation_policy: settings.booking.allocation_policy(),
        topology,
        invitation_validity: chrono::Duration::from_std(auth.invitation_validity())
            .unwrap_or_else(|_| chrono::Duration::days(14)),
        single_sign_on: sso.buttons(),
    };
    // E-mail: queued with the events only while an SMTP server is set, sent by every instance
    // (each claims its own rows).
    domain::mail::set_enabled(settings.mail.enabled());
    if let Some(mailer) = mail::Mailer::new(&settings.mail, &app.public_url)? {
        tasks.spawn("mail", {
            let (db, stopping) = (app.db.clone(), stopping.clone());
            move || mail::run(db.clone(), mailer.clone(), stopping.clone())
        });
    }
    // Web push: queued only while a contact is set; the key pair is one for all instances.
    domain::push::set_enabled(settings.push.enabled());
    let pusher = push::Pusher::start(&app.db, &settings.push, &app.public_url).await?;
    if let Some(pusher) = &pusher {
        tasks.spawn("push", {
            let (db, stopping, pusher) = (app.db.clone(), stopping.clone(), pusher.clone());
            move || push::run(db.clone(), pusher.clone(), stopping.clone())
        });
    }
    // Door and floor displays: what the open ones show, read again and pushed.
    let displays = displays::Displays::default();
    tasks.spawn("displays", {
        let displays = displays.clone();
        let app = app.clone();
        let stopping = stopping.clone();
        move || displays.clone().run(app.clone(), stopping.clone())
    });
    let router = web::router(web::WebState {
        leptos,
        app,
        displays,
        broker,
        live,
        bus,
        tasks: tasks.health(),
        stopping: stopping.clone(),
        auth,
        sso,
        trusted_proxies: std::sync::Arc::new(settings.web.proxies()?),
        checkin_networks: std::sync::Arc::new(settings.checkin_networks()?),
        checkin_sensor_window: chrono::Duration::minutes(i64::from(
            settings.checkin.sensor_window_min,
        )),
        push: pusher,
    });
    tracing::info!("Platzwahl is listening on http://{addr}/");
    let serve = axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        let mut stopping = stopping;
        let _stopped = stopping.wait_for(|stop| *stop).await;
    })
    .into_future();
    tokio::pin!(serve);
    tokio::pin!(shutdown);
    let served = tokio::select! {
        served = &mut serve => served,
        () = &mut shutdown => {
            let _closed = stopping_tx.send(true);
            (&mut serve).await
        }
    };
    let _closed = stopping_tx.send(true);
    tasks.join(TASKS_GRACE).await;
    if let Some(metrics_served) = metrics_served
        && let Err(err) = metrics_served.await
    {
        tracing::error!(error = %err, "the metrics listener failed");
    }
    served?;
    tracing::info!("Platzwahl stopped");
    Ok(())
}

/// How long shutdown waits for the background tasks to finish their current step.
const TASKS_GRACE: Duration = Duration::from_secs(15);
