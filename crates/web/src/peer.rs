//! The 360° round (issue 10; SPEC M6.1–M6.2; Quảng Trị Quy chế 2019 Đ.2.5, Đ.3, Đ.5, Đ.6.1),
//! shared by the pages and the API. The rules are in `danhgia_domain::peer`, the rows in
//! `danhgia_store::repo::peer`.
//!
//! - A tenant evaluates by the leader's decision (Hanoi) or by 360° (Quảng Trị): its setting,
//!   else its preset's method.
//! - Under 360°, once a person has self-assessed, everyone the tree says rates them (Đ.3) scores
//!   the same criteria and comments; each sees only their own ratings until the unit's minutes
//!   are compiled (Đ.2.5: "chỉ có giá trị cho Thủ trưởng trực tiếp tham khảo").
//! - The minutes (biên bản số) are then published in the unit: each person's self score, every
//!   opinion (colleagues' and subordinates' without names except to those who decide), the 360°
//!   mean, the total and the gap (Đ.5.2b, Đ.6.1).
//! - The leader decides with the minutes beside them: the total, or their own figure with a
//!   reason; a flagged gap lets them send the form back for a re-score.

use std::collections::HashMap;
use std::sync::Arc;

use danhgia_domain::access::Action;
use danhgia_domain::criteria::CriteriaSet;
use danhgia_domain::evaluation::{self, Sheet};
use danhgia_domain::peer::{DEFAULT_GAP, Method, Relation};
use danhgia_domain::points::Points;
use danhgia_domain::preset::Preset;
use danhgia_store::{Evaluation, PeerMinutes, PeerRating, PeerResult, PeerSetting, Period, Unit};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::pages::criteria::{DEFAULT_PRESET, catalogue};

/// The tenant's method and gap: its setting, else its preset's method and a 10-point gap.
pub async fn setting_of(state: &AppState, tenant_id: &str) -> Result<PeerSetting, AppError> {
    if let Some(s) = state.store.peer_setting(tenant_id).await? {
        return Ok(s);
    }
    let choices = state.store.rule_choices().await?;
    let key = choices
        .iter()
        .find(|c| c.unit_id == tenant_id && c.block.is_empty())
        .map_or(DEFAULT_PRESET, |c| c.preset.as_str());
    let method = catalogue()?
        .preset(key)
        .map_or(Method::Leader, |p| p.method);
    Ok(PeerSetting {
        method,
        gap: DEFAULT_GAP,
    })
}

/// Whether the period is a 360° round: a month of a tenant that evaluates by 360°. The year's
/// period is built from the months instead (M6.3, D54).
pub async fn is_360(state: &AppState, period: &Period) -> Result<bool, AppError> {
    Ok(!period.is_year() && setting_of(state, &period.tenant_id).await?.method == Method::Peer360)
}

/// Works out who rates whom in the period when nobody has yet (Đ.3): on the first visit of a
/// rating page or the first self-assessment of a 360° period. Pairs an admin added or removed
/// stay as they are; the admin's "update from the tree" adds newcomers.
pub async fn ensure_round(state: &AppState, period: &Period) -> Result<(), AppError> {
    if is_360(state, period).await? && !state.store.peer_round_started(&period.id).await? {
        let added = state.store.start_peer_round(&period.id).await?;
        tracing::info!(period = %period.id, added, "360° round worked out from the tree");
    }
    Ok(())
}

/// The caller's person and the periods of their tenant, with the one asked for (default the
/// newest): where "the ratings I give" are looked for. 403 for an account that is nobody's.
pub async fn my_periods(
    state: &AppState,
    user: &CurrentUser,
    wanted: Option<&str>,
) -> Result<(String, Option<Period>, Vec<Period>), AppError> {
    let me = user
        .person_id
        .clone()
        .ok_or(AppError::Forbidden("peer.err.no_person"))?;
    let person = state.store.person(&me).await?;
    let unit = state.store.unit(&person.unit_id).await?;
    let (period, periods) = crate::pages::evaluations::pick_period(
        state,
        &crate::pages::evaluations::tenant_of(&unit.path),
        wanted,
    )
    .await?;
    Ok((me, period, periods))
}

