//! Outlook, Outlook Express, Windows Mail and Windows Live Mail send errors: the dialog's parts.
//!
//! Their dialogs wrap the server's reply in the program's own words: "The message could not be
//! sent because one of the recipients was rejected by the server. … Server Response: '550 …',
//! Port: 25, Secure(SSL): No, Server Error: 550, Error Number: 0x800CCC79", or "Task '… -
//! Sending' reported error (0x80042109) : 'Outlook cannot connect to your outgoing (SMTP) e-mail
//! server. …'". The reply is what follows `Server Response:` (or "The server responded:"), the
//! code is `Server Error: NNN`, and the program's words (`Secure(SSL): No`, `Port`, `Account`)
//! are never read as the server's. Where there is no server reply, or the reply explains
//! nothing, the error number says what happened where Microsoft's list of those numbers does
//! (`ERROR_NUMBERS`); the dialog's sentence names the stage.

use super::DiagnosisKind::{self, *};
use crate::smtp::Stage;

/// The program's own error number and what it means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApplicationError {
    /// The HRESULT the dialog showed, e.g. `0x800CCC79`.
    pub number: u32,
    /// The kind the number alone says.
    pub kind: DiagnosisKind,
    /// True when the dialog held no server reply, so the number decides (unless the text still
    /// carries a reply code, as a dialog in another language does).
    pub decides: bool,
}

/// What an Outlook dialog held.
pub(super) struct Dialog {
    pub reply: String,
    pub stage: Option<Stage>,
    pub error: Option<ApplicationError>,
}

/// Outlook's error numbers whose meaning alone names a kind.
///
/// Sources: the `IXP_E_*` HRESULTs of the Internet Mail transport shared by Outlook Express,
/// Windows Mail and Outlook's POP/SMTP accounts (`imnxport.h` in the Windows SDK:
/// `IXP_E_CANT_FIND_HOST` 0x800CCC0D, `IXP_E_FAILED_TO_CONNECT` 0x800CCC0E,
/// `IXP_E_CONNECTION_DROPPED` 0x800CCC0F, `IXP_E_SOCKET_CONNECT_ERROR` 0x800CCC15,
/// `IXP_E_SICILY_LOGON_FAILED` 0x800CCC18, `IXP_E_TIMEOUT` 0x800CCC19,
/// `IXP_E_SECURE_CONNECT_FAILED` 0x800CCC1A, `IXP_E_SMTP_REJECTED_SENDER` 0x800CCC78,
/// `IXP_E_SMTP_REJECTED_RECIPIENTS` 0x800CCC79, `IXP_E_SMTP_530_STARTTLS_REQUIRED` 0x800CCC7C,
/// `IXP_E_SMTP_NO_STARTTLS_SUPPORT` 0x800CCC7D, `IXP_E_SMTP_454_STARTTLS_FAILED` 0x800CCC7F),
/// with Microsoft's descriptions ("Cannot locate server", "Cannot connect to server", "Connection
/// closed", "Logon attempt failed", "A time-out occurred while communicating with the server",
/// "Unable to connect using SSL") as reproduced at <http://tthosting.dk/MSOutlookErrorCodes.htm>.
/// Microsoft's Knowledge Base shows the numbers in dialogs (archived at
/// <https://github.com/jeffpar/kbarchive>): KB 191687 and KB 218430 (0x800CCC0E with socket error
/// 10061, a refused connection), KB 194068 and KB 816866 (0x800CCC0F, "Your server has
/// unexpectedly terminated the connection"), KB 181129 (0x800CCC0D, "The host … could not be
/// found"), KB 306041 (0x800CCC78, `SMTP_REJECTED_SENDER`), KB 290842 and KB 305007
/// (0x800CCC79, a recipient refused). Outlook's own dialogs pair 0x80042109 with "Outlook cannot
/// connect to your outgoing (SMTP) e-mail server"
/// (<https://bobcares.com/blog/outlook-cannot-connect-to-smtp-server-error/>), 0x8004210B with
/// "The operation timed out waiting for a response from the sending (SMTP) server"
/// (<http://www.theemailadmin.com/2009/11/troubleshooting-error-code-0x8004210b/>) and 0x800CCC80
/// with "None of the authentication methods supported by this client are supported by your
/// server" (<https://microsoftmessageid.com/?p=991>). Numbers that only restate the server's code
/// (0x800CCC60–0x800CCC6F: `IXP_E_SMTP_500_SYNTAX_ERROR` … `IXP_E_SMTP_554_TRANSACT_FAILED`, e.g.
/// 0x800CCC67 for 421 and 0x800CCC6A for 451) are not listed: the reply decides.
const ERROR_NUMBERS: &[(u32, DiagnosisKind, Option<Stage>)] = &[
    (0x800C_CC0D, DnsFailed, None),
    (0x800C_CC0E, ConnectFailed, None),
    (0x800C_CC0F, ProtocolError, None),
    (0x800C_CC15, ConnectFailed, None),
    (0x800C_CC18, BadCredentials, Some(Stage::Auth)),
    (0x800C_CC19, Timeout, None),
    (0x800C_CC1A, TlsFailed, Some(Stage::Tls)),
    (0x800C_CC78, SenderNotAllowed, Some(Stage::MailFrom)),
    (0x800C_CC79, RecipientRejected, Some(Stage::RcptTo)),
    (0x800C_CC7C, TlsRequired, None),
    (0x800C_CC7D, InsecureServer, Some(Stage::Starttls)),
    (0x800C_CC7F, TlsFailed, Some(Stage::Starttls)),
    (0x800C_CC80, AuthMechanismUnsupported, Some(Stage::Auth)),
    (0x8004_2109, ConnectFailed, None),
    (0x8004_210B, Timeout, None),
];

