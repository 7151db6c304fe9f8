//! `cargo xtask bench rtt`: STARTTLS + AUTH against the local Postfix over a link with 50 ms of
//! round-trip delay, by `sendready probe` and by swaks, interleaved; medians, ratio, round trips.
//!
//! The delay comes from a delaying TCP proxy on loopback (25 ms each way, every chunk held back
//! by that long, so flights overlap as on a real link): this machine's kernel has no `netem`
//! qdisc (`tc qdisc add … netem` answers "Specified qdisc kind is unknown"), so the network
//! namespace + netem set-up the issue asks for cannot run here. The proxy also counts each
//! client's flights (data sent after data was received), an independent round-trip count.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::Result;
use crate::relay;
use crate::stack::{Mta, MtaPorts, test_pki};
use crate::tools::ensure_test_tools;

/// Half the added round trip: each direction is delayed by this much.
const ONE_WAY: Duration = Duration::from_millis(25);
/// Runs of each client; the order alternates so neither always goes first.
const RUNS: usize = 12;
/// The bench's own MTA ports, apart from the test run's and the dev server's.
const BENCH_MTA_PORTS: MtaPorts = MtaPorts {
    starttls: 4587,
    implicit_tls: 4465,
    plain: 4525,
    oidc: 4795,
};

/// Which way a chunk went; the proxy counts a client flight at each turn to the server.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    ToServer,
    ToClient,
}

/// Per connection: the direction of the last chunk, and the client's flights so far.
type Flights = Arc<Mutex<(Option<Direction>, u32)>>;

pub fn rtt(port_offset: u16) -> Result {
    ensure_test_tools()?;
    let pki = test_pki()?;
    let ports = MtaPorts {
        starttls: BENCH_MTA_PORTS.starttls + port_offset,
        implicit_tls: BENCH_MTA_PORTS.implicit_tls + port_offset,
        plain: BENCH_MTA_PORTS.plain + port_offset,
        oidc: BENCH_MTA_PORTS.oidc + port_offset,
    };
    let mta = Mta::start(ports, &pki)?;
    let binary = relay::build()?;
    let (user, password) = mta.users[0].clone();
    let (proxy_port, flights) = start_proxy(ports.starttls)?;
    let ca = pki.join("ca.pem");
    println!(
        "bench rtt: STARTTLS + AUTH + QUIT to Postfix via a delaying proxy on 127.0.0.1:{proxy_port} \
         (+{} ms round trip; netem is not available in this kernel), {RUNS} interleaved runs each",
        2 * ONE_WAY.as_millis()
    );
    let ours = || {
        let mut command = Command::new(&binary);
        command
            .args([
                "probe",
                "--host",
                "127.0.0.1",
                "--port",
                &proxy_port.to_string(),
            ])
            .args([
                "--security",
                "starttls",
                "--user",
                &user,
                "--password-stdin",
                "--json",
            ])
            .arg("--ca-file")
            .arg(&ca);
        timed("sendready probe", command, Some(&password))
    };
    let swaks = || {
        let mut command = Command::new("swaks");
        command
            .args([
                "--server",
                "127.0.0.1",
                "--port",
                &proxy_port.to_string(),
                "--tls",
            ])
            .args([
                "--auth",
                "PLAIN",
                "--auth-user",
                &user,
                "--auth-password",
                &password,
            ])
            .args([
                "--to",
                &user,
                "--helo",
                "localhost",
                "--quit-after",
                "AUTH",
                "--silent",
                "2",
            ]);
        timed("swaks", command, None)
    };
    let mut ours_ms = Vec::new();
    let mut swaks_ms = Vec::new();
    let mut our_trips = (0, 0);
    let mut swaks_trips = 0;
    for run in 0..RUNS {
        let mut ours_run = || -> Result {
            let (ms, stdout) = ours()?;
            ours_ms.push(ms);
            our_trips = (reported_round_trips(&stdout), last_flights(&flights));
            Ok(())
        };
        if run.is_multiple_of(2) {
            ours_run()?;
            swaks_ms.push(swaks()?.0);
            swaks_trips = last_flights(&flights);
        } else {
            swaks_ms.push(swaks()?.0);
            swaks_trips = last_flights(&flights);
            ours_run()?;
        }
    }
    let ours_median = median(&mut ours_ms);
    let swaks_median = median(&mut swaks_ms);
    println!(
        "sendready probe: median {ours_median:.1} ms (runs {})",
        list(&ours_ms)
    );
    println!(
        "swaks:           median {swaks_median:.1} ms (runs {})",
        list(&swaks_ms)
    );
    println!(
        "ratio sendready / swaks: {:.2} (goal ≤ 0.85)",
        ours_median / swaks_median
    );
    println!(
        "round trips: sendready counts {} (TCP connect, EHLO, STARTTLS, TLS handshake, EHLO, AUTH, QUIT: \
         the protocol minimum without pipelining); the proxy saw {} client flights from sendready \
         (its last is the TLS close_notify, which waits for nothing) and {swaks_trips} from swaks, \
         plus the TCP connect each",
        our_trips.0, our_trips.1
    );
    drop(mta);
    Ok(())
}

