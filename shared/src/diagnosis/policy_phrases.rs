//! The phrases of a server's sending policy, one list per situation, in lower case: who may send
//! (the sender address and its verification), how much (rates, quotas, sessions), from where (the
//! client's IP and host name) and what (content, the sender domain's SPF, DKIM and DMARC).
//!
//! Split from `phrases` by meaning: these refuse a message or a client for what it is, not for
//! how it logged in or set up TLS. As there, any phrase of a list matching the reply's lower-cased
//! words is enough, and the order of the rows in `rules` decides precedence.

/// A receiver deferring the client's IP for its reputation or its recipients' complaints (Yahoo's
/// [TSS04] "temporarily deferred due to unexpected volume or user complaints", Outlook's 4.7.650/651
/// "temporarily rate limited due to IP reputation", Gmail's "unusual rate" of unsolicited mail): a
/// refusal of the IP by policy for a while, not the sender's own quota.
pub(super) const REPUTATION_DEFERRAL: &[&str] = &[
    "temporarily deferred",
    "temporarily rate limited",
    "rate limited due to",
    "unusual rate",
];

pub(super) const REPUTATION_BLOCKED: &[&str] = &[
    "ip address has been temporarily blocked",
    "ip address has been blocked",
    "ip has been blocked",
    "not in whitelist",
    "not on the whitelist",
    "this message is suspicious",
    "message has been blocked",
    "message was blocked",
    "message blocked",
    "removal from this list",
    "to request removal",
    "delist",
    "blocked by receiving server",
    "blocked by the receiving server",
    // Yahoo refusing or deprioritising a sending server that sends to many unknown recipients as
    // "possible Open Relay" (its help's "Why was my SMTP connection rejected?"): the client's IP
    // by reputation, not a relay the receiver refuses.
    "possible open relay",
];

pub(super) const SENDER_NOT_ALLOWED: &[&str] = &[
    "for sender address",
    "sender address rejected",
    "not owned by",
    "sendasdenied",
    "not allowed to send as",
    "send as this sender",
    "send as permission",
    "sender not allowed",
    "sender is not allowed",
    // GMX at MAIL FROM: "550-Requested action not taken: mailbox unavailable 550 Sender address
    // is not allowed." (a From the account does not own).
    "sender address is not allowed",
    "unauthorized sender",
    "address is not verified",
    "address not verified",
    "identities failed the check",
    "not authorized to perform",
    "domain of sender",
    "sender domain",
    "from address",
    "does not match the authenticated",
    "not your own address",
    "envelope sender",
    "sender has been denied",
    "sender verify failed",
    "sender signature",
    "sender rejected",
    "sender refused",
    "sender denied",
    "rejected sender",
    "invalid sender",
    "sender invalid",
    "bad sender",
    "responsible address",
    "sender id",
    "sender rejection",
    "incorrect sender",
    "sender does not match",
    "sender is not valid",
    "sender name is not valid",
    "sender address is not valid",
    "not a valid sender",
    "from/sender",
    "invalid from",
    "sender address invalid",
    "is not allowed to send",
    "add your own domain",
    // A sending service's test or trial account that may send only to its owner's address, the
    // sandbox convention: Resend's "You can only send testing emails to your own email address",
    // MailerSend's "Trial accounts can only send emails to the administrator's email. #MS42225"
    // (PauseAI/pauseai-website#337), Elastic Email's "… can only send emails to the account that
    // was used to register".
    "only send testing emails",
    "can only send emails to",
    "originator address",
    "does not match authentication",
    "same as authorization user",
    // The envelope sender must be the login (QQ, 163, Coremail: "Mail from must equal authorized
    // user"; "\"MAIL FROM\" doesn't conform with authentication").
    "equal authorized user",
    "equal to authorized user",
    "equal the authorized user",
    "conform with authentication",
    "same as the authenticated",
    "same as authenticated",
    // "Invalid 'From' value", "You are not authorized to send from that email address".
    "invalid 'from'",
    "invalid \"from\"",
    "not authorized to send from",
    "not authorised to send from",
    "not authorized to send mail from",
    "not authorised to send mail from",
    "blank sender",
    "empty sender",
    // A sending service's own field for the sender ("The from.email field is required").
    "from.email",
];

