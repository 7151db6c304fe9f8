//! Guides for hosted mail on the customer's own domains: Zoho Mail, Fastmail and SmarterMail.
//!
//! These cover what hosted mail adds to a personal account: picking the right data centre,
//! per-domain 2FA switches and host-generated passwords. Step ids are stable; the diagnosis
//! links to them.

use super::{Link, Phase, Step};

const ZOHO_ACCOUNTS: Link = Link {
    label: "Zoho Accounts security",
    url: "https://accounts.zoho.com/home#security",
};
const FASTMAIL_SECURITY: Link = Link {
    label: "Fastmail Privacy & Security settings",
    url: "https://app.fastmail.com/settings/security",
};
const FASTMAIL_HELP: Link = Link {
    label: "Fastmail help: app passwords",
    url: "https://www.fastmail.com/help/clients/apppassword.html",
};
const SMARTERMAIL_HELP: Link = Link {
    label: "SmarterTools: setting up Two-Step Authentication",
    url: "https://portal.smartertools.com/kb/a3625/setting-up-two-step-authentication-2fa-mfa-etc_.aspx",
};

pub(super) static ZOHO: [Step; 4] = [
    Step {
        id: "zoho.choose_server",
        phase: Phase::Prepare,
        title: "Pick the server for your account type and data centre",
        text: "Zoho runs one SMTP server per data centre, and paid organisations use a different one from personal and free accounts.",
        substeps: &[
            "Personal accounts and free organisations: smtp.zoho.com, or smtp.zoho.eu, smtp.zoho.in, smtp.zoho.com.au, smtp.zoho.jp, smtp.zohocloud.ca and so on for other regions.",
            "Paid organisations on their own domain: smtppro.zoho.com, or smtppro.zoho.eu, smtppro.zohocloud.ca and so on.",
            "Your region is the ending of the address you sign in at, for example mail.zoho.eu means .eu.",
        ],
        notes: &[
            "The wrong data centre looks like a wrong password.",
            "Some free plans do not include IMAP, POP or SMTP access from other applications.",
        ],
        links: &[],
    },
    Step {
        id: "zoho.turn_on_2fa",
        phase: Phase::TurnOnSecondFactor,
        title: "Turn on multi-factor authentication",
        text: "In Zoho Accounts, open Security (or Multi-Factor Authentication) and set up a second factor; once it is on, only application-specific passwords work in other applications.",
        substeps: &[],
        notes: &[
            "Use your region's Zoho Accounts site, for example accounts.zoho.eu for the EU data centre.",
        ],
        links: &[ZOHO_ACCOUNTS],
    },
    Step {
        id: "zoho.create_app_password",
        phase: Phase::CreateAppPassword,
        title: "Create an application-specific password",
        text: "In Zoho Accounts, open Security, then App Passwords, and choose Generate New Password.",
        substeps: &[
            "Name it after the application and choose Generate.",
            "Copy the 12-character password.",
        ],
        notes: &["Zoho shows it once. Enter it without spaces."],
        links: &[ZOHO_ACCOUNTS],
    },
    Step {
        id: "zoho.enter_settings",
        phase: Phase::EnterPassword,
        title: "Enter the password in the application",
        text: "Use the full Zoho address as the user name, the server from the first step, and port 465 with implicit TLS (or 587 with STARTTLS).",
        substeps: &[],
        notes: &[
            "Send from the account's address or one of its aliases; anything else is refused with 553 Relaying disallowed.",
        ],
        links: &[],
    },
];