/// A rating its rater opens: the rating, the criteria set and preset of the form rated, and
/// the rater's and the rated person's sheets.
pub struct OpenRating {
    pub rating: PeerRating,
    pub set: Option<Arc<CriteriaSet>>,
    pub preset: &'static Preset,
    pub sheet: Sheet,
    pub self_sheet: Sheet,
}

impl OpenRating {
    /// Whether the rater may still write it.
    pub fn open(&self) -> bool {
        !self.rating.compiled
            && !self.rating.removed
            && matches!(self.rating.form_status.as_str(), "submitted" | "reviewed")
    }
}

fn sheet_of(text: &str) -> Result<Sheet, AppError> {
    if text.trim().is_empty() {
        return Ok(Sheet::default());
    }
    serde_json::from_str(text).map_err(|e| AppError::Internal(format!("stored sheet: {e}")))
}

/// A rating of the caller's own; anyone else's is 404, as if it did not exist (M1.2).
pub async fn load_rating(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
) -> Result<OpenRating, AppError> {
    let rating = state.store.peer_rating(id).await?;
    if user.person_id.as_deref() != Some(rating.rater_id.as_str()) || rating.removed {
        return Err(AppError::NotFound);
    }
    let form = state.store.evaluation(&rating.evaluation_id).await?;
    let set = match &rating.set_version_id {
        Some(v) => Some(state.store.set_of_version(v).await?),
        None => None,
    };
    let cat = catalogue()?;
    let preset = cat
        .preset(&form.preset)
        .or_else(|| cat.preset(DEFAULT_PRESET))
        .ok_or_else(|| AppError::Internal("no preset".into()))?;
    // A self-assessment still being written is its owner's alone.
    let self_sheet = if rating.form_status == "draft" {
        Sheet::default()
    } else {
        sheet_of(&form.self_sheet)?
    };
    Ok(OpenRating {
        sheet: sheet_of(&rating.sheet)?,
        self_sheet,
        rating,
        set,
        preset,
    })
}

/// Why a rating is refused.
#[derive(Debug)]
pub enum RateError {
    App(AppError),
    /// Scores out of range, by item.
    Scores(Vec<danhgia_domain::scoring::ScoreError>),
    /// Items left unscored.
    Incomplete(Vec<String>),
}

impl From<AppError> for RateError {
    fn from(e: AppError) -> Self {
        RateError::App(e)
    }
}

/// The rater's longest comment, in characters.
pub const MAX_COMMENT: usize = 2000;

/// Saves the caller's rating: every criterion scored within its range, and a comment.
pub async fn rate(
    state: &AppState,
    r: &OpenRating,
    version: i64,
    mut sheet: Sheet,
    comment: &str,
) -> Result<Points, RateError> {
    let set = r
        .set
        .as_ref()
        .ok_or(AppError::Conflict("peer.err.no_set"))?;
    if comment.chars().count() > MAX_COMMENT {
        return Err(AppError::BadRequest("peer.err.comment").into());
    }
    sheet.self_grade = None;
    sheet.half_days = false;
    let g = evaluation::grade(r.preset, set, &sheet).map_err(RateError::Scores)?;
    if !g.missing.is_empty() {
        return Err(RateError::Incomplete(g.missing));
    }
    let json = serde_json::to_string(&sheet).map_err(|e| AppError::Internal(e.to_string()))?;
    state
        .store
        .save_peer_rating(&r.rating.id, version, &json, g.total, comment.trim())
        .await
        .map_err(AppError::from)?;
    Ok(g.total)
}

/// One opinion in the minutes.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Opinion {
    /// The rater's name, or `None` where the caller may not see it.
    pub rater: Option<String>,
    pub relation: Relation,
    pub total: Option<Points>,
    pub comment: String,
}

/// A person's line in the minutes.
#[derive(Debug, Clone)]
pub struct MinutesLine {
    pub form: Evaluation,
    /// The compiled line; `None` before compilation, or for a form not self-assessed.
    pub result: Option<PeerResult>,
    /// Opinions, shown only once the line is compiled.
    pub opinions: Vec<Opinion>,
    /// Ratings given / expected (progress before compilation).
    pub rated: usize,
    pub raters: usize,
}

