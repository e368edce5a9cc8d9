//! Component tests in headless Chromium (wasm-bindgen-test): the custom element as a host page
//! meets it, with real DOM, real events and the browser's own fetch.
#![cfg(target_arch = "wasm32")]

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{CustomEvent, Element, HtmlButtonElement, HtmlElement, HtmlInputElement, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

const PROJECT: &str = "5f8d0a24c6345c001fa9e2b3";
const FLOW: &str = "5f8d0a24c6345c001fa9e2b4";
/// A loopback port nothing listens on: requests there fail at once, as when offline.
const DEAD_API: &str = "http://127.0.0.1:9";

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

async fn sleep(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Waits until `done` holds, up to 2 s: the picker builds its rows when the browser is idle.
async fn until(done: impl Fn() -> bool) {
    for _ in 0..100 {
        if done() {
            return;
        }
        sleep(20).await;
    }
}

/// Records every `verifik:*` event the element dispatches, in order.
struct Recorder {
    events: std::rc::Rc<std::cell::RefCell<Vec<(String, JsValue)>>>,
}

impl Recorder {
    fn attach(target: &Element) -> Recorder {
        let events = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        for name in [
            verifik_onboarding::events::READY,
            verifik_onboarding::events::REGISTERED,
            verifik_onboarding::events::ERROR,
            verifik_onboarding::events::LANGUAGE_CHANGE,
            verifik_onboarding::events::CODE_SENT,
            verifik_onboarding::events::VERIFIED,
            verifik_onboarding::events::COMPLETED,
        ] {
            let sink = events.clone();
            let listener = Closure::<dyn FnMut(CustomEvent)>::new(move |e: CustomEvent| {
                assert!(
                    e.bubbles() && e.composed(),
                    "{} must bubble and be composed",
                    e.type_()
                );
                sink.borrow_mut().push((e.type_(), e.detail()));
            });
            target
                .add_event_listener_with_callback(name, listener.as_ref().unchecked_ref())
                .unwrap();
            listener.forget();
        }
        Recorder { events }
    }

    fn named(&self, name: &str) -> Vec<JsValue> {
        self.events
            .borrow()
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, d)| d.clone())
            .collect()
    }

    async fn wait_for(&self, name: &str) -> JsValue {
        for _ in 0..200 {
            if let Some(detail) = self.named(name).pop() {
                return detail;
            }
            sleep(25).await;
        }
        panic!("no {name} event within 5 s");
    }
}

fn field(detail: &JsValue, key: &str) -> Option<String> {
    Reflect::get(detail, &key.into()).ok()?.as_string()
}

/// Creates `<verifik-onboarding>` with `attributes`, attached to the body, events recorded.
fn create(attributes: &[(&str, &str)]) -> (HtmlElement, Recorder) {
    verifik_onboarding::embed::define();
    let el: HtmlElement = document()
        .create_element(verifik_onboarding::embed::TAG)
        .unwrap()
        .dyn_into()
        .unwrap();
    for (name, value) in attributes {
        el.set_attribute(name, value).unwrap();
    }
    let recorder = Recorder::attach(&el);
    document().body().unwrap().append_child(&el).unwrap();
    (el, recorder)
}

fn shadow(el: &HtmlElement) -> ShadowRoot {
    el.shadow_root().expect("an open shadow root")
}

fn query<T: JsCast>(el: &HtmlElement, selector: &str) -> T {
    shadow(el)
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("{selector} is rendered"))
        .dyn_into()
        .unwrap()
}

