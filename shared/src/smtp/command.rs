//! What the probe sends: commands as values (`Display` is the exact wire line, `transcript_line`
//! the redacted one) and the DATA payload of the test message, built with lettre and dot-stuffed.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use lettre::Address;

use zeroize::Zeroizing;

use crate::secret::Secret;
use crate::smtp::config::{MessageContent, TestMessage};
use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, SinglePart};
use sha2::{Digest, Sha256};

/// A SASL mechanism the probe can use (RFC 4954, RFC 4616, Google's XOAUTH2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mechanism {
    Plain,
    Login,
    Xoauth2,
}

/// One command line the probe sends. Secrets are held as `Secret` so `Debug` never shows them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Ehlo {
        domain: String,
    },
    StartTls,
    /// `AUTH <mechanism>` with an optional base64 initial response.
    Auth {
        mechanism: Mechanism,
        initial_response: Option<Secret>,
    },
    /// A base64 line answering a `334` challenge; may be empty (XOAUTH2 error acknowledgement).
    AuthResponse(Secret),
    MailFrom {
        address: Address,
    },
    RcptTo {
        address: Address,
    },
    Data,
    Quit,
}

impl Mechanism {
    /// The name as written in `AUTH` and in the EHLO capability.
    pub fn as_str(self) -> &'static str {
        match self {
            Mechanism::Plain => "PLAIN",
            Mechanism::Login => "LOGIN",
            Mechanism::Xoauth2 => "XOAUTH2",
        }
    }
}

impl Command {
    /// `AUTH PLAIN` with the RFC 4616 initial response `\0username\0password`.
    pub fn auth_plain(username: &str, password: &Secret) -> Self {
        Command::Auth {
            mechanism: Mechanism::Plain,
            initial_response: Some(plain_message(username, password)),
        }
    }

    /// The PLAIN message as the answer to an empty `334` (a server that wants no initial response).
    pub fn plain_answer(username: &str, password: &Secret) -> Self {
        Command::AuthResponse(plain_message(username, password))
    }

    /// `AUTH XOAUTH2` with `user=…\x01auth=Bearer …\x01\x01` as the initial response.
    pub fn auth_xoauth2(username: &str, token: &Secret) -> Self {
        let message = Zeroizing::new(format!(
            "user={username}\x01auth=Bearer {}\x01\x01",
            token.expose()
        ));
        Command::Auth {
            mechanism: Mechanism::Xoauth2,
            initial_response: Some(Secret::new(STANDARD.encode(message.as_bytes()))),
        }
    }

    /// AUTH LOGIN's first answer: the user name in base64.
    pub fn login_username(username: &str) -> Self {
        Command::AuthResponse(Secret::new(STANDARD.encode(username)))
    }

    /// AUTH LOGIN's second answer: the password in base64.
    pub fn login_password(password: &Secret) -> Self {
        Command::AuthResponse(Secret::new(STANDARD.encode(password.expose())))
    }

    /// XOAUTH2's acknowledgement of an error challenge: an empty line asks for the final reply.
    pub fn xoauth2_acknowledgement() -> Self {
        Command::AuthResponse(Secret::default())
    }

    /// The line as the transcript shows it: credentials replaced by `[redacted]`, no CRLF.
    pub fn transcript_line(&self) -> String {
        match self {
            Command::Auth {
                mechanism,
                initial_response: Some(_),
            } => format!("AUTH {} [redacted]", mechanism.as_str()),
            Command::AuthResponse(response) if response.is_empty() => String::new(),
            Command::AuthResponse(_) => "[redacted]".to_owned(),
            other => other.to_string().trim_end_matches("\r\n").to_owned(),
        }
    }
}

/// The one place the RFC 4616 PLAIN message is built; the plain text is wiped after encoding.
fn plain_message(username: &str, password: &Secret) -> Secret {
    let message = Zeroizing::new(format!("\0{username}\0{}", password.expose()));
    Secret::new(STANDARD.encode(message.as_bytes()))
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Command::Ehlo { domain } => write!(f, "EHLO {domain}\r\n"),
            Command::StartTls => f.write_str("STARTTLS\r\n"),
            Command::Auth {
                mechanism,
                initial_response: None,
            } => write!(f, "AUTH {}\r\n", mechanism.as_str()),
            Command::Auth {
                mechanism,
                initial_response: Some(response),
            } => {
                write!(f, "AUTH {} {}\r\n", mechanism.as_str(), response.expose())
            }
            Command::AuthResponse(response) => write!(f, "{}\r\n", response.expose()),
            Command::MailFrom { address } => write!(f, "MAIL FROM:<{address}>\r\n"),
            Command::RcptTo { address } => write!(f, "RCPT TO:<{address}>\r\n"),
            Command::Data => f.write_str("DATA\r\n"),
            Command::Quit => f.write_str("QUIT\r\n"),
        }
    }
}

