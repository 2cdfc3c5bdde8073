//! Staff members, their accounts and roles (M2.1–M2.4).

use std::collections::HashSet;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use danhgia_domain::access::{Action, Role};
use danhgia_domain::account_name;
use danhgia_domain::password;
use danhgia_domain::people::{Employment, PositionRank};
use danhgia_domain::validate::{self, FieldErrors};
use danhgia_store::{NewAccount, NewPerson, Person, PersonUpdate, RoleGrant, StoreError, Unit};
use serde::Deserialize;

use super::units::{grantable_roles, staff_rows};
use super::{Ctx, Errors, Flash, Opt, enum_options, render, visible_person, visible_unit};
use crate::AppState;
use crate::auth::{self, CurrentUser, PageUser};
use crate::error::{AppError, PageError};

/// The staff form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct StaffForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub full_name: String,
    #[serde(default)]
    pub position_title: String,
    #[serde(default)]
    pub rank: String,
    #[serde(default)]
    pub employment: String,
    #[serde(default)]
    pub cohort_id: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub reviewer_id: String,
    #[serde(default)]
    pub evaluator_id: String,
    #[serde(default)]
    pub create_account: Option<String>,
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub initial_password: String,
}

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

impl StaffForm {
    fn of(p: &Person) -> Self {
        StaffForm {
            full_name: p.full_name.clone(),
            position_title: p.position_title.clone(),
            rank: p.rank.to_string(),
            employment: p.employment.to_string(),
            cohort_id: p.cohort_id.clone().unwrap_or_default(),
            email: p.email.clone().unwrap_or_default(),
            phone: p.phone.clone().unwrap_or_default(),
            reviewer_id: p.reviewer_id.clone().unwrap_or_default(),
            evaluator_id: p.evaluator_id.clone().unwrap_or_default(),
            ..StaffForm::default()
        }
    }

    fn wants_account(&self) -> bool {
        self.create_account.is_some()
    }

    /// Validates the person's fields (and the account fields when an account is requested).
    fn validate(&self, errs: &mut FieldErrors) -> Option<PersonUpdate> {
        let full_name = validate::person_name(errs, "full_name", &self.full_name);
        let position_title =
            validate::required_text(errs, "position_title", &self.position_title, 200);
        let rank = PositionRank::parse(&self.rank);
        let employment = Employment::parse(&self.employment);
        if rank.is_none() {
            errs.add("rank", "err.choice");
        }
        if employment.is_none() {
            errs.add("employment", "err.choice");
        }
        let email = validate::email(errs, "email", &self.email);
        let phone = validate::phone(errs, "phone", &self.phone);
        if self.wants_account() {
            if !self.username.trim().is_empty() {
                validate::username(errs, "username", &self.username);
            }
            // optional: left empty, a one-time password is generated and shown once
            if !self.initial_password.is_empty() {
                let name = if self.username.trim().is_empty() {
                    account_name::base(&self.full_name)
                } else {
                    self.username.trim().to_lowercase()
                };
                password::check(errs, "initial_password", &self.initial_password, &name);
            }
        }
        Some(PersonUpdate {
            full_name,
            position_title,
            rank: rank?,
            employment: employment?,
            cohort_id: opt(&self.cohort_id),
            email,
            phone,
            reviewer_id: opt(&self.reviewer_id),
            evaluator_id: opt(&self.evaluator_id),
        })
        .filter(|_| errs.is_empty())
    }
}

#[derive(Template)]
#[template(path = "staff_form.html")]
pub struct StaffFormPage {
    pub ctx: Ctx,
    pub unit: Unit,
    /// `None` when creating.
    pub person: Option<Person>,
    pub form: StaffForm,
    pub errors: Errors,
    pub ranks: Vec<Opt>,
    pub employments: Vec<Opt>,
    pub cohorts: Vec<Opt>,
    pub reviewers: Vec<Opt>,
    pub evaluators: Vec<Opt>,
    /// Whether the account fields are shown (new person, or one without an account).
    pub account_fields: bool,
}

