//! Insertion-ordered sets and maps with the API that Leptos (reactive_graph, tachys,
//! reactive_stores, leptos_hot_reload) calls in crates.io's `indexmap` 2: [`IndexSet`] and
//! [`IndexMap`], whose iteration order is the order of insertion, with `shift_remove` and
//! `swap_remove` keeping it as indexmap's do. The workspace patches that crate with this one
//! (Cargo.toml, `[patch.crates-io]`).
//!
//! Why: the widget's reactive graph keeps each node's subscribers and sources in an
//! `IndexSet`, typically of one to a few entries and at most a few hundred (the country list's
//! rows). crates.io's pairs the entries with a hash table of their positions, which puts its
//! code and hashbrown's (for that table) into the wasm. Here the entries are a vector and a
//! lookup goes through it: O(n) where indexmap's is O(1), which at these sizes costs less than
//! the hashing; `shift_remove` is O(n) in both.
//!
//! The hasher type parameter `S` is kept (callers name `IndexSet<T, BuildHasherDefault<H>>`)
//! but neither stored nor used, and keys need `Eq` only.

#![forbid(unsafe_code)]

use std::borrow::Borrow;

pub mod map;
pub mod set;

pub use map::IndexMap;
pub use set::IndexSet;

/// Whether a value stands for a key (as `Borrow` does, also for keys that do not implement it):
/// what lookups compare with.
pub trait Equivalent<K: ?Sized> {
    /// Whether `self` and `key` are the same key.
    fn equivalent(&self, key: &K) -> bool;
}

impl<Q: ?Sized + Eq, K: ?Sized + Borrow<Q>> Equivalent<K> for Q {
    #[inline]
    fn equivalent(&self, key: &K) -> bool {
        self == key.borrow()
    }
}

#[cfg(test)]
mod tests;
