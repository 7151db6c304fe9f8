//! The words sending services and business applications write about themselves (an API key
//! refused, a sending domain not verified, a greeting step that failed with no reply), and the
//! sender's own limit, a blocklisted sender and a recipient's quota as further servers and
//! languages word them; one list per situation, in lower case.
//!
//! Split from `phrases` and `policy_phrases` by where the words come from: an application or
//! API speaking for itself, or a server in a language those lists do not read. As there, any
//! phrase of a list matching the reply's lower-cased words is enough, `all` rows need one phrase
//! of each list, and the order of the rows in `rules` decides precedence.

/// An API key named as the credential. With `KEY_REFUSED`, the login itself was refused, whatever
/// else the words name ("Invalid sender API key" is the key of the sending account, not a From
/// address): Resend's `invalid_api_key` ("API key is invalid",
/// https://resend.com/docs/api-reference/errors), Mailchimp Transactional's "Invalid API key"
/// (mailchimp/mailchimp-client-lib-codegen#146).
pub(super) const API_KEY: &[&str] = &["api key", "api_key", "apikey"];

/// What happened to the key: refused as it stands, or no longer valid.
pub(super) const KEY_REFUSED: &[&str] = &[
    "invalid",
    "is not valid",
    "not a valid",
    "revoked",
    "expired",
];

/// A From domain a sending service has not verified or not switched on, in the service's own
/// words, wherever the domain is named: Amazon SES's `MailFromDomainNotVerifiedException` ("the
/// sending domain isn't verified", aws/aws-sdk-net#3526), "non-verified domain", "is not
/// verified for live sending … verify it via /domains", "Domain is not activated". With
/// `DOMAIN_NAMED`; before `ACCOUNT_BLOCKED`, whose "not activated" is an account's.
pub(super) const NOT_VERIFIED: &[&str] = &[
    "not verified",
    "is not verified",
    "non-verified",
    "unverified",
    "not activated",
];

pub(super) const DOMAIN_NAMED: &[&str] = &["domain"];

/// SPF and DMARC told in plain words: the sending server or service is not one authorised to send
/// for the sender's domain or on its behalf (HubSpot's bounce says as much of itself, "has not
/// authorized HubSpot to send emails on your behalf", GSA/digitalgov.gov#1513). With `ON_BEHALF`:
/// "authorized to send" alone is also a mailbox's permission to send as another address, which
/// `SEND_AS` reads.
pub(super) const AUTHORISED_TO_SEND: &[&str] = &["authorized to send", "authorised to send"];

pub(super) const ON_BEHALF: &[&str] = &["your domain", "on your behalf"];

/// A sender, user or address named on a blocklist: a policy refusal at any stage, whatever
/// enhanced code comes with it (Roundcube quoting "Client host rejected: Blacklisted user",
/// roundcube/roundcubemail#8103). With `LISTED`.
pub(super) const LISTED_PARTY: &[&str] = &["sender", "user", "address"];

pub(super) const LISTED: &[&str] = &["blacklisted", "blocklisted", "denylisted"];

/// A mailbox's own quota exceeded, however its size is qualified ("disk", "storage"): the
/// recipient's full mailbox, not the sender's sending quota ("user: mailbox quota exceeded for
/// this recipient", GNU Mailutils' maidag,
/// https://mailutils.org/manual//html_node/Mailbox-Quotas.html). With `MAILBOX_NAMED`.
pub(super) const QUOTA_EXCEEDED: &[&str] = &["quota exceeded", "quota has been exceeded"];

pub(super) const MAILBOX_NAMED: &[&str] = &["mailbox"];

/// The sender's own sending limit in further languages (the settled convention: the sender's own
/// daily or hourly limit, in any language, is `rate_limited`). Turkish, from Google Workspace's
/// help ("E-posta gönderme sınırına ulaştınız", "Gmail'in gönderme sınırına ulaştınız",
/// https://support.google.com/a/answer/166852?hl=tr): the sending (or relay) limit, or "you
/// reached the limit"; Vietnamese "giới hạn gửi", the sending limit (the title of Gmail's
/// Vietnamese help on it, https://support.google.com/mail/answer/22839?hl=vi).
pub(super) const SENDING_LIMIT_ELSEWHERE: &[&str] = &[
    "gönderme sınırı",
    "gönderim sınırı",
    "gönderme limiti",
    "gönderim limiti",
    "geçiş sınırı",
    "sınırına ulaştınız",
    "giới hạn gửi",
];

