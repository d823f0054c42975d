//! A local stand-in for the WeChat official-account API that follows the real contract:
//! expiring access tokens checked on every call, multipart field `media`, image types and
//! sizes, draft limits, raw UTF-8 JSON only, and images in drafts only from its own uploads.
//! Every documented failure can be provoked through [`Knobs`].

#![allow(dead_code)]

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Multipart, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

pub const WHITELIST_IP: &str = "203.0.113.7";

/// Switches that make the server answer with a specific error.
#[derive(Debug, Clone)]
pub struct Knobs {
    pub ip_not_whitelisted: bool,
    pub quota_exceeded: bool,
    pub draft_api_unauthorised: bool,
    pub forget_materials: bool,
    /// Tokens are issued already expired, so every call answers 42001.
    pub issue_expired_tokens: bool,
    pub title_max: usize,
    pub digest_max: usize,
    pub content_max_chars: usize,
}

impl Default for Knobs {
    fn default() -> Self {
        Knobs {
            ip_not_whitelisted: false,
            quota_exceeded: false,
            draft_api_unauthorised: false,
            forget_materials: false,
            issue_expired_tokens: false,
            title_max: 32,
            digest_max: 128,
            content_max_chars: 20_000,
        }
    }
}

#[derive(Default)]
pub struct ServerState {
    pub app_id: String,
    pub secret: String,
    pub knobs: Knobs,
    pub live_tokens: HashSet<String>,
    pub expired_tokens: HashSet<String>,
    pub token_requests: usize,
    pub issued_tokens: usize,
    pub current_token: Option<String>,
    pub uploads: usize,
    pub issued_urls: HashSet<String>,
    pub materials: HashSet<String>,
    pub drafts: Vec<Value>,
    pub raw_draft_bodies: Vec<Vec<u8>>,
    pub static_files: HashMap<String, Vec<u8>>,
}

#[derive(Clone)]
pub struct WechatServer {
    pub base_url: String,
    pub state: Arc<Mutex<ServerState>>,
}

type Shared = Arc<Mutex<ServerState>>;

fn err(code: i64, msg: &str) -> Json<Value> {
    Json(json!({ "errcode": code, "errmsg": msg }))
}

impl WechatServer {
    pub async fn start(app_id: &str, secret: &str) -> WechatServer {
        let state: Shared = Arc::new(Mutex::new(ServerState {
            app_id: app_id.into(),
            secret: secret.into(),
            ..Default::default()
        }));
        let app = Router::new()
            .route("/cgi-bin/token", get(token))
            .route("/cgi-bin/stable_token", post(stable_token))
            .route("/cgi-bin/media/uploadimg", post(uploadimg))
            .route("/cgi-bin/material/add_material", post(add_material))
            .route("/cgi-bin/draft/add", post(draft_add))
            .route("/static/{name}", get(static_file))
            .layer(DefaultBodyLimit::max(32 * 1024 * 1024))
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(listener, app).await.ok();
        });
        WechatServer {
            base_url: format!("http://{addr}"),
            state,
        }
    }

    pub fn with<R>(&self, f: impl FnOnce(&mut ServerState) -> R) -> R {
        f(&mut self.state.lock().unwrap())
    }

    /// Makes every token issued so far answer 42001.
    pub fn expire_tokens(&self) {
        self.with(|s| {
            let live: Vec<String> = s.live_tokens.drain().collect();
            s.expired_tokens.extend(live);
        });
    }
}

fn check_token(s: &ServerState, q: &HashMap<String, String>) -> Result<(), Json<Value>> {
    match q.get("access_token") {
        None => Err(err(41001, "access_token missing")),
        Some(t) if s.expired_tokens.contains(t) => Err(err(42001, "access_token expired rid: x")),
        Some(t) if !s.live_tokens.contains(t) => Err(err(
            40001,
            "invalid credential, access_token is invalid or not latest rid: x",
        )),
        Some(_) if s.knobs.quota_exceeded => Err(err(45009, "reach max api daily quota limit")),
        Some(_) => Ok(()),
    }
}

/// The checks both token endpoints share; `Ok` means the caller may have a token.
fn check_credentials(
    s: &mut ServerState,
    appid: Option<&str>,
    secret: Option<&str>,
) -> Result<(), Json<Value>> {
    s.token_requests += 1;
    if s.knobs.ip_not_whitelisted {
        return Err(err(
            40164,
            &format!(
                "invalid ip {WHITELIST_IP} ipv6 ::ffff:{WHITELIST_IP}, not in whitelist rid: x"
            ),
        ));
    }
    if appid != Some(s.app_id.as_str()) {
        return Err(err(40013, "invalid appid"));
    }
    if secret != Some(s.secret.as_str()) {
        return Err(err(
            40001,
            "invalid credential, access_token is invalid or not latest",
        ));
    }
    Ok(())
}

fn issue(s: &mut ServerState) -> Json<Value> {
    s.issued_tokens += 1;
    let token = format!("tok-{}", s.issued_tokens);
    if s.knobs.issue_expired_tokens {
        s.expired_tokens.insert(token.clone());
    } else {
        s.live_tokens.insert(token.clone());
    }
    s.current_token = Some(token.clone());
    Json(json!({ "access_token": token, "expires_in": 7200 }))
}

/// `GET cgi-bin/token`: a new token on every call; the previous one stops working.
async fn token(State(st): State<Shared>, Query(q): Query<HashMap<String, String>>) -> Json<Value> {
    let mut s = st.lock().unwrap();
    if q.get("grant_type").map(String::as_str) != Some("client_credential") {
        return err(40002, "invalid grant_type");
    }
    if let Err(e) = check_credentials(
        &mut s,
        q.get("appid").map(String::as_str),
        q.get("secret").map(String::as_str),
    ) {
        return e;
    }
    let previous: Vec<String> = s.live_tokens.drain().collect();
    s.expired_tokens.extend(previous);
    issue(&mut s)
}

