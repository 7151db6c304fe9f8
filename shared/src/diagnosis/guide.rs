//! Which step of a provider's guide fixes each kind of failure: the link a diagnosis carries.
//!
//! A diagnosis never spells out a web address; it names a guide step by its stable id
//! (`gmail.create_app_password`), and the catalogue (`crate::providers`) holds that step's text
//! and links. The table below says, per kind, which step names to look for and which phase
//! of the guide to fall back to.

use super::DiagnosisKind;
use crate::providers::{self, Phase, ProviderId};

/// Where each kind is fixed in a guide: the step names to look for, then the phase.
const GUIDE_STEPS: &[(DiagnosisKind, &[&str], Phase)] = &[
    (
        DiagnosisKind::AppPasswordRequired,
        &["create_app_password", "use_oauth"],
        Phase::CreateAppPassword,
    ),
    (
        DiagnosisKind::BadCredentials,
        &["create_app_password", "use_oauth"],
        Phase::CreateAppPassword,
    ),
    (
        DiagnosisKind::SmtpAuthDisabled,
        &["check_smtp_auth", "passwords_no_longer_work", "ask_admin"],
        Phase::Prepare,
    ),
    (
        DiagnosisKind::AccountBlocked,
        &["blocked_account", "keep_working"],
        Phase::KeepWorking,
    ),
    (
        DiagnosisKind::NotAuthenticated,
        &["enter_settings"],
        Phase::EnterPassword,
    ),
    (
        DiagnosisKind::RelayDenied,
        &["enter_settings"],
        Phase::EnterPassword,
    ),
    (
        DiagnosisKind::SenderNotAllowed,
        &["enter_settings"],
        Phase::EnterPassword,
    ),
    (
        DiagnosisKind::TlsRequired,
        &["enter_settings"],
        Phase::EnterPassword,
    ),
    (
        DiagnosisKind::TlsFailed,
        &["enter_settings"],
        Phase::EnterPassword,
    ),
    (
        DiagnosisKind::WrongTlsMode,
        &["enter_settings"],
        Phase::EnterPassword,
    ),
    (
        DiagnosisKind::InsecureServer,
        &["enter_settings"],
        Phase::EnterPassword,
    ),
    (
        DiagnosisKind::AuthMechanismUnsupported,
        &["enter_settings"],
        Phase::EnterPassword,
    ),
    (
        DiagnosisKind::DnsFailed,
        &["enter_settings"],
        Phase::EnterPassword,
    ),
    (
        DiagnosisKind::ConnectFailed,
        &["enter_settings"],
        Phase::EnterPassword,
    ),
    (
        DiagnosisKind::Timeout,
        &["enter_settings"],
        Phase::EnterPassword,
    ),
    (
        DiagnosisKind::NotSmtp,
        &["enter_settings"],
        Phase::EnterPassword,
    ),
];

/// The id of the guide step that fixes `kind`: in the guide of the preset the person chose (or
/// the provider the reply came from), else in the generic "other" guide.
pub(crate) fn guide_step(kind: DiagnosisKind, provider: Option<ProviderId>) -> Option<String> {
    let (_, names, phase) = GUIDE_STEPS.iter().find(|row| row.0 == kind)?;
    let owner = provider.unwrap_or(ProviderId::Other);
    let steps = owner.provider().guide;
    names
        .iter()
        .find_map(|name| providers::guide_step(owner, name))
        .or_else(|| steps.iter().find(|step| step.phase == *phase))
        .map(|step| step.id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_guide_step_named_exists_in_some_guide() {
        for (kind, names, _) in GUIDE_STEPS {
            let found = ProviderId::ALL.iter().any(|id| {
                names
                    .iter()
                    .any(|name| providers::guide_step(*id, name).is_some())
            });
            assert!(found, "{kind:?}: no guide has any of {names:?}");
        }
    }

    #[test]
    fn the_chosen_preset_owns_the_link_and_unknown_providers_get_the_generic_guide() {
        let step = |kind, provider| guide_step(kind, provider);
        assert_eq!(
            step(
                DiagnosisKind::AppPasswordRequired,
                Some(ProviderId::GoogleWorkspace)
            )
            .as_deref(),
            Some("google_workspace.create_app_password")
        );
        assert_eq!(
            step(
                DiagnosisKind::SmtpAuthDisabled,
                Some(ProviderId::OutlookCom)
            )
            .as_deref(),
            Some("outlook_com.passwords_no_longer_work")
        );
        assert_eq!(
            step(DiagnosisKind::WrongTlsMode, None).as_deref(),
            Some("other.enter_settings")
        );
        assert_eq!(
            step(DiagnosisKind::RateLimited, Some(ProviderId::Gmail)),
            None
        );
    }
}
