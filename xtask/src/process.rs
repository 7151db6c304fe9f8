//! Running commands: foreground steps that must succeed, background services stopped by process
//! group, and leftovers of an interrupted run stopped by PID only once they are proven ours.

use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::Result;

/// A background process in its own process group, stopped (with its children) on drop.
pub struct Service {
    name: String,
    child: Child,
    log: PathBuf,
}

impl Service {
    /// The process id of the started command, which is also its process group's id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Starts `command` in a new process group, with stdout and stderr appended to `log`.
    pub fn start(name: &str, mut command: Command, log: &Path) -> Result<Self> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .map_err(|error| format!("cannot open {}: {error}", log.display()))?;
        let stderr = file
            .try_clone()
            .map_err(|error| format!("cannot open {}: {error}", log.display()))?;
        command
            .stdin(Stdio::null())
            .stdout(file)
            .stderr(stderr)
            .process_group(0);
        let child = command
            .spawn()
            .map_err(|error| format!("cannot start {name}: {error}"))?;
        eprintln!(
            "xtask: started {name} (pid {}), log {}",
            child.id(),
            log.display()
        );
        Ok(Self {
            name: name.to_owned(),
            child,
            log: log.to_path_buf(),
        })
    }

    /// Waits until `ready` holds, failing at once (naming the log) if the process exits first.
    pub fn wait_until(
        &mut self,
        what: &str,
        timeout: Duration,
        mut ready: impl FnMut() -> bool,
    ) -> Result {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if !matches!(self.child.try_wait(), Ok(None)) {
                return Err(format!(
                    "{} exited before {what} was ready; see {}",
                    self.name,
                    self.log.display()
                ));
            }
            if ready() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Err(format!(
            "{what} was not ready after {} s; see {}",
            timeout.as_secs(),
            self.log.display()
        ))
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
    }
}

/// Stops the process whose PID `pid_file` records, but only while that PID still belongs to the
/// process that wrote the file: its command line must hold `program` (file name of the first
/// argument) and each of `args` as whole arguments, and it must have started no later than the
/// file was written (a PID reused since belongs to a process started after). Anything else, a
/// missing or unreadable file included, is left alone. Waits up to 5 s for it to exit.
pub fn stop_recorded(pid_file: &Path, program: &str, args: &[&str]) {
    let Some(pid) = std::fs::read_to_string(pid_file)
        .ok()
        .and_then(|text| text.trim().parse::<u32>().ok())
    else {
        return;
    };
    let written = std::fs::metadata(pid_file).and_then(|meta| meta.modified());
    let (Ok(written), Some(started)) = (written, process_start(pid)) else {
        return;
    };
    // The file is written after the start, never before. Start times are boot time (whole
    // seconds, itself derived from the clock minus the uptime) plus 10 ms ticks, so they can be
    // off by a second or two; a reused PID starts later than that.
    if started > written + Duration::from_secs(3) || !runs(pid, program, args) {
        eprintln!(
            "xtask: pid {pid} in {} is no longer ours; left alone",
            pid_file.display()
        );
        return;
    }
    eprintln!("xtask: stopping {program} (pid {pid}) left by an earlier run",);
    let _ = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline && process_start(pid) == Some(started) {
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// True when process `pid`'s command line is `program` with each of `args` among its arguments.
fn runs(pid: u32, program: &str, args: &[&str]) -> bool {
    let Ok(cmdline) = std::fs::read(format!("/proc/{pid}/cmdline")) else {
        return false;
    };
    let words: Vec<&[u8]> = cmdline
        .split(|&byte| byte == 0)
        .filter(|word| !word.is_empty())
        .collect();
    let Some(first) = words.first() else {
        return false;
    };
    Path::new(std::ffi::OsStr::from_bytes(first)).file_name() == Some(std::ffi::OsStr::new(program))
        && args.iter().all(|arg| words[1..].contains(&arg.as_bytes()))
}

/// When process `pid` started, from `/proc` (ticks since boot, plus the boot time); `None` when
/// there is no such process or only its zombie (which nobody may reap here).
fn process_start(pid: u32) -> Option<SystemTime> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // After the command name in parentheses: the state (field 3), ..., the start (field 22).
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    if fields.first() == Some(&"Z") {
        return None;
    }
    let ticks: u64 = fields.get(19)?.parse().ok()?;
    let boot: u64 = std::fs::read_to_string("/proc/stat")
        .ok()?
        .lines()
        .find_map(|line| line.strip_prefix("btime "))?
        .trim()
        .parse()
        .ok()?;
    // Linux reports these in USER_HZ, fixed at 100 for user space.
    Some(UNIX_EPOCH + Duration::from_secs(boot) + Duration::from_millis(ticks * 10))
}

/// Runs `command` in the foreground, echoing it, and fails on a non-zero exit.
pub fn run(command: &mut Command) -> Result {
    eprintln!("xtask: $ {}", describe(command));
    let status = command
        .status()
        .map_err(|error| format!("cannot run {}: {error}", describe(command)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} failed ({status})", describe(command)))
    }
}

/// Runs `command` quietly and returns its stdout, or `None` if it could not run or failed.
pub fn output(command: &mut Command) -> Option<String> {
    let output = command.stderr(Stdio::null()).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

fn describe(command: &Command) -> String {
    let mut line = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        line.push(' ');
        line.push_str(&arg.to_string_lossy());
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `sleep` child and a file recording its PID, in a directory of the test's own.
    fn sleeper(name: &str) -> (Child, PathBuf) {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create a temp dir");
        let child = Command::new("sleep")
            .arg("30")
            .spawn()
            .expect("start sleep");
        // Between fork and exec the child still shows the test's command line: wait for `sleep`.
        let deadline = Instant::now() + Duration::from_secs(5);
        while !runs(child.id(), "sleep", &["30"]) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        let pid_file = dir.join("sleep.pid");
        std::fs::write(&pid_file, format!("{}\n", child.id())).expect("write the pid file");
        (child, pid_file)
    }

    fn still_running(child: &mut Child) -> bool {
        matches!(child.try_wait(), Ok(None))
    }

    #[test]
    fn a_recorded_process_is_stopped_only_when_its_command_line_matches() {
        let (mut child, pid_file) = sleeper("cmdline");
        stop_recorded(&pid_file, "sleep", &["31"]);
        stop_recorded(&pid_file, "master", &["30"]);
        assert!(still_running(&mut child), "a stranger was stopped");
        stop_recorded(&pid_file, "sleep", &["30"]);
        assert!(!still_running(&mut child), "our process kept running");
        let _ = std::fs::remove_dir_all(pid_file.parent().expect("the temp dir"));
    }

    #[test]
    fn a_pid_file_older_than_the_process_is_not_trusted() {
        let (mut child, pid_file) = sleeper("reused");
        let long_ago = SystemTime::now() - Duration::from_secs(3600);
        std::fs::File::options()
            .write(true)
            .open(&pid_file)
            .and_then(|file| file.set_modified(long_ago))
            .expect("backdate the pid file");
        stop_recorded(&pid_file, "sleep", &["30"]);
        assert!(still_running(&mut child), "a reused PID was stopped");
        let _ = child.kill();
        let _ = child.wait();
        let _ = std::fs::remove_dir_all(pid_file.parent().expect("the temp dir"));
    }
}
