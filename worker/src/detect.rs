//! `GET /api/detect?email=…`: which provider hosts an address's mail, from the domain's MX and
//! submission SRV records (DNS-over-HTTPS, RFC 8484) and its autoconfig file, combined by
//! `shared::discovery`, cached per domain with the Workers Cache API for the DNS TTL.
//!
//! Workers have no resolver API, so DNS goes as wire-format messages to the resolver at
//! `DOH_URL` (Cloudflare's by default). Every fetch is bounded in time (`FETCH_TIMEOUT_MS`) and
//! size (the shared parsers' limits), follows no redirect, and the autoconfig hosts are resolved
//! first and checked with the destination policy, so no private or loopback address is fetched
//! (loopback only under the dev-only `ALLOW_LOOPBACK`, as for SMTP). Cloudflare's own fetch
//! refuses private addresses too; the check also covers local runs. The dev-only var
//! `AUTOCONFIG_PORT` (read only under `ALLOW_LOOPBACK`) makes a local run fetch the autoconfig
//! file from the address the resolver gave, on that port, naming the host in
//! `x-forwarded-host`: the test domains exist only in the test resolver, which workerd's own
//! name lookup does not ask.

use core::net::IpAddr;

use futures_util::StreamExt;
use futures_util::future::{Either, join, join4, select};
use sendready_shared::api::{ApiError, ErrorCode};
use sendready_shared::discovery::autoconfig::{self, AutoconfigError};
use sendready_shared::discovery::dns::{self, Answer, RecordType, Records};
use sendready_shared::discovery::{self, Detection, Evidence, Lookup};
use sendready_shared::settings::Field;
use worker::{
    Cache, Delay, Env, Fetch, Headers, Method, Request, RequestInit, RequestRedirect, Response,
    Result,
};

use crate::config::Config;
use crate::responses::{declared_length, error};

/// Cloudflare's public resolver, used unless `DOH_URL` names another.
const DEFAULT_DOH_URL: &str = "https://cloudflare-dns.com/dns-query";
/// How long one outbound fetch (a DNS query, an autoconfig file) may take, body included.
const FETCH_TIMEOUT_MS: u64 = 2500;
/// Cached answers live at least this long (seconds), so a zero TTL cannot defeat the cache, and
/// at most a day. An answer with a failed lookup is kept only `FAILED_TTL_S`.
const MIN_TTL_S: u32 = 60;
const MAX_TTL_S: u32 = 86_400;
const FAILED_TTL_S: u32 = 60;
/// The Cache API needs a URL key; this host never resolves, it only names the entries.
const CACHE_PREFIX: &str = "https://detect-cache.sendready.invalid/v1/";

/// Where lookups go, read from the environment once per request.
struct Resolver {
    doh_url: String,
    policy: sendready_shared::policy::DestinationPolicy,
    /// Dev only: fetch autoconfig files from the resolved address on this port.
    autoconfig_port: Option<u16>,
}

/// Why an outbound fetch gave nothing usable, in lower case for the evidence.
type FetchFailure = String;

/// `GET /api/detect?email=…`.
pub async fn detect(req: &Request, env: &Env, config: &Config) -> Result<Response> {
    let url = req.url()?;
    let email = url
        .query_pairs()
        .find(|(name, _)| name == "email")
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default();
    let domain = match discovery::domain_of(&email, &config.policy) {
        Ok(domain) => domain,
        Err(why) => {
            let mut refused = ApiError::new(ErrorCode::InvalidEmail, why.to_string());
            refused.field = Some(Field::Email);
            return error(&refused);
        }
    };
    let cache = Cache::default();
    let key = format!("{CACHE_PREFIX}{domain}");
    if let Ok(Some(mut cached)) = cache.get(key.as_str(), false).await {
        let body = cached.bytes().await?;
        return answer(body, "hit", cached.headers().get("cache-control")?);
    }
    let resolver = Resolver {
        doh_url: text_var(env, "DOH_URL").unwrap_or_else(|| DEFAULT_DOH_URL.to_owned()),
        policy: config.policy,
        // Dev only: read only where loopback is allowed, never in a deployment.
        autoconfig_port: text_var(env, "AUTOCONFIG_PORT")
            .filter(|_| config.policy.allow_loopback)
            .and_then(|port| port.parse().ok()),
    };
    let (detection, ttl_s) = resolver.detect(&domain, &email).await;
    let body = serde_json::to_vec(&detection)?;
    let cache_control = format!("public, max-age={ttl_s}");
    let mut entry = Response::from_bytes(body.clone())?;
    entry.headers_mut().set("cache-control", &cache_control)?;
    // A cache that refuses the entry (workers.dev has no cache) costs only the next lookup.
    let _ = cache.put(key.as_str(), entry).await;
    answer(body, "miss", Some(cache_control))
}

