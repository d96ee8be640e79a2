//! The audit log as administrators read it, and its retention.

use super::*;

/// A page of the audit log an administrator may see, newest first: the entries of their
/// organisation, and for building administrators also those of no organisation (the
/// building's configuration). Entries before id `before`, at most `limit`
/// ([`MAX_AUDIT_PAGE`]).
pub async fn audit_page(
    db: &DatabaseConnection,
    who: &Principal,
    before: Option<i64>,
    limit: u64,
) -> Result<AuditPage, DbErr> {
    let limit = limit.clamp(1, MAX_AUDIT_PAGE);
    let mut whose = Condition::any().add(audit_log::Column::OrganisationId.eq(who.organisation_id));
    if who.has_role(Role::BuildingAdmin) {
        whose = whose.add(audit_log::Column::OrganisationId.is_null());
    }
    let mut find = audit_log::Entity::find()
        .filter(whose)
        // Notices to a person about their own bookings are theirs, not the organisation's.
        .filter(audit_log::Column::Action.ne(crate::notices::PLACE_REMOVED))
        .order_by_desc(audit_log::Column::Id)
        .limit(limit + 1);
    if let Some(before) = before {
        find = find.filter(audit_log::Column::Id.lt(before));
    }
    let mut rows = find.all(db).await?;
    let more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let actors: HashSet<i32> = rows.iter().filter_map(|r| r.actor_person_id).collect();
    let names: HashMap<i32, String> = person::Entity::find()
        .filter(person::Column::Id.is_in(actors))
        .filter(person::Column::OrganisationId.eq(who.organisation_id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.display_name))
        .collect();
    let next_before = more.then(|| rows.last().map(|r| r.id)).flatten();
    Ok(AuditPage {
        entries: rows
            .into_iter()
            .map(|r| AuditEntry {
                id: r.id,
                at: r.at,
                actor: r.actor_person_id.and_then(|p| names.get(&p).cloned()),
                action: r.action,
                entity: r.entity,
                entity_id: r.entity_id,
                detail: r.detail.map(|d| d.to_string()),
            })
            .collect(),
        next_before,
    })
}

/// Deletes audit entries older than `keep_days` days. The entries deleted.
pub async fn delete_old_audit(
    db: &DatabaseConnection,
    keep_days: u32,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let cutoff = now - Duration::days(i64::from(keep_days));
    Ok(audit_log::Entity::delete_many()
        .filter(audit_log::Column::At.lt(cutoff))
        .exec(db)
        .await?
        .rows_affected)
}
