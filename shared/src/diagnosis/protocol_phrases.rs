//! The phrases of a client speaking SMTP wrongly, one list per situation, in lower case: commands
//! out of order, malformed command lines and arguments, a MAIL parameter the server does not
//! accept, a HELO/EHLO that is no domain, and commands the server does not know.
//!
//! Split from `phrases` by meaning: these say the conversation broke, not that a login, TLS or a
//! sender was refused. As there, any phrase of a list matching the reply's lower-cased words is
//! enough, and the order of the rows in `rules` decides precedence.

/// Words of a client that broke the protocol (pipelining, bare line feeds, bad syntax).
pub(super) const PROTOCOL_VIOLATION: &[&str] = &[
    "protocol violation",
    "bare lf",
    "bare <lf>",
    // The same line endings told from the other side: lines (or a header) not terminated by CRLF,
    // a lone CR or LF (SparkPost's Momentum: "550 5.6.0 Lone CR or LF in body", "Header not
    // terminated by CR LF"; RFC 5321 §2.3.8).
    "terminated by crlf",
    "terminated by cr lf",
    "lone cr or lf",
    "pipelining not allowed",
    "no commands allowed to pipeline",
    "synchronization error",
    // Commands sent out of turn or not understood: "550 esmtp: protocol deviation", qmail's "You
    // talk too soon" (pipelining before the greeting), RFC 5321's 500 "Syntax error, command
    // unrecognized" (.NET and Perl bounces quote it bare).
    "protocol deviation",
    "talk too soon",
    "command unrecognized",
    // Pipelining the server did not allow: Postfix's "Improper use of SMTP command pipelining",
    // OpenSMTPD's "500 Pipelining not supported".
    "command pipelining",
    "pipelining not supported",
    // An AUTH argument the server could not decode: Gmail's "501 5.5.2 Cannot Decode response"
    // to a malformed XOAUTH2 string (nfo/gmail_xoauth#17, ccrusius/auth-source-xoauth2#5),
    // "501 #5.5.4 Cannot decode AUTH parameter" (pentestgeek/phishing-frenzy#366), Exchange's
    // "501 5.7.3 Cannot decode arguments".
    "cannot decode",
    // RFC 5321's 501 "Syntax error in parameters or arguments" and servers' own words for a
    // malformed MAIL FROM or RCPT TO argument (Apache James's "Was expecting MAIL arg syntax of
    // FROM:<address>", hMailServer's "Syntax should be MAIL FROM:<mailbox@domain>"): the command
    // is broken, the address was never judged.
    "syntax error in parameters",
    "arg syntax of",
    "syntax should be",
    // A command without its argument, answered with the usage line RFC 821-era servers print
    // (Postfix's "501 5.5.4 Syntax: AUTH mechanism", Python's smtpd "501 Syntax: HELO
    // hostname"): the command is broken, nothing was judged.
    "syntax: helo",
    "syntax: ehlo",
    "syntax: auth",
];

/// A HELO/EHLO whose argument is missing or not a domain at all, or a client that spoke before
/// the greeting: a broken command, not a name refused by policy ("Invalid HELO name" stays a
/// refused connection; Postfix's "Helo command rejected: need fully-qualified hostname" is
/// `HELO_NOT_FQDN`, read at any stage).
/// OpenSMTPD's "501 5.5.4 Invalid command arguments: Invalid domain name" to an empty HELO
/// (OpenSMTPD/OpenSMTPD#1054), Gmail's "501 5.5.4 Empty HELO/EHLO argument not allowed"
/// (ietf-tools/datatracker#10244), Outlook.com's "501 5.5.4 Invalid domain name", "501 HELO Invalid
/// domain address" (round 4), "550 5.5.1 Command received before SMTP greeting"
/// (customeros/mailsherpa#11).
/// Postfix's `reject_non_fqdn_helo_hostname` ("504 5.5.2 <name>: Helo command rejected: need
/// fully-qualified hostname"), which Postfix applies at RCPT TO: the HELO argument is no domain, a
/// malformed EHLO argument whatever command it is refused at (a panel of three readers).
pub(super) const HELO_NOT_FQDN: &[&str] = &[
    "need fully-qualified hostname",
    "need fully qualified hostname",
];