fn answer(body: Vec<u8>, cache: &str, cache_control: Option<String>) -> Result<Response> {
    let mut response = Response::from_bytes(body)?;
    let headers = response.headers_mut();
    headers.set("content-type", "application/json")?;
    headers.set("x-sendready-cache", cache)?;
    if let Some(value) = cache_control {
        headers.set("cache-control", &value)?;
    }
    Ok(response)
}

fn text_var(env: &Env, name: &str) -> Option<String> {
    env.var(name)
        .map(|var| var.to_string())
        .ok()
        .filter(|value| !value.is_empty())
}

impl Resolver {
    /// Every source at once, combined; the TTL is the shortest of the DNS answers used.
    async fn detect(&self, domain: &str, email: &str) -> (Detection, u32) {
        let submissions = discovery::srv_name(Lookup::SrvSubmissions, domain);
        let submission = discovery::srv_name(Lookup::SrvSubmission, domain);
        let (mx, srv_tls, srv_starttls, autoconfig) = join4(
            self.resolve(domain, RecordType::Mx),
            self.resolve(&submissions, RecordType::Srv),
            self.resolve(&submission, RecordType::Srv),
            self.autoconfig(domain, email),
        )
        .await;
        let mut ttl_s = MAX_TTL_S;
        let mut failed = false;
        let mut evidence = Vec::with_capacity(4);
        for (source, outcome) in [
            (Lookup::Mx, mx),
            (Lookup::SrvSubmissions, srv_tls),
            (Lookup::SrvSubmission, srv_starttls),
        ] {
            evidence.push(match outcome {
                Ok(answer) => {
                    ttl_s = ttl_s.min(answer.ttl_s);
                    match answer.records {
                        Records::Mx(records) => Evidence::from_mx(&records),
                        Records::Srv(records) => Evidence::from_srv(source, &records),
                        Records::Addresses(_) => Evidence::failed(source, "unexpected addresses"),
                    }
                }
                Err(why) => {
                    failed = true;
                    Evidence::failed(source, why)
                }
            });
        }
        evidence.push(match autoconfig {
            Ok(Some(server)) => Evidence::from_autoconfig(server),
            Ok(None) => Evidence {
                source: Lookup::Autoconfig,
                finding: discovery::Finding::NotFound,
            },
            Err(why) => {
                failed = true;
                Evidence::failed(Lookup::Autoconfig, why)
            }
        });
        let ttl_s = if failed {
            FAILED_TTL_S
        } else {
            ttl_s.clamp(MIN_TTL_S, MAX_TTL_S)
        };
        (discovery::combine(domain, evidence), ttl_s)
    }

    /// One DNS question through DNS-over-HTTPS (RFC 8484 POST, wire format).
    async fn resolve(
        &self,
        name: &str,
        record_type: RecordType,
    ) -> std::result::Result<Answer, FetchFailure> {
        let query = dns::query(name, record_type).map_err(|why| why.to_string())?;
        let headers = Headers::new();
        let set = |name: &str, value: &str| headers.set(name, value).map_err(|e| e.to_string());
        set("content-type", "application/dns-message")?;
        set("accept", "application/dns-message")?;
        let mut init = RequestInit::new();
        init.with_method(Method::Post)
            .with_headers(headers.clone())
            .with_redirect(RequestRedirect::Manual)
            .with_body(Some(js_sys::Uint8Array::from(query.as_slice()).into()));
        let request = Request::new_with_init(&self.doh_url, &init).map_err(|e| e.to_string())?;
        let bytes = bounded_fetch(request, dns::MAX_ANSWER_BYTES, "the resolver").await?;
        dns::parse_answer(&bytes, name, record_type).map_err(|why| why.to_string())
    }