/// A sender-verification callout that failed: the receiving server (Exim's `verify = sender/callout`,
/// Postfix's `reject_unverified_sender`) could not confirm the envelope sender exists, and says so
/// in an RCPT TO refusal ("550-Verification failed for <sender> … 550 Sender verify failed") that
/// may also hold recipient words ("no such user here", "the account or domain may not exist"):
/// checked before the recipient lists.
pub(super) const SENDER_VERIFICATION: &[&str] = &[
    // Exim's "Sender verify failed" and its log's "sender verify fail for <sender>: response to
    // … was: 550 …" quoting the sender's own server (whose words are about a missing mailbox).
    "sender verify fail",
    "sender verification failed",
    "sender verify defer",
    "sender address verification",
    "unverified sender",
    "could not verify sender",
    "unable to verify sender",
    "verification failed for <",
    "sender callout",
    // A sender the server does not know or cannot find in DNS, also refused at RCPT TO with user
    // words: Postfix's "Sender address rejected: User unknown in local sender table"
    // (nodemailer/smtp-server#75), "unknown sender address", and a sender domain "without DNS MX
    // or A/AAAA resource record".
    "unknown in local sender table",
    "unknown sender address",
    "invalid dns mx or a/aaaa",
];

/// A From domain the sending service has not been told about or has not verified (Mailgun's and
/// SparkPost's "Unconfigured Sending Domain", "sending domain not verified").
pub(super) const SENDING_DOMAIN_UNSET: &[&str] = &[
    "unconfigured sending domain",
    "sending domain not",
    "sending domain is not",
    "sending domain has not",
    "domain is not verified",
    "domain not verified",
    "domain has not been verified",
    // Plunk: "550 This domain is not associated with your account".
    "domain is not associated",
    // Resend's "please verify a domain" before mail to others; a relay that knows no account for
    // the From address's domain ("556 Invalid account. Tenant or Domain not found for …").
    "verify a domain",
    "tenant or domain not found",
];

/// Exim's words when it verified a recipient, not the sender, with the same callout.
pub(super) const RECIPIENT_VERIFICATION: &[&str] =
    &["recipient verify failed", "recipient verification failed"];

/// Exchange's "Send As" permission: the account may not send as this sender.
pub(super) const SEND_AS: &[&str] = &[
    "send as this sender",
    "send as permission",
    "sendasdenied",
    "not allowed to send as",
];

/// Greylisting: a deliberate first-time deferral that a retry after the stated wait passes, worded
/// as a recipient refusal at RCPT TO by postgrey ("Recipient address rejected: Greylisted, see
/// http://postgrey…", eleith/emailjs#202, schweikert/postgrey#84 and #86), MailEnable ("This
/// server employs greylisting"), Mailpro's catalogue ("greylisted, please retry in N seconds").
pub(super) const GREYLISTED: &[&str] = &["greylist", "graylist", "grey-list", "gray-list"];

