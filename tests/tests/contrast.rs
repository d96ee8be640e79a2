//! The colour tokens of `style/main.css` (its `--name: #rrggbb` custom properties), checked
//! against WCAG 2.1's contrast minimums with the relative-luminance formula of WCAG (not
//! axe-core's): every pair of text and background at least 4.5:1 (1.4.3), every state mark on
//! the floor plan (free, booked, mine, blocked, occupied, unknown, protected, accessible), the
//! focus rings and the borders of form controls at least 3:1 against what they sit on (1.4.11;
//! each state also has a shape and a text, so colour is never the only signal).
//!
//! A token nobody listed fails the test, so a new colour is not left unchecked; a token changed
//! to a low-contrast colour fails it with the pair and the ratio. The figures are recorded in
//! `docs/accessibility-results.json` (`contrast`), which the accessibility statement shows.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use serde_json::json;

/// WCAG 1.4.3: text and images of text.
const TEXT: f64 = 4.5;
/// WCAG 1.4.11: graphical objects and the parts of controls that identify them.
const MARK: f64 = 3.0;

/// Pairs of text colour and background (token names, or `#rrggbb` for a colour the stylesheet
/// writes out), with where they meet.
const TEXT_PAIRS: &[(&str, &str, &str)] = &[
    ("ink", "paper", "body text"),
    ("ink", "wash", "text on washed panels, notices, the plan"),
    ("muted", "paper", "hints, addresses, counts"),
    (
        "muted",
        "wash",
        "hints on washed panels, suppressed heatmap cells",
    ),
    ("accent", "paper", "links"),
    ("accent", "wash", "links on washed panels"),
    (
        "accent-ink",
        "accent",
        "the header, primary buttons, the skip link",
    ),
    ("free", "paper", "a booking's outcome: booked"),
    ("booked", "paper", "state text: booked"),
    ("mine", "paper", "state text: mine"),
    ("occupied", "paper", "live state text: occupied"),
    ("unknown", "paper", "live state text: unknown"),
    (
        "unknown",
        "wash",
        "live state text: unknown, on a washed panel",
    ),
    ("ink", "zone-entrance", "zone chip"),
    ("ink", "zone-consultation", "zone chip"),
    ("ink", "zone-work", "zone chip"),
    ("ink", "zone-quiet", "zone chip"),
    (
        "muted",
        "zone-entrance",
        "zone kind in a chip, zone label on the plan",
    ),
    (
        "muted",
        "zone-consultation",
        "zone kind in a chip, zone label on the plan",
    ),
    (
        "muted",
        "zone-work",
        "zone kind in a chip, zone label on the plan",
    ),
    (
        "muted",
        "zone-quiet",
        "zone kind in a chip, zone label on the plan",
    ),
    ("ink", "heat-0", "heatmap figure"),
    ("ink", "heat-1", "heatmap figure"),
    ("ink", "heat-2", "heatmap figure"),
    ("ink", "heat-3", "heatmap figure"),
    ("#ffffff", "heat-4", "heatmap figure on a dark shade"),
    ("#ffffff", "heat-5", "heatmap figure on a dark shade"),
    ("booked", "#fde7dc", "a taken slot on the room timeline"),
    ("mine", "#dbeafe", "one's own slot on the room timeline"),
    (
        "unknown",
        "#ffffff",
        "the question mark of an unknown desk (free)",
    ),
    (
        "unknown",
        "#e5e7eb",
        "the question mark of an unknown desk (blocked)",
    ),
    (
        "unknown",
        "#fde7dc",
        "the question mark of an unknown desk (booked)",
    ),
    (
        "unknown",
        "#dbeafe",
        "the question mark of an unknown desk (mine)",
    ),
];

/// The backgrounds a desk or room sits on: the plan and its zones.
const PLAN: [&str; 6] = [
    "paper",
    "wash",
    "zone-entrance",
    "zone-consultation",
    "zone-work",
    "zone-quiet",
];

/// State marks and other graphics: (token, the backgrounds it must stand out from, what).
fn mark_pairs() -> Vec<(&'static str, &'static str, &'static str)> {
    let mut pairs = Vec::new();
    for (mark, what, fill) in [
        ("free", "state mark: free (outline)", "#ffffff"),
        ("booked", "state mark: booked (outline, stroke)", "#fde7dc"),
        ("mine", "state mark: mine (outline, tick)", "#dbeafe"),
        ("blocked", "state mark: blocked (outline, cross)", "#e5e7eb"),
        ("occupied", "live mark: occupied (person)", "#fde68a"),
        ("unknown", "live mark: unknown (dashed outline)", "#ffffff"),
        ("protected", "protected room (dashed outline)", "#f6effa"),
        ("accent", "step-free desk mark", "#ffffff"),
        ("focus-ring", "focus ring (outer), focused desk", "#ffffff"),
    ] {
        for background in PLAN {
            pairs.push((mark, background, what));
        }
        // The desk's own fill inside its outline.
        pairs.push((mark, fill, what));
    }
    pairs.push(("focus", "accent", "focus ring (inner) on the header"));
    pairs.push(("control-line", "paper", "border of a form field"));
    pairs.push(("control-line", "wash", "border of a form field on a panel"));
    pairs
}

/// Tokens that are neither text nor marks, with the reason they need no contrast.
const DECORATIVE: &[(&str, &str)] = &[(
    "line",
    "dividers and card borders; what they separate is told by headings and spacing",
)];

