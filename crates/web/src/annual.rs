//! The annual evaluation built from the months (issue 10 §6, SPEC M6.3; rules in
//! `danhgia_domain::annual`), shared by the pages and the API.
//!
//! The year's period is an ordinary period (month 0) whose forms go through the same decision
//! chain and quota. Its form shows the person's published months of the year (months per grade,
//! the mean), the self-assessment starts pre-filled with each item's mean over those months, and
//! the leader decides the proposal: the months' mean (NĐ 335 Đ.17.3), not graded under six
//! months (Đ.11.1), or the admin's note (Quảng Trị Đ.2.8–2.9: a paper result from the old unit,
//! or not evaluated for full-time study).

use std::collections::BTreeMap;

use danhgia_domain::annual::{self, Month, Proposal};
use danhgia_domain::evaluation::{Score, Sheet};
use danhgia_domain::points::Points;
use danhgia_store::AnnualNote;

use crate::AppState;
use crate::error::AppError;
use crate::evaluation::Loaded;

/// What the annual form shows beside the self-assessment.
#[derive(Debug, Clone)]
pub struct YearRecord {
    pub months: Vec<Month>,
    pub proposal: Proposal,
    pub note: Option<AnnualNote>,
}

/// The year's record of the form's person, for a form of the year's period; `None` otherwise.
pub async fn record(state: &AppState, l: &Loaded) -> Result<Option<YearRecord>, AppError> {
    if !l.period.is_year() {
        return Ok(None);
    }
    let months = state
        .store
        .year_months(&l.form.person_id, l.period.year)
        .await?;
    let note = state.store.annual_note(&l.form.id).await?;
    let proposal = annual::propose(
        l.preset,
        &months,
        note.as_ref().and_then(AnnualNote::rule).as_ref(),
    );
    Ok(Some(YearRecord {
        months,
        proposal,
        note,
    }))
}

/// The self-assessment an annual form starts from: each item's mean over the sheets its
/// published months were decided on (the items of the form's set only). `None` when there is
/// nothing to start from.
pub async fn prefill(state: &AppState, l: &Loaded) -> Result<Option<Sheet>, AppError> {
    let Some(set) = l.set.as_ref().filter(|_| l.period.is_year()) else {
        return Ok(None);
    };
    let mut by_item: BTreeMap<String, Vec<Points>> = BTreeMap::new();
    for text in state
        .store
        .year_sheets(&l.form.person_id, l.period.year)
        .await?
    {
        let Ok(sheet) = serde_json::from_str::<Sheet>(&text) else {
            continue;
        };
        for (item, score) in sheet.scores {
            by_item.entry(item).or_default().push(score.points);
        }
    }
    let items: Vec<String> = set
        .sections
        .iter()
        .flat_map(|s| {
            let mut ids: Vec<String> = s
                .criteria
                .iter()
                .map(|c| danhgia_domain::criteria::CriteriaSet::item_id(s, c))
                .collect();
            ids.push(s.code.clone());
            ids
        })
        .collect();
    let mut out = Sheet::default();
    for (item, points) in by_item {
        if let Some(mean) = danhgia_domain::preset::mean(&points).filter(|_| items.contains(&item))
        {
            out.scores.insert(
                item,
                Score {
                    points: mean,
                    reason: String::new(),
                },
            );
        }
    }
    Ok((!out.scores.is_empty()).then_some(out))
}
