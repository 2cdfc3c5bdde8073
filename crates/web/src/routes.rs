//! Every route of the app in one table. The router is built from it, and the access-matrix
//! test walks it, so a route added here without a matrix entry fails that test.

use axum::Router;
use axum::http::Method;
use axum::routing::{MethodRouter, get, post};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::{AppState, api, api_criteria, api_evaluations, api_peer, api_work, ops, pages};
use pages::{
    account, alerts, annual, audit, career, catalogue, commendations, criteria, emulation,
    evaluations, file_import, import, localgov, moves, peer, printed, profile, reports, search,
    staff, staffing, training, units, work,
};

/// (method, path pattern, handler)
pub fn table() -> Vec<(Method, &'static str, MethodRouter<AppState>)> {
    vec![
        (Method::GET, "/", get(account::home)),
        (Method::GET, "/login", get(account::login_form)),
        (Method::POST, "/login", post(account::login)),
        (Method::POST, "/logout", post(account::logout)),
        (Method::GET, "/login/code", get(account::login_code_form)),
        (Method::POST, "/login/code", post(account::login_code)),
        (Method::GET, "/account/2fa", get(account::totp_form)),
        (Method::POST, "/account/2fa", post(account::totp_enable)),
        (
            Method::POST,
            "/account/2fa/disable",
            post(account::totp_disable),
        ),
        (Method::GET, "/audit", get(audit::page)),
        (Method::POST, "/audit/verify", post(audit::verify)),
        (
            Method::POST,
            "/logout/all",
            post(account::logout_everywhere),
        ),
        (Method::GET, "/forgot", get(account::forgot_form)),
        (Method::POST, "/forgot", post(account::forgot)),
        (Method::GET, "/reset/{token}", get(account::reset_form)),
        (Method::POST, "/reset/{token}", post(account::reset)),
        (Method::GET, "/password", get(account::password_form)),
        (Method::POST, "/password", post(account::change_password)),
        (Method::GET, "/units", get(units::tree)),
        (Method::GET, "/units/new", get(units::new_form)),
        (Method::POST, "/units", post(units::create)),
        (Method::GET, "/units/{id}", get(units::show)),
        (Method::GET, "/units/{id}/edit", get(units::edit_form)),
        (Method::POST, "/units/{id}/edit", post(units::update)),
        (Method::POST, "/units/{id}/move", post(units::move_unit)),
        (Method::POST, "/units/{id}/dissolve", post(units::dissolve)),
        (Method::POST, "/units/{id}/cohorts", post(units::add_cohort)),
        (
            Method::POST,
            "/units/{id}/cohorts/{cohort}/delete",
            post(units::delete_cohort),
        ),
        (Method::GET, "/units/{id}/staff/new", get(staff::new_form)),
        (Method::POST, "/units/{id}/staff", post(staff::create)),
        (Method::GET, "/units/{id}/import", get(import::form)),
        (
            Method::POST,
            "/units/{id}/import",
            post(import::upload).layer(axum::extract::DefaultBodyLimit::max(import::MAX_UPLOAD)),
        ),
        (
            Method::GET,
            "/units/{id}/import/{upload}",
            get(import::show),
        ),
        (
            Method::GET,
            "/units/{id}/import/{upload}/errors.xlsx",
            get(import::errors_sheet),
        ),
        (
            Method::POST,
            "/units/{id}/import/{upload}/confirm",
            post(import::confirm),
        ),
        (
            Method::GET,
            "/units/{id}/import/{upload}/accounts.xlsx",
            get(import::accounts_sheet),
        ),
        (Method::GET, "/units/{id}/staff.xlsx", get(import::export)),
        (Method::GET, "/import/template.xlsx", get(import::template)),
        (Method::GET, "/criteria", get(criteria::list)),
        (Method::GET, "/criteria/{key}", get(criteria::show)),
        (Method::POST, "/criteria/{key}/copy", post(criteria::copy)),
        (
            Method::GET,
            "/criteria/{key}/edit",
            get(criteria::edit_form),
        ),
        (Method::POST, "/criteria/{key}/edit", post(criteria::update)),
        (
            Method::POST,
            "/criteria/{key}/source",
            post(criteria::update_source),
        ),
        (
            Method::GET,
            "/units/{id}/criteria",
            get(criteria::assignments),
        ),
        (Method::POST, "/units/{id}/criteria", post(criteria::assign)),
        (Method::GET, "/staff/{id}/criteria", get(criteria::person)),
        (
            Method::POST,
            "/staff/{id}/criteria",
            post(criteria::try_scores),
        ),
        (Method::GET, "/settings/rules", get(criteria::rules)),
        (Method::POST, "/settings/rules", post(criteria::set_rules)),
        (Method::POST, "/settings/peer", post(criteria::set_peer)),
        (
            Method::POST,
            "/evaluations/{id}/annual-note",
            post(annual::note),
        ),
        (Method::GET, "/peer", get(peer::mine)),
        (Method::GET, "/peer/ratings/{id}", get(peer::show)),
        (Method::POST, "/peer/ratings/{id}", post(peer::rate)),
        (Method::GET, "/units/{id}/peer", get(peer::minutes)),
        (
            Method::POST,
            "/units/{id}/peer/compile",
            post(peer::compile),
        ),
        (Method::POST, "/units/{id}/peer/round", post(peer::round)),
        (
            Method::POST,
            "/units/{id}/peer/raters",
            post(peer::add_rater),
        ),
        (
            Method::POST,
            "/units/{id}/peer/raters/{rating}/remove",
            post(peer::remove_rater),
        ),
        (Method::GET, "/evaluations", get(evaluations::hub)),
        (Method::GET, "/evaluations/queue", get(evaluations::queue)),
        (
            Method::POST,
            "/evaluations/queue/accept",
            post(evaluations::accept),
        ),
        (Method::GET, "/evaluations/{id}", get(evaluations::show)),
        (Method::POST, "/evaluations/{id}", post(evaluations::act)),
        (
            Method::POST,
            "/evaluations/{id}/requests",
            post(evaluations::request),
        ),
        (
            Method::POST,
            "/evaluations/{id}/requests/{request}",
            post(evaluations::answer),
        ),
        (
            Method::POST,
            "/evaluations/{id}/amend",
            post(evaluations::amend),
        ),
        (
            Method::POST,
            "/evaluations/{id}/attachments",
            post(evaluations::attach).layer(axum::extract::DefaultBodyLimit::max(
                crate::attachments::MAX_SIZE + 64 * 1024,
            )),
        ),
        (
            Method::GET,
            "/evaluations/{id}/attachments/{file}",
            get(evaluations::download),
        ),
        (
            Method::POST,
            "/evaluations/{id}/attachments/{file}/delete",
            post(evaluations::detach),
        ),
        (
            Method::GET,
            "/units/{id}/evaluations",
            get(evaluations::progress),
        ),
        (
            Method::POST,
            "/units/{id}/evaluations/publish",
            post(evaluations::publish),
        ),
        (
            Method::GET,
            "/units/{id}/results",
            get(evaluations::results),
        ),
        (
            Method::GET,
            "/units/{id}/statistics",
            get(evaluations::statistics),
        ),
        (
            Method::GET,
            "/units/{id}/commendations",
            get(commendations::page),
        ),
        (
            Method::POST,
            "/units/{id}/commendations",
            post(commendations::save),
        ),
        (
            Method::POST,
            "/units/{id}/commendations/approve",
            post(commendations::approve),
        ),
        (
            Method::GET,
            "/units/{id}/commendations.xlsx",
            get(commendations::xlsx),
        ),
        (
            Method::GET,
            "/units/{id}/commendations.pdf",
            get(printed::commendations),
        ),
        (
            Method::GET,
            "/units/{id}/summary.pdf",
            get(printed::summary),
        ),
        (
            Method::GET,
            "/evaluations/{id}/print.pdf",
            get(printed::form),
        ),
        (Method::GET, "/units/{id}/forms", get(reports::forms)),
        (Method::GET, "/units/{id}/watch", get(reports::watch)),
        (Method::GET, "/units/{id}/trends", get(reports::trends)),
        (
            Method::GET,
            "/units/{id}/forms.xlsx",
            get(reports::forms_xlsx),
        ),
        (
            Method::GET,
            "/units/{id}/watch.xlsx",
            get(reports::watch_xlsx),
        ),
        (
            Method::GET,
            "/units/{id}/trends.xlsx",
            get(reports::trends_xlsx),
        ),
        (Method::GET, "/search", get(search::page)),
        (Method::GET, "/alerts", get(alerts::page)),
        (Method::POST, "/alerts/read", post(alerts::read)),
        (Method::POST, "/alerts/email", post(alerts::email)),
        (Method::GET, "/api/v1/alerts", get(api::alerts)),
        (Method::POST, "/api/v1/alerts/read", post(api::alerts_read)),
        (Method::GET, "/api/v1/search", get(api::search)),
        (Method::GET, "/work", get(work::mine)),
        (Method::GET, "/work/team", get(work::team)),
        (Method::GET, "/work/week.ics", get(work::ics)),
        (Method::GET, "/work/people/{id}", get(work::person)),
        (Method::POST, "/work/items", post(work::add_item)),
        (Method::POST, "/work/items/{id}", post(work::item_action)),
        (Method::POST, "/work/plan/freeze", post(work::freeze)),
        (Method::POST, "/work/copy-week", post(work::copy_week)),
        (Method::POST, "/work/logs", post(work::add_log)),
        (Method::POST, "/work/logs/{id}", post(work::log_action)),
        (Method::POST, "/work/submit", post(work::submit)),
        (Method::POST, "/work/reviews/{id}", post(work::decide)),
        (Method::POST, "/work/people/{id}/tasks", post(work::assign)),
        (Method::POST, "/work/people/{id}/marks", post(work::marks)),
        (Method::POST, "/work/tasks/{id}/report", post(work::report)),
        (Method::POST, "/work/tasks/{id}/rate", post(work::rate)),
        (
            Method::POST,
            "/work/tasks/{id}/delete",
            post(work::withdraw),
        ),
        (Method::GET, "/units/{id}/catalogue", get(catalogue::show)),
        (
            Method::GET,
            "/units/{id}/catalogue.xlsx",
            get(catalogue::export),
        ),
        (
            Method::POST,
            "/units/{id}/catalogue",
            post(catalogue::import)
                .layer(axum::extract::DefaultBodyLimit::max(catalogue::MAX_UPLOAD)),
        ),
        (Method::GET, "/units/{id}/plan", get(work::unit_plan)),
        (
            Method::POST,
            "/units/{id}/plan/items",
            post(work::unit_add_item),
        ),
        (
            Method::POST,
            "/units/{id}/plan/publish",
            post(work::unit_publish),
        ),
        (
            Method::GET,
            "/units/{id}/statistics.xlsx",
            get(evaluations::statistics_xlsx),
        ),
        (
            Method::GET,
            "/units/{id}/summary.xlsx",
            get(evaluations::summary_xlsx),
        ),
        (Method::GET, "/periods", get(evaluations::periods)),
        (Method::POST, "/periods", post(evaluations::open)),
        (Method::POST, "/periods/{id}", post(evaluations::set_dates)),
        (
            Method::POST,
            "/periods/calendar/{id}",
            post(evaluations::set_calendar),
        ),
        (Method::GET, "/staff/{id}", get(staff::show)),
        (Method::GET, "/staff/{id}/edit", get(staff::edit_form)),
        (Method::POST, "/staff/{id}/edit", post(staff::update)),
        (Method::POST, "/staff/{id}/roles", post(staff::grant)),
        (
            Method::POST,
            "/staff/{id}/roles/{grant}/revoke",
            post(staff::revoke),
        ),
        (
            Method::POST,
            "/staff/{id}/password-reset",
            post(staff::reset_password),
        ),
        (Method::POST, "/staff/{id}/unlock", post(staff::unlock)),
        (Method::POST, "/staff/{id}/transfer", post(staff::transfer)),
        (Method::POST, "/staff/{id}/leave", post(staff::leave)),
        (Method::POST, "/staff/{id}/career", post(career::add)),
        (
            Method::POST,
            "/staff/{id}/career/{process}/scan",
            post(career::attach_scan),
        ),
        (
            Method::GET,
            "/staff/{id}/career/{process}/scan",
            get(career::scan),
        ),
        (Method::POST, "/staff/{id}/profile", post(profile::save)),
        (Method::POST, "/staff/{id}/moves", post(moves::request)),
        (Method::GET, "/moves", get(moves::list)),
        (Method::POST, "/moves/{id}/decide", post(moves::decide)),
        (Method::GET, "/units/{id}/staffing", get(staffing::show)),
        (
            Method::POST,
            "/units/{id}/staffing/profile",
            post(staffing::save_profile),
        ),
        (
            Method::POST,
            "/units/{id}/staffing/quota",
            post(staffing::save_quota),
        ),
        (
            Method::GET,
            "/units/{id}/staffing/completeness",
            get(staffing::completeness_page),
        ),
        (
            Method::GET,
            "/units/{id}/staffing/completeness.xlsx",
            get(staffing::completeness_xlsx),
        ),
        (
            Method::GET,
            "/units/{id}/staffing/report.xlsx",
            get(staffing::report_xlsx),
        ),
        (
            Method::GET,
            "/units/{id}/staffing/report.pdf",
            get(staffing::report_pdf),
        ),
        (Method::GET, "/units/{id}/emulation", get(emulation::show)),
        (
            Method::POST,
            "/units/{id}/emulation/pledges",
            post(emulation::pledges),
        ),
        (
            Method::POST,
            "/units/{id}/emulation/awards",
            post(emulation::award),
        ),
        (
            Method::GET,
            "/units/{id}/emulation/proposals.xlsx",
            get(emulation::proposals_xlsx),
        ),
        (
            Method::GET,
            "/units/{id}/local-government",
            get(localgov::show),
        ),
        (
            Method::POST,
            "/units/{id}/local-government/offices",
            post(localgov::add),
        ),
        (
            Method::POST,
            "/units/{id}/local-government/offices/{office}/end",
            post(localgov::end),
        ),
        (
            Method::POST,
            "/units/{id}/local-government/commune-staff",
            post(localgov::commune_staff),
        ),
        (
            Method::GET,
            "/units/{id}/files/import",
            get(file_import::form),
        ),
        (
            Method::POST,
            "/units/{id}/files/import",
            post(file_import::upload),
        ),
        (
            Method::GET,
            "/units/{id}/files.xlsx",
            get(file_import::export),
        ),
        (Method::GET, "/units/{id}/training", get(training::list)),
        (Method::POST, "/units/{id}/training", post(training::create)),
        (
            Method::GET,
            "/units/{id}/training/{course}",
            get(training::show),
        ),
        (
            Method::POST,
            "/units/{id}/training/{course}/enrolments",
            post(training::enrolment),
        ),
        (
            Method::GET,
            "/api/openapi.json",
            get(crate::openapi::document),
        ),
        (Method::POST, "/api/v1/login", post(api::login)),
        (Method::POST, "/api/v1/logout", post(api::logout)),
        (Method::GET, "/api/v1/audit", get(audit::api)),
        (
            Method::POST,
            "/api/v1/logout/all",
            post(api::logout_everywhere),
        ),
        (Method::GET, "/api/v1/me", get(api::me)),
        (Method::GET, "/api/v1/units", get(api::units)),
        (
            Method::GET,
            "/api/v1/staff/{id}/file",
            get(api::person_file),
        ),
        (
            Method::GET,
            "/api/v1/units/{id}/staff",
            get(api::unit_staff),
        ),
        (Method::GET, "/api/v1/criteria", get(api_criteria::list)),
        (
            Method::GET,
            "/api/v1/criteria/{key}",
            get(api_criteria::show),
        ),
        (
            Method::POST,
            "/api/v1/criteria/{key}/score",
            post(api_criteria::score),
        ),
        (
            Method::GET,
            "/api/v1/periods",
            get(api_evaluations::periods),
        ),
        (
            Method::GET,
            "/api/v1/periods/{id}/evaluations",
            get(api_evaluations::evaluations),
        ),
        (
            Method::GET,
            "/api/v1/evaluations/{id}",
            get(api_evaluations::show),
        ),
        (
            Method::POST,
            "/api/v1/evaluations/{id}",
            post(api_evaluations::act),
        ),
        (
            Method::POST,
            "/api/v1/evaluations/{id}/requests",
            post(api_evaluations::request),
        ),
        (
            Method::POST,
            "/api/v1/evaluations/{id}/requests/{request}",
            post(api_evaluations::answer),
        ),
        (
            Method::POST,
            "/api/v1/evaluations/{id}/amend",
            post(api_evaluations::amend),
        ),
        (
            Method::POST,
            "/api/v1/units/{id}/publish",
            post(api_evaluations::publish),
        ),
        (
            Method::GET,
            "/api/v1/units/{id}/statistics",
            get(api_evaluations::statistics),
        ),
        (Method::GET, "/api/v1/peer/ratings", get(api_peer::mine)),
        (
            Method::POST,
            "/api/v1/peer/ratings/{id}",
            post(api_peer::rate),
        ),
        (
            Method::GET,
            "/api/v1/units/{id}/peer-minutes",
            get(api_peer::minutes),
        ),
        (
            Method::POST,
            "/api/v1/units/{id}/peer-minutes",
            post(api_peer::compile),
        ),
        (Method::GET, "/api/v1/work/plan", get(api_work::plan)),
        (Method::POST, "/api/v1/work/items", post(api_work::add_item)),
        (
            Method::POST,
            "/api/v1/work/items/{id}",
            post(api_work::item_action),
        ),
        (
            Method::POST,
            "/api/v1/work/plan/freeze",
            post(api_work::freeze),
        ),
        (Method::GET, "/api/v1/work/log", get(api_work::log)),
        (Method::POST, "/api/v1/work/log", post(api_work::add_log)),
        (
            Method::POST,
            "/api/v1/work/log/submit",
            post(api_work::submit),
        ),
        (
            Method::POST,
            "/api/v1/work/log/{id}",
            post(api_work::log_action),
        ),
        (Method::GET, "/api/v1/work/reviews", get(api_work::reviews)),
        (
            Method::POST,
            "/api/v1/work/reviews/{id}",
            post(api_work::decide),
        ),
        (
            Method::GET,
            "/api/v1/work/people/{id}",
            get(api_work::person),
        ),
        (Method::GET, "/api/v1/work/tasks", get(api_work::tasks)),
        (
            Method::POST,
            "/api/v1/work/people/{id}/tasks",
            post(api_work::assign),
        ),
        (
            Method::POST,
            "/api/v1/work/tasks/{id}/report",
            post(api_work::report),
        ),
        (
            Method::POST,
            "/api/v1/work/tasks/{id}/rate",
            post(api_work::rate),
        ),
        (
            Method::GET,
            "/api/v1/units/{id}/catalogue",
            get(api_work::catalogue),
        ),
        (Method::GET, "/healthz", get(ops::healthz)),
        (Method::GET, "/metrics", get(ops::metrics)),
        (Method::GET, "/static/app.css", get(static_css)),
        (Method::GET, "/static/app.js", get(static_js)),
    ]
}

