//! The words client libraries write when there was no reply to quote, one list per kind, in
//! lower case.
//!
//! A library that could not resolve the host, connect or read a reply says so in its own words
//! (`getaddrinfo ENOTFOUND`, `ECONNREFUSED`, "the server sent an invalid reply"); its words for
//! a TLS that failed or a wrong TLS mode are in `tls_phrases`. The rules read them only in text
//! that carries no reply code, so a server's words are never taken for a library's.
//!
//! Transport failures are named by the runtime's exception class or errno and by the step it was
//! in. The kind follows from both (the corpus's convention): a TCP connect that is refused, cannot
//! be routed or times out is `connect_failed`; a read that times out later in the session is
//! `timeout`; a connection reset, closed or at end of file mid-session is `protocol_error`; and a
//! plaintext connection to the implicit-TLS port 465 that hears nothing is `wrong_tls_mode`.

pub(super) const DNS_FAILED: &[&str] = &[
    "enotfound",
    "getaddrinfo",
    "gaierror",
    "name or service not known",
    "no such host",
    "could not resolve",
    "could not be resolved",
    "unknownhostexception",
    "nodename nor servname",
    "name resolution",
    "eai_again",
    "eai_noname",
    "nxdomain",
    "unknown host",
    "no address associated",
    "lookup address",
    "dns error",
    "dns lookup failed",
    // Runtimes' own resolver errors: Go's "dial tcp: lookup HOST: i/o timeout", PHP's
    // "php_network_getaddresses: gethostbyname failed", Node's c-ares "queryA EREFUSED" (code
    // 'EDNS'), getaddrinfo's EAI_FAIL/EAI_NODATA.
    "dial tcp: lookup",
    "php_network_getaddresses",
    "gethostbyname",
    "querya",
    "erefused",
    "'edns'",
    "eai_fail",
    "eai_nodata",
    // Postfix: "Host or domain name not found. Name service error for name=…".
    "host or domain name not found",
    "name service error",
    // Exim: "R=dnslookup defer (-1): host lookup did not complete".
    "host lookup did not complete",
    "host lookup failed",
    "unknownhost",
    // WinSock 11001 (WSAHOST_NOT_FOUND) as Python and apps print it: "[Errno 11001] getaddrinfo
    // failed", "Netzwerkfehler [Error 11001]", "Error occurred: 11001,Host not found".
    // getaddrinfo's EAI_AGAIN as Python prints it: "[Errno -3] Temporary failure in name
    // resolution" (glibc), "[Errno -3] Try again" (musl, home-assistant/core#112258).
    "[errno -3]",
    "errno 11001",
    "error 11001",
    "11001,host not found",
    // The resolver's h_errno HOST_NOT_FOUND and TRY_AGAIN as Asio (and the C++ clients on it)
    // words them: "Host not found (authoritative)", "Host not found (non-authoritative), try again
    // later".
    "host not found (",
];

/// The implicit-TLS submission port as libraries print it (`:465`, `port 465`, JavaMail's
/// `port: 465` and `smtp.gmail.com, 465;`).
pub(super) const IMPLICIT_TLS_PORT: &[&str] = &[":465", "port 465", "port: 465", ", 465;"];

/// A socket opened without TLS: JavaMail's `isSSL false`, PHP's `tcp://` stream.
pub(super) const PLAINTEXT_SOCKET: &[&str] = &["isssl false", "tcp://"];

/// Nothing heard back: a read that timed out, or JavaMail's `response: -1` (end of stream where
/// the greeting should be).
pub(super) const NOTHING_HEARD: &[&str] = &["timed out", "timeout", "response: -1"];

/// Words that mean no TCP connection was ever made (Swift Mailer's and Symfony's "Connection could
/// not be established with host", .NET's `WebException` "Unable to connect to the remote
/// server"): whatever number stands beside them is the application's (an HTTP 500), not a reply.
pub(super) const NEVER_CONNECTED: &[&str] = &[
    "connection could not be established with host",
    "unable to connect to the remote server",
    // qmail's "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)"; Postfix's queue
    // note "(delivery temporarily suspended: connect to …)": the suspension is the queue's.
    "able to establish an smtp connection",
    "service refused the connection",
    "suspended: connect to",
];

