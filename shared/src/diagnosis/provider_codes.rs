//! Provider code tables: the terse codes some mail systems print instead of words, and the blunt
//! short wordings of Chinese mail systems (Coremail, NetEase, Sina, Alibaba Mail), each row with
//! the page that says what it means.
//!
//! NetEase (163.com, 126.com, yeah.net) answers with a two-part code such as `421 HL:REP` whose
//! meaning only its own table gives: reputation and block lists are `connection_rejected`,
//! frequency and volume `rate_limited`, too many bad commands `protocol_error`, content judged
//! spam `connection_rejected`. These rows are the first rows of the rules (`rules::classify`
//! consults them before `RULES`, first row wins): a code or wording here is more precise than the
//! reply class or stage beside it.

use super::DiagnosisKind::*;
use super::rule::{Rule, when};

/// NetEase's published SMTP codes. Source for every row: NetEase's bounce-code table ("退信代码
/// 说明"), quoted at https://www.51yue.net/news/thread/20200123/14841169.html and
/// https://biecuoliao.com/pa/MBRrwEM.html.
static PROVIDER_CODES: &[Rule] = &[
    // "该IP发送行为异常,存在接收者大量不存在情况": the IP sends to many nonexistent addresses.
    when(ConnectionRejected).phrases(&["hl:rep"]),
    // "该IP同时并发连接数过大": too many concurrent connections from the IP.
    when(RateLimited).phrases(&["hl:icc"]),
    // "该IP短期内发送了大量信件": too many messages from the IP in a short time.
    when(RateLimited).phrases(&["hl:ifc"]),
    // "存在大量伪造发送域域名行为": the IP forges many sending domains.
    when(ConnectionRejected).phrases(&["hl:mep"]),
    // "发送方出现过多的错误指令": too many erroneous commands (MI:CEL, RP:CEL).
    when(ProtocolError).phrases(&["mi:cel", "rp:cel"]),
    // "发送方发送超出正常的指令数量": more commands than normal (MI:CCL, RP:CCL).
    when(ProtocolError).phrases(&["mi:ccl", "rp:ccl"]),
    // "当前连接发送的邮件数量超出限制": too many messages on one connection.
    when(RateLimited).phrases(&["mi:dmc"]),
    // "当前连接发送的收件人数量超出限制": too many recipients on one connection.
    when(RateLimited).phrases(&["rp:drc"]),
    // "发信人在15分钟内的发信数量超过限制": the sender's quota per 15 minutes.
    when(RateLimited).phrases(&["mi:sfq"]),
    // "发信IP位于一个或多个RBL里": the sending IP is on block lists.
    when(ConnectionRejected).phrases(&["dt:rbl"]),
    // "该IP不在网易允许的发送地址列表里": the IP is not on NetEase's allowed list.
    when(ConnectionRejected).phrases(&["wm:bli"]),
    // "此用户不在网易允许的发信用户列表里": the user is not an allowed sender.
    when(SenderNotAllowed).phrases(&["wm:blu"]),
    // "邮件正文带有垃圾邮件特征" / "被系统识别为垃圾邮件": content judged spam (451 and 554).
    when(ConnectionRejected).phrases(&["dt:spm"]),
];

