//! The words of a diagnosis: a title, an explanation and fix steps per kind, with provider rows.
//!
//! `compose` picks, in order: the rule's own advice, the row for (kind, provider), the kind's
//! default; then adds the provider's app-password step where a rejected login may mean that.
//! The words never carry a web address: `super::guide` names the step of the provider's guide
//! that holds the links, so each address is written once, in the catalogue.

use super::situation_advice::PROVIDER_ADVICE;
use super::{Diagnosis, DiagnosisKind};
use crate::providers::{AppPasswords, ProviderId};

/// Static words for one situation.
pub(crate) struct Advice {
    pub title: &'static str,
    pub explanation: &'static str,
    pub fix_steps: &'static [&'static str],
}

/// Whether trying again unchanged can help.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Retry {
    Never,
    Always,
    /// Only when the server said so with a 4xx reply.
    IfTransient,
}

/// One kind's serialised name, retry policy and default words.
pub(super) type KindRow = (DiagnosisKind, &'static str, Retry, Advice);

/// Per kind: serialised name, retry policy, default words (the `oauth_*` kinds are in
/// `super::oauth::KINDS`).
const KINDS: &[KindRow] = &[
    (
        DiagnosisKind::AppPasswordRequired,
        "app_password_required",
        Retry::Never,
        Advice {
            title: "Use an app password",
            explanation: "The server rejected the login because this account needs an app password (a separate password made for one program) instead of your normal password.",
            fix_steps: &[
                "Turn on two-step verification for the account if it is off.",
                "Create an app password in the account's security settings.",
                "Paste the app password here instead of your normal password, without spaces.",
            ],
        },
    ),
    (
        DiagnosisKind::BadCredentials,
        "bad_credentials",
        Retry::Never,
        Advice {
            title: "User name or password not accepted",
            explanation: "The server refused the user name and password.",
            fix_steps: &[
                "Check the user name: most providers want the full e-mail address.",
                "Type the password again; if the account uses two-step verification, use an app password.",
                "If you changed the password recently, update it here.",
            ],
        },
    ),
    (
        DiagnosisKind::SmtpAuthDisabled,
        "smtp_auth_disabled",
        Retry::Never,
        Advice {
            title: "Password login for SMTP is turned off",
            explanation: "The password may be right, but sending with a password (SMTP AUTH) is disabled for this account or organisation, or the provider no longer allows it.",
            fix_steps: &[
                "Ask the mail administrator to enable authenticated SMTP for this mailbox.",
                "If the provider only allows OAuth now, connect with OAuth instead of a password.",
            ],
        },
    ),
    (
        DiagnosisKind::NotAuthenticated,
        "not_authenticated",
        Retry::Never,
        Advice {
            title: "The server wants you to log in first",
            explanation: "The server only accepts mail from logged-in users, and the sender did not log in (or the login did not complete).",
            fix_steps: &[
                "Turn on authentication (SMTP AUTH) in the sending program.",
                "Enter the user name and password (or app password) for this account.",
            ],
        },
    ),
    (
        DiagnosisKind::RelayDenied,
        "relay_denied",
        Retry::Never,
        Advice {
            title: "The server will not relay this mail",
            explanation: "The server does not forward mail for you to that address, usually because you are not logged in or are using the wrong server.",
            fix_steps: &[
                "Log in with the account's user name and password.",
                "Check that the host is your provider's submission server (port 587 or 465), not an incoming (MX) server.",
            ],
        },
    ),
    (
        DiagnosisKind::TlsRequired,
        "tls_required",
        Retry::Never,
        Advice {
            title: "Encryption is required",
            explanation: "The server refuses to continue on an unencrypted connection.",
            fix_steps: &["Choose STARTTLS on port 587, or implicit TLS (SSL) on port 465."],
        },
    ),
    (
        DiagnosisKind::TlsFailed,
        "tls_failed",
        Retry::IfTransient,
        Advice {
            title: "The encrypted connection could not be set up",
            explanation: "The TLS handshake failed: the server's certificate is not trusted, expired or for another name, or the server cannot do TLS right now.",
            fix_steps: &[
                "Check that the host name is exactly the one in the provider's instructions (the certificate must match it).",
                "Try the other security mode: implicit TLS on 465 or STARTTLS on 587.",
                "If it is your own server, check its certificate and TLS settings.",
            ],
        },
    ),
    (
        DiagnosisKind::AuthMechanismUnsupported,
        "auth_mechanism_unsupported",
        Retry::Never,
        Advice {
            title: "No common login method",
            explanation: "The server does not offer a login method that works with a password here (PLAIN or LOGIN), or offers none at all on this connection.",
            fix_steps: &[
                "Make sure the connection is encrypted: many servers only offer login after TLS.",
                "Check that this is the provider's submission server (port 587 or 465).",
                "Ask the administrator to enable PLAIN or LOGIN authentication over TLS.",
            ],
        },
    ),
    (
        DiagnosisKind::AccountBlocked,
        "account_blocked",
        Retry::Never,
        Advice {
            title: "The account is blocked from sending",
            explanation: "The provider has blocked or limited this account, often after suspicious sign-ins or mail that looked like spam.",
            fix_steps: &[
                "Sign in to the account's webmail and follow any security prompt shown there.",
                "Change the password and turn on two-step verification if asked.",
                "Contact the provider's support if the block stays.",
            ],
        },
    ),
    (
        DiagnosisKind::RateLimited,
        "rate_limited",
        Retry::Always,
        Advice {
            title: "Too many attempts or messages",
            explanation: "The server is limiting this account or connection: too many logins, messages or recipients in a short time.",
            fix_steps: &[
                "Wait a while (up to a day for daily quotas) and try again.",
                "Send fewer messages, or ask the provider about a higher sending limit.",
            ],
        },
    ),
    (
        DiagnosisKind::SenderNotAllowed,
        "sender_not_allowed",
        Retry::Never,
        Advice {
            title: "This account may not send from that address",
            explanation: "The From address is not the logged-in account, an alias of it, or a verified sender.",
            fix_steps: &[
                "Use the account's own address (or a verified alias) as the From address.",
                "If you must send as another address, give the account permission to send as it.",
            ],
        },
    ),
    (
        DiagnosisKind::ConnectionRejected,
        "connection_rejected",
        Retry::IfTransient,
        Advice {
            title: "The server refused this connection",
            explanation: "The server rejected the connection or the message by policy, for example because of the sending IP address's reputation or its DNS.",
            fix_steps: &[
                "Check that the host is your provider's submission server, not an incoming (MX) server.",
                "If it is your own server, check its block lists and reverse DNS.",
            ],
        },
    ),
    (
        DiagnosisKind::RecipientRejected,
        "recipient_rejected",
        Retry::IfTransient,
        Advice {
            title: "The recipient was refused",
            explanation: "The server did not accept the recipient address: it may not exist or its mailbox may be full.",
            fix_steps: &[
                "Check the recipient address.",
                "If the mailbox is full, free up space and try again.",
            ],
        },
    ),
    (
        DiagnosisKind::Unknown,
        "unknown",
        Retry::IfTransient,
        Advice {
            title: "The server refused the request",
            explanation: "The reply names no problem that a change on your side is known to fix: \
                          it may be the server's own trouble or a rule of its administrator.",
            fix_steps: &[
                "Read the server's whole reply: the code (such as 5.7.1) and the words after it say what it wants.",
                "Search for the reply text in your provider's help pages, or ask its support.",
            ],
        },
    ),
    (
        DiagnosisKind::DnsFailed,
        "dns_failed",
        Retry::Never,
        Advice {
            title: "The server name does not exist",
            explanation: "The host name could not be found in DNS.",
            fix_steps: &[
                "Check the spelling of the host name, e.g. smtp.example.com.",
                "Copy the host name from your provider's instructions.",
            ],
        },
    ),
    (
        DiagnosisKind::ConnectFailed,
        "connect_failed",
        Retry::Always,
        Advice {
            title: "Could not connect to the server",
            explanation: "The connection to the host and port was refused or could not be opened.",
            fix_steps: &[
                "Check the port: 587 for STARTTLS or 465 for implicit TLS.",
                "Check the host name.",
                "Try again in a few minutes in case the server is down.",
            ],
        },
    ),
    (
        DiagnosisKind::Timeout,
        "timeout",
        Retry::Always,
        Advice {
            title: "The server did not answer in time",
            explanation: "The server stopped responding during the test.",
            fix_steps: &[
                "Check the host and port.",
                "If you chose STARTTLS on port 465, choose implicit TLS instead (and the reverse for 587).",
                "Try again later in case the server is slow.",
            ],
        },
    ),
    (
        DiagnosisKind::WrongTlsMode,
        "wrong_tls_mode",
        Retry::Never,
        Advice {
            title: "Wrong security mode for this port",
            explanation: "The port expects a different kind of encryption: port 465 uses implicit TLS (SSL) from the first byte, port 587 starts plain and switches with STARTTLS.",
            fix_steps: &[
                "For port 465 choose implicit TLS (SSL).",
                "For port 587 choose STARTTLS.",
            ],
        },
    ),
    (
        DiagnosisKind::NotSmtp,
        "not_smtp",
        Retry::Never,
        Advice {
            title: "This is not a mail server port",
            explanation: "Another kind of service (web, SSH, POP3 or IMAP) answered on this host and port.",
            fix_steps: &[
                "Use the provider's SMTP submission port: 587 (STARTTLS) or 465 (implicit TLS).",
                "Check that the host name is the outgoing (SMTP) server, not the incoming one.",
            ],
        },
    ),
    (
        DiagnosisKind::InsecureServer,
        "insecure_server",
        Retry::Never,
        Advice {
            title: "The server offers no encryption",
            explanation: "The server did not offer STARTTLS, so the password would travel unencrypted; sendready did not send it.",
            fix_steps: &[
                "Try implicit TLS on port 465.",
                "Check that this is the provider's submission server; ask the administrator to enable TLS.",
            ],
        },
    ),
    (
        DiagnosisKind::ProtocolError,
        "protocol_error",
        Retry::IfTransient,
        Advice {
            title: "The server broke the SMTP protocol",
            explanation: "The server sent something an SMTP server must not send (malformed, oversized or unrequested replies) or closed the connection mid-conversation.",
            fix_steps: &[
                "Check that the host and port belong to an SMTP server.",
                "Try again; if it persists, something between you and the server may be interfering.",
            ],
        },
    ),
];

/// The row of `unknown`, the fallback (checked by a test).
const UNKNOWN_ROW: usize = 13;

/// The row of `kind`, among the SMTP kinds and the OAuth kinds.
fn kind_row(kind: DiagnosisKind) -> Option<&'static KindRow> {
    KINDS
        .iter()
        .chain(super::oauth::KINDS)
        .find(|row| row.0 == kind)
}