/// Thai: a send ("ส่ง") that reached the maximum ("สูงสุดแล้ว", "already the maximum"), as G
/// Suite's Thai help words the daily limit ("คุณส่งอีเมลถึงจำนวนที่จำกัดสูงสุดแล้ว",
/// https://support.google.com/a/answer/166852?hl=th). With `THAI_MAXIMUM_REACHED`.
pub(super) const THAI_SEND: &[&str] = &["ส่ง"];

pub(super) const THAI_MAXIMUM_REACHED: &[&str] = &["สูงสุดแล้ว"];

/// A client library's report that its greeting (HELO or EHLO) failed, with no reply code beside
/// it: nothing the client could read came back (PHPMailer's "SMTP ERROR: EHLO command failed:"
/// after an empty reply, PHPMailer/PHPMailer#2550), the settled "empty response" convention.
pub(super) const GREETING_FAILED: &[&str] = &[
    "ehlo command failed",
    "helo command failed",
    "hello command failed",
];

/// Both TLS modes switched on at once, refused by the application's own settings check (Grafana
/// OnCall's "cannot set Email (SMTP) to use SSL and TLS at the same time"): implicit TLS and
/// STARTTLS exclude each other, and the port decides which one is meant. Read with `AT_ONCE`.
pub(super) const BOTH_TLS_MODES: &[&str] = &[
    "ssl and tls",
    "tls and ssl",
    "ssl and starttls",
    "starttls and ssl",
    "tls and starttls",
    "starttls and tls",
];
pub(super) const AT_ONCE: &[&str] = &[
    "at the same time",
    "mutually exclusive",
    "cannot both",
    "not both",
];

/// A recipient the sending service keeps on its suppression list after an earlier hard bounce,
/// unsubscribe or complaint (SparkPost's "554 5.7.1 recipient address was suppressed due to
/// customer policy", Azure Communication Services' "EmailDroppedAllRecipientsSuppressed"): the
/// recipient is what is refused, whatever policy code stands beside it. Read with `near`.
pub(super) const RECIPIENT_NAMED: &[&str] = &["recipient"];
pub(super) const SUPPRESSED: &[&str] = &["suppressed", "suppression list"];

/// The server's host or port called wrong by the application's own settings check (Cozy Emails'
/// "Wrong SMTP port"): no mail server answered there, the convention for an application's
/// "invalid outgoing mail server or port" (connect_failed, as three readers settled). Read with
/// `near`.
pub(super) const WRONG: &[&str] = &["wrong", "incorrect", "invalid"];
pub(super) const SERVER_OR_PORT: &[&str] =
    &["host or port", "server or port", "smtp port", "smtp host"];

/// An AUTH mechanism or type the client would use that the server does not offer (Meshery's "the
/// server does not offer the selected auth mechanism"): a mechanism the two sides do not share,
/// not a refused password, however the stage reads. Read with `near`.
pub(super) const AUTH_KIND: &[&str] = &[
    "auth mechanism",
    "auth type",
    "authentication type",
    "authentication",
];
pub(super) const NOT_OFFERED: &[&str] = &["not offered", "does not offer", "unsupported"];

/// An application asking for its OAuth connection to be authorised (again): Chatwoot's "Your inbox
/// is disconnected … until you reauthorize it" (chatwoot/chatwoot#10631), FluentSMTP's "Invalid.
/// Please re-authenticate" (WPManageNinja/fluent-smtp#309); the grant no longer works and only
/// signing in renews it, the convention for an application's "authorise again".
pub(super) const AUTHORISE_AGAIN: &[&str] = &[
    "reauthorize",
    "reauthorise",
    "re-authorize",
    "re-authorise",
    "reauthenticate",
    "re-authenticate",
    "please authorize",
    "please authorise",
];

