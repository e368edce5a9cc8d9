//! Tests of the form's rules, natively.

use super::*;
use crate::config::RawConfig;
use crate::phone::RegexMatcher;

/// The API origin the registrations of these tests go to.
const API: &str = "https://api.verifik.co";

fn config(fields: &str) -> Config {
    RawConfig {
        project: Some("5f8d0a24c6345c001fa9e2b3".into()),
        project_flow: Some("5f8d0a24c6345c001fa9e2b4".into()),
        fields: Some(fields.into()),
        ..RawConfig::default()
    }
    .parse()
    .expect("a valid configuration")
}

fn registration() -> Registration {
    Registration {
        id: "r1".into(),
        status: "STARTED".into(),
        information_validation_id: None,
        registration_token: Some("registration.jwt.token".into()),
    }
}

fn with_country(iso: &'static str) -> FormState {
    let mut state = FormState::new(true);
    state.pick_country(iso);
    state
}

fn view(state: &FormState, config: &Config) -> FormView {
    FormView::new(
        state,
        &Ok(config.clone()),
        Lang::En,
        &RegexMatcher::default(),
    )
}

fn submit(state: &mut FormState, config: &Config) -> Submit {
    state.submit(config, Lang::Es, false, &RegexMatcher::default())
}

#[test]
fn errors_wait_for_blur_or_submit_and_clear_when_fixed() {
    let config = config("email");
    let mut state = FormState::new(true);
    state.edit_email("not-an-email".into());
    assert_eq!(view(&state, &config).email.error, None, "not while typing");
    state.leave(Field::Email);
    assert_eq!(
        view(&state, &config).email.error,
        Some("Enter an e-mail address like name@example.com.")
    );
    state.edit_email("user@example.com".into());
    assert_eq!(view(&state, &config).email.error, None);
    // Leaving an empty field is no reason to scold.
    let mut empty = FormState::new(true);
    empty.leave(Field::Email);
    assert_eq!(view(&empty, &config).email.error, None);
}

#[test]
fn a_refused_submit_counts_the_fields_and_focuses_the_first() {
    let config = config("email,phone");
    let mut state = with_country("CO");
    assert_eq!(submit(&mut state, &config), Submit::Focus(Field::Email));
    let shown = view(&state, &config);
    assert_eq!(
        shown.email.error,
        Some("Enter an e-mail address or a phone number.")
    );
    assert_eq!(shown.summary, Some("1 field needs your attention."));
    state.edit_email("bad".into());
    state.edit_phone("12".into(), &config, &RegexMatcher::default());
    assert_eq!(submit(&mut state, &config), Submit::Focus(Field::Email));
    assert_eq!(
        view(&state, &config).summary,
        Some("2 fields need your attention.")
    );
    state.edit_email("user@example.com".into());
    assert_eq!(submit(&mut state, &config), Submit::Focus(Field::Phone));
    assert_eq!(state.status, Status::Idle, "nothing was sent");
}

#[test]
fn a_valid_form_sends_exactly_what_was_typed_and_locks_until_the_outcome() {
    let config = config("email,phone");
    let mut state = with_country("CO");
    state.edit_email(" user@example.com ".into());
    state.edit_phone("300 123 4567".into(), &config, &RegexMatcher::default());
    let Submit::Send(request) = submit(&mut state, &config) else {
        panic!("a valid form is sent");
    };
    assert_eq!(request.email.as_deref(), Some("user@example.com"));
    assert_eq!(request.phone, Some(("3001234567".into(), "+57".into())));
    assert_eq!(request.language, Lang::Es);
    let shown = view(&state, &config);
    assert!(shown.locked && shown.busy);
    assert_eq!(shown.submit, "Sending…");
    assert_eq!(
        submit(&mut state, &config),
        Submit::Nothing,
        "one request in flight"
    );
    state.registered(&request, &registration(), Default::default(), API, true);
    let shown = view(&state, &config);
    assert!(shown.done && shown.locked && shown.success_by_focus);
    assert_eq!(
        shown.success,
        Some("Done! We sent you an e-mail and a text message (SMS) with the next step.")
    );
    assert_eq!(
        submit(&mut state, &config),
        Submit::Nothing,
        "not sent twice"
    );
}

#[test]
fn api_errors_go_to_their_field_or_above_the_button() {
    let config = config("email,phone");
    let mut state = with_country("CO");
    state.edit_email("user@blocked.example".into());
    assert!(matches!(submit(&mut state, &config), Submit::Send(_)));
    assert_eq!(
        state.failed(ApiError::EmailDomainNotAllowed, config.fields),
        Some(Field::Email)
    );
    let shown = view(&state, &config);
    assert_eq!(
        shown.email.error,
        Some("E-mail addresses from this domain are not accepted. Use another address.")
    );
    assert_eq!(shown.summary, Some("1 field needs your attention."));
    assert!(!shown.busy && shown.form_error.is_none());
    // Editing the field clears the API's verdict.
    state.edit_email("user@example.com".into());
    assert_eq!(view(&state, &config).email.error, None);

    assert!(matches!(submit(&mut state, &config), Submit::Send(_)));
    assert_eq!(state.failed(ApiError::Server, config.fields), None);
    let shown = view(&state, &config);
    assert_eq!(
        shown.form_error,
        Some("The service is having trouble. Try again.")
    );
    assert_eq!(shown.submit, "Try again");
    // A phone error on a form without the phone field goes above the button.
    let email_only = self::config("email");
    assert_eq!(
        state.failed(ApiError::PhoneAlreadyRegistered, email_only.fields),
        None
    );
}

