//! A seeded generator of realistic instances, for tests, benchmarks and demos: buildings
//! with floors of four zones in a row, desks with equipment, units with one to three home
//! zones, teams inside units, a day's requests (mostly full days), a few pinned bookings and
//! a few blocked desks. The same tier and seed always give the same problem.

use crate::model::{
    AllowedZone, Availability, BuildingId, Desk, DeskId, Feature, Lang, PersonId, Pin, Preferences,
    Problem, Request, RequestId, Slot, TeamId, Zone, ZoneId,
};
use crate::rng::Rng;

/// The size of a generated instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tier {
    /// A short name for reports.
    pub name: &'static str,
    /// People in the units.
    pub people: usize,
    /// Desks in the building(s).
    pub desks: usize,
    /// Zones, spread over the buildings, four per floor.
    pub zones: usize,
    /// Buildings.
    pub buildings: usize,
    /// Requests of the day (at most `people`).
    pub requests: usize,
}

impl Tier {
    /// 100 people, 120 desks.
    pub const S: Tier = Tier {
        name: "S",
        people: 100,
        desks: 120,
        zones: 6,
        buildings: 1,
        requests: 70,
    };
    /// 300 people, 360 desks.
    pub const M: Tier = Tier {
        name: "M",
        people: 300,
        desks: 360,
        zones: 12,
        buildings: 1,
        requests: 210,
    };
    /// 1,200 people, 1,000 desks, 40 zones, 800 requests a day.
    pub const L: Tier = Tier {
        name: "L",
        people: 1_200,
        desks: 1_000,
        zones: 40,
        buildings: 1,
        requests: 800,
    };
    /// 5,000 people in four buildings.
    pub const XL: Tier = Tier {
        name: "XL",
        people: 5_000,
        desks: 4_200,
        zones: 168,
        buildings: 4,
        requests: 3_300,
    };
}

const COMPASS: [&str; 4] = ["Nord", "Ost", "Süd", "West"];
const ZONES_PER_FLOOR: usize = 4;

struct Person {
    team: TeamId,
    zones: Vec<AllowedZone>,
    primary: usize,
}

fn percent(rng: &mut Rng, p: usize) -> bool {
    rng.below(100) < p
}