/// Short blunt wordings, most telling first.
static TERSE_REPLIES: &[Rule] = &[
    // Alibaba Mail's behaviour anti-spam names frequency when that is the cause
    // (https://www.alibabacloud.com/help/en/alibaba-mail/latest/454), otherwise a refusal.
    when(RateLimited).phrases(&["too frequently sending"]),
    when(ConnectionRejected).phrases(&["reject by behaviour spam"]),
    // Coremail's reply list (https://blog.sina.com.cn/s/blog_8dc13ec50101fxxr.html,
    // https://360docs.net/doc/a61843873.html): "black ip" (发信IP被禁止), "rbl deny",
    // "openrelay check", the anti-spam engine.
    when(ConnectionRejected).phrases(&[
        "black ip",
        "rbl deny",
        "openrelay check",
        "rejected by anti-spam engine",
        "reject due to policy violations",
        "not taken: invalid ip",
        "ip is rejected",
        "mail content denied",
    ]),
    // Coremail: "host denies relay" (拒绝中继); "domain is not allowed relay".
    when(RelayDenied).phrases(&["host denies relay", "not allowed relay"]),
    // hMailServer: its IP ranges do not let this client send to external addresses.
    when(RelayDenied).phrases(&["delivery is not allowed to this address"]),
    // SMTP2GO's "Relay access denied - please authenticate": no login was attempted.
    when(NotAuthenticated).phrases(&["please authenticate"]),
    // Coremail: "relay check local fail" (本域用户必须通过验证: local users must log in).
    when(NotAuthenticated).phrases(&["relay check local fail"]),
    // Coremail: "auth mode unsupported" (不支持的认证模式); "Unable to use this auth type".
    when(AuthMechanismUnsupported).phrases(&["auth mode unsupported", "use this auth type"]),
    // NetEase: "too much fail authentication" (登录失败次数过多, banned for a while).
    when(RateLimited).phrases(&["too much fail authentication"]),
    // Coremail "451 out of allow RCPT numbers"; Alibaba "the total of RCPTs is achieved the
    // maximum threshold".
    when(RateLimited).phrases(&["out of allow rcpt numbers", "maximum threshold"]),
    // Tencent Cloud SES's error codes as its SMTP relay passes them on: "FailedOperation.
    // ExceedSendLimit" is the account's daily sending limit
    // (https://tencentcloud.com/document/product/1084/39652).
    when(RateLimited).phrases(&["exceedsendlimit"]),
    // The sender refused by the relay: Coremail's "host denies the sender", "mail from invalid",
    // "sender is unvalidated", "mail address invalid" (发件人地址不匹配), "remote ip check error"
    // (发信ip与Mail From地址不一致); hosting relays' "From domain must match authenticated
    // domain".
    when(SenderNotAllowed).phrases(&[
        "host denies the sender",
        "mail from invalid",
        "sender is unvalidated",
        "mail address invalid",
        "remote ip check error",
        "from domain must match",
    ]),
    // QQ Mail: 'The "From" header is missing or invalid' (a header it cannot parse).
    when(SenderNotAllowed).phrases(&[
        "header is missing or invalid",
        "rejecting spoofed message",
        "not taken: fake sender",
        "null sender is not allowed",
    ]),
    // Coremail's "Local user only" (NetEase's "553 Local user only,163 smtp5") and "sender is
    // rejected" (https://www.icoremail.vip/support/index.php?cate_id=84&page=5&start=0).
    when(SenderNotAllowed).phrases(&["local user only", "sender is rejected"]),
    // The account's own state: "This account isn't allowed to send email"; SMTP2GO's "that SMTP
    // username's account is not allowed to send" (a closed account or a blocked SMTP user).
    when(AccountBlocked).phrases(&[
        "is not allowed to send email",
        "account is not allowed to send",
    ]),
    // A recipient's mailbox over its quota, not a sending limit (Alibaba's bounce table,
    // https://www.yuntunpuzi.com/aliyun/745/).
    when(RecipientRejected).phrases(&[
        "mail quota exceeded",
        "quota exceed the hard limit",
        "mail box space not enough",
    ]),
    // "Mailbox limit exceeded while appending message" (a hosting bounce list,
    // https://edu.newpages.com.my/article/349/email-error-message).
    when(RecipientRejected).phrases(&["mailbox limit exceeded"]),
    // Commands out of sequence or malformed (Coremail's "please say HELO/EHLO first",
    // "sequence error", "line parse error"; qmail's and Exim's closing words; a server that could
    // not decode the client's base64 AUTH data; a refused EHLO argument).
    when(ProtocolError).phrases(&["please say helo"]),
    // hMailServer's "502 Use HELO/EHLO first", "500 Line too long", "501 HELO Invalid domain
    // address" (https://www.hmailserver.com/documentation/latest/?page=reference_error_messages_smtp).
    when(ProtocolError).phrases(&["helo/ehlo first"]),
    // The same demand in other orders and verbs: "503 EHLO/HELO first please" (Postal), "503
    // Error: send HELO first" (aiosmtpd), "send HELO/EHLO first" (Mailtrain-org/mailtrain#248,
    // aio-libs/aiosmtpd#406, uplusware/erisemail#1).
    when(ProtocolError).phrases(&[
        "ehlo/helo first",
        "send helo first",
        "send ehlo first",
        "line too long",
        "helo invalid domain address",
        "please say ehlo",
        "please say mail first",
        "please say rcpt first",
        "sequence error",
        "issue a reset if you want to start over",
        "too many errors",
        "excessive amounts of data sent to server",
        "invalid base64",
        "ehlo invalid domain address",
        "line parse error",
    ]),
    // Applications' own connect failures: "SMTP server connection failed. Check server url or
    // port", FreeScout's "… is not available on 465 port. Make sure … that outgoing port 465 on
    // YOUR server is open" ("Cannot Connect to <service>" is a row of the rules: it needs no code).
    when(ConnectFailed).phrases(&["smtp server connection failed", "outgoing port"]),
    // Servers refusing the connecting IP in their own words, whatever code they put in front:
    // MailEnable's access control ("530 … MailEnable Service … denied access at <time>",
    // https://www.mailenable.com/kb/content/article.asp?ID=ME020417) and GMS's banned hosts
    // ("550 Your server has been banned from this server",
    // https://www.gordano.com/knowledge-base/what-is-alert-8002/).
    when(ConnectionRejected).phrases(&["denied access at", "banned from this server"]),
];

