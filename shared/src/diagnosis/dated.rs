//! Advice that depends on the date: Microsoft 365 turns basic authentication for SMTP AUTH off.
//!
//! `shared` has no clock, so the caller passes today's date in (`DiagnosisInput::today`; the
//! worker reads its clock, `TestSession` its `now`). Microsoft's timeline (Exchange Team blog,
//! "Updated Exchange Online SMTP AUTH Basic Authentication Deprecation Timeline", 2026-01-27;
//! Message Center MC786329): nothing changes until the end of December 2026; then basic
//! authentication for SMTP AUTH client submission is disabled by default for existing tenants
//! (an admin can turn it back on for now), tenants created later are OAuth-only, and the final
//! removal date is to be announced in the second half of 2027. The replies that lead here are
//! `535 5.7.139`, `550 5.7.30 Basic authentication is not supported for Client Submission` and
//! `530 5.7.57 Client not authenticated`.

use serde::{Deserialize, Serialize};

use super::DiagnosisKind;
use crate::providers::ProviderId;
use crate::smtp::EnhancedCode;

/// A calendar day, counted from 1970-01-01 (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Day(pub u32);

/// The day Microsoft 365 turns basic authentication for SMTP AUTH off by default.
pub const MICROSOFT_BASIC_AUTH_OFF: Day = Day::from_ymd(2026, 12, 31);

impl Day {
    /// The UTC day of a Unix time in seconds.
    pub fn from_unix_seconds(seconds: u64) -> Day {
        Day(u32::try_from(seconds / 86_400).unwrap_or(u32::MAX))
    }

    /// The day of a (proleptic Gregorian) date; `month` 1–12, `day` 1–31, years from 1970.
    pub const fn from_ymd(year: u32, month: u32, day: u32) -> Day {
        // Howard Hinnant's days_from_civil, with years starting in March.
        let year = if month <= 2 { year - 1 } else { year };
        let era = year / 400;
        let year_of_era = year - era * 400;
        let shifted_month = if month > 2 { month - 3 } else { month + 9 };
        let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        Day(era * 146_097 + day_of_era - 719_468)
    }
}

/// The fix step about Microsoft's switch, when the diagnosis is about Microsoft 365's password
/// login for SMTP: before the date it warns, after it says what changed, without a date it says both.
pub(crate) fn microsoft_basic_auth_step(
    kind: DiagnosisKind,
    provider: Option<ProviderId>,
    enhanced: Option<EnhancedCode>,
    today: Option<Day>,
) -> Option<&'static str> {
    let microsoft_code =
        enhanced.is_some_and(|code| code.subject == 7 && matches!(code.detail, 139 | 30 | 57));
    let microsoft_login = provider == Some(ProviderId::Microsoft365)
        && matches!(
            kind,
            DiagnosisKind::SmtpAuthDisabled
                | DiagnosisKind::BadCredentials
                | DiagnosisKind::NotAuthenticated
        );
    // Outlook.com stopped taking passwords for SMTP in September 2024; its words say so already.
    if provider == Some(ProviderId::OutlookCom) || !(microsoft_code || microsoft_login) {
        return None;
    }
    Some(match today {
        Some(day) if day < MICROSOFT_BASIC_AUTH_OFF => {
            "Plan ahead: at the end of December 2026 Microsoft 365 turns password (basic) authentication for SMTP off by default; an admin can turn it back on for a while, but connecting with OAuth is the lasting fix."
        }
        Some(_) => {
            "Since the end of December 2026 Microsoft 365 turns password (basic) authentication for SMTP off by default: an admin can still turn it back on for the organisation for now, but Microsoft will remove it, so connect with OAuth."
        }
        None => {
            "At the end of December 2026 Microsoft 365 turns password (basic) authentication for SMTP off by default; after that an admin must turn it back on, and connecting with OAuth is the lasting fix."
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_count_from_the_epoch() {
        assert_eq!(Day::from_ymd(1970, 1, 1), Day(0));
        assert_eq!(Day::from_ymd(2000, 3, 1), Day(11_017));
        assert_eq!(
            Day::from_unix_seconds(1_798_675_200),
            Day::from_ymd(2026, 12, 31)
        );
        assert_eq!(
            Day::from_unix_seconds(1_798_675_199).0 + 1,
            MICROSOFT_BASIC_AUTH_OFF.0
        );
    }

    #[test]
    fn the_words_change_on_the_day() {
        let code = EnhancedCode::parse("5.7.139");
        let step = |day| {
            microsoft_basic_auth_step(
                DiagnosisKind::SmtpAuthDisabled,
                Some(ProviderId::Microsoft365),
                code,
                day,
            )
            .expect("step")
        };
        let before = step(Some(Day::from_ymd(2026, 12, 3)));
        let after = step(Some(Day::from_ymd(2027, 1, 15)));
        assert!(before.starts_with("Plan ahead"), "{before}");
        assert!(
            after.starts_with("Since the end of December 2026"),
            "{after}"
        );
        assert_ne!(step(None), before);
        assert_eq!(step(Some(MICROSOFT_BASIC_AUTH_OFF)), after);
    }

    #[test]
    fn only_for_microsoft_365_logins() {
        let day = Some(Day::from_ymd(2026, 12, 3));
        assert!(
            microsoft_basic_auth_step(
                DiagnosisKind::BadCredentials,
                Some(ProviderId::Gmail),
                EnhancedCode::parse("5.7.8"),
                day
            )
            .is_none()
        );
        assert!(
            microsoft_basic_auth_step(
                DiagnosisKind::SmtpAuthDisabled,
                Some(ProviderId::OutlookCom),
                EnhancedCode::parse("5.7.139"),
                day
            )
            .is_none()
        );
        // The code alone is Microsoft's, whatever provider was chosen.
        assert!(
            microsoft_basic_auth_step(
                DiagnosisKind::SmtpAuthDisabled,
                None,
                EnhancedCode::parse("5.7.30"),
                day
            )
            .is_some()
        );
    }
}
