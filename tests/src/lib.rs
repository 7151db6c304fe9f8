//! Harness for the integration tests: finds the running app and its peers, and speaks HTTP to it.
//!
//! `cargo xtask test` starts the Worker (wrangler dev) and the test MTA, then runs these tests
//! with `SENDREADY_*` variables that say where everything is. A missing variable is a failure,
//! never a skipped test.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// The running test environment, as `cargo xtask test` describes it.
#[derive(Clone, Debug)]
pub struct Environment {
    /// Port of the local Worker on 127.0.0.1.
    pub worker_port: u16,
    pub starttls_port: u16,
    pub implicit_tls_port: u16,
    pub plain_port: u16,
    /// `(address, password)` of the MTA's SASL users.
    pub users: Vec<(String, String)>,
    /// Postfix and Dovecot state, logs and Maildirs.
    pub mta_dir: String,
    /// Where every service's log is written.
    pub log_dir: String,
}

/// An HTTP response: status, headers (lowercase names) and body.
#[derive(Clone, Debug)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Environment {
    /// Reads the environment; panics with the reason when not run through `cargo xtask test`.
    pub fn from_env() -> Self {
        let port = |name: &str| -> u16 {
            required(name).parse().unwrap_or_else(|_| panic!("{name} is not a port number"))
        };
        let worker_url = required("SENDREADY_URL");
        let worker_port = worker_url
            .rsplit(':')
            .next()
            .and_then(|port| port.trim_end_matches('/').parse().ok())
            .unwrap_or_else(|| panic!("SENDREADY_URL has no port: {worker_url}"));
        let users = (0..)
            .map_while(|index| {
                let user = std::env::var(format!("SENDREADY_USER_{index}")).ok()?;
                Some((user, required(&format!("SENDREADY_PASSWORD_{index}"))))
            })
            .collect();
        Self {
            worker_port,
            starttls_port: port("SENDREADY_SMTP_STARTTLS_PORT"),
            implicit_tls_port: port("SENDREADY_SMTP_IMPLICIT_TLS_PORT"),
            plain_port: port("SENDREADY_SMTP_PLAIN_PORT"),
            users,
            mta_dir: required("SENDREADY_MTA_DIR"),
            log_dir: required("SENDREADY_LOG_DIR"),
        }
    }

    /// Sends one request to the Worker and reads the whole response.
    pub fn request(&self, method: &str, path: &str, body: &[u8]) -> HttpResponse {
        http_request(self.worker_port, method, path, &[("content-type", "application/json")], body)
    }

    /// `POST path` with a JSON body, returning the status and the parsed JSON answer.
    pub fn post_json(&self, path: &str, body: &serde_json::Value) -> (u16, serde_json::Value) {
        let response = self.request("POST", path, body.to_string().as_bytes());
        let json = serde_json::from_slice(&response.body).unwrap_or_else(|error| {
            panic!("{path} answered {} with non-JSON ({error}): {}", response.status, String::from_utf8_lossy(&response.body))
        });
        (response.status, json)
    }
}

/// A minimal HTTP/1.1 client: one request per connection, `Connection: close`.
pub fn http_request(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> HttpResponse {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("the local worker accepts connections");
    stream.set_read_timeout(Some(Duration::from_secs(60))).expect("set a read timeout");
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes()).expect("send the request head");
    // A server may refuse a large body before reading it; the response still counts.
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the response");
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> HttpResponse {
    let split = raw.windows(4).position(|window| window == b"\r\n\r\n").expect("a complete response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers.iter().any(|(name, value)| name == "transfer-encoding" && value.eq_ignore_ascii_case("chunked")) {
        body = dechunk(&body);
    }
    HttpResponse { status, headers, body }
}

fn dechunk(mut chunked: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    while let Some(line_end) = chunked.windows(2).position(|window| window == b"\r\n") {
        let size_text = String::from_utf8_lossy(&chunked[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("0").trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = line_end + 2;
        body.extend_from_slice(&chunked[start..start + size]);
        chunked = &chunked[start + size + 2..];
    }
    body
}

fn required(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: run these tests through `cargo xtask test`"))
}
