//! A native CPU profile of one process (`perf record`, software clock), summed into what its time
//! went to, so the worker bench can account for the CPU outside the JavaScript isolate.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// Samples per second: enough for a few thousand samples over one bench round.
const FREQUENCY: &str = "999";

/// How a sample's place is recognised: its binary (perf's "dso"), or words in its symbol.
enum Place {
    Binary(&'static [&'static str]),
    Symbol(&'static [&'static str]),
    Anything,
}

/// What the time went to, in order: the first match names a sample.
const CATEGORIES: &[(&str, Place)] = &[
    (
        "kernel (syscalls, network, scheduling)",
        Place::Binary(&["[kernel"]),
    ),
    (
        "TLS and crypto (BoringSSL, ring)",
        Place::Symbol(&[
            "ring_core",
            "SSL_",
            "bssl::",
            "EVP_",
            "bn_",
            "ecp_nistz",
            "x25519",
            "curve25519",
            "aes_",
            "gcm_",
            "sha256_block",
            "sha512_block",
            "CRYPTO_",
            "RSA_",
            "X509",
            "ASN1",
            "chacha",
            "poly1305",
        ]),
    ),
    (
        "memory allocation (tcmalloc)",
        Place::Symbol(&["tcmalloc", "TCMalloc"]),
    ),
    (
        "SQLite (Durable Object storage)",
        Place::Symbol(&["sqlite3", "Vdbe", "btree", "pager"]),
    ),
    ("V8 compiled JS and wasm", Place::Binary(&["[JIT]"])),
    (
        "V8 garbage collection",
        Place::Symbol(&[
            "Scavenge",
            "cppgc",
            "MarkCompact",
            "Heap::",
            "HeapTracer",
            "GlobalHandles",
            "Sweeper",
            "Marking",
            "WriteBarrier",
        ]),
    ),
    (
        "V8 runtime and builtins",
        Place::Symbol(&["v8::", "Builtins_"]),
    ),
    (
        "workerd APIs and JS bindings",
        Place::Symbol(&["workerd::"]),
    ),
    (
        "KJ async I/O, HTTP and RPC",
        Place::Symbol(&["kj::", "capnp::"]),
    ),
    (
        "C library (memcpy, strings, clock)",
        Place::Binary(&["libc", "libm", "ld-linux", "[vdso]"]),
    ),
    ("other workerd code", Place::Anything),
];

/// A running `perf record` of one process.
pub struct NativeProfile {
    recorder: Child,
    data: PathBuf,
}

impl NativeProfile {
    /// Starts sampling `pid` into `data`; `None` when perf is not installed or may not sample.
    pub fn start(pid: u32, data: &Path) -> Option<Self> {
        let recorder = Command::new("perf")
            .args(["record", "-q", "-F", FREQUENCY, "-e", "cpu-clock", "-p"])
            .arg(pid.to_string())
            .arg("-o")
            .arg(data)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        // perf attaches within moments; a round is seconds long.
        std::thread::sleep(std::time::Duration::from_millis(300));
        Some(Self {
            recorder,
            data: data.to_path_buf(),
        })
    }

    /// Stops sampling and returns each category's share of the samples, largest first.
    pub fn finish(mut self) -> Result<Vec<(&'static str, f64)>, String> {
        // perf writes its data on SIGINT.
        let _ = Command::new("kill")
            .args(["-INT", &self.recorder.id().to_string()])
            .status();
        let _ = self.recorder.wait();
        let report = Command::new("perf")
            .args([
                "report",
                "--no-children",
                "--sort",
                "dso,sym",
                "-q",
                "--stdio",
                "-i",
            ])
            .arg(&self.data)
            .stderr(Stdio::null())
            .output()
            .map_err(|error| format!("perf report: {error}"))?;
        let _ = std::fs::remove_file(&self.data);
        let mut shares = vec![0.0; CATEGORIES.len()];
        for line in String::from_utf8_lossy(&report.stdout).lines() {
            if let Some((percent, binary, symbol)) = parse_line(line) {
                shares[category(binary, symbol)] += percent / 100.0;
            }
        }
        let mut named: Vec<(&'static str, f64)> = CATEGORIES
            .iter()
            .zip(shares)
            .map(|((name, _), share)| (*name, share))
            .filter(|(_, share)| *share > 0.0)
            .collect();
        named.sort_by(|a, b| b.1.total_cmp(&a.1));
        if named.is_empty() {
            return Err("perf recorded no samples".to_owned());
        }
        Ok(named)
    }
}

/// `  3.65%  workerd  [.] tcmalloc::…` → (3.65, "workerd", "tcmalloc::…"); the binary may be two
/// words (`[JIT] tid 123`).
fn parse_line(line: &str) -> Option<(f64, &str, &str)> {
    let (percent, rest) = line.trim_start().split_once('%')?;
    let percent = percent.parse().ok()?;
    let rest = rest.trim_start();
    let marker = rest.find(" [.] ").or_else(|| rest.find(" [k] "))?;
    Some((percent, rest[..marker].trim(), &rest[marker + 5..]))
}

fn category(binary: &str, symbol: &str) -> usize {
    CATEGORIES
        .iter()
        .position(|(_, place)| match place {
            Place::Binary(prefixes) => prefixes.iter().any(|p| binary.starts_with(p)),
            Place::Symbol(words) => words.iter().any(|word| symbol.contains(word)),
            Place::Anything => true,
        })
        .unwrap_or(CATEGORIES.len() - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_lines_are_read_and_sorted_into_their_category() {
        let kernel = parse_line("     1.08%  [kernel.kallsyms]  [k] _raw_spin_unlock_irqrestore");
        let jit = parse_line("     7.16%  [JIT] tid 23381     [.] 0x00007f1c2a3b4c5d");
        let alloc =
            parse_line("     3.65%  workerd  [.] tcmalloc::tcmalloc_internal::FreeSmallSlow");
        let tls =
            parse_line("     0.30%  workerd  [.] ring_core_0_17_14__sha512_block_data_order_nohw");
        let kj = parse_line("     0.97%  workerd  [.] kj::_::Event::armDepthFirst");
        let name = |parsed: Option<(f64, &str, &str)>| {
            let (_, binary, symbol) = parsed.expect("a report line");
            CATEGORIES[category(binary, symbol)].0
        };
        assert_eq!(name(kernel), "kernel (syscalls, network, scheduling)");
        assert_eq!(name(jit), "V8 compiled JS and wasm");
        assert_eq!(name(alloc), "memory allocation (tcmalloc)");
        assert_eq!(name(tls), "TLS and crypto (BoringSSL, ring)");
        assert_eq!(name(kj), "KJ async I/O, HTTP and RPC");
        assert_eq!(parse_line("# Samples: 12K of event 'cpu-clock'"), None);
        assert_eq!(kernel.map(|(percent, ..)| percent), Some(1.08));
    }
}