async fn form_page(
    state: &AppState,
    user: &CurrentUser,
    unit: Unit,
    person: Option<Person>,
    form: StaffForm,
    errors: Errors,
) -> Result<StaffFormPage, AppError> {
    let ctx = Ctx::for_user(user);
    let cohorts = state
        .store
        .cohorts(&unit.id)
        .await?
        .into_iter()
        .map(|c| Opt {
            selected: c.id == form.cohort_id,
            value: c.id,
            label: c.name,
        })
        .collect();
    // Leaders to choose from: the staff of the unit and of its parent, the person excepted.
    let mut leaders = state.store.people_in_unit(&unit.id).await?;
    if let Some(p) = &unit.parent_id {
        leaders.extend(state.store.people_in_unit(p).await?);
    }
    let me = person.as_ref().map(|p| p.id.clone()).unwrap_or_default();
    let leader_opts = |selected: &str| -> Vec<Opt> {
        leaders
            .iter()
            .filter(|l| l.id != me && l.rank != PositionRank::Member)
            .map(|l| Opt {
                value: l.id.clone(),
                label: format!("{} — {}", l.full_name, l.position_title),
                selected: l.id == selected,
            })
            .collect()
    };
    Ok(StaffFormPage {
        ranks: enum_options(&ctx, "rank", PositionRank::ALL, &form.rank),
        employments: enum_options(&ctx, "employment", Employment::ALL, &form.employment),
        reviewers: leader_opts(&form.reviewer_id),
        evaluators: leader_opts(&form.evaluator_id),
        cohorts,
        account_fields: person.as_ref().is_none_or(|p| p.username.is_none()),
        ctx,
        unit,
        person,
        form,
        errors,
    })
}

/// `GET /units/{id}/staff/new`
pub async fn new_form(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let unit = visible_unit(&state, &user, &id, Action::ManageStaff).await?;
    let form = StaffForm {
        rank: PositionRank::Member.to_string(),
        employment: Employment::CongChuc.to_string(),
        create_account: Some("on".into()),
        ..StaffForm::default()
    };
    Ok(render(
        &form_page(&state, &user, unit, None, form, Errors::default()).await?,
    ))
}

/// A free account name: the one typed, or one generated from the name and the unit's suffix.
async fn account_name_for(
    state: &AppState,
    unit: &Unit,
    form: &StaffForm,
    full_name: &str,
) -> Result<String, AppError> {
    let typed = form.username.trim().to_lowercase();
    if !typed.is_empty() {
        return Ok(typed);
    }
    let suffix = state.store.suffix_for(unit).await?.unwrap_or_default();
    let taken: HashSet<String> = state
        .store
        .usernames_with_prefix(&account_name::base(full_name))
        .await?
        .into_iter()
        .collect();
    Ok(account_name::generate(full_name, &suffix, |n| {
        taken.contains(n)
    }))
}