    /// The outgoing server of the domain's autoconfig file, trying Thunderbird's two HTTPS
    /// locations in order; `None` when neither host has an address or a file.
    async fn autoconfig(
        &self,
        domain: &str,
        email: &str,
    ) -> std::result::Result<Option<discovery::Server>, FetchFailure> {
        for (host, path) in discovery::autoconfig_locations(domain, email) {
            let Some(address) = self.public_address(&host).await? else {
                continue;
            };
            let target = match self.autoconfig_port {
                Some(port) => match address {
                    IpAddr::V6(v6) => format!("https://[{v6}]:{port}{path}"),
                    IpAddr::V4(v4) => format!("https://{v4}:{port}{path}"),
                },
                None => format!("https://{host}{path}"),
            };
            let headers = Headers::new();
            headers
                .set("accept", "application/xml, text/xml")
                .map_err(|e| e.to_string())?;
            if self.autoconfig_port.is_some() {
                headers
                    .set("x-forwarded-host", &host)
                    .map_err(|e| e.to_string())?;
            }
            let mut init = RequestInit::new();
            init.with_headers(headers)
                .with_redirect(RequestRedirect::Manual);
            let request = Request::new_with_init(&target, &init).map_err(|e| e.to_string())?;
            let what = format!(
                "https://{host}{}",
                path.split('?').next().unwrap_or_default()
            );
            let bytes = match bounded_fetch(request, autoconfig::MAX_FILE_BYTES, &what).await {
                Ok(bytes) => bytes,
                Err(why) if why.ends_with("answered 404") => continue,
                Err(why) => return Err(why),
            };
            let xml = String::from_utf8(bytes).map_err(|_| format!("{what} is not utf-8 text"))?;
            return autoconfig::outgoing_server(&xml, domain)
                .map(Some)
                .map_err(|why: AutoconfigError| format!("{what}: {why}"));
        }
        Ok(None)
    }

    /// The first address of `host` (A, then AAAA), once every address it has passes the
    /// destination policy; `None` when it has none.
    async fn public_address(
        &self,
        host: &str,
    ) -> std::result::Result<Option<IpAddr>, FetchFailure> {
        let (v4, v6) = join(
            self.resolve(host, RecordType::A),
            self.resolve(host, RecordType::Aaaa),
        )
        .await;
        let mut addresses = Vec::new();
        for answer in [v4?, v6?] {
            if let Records::Addresses(found) = answer.records {
                addresses.extend(found);
            }
        }
        for address in &addresses {
            self.policy
                .check_resolved(*address)
                .map_err(|why| format!("{host} resolves to a refused address: {why}"))?;
        }
        Ok(addresses.first().copied())
    }
}

/// Sends `request` and reads at most `limit` body bytes, all within `FETCH_TIMEOUT_MS`.
async fn bounded_fetch(
    request: Request,
    limit: usize,
    what: &str,
) -> std::result::Result<Vec<u8>, FetchFailure> {
    let work = async {
        let mut response = Fetch::Request(request)
            .send()
            .await
            .map_err(|_| format!("{what} could not be reached"))?;
        let status = response.status_code();
        if status != 200 {
            return Err(format!("{what} answered {status}"));
        }
        if declared_length(response.headers()).is_some_and(|length| length > limit) {
            return Err(format!("{what} answered more than {limit} bytes"));
        }
        let mut body = Vec::new();
        let mut stream = response.stream().map_err(|e| e.to_string())?;
        while let Some(chunk) = stream.next().await {
            body.extend(chunk.map_err(|_| format!("{what} broke off its answer"))?);
            if body.len() > limit {
                return Err(format!("{what} answered more than {limit} bytes"));
            }
        }
        Ok(body)
    };
    let timeout = Delay::from(core::time::Duration::from_millis(FETCH_TIMEOUT_MS));
    match select(Box::pin(work), timeout).await {
        Either::Left((outcome, _)) => outcome,
        Either::Right(_) => Err(format!(
            "{what} did not answer within {FETCH_TIMEOUT_MS} ms"
        )),
    }
}
