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
