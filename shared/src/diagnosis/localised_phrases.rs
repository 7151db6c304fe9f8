//! Meanings told in two parts, a subject and what befell it, as mail programs' translations word
//! them: read with `near` rows (either order, a few words apart), one list per part, in lower case.
//!
//! Mail clients and libraries ship their own messages in twenty or more languages (gettext `.po`
//! files, Android `strings.xml`, Roundcube's `messages.inc`), and a language's word order moves
//! the parts about: "Для запрошенного механизма аутентификации требуется шифрование" is "encryption
//! required for the requested authentication mechanism" with the encryption last. So each family
//! names its subject and its verdict separately, in the words that carry them across programs (a
//! language's common word for "encryption", "required", "not found", "timed out"), English
//! included, and the rows in `rules` pair them. The sources are the round-28 entries of
//! `corpus.jsonl`: GNOME's camel (Evolution) and Geary, Mutt and NeoMutt, Claws Mail, msmtp,
//! KDE's KSMTP, FairEmail, Roundcube, PHPMailer and Thunderbird for Android.

/// An authentication mechanism or method, named as such (camel's "механизма аутентификации",
/// "meccanismo di autenticazione", "método de autenticación"; Mutt's "методов аутентификации",
/// "autenticatori", "metod uwierzytelniania"; Claws Mail's "SMTP AUTH" method, "SMTP认证方式").
pub(super) const AUTH_METHOD: &[&str] = &[
    "authentication mechanism",
    "authentication method",
    "механизм",
    "методов аутентификации",
    "метод smtp аутентификации",
    "meccanismo di autenticazione",
    "autenticatori",
    "método de autenticación",
    "metod uwierzytelniania",
    "método smtp auth",
    "smtp auth method",
    "认证方式",
    "認証メカニズム",
];

/// None of them on offer: "нет доступных", "non ci sono … disponibili", "żadna z … nie jest
/// dostępna", "nenhum … disponível", Chinese "无".
pub(super) const NONE_ON_OFFER: &[&str] =
    &["нет доступных", "non ci sono", "żadna z", "nenhum", "无"];

/// Weaker than the server's policy allows (RFC 4954's 534 5.7.9 "mechanism is too weak"):
/// "troppo debole", "demasiado débil", "不十分過ぎ".
pub(super) const TOO_WEAK: &[&str] =
    &["too weak", "troppo debole", "demasiado débil", "不十分過ぎ"];

/// A certificate, and an error with it (Thunderbird for Android's "Certificate error for %1$s":
/// "%1$s 的证书错误", "Erreur de certificat", "Сбой сертификата"; Geary's Japanese "an error
/// occurred processing the server's certificate", "証明書を処理中にエラー").
pub(super) const CERTIFICATE: &[&str] = &["certificat", "证书", "сертификат", "証明書"];
pub(super) const ERROR: &[&str] = &["error", "erreur", "错误", "сбой", "エラー"];

/// Encryption (RFC 4954's 538 "encryption required for requested authentication mechanism"):
/// "шифрование", "cifratura".
pub(super) const ENCRYPTION: &[&str] = &["encryption", "шифрование", "cifratura"];

/// Required: "требуется", "richiede".
pub(super) const REQUIRED: &[&str] = &["required", "требуется", "richiede"];

/// The sender's address, named: camel's "адрес отправителя", "差出人のアドレス", "adres
/// nadawcy"; Roundcube's "Absender", "отправителя", "remetente"; PHPMailer's "Fromアドレス",
/// "发送地址".
pub(super) const SENDER_ADDRESS: &[&str] = &[
    "отправителя",
    "差出人のアドレス",
    "adres nadawcy",
    "der absender",
    "remetente",
    "fromアドレス",
    "发送地址",
    "remitente",
];

/// Refused or unusable: "неверный" (wrong), "невозможно установить" (cannot set), "正しくありません"
/// (not correct), "nieprawidłowy" (invalid), "konnte nicht gesetzt werden", "falha ao definir",
/// "エラー", "错误" (error); camel's Spanish "no válida", and Spanish's "no se pudo" (could not,
/// PHPMailer's "No se pudo configurar …").
pub(super) const NOT_ACCEPTED: &[&str] = &[
    "no válida",
    "no se pudo",
    "неверный",
    "невозможно",
    "正しくありません",
    "nieprawidłowy",
    "konnte nicht",
    "falha",
    "エラー",
    "错误",
];

/// A host named as what was looked for (Mutt's "Could not find the host", its translations
/// "värden", "host", "адрес сервера", "ホスト").
pub(super) const HOST: &[&str] = &["host", "värden", "адрес сервера", "ホスト"];

