//! Provider code tables: the terse codes some mail systems print instead of words, and the blunt
//! short wordings of Chinese mail systems (Coremail, NetEase, Sina, Alibaba Mail), each row with
//! the page that says what it means.
//!
//! NetEase (163.com, 126.com, yeah.net) answers with a two-part code such as `421 HL:REP` whose
//! meaning only its own table gives: reputation and block lists are `connection_rejected`,
//! frequency and volume `rate_limited`, too many bad commands `protocol_error`, content judged
//! spam `connection_rejected`. The rules consult these tables before their own rows: a code or
//! wording here is more precise than the reply class or stage beside it.

use super::DiagnosisKind::{self, *};

/// One row: the lower-cased words (a provider code or a fixed wording) and what they mean.
pub(crate) struct Row {
    pub words: &'static str,
    pub kind: DiagnosisKind,
}

const fn row(words: &'static str, kind: DiagnosisKind) -> Row {
    Row { words, kind }
}

/// NetEase's published SMTP codes. Source for every row: NetEase's bounce-code table ("退信代码
/// 说明"), quoted at https://www.51yue.net/news/thread/20200123/14841169.html and
/// https://biecuoliao.com/pa/MBRrwEM.html.
pub(crate) static PROVIDER_CODES: &[Row] = &[
    // "该IP发送行为异常,存在接收者大量不存在情况": the IP sends to many nonexistent addresses.
    row("hl:rep", ConnectionRejected),
    // "该IP同时并发连接数过大": too many concurrent connections from the IP.
    row("hl:icc", RateLimited),
    // "该IP短期内发送了大量信件": too many messages from the IP in a short time.
    row("hl:ifc", RateLimited),
    // "存在大量伪造发送域域名行为": the IP forges many sending domains.
    row("hl:mep", ConnectionRejected),
    // "发送方出现过多的错误指令": too many erroneous commands (MI:CEL, RP:CEL).
    row("mi:cel", ProtocolError),
    row("rp:cel", ProtocolError),
    // "发送方发送超出正常的指令数量": more commands than normal (MI:CCL, RP:CCL).
    row("mi:ccl", ProtocolError),
    row("rp:ccl", ProtocolError),
    // "当前连接发送的邮件数量超出限制": too many messages on one connection.
    row("mi:dmc", RateLimited),
    // "当前连接发送的收件人数量超出限制": too many recipients on one connection.
    row("rp:drc", RateLimited),
    // "发信人在15分钟内的发信数量超过限制": the sender's quota per 15 minutes.
    row("mi:sfq", RateLimited),
    // "发信IP位于一个或多个RBL里": the sending IP is on block lists.
    row("dt:rbl", ConnectionRejected),
    // "该IP不在网易允许的发送地址列表里": the IP is not on NetEase's allowed list.
    row("wm:bli", ConnectionRejected),
    // "此用户不在网易允许的发信用户列表里": the user is not an allowed sender.
    row("wm:blu", SenderNotAllowed),
    // "邮件正文带有垃圾邮件特征" / "被系统识别为垃圾邮件": content judged spam (451 and 554).
    row("dt:spm", ConnectionRejected),
];

