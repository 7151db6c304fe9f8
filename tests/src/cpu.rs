//! CPU time of the local Worker's processes, read from `/proc`, for the benches.
//!
//! `cargo xtask bench` passes wrangler's process id as `SENDREADY_WORKER_GROUP`; workerd (the
//! runtime that executes the Worker and its Durable Objects) runs among its descendants.

/// wrangler's process id, when the bench runs under `cargo xtask bench`.
pub fn worker_group() -> Option<u32> {
    std::env::var("SENDREADY_WORKER_GROUP")
        .ok()
        .and_then(|pid| pid.parse().ok())
}

/// CPU seconds (user + system) so far of the processes under wrangler.
#[derive(Clone, Copy)]
pub struct WorkerCpu {
    /// The `workerd` processes only: the runtime executing the Worker and its objects.
    pub workerd_s: f64,
    /// Every process descended from wrangler (node included).
    pub all_s: f64,
}

/// Sums `/proc/<pid>/stat` utime + stime over `root` and its descendants.
pub fn worker_cpu(root: u32) -> WorkerCpu {
    let ticks = clock_ticks();
    let processes: Vec<(u32, u32, String, u64)> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            let (head, rest) = stat.rsplit_once(") ")?;
            let name = head.split_once(" (")?.1.to_owned();
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let ppid = fields.get(1)?.parse().ok()?;
            let cpu = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
            Some((pid, ppid, name, cpu))
        })
        .collect();
    let mut family = vec![root];
    let mut index = 0;
    while index < family.len() {
        let parent = family[index];
        family.extend(
            processes
                .iter()
                .filter(|(_, ppid, _, _)| *ppid == parent)
                .map(|(pid, ..)| *pid),
        );
        index += 1;
    }
    let members = processes.iter().filter(|(pid, ..)| family.contains(pid));
    let seconds = |cpu: u64| cpu as f64 / ticks;
    WorkerCpu {
        workerd_s: members
            .clone()
            .filter(|(_, _, name, _)| name == "workerd")
            .map(|(.., cpu)| seconds(*cpu))
            .sum(),
        all_s: members.map(|(.., cpu)| seconds(*cpu)).sum(),
    }
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
