//! The floors' plan images: an SVG, PNG or JPEG drawing of the floor, uploaded by a building
//! administrator, stored in the database (`floor_plan_image`) and shown under the floor's map.
//!
//! An upload is refused when its bytes are not what its content type says (PNG and JPEG by
//! their signatures; SVG as UTF-8 text whose first element is `<svg`), when it is empty, or
//! larger than [`MAX_PLAN_BYTES`].
//!
//! SVG can carry scripts. It is treated both ways: an SVG with a `<script>`, a
//! `<foreignObject>`, an event handler attribute (`on…=`), a `javascript:` URL, or an external
//! reference through `<!ENTITY`/`xlink:href="http…"` is **refused**; and every image is
//! **served** with `Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline';
//! sandbox` and `X-Content-Type-Options: nosniff` (see the server's plan route), so even an SVG
//! opened on its own runs nothing and loads nothing. Pages show it through `<image>` in the
//! map's SVG, where browsers never run an image's scripts.

use chrono::{DateTime, Utc};
use entities::floor_plan_image;
use sea_orm::ActiveValue::Set;
use sea_orm::{DatabaseConnection, EntityTrait, sea_query::OnConflict};

use super::{BuildingAdminError, audit, floor_in};
use crate::auth::Principal;
use crate::db::begin_write;

/// The largest plan image, in bytes (5 MiB; the database refuses larger ones too).
pub const MAX_PLAN_BYTES: usize = 5 * 1024 * 1024;

/// The content types of plan images.
pub const CONTENT_TYPES: [&str; 3] = ["image/svg+xml", "image/png", "image/jpeg"];

/// A floor's plan image as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanImage {
    /// `image/svg+xml`, `image/png` or `image/jpeg`.
    pub content_type: String,
    /// The image.
    pub bytes: Vec<u8>,
    /// When it was uploaded.
    pub updated_at: DateTime<Utc>,
}

/// What is wrong with `bytes` as an image of `content_type` (its parameters, such as
/// `; charset=utf-8`, ignored), if anything; the content type as stored otherwise.
pub fn check(content_type: &str, bytes: &[u8]) -> Result<&'static str, BuildingAdminError> {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let Some(kind) = CONTENT_TYPES.iter().find(|t| **t == essence) else {
        return Err(BuildingAdminError::InvalidInput(format!(
            "Content-Type: a plan is {}, not \"{essence}\"",
            CONTENT_TYPES.join(", ")
        )));
    };
    if bytes.is_empty() {
        return Err(BuildingAdminError::InvalidInput(
            "the image is empty".into(),
        ));
    }
    if bytes.len() > MAX_PLAN_BYTES {
        return Err(BuildingAdminError::TooLarge);
    }
    let fits = match *kind {
        "image/png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "image/jpeg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        _ => return svg(bytes).map(|()| *kind),
    };
    if fits {
        Ok(kind)
    } else {
        Err(BuildingAdminError::InvalidInput(format!(
            "the bytes are not a {} image",
            kind.trim_start_matches("image/").to_ascii_uppercase()
        )))
    }
}

/// Checks an SVG: UTF-8 text whose first element is `<svg`, with nothing active in it.
fn svg(bytes: &[u8]) -> Result<(), BuildingAdminError> {
    let refuse = |why: &str| Err(BuildingAdminError::InvalidInput(why.to_owned()));
    let Ok(text) = std::str::from_utf8(bytes) else {
        return refuse("the bytes are not an SVG image (not UTF-8 text)");
    };
    let lower = text.to_ascii_lowercase();
    let first_element = lower
        .match_indices('<')
        .map(|(at, _)| &lower[at..])
        .find(|rest| !rest.starts_with("<?") && !rest.starts_with("<!"));
    if !first_element.is_some_and(|rest| rest.starts_with("<svg")) {
        return refuse("the bytes are not an SVG image (no <svg> element)");
    }
    let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    let active = [
        "<script",
        "<foreignobject",
        "javascript:",
        "<!entity",
        "<iframe",
        "<embed",
        "<object",
    ]
    .iter()
    .any(|needle| compact.contains(needle));
    if active || has_event_handler(&lower) {
        return refuse(
            "the SVG contains a script, an event handler, a foreign object or an entity; \
             export the plan as plain drawing",
        );
    }
    let external = ["href=\"http", "href='http", "href=\"//", "href='//"]
        .iter()
        .any(|needle| compact.contains(needle));
    if external {
        return refuse("the SVG refers to another address; embed everything it shows");
    }
    Ok(())
}

/// Whether an attribute `on…=` (an event handler) appears in the lower-cased SVG text.
fn has_event_handler(lower: &str) -> bool {
    let bytes = lower.as_bytes();
    lower.match_indices("on").any(|(at, _)| {
        let before = at.checked_sub(1).and_then(|i| bytes.get(i));
        let starts_attribute = before.is_some_and(|b| b.is_ascii_whitespace() || *b == b'/');
        let name_end = bytes
            .get(at + 2..)
            .unwrap_or_default()
            .iter()
            .position(|b| !b.is_ascii_alphabetic())
            .map(|n| at + 2 + n);
        let assigned = name_end.is_some_and(|end| {
            end > at + 2
                && bytes
                    .get(end..)
                    .unwrap_or_default()
                    .iter()
                    .find(|b| !b.is_ascii_whitespace())
                    == Some(&b'=')
        });
        starts_attribute && assigned
    })
}