async fn static_css() -> impl axum::response::IntoResponse {
    static_asset("text/css; charset=utf-8", include_str!("../static/app.css"))
}

async fn static_js() -> impl axum::response::IntoResponse {
    static_asset(
        "text/javascript; charset=utf-8",
        include_str!("../static/app.js"),
    )
}

fn static_asset(
    content_type: &'static str,
    body: &'static str,
) -> impl axum::response::IntoResponse {
    use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
    (
        [
            (CONTENT_TYPE, content_type),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
}

/// The whole app: the route table, JSON 404 under `/api`, metrics and security headers.
pub fn router(state: AppState) -> Router {
    use axum::http::{HeaderValue, header};
    let mut r = Router::new();
    for (_, path, handler) in table() {
        r = r.route(path, handler);
    }
    let headers = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
        // Pages, answers and exports hold personal data: a shared office computer must not
        // keep them after logout (static files say otherwise for themselves).
        (header::CACHE_CONTROL, "no-store"),
    ];
    let mut app = r
        .route("/api/{*rest}", axum::routing::any(api::not_found))
        .fallback(fallback);
    for (name, value) in headers {
        app = app.layer(SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_static(value),
        ));
    }
    // Behind HTTPS (the setting that marks cookies Secure), browsers keep to HTTPS for a year.
    if state.config.secure_cookies {
        app = app.layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    app.layer(axum::middleware::from_fn_with_state(
        state.clone(),
        ops::track,
    ))
    .layer(axum::middleware::from_fn(same_origin_posts))
    .with_state(state)
}

async fn fallback() -> crate::error::PageError {
    crate::error::PageError(crate::error::AppError::NotFound)
}

/// Refuses state-changing requests that a browser marks as cross-site (defence in depth beside
/// the CSRF tokens).
async fn same_origin_posts(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let cross = req.method() != Method::GET
        && req
            .headers()
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v == "cross-site");
    if cross {
        let e = crate::error::AppError::Forbidden("err.csrf");
        return if req.uri().path().starts_with("/api/") {
            crate::error::ApiError(e).into_response()
        } else {
            crate::error::PageError(e).into_response()
        };
    }
    next.run(req).await
}
