//! The peers of provider detection for the tests: a real DNS server with the test domains
//! (Unbound, local zones from `tests/detect/zones.conf`), DNS-over-HTTPS in front of it
//! (dnsdist), and an HTTPS server with the test domains' autoconfig files (Node), all on
//! 127.0.0.1 with the test CA's certificate.
//!
//! Why two DNS programs: Debian's Unbound serves DNS-over-HTTPS over HTTP/2 only, and workerd's
//! `fetch` speaks HTTP/1.1; dnsdist's DoH listener (h2o) speaks both and forwards the wire-format
//! queries to Unbound unchanged, so the worker talks RFC 8484 as it would to Cloudflare.

use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::process::{Service, stop_recorded};
use crate::tools::node_bin_dir;
use crate::{Result, root, scratch};

/// The servers' ports: plain DNS (Unbound), DoH (dnsdist), autoconfig HTTPS.
#[derive(Clone, Copy, Debug)]
pub struct DetectPorts {
    pub dns: u16,
    pub doh: u16,
    pub autoconfig: u16,
}

/// MX records of the oversized answer: each with its own long name, far above the 16 KiB the
/// worker reads.
const OVERSIZED_MX_RECORDS: usize = 400;

/// Running Unbound, dnsdist and the autoconfig server; stopped on drop.
pub struct DetectPeers {
    pub doh_url: String,
    pub autoconfig_port: u16,
    _unbound: Service,
    _dnsdist: Service,
    _autoconfig: Service,
}

impl DetectPeers {
    /// Starts the three servers on `ports`, using the test CA in `pki`.
    pub fn start(ports: DetectPorts, pki: &Path) -> Result<Self> {
        let DetectPorts {
            dns: dns_port,
            doh: doh_port,
            autoconfig: autoconfig_port,
        } = ports;
        let dir = scratch().join(format!("detect-{doh_port}"));
        if dir.exists() {
            stop_leftovers(&dir);
        }
        std::fs::create_dir_all(&dir)
            .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
        for port in [dns_port, doh_port, autoconfig_port] {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Err(format!(
                    "port {port} is already in use; stop whatever listens there first"
                ));
            }
        }
        let zones = std::fs::read_to_string(root().join("tests/detect/zones.conf"))
            .map_err(|error| format!("cannot read tests/detect/zones.conf: {error}"))?;
        let unbound_conf = dir.join("unbound.conf");
        std::fs::write(
            &unbound_conf,
            format!(
                "server:\n  interface: 127.0.0.1@{dns_port}\n  port: {dns_port}\n  do-ip6: no\n  username: \"\"\n  chroot: \"\"\n  directory: \"{dir}\"\n  pidfile: \"{dir}/unbound.pid\"\n  use-syslog: no\n  logfile: \"\"\n  do-daemonize: no\n  module-config: \"iterator\"\n  access-control: 127.0.0.0/8 allow\n{zones}{oversized}remote-control:\n  control-enable: no\n",
                dir = dir.display(),
                oversized = oversized_zone(),
            ),
        )
        .map_err(|error| format!("cannot write unbound.conf: {error}"))?;
        let mut unbound_command = Command::new("unbound");
        unbound_command.arg("-d").arg("-c").arg(&unbound_conf);
        let mut unbound = Service::start("unbound", unbound_command, &dir.join("unbound.log"))?;
        unbound.wait_until("unbound", Duration::from_secs(20), || {
            dir.join("unbound.pid").exists()
        })?;

        let dnsdist_conf = dir.join("dnsdist.conf");
        std::fs::write(
            &dnsdist_conf,
            format!(
                "setSecurityPollSuffix(\"\")\nnewServer({{address=\"127.0.0.1:{dns_port}\", checkName=\"m365.sendready-detect.net.\", checkType=\"MX\"}})\naddDOHLocal(\"127.0.0.1:{doh_port}\", \"{pki}/server.pem\", \"{pki}/server.key\", \"/dns-query\")\n",
                pki = pki.display()
            ),
        )
        .map_err(|error| format!("cannot write dnsdist.conf: {error}"))?;
        let mut dnsdist_command = Command::new("dnsdist");
        dnsdist_command
            .args(["--supervised", "--disable-syslog", "-C"])
            .arg(&dnsdist_conf);
        let mut dnsdist = Service::start("dnsdist", dnsdist_command, &dir.join("dnsdist.log"))?;
        dnsdist.wait_until("dnsdist", Duration::from_secs(20), || {
            TcpStream::connect(("127.0.0.1", doh_port)).is_ok()
        })?;

        let mut autoconfig_command = Command::new(node_bin_dir().join("node"));
        autoconfig_command
            .arg(root().join("tests/detect/autoconfig_server.mjs"))
            .arg(autoconfig_port.to_string())
            .arg(pki)
            .arg(root().join("tests/detect/autoconfig"));
        let mut autoconfig = Service::start(
            "autoconfig server",
            autoconfig_command,
            &dir.join("autoconfig.log"),
        )?;
        autoconfig.wait_until("the autoconfig server", Duration::from_secs(20), || {
            TcpStream::connect(("127.0.0.1", autoconfig_port)).is_ok()
        })?;
        Ok(Self {
            doh_url: format!("https://127.0.0.1:{doh_port}/dns-query"),
            autoconfig_port,
            _unbound: unbound,
            _dnsdist: dnsdist,
            _autoconfig: autoconfig,
        })
    }

    /// The worker's vars that point detection at these servers.
    pub fn worker_vars(&self) -> Vec<(&'static str, String)> {
        vec![
            ("DOH_URL", self.doh_url.clone()),
            ("AUTOCONFIG_PORT", self.autoconfig_port.to_string()),
        ]
    }
}

/// `oversized.sendready-detect.net`: hundreds of MX records with long, distinct names.
fn oversized_zone() -> String {
    (0..OVERSIZED_MX_RECORDS)
        .map(|index| {
            format!(
                "  local-data: \"oversized.sendready-detect.net. 300 IN MX {index} mx{index:04}-a-name-long-enough-to-defeat-name-compression-{index:04}.example.net.\"\n"
            )
        })
        .collect()
}

/// Stops the Unbound an interrupted run left in `dir`, by its recorded PID once proven its.
/// dnsdist and the Node server record no PID; their ports being free is checked before start.
fn stop_leftovers(dir: &Path) {
    let conf = dir.join("unbound.conf").display().to_string();
    stop_recorded(&dir.join("unbound.pid"), "unbound", &["-c", &conf]);
}
