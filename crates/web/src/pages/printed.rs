//! Printed documents as PDF (issue 8 §3, SPEC M7.3; layout in `danhgia_print`): the evaluation
//! form, the unit's summary list and its commendation list, each as the paper document with the
//! national heading and the signature block. Each comes from the same data and permission as
//! its page or Excel file, and each download is an audit-log line.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use danhgia_domain::access::Action;
use danhgia_domain::grade::Grade;
use danhgia_print::{Align, Col, Document, Heading, Orientation, Signer};
use danhgia_store::{Period, Unit};

use super::evaluations::{PeriodQuery, file_code, summary_rows, tenant_of, unit_period};
use super::{Ctx, pdf_download, visible_unit};
use crate::AppState;
use crate::auth::{CurrentUser, PageUser};
use crate::error::{AppError, PageError};
use crate::evaluation as flow;

/// The heading of a document issued by `unit`: its parent above it, the tenant's name as the
/// place, today's date.
async fn heading(
    state: &AppState,
    unit: &Unit,
    number: &str,
    title: &str,
    period: &Period,
) -> Result<Heading, AppError> {
    heading_for(state, unit, number, title, super::period_title(period)).await
}

/// The heading of a document issued by `unit` with any subtitle.
pub(super) async fn heading_for(
    state: &AppState,
    unit: &Unit,
    number: &str,
    title: &str,
    subtitle: String,
) -> Result<Heading, AppError> {
    let parent = match &unit.parent_id {
        Some(id) => state.store.unit(id).await?.name.to_uppercase(),
        None => String::new(),
    };
    let tenant = state.store.unit(&tenant_of(&unit.path)).await?;
    let today = danhgia_store::today();
    Ok(Heading {
        parent_agency: parent,
        agency: unit.name.to_uppercase(),
        number: if number.is_empty() {
            String::new()
        } else {
            format!("Số: {number}")
        },
        place_date: danhgia_print::place_date(
            &tenant.name,
            today.day(),
            u8::from(today.month()),
            today.year(),
        ),
        title: title.to_owned(),
        subtitle,
    })
}

/// The name of the caller's staff record, else the account name.
pub(super) async fn own_name(state: &AppState, user: &CurrentUser) -> Result<String, AppError> {
    Ok(match &user.person_id {
        Some(p) => state.store.person(p).await?.full_name,
        None => String::new(),
    })
}

/// The name of the unit's head in the period (empty when none is known).
async fn head_name(state: &AppState, unit: &Unit, period: &Period) -> Result<String, AppError> {
    Ok(match state.store.unit_head(&unit.id, &period.id).await? {
        Some(p) => state.store.person(&p).await?.full_name,
        None => String::new(),
    })
}

pub(super) fn pdf(doc: &Document) -> Result<Vec<u8>, AppError> {
    danhgia_print::render(doc).map_err(|e| AppError::Internal(e.to_string()))
}

