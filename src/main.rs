//! The wasm entry point: defines `<verifik-onboarding>` as soon as the module is initialised.

fn main() {
    #[cfg(target_arch = "wasm32")]
    verifik_onboarding::embed::define();
}
