//! The classification rules as data: one ordered table, the first matching row wins; the provider
//! code tables (`provider_codes::TABLES`) are its first rows, then `RULES` (stable phrases), then
//! the words client libraries write without a reply code (`library_rules::LIBRARY_RULES`), then
//! `CODE_RULES` (codes, stage and class).
//!
//! A row names the kind and any of: providers, stages, reply codes, reply classes, enhanced codes
//! (subject.detail) and stable phrases (any of them, matched in the lower-cased words of the
//! reply). Order encodes precedence: stable phrases first (they say what the code only hints
//! at), then enhanced codes, then code and stage, then the reply class at that stage.

use super::DiagnosisKind::*;
use super::evidence::Evidence;
use super::library_phrases::*;
use super::library_rules::LIBRARY_RULES;
use super::localised_phrases::*;
use super::phrases::*;
use super::policy_phrases::*;
use super::protocol_phrases::*;
use super::provider_codes;
pub(crate) use super::rule::Verdict;
use super::rule::{ANY, Rule, when};
use super::service_phrases::*;
use super::situation_advice::{self, COMMAND_OUT_OF_ORDER};
use super::tls_phrases::*;
use crate::providers::{AppPasswords, ProviderId};
use crate::smtp::Stage;

const MICROSOFT: &[ProviderId] = &[ProviderId::Microsoft365];
const GMAIL: &[ProviderId] = &[ProviderId::Gmail];

