//! German (default) and English texts.
//!
//! Every text is a field of [`Texts`], so a language without a text does not compile. The
//! language comes from the `pw_lang` cookie or the browser's `Accept-Language` on the server,
//! and from the `lang` attribute of the server-rendered `<html>` element in the browser, so
//! both render the same page.

use serde::{Deserialize, Serialize};

pub mod accessibility;
pub mod floor_zones;
pub mod mail;
pub mod people_admin;
pub mod planner;
pub mod push;
pub mod reports;
pub mod sso;
pub mod units_admin;

/// A language of the user interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    /// German, the default.
    #[default]
    De,
    /// English.
    En,
}

/// The name of the cookie that keeps a person's language choice.
pub const LANG_COOKIE: &str = "pw_lang";

impl Lang {
    /// The BCP 47 code, as used in `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    /// Parses a language code such as `en`, `en-GB` or `de-DE`; `None` for other languages.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "de" => Some(Lang::De),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language a request asks for: its cookie first, then the first supported language of
    /// its `Accept-Language` header, then German.
    pub fn negotiate(cookie_header: Option<&str>, accept_language: Option<&str>) -> Lang {
        let from_cookie = cookie_header.and_then(|cookies| {
            cookies.split(';').find_map(|pair| {
                let (name, value) = pair.trim().split_once('=')?;
                (name == LANG_COOKIE)
                    .then(|| Lang::from_code(value))
                    .flatten()
            })
        });
        let from_header = || {
            accept_language.and_then(|header| {
                header
                    .split(',')
                    .filter_map(|item| item.split(';').next())
                    .find_map(Lang::from_code)
            })
        };
        from_cookie.or_else(from_header).unwrap_or_default()
    }

    /// The other language, offered by the language switch.
    pub fn other(self) -> Lang {
        match self {
            Lang::De => Lang::En,
            Lang::En => Lang::De,
        }
    }

    /// The texts of this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::De => &DE,
            Lang::En => &EN,
        }
    }
}

