//! The organisation tree and a unit's pages (M1.1–M1.3): browse, create, edit, move,
//! dissolve, cohorts.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use danhgia_domain::access::{Action, Role};
use danhgia_domain::evaluators::{self, Holder};
use danhgia_domain::org::{Block, UnitKind, UnitLevel};
use danhgia_domain::validate::{self, FieldErrors};
use danhgia_store::{Cohort, NewUnit, Person, RoleGrant, Unit, UnitUpdate};
use serde::Deserialize;

use super::{Ctx, Errors, Flash, Opt, enum_options, render, visible_unit};
use crate::AppState;
use crate::auth::{CurrentUser, PageUser};
use crate::error::{AppError, PageError};

/// One line of the tree, in pre-order; `closes` is how many open branches end after it.
pub struct TreeRow {
    pub unit: Unit,
    pub staff: i64,
    pub has_children: bool,
    pub open: bool,
    pub closes: usize,
}

#[derive(Template)]
#[template(path = "units.html")]
pub struct TreePage {
    pub ctx: Ctx,
    pub rows: Vec<TreeRow>,
}

/// Units visible to the user, as pre-order rows with their staff counts.
pub async fn visible_tree(state: &AppState, user: &CurrentUser) -> Result<Vec<TreeRow>, AppError> {
    let (subtrees, singles) = user.scope.roots_for(Action::ViewUnit);
    let units = state.store.units_in_scope(&subtrees, &singles).await?;
    let counts: HashMap<String, i64> = state
        .store
        .staff_counts(&subtrees, &singles)
        .await?
        .into_iter()
        .collect();
    let ids: std::collections::HashSet<&str> = units.iter().map(|u| u.id.as_str()).collect();
    let mut children: HashMap<Option<&str>, Vec<&Unit>> = HashMap::new();
    for u in &units {
        let parent = u.parent_id.as_deref().filter(|p| ids.contains(p));
        children.entry(parent).or_default().push(u);
    }
    for list in children.values_mut() {
        list.sort_by(|a, b| a.name_sort.cmp(&b.name_sort));
    }
    fn visit(
        u: &Unit,
        depth: usize,
        children: &HashMap<Option<&str>, Vec<&Unit>>,
        counts: &HashMap<String, i64>,
        rows: &mut Vec<TreeRow>,
    ) {
        let kids = children.get(&Some(u.id.as_str()));
        rows.push(TreeRow {
            unit: u.clone(),
            staff: counts.get(&u.id).copied().unwrap_or(0),
            has_children: kids.is_some(),
            open: depth < 1,
            closes: 0,
        });
        if let Some(kids) = kids {
            for k in kids {
                visit(k, depth + 1, children, counts, rows);
            }
            if let Some(last) = rows.last_mut() {
                last.closes += 1;
            }
        }
    }
    let mut rows = Vec::with_capacity(units.len());
    for root in children.get(&None).map(Vec::as_slice).unwrap_or_default() {
        visit(root, 0, &children, &counts, &mut rows);
    }
    Ok(rows)
}

/// `GET /units`
pub async fn tree(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Query(flash): Query<Flash>,
) -> Result<Response, PageError> {
    let rows = visible_tree(&state, &user).await?;
    Ok(render(&TreePage {
        ctx: Ctx::for_user(&user).with_flash(flash.ok.as_deref()),
        rows,
    }))
}

/// A staff line on the unit page, with the resolved reviewer and evaluator names.
pub struct StaffRow {
    pub person: Person,
    pub reviewer: Option<String>,
    pub evaluator: Option<String>,
}

#[derive(Template)]
#[template(path = "unit.html")]
pub struct UnitPage {
    pub ctx: Ctx,
    pub unit: Unit,
    pub breadcrumb: Vec<Unit>,
    pub children: Vec<Unit>,
    pub staff: Option<Vec<StaffRow>>,
    pub cohorts: Vec<Cohort>,
    pub grants: Option<Vec<(RoleGrant, String)>>,
    pub can_edit: bool,
    pub can_manage_staff: bool,
    pub errors: Errors,
    pub cohort_name: String,
}

