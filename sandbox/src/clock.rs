//! Time as the API shows it: RFC 3339 in UTC with milliseconds, and Unix seconds for JWTs.

use time::OffsetDateTime;

/// The current instant, in UTC.
pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
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
    fn converts_offsets_to_utc() {
        let at = OffsetDateTime::from_unix_timestamp(0)
            .expect("in range")
            .to_offset(time::UtcOffset::from_hms(-5, 0, 0).expect("valid offset"));
        assert_eq!(rfc3339_millis(at), "1970-01-01T00:00:00.000Z");
    }
}
