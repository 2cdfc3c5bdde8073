//! Criteria sets and rule presets (issue 4, M3): the list of sets, a set as the printed form,
//! copy and edit (each save a new version), which set each position gets (unit admins, in
//! scope), the form a given person will get with a trial scoring, and the preset per tenant
//! or block (system admins).

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use danhgia_domain::access::Action;
use danhgia_domain::catalogue::Catalogue;
use danhgia_domain::criteria::{self, CriteriaSet, Field, Place, SectionKind};
use danhgia_domain::grade::Grade;
use danhgia_domain::org::Block;
use danhgia_domain::points::Points;
use danhgia_domain::preset::{Facts, Outcome, Preset};
use danhgia_domain::scoring::{self, Entries, Entry};
use danhgia_store::{Person, PositionGroup, ResolvedBy, SetRow, SetVersion, StoreError, Unit};
use serde::Deserialize;

use super::{Ctx, Flash, Opt, render, visible_person, visible_unit};
use crate::AppState;
use crate::auth::{CurrentUser, PageUser};
use crate::error::{AppError, PageError};

pub use danhgia_domain::catalogue::DEFAULT_PRESET;

/// The shipped catalogue; a binary whose data does not load is a build error caught by tests.
pub fn catalogue() -> Result<&'static Catalogue, AppError> {
    Catalogue::get().map_err(|e| AppError::Internal(format!("criteria catalogue: {e:?}")))
}

/// How a person's set was chosen, for the preview page.
pub enum Why {
    Override { unit_name: String, title: String },
    Rule { note: String, line: usize },
    Nothing,
}

/// The preset and set that apply to a person at `unit`.
pub struct Resolved {
    pub preset: &'static Preset,
    pub set_key: Option<String>,
    pub why: Why,
}

/// Resolves the set of every position group, with the overrides that reach them.
async fn resolve_groups(
    state: &AppState,
    path: &str,
    groups: &[PositionGroup],
) -> Result<Vec<Resolved>, AppError> {
    let resolutions = state.store.resolve_sets(path, groups).await?;
    let rows = state.store.criteria_overrides(path).await?;
    Ok(resolutions
        .into_iter()
        .map(|r| Resolved {
            preset: r.preset,
            set_key: r.set_key,
            why: match r.by {
                ResolvedBy::Override { unit_path, title } => Why::Override {
                    unit_name: rows
                        .iter()
                        .find(|o| o.unit_path == unit_path)
                        .map(|o| o.unit_name.clone())
                        .unwrap_or_default(),
                    title,
                },
                ResolvedBy::Rule { note, line } => Why::Rule { note, line },
                ResolvedBy::Nothing => Why::Nothing,
            },
        })
        .collect())
}

/// The set a person gets (issue 4: "preview the form a given person will get").
pub async fn resolve_person(
    state: &AppState,
    person: &Person,
    unit: &Unit,
) -> Result<Resolved, AppError> {
    let group = PositionGroup {
        unit_id: unit.id.clone(),
        unit_path: unit.path.clone(),
        unit_name: unit.name.clone(),
        kind: unit.kind,
        level: unit.level,
        block: unit.block,
        position_title: person.position_title.clone(),
        rank: person.rank,
        employment: person.employment,
        people: 1,
    };
    let mut r = resolve_groups(state, &unit.path, std::slice::from_ref(&group)).await?;
    r.pop()
        .ok_or_else(|| AppError::Internal("no resolution".into()))
}

fn may_manage_rules(user: &CurrentUser) -> bool {
    user.scope
        .roots_for(Action::ManageRules)
        .0
        .iter()
        .any(|p| danhgia_domain::org::depth(p) == 1)
}

fn require_rules_admin(user: &CurrentUser) -> Result<(), AppError> {
    if may_manage_rules(user) {
        Ok(())
    } else {
        Err(AppError::Forbidden("err.forbidden"))
    }
}

// ---- list -----------------------------------------------------------------------------------