/// Resolves each person's reviewer and evaluator: set per person, else derived (M2.3).
pub async fn staff_rows(
    state: &AppState,
    unit: &Unit,
    people: Vec<Person>,
) -> Result<Vec<StaffRow>, AppError> {
    let parent_people = match &unit.parent_id {
        Some(p) => state.store.people_in_unit(p).await?,
        None => Vec::new(),
    };
    let holders = |ps: &[Person]| -> Vec<(String, danhgia_domain::people::PositionRank)> {
        ps.iter().map(|p| (p.id.clone(), p.rank)).collect()
    };
    let (own, parent) = (holders(&people), holders(&parent_people));
    let own_h: Vec<Holder<'_>> = own
        .iter()
        .map(|(id, r)| Holder {
            person_id: id,
            rank: *r,
        })
        .collect();
    let parent_h: Vec<Holder<'_>> = parent
        .iter()
        .map(|(id, r)| Holder {
            person_id: id,
            rank: *r,
        })
        .collect();
    let mut names: HashMap<String, String> = people
        .iter()
        .chain(parent_people.iter())
        .map(|p| (p.id.clone(), p.full_name.clone()))
        .collect();
    let mut rows = Vec::with_capacity(people.len());
    for p in &people {
        let derived = evaluators::derive(
            &Holder {
                person_id: &p.id,
                rank: p.rank,
            },
            &own_h,
            &parent_h,
        );
        let a = evaluators::resolve(derived, p.reviewer_id.as_deref(), p.evaluator_id.as_deref());
        for id in a.reviewer.iter().chain(a.evaluator.iter()) {
            if !names.contains_key(id)
                && let Ok(other) = state.store.person(id).await
            {
                names.insert(id.clone(), other.full_name);
            }
        }
        rows.push(StaffRow {
            person: p.clone(),
            reviewer: a.reviewer.and_then(|id| names.get(&id).cloned()),
            evaluator: a.evaluator.and_then(|id| names.get(&id).cloned()),
        });
    }
    Ok(rows)
}

async fn unit_page(
    state: &AppState,
    user: &CurrentUser,
    unit: Unit,
    errors: Errors,
    cohort_name: String,
) -> Result<UnitPage, AppError> {
    let s = &user.scope;
    let breadcrumb = state
        .store
        .ancestors(&unit)
        .await?
        .into_iter()
        .filter(|u| u.id != unit.id && s.allows(Action::ViewUnit, &u.path))
        .collect();
    let children = state
        .store
        .children(&unit.id)
        .await?
        .into_iter()
        .filter(|u| s.allows(Action::ViewUnit, &u.path))
        .collect();
    let staff = if s.allows(Action::ViewStaff, &unit.path) {
        let people = state.store.people_in_unit(&unit.id).await?;
        Some(staff_rows(state, &unit, people).await?)
    } else {
        None
    };
    let grants = if s.allows(Action::ManageRoles, &unit.path) {
        Some(state.store.grants_on_unit(&unit.id).await?)
    } else {
        None
    };
    Ok(UnitPage {
        ctx: Ctx::for_user(user),
        cohorts: state.store.cohorts(&unit.id).await?,
        can_edit: s.allows(Action::EditUnit, &unit.path),
        can_manage_staff: s.allows(Action::ManageStaff, &unit.path),
        unit,
        breadcrumb,
        children,
        staff,
        grants,
        errors,
        cohort_name,
    })
}

/// `GET /units/{id}`
pub async fn show(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(flash): Query<Flash>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::ViewUnit).await?;
    let mut page = unit_page(&state, &user, unit, Errors::default(), String::new()).await?;
    page.ctx = page.ctx.with_flash(flash.ok.as_deref());
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "unit_form.html")]
pub struct UnitFormPage {
    pub ctx: Ctx,
    /// `None` when creating.
    pub unit: Option<Unit>,
    pub parent: Option<Unit>,
    pub form: UnitForm,
    pub errors: Errors,
    pub kinds: Vec<Opt>,
    pub levels: Vec<Opt>,
    pub blocks: Vec<Opt>,
    /// Where the unit may move (edit only, when allowed).
    pub move_targets: Vec<Opt>,
    pub can_restructure: bool,
}

/// The unit form as typed (kept as typed when it is shown again with errors).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct UnitForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub parent_id: String,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub block: String,
    #[serde(default)]
    pub suffix: String,
}

impl UnitForm {
    fn of(u: &Unit) -> Self {
        UnitForm {
            csrf: String::new(),
            parent_id: u.parent_id.clone().unwrap_or_default(),
            code: u.code.clone(),
            name: u.name.clone(),
            kind: u.kind.to_string(),
            level: u.level.to_string(),
            block: u.block.to_string(),
            suffix: u.suffix.clone().unwrap_or_default(),
        }
    }

