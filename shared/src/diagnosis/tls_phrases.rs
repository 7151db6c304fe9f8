//! The words of TLS, one list per situation, in lower case: a handshake or certificate that
//! failed, STARTTLS on a session already secure, TLS wanted before a command, a server with no TLS
//! to offer, and the two sides speaking TLS and plaintext at each other (the wrong TLS mode).
//!
//! Servers' phrases and client libraries' own words (which the rules read only without a reply
//! code) alike, split from `phrases` and `library_phrases` so that one file holds TLS; matched
//! like them, any one of a list in the reply's lower-cased words.

pub(super) const TLS_FAILED: &[&str] = &[
    "tls not available",
    "tls negotiation failed",
    "tls handshake failed",
    "starttls failed",
    "cannot start tls",
    "tls 1.0 and 1.1 are not supported",
    "tls1.2 is required",
    "tls 1.2 is required",
    // The server's own certificate is unusable ("421 4.7.1 SSL certificate error").
    "ssl certificate error",
    "certificate error",
    // The client refused the server's certificate, or the server ended the handshake with an
    // alert: a failed handshake, whatever connect words wrap it (JavaMail's "Could not connect to
    // SMTP host … PKIX path building failed", "… Received fatal alert: internal_error").
    "pkix path",
    "valid certification path",
    "certificate verify failed",
    "certificate_verify_failed",
    "received fatal alert",
    // Node's own words for a certificate it refused (`DEPTH_ZERO_SELF_SIGNED_CERT`,
    // `UNABLE_TO_VERIFY_LEAF_SIGNATURE`, `CERT_HAS_EXPIRED`), whatever connect step or "Failed to
    // connect to SMTP" wraps them (the nineteenth round): the handshake failed, not the connect.
    "self signed certificate",
    "self-signed certificate",
    "unable to verify the first certificate",
    "certificate has expired",
    "unable to get local issuer certificate",
    // .NET's SslStream names its handshake "authentication": "Authentication failed because the
    // remote party has closed the transport stream" (or "… sent a TLS alert") is no SMTP login.
    "authentication failed because the remote party",
    // Java's "No appropriate protocol (protocol is disabled or cipher suites are
    // inappropriate)": no TLS version both sides allow.
    "no appropriate protocol",
    // A reset while the handshake after STARTTLS runs: PHP's "stream_socket_enable_crypto(): SSL:
    // Connection reset by peer" (PHPMailer/PHPMailer#1649, swiftmailer/swiftmailer#1103), Go's
    // "StartTLS: read tcp …: connection reset by peer". A reset mid-session stays a protocol error.
    "ssl: connection reset",
    "starttls: read tcp",
];

/// STARTTLS sent on a session that is already TLS (implicit TLS on 465, then STARTTLS): Postfix's
/// "454 Command not permitted when TLS active", others' "TLS already active".
pub(super) const TLS_ALREADY_ACTIVE: &[&str] = &[
    "when tls active",
    "tls already active",
    "tls is already active",
    "already running in tls",
    "already in tls",
    "tls already started",
];

/// The same STARTTLS on a session already under TLS, told as TLS (or a TLS session) and a word
/// that it is in place, in either order and with words between: vSMTP's "554 5.5.1 Error: TLS
/// already active", Mailpit's "503 5.5.1 Bad sequence of commands (TLS already in use)", a session
/// "already negotiated" or "already agreed". Read before the STARTTLS stage's codes and TLS
/// failure words, whatever code comes with it: the client asked for TLS twice.
pub(super) const TLS_NAMED: &[&str] = &["tls"];