/// `POST /units/{id}/staff`: creates the person and, if asked, their account (one transaction).
pub async fn create(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<StaffForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let unit = visible_unit(&state, &user, &id, Action::ManageStaff).await?;
    let mut errs = FieldErrors::default();
    if let Some(details) = f.validate(&mut errs) {
        let (account, otp) = if f.wants_account() {
            let (acc, otp) = new_account(&state, &unit, &f, &details.full_name).await?;
            (Some(acc), otp)
        } else {
            (None, None)
        };
        let new = NewPerson {
            unit_id: unit.id.clone(),
            details,
        };
        match state.store.create_person(&new, account.as_ref()).await {
            Ok(p) => {
                crate::audit::record(
                    &state,
                    Some(&user),
                    "person_create",
                    "person",
                    Some(&p.id),
                    Some(&unit.id),
                    serde_json::json!({ "full_name": p.full_name, "username": p.username }),
                )
                .await;
                return saved(&state, &user, p, unit, otp).await;
            }
            Err(StoreError::Duplicate(_)) => errs.add("username", "err.username_taken"),
            Err(StoreError::Refused(k)) => errs.add(field_of(k), crate::error::conflict_key(k)),
            Err(e) => return Err(e.into()),
        }
    }
    let page = form_page(&state, &user, unit, None, f, Errors(errs)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
}

/// The account to create for a new staff member: the typed or generated name, and the typed
/// initial password or a generated one-time password (returned to be shown once). Either way it
/// must be changed within the lifecycle's deadline (M2.6).
async fn new_account(
    state: &AppState,
    unit: &Unit,
    form: &StaffForm,
    full_name: &str,
) -> Result<(NewAccount, Option<String>), AppError> {
    let username = account_name_for(state, unit, form, full_name).await?;
    let (password_hash, otp) = if form.initial_password.is_empty() {
        let otp = auth::one_time_password();
        (auth::hash_one_time_password(&otp), Some(otp))
    } else {
        (auth::hash_password(&form.initial_password).await?, None)
    };
    let account = NewAccount {
        username,
        password_hash,
        must_change_password: true,
        password_deadline: Some(state.config.lifecycle.deadline(danhgia_store::now())),
    };
    Ok((account, otp))
}

/// After a save: the person's page; with a one-time password it is shown once, right here,
/// never put in a URL.
async fn saved(
    state: &AppState,
    user: &CurrentUser,
    person: Person,
    unit: Unit,
    otp: Option<String>,
) -> Result<Response, PageError> {
    match otp {
        None => Ok(Redirect::to(&format!("/staff/{}?ok=staff.saved", person.id)).into_response()),
        Some(otp) => {
            let mut page = person_page(state, user, person, unit, Errors::default()).await?;
            page.ctx.flash = Some("staff.saved");
            page.one_time_password = Some(otp);
            Ok(render(&page))
        }
    }
}

/// The form field a store refusal is about.
fn field_of(refusal: &str) -> &'static str {
    match refusal {
        "cohort_other_unit" => "cohort_id",
        "reviewer_unknown" => "reviewer_id",
        "evaluator_unknown" => "evaluator_id",
        _ => "full_name",
    }
}

#[derive(Template)]
#[template(path = "person.html")]
pub struct PersonPage {
    pub ctx: Ctx,
    pub person: Person,
    pub unit: Unit,
    pub reviewer: Option<String>,
    pub evaluator: Option<String>,
    pub cohort: Option<String>,
    pub grants: Vec<RoleGrant>,
    pub can_manage: bool,
    pub can_grant: bool,
    pub grant_roles: Vec<Opt>,
    pub grant_units: Vec<Opt>,
    pub errors: Errors,
    pub placements: Vec<danhgia_store::Placement>,
    pub transfer_units: Vec<Opt>,
    pub ranks: Vec<Opt>,
    pub leave_reasons: Vec<Opt>,
    pub today: String,
    /// A one-time password just issued, shown once.
    pub one_time_password: Option<String>,
    /// The account's state, for admins: locked, disabled, password deadline.
    pub account_state: Option<&'static str>,
    pub history: Vec<danhgia_store::AuditEntry>,
    /// The personnel file's career processes (M8.1), oldest first, and what it still lacks.
    pub career: Vec<danhgia_store::CareerProcess>,
    pub career_missing: Vec<danhgia_domain::hr::ProcessKind>,
    pub career_kinds: Vec<Opt>,
    pub career_units: Vec<Opt>,
    pub disciplines: Vec<Opt>,
    /// The file is seen by the person and their unit's admins (D56).
    pub can_see_file: bool,
    pub profile: Option<danhgia_store::StoredProfile>,
    pub profile_missing: Vec<&'static str>,
    pub profile_form: super::profile::ProfileForm,
    pub profile_options: super::profile::ProfileOptions,
    /// The profile form is shown open (it was refused).
    pub profile_open: bool,
    /// Training courses (M8.5), newest first.
    pub training: Vec<danhgia_store::EnrolmentRow>,
    /// Awards (M8.4), newest first.
    pub awards: Vec<danhgia_store::AwardRow>,
    /// The request to move the file out of the scope (M8.6), as typed, and whether to show it
    /// open; the person's requests.
    pub move_form: super::moves::MoveForm,
    pub move_open: bool,
    pub moves: Vec<danhgia_store::FileMove>,
    /// The career form as typed (re-shown when refused), and its rank picker.
    pub career_form: super::career::CareerForm,
    pub career_ranks: Vec<Opt>,
}