/// The colour custom properties of a stylesheet: name (without `--`) → `#rrggbb`.
fn tokens(css: &str) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let mut rest = css;
    while let Some(start) = rest.find("--") {
        rest = &rest[start + 2..];
        let Some(colon) = rest.find(':') else { break };
        let name = &rest[..colon];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            continue;
        }
        let value = rest[colon + 1..]
            .split([';', '}'])
            .next()
            .unwrap_or_default()
            .trim();
        if value.starts_with('#') {
            found.insert(name.to_string(), value.to_lowercase());
        }
    }
    found
}

/// `#rgb` or `#rrggbb` as red, green, blue.
fn rgb(hex: &str) -> [u8; 3] {
    let digits = hex.strip_prefix('#').expect("a colour starts with #");
    let full: String = match digits.len() {
        3 => digits.chars().flat_map(|c| [c, c]).collect(),
        6 => digits.to_string(),
        _ => panic!("not a #rgb or #rrggbb colour: {hex}"),
    };
    let channel = |i: usize| u8::from_str_radix(&full[i..i + 2], 16).expect("hex digits");
    [channel(0), channel(2), channel(4)]
}

/// WCAG 2.1's relative luminance of an sRGB colour.
fn luminance(hex: &str) -> f64 {
    let linear = |channel: u8| {
        let c = f64::from(channel) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let [r, g, b] = rgb(hex);
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// WCAG 2.1's contrast ratio, from 1 to 21.
fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// A colour of a pair: a token's value, or a colour written out.
fn colour<'a>(tokens: &'a BTreeMap<String, String>, name: &'a str) -> &'a str {
    if name.starts_with('#') {
        name
    } else {
        tokens
            .get(name)
            .map(String::as_str)
            .unwrap_or_else(|| panic!("no --{name} in style/main.css"))
    }
}

/// Every pair below its minimum, as a line naming both colours and the ratio; and how many
/// pairs were checked.
fn shortfalls(css: &str) -> (Vec<String>, usize) {
    let tokens = tokens(css);
    let mut checked = 0;
    let mut short = Vec::new();
    let pairs = TEXT_PAIRS
        .iter()
        .map(|&(fg, bg, what)| (fg, bg, what, TEXT))
        .chain(
            mark_pairs()
                .into_iter()
                .map(|(fg, bg, what)| (fg, bg, what, MARK)),
        );
    for (fg, bg, what, minimum) in pairs {
        let ratio = contrast(colour(&tokens, fg), colour(&tokens, bg));
        checked += 1;
        if ratio < minimum {
            short.push(format!(
                "{fg} ({}) on {bg} ({}): {ratio:.2}:1, below {minimum}:1 — {what}",
                colour(&tokens, fg),
                colour(&tokens, bg)
            ));
        }
    }
    (short, checked)
}

fn stylesheet() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../style/main.css"))
        .expect("read style/main.css")
}

#[test]
fn the_contrast_formula_gives_wcags_known_ratios() {
    assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
    assert!((contrast("#fff", "#ffffff") - 1.0).abs() < 1e-9);
    // #767676 on white is the classic lightest grey that passes 4.5:1 (4.54:1).
    let grey = contrast("#767676", "#ffffff");
    assert!((4.53..4.55).contains(&grey), "{grey}");
    assert!(contrast("#777777", "#ffffff") < 4.5);
}

#[test]
fn every_colour_token_is_checked_or_named_as_decoration() {
    let tokens = tokens(&stylesheet());
    assert!(
        tokens.len() >= 20,
        "the tokens of style/main.css were not found: {tokens:?}"
    );
    let marks = mark_pairs();
    let unchecked: Vec<&String> = tokens
        .keys()
        .filter(|name| {
            let name = name.as_str();
            !TEXT_PAIRS
                .iter()
                .any(|&(fg, bg, _)| fg == name || bg == name)
                && !marks.iter().any(|&(fg, bg, _)| fg == name || bg == name)
                && !DECORATIVE.iter().any(|&(token, _)| token == name)
        })
        .collect();
    assert!(
        unchecked.is_empty(),
        "colour tokens no pair checks (add them to TEXT_PAIRS, mark_pairs or DECORATIVE in \
         tests/tests/contrast.rs): {unchecked:?}"
    );
}

#[test]
fn every_text_and_state_mark_has_enough_contrast() {
    let (short, checked) = shortfalls(&stylesheet());
    println!("{checked} colour pairs checked");
    assert!(
        short.is_empty(),
        "colour pairs below WCAG's minimum:\n{}",
        short.join("\n")
    );
    // What the accessibility statement (`/barrierefreiheit`) says it rests on.
    tests::results::record(
        "contrast",
        json!({ "pairs": checked, "below_minimum": short.len() }),
    )
    .unwrap_or_else(|changed| panic!("{changed}"));
}

#[test]
fn a_token_changed_to_a_low_contrast_colour_is_found() {
    let css = stylesheet();
    let muted = tokens(&css)["muted"].clone();
    let greyed = css.replace(&format!("--muted: {muted}"), "--muted: #a0a7ae");
    assert_ne!(greyed, css, "--muted is written as `--muted: {muted}`");
    let (short, _) = shortfalls(&greyed);
    assert!(
        short
            .iter()
            .any(|line| line.starts_with("muted (#a0a7ae) on paper")),
        "{short:?}"
    );
    let free = tokens(&css)["free"].clone();
    let pale = css.replace(&format!("--free: {free}"), "--free: #9fd8ad");
    let (short, _) = shortfalls(&pale);
    assert!(
        short
            .iter()
            .any(|line| line.starts_with("free (#9fd8ad) on zone-work")),
        "a pale state mark is found: {short:?}"
    );
}