/// Every text of the user interface, in one language.
#[derive(Debug)]
pub struct Texts {
    /// The facility-management and privacy pages.
    pub reports: &'static reports::ReportTexts,
    /// The home-zone plan page.
    pub planner: &'static planner::PlannerTexts,
    /// The units page of organisation administrators.
    pub units_admin: &'static units_admin::UnitsAdminTexts,
    /// Single sign-on on the sign-in page.
    pub sso: &'static sso::SsoTexts,
    /// The people administration pages.
    pub people_admin: &'static people_admin::PeopleAdminTexts,
    /// The accessibility statement.
    pub accessibility: &'static accessibility::AccessibilityTexts,
    /// Name of the language in itself, shown on the switch.
    pub language_name: &'static str,
    /// Label of the language switch.
    pub switch_language: &'static str,
    /// Link that skips the navigation.
    pub skip_to_content: &'static str,
    /// The product's tag line.
    pub tagline: &'static str,
    /// Heading of the floor list.
    pub floors: &'static str,
    /// "Floor".
    pub floor: &'static str,
    /// "Desks".
    pub desks: &'static str,
    /// "Rooms".
    pub rooms: &'static str,
    /// "Zones".
    pub zones: &'static str,
    /// "Capacity".
    pub capacity: &'static str,
    /// Label of the floor plan.
    pub floor_plan: &'static str,
    /// Heading of the list view of desks.
    pub desk_list: &'static str,
    /// Heading of the list view of rooms.
    pub room_list: &'static str,
    /// "Desk".
    pub desk: &'static str,
    /// "Room".
    pub room: &'static str,
    /// "Zone".
    pub zone: &'static str,
    /// "Equipment".
    pub equipment: &'static str,
    /// "Name" (list column).
    pub name: &'static str,
    /// "Kind" of a room (list column).
    pub room_kind: &'static str,
    /// "State".
    pub state: &'static str,
    /// Hint shown before a desk is selected.
    pub select_desk_hint: &'static str,
    /// Close the details panel.
    pub close: &'static str,
    /// Desk state: free.
    pub state_free: &'static str,
    /// Desk state: blocked.
    pub state_blocked: &'static str,
    /// Sensor: somebody is at the desk or in the room now.
    pub live_occupied: &'static str,
    /// Sensor: nobody is there now.
    pub live_vacant: &'static str,
    /// Sensor: silent or unreachable.
    pub live_unknown: &'static str,
    /// The desk or room has no sensor.
    pub live_no_sensor: &'static str,
    /// Column heading and details label: what the sensor says now.
    pub live_heading: &'static str,
    /// A protected room is taken now.
    pub room_taken: &'static str,
    /// A protected room is free now.
    pub room_free: &'static str,
    /// Docking station.
    pub docking: &'static str,
    /// One monitor.
    pub one_monitor: &'static str,
    /// Two monitors.
    pub two_monitors: &'static str,
    /// Height-adjustable desk.
    pub height_adjustable: &'static str,
    /// Accessible desk.
    pub accessible: &'static str,
    /// No special equipment.
    pub no_equipment: &'static str,
    /// Step-free access to a room.
    pub step_free: &'static str,
    /// Hearing loop in a room.
    pub hearing_loop: &'static str,
    /// Protected consultation room.
    pub protected_room: &'static str,
    /// Ordinary meeting room.
    pub meeting_room: &'static str,
    /// Zone kind: entrance.
    pub kind_entrance: &'static str,
    /// Zone kind: consultation.
    pub kind_consultation: &'static str,
    /// Zone kind: work.
    pub kind_work: &'static str,
    /// Zone kind: quiet.
    pub kind_quiet: &'static str,
    /// "Persons" (room capacity unit).
    pub persons: &'static str,
    /// Back to the building.
    pub back_to_building: &'static str,
    /// Loading indicator.
    pub loading: &'static str,
    /// Legend heading.
    pub legend: &'static str,
    /// Slot: the morning.
    pub slot_morning: &'static str,
    /// Slot: the afternoon.
    pub slot_afternoon: &'static str,
    /// Slot: the whole day.
    pub slot_full_day: &'static str,
    /// Desk state: booked by somebody else.
    pub state_booked: &'static str,
    /// Desk state: booked by the person looking.
    pub state_mine: &'static str,
    /// Booking refused: the slot has already ended.
    pub refused_in_the_past: &'static str,
    /// Booking refused: too far ahead.
    pub refused_too_far_ahead: &'static str,
    /// Booking refused: outside the unit's home zones.
    pub refused_outside_home_zone: &'static str,
    /// Booking refused: only full days here.
    pub refused_half_days_not_allowed: &'static str,
    /// Booking refused: weekly limit reached.
    pub refused_weekly_limit: &'static str,
    /// Booking refused: the desk is blocked.
    pub refused_blocked: &'static str,
    /// Booking refused: somebody else has the desk.
    pub refused_desk_taken: &'static str,
    /// Booking refused: the person has a desk already.
    pub refused_person_has_desk: &'static str,
    /// Check-in refused: no booking here now.
    pub refused_no_booking: &'static str,
    /// Refusal: a check-in without evidence of presence.
    pub refused_not_here: &'static str,
    /// Refusal: longer than the room's longest slot.
    pub refused_slot_too_long: &'static str,
    /// Refusal: longer than the room's longest slot; {minutes} is that slot.
    pub refused_slot_limit: &'static str,
    /// Refusal: the organisation is not admitted to the entrance zone.
    pub refused_not_admitted: &'static str,
    pub refused_no_desk_free: &'static str,
    pub refused_no_suitable_desk: &'static str,
    /// My bookings page: heading and menu link.
    pub my_bookings_title: &'static str,
    /// Heading of the notices.
    pub notices_heading: &'static str,
    /// A booking was released.
    pub notice_released: &'static str,
    /// A booking was moved.
    pub notice_moved: &'static str,
    /// The day allocation gave a desk.
    pub notice_placed: &'static str,
    /// The day allocation found none.
    pub notice_unplaced: &'static str,
    /// Notice: a desk or room was removed and the booking cancelled.
    pub notice_removed: &'static str,
    /// Notice: the room was removed and the reservation moved to another room.
    pub notice_room_moved: &'static str,
    /// Refusal: requests for the day have closed.
    pub refused_requests_closed: &'static str,
    /// Request state.
    pub request_pending: &'static str,
    /// Request state.
    pub request_placed: &'static str,
    /// Request state.
    pub request_unplaced: &'static str,
    /// Request state.
    pub request_declined: &'static str,
    /// Request state.
    pub request_withdrawn: &'static str,
    /// Heading of the day allocation.
    pub request_heading: &'static str,
    /// What the day allocation does.
    pub request_intro: &'static str,
    /// Button: ask for a desk.
    pub request_button: &'static str,
    /// Heading of one's requests.
    pub request_mine: &'static str,
    /// No requests.
    pub request_none: &'static str,
    /// Before the time requests close.
    pub request_closes: &'static str,
    /// Button: withdraw a pending request.
    pub request_withdraw: &'static str,
    /// Button: decline a desk given.
    pub request_decline: &'static str,
    /// Title of the "find me a desk" page.
    pub find_title: &'static str,
    /// What the page does.
    pub find_intro: &'static str,
    /// Legend of the needs.
    pub find_needs: &'static str,
    /// A need's select: does not matter.
    pub need_any: &'static str,
    /// A need's select: nice to have.
    pub need_nice: &'static str,
    /// A need's select: must have.
    pub need_must: &'static str,
    /// Button: find and book.
    pub find_button: &'static str,
    /// Link to the desk on the floor plan.
    pub find_show_on_plan: &'static str,
    /// Column: why this desk.
    pub find_why: &'static str,
    /// Menu link to the page.
    pub find_link: &'static str,
    /// Title of the team booking page.
    pub team_title: &'static str,
    /// What the page does.
    pub team_intro: &'static str,
    /// Legend of the member list.
    pub team_members: &'static str,
    /// Button: book for the team.
    pub team_button: &'static str,
    /// Column: person.
    pub team_person: &'static str,
    /// Booking controls: the day.
    pub day_label: &'static str,
    /// Booking controls: the slot.
    pub slot_label: &'static str,
    /// Booking controls: apply day, slot and filters.
    pub show_button: &'static str,
    /// Booking controls: the equipment filter.
    pub filter_heading: &'static str,
    /// Desk details: book it.
    pub book_button: &'static str,
    /// Desk details: the weekly pattern.
    pub book_repeat: &'static str,
    /// Desk details: number of weeks.
    pub weeks_label: &'static str,
    /// Monday.
    pub weekday_mon: &'static str,
    /// Tuesday.
    pub weekday_tue: &'static str,
    /// Wednesday.
    pub weekday_wed: &'static str,
    /// Thursday.
    pub weekday_thu: &'static str,
    /// Friday.
    pub weekday_fri: &'static str,
    /// Booking result: booked.
    pub booked_ok: &'static str,
    /// Booking result: refused.
    pub refused_label: &'static str,
    /// Booking result heading.
    pub booking_result: &'static str,
    /// Cancel one booking.
    pub cancel_button: &'static str,
    /// After cancelling.
    pub cancelled_ok: &'static str,
    /// My bookings: upcoming.
    pub upcoming_heading: &'static str,
    /// My bookings: past.
    pub past_heading: &'static str,
    /// My bookings: none.
    pub no_bookings: &'static str,
    /// A booking that is checked in.
    pub checked_in_label: &'static str,
    /// Table header: state.
    pub status_label: &'static str,
    /// Booking state: active.
    pub status_active: &'static str,
    /// Booking state: cancelled.
    pub status_cancelled: &'static str,
    /// Booking state: released after a no-show.
    pub status_released: &'static str,
    /// Booking state: checked out early.
    pub status_checked_out: &'static str,
    /// My bookings: cancel a date range.
    pub cancel_range_heading: &'static str,
    /// Date range: first day.
    pub from_label: &'static str,
    /// Date range: last day.
    pub to_label: &'static str,
    /// Cancel a date range.
    pub cancel_range_button: &'static str,
    /// How many bookings were cancelled.
    pub cancelled_count: &'static str,
    /// Calendar feed heading.
    pub calendar_heading: &'static str,
    /// Calendar feed: what it is.
    pub calendar_intro: &'static str,
    /// Calendar feed: create.
    pub calendar_create: &'static str,
    /// Calendar feed: revoke.
    pub calendar_revoke: &'static str,
    /// Calendar feed: one is active.
    pub calendar_active: &'static str,
    /// Calendar feed: none.
    pub calendar_none: &'static str,
    /// Calendar feed: shown once.
    pub calendar_copy: &'static str,
    /// Floor page: where colleagues sit today.
    pub colleagues_heading: &'static str,
    /// Nobody shares their desk today.
    pub colleagues_none: &'static str,
    /// Opt-in to share one's desk.
    pub share_location_label: &'static str,
    /// Save.
    pub save_button: &'static str,
    /// Desk details: state for the chosen slot.
    pub state_for_slot: &'static str,
    /// Desk details: the desk is outside the unit's home zones.
    pub outside_home_zone_hint: &'static str,
    /// Desk details: the desk is in a home zone.
    pub home_zone_hint: &'static str,
    /// Building overview: a home zone of the viewer's unit.
    pub home_zone_label: &'static str,
    /// Label of the list of the installation's buildings.
    pub buildings_label: &'static str,
    /// Check-in page: heading.
    pub checkin_title: &'static str,
    /// Check-in page: what confirming does at a desk.
    pub checkin_explain_desk: &'static str,
    /// Check-in page: what confirming does in a room.
    pub checkin_explain_room: &'static str,
    /// Check-in page: the passkey button.
    pub checkin_confirm: &'static str,
    /// Check-in page: the check-in failed.
    pub checkin_failed: &'static str,
    /// Check-in page: checked in.
    pub checkin_done: &'static str,
    /// Check-in page: the person is checked in at this desk.
    pub checkin_checked_in: &'static str,
    /// Check-in page: booked here today, not yet checked in.
    pub checkin_booked_not_checked_in: &'static str,
    /// Check-in page: the check-out button.
    pub checkin_check_out: &'static str,
    /// Check-in page: after checking out.
    pub checkin_checked_out: &'static str,
    /// QR sheet: heading.
    pub qr_sheet_title: &'static str,
    /// QR sheet: what to do with it.
    pub qr_sheet_hint: &'static str,
    /// QR sheet: the print button.
    pub qr_print: &'static str,
    /// QR sheet: the line under each code.
    pub qr_scan: &'static str,
    /// Floor page: link to the QR sheet.
    pub qr_sheet_link: &'static str,
    /// Error: the request is not valid.
    pub error_invalid_input: &'static str,
    /// The request conflicts with what is stored.
    pub error_conflict: &'static str,
    /// Error: not found.
    pub error_not_found: &'static str,
    /// Error: internal.
    pub error_internal: &'static str,
    /// Error: transport.
    pub error_transport: &'static str,
    /// The database is unreachable for a moment.
    pub error_unavailable: &'static str,
    /// A step that needs a fresh passkey confirmation (step-up).
    pub error_step_up: &'static str,
    /// Account page: what needs a fresh passkey confirmation.
    pub step_up_hint: &'static str,
    /// Account page: the button that confirms with a passkey.
    pub step_up_button: &'static str,
    /// Account page: announced after the confirmation.
    pub step_up_done: &'static str,
    /// Banner shown in demo mode.
    pub demo_banner: &'static str,
    /// Error: not signed in.
    pub error_unauthorized: &'static str,
    /// Error: not allowed.
    pub error_forbidden: &'static str,
    /// Title of the sign-in page.
    pub sign_in_title: &'static str,
    /// Sign-in page introduction.
    pub sign_in_intro: &'static str,
    /// Sign-in button.
    pub sign_in_with_passkey: &'static str,
    /// Shown while the browser asks for the passkey.
    pub passkey_working: &'static str,
    /// Shown when a passkey ceremony failed.
    pub passkey_failed: &'static str,
    /// Shown when the browser has no passkeys.
    pub passkey_unsupported: &'static str,
    /// Heading of the demo sign-in list.
    pub demo_sign_in_title: &'static str,
    /// Explains the demo sign-in list.
    pub demo_sign_in_intro: &'static str,
    /// Heading on the sign-in page of a fresh install without people.
    pub first_run_title: &'static str,
    /// How to create the first administrator (before the command).
    pub first_run_intro: &'static str,
    /// What the command prints and what to do with it (after the command).
    pub first_run_next: &'static str,
    /// Title of the invitation page.
    pub invite_title: &'static str,
    /// Greeting on the invitation page.
    pub invite_welcome: &'static str,
    /// Invitation page introduction.
    pub invite_intro: &'static str,
    /// An invitation link that cannot be used.
    pub invite_invalid: &'static str,
    /// Label of the passkey name field.
    pub passkey_name_label: &'static str,
    /// Default name of a new passkey.
    pub passkey_default_name: &'static str,
    /// Button that registers a passkey.
    pub create_passkey: &'static str,
    /// Title of the account page.
    pub account_title: &'static str,
    /// Heading of the passkey list.
    pub passkeys_heading: &'static str,
    /// Button that adds a passkey.
    pub add_passkey: &'static str,
    /// Rename button.
    pub rename: &'static str,
    /// Revoke button.
    pub revoke: &'static str,
    /// Column: created.
    pub created: &'static str,
    /// Column: last used.
    pub last_used: &'static str,
    /// Never used.
    pub never: &'static str,
    /// Heading of the token list.
    pub tokens_heading: &'static str,
    /// Label of the token name field.
    pub token_name_label: &'static str,
    /// Label of the scope choice.
    pub scopes_label: &'static str,
    /// Scope: read.
    pub scope_read: &'static str,
    /// Scope: book.
    pub scope_book: &'static str,
    /// Scope: administer.
    pub scope_admin: &'static str,
    /// Button that creates a token.
    pub create_token: &'static str,
    /// Shown with a new token.
    pub token_created_once: &'static str,
    /// Empty token list.
    pub no_tokens: &'static str,
    /// Sign-out button.
    pub sign_out: &'static str,
    /// Button that ends all sessions.
    pub sign_out_everywhere: &'static str,
    /// Explains signing out everywhere.
    pub sign_out_everywhere_hint: &'static str,
    /// Heading of the list of open sessions on the account page.
    pub sessions_heading: &'static str,
    /// Column: when a session or token ends.
    pub ends: &'static str,
    /// Marks the session the page was opened in.
    pub this_session: &'static str,
    /// Button: end one session.
    pub end_session: &'static str,
    /// Link to the account page.
    pub account: &'static str,
    /// Before the signed-in person's name.
    pub signed_in_as: &'static str,
    /// Heading: roles.
    pub roles: &'static str,
    /// Role: employee.
    pub role_employee: &'static str,
    /// Role: counsellor.
    pub role_counsellor: &'static str,
    /// The front desk (role `front_desk`).
    pub role_front_desk: &'static str,
    /// Role: unit lead.
    pub role_unit_lead: &'static str,
    /// Role: facility manager.
    pub role_facility_manager: &'static str,
    /// Role: organisation administrator.
    pub role_org_admin: &'static str,
    /// Role: building administrator.
    pub role_building_admin: &'static str,
    /// Heading: the rooms page.
    pub rooms_title: &'static str,
    /// Intro of the rooms page.
    pub rooms_intro: &'static str,
    /// Label of the room search form.
    pub rooms_search: &'static str,
    /// Label: from (time).
    pub rooms_from: &'static str,
    /// Label: until (time).
    pub rooms_to: &'static str,
    /// Label: at least this many seats.
    pub rooms_capacity: &'static str,
    /// Label: floor level.
    pub rooms_level: &'static str,
    /// Label: kind of room.
    pub rooms_kind: &'static str,
    /// Option: any.
    pub rooms_any: &'static str,
    /// Label: equipment.
    pub rooms_equipment: &'static str,
    /// Step-free access.
    pub rooms_step_free: &'static str,
    /// Hearing loop.
    pub rooms_hearing_loop: &'static str,
    /// Show a week.
    pub rooms_week_view: &'static str,
    /// Button: search.
    pub rooms_search_button: &'static str,
    /// After a number: seats.
    pub rooms_seats: &'static str,
    /// A room's buffers; {before} and {after} are minutes.
    pub rooms_buffers: &'static str,
    /// A room's longest reservation; {minutes} is minutes.
    pub rooms_max_slot: &'static str,
    /// No room matches.
    pub rooms_no_match: &'static str,
    /// State: free.
    pub rooms_free: &'static str,
    /// State: taken.
    pub rooms_taken: &'static str,
    /// Button: reserve.
    pub rooms_reserve: &'static str,
    /// Caption of the results.
    pub rooms_results: &'static str,
    /// Column: room.
    pub rooms_room: &'static str,
    /// Column: what the room has.
    pub rooms_features: &'static str,
    /// Repeat weekly.
    pub rooms_weekly: &'static str,
    /// Repeat every {n} weeks.
    pub rooms_every_weeks: &'static str,
    /// Note on a protected room.
    pub rooms_protected_note: &'static str,
    /// Label: subject.
    pub rooms_subject: &'static str,
    /// Label: notes.
    pub rooms_notes: &'static str,
    /// Label: repeat.
    pub rooms_repeat: &'static str,
    /// Option: do not repeat.
    pub rooms_once: &'static str,
    /// Label: last day of a series.
    pub rooms_until: &'static str,
    /// Series: only if every date is free.
    pub rooms_all_or_nothing: &'static str,
    /// {reserved} of {dates} dates reserved.
    pub rooms_outcome_summary: &'static str,
    /// Outcome: reserved.
    pub rooms_reserved: &'static str,
    /// Outcome: free but not reserved.
    pub rooms_not_reserved: &'static str,
    /// On the timeline: one's own reservation.
    pub rooms_mine_entry: &'static str,
    /// Heading: the timeline.
    pub rooms_timeline: &'static str,
    /// On the timeline: nothing reserved.
    pub rooms_free_all_day: &'static str,
    /// Heading: one's room reservations.
    pub rooms_mine: &'static str,
    /// No reservations.
    pub rooms_none: &'static str,
    /// State: reserved.
    pub rooms_state_active: &'static str,
    /// State: cancelled.
    pub rooms_state_cancelled: &'static str,
    /// State: released.
    pub rooms_state_released: &'static str,
    /// Button: cancel the series.
    pub rooms_cancel_series: &'static str,
    /// Button: cancel.
    pub rooms_cancel: &'static str,
    /// Summary: change the time.
    pub rooms_change: &'static str,
    /// Button: change.
    pub rooms_change_button: &'static str,
    /// Part of a series.
    pub rooms_series: &'static str,
    /// Column: when.
    pub rooms_when: &'static str,
    /// Column: subject.
    pub rooms_subject_short: &'static str,
    /// Column: state.
    pub rooms_state: &'static str,
    /// Column: actions.
    pub rooms_actions: &'static str,
    /// Kind: meeting room.
    pub room_privacy_standard: &'static str,
    /// Kind: protected consultation room.
    pub room_privacy_protected: &'static str,
    /// Refusal: the room is taken.
    pub refused_room_taken: &'static str,
}

