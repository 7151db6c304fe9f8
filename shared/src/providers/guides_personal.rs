//! Guides for personal mail services: Gmail, Outlook.com, Yahoo, iCloud, AOL and GMX.
//!
//! Each guide takes a person from "2FA is on and my app stopped sending" to a working app
//! password typed into the application. Step ids are stable; the diagnosis links to them.

use super::{Link, Phase, Step};

const GOOGLE_APP_PASSWORDS: Link = Link {
    label: "Google app passwords",
    url: "https://myaccount.google.com/apppasswords",
};
const GOOGLE_TWO_STEP: Link = Link {
    label: "Google 2-Step Verification",
    url: "https://myaccount.google.com/signinoptions/twosv",
};
const YAHOO_SECURITY: Link = Link {
    label: "Yahoo account security",
    url: "https://login.yahoo.com/account/security",
};
const AOL_SECURITY: Link = Link {
    label: "AOL account security",
    url: "https://login.aol.com/account/security",
};
const APPLE_ACCOUNT: Link = Link {
    label: "Apple Account",
    url: "https://account.apple.com",
};
const MICROSOFT_SECURITY: Link = Link {
    label: "Microsoft account security",
    url: "https://account.microsoft.com/security",
};
const GMX_HELP_APP_PASSWORD: Link = Link {
    label: "GMX help: application-specific passwords",
    url: "https://hilfe.gmx.net/sicherheit/2fa/anwendungsspezifisches-passwort.html",
};

pub(super) static GMAIL: [Step; 4] = [
    Step {
        id: "gmail.turn_on_2fa",
        phase: Phase::TurnOnSecondFactor,
        title: "Turn on 2-Step Verification",
        text: "Google only offers app passwords once 2-Step Verification is on for the account.",
        substeps: &[
            "Sign in to the Google Account that owns the Gmail address.",
            "Open Security, then 2-Step Verification, and follow the prompts to add your phone or an authenticator app.",
        ],
        notes: &[
            "If 2-Step Verification uses only security keys, or the account is enrolled in Advanced Protection, Google does not offer app passwords at all.",
        ],
        links: &[GOOGLE_TWO_STEP],
    },
    Step {
        id: "gmail.create_app_password",
        phase: Phase::CreateAppPassword,
        title: "Create an app password",
        text: "Make a separate app password for this application on Google's app passwords page.",
        substeps: &[
            "Open the app passwords page and sign in again if Google asks.",
            "Type a name you will recognise later, such as the application's name, and choose Create.",
            "Google shows a 16-letter code in four groups of four. Copy it now.",
        ],
        notes: &[
            "Google shows the code only once. If you lose it, delete it and create a new one.",
            "The spaces between the groups are only for reading; sendready removes them for you.",
        ],
        links: &[GOOGLE_APP_PASSWORDS],
    },
    Step {
        id: "gmail.enter_settings",
        phase: Phase::EnterPassword,
        title: "Enter the app password in the application",
        text: "Use your full Gmail address as the user name and the 16-letter app password as the password; your normal Google password will be refused.",
        substeps: &[
            "Server: smtp.gmail.com, port 465 with implicit TLS (or 587 with STARTTLS).",
            "E-mail and user name: the whole address, for example name@gmail.com.",
            "Password: the app password, with or without its spaces.",
        ],
        notes: &[
            "Send from the Gmail address itself or from an alias added under Gmail's \"Send mail as\" setting.",
        ],
        links: &[],
    },
    Step {
        id: "gmail.keep_working",
        phase: Phase::KeepWorking,
        title: "If it stops working later",
        text: "Create a new app password and enter it again when Google stops accepting the old one.",
        substeps: &[
            "Check the app passwords page: a password you deleted there no longer works.",
            "If you changed your Google password and the application is refused, create a new app password.",
        ],
        notes: &[
            "\"534 5.7.9 Application-specific password required\" means the normal password was sent instead of an app password.",
        ],
        links: &[GOOGLE_APP_PASSWORDS],
    },
];