pub(crate) fn kind_name(kind: DiagnosisKind) -> &'static str {
    kind_row(kind).map_or("unknown", |row| row.1)
}

/// Builds the diagnosis for `kind`; `class` is the reply class when there was a reply.
pub(crate) fn compose(
    kind: DiagnosisKind,
    provider: Option<ProviderId>,
    rule_advice: Option<&'static Advice>,
    class: Option<u8>,
) -> Diagnosis {
    let (retry, default) = kind_row(kind)
        .map(|row| (row.2, &row.3))
        .unwrap_or((Retry::IfTransient, &KINDS[UNKNOWN_ROW].3));
    // Outlook.com and Microsoft 365 share reply formats, so they share words.
    let family = provider.map(ProviderId::family);
    let provider_row = family.and_then(|p| {
        PROVIDER_ADVICE
            .iter()
            .find(|row| row.0 == kind && row.1 == p)
            .map(|row| &row.2)
    });
    let advice = rule_advice.or(provider_row).unwrap_or(default);
    let mut fix_steps: Vec<String> = advice
        .fix_steps
        .iter()
        .map(|step| (*step).to_owned())
        .collect();
    // A rule's own words are provider-specific when its row names providers (`Verdict`).
    let mut provider_specific = provider_row.is_some();
    if let Some(info) = provider
        .map(ProviderId::provider)
        .filter(|_| rule_advice.is_none() && provider_row.is_none())
    {
        let extra = match (kind, info.app_passwords) {
            (DiagnosisKind::AppPasswordRequired, AppPasswords::Always | AppPasswords::UnderMfa) => {
                Some(format!(
                    "{} only accepts an app password here: create one (the guide step shows where).",
                    info.name
                ))
            }
            (DiagnosisKind::BadCredentials, AppPasswords::Always) => Some(format!(
                "{} does not take the account password for SMTP: if you typed it, create an app password and use that (the guide step shows where).",
                info.name
            )),
            (DiagnosisKind::BadCredentials, AppPasswords::UnderMfa) => Some(format!(
                "If two-step verification is on for this {} account, the normal password is refused: create an app password (the guide step shows where).",
                info.name
            )),
            _ => None,
        };
        if let Some(extra) = extra {
            fix_steps.insert(0, extra);
            provider_specific = true;
        }
    }
    let retryable = match retry {
        Retry::Never => false,
        Retry::Always => true,
        Retry::IfTransient => class == Some(4),
    };
    Diagnosis {
        kind,
        title: advice.title.to_owned(),
        explanation: advice.explanation.to_owned(),
        fix_steps,
        retryable,
        provider_specific,
        provider,
        stage: None,
        detail: None,
        guide_step: None,
        evidence: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_per_kind_and_the_fallback_is_unknown() {
        assert_eq!(KINDS[UNKNOWN_ROW].0, DiagnosisKind::Unknown);
        for kind in DiagnosisKind::ALL {
            assert_eq!(
                KINDS
                    .iter()
                    .chain(super::super::oauth::KINDS)
                    .filter(|row| row.0 == kind)
                    .count(),
                1,
                "{kind:?}"
            );
        }
    }
}
