//! The stable phrases the rules look for, one list per situation, in lower case.
//!
//! A phrase is a few words a server keeps across versions and hosts; any one of a list
//! matching the reply's lower-cased words is enough. Lists are named after the kind they
//! point to; where a kind has several lists, their order in `rules` decides precedence.

pub(super) const TLS_FAILED: &[&str] = &[
    "tls not available",
    "tls negotiation failed",
    "tls handshake failed",
    "starttls failed",
    "cannot start tls",
    "tls 1.0 and 1.1 are not supported",
    "tls1.2 is required",
    "tls 1.2 is required",
];

pub(super) const TLS_REQUIRED: &[&str] = &[
    "starttls command first",
    "must issue a starttls",
    "starttls is required",
    "starttls required",
    "tls required",
    "tls is required",
    "must use starttls",
    "issue starttls",
    "encryption required",
    "plaintext authentication disallowed",
    "requires a secure connection first",
    "ssl/tls required",
    "requires tls",
    "starttls is mandatory",
    "tls is mandatory",
    "secure connection required",
];

pub(super) const SMTP_AUTH_DISABLED: &[&str] = &[
    "smtpclientauthentication",
    "smtp_auth_disabled",
    "basic authentication",
    "não atendeu aos critérios",
    "no cumplió los criterios",
    "basic auth is",
    "security defaults",
    "did not meet the criteria",
    "organization configuration does not allow",
    "smtp auth is disabled",
    "smtp authentication is disabled",
    "smtp auth has been disabled",
    "smtp access is disabled",
    "smtp is disabled",
    "smtp service is not enabled",
    "user has no permission",
    "legacy authentication",
    "oauth is required",
    "oauth2 is required",
    "access rights to this service",
];

pub(super) const RELAY_DENIED: &[&str] = &[
    "retransmission denied",
    "relay access denied",
    "relaying denied",
    "relay denied",
    "relay not permitted",
    "relaying not permitted",
    "relay not allowed",
    "relaying not allowed",
    "relaying disallowed",
    "relay prohibited",
    "relaying prohibited",
    "relaying is prohibited",
    "unable to relay",
    "not permitted to relay",
    "not allowed to relay",
    "cannot relay",
    "we do not relay",
    "no relaying",
    "relay rejected",
    "relay access",
    "rcpthosts",
    "credentials for relay",
];

/// A block on the sending IP or on this message, worded like an account block ("has been
/// blocked"), so it is checked before `ACCOUNT_BLOCKED`.
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
];

/// Words of a client that broke the protocol (pipelining, bare line feeds, bad syntax).
pub(super) const PROTOCOL_VIOLATION: &[&str] = &[
    "protocol violation",
    "bare lf",
    "bare <lf>",
    "pipelining not allowed",
    "no commands allowed to pipeline",
];

pub(super) const ACCOUNT_BLOCKED: &[&str] = &[
    "blocked from sending",
    "has been blocked",
    "account is blocked",
    "account blocked",
    "account has been disabled",
    "account is disabled",
    "account disabled",
    "account has been suspended",
    "account suspended",
    "account is suspended",
    "account locked",
    "account is locked",
    "account has been locked",
    "abusive",
    "spam abuse",
    "outboundspamexception",
    "hipnotify",
    "not a robot",
    "prove you are not",
    "use web for sending",
    "web browser",
    "webloginrequired",
    "unusual activity",
    "suspicious activity",
    "compromised",
    "banned sender",
    "bad outbound sender",
    "verify your account",
    "outgoing blocked",
    "outgoing mail blocked",
    "sending blocked",
    "unusual sending",
    "sending paused",
    "sending suspended",
    "temporarily locked",
    "account has been temporarily",
];

pub(super) const APP_PASSWORD_REQUIRED: &[&str] = &[
    "application-specific password",
    "application specific password",
    "app-specific password",
    "app specific password",
    "app password",
    "application password",
    "invalidsecondfactor",
    "authorization code",
    "authorisation code",
    // QQ's help page on logging in with the authorisation code, linked when the words are garbled.
    "no=1001256",
    "授权码",
    "专用密码",
];

pub(super) const AUTH_MECHANISM_UNSUPPORTED: &[&str] = &[
    "supported by both server and client",
    "does not support authentication",
    "auth command used when not advertised",
    "no mechanism available",
    "unrecognized authentication type",
    "unrecognised authentication type",
    "authentication mechanism",
    "mechanism not supported",
    "mechanism is too weak",
    "unsupported authentication",
    "unknown authentication",
    "auth extension not supported",
    "auth not supported",
    "auth not available",
    "no supported authentication",
    "authentication not enabled",
    "when not advertised",
];

pub(super) const NOT_AUTHENTICATED: &[&str] = &[
    "authorization required",
    "without authorization",
    "authenticate before",
    "unauthenticated mail",
    "unauthenticated senders",
    "smtp authentication in your mail client",
    "you must authenticate",
    "not authenticated",
    "authentication required",
    "authentication is required",
    "auth required",
    "must authenticate",
    "authenticate first",
    "please authenticate",
    "requires authentication",
    "authentication needed",
    "anonymous mail",
    "login first",
    "must be authenticated",
    "not logged in",
    "unauthenticated sender",
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
];

