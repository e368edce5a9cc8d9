//! Time as the API shows it (RFC 3339 in UTC with milliseconds, Unix seconds for JWTs), and
//! the sandbox's own clock, which tests move forward to reach token and code expiry without
//! waiting.

use std::sync::atomic::{AtomicU64, Ordering};

use time::OffsetDateTime;

/// The most the sandbox clock can be ahead of the system's: ten years, far past any expiry
/// and far from `OffsetDateTime`'s limits.
pub const MAX_OFFSET_SECS: u64 = 10 * 366 * 24 * 60 * 60;

/// The system's current instant, in UTC. Everything the API shows or checks uses
/// [`Clock::now`] instead.
pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// The sandbox's clock: the system's, moved forward by `POST /__sandbox/clock`, back to
/// the system's on `POST /__sandbox/reset`. Token `iat`/`exp`, their checks, code expiry,
/// the phone cooldown and every timestamp in an answer read it.
#[derive(Debug, Default)]
pub struct Clock {
    offset_secs: AtomicU64,
}

/// An advance that would put the clock more than [`MAX_OFFSET_SECS`] ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooFarAhead;

impl Clock {
    /// In step with the system clock.
    pub fn new() -> Self {
        Self::default()
    }

    /// The sandbox's current instant.
    pub fn now(&self) -> OffsetDateTime {
        let offset = i64::try_from(self.offset_secs()).unwrap_or(i64::MAX);
        now().saturating_add(time::Duration::seconds(offset))
    }

    /// [`Clock::now`] in Unix seconds.
    pub fn unix_now(&self) -> u64 {
        unix_seconds(self.now())
    }

    /// How far ahead of the system clock it is, in seconds.
    pub fn offset_secs(&self) -> u64 {
        self.offset_secs.load(Ordering::SeqCst)
    }

    /// Moves the clock `secs` forward; the new offset, or an error leaving it unchanged.
    pub fn advance(&self, secs: u64) -> Result<u64, TooFarAhead> {
        let ahead = |offset: u64| offset.checked_add(secs).filter(|&o| o <= MAX_OFFSET_SECS);
        self.offset_secs
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, ahead)
            .map(|previous| previous + secs)
            .map_err(|_| TooFarAhead)
    }

    /// Back in step with the system clock.
    pub fn reset(&self) {
        self.offset_secs.store(0, Ordering::SeqCst);
    }
}

/// Formats like Verifik's timestamps: `2023-12-11T15:48:11.640Z`.
///
/// Written by hand rather than with `time`'s format descriptions, which would need
/// its `formatting` and `macros` features (and a fallible call) for one fixed layout.
pub fn rfc3339_millis(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        at.millisecond()
    )
}

/// Seconds since the Unix epoch, as JWT `iat`/`exp` want them.
pub fn unix_seconds(at: OffsetDateTime) -> u64 {
    // Negative only for clocks set before 1970; clamp rather than wrap.
    u64::try_from(at.unix_timestamp()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_millis_and_z() {
        let at =
            OffsetDateTime::from_unix_timestamp_nanos(1_702_309_691_640_999_999).expect("in range");
        assert_eq!(rfc3339_millis(at), "2023-12-11T15:48:11.640Z");
        assert_eq!(unix_seconds(at), 1_702_309_691);
    }

    #[test]
    fn the_clock_moves_forward_within_its_limit_and_resets() {
        let clock = Clock::new();
        let before = unix_seconds(now());
        assert_eq!(clock.advance(600), Ok(600));
        assert_eq!(clock.advance(60), Ok(660));
        let ahead = clock.unix_now();
        assert!((before + 660..before + 670).contains(&ahead), "{ahead}");
        assert_eq!(clock.advance(MAX_OFFSET_SECS), Err(TooFarAhead));
        assert_eq!(clock.advance(u64::MAX), Err(TooFarAhead));
        assert_eq!(clock.offset_secs(), 660);
        assert_eq!(clock.advance(MAX_OFFSET_SECS - 660), Ok(MAX_OFFSET_SECS));
        clock.reset();
        assert_eq!(clock.offset_secs(), 0);
        assert!(clock.unix_now() < before + 10);
    }

    #[test]
    fn converts_offsets_to_utc() {
        let at = OffsetDateTime::from_unix_timestamp(0)
            .expect("in range")
            .to_offset(time::UtcOffset::from_hms(-5, 0, 0).expect("valid offset"));
        assert_eq!(rfc3339_millis(at), "1970-01-01T00:00:00.000Z");
    }
}