impl PersonPage {
    pub fn points(&self, v: &Option<i64>) -> String {
        v.map(|h| danhgia_domain::points::Points::from_hundredths(h).vi())
            .unwrap_or_default()
    }

    /// What a process says, its parts joined by commas (position, unit, scale, step,
    /// coefficient, allowance, discipline, reason).
    pub fn what(&self, c: &danhgia_store::CareerProcess) -> String {
        let mut parts: Vec<String> = Vec::new();
        for t in [&c.position_title, &c.unit_name] {
            if !t.is_empty() {
                parts.push(t.clone());
            }
        }
        if !c.scale_code.is_empty() {
            parts.push(format!("{} {}", self.ctx.t("hr.scale_code"), c.scale_code));
        }
        if let Some(st) = c.step {
            parts.push(format!("{} {st}", self.ctx.t("hr.step")));
        }
        if c.coefficient.is_some() {
            parts.push(format!(
                "{} {}",
                self.ctx.t("hr.coefficient"),
                self.points(&c.coefficient)
            ));
        }
        if !c.allowance.is_empty() {
            parts.push(c.allowance.clone());
        }
        if let Some(d) = &c.discipline {
            parts.push(self.ctx.label("hr.discipline", d).to_owned());
        }
        if !c.reason.is_empty() {
            parts.push(c.reason.clone());
        }
        parts.join(", ")
    }

    /// Why a placement ended: a leave reason, or the kind of process that moved the person
    /// (nothing for a plain transfer, whose next line says where).
    pub fn end_label(&self, reason: &Option<String>) -> &'static str {
        match reason.as_deref() {
            None | Some("transfer") => "",
            Some(r) => match danhgia_domain::hr::ProcessKind::parse(r) {
                Some(k) => self.ctx.t(&k.key()),
                None => self.ctx.label("leave", &r),
            },
        }
    }
}