/// Generates an instance of the given size.
pub fn instance(tier: &Tier, seed: u64) -> Problem {
    let mut rng = Rng::new(seed ^ 0x0a11_0ca7_0000_0000);
    let zone_count = tier.zones.max(1);
    let buildings = tier.buildings.clamp(1, zone_count);
    let per_building = zone_count.div_ceil(buildings);

    // Zones: floors of four in a row, neighbours adjacent.
    let mut zones = Vec::with_capacity(zone_count);
    for i in 0..zone_count {
        let b = i / per_building;
        let k = i % per_building;
        let floor = (k / ZONES_PER_FLOOR) as i32;
        let pos = k % ZONES_PER_FLOOR;
        let prefix = if buildings > 1 {
            format!("B{}/", b + 1)
        } else {
            String::new()
        };
        let mut adjacent = Vec::new();
        if pos + 1 < ZONES_PER_FLOOR && k + 1 < per_building && i + 1 < zone_count {
            adjacent.push(ZoneId::new(format!("z{}", i + 1)));
        }
        zones.push(Zone {
            id: ZoneId::new(format!("z{i}")),
            name: format!("{prefix}{floor}-{}", COMPASS[pos]),
            building: BuildingId::new(format!("b{b}")),
            floor,
            adjacent,
            lift_distance_m: 5 + rng.below(50) as u32,
            overflow: i % 8 == 3,
        });
    }
    if !zones.iter().any(|z| z.overflow)
        && let Some(z) = zones.last_mut()
    {
        z.overflow = true;
    }

    // Desks, spread evenly.
    let mut desks = Vec::with_capacity(tier.desks);
    let mut by_zone: Vec<Vec<usize>> = vec![Vec::new(); zone_count];
    let mut per_floor_number = std::collections::HashMap::new();
    for i in 0..tier.desks {
        let z = i * zone_count / tier.desks.max(1);
        let zone = &zones[z];
        let n = per_floor_number
            .entry((zone.building.clone(), zone.floor))
            .or_insert(0usize);
        *n += 1;
        let prefix = zone.name.split('/').next().filter(|_| buildings > 1);
        let label = match prefix {
            Some(p) => format!("{p}/{}.{:02}", zone.floor, n),
            None => format!("{}.{:02}", zone.floor, n),
        };
        let mut features = Vec::new();
        let mut quality = 0u8;
        if percent(&mut rng, 35) {
            features.push(Feature::HeightAdjustable);
        }
        if percent(&mut rng, 60) {
            features.push(Feature::DockingStation);
        }
        if percent(&mut rng, 25) {
            features.push(Feature::DualMonitor);
        }
        if percent(&mut rng, 30) {
            features.push(Feature::Window);
            quality += 2;
        }
        if percent(&mut rng, 15) {
            features.push(Feature::Quiet);
            quality += 1;
        }
        if percent(&mut rng, 8) {
            features.push(Feature::WheelchairAccessible);
        }
        let available = match rng.below(100) {
            0 | 1 => Availability::NONE,
            2 | 3 => Availability {
                morning: false,
                afternoon: true,
            },
            4 | 5 => Availability {
                morning: true,
                afternoon: false,
            },
            _ => Availability::ALL_DAY,
        };
        by_zone[z].push(i);
        desks.push(Desk {
            id: DeskId::new(format!("d{i}")),
            label,
            zone: zone.id.clone(),
            features,
            quality,
            available,
        });
    }

    // Units with home zones, teams inside units.
    let capacity: Vec<usize> = by_zone.iter().map(|d| d.len().max(1)).collect();
    let mut assigned = vec![0usize; zone_count];
    let mut people: Vec<Person> = Vec::with_capacity(tier.people);
    let mut unit = 0usize;
    let mut team = 0usize;
    while people.len() < tier.people {
        let size = (8 + rng.below(23)).min(tier.people - people.len());
        // The least loaded zone (relative to its desks) becomes the first home zone.
        let primary = (0..zone_count)
            .min_by_key(|&z| (assigned[z] * 1000 / capacity[z], z))
            .unwrap_or(0);
        assigned[primary] += size;
        let mut home = vec![primary];
        for &n in &[primary + 1, primary.wrapping_sub(1)] {
            if n < zone_count
                && zones[primary].building == zones[n].building
                && zones[primary].floor == zones[n].floor
                && percent(&mut rng, 60)
            {
                home.push(n);
            }
        }
        let zones_of_unit: Vec<AllowedZone> = home
            .iter()
            .zip(0u8..)
            .map(|(&z, priority)| AllowedZone {
                zone: zones[z].id.clone(),
                priority,
            })
            .collect();
        let mut left = size;
        while left > 0 {
            let t = (4 + rng.below(6)).min(left);
            for _ in 0..t {
                people.push(Person {
                    team: TeamId::new(format!("u{unit}t{team}")),
                    zones: zones_of_unit.clone(),
                    primary,
                });
            }
            left -= t;
            team += 1;
        }
        unit += 1;
    }

    // Who comes today: a random subset, the rest may hold pins.
    let mut order: Vec<usize> = (0..people.len()).collect();
    for i in 0..order.len() {
        let j = i + rng.below(order.len() - i);
        order.swap(i, j);
    }
    let coming = tier.requests.min(people.len());
    let random_slot = |rng: &mut Rng| match rng.below(10) {
        0 => Slot::Morning,
        1 => Slot::Afternoon,
        _ => Slot::FullDay,
    };
    let mut requests = Vec::with_capacity(coming);
    for (n, &p) in order[..coming].iter().enumerate() {
        let person = &people[p];
        let mut needs = Vec::new();
        let mut accessibility = false;
        if percent(&mut rng, 8) {
            needs.push(Feature::HeightAdjustable);
        }
        if percent(&mut rng, 2) {
            needs.push(Feature::WheelchairAccessible);
            accessibility = true;
        } else if percent(&mut rng, 3) {
            accessibility = true;
        }
        let mut preferences = Preferences::default();
        if percent(&mut rng, 30) {
            preferences.features.push(Feature::Window);
        }
        if percent(&mut rng, 15) {
            preferences.features.push(Feature::Quiet);
        }
        if percent(&mut rng, 15)
            && let Some(z) = person.zones.get(rng.below(person.zones.len()))
        {
            preferences.zones.push(z.zone.clone());
        }
        let own = &by_zone[person.primary];
        if percent(&mut rng, 5) && !own.is_empty() {
            preferences
                .desks
                .push(desks[own[rng.below(own.len())]].id.clone());
        }
        requests.push(Request {
            id: RequestId::new(format!("r{n}")),
            person: PersonId::new(format!("p{p}")),
            lang: if percent(&mut rng, 70) {
                Lang::De
            } else {
                Lang::En
            },
            slot: random_slot(&mut rng),
            zones: person.zones.clone(),
            overflow: percent(&mut rng, 75),
            needs,
            accessibility,
            preferences,
            team: Some(person.team.clone()),
            recent_quality: rng.below(13) as u32,
            previous: None,
        });
    }

    // A few pinned bookings of people not in today's batch.
    let mut pinned = vec![0u8; desks.len()];
    let mut pins = Vec::new();
    for &p in order[coming..].iter().take(tier.people / 25) {
        let person = &people[p];
        let own = &by_zone[person.primary];
        let slot = random_slot(&mut rng);
        for _ in 0..4 {
            let Some(&d) = own.get(rng.below(own.len())) else {
                break;
            };
            let m = slot.mask();
            if desks[d].available.mask() & m == m && pinned[d] & m == 0 {
                pinned[d] |= m;
                pins.push(Pin {
                    person: PersonId::new(format!("p{p}")),
                    team: Some(person.team.clone()),
                    desk: desks[d].id.clone(),
                    slot,
                });
                break;
            }
        }
    }

    Problem {
        zones,
        desks,
        pins,
        requests,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_instance() {
        assert_eq!(instance(&Tier::S, 3), instance(&Tier::S, 3));
        assert_ne!(instance(&Tier::S, 3), instance(&Tier::S, 4));
    }

    #[test]
    fn a_tier_has_the_announced_size() {
        let p = instance(&Tier::L, 1);
        assert_eq!(p.desks.len(), 1_000);
        assert_eq!(p.zones.len(), 40);
        assert_eq!(p.requests.len(), 800);
    }

    #[test]
    fn several_buildings_get_distinct_desk_labels() {
        let p = instance(&Tier::XL, 1);
        let mut labels: Vec<&str> = p.desks.iter().map(|d| d.label.as_str()).collect();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(labels.len(), p.desks.len());
    }
}
