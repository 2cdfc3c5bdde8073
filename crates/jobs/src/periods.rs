//! Opening each month's period (SPEC M4.1): on any day of a month, every tenant without that
//! month's period gets it, with its calendar (Hanoi's, Quy chế Đ.12, unless the tenant set
//! its own); the system admin may change the days of each period. Staff who joined since get their form. Idempotent, so several app
//! servers may run it at once (a second opener meets the unique month and moves on).

use std::time::Duration;

use danhgia_store::{Store, StoreError};
use time::Date;

/// What one run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Opened {
    pub periods: usize,
    pub forms: usize,
}

/// Opens `today`'s month for every tenant that lacks it, with the tenant's calendar (Hanoi's
/// days where it has set none), and writes the forms of people who joined since their tenant's
/// period opened.
pub async fn open_due_periods(store: &Store, today: Date) -> Result<Opened, StoreError> {
    let mut out = Opened::default();
    let (year, month) = (today.year(), today.month());
    for tenant in store.tenants().await? {
        let setting = store.tenant_calendar(&tenant.id).await?;
        let Some(new) = setting.period(&tenant.id, year, month) else {
            continue;
        };
        match store.period_of_month(&tenant.id, year, month).await? {
            Some(p) => out.forms += store.add_missing_forms(&p.id).await?,
            None => {
                match store.open_period(&new, None).await {
                    Ok((_, n)) => {
                        out.periods += 1;
                        out.forms += n;
                        tracing::info!(tenant = %tenant.name, period = %format!("{:02}/{year}", u8::from(month)), forms = n, "period opened");
                    }
                    // Another server opened it first.
                    Err(StoreError::Duplicate(_)) => {}
                    Err(e) => return Err(e),
                }
            }
        }
    }
    Ok(out)
}

/// Runs [`open_due_periods`] now and then every `every`, until the task is dropped, and lets the
/// store refresh the query planner's statistics where tables grew (a new month's forms change
/// which index is best; issue 6).
pub async fn run_period_opener(store: Store, every: Duration) {
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        if let Err(e) = open_due_periods(&store, danhgia_store::today()).await {
            tracing::warn!(error = %e, "opening periods failed");
        }
        if let Err(e) = store.optimize().await {
            tracing::warn!(error = %e, "refreshing the planner's statistics failed");
        }
    }
}