pub(crate) async fn person_page(
    state: &AppState,
    user: &CurrentUser,
    person: Person,
    unit: Unit,
    errors: Errors,
) -> Result<PersonPage, AppError> {
    let ctx = Ctx::for_user(user);
    let row = staff_rows(state, &unit, state.store.people_in_unit(&unit.id).await?)
        .await?
        .into_iter()
        .find(|r| r.person.id == person.id);
    let cohort = match &person.cohort_id {
        Some(c) => state
            .store
            .cohorts(&unit.id)
            .await?
            .into_iter()
            .find(|x| &x.id == c)
            .map(|x| x.name),
        None => None,
    };
    let account = match state.store.account_of_person(&person.id).await {
        Ok(a) => Some(a),
        Err(StoreError::NotFound) => None,
        Err(e) => return Err(e.into()),
    };
    let grants = match &account {
        Some(a) => state.store.grants_of(&a.id).await?,
        None => Vec::new(),
    };
    let can_grant = account.is_some() && user.scope.allows(Action::ManageRoles, &unit.path);
    let can_manage = user.scope.allows(Action::ManageStaff, &unit.path);
    let at = danhgia_store::now();
    let account_state = account.as_ref().filter(|_| can_manage).and_then(|a| {
        if a.disabled {
            Some(
                if a.disabled_reason.as_deref() == Some("password_deadline") {
                    "account.locked_deadline"
                } else {
                    "account.disabled"
                },
            )
        } else if a.locked_until.is_some_and(|t| t > at) {
            Some("account.locked_failures")
        } else if a.must_change_password {
            Some("account.must_change")
        } else {
            None
        }
    });
    let history = if can_manage {
        state.store.audit_of("person", &person.id, 20).await?
    } else {
        Vec::new()
    };
    let placements = state.store.placements(&person.id).await?;
    let transfer_units = if can_manage {
        super::unit_options(state, user, None, |u| {
            u.id != unit.id && user.scope.allows(Action::ManageStaff, &u.path)
        })
        .await?
    } else {
        Vec::new()
    };
    let ranks = enum_options(&ctx, "rank", PositionRank::ALL, person.rank.as_str());
    let leave_reasons = LEAVE_REASONS
        .iter()
        .map(|r| Opt {
            value: (*r).to_owned(),
            label: ctx.label("leave", r).to_owned(),
            selected: false,
        })
        .collect();
    let grant_units = if can_grant {
        super::unit_options(state, user, Some(&unit.id), |u| {
            !grantable_roles(user, &u.path).is_empty()
        })
        .await?
    } else {
        Vec::new()
    };
    // Roles the caller may hand out somewhere (the unit picker limits where).
    let grant_roles = Role::ALL
        .iter()
        .filter(|r| {
            **r != Role::Staff
                && user
                    .scope
                    .grants
                    .iter()
                    .any(|g| danhgia_domain::access::can_grant(g.role, **r))
        })
        .map(|r| Opt {
            value: r.to_string(),
            label: ctx.label("role", r).to_owned(),
            selected: false,
        })
        .collect();
    let can_see_file = super::sees_file(user, &person, &unit);
    let (career, profile, training, awards) = if can_see_file {
        (
            state.store.career(&person.id).await?,
            state.store.profile(&person.id).await?,
            state.store.enrolments_of(&person.id).await?,
            state.store.awards_of(&person.id).await?,
        )
    } else {
        (Vec::new(), None, Vec::new(), Vec::new())
    };
    let shown = profile.as_ref().map(|p| p.profile()).unwrap_or_default();
    let profile_form = super::profile::ProfileForm::of(&shown);
    let profile_missing = danhgia_domain::hr::profile_missing(&shown);
    let profile_options = super::profile::ProfileOptions::of(&ctx, &profile_form);
    let held: Vec<danhgia_domain::hr::ProcessKind> = career.iter().map(|c| c.kind).collect();
    let career_missing = if can_see_file {
        danhgia_domain::hr::missing(person.employment, person.rank, &held)
    } else {
        Vec::new()
    };
    let career_kinds = enum_options(&ctx, "hr.kind", danhgia_domain::hr::ProcessKind::ALL, "");
    let disciplines = enum_options(
        &ctx,
        "hr.discipline",
        danhgia_domain::hr::DisciplineForm::ALL,
        "",
    );
    let career_units = if can_manage {
        super::unit_options(state, user, Some(&unit.id), |u| {
            user.scope.allows(Action::ManageStaff, &u.path)
        })
        .await?
    } else {
        Vec::new()
    };
    Ok(PersonPage {
        can_see_file,
        profile,
        profile_missing,
        profile_form,
        profile_options,
        profile_open: false,
        training,
        awards,
        move_form: super::moves::MoveForm::default(),
        career_form: super::career::CareerForm::default(),
        career_ranks: ranks.clone(),
        move_open: false,
        moves: if can_manage {
            state.store.moves_of(&person.id).await?
        } else {
            Vec::new()
        },
        career,
        career_missing,
        career_kinds,
        career_units,
        disciplines,
        can_manage,
        reviewer: row.as_ref().and_then(|r| r.reviewer.clone()),
        evaluator: row.and_then(|r| r.evaluator),
        ctx,
        person,
        unit,
        cohort,
        grants,
        can_grant,
        grant_roles,
        grant_units,
        errors,
        one_time_password: None,
        account_state,
        history,
        placements,
        transfer_units,
        ranks,
        leave_reasons,
        today: danhgia_store::today().to_string(),
    })
}