const SUBJECT: &str = "sendready test message";
const BODY: &str = "This message was sent by sendready to check your SMTP settings.\r\n\
                    It went from your account to your account only. You can delete it.\r\n";

/// What the transcript shows instead of a body that may carry a secret.
pub(crate) const BODY_NOT_RECORDED: &str = "[message body not recorded]";

/// The RFC 5322 message: the test text from and to the account itself, or the content's
/// plain-text and HTML alternatives to its recipient, the account's display name as sender.
pub(crate) fn build_message(message: &TestMessage) -> Result<Vec<u8>, lettre::error::Error> {
    let name = Some(message.display_name.trim().to_owned()).filter(|name| !name.is_empty());
    let mailbox = Mailbox::new(name, message.address.clone());
    // The headers in one order for both kinds: From, To, Subject, Date, Message-ID.
    let headers = |to: Mailbox, subject: &str| {
        Message::builder()
            .from(mailbox.clone())
            .to(to)
            .subject(subject)
            .date(message.date)
            .message_id(Some(message.message_id.clone()))
    };
    let built = match &message.content {
        MessageContent::SelfTest => headers(mailbox.clone(), SUBJECT).body(BODY.to_owned())?,
        MessageContent::Alternative {
            to,
            subject,
            text,
            html,
        } => {
            // lettre draws a boundary at random unless given one; this one comes from the
            // Message-ID, so the core stays free of randomness and the same input builds the
            // same bytes. A hash cannot occur in the short bodies by accident.
            let boundary = format!(
                "sendready-{}",
                &hex::encode(Sha256::digest(message.message_id.as_bytes()))[..32]
            );
            let kind =
                ContentType::parse(&format!("multipart/alternative; boundary=\"{boundary}\""))
                    .map_err(|_| lettre::error::Error::Io(std::io::Error::other("content type")))?;
            let body = MultiPart::builder()
                .header(kind)
                .singlepart(SinglePart::plain(text.expose().to_owned()))
                .singlepart(SinglePart::html(html.expose().to_owned()));
            headers(Mailbox::new(None, to.clone()), subject).multipart(body)?
        }
    };
    Ok(built.formatted())
}

/// The transcript lines of a DATA payload: every line of the test message, but of a message
/// with content of its own only the headers, then [`BODY_NOT_RECORDED`] and the final dot.
pub(crate) fn payload_transcript(message: &TestMessage, payload: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(payload);
    if message.body_is_recordable() {
        return text.lines().map(str::to_owned).collect();
    }
    let mut lines: Vec<String> = text
        .lines()
        .take_while(|line| !line.is_empty())
        .map(str::to_owned)
        .collect();
    lines.extend([String::new(), BODY_NOT_RECORDED.to_owned(), ".".to_owned()]);
    lines
}

