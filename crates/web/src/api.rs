//! The JSON API beside the pages (issue 2 §7), under the same scope rules. Errors are
//! `{"error": code, "message": Vietnamese text}` with a 4xx status.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use danhgia_domain::access::Action;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::AppState;
use crate::auth::{self, ApiUser, ClientIp};
use crate::error::{ApiError, AppError};

#[derive(Debug, Deserialize)]
pub struct LoginBody {
    pub username: String,
    pub password: String,
    /// The authenticator app's code, for an account with a second factor.
    #[serde(default)]
    pub code: Option<String>,
}

/// `POST /api/v1/login` {username, password, code?} → {token}; an account with a second
/// factor needs `code` (401 `err.totp_required` / `err.totp_wrong` otherwise).
pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    body: Result<Json<LoginBody>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let Json(b) = body.map_err(|_| AppError::BadRequest("err.bad_json"))?;
    let ok = auth::login(
        &state,
        &b.username,
        &b.password,
        "api",
        ip,
        b.code.as_deref(),
    )
    .await
    .map_err(|e| match e {
        AppError::Forbidden(k) => AppError::LoginRefused(k),
        e => e,
    })?;
    Ok(Json(
        json!({ "token": ok.token, "must_change_password": ok.must_change_password }),
    ))
}

/// `POST /api/v1/logout`: ends the bearer session.
pub async fn logout(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<Value>, ApiError> {
    state.store.delete_session(&user.session).await?;
    crate::audit::record(
        &state,
        Some(&user),
        "logout",
        "account",
        Some(&user.account_id),
        None,
        json!({ "kind": "api" }),
    )
    .await;
    Ok(Json(json!({ "ok": true })))
}

/// `POST /api/v1/logout/all`: ends every session and token of the account, this one included.
pub async fn logout_everywhere(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<Value>, ApiError> {
    crate::pages::account::end_all_sessions(&state, &user).await?;
    Ok(Json(json!({ "ok": true })))
}

#[derive(Debug, Serialize)]
struct GrantOut {
    role: String,
    unit_id: String,
    unit_name: String,
}

/// `GET /api/v1/me`
pub async fn me(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<Value>, ApiError> {
    let person = match &user.person_id {
        Some(id) => Some(state.store.person(id).await?),
        None => None,
    };
    let grants: Vec<GrantOut> = state
        .store
        .grants_of(&user.account_id)
        .await?
        .into_iter()
        .map(|g| GrantOut {
            role: g.role.to_string(),
            unit_id: g.unit_id,
            unit_name: g.unit_name,
        })
        .collect();
    Ok(Json(
        json!({ "account_id": user.account_id, "username": user.username, "person": person, "roles": grants }),
    ))
}

#[derive(Debug, Serialize)]
struct UnitOut {
    #[serde(flatten)]
    unit: danhgia_store::Unit,
    staff_count: i64,
    depth: usize,
}

/// `GET /api/v1/units`: every unit the caller may see, parents before children.
pub async fn units(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<Value>, ApiError> {
    let rows = crate::pages::units::visible_tree(&state, &user).await?;
    let out: Vec<UnitOut> = rows
        .into_iter()
        .map(|r| UnitOut {
            depth: danhgia_domain::org::depth(&r.unit.path),
            staff_count: r.staff,
            unit: r.unit,
        })
        .collect();
    Ok(Json(json!({ "units": out })))
}

/// `GET /api/v1/units/{id}/staff`
pub async fn unit_staff(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Value>, ApiError> {
    let unit = crate::pages::visible_unit(&state, &user, &id, Action::ViewStaff).await?;
    let people = state.store.people_in_unit(&unit.id).await?;
    let rows = crate::pages::units::staff_rows(&state, &unit, people).await?;
    let staff: Vec<Value> = rows
        .into_iter()
        .map(|r| json!({ "person": r.person, "reviewer": r.reviewer, "evaluator": r.evaluator }))
        .collect();
    Ok(Json(json!({ "unit": unit, "staff": staff })))
}

/// `GET /api/v1/staff/{id}/file`: a person's personnel file (issue 11, M8): profile, career
/// processes, training and awards — to the person and their unit's admins, like the page.
pub async fn person_file(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Value>, ApiError> {
    let (person, unit) =
        crate::pages::visible_person(&state, &user, &id, Action::ViewStaff).await?;
    let is_self = user.person_id.as_deref() == Some(person.id.as_str());
    if !is_self && !user.scope.allows(Action::ManageStaff, &unit.path) {
        return Err(AppError::Forbidden("err.forbidden").into());
    }
    let profile = state.store.profile(&person.id).await?;
    let career = state.store.career(&person.id).await?;
    let held: Vec<danhgia_domain::hr::ProcessKind> = career.iter().map(|c| c.kind).collect();
    let gaps = danhgia_domain::hr::file_gaps(
        person.employment,
        person.rank,
        &held,
        profile.as_ref().map(|p| p.profile()).as_ref(),
    );
    Ok(Json(json!({
        "person": person,
        "unit": unit,
        "profile": profile,
        "career": career,
        "training": state.store.enrolments_of(&person.id).await?,
        "awards": state.store.awards_of(&person.id).await?,
        "missing": gaps,
    })))
}

/// Unknown `/api/…` paths answer JSON 404 too.
pub async fn not_found() -> ApiError {
    ApiError(AppError::NotFound)
}

/// Whether a JSON value holds the character U+0000 in a string or a key. No text of the app
/// holds one, and PostgreSQL refuses it in any text value: the query failed, a 500 (a fuzz
/// finding on PostgreSQL).
fn has_nul(v: &Value) -> bool {
    match v {
        Value::String(s) => s.contains('\0'),
        Value::Array(a) => a.iter().any(has_nul),
        Value::Object(m) => m.iter().any(|(k, v)| k.contains('\0') || has_nul(v)),
        _ => false,
    }
}

/// The JSON body of an API call: a JSON object, read into `T`. Anything else is a 400
/// `err.bad_json`: serde would also read a struct from an array of its fields in order (`[]` as
/// `{}`), which no client means and the OpenAPI document does not allow, and a text holding
/// U+0000 failed the query on PostgreSQL ([`has_nul`]; both fuzz findings).
#[derive(Debug, Clone, Default)]
pub struct ApiJson<T>(pub T);

impl<T, S> axum::extract::FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        let bad = || ApiError(AppError::BadRequest("err.bad_json"));
        let Json(v) = Json::<Value>::from_request(req, state)
            .await
            .map_err(|_| bad())?;
        if !v.is_object() || has_nul(&v) {
            return Err(bad());
        }
        serde_json::from_value(v).map(ApiJson).map_err(|_| bad())
    }
}

/// The query string of an API call. One that cannot be read (a field given twice, a number that
/// is not one) is a 400 `{error, message}` like every other refusal of the API, not axum's
/// plain-text answer; so is one holding U+0000 (`%00`), which failed the query on PostgreSQL
/// (both found by the OpenAPI fuzz, issue 9 §5).
#[derive(Debug, Clone, Default)]
pub struct ApiQuery<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for ApiQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, ApiError> {
        if parts.uri.query().is_some_and(|q| q.contains("%00")) {
            return Err(ApiError(AppError::BadRequest("err.bad_request")));
        }
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(q)| ApiQuery(q))
            .map_err(|_| ApiError(AppError::BadRequest("err.bad_request")))
    }
}

/// The path parameters of an API call (ids, keys). One that cannot be read (not UTF-8 once
/// decoded) or that holds U+0000 names nothing: 404 `{error, message}`, as an id that does not
/// exist, not axum's plain-text 400 nor, on PostgreSQL, a failed query (fuzz findings).
#[derive(Debug, Clone, Default)]
pub struct ApiPath<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for ApiPath<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, ApiError> {
        if parts.uri.path().contains("%00") {
            return Err(ApiError(AppError::NotFound));
        }
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(p)| ApiPath(p))
            .map_err(|_| ApiError(AppError::NotFound))
    }
}