pub(super) const EHLO_SYNTAX: &[&str] = &[
    "invalid command arguments",
    "empty helo",
    "invalid domain name",
    "invalid domain address",
    "before smtp greeting",
    // Gmail's "501-5.5.4 HELO/EHLO argument \"…\" invalid, closing connection" (an IDE's version
    // string or a wildcard as the name, PHPMailer/PHPMailer#1011, #1258). Exim's "501
    // Syntactically invalid HELO argument(s)" stays a refused connection (tune convention).
    "helo/ehlo argument",
];

/// A server that does not know the STARTTLS command (RFC 5321 §4.2.4: 500/502 for an unknown or
/// unimplemented command): at the STARTTLS stage it means the server offers no TLS at all.
pub(super) const UNKNOWN_COMMAND: &[&str] = &[
    "unrecognized command",
    "unrecognised command",
    "command unrecognized",
    "command not recognized",
    "unknown command",
    "command not implemented",
    "not implemented",
    // OpenSMTPD's "503 5.5.1 Invalid command: Command not supported" to AUTH on a listener that
    // offers none (lukevella/rallly#46); "Unknown or unimplemented command".
    "command not supported",
    "unimplemented command",
];

/// A server dropping a client after too many commands it refused or did not recognise
/// (smtp-server's "421 Error: too many unrecognized commands", Postfix's "too many errors"): the
/// client speaks the protocol wrongly, so "too many" here is no sending limit.
pub(super) const TOO_MANY_BAD_COMMANDS: &[&str] = &[
    "unrecognized commands",
    "unrecognised commands",
    "bad commands",
    "invalid commands",
];

/// A command sent before the one it needs, or given twice: RFC 5321's 503 "bad sequence of
/// commands" and servers' own words for it, read with `situation_advice::COMMAND_OUT_OF_ORDER`
/// (look for the earlier refusal the application carried on after). Momentum's "503 5.5.1 DATA without RCPT TO", "503 RCPT TO without MAIL
/// FROM" and "550 5.5.1 RFC2821 HELO/EHLO needed" (SparkPost's reply list), Dovecot's "503 5.5.0
/// MAIL already given" (a second MAIL inside a transaction, as Exim's "sender already given"),
/// "… before RCPT" (a RCPT out of turn; the eighteenth round's family), and a command before the
/// greeting ("503 Error: send HELO/EHLO first", "502 Use HELO/EHLO first", "503 EHLO/HELO first
/// please"). A refusal wrapped around one is judged by these words, not by its 550.
pub(super) const OUT_OF_SEQUENCE: &[&str] = &[
    // RFC 5321's 503 "Bad sequence of commands" and its kin "Improper sequence of commands": MAIL
    // before EHLO, DATA where no RCPT was taken (smtp-cli's "MAIL FROM … failed: '503 bad sequence
    // of commands'", Swift Mailer's "Expected response code 354 but got code \"503\"",
    // swiftmailer/swiftmailer#966, deanproxy/eMail#45).
    "sequence of commands",
    // Postfix's 503 "Error: nested MAIL command": a MAIL sent while a transaction is still open
    // (a pooled connection never reset after a refused RCPT, letsencrypt/boulder#3191,
    // PHPMailer/PHPMailer#125).
    "nested mail command",
    // The same second MAIL FROM in other servers' words: sendmail's and SES's "503 Sender already
    // specified", SendGrid's "503 Only one sender per message, please" (knadh/listmonk#1192, #606).
    "sender already specified",
    "only one sender per message",
    // Other commands out of sequence in Postfix's words: "503 5.5.1 Error: need MAIL command" (RCPT
    // or DATA before any MAIL FROM), "503 5.5.1 Error: already authenticated" (a second AUTH).
    "need mail command",
    "already authenticated",
    // qmail-smtpd's "503 MAIL first (#5.5.1)", "503 RCPT first (#5.5.1)"; Exchange's "Need rcpt
    // command" and Gmail's "Need MAIL before RCPT" (swiftmailer/swiftmailer#1181,
    // jdleo/SMS-BOMBER#2); Exim's "503 sender not yet given" and "503 RCPT command expected" (a
    // RCPT after a refused MAIL FROM, a DATA after every RCPT was refused: node_mailer#31).
    "mail first",
    "rcpt first",
    "need rcpt",
    "need mail before rcpt",
    "not yet given",
    "command expected",
    "without rcpt",
    "without mail from",
    "helo/ehlo needed",
    "already given",
    "before rcpt",
    "helo first",
    "ehlo first",
    // Momentum's "501 5.5.1 MAIL FROM already established" (SparkPost's list of its replies): a
    // command given twice, like Dovecot's "MAIL already given".
    "already established",
    "already issued",
    // A command given a second time that the session allows once: "503 but you already said
    // HELO" (jstedfast/MailKit#33; Haraka's "503 You already said HELO", haraka/Haraka#376), and
    // AUTH after a successful AUTH, which RFC 4954 §4 refuses with 503 ("no more AUTH commands may
    // be issued in the same session", hmailserver/hmailserver#438): a refusal of any other or
    // another AUTH command, or of a change of the identity already taken.
    "already said",
    "other auth command",
    "another auth command",
    "identity change",
    // A command (Postfix's AUTH) sent while a mail transaction is open: "503 5.5.1 Error: MAIL
    // transaction in progress" (smtpd_sasl_proto.c).
    "transaction in progress",
    "during mail transaction",
];

