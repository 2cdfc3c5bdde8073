//! The `danhgia` binary: `serve`, `migrate`, `demo`.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod demo;

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
        /// Mark cookies Secure (when served over HTTPS).
        #[arg(long, env = "DANHGIA_SECURE_COOKIES")]
        secure_cookies: bool,
    },
    /// Create the database if needed and apply migrations.
    Migrate,
    /// Load the demo organisation (a fictional district) into an empty database.
    Demo,
}

const DEFAULT_DB: &str = "sqlite://danhgia-data/danhgia.db";

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("DANHGIA_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
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
        Command::Migrate => {
            open(cli.database.as_deref()).await?;
            println!("database is up to date");
            Ok(())
        }
        Command::Demo => {
            let store = open(cli.database.as_deref()).await?;
            if !demo::is_empty(&store).await? {
                bail!(
                    "the database already holds units; the demo loads only into an empty database"
                );
            }
            let accounts = demo::load(&store).await?;
            demo::print_accounts(&accounts);
            Ok(())
        }
        Command::Serve {
            listen,
            demo: with_demo,
            idle_minutes,
            lockout_failures,
            lockout_minutes,
            password_change_days,
            public_url,
            smtp_url,
            mail_from,
            secure_cookies,
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
                secure_cookies,
                public_url,
                lifecycle: danhgia_domain::password::Lifecycle {
                    change_within: time::Duration::days(password_change_days),
                    ..Default::default()
                },
            };
            serve(store, config, &listen, mail).await
        }
    }
}

async fn serve(
    store: Store,
    config: danhgia_web::Config,
    listen: &[SocketAddr],
    mail: Option<danhgia_jobs::MailConfig>,
) -> Result<()> {
    let state = danhgia_web::AppState::new(store.clone(), config);
    let app = danhgia_web::router(state);
    tokio::spawn(danhgia_jobs::sweep_sessions(
        store.clone(),
        std::time::Duration::from_secs(300),
    ));
    match mail {
        Some(cfg) => {
            tracing::info!(server = cfg.server(), "mail delivery on");
            tokio::spawn(danhgia_jobs::run_mailer(
                store.clone(),
                cfg,
                std::time::Duration::from_secs(15),
            ));
        }
        None => tracing::warn!(
            "no --smtp-url: e-mails (password resets) stay in the outbox until one is set"
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
            axum::serve(listener, app)
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
