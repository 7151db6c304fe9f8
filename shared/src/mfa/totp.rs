//! Authenticator-app codes (TOTP, RFC 6238): enrollment, verification, replay and clock drift.
//!
//! The parameters every authenticator app understands: HMAC-SHA-1, 6 digits, 30-second steps,
//! one step of network delay either way (RFC 6238 §5.2), a 160-bit secret (RFC 4226 R6). The
//! arithmetic is `totp-rs`'s, always with the time passed in: its `*_current` helpers read the
//! clock (and panic on wasm32) and are never called. RFC 6238 §5.2 says a code MUST NOT be
//! accepted twice, so each user's [`TotpState`] remembers the last accepted step; a code of
//! that step or an earlier one is refused. Enrollment ends with one [`verify`] against
//! `TotpState::default()`, whose state is stored with the secret, so the enrollment code cannot
//! be replayed at the first sign-in.

use core::fmt;

use serde::{Deserialize, Serialize};
use totp_rs::{Algorithm, Builder, Totp};

use super::normalise_typed;
use crate::secret::Secret;

/// Random bytes of a secret: 160 bits, RFC 4226's recommendation.
pub const SECRET_LEN: usize = 20;

/// Digits of a code.
pub const DIGITS: usize = 6;

/// Seconds of one time step.
pub const STEP_S: u64 = 30;

/// Steps accepted either side of the current one, for network delay and typing.
pub const SKEW_STEPS: u64 = 1;

/// Steps either side searched for a code from a device whose clock is off: ten minutes.
pub const DRIFT_STEPS: u64 = 20;

/// Longest issuer or account name, in bytes.
const LABEL_MAX: usize = 128;

/// What enrollment shows the user, once: all three carry the secret.
#[derive(Clone, Debug)]
pub struct Enrollment {
    /// The secret in base32 without padding (32 characters): the caller seals and stores it.
    pub secret: Secret,
    /// The same in groups of four for typing by hand: `GEZD GNBV GY3T …`.
    pub secret_grouped: Secret,
    /// The `otpauth://totp/…` key URI for the QR code (Google Authenticator's key URI format).
    pub uri: Secret,
}

/// Why enrollment could not start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnrollError {
    /// The issuer is empty, longer than 128 bytes, or holds a colon or a control character.
    InvalidIssuer,
    /// The account name is empty, longer than 128 bytes, or holds a colon or a control character.
    InvalidAccount,
}

/// What is remembered per user between verifications.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpState {
    /// The step (unix seconds / 30) of the last accepted code; none before enrollment.
    pub last_step: Option<u64>,
}

/// An accepted code: its step, and the state to store before answering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Accepted {
    /// The step the code belongs to.
    pub step: u64,
    /// The new state: `last_step` is `step`.
    pub state: TotpState,
}

/// Why a code was refused. Every refusal but `InvalidSecret` counts as a failure for the lockout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TotpError {
    /// The stored secret is not base32 of at least 128 bits: the caller's data is damaged.
    InvalidSecret,
    /// Not six digits once spaces and dashes are removed.
    Malformed,
    /// No match within a step of now, nor within ten minutes.
    Wrong,
    /// The code matches, but its step was already used: a replay or a second sign-in within 30 s.
    Reused,
    /// No match within a step of now, but a match within ten minutes: the device's clock is off.
    ClockDrift {
        /// How far the device's clock is off, in seconds: positive when it is ahead.
        offset_s: i64,
    },
}

/// A new secret from `random` (20 bytes from a CSPRNG) for `account` at `issuer`: the base32
/// secret, grouped for display, and the key URI
/// `otpauth://totp/Issuer:account?secret=…&issuer=Issuer&algorithm=SHA1&digits=6&period=30`,
/// issuer and account percent-encoded.
pub fn enroll(
    random: &[u8; SECRET_LEN],
    issuer: &str,
    account: &str,
) -> Result<Enrollment, EnrollError> {
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.len() <= LABEL_MAX
            && !label.chars().any(|c| c == ':' || c.is_control())
    };
    if !label_ok(issuer) {
        return Err(EnrollError::InvalidIssuer);
    }
    if !label_ok(account) {
        return Err(EnrollError::InvalidAccount);
    }
    let totp = Builder::new()
        .with_secret(random.to_vec())
        .with_issuer(Some(issuer))
        .with_account_name(account)
        .build()
        .map_err(|_| EnrollError::InvalidAccount)?;
    let url = totp.to_url().map_err(|_| EnrollError::InvalidAccount)?;
    // totp-rs leaves out parameters at their defaults; some apps want them spelt out.
    let uri = format!("{url}&algorithm=SHA1&digits={DIGITS}&period={STEP_S}");
    let secret = totp.secret().to_base32();
    let grouped = secret
        .as_bytes()
        .chunks(4)
        .map(|group| String::from_utf8_lossy(group).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(Enrollment {
        secret: Secret::new(secret),
        secret_grouped: Secret::new(grouped),
        uri: Secret::new(uri),
    })
}