/// A local SMTP proxy (an antivirus mail shield, a gateway) answering for a server it could not
/// reach, in its own 421: "421 Cannot connect to SMTP server 74.125.68.27 (74.125.68.27:25),
/// connect error 10060" (badoux/checkmail#4). The WinSock error is the proxy's connect.
pub(super) const PROXY_COULD_NOT_CONNECT: &[&str] = &[
    "cannot connect to smtp server",
    "connect error 10060",
    "connect error 10061",
];

/// A connect refused or not routable, by errno name, number (Linux 111, 113; WinSock 10061,
/// 10065, 10051) or message: only a connect fails this way. EACCES on connect ("Permission
/// denied #13") is a local firewall or SELinux refusing the outbound port.
pub(super) const CONNECT_REFUSED: &[&str] = &[
    "econnrefused",
    "connection refused",
    // Error constants (libetpan's `MAILSMTP_ERROR_CONNECTION_REFUSED`, curl's
    // `CURLE_COULDNT_CONNECT`).
    "connection_refused",
    "couldnt_connect",
    "actively refused",
    "#111]",
    "(111)",
    "errno 111",
    " 10061",
    "(10061",
    "ehostunreach",
    "enetunreach",
    "unreachable",
    "no route to host",
    "errno 113",
    " 10065",
    "(10065",
    " 10051",
    "(10051",
    "eaddrnotavail",
    "cannot assign requested address",
    // EAFNOSUPPORT (Linux 97, WinSock 10047): a socket for an address family the host lacks (an
    // IPv6 address on a host without IPv6, as smtplib tries each address DNS gives:
    // cisagov/trustymail#115, rpm-software-management/dnf#2138): no connection could be opened.
    "address family not supported",
    "eafnosupport",
    "errno 97]",
    "(97, 'address family",
    "(permission denied)",
    "permission denied #13",
];

/// The frames of Python's socket connect (`socket.create_connection`, smtplib's `_get_socket`),
/// kept from a traceback that ends in one (`wrappers`): a timeout raised there is a connect that
/// never completed ("timeout: timed out" under `create_connection`, ccrisan/motionpie#266's kin,
/// motioneye-project/motioneyeos#323), the settled convention for a timeout while connecting.
pub(super) const CONNECT_FRAME: &[&str] = &["in create_connection", "in _get_socket"];

/// A read that timed out on an open connection: Java's `SocketTimeoutException: Read timed out`,
/// .NET's "Unable to read data from the transport connection" over WinSock 10060, Ruby's
/// `Net::ReadTimeout`.
pub(super) const READ_TIMEOUT: &[&str] = &[
    // Python's smtplib closes on any read error and names it: "Connection unexpectedly closed:
    // timed out" is a read that timed out, not a server closing the connection.
    "closed: timed out",
    "read operation timed out",
    "read timed out",
    "read timeout",
    "readtimeout",
    "unable to read data from the transport connection: a connection attempt failed",
    "timed out waiting for",
    // A socket timeout on Linux surfaces as EAGAIN: Rust's "Resource temporarily unavailable (os
    // error 11)", `kind: WouldBlock` (lettre in Vaultwarden, dani-garcia/vaultwarden#1277).
    "(os error 11)",
    "kind: wouldblock",
    "timeout waiting for",
];

/// Python's `SMTPServerDisconnected` when a command finds no socket at all: "please run connect()
/// first" (the connect failed or was never made) and "Server not connected"; camel's "Cannot send
/// message: service not connected" (Spanish "servicio no conectado", Japanese
/// "サービスが接続されていません").
pub(super) const NOT_CONNECTED: &[&str] = &[
    "please run connect() first",
    "not connected",
    "no conectado",
    "接続されていません",
];

