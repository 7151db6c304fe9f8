//! Words for one situation within a kind: a provider's own (Gmail's app password, Zoho's own
//! address, SES's verified senders…) and a meaning the rules read (a command out of order).
//!
//! `advice::compose` takes a rule's own words first (`Rule::advice`), then the row for (kind,
//! provider) here, then the kind's default. Like the defaults, the words carry no web address:
//! the provider's guide step holds the links.

use super::DiagnosisKind;
use super::advice::Advice;
use crate::providers::ProviderId;

/// A command refused because it came at the wrong point of the conversation (RFC 5321's 503 "Bad
/// sequence of commands" and servers' own words for it). The probe never does this; an
/// application does, most often by carrying on after the server refused an earlier step (a
/// pooled connection never reset, a DATA after every recipient was refused), so the fix is to
/// find that earlier reply.
pub(crate) const COMMAND_OUT_OF_ORDER: Advice = Advice {
    title: "A command came out of order",
    explanation: "The server refused a command sent at the wrong point of the conversation: before EHLO, a recipient before the sender, the message before any recipient was accepted, or a command given twice. Most often the server had refused an earlier step and the application carried on regardless.",
    fix_steps: &[
        "Look in the application's log for the server's reply just before this one: a refused login, sender or recipient there is the real problem, so fix that first.",
        "Check that the host, port and security setting (SSL/TLS or STARTTLS) are the ones the provider gives.",
        "If nothing earlier was refused, update the application or report it to its makers: it sends SMTP commands out of order.",
    ],
};

/// No credential sent at all: an SDK with no API key or token, Nodemailer's `Missing credentials
/// for "PLAIN"` (a user name or password left empty). Three readers settled the kind,
/// `not_authenticated`; its default words ("turn on authentication") do not fit a program that
/// tried to log in with nothing, and a refused login's ("the server refused the user name and
/// password") would be false, since nothing was refused.
pub(crate) const CREDENTIALS_MISSING: Advice = Advice {
    title: "No user name, password or key was sent",
    explanation: "The program tried to log in without the credentials it needs: the user name, the password or the sending service's API key is empty or missing from its settings, so nothing was checked.",
    fix_steps: &[
        "Enter the user name and password (or app password) in the program's mail settings; for a sending service, its SMTP user name and API key.",
        "If they are filled in, check that the program actually reads them: an environment variable or secrets file that is empty or not loaded leaves them blank.",
        "Save and test again.",
    ],
};

pub(crate) const GMAIL_APP_PASSWORD: Advice = Advice {
    title: "Gmail needs an app password",
    explanation: "Gmail does not accept your Google password for SMTP. With 2-Step Verification on, you create a 16-character app password for this program.",
    fix_steps: &[
        "Turn on 2-Step Verification in your Google Account's security settings.",
        "Create an app password on the App passwords page of your Google Account.",
        "Paste the 16 characters here as the password (spaces do not matter).",
        "Work or school accounts: the administrator may have to allow app passwords.",
    ],
};

pub(crate) const GMAIL_WEB_LOGIN: Advice = Advice {
    title: "Google blocked the sign-in",
    explanation: "Google wants you to sign in through a web browser first, usually after an unusual sign-in or a security check.",
    fix_steps: &[
        "Sign in to Gmail in a browser and complete any security check.",
        "Then create an app password on the App passwords page of your Google Account and use it here.",
    ],
};

const YAHOO_APP_PASSWORD: Advice = Advice {
    title: "Yahoo needs an app password",
    explanation: "Yahoo rejects the normal account password for SMTP, often with the misleading \"Too many bad auth attempts\" (#AUTH005). Only an app password works.",
    fix_steps: &[
        "Open the Account Security page of your Yahoo account.",
        "Choose \"Generate app password\", name it and copy the 16 letters.",
        "Paste the app password here as the password.",
    ],
};