/// `GET /units/{id}/summary.pdf?period=`: the summary list (danh sách tổng hợp kết quả, Hanoi
/// Đ.13.2) of every form under the unit, like the Excel file.
pub async fn summary(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let (unit, period) = unit_period(
        &state,
        &user,
        &id,
        q.period.as_deref(),
        Action::FollowEvaluations,
    )
    .await?;
    let forms = state.store.evaluations_in(&period.id, &unit.path).await?;
    let ctx = Ctx::for_user(&user);
    let rows = summary_rows(&forms, &ctx);
    let mut counts = [0usize; 4];
    for f in &forms {
        if let Some(g) = f.result_grade() {
            counts[usize::from(4 - g.rank())] += 1;
        }
    }
    let doc = Document {
        heading: heading(
            &state,
            &unit,
            "....../DS",
            "DANH SÁCH TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC",
            &period,
        )
        .await?,
        orientation: Orientation::Landscape,
        before: Vec::new(),
        columns: vec![
            Col::new("STT", 4.0, Align::Center),
            Col::new("Họ và tên", 17.0, Align::Left),
            Col::new("Chức vụ, chức danh", 15.0, Align::Left),
            Col::new("Đơn vị", 16.0, Align::Left),
            Col::new("Điểm tự chấm", 8.0, Align::Center),
            Col::new("Điểm lãnh đạo chấm", 8.0, Align::Center),
            Col::new("Xếp loại", 6.0, Align::Center),
            Col::new("Ghi chú", 14.0, Align::Left),
        ],
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    (i + 1).to_string(),
                    r.full_name.clone(),
                    r.position.clone(),
                    r.unit.clone(),
                    r.self_total.clone(),
                    r.leader_total.clone(),
                    r.grade.clone(),
                    r.note.clone(),
                ]
            })
            .collect(),
        after: vec![format!(
            "Tổng số: {} người. Hoàn thành xuất sắc nhiệm vụ (A): {}; hoàn thành tốt nhiệm vụ (B): {}; hoàn thành nhiệm vụ (C): {}; không hoàn thành nhiệm vụ (D): {}.",
            forms.len(),
            counts[0],
            counts[1],
            counts[2],
            counts[3]
        )],
        signers: vec![
            Signer {
                title: "NGƯỜI LẬP BIỂU".into(),
                name: own_name(&state, &user).await?,
            },
            Signer {
                title: "THỦ TRƯỞNG ĐƠN VỊ".into(),
                name: head_name(&state, &unit, &period).await?,
            },
        ],
    };
    let bytes = pdf(&doc)?;
    crate::audit::record(
        &state,
        Some(&user),
        "export_summary_pdf",
        "unit",
        Some(&unit.id),
        Some(&unit.id),
        serde_json::json!({ "period": period.id, "rows": forms.len() }),
    )
    .await;
    Ok(pdf_download(
        &format!(
            "tong-hop-{:04}-{:02}-{}.pdf",
            period.year,
            period.month,
            file_code(&unit)
        ),
        bytes,
    ))
}

/// `GET /units/{id}/commendations.pdf?period=`: the commendation list, with the head's
/// approval (or marked as a draft).
pub async fn commendations(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::ViewResults).await?;
    let page = super::commendations::page_for(&state, &user, unit, q.period.as_deref(), None, None)
        .await?;
    let (Some(list), Some(info)) = (&page.list, &page.info) else {
        return Err(AppError::NotFound.into());
    };
    let approved = list.state == danhgia_domain::commendation::ListState::Approved;
    let number = if list.doc_number.is_empty() {
        "....../DS-KT".to_owned()
    } else {
        list.doc_number.clone()
    };
    let mut heading = heading(
        &state,
        &page.unit,
        &number,
        "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
        &info.period,
    )
    .await?;
    if !approved {
        heading.subtitle.push_str(" (dự thảo)");
    }
    let doc = Document {
        heading,
        orientation: Orientation::Landscape,
        before: Vec::new(),
        columns: vec![
            Col::new("STT", 4.0, Align::Center),
            Col::new("Họ và tên", 17.0, Align::Left),
            Col::new("Chức vụ, chức danh", 16.0, Align::Left),
            Col::new("Điểm lãnh đạo chấm", 8.0, Align::Center),
            Col::new("Xếp loại", 19.0, Align::Left),
            Col::new("Thành tích", 24.0, Align::Left),
        ],
        rows: page
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                vec![
                    (i + 1).to_string(),
                    e.full_name.clone(),
                    e.position_title.clone(),
                    super::commendations::CommendPage::total(e),
                    e.grade
                        .as_deref()
                        .and_then(Grade::parse)
                        .map(|g| g.name_vi().to_owned())
                        .unwrap_or_default(),
                    e.achievement.clone(),
                ]
            })
            .collect(),
        after: vec![format!("Tổng số: {} người.", page.entries.len())],
        signers: vec![
            Signer {
                title: "NGƯỜI LẬP DANH SÁCH".into(),
                name: String::new(),
            },
            Signer {
                title: "THỦ TRƯỞNG ĐƠN VỊ".into(),
                name: if approved {
                    list.approver_name.clone()
                } else {
                    String::new()
                },
            },
        ],
    };
    let bytes = pdf(&doc)?;
    crate::audit::record(
        &state,
        Some(&user),
        "export_commendations_pdf",
        "commendation_list",
        Some(&list.id),
        Some(&page.unit.id),
        serde_json::json!({ "period": info.period.id }),
    )
    .await;
    Ok(pdf_download(
        &format!(
            "de-nghi-khen-thuong-{:04}-{:02}-{}.pdf",
            info.period.year,
            info.period.month,
            file_code(&page.unit)
        ),
        bytes,
    ))
}

