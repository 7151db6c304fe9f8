//! Finds the server's reply inside what an application printed around it: a sans-IO parse step.
//!
//! People rarely paste a bare reply. They paste a .NET `SmtpException` ("… The server response
//! was: 5.7.57 …"), MailKit's `AuthenticationException`, PHPMailer's debug lines ("SMTP ERROR:
//! Password command failed: 535-5.7.8 …"), Nodemailer's `Invalid login: …` with `code: 'EAUTH'`,
//! Python's `SMTPAuthenticationError: (535, b'5.7.8 …\n5.7.8 …')`, JavaMail's
//! `AuthenticationFailedException: …`, Postfix's "said: … (in reply to RCPT TO command)". The
//! wrapper's own words must not be read as the server's (".NET: … the client was not
//! authenticated" says nothing about a 5.7.3 inside it), but the wrapper does tell the stage.
//! `extract` undoes the escapes libraries add, finds the wrapper in one ordered table, and
//! returns the reply text, the stage it implies and the wrapper's name.

use std::borrow::Cow;

use super::library_phrases::CONNECT_FRAME;
use super::outlook::{self, ApplicationError};
use crate::smtp::Stage;

/// What the pasted text held: the reply as the server sent it, as far as it can be recovered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extracted {
    /// The reply text, escapes undone, the wrapper's words and stack traces cut away.
    pub reply: String,
    /// The stage the wrapper names (`Invalid login` is AUTH), when it names one.
    pub stage: Option<Stage>,
    /// The wrapper's family, e.g. `nodemailer`, `dotnet`; `None` for a bare reply.
    pub wrapper: Option<&'static str>,
    /// The application's own error number and what it says (Outlook's `0x800CCC79`).
    pub application: Option<ApplicationError>,
}

/// Where the reply sits relative to a wrapper's marker.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Take {
    /// The reply follows the marker: the words before it are the wrapper's.
    After,
    /// The marker only names the stage; the whole text is kept.
    Whole,
}

/// One wrapper pattern: the lower-case marker, the family, the stage it implies, where the reply is.
struct Wrapper {
    marker: &'static str,
    family: &'static str,
    stage: Option<Stage>,
    take: Take,
}

const fn after(marker: &'static str, family: &'static str, stage: Option<Stage>) -> Wrapper {
    Wrapper {
        marker,
        family,
        stage,
        take: Take::After,
    }
}

const fn whole(marker: &'static str, family: &'static str, stage: Option<Stage>) -> Wrapper {
    Wrapper {
        marker,
        family,
        stage,
        take: Take::Whole,
    }
}

const AUTH: Option<Stage> = Some(Stage::Auth);
const MAIL_FROM: Option<Stage> = Some(Stage::MailFrom);
const RCPT_TO: Option<Stage> = Some(Stage::RcptTo);
const DATA: Option<Stage> = Some(Stage::Data);
const STARTTLS: Option<Stage> = Some(Stage::Starttls);
const GREETING: Option<Stage> = Some(Stage::Greeting);