    /// Validates every field; the unit's details or the field errors.
    fn validate(&self) -> Result<UnitUpdate, FieldErrors> {
        let mut e = FieldErrors::default();
        let code = validate::unit_code(&mut e, "code", &self.code);
        let name = validate::required_text(&mut e, "name", &self.name, 200);
        let kind = UnitKind::parse(&self.kind);
        let level = UnitLevel::parse(&self.level);
        let block = Block::parse(&self.block);
        for (ok, field) in [
            (kind.is_some(), "kind"),
            (level.is_some(), "level"),
            (block.is_some(), "block"),
        ] {
            if !ok {
                e.add(field, "err.choice");
            }
        }
        let suffix = validate::suffix(&mut e, "suffix", &self.suffix);
        match (kind, level, block) {
            (Some(kind), Some(level), Some(block)) if e.is_empty() => Ok(UnitUpdate {
                code,
                name,
                kind,
                level,
                block,
                suffix,
            }),
            _ => Err(e),
        }
    }
}

async fn form_page(
    state: &AppState,
    user: &CurrentUser,
    unit: Option<Unit>,
    parent: Option<Unit>,
    form: UnitForm,
    errors: Errors,
) -> Result<UnitFormPage, AppError> {
    let ctx = Ctx::for_user(user);
    let can_restructure = unit
        .as_ref()
        .is_some_and(|u| user.scope.allows(Action::RestructureUnit, &u.path));
    let move_targets = match (&unit, can_restructure) {
        (Some(u), true) => {
            super::unit_options(state, user, u.parent_id.as_deref(), |t| {
                user.scope.allows(Action::EditUnit, &t.path) && !t.path.starts_with(&u.path)
            })
            .await?
        }
        _ => Vec::new(),
    };
    Ok(UnitFormPage {
        kinds: enum_options(&ctx, "kind", UnitKind::ALL, &form.kind),
        levels: enum_options(&ctx, "level", UnitLevel::ALL, &form.level),
        blocks: enum_options(&ctx, "block", Block::ALL, &form.block),
        ctx,
        unit,
        parent,
        form,
        errors,
        move_targets,
        can_restructure,
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct NewQuery {
    pub parent: Option<String>,
}

/// `GET /units/new?parent=ID`: a new unit under a unit where the caller may edit.
pub async fn new_form(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Query(q): Query<NewQuery>,
) -> Result<Response, PageError> {
    let parent = visible_unit(
        &state,
        &user,
        q.parent.as_deref().unwrap_or_default(),
        Action::EditUnit,
    )
    .await?;
    let form = UnitForm {
        parent_id: parent.id.clone(),
        kind: UnitKind::Office.to_string(),
        level: parent.level.to_string(),
        block: parent.block.to_string(),
        ..UnitForm::default()
    };
    Ok(render(
        &form_page(&state, &user, None, Some(parent), form, Errors::default()).await?,
    ))
}

/// `POST /units`
pub async fn create(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Form(f): Form<UnitForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let parent = visible_unit(&state, &user, &f.parent_id, Action::EditUnit).await?;
    let again = |errs: FieldErrors| async {
        let page = form_page(
            &state,
            &user,
            None,
            Some(parent.clone()),
            f.clone(),
            Errors(errs),
        )
        .await?;
        Ok::<Response, PageError>((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
    };
    let d = match f.validate() {
        Ok(d) => d,
        Err(errs) => return again(errs).await,
    };
    let new = NewUnit {
        parent_id: Some(parent.id.clone()),
        code: d.code,
        name: d.name,
        kind: d.kind,
        level: d.level,
        block: d.block,
        suffix: d.suffix,
    };
    match state.store.create_unit(&new).await {
        Ok(u) => {
            crate::audit::record(
                &state,
                Some(&user),
                "unit_create",
                "unit",
                Some(&u.id),
                Some(&u.id),
                serde_json::json!({ "code": u.code, "name": u.name, "parent": parent.code }),
            )
            .await;
            Ok(Redirect::to(&format!("/units/{}?ok=unit.saved", u.id)).into_response())
        }
        Err(danhgia_store::StoreError::Duplicate(_)) => {
            let mut e = FieldErrors::default();
            e.add("code", "err.unit_code_taken");
            again(e).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /units/{id}/edit`
pub async fn edit_form(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::EditUnit).await?;
    let form = UnitForm::of(&unit);
    Ok(render(
        &form_page(&state, &user, Some(unit), None, form, Errors::default()).await?,
    ))
}

/// `POST /units/{id}/edit`
pub async fn update(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<UnitForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let unit = visible_unit(&state, &user, &id, Action::EditUnit).await?;
    let errs = match f.validate() {
        Ok(d) => match state.store.update_unit(&unit.id, &d).await {
            Ok(()) => {
                crate::audit::record(
                    &state,
                    Some(&user),
                    "unit_update",
                    "unit",
                    Some(&unit.id),
                    Some(&unit.id),
                    serde_json::json!({ "before": format!("{} {}", unit.code, unit.name), "after": format!("{d:?}") }),
                )
                .await;
                return Ok(
                    Redirect::to(&format!("/units/{}?ok=unit.saved", unit.id)).into_response()
                );
            }
            Err(danhgia_store::StoreError::Duplicate(_)) => {
                let mut e = FieldErrors::default();
                e.add("code", "err.unit_code_taken");
                e
            }
            Err(e) => return Err(e.into()),
        },
        Err(errs) => errs,
    };
    let page = form_page(&state, &user, Some(unit), None, f, Errors(errs)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub parent_id: String,
}

/// `POST /units/{id}/move`: both the unit and its new parent must be in the caller's scope.
pub async fn move_unit(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<MoveForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let unit = visible_unit(&state, &user, &id, Action::RestructureUnit).await?;
    let target = visible_unit(&state, &user, &f.parent_id, Action::EditUnit).await?;
    state.store.move_unit(&unit.id, &target.id).await?;
    crate::audit::record(
        &state,
        Some(&user),
        "unit_move",
        "unit",
        Some(&unit.id),
        Some(&unit.id),
        serde_json::json!({ "from": unit.parent_id, "to": target.id }),
    )
    .await;
    Ok(Redirect::to(&format!("/units/{}?ok=unit.moved", unit.id)).into_response())
}

/// `POST /units/{id}/dissolve`
pub async fn dissolve(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<super::account::CsrfForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let unit = visible_unit(&state, &user, &id, Action::RestructureUnit).await?;
    state.store.dissolve_unit(&unit.id).await?;
    crate::audit::record(
        &state,
        Some(&user),
        "unit_dissolve",
        "unit",
        Some(&unit.id),
        Some(&unit.id),
        serde_json::json!({ "code": unit.code, "name": unit.name }),
    )
    .await;
    let back = unit
        .parent_id
        .map_or_else(|| "/units".to_owned(), |p| format!("/units/{p}"));
    Ok(Redirect::to(&format!("{back}?ok=unit.dissolved")).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct CohortForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub name: String,
}

/// `POST /units/{id}/cohorts`
pub async fn add_cohort(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<CohortForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let unit = visible_unit(&state, &user, &id, Action::EditUnit).await?;
    let mut errs = FieldErrors::default();
    let name = validate::required_text(&mut errs, "cohort_name", &f.name, 100);
    if errs.is_empty() {
        match state.store.create_cohort(&unit.id, &name).await {
            Ok(c) => {
                crate::audit::record(
                    &state,
                    Some(&user),
                    "cohort_create",
                    "cohort",
                    Some(&c.id),
                    Some(&unit.id),
                    serde_json::json!({ "name": name }),
                )
                .await;
                return Ok(
                    Redirect::to(&format!("/units/{}?ok=unit.saved#cohorts", unit.id))
                        .into_response(),
                );
            }
            Err(danhgia_store::StoreError::Duplicate(_)) => {
                errs.add("cohort_name", "err.cohort_taken")
            }
            Err(e) => return Err(e.into()),
        }
    }
    let page = unit_page(&state, &user, unit, Errors(errs), f.name).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
}

/// `POST /units/{id}/cohorts/{cohort}/delete`
pub async fn delete_cohort(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, cohort)): Path<(String, String)>,
    Form(f): Form<super::account::CsrfForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let unit = visible_unit(&state, &user, &id, Action::EditUnit).await?;
    state.store.delete_cohort(&unit.id, &cohort).await?;
    crate::audit::record(
        &state,
        Some(&user),
        "cohort_delete",
        "unit",
        Some(&unit.id),
        Some(&unit.id),
        serde_json::json!({ "cohort": cohort }),
    )
    .await;
    Ok(Redirect::to(&format!("/units/{}?ok=unit.saved#cohorts", unit.id)).into_response())
}

/// Roles a user could grant somewhere (for the person page).
pub fn grantable_roles(user: &CurrentUser, unit_path: &str) -> Vec<Role> {
    Role::ALL
        .iter()
        .copied()
        .filter(|r| *r != Role::Staff && user.scope.may_grant(*r, unit_path))
        .collect()
}