/// An access token the application holds, called invalid or expired: the convention three readers
/// settled for an application's "OAuth access token is not present or has expired" and Graph's
/// "Token Expired" (bad_credentials); a grant expired or revoked is read before it. Read with
/// `near`.
pub(super) const TOKEN: &[&str] = &["token"];
pub(super) const TOKEN_REFUSED: &[&str] = &[
    "invalid",
    "expired",
    "not present",
    // Postmark's API (error 10): "Request does not contain a valid Server token."
    "not contain a valid",
];

/// A client's greeting that was not the 220 it waited for, told as a "welcome message": a reply
/// came and it was the wrong one, the convention three readers settled (protocol_error).
pub(super) const WELCOME: &[&str] = &["welcome message", "welcome banner"];
pub(super) const GREETING_CODE: &[&str] = &["220"];

/// A client's "wrong answer" to a command with no code and no cause beside it: an address or
/// command refused without saying why, the convention three readers settled (unknown).
pub(super) const WRONG_ANSWER: &[&str] = &["wrong answer"];

/// The credentials an SDK or HTTP API was given, called wrong: Mailgun's PHP SDK ("Your
/// credentials are invalid", mailgun/mailgun-php#734), a Laravel package's "Credentials Incorrect"
/// (Bogardo/Mailgun#33), SendGrid's "Permission denied, wrong credentials" (sendgrid/docs#6587).
/// Read with `near`, in text without a reply code.
pub(super) const CREDENTIALS_NAMED: &[&str] = &["credentials"];
pub(super) const CALLED_WRONG: &[&str] = &["incorrect", "invalid", "wrong"];

/// A credential never sent: an SDK with no API key, token or credentials to send, or an API that
/// found none in the request (Postmark's Node client, "A valid API token must be provided.";
/// SparkPost's Python client, "No API key."; Brevo's "authentication not found in headers",
/// getbrevo/brevo-python#13). The convention three readers settled: not_authenticated, not a
/// refused login. Read with `near`, after the credentials called wrong.
/// Not an access token an application holds ("No usable Microsoft access token is available"): that
/// is a sign-in to renew, read by the token rows.
pub(super) const CREDENTIAL_TO_SEND: &[&str] = &["credentials", "api key", "api token", "key"];
pub(super) const NOT_SUPPLIED: &[&str] = &[
    "missing",
    "no ",
    "must specify",
    "must be provided",
    "not provided",
    "not supplied",
    "were supplied",
    "not found in header",
];
pub(super) const NOT_IN_THE_HEADERS: &[&str] = &["not found in header", "missing from the header"];

/// An SDK raising its API's HTTP 401 as the error itself, named by its status, its exception or
/// the message field ("{ Error: Unauthorized … code: 401, message: 'Unauthorized'", SendGrid's Node
/// client, nodemailer/nodemailer-sendgrid#5): the key it was given was refused. Read with `near`,
/// in text without a reply code, after every row whose words name a refusal of something else
/// (relaying, a sender, a rate).
pub(super) const UNAUTHORIZED: &[&str] = &["unauthorized", "unauthorised"];
pub(super) const AS_THE_ERROR: &[&str] = &["401", "error:", "exception", "message"];

/// An account (or the business behind it) held for review or verification before it may send:
/// SendGrid's "Your account is under review and we'd like to know a little more about you"
/// (sendgrid/opensource#37). The account is held, not a message: account_blocked. Read with
/// `near`.
pub(super) const ACCOUNT_HELD: &[&str] = &["account", "business"];
pub(super) const FOR_REVIEW: &[&str] = &[
    "under review",
    "pending review",
    "pending approval",
    "awaiting approval",
    "verification",
];

/// Access to the service refused with support to contact: the account itself is held ("You are
/// not authorized to access SendGrid, please contact Support.", sendgrid/sendgrid-php#995).
pub(super) const ACCESS_REFUSED: &[&str] =
    &["not authorized to access", "not authorised to access"];
pub(super) const CONTACT_SUPPORT: &[&str] = &["contact support", "contact our support"];

/// Mandrill's reject reason "unsigned": the From domain is not verified and set up to sign on the
/// account (keystonejs/keystone-email#24, `reject_reason: 'unsigned'`), a sender the account may
/// not use yet. Read with `near`.
pub(super) const REJECT_REASON: &[&str] = &["reject_reason", "reject reason"];
pub(super) const UNSIGNED: &[&str] = &["unsigned"];
