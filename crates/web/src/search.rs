//! Search (issue 8 §4, SPEC M7.2), shared by the page and the API: people by name (diacritics
//! optional), account or e-mail, and units by name, only inside what the caller may see.

use danhgia_domain::access::Action;
use danhgia_domain::text;
use danhgia_store::{PersonHit, Unit};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;

/// At most this many of each kind are shown; the page says when there were more.
pub const LIMIT: usize = 50;

/// What a search found.
#[derive(Debug, Default)]
pub struct Found {
    pub people: Vec<PersonHit>,
    pub units: Vec<Unit>,
    /// More matched than shown.
    pub more: bool,
}

/// Searches for `query`; `Ok(None)` when it is too short to search (under two letters).
pub async fn find(
    state: &AppState,
    user: &CurrentUser,
    query: &str,
) -> Result<Option<Found>, AppError> {
    let Some(key) = text::search_key(query) else {
        return Ok(None);
    };
    // People: whoever the caller may see the record of (ViewStaff), and themselves.
    let (subtrees, singles) = user.scope.roots_for(Action::ViewStaff);
    let limit = i64::try_from(LIMIT + 1).unwrap_or(i64::MAX);
    let mut people = state
        .store
        .search_people(&key, &subtrees, &singles, limit)
        .await?;
    if let Some(me) = &user.person_id
        && !people.iter().any(|h| &h.person.id == me)
        && let Ok(p) = state.store.person(me).await
        && (text::matches_search(&key, &p.full_name)
            || p.username.as_deref().is_some_and(|u| u.starts_with(&key)))
    {
        let unit = state.store.unit(&p.unit_id).await?;
        people.insert(
            0,
            PersonHit {
                person: p,
                unit_name: unit.name,
            },
        );
    }
    // Units: those the caller sees, by their name or code.
    let (subtrees, singles) = user.scope.roots_for(Action::ViewUnit);
    let mut units: Vec<Unit> = state
        .store
        .units_in_scope(&subtrees, &singles)
        .await?
        .into_iter()
        .filter(|u| text::matches_search(&key, &u.name) || text::fold(&u.code).contains(&key))
        .collect();
    units.sort_by(|a, b| a.name_sort.cmp(&b.name_sort));
    let more = people.len() > LIMIT || units.len() > LIMIT;
    people.truncate(LIMIT);
    units.truncate(LIMIT);
    Ok(Some(Found {
        people,
        units,
        more,
    }))
}
