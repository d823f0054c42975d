//! Harness for end-to-end tests through the real openGecko window.
//!
//! Each [`App`] starts `tauri-driver` (which starts WebKitWebDriver, which starts the built app)
//! with its own empty data and config folders, so every test begins on a fresh local database.
//! Every WebDriver call has a timeout: a hung window fails the test instead of hanging CI.
//! tauri-driver is stopped with SIGTERM, the only signal on which it also stops
//! WebKitWebDriver.

pub mod desktop;
pub mod seed;

use fantoccini::{Client, ClientBuilder, Locator};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const STEP: Duration = Duration::from_secs(20);

/// The password [`App::complete_first_run`] gives `root`.
pub const ROOT_PASSWORD: &str = "correct horse battery";

pub struct App {
    pub client: Client,
    driver: Child,
    pub data_home: tempfile::TempDir,
    pub config_home: tempfile::TempDir,
    shots: PathBuf,
    shot_count: usize,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn app_binary() -> PathBuf {
    if let Ok(bin) = std::env::var("GECKO_APP_BIN") {
        return PathBuf::from(bin);
    }
    let target = std::env::var("CARGO_TARGET_DIR")
        .unwrap_or_else(|_| format!("{}/../../target", env!("CARGO_MANIFEST_DIR")));
    PathBuf::from(target).join("debug/opengecko")
}

async fn within<T, E: std::fmt::Debug>(
    what: &str,
    fut: impl std::future::Future<Output = Result<T, E>>,
) -> T {
    match tokio::time::timeout(STEP, fut).await {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => panic!("{what}: {e:?}"),
        Err(_) => panic!("{what}: timed out after {STEP:?}"),
    }
}

pub fn testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
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

        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "wry".into());
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app.display().to_string() }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let mut client = None;
        for _ in 0..100 {
            let attempt =
                ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                    .capabilities(caps.clone())
                    .connect(&url)
                    .await;
            if let Ok(c) = attempt {
                client = Some(c);
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let client = client.expect("could not open a WebDriver session on the app");

        let root = std::env::var("GECKO_E2E_SHOTS")
            .map(PathBuf::from)
            .unwrap_or_else(|_| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-screens")
            });
        let shots = root.join(name);
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

    /// Resident memory of the app and its WebKit processes, in MiB.
    pub fn memory_mib(&self) -> f64 {
        let app = app_binary().display().to_string();
        let pgrep = |args: &[&str]| -> String {
            Command::new("pgrep")
                .args(args)
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
                .unwrap_or_default()
        };
        let mut total_kib = 0;
        for pid in pgrep(&["-f", &app]).split_whitespace() {
            total_kib += rss_kib(pid);
            for child in pgrep(&["-P", pid]).split_whitespace() {
                total_kib += rss_kib(child);
            }
        }
        total_kib as f64 / 1024.0
    }

    /// The app's data folder (where the SQLite file lives).
    pub fn data_dir(&self) -> PathBuf {
        self.data_home.path().join("org.opengecko.desktop")
    }

    pub async fn wait(&self, css: &str) -> fantoccini::elements::Element {
        within(
            &format!("wait for {css}"),
            self.client
                .wait()
                .at_most(STEP)
                .for_element(Locator::Css(css)),
        )
        .await
    }

    pub async fn wait_id(&self, id: &str) -> fantoccini::elements::Element {
        self.wait(&testid(id)).await
    }

    /// Waits until no element matches `css`.
    pub async fn wait_gone(&self, css: &str) {
        for _ in 0..100 {
            let found = within("find_all", self.client.find_all(Locator::Css(css))).await;
            if found.is_empty() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("{css} is still there");
    }

    /// The `data-testid`s of every navigation entry in the sidebar.
    pub async fn nav_ids(&self) -> Vec<String> {
        let links = within(
            "nav",
            self.client
                .find_all(Locator::Css("[data-testid^=\"nav-\"]")),
        )
        .await;
        let mut ids = Vec::new();
        for link in links {
            if let Ok(Some(id)) = link.attr("data-testid").await {
                ids.push(id);
            }
        }
        ids
    }

    pub async fn exists(&self, css: &str) -> bool {
        !within("find_all", self.client.find_all(Locator::Css(css)))
            .await
            .is_empty()
    }

    pub async fn click(&self, id: &str) {
        self.click_css(&testid(id)).await;
    }

    /// Clicks the first element matching `css` once it is shown and nothing covers it.
    ///
    /// The element is looked up again on every attempt: a page that re-renders (the community
    /// switcher re-mounts the page, a list reloads) replaces the node the first lookup found,
    /// and a dialog that is still fading out takes the click. Both pass within a few seconds.
    pub async fn click_css(&self, css: &str) {
        use fantoccini::error::{CmdError, ErrorStatus};
        let deadline = tokio::time::Instant::now() + STEP;
        let mut last = String::from("never found");
        while tokio::time::Instant::now() < deadline {
            let found = within("find_all", self.client.find_all(Locator::Css(css))).await;
            let mut shown = None;
            for el in found {
                match el.is_displayed().await {
                    Ok(true) => {
                        shown = Some(el);
                        break;
                    }
                    Ok(false) => last = "not visible".into(),
                    Err(e) => last = format!("{e:?}"),
                }
            }
            if let Some(el) = shown {
                // One more beat for the end of an opening transition.
                tokio::time::sleep(Duration::from_millis(150)).await;
                match tokio::time::timeout(STEP, el.click()).await {
                    Ok(Ok(())) => return,
                    Ok(Err(CmdError::Standard(e)))
                        if matches!(
                            e.error,
                            ErrorStatus::ElementClickIntercepted
                                | ErrorStatus::StaleElementReference
                                | ErrorStatus::ElementNotInteractable
                        ) =>
                    {
                        last = format!("{:?}", e.error);
                    }
                    Ok(Err(e)) => panic!("click {css}: {e:?}"),
                    Err(_) => panic!("click {css}: timed out after {STEP:?}"),
                }
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        panic!("click {css}: gave up after {STEP:?} ({last})");
    }

    pub async fn type_into(&self, id: &str, text: &str) {
        let el = self.wait_id(id).await;
        let tag = within("tag", el.tag_name()).await;
        let input = if tag == "input" || tag == "textarea" {
            el
        } else {
            within(
                &format!("input in {id}"),
                el.find(Locator::Css("input, textarea")),
            )
            .await
        };
        within(&format!("clear {id}"), input.clear()).await;
        // WebDriver's clear does not fire `input`, so a Vue-bound field may put its old value
        // back; select everything and delete it with keys the page does see.
        let left = within("value", input.prop("value")).await;
        if left.is_some_and(|v| !v.is_empty()) {
            within(
                &format!("select all in {id}"),
                input.send_keys("\u{E009}a\u{E000}\u{E017}"),
            )
            .await;
        }
        within(&format!("type into {id}"), input.send_keys(text)).await;
    }

    /// Opens an Element Plus select and picks the option with `option_id`; `search` is typed
    /// first for remote or filterable selects.
    pub async fn choose(&self, select_id: &str, option_id: &str, search: Option<&str>) {
        self.click(select_id).await;
        if let Some(text) = search {
            let root = self.wait_id(select_id).await;
            let input = within("select input", root.find(Locator::Css("input"))).await;
            within("type search", input.send_keys(text)).await;
        }
        self.click(option_id).await;
    }

    pub async fn text(&self, id: &str) -> String {
        let el = self.wait_id(id).await;
        within("text", el.text()).await
    }

    /// Waits until the element's text contains `needle`.
    pub async fn wait_text(&self, id: &str, needle: &str) {
        for _ in 0..100 {
            if let Ok(el) = self.client.find(Locator::Css(&testid(id))).await {
                if el.text().await.map(|t| t.contains(needle)).unwrap_or(false) {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("{id} never showed {needle:?}");
    }

    /// Presses Enter in the input of element `id` (date pickers and creatable selects take
    /// typed values on Enter).
    pub async fn press_enter(&self, id: &str) {
        let el = self.wait_id(id).await;
        let input = match within("tag", el.tag_name()).await.as_str() {
            "input" | "textarea" => el,
            _ => within("input", el.find(Locator::Css("input"))).await,
        };
        within(&format!("enter in {id}"), input.send_keys("\u{E007}")).await;
    }

    /// First run on an empty database: creates the superuser `root` (password
    /// [`ROOT_PASSWORD`]) and waits until the main window shows it signed in.
    pub async fn complete_first_run(&mut self) {
        self.wait("[data-page=\"setup\"]").await;
        self.type_into("setup-username", "root").await;
        self.type_into("setup-email", "root@example.org").await;
        self.type_into("setup-fullname", "Root Admin").await;
        self.type_into("setup-password", ROOT_PASSWORD).await;
        self.type_into("setup-password2", ROOT_PASSWORD).await;
        self.click("setup-submit").await;
        self.wait_text("current-user", "root").await;
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

    /// First run on the fresh database: creates the superuser `root` and waits to be signed in.
    pub async fn complete_setup(&self, password: &str) {
        self.wait("[data-page=\"setup\"]").await;
        self.type_into("setup-username", "root").await;
        self.type_into("setup-email", "root@example.org").await;
        self.type_into("setup-fullname", "Root Admin").await;
        self.type_into("setup-password", password).await;
        self.type_into("setup-password2", password).await;
        self.click("setup-submit").await;
        self.wait_text("current-user", "root").await;
    }

    /// Drags the element matching `from` onto the one matching `to` with real pointer moves.
    pub async fn drag(&self, from: &str, to: &str) {
        use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
        let source = self.wait(from).await;
        let target = self.wait(to).await;
        let step = Some(Duration::from_millis(150));
        let mouse = MouseActions::new("mouse".into())
            .then(PointerAction::MoveToElement {
                element: source,
                duration: step,
                x: 0.0,
                y: 0.0,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::Pause {
                duration: Duration::from_millis(200),
            })
            .then(PointerAction::MoveBy {
                duration: step,
                x: 8.0,
                y: 8.0,
            })
            .then(PointerAction::MoveBy {
                duration: step,
                x: 8.0,
                y: 8.0,
            })
            .then(PointerAction::MoveToElement {
                element: target.clone(),
                duration: Some(Duration::from_millis(400)),
                x: 0.0,
                y: 0.0,
            })
            .then(PointerAction::MoveToElement {
                element: target,
                duration: step,
                x: 2.0,
                y: 2.0,
            })
            .then(PointerAction::Pause {
                duration: Duration::from_millis(200),
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        within("drag", self.client.perform_actions(mouse)).await;
    }

    /// Runs `script` in the page and returns its JSON result.
    pub async fn eval(&self, script: &str) -> serde_json::Value {
        within("execute script", self.client.execute(script, vec![])).await
    }

    /// Signs out through the user menu. A click that lands while the menu is still opening is
    /// lost, so the menu is tried again (three times at most) until the sign-in page shows.
    pub async fn sign_out(&self) {
        for _ in 0..3 {
            self.click("user-menu").await;
            self.click("logout").await;
            let login = self
                .client
                .wait()
                .at_most(Duration::from_secs(8))
                .for_element(Locator::Css("[data-page=\"login\"]"))
                .await;
            if login.is_ok() {
                return;
            }
        }
        panic!("signing out never reached the sign-in page");
    }

    /// First run on the empty local database: the setup page creates superuser `root`, who is
    /// then signed in.
    pub async fn set_up_root(&mut self) {
        self.wait("[data-page=\"setup\"]").await;
        self.type_into("setup-username", "root").await;
        self.type_into("setup-email", "root@example.org").await;
        self.type_into("setup-fullname", "Root Admin").await;
        self.type_into("setup-password", ROOT_PASSWORD).await;
        self.type_into("setup-password2", ROOT_PASSWORD).await;
        self.click("setup-submit").await;
        self.wait_text("current-user", "root").await;
    }

    /// The value of an attribute of the element with this test id.
    pub async fn attr(&self, id: &str, name: &str) -> Option<String> {
        let el = self.wait_id(id).await;
        within("attr", el.attr(name)).await
    }

    /// Creates a community on the communities page (superusers) and makes it the current one.
    pub async fn create_community_and_switch(&mut self, name: &str, slug: &str) {
        self.click("nav-communities").await;
        self.wait("[data-page=\"communities\"]").await;
        self.click("community-new").await;
        self.type_into("community-name", name).await;
        self.type_into("community-slug", slug).await;
        self.click("community-save").await;
        self.wait_id(&format!("community-row-{slug}")).await;
        self.choose(
            "community-switcher",
            &format!("community-option-{slug}"),
            None,
        )
        .await;
    }

    /// First-run setup through the setup screen; the app is then signed in as `username`.
    pub async fn first_run_setup(&self, username: &str, email: &str, password: &str) {
        self.wait("[data-page=\"setup\"]").await;
        self.type_into("setup-username", username).await;
        self.type_into("setup-email", email).await;
        self.type_into("setup-fullname", "Root Admin").await;
        self.type_into("setup-password", password).await;
        self.type_into("setup-password2", password).await;
        self.click("setup-submit").await;
        self.wait_text("current-user", username).await;
    }

    pub async fn quit(mut self) {
        let _ = tokio::time::timeout(STEP, self.client.clone().close()).await;
        stop(&mut self.driver);
    }
}

fn rss_kib(pid: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
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

impl Drop for App {
    fn drop(&mut self) {
        stop(&mut self.driver);
    }
}

/// Opens the app's SQLite database read-side through the core, to check what the UI did.
pub async fn open_db(data_dir: &Path) -> gecko_core::db::Db {
    gecko_core::db::Db::open_sqlite(&data_dir.join("opengecko.db"))
        .await
        .expect("open app database")
}

/// The password every E2E account uses.
pub const PASSWORD: &str = "correct horse battery";

impl App {
    /// First run on the empty local database: creates superuser `root` and lands signed in.
    pub async fn setup_root(&mut self) {
        self.wait("[data-page=\"setup\"]").await;
        self.type_into("setup-username", "root").await;
        self.type_into("setup-email", "root@example.org").await;
        self.type_into("setup-fullname", "Root Admin").await;
        self.type_into("setup-password", PASSWORD).await;
        self.type_into("setup-password2", PASSWORD).await;
        self.click("setup-submit").await;
        self.wait_text("current-user", "root").await;
    }

    /// Signs in from the sign-in page.
    pub async fn sign_in(&self, login: &str, password: &str) {
        self.wait("[data-page=\"login\"]").await;
        self.type_into("login-username", login).await;
        self.type_into("login-password", password).await;
        self.click("login-submit").await;
        self.wait_text("current-user", login).await;
    }

    /// Replaces the text of an input that already holds some. WebDriver's clear() empties the
    /// element without an input event, so Vue keeps the old value: empty it from the page with
    /// an input event Vue hears, then type.
    pub async fn replace_text(&self, id: &str, text: &str) {
        let input = self.wait_id(id).await;
        let script = "const el = arguments[0]; el.value = ''; \
                      el.dispatchEvent(new Event('input', { bubbles: true }));";
        let arg = serde_json::to_value(&input).unwrap();
        within(
            &format!("empty {id}"),
            self.client.execute(script, vec![arg]),
        )
        .await;
        within(&format!("type into {id}"), input.send_keys(text)).await;
    }

    /// Creates a community on the communities page (superusers).
    pub async fn create_community(&self, name: &str, slug: &str) {
        self.click("nav-communities").await;
        self.wait("[data-page=\"communities\"]").await;
        self.click("community-new").await;
        self.type_into("community-name", name).await;
        self.type_into("community-slug", slug).await;
        self.click("community-save").await;
        self.wait_id(&format!("community-row-{slug}")).await;
    }
}

/// The shared test corpus: `GECKO_CORPUS`, else `shared/corpus` beside the repository (as CI
/// lays it out), else the workplace's copy.
pub fn corpus_file(relative: &str) -> PathBuf {
    let candidates = [
        std::env::var("GECKO_CORPUS").ok().map(PathBuf::from),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")),
        Some(PathBuf::from("/work/shared/corpus")),
    ];
    let dir = candidates
        .into_iter()
        .flatten()
        .find(|d| d.join(relative).exists())
        .unwrap_or_else(|| panic!("corpus file {relative} not found; set GECKO_CORPUS"));
    dir.join(relative)
}