/// German texts.
pub static DE: Texts = Texts {
    reports: &reports::DE,
    planner: &planner::DE,
    units_admin: &units_admin::DE,
    sso: &sso::DE,
    people_admin: &people_admin::DE,
    accessibility: &accessibility::DE,
    language_name: "Deutsch",
    switch_language: "Sprache",
    skip_to_content: "Zum Inhalt springen",
    tagline: "Arbeitsplätze und Räume im Haus",
    floors: "Etagen",
    floor: "Etage",
    desks: "Arbeitsplätze",
    rooms: "Räume",
    zones: "Zonen",
    capacity: "Plätze",
    floor_plan: "Grundriss",
    desk_list: "Arbeitsplätze als Liste",
    room_list: "Räume als Liste",
    desk: "Arbeitsplatz",
    room: "Raum",
    zone: "Zone",
    equipment: "Ausstattung",
    name: "Name",
    room_kind: "Art",
    state: "Zustand",
    select_desk_hint: "Wählen Sie im Grundriss oder in der Liste einen Arbeitsplatz, um Details zu sehen.",
    close: "Schließen",
    state_free: "frei",
    state_blocked: "gesperrt",
    live_occupied: "jetzt besetzt",
    live_vacant: "jetzt leer",
    live_unknown: "Sensor unbekannt",
    live_no_sensor: "kein Sensor",
    live_heading: "Belegung jetzt",
    room_taken: "belegt",
    room_free: "frei",
    docking: "Dockingstation",
    one_monitor: "1 Monitor",
    two_monitors: "2 Monitore",
    height_adjustable: "höhenverstellbar",
    accessible: "barrierefrei",
    no_equipment: "keine besondere Ausstattung",
    step_free: "stufenlos erreichbar",
    hearing_loop: "Induktionsschleife",
    protected_room: "geschützter Beratungsraum",
    meeting_room: "Besprechungsraum",
    kind_entrance: "Eingangsbereich",
    kind_consultation: "Beratungsbereich",
    kind_work: "Arbeitsbereich",
    kind_quiet: "Ruhebereich",
    persons: "Personen",
    back_to_building: "Zurück zum Gebäude",
    loading: "Wird geladen …",
    legend: "Legende",
    slot_morning: "Vormittag",
    slot_afternoon: "Nachmittag",
    slot_full_day: "ganzer Tag",
    state_booked: "belegt",
    state_mine: "von Ihnen gebucht",
    refused_in_the_past: "Dieser Zeitraum ist bereits vorbei.",
    refused_too_far_ahead: "So weit im Voraus kann noch nicht gebucht werden.",
    refused_outside_home_zone: "Dieser Arbeitsplatz liegt außerhalb der Heimatzonen Ihrer Einheit und ist noch nicht für andere freigegeben.",
    refused_half_days_not_allowed: "Hier können nur ganze Tage gebucht werden.",
    refused_weekly_limit: "Sie haben in dieser Woche bereits so viele Buchungen wie erlaubt.",
    refused_blocked: "Dieser Arbeitsplatz ist an diesem Tag gesperrt.",
    refused_desk_taken: "Dieser Arbeitsplatz ist in diesem Zeitraum schon vergeben.",
    refused_person_has_desk: "Sie haben in diesem Zeitraum bereits einen Arbeitsplatz gebucht.",
    refused_no_booking: "Sie haben hier jetzt keine Buchung.",
    refused_not_here: "Einchecken geht nur vor Ort: Der Sensor hat hier gerade niemanden bemerkt, und dieses Gerät ist nicht im Netz des Gebäudes. Setzen Sie sich und versuchen Sie es gleich noch einmal, oder halten Sie Ihren Ausweis an den Leser.",
    refused_slot_too_long: "Dieser Raum wird nur in kurzen Zeitfenstern reserviert: Die Zeit ist länger als seine Höchstdauer. Wählen Sie eine kürzere Zeit.",
    refused_slot_limit: "Dieser Raum wird höchstens {minutes} Minuten am Stück reserviert. Wählen Sie eine kürzere Zeit.",
    refused_not_admitted: "Ihre Organisation ist für die Erstberatungsräume des Eingangsbereichs nicht zugelassen. Die Administration des Gebäudes kann sie zulassen.",
    refused_no_desk_free: "Kein Platz frei: Alle passenden Plätze sind vergeben.",
    refused_no_suitable_desk: "Kein Platz in den Zonen Ihrer Einheit hat die benötigte Ausstattung.",
    my_bookings_title: "Meine Buchungen",
    notices_heading: "Mitteilungen",
    notice_released: "freigegeben, weil niemand eingecheckt hat.",
    notice_moved: "Ihr Platz wurde gesperrt; Platzwahl hat Ihre Buchung verlegt.",
    notice_placed: "zugeteilt und gebucht.",
    notice_unplaced: "Für Ihren Wunsch war kein Platz frei.",
    notice_removed: "Dieser Platz wurde aufgelöst; Ihre Buchung ist storniert.",
    notice_room_moved: "Der Raum wurde aufgelöst; Ihre Reservierung ist zur gleichen Zeit im neuen Raum.",
    refused_requests_closed: "Die Wünsche für diesen Tag sind geschlossen; die Verteilung ist gelaufen oder läuft gleich.",
    request_pending: "wartet auf die Verteilung",
    request_placed: "Platz zugeteilt und gebucht",
    request_unplaced: "kein Platz frei",
    request_declined: "abgelehnt",
    request_withdrawn: "zurückgezogen",
    request_heading: "Für einen Tag vormerken",
    request_intro: "Wünsche werden bis zum Vorabend gesammelt und dann gemeinsam verteilt: so sitzen Teams zusammen und die guten Plätze wechseln. Sie sehen das Ergebnis hier und können es ablehnen.",
    request_button: "Vormerken",
    request_mine: "Meine Vormerkungen",
    request_none: "Keine Vormerkungen.",
    request_closes: "Verteilung am",
    request_withdraw: "Zurückziehen",
    request_decline: "Ablehnen",
    find_title: "Platz finden",
    find_intro: "Platzwahl sucht den besten freien Platz für Sie – in den Heimatzonen Ihrer Einheit, nah bei Ihrem Team, mit der Ausstattung, die Sie brauchen – bucht ihn sofort und sagt, warum dieser.",
    find_needs: "Ausstattung",
    need_any: "egal",
    need_nice: "wäre schön",
    need_must: "muss sein",
    find_button: "Platz finden und buchen",
    find_show_on_plan: "Auf dem Plan zeigen",
    find_why: "Warum",
    find_link: "Platz finden",
    team_title: "Team buchen",
    team_intro: "Wählen Sie Personen Ihrer Einheit: Platzwahl bucht ihnen Plätze an einem Tag, möglichst zusammen in einer Zone, und sagt für jede Person, warum dieser Platz.",
    team_members: "Personen",
    team_button: "Plätze für das Team buchen",
    team_person: "Person",
    day_label: "Tag",
    slot_label: "Zeitraum",
    show_button: "Anzeigen",
    filter_heading: "Nur Plätze mit",
    book_button: "Buchen",
    book_repeat: "Wöchentlich wiederholen",
    weeks_label: "Wochen",
    weekday_mon: "Montag",
    weekday_tue: "Dienstag",
    weekday_wed: "Mittwoch",
    weekday_thu: "Donnerstag",
    weekday_fri: "Freitag",
    booked_ok: "gebucht",
    refused_label: "nicht gebucht",
    booking_result: "Ergebnis",
    cancel_button: "Stornieren",
    cancelled_ok: "Storniert.",
    upcoming_heading: "Anstehend",
    past_heading: "Vergangen",
    no_bookings: "Keine Buchungen.",
    checked_in_label: "eingecheckt",
    status_label: "Status",
    status_active: "aktiv",
    status_cancelled: "storniert",
    status_released: "freigegeben (nicht eingecheckt)",
    status_checked_out: "ausgecheckt",
    cancel_range_heading: "Abwesend? Alle Buchungen eines Zeitraums stornieren",
    from_label: "Von",
    to_label: "Bis",
    cancel_range_button: "Zeitraum stornieren",
    cancelled_count: "Stornierte Buchungen:",
    calendar_heading: "Kalender-Abo",
    calendar_intro: "Eine geheime Adresse, die Outlook, Thunderbird oder das Telefon als Kalender abonnieren; sie zeigt Ihre Buchungen. Wer die Adresse kennt, sieht sie auch. Eine neue Adresse macht die alte ungültig.",
    calendar_create: "Neue Kalenderadresse erzeugen",
    calendar_revoke: "Kalenderadresse widerrufen",
    calendar_active: "Eine Kalenderadresse ist aktiv.",
    calendar_none: "Keine Kalenderadresse aktiv.",
    calendar_copy: "Diese Adresse jetzt kopieren, sie wird nur einmal gezeigt:",
    colleagues_heading: "Kolleg:innen Ihrer Einheit heute",
    colleagues_none: "Heute teilt niemand aus Ihrer Einheit seinen Platz.",
    share_location_label: "Kolleg:innen meiner Einheit zeigen, wo ich sitze",
    save_button: "Speichern",
    state_for_slot: "Für diesen Zeitraum",
    outside_home_zone_hint: "Außerhalb der Heimatzonen Ihrer Einheit: buchbar erst, wenn die Regeln diese Zone für alle freigeben.",
    home_zone_hint: "In einer Heimatzone Ihrer Einheit.",
    home_zone_label: "Heimatzone Ihrer Einheit",
    buildings_label: "Gebäude",
    checkin_title: "Einchecken",
    checkin_explain_desk: "Bestätigen Sie mit Ihrem Passkey. Haben Sie diesen Platz heute gebucht, wird die Buchung eingecheckt; ist er frei, wird er für Sie für den Rest des Tages gebucht und eingecheckt.",
    checkin_explain_room: "Bestätigen Sie mit Ihrem Passkey, um Ihre aktuelle Reservierung dieses Raums einzuchecken.",
    checkin_confirm: "Mit Passkey einchecken",
    checkin_failed: "Einchecken fehlgeschlagen",
    checkin_done: "Eingecheckt.",
    checkin_checked_in: "Sie sind an diesem Platz eingecheckt",
    checkin_booked_not_checked_in: "Sie haben diesen Platz heute gebucht",
    checkin_check_out: "Auschecken und Platz freigeben",
    checkin_checked_out: "Ausgecheckt. Der Platz ist für den Rest des Tages wieder frei.",
    qr_sheet_title: "QR-Codes zum Einchecken",
    qr_sheet_hint: "Ein Code je Arbeitsplatz und Raum: ausdrucken, ausschneiden und gut sichtbar am Platz anbringen. Der Code öffnet die Check-in-Seite; eingecheckt wird erst mit einem Passkey.",
    qr_print: "Drucken",
    qr_scan: "Zum Einchecken scannen",
    qr_sheet_link: "QR-Codes dieses Geschosses drucken",
    error_invalid_input: "Die Angaben sind ungültig.",
    error_conflict: "Das geht gerade nicht, weil es dem Gespeicherten widerspricht.",
    error_not_found: "Nicht gefunden.",
    error_internal: "Ein interner Fehler ist aufgetreten. Bitte versuchen Sie es später erneut.",
    error_transport: "Der Server ist nicht erreichbar. Bitte prüfen Sie die Verbindung.",
    step_up_hint: "Einen Passkey hinzufügen und ein Token mit dem Recht „admin“ erstellen geht nur, wenn Sie sich in den letzten fünf Minuten mit Ihrem Passkey bestätigt haben.",
    step_up_button: "Mit Passkey bestätigen",
    step_up_done: "Bestätigt: für fünf Minuten.",
    error_step_up: "Bitte bestätigen Sie diesen Schritt zuerst mit Ihrem Passkey („Mit Passkey bestätigen“); die Bestätigung gilt fünf Minuten.",
    error_unavailable: "Platzwahl ist gerade kurz nicht verfügbar; nichts wurde geändert. Bitte versuchen Sie es in einigen Sekunden erneut.",
    demo_banner: "Demo-Modus: Alle Daten sind erfunden.",
    error_unauthorized: "Bitte melden Sie sich an.",
    error_forbidden: "Dazu sind Sie nicht berechtigt.",
    sign_in_title: "Anmelden",
    sign_in_intro: "Melden Sie sich mit Ihrem Passkey an – ohne Passwort und ohne Benutzernamen.",
    sign_in_with_passkey: "Mit Passkey anmelden",
    passkey_working: "Bitte bestätigen Sie auf Ihrem Gerät …",
    passkey_failed: "Das hat nicht geklappt. Bitte versuchen Sie es erneut.",
    passkey_unsupported: "Dieser Browser unterstützt keine Passkeys.",
    demo_sign_in_title: "Demo: anmelden als …",
    demo_sign_in_intro: "Nur im Demo-Modus: Probieren Sie jede Rolle ohne Passkey aus.",
    first_run_title: "Willkommen bei Platzwahl",
    first_run_intro: "Hier ist noch niemand eingerichtet. Legen Sie die erste Administratorin oder den ersten Administrator auf dem Server an, auf dem Platzwahl läuft:",
    first_run_next: "Der Befehl gibt einen Einladungslink aus. Öffnen Sie ihn und richten Sie einen Passkey ein; danach legen Sie Gebäude, Organisationen und Personen an. Nur zum Ausprobieren: „platzwahl serve --demo“ startet mit einem erfundenen Demo-Gebäude.",
    invite_title: "Passkey einrichten",
    invite_welcome: "Willkommen",
    invite_intro: "Richten Sie einen Passkey ein. Damit melden Sie sich künftig an – ohne Passwort.",
    invite_invalid: "Dieser Einladungslink ist ungültig, abgelaufen oder wurde schon benutzt. Bitten Sie Ihre Administration um einen neuen.",
    passkey_name_label: "Name des Passkeys (z. B. Laptop)",
    passkey_default_name: "Dieses Gerät",
    create_passkey: "Passkey erstellen",
    account_title: "Mein Konto",
    passkeys_heading: "Passkeys",
    add_passkey: "Weiteren Passkey hinzufügen",
    rename: "Umbenennen",
    revoke: "Widerrufen",
    created: "Erstellt",
    last_used: "Zuletzt benutzt",
    never: "nie",
    tokens_heading: "Zugangstoken für die API",
    token_name_label: "Name des Tokens",
    scopes_label: "Berechtigungen",
    scope_read: "lesen",
    scope_book: "buchen",
    scope_admin: "verwalten",
    create_token: "Token erstellen",
    token_created_once: "Kopieren Sie das Token jetzt – es wird nur dieses eine Mal angezeigt:",
    no_tokens: "Keine Token.",
    sign_out: "Abmelden",
    sign_out_everywhere: "Überall abmelden",
    sign_out_everywhere_hint: "Beendet alle Sitzungen auf allen Geräten und widerruft alle persönlichen Zugangstokens.",
    sessions_heading: "Angemeldete Sitzungen",
    ends: "Endet",
    this_session: "Diese Sitzung",
    end_session: "Beenden",
    account: "Konto",
    signed_in_as: "Angemeldet als",
    roles: "Rollen",
    role_employee: "Beschäftigte",
    role_counsellor: "Beratung",
    role_front_desk: "Empfang",
    role_unit_lead: "Leitung der Einheit",
    role_facility_manager: "Gebäudemanagement",
    role_org_admin: "Administration der Organisation",
    role_building_admin: "Administration des Gebäudes",
    rooms_title: "Räume",
    rooms_intro: "Finden Sie einen freien Raum, reservieren Sie ihn einmal oder als Serie, und sehen Sie die Belegung. Geschützte Beratungsräume zeigen anderen nur „belegt“ und die Zeit.",
    rooms_search: "Freien Raum suchen",
    rooms_from: "Von",
    rooms_to: "Bis",
    rooms_capacity: "Plätze (mindestens)",
    rooms_level: "Etage",
    rooms_kind: "Art",
    rooms_any: "beliebig",
    rooms_equipment: "Ausstattung",
    rooms_step_free: "stufenlos erreichbar",
    rooms_hearing_loop: "Induktionsschleife",
    rooms_week_view: "Woche zeigen",
    rooms_search_button: "Suchen",
    rooms_seats: "Plätze",
    rooms_buffers: "Puffer {before} min vorher, {after} min nachher",
    rooms_max_slot: "höchstens {minutes} Minuten am Stück",
    rooms_no_match: "Kein Raum passt zur Suche.",
    rooms_free: "frei",
    rooms_taken: "belegt",
    rooms_reserve: "Reservieren",
    rooms_results: "Räume für",
    rooms_room: "Raum",
    rooms_features: "Merkmale",
    rooms_weekly: "wöchentlich",
    rooms_every_weeks: "alle {n} Wochen",
    rooms_protected_note: "Geschützter Raum: Andere sehen nur „belegt“ und die Zeit, nie Namen, Betreff oder Notizen.",
    rooms_subject: "Betreff (nur für Sie sichtbar)",
    rooms_notes: "Notizen (nur für Sie sichtbar)",
    rooms_repeat: "Wiederholen",
    rooms_once: "nicht wiederholen",
    rooms_until: "bis einschließlich",
    rooms_all_or_nothing: "Nur reservieren, wenn alle Termine frei sind",
    rooms_outcome_summary: "{reserved} von {dates} Terminen reserviert.",
    rooms_reserved: "reserviert",
    rooms_not_reserved: "frei, aber nicht reserviert (ein anderer Termin war belegt)",
    rooms_mine_entry: "Ihre Reservierung",
    rooms_timeline: "Belegung",
    rooms_free_all_day: "frei",
    rooms_mine: "Meine Raumreservierungen",
    rooms_none: "Keine Raumreservierungen.",
    rooms_state_active: "reserviert",
    rooms_state_cancelled: "storniert",
    rooms_state_released: "freigegeben (niemand eingecheckt)",
    rooms_cancel_series: "Ganze Serie stornieren",
    rooms_cancel: "Stornieren",
    rooms_change: "Zeit ändern",
    rooms_change_button: "Ändern",
    rooms_series: "Serie",
    rooms_when: "Wann",
    rooms_subject_short: "Betreff",
    rooms_state: "Stand",
    rooms_actions: "Aktionen",
    room_privacy_standard: "Besprechungsraum",
    room_privacy_protected: "Geschützter Beratungsraum",
    refused_room_taken: "Der Raum ist in dieser Zeit belegt (auch Vor- und Nachbereitungszeit zählen).",
};

