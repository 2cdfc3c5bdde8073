//! A test world: a fresh database (SQLite, or PostgreSQL when DANHGIA_TEST_DATABASE_URL is set)
//! with a small district, one account per actor, and the real router.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use danhgia_domain::access::Role;
use danhgia_domain::org::{Block, UnitKind, UnitLevel};
use danhgia_domain::people::{Employment, PositionRank};
use danhgia_store::testing::fresh_store;
use danhgia_store::{NewAccount, NewPerson, NewUnit, PersonUpdate, Store};
use danhgia_web::{AppState, Config, auth, router};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// Who makes a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Actor {
    Anonymous,
    /// A staff member of commune A.
    Staff,
    /// The head of commune A, evaluator on A.
    Evaluator,
    /// Unit admin of commune A (this subtree).
    AdminA,
    /// Unit admin of commune B (a sibling subtree).
    AdminB,
    /// System admin of the district.
    SysAdmin,
}

pub const ACTORS: [Actor; 6] = [
    Actor::Anonymous,
    Actor::Staff,
    Actor::Evaluator,
    Actor::AdminA,
    Actor::AdminB,
    Actor::SysAdmin,
];

/// Ids of what the world holds.
#[derive(Debug, Clone, Default)]
pub struct Ids {
    pub district: String,
    pub a: String,
    pub a1: String,
    pub a2: String,
    pub b: String,
    pub staff_person: String,
    pub head_person: String,
    pub b_person: String,
    pub cohort: String,
    /// An aggregator grant held by the head, to revoke.
    pub grant: String,
    /// An upload of the blank template by commune A's admin (it has problems: its example
    /// row names a unit outside the world).
    pub upload: String,
    /// The district's period of this month, in its self-assessment window.
    pub period: String,
    /// The staff member's form (draft), and commune B's person's.
    pub staff_form: String,
    pub b_form: String,
    /// The staff member's open request for an extension, and a PDF attached to their form.
    pub request: String,
    pub attachment: String,
    /// The staff member's monthly plan item, their draft log entry of today, the review of
    /// yesterday's log waiting for the head, and a task the head gave them this month.
    pub work_item: String,
    pub log_entry: String,
    pub review: String,
    pub task: String,
    /// A course announced by the district, running today (issue 11 §5).
    pub course: String,
    /// A pending request to move commune B's person's file to commune A (issue 11 §6).
    pub file_move: String,
}

/// A small real PDF.
pub const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

/// This month's period for `tenant`, with days around today: self-assessment opened yesterday
/// and closes in two days, decisions in four, publication in eight.
pub fn this_month(tenant: &str) -> danhgia_store::NewPeriod {
    let today = danhgia_store::today();
    let day = |n: i64| today + time::Duration::days(n);
    danhgia_store::NewPeriod {
        tenant_id: tenant.into(),
        year: today.year(),
        month: today.month(),
        deadlines: danhgia_domain::calendar::Deadlines {
            self_opens: day(-1),
            self_before: day(2),
            decide_before: day(4),
            publish_before: day(8),
        },
        late_submission: false,
        appeal_days: 15,
    }
}

pub struct World {
    /// The file a multipart request uploads (the blank template when `None`).
    pub file: Option<Vec<u8>>,
    pub store: Store,
    pub state: AppState,
    pub app: Router,
    pub ids: Ids,
    pub sessions: Vec<(Actor, String, String)>,
}

pub const PASSWORD: &str = "Demo@2026";

async fn sessions_account(store: &Store, username: &str) -> String {
    store.account_by_username(username).await.unwrap().id
}

/// A multipart body with the CSRF field and one file; `send_with` sends it when the body
/// starts with [`MULTIPART`].
pub const MULTIPART: &str = "--multipart--";
const BOUNDARY: &str = "danhgia-test-boundary";

fn multipart(csrf: &str, file: &[u8]) -> Vec<u8> {
    let mut b = format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"danh-sach.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\n").into_bytes();
    b.extend_from_slice(file);
    b.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    b
}

