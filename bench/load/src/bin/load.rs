//! The deadline-day load test (issue 6), on goose.
//!
//! A mix of the people who use the app on the last day of the self-assessment window, each
//! goose user with its own cookie jar and a client that does not follow redirects (every HTTP
//! request is measured on its own):
//!
//! - **staff** (weight 7): logs in through the login page, opens its own form, saves it a few
//!   times as the page's autosave does (the whole form, `X-Autosave: 1`, JSON answer with the
//!   new version), submits it with every criterion scored, logs out and moves on to the next
//!   staff account with a draft.
//! - **leader** (weight 2): logs in as an evaluator, opens the queue, opens a form waiting for
//!   a decision and accepts the self-assessment (a refusal by the A quota is answered, as a
//!   head does, by scoring lower: "decide (lower)").
//! - **aggregator** (weight 1): opens a unit's progress and its statistics (the district's,
//!   and one time in ten the whole tenant's).
//!
//! The accounts are read from the database before the run (`--database`, read-only). With
//! `--bare URL` the same mix runs against the bare baseline (`bare`: store calls behind
//! minimal JSON handlers, no login), its requests named with a "bare " prefix; with
//! `--healthz` every user only asks `GET /healthz` (the machine's HTTP ceiling).
//!
//! Goose's own options (users, increase rate, run time, report files…) are all accepted; at the
//! end a compact table is printed (count, req/s, p50/p95/p99 in ms measured here in
//! microseconds including the body, failures) and, with `--summary FILE`, written as JSON.
//! `--compare A.json B.json [C.json]` prints an app/bare/healthz comparison of such files.

use std::collections::{HashMap, HashSet, VecDeque};
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Parser;
use goose::config::GooseConfiguration;
use goose::metrics::GooseRequestMetric;
use goose::prelude::*;
use rand::Rng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Every demo account's password.
const DEMO_PASSWORD: &str = "Demo@2026";

/// The deadline-day mix (staff, leaders, aggregators) against the app, the bare baseline or
/// /healthz. Goose's options follow ours.
#[derive(Parser)]
#[command(name = "load")]
struct Cli {
    /// The database the app serves (sqlite://FILE or postgres://…), read once before the run
    /// to pick the accounts, forms and units.
    #[arg(long, env = "DANHGIA_LOAD_DATABASE")]
    database: Option<String>,
    /// Run the mix against the bare baseline at this URL instead of the app (no login).
    #[arg(long, env = "DANHGIA_LOAD_BARE", value_name = "URL")]
    bare: Option<String>,
    /// Only `GET /healthz`, at --host.
    #[arg(long, env = "DANHGIA_LOAD_HEALTHZ")]
    healthz: bool,
    /// Split the users between these app servers (comma-separated base URLs), round robin.
    #[arg(long, env = "DANHGIA_LOAD_HOSTS", value_delimiter = ',')]
    hosts: Vec<String>,
    /// Autosaves a staff member makes before submitting.
    #[arg(long, env = "DANHGIA_LOAD_SAVES", default_value_t = 3)]
    saves: usize,
    /// Share of staff sessions that end in a submission (the others save and log out, and the
    /// draft goes back to the pool for another session): below 1, a small database's drafts
    /// last longer.
    #[arg(long, env = "DANHGIA_LOAD_SUBMIT_SHARE", default_value_t = 1.0)]
    submit_share: f64,
    /// Pause of up to this many milliseconds between a user's rounds (0: closed loop).
    #[arg(long, env = "DANHGIA_LOAD_THINK_MS", default_value_t = 0)]
    think_ms: u64,
    /// The accounts' password.
    #[arg(long, env = "DANHGIA_LOAD_PASSWORD", default_value = DEMO_PASSWORD)]
    password: String,
    /// Write the summary table as JSON to this file.
    #[arg(long, env = "DANHGIA_LOAD_SUMMARY", value_name = "FILE")]
    summary: Option<std::path::PathBuf>,
    /// A label for the summary (e.g. "app sqlite").
    #[arg(long, env = "DANHGIA_LOAD_LABEL")]
    label: Option<String>,
    /// Compare summaries instead of running: app first, then bare, then (optionally) healthz.
    #[arg(long, num_args = 2..=3, value_name = "SUMMARY.json")]
    compare: Vec<std::path::PathBuf>,
    #[command(flatten)]
    goose: GooseConfiguration,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    App,
    Bare,
    Healthz,
}

// ---------------------------------------------------------------------------------------------
// What the run acts on, read from the database before it starts

struct Leader {
    username: String,
    person_id: String,
}

struct Aggregator {
    username: String,
    /// The unit of the grant (progress is asked there).
    unit_id: String,
    /// The grant is on a root unit (the whole tenant, "city").
    root: bool,
    /// The unit its statistics are asked for, and the request's name.
    stats_unit: String,
    stats_name: &'static str,
}

/// Request names: the app's, or the bare baseline's with a "bare " prefix.
struct Names {
    login_page: &'static str,
    login: &'static str,
    logout: &'static str,
    form_open: &'static str,
    form_save: &'static str,
    form_submit: &'static str,
    queue: &'static str,
    form_open_leader: &'static str,
    decide: &'static str,
    decide_lower: &'static str,
    progress: &'static str,
    stats_district: &'static str,
    stats_city: &'static str,
    stats_unit: &'static str,
    healthz: &'static str,
}

impl Names {
    fn new(mode: Mode) -> Names {
        let n = |s: &str| -> &'static str {
            if mode == Mode::Bare {
                Box::leak(format!("bare {s}").into_boxed_str())
            } else {
                Box::leak(s.to_owned().into_boxed_str())
            }
        };
        Names {
            login_page: n("login page"),
            login: n("login"),
            logout: n("logout"),
            form_open: n("form open"),
            form_save: n("form save"),
            form_submit: n("form submit"),
            queue: n("queue"),
            form_open_leader: n("form open (leader)"),
            decide: n("decide"),
            decide_lower: n("decide (lower)"),
            progress: n("progress"),
            stats_district: n("statistics (district)"),
            stats_city: n("statistics (city)"),
            stats_unit: n("statistics (unit)"),
            healthz: n("healthz"),
        }
    }
}

