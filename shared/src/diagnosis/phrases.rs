//! The stable phrases the rules look for, one list per situation, in lower case.
//!
//! A phrase is a few words a server keeps across versions and hosts; any one of a list
//! matching the reply's lower-cased words is enough. Lists are named after the kind they
//! point to; where a kind has several lists, their order in `rules` decides precedence.

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
    // "551 not our customer": a domain the server does not take mail for, so it will not pass it
    // on (a panel of three readers).
    "not our customer",
    "retransmission denied",
    "relay access denied",
    "relaying denied",
    "relay denied",
    "relay not permitted",
    "relay is not permitted",
    "relaying is not permitted",
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
    "not a gateway",
    "not local host",
    // A Japanese ISP's "Relay operation rejected" (POP before SMTP not done) and Virgilio's "550
    // Relay Disabled" (https://aiuto.virgilio.it/articolo/mail/messaggi-di-errore-piu-frequenti-dopo-invio-email/).
    "relay operation rejected",
    "relay disabled",
    // The same refusal as Microsoft's localized help quotes it inside Outlook's dialog
    // (support.microsoft.com fr, de, it, pt-pt, pt-br: "Relais refusé", "Relay verweigert",
    // "Inoltro negato", "Reencaminhamento Recusado", "Retransmissão Negada").
    "relais refusé",
    "relay verweigert",
    "inoltro negato",
    "reencaminhamento recusado",
    "retransmissão negada",
    // Swedish ("Vidarebefordran nekad", support.microsoft.com sv-se) and the article's
    // retranslations ("Weiterleitung verweigert", "Forwarding Denied").
    "vidarebefordran nekad",
    "weiterleitung verweigert",
    "forwarding denied",
];

/// Relaying named, and refused, in words the list above does not hold, a few words apart in
/// either order ("Relaying is denied", "I do not allow unauthorized relaying", "Relay is not
/// allowed", "does not allow relaying"): a `near` row reads the two lists together.
pub(super) const RELAYING: &[&str] = &["relaying", "relay"];
pub(super) const REFUSED: &[&str] = &[
    "denied",
    "not allowed",
    "do not allow",
    "does not allow",
    "not permitted",
    "prohibited",
    "refused",
    "unauthorized",
    "unauthorised",
    "forbidden",
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
    // A sending service blocking the sender it found abusing it ("[ABUSE] Sender blocked: spam or
    // abuse detected", https://jetemail.com/docs/outbound/smtp-error-codes/).
    "abuse detected",
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
    // cPanel's Exim suspending a domain's or user's outgoing mail for bulk mail or spam ("Domain
    // abc.com has an outgoing mail suspension. Message discarded."); its lighter "outgoing mail
    // hold" is a sending limit.
    "outgoing mail suspension",
    "outgoing mail suspended",
    // Exchange Online's 5.7.705 (and its 5.7.700-749 range) as its words say it: "Access denied,
    // tenant has exceeded threshold", the whole organisation blocked from sending after spam or
    // bulk mail, whatever provider the reply is pasted under.
    "tenant has exceeded threshold",
    "sending blocked",
    "unusual sending",
    "sending paused",
    "sending suspended",
    // A sending service pausing the account or its domain ("Sending from this domain is paused").
    "is paused",
    "been paused",
    "are paused",
    "temporarily locked",
    "account has been temporarily",
    "has been suspended",
    "was suspended",
    "been suspended",
    "temporarily suspended",
    "suspended for",
    "continue sending",
    "sign in to your account",
    "log in to your account",
    "login to your account",
    "activate your",
    "not yet activated",
    "not activated",
    "request activation",
    "connect to webmail",
    // Gmail's IMAP and SMTP challenge of a sign-in it holds back until the account's owner signs in
    // on the web: "* NO [WEBALERT https://accounts.google.com/…] Web login required."
    // (smiley22/S22.Imap#116, pmengal/MailSystem.NET#17, MailCore/mailcore2#876).
    "[webalert",
    "web login required",
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
    // QQ's "Login Fail. Please enter your authorization code", cut short by clients.
    "enter your authorization",
    "enter your authorisation",
    // QQ's help page on logging in with the authorisation code, linked when the words are garbled.
    "no=1001256",
    "授权码",
    "专用密码",
    // FairEmail's "this provider requires an app password instead of the account password" in
    // Japanese, Spanish and Dutch.
    "アプリパスワード",
    "contraseña de aplicación",
    "app-wachtwoord",
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
    // emailjs: none of its mechanisms is among the server's ("no form of authorization supported").
    "no form of authorization",
    "no form of authorisation",
    "no form of authentication",
    // Python's smtplib when the server offers no AUTH it can use (often before STARTTLS):
    // "SMTPException: No suitable authentication method found" (langgenius/dify#11734,
    // mmarodin/icinga2-plugins#11, YelpArchive/elastalert#854).
    "no suitable authentication",
    // Cyrus SASL in a client (Postfix relaying to a smarthost) with no mechanism module the server
    // offers: "SASL authentication failure: No worthy mechs found" (debops/ansible-postfix#47).
    "no worthy mechs",
    // Swift Mailer's AuthHandler when none of its authenticators is among the mechanisms the
    // server's EHLO offers: "Failed to authenticate on SMTP server with username \"…\" using 0
    // possible authenticators" (kanboard/kanboard#345, freescout-help-desk/freescout#4391).
    "using 0 possible authenticators",
    // Exim's smtp transport with `hosts_require_auth`, a server whose EHLO lists no AUTH ("…
    // but server did not advertise AUTH support") or none it is configured for ("… but no
    // common mechanisms were found"): whatever "authentication required" beside them says.
    "not advertise auth",
    "no common mechanism",
    // Mutt's "No authenticators available": none of the server's mechanisms is one it can use.
    "no authenticators",
    // A client's own words for a server whose EHLO lacks AUTH or the mechanism it was set to
    // (go-mail's "server does not support SMTP AUTH type: XOAUTH2").
    // A server that does not speak ESMTP has no AUTH (Twisted's "Server does not support ESMTP
    // Authentication", zope.sendmail's "Mailhost does not support ESMTP but a username is
    // configured").
    "not support esmtp",
    "esmtp not supported",
    "no auth mechanism",
    "does not support smtp auth",
    "does not support auth",
];

