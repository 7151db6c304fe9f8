//! Recovery codes: ten single-use `xxxx-xxxx-xxxx` codes, shown once, stored as keyed hashes.
//!
//! Each code is 12 characters of an alphabet without the look-alikes 0, O, 1, I and L (31
//! symbols, about 59 bits), drawn uniformly from random bytes the caller passes in. Only an
//! HMAC-SHA256 of each code under a server key is stored, so a leaked database reveals none.
//! Using a code removes it; generating a new set replaces the old one. What is typed is read
//! regardless of case, spaces and dashes.

use core::fmt;

use serde::{Deserialize, Serialize};

use super::{Draws, normalise_typed};
use crate::jwt::SecretKey;
use crate::secret::Secret;

/// Codes in a set.
pub const COUNT: usize = 10;

/// The symbols of a code: digits and capitals without 0, O, 1, I and L.
pub const ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// Symbols in a code, shown in groups of `GROUP_LEN` joined by dashes.
pub const CODE_LEN: usize = 12;

/// Symbols per group.
const GROUP_LEN: usize = 4;

/// Domain separation: the keyed hash of a recovery code is never that of anything else.
const MAC_CONTEXT: &[u8] = b"sendready:mfa:recovery_code:";

/// A user's unused recovery codes, as stored: hex HMAC-SHA256 of each.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryCodes {
    /// The keyed hashes of the codes not used yet.
    pub hashes: Vec<String>,
}

/// Why a recovery code was refused. Both count as a failure for the lockout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecoveryError {
    /// Not 12 symbols of the alphabet once case, spaces and dashes are ignored.
    Malformed,
    /// Not one of the unused codes: wrong, already used, or from a replaced set.
    Wrong,
}

/// A new set from `random` (32 bytes from a CSPRNG): the codes to show once, and what to store
/// in place of any earlier set.
pub fn generate(key: &SecretKey, random: &[u8; 32]) -> (Vec<Secret>, RecoveryCodes) {
    let mut draws = Draws::new(random);
    let mut codes = Vec::with_capacity(COUNT);
    let mut hashes = Vec::with_capacity(COUNT);
    while codes.len() < COUNT {
        let symbols: Vec<u8> = (0..CODE_LEN)
            .map(|_| ALPHABET[draws.below(ALPHABET.len() as u32) as usize])
            .collect();
        let hash = hex::encode(key.mac(&mac_input(&symbols)));
        // A repeat (chance about 2^-53) would make two codes one: draw again.
        if hashes.contains(&hash) {
            continue;
        }
        let shown = symbols
            .chunks(GROUP_LEN)
            .map(|group| String::from_utf8_lossy(group).into_owned())
            .collect::<Vec<_>>()
            .join("-");
        codes.push(Secret::new(shown));
        hashes.push(hash);
    }
    (codes, RecoveryCodes { hashes })
}

impl RecoveryCodes {
    /// Uses `typed` up if it is one of the unused codes (keyed hashes compared in constant
    /// time); returns how many are left, for the verification result. Store the state after a
    /// success before answering, so a code cannot be used twice.
    pub fn redeem(&mut self, key: &SecretKey, typed: &str) -> Result<usize, RecoveryError> {
        let symbols = normalise_typed(typed);
        if symbols.len() != CODE_LEN || !symbols.bytes().all(|b| ALPHABET.contains(&b)) {
            return Err(RecoveryError::Malformed);
        }
        let input = mac_input(symbols.as_bytes());
        let mut found = None;
        for (index, hash) in self.hashes.iter().enumerate() {
            let stored = hex::decode(hash).unwrap_or_default();
            if key.mac_matches(&input, &stored) && found.is_none() {
                found = Some(index);
            }
        }
        let index = found.ok_or(RecoveryError::Wrong)?;
        self.hashes.remove(index);
        Ok(self.hashes.len())
    }

    /// How many codes are left unused.
    pub fn left(&self) -> usize {
        self.hashes.len()
    }
}

/// What is hashed for a code's symbols.
fn mac_input(symbols: &[u8]) -> Vec<u8> {
    [MAC_CONTEXT, symbols].concat()
}

impl fmt::Display for RecoveryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RecoveryError::Malformed => {
                "a recovery code is 12 letters and digits, like ABCD-EFGH-JKMN"
            }
            RecoveryError::Wrong => "this recovery code is not valid or was already used",
        })
    }
}