struct Plan {
    mode: Mode,
    names: Names,
    period: String,
    /// (username, form id) of staff whose form is a draft, shuffled.
    staff: Vec<(String, String)>,
    leaders: Vec<Leader>,
    aggregators: Vec<Aggregator>,
    /// The root unit (statistics "city").
    root: Option<String>,
    hosts: Vec<String>,
    saves: usize,
    submit_share: f64,
    password: String,
    users: usize,
}

static PLAN: OnceLock<Plan> = OnceLock::new();
/// The staff drafts free to take (indexes into `Plan::staff`), and those submitted.
static DRAFTS: OnceLock<Mutex<(VecDeque<usize>, Vec<usize>)>> = OnceLock::new();
static NEXT_LEADER: AtomicUsize = AtomicUsize::new(0);
static NEXT_AGGREGATOR: AtomicUsize = AtomicUsize::new(0);
static NEXT_HOST: AtomicUsize = AtomicUsize::new(0);
static STARTED: AtomicUsize = AtomicUsize::new(0);
/// Forms a leader has taken, so two users never decide the same form.
static CLAIMED: OnceLock<Mutex<HashSet<String>>> = OnceLock::new();
/// When the drafts ran out (seconds into the measured window).
static EXHAUSTED: OnceLock<f64> = OnceLock::new();

fn plan() -> &'static Plan {
    PLAN.get().expect("the plan is set before the run")
}

fn claim(id: &str) -> bool {
    CLAIMED
        .get_or_init(Default::default)
        .lock()
        .map(|mut c| c.insert(id.to_owned()))
        .unwrap_or(false)
}

enum Pool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

/// Runs one SELECT on whichever backend, binding each argument.
macro_rules! fetch {
    ($pool:expr, $ty:ty, $sql:expr $(, $bind:expr)*) => {
        match $pool {
            Pool::Sqlite(p) => sqlx::query_as::<_, $ty>($sql)$(.bind($bind))*.fetch_all(p).await,
            Pool::Postgres(p) => sqlx::query_as::<_, $ty>($sql)$(.bind($bind))*.fetch_all(p).await,
        }
    };
}

/// The newest period.
const Q_PERIOD: &str =
    "SELECT id FROM periods ORDER BY year DESC, month DESC, opened_at DESC LIMIT 1";
/// Staff whose form in the period is a draft with a criteria set, and who can log in.
const Q_STAFF: &str = "SELECT a.username, e.id FROM evaluations e \
     JOIN accounts a ON a.person_id = e.person_id \
     WHERE e.period_id = $1 AND e.status = 'draft' AND e.set_version_id IS NOT NULL \
     AND a.disabled = FALSE AND a.must_change_password = FALSE \
     ORDER BY e.unit_path, e.name_sort, e.id";
/// Evaluators of forms still open in the period, those with most forms waiting for their
/// decision first (submitted without a reviewer, or reviewed).
const Q_LEADERS: &str = "SELECT a.username, e.evaluator_id, \
     SUM(CASE WHEN e.status = 'reviewed' OR (e.status = 'submitted' AND e.reviewer_id IS NULL) THEN 1 ELSE 0 END) AS waiting \
     FROM evaluations e JOIN accounts a ON a.person_id = e.evaluator_id \
     WHERE e.period_id = $1 AND e.status IN ('draft', 'submitted', 'reviewed') AND e.person_id <> e.evaluator_id \
     AND a.disabled = FALSE AND a.must_change_password = FALSE \
     GROUP BY a.username, e.evaluator_id ORDER BY waiting DESC, a.username";
/// Aggregator grants: account, unit, the unit's path and parent.
const Q_AGGREGATORS: &str = "SELECT a.username, u.id, u.path, u.parent_id FROM role_grants g \
     JOIN accounts a ON a.id = g.account_id JOIN units u ON u.id = g.unit_id \
     WHERE g.role = 'aggregator' AND a.disabled = FALSE AND a.must_change_password = FALSE \
     AND u.dissolved_at IS NULL ORDER BY u.path, a.username";
/// District-level units.
const Q_DISTRICTS: &str =
    "SELECT id, path FROM units WHERE kind = 'district' AND dissolved_at IS NULL ORDER BY path";
/// The root unit.
const Q_ROOT: &str = "SELECT id, path FROM units WHERE parent_id IS NULL AND dissolved_at IS NULL ORDER BY path LIMIT 1";

async fn open_pool(url: &str) -> anyhow::Result<Pool> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let opts = sqlx::postgres::PgConnectOptions::from_str(url)?
            .options([("default_transaction_read_only", "on")]);
        let pool = sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            .connect_with(opts)
            .await?;
        Ok(Pool::Postgres(pool))
    } else if url.starts_with("sqlite:") {
        let opts = sqlx::sqlite::SqliteConnectOptions::from_str(url)?.read_only(true);
        let pool = sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(opts)
            .await?;
        Ok(Pool::Sqlite(pool))
    } else {
        bail!("--database: expected sqlite://FILE or postgres://…, got {url}")
    }
}

async fn read_plan(url: &str, mode: Mode, names: Names, cli: &Cli) -> anyhow::Result<Plan> {
    let pool = open_pool(url)
        .await
        .with_context(|| format!("cannot open {url}"))?;
    let period = fetch!(&pool, (String,), Q_PERIOD)?
        .into_iter()
        .next()
        .map(|r| r.0)
        .context("the database has no period: run `danhgia demo` (or open-periods) first")?;
    let mut staff = fetch!(&pool, (String, String), Q_STAFF, &period)?;
    staff.shuffle(&mut rand::rng());
    let leaders: Vec<(String, String, i64)> =
        fetch!(&pool, (String, String, i64), Q_LEADERS, &period)?;
    let grants: Vec<(String, String, String, Option<String>)> = fetch!(
        &pool,
        (String, String, String, Option<String>),
        Q_AGGREGATORS
    )?;
    let districts: Vec<(String, String)> = fetch!(&pool, (String, String), Q_DISTRICTS)?;
    let root = fetch!(&pool, (String, String), Q_ROOT)?.into_iter().next();
    let mut aggregators: Vec<Aggregator> = grants
        .into_iter()
        .map(|(username, unit_id, path, parent)| {
            let district = districts.iter().find(|(_, p)| p.starts_with(&path));
            let (stats_unit, stats_name) = match district {
                Some((id, _)) => (id.clone(), names.stats_district),
                None => (unit_id.clone(), names.stats_unit),
            };
            Aggregator {
                username,
                unit_id,
                root: parent.is_none(),
                stats_unit,
                stats_name,
            }
        })
        .collect();
    // Whole-tenant aggregators first, so a few users are enough to ask the city's statistics.
    aggregators.sort_by_key(|a| !a.root);
    let waiting: i64 = leaders.iter().map(|l| l.2).sum();
    eprintln!(
        "load: period {period}: {} staff with a draft, {} evaluators ({} forms waiting for a decision), {} aggregator grants ({} on the root), {} district units",
        staff.len(),
        leaders.len(),
        waiting,
        aggregators.len(),
        aggregators.iter().filter(|a| a.root).count(),
        districts.len(),
    );
    let users = cli.goose.users.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    Ok(Plan {
        mode,
        names,
        period,
        staff,
        leaders: leaders
            .into_iter()
            .map(|(username, person_id, _)| Leader {
                username,
                person_id,
            })
            .collect(),
        aggregators,
        root: root.map(|r| r.0),
        hosts: cli.hosts.clone(),
        saves: cli.saves,
        submit_share: cli.submit_share,
        password: cli.password.clone(),
        users,
    })
}