fn type_email(el: &HtmlElement, text: &str) {
    let input: HtmlInputElement = query(el, "input[type=email]");
    input.set_value(text);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

fn submit(el: &HtmlElement) {
    query::<HtmlButtonElement>(el, "button[type=submit]").click();
}

fn label_text(el: &HtmlElement) -> String {
    query::<Element>(el, "label[for=vo-email]")
        .text_content()
        .unwrap_or_default()
}

fn base_attributes() -> Vec<(&'static str, &'static str)> {
    vec![("project", PROJECT), ("project-flow", FLOW), ("lang", "en")]
}

#[wasm_bindgen_test]
async fn renders_a_labelled_email_form_in_an_open_shadow_root_and_reports_ready() {
    let (el, events) = create(&base_attributes());
    let ready = events.wait_for("verifik:ready").await;
    assert_eq!(
        field(&ready, "version").as_deref(),
        Some(verifik_onboarding::VERSION)
    );
    let input: HtmlInputElement = query(&el, "input#vo-email");
    assert_eq!(input.type_(), "email");
    assert_eq!(
        input.get_attribute("autocomplete").as_deref(),
        Some("email")
    );
    assert_eq!(label_text(&el), "E-mail");
    assert_eq!(
        query::<Element>(&el, "label[for=vo-email]")
            .get_attribute("for")
            .as_deref(),
        Some("vo-email")
    );
    // Nothing of the form leaks into the host document's light DOM.
    assert_eq!(el.child_element_count(), 0);
    el.remove();
}

#[wasm_bindgen_test]
async fn invalid_email_shows_a_localized_error_and_requests_no_token() {
    let mut attributes = base_attributes();
    attributes[2] = ("lang", "es");
    let (el, _events) = create(&attributes);
    let calls = std::rc::Rc::new(std::cell::Cell::new(0));
    let counter = calls.clone();
    let provider = Closure::<dyn FnMut() -> JsValue>::new(move || {
        counter.set(counter.get() + 1);
        JsValue::from_str("unused")
    });
    Reflect::set(&el, &"tokenProvider".into(), provider.as_ref()).unwrap();
    type_email(&el, "not-an-email");
    submit(&el);
    sleep(50).await;
    let input: HtmlInputElement = query(&el, "input[type=email]");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let error = query::<Element>(&el, "#vo-email-error")
        .text_content()
        .unwrap();
    assert_eq!(error, "Escribe un correo como nombre@ejemplo.com.");
    assert_eq!(
        input.get_attribute("aria-describedby").as_deref(),
        Some("vo-email-error")
    );
    assert_eq!(input.value(), "not-an-email", "what the person typed stays");
    assert_eq!(calls.get(), 0, "no token asked for, so no request sent");
    el.remove();
}

#[wasm_bindgen_test]
async fn missing_project_flow_is_a_config_error_shown_and_dispatched() {
    let (el, events) = create(&[("project", PROJECT), ("lang", "en")]);
    let detail = events.wait_for("verifik:error").await;
    assert_eq!(field(&detail, "code").as_deref(), Some("config_error"));
    let message = field(&detail, "message").unwrap();
    assert!(message.contains("project-flow is missing"), "{message}");
    let shown = query::<Element>(&el, "[role=alert]")
        .text_content()
        .unwrap();
    assert_eq!(shown, message);
    assert!(events.named("verifik:ready").is_empty());
    el.remove();
}

#[wasm_bindgen_test]
async fn plain_http_api_base_on_a_public_host_is_refused() {
    let mut attributes = base_attributes();
    attributes.push(("api-base", "http://api.verifik.co"));
    let (el, events) = create(&attributes);
    let detail = events.wait_for("verifik:error").await;
    assert_eq!(field(&detail, "code").as_deref(), Some("config_error"));
    assert!(field(&detail, "message").unwrap().contains("api-base"));
    el.remove();
}

#[wasm_bindgen_test]
async fn changing_lang_live_relabels_the_form_and_reports_the_change() {
    let (el, events) = create(&base_attributes());
    events.wait_for("verifik:ready").await;
    el.set_attribute("lang", "pt").unwrap();
    let detail = events.wait_for("verifik:language-change").await;
    assert_eq!(field(&detail, "language").as_deref(), Some("pt"));
    sleep(20).await;
    assert_eq!(
        query::<Element>(&el, "button[type=submit]")
            .text_content()
            .as_deref(),
        Some("Continuar")
    );
    // A live change that keeps the form usable is not a second "ready".
    el.set_attribute("countries", "CO,MX").unwrap();
    sleep(20).await;
    assert_eq!(events.named("verifik:ready").len(), 1);
    // Breaking the configuration reports it once, in the language the host asked for;
    // fixing it makes the form ready again.
    el.remove_attribute("project").unwrap();
    el.set_attribute("lang", "es").unwrap();
    sleep(20).await;
    let errors = events.named("verifik:error");
    assert_eq!(errors.len(), 1);
    assert_eq!(
        field(&errors[0], "message").as_deref(),
        Some("Este formulario no está bien configurado: falta project")
    );
    el.set_attribute("project", PROJECT).unwrap();
    sleep(20).await;
    assert_eq!(events.named("verifik:ready").len(), 2);
    el.remove();
}

#[wasm_bindgen_test]
async fn unreachable_api_is_a_network_error_and_the_input_survives() {
    let mut attributes = base_attributes();
    attributes.push(("api-base", DEAD_API));
    attributes.push(("token", "header.payload.signature"));
    let (el, events) = create(&attributes);
    events.wait_for("verifik:ready").await;
    type_email(&el, "person@example.com");
    submit(&el);
    let detail = events.wait_for("verifik:error").await;
    assert_eq!(field(&detail, "code").as_deref(), Some("network_error"));
    assert_eq!(field(&detail, "field"), None);
    let alert = query::<Element>(&el, "#vo-form-error")
        .text_content()
        .unwrap();
    assert_eq!(alert, field(&detail, "message").unwrap());
    assert_eq!(
        query::<HtmlInputElement>(&el, "input").value(),
        "person@example.com"
    );
    let button: Element = query(&el, "button[type=submit]");
    assert_eq!(button.get_attribute("aria-busy").as_deref(), Some("false"));
    // The bearer token is nowhere in the rendered form or the event.
    assert!(!shadow(&el)
        .inner_html()
        .contains("header.payload.signature"));
    assert!(!js_sys::JSON::stringify(&detail)
        .unwrap()
        .as_string()
        .unwrap()
        .contains("header.payload"));
    el.remove();
}

#[wasm_bindgen_test]
async fn a_throwing_token_provider_is_token_unavailable() {
    let mut attributes = base_attributes();
    attributes.push(("api-base", DEAD_API));
    let (el, events) = create(&attributes);
    events.wait_for("verifik:ready").await;
    let thrower = Function::new_no_args("throw new Error('backend down')");
    Reflect::set(&el, &"tokenProvider".into(), &thrower).unwrap();
    type_email(&el, "person@example.com");
    submit(&el);
    let detail = events.wait_for("verifik:error").await;
    assert_eq!(field(&detail, "code").as_deref(), Some("token_unavailable"));
    el.remove();
}

#[wasm_bindgen_test]
async fn token_property_is_write_only() {
    let (el, events) = create(&base_attributes());
    events.wait_for("verifik:ready").await;
    Reflect::set(&el, &"token".into(), &"secret.jwt.value".into()).unwrap();
    let read_back = Reflect::get(&el, &"token".into()).unwrap();
    assert!(read_back.is_undefined());
    assert!(!el.outer_html().contains("secret.jwt.value"));
    el.remove();
}

#[wasm_bindgen_test]
async fn removed_element_leaves_an_empty_shadow_root_and_two_instances_are_independent() {
    let (first, first_events) = create(&base_attributes());
    let mut attributes = base_attributes();
    attributes[2] = ("lang", "es");
    let (second, second_events) = create(&attributes);
    first_events.wait_for("verifik:ready").await;
    second_events.wait_for("verifik:ready").await;
    type_email(&first, "first@example.com");
    assert_eq!(query::<HtmlInputElement>(&second, "input").value(), "");
    assert_eq!(label_text(&second), "Correo electrónico");
    first.remove();
    // Taken down a microtask after it left the page (a move within one task keeps the form).
    assert_eq!(shadow(&first).child_element_count(), 1);
    JsFuture::from(Promise::resolve(&JsValue::NULL))
        .await
        .unwrap();
    assert_eq!(shadow(&first).child_element_count(), 0);
    assert_eq!(label_text(&second), "Correo electrónico");
    second.remove();
}

#[wasm_bindgen_test]
async fn phone_field_has_tel_semantics_and_the_picker_the_combobox_roles() {
    let mut attributes = base_attributes();
    attributes.push(("default-country", "CO"));
    let (el, events) = create(&attributes);
    events.wait_for("verifik:ready").await;
    let phone: HtmlInputElement = query(&el, "input#vo-phone");
    assert_eq!(phone.type_(), "tel");
    assert_eq!(
        phone.get_attribute("autocomplete").as_deref(),
        Some("tel-national")
    );
    assert_eq!(phone.get_attribute("inputmode").as_deref(), Some("tel"));
    let button: Element = query(&el, "#vo-country-button");
    assert_eq!(
        button.get_attribute("aria-haspopup").as_deref(),
        Some("listbox")
    );
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    // The country's name (from Intl) comes once the form is on screen.
    until(|| button.get_attribute("aria-label").as_deref() == Some("Country code: Colombia +57"))
        .await;
    assert_eq!(
        button.get_attribute("aria-label").as_deref(),
        Some("Country code: Colombia +57")
    );
    let combobox: Element = query(&el, "[role=combobox]");
    assert_eq!(
        combobox.get_attribute("aria-controls").as_deref(),
        Some("vo-country-list")
    );
    // Every country gets its row, a slice per idle callback, without the picker being opened.
    let all = verifik_onboarding::countries::all().len();
    let rows = || {
        shadow(&el)
            .query_selector_all("#vo-country-list [role=option]")
            .unwrap()
            .length() as usize
    };
    until(|| rows() == all).await;
    assert_eq!(rows(), all);
    let selected: Element = query(&el, "[role=option][aria-selected=true]");
    assert_eq!(selected.id(), "vo-country-opt-CO");
    el.remove();
}

#[wasm_bindgen_test]
async fn an_allow_list_restricts_the_picker_and_changes_live() {
    let mut attributes = base_attributes();
    attributes.push(("countries", "co,mx"));
    let (el, events) = create(&attributes);
    events.wait_for("verifik:ready").await;
    let count = |el: &HtmlElement| {
        shadow(el)
            .query_selector_all("[role=option]")
            .unwrap()
            .length()
    };
    until(|| count(&el) == 2).await;
    assert_eq!(count(&el), 2);
    el.set_attribute("countries", "CO,MX,BR").unwrap();
    until(|| count(&el) == 3).await;
    assert_eq!(count(&el), 3);
    el.remove();
}

#[wasm_bindgen_test]
async fn switching_language_keeps_typed_text_and_country() {
    let mut attributes = base_attributes();
    attributes.push(("default-country", "BR"));
    let (el, events) = create(&attributes);
    events.wait_for("verifik:ready").await;
    type_email(&el, "keep@example.com");
    let phone: HtmlInputElement = query(&el, "input#vo-phone");
    phone.set_value("11 91234");
    phone
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    let select: web_sys::HtmlSelectElement = query(&el, "select#vo-lang");
    select.set_value("pt");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    let change = events.wait_for("verifik:language-change").await;
    assert_eq!(field(&change, "language").as_deref(), Some("pt"));
    sleep(20).await;
    assert_eq!(el.get_attribute("lang").as_deref(), Some("pt"));
    assert_eq!(label_text(&el), "E-mail");
    assert_eq!(
        query::<Element>(&el, "label[for=vo-phone]")
            .text_content()
            .as_deref(),
        Some("Número de telefone")
    );
    assert_eq!(
        query::<HtmlInputElement>(&el, "input#vo-email").value(),
        "keep@example.com"
    );
    assert_eq!(
        query::<HtmlInputElement>(&el, "input#vo-phone").value(),
        "11 91234"
    );
    assert_eq!(
        query::<Element>(&el, "#vo-country-button")
            .get_attribute("aria-label")
            .as_deref(),
        Some("Código do país: Brasil +55")
    );
    // The options are named in the new language too, not only sorted by it.
    let germany = || {
        shadow(&el)
            .query_selector("#vo-country-opt-DE .vo-option-name")
            .unwrap()
            .and_then(|name| name.text_content())
    };
    until(|| germany().as_deref() == Some("Alemanha")).await;
    assert_eq!(
        query::<Element>(&el, "#vo-country-opt-DE .vo-option-name")
            .text_content()
            .as_deref(),
        Some("Alemanha")
    );
    assert_eq!(events.named("verifik:language-change").len(), 1);
    el.remove();
}

#[wasm_bindgen_test]
fn registration_answers_are_read_defensively() {
    use verifik_onboarding::http::parse_registration;
    let ok = parse_registration(
        r#"{"data":{"appRegistration":{"_id":"65772f3b427932d45a3811f9","status":"STARTED"},
            "informationValidation":{"_id":"65772f3b427932d45a3811fa"},"token":"reg.jwt.token"}}"#,
    )
    .expect("the documented shape");
    assert_eq!(ok.id, "65772f3b427932d45a3811f9");
    assert_eq!(ok.status, "STARTED");
    assert_eq!(
        ok.information_validation_id.as_deref(),
        Some("65772f3b427932d45a3811fa")
    );
    assert_eq!(ok.registration_token.as_deref(), Some("reg.jwt.token"));
    // Optional parts missing or mistyped are simply absent.
    let sparse = parse_registration(
        r#"{"data":{"appRegistration":{"_id":"abc","status":7},"informationValidation":[],"token":null}}"#,
    )
    .unwrap();
    assert_eq!(
        (
            sparse.status.as_str(),
            sparse.information_validation_id,
            sparse.registration_token
        ),
        ("", None, None)
    );
    // Without a usable id it is not a registration.
    for bad in [
        "",
        "not json",
        "null",
        "[]",
        r#"{"data":{}}"#,
        r#"{"data":{"appRegistration":{}}}"#,
        r#"{"data":{"appRegistration":{"_id":""}}}"#,
        r#"{"data":{"appRegistration":{"_id":42}}}"#,
        r#"{"data":{"appRegistration":"x"}}"#,
        r#"{"data":{"appRegistration":"#,
    ] {
        assert!(parse_registration(bad).is_none(), "{bad}");
    }
}

