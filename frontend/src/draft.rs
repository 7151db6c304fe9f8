//! The form as a plain value: what was typed, which fields were left once, and how it checks.
//!
//! The widget keeps one `Draft` in a signal and derives one `Checked` from it with the shared
//! rules (`RawForm::check_with`, the same function the worker runs), so no rule is copied into
//! the view. Messages show next to a field only once the person has left it (or tried to
//! test), never while they are still typing its first characters.

use std::collections::BTreeSet;

use sendready_shared::discovery::{Confidence, DetectionSummary};
use sendready_shared::ground::ProviderId;
use sendready_shared::policy::DestinationPolicy;
use sendready_shared::providers::{self, HostRule, Provider};
use sendready_shared::secret::Secret;
use sendready_shared::settings::{Checked, Field, FieldError, FieldWarning, RawForm};

use crate::oauth::SignedIn;

/// The rules for a form that signs in with a password, or with OAuth (the grant handle in the
/// password field).
pub fn check_form(form: &RawForm, oauth: bool, policy: &DestinationPolicy) -> Checked {
    if oauth {
        form.check_oauth_with(policy)
    } else {
        form.check_with(policy)
    }
}

/// Everything typed into the setup form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    pub provider: Option<ProviderId>,
    /// True once the person chose the provider themselves: the address no longer suggests one.
    pub provider_chosen: bool,
    pub display_name: String,
    pub email: String,
    pub username: String,
    pub password: String,
    pub host: String,
    pub port: String,
    pub security: String,
    pub send_test_message: bool,
    /// Fields the person has left at least once; messages show only for them.
    pub touched: BTreeSet<FieldKey>,
    /// What `GET /api/detect` found for the address's domain, once it picked the provider.
    pub detected: Option<Detected>,
    /// The OAuth sign-in the form sends with instead of a password.
    pub oauth: Option<SignedIn>,
}

/// A detection the form took: for which domain, the line that says why, and whether it filled
/// the server fields (so a new domain clears them again).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detected {
    pub domain: String,
    pub summary: String,
    pub filled_server: bool,
}

/// `Field` in an order-able form, for the set of touched fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct FieldKey(u8);

/// How the server fields appear for the chosen preset (seed 004: fixed for presets).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerFields {
    /// Host, port and security are the preset's; show them as a line of text.
    Fixed,
    /// One of the preset's servers, picked in a list.
    Choice,
    /// The person types the server, port and security.
    Typed,
}

impl Draft {
    /// A draft for `provider`, as the host page preselected it.
    pub fn for_provider(provider: Option<ProviderId>) -> Self {
        Self {
            provider,
            provider_chosen: provider.is_some(),
            ..Self::default()
        }
    }

    /// The form exactly as typed, for the shared rules and the API.
    pub fn raw(&self) -> RawForm {
        RawForm {
            provider: self
                .provider
                .unwrap_or(ProviderId::Other)
                .as_str()
                .to_owned(),
            display_name: self.display_name.clone(),
            email: self.email.clone(),
            username: self.username.clone(),
            password: Secret::new(match &self.oauth {
                Some(signed_in) => signed_in.grant.clone(),
                None => self.password.clone(),
            }),
            host: self.host.clone(),
            port: self.port.clone(),
            security: self.security.clone(),
        }
    }

    /// Every rule, with the deployment's destination policy.
    pub fn check(&self, policy: &DestinationPolicy) -> Checked {
        check_form(&self.raw(), self.oauth.is_some(), policy)
    }

    /// The preset the address points to (gmail.com → Gmail), if it is not the chosen one.
    pub fn suggested_provider(&self) -> Option<ProviderId> {
        let (_, domain) = self.email.trim().rsplit_once('@')?;
        providers::from_email_domain(domain).filter(|id| Some(*id) != self.provider)
    }

    /// Takes the typed address; until the person picks a provider themselves, the address
    /// picks it (and un-picks it when the address changes to an unknown domain). A detection
    /// for the old domain is dropped once the domain changes.
    pub fn set_email(&mut self, text: String) {
        let old_domain = self.email_domain().to_ascii_lowercase();
        self.email = text;
        if self.provider_chosen || self.email_domain().eq_ignore_ascii_case(&old_domain) {
            return;
        }
        if self
            .detected
            .take()
            .is_some_and(|detected| detected.filled_server)
        {
            self.host.clear();
            self.port.clear();
            self.security.clear();
        }
        self.provider = providers::from_email_domain(self.email_domain());
    }

    /// The part after the last `@`, as typed (trimmed).
    pub fn email_domain(&self) -> &str {
        self.email
            .trim()
            .rsplit_once('@')
            .map_or("", |(_, domain)| domain)
    }

    /// Takes a detection if the address still has its domain, the person has not chosen a
    /// provider, and it found something: the provider, and for presets whose server is typed
    /// or chosen, the server it found (only into empty fields).
    pub fn apply_detection(&mut self, detection: &DetectionSummary) {
        let current = self.email_domain().eq_ignore_ascii_case(&detection.domain);
        if !current || self.provider_chosen || detection.confidence == Confidence::None {
            return;
        }
        self.provider = Some(detection.provider);
        let server = detection.server.as_ref().filter(|_| self.host.is_empty());
        let filled_server = match (self.server_fields(), server) {
            (ServerFields::Choice, Some(server)) => {
                self.host = server.host.clone();
                true
            }
            (ServerFields::Typed, Some(server)) => {
                self.host = server.host.clone();
                self.port = server.port.to_string();
                self.security = server.security.as_str().to_owned();
                true
            }
            _ => false,
        };
        self.detected = Some(Detected {
            domain: detection.domain.clone(),
            summary: detection.summary.clone().unwrap_or_default(),
            filled_server,
        });
    }

