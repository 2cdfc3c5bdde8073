//! Criteria sets, their versions, position overrides and rule choices (issue 4). Like
//! tests/store.rs: SQLite by default, PostgreSQL when DANHGIA_TEST_DATABASE_URL is set.

use danhgia_domain::catalogue::Catalogue;
use danhgia_domain::criteria::CriteriaSet;
use danhgia_domain::org::Block;
use danhgia_store::testing::fresh_store;
use danhgia_store::{NewUnit, SetRow, Store, StoreError, SyncOutcome, preset_for};

mod common;

use common::{account, tree, unit};

type R = Result<(), Box<dyn std::error::Error>>;

/// A shipped set used throughout (Hanoi form 8: civil servants of departments).
const HN08: &str = "hn-08-cong-chuc-so-nganh";
/// Another shipped set, for a second override target.
const HN15: &str = "hn-15-cong-chuc-quan-huyen-xa";

fn catalogue() -> Result<&'static Catalogue, Box<dyn std::error::Error>> {
    Catalogue::get().map_err(|e| format!("shipped catalogue does not load: {e:?}").into())
}

async fn path(s: &Store, unit_id: &str) -> Result<String, StoreError> {
    Ok(s.unit(unit_id).await?.path)
}

/// The title of the first criterion of the first section that has one.
fn first_criterion_title(set: &CriteriaSet) -> Option<&str> {
    set.sections
        .iter()
        .flat_map(|s| s.criteria.iter())
        .map(|c| c.title.as_str())
        .next()
}

/// Renames the first criterion (see [`first_criterion_title`]).
fn rename_first_criterion(set: &mut CriteriaSet, title: &str) -> Result<(), &'static str> {
    let c = set
        .sections
        .iter_mut()
        .flat_map(|s| s.criteria.iter_mut())
        .next()
        .ok_or("set has no criterion")?;
    c.title = title.to_owned();
    Ok(())
}

/// Copies the shipped HN08 into a new editable set `key`, by `by`.
async fn copy_hn08(s: &Store, key: &str, by: &str) -> Result<SetRow, Box<dyn std::error::Error>> {
    let from = s.criteria_set(HN08).await?;
    let mut set = s.set_version(&from, None).await?.set()?;
    set.key = key.into();
    set.title = format!("Bản sao: {}", set.title);
    Ok(s.copy_set(&from, &set, by).await?)
}

#[tokio::test]
async fn fresh_store_holds_every_shipped_set_at_version_1_and_resync_is_a_no_op() -> R {
    let (s, _) = fresh_store().await?;
    let cat = catalogue()?;
    let sets = s.criteria_sets().await?;
    assert_eq!(sets.len(), 26);
    assert_eq!(sets.len(), cat.sets.len());
    let count = |p: &str| sets.iter().filter(|r| r.preset == p).count();
    assert_eq!(
        (
            count("hanoi-2021"),
            count("quang-tri-2019"),
            count("nd335-2026")
        ),
        (19, 6, 1)
    );
    // Ordered by preset, then key.
    let order: Vec<(&str, &str)> = sets
        .iter()
        .map(|r| (r.preset.as_str(), r.key.as_str()))
        .collect();
    let mut sorted = order.clone();
    sorted.sort_unstable();
    assert_eq!(order, sorted);

    for row in &sets {
        assert!(row.shipped, "{}", row.key);
        assert_eq!(row.copied_from, None, "{}", row.key);
        assert_eq!(row.current_version, 1, "{}", row.key);
        let shipped = cat.set(&row.key).ok_or("stored set not in catalogue")?;
        assert_eq!(row.title, shipped.title);
        assert_eq!(row.preset, shipped.preset);
        let versions = s.set_versions(&row.id).await?;
        assert_eq!(versions.len(), 1, "{}", row.key);
        let v = &versions[0];
        assert_eq!((v.version, v.set_id.as_str()), (1, row.id.as_str()));
        assert_eq!(v.created_by, None);
        assert_eq!(v.note, "data/criteria");
        assert_eq!(v.body, shipped.to_toml());
        assert_eq!(
            &v.set()?,
            shipped,
            "{} round-trips through the store",
            row.key
        );
        assert_eq!(s.criteria_set(&row.key).await?.id, row.id);
    }

    assert_eq!(s.sync_shipped_sets(cat).await?, SyncOutcome::default());
    // Migrating again (what every start does) changes nothing either.
    s.migrate().await?;
    let again = s.criteria_sets().await?;
    assert_eq!(again.len(), 26);
    for row in &again {
        assert_eq!(row.current_version, 1, "{}", row.key);
        assert_eq!(s.set_versions(&row.id).await?.len(), 1, "{}", row.key);
    }
    assert!(matches!(
        s.criteria_set("no-such-set").await,
        Err(StoreError::NotFound)
    ));
    Ok(())
}