/// qmail's own fixed texts, whose `(#x.y.z)` and words say more than the reply code beside them,
/// and fixed wordings in other languages. Sources: notqmail's `qmail-remote.c` and
/// `qmail-smtpd.c` for qmail's texts; each localized row names its page.
static FIXED_TEXTS: &[Rule] = &[
    // qmail-remote: "Sorry, I couldn't find any host by that name. (#4.1.2)", "… any host named
    // …. (#5.1.2)", "Sorry, I couldn't find a mail exchanger or IP address. (#5.4.4)", "CNAME
    // lookup failed temporarily. (#4.4.3)".
    when(DnsFailed).phrases(&[
        "could not find any host",
        "could not find a mail exchanger",
        "cname lookup failed",
    ]),
    // Server-side resolver failures: Exchange's "451 4.4.0 DNS query failed"
    // (https://medhacloud.com/blog/error-451-440-dns-query-failed), "DNS resolving error".
    when(DnsFailed).phrases(&["dns query failed", "dns resolving error"]),
    // qmail-smtpd's malformed commands: "555 syntax error (#5.5.4)", "502 unimplemented
    // (#5.5.1)", its bare-LF refusal pointing at djb's smtplf page (its commands out of sequence,
    // "503 MAIL first (#5.5.1)", are `protocol_phrases::OUT_OF_SEQUENCE`).
    when(ProtocolError).phrases(&[
        "syntax error (#5.5.4)",
        "unimplemented (#5.5.1)",
        "docs/smtplf",
    ]),
    // Gmail's replies as its German help list quotes them
    // (https://netcomplete.ch/bwl-knowledge-base/general/ueberblick-ueber-smtp-fehler): "TLS für
    // RCPT-Domain erforderlich", "Zeitüberschreitung, Verbindung wird beendet", "IP nicht auf
    // weißer Liste", "SMTP-Protokollverletzung".
    when(TlsRequired).phrases(&["tls für rcpt-domain erforderlich"]),
    when(Timeout).phrases(&["zeitüberschreitung"]),
    when(ConnectionRejected).phrases(&["nicht auf weißer liste"]),
    when(ProtocolError).phrases(&["protokollverletzung"]),
    // Gmail's relay limit in Brazilian Portuguese ("Limite máximo de redirecionamento SMTP
    // excedido", https://knowledge.workspace.google.com/…/gmail-smtp-errors-and-codes?hl=pt-br).
    when(RateLimited).phrases(&["limite máximo de redirecionamento"]),
    // Outlook in Japanese: "受信者の一人がサーバーによって拒否されたため…" (one of the recipients
    // was refused by the server, https://897825.o389qniy.asia/faq/mail/mail18b.html) and a server
    // response "認証が必要です" (authentication is required, https://www.choge-blog.com/…0x800ccc78…).
    when(RecipientRejected).phrases(&["受信者の一人がサーバーによって拒否"]),
    when(NotAuthenticated).phrases(&["認証が必要"]),
    // PHPMailer's "Could not connect to SMTP host" in Indonesian ("Tidak dapat terhubung ke host
    // SMTP", ekasyahwan/Sendinbox-#29).
    when(ConnectFailed).phrases(&["terhubung ke host smtp"]),
];

/// The tables in the order the rules consult them, before `RULES`.
pub(super) static TABLES: [&[Rule]; 3] = [PROVIDER_CODES, TERSE_REPLIES, FIXED_TEXTS];