// ---------------------------------------------------------------------------------------------
// Timing, measured here: from the request's start to the end of its body, in microseconds

#[derive(Default)]
struct Recorder {
    since: Option<Instant>,
    samples: HashMap<&'static str, Vec<(u32, bool)>>,
}

static RECORDER: OnceLock<Mutex<Recorder>> = OnceLock::new();

fn recorder() -> &'static Mutex<Recorder> {
    RECORDER.get_or_init(|| {
        Mutex::new(Recorder {
            since: Some(Instant::now()),
            samples: HashMap::new(),
        })
    })
}

fn record(name: &'static str, took: Duration, ok: bool) {
    if let Ok(mut r) = recorder().lock() {
        let micros = u32::try_from(took.as_micros()).unwrap_or(u32::MAX);
        r.samples.entry(name).or_default().push((micros, ok));
    }
}

/// Starts the measured window afresh (once every user has started, as goose resets its own).
fn restart_window() {
    if let Ok(mut r) = recorder().lock() {
        r.since = Some(Instant::now());
        r.samples.clear();
    }
}

fn window_seconds() -> f64 {
    recorder()
        .lock()
        .ok()
        .and_then(|r| r.since)
        .map_or(0.0, |s| s.elapsed().as_secs_f64())
}

#[derive(Serialize, Deserialize, Clone, Debug)]
struct Row {
    name: String,
    count: usize,
    rps: f64,
    p50: f64,
    p95: f64,
    p99: f64,
    fails: usize,
}

#[derive(Serialize, Deserialize, Debug)]
struct Summary {
    label: String,
    mode: String,
    users: usize,
    seconds: f64,
    rows: Vec<Row>,
    total: Row,
    /// Every request but the login's POST (argon2id on purpose slow; the find-max mode judges
    /// the pages by this one).
    #[serde(default)]
    without_login: Option<Row>,
    /// Seconds into the run when the staff drafts ran out (staff then only reopened forms).
    drafts_ran_out: Option<f64>,
}

fn row(name: &str, samples: &[(u32, bool)], seconds: f64) -> Row {
    let mut t: Vec<u32> = samples.iter().map(|s| s.0).collect();
    t.sort_unstable();
    let pct = |q: f64| -> f64 {
        if t.is_empty() {
            return 0.0;
        }
        let rank = ((q * t.len() as f64).ceil() as usize).clamp(1, t.len());
        f64::from(t[rank - 1]) / 1000.0
    };
    Row {
        name: name.to_owned(),
        count: samples.len(),
        rps: if seconds > 0.0 {
            samples.len() as f64 / seconds
        } else {
            0.0
        },
        p50: pct(0.50),
        p95: pct(0.95),
        p99: pct(0.99),
        fails: samples.iter().filter(|s| !s.1).count(),
    }
}

/// The order rows are shown in: the mix's, then anything else by name.
const ORDER: [&str; 15] = [
    "login page",
    "login",
    "form open",
    "form save",
    "form submit",
    "logout",
    "queue",
    "form open (leader)",
    "decide",
    "decide (lower)",
    "progress",
    "statistics (district)",
    "statistics (city)",
    "statistics (unit)",
    "healthz",
];

fn base_name(name: &str) -> &str {
    name.strip_prefix("bare ").unwrap_or(name)
}

fn rank(name: &str) -> usize {
    ORDER
        .iter()
        .position(|n| *n == base_name(name))
        .unwrap_or(ORDER.len())
}

fn summarize(label: String, mode: Mode, users: usize) -> Summary {
    let seconds = window_seconds();
    let samples = recorder()
        .lock()
        .map(|r| r.samples.clone())
        .unwrap_or_default();
    let mut rows: Vec<Row> = samples
        .iter()
        .map(|(name, s)| row(name, s, seconds))
        .collect();
    rows.sort_by(|a, b| (rank(&a.name), &a.name).cmp(&(rank(&b.name), &b.name)));
    let all: Vec<(u32, bool)> = samples.values().flatten().copied().collect();
    let pages: Vec<(u32, bool)> = samples
        .iter()
        .filter(|(name, _)| base_name(name) != "login")
        .flat_map(|(_, s)| s.iter().copied())
        .collect();
    Summary {
        without_login: (pages.len() < all.len())
            .then(|| row("total without login", &pages, seconds)),
        label,
        mode: format!("{mode:?}").to_lowercase(),
        users,
        seconds,
        total: row("total", &all, seconds),
        rows,
        drafts_ran_out: EXHAUSTED.get().copied(),
    }
}

fn print_summary(s: &Summary) {
    println!(
        "\n== {} ({} users, {:.1} s measured) ==",
        s.label, s.users, s.seconds
    );
    println!(
        "{:<30} {:>8} {:>9} {:>9} {:>9} {:>9} {:>7}",
        "request", "count", "req/s", "p50 ms", "p95 ms", "p99 ms", "fails"
    );
    for r in s
        .rows
        .iter()
        .chain(std::iter::once(&s.total))
        .chain(s.without_login.iter())
    {
        println!(
            "{:<30} {:>8} {:>9.1} {:>9.2} {:>9.2} {:>9.2} {:>7}",
            r.name, r.count, r.rps, r.p50, r.p95, r.p99, r.fails
        );
    }
    if let Some(t) = s.drafts_ran_out {
        println!(
            "note: the staff drafts ran out {t:.1} s into the run; staff users then only reopened submitted forms (a bigger database, or --submit-share below 1, keeps the mix)"
        );
    }
}