pub(super) const MAILBOX_FULL: &[&str] = &[
    "tried to reach",
    "over quota",
    "mailbox full",
    "mailbox is full",
    "mailbox quota",
    "mailbox size limit",
    "insufficient storage",
];

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
    "temporarily deferred",
    "slow down",
    "too fast",
    "submissionquotaexceeded",
    "server busy",
    "credits exceeded",
    "unusual rate",
    "exceeded a limit",
    "concurrent",
];

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
];

pub(super) const RECIPIENT_REJECTED: &[&str] = &[
    "recipient address rejected",
    "user unknown",
    "unknown user",
    "no such user",
    "does not exist",
    "recipient rejected",
    "invalid recipient",
    "recipient not found",
    "recipientnotfound",
    "mailbox not found",
    "user not found",
    "no such recipient",
    "recipient unknown",
    "unrouteable",
    "user doesn't have",
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
];

pub(super) const DNS_FAILED: &[&str] = &[
    "enotfound",
    "getaddrinfo",
    "name or service not known",
    "no such host",
    "could not resolve",
    "nodename nor servname",
    "name resolution",
    "eai_again",
    "nxdomain",
    "unknown host",
    "no address associated",
    "lookup address",
    "dns error",
    "dns lookup failed",
];

pub(super) const CONNECT_FAILED: &[&str] = &[
    "econnrefused",
    "connection refused",
    "ehostunreach",
    "enetunreach",
    "unreachable",
    "no route to host",
    "actively refused",
    "could not connect",
    "connect() failed",
    "econnreset",
    "connection reset",
    "connect etimedout",
    "eaddrnotavail",
    "connection timed out after connect",
];

pub(super) const WRONG_TLS_MODE: &[&str] = &[
    "wrong version number",
    "unexpected packet format",
    "wrong_version_number",
    "unknown protocol",
    "packet length too long",
    "greeting never received",
    "http request",
    "before secure tls connection was established",
    "does not look like a tls handshake",
    "unrecognized ssl message",
    "plaintext connection",
];

pub(super) const PROTOCOL_ERROR: &[&str] = &[
    "unexpectedly closed",
    "closed unexpectedly",
    "unexpected socket close",
];

pub(super) const INSECURE_SERVER: &[&str] = &[
    "starttls extension not supported",
    "server does not support starttls",
    "starttls not supported",
    "starttls is not supported",
];

pub(super) const CLIENT_TLS_ERROR: &[&str] = &[
    "certificate",
    "self signed",
    "self-signed",
    "handshake",
    "ssl",
    "tls",
    "altnames",
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
];

/// A refused or unknown recipient account, worded like a blocked sender account ("the recipient
/// account is blocked", "this account has been disabled"): checked before `ACCOUNT_BLOCKED`.
pub(super) const RECIPIENT_ACCOUNT: &[&str] = &[
    "recipient account",
    "recipient's inbox",
    "compte du destinataire",
    "your message to",
    "tried to reach",
    "no longer on server",
    "inactive email",
    "disabled recipient",
    "doesn't have a",
    "not our user",
    "not our customer",
];

/// Words of a server in trouble (disk, configuration, loops): no kind says more than `unknown`,
/// and "too many" or "try again later" in them is not a sending limit.
pub(super) const SERVER_TROUBLE: &[&str] = &[
    "temporary system problem",
    "insufficient disk space",
    "insufficient system storage",
    "system config error",
    "internal system error",
    "internal error",
    "too many hops",
    "routing loop",
    "upstream error",
];

/// "Mailbox unavailable": a refused recipient at RCPT TO, but Yahoo and GMX say it after MAIL FROM
/// or DATA for a refused sender or message, where it explains nothing.
pub(super) const MAILBOX_UNAVAILABLE: &[&str] = &["mailbox unavailable"];

/// Words of a server asking the client to log in before it relays: more precise than "relay".
pub(super) const AUTHENTICATE_TO_RELAY: &[&str] = &[
    "turn on smtp authentication",
    "relay through this server without authentication",
    "without authentication",
];

/// Wording of a rejected login; a class-5 reply with these words is a credential problem.
pub(super) const BAD_LOGIN: &[&str] = &[
    "username and password not accepted",
    "invalid credentials",
    "credentials invalid",
    "credentials were incorrect",
    "incorrect credentials",
    "bad username",
    "bad password",
    "incorrect password",
    "incorrect username",
    "wrong password",
    "password incorrect",
    "invalid login",
    "invalid password",
    "login failed",
    "login fail",
    "login or password",
    "username or password",
    "user name or password",
    "username/password",
    "authentication failed",
    "authentication unsuccessful",
    "authentication failure",
    "auth failed",
    "authorization grant is invalid",
    "invalid user",
    "could not authenticate",
];