    /// True when the provider was picked from the address, not by the person.
    pub fn provider_from_address(&self) -> bool {
        !self.provider_chosen && self.provider.is_some()
    }

    /// Applies the provider picked in the list; the server fields start over for it.
    pub fn choose_provider(&mut self, provider: ProviderId) {
        if self.provider != Some(provider) {
            self.oauth = None;
        }
        self.provider = Some(provider);
        self.provider_chosen = true;
        self.detected = None;
        self.host.clear();
        self.port.clear();
        self.security.clear();
    }

    /// The catalogue entry of the chosen preset ("other" while none is chosen).
    pub fn preset(&self) -> &'static Provider {
        self.provider.unwrap_or(ProviderId::Other).provider()
    }

    pub fn server_fields(&self) -> ServerFields {
        match self.preset().host.value {
            HostRule::Fixed { .. } => ServerFields::Fixed,
            HostRule::Choice { .. } => ServerFields::Choice,
            HostRule::Typed { .. } => ServerFields::Typed,
        }
    }

    pub fn touch(&mut self, field: Field) {
        self.touched.insert(FieldKey::of(field));
    }

    /// Marks every field as left, so every message shows (after a Test click).
    pub fn touch_all(&mut self) {
        for field in Field::ALL {
            self.touch(field);
        }
    }

    pub fn is_touched(&self, field: Field) -> bool {
        self.touched.contains(&FieldKey::of(field))
    }
}

impl FieldKey {
    pub fn of(field: Field) -> Self {
        Self(Field::ALL.iter().position(|f| *f == field).unwrap_or(0) as u8)
    }
}

/// The first error on `field`, if any.
pub fn error_on(checked: &Checked, field: Field) -> Option<FieldError> {
    checked.errors().iter().find(|e| e.field == field).cloned()
}

/// The warnings on `field`.
pub fn warnings_on(checked: &Checked, field: Field) -> Vec<FieldWarning> {
    checked
        .warnings
        .iter()
        .filter(|w| w.field == field)
        .cloned()
        .collect()
}

/// Why Test is not possible yet, in one sentence naming the fields to fix.
pub fn why_not_ready(checked: &Checked) -> Option<String> {
    let mut fields: Vec<&'static str> = Vec::new();
    for error in checked.errors() {
        let label = error.field.label();
        if !fields.contains(&label) {
            fields.push(label);
        }
    }
    match fields.as_slice() {
        [] => None,
        [one] => Some(format!("To test, fix the {one}.")),
        [rest @ .., last] => Some(format!(
            "To test, fix the {} and the {last}.",
            rest.join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_picks_a_preset_until_the_person_chooses_one() {
        let mut draft = Draft::default();
        draft.set_email("ada@hotmail.com".to_owned());
        assert_eq!(draft.provider, Some(ProviderId::OutlookCom));
        assert!(draft.provider_from_address());
        draft.set_email("ada@example.org".to_owned());
        assert_eq!(draft.provider, None, "an unknown domain un-picks it");
        draft.choose_provider(ProviderId::Microsoft365);
        draft.set_email("ada@gmail.com".to_owned());
        assert_eq!(
            draft.provider,
            Some(ProviderId::Microsoft365),
            "the choice wins"
        );
        assert_eq!(draft.suggested_provider(), Some(ProviderId::Gmail));
    }

    #[test]
    fn a_detection_picks_the_provider_only_for_the_current_domain() {
        let detection = |domain: &str, provider, server: Option<(&str, u16)>| DetectionSummary {
            domain: domain.to_owned(),
            provider,
            confidence: Confidence::High,
            server: server.map(|(host, port)| sendready_shared::discovery::Server {
                host: host.to_owned(),
                port,
                security: sendready_shared::ground::Security::ImplicitTls,
            }),
            summary: Some("MX: x.mail.protection.outlook.com".to_owned()),
        };
        let mut draft = Draft::default();
        draft.set_email("anna@firma.de".to_owned());
        draft.apply_detection(&detection("other.de", ProviderId::Microsoft365, None));
        assert_eq!(draft.provider, None, "a stale answer is ignored");
        draft.apply_detection(&detection("firma.de", ProviderId::Microsoft365, None));
        assert_eq!(draft.provider, Some(ProviderId::Microsoft365));
        assert!(draft.provider_from_address() && draft.detected.is_some());
        draft.set_email("bert@firma.de".to_owned());
        assert_eq!(
            draft.provider,
            Some(ProviderId::Microsoft365),
            "same domain"
        );
        draft.set_email("anna@firma.co".to_owned());
        assert_eq!((draft.provider, draft.detected.clone()), (None, None));
        draft.apply_detection(&detection(
            "firma.co",
            ProviderId::Other,
            Some(("mail.firma.co", 465)),
        ));
        assert_eq!(
            (draft.host.as_str(), draft.port.as_str()),
            ("mail.firma.co", "465")
        );
        draft.set_email("anna@gmail.com".to_owned());
        assert_eq!(draft.provider, Some(ProviderId::Gmail));
        assert!(
            draft.host.is_empty(),
            "the detected server goes with its domain"
        );
        draft.choose_provider(ProviderId::Zoho);
        draft.set_email("anna@firma.de".to_owned());
        draft.apply_detection(&detection("firma.de", ProviderId::Microsoft365, None));
        assert_eq!(
            draft.provider,
            Some(ProviderId::Zoho),
            "the person's choice wins"
        );
    }

    #[test]
    fn the_reason_names_every_field_once() {
        let checked = Draft::default().check(&DestinationPolicy::default());
        let why = why_not_ready(&checked).unwrap_or_default();
        assert!(why.starts_with("To test, fix the "), "{why}");
        assert!(
            why.contains("e-mail address") && why.contains("password"),
            "{why}"
        );
    }
}
