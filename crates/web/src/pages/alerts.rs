//! Alerts in the app (issue 8 §5): the list of one's alerts, marking them read, and the choice
//! to get no e-mail. The alerts are written by `danhgia_jobs::alerts`; each account only ever
//! sees and marks its own.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use danhgia_store::Alert;
use serde::Deserialize;

use super::{Ctx, render};
use crate::AppState;
use crate::auth::{CurrentUser, PageUser};
use crate::error::PageError;
use crate::i18n::{self, Lang};

/// Alerts listed on the page and in the API.
pub const SHOWN: usize = 100;

/// An alert's text: its kind's catalogue text with the detail filled in.
pub fn text(lang: Lang, a: &Alert) -> String {
    i18n::t(lang, a.kind.key()).replace("{detail}", &a.detail)
}

#[derive(Template)]
#[template(path = "alerts.html")]
pub struct AlertsPage {
    pub ctx: Ctx,
    pub alerts: Vec<(Alert, String)>,
    pub mute_email: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct Flash {
    pub ok: Option<String>,
}

/// `GET /alerts`
pub async fn page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Query(q): Query<Flash>,
) -> Result<Response, PageError> {
    let ctx = Ctx::for_user(&user).with_flash(q.ok.as_deref());
    let alerts = state
        .store
        .alerts_of(&user.account_id, SHOWN)
        .await?
        .into_iter()
        .map(|a| {
            let t = text(ctx.lang, &a);
            (a, t)
        })
        .collect();
    Ok(render(&AlertsPage {
        alerts,
        mute_email: state.store.mute_email(&user.account_id).await?,
        ctx,
    }))
}

#[derive(Debug, Deserialize)]
pub struct ReadForm {
    pub csrf: String,
    /// One alert; none marks them all.
    #[serde(default)]
    pub id: Option<String>,
}

/// `POST /alerts/read`: marks one alert (or all) of the caller read.
pub async fn read(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Form(f): Form<ReadForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    mark_read(&state, &user, f.id.as_deref()).await?;
    Ok(Redirect::to("/alerts?ok=alert.marked").into_response())
}

/// Marks the caller's alert `id` (or all of them) read; an id that is not theirs changes
/// nothing.
pub async fn mark_read(
    state: &AppState,
    user: &CurrentUser,
    id: Option<&str>,
) -> Result<u64, danhgia_store::StoreError> {
    let id = id.map(str::trim).filter(|s| !s.is_empty());
    state.store.mark_alerts_read(&user.account_id, id).await
}

#[derive(Debug, Deserialize)]
pub struct EmailForm {
    pub csrf: String,
    /// `on` when the box "no e-mail" is ticked.
    #[serde(default)]
    pub mute: Option<String>,
}

/// `POST /alerts/email`: the caller's choice to get alerts by e-mail or not.
pub async fn email(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Form(f): Form<EmailForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let mute = f.mute.is_some();
    state.store.set_mute_email(&user.account_id, mute).await?;
    crate::audit::record(
        &state,
        Some(&user),
        "alert_email_choice",
        "account",
        Some(&user.account_id),
        None,
        serde_json::json!({ "mute": mute }),
    )
    .await;
    Ok(Redirect::to("/alerts?ok=alert.email_saved").into_response())
}
