//! Login, logout and the password change (issue 2 §5).

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};
use danhgia_domain::password;
use danhgia_domain::validate::{self, FieldErrors};
use serde::Deserialize;

use super::{Ctx, Errors, render};
use crate::AppState;
use crate::auth::{
    self, ClientIp, CurrentUser, LOGIN_CSRF_COOKIE, PageUser, SESSION_COOKIE, cookie,
    session_cookie,
};
use crate::error::{AppError, PageError};
use crate::throttle::Door;

#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub ctx: Ctx,
    pub username: String,
    pub error: Option<&'static str>,
    pub notice: Option<&'static str>,
}

#[derive(Debug, Default, Deserialize)]
pub struct LoginQuery {
    pub expired: Option<String>,
    pub out: Option<String>,
    pub reset: Option<String>,
}

/// `GET /` — the start page is the monthly evaluation: what every role does first.
pub async fn home(PageUser(_): PageUser) -> Redirect {
    Redirect::to("/evaluations")
}

fn login_page(
    state: &AppState,
    username: String,
    error: Option<&'static str>,
    notice: Option<&'static str>,
) -> Response {
    // A pre-session CSRF token bound to a cookie (double submit) protects the login form.
    let token = auth::random_token();
    let page = LoginPage {
        ctx: Ctx {
            csrf: token.clone(),
            ..Ctx::default()
        },
        username,
        error,
        notice,
    };
    let status = if error.is_some() {
        axum::http::StatusCode::UNAUTHORIZED
    } else {
        axum::http::StatusCode::OK
    };
    (
        status,
        [(
            SET_COOKIE,
            session_cookie(state, LOGIN_CSRF_COOKIE, Some(&token)),
        )],
        render(&page),
    )
        .into_response()
}

/// `GET /login`
pub async fn login_form(State(state): State<AppState>, Query(q): Query<LoginQuery>) -> Response {
    let notice = if q.expired.is_some() {
        Some("login.expired")
    } else if q.out.is_some() {
        Some("login.logged_out")
    } else if q.reset.is_some() {
        Some("reset.done")
    } else {
        None
    };
    login_page(&state, String::new(), None, notice)
}

#[derive(Debug, Default, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub csrf: String,
}

/// `POST /login`
pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    let expected = cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if expected.is_empty() || expected != f.csrf {
        return login_page(&state, f.username, Some("err.csrf"), None);
    }
    match auth::login(&state, &f.username, &f.password, "web", ip, None).await {
        Ok(ok) if ok.needs_code => (
            axum::response::AppendHeaders([
                (
                    SET_COOKIE,
                    session_cookie(&state, SESSION_COOKIE, Some(&ok.token)),
                ),
                (SET_COOKIE, session_cookie(&state, LOGIN_CSRF_COOKIE, None)),
            ]),
            Redirect::to("/login/code"),
        )
            .into_response(),
        Ok(ok) => {
            // The session a browser held before is ended, not carried over (ASVS 3.2.1).
            if let Some(old) = cookie(&headers, SESSION_COOKIE).filter(|t| !t.is_empty())
                && let Err(e) = state.store.delete_session(&auth::token_hash(old)).await
            {
                return PageError(e.into()).into_response();
            }
            let to = if ok.must_change_password {
                "/password"
            } else {
                "/evaluations"
            };
            (
                // Two Set-Cookie headers: appended, not replaced.
                axum::response::AppendHeaders([
                    (
                        SET_COOKIE,
                        session_cookie(&state, SESSION_COOKIE, Some(&ok.token)),
                    ),
                    (SET_COOKIE, session_cookie(&state, LOGIN_CSRF_COOKIE, None)),
                ]),
                Redirect::to(to),
            )
                .into_response()
        }
        Err(AppError::Forbidden(key)) => login_page(&state, f.username, Some(key), None),
        Err(e @ AppError::TooManyAttempts) => {
            let mut page = login_page(&state, f.username, Some(e.key()), None);
            *page.status_mut() = axum::http::StatusCode::TOO_MANY_REQUESTS;
            page
        }
        Err(e) => PageError(e).into_response(),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    pub csrf: String,
}

/// `POST /logout`
pub async fn logout(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Form(f): Form<CsrfForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    state.store.delete_session(&user.session).await?;
    tracing::info!(username = %user.username, "logout");
    crate::audit::record_own(&state, &user, "logout").await;
    Ok((
        [(SET_COOKIE, session_cookie(&state, SESSION_COOKIE, None))],
        Redirect::to("/login?out=1"),
    )
        .into_response())
}