#[tokio::test]
async fn changed_shipped_set_becomes_a_new_version_and_the_old_one_stays() -> R {
    let (s, _) = fresh_store().await?;
    let cat = catalogue()?;
    let before = s.criteria_set(HN08).await?;
    let v1 = s.set_version(&before, None).await?;
    let shipped = cat.set(HN08).ok_or("HN08 not shipped")?;
    let old_title = first_criterion_title(shipped).ok_or("no criterion")?;

    let mut changed = cat.clone();
    let (_, set) = changed
        .sets
        .iter_mut()
        .find(|(_, s)| s.key == HN08)
        .ok_or("HN08 not shipped")?;
    rename_first_criterion(set, "Tiêu chí đã sửa trong bản phát hành mới")?;
    assert_eq!(
        s.sync_shipped_sets(&changed).await?,
        SyncOutcome {
            added: 0,
            new_versions: 1
        }
    );

    let after = s.criteria_set(HN08).await?;
    assert_eq!(
        (after.id.as_str(), after.current_version),
        (before.id.as_str(), 2)
    );
    assert!(after.shipped);
    let versions = s.set_versions(&after.id).await?;
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        vec![2, 1],
        "newest first"
    );
    // Version 1 is still there, byte for byte.
    let old = s.set_version_by_id(&v1.id).await?;
    assert_eq!((old.version, &old.body), (1, &v1.body));
    assert_eq!(first_criterion_title(&old.set()?), Some(old_title));
    assert_eq!(s.set_version(&after, Some(1)).await?.id, v1.id);
    let current = s.set_version(&after, None).await?;
    assert_eq!(current.version, 2);
    assert_ne!(current.id, v1.id);
    assert_eq!(
        first_criterion_title(&current.set()?),
        Some("Tiêu chí đã sửa trong bản phát hành mới")
    );
    // Other sets did not move.
    assert_eq!(s.criteria_set(HN15).await?.current_version, 1);

    // Same text again: nothing. Back to the original text: that is a change too.
    assert_eq!(s.sync_shipped_sets(&changed).await?, SyncOutcome::default());
    assert_eq!(
        s.sync_shipped_sets(cat).await?,
        SyncOutcome {
            added: 0,
            new_versions: 1
        }
    );
    let reverted = s.criteria_set(HN08).await?;
    assert_eq!(reverted.current_version, 3);
    assert_eq!(s.set_version(&reverted, None).await?.body, v1.body);

    // A set new in the catalogue is added at version 1.
    let mut grown = cat.clone();
    let mut extra = shipped.clone();
    extra.key = "hn-99-bo-sung".into();
    grown
        .sets
        .push(("hanoi-2021/hn-99-bo-sung.toml".into(), extra));
    assert_eq!(
        s.sync_shipped_sets(&grown).await?,
        SyncOutcome {
            added: 1,
            new_versions: 0
        }
    );
    let added = s.criteria_set("hn-99-bo-sung").await?;
    assert!(added.shipped);
    assert_eq!(added.current_version, 1);
    assert_eq!(s.criteria_sets().await?.len(), 27);
    Ok(())
}