/// The wrappers, most specific first: the first marker found decides.
const WRAPPERS: &[Wrapper] = &[
    // .NET System.Net.Mail: "The SMTP server requires a secure connection or the client was not
    // authenticated. The server response was: …" and "Mailbox unavailable. The server response was: …".
    after("the server response was:", "dotnet", None),
    after("mailkit.security.authenticationexception:", "mailkit", AUTH),
    after("mailkit.net.smtp.smtpcommandexception:", "mailkit", None),
    // PHPMailer's debug and error lines.
    after("password command failed:", "phpmailer", AUTH),
    after("username command failed:", "phpmailer", AUTH),
    after("auth command failed:", "phpmailer", AUTH),
    after("mail from command failed:", "phpmailer", MAIL_FROM),
    after("rcpt to command failed:", "phpmailer", RCPT_TO),
    after("data end command failed", "phpmailer", DATA),
    after("data not accepted", "phpmailer", DATA),
    after("starttls command failed", "phpmailer", STARTTLS),
    whole("smtp error: could not authenticate", "phpmailer", AUTH),
    after("the following recipients failed:", "phpmailer", RCPT_TO),
    after("server -> client:", "phpmailer", None),
    // Nodemailer's error messages and error object.
    after("invalid login:", "nodemailer", AUTH),
    after("mail command failed:", "nodemailer", MAIL_FROM),
    after("recipient command failed:", "nodemailer", RCPT_TO),
    after("message failed:", "nodemailer", DATA),
    // The first reply was not 220: "Invalid greeting from server:\n421 …" and, in newer
    // versions, "Invalid greeting. response=…". What follows is the reply that came instead.
    after("invalid greeting from server:", "nodemailer", GREETING),
    after("invalid greeting. response=", "nodemailer", GREETING),
    after(
        "error upgrading connection with starttls:",
        "nodemailer",
        STARTTLS,
    ),
    whole("code: 'eauth'", "nodemailer", AUTH),
    whole("code: 'eenvelope'", "nodemailer", None),
    whole("code: 'emessage'", "nodemailer", DATA),
    // Python smtplib exceptions, whose text is a (code, b'…') tuple.
    after("smtpauthenticationerror", "smtplib", AUTH),
    after("smtpsenderrefused", "smtplib", MAIL_FROM),
    after("smtprecipientsrefused", "smtplib", RCPT_TO),
    after("smtpdataerror", "smtplib", DATA),
    // `SMTPConnectError` is raised when the greeting is not 220.
    after("smtpconnecterror", "smtplib", GREETING),
    // JavaMail / Jakarta Mail.
    after("authenticationfailedexception:", "javamail", AUTH),
    after("smtpaddressfailedexception:", "javamail", RCPT_TO),
    after("smtpsendfailedexception:", "javamail", None),
    // Ruby Net::SMTP.
    after("net::smtpauthenticationerror", "ruby", AUTH),
    after("net::smtpfatalerror", "ruby", None),
    after("net::smtpserverbusy", "ruby", None),
    // Symfony / SwiftMailer: `with message "…"` and `but got response […]`.
    after("with message \"", "swiftmailer", None),
    after("but got response [", "swiftmailer", None),
    // Go's net/smtp and gomail.
    after(": auth: ", "go", AUTH),
    // Thunderbird's send errors (its `smtp-error-sending-*` and `smtp-server-error` strings):
    // the reply follows "responded:", and the sentence after it names the stage
    // (`STAGE_NAMES`): "Please check the message recipient …" is RCPT TO.
    after(
        "an outgoing server (smtp) error occurred while sending mail. the server responded:",
        "thunderbird",
        DATA,
    ),
    after(
        "outgoing server (smtp) error. the server responded:",
        "thunderbird",
        None,
    ),
    after(
        "exceeding the allowed number of recipients. the server responded:",
        "thunderbird",
        RCPT_TO,
    ),
    after("the mail server responded:", "thunderbird", None),
    // Postfix's client log and bounces.
    after("sasl authentication failed; server", "postfix", AUTH),
    after("diagnostic-code: smtp;", "dsn", None),
    // Postfix's queue notes before its own reason: "(delivery temporarily suspended: connect to
    // …: Connection timed out)", "status=deferred (connect to …)". The suspension is the queue's,
    // not the account's, and the DSN code beside them is Postfix's guess.
    after("delivery temporarily suspended:", "postfix", None),
    after("status=deferred (", "postfix", None),
    after("status=bounced (", "postfix", None),
];

/// Stages named by MTA logs and bounces, wherever they appear.
const STAGE_NAMES: &[(&str, Stage)] = &[
    ("in reply to rcpt to command", Stage::RcptTo),
    ("in reply to mail from command", Stage::MailFrom),
    ("in reply to end of data command", Stage::Data),
    ("in reply to data command", Stage::Data),
    ("after rcpt to", Stage::RcptTo),
    ("after mail from", Stage::MailFrom),
    ("after end of data", Stage::Data),
    ("for rcpt command", Stage::RcptTo),
    ("for mail from command", Stage::MailFrom),
    // Postfix: the server's greeting was a refusal. Exim: "rejected command 'DATA'".
    ("refused to talk to me", Stage::Greeting),
    ("after initial connection", Stage::Greeting),
    ("rejected command 'rcpt to", Stage::RcptTo),
    ("rejected command 'mail from", Stage::MailFrom),
    ("rejected command 'data'", Stage::Data),
    // SwiftMailer and Symfony Mailer name the reply they wanted: 220 is the greeting, 250/251/252
    // answers RCPT TO, 354 DATA, 235 AUTH.
    ("expected response code 220", Stage::Greeting),
    ("expected response code \"220\"", Stage::Greeting),
    ("expected response code 250/251/252", Stage::RcptTo),
    ("expected response code 354", Stage::Data),
    ("expected response code 235", Stage::Auth),
    // Thunderbird's closing sentences.
    ("please check the message recipient", Stage::RcptTo),
    ("verify that your email address is correct", Stage::MailFrom),
    ("please check the message and try again", Stage::Data),
];

