//! Who is calling, and what they may do: the one authorization matrix of Platzwahl.
//!
//! The server resolves every request's session cookie or bearer token into a [`Caller`] and puts
//! it into the request's extensions; server functions and API handlers read it from there and
//! ask [`Principal::require`] for the [`Permission`] they need. The browser only hides what is
//! not allowed; this module decides.

use entities::enums::Role;

use crate::error::Error;

/// Who made a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// A signed-in person (browser session or personal access token).
    Person(Principal),
    /// A badge reader or kiosk with a device token.
    Device(Device),
}

/// A signed-in person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// `person.id`.
    pub person_id: i32,
    /// The person's organisation (`organisation.id`).
    pub organisation_id: i32,
    /// The person's unit (`unit.id`), if any.
    pub unit_id: Option<i32>,
    /// The roles the person holds.
    pub roles: Vec<Role>,
    /// How the person proved who they are.
    pub via: Via,
}

/// How a person's request is authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    /// A browser session (`web_session.id`).
    Session(i32),
    /// A personal access token (`api_token.id`) with its scopes.
    Token {
        /// `api_token.id`.
        id: i32,
        /// What the token may be used for.
        scopes: Vec<Scope>,
    },
    /// A badge held to a badge reader (`badge_reader.id`): enough to check in, nothing else.
    Badge(i32),
    /// A badge or passkey at a room's door display (`api_token.id` of the display's device
    /// token): enough to check in and to reserve a room now ([`crate::rooms::door`]), nothing
    /// else.
    Door(i32),
    /// The allocator booking for the person on a request they or their unit lead made (the day
    /// allocation, team booking): enough to book a desk, nothing else.
    Allocator,
}

/// A badge reader or kiosk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// `api_token.id` of the device token.
    pub token_id: i32,
    /// What the device may do.
    pub scopes: Vec<Scope>,
}

/// What a token may be used for. A session may do everything its person's roles allow; a token
/// only what its scopes name, and never more than its person's roles allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Read the building, floors, occupancy and one's own bookings.
    Read,
    /// Book and cancel desks and rooms.
    Book,
    /// Administrative changes the person's roles allow.
    Admin,
    /// Check people in (badge readers, kiosks).
    CheckIn,
    /// Connect to the embedded MQTT broker, with the token's name as the user name and the
    /// token as the password (sensor gateways, badge readers); no use over HTTP.
    Mqtt,
    /// Show a room's day at its door, or a floor's free places in the entrance (door and
    /// floor displays under `/displays/`); nothing else.
    Display,
}

impl Scope {
    /// All scopes, in the order they are listed.
    pub const ALL: [Scope; 6] = [
        Scope::Read,
        Scope::Book,
        Scope::Admin,
        Scope::CheckIn,
        Scope::Mqtt,
        Scope::Display,
    ];

    /// The name used in the API and stored in `api_token.scopes`.
    pub fn code(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Book => "book",
            Scope::Admin => "admin",
            Scope::CheckIn => "checkin",
            Scope::Mqtt => "mqtt",
            Scope::Display => "display",
        }
    }

    /// Parses a scope name.
    pub fn from_code(code: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|scope| scope.code() == code)
    }

    /// Parses a space-separated scope list as stored; unknown names are dropped.
    pub fn parse_list(list: &str) -> Vec<Scope> {
        list.split_whitespace()
            .filter_map(Scope::from_code)
            .collect()
    }

    /// Formats scopes as stored: space-separated.
    pub fn format_list(scopes: &[Scope]) -> String {
        scopes
            .iter()
            .map(|scope| scope.code())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Something a request wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// See the building, its floors, desks, rooms and live occupancy.
    ViewBuilding,
    /// Book and cancel one's own desks.
    BookDesk,
    /// Reserve protected consultation rooms.
    ReserveProtectedRoom,
    /// Reserve meeting rooms (not protected).
    ReserveRoom,
    /// Book desks for the people of one's own unit.
    BookForUnit,
    /// See aggregated occupancy reports and sensor health.
    ViewReports,
    /// Set booking policies.
    ManagePolicies,
    /// Create people of one's own organisation and invite them; edit, move, deactivate,
    /// reactivate, export and erase them.
    ManagePeople,
    /// See the people of one's own organisation (building administrators: of every
    /// organisation), their units and roles.
    ViewPeople,
    /// Maintain floors, zones, desks, rooms and sensors; issue device tokens.
    ManageBuilding,
    /// Manage one's own passkeys, sessions and personal access tokens.
    ManageOwnAccount,
    /// Check in one's own desk booking or room reservation, and check out.
    CheckIn,
    /// Run the desks of the building: block desks and zones for some days (the bookings in
    /// the way are moved), run a day's allocation before its cut-off.
    ManageDesks,
    /// Read the audit log of one's own organisation (building administrators: also the
    /// building's).
    ViewAudit,
    /// Speak for one's own organisation about its units' home zones: consent to a home-zone
    /// plan that moves them.
    ManageUnits,
    /// The front desk: ask for a room of the entrance zone now, for a walk-in (reserved at
    /// once in the caller's name, without any citizen's data; counted by hour, never named).
    /// Granted with the front-desk role and the counsellor role, and only to people of
    /// organisations the building administrator admits to the entrance zone
    /// ([`crate::entrance`]).
    RoomNow,
}