/// `GET /staff/{id}`
pub async fn show(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Query(flash): Query<Flash>,
) -> Result<Response, PageError> {
    let (person, unit) = visible_person(&state, &user, &id, Action::ViewStaff).await?;
    let mut page = person_page(&state, &user, person, unit, Errors::default()).await?;
    page.ctx = page.ctx.with_flash(flash.ok.as_deref());
    Ok(render(&page))
}

/// `GET /staff/{id}/edit`
pub async fn edit_form(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (person, unit) = visible_person(&state, &user, &id, Action::ManageStaff).await?;
    let form = StaffForm::of(&person);
    Ok(render(
        &form_page(&state, &user, unit, Some(person), form, Errors::default()).await?,
    ))
}

/// `POST /staff/{id}/edit`: edits the person and, if asked, creates their missing account.
pub async fn update(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<StaffForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let (person, unit) = visible_person(&state, &user, &id, Action::ManageStaff).await?;
    let mut errs = FieldErrors::default();
    if let Some(details) = f.validate(&mut errs) {
        let (account, otp) = if f.wants_account() && person.username.is_none() {
            let (acc, otp) = new_account(&state, &unit, &f, &details.full_name).await?;
            (Some(acc), otp)
        } else {
            (None, None)
        };
        // A typed account name that is taken fails before anything is written.
        if let Some(acc) = &account
            && state.store.username_taken(&acc.username).await?
        {
            errs.add("username", "err.username_taken");
        } else {
            match state.store.update_person(&person.id, &details).await {
                Ok(updated) => {
                    if let Some(acc) = account {
                        state.store.create_account_for(&person.id, &acc).await?;
                    }
                    crate::audit::record(
                        &state,
                        Some(&user),
                        "person_update",
                        "person",
                        Some(&person.id),
                        Some(&unit.id),
                        serde_json::json!({ "before": person, "after": updated }),
                    )
                    .await;
                    let updated = state.store.person(&person.id).await?;
                    return saved(&state, &user, updated, unit, otp).await;
                }
                Err(StoreError::Refused(k)) => errs.add(field_of(k), crate::error::conflict_key(k)),
                Err(e) => return Err(e.into()),
            }
        }
    }
    let person = state.store.person(&person.id).await?;
    let page = form_page(&state, &user, unit, Some(person), f, Errors(errs)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct GrantForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub unit_id: String,
}

/// `POST /staff/{id}/roles`: grants a role on a unit, both inside the granter's reach (M2.2).
pub async fn grant(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<GrantForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let (person, unit) = visible_person(&state, &user, &id, Action::ManageRoles).await?;
    let mut errs = FieldErrors::default();
    let role = Role::parse(&f.role);
    let target = match state.store.unit(&f.unit_id).await {
        Ok(u) if user.scope.allows(Action::ManageRoles, &u.path) => Some(u),
        Ok(_) | Err(StoreError::NotFound) => None,
        Err(e) => return Err(e.into()),
    };
    match (role, target) {
        (Some(role), Some(target))
            if user.scope.may_grant(role, &target.path) && role != Role::Staff =>
        {
            let account = match state.store.account_of_person(&person.id).await {
                Ok(a) => a,
                Err(StoreError::NotFound) => {
                    return Err(AppError::Conflict("err.no_account").into());
                }
                Err(e) => return Err(e.into()),
            };
            match state
                .store
                .grant_role(&account.id, role, &target.id, Some(&user.account_id))
                .await
            {
                Ok(_) => {
                    // A change of privilege ends the holder's sessions: the next login gets a
                    // new session id (ASVS 3.2.1, issue 9 §1).
                    state
                        .store
                        .delete_sessions_of(&account.id, Some(&user.session))
                        .await?;
                    crate::audit::record(&state, Some(&user), "role_grant", "person", Some(&person.id), Some(&target.id), serde_json::json!({ "username": account.username, "role": role, "unit": target.code })).await;
                    return Ok(
                        Redirect::to(&format!("/staff/{}?ok=staff.saved", person.id))
                            .into_response(),
                    );
                }
                Err(StoreError::Duplicate(_)) => errs.add("role", "err.role_already"),
                Err(e) => return Err(e.into()),
            }
        }
        (None, _) => errs.add("role", "err.choice"),
        _ => errs.add("unit_id", "err.role_not_allowed"),
    }
    let page = person_page(&state, &user, person, unit, Errors(errs)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
}

/// `POST /staff/{id}/roles/{grant}/revoke`
pub async fn revoke(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, grant_id)): Path<(String, String)>,
    Form(f): Form<super::account::CsrfForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let (person, _) = visible_person(&state, &user, &id, Action::ManageRoles).await?;
    let account = state.store.account_of_person(&person.id).await?;
    let grant = state.store.grant(&grant_id).await?;
    if grant.account_id != account.id || grant.role == Role::Staff {
        return Err(AppError::NotFound.into());
    }
    if !user.scope.may_grant(grant.role, &grant.unit_path) {
        return Err(AppError::Forbidden("err.role_not_allowed").into());
    }
    state.store.revoke_role(&grant.id).await?;
    state
        .store
        .delete_sessions_of(&account.id, Some(&user.session))
        .await?;
    crate::audit::record(&state, Some(&user), "role_revoke", "person", Some(&person.id), Some(&grant.unit_id), serde_json::json!({ "username": account.username, "role": grant.role, "unit": grant.unit_name })).await;
    Ok(Redirect::to(&format!("/staff/{}?ok=staff.saved", person.id)).into_response())
}

