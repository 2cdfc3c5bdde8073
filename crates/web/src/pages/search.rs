//! The search page (issue 8 §4): one box in the header, results in two lists.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::{Ctx, render};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::search::{self, Found};

#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    pub q: String,
}

#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchPage {
    pub ctx: Ctx,
    pub q: String,
    /// `None` before a search or when the query is too short.
    pub found: Option<Found>,
}

/// `GET /search?q=`
pub async fn page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Query(q): Query<SearchQuery>,
) -> Result<Response, PageError> {
    let query: String = q.q.chars().take(100).collect();
    let found = search::find(&state, &user, &query).await?;
    Ok(render(&SearchPage {
        ctx: Ctx::for_user(&user),
        q: query,
        found,
    }))
}