pub struct SetLine {
    pub row: SetRow,
    pub confirm: bool,
}

pub struct PresetGroup {
    pub preset: &'static Preset,
    pub sets: Vec<SetLine>,
}

#[derive(Template)]
#[template(path = "criteria_list.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub groups: Vec<PresetGroup>,
    pub can_manage: bool,
}

/// `GET /criteria`
pub async fn list(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Query(flash): Query<Flash>,
) -> Result<Response, PageError> {
    let cat = catalogue()?;
    let rows = state.store.criteria_sets().await?;
    let mut groups: Vec<PresetGroup> = cat
        .presets
        .iter()
        .map(|p| PresetGroup {
            preset: p,
            sets: Vec::new(),
        })
        .collect();
    for row in rows {
        // A shipped set's current version is the catalogue's; a copy has its own text (which
        // keeps the original's "to confirm" marks until an admin removes them).
        let confirm = if row.shipped {
            cat.set(&row.key)
                .is_some_and(CriteriaSet::needs_confirmation)
        } else {
            state
                .store
                .set_version(&row, None)
                .await?
                .set()?
                .needs_confirmation()
        };
        if let Some(g) = groups.iter_mut().find(|g| g.preset.key == row.preset) {
            g.sets.push(SetLine { row, confirm });
        }
    }
    Ok(render(&ListPage {
        ctx: Ctx::for_user(&user).with_flash(flash.ok.as_deref()),
        groups,
        can_manage: may_manage_rules(&user),
    }))
}

// ---- one set as printed ---------------------------------------------------------------------

/// A set ready to print: the form, and (on a person's preview) whose it is.
pub struct FormView {
    pub set: CriteriaSet,
    pub person: Option<(String, String, String)>,
}

impl FormView {
    pub fn kind_key(kind: &SectionKind) -> &'static str {
        match kind {
            SectionKind::Criteria => "criteria.kind.criteria",
            SectionKind::Result => "criteria.kind.result",
            SectionKind::Bonus => "criteria.kind.bonus",
            SectionKind::Deduction => "criteria.kind.deduction",
        }
    }
}

#[derive(Template)]
#[template(path = "criteria_set.html")]
pub struct SetPage {
    pub ctx: Ctx,
    pub row: SetRow,
    pub version: SetVersion,
    pub versions: Vec<SetVersion>,
    pub form: FormView,
    pub can_manage: bool,
    pub copy_key: String,
    pub copy_title: String,
    pub copy_errors: HashMap<&'static str, &'static str>,
}

#[derive(Debug, Deserialize)]
pub struct VersionQuery {
    pub v: Option<i64>,
    pub ok: Option<String>,
}

async fn set_page(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
    v: Option<i64>,
) -> Result<SetPage, AppError> {
    let row = state.store.criteria_set(key).await?;
    let version = state.store.set_version(&row, v).await?;
    let set = version.set()?;
    let versions = state.store.set_versions(&row.id).await?;
    Ok(SetPage {
        ctx: Ctx::for_user(user),
        copy_key: format!("{}-ban-sao", row.key),
        copy_title: set.title.clone(),
        row,
        version,
        versions,
        form: FormView { set, person: None },
        can_manage: may_manage_rules(user),
        copy_errors: HashMap::new(),
    })
}

/// `GET /criteria/{key}?v=N`
pub async fn show(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(key): Path<String>,
    Query(q): Query<VersionQuery>,
) -> Result<Response, PageError> {
    let mut page = set_page(&state, &user, &key, q.v).await?;
    page.ctx = page.ctx.with_flash(q.ok.as_deref());
    Ok(render(&page))
}

#[derive(Debug, Deserialize)]
pub struct CopyForm {
    pub csrf: String,
    pub key: String,
    pub title: String,
}