#[wasm_bindgen_test]
async fn removing_the_element_during_a_submit_leaves_the_widget_working() {
    let mut attributes = base_attributes();
    attributes.push(("api-base", DEAD_API));
    attributes.push(("fields", "email"));
    let (el, events) = create(&attributes);
    events.wait_for("verifik:ready").await;
    // The token arrives only after the element is gone; the request then fails.
    let slow =
        Function::new_no_args("return new Promise((ok) => setTimeout(() => ok('a.b.c'), 150))");
    Reflect::set(&el, &"tokenProvider".into(), &slow).unwrap();
    type_email(&el, "gone@example.com");
    submit(&el);
    sleep(20).await;
    el.remove();
    sleep(400).await;
    // The wasm is still alive: a new instance renders and validates.
    let (again, again_events) = create(&base_attributes());
    again_events.wait_for("verifik:ready").await;
    type_email(&again, "still@");
    submit(&again);
    sleep(30).await;
    assert_eq!(
        query::<Element>(&again, "#vo-email-error")
            .text_content()
            .as_deref(),
        Some("Enter an e-mail address like name@example.com.")
    );
    again.remove();
}

// ---------------------------------------------------------------------------------------------
// The code step's input (contract §7). The API is a stand-in inside the page: `window.fetch`
// answers the registration and the code's send, and a check is right only for `654321`; every
// call is recorded. Nothing leaves the page (api-base is a dead port besides).

