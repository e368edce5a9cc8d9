//! The wasm entry point: defines `<verifik-onboarding>` as soon as the module is initialised.

/// The widget's own allocator (see `verifik_onboarding::heap`), for this wasm only.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: verifik_onboarding::heap::Allocator = verifik_onboarding::heap::Allocator::new();

fn main() {
    #[cfg(target_arch = "wasm32")]
    verifik_onboarding::embed::define();
}