/// `POST /criteria/{key}/copy` — system admin: a new editable set from the current version.
pub async fn copy(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(key): Path<String>,
    Form(f): Form<CopyForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    require_rules_admin(&user)?;
    let mut page = set_page(&state, &user, &key, None).await?;
    let new_key = f.key.trim().to_lowercase();
    let title = danhgia_domain::text::clean(&f.title);
    let mut errors = HashMap::new();
    if !criteria::is_valid_key(&new_key) {
        errors.insert("key", "criteria.err.key");
    }
    if title.is_empty() {
        errors.insert("title", "err.required");
    }
    if errors.is_empty() {
        let mut set = page.form.set.clone();
        set.key.clone_from(&new_key);
        set.title.clone_from(&title);
        match state
            .store
            .copy_set(&page.row, &set, &user.account_id)
            .await
        {
            Ok(_) => {
                crate::audit::record(
                    &state,
                    Some(&user),
                    "criteria_copy",
                    "criteria_set",
                    Some(&new_key),
                    None,
                    serde_json::json!({ "from": key, "title": title }),
                )
                .await;
                return Ok(
                    Redirect::to(&format!("/criteria/{new_key}/edit?ok=criteria.copied"))
                        .into_response(),
                );
            }
            Err(StoreError::Duplicate(_)) => {
                errors.insert("key", "criteria.err.key_taken");
            }
            Err(e) => return Err(e.into()),
        }
    }
    page.copy_key = f.key;
    page.copy_title = f.title;
    page.copy_errors = errors;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
}

// ---- edit -----------------------------------------------------------------------------------

/// A message next to a field: the catalogue key and the detail (numbers, codes).
pub type FieldMessages = HashMap<String, (&'static str, String)>;

#[derive(Template)]
#[template(path = "criteria_edit.html")]
pub struct EditPage {
    pub ctx: Ctx,
    pub row: SetRow,
    /// The version the editor started from (optimistic check).
    pub base_version: i64,
    pub set: CriteriaSet,
    /// What was typed, by field name, to show back on error.
    pub typed: HashMap<String, String>,
    pub errors: FieldMessages,
    pub source: String,
    pub source_errors: Vec<criteria::SetError>,
    pub note: String,
    pub conflict: bool,
}

impl EditPage {
    pub fn typed(&self, name: &str, fallback: &str) -> String {
        self.typed
            .get(name)
            .cloned()
            .unwrap_or_else(|| fallback.to_owned())
    }
    pub fn err(&self, name: &str) -> Option<String> {
        self.errors.get(name).map(|(k, d)| message(&self.ctx, k, d))
    }
    pub fn grades(&self) -> &'static [Grade] {
        Grade::ALL
    }
    pub fn knockout_is(&self, c: &criteria::Criterion, g: &Grade) -> bool {
        c.knockout == Some(*g)
    }
}

fn message(ctx: &Ctx, key: &str, detail: &str) -> String {
    if detail.is_empty() {
        ctx.t(key).to_owned()
    } else {
        format!("{} ({detail})", ctx.t(key))
    }
}

async fn editable(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
) -> Result<(SetRow, SetVersion), AppError> {
    require_rules_admin(user)?;
    let row = state.store.criteria_set(key).await?;
    if row.shipped {
        return Err(AppError::Forbidden("criteria.err.shipped"));
    }
    let version = state.store.set_version(&row, None).await?;
    Ok((row, version))
}

fn edit_page(user: &CurrentUser, row: SetRow, version: &SetVersion, set: CriteriaSet) -> EditPage {
    EditPage {
        ctx: Ctx::for_user(user),
        base_version: row.current_version,
        row,
        source: version.body.clone(),
        set,
        typed: HashMap::new(),
        errors: HashMap::new(),
        source_errors: Vec::new(),
        note: String::new(),
        conflict: false,
    }
}

/// `GET /criteria/{key}/edit`
pub async fn edit_form(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(key): Path<String>,
    Query(flash): Query<Flash>,
) -> Result<Response, PageError> {
    let (row, version) = editable(&state, &user, &key).await?;
    let set = version.set()?;
    let mut page = edit_page(&user, row, &version, set);
    page.ctx = page.ctx.with_flash(flash.ok.as_deref());
    Ok(render(&page))
}

