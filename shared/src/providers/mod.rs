//! The provider catalogue: SMTP presets, app-password rules and MFA guides, as static data.
//!
//! Everything here is a `&'static` table compiled into the binary: the widget reads it without
//! parsing anything, the worker serialises the same values for `GET /api/providers`, and every
//! fact carries the `Source` it was taken from and the date it was last compared with it.
//! Guide steps have stable ids `<provider>.<name>` (e.g. `gmail.create_app_password`) that
//! never change once published, so the diagnosis and the widget can point into a guide.
//! The catalogue is the one list of providers: the diagnosis recognises a provider from a host
//! name, a reply or an e-mail domain through `detect`, reading the same presets.
//! The types live in `model`; the presets in `presets_personal`, `presets_business`,
//! `presets_hosted`, `presets_international` and `presets_services` (one `Provider` each); the
//! guide text in the matching `guides_*` files; citations in `sources`. Validation rules that
//! read them live in `crate::settings`.

mod detect;
mod guides_business;
mod guides_hosted;
mod guides_international;
mod guides_personal;
mod guides_services;
mod model;
mod oauth;
mod password;
mod presets_business;
mod presets_hosted;
mod presets_international;
mod presets_personal;
mod presets_services;
mod sources;

pub use crate::ground::ProviderId;

pub use detect::{
    DETECTION_ORDER, from_email_domain, from_host, from_label, from_mx_host, from_reply,
    owner_of_domain,
};
pub use model::{
    AppPassword, AppPasswords, Catalogue, Category, DomainRule, Fact, HostOption, HostRule, Link,
    Login, Notice, Phase, PortOption, Provider, SecondFactor, Source, SourceKind, Step,
    UsernameRule,
};
pub use oauth::{OAUTH_ENDPOINTS, OauthEndpoints, oauth_endpoints};
pub use password::PasswordFormat;

/// Version of the catalogue's JSON shape; bumped when a field changes meaning.
/// 2: presets gained `category`, `host_suffixes`, `reply_markers` and `app_passwords`.
/// 3: presets gained `mx_suffixes`.
pub const SCHEMA: u32 = 3;

/// Every preset, in `ProviderId::ALL` order (a catalogue test pins the order).
static PROVIDERS: [&Provider; 19] = [
    &presets_personal::GMAIL,
    &presets_business::GOOGLE_WORKSPACE,
    &presets_business::MICROSOFT365,
    &presets_personal::OUTLOOK_COM,
    &presets_business::EXCHANGE,
    &presets_personal::YAHOO,
    &presets_personal::ICLOUD,
    &presets_hosted::ZOHO,
    &presets_hosted::FASTMAIL,
    &presets_hosted::SMARTERMAIL,
    &presets_personal::AOL,
    &presets_personal::GMX,
    &presets_international::YANDEX,
    &presets_international::QQ,
    &presets_international::NETEASE,
    &presets_services::AMAZON_SES,
    &presets_services::SENDGRID,
    &presets_services::MAILGUN,
    &presets_business::OTHER,
];

impl ProviderId {
    /// The preset's catalogue entry.
    pub fn provider(self) -> &'static Provider {
        PROVIDERS[self as usize]
    }
}

/// The whole catalogue, for `GET /api/providers` and for the widget.
pub fn catalogue() -> Catalogue {
    Catalogue {
        schema: SCHEMA,
        providers: &PROVIDERS,
    }
}

/// The step `step_id` of a provider's guide; `step_id` may be the full id
/// (`gmail.create_app_password`) or just its name (`create_app_password`).
pub fn guide_step(provider: ProviderId, step_id: &str) -> Option<&'static Step> {
    let prefix = provider.as_str();
    let name = step_id
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('.'))
        .unwrap_or(step_id);
    provider.provider().guide.iter().find(|step| {
        step.id
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix('.'))
            == Some(name)
    })
}

/// Any step by its full id, with the provider it belongs to.
pub fn step(full_id: &str) -> Option<(ProviderId, &'static Step)> {
    let (provider, _) = full_id.split_once('.')?;
    let provider = ProviderId::parse(provider)?;
    guide_step(provider, full_id).map(|step| (provider, step))
}

/// The id of the provider's step in `phase`, preferring one whose name is `preferred`.
pub fn step_in_phase(provider: ProviderId, phase: Phase, preferred: &str) -> Option<&'static str> {
    let steps = provider.provider().guide;
    guide_step(provider, preferred)
        .filter(|step| step.phase == phase)
        .or_else(|| steps.iter().find(|step| step.phase == phase))
        .map(|step| step.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_group_presets_that_share_servers() {
        assert_eq!(ProviderId::GoogleWorkspace.family(), ProviderId::Gmail);
        assert_eq!(ProviderId::OutlookCom.family(), ProviderId::Microsoft365);
        assert_eq!(ProviderId::Yandex.family(), ProviderId::Yandex);
        assert!(ProviderId::OutlookCom.is_microsoft() && ProviderId::Microsoft365.is_microsoft());
        assert!(!ProviderId::Exchange.is_microsoft());
    }

    #[test]
    fn ids_round_trip_through_text_and_serde() {
        for id in ProviderId::ALL {
            assert_eq!(ProviderId::parse(id.as_str()), Some(id));
            assert_eq!(
                serde_json::to_value(id).ok(),
                Some(serde_json::Value::from(id.as_str()))
            );
        }
        assert_eq!(ProviderId::parse("Gmail"), None);
    }

    #[test]
    fn steps_are_found_by_full_id_and_by_name() {
        let by_name = guide_step(ProviderId::Gmail, "create_app_password").map(|step| step.id);
        assert_eq!(by_name, Some("gmail.create_app_password"));
        let by_id = guide_step(ProviderId::Gmail, "gmail.create_app_password").map(|step| step.id);
        assert_eq!(by_id, by_name);
        assert_eq!(
            step("gmail.create_app_password").map(|(id, _)| id),
            Some(ProviderId::Gmail)
        );
        assert!(step("gmail.nothing_here").is_none());
        assert!(step("nowhere.create_app_password").is_none());
        assert!(guide_step(ProviderId::Yahoo, "gmail.create_app_password").is_none());
    }

    #[test]
    fn phase_lookup_falls_back_to_the_first_step_of_the_phase() {
        let id = step_in_phase(ProviderId::Gmail, Phase::CreateAppPassword, "no_such_step");
        assert_eq!(id, Some("gmail.create_app_password"));
    }
}
