//! CPU time of the local Worker's processes, of the bench itself and of the machine, read from
//! `/proc`, so the benches can say where every millisecond of a burst went.
//!
//! `cargo xtask bench` passes wrangler's process id as `SENDREADY_WORKER_GROUP`. Under it run two
//! `workerd` processes: wrangler's dev proxy, which owns the port the bench talks to and forwards
//! each request (it exists only in `wrangler dev`, for reloading), and the runtime that executes
//! the Worker, its static assets and its Durable Objects; plus wrangler itself (node), which
//! prints every log line.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::native_profile::NativeProfile;

/// wrangler's process id, when the bench runs under `cargo xtask bench`.
pub fn worker_group() -> Option<u32> {
    std::env::var("SENDREADY_WORKER_GROUP")
        .ok()
        .and_then(|pid| pid.parse().ok())
}

/// CPU seconds (user + system) so far, by role.
#[derive(Clone, Copy, Debug, Default)]
pub struct RuntimeCpu {
    /// wrangler's dev proxy: the `workerd` that listens on the Worker's public port.
    pub dev_proxy_s: f64,
    /// The `workerd` that runs the Worker, its assets and its Durable Objects.
    pub worker_s: f64,
    /// Every other process under wrangler (node: wrangler itself, printing the logs).
    pub wrangler_s: f64,
    /// This process: the bench's client threads, and its scripted servers when it runs any.
    pub bench_s: f64,
    /// The whole machine's busy time (every process, every core), from `/proc/stat`.
    pub machine_busy_s: f64,
}

impl RuntimeCpu {
    /// Both `workerd` processes.
    pub fn workerd_s(&self) -> f64 {
        self.dev_proxy_s + self.worker_s
    }

    /// Everything under wrangler.
    pub fn all_s(&self) -> f64 {
        self.workerd_s() + self.wrangler_s
    }

    /// What was spent between `before` and `self`.
    pub fn since(&self, before: &Self) -> Self {
        Self {
            dev_proxy_s: self.dev_proxy_s - before.dev_proxy_s,
            worker_s: self.worker_s - before.worker_s,
            wrangler_s: self.wrangler_s - before.wrangler_s,
            bench_s: self.bench_s - before.bench_s,
            machine_busy_s: self.machine_busy_s - before.machine_busy_s,
        }
    }

    /// Adds `other` to `self`, role by role.
    pub fn add(&mut self, other: &Self) {
        self.dev_proxy_s += other.dev_proxy_s;
        self.worker_s += other.worker_s;
        self.wrangler_s += other.wrangler_s;
        self.bench_s += other.bench_s;
        self.machine_busy_s += other.machine_busy_s;
    }
}

/// One process of `/proc`: its parent, name, command line and CPU ticks.
struct Process {
    pid: u32,
    parent: u32,
    name: String,
    ticks: u64,
}

/// The role of each process under `root` (wrangler), with its CPU ticks so far.
fn local_runtime(root: u32, public_port: u16) -> Vec<(Role, Process)> {
    let processes: Vec<Process> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| read_process(entry.file_name().to_str()?.parse().ok()?))
        .collect();
    let mut family = vec![root];
    let mut index = 0;
    while index < family.len() {
        let parent = family[index];
        family.extend(
            processes
                .iter()
                .filter(|process| process.parent == parent)
                .map(|process| process.pid),
        );
        index += 1;
    }
    let proxy_socket = format!("entry=127.0.0.1:{public_port}");
    processes
        .into_iter()
        .filter(|process| family.contains(&process.pid))
        .map(|process| {
            let role = if process.name != "workerd" {
                Role::Wrangler
            } else if command_line(process.pid).contains(&proxy_socket) {
                Role::DevProxy
            } else {
                Role::Worker
            };
            (role, process)
        })
        .collect()
}

#[derive(Clone, Copy, PartialEq)]
enum Role {
    DevProxy,
    Worker,
    Wrangler,
}

/// The process id of the `workerd` that runs the Worker.
pub fn worker_pid(root: u32, public_port: u16) -> Option<u32> {
    local_runtime(root, public_port)
        .into_iter()
        .find(|(role, _)| *role == Role::Worker)
        .map(|(_, process)| process.pid)
}

/// The CPU so far of `root` (wrangler) and its descendants, split by role; `public_port` is the
/// port wrangler's dev proxy listens on.
pub fn runtime_cpu(root: u32, public_port: u16) -> RuntimeCpu {
    let ticks = clock_ticks();
    let mut cpu = RuntimeCpu::default();
    for (role, process) in local_runtime(root, public_port) {
        let seconds = process.ticks as f64 / ticks;
        *match role {
            Role::DevProxy => &mut cpu.dev_proxy_s,
            Role::Worker => &mut cpu.worker_s,
            Role::Wrangler => &mut cpu.wrangler_s,
        } += seconds;
    }
    cpu.bench_s = read_process(std::process::id()).map_or(0.0, |me| me.ticks as f64 / ticks);
    cpu.machine_busy_s = machine_busy_ticks() as f64 / ticks;
    cpu
}

/// `/proc/<pid>/stat`: parent, name and utime + stime (of every thread, those ended included).
fn read_process(pid: u32) -> Option<Process> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (head, rest) = stat.rsplit_once(") ")?;
    let name = head.split_once(" (")?.1.to_owned();
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let parent = fields.get(1)?.parse().ok()?;
    let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Process {
        pid,
        parent,
        name,
        ticks,
    })
}

