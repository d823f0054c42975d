//! What the end-to-end tests check outside the webview: notifications on the session bus and
//! the window's visibility on the X display.
//!
//! [`NotifyMonitor`] runs `dbus-monitor` on the private session bus that `scripts/e2e.sh`
//! starts, and reads back every `org.freedesktop.Notifications.Notify` call with the bus's own
//! timestamp: the plugin's "ok" proves nothing, the bus does. The window is closed the way a
//! window manager closes it, with a `WM_DELETE_WINDOW` client message (there is no window
//! manager under Xvfb), sent by a few lines of Python over libX11.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// One `Notify` call seen on the bus.
#[derive(Debug, Clone, PartialEq)]
pub struct Notify {
    /// Seconds since the Unix epoch, from dbus-monitor.
    pub time: f64,
    pub app_name: String,
    pub summary: String,
    pub body: String,
}

pub struct NotifyMonitor {
    child: Child,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl NotifyMonitor {
    /// Starts listening; panics outside a D-Bus session (run the tests through scripts/e2e.sh).
    pub fn start() -> NotifyMonitor {
        assert!(
            std::env::var("DBUS_SESSION_BUS_ADDRESS").is_ok(),
            "no D-Bus session: run under `dbus-run-session` (scripts/e2e.sh does)"
        );
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("notify.log");
        let file = std::fs::File::create(&log).unwrap();
        let child = Command::new("dbus-monitor")
            .args([
                "--session",
                "type='method_call',interface='org.freedesktop.Notifications',member='Notify'",
            ])
            .stdout(file)
            .stderr(Stdio::null())
            .spawn()
            .expect("start dbus-monitor");
        // Let it register as a monitor before anything is sent.
        std::thread::sleep(Duration::from_millis(500));
        NotifyMonitor {
            child,
            log,
            _dir: dir,
        }
    }

    /// Every `Notify` call so far.
    pub fn calls(&self) -> Vec<Notify> {
        parse(&std::fs::read_to_string(&self.log).unwrap_or_default())
    }

    /// The calls whose summary is `title`.
    pub fn calls_titled(&self, title: &str) -> Vec<Notify> {
        self.calls()
            .into_iter()
            .filter(|n| n.summary == title)
            .collect()
    }

    /// Waits up to `limit` for a call titled `title`.
    pub async fn wait_for(&self, title: &str, limit: Duration) -> Option<Notify> {
        let end = std::time::Instant::now() + limit;
        while std::time::Instant::now() < end {
            if let Some(n) = self.calls_titled(title).into_iter().next() {
                return Some(n);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        None
    }
}

impl Drop for NotifyMonitor {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads dbus-monitor's text: a header line `method call time=… member=Notify`, then one line
/// per argument; `Notify`'s are app name, replaces id, icon, summary, body, ….
fn parse(text: &str) -> Vec<Notify> {
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if !(line.starts_with("method call") && line.contains("member=Notify")) {
            continue;
        }
        let time = line
            .split_whitespace()
            .find_map(|w| w.strip_prefix("time="))
            .and_then(|t| t.parse::<f64>().ok())
            .unwrap_or_default();
        let mut strings = Vec::new();
        while let Some(arg) = lines.peek() {
            if !arg.starts_with(' ') {
                break;
            }
            let arg = lines.next().unwrap_or_default().trim();
            if let Some(s) = arg.strip_prefix("string \"") {
                strings.push(s.strip_suffix('"').unwrap_or(s).to_string());
            }
        }
        // Strings in order: app name, icon, summary, body (the id is a uint32).
        if strings.len() >= 4 {
            out.push(Notify {
                time,
                app_name: strings[0].clone(),
                summary: strings[2].clone(),
                body: strings[3].clone(),
            });
        }
    }
    out
}

/// Ids of the visible X windows titled `title`.
pub fn visible_windows(title: &str) -> Vec<String> {
    let out = Command::new("xdotool")
        .args(["search", "--onlyvisible", "--name", &format!("^{title}$")])
        .output()
        .expect("run xdotool");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

const CLOSE_WINDOW_PY: &str = r#"
import ctypes, sys
x = ctypes.cdll.LoadLibrary("libX11.so.6")
x.XOpenDisplay.restype = ctypes.c_void_p
x.XOpenDisplay.argtypes = [ctypes.c_char_p]
x.XInternAtom.restype = ctypes.c_ulong
x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
class ClientMessage(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", ctypes.c_void_p), ("window", ctypes.c_ulong),
                ("message_type", ctypes.c_ulong), ("format", ctypes.c_int),
                ("data", ctypes.c_long * 5)]
class Event(ctypes.Union):
    _fields_ = [("xclient", ClientMessage), ("pad", ctypes.c_long * 24)]
x.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long,
                         ctypes.POINTER(Event)]
x.XFlush.argtypes = [ctypes.c_void_p]
x.XCloseDisplay.argtypes = [ctypes.c_void_p]
d = x.XOpenDisplay(None)
if not d:
    sys.exit("no display")
win = int(sys.argv[1])
ev = Event()
ev.xclient.type = 33  # ClientMessage
ev.xclient.window = win
ev.xclient.message_type = x.XInternAtom(d, b"WM_PROTOCOLS", 0)
ev.xclient.format = 32
ev.xclient.data[0] = x.XInternAtom(d, b"WM_DELETE_WINDOW", 0)
ev.xclient.data[1] = 0  # CurrentTime
x.XSendEvent(d, win, 0, 0, ctypes.byref(ev))
x.XFlush(d)
x.XCloseDisplay(d)
"#;

/// Asks every visible window titled `title` to close, as a window manager's close button does.
pub fn close_windows(title: &str) {
    let windows = visible_windows(title);
    assert!(!windows.is_empty(), "no visible window titled {title}");
    for id in windows {
        let status = Command::new("python3")
            .args(["-c", CLOSE_WINDOW_PY, &id])
            .status()
            .expect("run python3");
        assert!(status.success(), "WM_DELETE_WINDOW not sent to {id}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notify_calls_are_read_back_from_dbus_monitor_text() {
        let text = "signal time=1.0 sender=org.freedesktop.DBus -> destination=:1.3 \
                    member=NameAcquired\n   string \":1.3\"\n\
method call time=1764770000.250000 sender=:1.7 -> destination=org.freedesktop.Notifications \
serial=9 path=/org/freedesktop/Notifications; interface=org.freedesktop.Notifications; \
member=Notify\n   string \"openGecko\"\n   uint32 0\n   string \"\"\n   string \"月度例会\"\n   \
string \"2026-03-10 14:00 Asia/Shanghai · Room 5\"\n   array [\n   ]\n   array [\n   ]\n   \
int32 -1\n";
        let calls = parse(text);
        assert_eq!(
            calls,
            vec![Notify {
                time: 1764770000.25,
                app_name: "openGecko".into(),
                summary: "月度例会".into(),
                body: "2026-03-10 14:00 Asia/Shanghai · Room 5".into(),
            }]
        );
    }
}