/// Where a wrapper's own words start again after the reply.
const REPLY_ENDS: &[&str] = &[
    "(in reply to",
    "\", \"file\"",
    "\",\"file\"",
    // Thunderbird.
    "please check the message",
    "please verify that your email address",
];

/// Reads `text` as pasted and finds the reply in it.
pub fn extract(text: &str) -> Extracted {
    let text = unescape(text);
    let lower = text.to_ascii_lowercase();
    if let Some(dialog) = outlook::parse(&text, &lower) {
        return Extracted {
            reply: dialog.reply,
            stage: dialog.stage,
            wrapper: Some("outlook"),
            application: dialog.error,
        };
    }
    let found = WRAPPERS
        .iter()
        .find_map(|w| marker_at(&lower, w).map(|at| (w, at)));
    // A log wraps its lines anywhere, "(in\nreply to MAIL FROM command)" among them.
    let words = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    let stage_named = STAGE_NAMES
        .iter()
        .find(|(name, _)| words.contains(name))
        .map(|(_, stage)| *stage);
    let Some((wrapper, at)) = found else {
        return Extracted {
            reply: cut_trace(&text).into_owned(),
            stage: stage_named,
            wrapper: stage_named.map(|_| "mta log"),
            application: None,
        };
    };
    // `with message ""`: the application quotes an empty reply, so its own words are all there is.
    let quotes_nothing = wrapper.marker.ends_with('"') && text[at..].starts_with('"');
    let reply = match wrapper.take {
        Take::After if !quotes_nothing => reply_after(&text[at..]),
        _ => cut_trace(&text).into_owned(),
    };
    Extracted {
        // A wrapper whose whole text was cut away (a marker at the very end) leaves its words.
        reply: if reply.trim().is_empty() {
            cut_trace(&text).into_owned()
        } else {
            reply
        },
        stage: wrapper.stage.or(stage_named),
        wrapper: Some(wrapper.family),
        application: None,
    }
}

/// Where the text after a wrapper's marker starts: a marker a transcript repeats (`SERVER ->
/// CLIENT:`) counts at its last occurrence that introduces a refusal (4xx or 5xx), else at its
/// first. A marker of two sentences ("… mail. the server responded:") matches across any
/// whitespace between them, as dialogs wrap lines there.
fn marker_at(lower: &str, wrapper: &Wrapper) -> Option<usize> {
    let (head, tail) = match wrapper.marker.rsplit_once(". ") {
        Some((head, tail)) => (Some(head), tail),
        None => (None, wrapper.marker),
    };
    let mut all = lower
        .match_indices(tail)
        .filter(|(at, _)| {
            head.is_none_or(|head| {
                lower[..*at]
                    .trim_end()
                    .strip_suffix('.')
                    .is_some_and(|before| before.ends_with(head))
            })
        })
        .map(|(at, _)| at + tail.len());
    let first = all.next()?;
    let refusal = |end: &usize| {
        lower[*end..]
            .trim_start_matches([' ', '\n', '\r', '\t', ':', '"', '\'', '[', '(', '{'])
            .starts_with(['4', '5'])
    };
    let last_refusal = std::iter::once(first).chain(all).filter(refusal).last();
    Some(last_refusal.unwrap_or(first))
}

/// The reply after a marker: opening quotes and brackets dropped, stack traces and the
/// wrapper's closing words cut.
fn reply_after(rest: &str) -> String {
    let rest = rest.trim_start_matches([' ', '\n', '\r', '\t', ':', '"', '\'', '[', '(', '{']);
    let rest = cut_trace(rest);
    let lower = rest.to_ascii_lowercase();
    let end = REPLY_ENDS
        .iter()
        .filter_map(|end| lower.find(end))
        .min()
        .unwrap_or(rest.len());
    rest[..end]
        .trim_end_matches([' ', '"', '\'', ']', ')', '}', '\n'])
        .to_owned()
}

