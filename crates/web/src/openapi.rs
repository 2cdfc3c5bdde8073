//! The OpenAPI 3.0 description of the JSON API (issue 9 §5), served at `GET /api/openapi.json`
//! for clients and for the API fuzz (`scripts/api-fuzz`). The document is written by hand in
//! `openapi.json` beside this file; `tests/openapi.rs` checks that it describes every `/api/`
//! route of the route table and nothing else.

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;

/// The document, as served.
pub const DOCUMENT: &str = include_str!("openapi.json");

/// `GET /api/openapi.json`: public, like the login it describes.
pub async fn document() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "application/json"),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        DOCUMENT,
    )
}