/// `POST /logout/all`: ends every session of the account, on every computer and API client
/// (after a lost phone or a shared computer), this one included.
pub async fn logout_everywhere(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Form(f): Form<CsrfForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    end_all_sessions(&state, &user).await?;
    Ok((
        [(SET_COOKIE, session_cookie(&state, SESSION_COOKIE, None))],
        Redirect::to("/login?out=1"),
    )
        .into_response())
}

/// Ends every session of `user`'s account and writes the audit line (pages and API).
pub async fn end_all_sessions(state: &AppState, user: &CurrentUser) -> Result<(), AppError> {
    state
        .store
        .delete_sessions_of(&user.account_id, None)
        .await?;
    tracing::info!(username = %user.username, "logout everywhere");
    crate::audit::record_own(state, user, "logout_everywhere").await;
    Ok(())
}

#[derive(Template)]
#[template(path = "password.html")]
pub struct PasswordPage {
    pub ctx: Ctx,
    pub must_change: bool,
    pub errors: Errors,
}

/// `GET /password`
pub async fn password_form(
    PageUser(user): PageUser,
    Query(flash): Query<super::Flash>,
) -> Response {
    render(&PasswordPage {
        ctx: Ctx::for_user(&user).with_flash(flash.ok.as_deref()),
        must_change: user.must_change_password,
        errors: Errors::default(),
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub current: String,
    #[serde(default)]
    pub new: String,
    #[serde(default)]
    pub confirm: String,
}

/// `POST /password`: checks the current password, the policy, and ends the account's other
/// sessions.
pub async fn change_password(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Form(f): Form<PasswordForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let account = state.store.account(&user.account_id).await?;
    let mut errs = FieldErrors::default();
    if !auth::verify_password(&f.current, &account.password_hash).await {
        errs.add("current", "err.password_wrong");
    }
    password::check(&mut errs, "new", &f.new, &user.username);
    if f.new != f.confirm {
        errs.add("confirm", "err.password_mismatch");
    } else if f.new == f.current && errs.get("new").is_none() {
        errs.add("new", "err.password_same");
    }
    if !errs.is_empty() {
        let page = PasswordPage {
            ctx: Ctx::for_user(&user),
            must_change: user.must_change_password,
            errors: Errors(errs),
        };
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response());
    }
    let hash = auth::hash_password(&f.new).await?;
    state
        .store
        .set_password(&user.account_id, &hash, None)
        .await?;
    state
        .store
        .delete_sessions_of(&user.account_id, Some(&user.session))
        .await?;
    crate::audit::record_own(&state, &user, "account_change_password").await;
    Ok(Redirect::to("/evaluations?ok=password.done").into_response())
}

#[derive(Template)]
#[template(path = "forgot.html")]
pub struct ForgotPage {
    pub ctx: Ctx,
    pub sent: bool,
    pub errors: Errors,
    pub name: String,
}

/// `GET /forgot`
pub async fn forgot_form() -> Response {
    render(&ForgotPage {
        ctx: Ctx::default(),
        sent: false,
        errors: Errors::default(),
        name: String::new(),
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    pub name: String,
}

/// `POST /forgot`: queues a single-use link to the account's e-mail. The answer is the same
/// whether or not such an account exists (issue 3 §3), and takes about as long.
pub async fn forgot(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Form(f): Form<ForgotForm>,
) -> Result<Response, PageError> {
    let mut errs = FieldErrors::default();
    let name = validate::required_text(&mut errs, "name", &f.name, 254);
    let mut status = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    if errs.is_empty() && !state.throttle.allow(Door::Reset, ip, &name) {
        errs.add("name", AppError::TooManyAttempts.key());
        status = axum::http::StatusCode::TOO_MANY_REQUESTS;
    }
    if !errs.is_empty() {
        return Ok((
            status,
            render(&ForgotPage {
                ctx: Ctx::default(),
                sent: false,
                errors: Errors(errs),
                name,
            }),
        )
            .into_response());
    }
    if let Some(target) = state.store.reset_target(&name).await? {
        let token = auth::random_token();
        let valid = state.config.lifecycle.reset_link_valid;
        let link = format!(
            "{}/reset/{token}",
            state.config.public_url.trim_end_matches('/')
        );
        let body = format!(
            "Xin chào,\n\nCó yêu cầu đặt lại mật khẩu cho tài khoản {} trên hệ thống Đánh giá, xếp loại CBCCVC.\n\n\
             Mở liên kết sau để đặt mật khẩu mới (liên kết chỉ dùng được một lần, trong {} phút):\n{link}\n\n\
             Nếu bạn không yêu cầu, hãy bỏ qua thư này; mật khẩu hiện tại vẫn giữ nguyên.\n",
            target.username,
            valid.whole_minutes()
        );
        state
            .store
            .create_password_reset(
                &auth::token_hash(&token),
                &target.account_id,
                danhgia_store::now() + valid,
                &target.email,
                "Đặt lại mật khẩu",
                &body,
            )
            .await?;
        crate::audit::record(
            &state,
            None,
            "account_reset_requested",
            "account",
            Some(&target.account_id),
            None,
            serde_json::json!({ "username": target.username }),
        )
        .await;
    } else {
        // the same work as the other branch would not reveal more than the timing of a queue insert
        let _ = auth::token_hash(&auth::random_token());
    }
    Ok(render(&ForgotPage {
        ctx: Ctx::default(),
        sent: true,
        errors: Errors::default(),
        name: String::new(),
    }))
}

#[derive(Template)]
#[template(path = "reset.html")]
pub struct ResetPage {
    pub ctx: Ctx,
    pub token: String,
    pub errors: Errors,
}

/// `GET /reset/{token}`
pub async fn reset_form(
    State(state): State<AppState>,
    axum::extract::Path(token): axum::extract::Path<String>,
) -> Result<Response, PageError> {
    if state
        .store
        .live_reset(&auth::token_hash(&token), danhgia_store::now())
        .await?
        .is_none()
    {
        return Err(AppError::Conflict("err.reset_link").into());
    }
    Ok(render(&ResetPage {
        ctx: Ctx::default(),
        token,
        errors: Errors::default(),
    }))
}

#[derive(Debug, Default, Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    pub new: String,
    #[serde(default)]
    pub confirm: String,
}

/// `POST /reset/{token}`: the token is the proof; it works once.
pub async fn reset(
    State(state): State<AppState>,
    axum::extract::Path(token): axum::extract::Path<String>,
    Form(f): Form<ResetForm>,
) -> Result<Response, PageError> {
    let hash = auth::token_hash(&token);
    let Some(account_id) = state.store.live_reset(&hash, danhgia_store::now()).await? else {
        return Err(AppError::Conflict("err.reset_link").into());
    };
    let account = state.store.account(&account_id).await?;
    let mut errs = FieldErrors::default();
    password::check(&mut errs, "new", &f.new, &account.username);
    if f.new != f.confirm {
        errs.add("confirm", "err.password_mismatch");
    }
    if !errs.is_empty() {
        return Ok((
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            render(&ResetPage {
                ctx: Ctx::default(),
                token,
                errors: Errors(errs),
            }),
        )
            .into_response());
    }
    match state
        .store
        .complete_password_reset(&hash, &auth::hash_password(&f.new).await?)
        .await
    {
        Ok(_) => {}
        Err(danhgia_store::StoreError::NotFound) => {
            return Err(AppError::Conflict("err.reset_link").into());
        }
        Err(e) => return Err(e.into()),
    }
    crate::audit::record(
        &state,
        None,
        "account_reset_completed",
        "account",
        Some(&account_id),
        None,
        serde_json::json!({ "username": account.username }),
    )
    .await;
    Ok(Redirect::to("/login?reset=1").into_response())
}

#[derive(Template)]
#[template(path = "login_code.html")]
pub struct LoginCodePage {
    pub ctx: Ctx,
    pub error: Option<&'static str>,
}

/// The pending login of a request (the session cookie of the first step), with its CSRF token.
async fn pending_login(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(String, danhgia_store::Session), AppError> {
    let token = cookie(headers, SESSION_COOKIE)
        .filter(|t| !t.is_empty())
        .ok_or(AppError::Unauthenticated { expired: false })?;
    let session = state
        .store
        .session(&auth::token_hash(token), danhgia_store::now())
        .await?
        .filter(|s| s.kind == auth::PENDING_CODE)
        .ok_or(AppError::Unauthenticated { expired: true })?;
    Ok((token.to_owned(), session))
}

fn code_page(csrf: String, error: Option<&'static str>) -> Response {
    let status = if error.is_some() {
        axum::http::StatusCode::UNAUTHORIZED
    } else {
        axum::http::StatusCode::OK
    };
    let page = LoginCodePage {
        ctx: Ctx {
            csrf,
            ..Ctx::default()
        },
        error,
    };
    (status, render(&page)).into_response()
}

/// `GET /login/code`: the second step of a login with a second factor.
pub async fn login_code_form(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let (_, session) = pending_login(&state, &headers).await?;
    Ok(code_page(session.csrf_token, None))
}

#[derive(Debug, Default, Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub code: String,
}

/// `POST /login/code`: the right code opens the session (a new token); a wrong one asks again.
pub async fn login_code(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(f): Form<CodeForm>,
) -> Result<Response, PageError> {
    let (token, session) = pending_login(&state, &headers).await?;
    if session.csrf_token != f.csrf {
        return Ok(code_page(session.csrf_token, Some("err.csrf")));
    }
    match auth::second_step(&state, &token, &f.code, ip).await {
        Ok(ok) => Ok((
            [(
                SET_COOKIE,
                session_cookie(&state, SESSION_COOKIE, Some(&ok.token)),
            )],
            Redirect::to(if ok.must_change_password {
                "/password"
            } else {
                "/evaluations"
            }),
        )
            .into_response()),
        Err(AppError::Forbidden("err.account_locked")) => Ok(login_page(
            &state,
            session.username,
            Some("err.account_locked"),
            None,
        )),
        Err(AppError::Forbidden(key)) => Ok(code_page(session.csrf_token, Some(key))),
        Err(e @ AppError::TooManyAttempts) => {
            let mut page = code_page(session.csrf_token, Some(e.key()));
            *page.status_mut() = axum::http::StatusCode::TOO_MANY_REQUESTS;
            Ok(page)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "totp.html")]
pub struct TotpPage {
    pub ctx: Ctx,
    pub enabled: bool,
    /// The secret being set up, in base32, and its QR code (SVG made here, not user text).
    pub key: String,
    pub qr: String,
    pub error: Option<&'static str>,
}

/// Whether `user` is offered a second factor: the admins.
fn offers_totp(user: &CurrentUser) -> bool {
    use danhgia_domain::access::Role;
    user.scope.has_role(Role::SystemAdmin) || user.scope.has_role(Role::UnitAdmin)
}

async fn totp_page(
    state: &AppState,
    user: &CurrentUser,
    flash: Option<&str>,
    error: Option<&'static str>,
) -> Result<Response, AppError> {
    if !offers_totp(user) {
        return Err(AppError::NotFound);
    }
    let totp = state.store.totp_of(&user.account_id).await?;
    let (key, qr) = match (&totp.secret, &totp.pending) {
        (Some(_), _) => (String::new(), String::new()),
        (None, Some(p)) => crate::totp::enrolment(p, &user.username)?,
        (None, None) => {
            let secret = crate::totp::new_secret();
            state
                .store
                .set_totp_pending(&user.account_id, Some(&secret))
                .await?;
            crate::totp::enrolment(&secret, &user.username)?
        }
    };
    let page = TotpPage {
        ctx: Ctx::for_user(user).with_flash(flash),
        enabled: totp.secret.is_some(),
        key,
        qr,
        error,
    };
    let status = if error.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    Ok((status, render(&page)).into_response())
}

/// `GET /account/2fa`: turn the second factor on (scan, then type a code) or off.
pub async fn totp_form(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Query(flash): Query<super::Flash>,
) -> Result<Response, PageError> {
    Ok(totp_page(&state, &user, flash.ok.as_deref(), None).await?)
}

/// `POST /account/2fa`: the first right code turns the second factor on; the account's other
/// sessions end (ASVS 3.3.3).
pub async fn totp_enable(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Form(f): Form<CodeForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    if !offers_totp(&user) {
        return Err(AppError::NotFound.into());
    }
    let totp = state.store.totp_of(&user.account_id).await?;
    let Some(pending) = totp.pending.filter(|_| totp.secret.is_none()) else {
        return Ok(Redirect::to("/account/2fa").into_response());
    };
    let Some(step) = crate::totp::step_of(&pending, &user.username, &f.code, danhgia_store::now())
    else {
        return Ok(totp_page(&state, &user, None, Some("err.totp_wrong")).await?);
    };
    state
        .store
        .set_totp(&user.account_id, Some((&pending, step)))
        .await?;
    state
        .store
        .delete_sessions_of(&user.account_id, Some(&user.session))
        .await?;
    crate::audit::record_own(&state, &user, "totp_enable").await;
    Ok(Redirect::to("/account/2fa?ok=totp.enabled").into_response())
}

/// `POST /account/2fa/disable`: the app's current code turns the second factor off.
pub async fn totp_disable(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Form(f): Form<CodeForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    if !offers_totp(&user) {
        return Err(AppError::NotFound.into());
    }
    let Some(secret) = state.store.totp_of(&user.account_id).await?.secret else {
        return Ok(Redirect::to("/account/2fa").into_response());
    };
    if !crate::totp::verify(&state, &user.account_id, &user.username, &secret, &f.code).await? {
        return Ok(totp_page(&state, &user, None, Some("err.totp_wrong")).await?);
    }
    state.store.set_totp(&user.account_id, None).await?;
    crate::audit::record_own(&state, &user, "totp_disable").await;
    Ok(Redirect::to("/account/2fa?ok=totp.disabled").into_response())
}