/// Checks `typed` (spaces and dashes ignored) against `secret` (base32) at `now_unix_s`: a
/// code of the current step or one either side whose step is after `state.last_step` is
/// accepted; the oldest matching step is taken, so the stored step moves as little as possible.
pub fn verify(
    secret: &Secret,
    state: &TotpState,
    typed: &str,
    now_unix_s: u64,
) -> Result<Accepted, TotpError> {
    let code = normalise_typed(typed);
    if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(TotpError::Malformed);
    }
    let totp = totp_for(secret)?;
    let matches = |step: u64| {
        step.checked_mul(STEP_S)
            .is_some_and(|time| totp.check(&code, time).is_some())
    };
    let current = now_unix_s / STEP_S;
    let mut reused = false;
    for step in current.saturating_sub(SKEW_STEPS)..=current.saturating_add(SKEW_STEPS) {
        if !matches(step) {
            continue;
        }
        if state.last_step.is_some_and(|last| step <= last) {
            reused = true;
            continue;
        }
        return Ok(Accepted {
            step,
            state: TotpState {
                last_step: Some(step),
            },
        });
    }
    if reused {
        return Err(TotpError::Reused);
    }
    for distance in SKEW_STEPS + 1..=DRIFT_STEPS {
        let before = current.checked_sub(distance);
        let after = current.checked_add(distance);
        if before.is_some_and(matches) {
            return Err(drift(distance, false));
        }
        if after.is_some_and(matches) {
            return Err(drift(distance, true));
        }
    }
    Err(TotpError::Wrong)
}

/// The refusal for a match `distance` steps away from now.
fn drift(distance: u64, ahead: bool) -> TotpError {
    let seconds = i64::try_from(distance * STEP_S).unwrap_or(i64::MAX);
    TotpError::ClockDrift {
        offset_s: if ahead { seconds } else { -seconds },
    }
}

/// The generator for one step at a time (no skew: `verify` walks the steps itself).
fn totp_for(secret: &Secret) -> Result<Totp, TotpError> {
    let bytes = totp_rs::Secret::try_from_base32(secret.expose().trim())
        .map_err(|_| TotpError::InvalidSecret)?;
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(STEP_S)
        .with_skew(0)
        .with_secret(bytes)
        .build()
        .map_err(|_| TotpError::InvalidSecret)
}

impl fmt::Display for EnrollError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EnrollError::InvalidIssuer => {
                "the issuer must be 1 to 128 characters without a colon or control characters"
            }
            EnrollError::InvalidAccount => {
                "the account name must be 1 to 128 characters without a colon or control characters"
            }
        })
    }
}

impl std::error::Error for EnrollError {}

impl fmt::Display for TotpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TotpError::InvalidSecret => f.write_str("the stored authenticator secret is damaged"),
            TotpError::Malformed => f.write_str("enter the 6 digits your authenticator app shows"),
            TotpError::Wrong => f.write_str("this code is not valid; enter the current one"),
            TotpError::Reused => {
                f.write_str("this code was already used; wait for the next one and enter it")
            }
            TotpError::ClockDrift { offset_s } => write!(
                f,
                "this code is not valid now: your device's clock is off by about {offset_s} seconds; \
                 set it to update automatically"
            ),
        }
    }
}