/// The text before the first line of a stack trace, and after a Python traceback the exception it
/// ends with (Python prints the frames first: "  File \"…/smtplib.py\", line 700, in login\n
/// raise SMTPNotSupportedError(\nsmtplib.SMTPNotSupportedError: SMTP AUTH extension not …").
/// When the last frame is the socket's connect (`CONNECT_FRAME`), that frame line is kept before
/// the exception: a bare "timeout: timed out" raised there is a connect that never completed.
fn cut_trace(text: &str) -> Cow<'_, str> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let python = trimmed.starts_with("File \"") || trimmed.starts_with("Traceback ");
        let trace = trimmed.starts_with("at ") && (trimmed.contains('(') || trimmed.contains('.'))
            || python
            || trimmed.starts_with("Stack trace:")
            || trimmed.starts_with("StackTrace:")
            || trimmed.starts_with("#0 ");
        if trace && offset > 0 {
            let before = text[..offset].trim_end();
            return match python.then(|| python_exception(&text[offset..])).flatten() {
                Some((frame, exception)) if is_connect_frame(frame) => {
                    Cow::Owned(format!("{before}\n{}\n{exception}", frame.trim()))
                }
                Some((_, exception)) => Cow::Owned(format!("{before}\n{exception}")),
                None => Cow::Borrowed(before),
            };
        }
        offset += line.len();
    }
    Cow::Borrowed(text)
}

/// The last frame line of a Python traceback (`File "…", line N, in name`) and the exception it
/// ends with: the first unindented line after that frame and the frame's source line, to the end.
fn python_exception(trace: &str) -> Option<(&str, &str)> {
    let mut offset = 0;
    let mut last_frame = None;
    for line in trace.split_inclusive('\n') {
        if line.trim_start().starts_with("File \"") {
            last_frame = Some((offset, offset + line.len()));
        }
        offset += line.len();
    }
    let (start, end) = last_frame?;
    let rest = &trace[end..];
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if !line.starts_with([' ', '\t']) && !line.trim().is_empty() {
            return Some((&trace[start..end], rest[offset..].trim_end()));
        }
        offset += line.len();
    }
    None
}

/// Whether a traceback's last frame is the socket's connect (`CONNECT_FRAME`'s names).
fn is_connect_frame(frame: &str) -> bool {
    let frame = frame.to_lowercase();
    CONNECT_FRAME.iter().any(|name| frame.contains(name))
}