impl Permission {
    /// The roles that grant this permission (any one of them suffices).
    pub fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Permission::ViewBuilding | Permission::ManageOwnAccount => &[
                Employee,
                Counsellor,
                FrontDesk,
                UnitLead,
                FacilityManager,
                OrgAdmin,
                BuildingAdmin,
            ],
            Permission::BookDesk | Permission::CheckIn => &[Employee, Counsellor, UnitLead],
            Permission::ReserveProtectedRoom => &[Counsellor],
            Permission::RoomNow => &[FrontDesk, Counsellor],
            Permission::ReserveRoom => &[Employee, Counsellor, UnitLead, FacilityManager],
            Permission::BookForUnit => &[UnitLead],
            Permission::ViewReports => &[FacilityManager, BuildingAdmin],
            Permission::ManagePolicies => &[FacilityManager, OrgAdmin, BuildingAdmin],
            Permission::ManagePeople | Permission::ManageUnits => &[OrgAdmin],
            Permission::ViewPeople => &[OrgAdmin, BuildingAdmin],
            Permission::ManageBuilding => &[BuildingAdmin],
            Permission::ManageDesks => &[FacilityManager, BuildingAdmin],
            Permission::ViewAudit => &[OrgAdmin, BuildingAdmin],
        }
    }

    /// The scope a personal access token needs for this permission; `None`: tokens may never
    /// do it (account management needs a browser session with a passkey).
    pub fn scope(self) -> Option<Scope> {
        match self {
            Permission::ViewBuilding | Permission::ViewReports => Some(Scope::Read),
            Permission::BookDesk
            | Permission::ReserveProtectedRoom
            | Permission::ReserveRoom
            | Permission::BookForUnit
            | Permission::CheckIn
            | Permission::RoomNow => Some(Scope::Book),
            Permission::ManagePolicies
            | Permission::ManagePeople
            | Permission::ManageUnits
            | Permission::ViewPeople
            | Permission::ManageBuilding
            | Permission::ManageDesks
            | Permission::ViewAudit => Some(Scope::Admin),
            Permission::ManageOwnAccount => None,
        }
    }
}

impl Principal {
    /// Whether the person holds `role`.
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Whether this request may do `permission`: a role grants it, and a token's scopes cover it.
    pub fn may(&self, permission: Permission) -> bool {
        let by_role = permission.roles().iter().any(|role| self.has_role(*role));
        let by_credential = match &self.via {
            Via::Session(_) => true,
            Via::Token { scopes, .. } => permission
                .scope()
                .is_some_and(|needed| scopes.contains(&needed)),
            Via::Badge(_) => permission == Permission::CheckIn,
            Via::Door(_) => matches!(
                permission,
                Permission::CheckIn | Permission::ReserveRoom | Permission::ReserveProtectedRoom
            ),
            Via::Allocator => permission == Permission::BookDesk,
        };
        by_role && by_credential
    }

    /// `Ok` if this request may do `permission`, [`Error::Forbidden`] otherwise.
    pub fn require(&self, permission: Permission) -> Result<(), Error> {
        if self.may(permission) {
            Ok(())
        } else {
            Err(Error::Forbidden)
        }
    }
}

impl Device {
    /// Whether the device token carries `scope`.
    pub fn has_scope(&self, scope: Scope) -> bool {
        self.scopes.contains(&scope)
    }
}

/// An active person with their roles, as a [`Principal`] authenticated `via`; `None` for an
/// unknown or deactivated person.
pub async fn load_principal(
    db: &impl sea_orm::ConnectionTrait,
    person_id: i32,
    via: Via,
) -> Result<Option<Principal>, sea_orm::DbErr> {
    use entities::{person, person_role};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    let Some(person) = person::Entity::find_by_id(person_id)
        .filter(person::Column::Active.eq(true))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let roles: Vec<Role> = person_role::Entity::find()
        .select_only()
        .column(person_role::Column::Role)
        .filter(person_role::Column::PersonId.eq(person_id))
        .into_tuple()
        .all(db)
        .await?;
    Ok(Some(Principal {
        person_id: person.id,
        organisation_id: person.organisation_id,
        unit_id: person.unit_id,
        roles,
        via,
    }))
}