/// A command line or argument the server could not parse, in its own words: Postfix's "500 5.5.2
/// Error: bad syntax" (lua-resty-smtp#23), "501 5.5.4 Error: Bad NOTIFY parameter syntax" to a
/// RCPT TO parameter (OpenSMTPD/OpenSMTPD#499), and a usage line for MAIL or RCPT ("Syntax: RCPT
/// TO:<address>", "required syntax"). The command is broken, the address was never judged.
pub(super) const COMMAND_SYNTAX: &[&str] = &[
    "bad syntax",
    "parameter syntax",
    "syntax: mail",
    "syntax: rcpt",
    "required syntax",
];

/// A MAIL FROM parameter the server does not accept (RFC 5321's 555 "MAIL FROM/RCPT TO parameters
/// not recognized or not implemented"; RFC 6152's `BODY=`): go-smtp's "500 5.5.4 Unknown BODY
/// value" (emersion/go-smtp#255), Exchange's "554 5.6.1 Body type not supported by Remote Host"
/// to a relay's `BODY=8BITMIME` (juanluisbaptiste/docker-postfix#124), a client's own "invalid
/// BODY". The command's argument is wrong, no sender or message was judged.
pub(super) const MAIL_PARAMETER: &[&str] = &[
    "invalid body",
    "unknown body",
    "body type not supported",
    "parameters not recognized",
];

/// Postfix's words for a parameter it does not know, read only with RFC 5321's 555 ("555 5.5.4
/// Unsupported option: …", Marak/node_mailer#8): without the code (a mail client's dialog quoting
/// only "Unsupported option: <…>") they name no command, and the reply stays unknown.
pub(super) const UNSUPPORTED_OPTION: &[&str] = &["unsupported option"];

/// A 500 or 501 calling the command line malformed or an invalid command: the client sent
/// something the server could not parse as SMTP.
pub(super) const MALFORMED_COMMAND: &[&str] = &["malformed", "invalid command"];

/// Pipelining the server did not allow, in either word order ("pipelining is not allowed",
/// "PIPELINING not permitted"): read with [`NOT_PERMITTED`] by a `near` row, as the fixed phrases
/// "pipelining not allowed" and "pipelining not supported" above are.
pub(super) const PIPELINING: &[&str] = &["pipelining"];

pub(super) const NOT_PERMITTED: &[&str] = &["not allowed", "not permitted"];