fn compare(files: &[std::path::PathBuf]) -> anyhow::Result<()> {
    let read = |p: &std::path::PathBuf| -> anyhow::Result<Summary> {
        let text =
            std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?;
        serde_json::from_str(&text).with_context(|| format!("{} is not a summary", p.display()))
    };
    let app = read(&files[0])?;
    let bare = read(&files[1])?;
    let health = files.get(2).map(read).transpose()?;
    println!(
        "\n== {} vs {} ({} / {} users) ==",
        app.label, bare.label, app.users, bare.users
    );
    println!(
        "{:<24} | {:>8} {:>8} {:>8} {:>8} {:>5} | {:>8} {:>8} {:>8} {:>8} | {:>7} {:>7}",
        "request",
        "req/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "fails",
        "bare r/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "p50 x",
        "p99 x"
    );
    let ratio = |a: f64, b: f64| match a / b {
        r if !r.is_finite() || b <= 0.0 => "-".to_owned(),
        r if r < 0.095 => format!("{r:.3}"),
        r => format!("{r:.2}"),
    };
    for r in app
        .rows
        .iter()
        .chain(std::iter::once(&app.total))
        .chain(app.without_login.iter())
    {
        let b = if r.name == "total" {
            Some(&bare.total)
        } else if r.name == "total without login" {
            None
        } else {
            bare.rows
                .iter()
                .find(|b| base_name(&b.name) == base_name(&r.name))
        };
        match b {
            Some(b) => println!(
                "{:<24} | {:>8.1} {:>8.2} {:>8.2} {:>8.2} {:>5} | {:>8.1} {:>8.2} {:>8.2} {:>8.2} | {:>7} {:>7}",
                r.name,
                r.rps,
                r.p50,
                r.p95,
                r.p99,
                r.fails,
                b.rps,
                b.p50,
                b.p95,
                b.p99,
                ratio(r.p50, b.p50),
                ratio(r.p99, b.p99)
            ),
            None => println!(
                "{:<24} | {:>8.1} {:>8.2} {:>8.2} {:>8.2} {:>5} | {:>8} {:>8} {:>8} {:>8} | {:>7} {:>7}",
                r.name, r.rps, r.p50, r.p95, r.p99, r.fails, "-", "-", "-", "-", "-", "-"
            ),
        }
    }
    println!(
        "throughput: app {:.1} req/s, bare {:.1} req/s (app/bare {})",
        app.total.rps,
        bare.total.rps,
        ratio(app.total.rps, bare.total.rps)
    );
    if let Some(h) = health {
        println!(
            "healthz ceiling: {:.1} req/s, p50 {:.2} ms, p99 {:.2} ms (app/healthz throughput {}, bare/healthz {})",
            h.total.rps,
            h.total.p50,
            h.total.p99,
            ratio(app.total.rps, h.total.rps),
            ratio(bare.total.rps, h.total.rps)
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Requests

struct Got {
    status: u16,
    body: String,
    location: Option<String>,
}

type Judge = fn(u16, &str) -> bool;

/// One named request: it succeeds when the status is `expect`, or when `judge` says so.
struct Req<'a> {
    name: &'static str,
    method: GooseMethod,
    path: &'a str,
    form: Option<&'a [(String, String)]>,
    autosave: bool,
    expect: u16,
    judge: Option<Judge>,
}

impl<'a> Req<'a> {
    fn get(name: &'static str, path: &'a str) -> Req<'a> {
        Req {
            name,
            method: GooseMethod::Get,
            path,
            form: None,
            autosave: false,
            expect: 200,
            judge: None,
        }
    }

    fn post(
        name: &'static str,
        path: &'a str,
        form: &'a [(String, String)],
        expect: u16,
    ) -> Req<'a> {
        Req {
            name,
            method: GooseMethod::Post,
            path,
            form: Some(form),
            autosave: false,
            expect,
            judge: None,
        }
    }

    /// As the page's draft autosave sends it (`X-Autosave: 1`, JSON answer).
    fn autosave(mut self) -> Self {
        self.autosave = true;
        self
    }

    fn judge(mut self, judge: Judge) -> Self {
        self.judge = Some(judge);
        self
    }
}

/// Sends one request and times it to the end of its body; goose's own metric is corrected to
/// agree with `judge`. `None` when no answer came at all.
async fn send(user: &mut GooseUser, req: Req<'_>) -> Result<Option<Got>, Box<TransactionError>> {
    let mut rb = user.get_request_builder(&req.method, req.path)?;
    if let Some(f) = req.form {
        rb = rb.form(f);
    }
    if req.autosave {
        rb = rb.header("x-autosave", "1");
    }
    let request = GooseRequest::builder()
        .method(req.method)
        .path(req.path)
        .name(req.name)
        .expect_status_code(req.expect)
        .set_request_builder(rb)
        .build();
    let started = Instant::now();
    let mut goose = user.request(request).await?;
    match goose.response {
        Ok(r) => {
            let status = r.status().as_u16();
            let location = r
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let body = r.text().await.unwrap_or_default();
            let ok = req.judge.map_or(status == req.expect, |j| j(status, &body));
            record(req.name, started.elapsed(), ok);
            fix(user, &mut goose.request, ok);
            Ok(Some(Got {
                status,
                body,
                location,
            }))
        }
        Err(_) => {
            record(req.name, started.elapsed(), false);
            Ok(None)
        }
    }
}

/// Makes goose's verdict on a request agree with ours.
fn fix(user: &mut GooseUser, metric: &mut GooseRequestMetric, ok: bool) {
    if ok && !metric.success {
        let _ = user.set_success(metric);
    } else if !ok && metric.success {
        let _ = user.set_failure("unexpected answer", metric, None, None);
    }
}

async fn get(
    user: &mut GooseUser,
    name: &'static str,
    path: &str,
) -> Result<Option<Got>, Box<TransactionError>> {
    send(user, Req::get(name, path)).await
}

