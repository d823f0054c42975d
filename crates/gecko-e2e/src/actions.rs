//! One user gesture or one wait at a time, on elements named by `data-testid` (or CSS).
//!
//! Element Plus animates its dialogs and menus and Vue re-renders lists in place, so a gesture
//! looks its element up again until it is shown and takes the gesture, rather than trusting a
//! node found earlier; every wait ends after [`STEP`] with a panic naming what never came.

use crate::{testid, within, App, STEP};
use fantoccini::Locator;
use std::time::Duration;

impl App {
    /// Waits for the first element matching `css`.
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

    /// Like [`App::wait`], checking every `period` (for timings).
    pub async fn wait_polling(&self, css: &str, period: Duration) -> fantoccini::elements::Element {
        within(
            &format!("wait for {css}"),
            self.client
                .wait()
                .at_most(STEP)
                .every(period)
                .for_element(Locator::Css(css)),
        )
        .await
    }

    /// Waits for the element with test id `id`.
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

    /// Whether any element matches `css` now (no waiting).
    pub async fn exists(&self, css: &str) -> bool {
        !within("find_all", self.client.find_all(Locator::Css(css)))
            .await
            .is_empty()
    }

    /// Clicks the element with test id `id`; see [`App::click_css`].
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

    /// Types `text` into the element `id` (an input, a textarea, or a component holding one),
    /// replacing what it held.
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

    /// The visible text of the element `id`, once it is there.
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

    /// The value of an attribute of the element with this test id.
    pub async fn attr(&self, id: &str, name: &str) -> Option<String> {
        let el = self.wait_id(id).await;
        within("attr", el.attr(name)).await
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
}