/// The server closed or reset a connection mid-session: ECONNRESET (Linux 104, WinSock 10054
/// "forcibly closed"), EPIPE, ECONNABORTED (10053), end of file (Ruby's `EOFError`, Go's `EOF`,
/// Java's `-1`), Python's `SMTPServerDisconnected` ("Connection unexpectedly closed").
pub(super) const SESSION_CLOSED: &[&str] = &[
    "unexpectedly closed",
    "closed unexpectedly",
    "unexpected socket close",
    "unexpectedly disconnected",
    "disconnected unexpectedly",
    "unexpected disconnect",
    "smtpserverdisconnected",
    "lost in the middle",
    "connection lost",
    // Postfix: "lost connection with HOST while receiving the initial server greeting".
    "lost connection with",
    // End of file: Go's bare `EOF` (Grafana's `error=EOF`), Ruby's `EOFError`, "unexpected eof".
    "eof",
    "end of file",
    "econnreset",
    "connection reset",
    "forcibly closed",
    " 10054",
    "(10054",
    "errno 104",
    "broken pipe",
    "epipe",
    "econnaborted",
    "connection aborted",
    " 10053",
    "(10053",
    "unexpectedly terminated",
    "terminated the connection",
    "unable to read response",
    "response is empty",
    // .NET's resource name for a closed socket ("Unable to read data from the transport
    // connection: net_io_connectionclosed.").
    "net_io_connectionclosed",
    "connection was closed",
    "connection was aborted",
    "connection closed by foreign host",
    "connection closed by remote host",
];

/// A server that answered, but not in SMTP's grammar.
pub(super) const PROTOCOL_ERROR: &[&str] = &[
    "invalid reply",
    "empty reply",
    "invalid response",
    "malformed reply",
    "malformed response",
    // Exim's smtp transport: "Malformed SMTP reply (an empty line) in response to …".
    "malformed smtp reply",
    "malformed smtp response",
    // Mutt's "Invalid server response": a line without a three-digit code where a reply was due.
    "invalid server response",
    "unexpected reply",
    "ex_protocol",
    // Symfony and Swift Mailer reading nothing where a reply should be ("Expected response code
    // 220 but got an empty response", `but got code "", with message ""`).
    "empty response",
    "got code \"\"",
    // A reply the client could not read as SMTP, called invalid, bad or unparseable ("Unparseable
    // SMTP reply"; the seventeenth round's family of a client's "invalid/bad SMTP response").
    "invalid smtp response",
    "invalid smtp reply",
    "bad smtp response",
    "bad smtp reply",
    "unparseable",
    // Ruby's net/smtp raises `Net::SMTPSyntaxError` for a 50x reply (a command or its arguments
    // the server could not parse); quoted without the reply, or with a reply whose code it hides
    // ("Net::SMTPSyntaxError: 500 Command not implemented", hotsh/rstat.us#795), the class says it.
    "smtpsyntaxerror",
];

