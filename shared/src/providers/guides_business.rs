//! Guides for organisation mail: Google Workspace, Microsoft 365, Exchange Server, and any other
//! server.
//!
//! These cover what organisations add on top of a personal account: administrators who must
//! allow things first, host-generated device passwords and on-premises servers. Step ids are
//! stable; the diagnosis links to them.

use super::{Link, Phase, Step};

const GOOGLE_APP_PASSWORDS: Link = Link {
    label: "Google app passwords",
    url: "https://myaccount.google.com/apppasswords",
};
const GOOGLE_TWO_STEP: Link = Link {
    label: "Google 2-Step Verification",
    url: "https://myaccount.google.com/signinoptions/twosv",
};
const MICROSOFT_SECURITY_INFO: Link = Link {
    label: "Microsoft Security info",
    url: "https://mysignins.microsoft.com/security-info",
};
const MICROSOFT_OLD_APP_PASSWORDS: Link = Link {
    label: "Microsoft app passwords (older page)",
    url: "https://account.activedirectory.windowsazure.com/AppPasswords.aspx",
};
const EXCHANGE_AUTHENTICATED_SMTP: Link = Link {
    label: "Microsoft: configure authenticated SMTP in Exchange Server",
    url: "https://learn.microsoft.com/en-us/exchange/clients/pop3-and-imap4/configure-authenticated-smtp",
};
pub(super) static GOOGLE_WORKSPACE: [Step; 4] = [
    Step {
        id: "google_workspace.check_admin_settings",
        phase: Phase::Prepare,
        title: "Check what your administrator allows",
        text: "In a Workspace organisation the administrator decides whether you can turn on 2-Step Verification and whether app passwords are offered.",
        substeps: &[
            "If the app passwords page says the setting is not available, ask your Workspace administrator.",
            "Administrators can instead set up Google's SMTP relay service (smtp-relay.gmail.com) for applications; it accepts mail by the sender's IP address, by SMTP AUTH over TLS, or both.",
        ],
        notes: &[
            "Since 30 September 2024 Workspace refuses account passwords for SMTP; an app password or OAuth is needed.",
        ],
        links: &[],
    },
    Step {
        id: "google_workspace.turn_on_2fa",
        phase: Phase::TurnOnSecondFactor,
        title: "Turn on 2-Step Verification",
        text: "Sign in with the work account and turn on 2-Step Verification under Security, unless your organisation already enforces it.",
        substeps: &["Add your phone or an authenticator app when asked."],
        notes: &[
            "Accounts limited to security keys, or enrolled in Advanced Protection, get no app passwords.",
        ],
        links: &[GOOGLE_TWO_STEP],
    },
    Step {
        id: "google_workspace.create_app_password",
        phase: Phase::CreateAppPassword,
        title: "Create an app password",
        text: "On the app passwords page, name the application and create a password for it.",
        substeps: &[
            "Type a name you will recognise later and choose Create.",
            "Copy the 16-letter code Google shows in four groups of four.",
        ],
        notes: &["Google shows it once; if you lose it, delete it and create another."],
        links: &[GOOGLE_APP_PASSWORDS],
    },
    Step {
        id: "google_workspace.enter_settings",
        phase: Phase::EnterPassword,
        title: "Enter the app password in the application",
        text: "Use your full work address as the user name and the app password as the password.",
        substeps: &["Server: smtp.gmail.com, port 465 with implicit TLS (or 587 with STARTTLS)."],
        notes: &["Sending from another address only works if it is an alias of the account."],
        links: &[],
    },
];

