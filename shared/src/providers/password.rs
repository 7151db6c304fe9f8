//! App-password shapes: how each provider prints them and how to clean up what people paste.
//!
//! Normalising only ever removes what the provider adds for readability (spaces between
//! groups, dashes where the provider prints none), and only when the result has exactly the
//! provider's shape. Anything else is kept as typed, because an account password may
//! legitimately contain spaces or dashes.

use serde::Serialize;

/// The shape of a provider's app passwords.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PasswordFormat {
    /// `len` letters, printed in groups of `group` separated by spaces (Gmail, Yahoo, AOL).
    /// Spaces and dashes are removed.
    Letters { len: u8, group: u8 },
    /// `groups` groups of `group` letters joined by dashes (iCloud: `xxxx-xxxx-xxxx-xxxx`).
    /// Spaces are removed and missing dashes are put back.
    DashedLetters { groups: u8, group: u8 },
    /// `len` letters and digits (Zoho: 12). Spaces are removed.
    Alphanumeric { len: u8 },
    /// Not documented; kept exactly as typed.
    Unknown,
}

impl PasswordFormat {
    /// The password as the server expects it when `typed` has this shape once the readability
    /// separators are removed; `None` when it does not have the shape (then use it as typed).
    pub fn normalise(self, typed: &str) -> Option<String> {
        match self {
            PasswordFormat::Letters { len, .. } => {
                let bare = strip(typed, true);
                (bare.len() == usize::from(len) && bare.bytes().all(|b| b.is_ascii_alphabetic()))
                    .then_some(bare)
            }
            PasswordFormat::DashedLetters { groups, group } => {
                let bare = strip(typed, true);
                let (groups, group) = (usize::from(groups), usize::from(group));
                if bare.len() != groups * group || !bare.bytes().all(|b| b.is_ascii_alphabetic()) {
                    return None;
                }
                // The dashes may only sit between groups: "abcd-efghijkl-mnop" is fine, a
                // dash inside a group is not this shape.
                let spaced = strip(typed, false);
                let dash_positions_ok = spaced
                    .split('-')
                    .try_fold(0, |offset, part| {
                        (offset % group == 0).then_some(offset + part.len())
                    })
                    .is_some();
                if !dash_positions_ok {
                    return None;
                }
                let chunks: Vec<&str> = (0..groups)
                    .map(|index| &bare[index * group..(index + 1) * group])
                    .collect();
                Some(chunks.join("-"))
            }
            PasswordFormat::Alphanumeric { len } => {
                let bare = strip(typed, false);
                (bare.len() == usize::from(len) && bare.bytes().all(|b| b.is_ascii_alphanumeric()))
                    .then_some(bare)
            }
            PasswordFormat::Unknown => None,
        }
    }

    /// True when the format is documented well enough to warn about passwords that differ.
    pub fn is_known(self) -> bool {
        self != PasswordFormat::Unknown
    }

    /// How the format is described in messages, e.g. "16-letter".
    pub fn describe(self) -> String {
        match self {
            PasswordFormat::Letters { len, .. } => format!("{len}-letter"),
            PasswordFormat::DashedLetters { groups, group } => {
                format!(
                    "{}-letter ({})",
                    groups * group,
                    vec!["x".repeat(usize::from(group)); usize::from(groups)].join("-")
                )
            }
            PasswordFormat::Alphanumeric { len } => format!("{len}-character"),
            PasswordFormat::Unknown => "generated".to_owned(),
        }
    }
}

/// `typed` without whitespace (including the no-break spaces web pages put between groups)
/// and, when `dashes` is set, without dashes.
fn strip(typed: &str, dashes: bool) -> String {
    typed
        .chars()
        .filter(|c| !(c.is_whitespace() || (dashes && *c == '-')))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GMAIL: PasswordFormat = PasswordFormat::Letters { len: 16, group: 4 };
    const ICLOUD: PasswordFormat = PasswordFormat::DashedLetters {
        groups: 4,
        group: 4,
    };
    const ZOHO: PasswordFormat = PasswordFormat::Alphanumeric { len: 12 };

    #[test]
    fn gmail_groups_lose_their_spaces() {
        assert_eq!(
            GMAIL.normalise("abcd efgh ijkl mnop").as_deref(),
            Some("abcdefghijklmnop")
        );
        assert_eq!(
            GMAIL.normalise(" abcd\u{a0}efgh ijkl mnop ").as_deref(),
            Some("abcdefghijklmnop")
        );
        assert_eq!(
            GMAIL.normalise("abcd-efgh-ijkl-mnop").as_deref(),
            Some("abcdefghijklmnop")
        );
        assert_eq!(
            GMAIL.normalise("abcdefghijklmnop").as_deref(),
            Some("abcdefghijklmnop")
        );
    }

    #[test]
    fn other_passwords_are_not_touched() {
        assert_eq!(GMAIL.normalise("correct horse battery"), None);
        assert_eq!(GMAIL.normalise("abcd efgh ijkl mno1"), None);
        assert_eq!(GMAIL.normalise("abcd efgh ijkl"), None);
        assert_eq!(
            PasswordFormat::Unknown.normalise("abcd efgh ijkl mnop"),
            None
        );
    }

    #[test]
    fn icloud_passwords_keep_or_regain_their_dashes() {
        assert_eq!(
            ICLOUD.normalise("abcd-efgh-ijkl-mnop").as_deref(),
            Some("abcd-efgh-ijkl-mnop")
        );
        assert_eq!(
            ICLOUD.normalise("abcdefghijklmnop").as_deref(),
            Some("abcd-efgh-ijkl-mnop")
        );
        assert_eq!(
            ICLOUD.normalise("abcd efgh ijkl mnop").as_deref(),
            Some("abcd-efgh-ijkl-mnop")
        );
        assert_eq!(ICLOUD.normalise("ab-cdefgh-ijkl-mnop"), None);
        assert_eq!(ICLOUD.normalise("abcd-efgh-ijkl"), None);
    }

    #[test]
    fn zoho_passwords_lose_spaces_only() {
        assert_eq!(
            ZOHO.normalise("ab12 cd34 ef56").as_deref(),
            Some("ab12cd34ef56")
        );
        assert_eq!(ZOHO.normalise("ab12-cd34-ef56"), None);
    }

    #[test]
    fn formats_describe_themselves() {
        assert_eq!(GMAIL.describe(), "16-letter");
        assert_eq!(ICLOUD.describe(), "16-letter (xxxx-xxxx-xxxx-xxxx)");
        assert_eq!(ZOHO.describe(), "12-character");
        assert!(!PasswordFormat::Unknown.is_known());
    }
}