async fn post(
    user: &mut GooseUser,
    name: &'static str,
    path: &str,
    form: &[(String, String)],
    expect: u16,
) -> Result<Option<Got>, Box<TransactionError>> {
    send(user, Req::post(name, path, form, expect)).await
}

fn ok(got: &Option<Got>, expect: u16) -> Option<&Got> {
    got.as_ref().filter(|g| g.status == expect)
}

// ---------------------------------------------------------------------------------------------
// Reading pages

/// The value of attribute `name` in a tag's text.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    let end = tag[at..].find('"')? + at;
    Some(&tag[at..end])
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    s.replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&#60;", "<")
        .replace("&gt;", ">")
        .replace("&#62;", ">")
        .replace("&amp;", "&")
        .replace("&#38;", "&")
}

/// Every `<{tag} …>` opening tag in `html`.
fn tags<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag} ");
    html.match_indices(open.as_str())
        .map(|(i, _)| &html[i..])
        .map(|rest| &rest[..rest.find('>').unwrap_or(rest.len())])
        .collect()
}

/// The `csrf` hidden input's value.
fn csrf_of(html: &str) -> Option<String> {
    tags(html, "input")
        .into_iter()
        .find(|t| attr(t, "name") == Some("csrf"))
        .and_then(|t| attr(t, "value"))
        .map(unescape)
}

/// One field of the evaluation form, with what the page says of it.
#[derive(Clone, Debug)]
struct Field {
    name: String,
    value: String,
    /// `data-max` (points, Vietnamese decimal comma; "100%" for a result section).
    max: Option<String>,
    /// `data-kind`: criteria, result, bonus, deduction.
    kind: Option<String>,
}

/// The evaluation form (`#eval-form`) of a form page, as the browser would post it.
struct EvalForm {
    /// It carries `data-autosave`: the owner may still edit the self-assessment.
    editable: bool,
    fields: Vec<Field>,
}

impl EvalForm {
    fn parse(html: &str) -> Option<EvalForm> {
        let at = html.find("id=\"eval-form\"")?;
        let tag_end = html[at..].find('>')? + at;
        let editable = html[at..tag_end].contains("data-autosave");
        let end = html[at..].find("</form>").map_or(html.len(), |e| e + at);
        let section = &html[at..end];
        let mut fields = Vec::new();
        for t in tags(section, "input") {
            let Some(name) = attr(t, "name") else {
                continue;
            };
            if attr(t, "type") == Some("checkbox") {
                if t.contains(" checked") {
                    fields.push(Field {
                        name: name.to_owned(),
                        value: "on".into(),
                        max: None,
                        kind: None,
                    });
                }
                continue;
            }
            fields.push(Field {
                name: name.to_owned(),
                value: attr(t, "value").map(unescape).unwrap_or_default(),
                max: attr(t, "data-max").map(str::to_owned),
                kind: attr(t, "data-kind").map(str::to_owned),
            });
        }
        for t in tags(section, "textarea")
            .into_iter()
            .chain(tags(section, "select"))
        {
            if let Some(name) = attr(t, "name") {
                fields.push(Field {
                    name: name.to_owned(),
                    value: String::new(),
                    max: None,
                    kind: None,
                });
            }
        }
        Some(EvalForm { editable, fields })
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.value.as_str())
    }

    fn set(&mut self, name: &str, value: &str) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.name == name) {
            f.value = value.to_owned();
        }
    }

    fn scores(&self, prefix: &str) -> usize {
        self.fields
            .iter()
            .filter(|f| f.name.starts_with(prefix) && f.max.is_some())
            .count()
    }

    /// Scores the first `n` items with `prefix` (`self_score_`, `lead_score_`) at `percent`
    /// of their max; bonus and deduction items stay empty.
    fn score(&mut self, prefix: &str, n: usize, percent: u32) {
        let reason = prefix.replace("_score_", "_reason_");
        let mut reasons = Vec::new();
        for f in self
            .fields
            .iter_mut()
            .filter(|f| f.name.starts_with(prefix) && f.max.is_some())
            .take(n)
        {
            f.value = match f.kind.as_deref() {
                Some("result") => percent.to_string(),
                Some("criteria") => share(f.max.as_deref().unwrap_or("0"), percent),
                _ => continue,
            };
            reasons.push(format!("{reason}{}", &f.name[prefix.len()..]));
        }
        for r in reasons {
            self.set(&r, "Hoàn thành nhiệm vụ được giao");
        }
    }

    fn pairs(&self, extra: &[(&str, &str)]) -> Vec<(String, String)> {
        self.fields
            .iter()
            .map(|f| (f.name.clone(), f.value.clone()))
            .chain(
                extra
                    .iter()
                    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned())),
            )
            .collect()
    }
}

/// `percent` of a max written the Vietnamese way ("2,5"), rounded down to half a point.
fn share(max: &str, percent: u32) -> String {
    let max: f64 = max
        .trim_end_matches('%')
        .replace('.', "")
        .replace(',', ".")
        .parse()
        .unwrap_or(0.0);
    let halves = (max * f64::from(percent) / 100.0 * 2.0).floor() as i64;
    if halves % 2 == 0 {
        (halves / 2).to_string()
    } else {
        format!("{},5", halves / 2)
    }
}

// ---------------------------------------------------------------------------------------------
// Users

/// What a user keeps between its rounds.
#[derive(Clone, Default)]
struct Me {
    account: usize,
    logged_in: bool,
    csrf: String,
    round: u64,
}

fn me(user: &GooseUser) -> Me {
    user.get_session_data::<Me>().cloned().unwrap_or_default()
}

/// Every user: a client of its own that keeps cookies and does not follow redirects, and its
/// server when the users are split between several.
async fn start(user: &mut GooseUser) -> TransactionResult {
    let p = plan();
    let builder = reqwest::Client::builder()
        .user_agent("danhgia-load")
        .cookie_store(true)
        .gzip(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60));
    user.set_client_builder(builder).await?;
    if !p.hosts.is_empty() {
        let i = NEXT_HOST.fetch_add(1, Ordering::Relaxed) % p.hosts.len();
        user.set_base_url(&p.hosts[i])?;
    }
    user.set_session_data(Me::default());
    if STARTED.fetch_add(1, Ordering::SeqCst) + 1 == p.users {
        restart_window();
    }
    Ok(())
}