#[test]
fn offline_sends_nothing_until_the_connection_is_back() {
    let config = config("email");
    let mut state = FormState::new(true);
    state.edit_email("user@example.com".into());
    let offline = state.submit(&config, Lang::En, true, &RegexMatcher::default());
    assert_eq!(offline, Submit::Offline);
    assert_eq!(
        view(&state, &config).form_error,
        Some("You are offline. Nothing was sent; try again when your connection is back.")
    );
    state.back_online();
    assert_eq!(view(&state, &config).form_error, None);
    assert!(matches!(submit(&mut state, &config), Submit::Send(_)));
}

#[test]
fn a_table_that_could_not_be_loaded_for_a_waiting_submit_is_a_network_error() {
    let config = config("phone");
    let mut state = FormState::new(false);
    // What `submit` does when the number cannot be judged yet (the table is compiled into
    // native builds, so the wait itself is tested in the browser).
    state.status = Status::Busy;
    assert!(view(&state, &config).busy);
    state.metadata_loaded(false);
    assert_eq!(
        view(&state, &config).form_error,
        Some("We could not reach the service. Check your connection and try again.")
    );
    state.metadata_loaded(true);
    assert!(state.metadata && state.status == Status::Idle);
}

#[test]
fn an_international_number_picks_its_allowed_country_and_keeps_the_national_digits() {
    let mut raw = RawConfig {
        project: Some("5f8d0a24c6345c001fa9e2b3".into()),
        project_flow: Some("5f8d0a24c6345c001fa9e2b4".into()),
        ..RawConfig::default()
    };
    let config = raw.parse().unwrap();
    let mut state = with_country("CO");
    state.edit_phone("+1 416 555 0123".into(), &config, &RegexMatcher::default());
    assert_eq!(
        (state.country, state.phone.as_str()),
        (Some("CA"), "4165550123")
    );
    raw.countries = Some("CO,MX".into());
    let config = raw.parse().unwrap();
    let mut state = with_country("CO");
    state.edit_phone("+1 416 555 0123".into(), &config, &RegexMatcher::default());
    assert_eq!(
        (state.country, state.phone.as_str()),
        (Some("CO"), "+1 416 555 0123"),
        "a country the host excludes is not picked"
    );
}

#[test]
fn reset_empties_everything_but_the_table_and_starts_a_new_generation() {
    let config = config("email");
    let mut state = FormState::new(true);
    state.edit_email("user@example.com".into());
    let Submit::Send(request) = submit(&mut state, &config) else {
        panic!("sent");
    };
    state.registered(&request, &registration(), Default::default(), API, false);
    state.pick_country("MX");
    let before = state.generation;
    state.reset();
    assert_eq!(state.generation, before.wrapping_add(1));
    assert_eq!(
        state,
        FormState {
            country: Some("MX"),
            metadata: true,
            generation: before.wrapping_add(1),
            ..FormState::default()
        }
    );
}

#[test]
fn the_preselected_country_follows_the_host_until_the_person_picks_one() {
    let mut raw = RawConfig {
        project: Some("5f8d0a24c6345c001fa9e2b3".into()),
        project_flow: Some("5f8d0a24c6345c001fa9e2b4".into()),
        ..RawConfig::default()
    };
    let mut state = FormState::new(true);
    // No default: the browser's region.
    assert!(state.preselect(&raw.parse().unwrap(), Some("BR")));
    assert_eq!(state.country, Some("BR"));
    // The host names one: it follows.
    raw.default_country = Some("MX".into());
    assert!(state.preselect(&raw.parse().unwrap(), Some("BR")));
    assert_eq!(state.country, Some("MX"));
    // A browser region the host does not allow is not chosen.
    raw.default_country = None;
    raw.countries = Some("CO,MX".into());
    assert!(state.preselect(&raw.parse().unwrap(), Some("BR")));
    assert_eq!(state.country, None);
    // Once the person picked, host changes leave it be, unless it is no longer allowed.
    state.pick_country("CO");
    raw.default_country = Some("MX".into());
    assert!(!state.preselect(&raw.parse().unwrap(), None));
    assert_eq!(state.country, Some("CO"));
    raw.countries = Some("MX".into());
    assert!(state.preselect(&raw.parse().unwrap(), None));
    assert_eq!(state.country, Some("MX"));
}

#[test]
fn the_view_says_which_fields_show_and_which_is_required() {
    let state = FormState::new(true);
    let both = view(&state, &config("email,phone"));
    assert!(both.both && both.email.shown && both.phone.shown);
    assert!(!both.email.required && !both.phone.required);
    let phone = view(&state, &config("phone"));
    assert!(!phone.both && !phone.email.shown && phone.phone.required);
    let broken = FormView::new(
        &state,
        &Err(ConfigError::Missing("project")),
        Lang::Es,
        &RegexMatcher::default(),
    );
    assert_eq!(
        broken.config_error.as_deref(),
        Some("Este formulario no está bien configurado: falta project")
    );
    assert!(!broken.email.shown && !broken.phone.shown);
}
