//! Scheduled and queued background work: sweeping ended sessions and delivering the e-mail
//! outbox, opening each month's period, alerts, the monthly backup.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod alerts;
pub mod backup;
pub mod mail;
pub mod periods;

use std::time::Duration;

use danhgia_store::Store;

pub use alerts::{AlertConfig, AlertRound, run_alerts, run_alerts_once};
pub use backup::{BackupConfig, backup_if_due, run_backups};
pub use mail::{MailConfig, deliver_due, run_mailer};
pub use periods::{Opened, open_due_periods, run_period_opener};

/// Deletes expired sessions every `every`, until the task is dropped. Idempotent, so several
/// app servers may run it at once.
pub async fn sweep_sessions(store: Store, every: Duration) {
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        match store.delete_expired_sessions(danhgia_store::now()).await {
            Ok(0) => {}
            Ok(n) => tracing::debug!(removed = n, "expired sessions removed"),
            Err(e) => tracing::warn!(error = %e, "session sweep failed"),
        }
    }
}
