//! The demo's work planning (issue 7): the district's product catalogue (NĐ 335 Đ.13), the
//! published monthly plan of the Văn phòng (HM-VP), and for each of its members but one a frozen
//! plan with outcomes, an unplanned task, the log of this week and last week (last week approved
//! or returned, this week waiting), and KPI tasks from the catalogue, reported and rated. One
//! member is left with an empty month to try planning from scratch.

use anyhow::{Context, Result};
use danhgia_domain::kpi::Units;
use danhgia_domain::people::PositionRank;
use danhgia_domain::work::{self, Decision, ItemInput, LogInput, Outcome, PlanMonth};
use danhgia_store::{NewItem, NewTask, ProductInput, Store, TaskRating, TaskReport};
use serde::Deserialize;
use time::{Date, Duration};

use crate::demo::DemoAccount;

const CATALOGUE: &str = include_str!("../../../data/demo/danh-muc-san-pham.json");

#[derive(Deserialize)]
struct Catalogue {
    products: Vec<Product>,
}

#[derive(Deserialize)]
struct Product {
    code: String,
    task: String,
    name: String,
    group: i64,
    measure: String,
    coefficient: String,
}

fn item(
    title: &str,
    expected: &str,
    due: Option<Date>,
    day: Option<Date>,
    weight: u8,
) -> ItemInput {
    ItemInput {
        title: title.into(),
        expected: expected.into(),
        due,
        day,
        weight,
    }
}