/// Words that only hold for one provider.
/// Keyed by provider family (`ProviderId::family`): Outlook.com shares Microsoft 365's rows.
pub(super) const PROVIDER_ADVICE: &[(DiagnosisKind, ProviderId, Advice)] = &[
    (
        DiagnosisKind::AppPasswordRequired,
        ProviderId::Gmail,
        GMAIL_APP_PASSWORD,
    ),
    (
        DiagnosisKind::AppPasswordRequired,
        ProviderId::Yahoo,
        YAHOO_APP_PASSWORD,
    ),
    (
        DiagnosisKind::BadCredentials,
        ProviderId::Gmail,
        Advice {
            title: "Gmail did not accept the user name and password",
            explanation: "Gmail refuses the Google account password for SMTP and says only that the user name and password were not accepted; a mistyped app password gets the same reply.",
            fix_steps: &[
                "Use the full Gmail address as the user name.",
                "Create an app password on the App passwords page of your Google Account (2-Step Verification must be on).",
                "Paste the 16 characters here as the password (spaces do not matter).",
            ],
        },
    ),
    // Yahoo's refusal of the account password rarely says why (#AUTH005, #MBR1212).
    (
        DiagnosisKind::BadCredentials,
        ProviderId::Yahoo,
        YAHOO_APP_PASSWORD,
    ),
    (
        DiagnosisKind::AppPasswordRequired,
        ProviderId::Icloud,
        Advice {
            title: "iCloud needs an app-specific password",
            explanation: "iCloud Mail never accepts the Apple Account password for SMTP; it needs an app-specific password, which requires two-factor authentication.",
            fix_steps: &[
                "Sign in to your Apple Account and open Sign-In and Security.",
                "Choose App-Specific Passwords and create one.",
                "Paste it here (format xxxx-xxxx-xxxx-xxxx); use your full iCloud address as the user name.",
            ],
        },
    ),
    (
        DiagnosisKind::AppPasswordRequired,
        ProviderId::Qq,
        Advice {
            title: "QQ Mail needs an authorisation code",
            explanation: "QQ Mail only accepts an authorisation code (授权码) for SMTP, not the QQ password.",
            fix_steps: &[
                "In QQ Mail settings, open Accounts and enable the SMTP service.",
                "Generate the authorisation code and paste it here as the password.",
            ],
        },
    ),
    (
        DiagnosisKind::SmtpAuthDisabled,
        ProviderId::Microsoft365,
        Advice {
            title: "Microsoft has turned off password login for SMTP",
            explanation: "For a work or school account, SMTP AUTH is disabled for the organisation or the mailbox (or blocked by security defaults or conditional access). For a personal Outlook.com or Hotmail account, Microsoft no longer accepts passwords for SMTP at all.",
            fix_steps: &[
                "Work or school account: ask the Microsoft 365 admin to enable Authenticated SMTP for this mailbox.",
                "Personal Outlook.com or Hotmail account: password login cannot be turned back on; use OAuth or another provider.",
            ],
        },
    ),
    (
        DiagnosisKind::BadCredentials,
        ProviderId::Microsoft365,
        Advice {
            title: "Microsoft did not accept the login",
            explanation: "Microsoft gives this reply for a wrong password, but also when SMTP AUTH is off for the mailbox or multi-factor authentication blocks password logins.",
            fix_steps: &[
                "Check the user name (your full address) and the password.",
                "If the account uses multi-factor authentication, create an app password on the Security info page of your Microsoft account, if your organisation allows it.",
                "Ask the admin to check that Authenticated SMTP is enabled for the mailbox.",
            ],
        },
    ),
    (
        DiagnosisKind::SenderNotAllowed,
        ProviderId::Microsoft365,
        Advice {
            title: "This mailbox may not send as that address",
            explanation: "Microsoft 365 only lets a mailbox send as itself, unless it has Send As permission for the other address.",
            fix_steps: &[
                "Use the mailbox's own address as the From address.",
                "Or ask the admin to grant Send As permission for the address you need.",
            ],
        },
    ),
    (
        DiagnosisKind::SenderNotAllowed,
        ProviderId::Zoho,
        Advice {
            title: "Zoho only sends from your own address",
            explanation: "Zoho refuses mail whose From address is not the account or one of its aliases (\"Relaying disallowed\").",
            fix_steps: &[
                "Set the From address to the Zoho account's address or a configured alias.",
                "Check that the host matches your account's data centre (smtp.zoho.com, .eu, .in, …).",
            ],
        },
    ),
    (
        DiagnosisKind::SenderNotAllowed,
        ProviderId::AmazonSes,
        Advice {
            title: "The sender is not verified in Amazon SES",
            explanation: "Amazon SES only sends from verified identities, and in the sandbox only to verified recipients too.",
            fix_steps: &[
                "Verify the From address or its domain in the SES console for this region.",
                "In the sandbox, verify the recipient as well or request production access.",
            ],
        },
    ),
    (
        DiagnosisKind::BadCredentials,
        ProviderId::AmazonSes,
        Advice {
            title: "Amazon SES did not accept the SMTP credentials",
            explanation: "Amazon SES needs SMTP credentials made for SMTP, not your AWS access keys, and they belong to one region.",
            fix_steps: &[
                "Create SMTP credentials in the SES console (SMTP settings).",
                "Use the endpoint of the same region as the credentials.",
            ],
        },
    ),
    (
        DiagnosisKind::BadCredentials,
        ProviderId::Sendgrid,
        Advice {
            title: "SendGrid did not accept the API key",
            explanation: "SendGrid's SMTP login is the literal user name \"apikey\" with an API key as the password.",
            fix_steps: &[
                "Enter apikey as the user name.",
                "Create an API key with Mail Send permission and paste it as the password.",
            ],
        },
    ),
    (
        DiagnosisKind::AccountBlocked,
        ProviderId::Gmail,
        GMAIL_WEB_LOGIN,
    ),
];

