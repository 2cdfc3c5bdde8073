//! Property test of the subtree query on the real backend: for random trees and random moves,
//! `units_in_scope(root)` returns exactly the units whose chain of parents reaches `root`.

use std::collections::HashMap;

use danhgia_domain::org::{Block, UnitKind, UnitLevel};
use danhgia_store::testing::fresh_store;
use danhgia_store::{NewUnit, StoreError};
use proptest::prelude::*;

fn chain_reaches<'a>(
    parents: &'a HashMap<String, Option<String>>,
    mut id: &'a str,
    root: &str,
) -> bool {
    loop {
        if id == root {
            return true;
        }
        match parents.get(id).and_then(|p| p.as_deref()) {
            Some(p) => id = p,
            None => return false,
        }
    }
}

async fn check(shape: Vec<Option<usize>>, moves: Vec<(usize, usize)>) -> Result<(), StoreError> {
    let (s, _) = fresh_store().await?;
    let mut ids: Vec<String> = Vec::new();
    for (i, parent) in shape.iter().enumerate() {
        let parent_id = if ids.is_empty() {
            None
        } else {
            parent.map(|p| ids[p % ids.len()].clone())
        };
        let u = s
            .create_unit(&NewUnit {
                parent_id,
                code: format!("U{i}"),
                name: format!("Đơn vị {i}"),
                kind: UnitKind::Office,
                level: UnitLevel::District,
                block: Block::Government,
                suffix: None,
            })
            .await?;
        ids.push(u.id);
    }
    for (a, b) in moves {
        let (a, b) = (&ids[a % ids.len()], &ids[b % ids.len()]);
        match s.move_unit(a, b).await {
            Ok(_) | Err(StoreError::Refused("move_cycle")) => {}
            Err(e) => return Err(e),
        }
    }
    let mut parents = HashMap::new();
    let mut paths = HashMap::new();
    for id in &ids {
        let u = s.unit(id).await?;
        parents.insert(id.clone(), u.parent_id.clone());
        paths.insert(id.clone(), u.path);
    }
    for root in &ids {
        let mut got: Vec<String> = s
            .units_in_scope(&[paths[root].clone()], &[])
            .await?
            .into_iter()
            .map(|u| u.id)
            .collect();
        let mut want: Vec<String> = ids
            .iter()
            .filter(|id| chain_reaches(&parents, id, root))
            .cloned()
            .collect();
        got.sort();
        want.sort();
        assert_eq!(got, want, "subtree of {root}");
    }
    s.close().await;
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn subtree_query_matches_the_parent_chain(
        shape in proptest::collection::vec(proptest::option::weighted(0.85, 0usize..20), 2..14),
        moves in proptest::collection::vec((0usize..20, 0usize..20), 0..4),
    ) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| TestCaseError::fail(e.to_string()))?;
        rt.block_on(check(shape, moves)).map_err(|e| TestCaseError::fail(e.to_string()))?;
    }
}