/// Short blunt wordings, most telling first.
pub(crate) static TERSE_REPLIES: &[Row] = &[
    // Alibaba Mail's behaviour anti-spam names frequency when that is the cause
    // (https://www.alibabacloud.com/help/en/alibaba-mail/latest/454), otherwise a refusal.
    row("too frequently sending", RateLimited),
    row("reject by behaviour spam", ConnectionRejected),
    // Coremail's reply list (https://blog.sina.com.cn/s/blog_8dc13ec50101fxxr.html,
    // https://360docs.net/doc/a61843873.html): "black ip" (发信IP被禁止), "rbl deny",
    // "openrelay check", the anti-spam engine.
    row("black ip", ConnectionRejected),
    row("rbl deny", ConnectionRejected),
    row("openrelay check", ConnectionRejected),
    row("rejected by anti-spam engine", ConnectionRejected),
    row("reject due to policy violations", ConnectionRejected),
    row("not taken: invalid ip", ConnectionRejected),
    row("ip is rejected", ConnectionRejected),
    row("mail content denied", ConnectionRejected),
    // Coremail: "host denies relay" (拒绝中继); "domain is not allowed relay".
    row("host denies relay", RelayDenied),
    row("not allowed relay", RelayDenied),
    // hMailServer: its IP ranges do not let this client send to external addresses.
    row("delivery is not allowed to this address", RelayDenied),
    // SMTP2GO's "Relay access denied - please authenticate": no login was attempted.
    row("please authenticate", NotAuthenticated),
    // Coremail: "relay check local fail" (本域用户必须通过验证: local users must log in).
    row("relay check local fail", NotAuthenticated),
    // Coremail: "auth mode unsupported" (不支持的认证模式); "Unable to use this auth type".
    row("auth mode unsupported", AuthMechanismUnsupported),
    row("use this auth type", AuthMechanismUnsupported),
    // NetEase: "too much fail authentication" (登录失败次数过多, banned for a while).
    row("too much fail authentication", RateLimited),
    // Coremail "451 out of allow RCPT numbers"; Alibaba "the total of RCPTs is achieved the
    // maximum threshold".
    row("out of allow rcpt numbers", RateLimited),
    row("maximum threshold", RateLimited),
    // Tencent Cloud SES's error codes as its SMTP relay passes them on: "FailedOperation.
    // ExceedSendLimit" is the account's daily sending limit
    // (https://tencentcloud.com/document/product/1084/39652).
    row("exceedsendlimit", RateLimited),
    // The sender refused by the relay: Coremail's "host denies the sender", "mail from invalid",
    // "sender is unvalidated", "mail address invalid" (发件人地址不匹配), "remote ip check error"
    // (发信ip与Mail From地址不一致); hosting relays' "From domain must match authenticated
    // domain".
    row("host denies the sender", SenderNotAllowed),
    row("mail from invalid", SenderNotAllowed),
    row("sender is unvalidated", SenderNotAllowed),
    row("mail address invalid", SenderNotAllowed),
    row("remote ip check error", SenderNotAllowed),
    row("from domain must match", SenderNotAllowed),
    // QQ Mail: 'The "From" header is missing or invalid' (a header it cannot parse).
    row("header is missing or invalid", SenderNotAllowed),
    row("rejecting spoofed message", SenderNotAllowed),
    row("not taken: fake sender", SenderNotAllowed),
    row("null sender is not allowed", SenderNotAllowed),
    // Coremail's "Local user only" (NetEase's "553 Local user only,163 smtp5") and "sender is
    // rejected" (https://www.icoremail.vip/support/index.php?cate_id=84&page=5&start=0).
    row("local user only", SenderNotAllowed),
    row("sender is rejected", SenderNotAllowed),
    // The account's own state: "This account isn't allowed to send email"; SMTP2GO's "that SMTP
    // username's account is not allowed to send" (a closed account or a blocked SMTP user).
    row("isn't allowed to send email", AccountBlocked),
    row("account is not allowed to send", AccountBlocked),
    // A recipient's mailbox over its quota, not a sending limit (Alibaba's bounce table,
    // https://www.yuntunpuzi.com/aliyun/745/).
    row("mail quota exceeded", RecipientRejected),
    row("quota exceed the hard limit", RecipientRejected),
    row("mail box space not enough", RecipientRejected),
    // "Mailbox limit exceeded while appending message" (a hosting bounce list,
    // https://edu.newpages.com.my/article/349/email-error-message).
    row("mailbox limit exceeded", RecipientRejected),
    // Commands out of sequence or malformed (Coremail's "please say HELO/EHLO first",
    // "sequence error", "line parse error"; qmail's and Exim's closing words; a server that could
    // not decode the client's base64 AUTH data; a refused EHLO argument).
    row("please say helo", ProtocolError),
    // hMailServer's "502 Use HELO/EHLO first", "500 Line too long", "501 HELO Invalid domain
    // address" (https://www.hmailserver.com/documentation/latest/?page=reference_error_messages_smtp).
    row("helo/ehlo first", ProtocolError),
    row("line too long", ProtocolError),
    row("helo invalid domain address", ProtocolError),
    row("please say ehlo", ProtocolError),
    row("please say mail first", ProtocolError),
    row("please say rcpt first", ProtocolError),
    row("sequence error", ProtocolError),
    row("issue a reset if you want to start over", ProtocolError),
    row("too many errors", ProtocolError),
    row("excessive amounts of data sent to server", ProtocolError),
    row("invalid base64", ProtocolError),
    row("ehlo invalid domain address", ProtocolError),
    row("line parse error", ProtocolError),
    // Applications' own connect failures: "SMTP server connection failed. Check server url or
    // port", FreeScout's "… is not available on 465 port. Make sure … that outgoing port 465 on
    // YOUR server is open" ("Cannot Connect to <service>" is a row of the rules: it needs no code).
    row("smtp server connection failed", ConnectFailed),
    row("outgoing port", ConnectFailed),
    // Servers refusing the connecting IP in their own words, whatever code they put in front:
    // MailEnable's access control ("530 … MailEnable Service … denied access at <time>",
    // https://www.mailenable.com/kb/content/article.asp?ID=ME020417) and GMS's banned hosts
    // ("550 Your server has been banned from this server",
    // https://www.gordano.com/knowledge-base/what-is-alert-8002/).
    row("denied access at", ConnectionRejected),
    row("banned from this server", ConnectionRejected),
];

