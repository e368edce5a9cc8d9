//! A fast, non-cryptographic hasher for hash maps and sets keyed by the program's own values
//! (integers, pointers, short strings), with the API that Leptos (reactive_graph, tachys,
//! reactive_stores) calls in crates.io's `rustc-hash` 2.1: [`FxHasher`], [`FxBuildHasher`],
//! [`FxSeededState`], [`FxHashMap`] and [`FxHashSet`]. The workspace patches that crate with this
//! one (Cargo.toml, `[patch.crates-io]`).
//!
//! Why: crates.io's version hashes a byte string eight bytes at a time through
//! `bytes[a..b].try_into().unwrap()`, and so links the panic that `unwrap` would raise,
//! with the `Debug` formatting of `TryFromSliceError`, into every wasm that hashes a string
//! (tachys does, for the names of delegated events). Here the bytes are read with
//! `chunks_exact`, which cannot fail.
//!
//! The hash is a multiply-and-add over machine words: each word is added to the state, which
//! is then multiplied by an odd constant; `finish` rotates the state so that the high bits the
//! multiplication mixes best land where hash tables look first. Nothing about its values is
//! promised beyond this build (crates.io's makes no promise either): it is not for hashes that
//! are stored or sent, and not for keys an attacker chooses.

#![no_std]
#![forbid(unsafe_code)]

#[cfg(feature = "std")]
extern crate std;

use core::hash::{BuildHasher, Hasher};

/// An odd multiplier with its bits spread over the word (from the digits of π, as is usual for
/// such constants).
#[cfg(target_pointer_width = "64")]
const MULTIPLIER: usize = 0x243f_6a88_85a3_08d3;
#[cfg(target_pointer_width = "32")]
const MULTIPLIER: usize = 0x93c4_67e3;

/// The hasher. Made by `Default` (state 0) or [`FxHasher::with_seed`].
#[derive(Clone, Copy, Debug, Default)]
pub struct FxHasher {
    state: usize,
}

impl FxHasher {
    /// A hasher whose state starts at `seed`.
    #[inline]
    pub const fn with_seed(seed: usize) -> FxHasher {
        FxHasher { state: seed }
    }

    /// A hasher whose state starts at 0, as `Default` gives (usable in `const`).
    #[inline]
    pub const fn default() -> FxHasher {
        FxHasher { state: 0 }
    }

    #[inline]
    fn add(&mut self, word: usize) {
        self.state = self.state.wrapping_add(word).wrapping_mul(MULTIPLIER);
    }
}

impl Hasher for FxHasher {
    /// Four bytes at a time, little-endian, then the bytes left one by one, then the length
    /// (so that "a" followed by "" and "" followed by "a" differ as keys of one tuple).
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let words = bytes.chunks_exact(4);
        let rest = words.remainder();
        for word in words {
            self.add(u32::from_le_bytes([word[0], word[1], word[2], word[3]]) as usize);
        }
        for &byte in rest {
            self.add(usize::from(byte));
        }
        self.add(bytes.len());
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(usize::from(i));
    }

    #[inline]
    fn write_u16(&mut self, i: u16) {
        self.add(usize::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(i as usize);
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i as usize);
        #[cfg(target_pointer_width = "32")]
        self.add((i >> 32) as usize);
    }

    #[inline]
    fn write_u128(&mut self, i: u128) {
        self.write_u64(i as u64);
        self.write_u64((i >> 64) as u64);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // hashbrown takes its control bits from the top 7 bits and its bucket from the low
        // ones: the rotation brings the best-mixed high bits down to both.
        #[cfg(target_pointer_width = "64")]
        const ROTATE: u32 = 26;
        #[cfg(target_pointer_width = "32")]
        const ROTATE: u32 = 15;
        self.state.rotate_left(ROTATE) as u64
    }
}

/// Builds [`FxHasher`]s that start at 0.
#[derive(Clone, Copy, Debug, Default)]
pub struct FxBuildHasher;