pub(super) static MICROSOFT365: [Step; 6] = [
    Step {
        id: "microsoft365.check_smtp_auth",
        phase: Phase::Prepare,
        title: "Ask your administrator to allow SMTP AUTH",
        text: "Microsoft 365 refuses password sign-in over SMTP unless it is allowed for the organisation and for your mailbox.",
        substeps: &[
            "The administrator turns on Authenticated SMTP for your mailbox (Microsoft 365 admin center, Active users, your user, Mail, Manage email apps).",
            "Organisations created after January 2020 have SMTP AUTH off until an administrator turns it on.",
            "Security defaults in Microsoft Entra ID block SMTP AUTH entirely; they must be replaced by other MFA settings first.",
        ],
        notes: &[
            "Replies containing 535 5.7.139 usually mean one of these switches is off; the text after the code says which.",
            "The mailbox needs a licence; shared mailboxes cannot sign in this way.",
        ],
        links: &[],
    },
    Step {
        id: "microsoft365.turn_on_mfa",
        phase: Phase::TurnOnSecondFactor,
        title: "Set up MFA on your account",
        text: "Sign in to your work account's Security info page and register a second sign-in method.",
        substeps: &[
            "Open Security info and sign in with your work address and password.",
            "Add Microsoft Authenticator, or a phone number for text messages or calls.",
            "Enter the code Microsoft sends to prove the method works.",
        ],
        notes: &[
            "App passwords only exist when your organisation uses per-user MFA and allows users to create app passwords; with security defaults or Conditional Access the option is missing.",
        ],
        links: &[MICROSOFT_SECURITY_INFO],
    },
    Step {
        id: "microsoft365.create_app_password",
        phase: Phase::CreateAppPassword,
        title: "Create an app password under Security info",
        text: "On Security info, choose Add sign-in method, pick App password, name it after the application and choose Next.",
        substeps: &[
            "Copy the generated password before closing the window.",
            "Some tenants still show the older page: Additional security verification, then App passwords, then Create.",
        ],
        notes: &[
            "Microsoft never shows an app password again. Write it down or paste it straight into the application; if you lose it, delete it and create a new one.",
            "If App password is not in the list, your administrator has not allowed app passwords.",
        ],
        links: &[MICROSOFT_SECURITY_INFO, MICROSOFT_OLD_APP_PASSWORDS],
    },
    Step {
        id: "microsoft365.enter_settings",
        phase: Phase::EnterPassword,
        title: "Enter the app password in the application",
        text: "Use your full work address as the user name and the app password as the password.",
        substeps: &[
            "Server: smtp.office365.com, port 587 with STARTTLS; Microsoft does not offer SMTP AUTH on port 465.",
            "The application must support TLS 1.2 or newer.",
        ],
        notes: &[
            "Send from the mailbox's own address, or from one it has Send As permission for; otherwise the message is refused with 554 5.2.252 SendAsDenied.",
        ],
        links: &[],
    },
    Step {
        id: "microsoft365.mfa_reset",
        phase: Phase::KeepWorking,
        title: "When MFA is reset or app passwords are deleted",
        text: "An app password keeps working when your account password is changed or reset. It stops when you delete it, or when an administrator deletes your app passwords or makes you register your MFA methods again; then create a new app password and enter it in the application again.",
        substeps: &[
            "Delete app passwords you no longer use from Security info.",
            "If you think the account was taken over, delete its app passwords as well as changing the password: a reset alone leaves them working.",
        ],
        notes: &[],
        links: &[MICROSOFT_SECURITY_INFO],
    },
    Step {
        id: "microsoft365.plan_for_oauth",
        phase: Phase::KeepWorking,
        title: "Plan for the end of password sign-in",
        text: "At the end of December 2026 Microsoft switches SMTP AUTH with passwords off by default for existing tenants; the server then refuses AUTH with 535 5.7.139 until an administrator switches it back on.",
        substeps: &[
            "An administrator can switch it back on for now; for tenants created after December 2026 it is unavailable by default.",
            "After the final removal the server answers 550 5.7.30 and no setting brings password sign-in back.",
            "For the long term, use an application that signs in with OAuth, or another way to send such as a relay connector.",
        ],
        notes: &["Microsoft will announce the final removal date in the second half of 2027."],
        links: &[],
    },
];