/// Applies the form's fields to `set`; every unreadable number is reported by field name.
fn apply_form(set: &mut CriteriaSet, typed: &HashMap<String, String>, errors: &mut FieldMessages) {
    let text = |name: &str| typed.get(name).map(|v| danhgia_domain::text::clean(v));
    let points = |name: String, errors: &mut FieldMessages| -> Option<Points> {
        let raw = typed.get(&name)?;
        match Points::parse(raw).filter(|p| *p >= Points::ZERO) {
            Some(p) => Some(p),
            None => {
                errors.insert(name, ("criteria.err.number", raw.clone()));
                None
            }
        }
    };
    if let Some(t) = text("title") {
        set.title = t;
    }
    if let Some(t) = text("applies_to") {
        set.applies_to = t;
    }
    for (i, sec) in set.sections.iter_mut().enumerate() {
        if let Some(t) = text(&format!("s{i}_title")) {
            sec.title = t;
        }
        if let Some(g) = typed.get(&format!("s{i}_guidance")) {
            sec.guidance = g.trim().replace("\r\n", "\n");
        }
        if let Some(p) = points(format!("s{i}_max"), errors) {
            sec.max = p;
        }
        for (j, c) in sec.criteria.iter_mut().enumerate() {
            if let Some(t) = text(&format!("c{i}_{j}_title")) {
                c.title = t;
            }
            if let Some(g) = typed.get(&format!("c{i}_{j}_guidance")) {
                c.guidance = g.trim().replace("\r\n", "\n");
            }
            if let Some(p) = points(format!("c{i}_{j}_max"), errors) {
                c.max = p;
            }
            if let Some(k) = typed.get(&format!("c{i}_{j}_knockout")) {
                c.knockout = Grade::parse(k);
            }
            if sec.kind != SectionKind::Deduction
                && typed.contains_key(&format!("c{i}_{j}_present"))
            {
                c.reason_required = typed.contains_key(&format!("c{i}_{j}_reason"));
            }
        }
    }
}

/// The form field a structural issue belongs to.
fn field_of(place: Place) -> String {
    match place {
        Place::Scale => "scale".to_owned(),
        Place::Section(i, Field::Title) => format!("s{i}_title"),
        Place::Section(i, _) => format!("s{i}_max"),
        Place::Criterion(i, j, Field::Title) => format!("c{i}_{j}_title"),
        Place::Criterion(i, j, Field::Knockout) => format!("c{i}_{j}_knockout"),
        Place::Criterion(i, j, _) => format!("c{i}_{j}_max"),
    }
}

