//! One-time codes: six random digits, and the opaque digest answers show instead of the code.
//!
//! Randomness comes from std's `RandomState`, whose SipHash keys the OS seeds: hashing a
//! counter with secret random keys gives codes nobody can predict without reading the
//! outbox, and needs no random-number crate.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};

/// Smallest code: codes never start with 0, so that the JSON number a client sends
/// (`"otp": 123456`) always has the six digits the person read.
pub const MIN_CODE: u32 = 100_000;
/// Largest code.
pub const MAX_CODE: u32 = 999_999;
/// How many 64-bit hashes make a digest (64 hex digits, the length of a SHA-256).
const DIGEST_WORDS: u64 = 4;

/// Hands out codes and digests them; share one per server.
#[derive(Debug)]
pub struct Codes {
    keys: RandomState,
    counter: AtomicU64,
}

impl Default for Codes {
    fn default() -> Self {
        Self::new()
    }
}

impl Codes {
    /// Fresh random keys.
    pub fn new() -> Self {
        Self {
            keys: RandomState::new(),
            counter: AtomicU64::new(0),
        }
    }

    /// A new code in [`MIN_CODE`]..=[`MAX_CODE`].
    pub fn next_code(&self) -> u32 {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let span = u64::from(MAX_CODE - MIN_CODE + 1);
        // The modulo bias over 2^64 is below one in 10^13.
        let offset = self.keys.hash_one(("code", n)) % span;
        MIN_CODE + u32::try_from(offset).unwrap_or(0)
    }

    /// What answers show in `otp`: 64 hex digits that depend on `code` alone (within a run),
    /// from which the code cannot be read.
    pub fn digest(&self, code: u32) -> String {
        (0..DIGEST_WORDS)
            .map(|word| format!("{:016x}", self.keys.hash_one(("digest", word, code))))
            .collect()
    }
}

/// A code as the person reads it: six digits.
pub fn display(code: u32) -> String {
    format!("{code:06}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_six_digits_and_vary() {
        let codes = Codes::new();
        let drawn: Vec<u32> = (0..2_000).map(|_| codes.next_code()).collect();
        assert!(drawn.iter().all(|c| (MIN_CODE..=MAX_CODE).contains(c)));
        assert!(drawn.iter().all(|&c| display(c).len() == 6));
        // 2,000 draws from 900,000 values: a handful of repeats at most.
        let distinct: HashSet<u32> = drawn.iter().copied().collect();
        assert!(distinct.len() > 1_990, "{}", distinct.len());
        // Both halves of the range come up: not stuck near one end.
        assert!(drawn.iter().any(|&c| c < 500_000) && drawn.iter().any(|&c| c >= 500_000));
        // Another server draws other codes.
        let other: Vec<u32> = (0..20).map(|_| Codes::new().next_code()).collect();
        assert_ne!(other, drawn[..20]);
    }

    #[test]
    fn digests_hide_the_code_and_are_stable_per_code() {
        let codes = Codes::new();
        let digest = codes.digest(123_456);
        assert_eq!(digest.len(), 64);
        assert!(digest.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(codes.digest(123_456), digest);
        assert_ne!(codes.digest(123_457), digest);
        assert_ne!(Codes::new().digest(123_456), digest);
    }
}