/// `GET /evaluations/{id}/print.pdf`: the form as printed (phiếu đánh giá, chấm điểm, xếp
/// loại): the criteria with the person's and the leader's points, the totals and grades, and
/// the signatures; for whoever may open the form.
pub async fn form(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let l = flow::load(&state, &user, &id).await?;
    // The sheets as stored (the form page pre-fills the evaluator's inputs with the
    // self-assessment; a print shows only what each has given).
    let lines = l
        .set
        .as_ref()
        .map(|set| super::evaluations::lines_of(set, &l.self_sheet, &l.leader_sheet))
        .unwrap_or_default();
    let f = &l.form;
    let unit = state.store.unit(&f.unit_id).await?;
    let grade = |g: Option<Grade>| g.map(|g| g.name_vi()).unwrap_or("—");
    let total = |t: Option<danhgia_domain::points::Points>| {
        t.map(|p| p.vi()).unwrap_or_else(|| "—".to_owned())
    };
    let mut after = vec![
        format!(
            "Tổng điểm cá nhân tự chấm: {}. Cá nhân tự xếp loại: {}.",
            total(f.self_total()),
            grade(f.self_grade())
        ),
        format!(
            "Tổng điểm lãnh đạo chấm: {}. Xếp loại: {}.",
            total(f.leader_total()),
            grade(f.result_grade().or_else(|| f.leader_grade()))
        ),
    ];
    if !f.review_comment.trim().is_empty() {
        after.push(format!("Ý kiến nhận xét: {}", f.review_comment.trim()));
    }
    let doc = Document {
        heading: heading(
            &state,
            &unit,
            "",
            "PHIẾU ĐÁNH GIÁ, CHẤM ĐIỂM VÀ XẾP LOẠI CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC",
            &l.period,
        )
        .await?,
        orientation: Orientation::Portrait,
        before: vec![
            format!("Họ và tên: {}", f.full_name),
            format!("Chức vụ, chức danh: {}", f.position_title),
            format!("Đơn vị: {}", f.unit_name),
        ],
        columns: vec![
            Col::new("TT", 6.0, Align::Center),
            Col::new("Nội dung tiêu chí", 46.0, Align::Left),
            Col::new("Điểm tối đa", 10.0, Align::Center),
            Col::new("Cá nhân tự chấm", 11.0, Align::Center),
            Col::new("Lãnh đạo chấm", 11.0, Align::Center),
        ],
        rows: lines
            .iter()
            .map(|line| {
                vec![
                    line.code.clone(),
                    line.title.clone(),
                    line.max.clone(),
                    line.self_value.clone(),
                    line.leader_value.clone(),
                ]
            })
            .collect(),
        after,
        signers: vec![
            Signer {
                title: "NGƯỜI TỰ ĐÁNH GIÁ".into(),
                name: f.full_name.clone(),
            },
            Signer {
                title: "LÃNH ĐẠO ĐÁNH GIÁ".into(),
                name: f.evaluator_name.clone().unwrap_or_default(),
            },
        ],
    };
    let bytes = pdf(&doc)?;
    crate::audit::record(
        &state,
        Some(&user),
        "export_form_pdf",
        "evaluation",
        Some(&f.id),
        Some(&f.unit_id),
        serde_json::json!({}),
    )
    .await;
    Ok(pdf_download(
        &format!("phieu-danh-gia-{:04}-{:02}.pdf", f.year, f.month),
        bytes,
    ))
}
