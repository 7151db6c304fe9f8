//! Citations for the catalogue's facts: one `Source` per page, with the date it was checked.
//!
//! `checked` is the day the fact was last compared with the page (through the page itself or,
//! where the kind is `Secondary`, a third party's copy). Re-check the `Secondary` ones first.

use super::{Source, SourceKind};

const CHECKED: &str = "2026-11-23";

pub(super) static GOOGLE_APP_PASSWORDS: Source = Source {
    title: "Google Account Help: sign in with app passwords (185833)",
    url: "https://support.google.com/accounts/answer/185833",
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
    title: "Microsoft Learn: set up a multifunction device or application to send email using Microsoft 365 (SMTP AUTH client submission, smtp.office365.com, port 587, STARTTLS)",
    url: "https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/how-to-set-up-a-multifunction-device-or-application-to-send-email-using-microsoft-365-or-office-365",
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
    title: "Microsoft Entra: app passwords for legacy applications (need per-user MFA and the admin switch; not revoked by a password reset)",
    url: "https://learn.microsoft.com/en-us/entra/identity/authentication/howto-mfa-app-passwords",
    kind: SourceKind::Official,
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
    title: "Yahoo Help: generate and manage third-party app passwords (SLN15241)",
    url: "https://help.yahoo.com/kb/SLN15241.html",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static YAHOO_SMTP: Source = Source {
    title: "Yahoo Help: IMAP server settings for Yahoo Mail (SLN4075): smtp.mail.yahoo.com, port 465 or 587, SSL required",
    url: "https://help.yahoo.com/kb/SLN4075.html",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static APPLE_APP_PASSWORDS: Source = Source {
    title: "Apple Support: sign in to apps with your Apple Account using app-specific passwords (102654)",
    url: "https://support.apple.com/en-us/102654",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static ICLOUD_SMTP: Source = Source {
    title: "Apple Support: iCloud Mail server settings for other email client apps (102525): smtp.mail.me.com, port 587, STARTTLS, full iCloud address",
    url: "https://support.apple.com/en-us/102525",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static ZOHO_APP_PASSWORDS: Source = Source {
    title: "Zoho Help: application-specific passwords (12 characters; required once MFA is on)",
    url: "https://help.zoho.com/portal/kb/articles/manage-application-specific-passwords",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static ZOHO_SMTP: Source = Source {
    title: "Zoho Mail Help: SMTP server configuration (smtp.zoho.* for personal and free accounts, smtppro.zoho.* for paid organisations, 465 SSL or 587 TLS)",
    url: "https://www.zoho.com/mail/help/zoho-smtp.html",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static ZOHO_REGIONS: Source = Source {
    title: "Thunderbird's ISPDB: Zoho data centres and their address domains (zoho.com, zoho.com.au, zoho.jp, zohocloud.ca and the others)",
    url: "https://github.com/thunderbird/autoconfig/blob/master/ispdb/zohocloud.ca.xml",
    kind: SourceKind::Secondary,
    checked: CHECKED,
};

pub(super) static FASTMAIL_SERVERS: Source = Source {
    title: "Fastmail Help: server names and ports (SMTP smtp.fastmail.com, port 465, SSL/TLS but not STARTTLS; app password only)",
    url: "https://www.fastmail.help/hc/en-us/articles/1500000278342-Server-names-and-ports",
    kind: SourceKind::Official,
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
    title: "AOL Help: use other email applications to send and receive AOL Mail (smtp.aol.com, SSL)",
    url: "https://help.aol.com/articles/how-do-i-use-other-email-applications-to-send-and-receive-my-aol-mail",
    kind: SourceKind::Official,
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
    title: "GMX Hilfe: IMAP-Serverdaten (mail.gmx.net, 587 STARTTLS or 465 SSL, full e-mail address)",
    url: "https://hilfe.gmx.net/pop-imap/imap/imap-serverdaten.html",
    kind: SourceKind::Official,
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

pub(super) static M365_SMTP_SUBMISSION: Source = Source {
    title: "Microsoft Learn: enable or disable authenticated client SMTP submission (SMTP AUTH) in Exchange Online",
    url: "https://learn.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/authenticated-client-smtp-submission",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static GMX_SERVERS: Source = Source {
    title: "Thunderbird's ISPDB: GMX domains served by mail.gmx.com (gmx.com, gmx.co.uk, gmx.fr, gmx.ca…) and by mail.gmx.net (gmx.de, gmx.net, gmx.at, gmx.ch…)",
    url: "https://github.com/thunderbird/autoconfig/blob/master/ispdb/gmx.com.xml",
    kind: SourceKind::Secondary,
    checked: CHECKED,
};

pub(super) static YANDEX_APP_PASSWORDS: Source = Source {
    title: "Yandex ID Help: app passwords (one per program; required once two-factor authentication is on; shown once; reset by a password change)",
    url: "https://yandex.com/support/passport/authorization/app-passwords.html",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static YANDEX_SMTP: Source = Source {
    title: "Yandex: OAuth authorization in Yandex Mail (SMTP server smtp.yandex.com, port 465)",
    url: "https://tech.yandex.com/oauth/doc/imap/index-docpage/",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static QQ_AUTH_CODE: Source = Source {
    title: "QQ Mail authorisation codes (授权码): a separate 16-character password for POP3/IMAP/SMTP, created after phone or WeChat verification, voided when the QQ password changes",
    url: "https://blog.zhheo.com/p/6124d6aa.html",
    kind: SourceKind::Secondary,
    checked: CHECKED,
};

pub(super) static QQ_AUTH_CODE_ONLY: Source = Source {
    title: "QQ Mail accepts only authorisation codes in mail programs from 1 November 2022 (report of the QQ Mail team's notice)",
    url: "https://ashea.com.cn/guandian/2022/1011/707174.html",
    kind: SourceKind::Secondary,
    checked: CHECKED,
};

pub(super) static QQ_SMTP: Source = Source {
    title: "Thunderbird's ISPDB: QQ Mail sends through smtp.qq.com, port 465, SSL, full address",
    url: "https://github.com/thunderbird/autoconfig/blob/master/ispdb/qq.com.xml",
    kind: SourceKind::Secondary,
    checked: CHECKED,
};

pub(super) static NETEASE_SMTP: Source = Source {
    title: "Thunderbird's ISPDB: NetEase 163.com, 126.com and yeah.net send through smtp.163.com, smtp.126.com and smtp.yeah.net, port 465, SSL",
    url: "https://github.com/thunderbird/autoconfig/blob/master/ispdb/163.com.xml",
    kind: SourceKind::Secondary,
    checked: CHECKED,
};

pub(super) static NETEASE_AUTH_CODE: Source = Source {
    title: "NetEase 163 Mail: turning on SMTP issues a client authorisation code (授权码) that replaces the login password in mail programs",
    url: "https://redmaomail.com/ask/post/7262.html",
    kind: SourceKind::Secondary,
    checked: CHECKED,
};

pub(super) static SES_SMTP: Source = Source {
    title: "Amazon SES Developer Guide: using the SMTP interface (regional endpoints email-smtp.<region>.amazonaws.com; SMTP credentials per region)",
    url: "https://docs.aws.amazon.com/ses/latest/dg/send-email-smtp.html",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static SES_SMTP_CREDENTIALS: Source = Source {
    title: "Amazon SES Developer Guide: obtaining SMTP credentials (created through IAM in the SES console; not your AWS access keys; one set per region)",
    url: "https://docs.aws.amazon.com/ses/latest/dg/smtp-credentials.html",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static SENDGRID_SMTP: Source = Source {
    title: "Twilio SendGrid: integrating with the SMTP API (smtp.sendgrid.net; user name apikey; password an API key with Mail permission; 587, 2525 or 465)",
    url: "https://www.twilio.com/docs/sendgrid/for-developers/sending-email/integrating-with-the-smtp-api",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static SENDGRID_API_KEYS: Source = Source {
    title: "Twilio SendGrid: upgrade to API keys (two-factor authentication required since Q4 2020; API keys are 69 characters)",
    url: "https://www.twilio.com/docs/sendgrid/for-developers/sending-email/upgrade-your-authentication-method-to-api-keys",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static MAILGUN_SMTP: Source = Source {
    title: "Mailgun documentation: SMTP (smtp.mailgun.org; log in with a full address on your sending domain; SSL or TLS)",
    url: "https://documentation.mailgun.com/docs/mailgun/user-manual/smtp-protocol/",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static MAILGUN_CREDENTIALS: Source = Source {
    title: "Mailgun documentation: SMTP relay (an SMTP user name and password per domain; the control panel password does not work)",
    url: "https://documentation.mailgun.com/docs/mailgun/user-manual/smtp-protocol/smtp-relay",
    kind: SourceKind::Official,
    checked: CHECKED,
};

pub(super) static MAILGUN_REGIONS: Source = Source {
    title: "Mailgun regions and ports as summarised by Spree Commerce: smtp.mailgun.org (US), smtp.eu.mailgun.org (EU); 587 or 2525 STARTTLS, 465 implicit TLS",
    url: "https://spreecommerce.org/docs/integrations/email/mailgun",
    kind: SourceKind::Secondary,
    checked: CHECKED,
};

// Where a domain's MX records point for each hosted provider (read by `detect::from_mx_host`).
// Checked against the research notes of 2026-12-02; the `Secondary` ones still need a look at
// the provider's own page.
const MX_CHECKED: &str = "2026-12-02";

pub(super) static GOOGLE_WORKSPACE_MX: Source = Source {
    title: "Google Workspace Admin Help: Google Workspace MX record values (SMTP.GOOGLE.COM, ASPMX.L.GOOGLE.COM, ALT1-4.ASPMX.L.GOOGLE.COM, ASPMX2/3.GOOGLEMAIL.COM)",
    url: "https://support.google.com/a/answer/174125",
    kind: SourceKind::Official,
    checked: MX_CHECKED,
};

pub(super) static M365_MX: Source = Source {
    title: "Microsoft Learn: add DNS records to connect your domain (MX <domain-key>.mail.protection.outlook.com)",
    url: "https://learn.microsoft.com/en-us/microsoft-365/admin/get-help-with-domains/create-dns-records-at-any-dns-hosting-provider",
    kind: SourceKind::Official,
    checked: MX_CHECKED,
};

pub(super) static ZOHO_MX: Source = Source {
    title: "Zoho Mail Help: configure MX records (mx.zoho.com, mx2.zoho.com, mx3.zoho.com and the regional mx.zoho.eu, .in, .com.au, .jp)",
    url: "https://www.zoho.com/mail/help/adminconsole/configure-email-delivery.html",
    kind: SourceKind::Secondary,
    checked: MX_CHECKED,
};

pub(super) static FASTMAIL_MX: Source = Source {
    title: "Fastmail Help: manual DNS configuration (MX in1-smtp.messagingengine.com, in2-smtp.messagingengine.com)",
    url: "https://www.fastmail.help/hc/en-us/articles/360060591153",
    kind: SourceKind::Secondary,
    checked: MX_CHECKED,
};

pub(super) static ICLOUD_MX: Source = Source {
    title: "Apple Support: custom email domains with iCloud Mail (MX mx01.mail.icloud.com, mx02.mail.icloud.com)",
    url: "https://support.apple.com/en-us/102540",
    kind: SourceKind::Secondary,
    checked: MX_CHECKED,
};

pub(super) static YANDEX_MX: Source = Source {
    title: "Yandex 360 for Business Help: MX record for a connected domain (mx.yandex.net)",
    url: "https://yandex.ru/support/business/domains/mx.html",
    kind: SourceKind::Secondary,
    checked: MX_CHECKED,
};