pub(super) static FASTMAIL: [Step; 4] = [
    Step {
        id: "fastmail.check_plan",
        phase: Phase::Prepare,
        title: "Check your plan",
        text: "Fastmail's Basic plan does not include SMTP access from other applications; you need a plan that does.",
        substeps: &[],
        notes: &[],
        links: &[],
    },
    Step {
        id: "fastmail.turn_on_2fa",
        phase: Phase::TurnOnSecondFactor,
        title: "Turn on two-step verification (recommended)",
        text: "Fastmail requires an app password for every other application whether or not two-step verification is on; turn it on under Settings, Privacy & Security to protect the account.",
        substeps: &[],
        notes: &[],
        links: &[FASTMAIL_SECURITY],
    },
    Step {
        id: "fastmail.create_app_password",
        phase: Phase::CreateAppPassword,
        title: "Create an app password",
        text: "In Settings, Privacy & Security, open the Integrations tab and choose New App Password.",
        substeps: &[
            "Confirm your Fastmail password when asked.",
            "Name it after the application and give it access to Mail (the default, Mail, Contacts & Calendars, also works).",
            "Choose Generate Password and copy it.",
        ],
        notes: &[
            "Make sure the application works before you choose Done: Fastmail does not show the password again.",
        ],
        links: &[FASTMAIL_SECURITY, FASTMAIL_HELP],
    },
    Step {
        id: "fastmail.enter_settings",
        phase: Phase::EnterPassword,
        title: "Enter the app password in the application",
        text: "Use your Fastmail sign-in address as the user name and the app password as the password.",
        substeps: &[
            "Server: smtp.fastmail.com, port 465 with implicit TLS; Fastmail lists no STARTTLS port.",
        ],
        notes: &["Your normal Fastmail password and your two-step codes never work here."],
        links: &[],
    },
];

pub(super) static SMARTERMAIL: [Step; 5] = [
    Step {
        id: "smartermail.enable_for_domain",
        phase: Phase::Prepare,
        title: "Make sure Two-Step Authentication is available",
        text: "A domain administrator or your host must allow Two-Step Authentication for the domain before the setting appears in your account.",
        substeps: &[
            "Enabled means each user may turn it on; enforced (forced) means everyone must set it up at their next webmail sign-in.",
            "Ask your host which one applies if you do not see the setting.",
        ],
        notes: &[
            "Enforcing it disconnects every mail program until it is given the new application password, so warn users first.",
        ],
        links: &[SMARTERMAIL_HELP],
    },
    Step {
        id: "smartermail.turn_on_2fa",
        phase: Phase::TurnOnSecondFactor,
        title: "Turn on Two-Step Authentication in webmail",
        text: "Sign in to webmail, open Settings, then Account, and choose Enable on the Two-Step Authentication card.",
        substeps: &[
            "Choose Authenticator App or Recovery Email Address; a recovery address is needed either way.",
            "For an app, scan the QR code and type the 6-digit code it shows before it changes (every 30 seconds), then choose Check.",
            "For a recovery address, enter it twice and paste the code SmarterMail e-mails to it; check the junk folder if it does not arrive.",
        ],
        notes: &["SmarterMail does not send codes by text message."],
        links: &[SMARTERMAIL_HELP],
    },
    Step {
        id: "smartermail.show_app_password",
        phase: Phase::CreateAppPassword,
        title: "Reveal the application password",
        text: "Turning on Two-Step Authentication replaces the password that mail programs use with a generated application password.",
        substeps: &[
            "Go back to Settings, Account, Two-Step Authentication.",
            "Click the eye icon next to the IMAP/POP/SMTP entry to show the password, and copy it.",
        ],
        notes: &[
            "If a second entry is labelled for Microsoft Outlook, ignore it: SMTP uses the IMAP/POP/SMTP password.",
            "The regenerate button makes a new password; every program using the old one must then be updated.",
        ],
        links: &[],
    },
    Step {
        id: "smartermail.enter_settings",
        phase: Phase::EnterPassword,
        title: "Enter the application password in the application",
        text: "Use the full e-mail address as the user name and the application password as the password.",
        substeps: &[
            "Server: usually mail.<your domain>; your host's settings page gives the exact name.",
            "Port 587 with STARTTLS, or 465 with implicit TLS.",
        ],
        notes: &[],
        links: &[],
    },
    Step {
        id: "smartermail.keep_working",
        phase: Phase::KeepWorking,
        title: "Update every program after a change",
        text: "After the application password is regenerated, or Two-Step Authentication is turned off and on again, copy the new password into every mail program and application.",
        substeps: &[],
        notes: &[],
        links: &[],
    },
];
