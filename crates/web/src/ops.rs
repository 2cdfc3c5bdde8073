//! Operation endpoints: `/healthz` and `/metrics` (Prometheus text format), and the request
//! counters behind them.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;

/// Upper bounds (seconds) of the request-duration histogram buckets.
const BUCKETS: [f64; 8] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

/// Counters since start. A handful of atomics: the Prometheus text format for them is a few
/// lines, so no metrics crate is pulled in (docs/decisions.md).
#[derive(Debug, Default)]
pub struct Metrics {
    requests_by_class: [AtomicU64; 5],
    duration_buckets: [AtomicU64; 8],
    duration_micros_sum: AtomicU64,
    logins_ok: AtomicU64,
    logins_failed: AtomicU64,
}

impl Metrics {
    pub fn login(&self, ok: bool) {
        if ok {
            &self.logins_ok
        } else {
            &self.logins_failed
        }
        .fetch_add(1, Relaxed);
    }

    fn observe(&self, status: StatusCode, secs: f64) {
        let class = usize::from(status.as_u16() / 100).clamp(1, 5) - 1;
        self.requests_by_class[class].fetch_add(1, Relaxed);
        for (i, le) in BUCKETS.iter().enumerate() {
            if secs <= *le {
                self.duration_buckets[i].fetch_add(1, Relaxed);
            }
        }
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        self.duration_micros_sum
            .fetch_add((secs * 1e6) as u64, Relaxed);
    }

    /// The Prometheus exposition text.
    pub fn render(&self) -> String {
        let mut out = String::from(
            "# HELP danhgia_http_requests_total HTTP requests by status class.\n# TYPE danhgia_http_requests_total counter\n",
        );
        let mut total = 0;
        for (i, c) in self.requests_by_class.iter().enumerate() {
            let n = c.load(Relaxed);
            total += n;
            out.push_str(&format!(
                "danhgia_http_requests_total{{class=\"{}xx\"}} {n}\n",
                i + 1
            ));
        }
        out.push_str("# HELP danhgia_http_request_duration_seconds Time to answer a request.\n# TYPE danhgia_http_request_duration_seconds histogram\n");
        for (i, le) in BUCKETS.iter().enumerate() {
            out.push_str(&format!(
                "danhgia_http_request_duration_seconds_bucket{{le=\"{le}\"}} {}\n",
                self.duration_buckets[i].load(Relaxed)
            ));
        }
        out.push_str(&format!(
            "danhgia_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {total}\n"
        ));
        #[allow(clippy::cast_precision_loss)]
        let sum = self.duration_micros_sum.load(Relaxed) as f64 / 1e6;
        out.push_str(&format!("danhgia_http_request_duration_seconds_sum {sum}\ndanhgia_http_request_duration_seconds_count {total}\n"));
        out.push_str(&format!(
            "# HELP danhgia_logins_total Login attempts by result.\n# TYPE danhgia_logins_total counter\n\
             danhgia_logins_total{{result=\"ok\"}} {}\ndanhgia_logins_total{{result=\"failed\"}} {}\n",
            self.logins_ok.load(Relaxed),
            self.logins_failed.load(Relaxed)
        ));
        out
    }
}

/// Middleware counting every request and its duration.
pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let res = next.run(req).await;
    state
        .metrics
        .observe(res.status(), start.elapsed().as_secs_f64());
    res
}

/// `GET /healthz`: 200 `ok` when the database answers, 503 otherwise.
pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

/// `GET /metrics`.
pub async fn metrics(State(state): State<AppState>) -> Response {
    let mut body = state.metrics.render();
    let up = u8::from(state.store.ping().await.is_ok());
    body.push_str(&format!("# HELP danhgia_database_up Whether the database answers.\n# TYPE danhgia_database_up gauge\ndanhgia_database_up {up}\n"));
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        body,
    )
        .into_response()
}