fn unit(
    parent: Option<&str>,
    code: &str,
    name: &str,
    kind: UnitKind,
    suffix: Option<&str>,
) -> NewUnit {
    NewUnit {
        parent_id: parent.map(str::to_owned),
        code: code.into(),
        name: name.into(),
        kind,
        level: UnitLevel::Commune,
        block: Block::Government,
        suffix: suffix.map(str::to_owned),
    }
}

pub fn person(unit_id: &str, name: &str, rank: PositionRank) -> NewPerson {
    NewPerson {
        unit_id: unit_id.into(),
        details: PersonUpdate {
            full_name: name.into(),
            position_title: "Công chức".into(),
            rank,
            employment: Employment::CongChuc,
            cohort_id: None,
            email: None,
            phone: None,
            reviewer_id: None,
            evaluator_id: None,
        },
    }
}

impl World {
    pub async fn new() -> World {
        Self::with_config(Config::default()).await
    }

    pub async fn with_config(config: Config) -> World {
        let (store, _) = fresh_store().await.expect("test database");
        let s = &store;
        let d = s
            .create_unit(&unit(
                None,
                "HM",
                "Huyện Mẫu",
                UnitKind::District,
                Some("huyenmau"),
            ))
            .await
            .unwrap();
        let a = s
            .create_unit(&unit(
                Some(&d.id),
                "HM-A",
                "Xã An Phú",
                UnitKind::Commune,
                None,
            ))
            .await
            .unwrap();
        let a1 = s
            .create_unit(&unit(
                Some(&a.id),
                "HM-A1",
                "Thôn Một",
                UnitKind::Team,
                None,
            ))
            .await
            .unwrap();
        let a2 = s
            .create_unit(&unit(
                Some(&a.id),
                "HM-A2",
                "Thôn Hai",
                UnitKind::Team,
                None,
            ))
            .await
            .unwrap();
        let b = s
            .create_unit(&unit(
                Some(&d.id),
                "HM-B",
                "Xã Bình Minh",
                UnitKind::Commune,
                None,
            ))
            .await
            .unwrap();
        let cohort = s.create_cohort(&a.id, "Công chức").await.unwrap();
        // One real argon2id hash shared by the world's accounts (hashing is slow in debug).
        // Hashed once per test binary: argon2 is slow in debug builds, and the access matrix
        // builds a world per changing request.
        static HASH: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
        let hash = HASH
            .get_or_init(|| async { auth::hash_password(PASSWORD).await.unwrap() })
            .await
            .clone();
        let acc = |u: &str| NewAccount {
            username: u.into(),
            password_hash: hash.clone(),
            must_change_password: false,
            password_deadline: None,
        };
        let staff = s
            .create_person(
                &person(&a.id, "Nguyễn Văn An", PositionRank::Member),
                Some(&acc("nguyenvanan_huyenmau")),
            )
            .await
            .unwrap();
        let head = s
            .create_person(
                &person(&a.id, "Trần Thị Bích", PositionRank::Head),
                Some(&acc("tranthibich_huyenmau")),
            )
            .await
            .unwrap();
        let b_person = s
            .create_person(
                &person(&b.id, "Lê Văn Cường", PositionRank::Member),
                Some(&acc("levancuong_huyenmau")),
            )
            .await
            .unwrap();
        let staff_acc = s.account_of_person(&staff.id).await.unwrap();
        let head_acc = s.account_of_person(&head.id).await.unwrap();
        s.grant_role(&head_acc.id, Role::Evaluator, &a.id, None)
            .await
            .unwrap();
        let grant = s
            .grant_role(&head_acc.id, Role::Aggregator, &a1.id, None)
            .await
            .unwrap();
        let admin_a = s.create_account(&acc("quantri_anphu")).await.unwrap();
        s.grant_role(&admin_a, Role::UnitAdmin, &a.id, None)
            .await
            .unwrap();
        let admin_b = s.create_account(&acc("quantri_binhminh")).await.unwrap();
        s.grant_role(&admin_b, Role::UnitAdmin, &b.id, None)
            .await
            .unwrap();
        let sys = s.create_account(&acc("quantri_huyenmau")).await.unwrap();
        s.grant_role(&sys, Role::SystemAdmin, &d.id, None)
            .await
            .unwrap();

        let state = AppState::new(store.clone(), config);
        let mut sessions = Vec::new();
        for (actor, account) in [
            (Actor::Staff, staff_acc.id.clone()),
            (Actor::Evaluator, head_acc.id.clone()),
            (Actor::AdminA, admin_a),
            (Actor::AdminB, admin_b),
            (Actor::SysAdmin, sys),
        ] {
            let token = auth::open_session(&state, &account, "web").await.unwrap();
            // (a world whose sessions are born expired has no CSRF token to read)
            let session = store
                .session(&auth::token_hash(&token), danhgia_store::now())
                .await
                .unwrap();
            sessions.push((
                actor,
                token,
                session.map(|s| s.csrf_token).unwrap_or_default(),
            ));
        }
        let upload = store
            .save_upload(
                &a.id,
                &sessions_account(&store, "quantri_anphu").await,
                "mau.xlsx",
                &danhgia_sheets::template().unwrap(),
            )
            .await
            .unwrap();
        let (period, _) = store.open_period(&this_month(&d.id), None).await.unwrap();
        let form_of = |pid: String| {
            let store = store.clone();
            let period = period.id.clone();
            async move {
                store
                    .evaluation_of(&period, &pid)
                    .await
                    .unwrap()
                    .unwrap()
                    .id
            }
        };
        let staff_form = form_of(staff.id.clone()).await;
        let b_form = form_of(b_person.id.clone()).await;
        let staff_actor = danhgia_store::Actor {
            account_id: &staff_acc.id,
            name: "nguyenvanan_huyenmau",
        };
        let request = store
            .ask(
                &staff_form,
                "extension",
                "Đi công tác đến hết tuần",
                Some(danhgia_store::today() + time::Duration::days(3)),
                staff_actor,
            )
            .await
            .unwrap();
        let attachment = danhgia_store::new_id();
        let key = danhgia_web::attachments::key(&staff_form, &attachment);
        use danhgia_web::attachments::ObjectStoreExt;
        state
            .config
            .files
            .put(&key, bytes::Bytes::from_static(PDF).into())
            .await
            .unwrap();
        store
            .add_attachment(
                &danhgia_store::Attachment {
                    id: attachment.clone(),
                    evaluation_id: staff_form.clone(),
                    file_name: "Nhận xét chi bộ.pdf".into(),
                    content_type: "application/pdf".into(),
                    size: PDF.len() as i64,
                    storage_key: key.to_string(),
                    uploaded_by_name: "nguyenvanan_huyenmau".into(),
                    uploaded_at: danhgia_store::now(),
                },
                staff_actor,
            )
            .await
            .unwrap();
        let today = danhgia_store::today();
        let month = danhgia_domain::work::PlanMonth::of(today);
        let plan = store.person_plan(&staff, &month.key()).await.unwrap();
        let work_item = store
            .add_item(
                &plan.id,
                &danhgia_store::NewItem {
                    kind: "month",
                    unplanned: false,
                    input: danhgia_domain::work::ItemInput {
                        title: "Báo cáo công tác tháng".into(),
                        expected: "Báo cáo trình Chủ tịch".into(),
                        due: Some(month.last_day()),
                        day: None,
                        weight: 1,
                    },
                    link_id: None,
                    recurring: false,
                },
                "nguyenvanan_huyenmau",
            )
            .await
            .unwrap();
        let log = |day| danhgia_domain::work::LogInput {
            day,
            what: "Tiếp nhận hồ sơ một cửa".into(),
            result: "12 hồ sơ".into(),
            evidence: String::new(),
        };
        let yesterday = today.previous_day().unwrap();
        store
            .add_log(&staff.id, &log(yesterday), None)
            .await
            .unwrap();
        let review = store
            .submit_log(&staff.id, yesterday, yesterday, &head.id)
            .await
            .unwrap();
        let log_entry = store.add_log(&staff.id, &log(today), None).await.unwrap();
        let task = store
            .assign_task(
                &danhgia_store::NewTask {
                    person_id: staff.id.clone(),
                    unit_id: a.id.clone(),
                    month: month.key(),
                    product_id: None,
                    title: "Thẩm định hồ sơ".into(),
                    origin: "assigned",
                    quantity: 2_000,
                    coefficient: 1_000,
                    due: today,
                },
                "Trần Thị Bích",
            )
            .await
            .unwrap();
        let course = store
            .create_course(
                &d.id,
                &danhgia_domain::training::Course {
                    name: "Bồi dưỡng ngạch chuyên viên chính".into(),
                    kind: Some(danhgia_domain::training::CourseKind::StateManagement),
                    organiser: "Trường Chính trị tỉnh".into(),
                    starts_on: Some(today - time::Duration::days(30)),
                    ends_on: Some(today + time::Duration::days(30)),
                    seats: Some(2),
                },
                "quantri_huyenmau",
            )
            .await
            .unwrap();
        let file_move = store
            .request_move(
                &danhgia_store::NewFileMove {
                    person_id: b_person.id.clone(),
                    from_unit_id: b.id.clone(),
                    approver_path: d.path.clone(),
                    process: danhgia_domain::hr::Process {
                        kind: danhgia_domain::hr::ProcessKind::Transfer,
                        from: Some(today),
                        to: None,
                        decision: danhgia_domain::hr::Decision {
                            number: "5/QĐ-UBND".into(),
                            date: Some(today),
                            signer: "Chủ tịch UBND huyện".into(),
                        },
                        details: danhgia_domain::hr::Details {
                            position_title: "Công chức Văn hóa - Xã hội".into(),
                            unit_id: Some(a.id.clone()),
                            rank: Some(danhgia_domain::people::PositionRank::Member),
                            ..Default::default()
                        },
                    },
                    note: String::new(),
                },
                "quantri_b",
            )
            .await
            .unwrap();
        let ids = Ids {
            file_move,
            course,
            work_item,
            log_entry,
            review,
            task,
            request,
            attachment,
            period: period.id,
            staff_form,
            b_form,
            district: d.id,
            a: a.id,
            a1: a1.id,
            a2: a2.id,
            b: b.id,
            staff_person: staff.id,
            head_person: head.id,
            b_person: b_person.id,
            cohort: cohort.id,
            grant,
            upload,
        };
        World {
            file: None,
            app: router(state.clone()),
            store,
            state,
            ids,
            sessions,
        }
    }

