//! The identity, contact, education and party part of the personnel file on the person's page
//! (issue 11 §1, SPEC M8.1; rules in `danhgia_domain::hr::check_profile`). Seen by the person
//! and by the admins of their unit, entered by the admins (D56).

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use danhgia_domain::access::Action;
use danhgia_domain::hr::{self, Gender, PoliticalTheory, Profile, Qualification, StateManagement};
use danhgia_domain::validate::FieldErrors;
use serde::Deserialize;

use super::staff::person_page;
use super::{Ctx, Errors, Opt, enum_options, render, visible_person};
use crate::AppState;
use crate::auth::PageUser;
use crate::error::{AppError, PageError};

/// The profile form, as typed (re-shown as typed when refused).
#[derive(Debug, Default, Clone, Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub profile_birth_date: String,
    #[serde(default)]
    pub profile_gender: String,
    #[serde(default)]
    pub profile_id_number: String,
    #[serde(default)]
    pub profile_birthplace: String,
    #[serde(default)]
    pub profile_hometown: String,
    #[serde(default)]
    pub profile_ethnicity: String,
    #[serde(default)]
    pub profile_religion: String,
    #[serde(default)]
    pub profile_address: String,
    #[serde(default)]
    pub profile_general_education: String,
    #[serde(default)]
    pub profile_qualification: String,
    #[serde(default)]
    pub profile_major: String,
    #[serde(default)]
    pub profile_political_theory: String,
    #[serde(default)]
    pub profile_state_management: String,
    #[serde(default)]
    pub profile_party_joined_on: String,
    #[serde(default)]
    pub profile_party_official_on: String,
}

fn day_text(d: Option<time::Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

impl ProfileForm {
    /// The form showing a stored profile.
    pub fn of(p: &Profile) -> ProfileForm {
        ProfileForm {
            csrf: String::new(),
            profile_birth_date: day_text(p.birth_date),
            profile_gender: p.gender.map(|g| g.as_str().to_owned()).unwrap_or_default(),
            profile_id_number: p.id_number.clone(),
            profile_birthplace: p.birthplace.clone(),
            profile_hometown: p.hometown.clone(),
            profile_ethnicity: p.ethnicity.clone(),
            profile_religion: p.religion.clone(),
            profile_address: p.address.clone(),
            profile_general_education: p.general_education.clone(),
            profile_qualification: p
                .qualification
                .map(|g| g.as_str().to_owned())
                .unwrap_or_default(),
            profile_major: p.major.clone(),
            profile_political_theory: p
                .political_theory
                .map(|g| g.as_str().to_owned())
                .unwrap_or_default(),
            profile_state_management: p
                .state_management
                .map(|g| g.as_str().to_owned())
                .unwrap_or_default(),
            profile_party_joined_on: day_text(p.party_joined_on),
            profile_party_official_on: day_text(p.party_official_on),
        }
    }

    /// The profile the form says, and every problem by field.
    pub fn read(&self, today: time::Date) -> (Profile, FieldErrors) {
        let mut errs = FieldErrors::default();
        let mut day = |name: &'static str, v: &str| super::career::day(&mut errs, name, v);
        let birth_date = day("profile_birth_date", &self.profile_birth_date);
        let party_joined_on = day("profile_party_joined_on", &self.profile_party_joined_on);
        let party_official_on = day("profile_party_official_on", &self.profile_party_official_on);
        let mut choice = |name: &'static str, v: &str, ok: bool| {
            if !v.trim().is_empty() && !ok {
                errs.add(name, "err.choice");
            }
        };
        let gender = Gender::parse(self.profile_gender.trim());
        choice("profile_gender", &self.profile_gender, gender.is_some());
        let qualification = Qualification::parse(self.profile_qualification.trim());
        choice(
            "profile_qualification",
            &self.profile_qualification,
            qualification.is_some(),
        );
        let political_theory = PoliticalTheory::parse(self.profile_political_theory.trim());
        choice(
            "profile_political_theory",
            &self.profile_political_theory,
            political_theory.is_some(),
        );
        let state_management = StateManagement::parse(self.profile_state_management.trim());
        choice(
            "profile_state_management",
            &self.profile_state_management,
            state_management.is_some(),
        );
        let p = Profile {
            birth_date,
            gender,
            id_number: self.profile_id_number.trim().to_owned(),
            birthplace: self.profile_birthplace.trim().to_owned(),
            hometown: self.profile_hometown.trim().to_owned(),
            ethnicity: self.profile_ethnicity.trim().to_owned(),
            religion: self.profile_religion.trim().to_owned(),
            address: self.profile_address.trim().to_owned(),
            general_education: self.profile_general_education.trim().to_owned(),
            qualification,
            major: self.profile_major.trim().to_owned(),
            political_theory,
            state_management,
            party_joined_on,
            party_official_on,
        };
        for e in hr::check_profile(&p, today) {
            let name = match e.field {
                "birth_date" => "profile_birth_date",
                "id_number" => "profile_id_number",
                "birthplace" => "profile_birthplace",
                "hometown" => "profile_hometown",
                "ethnicity" => "profile_ethnicity",
                "religion" => "profile_religion",
                "address" => "profile_address",
                "general_education" => "profile_general_education",
                "major" => "profile_major",
                "party_joined_on" => "profile_party_joined_on",
                _ => "profile_party_official_on",
            };
            if errs.get(name).is_none() {
                errs.add(name, e.key);
            }
        }
        (p, errs)
    }
}

/// The pickers of the profile form, with the form's choices selected.
#[derive(Debug, Default)]
pub struct ProfileOptions {
    pub genders: Vec<Opt>,
    pub qualifications: Vec<Opt>,
    pub theories: Vec<Opt>,
    pub state_managements: Vec<Opt>,
}

impl ProfileOptions {
    pub fn of(ctx: &Ctx, f: &ProfileForm) -> ProfileOptions {
        ProfileOptions {
            genders: enum_options(ctx, "hr.gender", Gender::ALL, &f.profile_gender),
            qualifications: enum_options(
                ctx,
                "hr.qualification",
                Qualification::ALL,
                &f.profile_qualification,
            ),
            theories: enum_options(
                ctx,
                "hr.theory",
                PoliticalTheory::ALL,
                &f.profile_political_theory,
            ),
            state_managements: enum_options(
                ctx,
                "hr.state_mgmt",
                StateManagement::ALL,
                &f.profile_state_management,
            ),
        }
    }
}

/// `POST /staff/{id}/profile`: the unit's admins write the person's profile whole.
pub async fn save(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<String>,
    Form(f): Form<ProfileForm>,
) -> Result<Response, PageError> {
    user.check_csrf(&f.csrf)?;
    let (person, unit) = visible_person(&state, &user, &id, Action::ManageStaff).await?;
    let (profile, errs) = f.read(danhgia_store::today());
    if errs.is_empty() {
        state
            .store
            .save_profile(&person.id, &profile, &user.username)
            .await
            .map_err(AppError::from)?;
        crate::audit::record(
            &state,
            Some(&user),
            "profile_saved",
            "person",
            Some(&person.id),
            Some(&unit.id),
            serde_json::json!({ "missing": hr::profile_missing(&profile) }),
        )
        .await;
        return Ok(
            Redirect::to(&format!("/staff/{}?ok=hr.ok.profile#profile", person.id)).into_response(),
        );
    }
    let mut page = person_page(&state, &user, person, unit, Errors(errs)).await?;
    page.profile_options = ProfileOptions::of(&page.ctx, &f);
    page.profile_form = f;
    page.profile_open = true;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
}