impl std::error::Error for TotpError {}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4226 Appendix D and RFC 6238 Appendix B: the ASCII key "1234567890…" of each length.
    fn rfc_key(len: usize) -> Vec<u8> {
        b"1234567890".iter().copied().cycle().take(len).collect()
    }

    fn generator(algorithm: Algorithm, key_len: usize, digits: u8) -> Totp {
        Builder::new()
            .with_algorithm(algorithm)
            .with_digits(digits)
            .with_skew(0)
            .with_secret(rfc_key(key_len))
            .build()
            .expect("the RFC keys are at least 160 bits")
    }

    /// The RFC 6238 SHA-1 key, base32, as the worker would store it.
    fn stored() -> Secret {
        Secret::new("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
    }

    /// The code of `step` under the stored key.
    fn code_at(step: u64) -> String {
        generator(Algorithm::SHA1, 20, 6)
            .generate(step * STEP_S)
            .to_string()
    }

    const NOW: u64 = 1_700_000_015;
    const CURRENT: u64 = NOW / STEP_S;

    #[test]
    fn rfc_6238_appendix_b_vectors() {
        let rows: [(u64, &str, &str, &str); 6] = [
            (59, "94287082", "46119246", "90693936"),
            (1_111_111_109, "07081804", "68084774", "25091201"),
            (1_111_111_111, "14050471", "67062674", "99943326"),
            (1_234_567_890, "89005924", "91819424", "93441116"),
            (2_000_000_000, "69279037", "90698825", "38618901"),
            (20_000_000_000, "65353130", "77737706", "47863826"),
        ];
        let sha1 = generator(Algorithm::SHA1, 20, 8);
        let sha256 = generator(Algorithm::SHA256, 32, 8);
        let sha512 = generator(Algorithm::SHA512, 64, 8);
        for (time, one, two_five_six, five_one_two) in rows {
            assert_eq!(sha1.generate(time).to_string(), one, "sha1 at {time}");
            assert_eq!(
                sha256.generate(time).to_string(),
                two_five_six,
                "sha256 at {time}"
            );
            assert_eq!(
                sha512.generate(time).to_string(),
                five_one_two,
                "sha512 at {time}"
            );
        }
    }

    #[test]
    fn rfc_4226_appendix_d_hotp_vectors_are_the_codes_of_steps_0_to_9() {
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489",
        ];
        for (counter, code) in (0u64..).zip(expected) {
            assert_eq!(code_at(counter), code, "counter {counter}");
        }
        // The same through `verify`, at a time inside each counter's step.
        for (counter, code) in (0u64..).zip(expected) {
            let accepted = verify(&stored(), &TotpState::default(), code, counter * 30 + 29);
            assert_eq!(accepted.map(|a| a.step), Ok(counter));
        }
    }

    #[test]
    fn enrollment_gives_the_key_uri_and_the_grouped_secret() {
        let enrollment =
            enroll(b"12345678901234567890", "ACME Co", "john.doe@email.com").expect("valid labels");
        assert_eq!(enrollment.secret.expose(), stored().expose());
        assert_eq!(
            enrollment.secret_grouped.expose(),
            "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"
        );
        assert_eq!(
            enrollment.uri.expose(),
            "otpauth://totp/ACME%20Co:john.doe%40email.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\
             &issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30"
        );
        let parsed = Totp::from_url(enrollment.uri.expose()).expect("totp-rs reads the uri back");
        assert_eq!(parsed.issuer(), Some("ACME Co"));
        assert_eq!(parsed.account_name(), "john.doe@email.com");
        assert_eq!(parsed.generate(NOW).to_string(), code_at(CURRENT));
        let shown = format!("{enrollment:?}");
        assert!(!shown.contains("GEZD"), "{shown}");
    }

    #[test]
    fn enrollment_refuses_labels_with_colons_or_nothing() {
        let random = [9; SECRET_LEN];
        assert_eq!(
            enroll(&random, "", "a").err(),
            Some(EnrollError::InvalidIssuer)
        );
        assert_eq!(
            enroll(&random, "A:B", "a").err(),
            Some(EnrollError::InvalidIssuer)
        );
        assert_eq!(
            enroll(&random, "Acme", "").err(),
            Some(EnrollError::InvalidAccount)
        );
        assert_eq!(
            enroll(&random, "Acme", "a:b").err(),
            Some(EnrollError::InvalidAccount)
        );
        let long = "a".repeat(129);
        assert_eq!(
            enroll(&random, "Acme", &long).err(),
            Some(EnrollError::InvalidAccount)
        );
        assert_eq!(
            enroll(&random, "Acme", "a\nb").err(),
            Some(EnrollError::InvalidAccount)
        );
        assert!(enroll(&random, "Acme", "ana@example.com").is_ok());
    }

    #[test]
    fn a_code_is_accepted_every_second_of_its_window() {
        let step = CURRENT;
        let code = code_at(step);
        // Valid while now is in the step before, the step itself or the step after it.
        for now in (step - 1) * STEP_S..(step + 2) * STEP_S {
            let accepted = verify(&stored(), &TotpState::default(), &code, now);
            assert_eq!(accepted.map(|a| a.step), Ok(step), "at {now}");
        }
        for now in [(step - 1) * STEP_S - 1, (step + 2) * STEP_S] {
            let refused = verify(&stored(), &TotpState::default(), &code, now);
            assert!(
                matches!(refused, Err(TotpError::ClockDrift { .. })),
                "at {now}"
            );
        }
    }

    #[test]
    fn steps_minus_one_to_plus_one_pass_and_two_away_are_drift() {
        for (offset, expected) in [
            (-2i64, Err(TotpError::ClockDrift { offset_s: -60 })),
            (-1, Ok(CURRENT - 1)),
            (0, Ok(CURRENT)),
            (1, Ok(CURRENT + 1)),
            (2, Err(TotpError::ClockDrift { offset_s: 60 })),
        ] {
            let step = CURRENT.saturating_add_signed(offset);
            let result = verify(&stored(), &TotpState::default(), &code_at(step), NOW);
            assert_eq!(result.map(|a| a.step), expected, "step {offset:+}");
        }
    }

    #[test]
    fn the_same_code_twice_is_refused_as_reused() {
        let code = code_at(CURRENT);
        let first = verify(&stored(), &TotpState::default(), &code, NOW).expect("first use");
        assert_eq!(first.state.last_step, Some(CURRENT));
        assert_eq!(
            verify(&stored(), &first.state, &code, NOW),
            Err(TotpError::Reused)
        );
        assert_eq!(
            verify(&stored(), &first.state, &code, NOW + 20),
            Err(TotpError::Reused)
        );
        let next = verify(&stored(), &first.state, &code_at(CURRENT + 1), NOW + 30);
        assert_eq!(next.map(|a| a.state.last_step), Ok(Some(CURRENT + 1)));
    }

    #[test]
    fn an_older_step_after_a_newer_one_is_refused() {
        let newer = verify(&stored(), &TotpState::default(), &code_at(CURRENT + 1), NOW)
            .expect("the next step is within the skew");
        assert_eq!(
            verify(&stored(), &newer.state, &code_at(CURRENT), NOW),
            Err(TotpError::Reused)
        );
        assert_eq!(
            verify(&stored(), &newer.state, &code_at(CURRENT - 1), NOW),
            Err(TotpError::Reused)
        );
    }

    #[test]
    fn a_clock_off_by_up_to_ten_minutes_is_reported_with_its_sign() {
        let state = TotpState::default();
        let at = |step: u64| verify(&stored(), &state, &code_at(step), NOW);
        assert_eq!(
            at(CURRENT + 10),
            Err(TotpError::ClockDrift { offset_s: 300 })
        );
        assert_eq!(
            at(CURRENT - 7),
            Err(TotpError::ClockDrift { offset_s: -210 })
        );
        assert_eq!(
            at(CURRENT + 20),
            Err(TotpError::ClockDrift { offset_s: 600 })
        );
        assert_eq!(
            at(CURRENT - 20),
            Err(TotpError::ClockDrift { offset_s: -600 })
        );
        assert_eq!(at(CURRENT + 21), Err(TotpError::Wrong));
        assert_eq!(at(CURRENT - 21), Err(TotpError::Wrong));
        let message = TotpError::ClockDrift { offset_s: -210 }.to_string();
        assert!(message.contains("off by about -210 seconds"), "{message}");
    }

    #[test]
    fn pasted_codes_with_spaces_are_read_and_other_text_is_malformed() {
        let code = code_at(CURRENT);
        let spaced = format!(" {} {} ", &code[..3], &code[3..]);
        assert!(verify(&stored(), &TotpState::default(), &spaced, NOW).is_ok());
        for typed in ["", "12345", "1234567", "12345a", "+12345", "١٢٣٤٥٦"] {
            assert_eq!(
                verify(&stored(), &TotpState::default(), typed, NOW),
                Err(TotpError::Malformed),
                "{typed:?}"
            );
        }
    }

    #[test]
    fn the_first_seconds_after_the_epoch_do_not_underflow() {
        for now in 0..30 {
            let accepted = verify(&stored(), &TotpState::default(), &code_at(0), now);
            assert_eq!(accepted.map(|a| a.step), Ok(0));
        }
        let far = verify(&stored(), &TotpState::default(), "000000", u64::MAX);
        assert!(far.is_err());
    }

    #[test]
    fn damaged_secrets_are_refused_as_such() {
        let state = TotpState::default();
        for secret in ["not base32!", "GEZDGNBV", ""] {
            assert_eq!(
                verify(&Secret::new(secret), &state, "123456", NOW),
                Err(TotpError::InvalidSecret),
                "{secret:?}"
            );
        }
    }

    #[test]
    fn the_state_is_stored_as_json() {
        let state = TotpState {
            last_step: Some(CURRENT),
        };
        let json = serde_json::to_string(&state).unwrap_or_default();
        assert_eq!(json, format!("{{\"last_step\":{CURRENT}}}"));
        let back: TotpState = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, state);
    }
}