/// Where a dialog names its error number, lower case, whitespace collapsed (Microsoft's localized
/// help quotes "Numéro d'erreur :", "Número de Erro:", "Número do Erro:", "Fehlernummer:",
/// "numero di errore:", and Japanese Outlook Express "エラー番号:").
const MARKERS: &[&str] = &[
    "error number:",
    "error id:",
    "reported error (",
    "numéro d'erreur :",
    "número de erro:",
    "número do erro:",
    "fehlernummer:",
    "numero di errore:",
    "エラー番号:",
];

/// Where the server's reply starts: `Server Response:` and its translations in the same help
/// pages ("Réponse du serveur :", "Resposta do Servidor:", "Serverantwort:", "Risposta server:",
/// "Respuesta del servidor:"; Japanese "サーバーの応答:").
const RESPONSE_MARKERS: &[&str] = &[
    "server response:",
    "réponse du serveur :",
    "resposta do servidor:",
    "serverantwort:",
    "risposta server:",
    "respuesta del servidor:",
    "サーバーの応答:",
];

/// Where the dialog repeats the server's code: `Server Error:` and its translations.
const CODE_MARKERS: &[&str] = &[
    "server error:",
    "erreur du serveur :",
    "erro do servidor:",
    "serverfehler:",
    "errore del server:",
    "error del servidor:",
];

/// The two ranges of Outlook's error numbers: the Internet Mail transport's `0x800CCCxx` and
/// Outlook's own `0x8004210x`; a text that names one is an Outlook-family message.
const FAMILIES: &[&str] = &["0x800ccc", "0x8004210"];

/// Where the program's words start again after the server's reply.
const REPLY_ENDS: &[&str] = &[
    "', port",
    "' , port",
    "', secure",
    "', server error",
    ", port:",
    ", port ",
    ", secure(ssl)",
    ", secure (ssl)",
    ", server error:",
    // Translated dialogs: a double-quoted reply before "Port"/"Porta", German's "Anschluss".
    "\", port",
    "\", anschluss",
    "', anschluss",
    // Windows Live Mail puts each field on its own line: "Server: '…'", "Protocol: SMTP", ….
    " server: '",
    " windows live mail error id",
    " protocol: smtp",
    " port: ",
    " secure(ssl):",
    " secure (ssl):",
    " error number:",
];

