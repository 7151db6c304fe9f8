//! The way back from a sign-in that ran in the widget's own window (no popup): the fragment
//! the callback's 303 puts on the widget's page, and its reading by the widget.
//!
//! Only the grant handle, the signed-in address and the preset travel, or the kind of the
//! refusal; in the fragment, so no server (the host page's, a proxy's) ever logs them. The
//! handle is worthless without the widget session's secret, which never left the tab.

use crate::providers::ProviderId;

const GRANT: &str = "sendready_oauth_grant";
const EMAIL: &str = "sendready_oauth_email";
const PROVIDER: &str = "sendready_oauth_provider";
const ERROR: &str = "sendready_oauth_error";

/// The longest address or kind taken from a fragment.
const MAX_VALUE_LEN: usize = 320;

/// The outcome of a sign-in as the widget's page gets it back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Returned {
    SignedIn {
        /// The grant handle: 32 hex characters.
        grant: String,
        email: String,
        provider: ProviderId,
    },
    /// Refused: an `oauth_*` diagnosis kind (`oauth_access_denied`, `oauth_state_invalid`, …).
    Refused {
        kind: String,
        provider: Option<ProviderId>,
    },
}

impl Returned {
    /// `return_to` with its fragment replaced by this outcome.
    pub fn url(&self, return_to: &str) -> String {
        let page = return_to
            .split_once('#')
            .map_or(return_to, |(page, _)| page);
        let mut fragment = form_urlencoded::Serializer::new(String::new());
        match self {
            Returned::SignedIn {
                grant,
                email,
                provider,
            } => {
                fragment
                    .append_pair(GRANT, grant)
                    .append_pair(EMAIL, email)
                    .append_pair(PROVIDER, provider.as_str());
            }
            Returned::Refused { kind, provider } => {
                fragment.append_pair(ERROR, kind);
                if let Some(provider) = provider {
                    fragment.append_pair(PROVIDER, provider.as_str());
                }
            }
        }
        format!("{page}#{}", fragment.finish())
    }

    /// The outcome a page's fragment (without the `#`) holds; `None` when it holds none or
    /// something malformed (a handle that is not 32 hex characters, a kind not `oauth_*`).
    pub fn from_fragment(fragment: &str) -> Option<Returned> {
        let (mut grant, mut email, mut provider, mut error) = (None, None, None, None);
        for (name, value) in form_urlencoded::parse(fragment.as_bytes()) {
            let value =
                Some(value.into_owned()).filter(|v| !v.is_empty() && v.len() <= MAX_VALUE_LEN);
            match name.as_ref() {
                GRANT => grant = value,
                EMAIL => email = value,
                PROVIDER => provider = value.as_deref().and_then(ProviderId::parse),
                ERROR => error = value,
                _ => {}
            }
        }
        if let Some(kind) = error {
            let known = kind.starts_with("oauth_")
                && kind.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
            return known.then_some(Returned::Refused { kind, provider });
        }
        let grant = grant.filter(|g| g.len() == 32 && g.bytes().all(|b| b.is_ascii_hexdigit()))?;
        Some(Returned::SignedIn {
            grant,
            email: email?,
            provider: provider?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "https://app.example/settings/mail?tab=smtp";

    #[test]
    fn a_sign_in_goes_back_in_the_fragment_and_reads_again() {
        let signed_in = Returned::SignedIn {
            grant: "0123456789abcdef0123456789abcdef".to_owned(),
            email: "ada+mail@outlook.com".to_owned(),
            provider: ProviderId::OutlookCom,
        };
        let url = signed_in.url(&format!("{PAGE}#old"));
        let (page, fragment) = url.split_once('#').expect("a fragment");
        assert_eq!(page, PAGE);
        assert!(!fragment.contains("old"));
        assert_eq!(Returned::from_fragment(fragment), Some(signed_in));
    }

    #[test]
    fn a_refusal_goes_back_with_its_kind() {
        let refused = Returned::Refused {
            kind: "oauth_access_denied".to_owned(),
            provider: Some(ProviderId::Gmail),
        };
        let url = refused.url(PAGE);
        let fragment = url.split_once('#').expect("a fragment").1;
        assert_eq!(Returned::from_fragment(fragment), Some(refused));
    }

    #[test]
    fn other_fragments_hold_no_outcome() {
        for fragment in [
            "",
            "section-2",
            "sendready_oauth_grant=xyz&sendready_oauth_email=a@b.c&sendready_oauth_provider=gmail",
            "sendready_oauth_grant=0123456789abcdef0123456789abcdef&sendready_oauth_provider=gmail",
            "sendready_oauth_error=bad_credentials",
            "sendready_oauth_error=oauth_%3Cscript%3E",
        ] {
            assert_eq!(Returned::from_fragment(fragment), None, "{fragment}");
        }
    }
}