/// The code the stand-in API accepts.
const RIGHT_CODE: &str = "654321";

/// Replaces `window.fetch` with the stand-in API; returns the calls it gets (`[method, path,
/// body]` each) and puts the browser's fetch back when dropped.
struct StubApi {
    calls: js_sys::Array,
    real_fetch: JsValue,
}

impl StubApi {
    fn install() -> StubApi {
        let window = web_sys::window().unwrap();
        let real_fetch = Reflect::get(&window, &"fetch".into()).unwrap();
        let install = Function::new_no_args(
            r#"
            const calls = [];
            const json = (status, body) =>
              new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
            window.fetch = async (url, init) => {
              const path = new URL(url).pathname;
              calls.push([init.method, path, init.body ?? null]);
              if (path === '/v2/app-registrations') {
                return json(200, { data: {
                  appRegistration: { _id: '65772f3b427932d45a3811f9', status: 'STARTED' },
                  informationValidation: { _id: '65772f3b427932d45a3811fa' },
                  token: 'registration.own.token' } });
              }
              if (path === '/v2/email-validations/app-registration') {
                return json(200, { data: { _id: '65772f3b427932d45a3811fb', status: 'sent',
                  email: 'person@example.com', type: 'onboarding', expiresAt: '2026-12-07T10:10:00.000Z',
                  existing: false, sent: true, otp: 'digest' } });
              }
              if (path === '/v2/email-validations/65772f3b427932d45a3811fb') {
                if (JSON.parse(init.body).otp === 654321) {
                  return json(200, { data: { _id: '65772f3b427932d45a3811fb', status: 'validated',
                    email: 'person@example.com', type: 'onboarding', showFaceLivenessRecommendation: false } });
                }
                return json(403, { code: 'otp_does_not_match', message: '403:otp_does_not_match' });
              }
              return json(404, { code: 'NotFound', message: 'resource not found' });
            };
            return calls;
            "#,
        );
        let calls = install.call0(&JsValue::NULL).unwrap().dyn_into().unwrap();
        StubApi { calls, real_fetch }
    }