pub(super) static OUTLOOK_COM: [Step; 3] = [
    Step {
        id: "outlook_com.passwords_no_longer_work",
        phase: Phase::Prepare,
        title: "Know that passwords no longer work",
        text: "Since 16 September 2024 Outlook.com, Hotmail, Live and MSN accounts refuse both the account password and app passwords for SMTP from other applications.",
        substeps: &[
            "A reply such as \"535 5.7.139 Authentication unsuccessful, basic authentication is disabled\" confirms this.",
            "App passwords can still be created in the Microsoft account, but the SMTP server does not accept them.",
        ],
        notes: &[
            "A password cannot be tested here either: use \"Sign in with Microsoft\" below where it is offered.",
        ],
        links: &[],
    },
    Step {
        id: "outlook_com.use_oauth",
        phase: Phase::EnterPassword,
        title: "Use \"Sign in with Microsoft\" if the application offers it",
        text: "Applications that support OAuth (often labelled \"Sign in with Microsoft\" or \"Modern authentication\") can still send through smtp-mail.outlook.com on port 587 with STARTTLS.",
        substeps: &[
            "Look for an OAuth or Microsoft sign-in option in the application's e-mail settings.",
            "Sign in in the browser window it opens and approve the access it asks for.",
        ],
        notes: &[],
        links: &[],
    },
    Step {
        id: "outlook_com.switch_account",
        phase: Phase::KeepWorking,
        title: "Otherwise send from another account",
        text: "If the application only supports a user name and password, send from an account whose provider still accepts app passwords, or from a transactional e-mail service.",
        substeps: &[
            "Pick a provider from this list that supports app passwords, such as Gmail, Fastmail or iCloud Mail.",
            "Keep two-step verification on for the Outlook.com account; it protects the account and does not affect other senders.",
        ],
        notes: &[],
        links: &[MICROSOFT_SECURITY],
    },
];

pub(super) static YAHOO: [Step; 4] = [
    Step {
        id: "yahoo.turn_on_2fa",
        phase: Phase::TurnOnSecondFactor,
        title: "Turn on two-step verification (recommended)",
        text: "Yahoo asks other applications for an app password whether or not two-step verification is on, but turning it on protects the account.",
        substeps: &[
            "Open Yahoo's account security page and sign in.",
            "Turn on two-step verification and follow the prompts for your phone or authenticator app.",
        ],
        notes: &[],
        links: &[YAHOO_SECURITY],
    },
    Step {
        id: "yahoo.create_app_password",
        phase: Phase::CreateAppPassword,
        title: "Create an app password",
        text: "On the account security page, create an app password for this application.",
        substeps: &[
            "Under \"External connections\", choose Create app password (older pages call it Generate and manage app passwords).",
            "Type the application's name and choose Generate password.",
            "Copy the password Yahoo shows.",
        ],
        notes: &[
            "Yahoo shows the password once; if you lose it, delete it and make a new one.",
            "Yahoo only lets you create app passwords from a browser you have used to sign in to Yahoo for several days in a row, not from a private window.",
        ],
        links: &[YAHOO_SECURITY],
    },
    Step {
        id: "yahoo.enter_settings",
        phase: Phase::EnterPassword,
        title: "Enter the app password in the application",
        text: "Use the full Yahoo address as the user name and the app password as the password.",
        substeps: &[
            "Server: smtp.mail.yahoo.com, port 465 with implicit TLS (or 587 with STARTTLS).",
            "Password: the app password without spaces.",
        ],
        notes: &[
            "With the normal password Yahoo answers with the misleading \"535 5.7.0 (#AUTH005) Too many bad auth attempts\".",
        ],
        links: &[],
    },
    Step {
        id: "yahoo.keep_working",
        phase: Phase::KeepWorking,
        title: "If it stops working later",
        text: "App passwords keep working after you change your Yahoo password; they stop only when you delete them.",
        substeps: &[
            "If the application is refused, check under \"External connections\" that its app password still exists, and create a new one if not.",
        ],
        notes: &[],
        links: &[YAHOO_SECURITY],
    },
];

pub(super) static ICLOUD: [Step; 4] = [
    Step {
        id: "icloud.turn_on_2fa",
        phase: Phase::TurnOnSecondFactor,
        title: "Check that two-factor authentication is on",
        text: "Apple only creates app-specific passwords for Apple Accounts protected by two-factor authentication, which is on for most accounts already.",
        substeps: &[
            "On an iPhone or iPad: Settings, your name, Sign-In & Security, Two-Factor Authentication.",
            "On the web: sign in at account.apple.com and open Sign-In and Security.",
        ],
        notes: &[],
        links: &[APPLE_ACCOUNT],
    },
    Step {
        id: "icloud.create_app_password",
        phase: Phase::CreateAppPassword,
        title: "Create an app-specific password",
        text: "Sign in at account.apple.com and create an app-specific password for this application.",
        substeps: &[
            "In the Sign-In and Security section, select App-Specific Passwords.",
            "Select Generate an app-specific password, type a label such as the application's name, and confirm.",
            "Copy the password; it looks like abcd-efgh-ijkl-mnop.",
        ],
        notes: &[
            "Apple shows it once. Write it down or paste it straight into the application.",
            "An account can have up to 25 active app-specific passwords.",
        ],
        links: &[APPLE_ACCOUNT],
    },
    Step {
        id: "icloud.enter_settings",
        phase: Phase::EnterPassword,
        title: "Enter the app-specific password in the application",
        text: "Use the iCloud address as the user name and the app-specific password, dashes included, as the password.",
        substeps: &[
            "Server: smtp.mail.me.com, port 587 with STARTTLS.",
            "User name: your @icloud.com, @me.com or @mac.com address, even if you send from a custom domain.",
        ],
        notes: &[
            "Your normal Apple Account password is always refused here.",
            "iCloud+ custom-domain addresses send through the same server: put the custom address in the e-mail field and the iCloud address in the user name.",
        ],
        links: &[],
    },
    Step {
        id: "icloud.keep_working",
        phase: Phase::KeepWorking,
        title: "After a password change",
        text: "Changing or resetting the Apple Account password revokes every app-specific password; create a new one and enter it again.",
        substeps: &[],
        notes: &[],
        links: &[APPLE_ACCOUNT],
    },
];

