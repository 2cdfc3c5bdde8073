//! The `danhgia` binary: `serve`, `migrate`, `demo`.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod city;
mod demo;
mod demo_hr;
mod demo_peer;
mod demo_work;

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use danhgia_store::Store;

/// Monthly evaluation and classification of public staff (đánh giá, xếp loại CBCCVC).
#[derive(Parser)]
#[command(name = "danhgia", version)]
struct Cli {
    /// Database URL: sqlite://FILE (default ./danhgia-data/danhgia.db) or postgres://…
    #[arg(long, global = true, env = "DANHGIA_DATABASE_URL")]
    database: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Start the web app (creating and migrating the database on first start).
    Serve {
        /// Address to listen on, IPv4 or IPv6 (`[::]:8080`); repeat to listen on several.
        #[arg(
            long,
            env = "DANHGIA_LISTEN",
            default_value = "127.0.0.1:8080",
            value_delimiter = ','
        )]
        listen: Vec<SocketAddr>,
        /// Load the demo organisation when the database is empty.
        #[arg(long)]
        demo: bool,
        /// Minutes of inactivity after which a session ends.
        #[arg(long, env = "DANHGIA_IDLE_MINUTES", default_value_t = 30)]
        idle_minutes: i64,
        /// Hours after its login at which a session ends however busy (ASVS 3.3.2).
        #[arg(long, env = "DANHGIA_SESSION_HOURS", default_value_t = 12, value_parser = clap::value_parser!(i64).range(1..=72))]
        session_hours: i64,
        /// Wrong passwords before an account is locked for a while.
        #[arg(long, env = "DANHGIA_LOCKOUT_FAILURES", default_value_t = 5)]
        lockout_failures: u32,
        /// Minutes an account stays locked.
        #[arg(long, env = "DANHGIA_LOCKOUT_MINUTES", default_value_t = 15)]
        lockout_minutes: i64,
        /// Days within which a one-time password (new or reset account) must be changed.
        #[arg(long, env = "DANHGIA_PASSWORD_CHANGE_DAYS", default_value_t = 5)]
        password_change_days: i64,
        /// The address users reach the app at, used in links sent by e-mail.
        #[arg(
            long,
            env = "DANHGIA_PUBLIC_URL",
            default_value = "http://127.0.0.1:8080"
        )]
        public_url: String,
        /// Where attached files are kept: a directory, or s3://bucket (a build with S3 support).
        #[arg(
            long,
            env = "DANHGIA_ATTACHMENTS",
            default_value = "danhgia-data/attachments"
        )]
        attachments: String,
        /// Outgoing mail server: smtp://host:25, smtp+starttls://user:pass@host:587 or
        /// smtps://user:pass@host:465. Without it, mail waits in the outbox.
        #[arg(long, env = "DANHGIA_SMTP_URL")]
        smtp_url: Option<String>,
        /// Sender of outgoing mail.
        #[arg(
            long,
            env = "DANHGIA_MAIL_FROM",
            default_value = "Đánh giá CBCCVC <noreply@localhost>"
        )]
        mail_from: String,
        /// Seconds between two deliveries of the mail outbox.
        #[arg(long, env = "DANHGIA_MAIL_SECONDS", default_value_t = 15, value_parser = clap::value_parser!(u64).range(1..))]
        mail_seconds: u64,
        /// Seconds between two rounds of the alerts job.
        #[arg(long, env = "DANHGIA_ALERT_SECONDS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..))]
        alert_seconds: u64,
        /// Hour of the day (0–23, Vietnam time) from which leaders get the day's digest e-mail.
        #[arg(long, env = "DANHGIA_DIGEST_HOUR", default_value_t = danhgia_domain::alerts::DIGEST_HOUR, value_parser = clap::value_parser!(u8).range(0..24))]
        digest_hour: u8,
        /// Mark cookies Secure (when served over HTTPS).
        #[arg(long, env = "DANHGIA_SECURE_COOKIES")]
        secure_cookies: bool,
        /// Behind a reverse proxy: take the client's address from the last X-Forwarded-For entry
        /// (for the audit log and the rate limits). Never set it when clients reach the app
        /// directly: they could then claim any address.
        #[arg(long, env = "DANHGIA_TRUST_PROXY")]
        trust_proxy: bool,
        /// Login attempts allowed per minute from one address (an office behind one NAT logs in
        /// together; a load test from one machine needs far more).
        #[arg(long, env = "DANHGIA_LOGIN_PER_IP_MINUTE", default_value_t = 120, value_parser = clap::value_parser!(u32).range(1..))]
        login_per_ip_minute: u32,
        /// Folder of the monthly backups (danhgia-YYYY-MM.sqlite or .pgdump, with the audit
        /// log's anchor beside each). PostgreSQL backups need the PostgreSQL client (pg_dump).
        #[arg(
            long,
            env = "DANHGIA_BACKUP_DIR",
            default_value = "danhgia-data/backups"
        )]
        backup_dir: std::path::PathBuf,
        /// Day of the month (1–28) from which the month's backup is written.
        #[arg(long, env = "DANHGIA_BACKUP_DAY", default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=28))]
        backup_day: u8,
        /// Monthly backups kept (older ones are deleted); 0 turns the monthly backup off.
        #[arg(long, env = "DANHGIA_BACKUP_KEEP", default_value_t = 12)]
        backup_keep: usize,
    },
    /// Create the database if needed and apply migrations.
    Migrate,
    /// Open the month's period of every tenant that lacks it and write the forms of staff who
    /// have none (what `serve` does hourly; for cron or a first run).
    OpenPeriods {
        /// The day whose month to open, YYYY-MM-DD (default: today in Vietnam).
        #[arg(long)]
        date: Option<String>,
    },
    /// Check the audit log.
    Audit {
        #[command(subcommand)]
        what: AuditWhat,
    },
    /// Write a consistent copy of the whole database to FILE while the app keeps serving
    /// (SQLite: a compacted copy; PostgreSQL: pg_dump's custom format, needs the PostgreSQL client).
    Backup {
        /// The backup file to create (must not exist).
        file: std::path::PathBuf,
    },
    /// Put the database back as it was in a backup: every table, in one transaction; everyone
    /// must log in again. A backup of an older version is brought up to date first.
    Restore {
        /// The backup file (from `danhgia backup` or the monthly backups).
        file: std::path::PathBuf,
        /// Confirm that the data now in the database is to be replaced.
        #[arg(long)]
        yes: bool,
    },
    /// Import data from files.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Load the demo organisation into an empty database: a fictional district (296 staff), or
    /// with `--size city` a city shaped like Hanoi (~250,000 staff, 12 published months).
    Demo {
        #[arg(long, value_enum, default_value = "district")]
        size: DemoSize,
    },
    /// Check criteria-set files (data/criteria format) without a database: every problem is
    /// printed as FILE:LINE: problem. Exits 1 when any file has a problem.
    CheckCriteria {
        /// The .toml files to check.
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
    },
    /// Start a real deployment: create the root unit and its system admin in an empty
    /// database, and print the admin's one-time password (change within 5 days).
    Bootstrap {
        /// Code of the root unit, e.g. HN.
        #[arg(long)]
        code: String,
        /// Name of the root unit, e.g. "Thành phố Hà Nội".
        #[arg(long)]
        name: String,
        /// Account-name suffix, e.g. hanoi (accounts become nguyenvana_hanoi).
        #[arg(long)]
        suffix: String,
        /// The system admin's account name.
        #[arg(long)]
        admin: String,
        /// province, district, department, commune, office, school or team.
        #[arg(long, default_value = "province")]
        kind: String,
        /// province, district or commune.
        #[arg(long, default_value = "province")]
        level: String,
        /// party, government, assembly or education.
        #[arg(long, default_value = "government")]
        block: String,
    },
}