/// A unit's minutes of a period, as the caller may see them.
pub struct MinutesView {
    pub minutes: Option<PeerMinutes>,
    pub lines: Vec<MinutesLine>,
    /// The caller sees raters' names and the progress before compilation (those who follow
    /// the unit's evaluations and decide).
    pub names: bool,
    /// The caller may compile the minutes.
    pub may_compile: bool,
    /// The caller may adjust who rates whom.
    pub may_adjust: bool,
    /// Every rating of the unit's forms (for the admin's list), removed ones included.
    pub ratings: Vec<PeerRating>,
}

/// What the caller may see of `unit`'s minutes for `period`: everyone in the unit sees the
/// compiled lines (names of colleagues and subordinates hidden), those who follow the unit see
/// names and the progress before compilation; nobody sees a score before (Đ.2.5).
pub async fn minutes(
    state: &AppState,
    user: &CurrentUser,
    unit: &Unit,
    period: &Period,
) -> Result<MinutesView, AppError> {
    let follows = user.scope.allows(Action::FollowEvaluations, &unit.path);
    let may_adjust = user.scope.allows(Action::ManageStaff, &unit.path);
    let compiled = state.store.peer_minutes(&period.id, &unit.id).await?;
    let (minutes, results) = match compiled {
        Some((m, r)) => (Some(m), r),
        None => (None, Vec::new()),
    };
    let results: HashMap<String, PeerResult> = results
        .into_iter()
        .map(|r| (r.evaluation_id.clone(), r))
        .collect();
    let ratings = state
        .store
        .peer_ratings_of_unit(&period.id, &unit.id)
        .await?;
    let forms = state
        .store
        .evaluations_of_unit(&period.id, &unit.id)
        .await?;
    let mut lines = Vec::new();
    for form in forms {
        let mine: Vec<&PeerRating> = ratings
            .iter()
            .filter(|r| r.evaluation_id == form.id && !r.removed)
            .collect();
        let result = results.get(&form.id).cloned();
        let mut opinions: Vec<Opinion> = if result.is_some() {
            mine.iter()
                .filter(|r| r.total.is_some())
                .map(|r| Opinion {
                    rater: (follows || r.relation.named_in_public()).then(|| r.rater_name.clone()),
                    relation: r.relation,
                    total: r.total.map(Points),
                    comment: r.comment.clone(),
                })
                .collect()
        } else {
            Vec::new()
        };
        // By group, then score: never in the order of the raters' names, which would tell
        // who wrote an unnamed opinion.
        opinions.sort_by(|a, b| a.relation.cmp(&b.relation).then(b.total.cmp(&a.total)));
        // Before the minutes, only those who follow the unit see how far the rating has got.
        let (rated, raters) = if follows {
            (
                mine.iter().filter(|r| r.total.is_some()).count(),
                mine.len(),
            )
        } else {
            (0, 0)
        };
        lines.push(MinutesLine {
            rated,
            raters,
            form,
            result,
            opinions,
        });
    }
    Ok(MinutesView {
        minutes,
        lines,
        names: follows,
        may_compile: follows,
        ratings: if may_adjust { ratings } else { Vec::new() },
        may_adjust,
    })
}

/// Compiles the unit's minutes (those who follow the unit's evaluations: its leaders, the
/// aggregator, the admins). Returns how many lines were written.
pub async fn compile(
    state: &AppState,
    user: &CurrentUser,
    unit: &Unit,
    period: &Period,
) -> Result<usize, AppError> {
    if !user.scope.allows(Action::FollowEvaluations, &unit.path) {
        return Err(AppError::Forbidden("err.forbidden"));
    }
    if !is_360(state, period).await? {
        return Err(AppError::Conflict("peer.err.not_360"));
    }
    let setting = setting_of(state, &period.tenant_id).await?;
    let (minutes, lines) = state
        .store
        .compile_peer_minutes(
            &period.id,
            &unit.id,
            setting.gap,
            Some(&user.account_id),
            &user.username,
        )
        .await?;
    crate::audit::record(
        state,
        Some(user),
        "peer_minutes_compile",
        "peer_minutes",
        Some(&minutes.id),
        Some(&unit.id),
        serde_json::json!({"period": period.label(), "lines": lines}),
    )
    .await;
    Ok(lines)
}