/// An OAuth grant the provider expired or revoked, in an application's or Google's words:
/// "invalid_grant: Token has been expired or revoked" (klenwell/pinprick#4), EmailJS's "Gmail_API:
/// Invalid grant. Please reconnect your Gmail account" (emailjs-com/emailjs-sdk#62), apps'
/// "Authorization has expired. Reauthorize the account."
pub(super) const OAUTH_GRANT_REVOKED: &[&str] = &[
    "invalid_grant",
    "invalid grant",
    "token has been expired or revoked",
    "authorization has expired",
    "reauthorize the account",
    // Warmbly's "Please re-authorize your email account" once Google revoked the grant
    // (warmbly/warmbly#281); "账号授权已失效…重新授权", "the account's authorization has expired,
    // authorize again" (ZeroPointSix/outlookEmailPlus#155).
    "re-authorize your",
    "reauthorize your",
    "授权已失效",
    "授权过期",
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
    "anonymous client",
    "anonymous user",
    "anonymous sender",
    "anonymous access",
    // The same demand in other words: Postfix's "503 5.5.4 Error: send AUTH command first",
    // submission servers' "SMTP AUTH is required for message submission".
    "auth command first",
    "auth is required",
    "authentication first",
    // Tencent Exmail's "503 Error: need EHLO and AUTH first !".
    "auth first",
    "authentication must",
    "authentication is needed",
    "must use authentication",
    "requires smtp auth",
    // A device's own words for MAIL FROM refused: "SMTP server may require authentication".
    "require authentication",
    // Google's APIs answering a request that carried no token at all ("Request is missing
    // required authentication credential", googleapis/google-api-dotnet-client#1667).
    "missing required authentication credential",
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
    "user does not have",
    "recipient error",
    "bad recipient",
    "recipient invalid",
    "recipient is invalid",
    "not a valid recipient",
    "unknown recipient",
    "recipient does not exist",
    "does not accept mail",
    "does not receive email",
    "null mx",
    "nullmx",
    "unroutable",
    "no such domain",
    "not in route list",
    // Postfix refusing DATA when it accepted no RCPT TO ("554 5.5.1 Error: no valid recipients",
    // NNTmux/newznab-tmux#1088): every recipient was refused before it.
    "no valid recipients",
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
    "does not have a",
    "not our user",
    "marked as inactive",
    "inactive recipient",
    "inactive address",
    // cPanel's Exim for a recipient it cannot verify ("… may be blacklisted" is a guess).
    "account or domain may not exist",
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
    "server configuration problem",
    "system incorrectly configured",
    "queue file write error",
];

/// A virus scanner named beside words of its failure: the receiving server's antivirus broke.
pub(super) const SCANNER: &[&str] = &["virus scanner", "virus-scanner"];
pub(super) const SCANNER_FAILED: &[&str] = &["problem", "error", "fail"];

/// "Mailbox unavailable": a refused recipient at RCPT TO, but Yahoo and GMX say it after MAIL FROM
/// or DATA for a refused sender or message, where it explains nothing.
pub(super) const MAILBOX_UNAVAILABLE: &[&str] = &["mailbox unavailable"];

/// A login asked for in so many words, read beside a relay refusal (`near`): "Relaying denied.
/// Proper authentication required." (Sendmail's wording), Exim's "relay not permitted,
/// authentication required", "Relaying not allowed. Please use SMTP Authentication": the server
/// would pass the mail on after a login, as labelling.md's row for "authentication required" at
/// RCPT says.
pub(super) const LOGIN_ASKED: &[&str] = &[
    "authentication required",
    "authentication is required",
    "use smtp authentication",
    "must authenticate",
];

/// Words of a server asking the client to log in before it relays: more precise than "relay".
pub(super) const AUTHENTICATE_TO_RELAY: &[&str] = &[
    "turn on smtp authentication",
    "relay through this server without authentication",
    "without authentication",
    "check your mail with a valid pop",
    "first check your mail",
    "pop before smtp",
    "pop-before-smtp",
    // "Relaying Denied: Authenticate with POP first": a POP-before-SMTP host asking for the login
    // it takes as leave to relay.
    "authenticate with pop",
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
    // The same refusal in the words of localized clients (PHPMailer's language files: German,
    // French, Spanish, Portuguese, Japanese, Russian, Dutch, Italian).
    "authentifizierung fehlgeschlagen",
    "échec de l'authentification",
    "imposible autentificar",
    "possível autenticar",
    "認証できません",
    "ошибка авторизации",
    "authenticatie mislukt",
    "impossibile autenticarsi",
];