/// Logs in through the login page; the session's CSRF token comes with the next page.
async fn login(user: &mut GooseUser, username: &str) -> Result<bool, Box<TransactionError>> {
    let n = &plan().names;
    let page = get(user, n.login_page, "/login").await?;
    let Some(csrf) = ok(&page, 200).and_then(|g| csrf_of(&g.body)) else {
        return Ok(false);
    };
    let form = [
        ("username".to_owned(), username.to_owned()),
        ("password".to_owned(), plan().password.clone()),
        ("csrf".to_owned(), csrf),
    ];
    let r = post(user, n.login, "/login", &form, 303).await?;
    // A redirect elsewhere than the hub (the password page) is no usable login.
    let landed = r
        .as_ref()
        .filter(|g| g.status == 303)
        .and_then(|g| g.location.as_deref())
        .is_some_and(|l| l.starts_with("/evaluations"));
    if r.as_ref().is_some_and(|g| g.status == 303) && !landed {
        eprintln!(
            "load: {username} landed on {:?} after login",
            r.as_ref().and_then(|g| g.location.clone())
        );
    }
    Ok(landed)
}

async fn logout(user: &mut GooseUser, csrf: &str) -> TransactionResult {
    let n = &plan().names;
    post(
        user,
        n.logout,
        "/logout",
        &[("csrf".to_owned(), csrf.to_owned())],
        303,
    )
    .await?;
    Ok(())
}

fn drafts() -> &'static Mutex<(VecDeque<usize>, Vec<usize>)> {
    DRAFTS.get_or_init(|| Mutex::new(((0..plan().staff.len()).collect(), Vec::new())))
}

/// The next staff account: one whose draft no other user holds, or, once every draft has
/// been submitted, one already submitted (to reopen only). The draft is given back with
/// [`give_back`].
fn take_staff() -> Option<(usize, bool)> {
    let mut d = drafts().lock().ok()?;
    if let Some(i) = d.0.pop_front() {
        return Some((i, true));
    }
    if d.1.is_empty() {
        return None;
    }
    let _ = EXHAUSTED.set(window_seconds());
    let i = d.1[rand::rng().random_range(0..d.1.len())];
    Some((i, false))
}

/// Returns a staff account: to the free drafts, or among the submitted (also when the form
/// could not be edited, so it is not tried again).
fn give_back(i: usize, fresh: bool, done: bool) {
    if !fresh {
        return;
    }
    if let Ok(mut d) = drafts().lock() {
        if done {
            d.1.push(i);
        } else {
            d.0.push_back(i);
        }
    }
}

/// Whether this session ends in a submission.
fn submits() -> bool {
    let share = plan().submit_share;
    share >= 1.0 || rand::rng().random_bool(share.clamp(0.0, 1.0))
}

/// One staff member's deadline day: log in, open the form, autosave a few times, submit, log
/// out.
async fn staff(user: &mut GooseUser) -> TransactionResult {
    let Some((i, fresh)) = take_staff() else {
        tokio::time::sleep(Duration::from_secs(1)).await;
        return Ok(());
    };
    let mut done = false;
    let result = staff_session(user, i, fresh, &mut done).await;
    give_back(i, fresh, done);
    result
}

/// Sets `done` once the form is submitted, or found not to be editable.
async fn staff_session(
    user: &mut GooseUser,
    i: usize,
    fresh: bool,
    done: &mut bool,
) -> TransactionResult {
    let p = plan();
    let n = &p.names;
    let (username, form_id) = &p.staff[i];
    if !login(user, username).await? {
        return Ok(());
    }
    let path = format!("/evaluations/{form_id}");
    let page = get(user, n.form_open, &path).await?;
    let Some(html) = ok(&page, 200).map(|g| g.body.as_str()) else {
        return Ok(());
    };
    let csrf = csrf_of(html).unwrap_or_default();
    match EvalForm::parse(html) {
        Some(mut form) if fresh && form.editable => {
            // The page shows what earlier sessions saved; this one types on from there.
            let quality = rand::rng().random_range(80..=100);
            let items = form.scores("self_score_");
            for step in 0..p.saves {
                // A typing user: a few more items each time the autosave fires.
                form.score("self_score_", items * (step + 1) / (p.saves + 1), quality);
                let body = form.pairs(&[("action", "save")]);
                let r = send(user, Req::post(n.form_save, &path, &body, 200).autosave()).await?;
                let version = ok(&r, 200)
                    .and_then(|g| serde_json::from_str::<Value>(&g.body).ok())
                    .and_then(|j| j["version"].as_i64());
                match version {
                    Some(v) => form.set("version", &v.to_string()),
                    None => {
                        logout(user, &csrf).await?;
                        return Ok(());
                    }
                }
            }
            if submits() {
                form.score("self_score_", items, quality);
                let body = form.pairs(&[("action", "submit")]);
                let r = post(user, n.form_submit, &path, &body, 303).await?;
                *done = true;
                if let Some(g) = r.as_ref().filter(|g| g.status != 303) {
                    eprintln!(
                        "load: submit of {form_id} by {username} answered {}",
                        g.status
                    );
                }
            }
        }
        _ => {
            *done = true;
            // Nothing left to fill in: look at the form again, as people do after submitting.
            for _ in 0..p.saves {
                get(user, n.form_open, &path).await?;
            }
        }
    }
    logout(user, &csrf).await?;
    Ok(())
}

/// Accepted, or refused by the A quota (which the leader answers by scoring lower).
fn accepted_or_quota(status: u16, body: &str) -> bool {
    status == 303 || (status == 409 && body.contains("Vượt tỷ lệ"))
}