/// The DATA payload: CRLF line ends, a leading dot doubled (RFC 5321 §4.5.2), then `.` CRLF.
pub(crate) fn dot_stuff(message: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(message.len() + 8);
    let mut at_line_start = true;
    for (index, &byte) in message.iter().enumerate() {
        if at_line_start && byte == b'.' {
            out.push(b'.');
        }
        match byte {
            b'\n' if index == 0 || message[index - 1] != b'\r' => out.extend_from_slice(b"\r\n"),
            b'\r' if message.get(index + 1) != Some(&b'\n') => out.extend_from_slice(b"\r\n"),
            _ => out.push(byte),
        }
        at_line_start = byte == b'\n' || (byte == b'\r' && message.get(index + 1) != Some(&b'\n'));
    }
    if !at_line_start {
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b".\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    fn address() -> Address {
        "me@example.org".parse().expect("valid address")
    }

    #[test]
    fn wire_lines_are_exact() {
        let password = Secret::new("pass");
        let cases = [
            (
                Command::Ehlo {
                    domain: "client.example".into(),
                },
                "EHLO client.example\r\n",
            ),
            (Command::StartTls, "STARTTLS\r\n"),
            (
                Command::auth_plain("user", &password),
                "AUTH PLAIN AHVzZXIAcGFzcw==\r\n",
            ),
            (
                Command::Auth {
                    mechanism: Mechanism::Login,
                    initial_response: None,
                },
                "AUTH LOGIN\r\n",
            ),
            (Command::login_username("user"), "dXNlcg==\r\n"),
            (Command::AuthResponse(Secret::new("")), "\r\n"),
            (
                Command::auth_xoauth2("me@example.org", &Secret::new("tok")),
                "AUTH XOAUTH2 dXNlcj1tZUBleGFtcGxlLm9yZwFhdXRoPUJlYXJlciB0b2sBAQ==\r\n",
            ),
            (
                Command::MailFrom { address: address() },
                "MAIL FROM:<me@example.org>\r\n",
            ),
            (
                Command::RcptTo { address: address() },
                "RCPT TO:<me@example.org>\r\n",
            ),
            (Command::Data, "DATA\r\n"),
            (Command::Quit, "QUIT\r\n"),
        ];
        for (command, wire) in cases {
            assert_eq!(command.to_string(), wire);
        }
    }

    #[test]
    fn transcript_lines_hide_credentials() {
        let password = Secret::new("hunter2");
        assert_eq!(
            Command::auth_plain("user", &password).transcript_line(),
            "AUTH PLAIN [redacted]"
        );
        assert_eq!(
            Command::login_username("user").transcript_line(),
            "[redacted]"
        );
        assert_eq!(
            Command::Ehlo { domain: "a".into() }.transcript_line(),
            "EHLO a"
        );
        assert!(!format!("{:?}", Command::auth_plain("user", &password)).contains("AHVzZXI"));
    }

    #[test]
    fn dot_stuffing() {
        assert_eq!(
            dot_stuff(b"a\r\n.b\r\n..c\r\n"),
            b"a\r\n..b\r\n...c\r\n.\r\n"
        );
        assert_eq!(dot_stuff(b".\nx"), b"..\r\nx\r\n.\r\n");
        assert_eq!(dot_stuff(b"a\rb"), b"a\r\nb\r\n.\r\n");
        assert_eq!(dot_stuff(b""), b".\r\n");
    }

    #[test]
    fn message_uses_the_values_passed_in() {
        let message = TestMessage::new(
            "me@example.org".parse().expect("valid"),
            "Ada Lovelace",
            UNIX_EPOCH + Duration::from_secs(1_700_000_000),
            "<probe-1@sendready.test>",
        );
        let text = String::from_utf8(build_message(&message).expect("builds")).expect("ascii");
        assert!(
            text.contains("From: \"Ada Lovelace\" <me@example.org>\r\n"),
            "{text}"
        );
        assert!(
            text.contains("To: \"Ada Lovelace\" <me@example.org>\r\n"),
            "{text}"
        );
        assert!(
            text.contains("Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n"),
            "{text}"
        );
        assert!(
            text.contains("Message-ID: <probe-1@sendready.test>\r\n"),
            "{text}"
        );
        assert_eq!(
            build_message(&message).expect("builds"),
            build_message(&message).expect("builds")
        );
    }

    #[test]
    fn a_message_with_content_goes_to_its_recipient_and_its_body_is_not_recorded() {
        let message = TestMessage::new(
            "system@example.org".parse().expect("valid"),
            "Acme CRM",
            UNIX_EPOCH + Duration::from_secs(1_700_000_000),
            "<code-1@sendready.test>",
        )
        .with_content(MessageContent::Alternative {
            to: "user@example.net".parse().expect("valid"),
            subject: "Your Acme verification code".to_owned(),
            text: Secret::new("Your code is 1234 5678.\n"),
            html: Secret::new("<p>Your code is <b>1234 5678</b>.</p>"),
        });
        assert_eq!(message.recipient().to_string(), "user@example.net");
        let raw = build_message(&message).expect("builds");
        let text = String::from_utf8(raw.clone()).expect("ascii");
        for expected in [
            "From: \"Acme CRM\" <system@example.org>\r\n",
            "To: user@example.net\r\n",
            "Subject: Your Acme verification code\r\n",
            "multipart/alternative",
            "Content-Type: text/plain; charset=utf-8\r\n",
            "Content-Type: text/html; charset=utf-8\r\n",
            "1234 5678",
        ] {
            assert!(text.contains(expected), "{expected:?} in {text}");
        }
        assert_eq!(raw, build_message(&message).expect("builds"));
        let transcript = payload_transcript(&message, &dot_stuff(&raw)).join("\n");
        assert!(!transcript.contains("5678"), "{transcript}");
        assert!(transcript.contains("Subject: Your Acme verification code"));
        assert!(
            transcript.ends_with("[message body not recorded]\n."),
            "{transcript}"
        );
    }
}