/// A connect attempt that failed or timed out, named as a connect: `connect ETIMEDOUT`,
/// Java's `connect timed out` and `MailConnectException`, Ruby's `Net::OpenTimeout` (and a
/// timeout inside net/smtp's `tcp_socket`), Go's `dial tcp`, errno 110's "Connection timed out",
/// WinSock 10060's "A connection attempt failed", PHP's stream and PHPMailer connect errors.
pub(super) const CONNECT_FAILED: &[&str] = &[
    "could not connect",
    "connect() failed",
    "connect etimedout",
    "connect timed out",
    "connect timeout",
    "connection timed out",
    "#110]",
    "(110)",
    "errno 110",
    " 10060",
    "(10060",
    "connection attempt failed",
    "could not be established",
    "unable to connect",
    "failed to connect",
    // A connection the client could not establish, in its own words ("Unable to establish a
    // connection with the SMTP server", trustedsec/social-engineer-toolkit#948), and a client's
    // "error connecting to" the server.
    "unable to establish",
    "could not establish",
    "failed to establish",
    "error connecting to",
    // SOGo's "Cannot send message: error when connecting to the SMTP server" (mailcow/mailcow#912),
    // node-sendmail's "can not connect to any SMTP server" (guileen/node-sendmail#63).
    "cannot connect",
    // "can not connect", and the contraction as OpenSupports says it ("Can't connect to SMTP
    // server.", opensupports/opensupports#488), which the evidence writes out as "cannot".
    "can not connect",
    "error when connecting",
    "could not open socket",
    "opentimeout",
    "dial tcp",
    "tcp_socket",
    "connectexception",
    // Node's error object for a connect() system call that failed (`syscall: 'connect'`).
    "syscall: 'connect'",
    // A client naming the host and port it could not reach ("SMTP server not available at
    // smtp-relay.brevo.com:2525").
    "server not available at",
    // Localized clients' "could not connect to the SMTP host" (PHPMailer's language files).
    "impossible de se connecter",
    "imposible conectar",
    "possível conectar",
    "接続できません",
    "не удается подключиться",
    // An application's own "could not connect" with no lower-level error, the convention three
    // readers settled: "SMTP Connect Failed ()", its lower-level error empty
    // (sapplica/sentrifugo#119), and PHPMailer's "SMTP connect() failed" in its language files:
    // French ("Echec de la connexion SMTP", libertempo/web#155; "La fonction SMTP connect() a
    // échouée"), Portuguese ("SMTP Connect() falhou."), Indonesian ("SMTP Connect() gagal.",
    // PHPMailer/PHPMailer#1205), German ("SMTP-Verbindung fehlgeschlagen.") and Chinese
    // ("SMTP连接失败", PHPMailer/PHPMailer#1096).
    "connect failed ()",
    "echec de la connexion smtp",
    "échec de la connexion smtp",
    "connect() a échoué",
    "connect() falhou",
    "connect() gagal",
    "smtp-verbindung fehlgeschlagen",
    "smtp连接失败",
    // Roundcube's (PEAR Net_SMTP's) "Connection failed" with code -1: no reply was ever read
    // (roundcube/roundcubemail#9872).
    "connection failed: (code: -1)",
];

/// A sending service's HTTP API refusing the key it was given, as its client library words the
/// 401: Symfony Mailer's "Unable to send an email: … (code 401).", python_http_client's "HTTP
/// Error 401: Unauthorized" (sendgrid/sendgrid-python#946), Mailjet's "Error 401 // Unauthorized
/// You have specified an incorrect Api Key" (mailjet/mailjet-apiv3-php-no-composer#1): the API
/// key is the credential, and it was refused.
pub(super) const HTTP_UNAUTHORIZED: &[&str] = &[
    "(code 401)",
    "error 401",
    "401 unauthorized",
    "401: unauthorized",
    "incorrect api key",
    "invalid api key",
];

/// Nodemailer's name for its connect step (`command: 'CONN'`), as logs print it; with its
/// "Connection timeout" it is the connect that timed out, not a later read.
pub(super) const CONNECT_STEP: &[&str] = &[
    "command: 'conn'",
    "command: conn",
    "\"command\": \"conn\"",
    "\"command\":\"conn\"",
];

/// German "connection … could not be made" (PHPMailer's "Konnte keine Verbindung zum SMTP-Host
/// herstellen"): both words, in either tense.
pub(super) const VERBINDUNG: &[&str] = &["verbindung"];
pub(super) const HERSTELLEN: &[&str] = &["herstellen", "hergestellt"];

/// The other protocols' greetings: a web server, SSH, or an IMAP or POP3 server on the port
/// ("short response: * OK [CAPABILITY IMAP4rev1 …", "+OK Dovecot ready").
pub(super) const OTHER_PROTOCOL: &[&str] = &[
    "http/1.",
    "ssh-2.0",
    "ssh-1.99",
    "imap4rev1",
    "* ok [capability",
    "* ok imap",
    "+ok pop",
    "+ok dovecot",
    "pop3 server ready",
];

/// Cyrus SASL's generic reasons (`sasl_errstring`: SASL_FAIL, SASL_TRYAGAIN), as Postfix quotes
/// them after "cannot authenticate to server": a login that failed, naming no cause.
pub(super) const SASL_GENERIC_FAILURE: &[&str] = &["generic failure", "transient failure"];

