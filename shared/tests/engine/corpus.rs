//! The sourced corpus of `tests/data/corpus.jsonl`, split once into a tune part and a held-out part.
//!
//! The split rule is fixed: the first hex digit of the SHA-256 of the `reply` text; `0`–`b` is the
//! tune part, `c`–`f` is held out. Rules are tuned on the tune part only; the held-out part is
//! reported (accuracy and confusion table, written straight to stderr so `cargo test` shows them) but never asserted beyond sanity, so it
//! stays an honest estimate of how the rules do on replies nobody tuned them for.
//!
//! The held-out part has since been looked at (issue 13), so the honest figures are the **blind**
//! sets (`BLIND_SETS`): replies gathered and labelled, and committed before the diagnosis was first
//! run on any of them (git history shows the labels commit before the evaluation). No reply text
//! and no source of theirs is in any tuned file. Their labels are not to be changed to match a
//! result, and rules are not to be tuned on their misses: once they are, a set is one more tune
//! set and a new blind set is needed.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;

use sendready_shared::diagnosis::{DiagnosisInput, DiagnosisKind, diagnose};
use sendready_shared::providers::ProviderId;
use sendready_shared::smtp::Stage;
use serde::Deserialize;
use sha2::{Digest, Sha256};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/corpus.jsonl");
const WRAPPERS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/wrappers.jsonl");
const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/examples.jsonl");
const REPLIES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/replies.jsonl");

/// The tune part must stay at least this accurate.
const TUNE_FLOOR: f64 = 0.97;

/// A set of replies labelled and committed before the rules first saw them, with the accuracy it
/// must keep: a floor to catch regressions, set just under its first measurement (so one more miss
/// fails), never a target the rules were tuned to.
struct BlindSet {
    name: &'static str,
    path: &'static str,
    floor: f64,
}

const BLIND_SETS: [BlindSet; 12] = [
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
    // set's label for one such reply says unknown, and stays: 108 remain, 93 right.
    BlindSet {
        name: "blind 2",
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus_blind2.jsonl"
        ),
        floor: 0.855,
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
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    reply: String,
    stage: Option<String>,
    provider: Option<String>,
    kind: String,
    reason: String,
    source: String,
}

fn load(path: &str) -> Vec<Entry> {
    let text = std::fs::read_to_string(path).expect("corpus file");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// `true` for the held-out part: the first hex digit of SHA-256(reply) is `c`–`f`.
fn held_out(reply: &str) -> bool {
    Sha256::digest(reply.as_bytes())[0] >> 4 >= 0xc
}

fn classify(entry: &Entry) -> String {
    let input = DiagnosisInput {
        reply: entry.reply.clone(),
        stage: entry.stage.as_deref().and_then(Stage::parse_loose),
        host: None,
        provider: entry.provider.as_deref().and_then(ProviderId::parse),
        today: None,
    };
    diagnose(&input).kind.to_string()
}

/// Accuracy, the confusion counts (want, got) off the diagonal, and the misses.
struct Score {
    total: usize,
    right: usize,
    confusion: BTreeMap<(String, String), usize>,
    misses: Vec<String>,
}

fn score(entries: &[&Entry]) -> Score {
    let mut score = Score {
        total: entries.len(),
        right: 0,
        confusion: BTreeMap::new(),
        misses: Vec::new(),
    };
    for entry in entries {
        let got = classify(entry);
        if got == entry.kind {
            score.right += 1;
        } else {
            score.misses.push(format!(
                "  want {}, got {got}: {:?}",
                entry.kind, entry.reply
            ));
        }
        *score
            .confusion
            .entry((entry.kind.clone(), got))
            .or_default() += 1;
    }
    score
}

/// Writes to the process's stderr directly, which the test harness does not capture, so the
/// report shows with or without `--nocapture`.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

fn report(name: &str, score: &Score) -> f64 {
    let accuracy = score.right as f64 / score.total.max(1) as f64;
    say!(
        "corpus {name}: {}/{} right ({:.1}%)",
        score.right,
        score.total,
        accuracy * 100.0
    );
    say!("  confusion (want -> got: count), diagonal included:");
    for ((want, got), count) in &score.confusion {
        let mark = if want == got { " " } else { "x" };
        say!("  {mark} {want:>28} -> {got:<28} {count}");
    }
    accuracy
}

/// Every entry names a known kind, stage and provider, has a reason and a source URL with one of
/// `schemes`, and no reply text appears twice.
fn assert_well_formed(entries: &[Entry], schemes: &[&str]) {
    let kinds: Vec<&str> = DiagnosisKind::ALL.iter().map(|k| k.as_str()).collect();
    let mut replies = HashSet::new();
    for entry in entries {
        assert!(kinds.contains(&entry.kind.as_str()), "kind {}", entry.kind);
        assert!(
            schemes.iter().any(|s| entry.source.starts_with(s)),
            "source {}",
            entry.source
        );
        assert!(
            !entry.reason.trim().is_empty(),
            "reason for {:?}",
            entry.reply
        );
        assert!(
            replies.insert(entry.reply.as_str()),
            "duplicate {:?}",
            entry.reply
        );
        if let Some(stage) = &entry.stage {
            assert!(Stage::parse_loose(stage).is_some(), "stage {stage}");
        }
        if let Some(provider) = &entry.provider {
            assert!(ProviderId::parse(provider).is_some(), "provider {provider}");
        }
    }
}

#[test]
fn corpus_entries_are_well_formed() {
    let entries = load(CORPUS);
    assert!(entries.len() >= 460, "only {} entries", entries.len());
    assert_well_formed(&entries, &["https://"]);
}

#[test]
fn blind_entries_are_well_formed_and_new() {
    // Every text and source the rules were tuned or tested on, then each earlier blind set's.
    let mut used: Vec<(String, String)> = [CORPUS, WRAPPERS, EXAMPLES, REPLIES]
        .iter()
        .flat_map(|path| tuned_texts(path))
        .collect();
    for set in BLIND_SETS {
        let blind = load(set.path);
        assert!(
            blind.len() >= 50,
            "only {} entries in {}",
            blind.len(),
            set.name
        );
        // A few pages (old Outlook Express help pages) are only served over http.
        assert_well_formed(&blind, &["https://", "http://"]);
        for entry in &blind {
            assert!(
                !used
                    .iter()
                    .any(|(reply, source)| *reply == entry.reply || *source == entry.source),
                "{}: text or source already used elsewhere: {}",
                set.name,
                entry.source
            );
        }
        used.extend(blind.into_iter().map(|e| (e.reply, e.source)));
    }
}

/// (text, source) of every line of a tuned data file, whatever its other fields.
fn tuned_texts(path: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).expect("data file");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let line: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
            let text = line["reply"]
                .as_str()
                .or(line["text"].as_str())
                .unwrap_or("");
            let source = line["source"].as_str().unwrap_or("");
            (text.to_owned(), source.to_owned())
        })
        .collect()
}