/// Loads the work demo; returns the account left with an empty month.
pub async fn load(store: &Store) -> Result<Option<DemoAccount>> {
    let today = danhgia_store::today();
    let month = PlanMonth::of(today);
    let root = store
        .tenants()
        .await?
        .into_iter()
        .next()
        .context("the demo has no tenant")?;
    let cat: Catalogue =
        serde_json::from_str(CATALOGUE).context("data/demo/danh-muc-san-pham.json is invalid")?;
    let products: Vec<ProductInput> = cat
        .products
        .into_iter()
        .map(|p| {
            Ok(ProductInput {
                coefficient: Units::parse(&p.coefficient)
                    .with_context(|| format!("coefficient of {}", p.code))?
                    .thousandths(),
                code: p.code,
                task: p.task,
                name: p.name,
                group_no: p.group,
                measure: p.measure,
                note: String::new(),
            })
        })
        .collect::<Result<_>>()?;
    store.save_catalogue(&root.id, &products).await?;

    let vp = store.unit_by_code("HM-VP").await?;
    let people = store.people_in_unit(&vp.id).await?;
    let head = people
        .iter()
        .find(|p| p.rank == PositionRank::Head)
        .context("HM-VP has no head")?;
    let day_of =
        |d: u8| Date::from_calendar_date(month.year, month.month, d.min(month.last_day().day()));

    // The unit's own plan, published for its staff to link to.
    let unit_plan = store.unit_plan_or_new(&vp.id, &month.key()).await?;
    let mut unit_items = Vec::new();
    for (title, expected, d) in [
        (
            "Báo cáo kinh tế - xã hội tháng",
            "Báo cáo trình UBND huyện",
            20,
        ),
        ("Chuẩn bị kỳ họp HĐND huyện", "Đủ tài liệu trước 5 ngày", 25),
        ("Cải cách hành chính, một cửa", "100% hồ sơ đúng hạn", 28),
    ] {
        let id = store
            .add_item(
                &unit_plan.id,
                &NewItem {
                    kind: "month",
                    unplanned: false,
                    input: item(title, expected, Some(day_of(d)?), None, 3),
                    link_id: None,
                    recurring: false,
                },
                "demo",
            )
            .await?;
        unit_items.push(id);
    }
    store.freeze_plan(&unit_plan.id, true).await?;

    let catalogue = store.catalogue(&vp).await?;
    let product = |code: &str| catalogue.iter().find(|p| p.code == code);
    let members: Vec<_> = people
        .iter()
        .filter(|p| p.rank == PositionRank::Member)
        .collect();
    // The last member (in name order) keeps an empty month.
    let Some((empty, filled)) = members.split_last() else {
        return Ok(None);
    };
    let this_monday = work::week_start(today);
    let last_monday = this_monday - Duration::days(7);
    for (n, p) in filled.iter().enumerate() {
        let plan = store.person_plan(p, &month.key()).await?;
        let planned = [
            (
                "Tổng hợp số liệu báo cáo tháng",
                "Bảng số liệu gửi tổ tổng hợp",
                15,
                Some(0usize),
            ),
            (
                "Dự thảo tờ trình kỳ họp",
                "Tờ trình trình lãnh đạo",
                22,
                Some(1),
            ),
            ("Theo dõi hồ sơ một cửa", "Không hồ sơ trễ hạn", 28, Some(2)),
            ("Rà soát văn bản hết hiệu lực", "Danh mục văn bản", 26, None),
        ];
        let mut ids = Vec::new();
        for (title, expected, d, link) in planned {
            ids.push(
                store
                    .add_item(
                        &plan.id,
                        &NewItem {
                            kind: "month",
                            unplanned: false,
                            input: item(title, expected, Some(day_of(d)?), None, 2),
                            link_id: link.and_then(|i| unit_items.get(i).cloned()),
                            recurring: false,
                        },
                        "demo",
                    )
                    .await?,
            );
        }
        store.freeze_plan(&plan.id, false).await?;
        // What has happened so far this month.
        let finished = if today.day() > 10 { day_of(10)? } else { today };
        store
            .set_outcome(&ids[0], Some(Outcome::Done), finished)
            .await?;
        if n % 2 == 0 {
            store
                .set_outcome(&ids[3], Some(Outcome::Partly), today)
                .await?;
        }
        // A task added after freezing, and the week's schedule with an unplanned task.
        store
            .add_item(
                &plan.id,
                &NewItem {
                    kind: "month",
                    unplanned: false,
                    input: item(
                        "Chuẩn bị đoàn kiểm tra của tỉnh",
                        "Hồ sơ đoàn kiểm tra",
                        Some(month.last_day()),
                        None,
                        1,
                    ),
                    link_id: None,
                    recurring: false,
                },
                "demo",
            )
            .await?;
        for (d, title, unplanned, recurring) in [
            (0i64, "Giao ban đầu tuần của Văn phòng", false, true),
            (2, "Tiếp công dân theo lịch", false, true),
            (1, "Xử lý đơn thư đột xuất", true, false),
        ] {
            let day = this_monday + Duration::days(d);
            let plan_of_day = store.person_plan(p, &PlanMonth::of(day).key()).await?;
            store
                .add_item(
                    &plan_of_day.id,
                    &NewItem {
                        kind: "week",
                        unplanned,
                        input: item(title, "", None, Some(day), 1),
                        link_id: None,
                        recurring,
                    },
                    "demo",
                )
                .await?;
        }
        // Last week's log, decided; this week's, waiting.
        let entry = |day: Date, what: &str, result: &str| LogInput {
            day,
            what: what.into(),
            result: result.into(),
            evidence: String::new(),
        };
        for d in 0..5 {
            let day = last_monday + Duration::days(d);
            store
                .add_log(
                    &p.id,
                    &entry(day, "Tổng hợp số liệu, soạn văn bản", "Hoàn thành"),
                    None,
                )
                .await?;
        }
        let last_sunday = last_monday + Duration::days(6);
        let review = store
            .submit_log(&p.id, last_monday, last_sunday, &head.id)
            .await?;
        if n % 3 == 2 {
            store
                .decide_log(
                    &review,
                    Decision::Return,
                    "Ghi rõ số văn bản đã ban hành",
                    &head.full_name,
                )
                .await?;
        } else {
            store
                .decide_log(&review, Decision::Approve, "", &head.full_name)
                .await?;
        }
        let mut day = this_monday;
        while day < today {
            store
                .add_log(
                    &p.id,
                    &entry(day, "Theo dõi hồ sơ một cửa", "Không hồ sơ trễ hạn"),
                    None,
                )
                .await?;
            day = day.next_day().context("date")?;
        }
        if this_monday < today {
            store
                .submit_log(
                    &p.id,
                    this_monday,
                    today.previous_day().context("date")?,
                    &head.id,
                )
                .await?;
        }
        // KPI tasks from the catalogue: one done and rated, one done late with a major error,
        // one not reported yet.
        let tasks = [("SP03", "2", 10u8), ("SP01", "4", 12), ("SP05", "1", 27)];
        for (i, (code, qty, due)) in tasks.iter().enumerate() {
            let Some(prod) = product(code) else { continue };
            let quantity = Units::parse(qty).context("quantity")?.thousandths();
            let due = day_of(*due)?;
            let id = store
                .assign_task(
                    &NewTask {
                        person_id: p.id.clone(),
                        unit_id: vp.id.clone(),
                        month: month.key(),
                        product_id: Some(prod.id.clone()),
                        title: prod.name.clone(),
                        origin: "assigned",
                        quantity,
                        coefficient: prod.coefficient,
                        due,
                    },
                    &head.full_name,
                )
                .await?;
            if i == 2 || due > today {
                continue;
            }
            let late = i == 1 && n % 2 == 1 && due < today;
            store
                .report_task(
                    &id,
                    &TaskReport {
                        done_quantity: quantity,
                        reported_on: Some(if late { due + Duration::days(1) } else { due }),
                        product_ref: format!("Văn bản số {}/VP", 100 + n * 10 + i),
                        handed_back: false,
                    },
                )
                .await?;
            store
                .rate_task(
                    &id,
                    TaskRating {
                        quality: "met",
                        quality_errors: i64::from(late),
                        errors_excused: 0,
                        delay_excused: false,
                    },
                    &head.full_name,
                )
                .await?;
        }
    }
    let username = empty.username.clone().unwrap_or_default();
    Ok(Some(DemoAccount {
        username,
        what: format!(
            "{} (HM-VP), staff member with an empty month to plan",
            empty.position_title
        ),
    }))
}