/// Cyrus SASL's SASL_BADPROT, the client's own exchange cancelled: no login was refused.
pub(super) const SASL_CLIENT_CANCEL: &[&str] = &["bad protocol / cancel"];

/// A SASL exchange answered with another `334` where `235` was due: the XOAUTH2 error challenge
/// (base64 of `{"status":"400",…}`, "eyJzdGF0dXMi…", dart-lang/pub-dev#6128), as PHPMailer
/// words it ("SMTP ERROR: AUTH command failed: 334", PHPMailer/PHPMailer#890): the token was
/// refused.
pub(super) const XOAUTH2_ERROR_CHALLENGE: &[&str] = &["auth command failed: 334", "eyjzdgf0dxmi"];

/// A bare HTTP 400 from the token request as Python's urllib words it ("HTTPError: HTTP Error
/// 400: Bad Request", google/gmail-oauth2-tools#29, dolfim/django-gmailapi-backend#13): at the
/// sign-in step, the token request was refused as malformed.
pub(super) const TOKEN_REQUEST_BAD_REQUEST: &[&str] = &["http error 400: bad request"];

/// Go's `net/smtp` refusing to send the password because the server offered no STARTTLS.
pub(super) const NO_TLS_TO_USE: &[&str] = &["unencrypted connection"];

/// gen_smtp's `{missing_requirement, Host, tls | auth}`: the server did not offer what the
/// options demanded; the third word says which.
pub(super) const MISSING_REQUIREMENT: &[&str] = &["missing_requirement"];

pub(super) const TIMEOUT: &[&str] = &[
    "timed out",
    "timeout",
    "etimedout",
    "time out",
    "execution expired",
    // Nodemailer's greeting timeout: a wrong TLS mode is one cause among others (a filtered port,
    // a slow server), and the timeout's advice names it.
    "greeting never received",
    "no greeting",
    // A server that was reached and then never answered ("Timeout (30 secs) waiting for server
    // response", swaks in grafana/smtprelay#288): the client's words for no reply.
    "not responding",
    "no response from",
];

/// Postfix's smtp client naming the connect it tried ("connect to HOST[IP]:25: …").
pub(super) const CONNECT_TO: &[&str] = &["connect to "];

/// ETIMEDOUT as musl (Alpine containers) and the BSDs word it, where glibc says "Connection
/// timed out": after Postfix's "connect to" it is the connect that timed out.
pub(super) const OPERATION_TIMED_OUT: &[&str] = &["operation timed out"];

/// A client that could not read the server's reply in SMTP's grammar, in its own words (Delta
/// Chat's "Unexpected greeting" for Exim's multi-line `220-` banner).
pub(super) const UNEXPECTED_REPLY: &[&str] = &["unexpected greeting"];

/// The STARTTLS submission port as PHP prints it after the host.
pub(super) const SUBMISSION_PORT: &[&str] = &[":587"];

/// PHP's stream error when the TLS handshake failed rather than the TCP connect: no errno,
/// "unable to connect to ssl://host:587 (Unknown error)".
pub(super) const NO_ERRNO: &[&str] = &["(unknown error)"];

/// A client library naming its own authentication method the server does not offer (dart
/// mailer's "The server does not support LOGIN authentication method", dart-mailer/mailer#239),
/// read with `METHOD_NOT_OFFERED`. The method may be named by its mechanism (`AUTH LOGIN`,
/// `AUTH PLAIN`) or as a protocol, and the refusal worded as not supported, not accepted or not
/// available: a mechanism the two sides do not share, never a password (the seventeenth round).
pub(super) const AUTH_METHOD_NAMED: &[&str] = &[
    "authentication method",
    "auth method",
    "authentication protocol",
    "auth login",
    "auth plain",
];
pub(super) const METHOD_NOT_OFFERED: &[&str] = &[
    "does not support",
    "is unavailable",
    "not supported by the server",
    "not accepted by the server",
    "not accepted from",
    "not available",
    "none of the supported",
];