#[tokio::test]
async fn edited_copy_keeps_the_old_version_for_evaluations_done_on_it() -> R {
    let (s, _) = fresh_store().await?;
    let admin = s.create_account(&account("quantri")).await?;
    let source = s.criteria_set(HN08).await?;
    let source_v1 = s.set_version(&source, None).await?;

    let copy = copy_hn08(&s, "hn-08-ban-sao", &admin).await?;
    assert_eq!(copy.key, "hn-08-ban-sao");
    assert_eq!(copy.copied_from.as_deref(), Some(HN08));
    assert!(!copy.shipped);
    assert_eq!(copy.current_version, 1);
    assert_eq!(copy.preset, "hanoi-2021");
    assert!(copy.title.starts_with("Bản sao: "));
    assert_ne!(copy.id, source.id);
    let listed = s.criteria_sets().await?;
    assert_eq!(listed.len(), 27);
    assert!(listed.iter().any(|r| r.key == copy.key && !r.shipped));

    // An evaluation scored on the copy keeps the id of the version it used.
    let v1 = s.set_version(&copy, None).await?;
    assert_eq!(v1.version, 1);
    assert_eq!(v1.created_by.as_deref(), Some("quantri"));
    assert_eq!(v1.note, format!("copy of {HN08} v1"));
    let mut set = v1.set()?;
    assert_eq!(set.key, copy.key);
    let old_title = first_criterion_title(&set)
        .ok_or("no criterion")?
        .to_owned();

    rename_first_criterion(&mut set, "Chấp hành nội quy cơ quan (đã sửa)")?;
    let n = s
        .save_set_version(&copy.key, 1, &set, "sửa tiêu chí 1", &admin)
        .await?;
    assert_eq!(n, 2);

    let old = s.set_version_by_id(&v1.id).await?;
    assert_eq!(old.version, 1);
    assert_eq!(old.body, v1.body);
    assert_eq!(first_criterion_title(&old.set()?), Some(old_title.as_str()));

    let now = s.criteria_set(&copy.key).await?;
    assert_eq!(now.current_version, 2);
    let current = s.set_version(&now, None).await?;
    assert_eq!(current.version, 2);
    assert_eq!(current.note, "sửa tiêu chí 1");
    assert_eq!(current.created_by.as_deref(), Some("quantri"));
    assert_eq!(
        first_criterion_title(&current.set()?),
        Some("Chấp hành nội quy cơ quan (đã sửa)")
    );
    assert_eq!(current.set()?, set);
    assert_eq!(s.set_versions(&now.id).await?.len(), 2);

    // The shipped source is untouched.
    let source_now = s.criteria_set(HN08).await?;
    assert_eq!(source_now.current_version, 1);
    assert_eq!(s.set_version(&source_now, None).await?.body, source_v1.body);
    Ok(())
}

