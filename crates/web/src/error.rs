//! One error type for every handler. Pages answer with a Vietnamese error page, the API with
//! `{error, message}` JSON; constraint violations become 4xx, never 500.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use danhgia_store::StoreError;

use crate::i18n::{Lang, t};

#[derive(Debug)]
pub enum AppError {
    /// Not logged in (or the session ended).
    Unauthenticated {
        expired: bool,
    },
    /// Login refused (wrong password, locked...): 401 with the message key.
    LoginRefused(&'static str),
    /// The account must change its password before anything else (new or reset account).
    PasswordChangeRequired,
    /// The thing is outside the caller's scope, does not exist, or the id is malformed: the
    /// answer is the same so that it gives no hint that the thing exists.
    NotFound,
    /// Visible but not the caller's to change, or a missing/wrong CSRF token.
    Forbidden(&'static str),
    /// Bad input that is not a form (pages re-render forms themselves): message key.
    BadRequest(&'static str),
    /// A uniqueness or data rule: message key.
    Conflict(&'static str),
    /// Too many login or reset attempts from this address or for this name: wait a minute.
    TooManyAttempts,
    /// The database cannot take the request now (disk full, read-only, server unreachable):
    /// 503 with the message key; nothing was saved.
    Unavailable(&'static str),
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Duplicate(k) => AppError::Conflict(conflict_key(k)),
            // Rules that name their own message key.
            StoreError::Refused(k)
                if k.starts_with("commend.err.") || k.starts_with("peer.err.") =>
            {
                AppError::Conflict(k)
            }
            StoreError::Refused(k) => AppError::Conflict(conflict_key(k)),
            e => match e.outage() {
                Some(o) => {
                    tracing::error!(error = %e, outage = ?o, "the database cannot serve");
                    AppError::Unavailable(match o {
                        danhgia_store::Outage::Full => "err.storage_full",
                        danhgia_store::Outage::ReadOnly => "err.storage_read_only",
                        danhgia_store::Outage::Unreachable => "err.db_unreachable",
                    })
                }
                None => AppError::Internal(e.to_string()),
            },
        }
    }
}

/// The i18n key of a store rule.
pub fn conflict_key(k: &str) -> &'static str {
    match k {
        "unit_code" => "err.unit_code_taken",
        "username" => "err.username_taken",
        "person_account" => "err.person_has_account",
        "cohort_name" => "err.cohort_taken",
        "role_grant" => "err.role_already",
        "move_cycle" => "err.move_cycle",
        "unit_not_empty" => "err.unit_not_empty",
        "cohort_not_empty" => "err.cohort_not_empty",
        "cohort_other_unit" => "err.cohort_other_unit",
        "reviewer_unknown" => "err.reviewer_unknown",
        "evaluator_unknown" => "err.evaluator_unknown",
        "transfer_same_unit" => "err.transfer_unit",
        "transfer_before_start" => "err.transfer_before_start",
        "request_open" => "request.err.open",
        "request_answered" => "request.err.answered",
        "not_published" => "request.err.not_published",
        "evaluation_changed" => "eval.err.changed_unknown",
        "period" => "period.err.exists",
        "item_frozen" => "work.err.item_frozen",
        "plan_empty" => "work.err.plan_empty",
        "log_frozen" => "work.err.log_frozen",
        "log_nothing" => "work.err.log_nothing",
        "review_decided" => "work.err.review_decided",
        "task_rated" => "kpi.err.task_rated",
        "task_unreported" => "kpi.err.task_unreported",
        "task_reported" => "kpi.err.task_reported",
        "product_code" => "kpi.err.product_code",
        _ => "err.conflict",
    }
}

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthenticated { .. } | AppError::LoginRefused(_) => {
                StatusCode::UNAUTHORIZED
            }
            AppError::PasswordChangeRequired => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Stable machine code and catalogue key of the message.
    fn code_and_key(&self) -> (&'static str, &'static str) {
        match self {
            AppError::Unauthenticated { expired: true } => {
                ("unauthenticated", "err.session_expired")
            }
            AppError::Unauthenticated { expired: false } => {
                ("unauthenticated", "err.login_required")
            }
            AppError::LoginRefused(k) => ("login_refused", k),
            AppError::PasswordChangeRequired => {
                ("password_change_required", "err.password_change_required")
            }
            AppError::NotFound => ("not_found", "err.not_found"),
            AppError::Forbidden(k) => ("forbidden", k),
            AppError::BadRequest(k) => ("bad_request", k),
            AppError::Conflict(k) => ("conflict", k),
            AppError::TooManyAttempts => ("too_many_attempts", "err.too_many_attempts"),
            AppError::Unavailable(k) => ("unavailable", k),
            AppError::Internal(_) => ("internal", "err.internal"),
        }
    }

    /// The catalogue key of the message.
    pub fn key(&self) -> &'static str {
        self.code_and_key().1
    }

    fn log(&self) {
        if let AppError::Internal(m) = self {
            tracing::error!(error = %m, "request failed");
        }
    }
}

/// An [`AppError`] answered as a page.
#[derive(Debug)]
pub struct PageError(pub AppError);

/// An [`AppError`] answered as JSON.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}
impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        self.0.log();
        if let AppError::Unauthenticated { expired } = self.0 {
            let to = if expired {
                "/login?expired=1"
            } else {
                "/login"
            };
            return Redirect::to(to).into_response();
        }
        if let AppError::PasswordChangeRequired = self.0 {
            return Redirect::to("/password").into_response();
        }
        let (_, key) = self.0.code_and_key();
        let page = crate::pages::ErrorPage {
            lang: Lang::Vi,
            status: self.0.status().as_u16(),
            message: t(Lang::Vi, key),
        };
        (self.0.status(), crate::pages::render(&page)).into_response()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log();
        let (code, key) = self.0.code_and_key();
        let body = serde_json::json!({ "error": code, "message": t(Lang::Vi, key) });
        (self.0.status(), axum::Json(body)).into_response()
    }
}
