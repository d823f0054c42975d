//! Starting and stopping the app under test, and what belongs to one run of it: its data and
//! config folders, its screenshots and its memory.
//!
//! tauri-driver is stopped with SIGTERM, the only signal on which it also stops
//! WebKitWebDriver (a SIGKILL would leave the app running).

use crate::{within, STEP};
use fantoccini::{Client, ClientBuilder};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// One running app, driven through WebDriver; dropping it stops the app.
pub struct App {
    pub client: Client,
    driver: Child,
    pub data_home: tempfile::TempDir,
    pub config_home: tempfile::TempDir,
    shots: PathBuf,
    shot_count: usize,
}

impl App {
    /// Starts the app on fresh folders; screenshots go to `<shots root>/<name>`.
    pub async fn launch(name: &str) -> App {
        App::launch_with_database(name, None).await
    }

    /// Like [`App::launch`], but the app opens a copy of `database` (a SQLite file).
    pub async fn launch_with_database(name: &str, database: Option<&Path>) -> App {
        let app = app_binary();
        assert!(app.exists(), "app binary {} not built", app.display());
        let data_home = tempfile::tempdir().unwrap();
        let config_home = tempfile::tempdir().unwrap();
        if let Some(database) = database {
            let dir = data_home.path().join("org.opengecko.desktop");
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::copy(database, dir.join("opengecko.db")).expect("copy the database");
        }

        let port = free_port();
        let native_port = free_port();
        let driver = Command::new("tauri-driver")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("XDG_DATA_HOME", data_home.path())
            .env("XDG_CONFIG_HOME", config_home.path())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start tauri-driver (cargo install tauri-driver --version 2.1.0)");
        let client = connect(port, &app).await;

        let shots = shots_root().join(name);
        let _ = std::fs::remove_dir_all(&shots);
        std::fs::create_dir_all(&shots).unwrap();
        println!("screenshots of {name}: {}", shots.display());
        App {
            client,
            driver,
            data_home,
            config_home,
            shots,
            shot_count: 0,
        }
    }

    /// The app's data folder (where the SQLite file lives).
    pub fn data_dir(&self) -> PathBuf {
        self.data_home.path().join("org.opengecko.desktop")
    }

    /// Saves a PNG of the window as `NN-name.png`.
    pub async fn shot(&mut self, name: &str) -> PathBuf {
        // Let transitions and the first paint settle.
        tokio::time::sleep(Duration::from_millis(700)).await;
        let png = within("screenshot", self.client.screenshot()).await;
        self.shot_count += 1;
        let path = self
            .shots
            .join(format!("{:02}-{name}.png", self.shot_count));
        std::fs::write(&path, png).unwrap();
        path
    }

    /// Memory of the app and its WebKit processes (proportional set size), in MiB.
    pub fn memory_mib(&self) -> f64 {
        self.memory_by_process().iter().map(|(_, mib)| mib).sum()
    }

    /// Memory (proportional set size, MiB) of each of the app's processes, by process name.
    pub fn memory_by_process(&self) -> Vec<(String, f64)> {
        let name = |pid: &str| {
            std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .map(|n| n.trim().to_string())
                .unwrap_or_default()
        };
        let mut out = Vec::new();
        for pid in app_pids() {
            out.push((name(&pid), pss_kib(&pid) as f64 / 1024.0));
            for child in pgrep(&["-P", &pid]) {
                out.push((name(&child), pss_kib(&child) as f64 / 1024.0));
            }
        }
        out
    }

    /// How long ago the app's process started (from `/proc`, to a hundredth of a second).
    pub fn process_age(&self) -> Option<Duration> {
        let pid = app_pids().into_iter().next()?;
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // Fields after the command name (which may hold spaces); start time is field 22.
        let after_name = stat.rsplit_once(')')?.1;
        let start_ticks: f64 = after_name.split_whitespace().nth(19)?.parse().ok()?;
        let uptime: f64 = std::fs::read_to_string("/proc/uptime")
            .ok()?
            .split_whitespace()
            .next()?
            .parse()
            .ok()?;
        let ticks_per_second = 100.0; // USER_HZ on Linux
        Some(Duration::from_secs_f64(
            (uptime - start_ticks / ticks_per_second).max(0.0),
        ))
    }

    /// Closes the WebDriver session, then stops tauri-driver and with it the app.
    pub async fn quit(mut self) {
        let _ = tokio::time::timeout(STEP, self.client.clone().close()).await;
        stop(&mut self.driver);
    }
}

impl Drop for App {
    fn drop(&mut self) {
        stop(&mut self.driver);
    }
}

fn pgrep(args: &[&str]) -> Vec<String> {
    Command::new("pgrep")
        .args(args)
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .split_whitespace()
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Process ids running the app binary.
fn app_pids() -> Vec<String> {
    pgrep(&["-f", &app_binary().display().to_string()])
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `GECKO_APP_BIN`, else the debug build in the cargo target folder.
fn app_binary() -> PathBuf {
    if let Ok(bin) = std::env::var("GECKO_APP_BIN") {
        return PathBuf::from(bin);
    }
    let target = std::env::var("CARGO_TARGET_DIR")
        .unwrap_or_else(|_| format!("{}/../../target", env!("CARGO_MANIFEST_DIR")));
    PathBuf::from(target).join("debug/opengecko")
}

/// `GECKO_E2E_SHOTS`, else `target/e2e-screens` in the repository.
fn shots_root() -> PathBuf {
    std::env::var("GECKO_E2E_SHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-screens")
        })
}

/// Opens a WebDriver session on `app` through tauri-driver on `port`, retrying while
/// tauri-driver starts (up to 20 seconds).
async fn connect(port: u16, app: &Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), "wry".into());
    caps.insert(
        "tauri:options".into(),
        serde_json::json!({ "application": app.display().to_string() }),
    );
    let url = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        let attempt = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&url)
            .await;
        if let Ok(client) = attempt {
            return client;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("could not open a WebDriver session on the app");
}

/// Proportional set size of `pid` in KiB: its private pages plus its share of pages mapped by
/// several processes (WebKit's libraries live in the app and in each of its helpers), so the
/// sum over the app's processes counts every page once. Falls back to the resident size.
fn pss_kib(pid: &str) -> u64 {
    let field = |file: &str, name: &str| -> Option<u64> {
        std::fs::read_to_string(format!("/proc/{pid}/{file}"))
            .ok()?
            .lines()
            .find(|l| l.starts_with(name))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    };
    field("smaps_rollup", "Pss:")
        .or_else(|| field("status", "VmRSS:"))
        .unwrap_or(0)
}

fn stop(driver: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &driver.id().to_string()])
        .status();
    for _ in 0..50 {
        if let Ok(Some(_)) = driver.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = driver.kill();
}