pub(super) static EXCHANGE: [Step; 5] = [
    Step {
        id: "exchange.ask_admin",
        phase: Phase::Prepare,
        title: "Get the server name from your administrator",
        text: "Exchange Server accepts authenticated SMTP on the \"Client Frontend\" receive connector, port 587 with STARTTLS, under the name the administrator configured for it.",
        substeps: &[
            "Ask for the connector's public name (for example mail.example.com); Outlook on the web may show it under Settings, Mail, POP and IMAP.",
            "The server's certificate must be valid for that name; this tester never accepts self-signed certificates.",
            "The connector must be reachable from the internet, because the test runs from the cloud.",
        ],
        notes: &[],
        links: &[EXCHANGE_AUTHENTICATED_SMTP],
    },
    Step {
        id: "exchange.mfa_and_smtp",
        phase: Phase::TurnOnSecondFactor,
        title: "Understand how MFA applies",
        text: "Exchange Server has no app passwords of its own: SMTP AUTH checks the account's Windows (Active Directory) password.",
        substeps: &[
            "MFA products in front of Exchange usually protect Outlook on the web, not SMTP, so SMTP keeps using the Windows password.",
            "If your organisation blocks password sign-in for your account, ask for a dedicated mailbox for the application or a relay connector.",
        ],
        notes: &[],
        links: &[],
    },
    Step {
        id: "exchange.choose_account",
        phase: Phase::CreateAppPassword,
        title: "Use a dedicated mailbox if you can",
        text: "A mailbox used only by the application keeps your own password out of it and survives staff changes.",
        substeps: &[
            "Ask for a mailbox whose password does not expire, or note when it does.",
            "Give it Send As permission for any other address the application sends from.",
        ],
        notes: &[],
        links: &[],
    },
    Step {
        id: "exchange.enter_settings",
        phase: Phase::EnterPassword,
        title: "Enter the settings in the application",
        text: "Enter the server name, port 587 with STARTTLS, the account name and its password.",
        substeps: &[
            "The user name is usually the sign-in address (name@example.com) or DOMAIN\\name.",
        ],
        notes: &[],
        links: &[],
    },
    Step {
        id: "exchange.keep_working",
        phase: Phase::KeepWorking,
        title: "When the password changes",
        text: "When the account's password expires or is changed, enter the new one in the application; repeated failures can lock the account.",
        substeps: &[],
        notes: &[],
        links: &[],
    },
];

pub(super) static OTHER: [Step; 5] = [
    Step {
        id: "other.find_settings",
        phase: Phase::Prepare,
        title: "Find the server's sending settings",
        text: "Your provider's help pages list the outgoing (SMTP) server name, the port and the security to use.",
        substeps: &[
            "Prefer port 465 with implicit TLS or port 587 with STARTTLS.",
            "Port 25 is for server-to-server mail and this tester cannot reach it.",
        ],
        notes: &["Never send the password over an unencrypted connection."],
        links: &[],
    },
    Step {
        id: "other.turn_on_2fa",
        phase: Phase::TurnOnSecondFactor,
        title: "Turn on two-factor authentication",
        text: "In your webmail's account or security settings, turn on two-factor authentication, usually with an authenticator app.",
        substeps: &[
            "Scan the QR code with the authenticator app.",
            "Type the 6-digit code it shows before it changes, every 30 seconds.",
        ],
        notes: &[],
        links: &[],
    },
    Step {
        id: "other.create_app_password",
        phase: Phase::CreateAppPassword,
        title: "Create an app or device password",
        text: "With two-factor authentication on, most providers need a separate password for mail programs: an app password, application password or device password.",
        substeps: &[
            "Look in the security or account settings, for example a \"Device passwords\" section.",
            "Enter a name for it, choose Create, and copy the password shown.",
        ],
        notes: &["It is usually shown only once, so record it before leaving the page."],
        links: &[],
    },
    Step {
        id: "other.enter_settings",
        phase: Phase::EnterPassword,
        title: "Enter the settings in the application",
        text: "Use the server name, port and security from the first step, your full e-mail address as the user name (unless your provider says otherwise) and the app password as the password.",
        substeps: &[],
        notes: &[],
        links: &[],
    },
    Step {
        id: "other.blocked_account",
        phase: Phase::KeepWorking,
        title: "If the provider blocked sending",
        text: "A reply such as \"554 5.7.1 Account has been blocked from sending due to abusive activity\" means the provider suspects the account was taken over.",
        substeps: &[
            "Change the account password.",
            "Turn two-factor authentication on (or on again).",
            "Create a new app or device password and enter it in every program that sends mail.",
        ],
        notes: &[],
        links: &[],
    },
];
