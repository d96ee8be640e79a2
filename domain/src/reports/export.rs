//! Every report table as CSV (comma-separated, one header line, UTF-8): the same figures the
//! page and the JSON API show, suppressed cells with the status `suppressed` and no figures.
//! Shares are fractions (0.25), rounded to four places. A name that a spreadsheet would run as
//! a formula (`=`, `+`, `-`, `@`) is prefixed with `'`.

use wire::model::reports::{BuildingNow, Cell, DeskUse, Heatmap, Report};

/// The tables a report can be exported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// Zones × hour of day.
    ByHour,
    /// Zones × weekday.
    ByWeekday,
    /// Key figures.
    Kpis,
    /// Zones used little.
    QuietZones,
    /// Consultation and meeting rooms by weekday.
    Rooms,
    /// Walk-ins at the entrance by local day and hour (counts only).
    WalkIns,
}

impl Table {
    /// Every table.
    pub const ALL: [Table; 6] = [
        Table::ByHour,
        Table::ByWeekday,
        Table::Kpis,
        Table::QuietZones,
        Table::Rooms,
        Table::WalkIns,
    ];

    /// Its name in URLs and file names.
    pub fn slug(self) -> &'static str {
        match self {
            Table::ByHour => "by-hour",
            Table::ByWeekday => "by-weekday",
            Table::Kpis => "kpis",
            Table::QuietZones => "quiet-zones",
            Table::Rooms => "rooms",
            Table::WalkIns => "walk-ins",
        }
    }

    /// The table named `slug`.
    pub fn from_slug(slug: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.slug() == slug)
    }
}

fn text(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_owned()
    }
}

fn fraction(value: Option<f64>) -> String {
    value.map_or_else(String::new, |v| format!("{v:.4}"))
}

/// Writes records; the writer goes to memory, where writing cannot fail.
struct Csv(csv::Writer<Vec<u8>>);

impl Csv {
    fn new(header: &[&str]) -> Csv {
        let mut csv = Csv(csv::Writer::from_writer(Vec::new()));
        csv.row(header.iter().map(|h| (*h).to_owned()));
        csv
    }

    fn row(&mut self, fields: impl IntoIterator<Item = String>) {
        let _in_memory = self.0.write_record(fields.into_iter().collect::<Vec<_>>());
    }

    fn finish(self) -> String {
        let bytes = self.0.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }
}

const DESK_USE: [&str; 12] = [
    "status",
    "zone_hours",
    "desk_hours",
    "booked_desk_hours",
    "occupied_desk_hours",
    "occupied_unbooked_desk_hours",
    "booked_empty_desk_hours",
    "no_shows",
    "left_out_zone_hours",
    "utilisation",
    "booked_share",
    "booked_empty_share",
];

fn desk_use(cell: &Cell<DeskUse>) -> Vec<String> {
    let mut fields = vec![cell.status().to_owned()];
    match cell.shown() {
        Some(u) => fields.extend([
            u.zone_hours.to_string(),
            u.capacity.to_string(),
            u.booked.to_string(),
            u.occupied.to_string(),
            u.occupied_unbooked.to_string(),
            u.booked_empty.to_string(),
            u.no_shows.to_string(),
            u.left_out.to_string(),
            fraction(u.utilisation()),
            fraction(u.booked_share()),
            fraction(u.empty_share()),
        ]),
        None => fields.extend(std::iter::repeat_n(String::new(), DESK_USE.len() - 1)),
    }
    fields
}

fn heatmap(map: &Heatmap, column: &str) -> String {
    let mut header = vec!["floor", "zone", "desks", column];
    header.extend(DESK_USE);
    let mut csv = Csv::new(&header);
    for row in &map.rows {
        for (key, cell) in map.columns.iter().zip(&row.cells) {
            let mut fields = vec![
                row.floor.to_string(),
                text(&row.zone),
                row.desks.to_string(),
                key.to_string(),
            ];
            fields.extend(desk_use(cell));
            csv.row(fields);
        }
    }
    for (key, cell) in map.columns.iter().zip(&map.totals) {
        let mut fields = vec![
            String::new(),
            "all".to_owned(),
            String::new(),
            key.to_string(),
        ];
        fields.extend(desk_use(cell));
        csv.row(fields);
    }
    csv.finish()
}

