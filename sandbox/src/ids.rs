//! MongoDB-style ObjectIds (24 lowercase hex digits) without a random-number crate.
//!
//! Layout as in MongoDB: 4 bytes of Unix seconds, 3 bytes that differ per process,
//! 5 bytes of a counter. The counter alone makes ids unique within a process; the
//! timestamp and process bytes make them unlikely to repeat across restarts.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Mask of the 40-bit counter field.
const COUNTER_MASK: u64 = (1 << 40) - 1;
/// Mask of the 24-bit per-process field.
const PROCESS_MASK: u64 = (1 << 24) - 1;

/// Hands out unique ids; share one per server.
#[derive(Debug)]
pub struct IdGenerator {
    process: u64,
    counter: AtomicU64,
}

impl Default for IdGenerator {
    fn default() -> Self {
        Self::new()
    }
}

impl IdGenerator {
    /// A generator seeded from the OS-seeded keys of std's `RandomState`.
    pub fn new() -> Self {
        let seed = random_u64();
        Self {
            process: seed & PROCESS_MASK,
            // Starting at a random point, as MongoDB does, keeps ids of consecutive
            // runs apart even within the same second.
            counter: AtomicU64::new((seed >> 24) & PROCESS_MASK),
        }
    }

    /// The next id, stamped with `unix_seconds` (truncated to 32 bits, as ObjectIds are).
    pub fn next_id(&self, unix_seconds: u64) -> String {
        let count = self.counter.fetch_add(1, Ordering::Relaxed) & COUNTER_MASK;
        format!(
            "{:08x}{:06x}{:010x}",
            unix_seconds & u64::from(u32::MAX),
            self.process,
            count
        )
    }
}

fn random_u64() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    hasher.write_u128(nanos);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_24_lowercase_hex_and_unique() {
        let ids = IdGenerator::new();
        let seen: HashSet<String> = (0..10_000).map(|_| ids.next_id(1_702_309_691)).collect();
        assert_eq!(seen.len(), 10_000);
        for id in &seen {
            assert_eq!(id.len(), 24);
            assert!(
                id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')),
                "{id}"
            );
            assert!(id.starts_with("65772f3b"), "{id}");
        }
    }
}
