//! The WeChat official-account channel: the HTML renderer, its themes, the API client and the
//! translation of WeChat's error codes into sentences a person can act on.

pub mod client;
pub mod errors;
pub mod references;
pub mod render;
pub mod theme;

pub use references::Reference;
pub use render::{render, render_with_images, WechatHtml};
pub use theme::{WechatTheme, LIST_MARKER_STYLE};
