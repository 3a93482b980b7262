//! What the benches of `make bench` share: the release server as a child
//! process, the staff and classes they set up, and valid ID numbers for
//! simulated workers.

pub mod world;

use std::{
    process::{Child, Command, Stdio},
    time::Duration,
};

/// The workspace, where the server finds its site and settings.
const WORKSPACE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// The binary `make run` serves: the one cargo-leptos built with the site
/// it hydrates against. The benches never build a server of their own.
const RELEASE_BINARY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/release/skillpass");

/// The release server on a free port of loopback, with SQLite in a fresh
/// directory and demo data; limits that a single address would trip are
/// raised, as every simulated phone sends from 127.0.0.1.
pub struct ReleaseServer {
    binary: String,
    env: Vec<(String, String)>,
    child: Option<Child>,
    dir: std::path::PathBuf,
    pub origin: String,
    pub base: String,
}

impl ReleaseServer {
    pub fn new(name: &str) -> anyhow::Result<Self> {
        let binary = std::env::var("SKILLPASS_BIN").unwrap_or_else(|_| RELEASE_BINARY.into());
        anyhow::ensure!(
            std::path::Path::new(&binary).is_file(),
            "{binary} is missing: `make bench` builds it with scripts/build-release.sh"
        );
        let dir = std::env::temp_dir().join(format!("skillpass-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let origin = format!("http://localhost:{port}");
        let database_url = format!("sqlite://{}", dir.join("bench.db").display());
        let mut env = vec![
            ("SKILLPASS_LISTEN".to_owned(), format!("127.0.0.1:{port}")),
            ("SKILLPASS_PUBLIC_ORIGIN".to_owned(), origin.clone()),
            ("SKILLPASS_DATABASE_URL".to_owned(), database_url),
            ("SKILLPASS_DEMO_DATA".to_owned(), "true".to_owned()),
            ("SKILLPASS_LOG".to_owned(), "error".to_owned()),
        ];
        for limit in [
            "SKILLPASS_LIMIT_REGISTRATIONS_PER_HOUR",
            "SKILLPASS_LIMIT_REGISTRATIONS_PER_PHONE_PER_DAY",
            "SKILLPASS_LIMIT_CEREMONIES_PER_MINUTE",
            "SKILLPASS_LIMIT_SCANS_PER_MINUTE",
        ] {
            env.push((limit.to_owned(), "1000000".to_owned()));
        }
        Ok(Self {
            binary,
            env,
            child: None,
            dir,
            origin,
            base: format!("http://127.0.0.1:{port}"),
        })
    }

    /// Sets `name` for the server's next start.
    pub fn set(&mut self, name: &str, value: &str) {
        self.env.retain(|(key, _)| key != name);
        self.env.push((name.to_owned(), value.to_owned()));
    }

    /// The server's SQLite file.
    pub fn database_path(&self) -> std::path::PathBuf {
        self.dir.join("bench.db")
    }

    /// A province account from the command line, as on a new deployment;
    /// returns its one-time enrolment code.
    pub fn create_province_account(&self, login: &str) -> anyhow::Result<String> {
        let output = Command::new(&self.binary)
            .arg("create-province-account")
            .args([login, "压测管理员"])
            .current_dir(WORKSPACE)
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .output()?;
        let printed = String::from_utf8_lossy(&output.stdout);
        printed
            .lines()
            .find_map(|line| line.strip_prefix("One-time enrolment code: "))
            .and_then(|rest| rest.split_whitespace().next())
            .map(str::to_owned)
            .ok_or_else(|| anyhow::anyhow!("no province code in {printed:?}"))
    }

    pub fn start(&mut self) -> anyhow::Result<()> {
        let child = Command::new(&self.binary)
            .current_dir(WORKSPACE)
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        self.child = Some(child);
        for _ in 0..200 {
            if Command::new("curl")
                .args(["-fsS", &format!("{}/healthz", self.base)])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
            {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        anyhow::bail!("the server did not start")
    }

    /// SIGKILL: no graceful shutdown, no final checkpoint.
    pub fn kill(&mut self) -> anyhow::Result<()> {
        if let Some(mut child) = self.child.take() {
            child.kill()?;
            child.wait()?;
        }
        Ok(())
    }

    /// User and system CPU seconds the server process has used so far.
    pub fn cpu_seconds(&self) -> f64 {
        self.child
            .as_ref()
            .map(|child| cpu_seconds_of(&format!("/proc/{}/stat", child.id())))
            .unwrap_or_default()
    }
}

impl Drop for ReleaseServer {
    fn drop(&mut self) {
        self.kill().ok();
        std::fs::remove_dir_all(&self.dir).ok();
    }
}

/// User and system CPU seconds of a process, from its Linux /proc stat file.
pub fn cpu_seconds_of(stat_file: &str) -> f64 {
    let stat = std::fs::read_to_string(stat_file).unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // After the command name: state is field 0, utime 11, stime 12; 100 ticks a second.
    (ticks(11) + ticks(12)) / 100.0
}

/// A valid Fujian ID number (GB 11643 check character) for `sequence`,
/// distinct for the first 336,000 sequences.
pub fn id_number(sequence: usize) -> String {
    let first17 = format!(
        "3501021990{:02}{:02}{:03}",
        1 + sequence / 28_000 % 12,
        1 + sequence / 1_000 % 28,
        sequence % 1_000
    );
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .bytes()
        .zip(weights)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!("{first17}{}", b"10X98765432"[(sum % 11) as usize] as char)
}