static RULES: &[Rule] = &[
    // Sender-domain authentication verdicts (SPF, DKIM, DMARC) at the receiving side.
    when(ConnectionRejected).enhanced(&[(7, 23), (7, 24), (7, 25), (7, 26)]),
    // RFC 7505: X.7.27 is "sender address has null MX", the sender's domain takes no mail back.
    when(SenderNotAllowed).enhanced(&[(7, 27)]),
    // STARTTLS on a session already under TLS, however it is worded: the wrong TLS mode.
    when(WrongTlsMode).near(TLS_NAMED, ALREADY_IN_PLACE),
    // A TLS handshake that failed after the server's "220 Ready to start TLS": the 220 (and the
    // EHLO's 250) in the log data are the go-ahead, not the error.
    when(TlsFailed).phrases(TLS_NEGOTIATION_FAILED),
    // The XOAUTH2 error challenge (a 334 where 235 was due), or a 334 quoted as the error at AUTH
    // whatever wrapper cut the words: the token was refused, the convention three readers settled.
    when(BadCredentials).phrases(XOAUTH2_ERROR_CHALLENGE),
    when(BadCredentials).stages(&[Stage::Auth]).codes(&[334]),
    // A success or intermediate reply quoted as the error: the client read it where another
    // reply was due (Swift Mailer's "Expected response code 354 but got code \"250\"",
    // Nodemailer's "Invalid greeting from server: 250 2.0.0 Ok: queued"), so client and server
    // are out of step (pipelining, a reused connection). A refusal read out of turn is judged
    // on its own words instead.
    when(ProtocolError).codes(&[220, 221, 235, 250, 251, 252, 334, 354]),
    // A client that found no STARTTLS to use: the server offers no TLS (JavaMail's "STARTTLS is
    // required but host does not support STARTTLS" names both, and the missing offer decides).
    when(InsecureServer).phrases(INSECURE_SERVER),
    when(InsecureServer).phrases(STARTTLS_NOT_ADVERTISED),
    when(InsecureServer).near(STARTTLS, NOT_ON_OFFER),
    // A client that would not authenticate without TLS (Go) or demanded TLS that was not offered
    // (gen_smtp); gen_smtp's missing `auth` is a server that offers no AUTH at all.
    when(InsecureServer).without_code().phrases(NO_TLS_TO_USE),
    when(InsecureServer)
        .without_code()
        .all(&[MISSING_REQUIREMENT, &["tls"]]),
    when(AuthMechanismUnsupported)
        .without_code()
        .all(&[MISSING_REQUIREMENT, &["auth"]]),
    // No TCP connection was ever made, so a number beside these words is the application's (an
    // HTTP 500 around Swift Mailer's exception), never a reply.
    // A name that did not resolve is the cause of whatever connect failure wraps it (Swift's
    // "Connection could not be established … php_network_getaddresses", JavaMail's
    // "Couldn't connect to host … UnknownHostException").
    when(DnsFailed)
        .without_code()
        .all(&[NEVER_CONNECTED, DNS_FAILED]),
    // The connect that "could not be established" was TLS refusing a plaintext reply: the wrong
    // TLS mode, not an unreachable host.
    when(WrongTlsMode).all(&[NEVER_CONNECTED, TLS_RECORD_VERSION]),
    // The same connect that failed in the TLS handshake (a certificate that failed verification,
    // symfony/symfony#46979): the handshake failed, not the TCP connect.
    when(TlsFailed).all(&[NEVER_CONNECTED, TLS_FAILED]),
    when(ConnectFailed).phrases(NEVER_CONNECTED),
    // Postfix's "connect to HOST[IP]:25: Operation timed out" (musl's ETIMEDOUT): the TCP connect
    // timed out, whatever deferral code the log line carries.
    when(ConnectFailed).all(&[CONNECT_TO, OPERATION_TIMED_OUT]),
    when(ConnectFailed)
        .codes(&[421])
        .phrases(PROXY_COULD_NOT_CONNECT),
    when(InsecureServer)
        .stages(&[Stage::Starttls])
        .codes(&[500, 502, 504]),
    when(InsecureServer)
        .stages(&[Stage::Starttls])
        .phrases(UNKNOWN_COMMAND),
    // The same words at AUTH (RFC 4954: a server without the extension, or the mechanism, answers
    // 500/502/504): no mechanism both sides support, not a broken protocol.
    when(AuthMechanismUnsupported)
        .stages(&[Stage::Auth])
        .phrases(UNKNOWN_COMMAND),
    // Anywhere else, RFC 5321's 500 with these words is a command the server did not understand
    // (Swift Mailer's RSET to a server without it, swiftmailer/swiftmailer#793).
    when(ProtocolError).codes(&[500]).phrases(UNKNOWN_COMMAND),
    // RFC 4954: 538 is "encryption required for requested authentication mechanism", whatever
    // words a server puts beside it (aiosmtpd's "538 Authentication required.").
    when(TlsRequired).codes(&[538]),
    // A bare HTTP 400 from the token request at the sign-in step: the request was malformed.
    when(OauthRequestInvalid)
        .stages(&[Stage::Auth])
        .phrases(TOKEN_REQUEST_BAD_REQUEST),
    // Stable phrases, most telling first.
    when(WrongTlsMode).phrases(TLS_ALREADY_ACTIVE),
    // Implicit TLS and STARTTLS both chosen, refused by the application's own settings check.
    when(WrongTlsMode).all(&[BOTH_TLS_MODES, AT_ONCE]),
    // RFC 3207's 454 is "TLS not available due to temporary reason", the server's own trouble; a
    // permanent refusal of STARTTLS in the same words is a server with no TLS to offer.
    when(InsecureServer)
        .with_code()
        .classes(&[5])
        .phrases(&["tls not available"]),
    // An application's SSL exception whose advice is to check the connection's security type
    // setting: the wrong TLS mode, as three readers settled (docs/labelling.md).
    when(WrongTlsMode).all(&[&["ssl exception"], &["connection security type"]]),
    when(TlsFailed).phrases(TLS_FAILED),
    when(TlsFailed).near(CERTIFICATE, ERROR),
    when(TlsRequired).phrases(TLS_REQUIRED),
    // RFC 4954's 538 in translation: encryption required for the requested mechanism.
    when(TlsRequired).near(ENCRYPTION, REQUIRED),
    when(SmtpAuthDisabled).phrases(SMTP_AUTH_DISABLED),
    // IMAP/SMTP switched off by the administrator, in any language: the switch, not the password.
    when(SmtpAuthDisabled).near(IMAP_SMTP, SWITCHED_OFF),
    when(OauthGrantRevoked).phrases(OAUTH_GRANT_REVOKED),
    when(OauthGrantRevoked).near(RENEW, FAILED_TO),
    when(OauthGrantRevoked).phrases(AUTHORISE_AGAIN),
    // An application's access token called invalid or expired (three readers: bad_credentials).
    when(BadCredentials).near(TOKEN, TOKEN_REFUSED),
    when(WrongTlsMode).phrases(TLS_HELLO_LOGGED),
    when(ProtocolError).phrases(PROTOCOL_VIOLATION),
    when(ProtocolError).phrases(TOO_MANY_BAD_COMMANDS),
    // A command out of order, however a server words it ("503 Error: send HELO/EHLO first", "502
    // Use HELO/EHLO first", "503 5.5.1 DATA without RCPT TO", "503 5.5.0 MAIL already given").
    when(ProtocolError)
        .phrases(OUT_OF_SEQUENCE)
        .advice(&COMMAND_OUT_OF_ORDER),
    when(ProtocolError).near(PIPELINING, NOT_PERMITTED),
    when(ProtocolError).phrases(COMMAND_SYNTAX),
    when(ProtocolError).phrases(MAIL_PARAMETER),
    when(ProtocolError)
        .codes(&[555])
        .phrases(UNSUPPORTED_OPTION),
    // "Malformed" or "invalid command" in a 500 or 501: a command line the server could not parse
    // (at MAIL FROM and RCPT TO a 501's words are about the address, read below).
    when(ProtocolError)
        .codes(&[500, 501])
        .outside(&[Stage::MailFrom, Stage::RcptTo])
        .phrases(MALFORMED_COMMAND),
    when(ProtocolError).phrases(UNEXPECTED_REPLY),
    // Words that at MAIL FROM or RCPT TO are about an address ("invalid domain name").
    when(ProtocolError)
        .outside(&[Stage::MailFrom, Stage::RcptTo])
        .phrases(EHLO_SYNTAX),
    when(ProtocolError).all(&[&["helo command rejected"], HELO_NOT_FQDN]),
    // An API key refused: the sending account's credential, whatever else the words name
    // ("Invalid sender API key").
    when(BadCredentials).all(&[API_KEY, KEY_REFUSED]),
    when(SenderNotAllowed).phrases(&["relaying disallowed as", "sender is not allowed to relay"]),
    when(SenderNotAllowed)
        .providers(&[ProviderId::Zoho])
        .phrases(&["relaying disallowed"]),
    when(NotAuthenticated).phrases(AUTHENTICATE_TO_RELAY),
    when(NotAuthenticated).near(RELAYING, LOGIN_ASKED),
    when(RelayDenied).phrases(RELAY_DENIED),
    when(RelayDenied).near(RELAYING, REFUSED),
    // A receiver throttling the client's IP for its reputation or for spam (Yahoo's [TSS04],
    // Outlook's 4.7.650/651, Gmail's 4.7.28 "unusual rate of unsolicited mail … rate limited"),
    // whatever the reply class or none: a refusal of the IP by policy, not the sender's own
    // quota, as three readers settled and a panel of three confirmed (docs/labelling.md).
    when(ConnectionRejected).phrases(REPUTATION_DEFERRAL),
    when(ConnectionRejected).all(&[&["rate limited"], &["unsolicited"]]),
    when(ConnectionRejected).phrases(REPUTATION_BLOCKED),
    // SPF told in words: a server the sender's domain did not authorise.
    when(ConnectionRejected).all(&[AUTHORISED_TO_SEND, ON_BEHALF]),
    when(ConnectionRejected).phrases(DOMAIN_AUTHENTICATION),
    // A failed sender-verification callout, refused at RCPT TO with the callout's words about a
    // missing user or domain: the sender is what failed (Exim's "Sender verify failed").
    when(RecipientRejected).phrases(RECIPIENT_VERIFICATION),
    when(SenderNotAllowed).phrases(SENDER_VERIFICATION),
    // A sender named on a blocklist outweighs the address code beside it ("550 5.1.1 … is
    // blacklisted"); after a failed verification callout, whose words list "blacklisted" among
    // the possible causes.
    when(ConnectionRejected).all(&[LISTED_PARTY, LISTED]),
    when(SenderNotAllowed).phrases(SENDING_DOMAIN_UNSET),
    when(SenderNotAllowed).all(&[DOMAIN_NAMED, NOT_VERIFIED]),
    // Mandrill's reject reason "unsigned": a From domain not yet verified to sign on the account.
    when(SenderNotAllowed).near(REJECT_REASON, UNSIGNED),
    when(RecipientRejected).phrases(RECIPIENT_ACCOUNT),
    // A recipient on the sending service's suppression list, whatever policy code is beside it.
    when(RecipientRejected).near(RECIPIENT_NAMED, SUPPRESSED),
    // Exchange's store driver failing for good while it delivers into the recipient's mailbox
    // ("STOREDRV.Deliver.Exception: … permanent exception"): the recipient's mailbox is what
    // failed, whatever the exception's name says of an account or a busy store (its submission
    // side, "STOREDRV.Submission", is the sender's).
    when(RecipientRejected).all(&[&["storedrv.deliver"], &["permanent exception"]]),
    when(AccountBlocked).phrases(ACCOUNT_BLOCKED),
    // An account held for review or verification, or refused access with support to contact.
    when(AccountBlocked).near(ACCOUNT_HELD, FOR_REVIEW),
    when(AccountBlocked).all(&[ACCESS_REFUSED, CONTACT_SUPPORT]),
    // Exchange Online answering the login itself with "550 5.2.1 Mailbox cannot be accessed": the
    // account's own mailbox is disabled or not provisioned (X.2.1 elsewhere is a recipient's).
    when(AccountBlocked)
        .stages(&[Stage::Auth])
        .phrases(&["mailbox cannot be accessed"]),
    when(AppPasswordRequired).phrases(APP_PASSWORD_REQUIRED),
    // Yahoo and AOL refuse the account password as "too many bad auth attempts": a login
    // failure, not a limit, whatever the words say.
    // The same count of attempts called invalid ("too many invalid logon attempts"): they failed for
    // the password; a count of attempts or failures with no such word stays a limit.
    when(BadCredentials).phrases(&[
        "#auth005",
        "bad auth attempts",
        "invalid logon attempts",
        "invalid login attempts",
    ]),
    when(AuthMechanismUnsupported).phrases(AUTH_MECHANISM_UNSUPPORTED),
    // No mechanism on offer, or the one asked for too weak, in translation.
    when(AuthMechanismUnsupported).near(AUTH_METHOD, NONE_ON_OFFER),
    when(AuthMechanismUnsupported).near(AUTH_METHOD, TOO_WEAK),
    when(AuthMechanismUnsupported).all(&[AUTH_METHOD_NAMED, METHOD_NOT_OFFERED]),
    when(AuthMechanismUnsupported).near(AUTH_KIND, NOT_OFFERED),
    // Postfix's "cannot authenticate to server …" with Cyrus SASL's generic reason ("generic
    // failure", "transient failure"): a login that failed, the convention three readers settled
    // (tarickb/sasl-xoauth2#102); its own cancelled exchange ("bad protocol / cancel") names no
    // refusal.
    when(BadCredentials).all(&[&["cannot authenticate to server"], SASL_GENERIC_FAILURE]),
    when(Unknown).all(&[&["cannot authenticate to server"], SASL_CLIENT_CANCEL]),
    // Exchange's "5.7.57 Client not authenticated" with the login failure it follows ("Error: 535
    // 5.7.3 Authentication unsuccessful"): the refused credentials are the cause.
    when(BadCredentials).all(&[&["not authenticated"], &["error: 535"]]),
    when(NotAuthenticated).phrases(NOT_AUTHENTICATED),
    // Exchange's "Send As" permission and a sender refused by name are precise whatever else the
    // reply holds (an IP address among them); an anonymous client's is a missing login (above).
    when(SenderNotAllowed).phrases(SEND_AS),
    when(Unknown).phrases(SERVER_TROUBLE),
    // A client's "wrong answer" with no code or cause (three readers: unknown), before the stage.
    when(Unknown).without_code().phrases(WRONG_ANSWER),
    // The receiving side's own virus scanner failing ("450 Error connecting to virus scanner",
    // haraka/Haraka#1701): its trouble, not the message's content.
    when(Unknown).all(&[SCANNER, SCANNER_FAILED]),
    // RFC 7504: 521 is a host that accepts no mail at all, 556 a recipient domain that does not
    // (RFC 7505's null MX); the code outweighs an enhanced code beside it.
    when(ConnectionRejected).codes(&[521]),
    when(RecipientRejected).codes(&[556]),
    // RFC 3463 X.3.5 "system incorrectly configured": the server's own trouble, whatever
    // command it refused ("Recipient address rejected: Server configuration problem").
    when(Unknown).enhanced(&[(3, 5)]),
    // X.2.2 "mailbox full" (RFC 3463) outweighs the words "quota exceeded", which a sending
    // limit shares.
    when(RecipientRejected).enhanced(&[(2, 2)]),
    when(RecipientRejected).phrases(MAILBOX_FULL),
    // A mailbox's quota, before the sending quotas that share the words "quota exceeded".
    when(RecipientRejected).all(&[MAILBOX_NAMED, QUOTA_EXCEEDED]),
    // A class-4 reply saying time ran out; a library's words without a code are read below.
    when(Timeout)
        .with_code()
        .classes(&[4])
        .phrases(&["timed out", "time out", "timeout"]),
    // A refused login stays one when the server adds that it is busy (Tencent's "535 Error:
    // authentication failed, system busy", often quoted without its code).
    when(BadCredentials)
        .stages(&[Stage::Auth])
        .classes(&[5])
        .all(&[BAD_LOGIN, &["busy"]]),
    // A message refused for its MIME structure ("550 MIME boundary length exceeded", "554 Failed:
    // Malformed MIME field"): its content, whatever "too many" (parts) the words also hold.
    when(ConnectionRejected)
        .classes(&[5])
        .phrases(MIME_STRUCTURE),
    when(RateLimited).phrases(RATE_LIMITED),
    when(RateLimited).phrases(SENDING_LIMIT_ELSEWHERE),
    when(RateLimited).all(&[THAI_SEND, THAI_MAXIMUM_REACHED]),
    when(RateLimited).all(&[EXTERNAL_RECIPIENTS, QUOTA_WORDS]),
    // "422 try again in 15 seconds": a wait measured in seconds is a rate, not an outage.
    when(RateLimited).all(&[&["try again in"], &["second"]]),
    // X.1.1 "bad destination mailbox address" outweighs an `?ip=` in a help link.
    when(RecipientRejected).enhanced(&[(1, 1)]),
    // Words about the client's IP or host name say more than "sender" in the same reply
    // ("servers without a valid sender domain … fix reverse DNS").
    when(ConnectionRejected).phrases(CLIENT_REPUTATION),
    when(ConnectionRejected).near(IP_NAMED, LISTED_IN),
    when(ConnectionRejected).near(IN_A_LIST, RBL),
    when(ConnectionRejected).near(ATTACHMENT, ATTACHMENT_REFUSED),
    // Greylisting asks for a retry later, whatever recipient words it borrows; after the client
    // reputation words ("451 4.7.1 IP Reputation Greylisted" is a refused client).
    when(RateLimited).phrases(GREYLISTED),
    // A policy service's deferral at RCPT that says only "service is unavailable (try later)":
    // greylisting in all but name, as three readers settled (docs/labelling.md).
    when(RateLimited)
        .stages(&[Stage::RcptTo])
        .all(&[&["service is unavailable"], &["try later"]]),
    // A sender the server does not host, refused for that: Exchange's "554 Mailbox is not local:
    // sender's SMTP address" (a server that takes mail only from its own mailboxes), Mail.ru's
    // "550 not local sender over smtp" (a From that is not the logged-in mailbox).
    when(SenderNotAllowed).all(&[&["not local"], &["sender"]]),
    when(SenderNotAllowed).phrases(SENDER_NOT_ALLOWED),
    when(SenderNotAllowed).near(SENDER_ADDRESS, NOT_ACCEPTED),
    when(SenderNotAllowed).near(MUST_MATCH, THE_LOGIN),
    when(RecipientRejected).phrases(RECIPIENT_REJECTED),
    // A recipient is refused at RCPT TO; "mailbox unavailable" at MAIL FROM or DATA (Yahoo's
    // after DATA) is about something else.
    // RFC 5321 §4.2.2: 450 "mailbox unavailable" is busy or blocked for now, so only the
    // permanent 550 says the recipient is refused.
    when(RecipientRejected)
        .outside(&[Stage::MailFrom, Stage::Data, Stage::Auth])
        .classes(&[5])
        .phrases(MAILBOX_UNAVAILABLE),
    when(RecipientRejected)
        .outside(&[Stage::MailFrom, Stage::Data, Stage::Auth])
        .classes(&[5])
        .near(MAILBOX, UNAVAILABLE),
    // A rejected login at a provider that never takes the account password for SMTP: the reply
    // does not say an app password is needed, so it stays a credentials failure, and the words
    // (`advice::compose`) add the app-password hint.
    when(BadCredentials)
        .app_passwords(AppPasswords::Always)
        .codes(&[535]),
    when(BadCredentials)
        .app_passwords(AppPasswords::Always)
        .enhanced(&[(7, 8)]),
    when(BadCredentials)
        .app_passwords(AppPasswords::Always)
        .stages(&[Stage::Auth])
        .classes(&[5])
        .phrases(BAD_LOGIN),
    when(BadCredentials).classes(&[5]).phrases(BAD_LOGIN),
    when(ConnectionRejected)
        .classes(&[5])
        .phrases(CONTENT_POLICY),
    // A permanent refusal that says only "blocked" ("550 Blocked", "550 Email blocked by …",
    // https://www.emailquestions.com/threads/smtp-550-blocked-why-is-my-email-blocked-with-an-error-message.8845/,
    // https://bobcares.com/blog/550-email-blocked/): a receiver's block on the sending server,
    // after every row whose words name what was blocked.
    when(ConnectionRejected).classes(&[5]).phrases(&["blocked"]),
];

