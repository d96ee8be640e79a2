//! Short explanations for people, in German and English: why this desk, or why none.

use crate::index::{Index, NONE};
use crate::model::Feature;
use crate::outcome::{Explanation, Reason};
use crate::search::Day;

/// The German and English label of a feature, as an adjective or short phrase.
fn label(f: &Feature) -> (&str, &str) {
    match f {
        Feature::HeightAdjustable => ("höhenverstellbar", "height-adjustable"),
        Feature::DockingStation => ("mit Dockingstation", "with docking station"),
        Feature::DualMonitor => ("mit zwei Bildschirmen", "with two monitors"),
        Feature::Window => ("am Fenster", "by the window"),
        Feature::Quiet => ("in ruhiger Lage", "in a quiet spot"),
        Feature::WheelchairAccessible => ("rollstuhlgerecht", "wheelchair-accessible"),
        Feature::Other(s) => (s.as_str(), s.as_str()),
    }
}

fn join(items: &[&str], and: &str) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
    }
}

fn features(fs: &[&Feature]) -> (String, String) {
    let de: Vec<&str> = fs.iter().map(|f| label(f).0).collect();
    let en: Vec<&str> = fs.iter().map(|f| label(f).1).collect();
    (join(&de, "und"), join(&en, "and"))
}

/// Why request `r` got no desk.
pub(crate) fn reason(ix: &Index, r: usize) -> Reason {
    let req = &ix.reqs[r];
    if req.blocked {
        Reason::AlreadyBooked
    } else if !req.suitable {
        Reason::NoSuitableDesk
    } else {
        Reason::AllTaken
    }
}

/// The explanation for an unplaced request.
pub(crate) fn unassigned(reason: Reason) -> Explanation {
    let (de, en) = match reason {
        Reason::AlreadyBooked => (
            "Kein weiterer Platz: Sie haben zu dieser Zeit bereits eine Buchung.",
            "No further desk: you already have a booking at this time.",
        ),
        Reason::NoSuitableDesk => (
            "Kein Platz: In den Zonen Ihrer Einheit hat kein Platz die benötigte Ausstattung.",
            "No desk: no desk in your unit's zones has the equipment you need.",
        ),
        Reason::AllTaken => (
            "Kein Platz frei: Alle passenden Plätze sind vergeben.",
            "No desk free: all suitable desks are taken.",
        ),
    };
    Explanation {
        de: de.to_owned(),
        en: en.to_owned(),
    }
}

/// Per team: who sits where and when (pinned and placed members), built once per run.
pub(crate) struct Teams<'p>(Vec<Vec<(&'p str, u32, u8)>>);

impl<'p> Teams<'p> {
    pub fn new(ix: &Index<'p>, day: &Day) -> Self {
        let mut teams = vec![Vec::new(); ix.team_count];
        for (p, &t) in ix.problem.pins.iter().zip(&ix.pin_team) {
            if let (Some(members), Some(&d)) =
                (teams.get_mut(t as usize), ix.desk_ix.get(p.desk.as_str()))
            {
                members.push((p.person.as_str(), ix.desk_zone[d as usize], p.slot.mask()));
            }
        }
        for (r, req) in ix.reqs.iter().enumerate() {
            let d = day.assign[r];
            if req.team != NONE && d != NONE {
                teams[req.team as usize].push((
                    ix.requests[r].person.as_str(),
                    ix.desk_zone[d as usize],
                    req.mask,
                ));
            }
        }
        Teams(teams)
    }
}

/// Teammates of request `r` (other people, overlapping in time) in its zone, and whether
/// any sits in an adjacent zone.
fn teammates(ix: &Index, teams: &Teams, r: usize, zone: u32) -> (usize, bool) {
    let req = &ix.reqs[r];
    let Some(members) = teams.0.get(req.team as usize) else {
        return (0, false);
    };
    let me = ix.requests[r].person.as_str();
    let mut here: Vec<&str> = Vec::new();
    let mut near = false;
    for &(person, z, mask) in members {
        if person == me || mask & req.mask == 0 {
            continue;
        }
        if z == zone {
            if !here.contains(&person) {
                here.push(person);
            }
        } else if ix.dist(z, zone) == 1 {
            near = true;
        }
    }
    (here.len(), near)
}

