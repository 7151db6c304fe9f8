//! The rows for the words client libraries and sending services' SDKs write without a reply code,
//! read after the stable phrases of `rules::RULES` and before the codes of `rules::CODE_RULES`.
//!
//! The runtime's exception or errno names the failure, the step it names (connect, read) the
//! stage; an SDK's exception or an HTTP API's answer names the credential it was given (or not
//! given) and what became of it. Split from `rules` by where the words come from; the order of
//! the rows, here as there, decides precedence (most telling first).

use super::DiagnosisKind::*;
use super::library_phrases::*;
use super::localised_phrases::*;
use super::rule::{Rule, when};
use super::service_phrases::*;
use super::situation_advice::CREDENTIALS_MISSING;
use super::tls_phrases::*;

pub(super) static LIBRARY_RULES: &[Rule] = &[
    // A sending service's SDK or HTTP API calling the credential it was given wrong ("Your
    // credentials are invalid", Mailgun's PHP SDK; "Permission denied, wrong credentials",
    // SendGrid's API): the login itself was refused.
    when(BadCredentials)
        .without_code()
        .near(CREDENTIALS_NAMED, CALLED_WRONG),
    // A credential never sent: no API key, token or credentials given at all ("A valid API token
    // must be provided.", Postmark's Node client; Nodemailer's `Missing credentials for "PLAIN"`),
    // not_authenticated as three readers settled; before the HTTP 401 its API answers with.
    when(NotAuthenticated)
        .without_code()
        .near(CREDENTIAL_TO_SEND, NOT_SUPPLIED)
        .advice(&CREDENTIALS_MISSING),
    when(NotAuthenticated)
        .without_code()
        .near(&["authentication"], NOT_IN_THE_HEADERS)
        .advice(&CREDENTIALS_MISSING),
    // An SDK raising its API's HTTP 401 as the error itself ("{ Error: Unauthorized … code: 401",
    // SendGrid's Node client): the key it was given was refused.
    when(BadCredentials)
        .without_code()
        .near(UNAUTHORIZED, AS_THE_ERROR),
    when(BadCredentials)
        .without_code()
        .phrases(HTTP_UNAUTHORIZED),
    when(DnsFailed).without_code().phrases(DNS_FAILED),
    // A host that could not be found, in any language ("Host „%s” nie został znaleziony").
    when(DnsFailed).without_code().near(HOST, NOT_FOUND),
    when(DnsFailed)
        .without_code()
        .near(HOST_LOOKUP, LOOKUP_FAILED),
    // Outlook's German "Der Host '…' wurde nicht gefunden" (0x800CCC0D, "the host … could not be
    // found"; https://blog.silverpc.hu/2025/08/29/e-mail-fehler-ox800cccod-wie-sie-das-problem-der-host-smpt-wurde-nicht-gefunden-im-handumdrehen-losen).
    when(DnsFailed)
        .without_code()
        .all(&[&["der host"], &["nicht gefunden"]]),
    when(WrongTlsMode).without_code().phrases(WRONG_TLS_MODE),
    // A plaintext socket to the implicit-TLS port hears nothing: the server waits for a TLS hello
    // (JavaMail's "port 465, isSSL false" then "Read timed out"; PHP's `tcp://…:465` timing out),
    // or JavaMail reads end of stream where the greeting should be (`response: -1`, Jakarta
    // Mail's `response: [EOF]`, Keyfactor/ejbca-ce#70).
    when(WrongTlsMode)
        .without_code()
        .all(&[IMPLICIT_TLS_PORT, PLAINTEXT_SOCKET, NOTHING_HEARD]),
    when(WrongTlsMode)
        .without_code()
        .all(&[IMPLICIT_TLS_PORT, &["response: -1", "response: [eof]"]]),
    // The converse: an implicit-TLS socket (PHP's `ssl://` or `tls://`) to the STARTTLS port 587,
    // whose handshake fails with no errno; a refused or timed-out connect names its errno instead.
    when(WrongTlsMode)
        .without_code()
        .all(&[IMPLICIT_TLS_SOCKET, SUBMISSION_PORT, NO_ERRNO]),
    when(NotSmtp).without_code().phrases(OTHER_PROTOCOL),
    // POP3's "+OK" greeting in any words, with the protocol named ("+OK Welcome to … POP3 Server",
    // "+OK … Cyrus POP3 v2.4.16 server ready", jstedfast/MailKit#156); its version may read as a code.
    when(NotSmtp).all(&[&["+ok "], &["pop3"]]),
    // Refused or unroutable (ECONNREFUSED, 111, 10061, EHOSTUNREACH): only a connect fails so.
    when(ConnectFailed).without_code().phrases(CONNECT_REFUSED),
    // A read on an open connection that timed out is later in the session, whatever connect
    // words wrap it (.NET's WinSock 10060 text after "Unable to read data").
    when(Timeout).without_code().phrases(READ_TIMEOUT),
    // Reset, closed or end of file mid-session (ECONNRESET, 10054, EPIPE, EOF), and replies
    // that break SMTP's grammar.
    when(TlsFailed).without_code().phrases(TLS_EOF),
    // smtplib's words for a socket it never opened or no longer has, before its class name among
    // the mid-session words: the connection is what failed (a panel of three readers).
    when(ConnectFailed).without_code().phrases(NOT_CONNECTED),
    when(ProtocolError).without_code().phrases(SESSION_CLOSED),
    when(ProtocolError).without_code().near(CONNECTION, LOST),
    when(ProtocolError).without_code().phrases(PROTOCOL_ERROR),
    when(ProtocolError)
        .without_code()
        .near(SERVER_REPLY, INVALID),
    when(ProtocolError).without_code().phrases(GREETING_FAILED),
    // A greeting that was not the 220 the client waited for (three readers: protocol_error).
    when(ProtocolError)
        .without_code()
        .all(&[WELCOME, GREETING_CODE]),
    // A connect attempt named as one, its timeout included (`connect ETIMEDOUT`, errno 110,
    // WinSock 10060, `Net::OpenTimeout`, `dial tcp`): after the mid-session words, which it may
    // wrap ("Could not connect to SMTP host … Connection reset").
    when(ConnectFailed).without_code().phrases(CONNECT_FAILED),
    // The application's own check calling the host or port wrong: nothing answered there.
    when(ConnectFailed)
        .without_code()
        .near(WRONG, SERVER_OR_PORT),
    // A Python timeout raised in the socket's connect (its frame kept by `wrappers`).
    when(ConnectFailed)
        .without_code()
        .all(&[CONNECT_FRAME, NOTHING_HEARD]),
    when(ConnectFailed)
        .without_code()
        .all(&[CONNECT_STEP, &["connection timeout"]]),
    when(ConnectFailed)
        .without_code()
        .all(&[VERBINDUNG, HERSTELLEN]),
    // An application's own "Cannot Connect to <service>", without a reply it would wrap.
    when(ConnectFailed)
        .without_code()
        .phrases(&["cannot connect to"]),
    // A timeout that names the connect as its step, in any language ("Timeout (%d seconds)
    // connecting to %s"): the connect timed out, the convention for a timeout while connecting.
    when(ConnectFailed)
        .without_code()
        .near(TIME_RAN_OUT, CONNECTING),
    // Turkish puts the step last, after the host ("Zaman aşımı (%d saniye) %s sunucusuna
    // bağlanırken"), too far for `near`.
    when(ConnectFailed)
        .without_code()
        .all(&[&["zaman aşım"], &["bağlanırken"]]),
    // A timeout that names no step.
    when(Timeout).without_code().phrases(TIMEOUT),
    when(Timeout).without_code().phrases(TIME_RAN_OUT),
    when(TlsFailed)
        .without_code()
        .phrases(CLIENT_TLS_ERROR)
        .words(TLS_WORDS),
];

#[cfg(test)]
mod tests {
    use super::super::DiagnosisKind::{self, *};
    use super::super::evidence::Evidence;
    use super::super::rules::classify;

    fn kind(reply: &str) -> DiagnosisKind {
        classify(&Evidence::read(reply), None, None).kind
    }

    #[test]
    fn a_credential_called_wrong_was_refused_and_one_never_given_was_never_sent() {
        assert_eq!(
            kind("The credentials you supplied are wrong"),
            BadCredentials
        );
        assert_eq!(
            kind("Client error: no API token was given to the client"),
            NotAuthenticated
        );
        assert_eq!(kind("SendError: Unauthorized (status 401)"), BadCredentials);
    }

    #[test]
    fn an_access_token_an_application_holds_is_not_a_credential_never_sent() {
        assert_ne!(
            kind("No cached access token is left for this mailbox"),
            NotAuthenticated
        );
    }
}