#[derive(Subcommand)]
enum AuditWhat {
    /// Walk the whole audit log and check its hash chain: a deleted, edited or cut line is
    /// reported with its number, and the command exits 1. Prints the last line's number and
    /// hash: keep them outside the database and pass them back with --anchor later.
    Verify {
        /// A line number and hash printed by an earlier check (SEQ:HASH) that must still hold.
        #[arg(long)]
        anchor: Option<String>,
    },
}

#[derive(Subcommand)]
enum ImportWhat {
    /// The staff list of Mẫu số 01 (.xlsx or .xls) into a unit and its sub-units: all rows or none.
    Staff {
        /// The Excel file.
        file: std::path::PathBuf,
        /// Code of the unit the list belongs to (rows with an empty "Đơn vị" go there).
        #[arg(long)]
        unit: String,
        /// Check and report only; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Where to write the new accounts' one-time passwords (default: FILE-tai-khoan.xlsx).
        #[arg(long)]
        credentials: Option<std::path::PathBuf>,
    },
}

/// mimalloc hands freed memory back to the system; glibc's allocator kept it in per-thread
/// arenas, and the server's RSS grew with every burst (issue 6, docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const DEFAULT_DB: &str = "sqlite://danhgia-data/danhgia.db";

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("DANHGIA_LOG").unwrap_or_else(|_| {
                // Loading a demo runs statements of thousands of rows, slow by design.
                if matches!(cli.command, Command::Demo { .. }) {
                    "info,sqlx=error".into()
                } else {
                    "info,sqlx=warn".into()
                }
            }),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("danhgia: error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("danhgia: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Opens and migrates the database, creating the default SQLite folder if needed.
async fn open(url: Option<&str>) -> Result<Store> {
    let url = url.unwrap_or(DEFAULT_DB);
    if url == DEFAULT_DB {
        std::fs::create_dir_all("danhgia-data").context("cannot create ./danhgia-data")?;
    }
    let store = Store::open(url)
        .await
        .with_context(|| format!("cannot open the database {}", redact(url)))?;
    store
        .migrate()
        .await
        .with_context(|| format!("cannot migrate the database {}", redact(url)))?;
    Ok(store)
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or_default();
            format!("{}{user}:***{}", &url[..s + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::CheckCriteria { files } => check_criteria(&files),
        Command::Audit {
            what: AuditWhat::Verify { anchor },
        } => {
            let store = open(cli.database.as_deref()).await?;
            audit_verify(&store, anchor.as_deref()).await
        }
        Command::Backup { file } => {
            let store = open(cli.database.as_deref()).await?;
            store
                .backup(&file)
                .await
                .with_context(|| format!("backup to {} failed", file.display()))?;
            let check = store.verify_audit(None).await?;
            store
                .audit(&cli_line(
                    "backup",
                    serde_json::json!({ "file": file.display().to_string(), "anchor": format!("{}:{}", check.head_seq, check.head_hash) }),
                ))
                .await?;
            println!(
                "backup written to {} (audit log: {} lines, last {}:{})",
                file.display(),
                check.lines,
                check.head_seq,
                check.head_hash
            );
            Ok(())
        }
        Command::Restore { file, yes } => {
            if !yes {
                anyhow::bail!(
                    "restoring replaces every table with the backup's; run again with --yes to confirm"
                );
            }
            let store = open(cli.database.as_deref()).await?;
            // The log being replaced ends here: its head goes into the restored log's first line.
            let replaced = store.verify_audit(None).await?;
            store
                .restore(&file)
                .await
                .with_context(|| format!("restore from {} failed", file.display()))?;
            store
                .audit(&cli_line(
                    "restore",
                    serde_json::json!({
                        "file": file.display().to_string(),
                        "replaced_log": format!("{}:{}", replaced.head_seq, replaced.head_hash),
                    }),
                ))
                .await?;
            let rows = store.table_rows().await?;
            let total: usize = rows.values().map(Vec::len).sum();
            println!(
                "restored from {}: {} tables, {total} rows; every session ended",
                file.display(),
                rows.len()
            );
            audit_verify(&store, None).await
        }
        Command::Migrate => {
            open(cli.database.as_deref()).await?;
            println!("database is up to date");
            Ok(())
        }
        Command::OpenPeriods { date } => {
            let store = open(cli.database.as_deref()).await?;
            let day = match date {
                Some(d) => time::Date::parse(
                    d.trim(),
                    time::macros::format_description!("[year]-[month]-[day]"),
                )
                .with_context(|| format!("--date {d}: expected YYYY-MM-DD"))?,
                None => danhgia_store::today(),
            };
            let done = danhgia_jobs::open_due_periods(&store, day).await?;
            println!(
                "periods opened: {}, forms written: {}",
                done.periods, done.forms
            );
            Ok(())
        }
        Command::Import {
            what:
                ImportWhat::Staff {
                    file,
                    unit,
                    dry_run,
                    credentials,
                },
        } => {
            let store = open(cli.database.as_deref()).await?;
            import_staff(&store, &file, &unit, dry_run, credentials).await
        }
        Command::Bootstrap {
            code,
            name,
            suffix,
            admin,
            kind,
            level,
            block,
        } => {
            let store = open(cli.database.as_deref()).await?;
            if !demo::is_empty(&store).await? {
                bail!("the database already holds units; bootstrap only starts an empty one");
            }
            use danhgia_domain::org::{Block, UnitKind, UnitLevel};
            let mut errs = danhgia_domain::validate::FieldErrors::default();
            let code = danhgia_domain::validate::unit_code(&mut errs, "code", &code);
            let name = danhgia_domain::validate::required_text(&mut errs, "name", &name, 200);
            let suffix = danhgia_domain::validate::suffix(&mut errs, "suffix", &suffix);
            let admin = danhgia_domain::validate::username(&mut errs, "admin", &admin);
            let (Some(kind), Some(level), Some(block)) = (
                UnitKind::parse(&kind),
                UnitLevel::parse(&level),
                Block::parse(&block),
            ) else {
                bail!("--kind, --level or --block is not one of the listed values");
            };
            if let Some(e) = errs.0.first() {
                bail!(
                    "--{}: {}",
                    e.field,
                    danhgia_web::i18n::t(danhgia_web::i18n::Lang::Vi, e.key)
                );
            }
            let unit = store
                .create_unit(&danhgia_store::NewUnit {
                    parent_id: None,
                    code,
                    name,
                    kind,
                    level,
                    block,
                    suffix,
                })
                .await?;
            let otp = danhgia_web::auth::one_time_password();
            let account = store
                .create_account(&danhgia_store::NewAccount {
                    username: admin.clone(),
                    password_hash: danhgia_web::auth::hash_one_time_password(&otp),
                    must_change_password: true,
                    password_deadline: Some(
                        danhgia_domain::password::Lifecycle::default()
                            .deadline(danhgia_store::now()),
                    ),
                })
                .await?;
            store
                .grant_role(
                    &account,
                    danhgia_domain::access::Role::SystemAdmin,
                    &unit.id,
                    None,
                )
                .await?;
            println!(
                "Created {} ({}) and its system admin {admin}.",
                unit.name, unit.code
            );
            println!("One-time password (change it at first login, within 5 days): {otp}");
            Ok(())
        }
        Command::Demo { size } => {
            let store = open(cli.database.as_deref()).await?;
            if !demo::is_empty(&store).await? {
                bail!(
                    "the database already holds units; the demo loads only into an empty database"
                );
            }
            match size {
                DemoSize::District => {
                    let accounts = demo::load(&store).await?;
                    demo::print_accounts(&accounts);
                }
                DemoSize::City => {
                    println!("Loading the city-sized demo (about 250,000 staff)…");
                    let (accounts, r) = city::load(&store).await?;
                    println!(
                        "Loaded {} units, {} staff, {} forms ({} submitted this month) in {:.0} s; database size {}.",
                        r.units,
                        r.staff,
                        r.forms,
                        r.submitted,
                        r.steps.last().map_or(0.0, |s| s.1),
                        r.bytes.map_or("unknown".to_owned(), |b| format!(
                            "{:.2} GB",
                            b as f64 / 1e9
                        ))
                    );
                    println!("Accounts to try (password {}):", demo::DEMO_PASSWORD);
                    for a in accounts {
                        println!("  {:<36} {}", a.username, a.what);
                    }
                }
            }
            Ok(())
        }
        Command::Serve {
            listen,
            demo: with_demo,
            idle_minutes,
            session_hours,
            lockout_failures,
            lockout_minutes,
            password_change_days,
            public_url,
            attachments,
            smtp_url,
            mail_from,
            mail_seconds,
            alert_seconds,
            digest_hour,
            secure_cookies,
            trust_proxy,
            login_per_ip_minute,
            backup_dir,
            backup_day,
            backup_keep,
        } => {
            let mail = match smtp_url.as_deref() {
                Some(url) => Some(
                    danhgia_jobs::MailConfig::from_url(url, &mail_from)
                        .map_err(|e| anyhow::anyhow!("--smtp-url: {e}"))?,
                ),
                None => None,
            };
            let store = open(cli.database.as_deref()).await?;
            if with_demo {
                if demo::is_empty(&store).await? {
                    let accounts = demo::load(&store).await?;
                    demo::print_accounts(&accounts);
                } else {
                    println!("The database already holds data; the demo was not loaded again.");
                    demo::print_accounts(&demo::accounts_to_try());
                }
            }
            let config = danhgia_web::Config {
                lockout: danhgia_domain::lockout::LockoutPolicy {
                    max_failures: lockout_failures,
                    lock_for: time::Duration::minutes(lockout_minutes),
                },
                idle_timeout: time::Duration::minutes(idle_minutes),
                absolute_timeout: time::Duration::hours(session_hours),
                secure_cookies,
                public_url,
                lifecycle: danhgia_domain::password::Lifecycle {
                    change_within: time::Duration::days(password_change_days),
                    ..Default::default()
                },
                files: danhgia_web::attachments::open(&attachments)
                    .map_err(|e| anyhow::anyhow!("attachments: {e}"))?,
                trust_proxy,
                limits: danhgia_web::throttle::Limits {
                    login_per_ip: login_per_ip_minute,
                    ..Default::default()
                },
            };
            let jobs = Jobs {
                mail,
                mail_every: std::time::Duration::from_secs(mail_seconds),
                alerts: danhgia_jobs::AlertConfig {
                    public_url: config.public_url.clone(),
                    digest_hour,
                    batch: danhgia_store::ALERT_BATCH,
                },
                alerts_every: std::time::Duration::from_secs(alert_seconds),
                backup: (backup_keep > 0).then_some(danhgia_jobs::BackupConfig {
                    dir: backup_dir,
                    day: backup_day,
                    keep: backup_keep,
                }),
            };
            serve(store, config, &listen, jobs).await
        }
    }
}

/// An audit line written by the command line.
fn cli_line(action: &str, detail: serde_json::Value) -> danhgia_store::AuditEntry {
    danhgia_store::AuditEntry {
        at: danhgia_store::now(),
        actor_id: None,
        actor_name: "cli".into(),
        action: action.into(),
        target_kind: "database".into(),
        target_id: None,
        unit_id: None,
        detail: detail.to_string(),
        ip: None,
    }
}

/// `danhgia audit verify`: exits 1 (with the break) when the chain is broken.
async fn audit_verify(store: &Store, anchor: Option<&str>) -> Result<()> {
    let anchor = match anchor {
        Some(a) => {
            let (seq, hash) = a
                .split_once(':')
                .and_then(|(s, h)| Some((s.trim().parse::<i64>().ok()?, h.trim())))
                .context("--anchor: expected SEQ:HASH as printed by an earlier check")?;
            Some((seq, hash))
        }
        None => None,
    };
    let check = store.verify_audit(anchor).await?;
    match check.broken {
        None => {
            println!(
                "audit log intact: {} lines; last {}:{}",
                check.lines, check.head_seq, check.head_hash
            );
            Ok(())
        }
        Some(b) => anyhow::bail!("audit log BROKEN after {} intact lines: {b}", check.lines),
    }
}

/// `danhgia import staff`: prints every problem (row, column, value, message) and exits 1, or
/// writes everything and the one-time password sheet.
async fn import_staff(
    store: &Store,
    file: &std::path::Path,
    unit_code: &str,
    dry_run: bool,
    credentials: Option<std::path::PathBuf>,
) -> Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let unit = store
        .unit_by_code(&unit_code.trim().to_uppercase())
        .await
        .with_context(|| format!("no unit with code {unit_code}"))?;
    let started = std::time::Instant::now();
    let planned = danhgia_web::import::plan_file(store, &bytes, &unit, None)
        .await
        .map_err(|e| anyhow::anyhow!("{}", app_error_text(&e)))?;
    let rows = match planned.plan {
        Err(errors) => {
            let problems = danhgia_web::import::problems(&planned.sheet, &errors);
            for p in &problems {
                println!(
                    "dòng {}, cột {} ({}): \"{}\" — {}",
                    p.row, p.column, p.column_title, p.value, p.message
                );
            }
            bail!(
                "{} problem(s) in {}; nothing was written",
                problems.len(),
                file.display()
            );
        }
        Ok(rows) => rows,
    };
    let new = rows.iter().filter(|r| r.existing.is_none()).count();
    println!(
        "{} rows checked in {:.2?}: {new} new, {} already present",
        rows.len(),
        started.elapsed(),
        rows.len() - new
    );
    if dry_run {
        println!("dry run: nothing was written");
        return Ok(());
    }
    let (outcome, issued) = danhgia_web::import::apply(
        store,
        &rows,
        None,
        &danhgia_domain::password::Lifecycle::default(),
    )
    .await
    .map_err(|e| anyhow::anyhow!("{}", app_error_text(&e)))?;
    println!(
        "imported in {:.2?}: {} created, {} updated, {} unchanged, {} roles granted",
        started.elapsed(),
        outcome.created,
        outcome.updated,
        outcome.unchanged,
        outcome.roles_granted
    );
    if !issued.is_empty() {
        let path = credentials.unwrap_or_else(|| {
            file.with_file_name(format!(
                "{}-tai-khoan.xlsx",
                file.file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("danh-sach")
            ))
        });
        let sheet = danhgia_web::import::credentials_sheet(&issued)
            .map_err(|e| anyhow::anyhow!("{}", app_error_text(&e)))?;
        std::fs::write(&path, sheet).with_context(|| format!("cannot write {}", path.display()))?;
        println!(
            "one-time passwords of the {} new accounts: {} (hand them out; change within 5 days)",
            issued.len(),
            path.display()
        );
    }
    let entry = danhgia_store::AuditEntry {
        at: danhgia_store::now(),
        actor_id: None,
        actor_name: "cli".into(),
        action: "staff_import".into(),
        target_kind: "unit".into(),
        target_id: Some(unit.id.clone()),
        unit_id: Some(unit.id.clone()),
        detail: format!(
            "{{\"file\":{:?},\"created\":{},\"updated\":{}}}",
            file.display().to_string(),
            outcome.created,
            outcome.updated
        ),
        ip: None,
    };
    store.audit(&entry).await?;
    Ok(())
}

/// The Vietnamese message of a web-layer error, for the terminal.
fn app_error_text(e: &danhgia_web::error::AppError) -> String {
    use danhgia_web::error::AppError::*;
    match e {
        BadRequest(k) | Conflict(k) | Forbidden(k) => {
            danhgia_web::i18n::t(danhgia_web::i18n::Lang::Vi, k).to_owned()
        }
        NotFound => "not found".to_owned(),
        other => format!("{other:?}"),
    }
}

/// The background jobs' settings.
struct Jobs {
    mail: Option<danhgia_jobs::MailConfig>,
    mail_every: std::time::Duration,
    alerts: danhgia_jobs::AlertConfig,
    alerts_every: std::time::Duration,
    /// The monthly backup, unless turned off.
    backup: Option<danhgia_jobs::BackupConfig>,
}

async fn serve(
    store: Store,
    config: danhgia_web::Config,
    listen: &[SocketAddr],
    jobs: Jobs,
) -> Result<()> {
    let state = danhgia_web::AppState::new(store.clone(), config);
    // The rate limits forget addresses and names that went quiet.
    let throttled = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(300));
        loop {
            tick.tick().await;
            throttled.throttle.forget_idle();
        }
    });
    let app = danhgia_web::router(state);
    tokio::spawn(danhgia_jobs::sweep_sessions(
        store.clone(),
        std::time::Duration::from_secs(300),
    ));
    // Opens each month's period (and writes late joiners' forms) now and every hour.
    tokio::spawn(danhgia_jobs::run_period_opener(
        store.clone(),
        std::time::Duration::from_secs(3600),
    ));
    // Alerts into the app (and the outbox) every five minutes; the day's digest from 07:00.
    tokio::spawn(danhgia_jobs::run_alerts(
        store.clone(),
        jobs.alerts,
        jobs.alerts_every,
    ));
    // The month's backup, checked hourly.
    if let Some(cfg) = jobs.backup {
        tokio::spawn(danhgia_jobs::run_backups(
            store.clone(),
            cfg,
            std::time::Duration::from_secs(3600),
        ));
    }
    match jobs.mail {
        Some(cfg) => {
            tracing::info!(server = cfg.server(), "mail delivery on");
            tokio::spawn(danhgia_jobs::run_mailer(
                store.clone(),
                cfg,
                jobs.mail_every,
            ));
        }
        None => tracing::warn!(
            "no --smtp-url: e-mails (password resets, alerts) stay in the outbox until one is set"
        ),
    }
    let mut servers = tokio::task::JoinSet::new();
    for addr in listen {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let local = listener.local_addr()?;
        println!(
            "danhgia is listening on http://{local}/ ({:?} database)",
            store.backend()
        );
        let app = app.clone();
        servers.spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(shutdown())
            .await
        });
    }
    while let Some(done) = servers.join_next().await {
        done.context("server task failed")?
            .context("server failed")?;
    }
    store.close().await;
    Ok(())
}