#[test]
fn corpus_accuracy_on_tune_and_held_out_parts() {
    let entries = load(CORPUS);
    let (held, tune): (Vec<&Entry>, Vec<&Entry>) = entries.iter().partition(|e| held_out(&e.reply));
    let tune_score = score(&tune);
    let held_score = score(&held);
    let tune_accuracy = report("tune", &tune_score);
    report("held-out", &held_score);
    if !tune_score.misses.is_empty() {
        say!("tune misses:\n{}", tune_score.misses.join("\n"));
    }
    assert!(held.len() * 8 >= entries.len(), "held-out part too small");
    assert!(
        tune_accuracy >= TUNE_FLOOR,
        "tune accuracy {:.3} below {TUNE_FLOOR}:\n{}",
        tune_accuracy,
        tune_score.misses.join("\n")
    );
}

#[test]
fn corpus_accuracy_on_the_blind_sets() {
    let mut below = Vec::new();
    for set in BLIND_SETS {
        let blind = load(set.path);
        let entries: Vec<&Entry> = blind.iter().collect();
        let blind_score = score(&entries);
        let accuracy = report(set.name, &blind_score);
        if !blind_score.misses.is_empty() {
            say!("{} misses:\n{}", set.name, blind_score.misses.join("\n"));
        }
        if accuracy < set.floor {
            below.push(format!(
                "{} accuracy {accuracy:.3} below {}",
                set.name, set.floor
            ));
        }
    }
    assert!(below.is_empty(), "{}", below.join("; "));
}

/// A second person's labels of blind 3, given without the first labels or the diagnosis (one per
/// reply, with how sure they were).
const SECOND_LABELS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/blind3_second_labels.jsonl"
);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SecondLabel {
    reply: String,
    kind: String,
    confidence: String,
}

/// How often two people label the same reply alike bounds the accuracy any rules can show on
/// it: printed with Cohen's kappa, and the rules' accuracy on the replies both agree on.
#[test]
fn labellers_agree_on_blind_3() {
    let first = load(BLIND_SETS[2].path);
    let text = std::fs::read_to_string(SECOND_LABELS).expect("second labels");
    let second: Vec<SecondLabel> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(first.len(), second.len(), "one second label per reply");
    let kinds: Vec<&str> = DiagnosisKind::ALL.iter().map(|k| k.as_str()).collect();
    let mut first_counts: BTreeMap<&str, f64> = BTreeMap::new();
    let mut second_counts: BTreeMap<&str, f64> = BTreeMap::new();
    let (mut agreed, mut rules_on_agreed) = (0, 0);
    for (entry, label) in first.iter().zip(&second) {
        assert_eq!(
            entry.reply, label.reply,
            "the same reply, in the same order"
        );
        assert!(kinds.contains(&label.kind.as_str()), "kind {}", label.kind);
        assert!(["high", "medium", "low"].contains(&label.confidence.as_str()));
        *first_counts.entry(&entry.kind).or_default() += 1.0;
        *second_counts.entry(&label.kind).or_default() += 1.0;
        if entry.kind == label.kind {
            agreed += 1;
            rules_on_agreed += usize::from(classify(entry) == entry.kind);
        }
    }
    let total = first.len() as f64;
    let observed = agreed as f64 / total;
    let by_chance: f64 = first_counts
        .iter()
        .map(|(kind, count)| count * second_counts.get(kind).unwrap_or(&0.0))
        .sum::<f64>()
        / (total * total);
    let kappa = (observed - by_chance) / (1.0 - by_chance);
    say!(
        "blind 3, two labellers: agree on {agreed}/{} ({:.1}%), Cohen's kappa {kappa:.3}; the \
         rules are right on {rules_on_agreed}/{agreed} of the replies both agree on",
        first.len(),
        observed * 100.0
    );
    assert!(
        kappa > 0.8,
        "the labels themselves disagree: kappa {kappa:.3}"
    );
}