/// `POST /staff/{id}/password-reset`: a new one-time password, shown once to the admin; the
/// account must change it within the deadline; a lock for a missed deadline is lifted (M2.6).
pub async fn reset_password(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<super::account::CsrfForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let (person, unit) = visible_person(&state, &user, &id, Action::ManageStaff).await?;
    let account = state
        .store
        .account_of_person(&person.id)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => AppError::Conflict("err.no_account"),
            e => e.into(),
        })?;
    let otp = auth::one_time_password();
    let deadline = state.config.lifecycle.deadline(danhgia_store::now());
    state
        .store
        .set_password(
            &account.id,
            &auth::hash_one_time_password(&otp),
            Some(deadline),
        )
        .await?;
    state.store.delete_sessions_of(&account.id, None).await?;
    // A reset is also how someone who lost the phone of their second factor gets back in.
    state.store.set_totp(&account.id, None).await?;
    crate::audit::record(
        &state,
        Some(&user),
        "account_reset_password",
        "person",
        Some(&person.id),
        Some(&unit.id),
        serde_json::json!({ "username": account.username }),
    )
    .await;
    let mut page = person_page(&state, &user, person, unit, Errors::default()).await?;
    page.ctx.flash = Some("account.reset_done");
    page.one_time_password = Some(otp);
    Ok(render(&page))
}

/// `POST /staff/{id}/unlock`: lifts a temporary lock or a lock for a missed password deadline.
pub async fn unlock(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<super::account::CsrfForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let (person, unit) = visible_person(&state, &user, &id, Action::ManageStaff).await?;
    let account = state.store.account_of_person(&person.id).await?;
    state.store.unlock_account(&account.id).await?;
    crate::audit::record(
        &state,
        Some(&user),
        "account_unlock",
        "person",
        Some(&person.id),
        Some(&unit.id),
        serde_json::json!({ "username": account.username }),
    )
    .await;
    Ok(Redirect::to(&format!("/staff/{}?ok=account.unlocked", person.id)).into_response())
}

