//! The blind sets of the diagnosis corpus: each set's file, the floor its accuracy must keep, and
//! its history (when it was gathered, its first honest figure, the tuning round its misses named).
//!
//! A blind set's replies are gathered and labelled, and committed, before the diagnosis is first
//! run on any of them; `corpus` measures them and keeps their texts and sources out of every tuned
//! file. How replies are labelled, and the protocol a set goes through: `docs/labelling.md`.

/// A set of replies labelled and committed before the rules first saw them, with the accuracy it
/// must keep: a floor to catch regressions, set just under its first measurement (so one more miss
/// fails), never a target the rules were tuned to.
pub(crate) struct BlindSet {
    pub(crate) name: &'static str,
    pub(crate) path: &'static str,
    pub(crate) floor: f64,
}

pub(crate) const BLIND_SETS: [BlindSet; 19] = [
    // 86 replies, first measured 73/86 (84.9 %). Its miss families (not its texts) were then
    // named to the tuning of issue 13, which found 12 of its replies again on the same public
    // pages; those are tune data now and left this set (74 remain, 70 right, 71 after the second
    // round; the third found 8 more: 66 remain, 63 right). No longer blind. The fourth round
    // settled "relay access denied - please authenticate" as not_authenticated (the request to
    // log in outranks "relay", as the tune corpus labels it); this set's label says relay_denied,
    // and stays: 62 right.
    BlindSet {
        name: "blind 1",
        path: concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/corpus_blind.jsonl"),
        floor: 0.93,
    },
    // Gathered and labelled by someone who never ran the diagnosis, committed (487f65e, 2b6bdff)
    // before its first evaluation; entries sharing a text or source with a tuned file dropped
    // before that evaluation. First measured 87/131 (66.4 %) on 2026-12-03. Its miss families
    // (not its texts) were then named to a second tuning round, which found 20 of its replies
    // again on the same pages; those left it (111 remain: 96 right, 86.5 %); after the third
    // round 109 remain, 95 right (87.2 %). No longer blind. The sixth round settled "503 bad
    // sequence of commands" as protocol_error (as the tune corpus labels it since round 4); this
    // set's label for one such reply says unknown, and stays: 108 remain, 93 right. The nineteenth
    // round's Postfix "no valid recipients" at DATA (every recipient refused) made one more right:
    // 94/108 (87.0 %).
    BlindSet {
        name: "blind 2",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind2.jsonl"
        ),
        floor: 0.865,
    },
    // Gathered and labelled, without running the diagnosis, while the second tuning round ran;
    // committed (4501f5d, 19d4eb5) before its first evaluation, entries sharing a text or source
    // with any tuned or earlier blind file dropped before it. First measured 104/138 (75.4 %) on
    // 2026-12-03. Its miss families (not its texts) were then named to a third tuning round, which
    // found 18 of its replies again; those left it (120 remain: 109 right, 90.8 %). No longer
    // blind.
    BlindSet {
        name: "blind 3",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind3.jsonl"
        ),
        floor: 0.905,
    },
    // Gathered and labelled, without running the diagnosis, mostly from forums, blogs and
    // provider pages, while the third tuning round ran; committed (6090fd8, 2dc645b) before its
    // first evaluation, entries sharing a text or source with any tuned or earlier blind file
    // dropped before it. First measured 65/109 (59.6 %) on 2026-12-03. Its miss families were
    // then named to a fourth tuning round, which found 25 of its replies again on the same
    // provider pages; those left it (84 remain: 76 right, 90.5 %). No longer blind.
    BlindSet {
        name: "blind 4",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind4.jsonl"
        ),
        floor: 0.9,
    },
    // Gathered and labelled, without running the diagnosis, from mailing-list archives,
    // non-English help pages and app trackers, while the fourth tuning round ran; committed
    // (7c70aa1, 2462b10) before its first evaluation, entries sharing a text or source with any
    // tuned or earlier blind file dropped before it. First measured 60/88 (68.2 %) on 2026-12-03.
    // Its miss families were then named to a fifth tuning round, which found 4 of its replies
    // again; those left it (84 remain: 65 right, 77.4 %). No longer blind. The seventh round's
    // German client words for a connection that could not be made ("Verbindung … herstellen")
    // fixed one more: 66 right (78.6 %).
    BlindSet {
        name: "blind 5",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind5.jsonl"
        ),
        floor: 0.78,
    },
    // Gathered and labelled, without running the diagnosis, from business apps, devices and
    // monitoring tools and a receiving-side bounce catalogue, while the fifth tuning round ran;
    // committed (f116740, 17896d2) before its first evaluation, entries sharing a text or source
    // with any tuned or earlier blind file dropped before it. First measured 52/73 (71.2 %) on
    // 2026-12-03. Its miss families were then named to a sixth tuning round, which found one of
    // its replies again; it left (72 remain: 63 right, 87.5 %). No longer blind.
    BlindSet {
        name: "blind 6",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind6.jsonl"
        ),
        floor: 0.87,
    },
    // Gathered and labelled, without running the diagnosis, while the sixth tuning round ran;
    // committed (509c897, 28bd4f5) before its first evaluation, entries sharing a text or source
    // with any tuned or earlier blind file dropped before it. First measured 43/51 (84.3 %) on
    // 2026-12-03. Its miss families (not its texts) were then named to a seventh tuning round: a
    // webmail provider's "login failed, a secure connection is required" wording, a mailbox's
    // per-address outgoing limit, a device's own words for a refused login without a code, a
    // sending service's API errors passed on through its SMTP relay (an unknown recipient, an
    // unverified sender), a receiving provider's policy refusal and Microsoft's refusal of a
    // malformed EHLO name. None of its replies was found again; after the round 43 right
    // (84.3 %). Two of its labels differ from the tune corpus's conventions and stay: web.de's
    // "Reject due to policy restrictions" as unknown (a policy refusal is connection_rejected)
    // and Outlook's "5.5.4 Invalid domain name" at EHLO as connection_rejected (a malformed EHLO
    // argument is protocol_error). No longer blind.
    BlindSet {
        name: "blind 7",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind7.jsonl"
        ),
        floor: 0.84,
    },
    // Gathered and labelled, without running the diagnosis, while the seventh tuning round ran,
    // mostly from GitHub (projects' troubleshooting notes quoting real errors, issue threads of
    // projects not used before), about half on the authentication side; committed (8399e8b,
    // 14e15a0) before its first evaluation, the one entry sharing a source with a tuned file
    // dropped before it. The honest figure: first measured 64/92 (69.6 %) on 2026-12-03, after
    // the seventh round. Its miss families (not its texts) were then named to an eighth tuning
    // round: OAuth token-endpoint refusals as apps and SMTP clients print them (AADSTS codes,
    // invalid_client, invalid_request, redirect URI, scope, consent), connect-stage timeouts
    // (Nodemailer's CONN step), TLS words from Java wrapped in connect words (wrong TLS mode,
    // refused certificates), and smaller ones (malformed MAIL and RCPT arguments, relay refusals,
    // not-SMTP services, login rate limits). It found one of its replies again on the same page
    // (nodemailer/nodemailer#1048); it left (91 remain: 76 right, 83.5 %). No longer blind. Four
    // of its labels differ from the conventions the tune corpus and `crate::oauth`'s table settle,
    // and stay: Nodemailer's "Greeting never received" as wrong_tls_mode (a greeting timeout is
    // timeout, its advice naming the TLS mode), AADSTS900144 (a missing 'scope' parameter) as
    // oauth_request_invalid (scope_invalid in `oauth_errors.jsonl`, from the same thread), a bare
    // "MsalInteractionRequiredException: AADSTS65001" as oauth_scope_invalid (65001 is consent)
    // and Microsoft's "5.7.750 Client blocked from sending from unregistered domain" as
    // sender_not_allowed (Microsoft's 5.7.750 is a blocked account).
    BlindSet {
        name: "blind 8",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind8.jsonl"
        ),
        floor: 0.83,
    },
    // Gathered and labelled, without running the diagnosis, while the eighth tuning round ran,
    // mostly outside GitHub (provider and hosting help pages, deliverability references, vendor
    // manuals, blogs in several languages), heavy in rate limits; committed (e408fa4, d17c443)
    // before its first evaluation, the 8 entries sharing a source with a tuned file dropped
    // before it. The honest figure: first measured 49/78 (62.8 %) on 2026-12-03, after the
    // eighth round. Its miss families (not its texts) were then named to a ninth tuning round:
    // receiving- and hosting-side rate limits and holds in several languages (cPanel's outgoing
    // mail hold, Gmail's receiving rate, relay-service caps, NetEase codes), relay refusals that
    // ask for authentication, account-level sender blocks, "EHLO/HELO first", Exchange's 4.4.316
    // connection refused, Cyrus SASL's "No worthy mechs found", app texts for refused Microsoft
    // logins. None of its replies was found again on its pages; 55/78 (70.5 %) after that round.
    // No longer blind. Four of its conventions differ from the tune corpus's, and its labels
    // stay: Orange's and La Poste's "Service refuse … service refused" as rate_limited (unknown
    // in the tune corpus, from sisimai's samples), NetEase's "450 HL:MEP" as rate_limited (its
    // "421 HL:MEP", forged sending domains, is connection_rejected), qmail's rcpthosts refusal
    // inside Outlook's dialog as not_authenticated (relay_denied in the tune corpus) and
    // SocketLabs' "421 4.5.1 Too many errors, you have been temporarily blacklisted" as
    // rate_limited (too many bad commands is protocol_error).
    BlindSet {
        name: "blind 9",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind9.jsonl"
        ),
        floor: 0.70,
    },
    // Gathered and labelled, without running the diagnosis, while the ninth tuning round ran,
    // from GitHub issue threads of self-hosted apps, helpdesks, CRMs/ERPs, shops, libraries and
    // NAS tools (the collector found non-GitHub pages already mined), mostly wrapped in the apps'
    // own messages; committed (996625b) before its first evaluation, no entry sharing a text or
    // source with a tuned or earlier blind file. The honest figure: first measured 58/76
    // (76.3 %) on 2026-12-03, after the ninth round. Its miss families (not its texts) were then
    // named to a tenth tuning round: client libraries reading the server's replies out of step
    // (Swift Mailer's "Expected response code X but got code Y", Nodemailer's "Invalid greeting
    // from server: 250 …", where a refusal read out of turn is judged on its own words), Postfix's
    // "nested MAIL command", Swift Mailer's "using 0 possible authenticators", Python's "[Errno
    // -3] Try again", a reset in the handshake after STARTTLS, smtppool's "STARTTLS extension not
    // found", Gmail's "HELO/EHLO argument … invalid", a proxy's 421 "Cannot connect to SMTP
    // server", sending-service sandbox refusals and "password is too simple". None of its replies
    // was found again on its pages; 68/76 (89.5 %) after that round. No longer blind. Five of its
    // labels differ from the tune conventions and stay: Mailgun's sandbox refusal ("add the
    // address to authorized recipients") as relay_denied (sender_not_allowed in the tune corpus),
    // Nodemailer's "Greeting never received" and Ruby's bare Net::ReadTimeout as wrong_tls_mode
    // (a read that hears nothing is timeout there), OpenSSL's "wrong version number" from
    // stream_socket_enable_crypto() as tls_failed (wrong_tls_mode there) and a plaintext connect to
    // port 465 that "Timed Out" as connect_failed (wrong_tls_mode there). Three more stay missed
    // for want of a sourced reply of their family outside this set: Exim's "451 The server has
    // reached its limit for processing requests" inside Swift Mailer's words (rate_limited),
    // Tiscali's "your password is too simple" (account_blocked) and "550 I cannot deliver mail
    // for" (relay_denied).
    BlindSet {
        name: "blind 10",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind10.jsonl"
        ),
        floor: 0.89,
    },
    // Gathered and labelled, without running the diagnosis, while the tenth tuning round ran:
    // apps' troubleshooting docs in several languages, a bounce parser's comments quoting real
    // providers' replies, ISP and hosting help pages; committed (6468508) before its first
    // evaluation, no entry sharing a text or source with a tuned or earlier blind file. The
    // honest figure: first measured 52/62 (83.9 %) on 2026-12-03, after the tenth round. Its miss
    // families (not its texts) were then named to an eleventh tuning round: qmail's "temporary
    // envelope failure" as a rate limit, a disabled recipient mailbox in Exchange's STOREDRV words,
    // a receiving provider's policy refusal of the target address, a host refusing SMTP login on
    // its servers ("Authentication not allowed"), an ISP's 421 block whose words end in "retry
    // timeout exceeded", "requires valid sender domain" and "Recipient Not Authorised … no
    // authorised destination groups". The round found eleven new sourced replies: nine of
    // disabled, deactivated, locked or suspended recipient mailboxes and a recipient refusing the
    // mail (a bounce decoder page, Mautic's bounce parser), all right before tuning, and two of
    // Exchange Online's store driver failing for good while it delivers into the recipient's
    // mailbox, which became a rule of their own. No sourced reply outside this set was found for
    // its other families. None of its replies was found again on its pages; 53/62 (85.5 %) after
    // that round. No longer blind. Three of its labels differ from the tune conventions and stay: a
    // connect that "timed out" as connect_failed (timeout there), Nodemailer's "Invalid login: 451
    // Authentication failed" as connection_rejected and "550 5.7.1 Authentication refused" as
    // auth_mechanism_unsupported (both a refused login, bad_credentials, there).
    BlindSet {
        name: "blind 11",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind11.jsonl"
        ),
        floor: 0.85,
    },
    // Gathered and labelled, without running the diagnosis, while the eleventh tuning round
    // ran: mostly the replies and error strings in mail servers', client libraries' and mail
    // apps' own sources (several are the fixed part of a message template, said in the reason),
    // a few issue threads; committed (a85d6a2, f630865) before its first evaluation, the 3 entries
    // sharing a text or source with a tuned or earlier blind file dropped before it. The honest
    // figure: first measured 43/68 (63.2 %) on 2026-12-03, after the eleventh round. Its miss
    // families (not its texts) were then named to a twelfth tuning round: client libraries' own
    // words for a server without AUTH or without the chosen mechanism, for a server that offers
    // no STARTTLS when it is required, for malformed, short or undecodable replies and commands
    // out of order, resolvers' "host not found" and apps' "could not find your mail server",
    // servers' TLS-required wordings and a refused HELO. The round found eighteen new sourced
    // replies (Exim's smtp transport, Balsa, Postfix's smtpd, Python's smtpd, Asio, Mutt,
    // go-smtp, go-mail): 5/18 right before tuning, all after. No sourced reply outside this set
    // was found for "SMTP server does not support XOAUTH2 authentication", "does not allow
    // plaintext passwords", "lack of security", a refused HELO, "unparseable" or "short" replies,
    // a bad AUTH response or "can't decode base64", which stay missed. None of its replies was
    // found again on its pages; 46/68 (67.6 %) after that round. No longer blind. Four of its labels differ from the tune
    // conventions and stay: two content refusals (163's "DT:SPM", "potentially contains spam,
    // or phishing or malware") as unknown (connection_rejected there), "500 Error: command
    // 'AUTH' not recognized" as protocol_error (RFC 4954's 500 at AUTH is no mechanism in common
    // there) and "invalid response received after authpass" as bad_credentials (an invalid
    // response is a protocol error there).
    BlindSet {
        name: "blind 12",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind12.jsonl"
        ),
        floor: 0.67,
    },
    // Gathered and labelled, without running the diagnosis, from GitHub issue threads of
    // self-hosted apps and tools not used before (helpdesks, ERPs, home automation, monitoring,
    // password managers, mail servers, newsletter tools; a few in German, Portuguese, Russian,
    // Korean and French), half on the authentication side; committed (b32b38e) before its first
    // evaluation, the 14 entries sharing a text (or a text containing it) or a source with a
    // tuned or earlier blind file dropped before it (31df447). The honest figure: first measured
    // 79/100 (79.0 %) on 2026-12-03, after the twelfth round. A fallback judged by likeness to the
    // labelled replies (naive Bayes over words and codes, overruling verdicts of code, class or
    // stage; branch `likeness-experiment`), designed on blinds 2-12 with each set's own rules
    // and earlier data (+41 of 966), was measured once on it too: 76/100 (6 fixed, 9 broken),
    // and was not merged. Its miss families (not its texts) were then named to a thirteenth
    // tuning round: a second MAIL FROM in one transaction in other servers' words (SES's and
    // sendmail's "Sender already specified", SendGrid's "Only one sender per message"), Google's
    // consent screen refusing an unverified or blocked app ("Access blocked: … has not completed
    // the Google verification process", "Sign in with Google temporarily disabled for this app",
    // "Google blocked this access"), Jakarta Mail reading `[EOF]` where the greeting of port 465
    // should be, sending quotas in French, German and Italian, and a sender the server does not
    // host (Exchange's "Mailbox is not local: sender's…", Mail.ru's "not local sender"). The round
    // found 14 new sourced replies: 1/14 right before tuning, 14/14 after, and settled two
    // conventions: Google's consent screen refusing an app is oauth_access_denied (the person
    // cannot consent, as with `access_denied`), and a second MAIL FROM in one transaction is
    // protocol_error (as Postfix's "nested MAIL command"). No sourced reply outside
    // this set was found for "command out of sequence", a sender that "should authenticate", a
    // client library's unparseable reply ("response error"), "504 Unknown mechanism" behind an
    // application's own exception name, or "535 Authentication required" at AUTH (Courier and
    // qmail's patches send those words outside AUTH too), which stay missed. None of its replies
    // was found again on its pages, though one new reply (SES's "503 Sender Already Specified",
    // knadh/listmonk#1192) is the same server's words that one of its replies quotes inside
    // listmonk's log line; 85/100 (85.0 %) after that round. No longer blind. A second person
    // labelled it without the first labels or the diagnosis (`blind13_second_labels.jsonl`): they
    // agree on 93/100 (kappa 0.926); the rules were right on 74 of those 93 before the round and
    // on 80 after. Ten of its labels differ from the tune conventions and stay: four
    // connect-stage timeouts as timeout, as the collectors' brief wrongly said (Go's
    // "dial tcp …: i/o timeout", n8n's "The connection timed out", Nodemailer's
    // "connect ETIMEDOUT", which are connect_failed there, and PHP's "Connection to tcp://…:465
    // Timed Out", wrong_tls_mode there), "454 4.7.0 Temporary authentication failure" as
    // bad_credentials (unknown there), "expected response code 220 but got an empty response" as
    // unknown (protocol_error there), Yahoo's "[TSS04] … temporarily deferred due to user
    // complaints" as connection_rejected (rate_limited there), "Message size exceeds fixed limit"
    // as connection_rejected (unknown there), Postfix's "Helo command rejected: need
    // fully-qualified hostname" as protocol_error (connection_rejected there), and a Postfix "554
    // 5.7.1 … Recipient address rejected: Access denied" for an outside recipient as relay_denied
    // (the same words are recipient_rejected there).
    BlindSet {
        name: "blind 13",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind13.jsonl"
        ),
        floor: 0.845,
    },
    // Gathered and labelled, without running the diagnosis, while the thirteenth tuning round
    // ran: GitHub threads of projects in other ecosystems (embedded and home-automation mailers,
    // Go, Elixir, Rust, Java, Perl, Ruby, PHP and .NET apps, command-line mailers, OAuth proxies)
    // and web pages (Atlassian's knowledge base, database-mail blogs, small hosting help pages; a
    // few in Portuguese, Italian, Czech, Vietnamese, Indonesian and Chinese); committed (3037c5a)
    // before its first evaluation, the 18 entries sharing a text (or a text containing it) or a
    // source with a tuned or earlier blind file dropped before it (d70a110). The honest figure:
    // first measured 67/93 (72.0 %) on 2026-12-03, after the thirteenth round. Its collector's
    // brief, like blind 13's, wrongly called connect-stage timeouts timeout (the tune corpus says
    // connect_failed). Its miss families (not its texts) were then named to a fourteenth tuning
    // round: a socket timeout surfacing as EAGAIN ("Resource temporarily unavailable (os error
    // 11)", `kind: WouldBlock`), .NET's SslStream calling its handshake "Authentication failed
    // because the remote party has closed the transport stream", a TLS client reading a plaintext
    // greeting in Erlang's words (`{unsupported_record_type, 50}`, "received UNDEFINED ALERT")
    // and mbedTLS's ("An invalid SSL record was received"), AADSTS50011's reply-URL words quoted
    // without the code, Postfix quoting Cyrus SASL's own client-side failure after "cannot
    // authenticate to server" ("generic failure", "transient failure", "bad protocol / cancel":
    // unknown, no login the server refused), a POP3 server's "+OK" greeting naming POP3 in its
    // own words, and RFC 7505's X.7.27 "sender address has null MX" (a refused sender, which the
    // first rule row had grouped with the SPF, DKIM and DMARC verdicts). The round found 16 new
    // sourced replies: 0/16 right before tuning, 16/16 after (two of them held out by the split).
    // No sourced reply outside this set was found for ASSP's "554 … Relay Service denied for IP"
    // greeting, JavaMail's "Could not connect to SMTP host: …, response: 554" (a greeting
    // refused; its other pages are blind 8's and this set's), mutt's "SMTP authentication
    // requires SASL", ESP Mail Client's handshake step before "unable to connect to server", an
    // Italian "IP bloccato temporaneamente", yagmail's empty sender "not valid according to RFC
    // 2822", SmtpJS's host policy, or an OAuth token request's bare "HTTPError 400: 'Bad
    // Request'" (yagmail's is an expired grant), which stay missed. None of its replies was found
    // again on its pages; 74/93 (79.6 %) after that round. No longer blind. A second person labelled it without the first
    // labels or the diagnosis (`blind14_second_labels.jsonl`): they agree on 81/93 (kappa
    // 0.863); the rules were right on 64 of those 81 at the first measurement. Ten of its labels differ from the tune
    // conventions and stay: three connect-stage timeouts as timeout, as the collectors' brief
    // wrongly said (JavaMail's and Angus Mail's "Couldn't connect to host … Connection timed
    // out", Go's "dial tcp …: i/o timeout", connect_failed there), Confluence's "[EOF]" at HELO
    // as unknown (protocol_error there), Gmail's "421 4.7.0 Try again later, closing connection.
    // (EHLO)" as protocol_error (rate_limited there), msmtp's "envelope from address … not
    // accepted by the server" as unknown (sender_not_allowed there), PHPMailer's "AUTH command failed: 334 …" as unknown (protocol_error there: a 334 read
    // as the error), Apache Commons Email's "Sending the email to the following server failed" as
    // connect_failed (unknown there, as blind 3's labels say), "550 Please use your real hostname
    // when saying HELO" as protocol_error (connection_rejected there), and "550 No such user
    // here" for an unauthenticated send as not_authenticated (recipient_rejected there). The
    // nineteenth round read a client's bare "ssl" and "tls" only outside a host name, so Elixir's
    // `{:network_failure, ~c"ssl0.ovh.net", {:error, :closed}}` is no longer tls_failed: 75/93
    // (80.6 %), and the rules are right on 70 of the 81 replies both labellers agree on.
    BlindSet {
        name: "blind 14",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind14.jsonl"
        ),
        floor: 0.80,
    },
    // Gathered and labelled by `docs/labelling.md`'s conventions, without running the diagnosis,
    // while the fourteenth tuning round ran: GitHub threads of shops and their mail plugins, CMS
    // and LMS, ERPs and CRMs, monitoring and chat apps, and a few hosting and device pages (in
    // German, Italian, Japanese, Chinese, French and Spanish besides English); committed (fb42813)
    // before its first evaluation, the 27 entries sharing a text (or a text containing it) or a
    // source with a tuned or earlier blind file dropped before it (7ac4903). The honest figure:
    // first measured 67/96 (69.8 %) on 2026-12-03, after the fourteenth round. Its miss families
    // (not its texts) were then named to a fifteenth tuning round: Swift Mailer's and Zend
    // Framework's own words for a TLS handshake that failed after "220 Ready to start TLS" ("Unable
    // to connect with TLS encryption", "Unable to connect via TLS"; the 220 in Swift's log data had
    // read as a success reply quoted out of turn), Postfix's "connect to HOST[IP]:25: Operation
    // timed out" (musl's words for ETIMEDOUT: a connect that timed out, not a read), a Go client
    // that requires TLS finding no STARTTLS in the EHLO reply ("does not advertise the STARTTLS
    // extension"), a client that could not parse a multi-line 220 banner ("Unexpected greeting"),
    // GMX's "Sender address is not allowed" at MAIL FROM, Exchange Online's "550 5.2.1 Mailbox
    // cannot be accessed" answering the login itself (the account's own mailbox, not a
    // recipient's), PHP's implicit-TLS sockets (`ssl://`, `tls://`) to the STARTTLS port 587
    // failing with no errno ("(Unknown error)"), and Apprise's generic "A Connection error
    // occurred", which it logs for any exception during the send. The round found 19 new sourced
    // replies: 3/19 right before tuning, 19/19 after (three of them held out by the split); the
    // rule row type moved into `diagnosis::rule` so that `rules.rs` could grow. Blind 9's and blind
    // 12's figures rose by one each (a Postfix connect timeout, GMX's refused sender). No sourced
    // reply outside this set was found for Laminas's "Relay access denied. Not authenticated to
    // send as …", "5.5.2 bad chars in command", Exim's "sender already given" quoted after a
    // From-address failure, simple-mail's "Unexpected server response" for a 220 banner, FuelPHP's
    // "Got an unexpected response from host on command", GMX's bare "550-Requested action not taken
    // -- mailbox unavailable" at MAIL FROM, gomail's "mail: expected single address", "Unable to
    // open SMTP connection to: … 80", PHP's "fsockopen returned Error Number 0" for `tls://…:587`,
    // or Alertmanager's missing STARTTLS on port 465 (a wrong TLS mode there, now read as
    // insecure_server), which stay missed. 73/96 (76.0 %) after that round. No longer blind. A
    // second person labelled it without the first labels or the diagnosis
    // (`blind15_second_labels.jsonl`): they agree on 83/96 (kappa 0.853); the rules were right on
    // 63 of those 83 at the first measurement, 69 after this round. Thirteen of its labels differ
    // from the tune conventions and stay: Swift Mailer's "Connection could not be established with
    // host … [ #0]" (twice), PHPMailer's bare "SMTP connect() failed" (twice) and OpenSupports'
    // "Can not connect to server.: undefined" as unknown (connect_failed there), Swift's
    // "Connection to host:143 Timed Out" (a read that timed out) as connect_failed (timeout there),
    // Swift's "Expected response code 250 but got code \"\"" as unknown (protocol_error there),
    // smtplib's "SMTPServerDisconnected: Server not connected" as unknown (protocol_error there,
    // like "please run connect() first"), Gmail's "421 4.7.0 Try again later, closing connection.
    // (MAIL)" as unknown (rate_limited there), Postfix's "Helo command rejected: Get lost!" as
    // protocol_error (connection_rejected there), "452 4.3.4 Message size exceeds fixed limit" as
    // connection_rejected (unknown there), Apprise's "A Connection error occurred" as
    // connect_failed (unknown there, this round's sourced reply), and a "452 4.1.1 … policy
    // violation" as connection_rejected (blind 5 labels the same provider's words rate_limited).
    BlindSet {
        name: "blind 15",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind15.jsonl"
        ),
        floor: 0.77,
    },
    // Gathered and labelled by `docs/labelling.md`'s conventions, without running the diagnosis,
    // while the fifteenth tuning round ran: GitHub threads of self-hosted apps and libraries not
    // used before (Appwrite, EspoCRM, Ory Kratos, cal.com, Zitadel, Delta Chat, fastapi-mail,
    // gen_smtp…) and web pages (hosting and ISP help in several countries, vendor docs, blogs; a
    // few in Japanese, Korean, Polish, Italian and Chinese), about a third on the sign-in side;
    // committed (0af41b9) with no entry sharing a text (or a text containing it) or a source with a
    // tuned or earlier blind file. The honest figure: first measured 63/97 (64.9 %) on 2026-12-03,
    // after the fifteenth round. Its miss families (not its texts) were then named to a sixteenth
    // tuning round: Microsoft's Conditional Access blocking token issuance (AADSTS53003, 53005,
    // "blocked by conditional access"; 53003 had read as an interaction a refresh cannot do, it is
    // an administrator's policy: oauth_access_denied), AADSTS500011 "The resource principal named …
    // was not found in the tenant" (the resource a scope names: oauth_scope_invalid), Swift
    // Mailer's and Symfony's "Connection could not be established with host" quoting OpenSSL's
    // "wrong version number" (implicit TLS to a STARTTLS port, not an unreachable host), a client
    // library naming its own authentication method the server does not offer ("Authentication
    // method … is unavailable", "does not support any of the AUTH methods"), Python's `SSLEOFError`
    // ("UNEXPECTED_EOF_WHILE_READING … EOF occurred in violation of protocol", a handshake cut off,
    // not a session closed) and an account's "quota limit" reached. The round found 16 new sourced
    // replies: 4/16 right before tuning, 16/16 after (two of them held out by the split); no other
    // set's figure moved. No sourced reply outside this set was found for POP-before-SMTP's "you
    // must get POP/APOP authorization" (its only other page is the same provider's list of that
    // sentence), Outlook's Japanese "リレー拒否" (its other quotes sit on the same Microsoft page), a
    // Polish accounting app's "Połączenie wymaga szyfrowania / zalogowania" and "Wybrana metoda
    // logowania jest zbyt słaba", generic connect words ("Server has refused the connection",
    // "Conection Fail", "Could not send message to smtp server …:25"), Nodemailer's ESOCKET on a
    // read at its CONN step, Kratos's i/o timeout (plaintext to an implicit-TLS port), a TLS
    // alert's raw bytes in smtplib's `(-1, b'\x02…')`, "The integration test was not successful:
    // EOF", Aruba's bare 554 after the initial connection, "Email must contain either an HTML or
    // text body", "I cannot deliver mail for", "unable to identify smtp server", "unable to set
    // sender to from", "501 5.0.0 Authentication canceled", "502 5.3.3 Command not implemented" at
    // MAIL FROM or "452 4.5.3 Recipient policy mismatch", which stay missed. 71/97 (73.2 %) after
    // that round. No longer blind. A second person labelled it without the first labels or the
    // diagnosis (`blind16_second_labels.jsonl`): they agree on 93/97 (kappa 0.956); the rules were
    // right on 63 of those 93 at the first measurement and on 71 after the round. Six of its labels
    // differ from the tune conventions and stay:
    // Postfix's "Helo command rejected: need fully-qualified hostname" (twice) and "… Host not
    // found" and Exim's "Syntactically invalid HELO argument(s)" as protocol_error (the tune corpus
    // labels a receiver refusing the client's HELO name connection_rejected), IceWarp's "501 5.5.1
    // HELO/EHLO requires domain address" at EHLO as protocol_error (a 501 there is
    // connection_rejected), and Spambrella's "550 5.1.0 sender rejected" at MAIL FROM as
    // connection_rejected (sender_not_allowed there).
    BlindSet {
        name: "blind 16",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind16.jsonl"
        ),
        floor: 0.73,
    },
    // Gathered and labelled by `docs/labelling.md`'s conventions, without running the diagnosis,
    // while the sixteenth tuning round ran: mostly the reply strings in mail servers' and filters'
    // sources (sendmail, indimail, mailfront, Haraka, iRedAPD, piler, OpenSMTPD) and client
    // libraries' (CSmtp, Blat, Claws Mail, Rebex, CodeIgniter in three languages, MIME::Lite,
    // emailjs, Perl's Mail::Sender and Email::Sender), smaller apps' threads and a few pages in
    // Japanese, Russian and German; about 40 % on the sign-in side; committed (0ec5bd0) with no
    // entry sharing a text (or a text containing it) or a source with a tuned or earlier blind
    // file. The honest figure: first measured 63/99 (63.6 %) on 2026-12-03, after the sixteenth
    // round. Its miss families (not its texts) were then named to a seventeenth tuning round: a
    // client naming the mechanism the server will not take ("AUTH LOGIN is not supported",
    // "authentication protocol … is not accepted", "SMTP AUTH method not available", "none of the
    // supported authentication methods"), a server's "too many bad/unrecognized commands" (read as
    // a sending limit, it is a client speaking the protocol wrongly), a command before HELO in a
    // server's own words, a reply a client calls an invalid or bad SMTP response, a connection
    // the client could not establish and a server that never responds. The round found 10 new
    // sourced replies: 8/10 right before tuning, 10/10 after (two of them held out by the split);
    // blind 5 (67/84) and blind 12 (48/68) rose with it, no other set's figure moved. No new
    // sourced reply was found (the round's search budget ran out) for a sender that is not the
    // login's ("Sender is not same as SMTP authenticate username", an envelope domain that does not
    // match the AUTH domain, "MAIL FROM not accepted", "does not like the sender name"), a
    // provider's probation limit, "unauthorized relaying", Oracle's ORA-29277/29278, "Unable to
    // determine remote server", a connect that "timed out" named only as a connection, "Failed to
    // send AUTH LOGIN command" (in English and German) or "does not require AUTH LOGIN", which stay
    // missed. 76/99 (76.8 %) after that round. No longer blind. A second person labelled it
    // without the first labels or the diagnosis (`blind17_second_labels.jsonl`): they agree on
    // 92/99 (kappa 0.922); the rules were right on 61 of those 92 at the first measurement and on
    // 74 after the round. Its labels that differ from the tune conventions and stay: "553 Sender address syntax error" and "554 5.1.2 Address does not
    // contain a fully qualified domain name" as protocol_error (an address the server refuses is
    // sender_not_allowed in the tune corpus), "504 Invalid AUTH string" as protocol_error (504 at
    // AUTH is auth_mechanism_unsupported), "The STARTTLS command is not supported by the server" as
    // insecure_server (tls_failed by its words), "Connection to … timed out" as connect_failed (a
    // timeout named without its connect step is timeout) and Postfix's "Recipient address
    // rejected: Policy rejection due to null sender" as sender_not_allowed (recipient_rejected).
    BlindSet {
        name: "blind 17",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind17.jsonl"
        ),
        floor: 0.76,
    },
    // Gathered and labelled by `docs/labelling.md`'s conventions, without running the diagnosis,
    // while the seventeenth tuning round ran. The collector's search budget ran out early, so it
    // is mostly source and translation strings (CodeIgniter's and Horde's client messages in many
    // languages, qpsmtpd, Mailpit, GreenMail, Inbucket, MailHog, go-guerrilla, slimta, vmime,
    // mailsend) besides 22 threads where people pasted their app's error and 3 pages; committed
    // (1f5336d) before its first evaluation; the 9 entries sharing a text (or a text
    // containing it) or a source with a tuned or earlier blind file dropped, then every entry past
    // the third of its repository or site (in file order), so that one project's strings do not
    // weigh like a dozen pages (116 gathered, 61 remain). The honest figure: first measured 41/61
    // (67.2 %) on 2026-12-03, after the seventeenth round. A second person labelled it without
    // the first labels or the diagnosis (`blind18_second_labels.jsonl`, from the replies' words
    // alone, the search tools being spent): they agree on 58/61 (kappa 0.944); the rules were
    // right on 39 of those 58 at the first measurement and on 49 after the round below. Its miss
    // families (not its texts) were then named to an eighteenth tuning round: a command out of
    // order in a server's own words rather than "bad sequence of commands" (a RCPT before MAIL, a
    // DATA before RCPT, a MAIL already given, HELO/EHLO needed), a command line or argument the
    // server could not parse in its own words (bad syntax, a usage line, "malformed" or "invalid
    // command" in a 500 or 501), a client naming a server without ESMTP or without an AUTH
    // mechanism, a message refused for its MIME structure (parts, types, boundaries; "too many"
    // parts had read as a sending limit), a login refused for a rate limit written "rate-limit",
    // the receiving server's own virus scanner failing (its trouble, not the content; "virus" had
    // read as a content refusal), a client requiring TLS of a server with none to offer, a client
    // library's words for a server reply it could not parse, and a command on a connection never
    // opened. The round found 14 new sourced replies: 3/14 right before tuning, 14/14 after (three
    // of them held out by the split); the words of a client speaking SMTP wrongly moved from
    // `phrases` into `protocol_phrases`. Blind 15 rose by one (Exim's "sender already given",
    // 74/96, 70 of the 83 both its labellers agree on); no other set's figure moved. No other
    // sourced reply was found for a client library's "could not handle SMTP server response" or
    // "Invalid SMTP syntax in server response", PHPMailer's "Called HELO without being connected"
    // (blind 8 labels its MAIL FROM sibling bad_credentials), an empty line's "500 Speak up", or a
    // STARTTLS answer that the server has no TLS ("454 TLS unavailable on the server", Horde's
    // Japanese words; the tune corpus and blind 17 label "454 TLS not available …" tls_failed),
    // which stay missed; "503 please say hello first …" and "503 RCPT command(s) required" stay
    // missed too, since blind 2 labels "5.5.2 Send hello first" unknown and the tune corpus labels
    // "503 RCPT command expected" and "503 Improper sequence of commands" unknown, so neither those
    // words nor RFC 5321's bare 503 can be read as protocol_error without lowering them. Two of its
    // labels differ from the tune conventions and stay: Postfix's "504 5.5.2 … Helo command
    // rejected: need fully-qualified hostname" at EHLO as protocol_error (connection_rejected
    // there) and Gmail's "421 4.7.0 Try again later, closing connection. (EHLO)" as
    // connection_rejected (rate_limited there). 51/61 (83.6 %) after that round. No longer blind.
    BlindSet {
        name: "blind 18",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind18.jsonl"
        ),
        floor: 0.83,
    },
    // Gathered and labelled by `docs/labelling.md`'s conventions, without running the diagnosis,
    // while the eighteenth tuning round ran: what sendready's own users meet, people wiring a
    // business application (helpdesks, CRMs, ERPs, CMS plugins, monitoring, NAS and self-hosted
    // apps) to a mailbox, about 40 % on the sign-in side, nearly all GitHub threads where people
    // pasted their app's error; committed before its first evaluation, no entry sharing a text
    // (or a text containing it) or a source with a tuned or earlier blind file, none past the
    // third of its repository. The honest figure: first measured 97/112 (86.6 %, Wilson
    // 79.1–91.7 %) on 2026-12-03, after the eighteenth round. Its miss families (not its texts)
    // were then named to a nineteenth tuning round: Ruby's `Net::SMTPSyntaxError` named without
    // its reply (a command the server could not parse), Node's certificate errors ("self signed
    // certificate") inside a client's "Failed to connect to SMTP" (a handshake that failed, not a
    // connect), Postfix's "no valid recipients" when DATA follows only refused recipients, Google's
    // "Error 403: access_denied" page whose request details list a `redirect_uri` (read as a
    // redirect mismatch), a TLS handshake's bytes (`\026\003…`) logged by a plaintext server
    // (implicit TLS to a plaintext port, not a client out of step), a client's contracted "can't
    // connect", an HTTP mail API refusing its key with a 401, and a sending service's test or
    // trial account that may send only to its owner's address. The round found 18 new sourced
    // replies: 8/18 right before tuning, 18/18 after (six of them held out by the split); the TLS
    // phrase families moved from `phrases` and `library_phrases` into `tls_phrases`. It also read
    // a client's bare "ssl" and "tls" only outside a host name (`ssl0.ovh.net`), which made blind
    // 14 rise by one (75/93), and blind 2 rose by one (94/108); no other set's figure moved. No
    // other sourced reply was found for an IMAP server's "* OK … ready" greeting answering a
    // client of another protocol, which stays missed. Its labels that differ from the tune conventions
    // and stay: "535 5.7.0 (#AUTH005) Too many bad auth attempts" as rate_limited (bad_credentials
    // there), "454 4.7.0 Temporary authentication failure" as bad_credentials (unknown there),
    // SnappyMail's "STARTTLS is not supported" as tls_failed (insecure_server there), AADSTS7000218
    // as oauth_request_invalid (oauth_client_secret_invalid there), Swift Mailer's "Expected
    // response code 220 but got code \"\"" as timeout (protocol_error there) and smtplib's
    // "Connection unexpectedly closed" as unknown (protocol_error there). 105/112 (93.8 %) after
    // that round. No longer blind. A second person labelled it without the first labels or the
    // diagnosis (`blind19_second_labels.jsonl`): they agree on 109/112 (kappa 0.971); the rules
    // were right on 97 of those 109 at the first measurement and on 105 after the round (the
    // three replies they read differently are all among the six labels above).
    BlindSet {
        name: "blind 19",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind19.jsonl"
        ),
        floor: 0.93,
    },
];