fn command_line(pid: u32) -> String {
    std::fs::read(format!("/proc/{pid}/cmdline"))
        .map(|bytes| String::from_utf8_lossy(&bytes).replace('\0', " "))
        .unwrap_or_default()
}

/// Busy ticks of all cores since boot: the first line of `/proc/stat` without idle and iowait.
fn machine_busy_ticks() -> u64 {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let Some(line) = stat.lines().next() else {
        return 0;
    };
    let ticks: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .filter_map(|field| field.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal (guest time is already in user).
    let total: u64 = ticks.iter().take(8).sum();
    let idle = ticks.get(3).copied().unwrap_or(0) + ticks.get(4).copied().unwrap_or(0);
    total - idle
}

/// CPU per request by process, their sum, and the least wall time `level` such requests at
/// once can take on this machine's cores when nothing else runs.
pub fn cpu_accounting(cpu: &RuntimeCpu, requests: usize, level: usize) -> String {
    let per = |seconds: f64| seconds * 1000.0 / requests.max(1) as f64;
    let sum = per(cpu.all_s() + cpu.bench_s);
    // One request's processes take turns; several at once share the cores.
    let cores = cores().min(level);
    format!(
        "CPU ms per request: proxy {:.2} + worker {:.2} + wrangler {:.2} + bench {:.2} = {sum:.2}; \
         {level} at once need at least {:.0} ms on {cores} core(s); machine busy {:.2} ms per \
         request (other processes included)",
        per(cpu.dev_proxy_s),
        per(cpu.worker_s),
        per(cpu.wrangler_s),
        per(cpu.bench_s),
        sum * level as f64 / cores as f64,
        per(cpu.machine_busy_s),
    )
}

/// Runs `work` (which returns how many tests it ran) with the Worker's isolate sampled through
/// wrangler's inspector (`tests/bench/isolate-profile.mjs`, under `SENDREADY_NODE`, at
/// `SENDREADY_INSPECTOR_URL`): the Worker's CPU per test, split into what the isolate spent it
/// on and what ran outside it, as lines to print.
pub fn profile_isolate(
    root: u32,
    port: u16,
    work: impl FnOnce() -> usize,
) -> Result<Vec<String>, &'static str> {
    let (Ok(inspector), Ok(node)) = (
        std::env::var("SENDREADY_INSPECTOR_URL"),
        std::env::var("SENDREADY_NODE"),
    ) else {
        return Err("SENDREADY_INSPECTOR_URL and SENDREADY_NODE are set by `cargo xtask bench`");
    };
    let workspace = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let mut profiler = Command::new(node)
        .arg(format!("{workspace}/tests/bench/isolate-profile.mjs"))
        .args([inspector.as_str(), workspace])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|_| "node could not start")?;
    let mut output = BufReader::new(profiler.stdout.take().ok_or("no output")?);
    let mut line = String::new();
    if output.read_line(&mut line).is_err() || line.trim() != "profiling" {
        let _ = profiler.kill();
        return Err("the inspector did not answer");
    }
    let native_data =
        std::env::temp_dir().join(format!("sendready-perf-{}.data", std::process::id()));
    let native = worker_pid(root, port).and_then(|pid| NativeProfile::start(pid, &native_data));
    let before = runtime_cpu(root, port);
    let tests = work().max(1) as f64;
    let spent = runtime_cpu(root, port).since(&before);
    let native = native.map(NativeProfile::finish);
    // Closing its input stops the profiler, which then prints the sorted samples.
    drop(profiler.stdin.take());
    line.clear();
    let _ = output.read_line(&mut line);
    let _ = profiler.wait();
    let profile: Value = serde_json::from_str(&line).map_err(|_| "no profile came back")?;
    let interval_us = profile["interval_us"].as_f64().unwrap_or(0.0);
    let ms_per_test =
        |samples: &Value| samples.as_f64().unwrap_or(0.0) * interval_us / 1000.0 / tests;
    let mut categories: Vec<(String, f64)> = profile["categories"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, samples)| (name.clone(), ms_per_test(samples)))
        .collect();
    categories.sort_by(|a, b| b.1.total_cmp(&a.1));
    let in_isolate: f64 = categories.iter().map(|(_, ms)| ms).sum();
    let worker_ms = spent.worker_s * 1000.0 / tests;
    let mut lines = vec![format!(
        "the Worker's workerd: {worker_ms:.2} ms CPU per test; in its isolate (sampled every \
         {interval_us} µs) {in_isolate:.2} ms; outside it (TLS, HTTP, sockets, the local entry \
         and router workers' isolates) {:.2} ms",
        worker_ms - in_isolate
    )];
    lines.extend(
        categories
            .iter()
            .map(|(name, ms)| format!("  {name:<36}{ms:>7.2} ms per test")),
    );
    match native {
        Some(Ok(shares)) => {
            lines.push(format!(
                "the same {worker_ms:.2} ms by native code (perf record of the process):"
            ));
            lines.extend(shares.iter().map(|(name, share)| {
                format!("  {name:<40}{:>7.2} ms per test", share * worker_ms)
            }));
        }
        Some(Err(why)) => lines.push(format!("no native profile: {why}")),
        None => lines.push("no native profile: perf is not installed (apt linux-perf)".to_owned()),
    }
    Ok(lines)
}

/// The machine's cores, for the least time a burst of CPU work can take.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Clock ticks per second of `/proc` times (`getconf CLK_TCK`, 100 on Linux).
fn clock_ticks() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok()?.trim().parse().ok())
        .unwrap_or(100.0)
}