    /// The checks sent so far: their bodies.
    fn checks(&self) -> Vec<String> {
        self.calls
            .iter()
            .map(|call| call.dyn_into::<js_sys::Array>().unwrap())
            .filter(|call| call.get(0).as_string().as_deref() == Some("PUT"))
            .map(|call| call.get(2).as_string().unwrap_or_default())
            .collect()
    }
}

impl Drop for StubApi {
    fn drop(&mut self) {
        let _ = Reflect::set(
            &web_sys::window().unwrap(),
            &"fetch".into(),
            &self.real_fetch,
        );
    }
}

/// A form that verifies the e-mail, registered against the stand-in API, on its code step.
async fn on_the_code_step() -> (HtmlElement, Recorder, StubApi) {
    let api = StubApi::install();
    let mut attributes = base_attributes();
    attributes.extend([
        ("api-base", DEAD_API),
        ("token", "header.payload.signature"),
        ("fields", "email"),
        ("verify", "email"),
    ]);
    let (el, events) = create(&attributes);
    events.wait_for("verifik:ready").await;
    type_email(&el, "person@example.com");
    submit(&el);
    events.wait_for(verifik_onboarding::events::CODE_SENT).await;
    (el, events, api)
}

/// Puts `text` into the code input with one `input` event of `input_type`, as a paste or the
/// browser's one-time-code autofill does (not key by key).
fn put_code(el: &HtmlElement, text: &str, input_type: &str) {
    let input: HtmlInputElement = query(el, "#vo-code");
    input.set_value(text);
    let init = js_sys::Object::new();
    Reflect::set(&init, &"inputType".into(), &input_type.into()).unwrap();
    Reflect::set(&init, &"data".into(), &text.into()).unwrap();
    let constructor: Function = Reflect::get(&web_sys::window().unwrap(), &"InputEvent".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    let event: web_sys::Event =
        Reflect::construct(&constructor, &js_sys::Array::of2(&"input".into(), &init))
            .unwrap()
            .dyn_into()
            .unwrap();
    input.dispatch_event(&event).unwrap();
}

fn text_of(el: &HtmlElement, selector: &str) -> String {
    query::<Element>(el, selector)
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_code_pasted_with_a_space_or_a_dash_is_checked_as_its_six_digits() {
    let (el, events, api) = on_the_code_step().await;
    let input: HtmlInputElement = query(&el, "#vo-code");
    assert_eq!(
        input.get_attribute("autocomplete").as_deref(),
        Some("one-time-code")
    );
    assert_eq!(input.get_attribute("inputmode").as_deref(), Some("numeric"));
    assert_eq!(
        text_of(&el, "label[for=vo-code]"),
        "Verification code",
        "the input is labelled"
    );
    assert_eq!(
        text_of(&el, "#vo-code-intro"),
        "We sent a 6-digit code to person@example.com."
    );

    for (pasted, nth) in [("123 456", 1), ("123-456", 2)] {
        put_code(&el, pasted, "insertFromPaste");
        until(|| api.checks().len() == nth).await;
        assert_eq!(api.checks().len(), nth, "{pasted:?} is checked at once");
        assert!(
            api.checks()[nth - 1].ends_with("\"otp\":123456}"),
            "{pasted:?} is sent as 123456: {}",
            api.checks()[nth - 1]
        );
        // What the person sees: the answer (a wrong code here), and the input emptied for the
        // next try.
        until(|| input.value().is_empty()).await;
        assert_eq!(
            text_of(&el, "#vo-code-error"),
            "That code is not right. Check it and type it again."
        );
        assert_eq!(input.value(), "");
        assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    }
    assert_eq!(events.named("verifik:error").len(), 2);
    el.remove();
}

#[wasm_bindgen_test]
async fn the_browser_s_one_time_code_autofill_fills_and_checks_it_in_one_go() {
    let (el, events, api) = on_the_code_step().await;
    put_code(&el, RIGHT_CODE, "insertReplacementText");
    let done = events.wait_for(verifik_onboarding::events::COMPLETED).await;
    assert_eq!(api.checks().len(), 1);
    assert_eq!(
        Reflect::get(&done, &"verified".into())
            .ok()
            .map(|v| js_sys::Array::from(&v).join(",").as_string()),
        Some(Some("email".into()))
    );
    // The code step gives way to the message, which the person is told.
    sleep(30).await;
    assert_eq!(
        text_of(&el, ".vo-success"),
        "Done! Your e-mail is verified."
    );
    assert!(query::<HtmlElement>(&el, ".vo-code").hidden());
    el.remove();
}

#[wasm_bindgen_test]
async fn anything_but_digits_spaces_and_dashes_is_refused_with_the_message_and_not_sent() {
    let (el, events, api) = on_the_code_step().await;
    let input: HtmlInputElement = query(&el, "#vo-code");
    for refused in ["12a456", "123.456", "1234567"] {
        put_code(&el, refused, "insertFromPaste");
        sleep(60).await;
        assert_eq!(
            text_of(&el, "#vo-code-error"),
            "Enter the 6 digits of the code.",
            "{refused:?}"
        );
        assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
        assert_eq!(
            input.get_attribute("aria-describedby").as_deref(),
            Some("vo-code-intro vo-code-error"),
            "the message is tied to the input"
        );
        assert_eq!(
            input.value(),
            refused,
            "what was typed stays, to be corrected"
        );
    }
    assert!(api.checks().is_empty(), "nothing was sent");
    assert!(events.named("verifik:error").is_empty());
    // Fewer than six digits is no error yet, and no check either.
    put_code(&el, "654", "insertText");
    sleep(60).await;
    assert_eq!(text_of(&el, "#vo-code-error"), "");
    assert_eq!(
        input.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    assert!(api.checks().is_empty());
    el.remove();
}