pub(super) const ALREADY_IN_PLACE: &[&str] = &[
    "already active",
    "already in use",
    "already negotiated",
    "already agreed",
    "already running",
    "already started",
    "already enabled",
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

pub(super) const INSECURE_SERVER: &[&str] = &[
    // STARTTLS sent where the server offered none: "503 STARTTLS command used when not advertised".
    "starttls command used when not advertised",
    "starttls extension not supported",
    "server does not support starttls",
    "starttls not supported",
    "starttls is not supported",
    "does not support starttls",
    "does not accept the starttls",
    "starttls not offered",
    "starttls is not offered",
    "not advertise starttls",
    "does not advertise that feature",
    "does not support the starttls",
    // Postfix with `smtp_tls_security_level = encrypt`: "TLS is required, but was not offered by host".
    "was not offered by host",
    // A client requiring TLS of a server whose EHLO offered none: Twisted's "Server does not
    // support secure communication via TLS / SSL".
    "does not support secure communication",
    "does not support tls",
    "but was not offered",
    // knadh/smtppool (listmonk) when the EHLO list has no STARTTLS: "SMTP STARTTLS extension not
    // found".
    "starttls extension not found",
    // A client or gateway that must use STARTTLS where the server's EHLO offered none, in its own
    // words: Vert.x's "STARTTLS required but not supported by server".
    "starttls required but not supported",
    // A client required to use TLS whose server's EHLO offered none, in its own words: Exim's
    // `hosts_require_tls` ("a TLS session is required, but the server did not offer TLS
    // support"), "server does not offer STARTTLS".
    "did not offer tls",
    // curl when the server refuses STARTTLS that was required ("STARTTLS denied, code %d",
    // CURLE_USE_SSL_FAILED: "Requested SSL level failed"), and msmtp's Russian "the server does
    // not support TLS via the STARTTLS command".
    "starttls denied",
    "ssl level failed",
    "не поддерживает tls",
    "não suporta tls",
    "not offer starttls",
    // The server's own "454 TLS not supported" to STARTTLS, a delivery log's "STARTTLS command
    // not supported" (Cisco ESA) and libetpan's `MAILSMTP_ERROR_STARTTLS_NOT_SUPPORTED`
    // (docker-mailserver/docker-mailserver#2359): no TLS on offer, the convention three readers
    // settled (`docs/labelling.md`), not a handshake that failed.
    "tls not supported",
    "starttls command not supported",
    "starttls_not_supported",
];

pub(super) const WRONG_TLS_MODE: &[&str] = &[
    // rustls (lettre, Deno) reading a plaintext greeting as a TLS record: "received corrupt
    // message of type InvalidContentType"; Haskell tls: "invalid header type: 50" (the '2' of 220).
    "received corrupt message",
    "corruptmessage",
    "invalidcontenttype",
    "invalid header type",
    // Erlang's ssl (gen_smtp, Swoosh): "{unsupported_record_type, 50}" is the '2' of a plaintext
    // "220"; older releases said "In state hello received UNDEFINED ALERT".
    "unsupported_record_type",
    // mbedTLS (ESP32's WiFiClientSecure): "SSL - An invalid SSL record was received".
    "invalid ssl record",
    "received undefined alert",
    "wrong version number",
    "unexpected packet format",
    "wrong_version_number",
    "unknown protocol",
    "packet length too long",
    "http request",
    "before secure tls connection was established",
    "does not look like a tls handshake",
    "unrecognized ssl message",
    // Android's Conscrypt: the first bytes read are not a TLS record header.
    "unable to parse tls packet header",
    "plaintext connection",
    "reserved for plain-text connections",
    "on the ssl port",
    "securesocketoptions.starttls",
];

pub(super) const CLIENT_TLS_ERROR: &[&str] = &[
    "certificate",
    "self signed",
    "self-signed",
    "handshake",
    "altnames",
];

/// "ssl" and "tls" alone in a client library's words, read as words (`Rule::words`): a host
/// name that holds them (`ssl0.ovh.net`, `tls.example.com`) says nothing of TLS.
pub(super) const TLS_WORDS: &[&str] = &["ssl", "tls"];

/// Swift Mailer's and Symfony Mailer's words when the handshake after "220 Ready to start TLS"
/// fails (`stream_socket_enable_crypto` returned false), and Zend Framework's (zend-mail, Laminas,
/// Zend_Mail) for the same: the TLS negotiation is what failed, whatever success replies the log
/// data quotes before it.
pub(super) const TLS_NEGOTIATION_FAILED: &[&str] = &[
    "unable to connect with tls encryption",
    "unable to connect via tls",
];

/// Go clients that require TLS (Alertmanager, SigNoz) finding no STARTTLS in the EHLO reply:
/// "'require_tls' is true (default) but \"host:25\" does not advertise the STARTTLS extension".
pub(super) const STARTTLS_NOT_ADVERTISED: &[&str] = &["not advertise the starttls extension"];

/// STARTTLS named beside words that say the server's EHLO did not offer it, a few words apart in
/// either order (a `near` row): "STARTTLS … not offered", "not advertised", "not supported by
/// server".
pub(super) const STARTTLS: &[&str] = &["starttls"];
/// Not on offer, in translation too: camel's "STARTTLS stöds inte", "Não há suporte a STARTTLS",
/// msmtp's "servern stöder inte TLS via kommandot STARTTLS", and Portuguese's "não suporta"
/// (Claws Mail's "Libetpan não suporta …").
pub(super) const NOT_ON_OFFER: &[&str] = &[
    "not advertised",
    "not offered",
    "not supported by server",
    "stöds inte",
    "stöder inte",
    "não há suporte",
    "não suport",
];

/// PHP's stream schemes that start TLS with the first byte (`ssl://`, `tls://`), as fsockopen and
/// stream_socket_client print them.
pub(super) const IMPLICIT_TLS_SOCKET: &[&str] = &["ssl://", "tls://"];

/// OpenSSL reading a plaintext reply as a TLS record, the words a PHP connect that never
/// completed quotes (Swift Mailer's and Symfony's "Connection could not be established with host
/// … wrong version number", pterodactyl/panel#2348, symfony/symfony#34846): implicit TLS to a
/// STARTTLS port.
pub(super) const TLS_RECORD_VERSION: &[&str] = &["wrong version number", "wrong_version_number"];

/// Python's `ssl.SSLEOFError` ("[SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of
/// protocol", kootenpv/yagmail#281, jertel/elastalert2#1625): the peer closed the connection
/// inside the TLS layer, so the handshake failed, not the SMTP dialogue.
pub(super) const TLS_EOF: &[&str] = &[
    "unexpected_eof_while_reading",
    "eof occurred in violation of protocol",
];

/// A TLS handshake record where SMTP's first command was due, as a plaintext server logs the
/// unprintable input in octal: `\026` (0x16, handshake) then `\003` (the TLS major version), in
/// Exim's "SMTP protocol synchronization error (input sent without waiting for greeting)" and
/// Postfix's "improper command pipelining after CONNECT" (msimerson/mail-dmarc#189,
/// fail2ban/fail2ban#3793): a client speaking implicit TLS to a plaintext port, not a client out
/// of step.
pub(super) const TLS_HELLO_LOGGED: &[&str] = &["\\026\\003"];