pub(super) static AOL: [Step; 4] = [
    Step {
        id: "aol.turn_on_2fa",
        phase: Phase::TurnOnSecondFactor,
        title: "Turn on 2-step verification (recommended)",
        text: "AOL asks other applications for an app password either way, but 2-step verification keeps the account safe.",
        substeps: &[
            "Open the AOL account security page, sign in, and turn on 2-step verification.",
        ],
        notes: &[],
        links: &[AOL_SECURITY],
    },
    Step {
        id: "aol.create_app_password",
        phase: Phase::CreateAppPassword,
        title: "Create an app password",
        text: "On the account security page, generate an app password for this application.",
        substeps: &[
            "Choose Generate app password (or Generate and manage app passwords), then Get started.",
            "Type the application's name and choose Generate password.",
            "Copy the password AOL shows.",
        ],
        notes: &[
            "AOL shows it once; if you lose it, delete it and create another.",
            "Use a browser you have signed in to AOL with for several days, not a private window.",
        ],
        links: &[AOL_SECURITY],
    },
    Step {
        id: "aol.enter_settings",
        phase: Phase::EnterPassword,
        title: "Enter the app password in the application",
        text: "Use the full AOL address as the user name and the app password, without spaces, as the password.",
        substeps: &["Server: smtp.aol.com, port 465 with implicit TLS (or 587 with STARTTLS)."],
        notes: &[],
        links: &[],
    },
    Step {
        id: "aol.keep_working",
        phase: Phase::KeepWorking,
        title: "If it stops working later",
        text: "App passwords stay valid when you change the AOL password and stop only when deleted; check that it still exists and make a new one if needed.",
        substeps: &[],
        notes: &[],
        links: &[AOL_SECURITY],
    },
];

pub(super) static GMX: [Step; 4] = [
    Step {
        id: "gmx.allow_external_programs",
        phase: Phase::Prepare,
        title: "Allow access by other programs",
        text: "GMX only lets other programs send once POP3/IMAP access is switched on in the mailbox's e-mail settings.",
        substeps: &[
            "In the GMX mailbox, open the e-mail settings and the POP3/IMAP section.",
            "Switch on access by external programs and save.",
        ],
        notes: &[
            "Turning on two-factor authentication logs external programs out; switch this access on again afterwards if GMX turned it off.",
        ],
        links: &[],
    },
    Step {
        id: "gmx.turn_on_2fa",
        phase: Phase::TurnOnSecondFactor,
        title: "Turn on two-factor authentication",
        text: "GMX creates application-specific passwords only for accounts with two-factor authentication; without it the normal password still works.",
        substeps: &[
            "Install an authenticator app on your phone first.",
            "In My Account, open Security and start two-factor authentication; GMX texts a confirmation code and asks for a code from the app.",
        ],
        notes: &[],
        links: &[],
    },
    Step {
        id: "gmx.create_app_password",
        phase: Phase::CreateAppPassword,
        title: "Create an application-specific password",
        text: "In My Account, open Security, then Application-specific passwords, and set one up for this application.",
        substeps: &["Copy the password GMX shows and paste it into the application straight away."],
        notes: &["GMX shows it only once, so note it down immediately."],
        links: &[GMX_HELP_APP_PASSWORD],
    },
    Step {
        id: "gmx.enter_settings",
        phase: Phase::EnterPassword,
        title: "Enter the password in the application",
        text: "Use the full GMX address as the user name and the application-specific password as the password.",
        substeps: &[
            "Server: mail.gmx.net for German, Austrian and Swiss addresses, mail.gmx.com for international ones.",
            "Port 587 with STARTTLS, or 465 with implicit TLS.",
        ],
        notes: &[],
        links: &[],
    },
];
