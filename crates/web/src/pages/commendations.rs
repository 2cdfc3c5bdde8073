//! The commendation list (danh sách đề nghị khen thưởng; issue 8 §1, Hanoi Quy chế Đ.13.2;
//! rules in `danhgia_domain::commendation`): the unit's aggregator drafts it from the period's
//! published results, the head of the unit approves it, and it is exported like the summary
//! list. A draft is seen by those who follow the unit's evaluations and by its head; an
//! approved list by everyone who sees the unit's results.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use danhgia_domain::access::Action;
use danhgia_domain::commendation::{self as rules, CommendError, ListState};
use danhgia_store::{CommendationEntry, CommendationList, Evaluation, Period, Unit};

use super::evaluations::{PeriodInfo, PeriodQuery, pick_period, tenant_of};
use super::{Ctx, render, visible_unit};
use crate::AppState;
use crate::auth::{CurrentUser, PageUser};
use crate::error::{AppError, PageError};

/// A person who may be proposed, as the draft form shows them.
pub struct Candidate {
    pub form: Evaluation,
    pub chosen: bool,
    pub achievement: String,
}

#[derive(Template)]
#[template(path = "commendations.html")]
pub struct CommendPage {
    pub ctx: Ctx,
    pub unit: Unit,
    pub info: Option<PeriodInfo>,
    pub periods: Vec<Period>,
    pub list: Option<CommendationList>,
    pub entries: Vec<CommendationEntry>,
    /// The draft form's people (only for someone who may draft, while the list is a draft).
    pub candidates: Vec<Candidate>,
    pub doc_number: String,
    pub may_draft: bool,
    pub may_approve: bool,
    /// A refusal to show above the form.
    pub error: Option<&'static str>,
}

impl CommendPage {
    pub fn approved(&self) -> bool {
        self.list
            .as_ref()
            .is_some_and(|l| l.state == ListState::Approved)
    }
    pub fn total(e: &CommendationEntry) -> String {
        e.leader_total
            .map(|t| danhgia_domain::points::Points::from_hundredths(t).vi())
            .unwrap_or_default()
    }
}

/// Who the caller is to the unit's list of a period.
struct Standing {
    may_draft: bool,
    is_head: bool,
    may_follow: bool,
}

async fn standing(
    state: &AppState,
    user: &CurrentUser,
    unit: &Unit,
    period: &Period,
) -> Result<Standing, AppError> {
    let head = state.store.unit_head(&unit.id, &period.id).await?;
    Ok(Standing {
        may_draft: user.scope.allows(Action::PublishResults, &unit.path),
        is_head: head.is_some() && head == user.person_id,
        may_follow: user.scope.allows(Action::FollowEvaluations, &unit.path),
    })
}

/// The page for `unit` and `period`, with the draft form filled from `typed` (after a refusal)
/// or from the stored draft.
pub(crate) async fn page_for(
    state: &AppState,
    user: &CurrentUser,
    unit: Unit,
    wanted: Option<&str>,
    typed: Option<(&str, &[(String, String)])>,
    error: Option<&'static str>,
) -> Result<CommendPage, AppError> {
    let (period, periods) = pick_period(state, &tenant_of(&unit.path), wanted).await?;
    let mut page = CommendPage {
        ctx: Ctx::for_user(user),
        unit,
        info: None,
        periods,
        list: None,
        entries: Vec::new(),
        candidates: Vec::new(),
        doc_number: String::new(),
        may_draft: false,
        may_approve: false,
        error,
    };
    let Some(period) = period else {
        return Ok(page);
    };
    let st = standing(state, user, &page.unit, &period).await?;
    let stored = state
        .store
        .commendation_list(&page.unit.id, &period.id)
        .await?;
    let approved = stored
        .as_ref()
        .is_some_and(|(l, _)| l.state == ListState::Approved);
    // A draft is for those who make or approve it.
    let sees_draft = st.may_draft || st.is_head || st.may_follow;
    if let Some((list, entries)) = stored
        && (approved || sees_draft)
    {
        page.doc_number = list.doc_number.clone();
        page.list = Some(list);
        page.entries = entries;
    }
    page.may_approve = st.is_head && !approved && !page.entries.is_empty();
    page.may_draft = st.may_draft && !approved;
    if page.may_draft {
        let forms = state
            .store
            .evaluations_of_unit(&period.id, &page.unit.id)
            .await?;
        let fresh = page.list.is_none();
        page.candidates = forms
            .into_iter()
            .filter(|f| rules::eligible(f.status, f.result_grade()))
            .map(|f| {
                let (chosen, achievement) = match typed {
                    Some((_, picks)) => picked(picks, &f.id),
                    None => match page.entries.iter().find(|e| e.evaluation_id == f.id) {
                        Some(e) => (true, e.achievement.clone()),
                        None => (fresh, String::new()),
                    },
                };
                Candidate {
                    form: f,
                    chosen,
                    achievement,
                }
            })
            .collect();
        if let Some((number, _)) = typed {
            page.doc_number = number.to_owned();
        }
    }
    page.info = Some(PeriodInfo::new(period));
    Ok(page)
}

/// Whether the form `id` was ticked in the posted fields, and its achievement.
fn picked(fields: &[(String, String)], id: &str) -> (bool, String) {
    let chosen = fields.iter().any(|(k, v)| k == "pick" && v == id);
    let key = format!("achievement_{id}");
    let text = fields
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default();
    (chosen, text)
}