pub(super) const RATE_LIMITED: &[&str] = &[
    "frequency limited",
    "frequency limit",
    "too many recipients",
    "sending quota exceeded",
    "too many",
    "daily limit",
    "receiving mail at a rate",
    "receiving mail too quickly",
    "rate limit",
    "rate-limit",
    "ratelimit",
    "rate exceeded",
    "sending rate",
    "throttl",
    "quota exceeded",
    "sending quota",
    "sending limit",
    "limit exceeded",
    "limit reached",
    "limit of",
    "exceeded the",
    "per day",
    "per hour",
    "per minute",
    "per 24 hours",
    "slow down",
    "too fast",
    "submissionquotaexceeded",
    "server busy",
    "credits exceeded",
    "exceeded a limit",
    "concurrent",
    "relay quota",
    // The account's own quota, reached (FormEmailer's "Quota limit reached"; a sending service's
    // "Your account reached its email quota limit"): a mailbox's is caught before, as full.
    "quota limit",
    "relay limit",
    "quota of",
    "messages per",
    "recipients per",
    "emails per",
    "mails per",
    "hour limit",
    "hourly limit",
    "day limit",
    "exceeded hour",
    "exceeded daily",
    // An account's own sending cap in other words: "You've exceeded your messaging limits", "The
    // limit on the number of allowed outgoing messages was exceeded".
    "messaging limit",
    "exceeded your",
    "allowed outgoing messages",
    "limit on the number",
    // A host's cap reached in its own words: StartMail's "550 5.7.1 Your mail limit has been
    // reached.", cPanel's "Sender … has an outgoing mail hold" (mail queued and retried later
    // after too many failed or deferred messages in an hour).
    "limit has been reached",
    "outgoing mail hold",
    // The same caps in French: Gmail's "Vous avez atteint la limite d'envoi d'e-mails" and its
    // recipient "reçoit des e-mails à un rythme qui empêche la distribution de tout nouveau message"
    // ("receiving mail at a rate that prevents additional messages").
    "limite d'envoi",
    "à un rythme qui",
    // The sender's own sending quota in French, German and Italian: Exchange Online's "le quota
    // d'envoi de l'expéditeur est dépassé" (its submission quota), Gmail's "Sie haben das Limit zum
    // Senden von E-Mails erreicht", Google Workspace's "Hai raggiunto il limite di invio email".
    "quota d'envoi",
    "limit zum senden",
    "limite di invio",
    // Connection and session frequency: "number of sessions exceeds the maximum", "too frequent
    // connects", "Maximum message count per session reached" (SES), per-IP connection caps.
    "sessions exceed",
    "number of sessions",
    "too frequent",
    "too often",
    "per session",
    "per connection",
    "connection limit",
    "connections limit",
    "maximum message count",
    "max connections",
    "maximum connections",
    "maximum number of connections",
    // A server too busy for the session now (RFC 5321 §4.2.2's 421/450, "server busy, try again
    // later"): a cap on the client's connections. "Mailbox busy" is the recipient's: not here.
    "server is busy",
    "server too busy",
    "system busy",
    "system is busy",
    "host busy",
    "too busy",
    "busy, try",
    "busy. try",
    "busy; try",
    "busy - try",
    "busy, please try",
    "busy. please try",
    // Google Apps Script's daily quota of a service, in English and Japanese: "Service invoked too
    // many times for one day: email." (dwyl/learn-to-send-email-via-google-script-html-no-server
    // #376), "1 日にサービス gmail を実行した回数が多すぎます。" ("run too many times", lab.taf-jp.com);
    // "回数が多すぎ" (too many times) is Japanese's general word for a count over its limit.
    "回数が多すぎ",
    // Google's peak SMTP relay limit for a customer as its Chinese table words it ("客户的最高 SMTP
    // 中继量超出限制": the relay volume over its limit, laod.cn).
    "中继量超出",
];

/// A tenant's or domain's quota of recipients outside it, read with [`QUOTA_WORDS`]: Exchange
/// Online's "daily limit for sending email to external recipients (tenant external recipient rate
/// limit)" (Microsoft Q&A 5808888), Google Workspace's domain quota of external recipients.
pub(super) const EXTERNAL_RECIPIENTS: &[&str] = &["external recipient"];

pub(super) const QUOTA_WORDS: &[&str] = &["quota", "limit"];

pub(super) const CLIENT_REPUTATION: &[&str] = &[
    "client ip",
    "name lookup failed",
    "network not allowed",
    "not accepting connections",
    "your access to submit",
    "access denied, banned",
    "client host",
    "blocked using",
    "dnsbl",
    "spamhaus",
    "spamcop",
    "barracuda",
    "blacklist",
    "blocklist",
    "black list",
    "block list",
    "listed at",
    "your ip",
    "ip address",
    "from this ip",
    "reverse dns",
    "dns ptr",
    "ptr record",
    "rdns",
    "helo/ehlo",
    "helo hostname",
    "helo name",
    "helo command rejected",
    "dns configuration",
    "no smtp service",
    "reputation",
    "traffic not accepted",
    "sending ip",
    "banned sending",
    "the ip you",
    "permanently deferred",
    "ehlo argument",
    "helo argument",
    "ehlo name",
    "ehlo hostname",
    "ehlo command rejected",
    "invalid ehlo",
    "invalid helo",
    // The client's address taken for a dial-up or dynamic one: Telekom's "554 IP=… -
    // Dialup/transient IP not allowed … (DIAL)" (chatmail/provider-db#280), iRedMail's "appears to
    // be on a dynamic IP address"; and a server naming the client's address as blocked ("This IP
    // [x] is blocked", toorop/tmail#14).
    "dialup",
    "transient ip",
    "dynamic ip",
    "this ip",
];