#[tokio::test]
async fn stale_shipped_unchanged_and_duplicate_saves() -> R {
    let (s, _) = fresh_store().await?;
    let admin = s.create_account(&account("quantri")).await?;
    let copy = copy_hn08(&s, "hn-08-ban-sao", &admin).await?;
    let mut set = s.set_version(&copy, None).await?.set()?;

    // Two editors opened version 1; the first saves.
    rename_first_criterion(&mut set, "Bản sửa của người thứ nhất")?;
    assert_eq!(
        s.save_set_version(&copy.key, 1, &set, "a", &admin).await?,
        2
    );
    let v2 = s
        .set_version(&s.criteria_set(&copy.key).await?, None)
        .await?;

    // The second, still on version 1, is refused and nothing is written.
    let mut other = set.clone();
    rename_first_criterion(&mut other, "Bản sửa của người thứ hai")?;
    let err = s
        .save_set_version(&copy.key, 1, &other, "b", &admin)
        .await
        .err();
    assert!(
        matches!(err, Some(StoreError::Refused("set_changed"))),
        "{err:?}"
    );
    let row = s.criteria_set(&copy.key).await?;
    assert_eq!(row.current_version, 2);
    let versions = s.set_versions(&row.id).await?;
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0].id, v2.id);
    assert_eq!(versions[0].body, v2.body);
    // An expected version ahead of the set is stale too.
    assert!(matches!(
        s.save_set_version(&copy.key, 3, &other, "b", &admin).await,
        Err(StoreError::Refused("set_changed"))
    ));

    // Saving what is already there writes nothing and answers the current version.
    assert_eq!(
        s.save_set_version(&copy.key, 2, &set, "again", &admin)
            .await?,
        2
    );
    let row = s.criteria_set(&copy.key).await?;
    assert_eq!(row.current_version, 2);
    assert_eq!(s.set_versions(&row.id).await?.len(), 2);
    assert_eq!(s.set_version(&row, None).await?.note, "a");

    // A shipped set cannot be edited in place (copy it).
    let shipped = s.criteria_set(HN08).await?;
    let mut shipped_set = s.set_version(&shipped, None).await?.set()?;
    rename_first_criterion(&mut shipped_set, "Không được sửa bộ gốc")?;
    let err = s
        .save_set_version(HN08, 1, &shipped_set, "x", &admin)
        .await
        .err();
    assert!(
        matches!(err, Some(StoreError::Refused("set_shipped"))),
        "{err:?}"
    );
    assert_eq!(s.criteria_set(HN08).await?.current_version, 1);
    assert_eq!(s.set_versions(&shipped.id).await?.len(), 1);

    // Unknown set.
    assert!(matches!(
        s.save_set_version("no-such-set", 1, &set, "x", &admin)
            .await,
        Err(StoreError::NotFound)
    ));

    // Copying onto a key in use: the copy's or a shipped one.
    let before = s.criteria_sets().await?.len();
    for taken in ["hn-08-ban-sao", HN15] {
        let err = copy_hn08(&s, taken, &admin).await.err();
        let err = err.ok_or("copy onto a taken key succeeded")?;
        assert!(
            matches!(
                err.downcast_ref::<StoreError>(),
                Some(StoreError::Duplicate("criteria_set_key"))
            ),
            "{taken}: {err:?}"
        );
    }
    assert_eq!(s.criteria_sets().await?.len(), before);
    assert_eq!(s.criteria_set(HN15).await?.current_version, 1);
    assert!(s.criteria_set(HN15).await?.shipped);
    let row = s.criteria_set("hn-08-ban-sao").await?;
    assert_eq!(row.current_version, 2);
    assert_eq!(s.set_versions(&row.id).await?.len(), 2);
    Ok(())
}

