//! The words client libraries write when there was no reply to quote, one list per kind, in
//! lower case.
//!
//! A library that could not resolve the host, connect, agree on TLS or read a reply says so in
//! its own words (`getaddrinfo ENOTFOUND`, `ECONNREFUSED`, `wrong version number`, "the server
//! sent an invalid reply"). The rules read them only in text that carries no reply code, so a
//! server's words are never taken for a library's.

pub(super) const DNS_FAILED: &[&str] = &[
    "enotfound",
    "getaddrinfo",
    "name or service not known",
    "no such host",
    "could not resolve",
    "nodename nor servname",
    "name resolution",
    "eai_again",
    "nxdomain",
    "unknown host",
    "no address associated",
    "lookup address",
    "dns error",
    "dns lookup failed",
];

pub(super) const CONNECT_FAILED: &[&str] = &[
    "econnrefused",
    "connection refused",
    "ehostunreach",
    "enetunreach",
    "unreachable",
    "no route to host",
    "actively refused",
    "could not connect",
    "connect() failed",
    "econnreset",
    "connection reset",
    "connect etimedout",
    "eaddrnotavail",
    "connection timed out after connect",
];

pub(super) const WRONG_TLS_MODE: &[&str] = &[
    "wrong version number",
    "unexpected packet format",
    "wrong_version_number",
    "unknown protocol",
    "packet length too long",
    "http request",
    "before secure tls connection was established",
    "does not look like a tls handshake",
    "unrecognized ssl message",
    "plaintext connection",
    "reserved for plain-text connections",
    "on the ssl port",
    "securesocketoptions.starttls",
];

pub(super) const PROTOCOL_ERROR: &[&str] = &[
    "unexpectedly closed",
    "closed unexpectedly",
    "unexpected socket close",
    "unexpectedly disconnected",
    "disconnected unexpectedly",
    "unexpected disconnect",
    "lost in the middle",
    "connection lost",
    "unexpected eof",
    "invalid reply",
    "empty reply",
    "invalid response",
    "malformed reply",
    "malformed response",
    "unexpected reply",
    "ex_protocol",
    "unexpectedly terminated",
    "terminated the connection",
];

pub(super) const CLIENT_TLS_ERROR: &[&str] = &[
    "certificate",
    "self signed",
    "self-signed",
    "handshake",
    "ssl",
    "tls",
    "altnames",
];