async fn shutdown() {
    let _ = tokio::signal::ctrl_c().await;
}

/// `danhgia check-criteria FILE…`: the loader's own validation, for an administrator
/// preparing a set before pasting it into the editor.
fn check_criteria(files: &[std::path::PathBuf]) -> Result<()> {
    let mut problems = 0;
    for f in files {
        let name = f.display().to_string();
        let text = std::fs::read_to_string(f).with_context(|| format!("reading {name}"))?;
        match danhgia_domain::criteria::parse(&name, &text) {
            Ok(set) => println!(
                "{name}: ok ({}, {} sections, {} points)",
                set.key,
                set.sections.len(),
                set.scale
            ),
            Err(errs) => {
                problems += errs.len();
                for e in errs {
                    println!("{e}");
                }
            }
        }
    }
    if problems > 0 {
        bail!("{problems} problem(s) found");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("postgres://danhgia:secret@127.0.0.1:5432/db"),
            "postgres://danhgia:***@127.0.0.1:5432/db"
        );
        assert_eq!(
            redact("sqlite://danhgia-data/danhgia.db"),
            "sqlite://danhgia-data/danhgia.db"
        );
    }

    #[test]
    fn listen_accepts_ipv6() {
        let cli = Cli::try_parse_from(["danhgia", "serve", "--listen", "[::1]:0,127.0.0.1:0"]);
        assert!(
            matches!(cli.map(|c| c.command), Ok(Command::Serve { listen, .. }) if listen.len() == 2 && listen[0].is_ipv6())
        );
    }
}

/// Which demo `danhgia demo` loads.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum DemoSize {
    /// Huyện Mẫu: 15 units, 296 staff, two published months.
    District,
    /// Thành phố Mẫu: ~3,000 units, ~250,000 staff, twelve published months.
    City,
}