/// The rows read after the words of client libraries (`library_rules::LIBRARY_RULES`): enhanced
/// codes, then reply codes and stage, then the reply class at that stage.
static CODE_RULES: &[Rule] = &[
    // Enhanced codes whose meaning is stable (RFC 3463, RFC 4954, provider lists).
    when(AppPasswordRequired)
        .providers(GMAIL)
        .enhanced(&[(7, 9)])
        .advice(&situation_advice::GMAIL_APP_PASSWORD),
    when(AccountBlocked)
        .providers(GMAIL)
        .enhanced(&[(7, 14)])
        .advice(&situation_advice::GMAIL_WEB_LOGIN),
    when(AccountBlocked).providers(MICROSOFT).enhanced(&[
        (7, 501),
        (7, 502),
        (7, 503),
        (7, 504),
        (7, 505),
        (7, 506),
        (7, 511),
        (7, 705),
        (7, 750),
    ]),
    when(ConnectionRejected).providers(MICROSOFT).enhanced(&[
        (7, 708),
        (7, 606),
        (7, 607),
        (7, 608),
    ]),
    when(BadCredentials)
        .providers(MICROSOFT)
        .enhanced(&[(7, 139), (7, 3)]),
    // Exchange Online's 4.4.316 "Connection refused [Message=Socket error code 10061]": it could not
    // open a TCP connection to the receiving server.
    when(ConnectFailed).enhanced(&[(4, 316)]),
    // RFC 3463's X.4.1 "No answer from host": the outbound connection attempt was not answered
    // (Postfix's "dsn=4.4.1, status=deferred (connect to …: Connection refused)"). Only as a
    // transient status: Exchange Online's 550 5.4.1 is a recipient refused.
    when(ConnectFailed).classes(&[4]).enhanced(&[(4, 1)]),
    when(SmtpAuthDisabled).enhanced(&[(7, 30)]),
    when(NotAuthenticated).enhanced(&[(7, 57)]),
    when(SenderNotAllowed).enhanced(&[(7, 60), (2, 252)]),
    when(RelayDenied).enhanced(&[(7, 54), (7, 64)]),
    when(TlsRequired).enhanced(&[(7, 11), (7, 10)]),
    // X.7.9 is "mechanism too weak" only as a reply to AUTH (RFC 4954); elsewhere it is a policy.
    when(AuthMechanismUnsupported)
        .stages(&[Stage::Auth])
        .enhanced(&[(7, 9)]),
    when(AuthMechanismUnsupported)
        .codes(&[534])
        .enhanced(&[(7, 9)]),
    when(AuthMechanismUnsupported).enhanced(&[(7, 4)]),
    when(AccountBlocked).enhanced(&[(7, 13)]),
    when(RateLimited).enhanced(&[(4, 5), (7, 28)]),
    // X.4.2 "bad connection" and X.4.7 "delivery time expired", when the words say time ran out.
    when(Timeout)
        .enhanced(&[(4, 2), (4, 7)])
        .phrases(&["timeout", "timed out", "time expired"]),
    when(BadCredentials).enhanced(&[(7, 8)]),
    when(SenderNotAllowed)
        .stages(&[Stage::MailFrom])
        .enhanced(&[(1, ANY), (7, 1)]),
    // RFC 3463: X.1.7 and X.1.8 are the sender's address; the other address details and the
    // mailbox subject (X.2) are the recipient's.
    when(SenderNotAllowed).enhanced(&[(1, 7), (1, 8)]),
    // X.1.4 and X.1.5 name the destination address too, and X.4.4 "unable to route" a recipient
    // domain that does not resolve.
    when(RecipientRejected).enhanced(&[
        (1, 1),
        (1, 2),
        (1, 3),
        (1, 4),
        (1, 5),
        (1, 6),
        (1, 10),
        (2, 1),
        (2, 2),
        (4, 4),
    ]),
    // Codes at a stage. RFC 5321 §4.2.2: 501 is a syntax error in the command's parameters and
    // 553 a mailbox name not allowed: after MAIL FROM both are about the sender's address, after
    // EHLO the 501 is about the client's host name.
    when(SenderNotAllowed)
        .stages(&[Stage::MailFrom])
        .codes(&[501, 553]),
    // After RCPT TO the 501 is about the recipient's address (QQ's "501 Bad address syntax").
    when(RecipientRejected)
        .stages(&[Stage::RcptTo])
        .codes(&[501]),
    when(ConnectionRejected)
        .stages(&[Stage::Ehlo])
        .codes(&[501]),
    when(AuthMechanismUnsupported)
        .stages(&[Stage::Auth])
        .codes(&[500, 502, 504, 534]),
    when(TlsRequired).stages(&[Stage::Auth]).codes(&[530]),
    // RFC 5321's 503 "bad sequence of commands" with RFC 3463's X.5.1 "invalid command", in a
    // server's own words (erisemail's "503 5.5.1 Error: send HELO/EHLO first",
    // uplusware/erisemail#1): a command out of order, whatever the words.
    when(ProtocolError)
        .codes(&[503])
        .enhanced(&[(5, 1)])
        .advice(&COMMAND_OUT_OF_ORDER),
    when(Unknown).codes(&[500, 501, 502, 503, 504, 555]),
    when(BadCredentials).codes(&[535]),
    when(NotAuthenticated).codes(&[530]),
    when(RateLimited)
        .codes(&[421])
        .phrases(&["try again later"]),
    // The reply class at a stage.
    // A refusal needs a reply: a library's words without a code at the greeting are not one.
    when(ConnectionRejected)
        .with_code()
        .stages(&[Stage::Greeting, Stage::Ehlo])
        .classes(&[4, 5]),
    when(TlsFailed)
        .stages(&[Stage::Starttls, Stage::Tls])
        .classes(&[4, 5]),
    when(BadCredentials).stages(&[Stage::Auth]).classes(&[5]),
    when(RecipientRejected)
        .stages(&[Stage::RcptTo])
        .codes(&[450, 452]),
    when(RecipientRejected)
        .stages(&[Stage::RcptTo])
        .classes(&[5]),
    when(ConnectionRejected)
        .stages(&[Stage::Data])
        .classes(&[5])
        .enhanced(&[(7, ANY)]),
    // A failure while connecting that no words above explain, with no reply: the connection is
    // what failed, as a refusal at AUTH is judged a refused login (an application's own
    // "CONNECTION_FAILED", "Port not allowed", "Conection Fail").
    when(ConnectFailed).without_code().stages(&[Stage::Connect]),
];

/// The first rule that matches, the provider code tables' rows first, or `unknown`.
pub(crate) fn classify(
    evidence: &Evidence,
    stage: Option<Stage>,
    provider: Option<ProviderId>,
) -> Verdict {
    rows()
        .find(|rule| rule.matches(evidence, stage, provider))
        .map_or_else(Verdict::unknown, |rule| rule.verdict(evidence))
}

/// Every row in the order it is read: the provider code tables, `RULES`, `LIBRARY_RULES`,
/// `CODE_RULES`.
fn rows() -> impl Iterator<Item = &'static Rule> {
    provider_codes::TABLES
        .iter()
        .flat_map(|table| table.iter())
        .chain(RULES)
        .chain(LIBRARY_RULES)
        .chain(CODE_RULES)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnosis::evidence::is_canonical;

    #[test]
    fn every_phrase_is_spelled_as_the_evidence_is() {
        for phrase in rows().flat_map(Rule::written) {
            assert!(is_canonical(phrase), "{phrase:?} can never match");
        }
    }
}