/// Where the program's trailer (subject, account, server, port) starts after its own sentence.
const TRAILER: &[&str] = &[
    " subject '",
    " subject:",
    " account:",
    " if you continue",
    " possible causes",
    " the rejected e-mail address",
    " (account:",
];

/// The dialog's parts, or `None` when `text` (`lower`: the same in lower case) is not an
/// Outlook-family dialog.
pub(super) fn parse(text: &str, lower: &str) -> Option<Dialog> {
    // Most texts are no dialog: a look for the two markers before any copying.
    if !RESPONSE_MARKERS.iter().any(|m| lower.contains(m))
        && !FAMILIES.iter().any(|f| lower.contains(f))
        && !text.contains("0×")
    {
        return None;
    }
    let text = normalise(text);
    let lower = text.to_ascii_lowercase();
    let lower = lower.as_str();
    let smtp_dialog = lower.contains("server response:") && lower.contains("protocol: smtp");
    if !smtp_dialog && !FAMILIES.iter().any(|f| lower.contains(f)) {
        return None;
    }
    let number = error_number(lower);
    let listed = number.and_then(|n| ERROR_NUMBERS.iter().find(|(listed, ..)| *listed == n));
    let server_reply = server_reply(&text, lower);
    let reply = match &server_reply {
        Some(reply) => with_code(reply, server_error(lower)),
        None => own_sentence(&text, lower),
    };
    let stage = if lower.contains("one of the recipients was rejected") {
        Some(Stage::RcptTo)
    } else if lower.contains("rejected the sender") {
        Some(Stage::MailFrom)
    } else {
        listed.and_then(|(_, _, stage)| *stage)
    };
    Some(Dialog {
        reply,
        stage,
        error: listed.map(|(number, kind, _)| ApplicationError {
            number: *number,
            kind: *kind,
            decides: server_reply.is_none(),
        }),
    })
}

/// One line, as a dialog wraps anywhere ("Error\nNumber:\n0x800CCC0E"); typographic quotes as
/// plain ones, and `0×8004210B` (a word processor's multiplication sign) as `0x8004210B`.
fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['‘', '’'], "'")
        .replace(['“', '”'], "\"")
        .replace("0×", "0x")
}

/// The number the dialog names as its error (`Error Number: 0x…`, `reported error (0x…)`), else
/// the first Outlook-family number in the text (a POP3 dialog's `Server Error: 0x800CCC90`
/// comes before its `Error Number`).
fn error_number(lower: &str) -> Option<u32> {
    let named = MARKERS.iter().find_map(|marker| {
        let at = lower.find(marker)? + marker.len();
        hex_number(lower[at..].trim_start())
    });
    named.or_else(|| {
        FAMILIES
            .iter()
            .filter_map(|family| lower.find(family))
            .min()
            .and_then(|at| hex_number(&lower[at..]))
    })
}

/// The value of a `0x…` number at the start of `text`.
fn hex_number(text: &str) -> Option<u32> {
    let digits = text.strip_prefix("0x")?;
    let hex: String = digits.chars().take_while(char::is_ascii_hexdigit).collect();
    u32::from_str_radix(&hex, 16).ok()
}

/// The three-digit `Server Error: NNN` (or its translation).
fn server_error(lower: &str) -> Option<&str> {
    let at = after_first(lower, CODE_MARKERS)?;
    let code = lower[at..].trim_start().get(..3)?;
    code.bytes().all(|b| b.is_ascii_digit()).then_some(code)
}

/// The server's words: after `Server Response:` up to the program's `Port`, or after "The
/// server responded:" to the end.
fn server_reply(text: &str, lower: &str) -> Option<String> {
    let quotes: &[char] = &[' ', '\'', '"', ':'];
    if let Some(start) = after_first(lower, RESPONSE_MARKERS) {
        let end = earliest_end(&lower[start..], REPLY_ENDS);
        let reply = text[start..start + end].trim_matches(quotes);
        return (!reply.is_empty()).then(|| reply.to_owned());
    }
    if let Some(at) = lower.find("the server responded:") {
        let at = at + "the server responded:".len();
        let reply = text[at..]
            .trim_matches(quotes)
            .trim_end_matches(['.', '\'', '"']);
        return (!reply.is_empty()).then(|| format!("{reply}."));
    }
    quoted_reply(text)
}