/// A date typed in a form (`yyyy-mm-dd`, as `<input type=date>` sends it), not after today.
fn effective_date(errs: &mut FieldErrors, field: &'static str, value: &str) -> Option<time::Date> {
    let today = danhgia_store::today();
    if value.trim().is_empty() {
        return Some(today);
    }
    match time::Date::parse(
        value.trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    ) {
        Ok(d) if d > today => {
            errs.add(field, "err.date_future");
            None
        }
        Ok(d) => Some(d),
        Err(_) => {
            errs.add(field, "err.date");
            None
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct TransferForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default, rename = "transfer_unit")]
    pub unit_id: String,
    #[serde(default, rename = "transfer_position")]
    pub position_title: String,
    #[serde(default, rename = "transfer_rank")]
    pub rank: String,
    #[serde(default, rename = "transfer_date")]
    pub effective_on: String,
}

/// `POST /staff/{id}/transfer` (M2.7): the caller must manage staff in both the old and the
/// new unit, so a move across two admins' subtrees is done by their common superior.
pub async fn transfer(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<TransferForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let (person, unit) = visible_person(&state, &user, &id, Action::ManageStaff).await?;
    let mut errs = FieldErrors::default();
    let target = match state.store.unit(&f.unit_id).await {
        Ok(u) if user.scope.allows(Action::ManageStaff, &u.path) && u.id != unit.id => Some(u),
        Ok(_) | Err(StoreError::NotFound) => {
            errs.add("transfer_unit", "err.transfer_unit");
            None
        }
        Err(e) => return Err(e.into()),
    };
    let title = validate::required_text(&mut errs, "transfer_position", &f.position_title, 200);
    let rank = PositionRank::parse(&f.rank);
    if rank.is_none() {
        errs.add("transfer_rank", "err.choice");
    }
    let day = effective_date(&mut errs, "transfer_date", &f.effective_on);
    if let (Some(target), Some(rank), Some(day), true) = (target, rank, day, errs.is_empty()) {
        let t = danhgia_store::Transfer {
            unit_id: target.id.clone(),
            position_title: title,
            rank,
            effective_on: day,
        };
        match state.store.transfer_person(&person.id, &t).await {
            Ok(ended) => {
                crate::audit::record(&state, Some(&user), "person_transfer", "person", Some(&person.id), Some(&target.id), serde_json::json!({ "from": unit.code, "to": target.code, "effective_on": day.to_string(), "roles_ended": ended })).await;
                return Ok(
                    Redirect::to(&format!("/staff/{}?ok=staff.transferred", person.id))
                        .into_response(),
                );
            }
            Err(StoreError::Refused(k)) => errs.add("transfer_date", crate::error::conflict_key(k)),
            Err(e) => return Err(e.into()),
        }
    }
    let page = person_page(&state, &user, person, unit, Errors(errs)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct LeaveForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub left_on: String,
    #[serde(default, rename = "leave_reason")]
    pub reason: String,
}

/// Why people leave (the choices of the leave form).
pub const LEAVE_REASONS: [&str; 4] = ["retired", "resigned", "moved_out", "other"];

/// `POST /staff/{id}/leave` (M2.7): the account is disabled, never deleted; records stay.
pub async fn leave(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<LeaveForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let (person, unit) = visible_person(&state, &user, &id, Action::ManageStaff).await?;
    let mut errs = FieldErrors::default();
    let day = effective_date(&mut errs, "left_on", &f.left_on);
    if !LEAVE_REASONS.contains(&f.reason.as_str()) {
        errs.add("leave_reason", "err.choice");
    }
    if let (Some(day), true) = (day, errs.is_empty()) {
        state.store.person_left(&person.id, day, &f.reason).await?;
        crate::audit::record(&state, Some(&user), "person_leave", "person", Some(&person.id), Some(&unit.id), serde_json::json!({ "full_name": person.full_name, "left_on": day.to_string(), "reason": f.reason })).await;
        return Ok(Redirect::to(&format!("/units/{}?ok=staff.left", unit.id)).into_response());
    }
    let page = person_page(&state, &user, person, unit, Errors(errs)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
}
