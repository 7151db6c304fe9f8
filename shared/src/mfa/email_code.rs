//! Codes sent by e-mail: 8 digits, 10 minutes, 5 tries, stored only as a keyed hash.
//!
//! `issue` draws a code uniformly from random bytes the caller passes in and returns it (to
//! send, never to store) with the state to store: an HMAC-SHA256 of the code under a server
//! key, so a leaked database reveals no code and cannot be brute-forced offline, the expiry,
//! the tries left and the recent sends. A resend replaces the code; at most three are sent
//! per 15 minutes. NIST SP 800-63B does not count e-mail as an out-of-band authenticator:
//! hosts should prefer an authenticator app and offer e-mail as the fallback they choose.

use core::fmt;

use serde::{Deserialize, Serialize};

use std::time::SystemTime;

use super::{Draws, normalise_typed};
use crate::jwt::SecretKey;
use crate::secret::Secret;
use crate::smtp::{Address, MessageContent, TestMessage};

/// Digits of a code. Eight rather than the six of an app: an e-mailed code lives 10 minutes
/// rather than 90 seconds, so the space is made 100 times larger: five tries against 10^8
/// codes succeed with a chance of 1 in 20 million.
pub const CODE_DIGITS: usize = 8;

/// How long a code is valid: 10 minutes (NIST SP 800-63B, ASVS 2.7.2).
pub const VALID_S: u64 = 10 * 60;

/// Wrong tries before the code is void.
pub const MAX_TRIES: u8 = 5;

/// Codes sent within `SENDS_WINDOW_S`, the first one included.
pub const MAX_SENDS: usize = 3;

/// The window of `MAX_SENDS`: 15 minutes.
pub const SENDS_WINDOW_S: u64 = 15 * 60;

/// Domain separation: the keyed hash of an e-mailed code is never that of anything else.
const MAC_CONTEXT: &[u8] = b"sendready:mfa:email_code:";

/// A user's e-mailed code, as stored between requests.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailCodeState {
    /// Hex HMAC-SHA256 of the outstanding code; none once it was used, voided or never sent.
    pub code_hash: Option<String>,
    /// Unix seconds from which the code is refused.
    pub expires_at: u64,
    /// Wrong tries still allowed for the outstanding code.
    pub tries_left: u8,
    /// Unix seconds of the sends within the last `SENDS_WINDOW_S`, oldest first.
    pub sends: Vec<u64>,
}

/// Why a code was not sent or not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmailCodeError {
    /// `MAX_SENDS` codes were sent in the last 15 minutes: no other is sent yet.
    TooManySends {
        /// Whole seconds until one more may be sent.
        retry_after_s: u64,
    },
    /// No code is outstanding: none was sent, it was used, or it was voided.
    NoCode,
    /// The code is older than 10 minutes; it is now void.
    Expired,
    /// Not eight digits once spaces and dashes are removed; no try is counted.
    Malformed,
    /// Not the code that was sent.
    Wrong {
        /// Tries left; at 0 the code is void.
        tries_left: u8,
    },
}

/// The message that carries a code; the code is in the bodies, never in the subject.
#[derive(Clone, Debug)]
pub struct EmailCodeMessage {
    /// `Your <service> verification code`.
    pub subject: String,
    /// The plain-text body.
    pub text: Secret,
    /// The HTML body.
    pub html: Secret,
}