/// In a dialog whose marker this table does not know (a language not listed), the server's reply
/// is the quoted text that opens with a reply code: `… server: '553 …', poort: 25` (Dutch),
/// `Serversvar: '553 …', Port: 25` (Swedish); it ends where its closing quote meets the next
/// field's comma.
fn quoted_reply(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let start = (0..bytes.len()).find(|&at| {
        matches!(bytes[at], b'\'' | b'"')
            && bytes.get(at + 1).is_some_and(|d| (b'4'..=b'5').contains(d))
            && bytes
                .get(at + 2..at + 4)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
            && bytes.get(at + 4).is_some_and(|c| b" ,.-".contains(c))
    })?;
    let quote = bytes[start] as char;
    let rest = &text[start + 1..];
    let end = rest.find(&format!("{quote},")).unwrap_or(rest.len());
    Some(rest[..end].trim().to_owned())
}

/// Where the text goes on after the first of `markers` (in their order) that it holds.
fn after_first(lower: &str, markers: &[&str]) -> Option<usize> {
    markers
        .iter()
        .find_map(|marker| lower.find(marker).map(|at| at + marker.len()))
}

/// Where `rest` ends: at the earliest of `ends`, else at its end.
fn earliest_end(rest: &str, ends: &[&str]) -> usize {
    ends.iter()
        .filter_map(|end| rest.find(end))
        .min()
        .unwrap_or(rest.len())
}

/// The reply with `Server Error: NNN` in front when the server's words lost their code, and a
/// code written `553.` read as `553`.
fn with_code(reply: &str, code: Option<&str>) -> String {
    let Some(code) = code else {
        return reply.to_owned();
    };
    match reply.strip_prefix(code) {
        Some(rest) if rest.starts_with(['.', ',', ':']) => format!("{code} {}", rest[1..].trim()),
        Some(_) => reply.to_owned(),
        None => format!("{code} {reply}"),
    }
}