/// qmail's own fixed texts, whose `(#x.y.z)` and words say more than the reply code beside them,
/// and fixed wordings in other languages. Sources: notqmail's `qmail-remote.c` and
/// `qmail-smtpd.c` for qmail's texts; each localized row names its page.
pub(crate) static FIXED_TEXTS: &[Row] = &[
    // qmail-remote: "Sorry, I couldn't find any host by that name. (#4.1.2)", "… any host named
    // …. (#5.1.2)", "Sorry, I couldn't find a mail exchanger or IP address. (#5.4.4)", "CNAME
    // lookup failed temporarily. (#4.4.3)".
    row("couldn't find any host", DnsFailed),
    row("couldn't find a mail exchanger", DnsFailed),
    row("cname lookup failed", DnsFailed),
    // Server-side resolver failures: Exchange's "451 4.4.0 DNS query failed"
    // (https://medhacloud.com/blog/error-451-440-dns-query-failed), "DNS resolving error".
    row("dns query failed", DnsFailed),
    row("dns resolving error", DnsFailed),
    // qmail-smtpd's commands out of sequence or malformed: "503 MAIL first (#5.5.1)", "503 RCPT
    // first (#5.5.1)", "555 syntax error (#5.5.4)", "502 unimplemented (#5.5.1)", its bare-LF
    // refusal pointing at djb's smtplf page; Exchange's "Need rcpt command" and Gmail's "Need
    // MAIL before RCPT" (swiftmailer/swiftmailer#1181, jdleo/SMS-BOMBER#2).
    row("mail first", ProtocolError),
    row("rcpt first", ProtocolError),
    row("need rcpt", ProtocolError),
    row("need mail before rcpt", ProtocolError),
    row("syntax error (#5.5.4)", ProtocolError),
    row("unimplemented (#5.5.1)", ProtocolError),
    row("docs/smtplf", ProtocolError),
    // Gmail's replies as its German help list quotes them
    // (https://netcomplete.ch/bwl-knowledge-base/general/ueberblick-ueber-smtp-fehler): "TLS für
    // RCPT-Domain erforderlich", "Zeitüberschreitung, Verbindung wird beendet", "IP nicht auf
    // weißer Liste", "SMTP-Protokollverletzung".
    row("tls für rcpt-domain erforderlich", TlsRequired),
    row("zeitüberschreitung", Timeout),
    row("nicht auf weißer liste", ConnectionRejected),
    row("protokollverletzung", ProtocolError),
    // Gmail's relay limit in Brazilian Portuguese ("Limite máximo de redirecionamento SMTP
    // excedido", https://knowledge.workspace.google.com/…/gmail-smtp-errors-and-codes?hl=pt-br).
    row("limite máximo de redirecionamento", RateLimited),
    // Outlook in Japanese: "受信者の一人がサーバーによって拒否されたため…" (one of the recipients
    // was refused by the server, https://897825.o389qniy.asia/faq/mail/mail18b.html) and a server
    // response "認証が必要です" (authentication is required, https://www.choge-blog.com/…0x800ccc78…).
    row("受信者の一人がサーバーによって拒否", RecipientRejected),
    row("認証が必要", NotAuthenticated),
    // PHPMailer's "Could not connect to SMTP host" in Indonesian ("Tidak dapat terhubung ke host
    // SMTP", ekasyahwan/Sendinbox-#29).
    row("terhubung ke host smtp", ConnectFailed),
];

/// The first row of any table whose words are in the lower-cased reply.
pub(crate) fn find(text: &str) -> Option<&'static Row> {
    PROVIDER_CODES
        .iter()
        .chain(TERSE_REPLIES)
        .chain(FIXED_TEXTS)
        .find(|row| text.contains(row.words))
}
