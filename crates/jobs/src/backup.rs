//! The monthly backup (issue 9 §3; Hanoi Quy chế Đ.20–21 asks for a monthly backup of the
//! evaluation data): from a day of the month on, one server writes `danhgia-YYYY-MM.<kind>` into
//! the backup folder, with the audit log's anchor beside it (`danhgia-YYYY-MM.anchor`, to check
//! the chain against later), and keeps the newest months only.

use std::path::PathBuf;
use std::time::Duration;

use danhgia_store::{AuditEntry, Store, backup};

/// Where and when.
#[derive(Debug, Clone)]
pub struct BackupConfig {
    pub dir: PathBuf,
    /// The day of the month (1–28) from which the month's backup is due.
    pub day: u8,
    /// Months kept.
    pub keep: usize,
}

/// Writes this month's backup if it is due and not yet written; returns its path when it did.
pub async fn backup_if_due(
    store: &Store,
    cfg: &BackupConfig,
    today: time::Date,
) -> anyhow::Result<Option<PathBuf>> {
    if today.day() < cfg.day {
        return Ok(None);
    }
    let month = format!("{:04}-{:02}", today.year(), u8::from(today.month()));
    let path = cfg.dir.join(backup::monthly_name(&month, store.backend()));
    if path.exists() {
        return Ok(None);
    }
    // Several app servers: the one that claims the month writes it.
    let key = month.clone();
    if !store
        .claim_job_run(
            "backup",
            &key,
            danhgia_store::now(),
            time::Duration::hours(1),
        )
        .await?
    {
        return Ok(None);
    }
    std::fs::create_dir_all(&cfg.dir)?;
    store.backup(&path).await?;
    let check = store.verify_audit(None).await?;
    let anchor = format!("{}:{}", check.head_seq, check.head_hash);
    std::fs::write(
        cfg.dir.join(format!("danhgia-{month}.anchor")),
        format!("{anchor}\n"),
    )?;
    store.finish_job_run("backup", &key).await?;
    let pruned = backup::prune(&cfg.dir, cfg.keep)?;
    store
        .audit(&AuditEntry {
            at: danhgia_store::now(),
            actor_id: None,
            actor_name: "system".into(),
            action: "backup_monthly".into(),
            target_kind: "database".into(),
            target_id: None,
            unit_id: None,
            detail: serde_json::json!({
                "file": path.display().to_string(),
                "anchor": anchor,
                "audit_broken": check.broken.map(|b| b.to_string()),
                "pruned": pruned,
            })
            .to_string(),
            ip: None,
        })
        .await?;
    tracing::info!(file = %path.display(), anchor, "monthly backup written");
    Ok(Some(path))
}

/// Checks every `every` whether the month's backup is due, until the task is dropped.
pub async fn run_backups(store: Store, cfg: BackupConfig, every: Duration) {
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        if let Err(e) = backup_if_due(&store, &cfg, danhgia_store::today()).await {
            tracing::error!(error = %e, dir = %cfg.dir.display(), "monthly backup failed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_month_is_written_once_from_its_day_and_old_months_go() -> anyhow::Result<()> {
        let (store, _) = danhgia_store::testing::fresh_store().await?;
        let dir = std::env::temp_dir().join(format!("danhgia-monthly-{}", danhgia_store::new_id()));
        let cfg = BackupConfig {
            dir: dir.clone(),
            day: 5,
            keep: 2,
        };
        let ext = backup::extension(store.backend());
        let day = |m: u8, d: u8| -> anyhow::Result<time::Date> {
            Ok(time::Date::from_calendar_date(
                2026,
                time::Month::try_from(m)?,
                d,
            )?)
        };
        assert_eq!(
            backup_if_due(&store, &cfg, day(9, 4)?).await?,
            None,
            "not due yet"
        );
        let first = backup_if_due(&store, &cfg, day(9, 5)?).await?;
        assert_eq!(first, Some(dir.join(format!("danhgia-2026-09.{ext}"))));
        assert_eq!(
            backup_if_due(&store, &cfg, day(9, 20)?).await?,
            None,
            "once a month"
        );
        backup_if_due(&store, &cfg, day(10, 7)?).await?;
        backup_if_due(&store, &cfg, day(11, 30)?).await?;
        let mut left: Vec<String> = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "danhgia-2026-10.anchor".to_owned(),
                format!("danhgia-2026-10.{ext}"),
                "danhgia-2026-11.anchor".to_owned(),
                format!("danhgia-2026-11.{ext}"),
            ]
        );
        // The anchor holds the audit log's head at the time, which the log still has.
        let anchor = std::fs::read_to_string(dir.join("danhgia-2026-11.anchor"))?;
        let (seq, hash) = anchor.trim().split_once(':').unwrap_or_default();
        let check = store.verify_audit(Some((seq.parse()?, hash))).await?;
        assert_eq!(check.broken, None);
        assert_eq!(store.audit_by_action("backup_monthly", 10).await?.len(), 3);
        std::fs::remove_dir_all(&dir)?;
        store.close().await;
        Ok(())
    }
}