/// The program's own sentence, without its task prefix and its trailer.
fn own_sentence(text: &str, lower: &str) -> String {
    // Japanese Outlook Express: "タスク '… - 送信中' はエラー (0x800CCC78) を報告しました: '…'".
    let japanese = lower
        .find("を報告しました:")
        .map(|at| at + "を報告しました:".len());
    let start = lower
        .find("reported error (0x")
        .and_then(|at| lower[at..].find(')').map(|close| at + close + 1))
        .or(japanese)
        .unwrap_or(0);
    let end = earliest_end(&lower[start..], TRAILER);
    text[start..start + end]
        .trim_matches([' ', ':', '\'', '"'])
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Option<Dialog> {
        parse(text, &text.to_ascii_lowercase())
    }

    #[test]
    fn the_server_response_is_the_reply_and_the_port_is_not() {
        // Microsoft KB 290842.
        let dialog = parse_text("The message could not be sent because one of the recipients was rejected by the server. The rejected e-mail address was '<someone@example.com>'. Subject: '<Test>', Account: '<Test>', Server: '<smtp.example.com>', Protocol: SMTP, Server Response: '550 <someone@example.com>... Relaying Denied', Port: 25, Secure (SSL): No, Server Error: 550, Error Number: 0x800CCC79").expect("a dialog");
        assert_eq!(dialog.reply, "550 <someone@example.com>... Relaying Denied");
        assert_eq!(dialog.stage, Some(Stage::RcptTo));
        let error = dialog.error.expect("a listed number");
        assert_eq!((error.number, error.kind), (0x800C_CC79, RecipientRejected));
        assert!(!error.decides);
    }

    #[test]
    fn a_code_written_with_a_full_stop_is_read() {
        let dialog = parse_text("Server Response: '553. To send mail, first check your mail; this prevents unauthorized SPAM relaying. (#5.7.1)', Port: 25, Secure(SSL): No, Server Error: 553, Error Number: 0x800CCC79").expect("a dialog");
        assert!(
            dialog.reply.starts_with("553 To send mail"),
            "{}",
            dialog.reply
        );
    }

    #[test]
    fn without_a_server_reply_the_number_decides() {
        let dialog = parse_text("The connection to the server has failed. Account: 'mail.example.com', Server: 'mail.example.com', Protocol: SMTP, Port: 25, Secure(SSL): No, Socket Error: 10061, Error Number: 0x800CCC0E").expect("a dialog");
        assert_eq!(dialog.reply, "The connection to the server has failed.");
        let error = dialog.error.expect("a listed number");
        assert_eq!(error.kind, ConnectFailed);
        assert!(error.decides);
    }

    #[test]
    fn a_task_error_keeps_the_program_sentence_without_its_prefix() {
        let dialog = parse_text("Task 'x - Sending' reported error (0x8004210B) : 'The operation timed out waiting for a response from the sending (SMTP) server. If you continue to receive this message, contact your server administrator.'").expect("a dialog");
        assert_eq!(
            dialog.reply,
            "The operation timed out waiting for a response from the sending (SMTP) server."
        );
        assert_eq!(dialog.error.map(|e| e.kind), Some(Timeout));
    }

    #[test]
    fn a_field_per_line_dialog_ends_the_reply_at_the_next_field() {
        let dialog = parse_text("Server Error: 454\nServer Response: 454 4.7.1 <a@example.org>: Relay access denied\nServer: 'mail.example.net'\nWindows Live Mail Error ID: 0x800CCC79\nProtocol: SMTP\nPort: 465\nSecure(SSL): Yes").expect("a dialog");
        assert_eq!(
            dialog.reply,
            "454 4.7.1 <a@example.org>: Relay access denied"
        );
        assert_eq!(dialog.stage, Some(Stage::RcptTo));
    }

    #[test]
    fn a_translated_dialog_gives_its_reply_and_code() {
        // Microsoft's French KB 290842.
        let dialog = parse_text("Impossible d'envoyer le message car l'un des destinataires a été refusé par le serveur. Objet : '<Test>', Protocole : SMTP, Réponse du serveur : '550 <personne@exemple.com>... Relais refusé', Port : 25, Sécurisé (SSL) : Non, Erreur du serveur : 550, Numéro d'erreur : 0x800CCC79").expect("a dialog");
        assert_eq!(dialog.reply, "550 <personne@exemple.com>... Relais refusé");
        assert_eq!(dialog.stage, Some(Stage::RcptTo));
        // German help: double quotes and "Anschluss" for the port.
        let dialog = parse_text("Serverantwort: \"550 <jemand@beispiel.com>... Relay verweigert\", Anschluss: 25, Secure (SSL): Nein, Serverfehler: 550, Fehlernummer: 0x800CCC79.").expect("a dialog");
        assert_eq!(
            dialog.reply,
            "550 <jemand@beispiel.com>... Relay verweigert"
        );
    }

    #[test]
    fn a_dialog_in_an_unlisted_language_gives_its_quoted_reply() {
        // Italian Outlook (email.it's help): its marker "Risposta del server:" is not listed.
        let dialog = parse_text("Impossibile inviare il messaggio. Uno dei destinatari non è stato accettato dal server. Protocollo: SMTP, Risposta del server: ’553 5.7.1 <casella@email.it>: Sender address rejected: not logged in‘, Porta: 25, Protezione (SSL): No, Errore del server: 553, Numero errore: 0x800CCC79").expect("a dialog");
        assert_eq!(
            dialog.reply,
            "553 5.7.1 <casella@email.it>: Sender address rejected: not logged in"
        );
        assert!(!dialog.error.expect("a listed number").decides);
    }

    #[test]
    fn other_text_is_no_dialog() {
        assert!(parse_text("535 5.7.8 Username and Password not accepted").is_none());
    }
}