/// Whether a home-zone desk with the needed features was still free at the end: among the
/// request's desks (allowed zones, needed features, free of pins), those of its home zones.
fn home_had_room(ix: &Index, day: &Day, r: usize) -> bool {
    let req = &ix.reqs[r];
    req.spans.iter().any(|&(z, start, end)| {
        req.zones
            .binary_search_by_key(&z, |(z, _)| *z)
            .is_ok_and(|p| req.zones[p].1.is_some())
            && req.edges[start as usize..end as usize]
                .iter()
                .any(|e| day.taken[e.desk as usize] & req.mask == 0)
    })
}

/// The explanation for request `r` placed at desk `d`.
pub(crate) fn assigned(ix: &Index, day: &Day, teams: &Teams, r: usize, d: u32) -> Explanation {
    let req = &ix.reqs[r];
    let request = &ix.requests[r];
    let desk = &ix.problem.desks[d as usize];
    let z = ix.desk_zone[d as usize];
    let zone = &ix.problem.zones[z as usize];
    let mut de: Vec<String> = Vec::new();
    let mut en: Vec<String> = Vec::new();
    let mut say = |g: String, e: String| {
        de.push(g);
        en.push(e);
    };

    let priority = req
        .zones
        .binary_search_by_key(&z, |(z, _)| *z)
        .ok()
        .and_then(|p| req.zones[p].1);
    match priority {
        Some(0) => say(
            "Heimatzone Ihrer Einheit".into(),
            "home zone of your unit".into(),
        ),
        Some(_) => say(
            "weitere Zone Ihrer Einheit".into(),
            "another zone of your unit".into(),
        ),
        None if !home_had_room(ix, day, r) => say(
            "Ausweichzone, da die Zonen Ihrer Einheit voll sind".into(),
            "overflow zone, as your unit's zones are full".into(),
        ),
        None => say("Ausweichzone".into(), "overflow zone".into()),
    }

    if !request.needs.is_empty() {
        let needs: Vec<&Feature> = request.needs.iter().collect();
        let (g, e) = features(&needs);
        say(format!("{g} wie benötigt"), format!("{e} as you need"));
    }

    if req.pref_desks.contains(&d) {
        say("Ihr Wunschplatz".into(), "your preferred desk".into());
    }
    if req.pref_zones.contains(&z) {
        say(
            "in Ihrer Wunschzone".into(),
            "in your preferred zone".into(),
        );
    }
    let wished: Vec<&Feature> = request
        .preferences
        .features
        .iter()
        .filter(|f| desk.features.contains(f))
        .collect();
    if !wished.is_empty() {
        let (g, e) = features(&wished);
        say(format!("{g} wie gewünscht"), format!("{e} as you wished"));
    }

    let (count, near) = teammates(ix, teams, r, z);
    if count == 1 {
        say(
            "neben 1 Person Ihres Teams".into(),
            "next to 1 of your team".into(),
        );
    } else if count > 1 {
        say(
            format!("neben {count} Personen Ihres Teams"),
            format!("next to {count} of your team"),
        );
    } else if near {
        say("in der Nähe Ihres Teams".into(), "near your team".into());
    }

    if request.accessibility {
        let m = zone.lift_distance_m;
        say(
            format!("{m} m bis zum Aufzug"),
            format!("{m} m to the lift"),
        );
    }

    if req.previous == d {
        say(
            "wie bereits mitgeteilt".into(),
            "as already announced".into(),
        );
    } else if req.previous != NONE {
        let old = &ix.problem.desks[req.previous as usize].label;
        say(format!("statt {old}"), format!("instead of {old}"));
    }

    // A zone named "Zone 2A" is not called "Zone Zone 2A".
    let named = |word: &str| {
        let has_word = zone
            .name
            .get(..word.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(word));
        if has_word {
            zone.name.clone()
        } else {
            format!("{word}{}", zone.name)
        }
    };
    let head_de = format!("{} in {}", desk.label, named("Zone "));
    let head_en = format!("{} in {}", desk.label, named("zone "));
    Explanation {
        de: format!("{head_de}: {}", de.join(", ")),
        en: format!("{head_en}: {}", en.join(", ")),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn three_items_are_joined_with_commas_and_a_final_and() {
        assert_eq!(join(&["a", "b", "c"], "and"), "a, b and c");
        assert_eq!(join(&["a"], "und"), "a");
        assert_eq!(join(&[], "und"), "");
    }
}