/// Saves an edit as a new version, records it and answers the redirect to the set; `None`
/// when someone saved a newer version meanwhile (the editor shows "changed" and keeps the input).
async fn save_version(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
    expected: i64,
    set: &CriteriaSet,
    note: &str,
) -> Result<Option<Response>, AppError> {
    match state
        .store
        .save_set_version(key, expected, set, note, &user.account_id)
        .await
    {
        Ok(n) => {
            crate::audit::record(
                state,
                Some(user),
                "criteria_edit",
                "criteria_set",
                Some(key),
                None,
                serde_json::json!({ "version": n, "note": note }),
            )
            .await;
            Ok(Some(
                Redirect::to(&format!("/criteria/{key}?ok=criteria.saved")).into_response(),
            ))
        }
        Err(StoreError::Refused("set_changed")) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The editor again after a refused save: 409 when the set moved on, else 422.
fn refused(page: EditPage) -> Response {
    let status = if page.conflict {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    (status, render(&page)).into_response()
}

/// `POST /criteria/{key}/edit` — the structured editor: texts and points of the existing
/// sections and criteria. Saved as a new version; old versions stay as they were.
pub async fn update(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(key): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let typed: HashMap<String, String> = fields.into_iter().collect();
    user.check_csrf(typed.get("csrf").map_or("", String::as_str))?;
    let (row, version) = editable(&state, &user, &key).await?;
    let mut set = version.set()?;
    let mut errors = FieldMessages::new();
    apply_form(&mut set, &typed, &mut errors);
    if set.title.is_empty() {
        errors.insert("title".into(), ("err.required", String::new()));
    }
    if errors.is_empty() {
        for issue in criteria::check(&set) {
            errors
                .entry(field_of(issue.place))
                .or_insert((issue.key, issue.detail));
        }
    }
    let expected = typed
        .get("version")
        .and_then(|v| v.parse::<i64>().ok())
        .unwrap_or(-1);
    let note = danhgia_domain::text::clean(typed.get("note").map_or("", String::as_str));
    let mut conflict = false;
    if errors.is_empty() {
        match save_version(&state, &user, &key, expected, &set, &note).await? {
            Some(done) => return Ok(done),
            None => conflict = true,
        }
    }
    let mut page = edit_page(&user, row, &version, set);
    page.base_version = expected;
    page.typed = typed;
    page.errors = errors;
    page.note = note;
    page.conflict = conflict;
    Ok(refused(page))
}

#[derive(Debug, Deserialize)]
pub struct SourceForm {
    pub csrf: String,
    pub version: i64,
    pub note: String,
    pub body: String,
}

/// `POST /criteria/{key}/source` — the full text, for adding or removing sections and
/// criteria; every problem is listed with its line. The key and preset stay the set's own.
pub async fn update_source(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(key): Path<String>,
    Form(f): Form<SourceForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let (row, version) = editable(&state, &user, &key).await?;
    let note = danhgia_domain::text::clean(&f.note);
    let mut conflict = false;
    let parsed = criteria::parse(&format!("{key}.toml"), &f.body).map(|mut s| {
        s.key.clone_from(&row.key);
        s.preset.clone_from(&row.preset);
        s
    });
    let source_errors = match parsed {
        Ok(set) => match save_version(&state, &user, &key, f.version, &set, &note).await? {
            Some(done) => return Ok(done),
            None => {
                conflict = true;
                Vec::new()
            }
        },
        Err(errs) => errs,
    };
    let set = version.set()?;
    let mut page = edit_page(&user, row, &version, set);
    page.source = f.body;
    page.source_errors = source_errors;
    page.base_version = f.version;
    page.note = note;
    page.conflict = conflict;
    Ok(refused(page))
}

// ---- which set each position gets ------------------------------------------------------------

pub struct AssignLine {
    pub group: PositionGroup,
    pub set_key: Option<String>,
    pub set_title: String,
    pub why: Why,
}

#[derive(Template)]
#[template(path = "criteria_assign.html")]
pub struct AssignPage {
    pub ctx: Ctx,
    pub unit: Unit,
    pub lines: Vec<AssignLine>,
    pub overrides: Vec<danhgia_store::OverrideRow>,
    pub titles: Vec<String>,
    pub sets: Vec<Opt>,
    pub error: Option<&'static str>,
    pub typed_title: String,
}

async fn assign_page(
    state: &AppState,
    user: &CurrentUser,
    unit: Unit,
) -> Result<AssignPage, AppError> {
    let groups = state.store.positions_in(&unit.path).await?;
    let resolved = resolve_groups(state, &unit.path, &groups).await?;
    let rows = state.store.criteria_sets().await?;
    let title_of = |k: &str| {
        rows.iter()
            .find(|r| r.key == k)
            .map(|r| r.title.clone())
            .unwrap_or_default()
    };
    let mut titles: Vec<String> = groups.iter().map(|g| g.position_title.clone()).collect();
    titles.sort_by_key(|t| danhgia_domain::text::sort_key(t));
    titles.dedup();
    let overrides = state.store.criteria_overrides(&unit.path).await?;
    let lines = groups
        .into_iter()
        .zip(resolved)
        .map(|(group, r)| AssignLine {
            set_title: r.set_key.as_deref().map(title_of).unwrap_or_default(),
            set_key: r.set_key,
            why: r.why,
            group,
        })
        .collect();
    let sets = rows
        .iter()
        .map(|r| Opt {
            value: r.key.clone(),
            label: format!("{} — {}", r.key, r.title),
            selected: false,
        })
        .collect();
    Ok(AssignPage {
        ctx: Ctx::for_user(user),
        unit,
        lines,
        overrides,
        titles,
        sets,
        error: None,
        typed_title: String::new(),
    })
}

/// `GET /units/{id}/criteria` — unit admin: each position of the subtree, its set and why.
pub async fn assignments(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(flash): Query<Flash>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::AssignCriteria).await?;
    let mut page = assign_page(&state, &user, unit).await?;
    page.ctx = page.ctx.with_flash(flash.ok.as_deref());
    Ok(render(&page))
}

#[derive(Debug, Deserialize)]
pub struct AssignForm {
    pub csrf: String,
    pub title: String,
    /// Empty: remove this unit's override (back to the shipped mapping).
    pub set: String,
}

/// `POST /units/{id}/criteria` — in this unit's subtree, people titled `title` get `set`.
pub async fn assign(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<AssignForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let unit = visible_unit(&state, &user, &id, Action::AssignCriteria).await?;
    let title = danhgia_domain::text::clean(&f.title);
    let set = f.set.trim();
    let error = if title.is_empty() {
        Some("criteria.err.title_required")
    } else {
        match state
            .store
            .set_override(
                &unit.id,
                &title,
                (!set.is_empty()).then_some(set),
                &user.account_id,
            )
            .await
        {
            Ok(()) => None,
            Err(StoreError::Refused("unknown_set")) => Some("criteria.err.unknown_set"),
            Err(e) => return Err(e.into()),
        }
    };
    if error.is_none() {
        crate::audit::record(
            &state,
            Some(&user),
            "criteria_assign",
            "unit",
            Some(&unit.id),
            Some(&unit.id),
            serde_json::json!({ "title": title, "set": set }),
        )
        .await;
        return Ok(
            Redirect::to(&format!("/units/{}/criteria?ok=criteria.assigned", unit.id))
                .into_response(),
        );
    }
    let mut page = assign_page(&state, &user, unit).await?;
    page.error = error;
    page.typed_title = f.title;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
}

// ---- the form a person gets, with a trial scoring --------------------------------------------

/// The outcome of a trial scoring.
pub struct Trial {
    pub total: Points,
    pub grade: Option<Grade>,
    pub reasons: Vec<&'static str>,
    pub missing: usize,
}

#[derive(Template)]
#[template(path = "criteria_person.html")]
pub struct PersonPage {
    pub ctx: Ctx,
    pub person: Person,
    pub unit: Unit,
    pub preset: &'static Preset,
    pub why: Why,
    pub set: Option<(SetRow, SetVersion)>,
    pub form: Option<FormView>,
    pub typed: HashMap<String, String>,
    pub errors: FieldMessages,
    pub trial: Option<Trial>,
}

impl PersonPage {
    pub fn typed(&self, name: &str) -> String {
        self.typed.get(name).cloned().unwrap_or_default()
    }
    pub fn err(&self, name: &str) -> Option<String> {
        self.errors.get(name).map(|(k, d)| message(&self.ctx, k, d))
    }
}

async fn person_page(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
) -> Result<PersonPage, AppError> {
    let (person, unit) = visible_person(state, user, id, Action::ViewStaff).await?;
    let r = resolve_person(state, &person, &unit).await?;
    let (set, form) = match &r.set_key {
        Some(k) => {
            let row = state.store.criteria_set(k).await?;
            let v = state.store.set_version(&row, None).await?;
            let f = FormView {
                set: v.set()?,
                person: Some((
                    person.full_name.clone(),
                    person.position_title.clone(),
                    unit.name.clone(),
                )),
            };
            (Some((row, v)), Some(f))
        }
        None => (None, None),
    };
    Ok(PersonPage {
        ctx: Ctx::for_user(user),
        person,
        unit,
        preset: r.preset,
        why: r.why,
        set,
        form,
        typed: HashMap::new(),
        errors: HashMap::new(),
        trial: None,
    })
}

/// `GET /staff/{id}/criteria` — the form this person will get, and why.
pub async fn person(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    Ok(render(&person_page(&state, &user, &id).await?))
}

/// `POST /staff/{id}/criteria` — a trial scoring of the form: totals, grade and every problem
/// next to its item. Nothing is stored (the monthly form of issue 5 stores scores).
pub async fn try_scores(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let typed: HashMap<String, String> = fields.into_iter().collect();
    user.check_csrf(typed.get("csrf").map_or("", String::as_str))?;
    let mut page = person_page(&state, &user, &id).await?;
    let Some(form) = &page.form else {
        return Err(AppError::BadRequest("criteria.err.no_set").into());
    };
    let mut entries = Entries::new();
    let mut errors = FieldMessages::new();
    for (name, raw) in &typed {
        let Some(item) = name.strip_prefix("score_") else {
            continue;
        };
        if raw.trim().is_empty() {
            continue;
        }
        match Points::parse(raw) {
            Some(p) => {
                let reason = typed
                    .get(&format!("reason_{item}"))
                    .cloned()
                    .unwrap_or_default();
                entries.insert(item.to_owned(), Entry { points: p, reason });
            }
            None => {
                errors.insert(item.to_owned(), ("criteria.err.number", raw.clone()));
            }
        }
    }
    let mut status = StatusCode::OK;
    if errors.is_empty() {
        match scoring::score(&form.set, &entries) {
            Ok(s) => {
                let facts = Facts {
                    total: s.total,
                    knockout: s.knockout,
                    any_criterion_zero: s.any_criterion_zero,
                    worked_half_or_less: typed.contains_key("half_days"),
                    self_declared: typed.get("self_grade").and_then(|g| Grade::parse(g)),
                    ..Facts::default()
                };
                let outcome = page.preset.grade(&facts);
                let (grade, reasons) = match outcome {
                    Outcome::Graded { grade, reasons } => {
                        (Some(grade), reasons.iter().map(|r| r.key()).collect())
                    }
                    Outcome::NotGraded => (None, vec!["grade.why.not_graded"]),
                };
                page.trial = Some(Trial {
                    total: s.total,
                    grade,
                    reasons,
                    missing: s.missing.len(),
                });
            }
            Err(errs) => {
                for e in errs {
                    let detail = e.limit.map(Points::vi).unwrap_or_default();
                    errors.insert(e.item, (e.key, detail));
                }
            }
        }
    }
    if !errors.is_empty() {
        status = StatusCode::UNPROCESSABLE_ENTITY;
    }
    page.typed = typed;
    page.errors = errors;
    Ok((status, render(&page)).into_response())
}

// ---- rule presets per tenant and block --------------------------------------------------------

pub struct TenantLine {
    pub unit: Unit,
    /// (block code, chosen preset or "" for "as the tenant")
    pub blocks: Vec<(Block, String)>,
    pub tenant: String,
    /// How the tenant evaluates (issue 10 §1) and the 360° gap, as `12.5`.
    pub method: danhgia_domain::peer::Method,
    pub gap: String,
}

#[derive(Template)]
#[template(path = "rules_settings.html")]
pub struct RulesPage {
    pub ctx: Ctx,
    pub tenants: Vec<TenantLine>,
    pub presets: &'static [Preset],
    pub default_preset: &'static str,
}

impl RulesPage {
    pub fn methods(&self) -> &'static [danhgia_domain::peer::Method] {
        danhgia_domain::peer::Method::ALL
    }
}

/// `GET /settings/rules` — system admin: the preset of each tenant in scope, and per block.
pub async fn rules(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Query(flash): Query<Flash>,
) -> Result<Response, PageError> {
    require_rules_admin(&user)?;
    let choices = state.store.rule_choices().await?;
    let roots: Vec<String> = user
        .scope
        .roots_for(Action::ManageRules)
        .0
        .into_iter()
        .filter(|p| danhgia_domain::org::depth(p) == 1)
        .collect();
    let mut tenants = Vec::new();
    for u in state.store.units_in_scope(&roots, &[]).await? {
        if u.parent_id.is_some() {
            continue;
        }
        let pick = |b: &str| {
            choices
                .iter()
                .find(|c| c.unit_id == u.id && c.block == b)
                .map(|c| c.preset.clone())
                .unwrap_or_default()
        };
        let peer = crate::peer::setting_of(&state, &u.id).await?;
        tenants.push(TenantLine {
            method: peer.method,
            gap: peer.gap.vi(),
            blocks: Block::ALL.iter().map(|b| (*b, pick(b.as_str()))).collect(),
            tenant: pick(""),
            unit: u,
        });
    }
    Ok(render(&RulesPage {
        ctx: Ctx::for_user(&user).with_flash(flash.ok.as_deref()),
        tenants,
        presets: &catalogue()?.presets,
        default_preset: DEFAULT_PRESET,
    }))
}

#[derive(Debug, Deserialize)]
pub struct PeerForm {
    pub csrf: String,
    pub unit: String,
    pub method: String,
    pub gap: String,
}

/// `POST /settings/peer` — system admin: how the tenant evaluates (issue 10 §1: the leader
/// decides, or 360°) and the gap between the self score and the 360° score above which a form
/// is flagged (Quảng Trị Đ.6.1).
pub async fn set_peer(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Form(f): Form<PeerForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let unit = visible_unit(&state, &user, &f.unit, Action::ManageRules).await?;
    if unit.parent_id.is_some() {
        return Err(AppError::BadRequest("criteria.err.not_tenant").into());
    }
    let method = danhgia_domain::peer::Method::parse(&f.method)
        .ok_or(AppError::BadRequest("peer.err.method"))?;
    let gap = Points::parse(&f.gap)
        .filter(|g| *g >= Points::ZERO && *g <= Points::whole(100))
        .ok_or(AppError::BadRequest("peer.err.gap"))?;
    state
        .store
        .set_peer_setting(
            &unit.id,
            danhgia_store::PeerSetting { method, gap },
            Some(&user.account_id),
        )
        .await?;
    crate::audit::record(
        &state,
        Some(&user),
        "peer_setting",
        "unit",
        Some(&unit.id),
        Some(&unit.id),
        serde_json::json!({ "method": method.as_str(), "gap": gap }),
    )
    .await;
    Ok(Redirect::to("/settings/rules?ok=peer.ok.setting").into_response())
}

#[derive(Debug, Deserialize)]
pub struct RulesForm {
    pub csrf: String,
    pub unit: String,
    /// `""` for the whole tenant, else a block code.
    pub block: String,
    pub preset: String,
}

/// `POST /settings/rules`
pub async fn set_rules(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Form(f): Form<RulesForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let unit = visible_unit(&state, &user, &f.unit, Action::ManageRules).await?;
    if unit.parent_id.is_some() {
        return Err(AppError::BadRequest("criteria.err.not_tenant").into());
    }
    if !(f.block.is_empty() || Block::parse(&f.block).is_some()) {
        return Err(AppError::BadRequest("criteria.err.block").into());
    }
    if catalogue()?.preset(&f.preset).is_none() {
        return Err(AppError::BadRequest("criteria.err.preset").into());
    }
    state
        .store
        .set_rule_choice(&unit.id, &f.block, &f.preset, &user.account_id)
        .await?;
    crate::audit::record(
        &state,
        Some(&user),
        "rules_preset",
        "unit",
        Some(&unit.id),
        Some(&unit.id),
        serde_json::json!({ "block": f.block, "preset": f.preset }),
    )
    .await;
    Ok(Redirect::to("/settings/rules?ok=criteria.preset_saved").into_response())
}