    pub fn token(&self, actor: Actor) -> Option<&str> {
        self.sessions
            .iter()
            .find(|s| s.0 == actor)
            .map(|s| s.1.as_str())
    }

    pub fn csrf(&self, actor: Actor) -> &str {
        self.sessions
            .iter()
            .find(|s| s.0 == actor)
            .map_or("", |s| s.2.as_str())
    }

    /// Sends a request as `actor`; a form body gets the actor's CSRF token unless it has one.
    pub async fn send(&self, actor: Actor, method: Method, path: &str, body: Option<&str>) -> Resp {
        self.send_with(actor, method, path, body, &[]).await
    }

    pub async fn send_with(
        &self,
        actor: Actor,
        method: Method,
        path: &str,
        body: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Resp {
        // Every request comes from a client address (TEST-NET-1), as the server's connection
        // info gives it; `x-test-peer` picks another.
        let peer = headers
            .iter()
            .find(|(k, _)| *k == "x-test-peer")
            .map_or(TEST_PEER, |(_, v)| v.parse().unwrap());
        let mut req = Request::builder()
            .method(method.clone())
            .uri(path)
            .extension(axum::extract::ConnectInfo(std::net::SocketAddr::new(
                peer, 50_000,
            )));
        if let Some(t) = self.token(actor) {
            req = req.header(header::COOKIE, format!("{}={t}", auth::SESSION_COOKIE));
        }
        for (k, v) in headers.iter().filter(|(k, _)| *k != "x-test-peer") {
            req = req.header(*k, *v);
        }
        let body = match body {
            Some(b) if b.starts_with(MULTIPART) => {
                req = req.header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={BOUNDARY}"),
                );
                let file = self
                    .file
                    .clone()
                    .unwrap_or_else(|| danhgia_sheets::template().unwrap());
                Body::from(multipart(self.csrf(actor), &file))
            }
            Some(b) if b.starts_with('{') => {
                req = req.header(header::CONTENT_TYPE, "application/json");
                Body::from(b.to_owned())
            }
            Some(b) => {
                req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                let b = if b.contains("csrf=") {
                    b.to_owned()
                } else {
                    format!("csrf={}&{b}", self.csrf(actor))
                };
                Body::from(b)
            }
            None if method == Method::POST => {
                req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                Body::from(format!("csrf={}", self.csrf(actor)))
            }
            None => Body::empty(),
        };
        let res = self
            .app
            .clone()
            .oneshot(req.body(body).unwrap())
            .await
            .unwrap();
        let status = res.status();
        let location = res
            .headers()
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap().to_owned());
        let cookies = res
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        let response_headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        Resp {
            status,
            location,
            cookies,
            headers: response_headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }
}