/// One table of a report as CSV.
pub fn table(report: &Report, table: Table) -> String {
    match table {
        Table::ByHour => heatmap(&report.by_hour, "hour"),
        Table::WalkIns => {
            let mut csv = Csv::new(&["day", "hour", "walk_ins"]);
            for c in &report.walk_ins.hours {
                csv.row([c.day.to_string(), c.hour.to_string(), c.count.to_string()]);
            }
            csv.finish()
        }
        Table::ByWeekday => heatmap(&report.by_weekday, "weekday"),
        Table::Kpis => {
            let mut header = vec!["scope", "id", "name", "people", "desks", "people_per_desk"];
            header.extend(DESK_USE);
            header.extend([
                "peak_utilisation",
                "home_zone_status",
                "bookings",
                "home_zone_bookings",
                "home_zone_share",
            ]);
            let mut csv = Csv::new(&header);
            for k in &report.kpis {
                let mut fields = vec![
                    k.scope.code().to_owned(),
                    k.id.map(|i| i.to_string()).unwrap_or_default(),
                    text(&k.name),
                    k.people.to_string(),
                    k.desks.to_string(),
                    fraction(k.sharing_ratio()),
                ];
                fields.extend(desk_use(&k.desk_use));
                fields.push(fraction(k.peak));
                fields.push(k.home_zone.status().to_owned());
                match k.home_zone.shown() {
                    Some(h) => fields.extend([
                        h.bookings.to_string(),
                        h.in_home_zone.to_string(),
                        fraction(h.rate()),
                    ]),
                    None => fields.extend([String::new(), String::new(), String::new()]),
                }
                csv.row(fields);
            }
            csv.finish()
        }
        Table::QuietZones => {
            let mut csv = Csv::new(&["floor", "zone", "utilisation", "quiet_weekdays"]);
            for q in &report.quiet_zones {
                csv.row([
                    q.floor.to_string(),
                    text(&q.zone),
                    fraction(q.utilisation),
                    q.quiet_weekdays
                        .iter()
                        .map(u32::to_string)
                        .collect::<Vec<_>>()
                        .join(" "),
                ]);
            }
            csv.finish()
        }
        Table::Rooms => {
            let mut csv = Csv::new(&[
                "class",
                "weekday",
                "status",
                "days",
                "room_quarters",
                "reserved_quarters",
                "used_quarters",
                "released",
                "left_out_days",
                "reserved_share",
                "used_share",
            ]);
            for row in &report.rooms {
                let weekdays = row
                    .weekdays
                    .iter()
                    .zip(1..)
                    .map(|(c, w)| (w.to_string(), c));
                for (weekday, cell) in weekdays.chain([("all".to_owned(), &row.total)]) {
                    let mut fields = vec![
                        row.class.code().to_owned(),
                        weekday,
                        cell.status().to_owned(),
                    ];
                    match cell.shown() {
                        Some(u) => fields.extend([
                            u.days.to_string(),
                            u.capacity.to_string(),
                            u.reserved.to_string(),
                            u.used.to_string(),
                            u.released.to_string(),
                            u.left_out.to_string(),
                            fraction(u.reserved_share()),
                            fraction(u.used_share()),
                        ]),
                        None => fields.extend(std::iter::repeat_n(String::new(), 8)),
                    }
                    csv.row(fields);
                }
            }
            csv.finish()
        }
    }
}

/// The live view's floors as CSV.
pub fn floors_now(now: &BuildingNow) -> String {
    let mut csv = Csv::new(&[
        "floor",
        "name",
        "desks",
        "desks_booked",
        "desks_occupied",
        "desks_free",
        "rooms",
        "rooms_reserved",
        "rooms_occupied",
    ]);
    for f in &now.floors {
        csv.row([
            f.level.to_string(),
            text(&f.name),
            f.desks.to_string(),
            f.desks_booked.to_string(),
            f.desks_occupied.to_string(),
            f.desks_free.to_string(),
            f.rooms.to_string(),
            f.rooms_reserved.to_string(),
            f.rooms_occupied.to_string(),
        ]);
    }
    csv.finish()
}

/// The sensors to look after as CSV.
pub fn sensors(now: &BuildingNow) -> String {
    let mut csv = Csv::new(&[
        "device_key",
        "model",
        "place",
        "floor",
        "battery_pct",
        "last_seen_at",
        "issues",
    ]);
    for s in &now.sensors {
        csv.row([
            text(&s.device_key),
            text(&s.model),
            s.place.as_deref().map(text).unwrap_or_default(),
            s.floor.map(|f| f.to_string()).unwrap_or_default(),
            s.battery_pct.map(|b| b.to_string()).unwrap_or_default(),
            s.last_seen_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
            s.issues
                .iter()
                .map(|i| i.code())
                .collect::<Vec<_>>()
                .join(" "),
        ]);
    }
    csv.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_look_like_formulas_are_defused() {
        assert_eq!(text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text("Zone 2-Nord"), "Zone 2-Nord");
    }

    #[test]
    fn tables_are_found_by_their_slug() {
        for t in Table::ALL {
            assert_eq!(Table::from_slug(t.slug()), Some(t));
        }
        assert_eq!(Table::from_slug("people"), None);
    }
}