/// `POST cgi-bin/stable_token` (JSON): in normal mode the current token while it is valid.
async fn stable_token(State(st): State<Shared>, body: Bytes) -> Json<Value> {
    let mut s = st.lock().unwrap();
    let Ok(req) = serde_json::from_slice::<Value>(&body) else {
        return err(47001, "data format error");
    };
    if req["grant_type"] != "client_credential" {
        return err(40002, "invalid grant_type");
    }
    if let Err(e) = check_credentials(&mut s, req["appid"].as_str(), req["secret"].as_str()) {
        return e;
    }
    let force = req["force_refresh"].as_bool().unwrap_or(false);
    match s.current_token.clone() {
        Some(t) if !force && s.live_tokens.contains(&t) => {
            Json(json!({ "access_token": t, "expires_in": 7200 }))
        }
        _ => {
            let previous: Vec<String> = s.live_tokens.drain().collect();
            s.expired_tokens.extend(previous);
            issue(&mut s)
        }
    }
}

/// The `media` part of a multipart body, with the server's type and size rules.
async fn media(mut form: Multipart, max: usize) -> Result<Vec<u8>, Json<Value>> {
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() == Some("media") {
            let bytes = field
                .bytes()
                .await
                .map_err(|_| err(41005, "media data missing"))?;
            let is_image = bytes.starts_with(&[0xFF, 0xD8, 0xFF]) || bytes.starts_with(b"\x89PNG");
            if !is_image {
                return Err(err(40005, "invalid file type"));
            }
            if bytes.len() > max {
                return Err(err(40009, "invalid image size"));
            }
            return Ok(bytes.to_vec());
        }
    }
    Err(err(41005, "media data missing"))
}

async fn uploadimg(
    State(st): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
    form: Multipart,
) -> Json<Value> {
    if let Err(e) = check_token(&st.lock().unwrap(), &q) {
        return e;
    }
    if let Err(e) = media(form, 1024 * 1024).await {
        return e;
    }
    let mut s = st.lock().unwrap();
    s.uploads += 1;
    let url = format!("http://mmbiz.qpic.cn/mmbiz_png/up{}/0", s.uploads);
    s.issued_urls.insert(url.clone());
    Json(json!({ "url": url }))
}

async fn add_material(
    State(st): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
    form: Multipart,
) -> Json<Value> {
    {
        let s = st.lock().unwrap();
        if let Err(e) = check_token(&s, &q) {
            return e;
        }
        if q.get("type").map(String::as_str) != Some("image") {
            return err(40004, "invalid media type");
        }
    }
    if let Err(e) = media(form, 10 * 1024 * 1024).await {
        return e;
    }
    let mut s = st.lock().unwrap();
    s.uploads += 1;
    let id = format!("mat-{}", s.uploads);
    s.materials.insert(id.clone());
    Json(
        json!({ "media_id": id, "url": format!("http://mmbiz.qpic.cn/mmbiz_png/mat{}/0", s.uploads) }),
    )
}

/// Whether the raw body holds a `\uXXXX` escape (an odd run of backslashes before `u`).
fn has_unicode_escape(body: &[u8]) -> bool {
    let mut backslashes = 0;
    for &b in body {
        if b == b'u' && backslashes % 2 == 1 {
            return true;
        }
        backslashes = if b == b'\\' { backslashes + 1 } else { 0 };
    }
    false
}

fn img_sources(html: &str) -> Vec<String> {
    html.match_indices("<img src=\"")
        .map(|(i, m)| {
            let s = &html[i + m.len()..];
            s[..s.find('"').unwrap_or(0)].to_string()
        })
        .collect()
}

async fn draft_add(
    State(st): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> Json<Value> {
    let mut s = st.lock().unwrap();
    if let Err(e) = check_token(&s, &q) {
        return e;
    }
    if s.knobs.draft_api_unauthorised {
        return err(48001, "api unauthorized rid: x");
    }
    s.raw_draft_bodies.push(body.to_vec());
    if has_unicode_escape(&body) {
        return err(
            40033,
            "invalid charset. please check your request, if include \\uxxxx will create fail!",
        );
    }
    let Ok(value) = serde_json::from_slice::<Value>(&body) else {
        return err(44002, "empty post data");
    };
    let Some(article) = value.get("articles").and_then(|a| a.get(0)) else {
        return err(44002, "empty post data");
    };
    let text = |k: &str| {
        article
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    if text("title").chars().count() > s.knobs.title_max {
        return err(45003, "title size out of limit");
    }
    if text("digest").chars().count() > s.knobs.digest_max {
        return err(45004, "description size out of limit");
    }
    let content = text("content");
    if content.chars().count() >= s.knobs.content_max_chars || content.len() >= 1024 * 1024 {
        return err(45002, "content size out of limit");
    }
    if s.knobs.forget_materials || !s.materials.contains(&text("thumb_media_id")) {
        return err(40007, "invalid media_id");
    }
    if img_sources(&content)
        .iter()
        .any(|u| !s.issued_urls.contains(u))
    {
        return err(
            45166,
            "invalid content hint: image not uploaded with uploadimg",
        );
    }
    s.drafts.push(article.clone());
    Json(json!({ "media_id": format!("draft-{}", s.drafts.len()) }))
}

async fn static_file(
    State(st): State<Shared>,
    axum::extract::Path(name): axum::extract::Path<String>,
) -> Result<Vec<u8>, axum::http::StatusCode> {
    st.lock()
        .unwrap()
        .static_files
        .get(&name)
        .cloned()
        .ok_or(axum::http::StatusCode::NOT_FOUND)
}
