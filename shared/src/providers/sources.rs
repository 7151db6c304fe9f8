//! Citations for the catalogue's facts: one `Source` per page, with the date it was checked.
//!
//! `checked` is the day the fact was last compared with the page (through the page itself or,
//! where the kind is `Secondary`, a third party's copy). Re-check the `Secondary` ones first.

use super::{Source, SourceKind};

const CHECKED: &str = "2026-11-23";

pub(super) static GOOGLE_APP_PASSWORDS: Source = Source {
    title: "Google Workspace Knowledge Base: how to create app passwords (000009237)",
    url: "https://knowledge.workspace.google.com/kb/how-to-create-app-passwords-000009237",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static GMAIL_SMTP: Source = Source {
    title: "Gmail SMTP server and ports, as listed by third-party setup guides",
    url: "https://serversmtp.com/gmail-outgoing-mail-server",
    kind: SourceKind::Secondary,
    checked: CHECKED,
};

pub(super) static GMAIL_LSA_2022: Source = Source {
    title: "Less secure apps ended for personal Google accounts on 30 May 2022",
    url: "https://guanacostech.com/blog/blog-lsa.html",
    kind: SourceKind::Secondary,
    checked: CHECKED,
};

pub(super) static WORKSPACE_LSA_2024: Source = Source {
    title: "Google Workspace turns off less secure apps (password sign-in) on 30 September 2024",
    url: "https://umzuzu.com/google-sunsets-less-secure-apps-access-making-the-transition-to-oauth-and-app-passwords",
    kind: SourceKind::Secondary,
    checked: CHECKED,
};

pub(super) static M365_SMTP_AUTH: Source = Source {
    title: "Microsoft: set up a multifunction device or application to send email using Microsoft 365",
    url: "https://technet.microsoft.com/en-us/library/dn592151(v=exchg.150).aspx",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static M365_BASIC_AUTH_2026: Source = Source {
    title: "Exchange Team Blog: updated Exchange Online SMTP AUTH basic authentication deprecation timeline (27 Jan 2026)",
    url: "https://techcommunity.microsoft.com/blog/exchange/updated-exchange-online-smtp-auth-basic-authentication-deprecation-timeline/4489835",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static M365_BASIC_AUTH_550: Source = Source {
    title: "Exchange Team Blog: Exchange Online to retire basic auth for client submission (the 550 5.7.30 reply)",
    url: "https://techcommunity.microsoft.com/t5/exchange-team-blog/exchange-online-to-retire-basic-auth-for-client-submission-smtp/ba-p/4114750",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static M365_APP_PASSWORDS: Source = Source {
    title: "Microsoft 365 app passwords under Security info (Add sign-in method, App password)",
    url: "https://support.electric.ai/en/articles/6866264-how-to-create-an-app-password-for-your-microsoft-365-login",
    kind: SourceKind::Secondary,
    checked: CHECKED,
};

pub(super) static OUTLOOK_COM_MODERN_AUTH: Source = Source {
    title: "Outlook.com, Hotmail and Live accounts need modern authentication in other apps from 16 September 2024",
    url: "https://techissuestoday.com/how-to-update-outlook-email-settings-to-avoid-losing-access-after-september-16/",
    kind: SourceKind::Secondary,
    checked: CHECKED,
};

pub(super) static OUTLOOK_COM_SMTP: Source = Source {
    title: "Outlook.com SMTP settings: smtp-mail.outlook.com, port 587, STARTTLS",
    url: "https://www.scaledmail.com/guides/smtp-settings/outlook",
    kind: SourceKind::Secondary,
    checked: CHECKED,
};

pub(super) static EXCHANGE_AUTH_SMTP: Source = Source {
    title: "Exchange Server: configure authenticated SMTP settings for POP3 and IMAP4 clients",
    url: "https://learn.microsoft.com/en-us/exchange/clients/pop3-and-imap4/configure-authenticated-smtp",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static YAHOO_APP_PASSWORDS: Source = Source {
    title: "Yahoo Help: generate and manage 3rd-party app passwords (SLN15241)",
    url: "https://help.yahoo.com/kb/generate-manage-rd-party-passwords-sln15241.html",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static YAHOO_SMTP: Source = Source {
    title: "Yahoo Mail SMTP: smtp.mail.yahoo.com, 465 SSL or 587 STARTTLS, 16-character app password",
    url: "https://xenocept.com/docs/email-setup/yahoo.html",
    kind: SourceKind::Secondary,
    checked: CHECKED,
};

pub(super) static APPLE_APP_PASSWORDS: Source = Source {
    title: "Apple Support: sign in to apps with your Apple Account using app-specific passwords (102654)",
    url: "https://support.apple.com/en-us/102654",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static ICLOUD_SMTP: Source = Source {
    title: "iCloud Mail server settings (Apple 102525: smtp.mail.me.com, port 587, STARTTLS), as quoted by chatmail's provider database",
    url: "https://github.com/chatmail/provider-db/blob/master/_providers/icloud.md",
    kind: SourceKind::Secondary,
    checked: CHECKED,
};

pub(super) static ZOHO_APP_PASSWORDS: Source = Source {
    title: "Zoho Help: application-specific passwords (12 characters; required once MFA is on)",
    url: "https://help.zoho.com/portal/kb/articles/manage-application-specific-passwords",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static ZOHO_SMTP: Source = Source {
    title: "Zoho Mail SMTP configuration: smtp.zoho.* for personal and free accounts, smtppro.zoho.* for paid organisations",
    url: "https://wiki.stretchpowered.com/books/zoho/page/how-to-configure-email-server-with-zoho-smtp-settings",
    kind: SourceKind::Secondary,
    checked: CHECKED,
};

pub(super) static ZOHO_REGIONS: Source = Source {
    title: "Zoho Mail regional SMTP servers (.eu, .in, .com.au, .jp, .com.cn, .sa)",
    url: "https://postigo.net/smtp/zoho",
    kind: SourceKind::Secondary,
    checked: CHECKED,
};

pub(super) static FASTMAIL_SERVERS: Source = Source {
    title: "Fastmail Help: server names and ports",
    url: "https://www.fastmail.com/help/technical/servernamesandports.html",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static FASTMAIL_587: Source = Source {
    title: "Fastmail also accepts STARTTLS on port 587",
    url: "https://xenocept.com/docs/email-setup/fastmail.html",
    kind: SourceKind::Secondary,
    checked: CHECKED,
};

pub(super) static FASTMAIL_APP_PASSWORDS: Source = Source {
    title: "Fastmail Help: app passwords",
    url: "https://www.fastmail.com/help/clients/apppassword.html",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static SMARTERMAIL_TWO_STEP: Source = Source {
    title: "SmarterTools KB a3625: setting up Two-Step Authentication",
    url: "https://portal.smartertools.com/kb/a3625/setting-up-two-step-authentication-2fa-mfa-etc_.aspx",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static SMARTERMAIL_APP_PASSWORD: Source = Source {
    title: "SmarterMail: the eye icon reveals the app password for IMAP/POP/SMTP; forcing 2-step disconnects clients",
    url: "https://247livesupport.biz/ticket/index.php?/Knowledgebase/Article/View/804/0/how-to-set-two-factor-authentication-in-smartermail",
    kind: SourceKind::Secondary,
    checked: CHECKED,
};

pub(super) static AOL_APP_PASSWORDS: Source = Source {
    title: "AOL Help: create and manage third-party app passwords",
    url: "https://help.aol.com/articles/Create-and-manage-app-password",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static AOL_SMTP: Source = Source {
    title: "AOL Mail SMTP server smtp.aol.com with SSL/TLS; 16-character app password",
    url: "https://www.lifewire.com/what-are-aol-mail-smtp-settings-1170849",
    kind: SourceKind::Secondary,
    checked: CHECKED,
};

pub(super) static GMX_APP_PASSWORDS: Source = Source {
    title: "GMX Hilfe: anwendungsspezifisches Passwort einrichten (needs 2FA; shown only once)",
    url: "https://hilfe.gmx.net/sicherheit/2fa/anwendungsspezifisches-passwort.html",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static GMX_TWO_FACTOR: Source = Source {
    title: "GMX Hilfe: Zwei-Faktor-Authentifizierung (POP3/IMAP needs an app-specific password and re-enabled access)",
    url: "https://hilfe.gmx.net/sicherheit/2fa/index.html",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static GMX_SMTP: Source = Source {
    title: "GMX SMTP servers mail.gmx.net (German domains) and mail.gmx.com (international), 587 STARTTLS or 465 SSL",
    url: "https://github.com/sibalzer/impfbot/commit/491038104d8e23fe7c4ece2be26cb1033419c341.patch",
    kind: SourceKind::Secondary,
    checked: CHECKED,
};

pub(super) static RFC8314: Source = Source {
    title: "RFC 8314: cleartext considered obsolete (implicit TLS on 465 for submission)",
    url: "https://www.rfc-editor.org/rfc/rfc8314",
    kind: SourceKind::Standard,
    checked: CHECKED,
};

pub(super) static RFC6409: Source = Source {
    title: "RFC 6409: message submission for mail (port 587)",
    url: "https://www.rfc-editor.org/rfc/rfc6409",
    kind: SourceKind::Standard,
    checked: CHECKED,
};