impl BuildHasher for FxBuildHasher {
    type Hasher = FxHasher;

    #[inline]
    fn build_hasher(&self) -> FxHasher {
        FxHasher::default()
    }
}

/// Builds [`FxHasher`]s that start at a seed of the caller's.
#[derive(Clone, Copy, Debug)]
pub struct FxSeededState {
    seed: usize,
}

impl FxSeededState {
    /// Hashers of this state start at `seed`.
    #[inline]
    pub const fn with_seed(seed: usize) -> FxSeededState {
        FxSeededState { seed }
    }
}

impl BuildHasher for FxSeededState {
    type Hasher = FxHasher;

    #[inline]
    fn build_hasher(&self) -> FxHasher {
        FxHasher::with_seed(self.seed)
    }
}

/// A `HashMap` with [`FxBuildHasher`].
#[cfg(feature = "std")]
pub type FxHashMap<K, V> = std::collections::HashMap<K, V, FxBuildHasher>;

/// A `HashSet` with [`FxBuildHasher`].
#[cfg(feature = "std")]
pub type FxHashSet<V> = std::collections::HashSet<V, FxBuildHasher>;

/// A `HashMap` with [`FxSeededState`].
#[cfg(feature = "std")]
pub type FxHashMapSeed<K, V> = std::collections::HashMap<K, V, FxSeededState>;

/// A `HashSet` with [`FxSeededState`].
#[cfg(feature = "std")]
pub type FxHashSetSeed<V> = std::collections::HashSet<V, FxSeededState>;

#[cfg(test)]
mod tests {
    use super::*;
    use core::hash::Hash;
    use std::collections::HashSet;
    use std::vec::Vec;

    fn hash<T: Hash + ?Sized>(value: &T) -> u64 {
        FxBuildHasher.hash_one(value)
    }

    #[test]
    fn equal_values_hash_alike_and_a_seed_changes_the_hash() {
        assert_eq!(hash("delegated"), hash("delegated"));
        assert_eq!(hash(&42usize), hash(&42usize));
        let seeded = FxSeededState::with_seed(7);
        assert_eq!(seeded.hash_one("click"), seeded.hash_one("click"));
        assert_ne!(seeded.hash_one("click"), hash("click"));
    }

    #[test]
    fn strings_of_every_remainder_length_differ() {
        // Every length from 0 to 12 (each remainder of the four-byte words), and strings that
        // differ only in their last byte, or only by where one ends in a tuple.
        let strings: Vec<std::string::String> =
            (0..=12).map(|n| "abcdefghijkl"[..n].into()).collect();
        let hashes: HashSet<u64> = strings.iter().map(|s| hash(s.as_str())).collect();
        assert_eq!(hashes.len(), strings.len());
        assert_ne!(hash("input"), hash("inpuT"));
        assert_ne!(hash(&("a", "")), hash(&("", "a")));
    }

    #[test]
    fn small_integers_spread_over_buckets_and_control_bits() {
        // What hashbrown reads: the low bits pick the bucket, the top seven the control byte.
        let low: HashSet<u64> = (0..64usize).map(|i| hash(&i) & 63).collect();
        let top: HashSet<u64> = (0..64usize).map(|i| hash(&i) >> 57).collect();
        assert!(low.len() >= 32, "{} buckets of 64", low.len());
        assert!(top.len() >= 32, "{} control values of 128", top.len());
    }

    #[test]
    fn maps_and_sets_work() {
        let mut map: FxHashMap<&str, u32> = FxHashMap::default();
        map.insert("click", 1);
        map.insert("input", 2);
        assert_eq!(map.get("input"), Some(&2));
        let set: FxHashSet<u32> = (0..1000).collect();
        assert!((0..1000).all(|i| set.contains(&i)));
        assert_eq!(set.len(), 1000);
    }
}
