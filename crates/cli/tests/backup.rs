//! Backup and restore as an operator runs them (issue 9 §3, SPEC M9.1), on the test backend
//! (SQLite, or PostgreSQL when DANHGIA_TEST_DATABASE_URL is set): every table comes back
//! exactly, a backup taken while the app serves and writes is whole, and the audit chain of a
//! restored database verifies.

mod common;

use common::{R, danhgia, http, serve};
use danhgia_store::Store;
use danhgia_store::testing::fresh_url;

fn backup_file(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("danhgia-backup-{}", danhgia_store::new_id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

fn extension(url: &str) -> &'static str {
    if url.starts_with("postgres") {
        "pgdump"
    } else {
        "sqlite"
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restore_brings_back_every_table_exactly() -> R {
    let db = fresh_url().await?;
    danhgia(&db, &["demo"])?;
    let store = Store::connect(&db).await?;
    let before = store.table_rows().await?;
    assert!(
        before.len() > 25,
        "the demo fills the schema: {:?}",
        before.keys()
    );
    let filled = before.values().filter(|rows| !rows.is_empty()).count();
    assert!(filled > 15, "{filled} tables hold rows");

    let file = backup_file(&format!("d.{}", extension(&db)));
    let said = danhgia(&db, &["backup", &file.to_string_lossy()])?;
    assert!(said.starts_with("backup written to"), "{said}");
    assert!(
        danhgia(&db, &["backup", &file.to_string_lossy()]).is_err(),
        "an existing backup is never overwritten"
    );

    // Months of work happen after the backup: a whole new period of forms, a new unit, lines in
    // the audit log.
    danhgia(&db, &["open-periods", "--date", "2035-06-10"])?;
    let root = store.unit_by_code("HM").await?;
    store
        .create_unit(&danhgia_store::NewUnit {
            parent_id: Some(root.id.clone()),
            code: "HM-NEW".into(),
            name: "Phòng mới".into(),
            kind: danhgia_domain::org::UnitKind::Office,
            level: danhgia_domain::org::UnitLevel::District,
            block: danhgia_domain::org::Block::Government,
            suffix: None,
        })
        .await?;
    let changed = store.table_rows().await?;
    assert_ne!(changed, before, "the database changed after the backup");

    // Without --yes nothing happens.
    assert!(danhgia(&db, &["restore", &file.to_string_lossy()]).is_err());
    assert_eq!(store.table_rows().await?, changed);

    let said = danhgia(&db, &["restore", "--yes", &file.to_string_lossy()])?;
    assert!(said.contains("audit log intact"), "{said}");
    let after = store.table_rows().await?;
    for (table, rows) in &before {
        if table == "audit_log" || table == "audit_head" {
            continue;
        }
        assert_eq!(after.get(table), Some(rows), "table {table}");
    }
    assert_eq!(after.len(), before.len(), "the same tables");
    // The audit log is the backup's, plus one line: the restore, naming the log it replaced.
    let log_after = after.get("audit_log").ok_or("audit_log")?;
    let log_before = before.get("audit_log").ok_or("audit_log")?;
    assert_eq!(log_after.len(), log_before.len() + 1);
    assert!(log_before.iter().all(|l| log_after.contains(l)));
    let restore = store.audit_by_action("restore", 5).await?;
    assert_eq!(restore.len(), 1);
    assert!(
        restore[0].detail.contains("replaced_log"),
        "{}",
        restore[0].detail
    );
    store.close().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_that_is_no_backup_is_refused_and_nothing_changes() -> R {
    let db = fresh_url().await?;
    danhgia(&db, &["demo"])?;
    let store = Store::connect(&db).await?;
    let before = store.table_rows().await?;
    let file = backup_file("not-a-backup.sqlite");
    std::fs::write(&file, b"PK\x03\x04 this is a zip, not a backup")?;
    let err = danhgia(&db, &["restore", "--yes", &file.to_string_lossy()])
        .err()
        .ok_or("refused")?;
    assert!(err.to_string().contains("is not a danhgia backup"), "{err}");
    // A backup of the other kind of database is refused by name.
    let other = backup_file("other");
    std::fs::write(
        &other,
        if db.starts_with("postgres") {
            &b"SQLite format 3\0rest"[..]
        } else {
            &b"PGDMP rest"[..]
        },
    )?;
    let err = danhgia(&db, &["restore", "--yes", &other.to_string_lossy()])
        .err()
        .ok_or("refused")?;
    assert!(
        err.to_string().contains("backup; this database is"),
        "{err}"
    );
    assert_eq!(store.table_rows().await?, before);
    store.close().await;
    Ok(())
}

/// One failed login (an audit line: a write) against the server at `addr`, for a name nobody
/// has (`n` varies it, so the per-name rate limit is not what answers).
fn failed_login(addr: &str, n: usize) -> std::io::Result<()> {
    let body = format!(r#"{{"username":"nobody{n}","password":"wrong"}}"#);
    let (status, answer) = http(addr, "POST", "/api/v1/login", None, Some(&body))?;
    assert_eq!(status, 401, "{answer}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_taken_while_the_app_writes_is_whole_and_restores_elsewhere() -> R {
    let db = fresh_url().await?;
    danhgia(&db, &["demo"])?;
    let (mut server, addr) = serve(&db)?;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (stop, addr) = (stop.clone(), addr.clone());
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                failed_login(&addr, n).map(|()| n += 1)?;
            }
            Ok::<usize, std::io::Error>(n)
        })
    };
    std::thread::sleep(std::time::Duration::from_millis(300));
    let file = backup_file(&format!("live.{}", extension(&db)));
    let said = danhgia(&db, &["backup", &file.to_string_lossy()]);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let written = writer.join().map_err(|_| "writer panicked")??;
    server.kill()?;
    server.wait()?;
    let said = said?;
    assert!(written > 0, "the app wrote during the backup");
    assert!(said.contains("audit log"), "{said}");

    // Restored into another, new database, the backup's audit chain holds.
    let elsewhere = fresh_url().await?;
    danhgia(&elsewhere, &["migrate"])?;
    let said = danhgia(&elsewhere, &["restore", "--yes", &file.to_string_lossy()])?;
    assert!(said.contains("audit log intact"), "{said}");
    let restored = Store::connect(&elsewhere).await?;
    let lines = restored.audit_by_action("login_failed", 100_000).await?;
    assert!(
        !lines.is_empty(),
        "failed logins written before the backup are in it"
    );
    assert!(lines.iter().all(|l| l.ip.as_deref() == Some("127.0.0.1")));
    restored.close().await;
    Ok(())
}