#[tokio::test]
async fn overrides_reach_the_subtree_only_and_match_titles_folded() -> R {
    let (s, _) = fresh_store().await?;
    let admin = s.create_account(&account("quantri")).await?;
    let (d, a, b, a1) = tree(&s).await?;
    let (pd, pa, pb, pa1) = (
        path(&s, &d).await?,
        path(&s, &a).await?,
        path(&s, &b).await?,
        path(&s, &a1).await?,
    );
    assert!(s.criteria_overrides(&pd).await?.is_empty());

    s.set_override(&a, "Chuyên viên", Some(HN08), &admin)
        .await?;
    let below = s.criteria_overrides(&pa1).await?;
    assert_eq!(below.len(), 1, "{below:?}");
    let o = &below[0];
    assert_eq!(
        (
            o.unit_id.as_str(),
            o.unit_path.as_str(),
            o.unit_name.as_str(),
            o.title.as_str(),
            o.set_key.as_str(),
        ),
        (a.as_str(), pa.as_str(), "Xã An Phú", "Chuyên viên", HN08)
    );
    assert_eq!(o.set_title, s.criteria_set(HN08).await?.title);
    assert_eq!(s.criteria_overrides(&pa).await?.len(), 1, "the unit itself");
    assert!(
        s.criteria_overrides(&pb).await?.is_empty(),
        "a sibling subtree does not see it"
    );
    // A page about the root sees what is set in its subtree.
    assert_eq!(s.criteria_overrides(&pd).await?.len(), 1);

    // One on the root reaches every unit; nearest units come last.
    s.set_override(&d, "Kế toán", Some(HN15), &admin).await?;
    let below = s.criteria_overrides(&pa1).await?;
    let seen: Vec<(&str, &str)> = below
        .iter()
        .map(|o| (o.unit_id.as_str(), o.set_key.as_str()))
        .collect();
    assert_eq!(seen, vec![(d.as_str(), HN15), (a.as_str(), HN08)]);
    let sibling = s.criteria_overrides(&pb).await?;
    assert_eq!(sibling.len(), 1);
    assert_eq!(sibling[0].unit_id, d);

    // Titles are folded: "chuyen  vien" is the same override, and replaces it.
    s.set_override(&a, "chuyen  vien", Some(HN15), &admin)
        .await?;
    let at_a: Vec<_> = s
        .criteria_overrides(&pa1)
        .await?
        .into_iter()
        .filter(|o| o.unit_id == a)
        .collect();
    assert_eq!(at_a.len(), 1, "{at_a:?}");
    assert_eq!(at_a[0].set_key, HN15);
    assert_eq!(at_a[0].title, "chuyen  vien");

    // An unknown set is refused and nothing changes (the existing override stays).
    let err = s
        .set_override(&a, "CHUYÊN VIÊN", Some("no-such-set"), &admin)
        .await
        .err();
    assert!(
        matches!(err, Some(StoreError::Refused("unknown_set"))),
        "{err:?}"
    );
    let err = s
        .set_override(&b, "Văn thư", Some("no-such-set"), &admin)
        .await
        .err();
    assert!(
        matches!(err, Some(StoreError::Refused("unknown_set"))),
        "{err:?}"
    );
    let all = s.criteria_overrides(&pd).await?;
    assert_eq!(all.len(), 2, "{all:?}");
    let at_a: Vec<_> = all.iter().filter(|o| o.unit_id == a).collect();
    assert_eq!(at_a.len(), 1);
    assert_eq!(at_a[0].set_key, HN15);

    // None removes it, whatever the spelling.
    s.set_override(&a, "CHUYÊN VIÊN", None, &admin).await?;
    let below = s.criteria_overrides(&pa1).await?;
    assert_eq!(below.len(), 1);
    assert_eq!(below[0].unit_id, d);
    // Removing what is not there is fine.
    s.set_override(&a, "Chuyên viên", None, &admin).await?;
    assert_eq!(s.criteria_overrides(&pd).await?.len(), 1);

    // A copied (non-shipped) set can be the target as well.
    let copy = copy_hn08(&s, "hn-08-ban-sao", &admin).await?;
    s.set_override(&b, "Văn thư", Some(&copy.key), &admin)
        .await?;
    let at_b = s.criteria_overrides(&pb).await?;
    assert!(
        at_b.iter()
            .any(|o| o.unit_id == b && o.set_key == copy.key && o.set_title == copy.title)
    );
    assert!(
        !s.criteria_overrides(&pa1)
            .await?
            .iter()
            .any(|o| o.unit_id == b)
    );
    Ok(())
}