pub(super) const CONTENT_POLICY: &[&str] = &[
    "message filtered",
    "multiple addresses in from",
    "not rfc 5322 compliant",
    "virus",
    "content rejected",
    "message content",
    "spam",
    "unsolicited",
    "policy reasons",
    "rejected by policy",
    "local policy",
    "policy restriction",
    "policy rejection",
    "content denied",
    "dt:spm",
    "by policy",
    "due to policy",
    "policy violation",
    "message not allowed",
    // Not "message rejected" or "message refused" alone: a bare refusal names no cause and stays
    // unknown (the corpus's convention); with other words ("spam message rejected") they decide.
    "not accepted for policy",
];

/// A message refused for its MIME structure (parts, boundaries, fields, types): content, not a
/// sending limit (mailcow/mailcow-dockerized#471, zou-yu/worker-mailer#23).
pub(super) const MIME_STRUCTURE: &[&str] = &[
    "malformed mime",
    "mime field",
    "mime boundary",
    "mime part",
    "mime type",
    "mime structure",
];

/// Sender-domain authentication verdicts (SPF, DKIM, DMARC) at the receiving side: the sending
/// domain's DNS, not this account, is what they judge.
pub(super) const DOMAIN_AUTHENTICATION: &[&str] = &[
    "dmarc",
    "spf",
    "sender policy framework",
    "dkim",
    "authentication information",
    "authentication checks",
    "authentication level",
    "authentication requirements",
    "mismatches client ip",
    "unauthenticated email",
    "domain's dmarc",
    // A message or HELO refused as spoofed: milter-regex's "Spoofed HELO (my own IP address, nice
    // try)" (saltcorn/saltcorn#1028), a filter's anti-spoofing check of a local sender domain.
    "spoofed",
    "anti-spoofing",
];

/// A client's IP named as listed in or on a blocklist without the list's kind ("IP … listed in
/// zen.spamhaus.org"): read by a `near` row with [`LISTED_IN`], since "listed in" alone also
/// names address books and recipient tables.
pub(super) const IP_NAMED: &[&str] = &["ip ", "ip address", "client host"];

pub(super) const LISTED_IN: &[&str] = &["listed in", "listed on"];

/// A real-time blackhole list named by its short name, read beside [`IN_A_LIST`]: "Connection
/// rejected. Your IP … is in RBL" (msoutlook.info), a client listed on one. Not alone: "DNS
/// error doing RBL lookup" is the receiver's own failure, and "…RBL" ends other codes.
pub(super) const RBL: &[&str] = &["rbl"];

pub(super) const IN_A_LIST: &[&str] = &["listed", "is in"];

/// An attachment refused for its type or extension, in either word order: NethServer's rspamd
/// "Forbidden attachment name extension" (NethServer/dev#5779), a "blocked file type" a server
/// names (holger-dev/nextledger#21): content policy, read by a `near` row.
pub(super) const ATTACHMENT: &[&str] = &["attachment"];

pub(super) const ATTACHMENT_REFUSED: &[&str] = &[
    "reject",
    "forbidden",
    "blocked",
    "banned",
    "not allowed",
    "prohibited",
];

/// The sender bound to the login, told as a rule the address broke: "501 mail from address must
/// be same as authorization user" (QQ Mail, nodeSolidServer/node-solid-server#1281), Madmail's
/// "554 5.6.0 From header does not match envelope sender" (the envelope sender is the login's): a
/// sender the account may not use, read by a `near` row, whatever the code.
pub(super) const MUST_MATCH: &[&str] = &[
    "must match",
    "does not match",
    "must be same as",
    "must be the same as",
];

pub(super) const THE_LOGIN: &[&str] = &[
    "authenticated user",
    "authorization user",
    "authenticated identity",
    "envelope sender",
    "login user",
];