impl std::error::Error for RecoveryError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SecretKey {
        SecretKey::new(b"recovery code key for the tests, 32+ bytes").expect("long enough")
    }

    fn set() -> (Vec<Secret>, RecoveryCodes) {
        generate(&key(), &[42; 32])
    }

    #[test]
    fn a_set_is_ten_distinct_readable_codes() {
        let (codes, stored) = set();
        assert_eq!((codes.len(), stored.left()), (COUNT, COUNT));
        for code in &codes {
            let text = code.expose();
            assert_eq!(text.len(), 14, "{text}");
            assert_eq!(text.matches('-').count(), 2, "{text}");
            assert!(
                text.bytes()
                    .filter(|&b| b != b'-')
                    .all(|b| ALPHABET.contains(&b)),
                "{text}"
            );
            assert!(!text.contains(['0', 'O', '1', 'I', 'L']), "{text}");
        }
        let mut distinct: Vec<&str> = codes.iter().map(Secret::expose).collect();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), COUNT);
        assert_eq!(generate(&key(), &[42; 32]).1, stored);
        assert_ne!(generate(&key(), &[43; 32]).1, stored);
    }

    #[test]
    fn only_keyed_hashes_are_stored() {
        let (codes, stored) = set();
        let json = serde_json::to_string(&stored).unwrap_or_default();
        for code in &codes {
            let bare: String = code.expose().replace('-', "");
            assert!(!json.contains(&bare) && !json.contains(code.expose()));
        }
        assert!(stored.hashes.iter().all(|hash| hash.len() == 64));
        let back: RecoveryCodes = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, stored);
    }

    #[test]
    fn a_code_works_once_and_counts_down() {
        let (codes, mut stored) = set();
        assert_eq!(stored.redeem(&key(), codes[3].expose()), Ok(9));
        assert_eq!(
            stored.redeem(&key(), codes[3].expose()),
            Err(RecoveryError::Wrong)
        );
        for (used, code) in codes.iter().enumerate().filter(|(i, _)| *i != 3) {
            let expected = COUNT + usize::from(used > 3) - 2 - used;
            assert_eq!(stored.redeem(&key(), code.expose()), Ok(expected));
        }
        assert_eq!(stored.left(), 0);
    }

    #[test]
    fn typed_codes_ignore_case_spaces_and_dashes() {
        let (codes, stored) = set();
        let code = codes[0].expose().to_owned();
        let bare = code.replace('-', "");
        for typed in [
            code.to_lowercase(),
            bare.clone(),
            format!(" {} {} {} ", &bare[..4], &bare[4..8], &bare[8..]),
        ] {
            let mut copy = stored.clone();
            assert_eq!(copy.redeem(&key(), &typed), Ok(9), "{typed:?}");
        }
    }

    #[test]
    fn malformed_and_foreign_codes_are_refused() {
        let (_, mut stored) = set();
        for typed in [
            "",
            "ABCD-EFGH",
            "ABCD-EFGH-JKMN-P",
            "ABCD-EFGH-JKM0",
            "ABCD-EFGH-JKMI",
        ] {
            assert_eq!(
                stored.redeem(&key(), typed),
                Err(RecoveryError::Malformed),
                "{typed:?}"
            );
        }
        let (other_codes, _) = generate(&key(), &[7; 32]);
        assert_eq!(
            stored.redeem(&key(), other_codes[0].expose()),
            Err(RecoveryError::Wrong)
        );
        let other_key = SecretKey::new(&[9; 32]).expect("long enough");
        let (codes, _) = set();
        assert_eq!(
            stored.redeem(&other_key, codes[0].expose()),
            Err(RecoveryError::Wrong)
        );
        assert_eq!(stored.left(), COUNT);
    }

    #[test]
    fn regenerating_replaces_the_whole_set() {
        let (old_codes, _) = set();
        let (new_codes, mut replaced) = generate(&key(), &[99; 32]);
        assert_eq!(
            replaced.redeem(&key(), old_codes[0].expose()),
            Err(RecoveryError::Wrong)
        );
        assert_eq!(replaced.redeem(&key(), new_codes[0].expose()), Ok(9));
    }

    #[test]
    fn codes_never_print_and_refusals_are_lowercase() {
        let (codes, _) = set();
        assert!(!format!("{codes:?}").contains('-'));
        assert!(RecoveryError::Wrong.to_string().starts_with("this"));
        assert!(
            RecoveryError::Malformed
                .to_string()
                .starts_with("a recovery")
        );
    }
}