#[tokio::test]
async fn rule_choices_per_tenant_and_block() -> R {
    let (s, _) = fresh_store().await?;
    let admin = s.create_account(&account("quantri")).await?;
    let (d, _a, _b, a1) = tree(&s).await?;
    let other = s
        .create_unit(&NewUnit {
            suffix: Some("huyenkhac".into()),
            ..unit(None, "HK", "Huyện Khác")
        })
        .await?;
    let (pd, pa1) = (path(&s, &d).await?, path(&s, &a1).await?);
    let gov = Block::Government.as_str();
    let edu = Block::Education.as_str();

    assert!(s.rule_choices().await?.is_empty());
    assert_eq!(preset_for(&[], &pa1, gov, "hanoi-2021"), "hanoi-2021");

    s.set_rule_choice(&d, "", "quang-tri-2019", &admin).await?;
    let choices = s.rule_choices().await?;
    assert_eq!(choices.len(), 1);
    assert_eq!(
        (
            choices[0].unit_id.as_str(),
            choices[0].unit_path.as_str(),
            choices[0].block.as_str(),
            choices[0].preset.as_str()
        ),
        (d.as_str(), pd.as_str(), "", "quang-tri-2019")
    );
    assert_eq!(
        preset_for(&choices, &pa1, gov, "hanoi-2021"),
        "quang-tri-2019"
    );
    assert_eq!(
        preset_for(&choices, &pd, gov, "hanoi-2021"),
        "quang-tri-2019"
    );

    s.set_rule_choice(&d, edu, "nd335-2026", &admin).await?;
    let choices = s.rule_choices().await?;
    assert_eq!(
        choices
            .iter()
            .map(|c| (c.block.as_str(), c.preset.as_str()))
            .collect::<Vec<_>>(),
        vec![("", "quang-tri-2019"), (edu, "nd335-2026")]
    );
    assert_eq!(preset_for(&choices, &pa1, edu, "hanoi-2021"), "nd335-2026");
    assert_eq!(
        preset_for(&choices, &pa1, gov, "hanoi-2021"),
        "quang-tri-2019"
    );
    // Another tenant has no choice: the default.
    assert_eq!(
        preset_for(&choices, &other.path, edu, "hanoi-2021"),
        "hanoi-2021"
    );

    // Choosing again replaces.
    s.set_rule_choice(&d, "", "hanoi-2021", &admin).await?;
    s.set_rule_choice(&d, edu, "quang-tri-2019", &admin).await?;
    let choices = s.rule_choices().await?;
    assert_eq!(choices.len(), 2, "{choices:?}");
    assert_eq!(preset_for(&choices, &pa1, gov, "nd335-2026"), "hanoi-2021");
    assert_eq!(
        preset_for(&choices, &pa1, edu, "nd335-2026"),
        "quang-tri-2019"
    );

    // The other tenant's own choice applies to it alone.
    s.set_rule_choice(&other.id, "", "nd335-2026", &admin)
        .await?;
    let choices = s.rule_choices().await?;
    assert_eq!(choices.len(), 3);
    assert_eq!(
        preset_for(&choices, &other.path, gov, "hanoi-2021"),
        "nd335-2026"
    );
    assert_eq!(preset_for(&choices, &pa1, gov, "x"), "hanoi-2021");
    Ok(())
}

#[tokio::test]
async fn concurrent_saves_one_wins_the_other_is_told_the_set_changed() -> R {
    let (s, _) = fresh_store().await?;
    let admin = s.create_account(&account("quantri")).await?;
    let copy = copy_hn08(&s, "hn-08-ban-sao", &admin).await?;
    let base = s.set_version(&copy, None).await?.set()?;
    for round in 0..20 {
        let n = s.criteria_set(&copy.key).await?.current_version;
        let (mut x, mut y) = (base.clone(), base.clone());
        rename_first_criterion(&mut x, &format!("x{round}"))?;
        rename_first_criterion(&mut y, &format!("y{round}"))?;
        let (rx, ry) = tokio::join!(
            s.save_set_version(&copy.key, n, &x, "x", &admin),
            s.save_set_version(&copy.key, n, &y, "y", &admin)
        );
        let ok = [&rx, &ry].iter().filter(|r| r.is_ok()).count();
        assert_eq!(ok, 1, "round {round}: {rx:?} {ry:?}");
        for r in [&rx, &ry] {
            match r {
                Ok(v) => assert_eq!(*v, n + 1),
                Err(e) => assert!(
                    matches!(e, StoreError::Refused("set_changed")),
                    "round {round}: {e:?}"
                ),
            }
        }
    }
    let row = s.criteria_set(&copy.key).await?;
    assert_eq!(row.current_version, 21);
    assert_eq!(s.set_versions(&row.id).await?.len(), 21);
    Ok(())
}