/// English texts.
pub static EN: Texts = Texts {
    reports: &reports::EN,
    planner: &planner::EN,
    units_admin: &units_admin::EN,
    sso: &sso::EN,
    people_admin: &people_admin::EN,
    accessibility: &accessibility::EN,
    language_name: "English",
    switch_language: "Language",
    skip_to_content: "Skip to content",
    tagline: "Desks and rooms in the building",
    floors: "Floors",
    floor: "Floor",
    desks: "Desks",
    rooms: "Rooms",
    zones: "Zones",
    capacity: "Seats",
    floor_plan: "Floor plan",
    desk_list: "Desks as a list",
    room_list: "Rooms as a list",
    desk: "Desk",
    room: "Room",
    zone: "Zone",
    equipment: "Equipment",
    name: "Name",
    room_kind: "Kind",
    state: "State",
    select_desk_hint: "Select a desk on the plan or in the list to see its details.",
    close: "Close",
    state_free: "free",
    state_blocked: "blocked",
    live_occupied: "occupied now",
    live_vacant: "empty now",
    live_unknown: "sensor unknown",
    live_no_sensor: "no sensor",
    live_heading: "Occupancy now",
    room_taken: "taken",
    room_free: "free",
    docking: "docking station",
    one_monitor: "1 monitor",
    two_monitors: "2 monitors",
    height_adjustable: "height-adjustable",
    accessible: "accessible",
    no_equipment: "no special equipment",
    step_free: "step-free access",
    hearing_loop: "hearing loop",
    protected_room: "protected consultation room",
    meeting_room: "meeting room",
    kind_entrance: "entrance area",
    kind_consultation: "consultation area",
    kind_work: "work area",
    kind_quiet: "quiet area",
    persons: "people",
    back_to_building: "Back to the building",
    loading: "Loading …",
    legend: "Legend",
    slot_morning: "Morning",
    slot_afternoon: "Afternoon",
    slot_full_day: "Full day",
    state_booked: "booked",
    state_mine: "booked by you",
    refused_in_the_past: "This slot has already ended.",
    refused_too_far_ahead: "This day is too far ahead to book yet.",
    refused_outside_home_zone: "This desk is outside your unit's home zones and not open to others yet.",
    refused_half_days_not_allowed: "Only full days can be booked here.",
    refused_weekly_limit: "You already have as many bookings in this week as allowed.",
    refused_blocked: "This desk is blocked on that day.",
    refused_desk_taken: "Somebody else has booked this desk for that time.",
    refused_person_has_desk: "You have already booked a desk for that time.",
    refused_no_booking: "You have no booking here now.",
    refused_not_here: "Checking in works only on the spot: the sensor here has not noticed anyone, and this device is not on the building's network. Sit down and try again in a moment, or hold your badge to the reader.",
    refused_slot_too_long: "This room is reserved in short slots only: the time is longer than its longest slot. Choose a shorter time.",
    refused_slot_limit: "This room is reserved for at most {minutes} minutes at a time. Choose a shorter time.",
    refused_not_admitted: "Your organisation is not admitted to the first-consultation rooms of the entrance zone. The building administrator can admit it.",
    refused_no_desk_free: "No desk free: all suitable desks are taken.",
    refused_no_suitable_desk: "No desk in your unit's zones has the equipment you need.",
    my_bookings_title: "My bookings",
    notices_heading: "Notices",
    notice_released: "released because nobody checked in.",
    notice_moved: "Your desk was blocked; Platzwahl moved your booking.",
    notice_placed: "given and booked.",
    notice_unplaced: "No desk was free for your request.",
    notice_removed: "This place was removed; your booking is cancelled.",
    notice_room_moved: "The room was removed; your reservation is in the new room at the same time.",
    refused_requests_closed: "Requests for that day have closed; the allocation has run or is about to.",
    request_pending: "waiting for the allocation",
    request_placed: "desk given and booked",
    request_unplaced: "no desk free",
    request_declined: "declined",
    request_withdrawn: "withdrawn",
    request_heading: "Ask for a desk for a day",
    request_intro: "Requests are collected until the evening before and then allocated together, so teams sit together and the good desks rotate. You see the result here and can decline it.",
    request_button: "Ask",
    request_mine: "My requests",
    request_none: "No requests.",
    request_closes: "Allocated on",
    request_withdraw: "Withdraw",
    request_decline: "Decline",
    find_title: "Find me a desk",
    find_intro: "Platzwahl looks for the best free desk for you – in your unit's home zones, near your team, with the equipment you need – books it at once and tells you why this one.",
    find_needs: "Equipment",
    need_any: "any",
    need_nice: "nice to have",
    need_must: "must have",
    find_button: "Find and book a desk",
    find_show_on_plan: "Show on the plan",
    find_why: "Why",
    find_link: "Find a desk",
    team_title: "Book for the team",
    team_intro: "Choose people of your unit: Platzwahl books them desks on one day, together in one zone where it can, and tells you for each person why this desk.",
    team_members: "People",
    team_button: "Book desks for the team",
    team_person: "Person",
    day_label: "Day",
    slot_label: "Time",
    show_button: "Show",
    filter_heading: "Only desks with",
    book_button: "Book",
    book_repeat: "Repeat weekly",
    weeks_label: "Weeks",
    weekday_mon: "Monday",
    weekday_tue: "Tuesday",
    weekday_wed: "Wednesday",
    weekday_thu: "Thursday",
    weekday_fri: "Friday",
    booked_ok: "booked",
    refused_label: "not booked",
    booking_result: "Result",
    cancel_button: "Cancel",
    cancelled_ok: "Cancelled.",
    upcoming_heading: "Upcoming",
    past_heading: "Past",
    no_bookings: "No bookings.",
    checked_in_label: "checked in",
    status_label: "State",
    status_active: "active",
    status_cancelled: "cancelled",
    status_released: "released (no check-in)",
    status_checked_out: "checked out",
    cancel_range_heading: "Away? Cancel every booking in a date range",
    from_label: "From",
    to_label: "To",
    cancel_range_button: "Cancel range",
    cancelled_count: "Bookings cancelled:",
    calendar_heading: "Calendar subscription",
    calendar_intro: "A secret address that Outlook, Thunderbird or your phone subscribe to as a calendar; it shows your bookings. Whoever knows the address sees them too. A new address makes the old one invalid.",
    calendar_create: "Create a new calendar address",
    calendar_revoke: "Revoke the calendar address",
    calendar_active: "A calendar address is active.",
    calendar_none: "No calendar address is active.",
    calendar_copy: "Copy this address now, it is shown only once:",
    colleagues_heading: "Colleagues of your unit today",
    colleagues_none: "Nobody of your unit shares their desk today.",
    share_location_label: "Show colleagues of my unit where I sit",
    save_button: "Save",
    state_for_slot: "For this time",
    outside_home_zone_hint: "Outside your unit's home zones: bookable only once the rules open this zone to everyone.",
    home_zone_hint: "In a home zone of your unit.",
    home_zone_label: "home zone of your unit",
    buildings_label: "Buildings",
    checkin_title: "Check in",
    checkin_explain_desk: "Confirm with your passkey. If you booked this desk today, the booking is checked in; if it is free, it is booked for you for the rest of the day and checked in.",
    checkin_explain_room: "Confirm with your passkey to check in your current reservation of this room.",
    checkin_confirm: "Check in with a passkey",
    checkin_failed: "Check-in failed",
    checkin_done: "Checked in.",
    checkin_checked_in: "You are checked in at this desk",
    checkin_booked_not_checked_in: "You have booked this desk today",
    checkin_check_out: "Check out and release the desk",
    checkin_checked_out: "Checked out. The desk is free again for the rest of the day.",
    qr_sheet_title: "Check-in QR codes",
    qr_sheet_hint: "One code per desk and room: print, cut out and fix where it is easy to see. The code opens the check-in page; checking in needs a passkey.",
    qr_print: "Print",
    qr_scan: "Scan to check in",
    qr_sheet_link: "Print this floor's QR codes",
    error_invalid_input: "The request is not valid.",
    error_conflict: "This is not possible now: it conflicts with what is stored.",
    error_not_found: "Not found.",
    error_internal: "Something went wrong on the server. Please try again later.",
    error_transport: "The server cannot be reached. Please check your connection.",
    step_up_hint: "Adding a passkey and creating a token with the \"admin\" scope work only if you confirmed with your passkey in the last five minutes.",
    step_up_button: "Confirm with passkey",
    step_up_done: "Confirmed: for five minutes.",
    error_step_up: "Please confirm this step with your passkey first (\"Confirm with passkey\"); the confirmation lasts five minutes.",
    error_unavailable: "Platzwahl is briefly unavailable; nothing was changed. Please try again in a few seconds.",
    demo_banner: "Demo mode: all data is made up.",
    error_unauthorized: "Please sign in.",
    error_forbidden: "You are not allowed to do this.",
    sign_in_title: "Sign in",
    sign_in_intro: "Sign in with your passkey – no password, no user name.",
    sign_in_with_passkey: "Sign in with a passkey",
    passkey_working: "Please confirm on your device …",
    passkey_failed: "That did not work. Please try again.",
    passkey_unsupported: "This browser does not support passkeys.",
    demo_sign_in_title: "Demo: sign in as …",
    demo_sign_in_intro: "Demo mode only: try every role without a passkey.",
    first_run_title: "Welcome to Platzwahl",
    first_run_intro: "Nobody has been set up yet. Create the first administrator on the server Platzwahl runs on:",
    first_run_next: "The command prints an invitation link. Open it and set up a passkey; then add buildings, organisations and people. Only to try it out: “platzwahl serve --demo” starts with a made-up demo building.",
    invite_title: "Set up your passkey",
    invite_welcome: "Welcome",
    invite_intro: "Set up a passkey. From now on you sign in with it – no password.",
    invite_invalid: "This invitation link is invalid, expired or already used. Ask your administrator for a new one.",
    passkey_name_label: "Name of the passkey (e.g. laptop)",
    passkey_default_name: "This device",
    create_passkey: "Create passkey",
    account_title: "My account",
    passkeys_heading: "Passkeys",
    add_passkey: "Add another passkey",
    rename: "Rename",
    revoke: "Revoke",
    created: "Created",
    last_used: "Last used",
    never: "never",
    tokens_heading: "API access tokens",
    token_name_label: "Token name",
    scopes_label: "Scopes",
    scope_read: "read",
    scope_book: "book",
    scope_admin: "administer",
    create_token: "Create token",
    token_created_once: "Copy the token now – it is shown only this once:",
    no_tokens: "No tokens.",
    sign_out: "Sign out",
    sign_out_everywhere: "Sign out everywhere",
    sign_out_everywhere_hint: "Ends all sessions on all devices and revokes all personal access tokens.",
    sessions_heading: "Signed-in sessions",
    ends: "Ends",
    this_session: "This session",
    end_session: "End",
    account: "Account",
    signed_in_as: "Signed in as",
    roles: "Roles",
    role_employee: "Employee",
    role_counsellor: "Counsellor",
    role_front_desk: "Front desk",
    role_unit_lead: "Unit lead",
    role_facility_manager: "Facility management",
    role_org_admin: "Organisation administrator",
    role_building_admin: "Building administrator",
    rooms_title: "Rooms",
    rooms_intro: "Find a free room, reserve it once or as a series, and see the timeline. Protected consultation rooms show others only “taken” and the time.",
    rooms_search: "Find a free room",
    rooms_from: "From",
    rooms_to: "Until",
    rooms_capacity: "Seats (at least)",
    rooms_level: "Floor",
    rooms_kind: "Kind",
    rooms_any: "any",
    rooms_equipment: "Equipment",
    rooms_step_free: "step-free access",
    rooms_hearing_loop: "hearing loop",
    rooms_week_view: "Show the week",
    rooms_search_button: "Search",
    rooms_seats: "seats",
    rooms_buffers: "buffer {before} min before, {after} min after",
    rooms_max_slot: "at most {minutes} minutes at a time",
    rooms_no_match: "No room matches the search.",
    rooms_free: "free",
    rooms_taken: "taken",
    rooms_reserve: "Reserve",
    rooms_results: "Rooms for",
    rooms_room: "Room",
    rooms_features: "Features",
    rooms_weekly: "weekly",
    rooms_every_weeks: "every {n} weeks",
    rooms_protected_note: "Protected room: others see only “taken” and the time, never a name, subject or notes.",
    rooms_subject: "Subject (only you see it)",
    rooms_notes: "Notes (only you see them)",
    rooms_repeat: "Repeat",
    rooms_once: "do not repeat",
    rooms_until: "until (inclusive)",
    rooms_all_or_nothing: "Reserve only if every date is free",
    rooms_outcome_summary: "{reserved} of {dates} dates reserved.",
    rooms_reserved: "reserved",
    rooms_not_reserved: "free, but not reserved (another date was taken)",
    rooms_mine_entry: "Your reservation",
    rooms_timeline: "Timeline",
    rooms_free_all_day: "free",
    rooms_mine: "My room reservations",
    rooms_none: "No room reservations.",
    rooms_state_active: "reserved",
    rooms_state_cancelled: "cancelled",
    rooms_state_released: "released (nobody checked in)",
    rooms_cancel_series: "Cancel the whole series",
    rooms_cancel: "Cancel",
    rooms_change: "Change the time",
    rooms_change_button: "Change",
    rooms_series: "series",
    rooms_when: "When",
    rooms_subject_short: "Subject",
    rooms_state: "State",
    rooms_actions: "Actions",
    room_privacy_standard: "Meeting room",
    room_privacy_protected: "Protected consultation room",
    refused_room_taken: "The room is taken at that time (preparation and cleaning time count too).",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_choice_wins_over_the_browser_language() {
        assert_eq!(
            Lang::negotiate(Some("a=b; pw_lang=en"), Some("de-DE,de;q=0.9")),
            Lang::En
        );
    }

    #[test]
    fn first_supported_browser_language_is_used_without_a_cookie() {
        assert_eq!(
            Lang::negotiate(None, Some("fr-FR, en-GB;q=0.8, de;q=0.5")),
            Lang::En
        );
    }

    #[test]
    fn german_is_the_default_for_unsupported_or_missing_languages() {
        assert_eq!(Lang::negotiate(None, Some("fr, it")), Lang::De);
        assert_eq!(Lang::negotiate(Some("pw_lang=xx"), None), Lang::De);
        assert_eq!(Lang::negotiate(None, None), Lang::De);
    }
}