/// How long a passkey confirmation lasts for the steps that need one (step-up): adding a
/// passkey, creating a token with the `admin` scope, changing someone's roles.
pub const STEP_UP_MINUTES: i64 = 5;

/// Whether a session last verified at `verified_at` may still take a step-up step at `now`.
pub fn step_up_is_fresh(
    verified_at: Option<chrono::DateTime<chrono::Utc>>,
    now: chrono::DateTime<chrono::Utc>,
) -> bool {
    verified_at
        .is_some_and(|at| at <= now && now - at <= chrono::Duration::minutes(STEP_UP_MINUTES))
}

/// Refuses with [`Error::StepUpRequired`] unless `principal` is in a browser session whose
/// person proved with a passkey within the last [`STEP_UP_MINUTES`] minutes (at sign-in, or by
/// confirming again). Tokens never pass: such a step needs the person at the keyboard.
pub async fn require_step_up(
    db: &impl sea_orm::ConnectionTrait,
    principal: &Principal,
) -> Result<(), Error> {
    use sea_orm::EntityTrait;
    let Via::Session(session_id) = principal.via else {
        return Err(Error::StepUpRequired);
    };
    let verified_at = entities::web_session::Entity::find_by_id(session_id)
        .one(db)
        .await?
        .filter(|session| session.person_id == principal.person_id)
        .and_then(|session| session.verified_at);
    if step_up_is_fresh(verified_at, chrono::Utc::now()) {
        Ok(())
    } else {
        Err(Error::StepUpRequired)
    }
}

/// Records that the person of session `session_id` has just confirmed with a passkey.
pub async fn mark_verified(
    db: &impl sea_orm::ConnectionTrait,
    session_id: i32,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sea_orm::DbErr> {
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    entities::web_session::Entity::update_many()
        .col_expr(entities::web_session::Column::VerifiedAt, Expr::value(now))
        .filter(entities::web_session::Column::Id.eq(session_id))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_up_lasts_five_minutes_and_never_comes_from_the_future() {
        let now = chrono::Utc::now();
        assert!(step_up_is_fresh(Some(now), now));
        assert!(step_up_is_fresh(
            Some(now - chrono::Duration::minutes(5)),
            now
        ));
        assert!(!step_up_is_fresh(
            Some(now - chrono::Duration::minutes(5) - chrono::Duration::seconds(1)),
            now
        ));
        assert!(!step_up_is_fresh(None, now));
        assert!(!step_up_is_fresh(
            Some(now + chrono::Duration::minutes(1)),
            now
        ));
    }

    fn person(roles: &[Role], via: Via) -> Principal {
        Principal {
            person_id: 1,
            organisation_id: 1,
            unit_id: Some(1),
            roles: roles.to_vec(),
            via,
        }
    }

    #[test]
    fn a_role_grants_its_permissions_in_a_session() {
        let employee = person(&[Role::Employee], Via::Session(1));
        assert!(employee.may(Permission::BookDesk));
        assert!(!employee.may(Permission::ReserveProtectedRoom));
        assert!(!employee.may(Permission::ManageBuilding));
        let counsellor = person(&[Role::Employee, Role::Counsellor], Via::Session(1));
        assert!(counsellor.may(Permission::ReserveProtectedRoom));
    }

    #[test]
    fn a_token_needs_the_scope_and_the_role() {
        let reader = person(
            &[Role::Employee],
            Via::Token {
                id: 1,
                scopes: vec![Scope::Read],
            },
        );
        assert!(reader.may(Permission::ViewBuilding));
        assert!(!reader.may(Permission::BookDesk), "no book scope");
        let admin_scope_without_role = person(
            &[Role::Employee],
            Via::Token {
                id: 1,
                scopes: Scope::ALL.to_vec(),
            },
        );
        assert!(!admin_scope_without_role.may(Permission::ManageBuilding));
        assert!(
            !admin_scope_without_role.may(Permission::ManageOwnAccount),
            "tokens never manage the account"
        );
    }

    #[test]
    fn scope_lists_round_trip_and_drop_unknown_names() {
        assert_eq!(
            Scope::parse_list("read  book nonsense"),
            vec![Scope::Read, Scope::Book]
        );
        assert_eq!(
            Scope::format_list(&[Scope::Read, Scope::CheckIn]),
            "read checkin"
        );
    }
}