/// Undoes what libraries and logs do to a reply: `\n` and `\r\n` written as escapes (Python's
/// bytes, JavaScript and JSON strings), `\'`, Nodemailer's `' +\n '` string concatenation,
/// and the `+` for spaces of Exchange's and IIS's protocol logs.
fn unescape(text: &str) -> String {
    let mut out = text
        .replace("\\r\\n", "\n")
        .replace("\\n", "\n")
        .replace("\\'", "'")
        .replace("\\\"", "\"");
    // Nodemailer prints a multi-line response as JavaScript: '…at\n' +\n  '535 5.7.8 …'.
    for joint in ["\n' +\n", "\n' + "] {
        while let Some(at) = out.find(joint) {
            let after = out[at + joint.len()..].trim_start();
            let after = after.strip_prefix('\'').unwrap_or(after).to_owned();
            out.truncate(at + 1);
            out.push_str(&after);
        }
    }
    // A protocol log writes a reply as one token, `550+5.7.60+SMTP;+Client+does+not+…`.
    if out.split_whitespace().any(|token| {
        token.matches('+').count() >= 3 && token.starts_with(|c: char| c.is_ascii_digit())
    }) {
        out = out
            .split(' ')
            .map(|token| {
                if token.matches('+').count() >= 3 {
                    token.replace('+', " ")
                } else {
                    token.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, reply: &str, stage: Option<Stage>, wrapper: Option<&str>) {
        let found = extract(text);
        assert_eq!(found.reply, reply, "{text}");
        assert_eq!(found.stage, stage, "{text}");
        assert_eq!(found.wrapper, wrapper, "{text}");
    }

    #[test]
    fn a_bare_reply_is_kept() {
        check(
            "535 5.7.8 Error: authentication failed",
            "535 5.7.8 Error: authentication failed",
            None,
            None,
        );
    }

    #[test]
    fn dotnet_drops_its_own_words() {
        // Issue 13's seed 000 (MicrosoftDocs/OfficeDocs-Exchange#3124).
        check(
            "The SMTP server requires a secure connection or the client was not authenticated. The server response was: 5.7.57 Client not authenticated to send mail.",
            "5.7.57 Client not authenticated to send mail.",
            None,
            Some("dotnet"),
        );
    }

    #[test]
    fn escapes_are_undone() {
        let found = extract(
            "(535, b'5.7.8 Username and Password not accepted.\\n5.7.8 https://x - gsmtp')",
        );
        assert!(found.reply.contains("accepted.\n5.7.8"), "{}", found.reply);
    }

    #[test]
    fn iis_log_pluses_are_spaces() {
        let found = extract("550+5.7.60+SMTP;+Client+does+not+have+permissions");
        assert_eq!(
            found.reply,
            "550 5.7.60 SMTP; Client does not have permissions"
        );
    }

    #[test]
    fn nodemailer_concatenation_is_joined() {
        let found = extract(
            "code: 'EAUTH', response: '535-5.7.8 Username and Password not accepted. Learn more at\\n' + '535 5.7.8 https://x - gsmtp', responseCode: 535",
        );
        assert_eq!(found.stage, Some(Stage::Auth));
        assert!(
            found.reply.contains("at\n535 5.7.8 https://x"),
            "{}",
            found.reply
        );
    }

    #[test]
    fn stack_traces_are_cut() {
        check(
            "Error: Invalid login: 535 5.7.3 Authentication unsuccessful\n    at SMTPConnection._formatError (/x/index.js:784:19)",
            "535 5.7.3 Authentication unsuccessful",
            Some(Stage::Auth),
            Some("nodemailer"),
        );
    }

    #[test]
    fn a_python_traceback_keeps_the_exception_it_ends_with() {
        check(
            "    server.login(user, pw)\n  File \"/usr/lib/python3.8/smtplib.py\", line 700, in login\n    raise SMTPNotSupportedError(\nsmtplib.SMTPNotSupportedError: SMTP AUTH extension not supported by server.",
            "    server.login(user, pw)\nsmtplib.SMTPNotSupportedError: SMTP AUTH extension not supported by server.",
            None,
            None,
        );
    }

    #[test]
    fn a_python_traceback_from_the_socket_connect_keeps_that_frame() {
        // motioneye-project/motioneyeos#323: the timeout is raised in `create_connection`.
        check(
            "ERROR: failed to send mail: timed out\nTraceback (most recent call last):\n  File \"/usr/lib/python2.7/smtplib.py\", line 291, in _get_socket\n  File \"/usr/lib/python2.7/socket.py\", line 575, in create_connection\ntimeout: timed out",
            "ERROR: failed to send mail: timed out\nFile \"/usr/lib/python2.7/socket.py\", line 575, in create_connection\ntimeout: timed out",
            None,
            None,
        );
    }

    #[test]
    fn thunderbird_names_the_stage_in_its_closing_sentence() {
        // modoboa/modoboa-installer#380.
        check(
            "An error occurred while sending mail. The mail server responded:\n4.3.5 <t@example.com>: Recipient address rejected: Server configuration problem.\nPlease check the message recipient \"t@example.com\" and try again.",
            "4.3.5 <t@example.com>: Recipient address rejected: Server configuration problem.",
            Some(Stage::RcptTo),
            Some("thunderbird"),
        );
        // root-io/vmail#79: the dialog wraps between the two sentences of its marker.
        check(
            "An Outgoing server (SMTP) error occurred while sending mail. \n    The server responded:  4.3.5 <DATA>: Data command rejected: Server configuration problem.",
            "4.3.5 <DATA>: Data command rejected: Server configuration problem.",
            Some(Stage::Data),
            Some("thunderbird"),
        );
    }

    #[test]
    fn mta_logs_name_the_stage() {
        check(
            "host x[1.2.3.4] said: 550 5.7.1 Relaying denied (in reply to RCPT TO command)",
            "host x[1.2.3.4] said: 550 5.7.1 Relaying denied (in reply to RCPT TO command)",
            Some(Stage::RcptTo),
            Some("mta log"),
        );
    }
}