/// Runs `command` (with `stdin` piped in), returning its wall time in ms and its stdout; a
/// failed run fails the bench, since its time would mean nothing.
fn timed(name: &str, mut command: Command, stdin: Option<&str>) -> Result<(f64, String)> {
    command
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|error| format!("cannot run {name}: {error}"))?;
    if let (Some(text), Some(mut pipe)) = (stdin, child.stdin.take()) {
        let _ = writeln!(pipe, "{text}");
    }
    let output = child
        .wait_with_output()
        .map_err(|error| format!("{name} failed: {error}"))?;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if !output.status.success() {
        return Err(format!(
            "{name} failed ({}): {}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok((ms, String::from_utf8_lossy(&output.stdout).into_owned()))
}

/// Listens on a free loopback port and forwards each connection to `target`, holding every chunk
/// back by `ONE_WAY` in each direction.
fn start_proxy(target: u16) -> Result<(u16, Arc<Mutex<Vec<Flights>>>)> {
    let listener = TcpListener::bind(("127.0.0.1", 0))
        .map_err(|error| format!("cannot bind the proxy: {error}"))?;
    let port = listener
        .local_addr()
        .map_err(|error| format!("the proxy has no address: {error}"))?
        .port();
    let connections: Arc<Mutex<Vec<Flights>>> = Arc::default();
    let seen = connections.clone();
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let Ok(server) = TcpStream::connect(("127.0.0.1", target)) else {
                continue;
            };
            let flights: Flights = Arc::default();
            if let Ok(mut all) = seen.lock() {
                all.push(flights.clone());
            }
            let _ = client.set_nodelay(true);
            let _ = server.set_nodelay(true);
            let pairs = [
                (client.try_clone(), server.try_clone(), Direction::ToServer),
                (server.try_clone(), client.try_clone(), Direction::ToClient),
            ];
            for (from, to, direction) in pairs {
                if let (Ok(from), Ok(to)) = (from, to) {
                    let flights = flights.clone();
                    std::thread::spawn(move || delay_one_way(from, to, direction, &flights));
                }
            }
        }
    });
    Ok((port, connections))
}

/// Copies `from` to `to`, each chunk written `ONE_WAY` after it was read; a reader thread keeps
/// reading meanwhile, so later chunks are not held up by earlier ones' delay.
fn delay_one_way(mut from: TcpStream, mut to: TcpStream, direction: Direction, flights: &Flights) {
    let (sender, receiver) = mpsc::channel::<(Instant, Vec<u8>)>();
    let writer = std::thread::spawn(move || {
        for (due, bytes) in receiver {
            std::thread::sleep(due.saturating_duration_since(Instant::now()));
            if bytes.is_empty() || to.write_all(&bytes).is_err() {
                let _ = to.shutdown(Shutdown::Write);
                return;
            }
        }
    });
    let mut buffer = vec![0_u8; 16 * 1024];
    loop {
        let read = from.read(&mut buffer).unwrap_or(0);
        if let Ok(mut state) = flights.lock() {
            if read > 0 && direction == Direction::ToServer && state.0 != Some(Direction::ToServer)
            {
                state.1 += 1;
            }
            if read > 0 {
                state.0 = Some(direction);
            }
        }
        let chunk = buffer[..read].to_vec();
        if sender.send((Instant::now() + ONE_WAY, chunk)).is_err() || read == 0 {
            break;
        }
    }
    let _ = writer.join();
}

/// The client flights of the latest connection.
fn last_flights(connections: &Arc<Mutex<Vec<Flights>>>) -> u32 {
    connections
        .lock()
        .ok()
        .and_then(|all| all.last().cloned())
        .and_then(|flights| flights.lock().ok().map(|state| state.1))
        .unwrap_or(0)
}

/// The `round_trips` figure of `sendready probe --json` (xtask has no JSON parser; the key is
/// unique in the output).
fn reported_round_trips(json: &str) -> u32 {
    json.split("\"round_trips\":")
        .nth(1)
        .map(|rest| {
            rest.trim_start()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .and_then(|digits| digits.parse().ok())
        .unwrap_or(0)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[middle - 1] + values[middle]) / 2.0
    } else {
        values[middle]
    }
}

fn list(values: &[f64]) -> String {
    values
        .iter()
        .map(|ms| format!("{ms:.0}"))
        .collect::<Vec<_>>()
        .join(" ")
}