/// A new code from `random` (32 bytes from a CSPRNG) at `now_unix_s`, replacing any
/// outstanding one: the code to send, and the state to store instead of `previous`.
pub fn issue(
    key: &SecretKey,
    previous: &EmailCodeState,
    random: &[u8; 32],
    now_unix_s: u64,
) -> Result<(Secret, EmailCodeState), EmailCodeError> {
    let window_start = now_unix_s.saturating_sub(SENDS_WINDOW_S);
    let mut sends: Vec<u64> = previous
        .sends
        .iter()
        .copied()
        .filter(|&at| at > window_start)
        .collect();
    if sends.len() >= MAX_SENDS {
        let oldest = sends.first().copied().unwrap_or(now_unix_s);
        return Err(EmailCodeError::TooManySends {
            retry_after_s: (oldest + SENDS_WINDOW_S - now_unix_s).max(1),
        });
    }
    sends.push(now_unix_s);
    let mut draws = Draws::new(random);
    let value = draws.below(10u32.pow(CODE_DIGITS as u32));
    let code = Secret::new(format!("{value:0width$}", width = CODE_DIGITS));
    let state = EmailCodeState {
        code_hash: Some(hex::encode(key.mac(&mac_input(code.expose())))),
        expires_at: now_unix_s.saturating_add(VALID_S),
        tries_left: MAX_TRIES,
        sends,
    };
    Ok((code, state))
}

impl EmailCodeState {
    /// Checks `typed` (spaces and dashes ignored) at `now_unix_s`, comparing keyed hashes in
    /// constant time. A right code is used up; a wrong one costs a try. Store the state after
    /// either answer.
    pub fn verify(
        &mut self,
        key: &SecretKey,
        typed: &str,
        now_unix_s: u64,
    ) -> Result<(), EmailCodeError> {
        let Some(hash) = &self.code_hash else {
            return Err(EmailCodeError::NoCode);
        };
        if now_unix_s >= self.expires_at {
            self.code_hash = None;
            return Err(EmailCodeError::Expired);
        }
        let code = normalise_typed(typed);
        if code.len() != CODE_DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(EmailCodeError::Malformed);
        }
        let stored = hex::decode(hash).unwrap_or_default();
        if key.mac_matches(&mac_input(&code), &stored) {
            self.code_hash = None;
            return Ok(());
        }
        self.tries_left = self.tries_left.saturating_sub(1);
        if self.tries_left == 0 {
            self.code_hash = None;
        }
        Err(EmailCodeError::Wrong {
            tries_left: self.tries_left,
        })
    }
}

/// The plain-text and HTML message carrying `code` for `service` (the host's product name).
pub fn message(code: &Secret, service: &str) -> EmailCodeMessage {
    let digits = code.expose();
    let shown = if digits.len() == CODE_DIGITS {
        format!("{} {}", &digits[..4], &digits[4..])
    } else {
        digits.to_owned()
    };
    let minutes = VALID_S / 60;
    let text = format!(
        "Your {service} verification code is:\n\n    {shown}\n\n\
         It is valid for {minutes} minutes and can be used once.\n\
         If you did not try to sign in, ignore this message and consider changing your password.\n"
    );
    let service_html = escape_html(service);
    let html = format!(
        "<!doctype html><html><body>\
         <p>Your {service_html} verification code is:</p>\
         <p style=\"font-size:24px;font-weight:bold;letter-spacing:4px\">{shown}</p>\
         <p>It is valid for {minutes} minutes and can be used once.</p>\
         <p>If you did not try to sign in, ignore this message and consider changing your password.</p>\
         </body></html>"
    );
    EmailCodeMessage {
        subject: format!("Your {service} verification code"),
        text: Secret::new(text),
        html: Secret::new(html),
    }
}

/// Who sends the code: the saved system account's address and display name.
#[derive(Clone, Debug)]
pub struct Sender<'a> {
    pub address: Address,
    pub display_name: &'a str,
}

/// The probe's message carrying `code` from `sender` to `to`, dated `date`, with `message_id`
/// (angle brackets included). Its body never reaches the probe's transcript.
pub fn outgoing(
    code: &Secret,
    service: &str,
    sender: Sender<'_>,
    to: Address,
    date: SystemTime,
    message_id: String,
) -> TestMessage {
    let mail = message(code, service);
    TestMessage::new(sender.address, sender.display_name, date, message_id).with_content(
        MessageContent::Alternative {
            to,
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
        },
    )
}

/// What is hashed for `code`.
fn mac_input(code: &str) -> Vec<u8> {
    [MAC_CONTEXT, code.as_bytes()].concat()
}