/// Stores `bytes` as the plan image of floor `floor_id` of the building `slug`, replacing any.
#[tracing::instrument(skip(db, who, bytes), fields(by = who.person_id, bytes = bytes.len()))]
pub async fn put(
    db: &DatabaseConnection,
    who: &Principal,
    slug: &str,
    floor_id: i32,
    content_type: &str,
    bytes: Vec<u8>,
    now: DateTime<Utc>,
) -> Result<(), BuildingAdminError> {
    let kind = check(content_type, &bytes)?;
    let size = bytes.len();
    let txn = begin_write(db).await?;
    floor_in(&txn, slug, floor_id).await?;
    floor_plan_image::Entity::insert(floor_plan_image::ActiveModel {
        floor_id: Set(floor_id),
        content_type: Set(kind.to_owned()),
        bytes: Set(bytes),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(floor_plan_image::Column::FloorId)
            .update_columns([
                floor_plan_image::Column::ContentType,
                floor_plan_image::Column::Bytes,
                floor_plan_image::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    audit(
        &txn,
        who,
        "floor.plan_image",
        "floor",
        floor_id,
        serde_json::json!({ "content_type": kind, "bytes": size }),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The plan image of floor `floor_id` of the building `slug`; [`BuildingAdminError::NotFound`]
/// when it has none.
pub async fn get(
    db: &DatabaseConnection,
    slug: &str,
    floor_id: i32,
) -> Result<PlanImage, BuildingAdminError> {
    floor_in(db, slug, floor_id).await?;
    let row = floor_plan_image::Entity::find_by_id(floor_id)
        .one(db)
        .await?
        .ok_or(BuildingAdminError::NotFound)?;
    Ok(PlanImage {
        content_type: row.content_type,
        bytes: row.bytes,
        updated_at: row.updated_at,
    })
}

/// Removes the plan image of floor `floor_id`; [`BuildingAdminError::NotFound`] when it has
/// none.
#[tracing::instrument(skip(db, who), fields(by = who.person_id))]
pub async fn remove(
    db: &DatabaseConnection,
    who: &Principal,
    slug: &str,
    floor_id: i32,
    now: DateTime<Utc>,
) -> Result<(), BuildingAdminError> {
    let txn = begin_write(db).await?;
    floor_in(&txn, slug, floor_id).await?;
    let deleted = floor_plan_image::Entity::delete_by_id(floor_id)
        .exec(&txn)
        .await?;
    if deleted.rows_affected == 0 {
        return Err(BuildingAdminError::NotFound);
    }
    audit(
        &txn,
        who,
        "floor.plan_image_removed",
        "floor",
        floor_id,
        serde_json::json!({}),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_and_jpeg_are_known_by_their_signatures() {
        assert_eq!(
            check("image/png", b"\x89PNG\r\n\x1a\nrest").ok(),
            Some("image/png")
        );
        assert_eq!(
            check("image/jpeg", &[0xFF, 0xD8, 0xFF, 0xE0]).ok(),
            Some("image/jpeg")
        );
        assert!(check("image/png", &[0xFF, 0xD8, 0xFF, 0xE0]).is_err());
        assert!(check("image/jpeg", b"\x89PNG\r\n\x1a\n").is_err());
        assert!(check("image/gif", b"GIF89a").is_err());
        assert!(check("image/png", b"").is_err());
    }

    #[test]
    fn a_plain_svg_is_taken_and_an_active_one_refused() {
        let plain = br##"<?xml version="1.0"?><!-- plan --><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#eee"/><text>Zone</text></svg>"##;
        assert_eq!(check("image/svg+xml", plain).ok(), Some("image/svg+xml"));
        for active in [
            r#"<svg><script>alert(1)</script></svg>"#,
            r#"<svg><SCRIPT >alert(1)</SCRIPT></svg>"#,
            r#"<svg onload="alert(1)"></svg>"#,
            r#"<svg><rect ONCLICK = "x()"/></svg>"#,
            r#"<svg><foreignObject><div/></foreignObject></svg>"#,
            r#"<svg><a href="javascript:alert(1)"><text>x</text></a></svg>"#,
            r#"<svg><image href="https://tracker.example/x.png"/></svg>"#,
            r#"<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>"#,
            "<html><body>not svg</body></html>",
        ] {
            assert!(
                check("image/svg+xml", active.as_bytes()).is_err(),
                "{active}"
            );
        }
        // A word containing "on" is no event handler.
        let words =
            br#"<svg><text font-family="Montserrat" class="zone">Beratung on floor</text></svg>"#;
        assert!(check("image/svg+xml", words).is_ok());
    }

    #[test]
    fn an_image_over_the_limit_is_too_large() {
        let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
        big.resize(MAX_PLAN_BYTES + 1, 0);
        assert!(matches!(
            check("image/png", &big),
            Err(BuildingAdminError::TooLarge)
        ));
    }
}