/// A leader: the queue, a form waiting for a decision, accept (or score lower when the A quota
/// refuses). With nothing waiting, the next evaluator account a second later.
async fn leader(user: &mut GooseUser) -> TransactionResult {
    let p = plan();
    let n = &p.names;
    let mut me = me(user);
    if p.leaders.is_empty() {
        tokio::time::sleep(Duration::from_secs(1)).await;
        return Ok(());
    }
    if !me.logged_in {
        me.account = NEXT_LEADER.fetch_add(1, Ordering::Relaxed) % p.leaders.len();
        if !login(user, &p.leaders[me.account].username).await? {
            user.set_session_data(me);
            return Ok(());
        }
        me.logged_in = true;
    }
    let queue = get(user, n.queue, "/evaluations/queue").await?;
    let Some(html) = ok(&queue, 200).map(|g| g.body.as_str()) else {
        user.set_session_data(me);
        return Ok(());
    };
    me.csrf = csrf_of(html).unwrap_or_default();
    let waiting: Vec<String> = tags(html, "input")
        .into_iter()
        .filter(|t| attr(t, "name") == Some("form"))
        .filter_map(|t| attr(t, "value"))
        .map(str::to_owned)
        .collect();
    let Some(id) = waiting.into_iter().find(|id| claim(id)) else {
        // Nothing to decide here: hand over to the next evaluator.
        tokio::time::sleep(Duration::from_secs(1)).await;
        let csrf = me.csrf.clone();
        logout(user, &csrf).await?;
        me.logged_in = false;
        user.set_session_data(me);
        return Ok(());
    };
    user.set_session_data(me);
    let path = format!("/evaluations/{id}");
    let page = get(user, n.form_open_leader, &path).await?;
    let Some(mut form) = ok(&page, 200).and_then(|g| EvalForm::parse(&g.body)) else {
        return Ok(());
    };
    let body = form.pairs(&[("action", "accept")]);
    let r = send(
        user,
        Req::post(n.decide, &path, &body, 303).judge(accepted_or_quota),
    )
    .await?;
    if let Some(g) = r.filter(|g| g.status == 409) {
        // Over the A quota: the leader scores the form lower (B) and decides.
        if let Some(v) = EvalForm::parse(&g.body).and_then(|f| f.get("version").map(str::to_owned))
        {
            form.set("version", &v);
        }
        let items = form.scores("lead_score_");
        form.score("lead_score_", items, 85);
        let body = form.pairs(&[("action", "decide"), ("lead_comment_", "Cần chủ động hơn")]);
        post(user, n.decide_lower, &path, &body, 303).await?;
    }
    Ok(())
}

/// An aggregator: a unit's progress, then statistics (one time in ten the whole tenant's).
async fn aggregator(user: &mut GooseUser) -> TransactionResult {
    let p = plan();
    let n = &p.names;
    let mut me = me(user);
    if p.aggregators.is_empty() {
        tokio::time::sleep(Duration::from_secs(1)).await;
        return Ok(());
    }
    if !me.logged_in {
        me.account = NEXT_AGGREGATOR.fetch_add(1, Ordering::Relaxed) % p.aggregators.len();
        if !login(user, &p.aggregators[me.account].username).await? {
            user.set_session_data(me);
            return Ok(());
        }
        me.logged_in = true;
    }
    let a = &p.aggregators[me.account];
    me.round += 1;
    let city = a.root && me.round % 10 == 1;
    user.set_session_data(me);
    get(
        user,
        n.progress,
        &format!("/units/{}/evaluations", a.unit_id),
    )
    .await?;
    let (unit, name) = match (&p.root, city) {
        (Some(root), true) => (root.as_str(), n.stats_city),
        _ => (a.stats_unit.as_str(), a.stats_name),
    };
    // Until the statistics page exists it answers 404: counted as a failure, and the user
    // goes on.
    get(
        user,
        name,
        &format!("/units/{unit}/statistics?period={}", p.period),
    )
    .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The same mix against the bare baseline: ids in the URL, JSON answers, no login

fn json_of(got: &Option<Got>) -> Option<Value> {
    ok(got, 200).and_then(|g| serde_json::from_str(&g.body).ok())
}

/// The bare form's fields as the page would post them, the first `n` items scored.
fn bare_fields(form: &Value, n: usize, percent: u32) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let items = form["items"].as_array().cloned().unwrap_or_default();
    for (i, item) in items.iter().enumerate() {
        let id = item["id"].as_str().unwrap_or_default();
        let max = item["max"].as_str().unwrap_or("0");
        let value = match (i < n, item["kind"].as_str()) {
            (true, Some("result")) => percent.to_string(),
            (true, Some("criteria")) => share(max, percent),
            _ => String::new(),
        };
        if item["reason_required"].as_bool() == Some(true) {
            let reason = if value.is_empty() {
                ""
            } else {
                "Hoàn thành nhiệm vụ được giao"
            };
            out.push((format!("self_reason_{id}"), reason.to_owned()));
        }
        out.push((format!("self_score_{id}"), value));
    }
    out
}

fn scorable(form: &Value) -> usize {
    form["items"].as_array().map_or(0, |a| a.len())
}

async fn bare_staff(user: &mut GooseUser) -> TransactionResult {
    let Some((i, fresh)) = take_staff() else {
        tokio::time::sleep(Duration::from_secs(1)).await;
        return Ok(());
    };
    let mut done = false;
    let result = bare_staff_session(user, i, fresh, &mut done).await;
    give_back(i, fresh, done);
    result
}

async fn bare_staff_session(
    user: &mut GooseUser,
    i: usize,
    fresh: bool,
    done: &mut bool,
) -> TransactionResult {
    let p = plan();
    let n = &p.names;
    let path = format!("/form/{}", p.staff[i].1);
    let Some(form) = json_of(&get(user, n.form_open, &path).await?) else {
        return Ok(());
    };
    if !fresh || form["status"] != "draft" {
        *done = true;
        for _ in 0..p.saves {
            get(user, n.form_open, &path).await?;
        }
        return Ok(());
    }
    let mut version = form["version"].as_i64().unwrap_or(0);
    let quality = rand::rng().random_range(80..=100);
    let items = scorable(&form);
    for step in 0..p.saves {
        let mut body = bare_fields(&form, items * (step + 1) / (p.saves + 1), quality);
        body.push(("version".into(), version.to_string()));
        body.push(("action".into(), "save".into()));
        let r = post(user, n.form_save, &path, &body, 200).await?;
        match json_of(&r).and_then(|j| j["version"].as_i64()) {
            Some(v) => version = v,
            None => return Ok(()),
        }
    }
    if submits() {
        let mut body = bare_fields(&form, items, quality);
        body.push(("version".into(), version.to_string()));
        body.push(("action".into(), "submit".into()));
        post(user, n.form_submit, &path, &body, 200).await?;
        *done = true;
    }
    Ok(())
}