/// `text` with the five HTML special characters escaped.
fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

impl fmt::Display for EmailCodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EmailCodeError::TooManySends { retry_after_s } => write!(
                f,
                "too many codes were sent; you can ask for another in {} minute(s)",
                retry_after_s.div_ceil(60)
            ),
            EmailCodeError::NoCode => f.write_str("no code is waiting; ask for a new one"),
            EmailCodeError::Expired => f.write_str("this code has expired; ask for a new one"),
            EmailCodeError::Malformed => f.write_str("enter the 8 digits from the e-mail"),
            EmailCodeError::Wrong { tries_left: 0 } => {
                f.write_str("this code is not valid and no tries are left; ask for a new one")
            }
            EmailCodeError::Wrong { tries_left } => {
                write!(f, "this code is not valid; {tries_left} tries left")
            }
        }
    }
}

impl std::error::Error for EmailCodeError {}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: u64 = 1_700_000_000;

    fn key() -> SecretKey {
        SecretKey::new(b"email code key for the tests, 32+ bytes").expect("long enough")
    }

    fn sent(seed: u8) -> (Secret, EmailCodeState) {
        issue(&key(), &EmailCodeState::default(), &[seed; 32], T0).expect("first send")
    }

    #[test]
    fn a_code_is_eight_digits_stored_only_as_a_keyed_hash() {
        let (code, state) = sent(1);
        assert_eq!(code.expose().len(), 8);
        assert!(code.expose().bytes().all(|b| b.is_ascii_digit()));
        let json = serde_json::to_string(&state).unwrap_or_default();
        assert!(!json.contains(code.expose()), "{json}");
        assert_eq!(state.code_hash.as_ref().map(String::len), Some(64));
        assert_eq!((state.expires_at, state.tries_left), (T0 + 600, 5));
        assert_eq!(state.sends, [T0]);
        assert_eq!(format!("{code:?}"), "Secret([redacted])");
        let other_key = SecretKey::new(&[3; 32]).expect("long enough");
        let (_, elsewhere) =
            issue(&other_key, &EmailCodeState::default(), &[1; 32], T0).expect("first send");
        assert_ne!(elsewhere.code_hash, state.code_hash);
    }

    #[test]
    fn the_right_code_is_accepted_once() {
        let (code, mut state) = sent(2);
        let spaced = format!("{} {}", &code.expose()[..4], &code.expose()[4..]);
        assert_eq!(state.verify(&key(), &spaced, T0 + 30), Ok(()));
        assert_eq!(
            state.verify(&key(), code.expose(), T0 + 31),
            Err(EmailCodeError::NoCode)
        );
    }

    #[test]
    fn five_wrong_tries_void_the_code() {
        let (code, mut state) = sent(3);
        let wrong = if code.expose() == "00000000" {
            "00000001"
        } else {
            "00000000"
        };
        for left in (0..MAX_TRIES).rev() {
            assert_eq!(
                state.verify(&key(), wrong, T0 + 1),
                Err(EmailCodeError::Wrong { tries_left: left })
            );
        }
        assert_eq!(
            state.verify(&key(), code.expose(), T0 + 2),
            Err(EmailCodeError::NoCode)
        );
    }

    #[test]
    fn malformed_input_costs_no_try() {
        let (code, mut state) = sent(4);
        for typed in ["", "1234567", "123456789", "1234567a"] {
            assert_eq!(
                state.verify(&key(), typed, T0 + 1),
                Err(EmailCodeError::Malformed)
            );
        }
        assert_eq!(state.tries_left, MAX_TRIES);
        assert_eq!(state.verify(&key(), code.expose(), T0 + 1), Ok(()));
    }

    #[test]
    fn a_code_expires_after_ten_minutes() {
        let (code, state) = sent(5);
        let mut at_last_second = state.clone();
        assert_eq!(
            at_last_second.verify(&key(), code.expose(), T0 + 599),
            Ok(())
        );
        let mut late = state;
        assert_eq!(
            late.verify(&key(), code.expose(), T0 + 600),
            Err(EmailCodeError::Expired)
        );
        assert_eq!(late.code_hash, None);
    }

    #[test]
    fn a_resend_replaces_the_code_and_is_itself_limited() {
        let (first, state) = sent(6);
        let (second, mut state) = issue(&key(), &state, &[7; 32], T0 + 60).expect("second");
        assert_ne!(first.expose(), second.expose());
        let mut with_first = state.clone();
        assert!(matches!(
            with_first.verify(&key(), first.expose(), T0 + 61),
            Err(EmailCodeError::Wrong { .. })
        ));
        let (_, third) = issue(&key(), &state, &[8; 32], T0 + 120).expect("third");
        assert_eq!(
            issue(&key(), &third, &[9; 32], T0 + 180).err(),
            Some(EmailCodeError::TooManySends { retry_after_s: 720 })
        );
        assert!(issue(&key(), &third, &[9; 32], T0 + SENDS_WINDOW_S).is_ok());
        assert_eq!(state.verify(&key(), second.expose(), T0 + 62), Ok(()));
    }

    #[test]
    fn codes_are_spread_evenly_over_every_digit() {
        let mut first_digits = [0u32; 10];
        for seed in 0..=255u8 {
            for salt in 0..8u8 {
                let mut random = [seed; 32];
                random[0] = salt;
                let (code, _) =
                    issue(&key(), &EmailCodeState::default(), &random, T0).expect("first send");
                let first = code.expose().as_bytes()[0] - b'0';
                first_digits[usize::from(first)] += 1;
            }
        }
        // 2048 codes: about 205 per leading digit, leading zeros included.
        assert!(
            first_digits.iter().all(|&n| (140..270).contains(&n)),
            "{first_digits:?}"
        );
    }

    #[test]
    fn the_message_carries_the_code_and_its_validity_but_not_in_the_subject() {
        let code = Secret::new("01234567");
        let mail = message(&code, "Acme <CRM> & Co");
        assert_eq!(mail.subject, "Your Acme <CRM> & Co verification code");
        assert!(mail.text.expose().contains("    0123 4567\n"));
        assert!(mail.text.expose().contains("valid for 10 minutes"));
        assert!(mail.html.expose().contains("Acme &lt;CRM&gt; &amp; Co"));
        assert!(mail.html.expose().contains(">0123 4567</p>"));
        assert!(!format!("{mail:?}").contains("4567"));
    }

    #[test]
    fn the_outgoing_message_goes_from_the_system_account_to_the_user() {
        let sender = Sender {
            address: "system@example.org".parse().expect("valid"),
            display_name: "Acme CRM",
        };
        let to: Address = "user@example.net".parse().expect("valid");
        let date = SystemTime::UNIX_EPOCH;
        let code = Secret::new("76543210");
        let outgoing = outgoing(&code, "Acme", sender, to.clone(), date, "<c@x>".to_owned());
        assert_eq!(outgoing.recipient(), &to);
        assert_eq!(outgoing.address.to_string(), "system@example.org");
        assert_eq!(outgoing.display_name, "Acme CRM");
        assert!(!outgoing.body_is_recordable());
        assert!(!format!("{outgoing:?}").contains("3210"));
    }

    #[test]
    fn refusals_read_as_lowercase_sentences() {
        let refusals = [
            EmailCodeError::TooManySends { retry_after_s: 61 },
            EmailCodeError::NoCode,
            EmailCodeError::Expired,
            EmailCodeError::Malformed,
            EmailCodeError::Wrong { tries_left: 0 },
            EmailCodeError::Wrong { tries_left: 3 },
        ];
        for refusal in refusals {
            let text = refusal.to_string();
            assert!(text.starts_with(|c: char| c.is_lowercase()), "{text}");
        }
        assert!(refusals[0].to_string().contains("2 minute(s)"));
    }
}