/// `GET /units/{id}/commendations?period=`
pub async fn page(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::ViewResults).await?;
    let mut page = page_for(&state, &user, unit, q.period.as_deref(), None, None).await?;
    page.ctx = page.ctx.with_flash(q.ok.as_deref());
    Ok(render(&page))
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// A posted form's unit (checked for `action`) and period, after its CSRF token.
async fn posted(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    fields: &[(String, String)],
    action: Action,
) -> Result<(Unit, Period), AppError> {
    user.check_csrf(field(fields, "csrf"))?;
    let unit = visible_unit(state, user, id, action).await?;
    let (period, _) =
        pick_period(state, &tenant_of(&unit.path), Some(field(fields, "period"))).await?;
    Ok((unit, period.ok_or(AppError::NotFound)?))
}

/// `POST /units/{id}/commendations`: saves the draft (fields `period`, `doc_number`, `pick`
/// per person ticked, `achievement_<form id>`).
pub async fn save(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let (unit, period) = posted(&state, &user, &id, &fields, Action::PublishResults).await?;
    let number = field(&fields, "doc_number").trim().to_owned();
    let picks: Vec<(String, String)> = fields
        .iter()
        .filter(|(k, _)| k == "pick")
        .map(|(_, id)| (id.clone(), picked(&fields, id).1))
        .collect();
    let checked = if number.chars().count() > rules::MAX_NUMBER {
        Err(CommendError::TooLong)
    } else {
        picks
            .iter()
            .try_for_each(|(_, text)| rules::check_achievement(text))
    };
    let outcome = match checked {
        Ok(()) => state
            .store
            .save_commendation_draft(&unit.id, &period.id, &number, &picks, &user.account_id)
            .await
            .map_err(AppError::from),
        Err(e) => Err(AppError::BadRequest(e.key())),
    };
    match outcome {
        Ok(list_id) => {
            crate::audit::record(
                &state,
                Some(&user),
                "commendation_draft",
                "commendation_list",
                Some(&list_id),
                Some(&unit.id),
                serde_json::json!({ "period": period.id, "people": picks.len() }),
            )
            .await;
            Ok(Redirect::to(&format!(
                "/units/{}/commendations?period={}&ok=commend.saved",
                unit.id, period.id
            ))
            .into_response())
        }
        Err(AppError::BadRequest(key) | AppError::Conflict(key)) => {
            let page = page_for(
                &state,
                &user,
                unit,
                Some(&period.id),
                Some((&number, &fields)),
                Some(key),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /units/{id}/commendations/approve` (field `period`): the head of the unit approves
/// the draft; it is final afterwards.
pub async fn approve(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let (unit, period) = posted(&state, &user, &id, &fields, Action::ViewResults).await?;
    let st = standing(&state, &user, &unit, &period).await?;
    let (list, _) = state
        .store
        .commendation_list(&unit.id, &period.id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !st.is_head {
        return Err(AppError::Forbidden(CommendError::NotHead.key()).into());
    }
    let name = match &user.person_id {
        Some(p) => state.store.person(p).await?.full_name,
        None => user.username.clone(),
    };
    state
        .store
        .approve_commendation_list(&list.id, &user.account_id, &name, st.is_head)
        .await?;
    crate::audit::record(
        &state,
        Some(&user),
        "commendation_approve",
        "commendation_list",
        Some(&list.id),
        Some(&unit.id),
        serde_json::json!({ "period": period.id }),
    )
    .await;
    Ok(Redirect::to(&format!(
        "/units/{}/commendations?period={}&ok=commend.approved",
        unit.id, period.id
    ))
    .into_response())
}

/// `GET /units/{id}/commendations.xlsx?period=`: the list as Excel (the approved list, or the
/// draft for those who may see it).
pub async fn xlsx(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    use danhgia_sheets::TableCell::{Number, Text};
    let unit = visible_unit(&state, &user, &id, Action::ViewResults).await?;
    let page = page_for(&state, &user, unit, q.period.as_deref(), None, None).await?;
    let (Some(list), Some(info)) = (&page.list, &page.info) else {
        return Err(AppError::NotFound.into());
    };
    let ctx = &page.ctx;
    let table = danhgia_sheets::Table {
        sheet: ctx.t("commend.sheet").to_owned(),
        title: format!("{}: {}", ctx.t("commend.title"), page.unit.name),
        subtitle: format!(
            "{}{}",
            super::period_title(&info.period),
            if list.state == ListState::Approved {
                String::new()
            } else {
                format!(" ({})", ctx.t("commend.state.draft"))
            }
        ),
        headers: [
            ctx.t("criteria.tt"),
            ctx.t("staff.full_name"),
            ctx.t("staff.position"),
            ctx.t("eval.leader_total"),
            ctx.t("eval.final_grade"),
            ctx.t("commend.achievement"),
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: page
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                vec![
                    Number((i + 1) as f64),
                    Text(e.full_name.clone()),
                    Text(e.position_title.clone()),
                    e.leader_total
                        .map_or(Text(String::new()), |t| Number(t as f64 / 100.0)),
                    Text(e.grade.clone().unwrap_or_default()),
                    Text(e.achievement.clone()),
                ]
            })
            .collect(),
        total: None,
    };
    let bytes =
        danhgia_sheets::write_table(&table).map_err(|e| AppError::Internal(e.to_string()))?;
    crate::audit::record(
        &state,
        Some(&user),
        "export_commendations",
        "commendation_list",
        Some(&list.id),
        Some(&page.unit.id),
        serde_json::json!({ "period": info.period.id }),
    )
    .await;
    Ok(super::xlsx_download(
        &format!(
            "de-nghi-khen-thuong-{:02}-{}.xlsx",
            info.period.month, info.period.year
        ),
        bytes,
    ))
}