/// `GET /api/v1/search?q=` → people and units matching `q` within the caller's scope (diacritics
/// optional); 422 when `q` has under two letters or digits.
pub async fn search(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiQuery(q): ApiQuery<crate::pages::search::SearchQuery>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let query: String = q.q.chars().take(100).collect();
    let Some(found) = crate::search::find(&state, &user, &query).await? else {
        let body = json!({ "error": "invalid", "message": crate::i18n::t(crate::i18n::Lang::Vi, "search.too_short"),
            "problems": [{ "field": "q", "key": "search.too_short" }] });
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response());
    };
    let people: Vec<Value> = found
        .people
        .iter()
        .map(|h| json!({ "person": h.person, "unit_name": h.unit_name }))
        .collect();
    Ok(Json(json!({ "people": people, "units": found.units, "more": found.more })).into_response())
}

/// `GET /api/v1/alerts` → `{unread, mute_email, alerts: [{id, kind, text, detail, link,
/// created_at, read}]}`: the caller's latest alerts, newest first.
pub async fn alerts(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<Value>, ApiError> {
    let list = state
        .store
        .alerts_of(&user.account_id, crate::pages::alerts::SHOWN)
        .await?;
    let unread = user.unread_alerts;
    let alerts: Vec<Value> = list
        .iter()
        .map(|a| {
            json!({
                "id": a.id,
                "kind": a.kind,
                "text": crate::pages::alerts::text(crate::i18n::Lang::Vi, a),
                "detail": a.detail,
                "link": a.link,
                "created_at": a.created_at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
                "read": a.read_at.is_some(),
            })
        })
        .collect();
    Ok(Json(json!({
        "unread": unread,
        "mute_email": state.store.mute_email(&user.account_id).await?,
        "alerts": alerts,
    })))
}

/// The body of `POST /api/v1/alerts/read`: one alert (`id`), or all of them (`all: true`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertsReadBody {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub all: bool,
}

/// `POST /api/v1/alerts/read` `{id}` or `{all: true}` → `{marked}`: marks one of the caller's
/// alerts (or all) read; another account's alert id marks nothing. A body naming neither is
/// 400, so a typo never marks everything.
pub async fn alerts_read(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(b): ApiJson<AlertsReadBody>,
) -> Result<Json<Value>, ApiError> {
    let id = match (b.id.as_deref().map(str::trim), b.all) {
        (Some(id), false) if !id.is_empty() => Some(id),
        (None, true) => None,
        _ => return Err(ApiError(AppError::BadRequest("alert.err.which"))),
    };
    let marked = crate::pages::alerts::mark_read(&state, &user, id).await?;
    Ok(Json(json!({ "marked": marked })))
}