async fn bare_leader(user: &mut GooseUser) -> TransactionResult {
    let p = plan();
    let n = &p.names;
    let mut me = me(user);
    if p.leaders.is_empty() {
        tokio::time::sleep(Duration::from_secs(1)).await;
        return Ok(());
    }
    if !me.logged_in {
        me.account = NEXT_LEADER.fetch_add(1, Ordering::Relaxed) % p.leaders.len();
        me.logged_in = true;
    }
    let person = &p.leaders[me.account].person_id;
    let queue = json_of(&get(user, n.queue, &format!("/queue/{person}")).await?);
    let waiting: Vec<String> = queue
        .as_ref()
        .and_then(|q| q["forms"].as_array())
        .map(|forms| {
            forms
                .iter()
                .filter(|f| {
                    f["evaluator"] == true
                        && (f["status"] == "reviewed"
                            || (f["status"] == "submitted" && f["has_reviewer"] == false))
                })
                .filter_map(|f| f["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let Some(id) = waiting.into_iter().find(|id| claim(id)) else {
        tokio::time::sleep(Duration::from_secs(1)).await;
        me.logged_in = false;
        user.set_session_data(me);
        return Ok(());
    };
    user.set_session_data(me);
    let path = format!("/form/{id}");
    let Some(form) = json_of(&get(user, n.form_open_leader, &path).await?) else {
        return Ok(());
    };
    let version = form["version"].as_i64().unwrap_or(0).to_string();
    let body = [
        ("version".to_owned(), version),
        ("action".to_owned(), "accept".to_owned()),
    ];
    post(user, n.decide, &path, &body, 200).await?;
    Ok(())
}

async fn bare_aggregator(user: &mut GooseUser) -> TransactionResult {
    let p = plan();
    let n = &p.names;
    let mut me = me(user);
    if p.aggregators.is_empty() {
        tokio::time::sleep(Duration::from_secs(1)).await;
        return Ok(());
    }
    if !me.logged_in {
        me.account = NEXT_AGGREGATOR.fetch_add(1, Ordering::Relaxed) % p.aggregators.len();
        me.logged_in = true;
    }
    let a = &p.aggregators[me.account];
    me.round += 1;
    let city = a.root && me.round % 10 == 1;
    user.set_session_data(me);
    get(user, n.progress, &format!("/progress/{}", a.unit_id)).await?;
    let (unit, name) = match (&p.root, city) {
        (Some(root), true) => (root.as_str(), n.stats_city),
        _ => (a.stats_unit.as_str(), a.stats_name),
    };
    get(user, name, &format!("/stats/{unit}/{}", p.period)).await?;
    Ok(())
}

async fn healthz(user: &mut GooseUser) -> TransactionResult {
    get(user, plan().names.healthz, "/healthz").await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------

fn scenario_of(
    name: &str,
    weight: usize,
    round: Transaction,
    think_ms: u64,
) -> Result<Scenario, GooseError> {
    let mut s = Scenario::new(name)
        .set_weight(weight)?
        .register_transaction(transaction!(start).set_on_start())
        .register_transaction(round.set_name(name));
    if think_ms > 0 {
        s = s.set_wait_time(Duration::ZERO, Duration::from_millis(think_ms))?;
    }
    Ok(s)
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if !cli.compare.is_empty() {
        return compare(&cli.compare);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run(cli))
}

async fn run(mut cli: Cli) -> anyhow::Result<()> {
    let mode = if cli.healthz {
        Mode::Healthz
    } else if cli.bare.is_some() {
        Mode::Bare
    } else {
        Mode::App
    };
    if let Some(bare) = &cli.bare {
        cli.goose.host = Some(bare.clone());
    }
    if cli.goose.host.is_none()
        && let Some(first) = cli.hosts.first()
    {
        cli.goose.host = Some(first.clone());
    }
    let names = Names::new(mode);
    let plan = match (mode, &cli.database) {
        (Mode::Healthz, _) => Plan {
            mode,
            names,
            period: String::new(),
            staff: Vec::new(),
            leaders: Vec::new(),
            aggregators: Vec::new(),
            root: None,
            hosts: cli.hosts.clone(),
            saves: 0,
            submit_share: 1.0,
            password: String::new(),
            users: cli.goose.users.unwrap_or(1),
        },
        (_, Some(url)) => read_plan(url, mode, names, &cli).await?,
        (_, None) => {
            bail!("--database URL (or DANHGIA_LOAD_DATABASE) is needed to pick the accounts")
        }
    };
    if mode != Mode::Healthz && plan.staff.is_empty() {
        bail!(
            "no staff form is a draft in the newest period: nothing to fill in (load a fresh database)"
        );
    }
    let users = plan.users;
    let label = cli.label.clone().unwrap_or_else(|| {
        match mode {
            Mode::App => "app",
            Mode::Bare => "bare",
            Mode::Healthz => "healthz",
        }
        .to_owned()
    });
    let _ = PLAN.set(plan);
    let think = cli.think_ms;
    let mut attack = *GooseAttack::initialize_with_config(cli.goose)?
        .set_default(GooseDefault::NoTelnet, true)?;
    let p = self::plan();
    attack = match p.mode {
        Mode::Healthz => {
            attack.register_scenario(scenario_of("healthz", 1, transaction!(healthz), think)?)
        }
        Mode::App => attack
            .register_scenario(scenario_of("staff", 7, transaction!(staff), think)?)
            .register_scenario(scenario_of("leader", 2, transaction!(leader), think)?)
            .register_scenario(scenario_of(
                "aggregator",
                1,
                transaction!(aggregator),
                think,
            )?),
        Mode::Bare => attack
            .register_scenario(scenario_of("staff", 7, transaction!(bare_staff), think)?)
            .register_scenario(scenario_of("leader", 2, transaction!(bare_leader), think)?)
            .register_scenario(scenario_of(
                "aggregator",
                1,
                transaction!(bare_aggregator),
                think,
            )?),
    };
    attack.execute().await?;
    let summary = summarize(label, p.mode, users);
    print_summary(&summary);
    if let Some(path) = &cli.summary {
        std::fs::write(path, serde_json::to_string_pretty(&summary)?)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}