/// Not found: "kunde inte hitta", "nie został znaleziony", "не удалось определить" (could not
/// determine), "が見つからなかった"; German "unbekannt" (a host unknown, Java's `UnknownHostException`
/// as German applications print it).
pub(super) const NOT_FOUND: &[&str] = &[
    "not found",
    "unbekannt",
    "kunde inte hitta",
    "nie został znaleziony",
    "не удалось определить",
    "が見つからな",
];

/// A host name's lookup, and its failure (Opie's German "Die Host-Suche ist fehlgeschlagen.",
/// "host lookup failed"): the name did not resolve. "Fehlgeschlagen" alone beside "Host" is a
/// connect that failed, so the lookup must be named.
pub(super) const HOST_LOOKUP: &[&str] = &["host-suche", "hostsuche", "namensauflösung"];
pub(super) const LOOKUP_FAILED: &[&str] = &["fehlgeschlagen"];

/// Waiting that ran out, in a language's own word: "timed out", "タイムアウト", "время ожидания",
/// "tidsgränsen", "zeitüberschreitung", "délai d'attente", "tempo esgotado", "zaman aşımı".
pub(super) const TIME_RAN_OUT: &[&str] = &[
    "timed out",
    "timeout",
    "タイムアウト",
    "время ожидания",
    "tidsgränsen",
    "zeitüberschreitung",
    "délai d'attente",
    "tempo esgotado",
    "zaman aşım",
];

/// The connect named as the step (Claws Mail's "Timeout (%d seconds) connecting to %s": "при
/// подключении к", "beim verbinden", "lors de la connexion", "ao tentar conectar"), or the attempt
/// to connect ("Timeout error while trying to connect", a timeout while connecting).
pub(super) const CONNECTING: &[&str] = &[
    "connecting to",
    "trying to connect",
    "attempting to connect",
    "при подключении",
    "beim verbinden",
    "lors de la connexion",
    "tentar conectar",
    "bağlanırken",
];

/// The connection to the server: "conexión", "verbindung", "connessione", "соединение",
/// "verbinding".
pub(super) const CONNECTION: &[&str] = &[
    "conexión",
    "verbindung",
    "connessione",
    "соединение",
    "verbinding",
];

/// Lost or broken off mid-session (KSMTP's "Connection to server lost": "perdida",
/// "abgebrochen", "interrotta"; camel's "gesloten door de server", closed by the server).
pub(super) const LOST: &[&str] = &["perdida", "abgebrochen", "interrotta", "gesloten door"];

/// The server's reply: "serverantwort", "ответ сервера", "risposta del server", "odpověď serveru".
pub(super) const SERVER_REPLY: &[&str] = &[
    "serverantwort",
    "ответ сервера",
    "risposta del server",
    "odpověď serveru",
];

/// Invalid: "ungültig", "неверный", "non valida", "nesprávná", and Czech's common "neplatn-"
/// (Claws Mail's and camel's "Neplatná …" for "Invalid …").
pub(super) const INVALID: &[&str] = &["ungültig", "неверный", "non valida", "nesprávn", "neplatn"];

/// A mailbox, named: KSMTP's "buzón", "postfach", "casella di posta"; French "boîte aux lettres"
/// (camel's "boîte aux lettres non disponible" for "mailbox unavailable").
pub(super) const MAILBOX: &[&str] = &["buzón", "postfach", "casella di posta", "boîte aux lettres"];

/// Unavailable: "no disponible", "nicht erreichbar", Italian "non disponibile" and French "non
/// disponible".
pub(super) const UNAVAILABLE: &[&str] = &["no disponible", "nicht erreichbar", "non disponib"];

/// IMAP/SMTP named as a service (FairEmail's hint that "AUTHENTICATE failed" can be IMAP/SMTP
/// switched off by the administrator).
pub(super) const IMAP_SMTP: &[&str] = &["imap/smtp"];

/// Switched off: "disabled", "désactivation", "отключением", "無効", "停用", "禁用".
pub(super) const SWITCHED_OFF: &[&str] = &[
    "disabled",
    "désactivation",
    "отключением",
    "無効",
    "停用",
    "禁用",
];

/// A token or grant renewed, and the renewal failing (FluentSMTP's "Failed to renew token with
/// Gmail Api"): the grant no longer works, so the account must be connected again.
pub(super) const RENEW: &[&str] = &["renew"];
pub(super) const FAILED_TO: &[&str] = &["failed to", "could not", "unable to"];
