//! Recording what users do (issue 3 §5). Each action is written after it succeeded; a failure
//! to write the audit line is logged as an error (it does not undo the action).

use danhgia_store::AuditEntry;

use crate::AppState;
use crate::auth::CurrentUser;

/// Appends an audit line for `action` on `target_kind`/`target_id`, by `actor` (None: the
/// system or an anonymous visitor).
pub async fn record(
    state: &AppState,
    actor: Option<&CurrentUser>,
    action: &str,
    target_kind: &str,
    target_id: Option<&str>,
    unit_id: Option<&str>,
    detail: serde_json::Value,
) {
    let entry = AuditEntry {
        at: danhgia_store::now(),
        actor_id: actor.map(|u| u.account_id.clone()),
        actor_name: actor.map_or_else(|| "system".to_owned(), |u| u.username.clone()),
        action: action.to_owned(),
        target_kind: target_kind.to_owned(),
        target_id: target_id.map(str::to_owned),
        unit_id: unit_id.map(str::to_owned),
        detail: detail.to_string(),
        ip: actor.and_then(|u| u.ip.clone()),
    };
    append(state, entry).await;
}

/// Appends a line about the caller's own account (password, logout, second factor).
pub async fn record_own(state: &AppState, user: &CurrentUser, action: &str) {
    record(
        state,
        Some(user),
        action,
        "account",
        Some(&user.account_id),
        None,
        serde_json::json!({}),
    )
    .await;
}

/// Appends a line built by the caller (logins, which have no current user yet).
pub async fn append(state: &AppState, entry: AuditEntry) {
    if let Err(e) = state.store.audit(&entry).await {
        tracing::error!(error = %e, action = %entry.action, "audit line not written");
    }
}