impl World {
    /// The criteria set form `f` was opened with.
    pub async fn set_of(
        &self,
        f: &danhgia_store::Evaluation,
    ) -> danhgia_domain::criteria::CriteriaSet {
        self.store
            .set_version_by_id(f.set_version_id.as_deref().unwrap())
            .await
            .unwrap()
            .set()
            .unwrap()
    }

    /// Saves `after` over `before` as the move `action` (a test putting a form where it needs
    /// it, as the flow would).
    pub async fn save_form(
        &self,
        before: danhgia_store::Evaluation,
        after: danhgia_store::Evaluation,
        action: &'static str,
    ) {
        self.store
            .save_forms(
                &[danhgia_store::FormChange {
                    before,
                    after,
                    action,
                    reason: String::new(),
                }],
                None,
                "test",
            )
            .await
            .unwrap();
    }

    /// GET as `actor`, returning the raw body (downloads); panics unless 200.
    /// Publishes the form `form_id` with `grade` (and a leader's total of 95 points), as the
    /// publication would.
    #[allow(dead_code)]
    pub async fn publish(&self, form_id: &str, grade: &str) {
        let before = self.store.evaluation(form_id).await.unwrap();
        let mut after = before.clone();
        after.status = danhgia_domain::workflow::Status::Published;
        after.leader_total = Some(9_500);
        after.leader_grade = Some(grade.into());
        after.final_grade = Some(grade.into());
        after.published_at = Some(danhgia_store::now());
        self.store
            .save_forms(
                &[danhgia_store::FormChange {
                    before,
                    after,
                    action: "publish",
                    reason: String::new(),
                }],
                None,
                "test",
            )
            .await
            .unwrap();
    }

