//! stub
#[derive(Debug, Clone)]
pub struct CachedToken;