#[cfg(test)]
mod tests {
    use super::super::Diagnosis;
    use super::super::{DiagnosisInput, diagnose};
    use super::*;
    use crate::smtp::Stage;

    fn diagnosis_of(reply: &str, stage: Option<Stage>, provider: Option<ProviderId>) -> Diagnosis {
        diagnose(&DiagnosisInput {
            reply: reply.to_owned(),
            stage,
            host: None,
            provider,
            today: None,
        })
    }

    #[test]
    fn a_command_out_of_order_points_at_the_earlier_refusal_not_at_the_server() {
        for (reply, stage) in [
            ("503 5.5.1 Error: need MAIL command", Stage::RcptTo),
            ("503 Bad sequence of commands", Stage::Data),
            ("503 Improper sequence of commands", Stage::MailFrom),
            ("503 RCPT first (#5.5.1)", Stage::Data),
            ("503 5.5.1 Error: nested MAIL command", Stage::MailFrom),
        ] {
            let diagnosis = diagnosis_of(reply, Some(stage), Some(ProviderId::Gmail));
            assert_eq!(diagnosis.kind, DiagnosisKind::ProtocolError, "{reply}");
            assert_eq!(diagnosis.title, COMMAND_OUT_OF_ORDER.title, "{reply}");
            assert!(!diagnosis.provider_specific, "{reply}");
        }
        // The probe's own faults keep the kind's words: the server broke the protocol.
        let malformed = Diagnosis::of_kind(DiagnosisKind::ProtocolError, None, None, "");
        assert_ne!(malformed.title, COMMAND_OUT_OF_ORDER.title);
    }

    #[test]
    fn a_credential_never_sent_says_so_instead_of_blaming_the_server() {
        for reply in [
            "Error: Missing credentials for \"PLAIN\"",
            "SparkPostException: No API key.",
        ] {
            let diagnosis = diagnosis_of(reply, None, None);
            assert_eq!(diagnosis.kind, DiagnosisKind::NotAuthenticated, "{reply}");
            assert_eq!(diagnosis.title, CREDENTIALS_MISSING.title, "{reply}");
        }
    }

    #[test]
    fn a_providers_own_words_stay_marked_as_the_providers() {
        let diagnosis = diagnosis_of(
            "534-5.7.9 Application-specific password required.",
            Some(Stage::Auth),
            Some(ProviderId::Gmail),
        );
        assert_eq!(diagnosis.title, GMAIL_APP_PASSWORD.title);
        assert!(diagnosis.provider_specific);
        let zoho = diagnosis_of(
            "553 Relaying disallowed as someone@example.com",
            Some(Stage::MailFrom),
            Some(ProviderId::Zoho),
        );
        assert_eq!(zoho.kind, DiagnosisKind::SenderNotAllowed);
        assert!(zoho.provider_specific);
    }
}