    pub async fn send_bytes(&self, actor: Actor, path: &str) -> Vec<u8> {
        let mut req = Request::builder().method(Method::GET).uri(path);
        if let Some(t) = self.token(actor) {
            req = req.header(header::COOKIE, format!("{}={t}", auth::SESSION_COOKIE));
        }
        let res = self
            .app
            .clone()
            .oneshot(req.body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        res.into_body().collect().await.unwrap().to_bytes().to_vec()
    }
}

/// The client address of test requests.
pub const TEST_PEER: std::net::IpAddr =
    std::net::IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 10));

#[derive(Debug)]
pub struct Resp {
    pub status: StatusCode,
    pub location: Option<String>,
    pub cookies: Vec<String>,
    #[allow(dead_code)]
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Resp {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

/// Form-encodes pairs.
pub fn form(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap()
}

/// Every criterion and result of `set` at `percent` of its max, as page fields
/// `{prefix}_score_*` (bonus and deduction items left empty: they count 0).
pub fn score_fields(
    set: &danhgia_domain::criteria::CriteriaSet,
    prefix: &str,
    percent: i64,
) -> Vec<(String, String)> {
    use danhgia_domain::criteria::{CriteriaSet, SectionKind};
    let mut out = Vec::new();
    for s in &set.sections {
        if s.kind == SectionKind::Result {
            out.push((format!("{prefix}_score_{}", s.code), percent.to_string()));
        }
        if s.kind == SectionKind::Criteria {
            for c in &s.criteria {
                let p = danhgia_domain::points::Points::from_hundredths(
                    c.max.hundredths() * percent / 100,
                );
                out.push((
                    format!("{prefix}_score_{}", CriteriaSet::item_id(s, c)),
                    p.vi(),
                ));
            }
        }
    }
    out
}

/// Every criterion and result of `set` at `percent` of its max, as a sheet.
pub fn score_sheet(
    set: &danhgia_domain::criteria::CriteriaSet,
    percent: i64,
) -> danhgia_domain::evaluation::Sheet {
    let mut sheet = danhgia_domain::evaluation::Sheet::default();
    for (name, v) in score_fields(set, "x", percent) {
        sheet.scores.insert(
            name.trim_start_matches("x_score_").to_owned(),
            danhgia_domain::evaluation::Score {
                points: danhgia_domain::points::Points::parse(&v).unwrap(),
                reason: String::new(),
            },
        );
    }
    sheet
}

/// Form-encodes `pairs` and `extra`.
pub fn form_with(pairs: &[(String, String)], extra: &[(&str, &str)]) -> String {
    let mut all: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    all.extend_from_slice(extra);
    form(&all)
}

/// The shipped set a staff member of the world gets (Hanoi, commune member: Đ.11 khoản 15).
pub const SHIPPED_SET: &str = "hn-15-cong-chuc-quan-huyen-xa";
/// The key of the editable copy of [`SHIPPED_SET`] that [`World::copy_set`] makes for tests.
pub const COPY_KEY: &str = "hn-15-ban-sao";

impl World {
    /// Copies the current version of the set `from` into a new, editable set `to` (same
    /// title), as the system admin's "copy" does; returns the copy's first version's body.
    pub async fn copy_set(&self, from: &str, to: &str) -> String {
        let row = self.store.criteria_set(from).await.unwrap();
        let version = self.store.set_version(&row, None).await.unwrap();
        let mut set = version.set().unwrap();
        set.key = to.to_owned();
        let by = sessions_account(&self.store, "quantri_huyenmau").await;
        let copy = self.store.copy_set(&row, &set, &by).await.unwrap();
        self.store.set_version(&copy, None).await.unwrap().body
    }
}

/// The text of a PDF, as poppler's `pdftotext` extracts it (scripts/test installs
/// poppler-utils).
#[allow(dead_code)]
pub fn pdf_text(bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join("danhgia-web-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{}.pdf", danhgia_store::new_id()));
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (apt-get install poppler-utils)");
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success(), "pdftotext failed: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The `danhgia_session=…` pair a login response set, to send back as a cookie.
pub fn session_cookie(r: &Resp) -> String {
    r.cookies
        .iter()
        .find(|c| c.starts_with("danhgia_session="))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

/// The login page's pre-session CSRF cookie and token.
pub async fn login_token(w: &World) -> (String, String) {
    let page = w.send(Actor::Anonymous, Method::GET, "/login", None).await;
    let cookie = page
        .cookies
        .iter()
        .find(|c| c.starts_with("danhgia_login_csrf="))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let token = cookie.split_once('=').unwrap().1.to_owned();
    (cookie, token)
}

pub async fn web_login(w: &World, username: &str, password: &str) -> Resp {
    let (cookie, token) = login_token(w).await;
    let body = form(&[
        ("username", username),
        ("password", password),
        ("csrf", &token),
    ]);
    w.send_with(
        Actor::Anonymous,
        Method::POST,
        "/login",
        Some(&body),
        &[("cookie", &cookie)],
    )
    .await
}

/// The CSRF token embedded in a page's forms.
pub fn csrf_in(body: &str) -> String {
    body.split("name=\"csrf\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned()
}
