//! Roles, grants and the one access policy (SPEC M1.2, M2.1, M2.2; Hanoi Quy chế Đ.7, Đ.14).
//!
//! A role is granted on a unit. Every role except `Staff` reaches the unit's whole subtree;
//! `Staff` reaches the unit itself (a staff member sees their own unit, not its sub-units).
//! The table in [`role_allows`] is the only place that decides what a role may do; handlers ask
//! [`Scope::allows`] and never decide by themselves.

use crate::org::{is_strictly_within, is_within, minimal_roots, string_enum};

string_enum! {
    /// Roles of SPEC M2.1. One person can hold several, on different units.
    Role {
        SystemAdmin = "system_admin",
        UnitAdmin = "unit_admin",
        Aggregator = "aggregator",
        Evaluator = "evaluator",
        Reviewer = "reviewer",
        Staff = "staff",
    }
}

/// What someone wants to do to a unit (or to something that lives in a unit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// See the unit in the tree and open its page.
    ViewUnit,
    /// See the staff list of the unit and each person's record.
    ViewStaff,
    /// Rename or edit the unit's details; create a unit under it; manage its cohorts.
    EditUnit,
    /// Move or dissolve the unit (only strictly inside one's subtree: nobody restructures the
    /// unit their own authority comes from, Hanoi Đ.7.5).
    RestructureUnit,
    /// Create and edit staff members and their accounts, reset passwords, unlock.
    ManageStaff,
    /// Grant or revoke roles on the unit (M2.2: admins create admins only inside their subtree).
    ManageRoles,
    /// Choose which criteria set the positions of the unit's subtree get (M3.2).
    AssignCriteria,
    /// Copy and edit criteria sets, choose the tenant's rule preset (M3.4): the system admin's,
    /// who answers for the rules of a whole block (Hanoi Đ.7.2–7.4).
    ManageRules,
    /// See the unit's published results (M7.1 summary list): everyone in the unit.
    ViewResults,
    /// Follow the unit's evaluations: who has not submitted, who waits for whom, each form
    /// (Hanoi Đ.12.4: the aggregator compiles; leaders and admins follow their subtree).
    FollowEvaluations,
    /// Publish the unit's results (Đ.12.4: "bộ phận tham mưu … thông báo công khai"): the
    /// aggregator's alone.
    PublishResults,
    /// Open a period by hand and change its dates (M4.1): the tenant's system admin.
    ManagePeriods,
    /// Search the audit log of the unit's subtree (M9.2; Ministry checklist: logs of access,
    /// account management, assignments, results, configuration): the admins.
    ViewAudit,
}

/// How far a grant reaches from its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    Subtree,
    StrictSubtree,
    UnitOnly,
}

/// The policy table: for a role and an action, how far the grant reaches, or `None`.
fn role_allows(role: Role, action: Action) -> Option<Reach> {
    use Action::*;
    use Role::*;
    match (role, action) {
        (SystemAdmin | UnitAdmin, RestructureUnit) => Some(Reach::StrictSubtree),
        (UnitAdmin, ManageRules | ManagePeriods) => None,
        (SystemAdmin | UnitAdmin, PublishResults) => None,
        (Aggregator, PublishResults) => Some(Reach::Subtree),
        (SystemAdmin | UnitAdmin, _) => Some(Reach::Subtree),
        (
            Aggregator | Evaluator | Reviewer,
            ViewUnit | ViewStaff | ViewResults | FollowEvaluations,
        ) => Some(Reach::Subtree),
        (Staff, ViewUnit | ViewResults) => Some(Reach::UnitOnly),
        _ => None,
    }
}

/// Which roles a holder of `granter` may grant to others (M2.2): a unit admin delegates every
/// role but system admin; a system admin delegates all.
pub fn can_grant(granter: Role, role: Role) -> bool {
    match granter {
        Role::SystemAdmin => true,
        Role::UnitAdmin => role != Role::SystemAdmin,
        _ => false,
    }
}

/// One role held on one unit, with that unit's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub role: Role,
    pub unit_path: String,
}

/// Everything an account may reach: its grants. Built once per request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    pub grants: Vec<Grant>,
}

impl Scope {
    pub fn new(grants: Vec<Grant>) -> Self {
        Self { grants }
    }

    /// Whether `action` is allowed on the unit with path `target`.
    pub fn allows(&self, action: Action, target: &str) -> bool {
        self.grants
            .iter()
            .any(|g| match role_allows(g.role, action) {
                Some(Reach::Subtree) => is_within(target, &g.unit_path),
                Some(Reach::StrictSubtree) => is_strictly_within(target, &g.unit_path),
                Some(Reach::UnitOnly) => target == g.unit_path,
                None => false,
            })
    }

    /// Whether the account may grant `role` on the unit with path `target`.
    pub fn may_grant(&self, role: Role, target: &str) -> bool {
        self.grants
            .iter()
            .any(|g| is_within(target, &g.unit_path) && can_grant(g.role, role))
    }

    /// The minimal set of subtree roots where `action` is allowed on every unit of the subtree,
    /// and the single units where it is allowed on the unit only: what list queries filter by.
    pub fn roots_for(&self, action: Action) -> (Vec<String>, Vec<String>) {
        let mut subtrees = Vec::new();
        let mut singles = Vec::new();
        for g in &self.grants {
            match role_allows(g.role, action) {
                Some(Reach::Subtree) => subtrees.push(g.unit_path.as_str()),
                Some(Reach::UnitOnly | Reach::StrictSubtree) => singles.push(g.unit_path.clone()),
                None => {}
            }
        }
        let subtrees = minimal_roots(subtrees);
        singles.retain(|s| !subtrees.iter().any(|r| is_within(s, r)));
        singles.sort();
        singles.dedup();
        (subtrees.into_iter().map(str::to_owned).collect(), singles)
    }

    /// Whether the account holds `role` anywhere.
    pub fn has_role(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::child_path;
    use proptest::prelude::*;

    fn scope(role: Role, path: &str) -> Scope {
        Scope::new(vec![Grant {
            role,
            unit_path: path.into(),
        }])
    }

    #[test]
    fn unit_admin_reaches_its_subtree_only() {
        // Hanoi Đ.14 / M1.2: "a superior unit sees all of its subtree; nobody sees a sibling's".
        let s = scope(Role::UnitAdmin, "/d/c1/");
        assert!(s.allows(Action::ViewUnit, "/d/c1/"));
        assert!(s.allows(Action::ManageStaff, "/d/c1/x/"));
        assert!(!s.allows(Action::ViewUnit, "/d/c2/"));
        assert!(!s.allows(Action::ViewUnit, "/d/"));
        assert!(
            !s.allows(Action::RestructureUnit, "/d/c1/"),
            "cannot move its own root"
        );
        assert!(s.allows(Action::RestructureUnit, "/d/c1/x/"));
    }

    #[test]
    fn only_system_admins_manage_rules() {
        // M3.4: the preset and the sets are the tenant's rules; unit admins assign sets in scope.
        let u = scope(Role::UnitAdmin, "/d/");
        assert!(u.allows(Action::AssignCriteria, "/d/c1/"));
        assert!(!u.allows(Action::ManageRules, "/d/"));
        let s = scope(Role::SystemAdmin, "/d/");
        assert!(s.allows(Action::ManageRules, "/d/"));
        assert!(!s.allows(Action::ManageRules, "/e/"));
        assert!(!scope(Role::Evaluator, "/d/").allows(Action::AssignCriteria, "/d/"));
    }

    /// Đ.12.4: the aggregator publishes; M1.2: staff see their own unit's published list only.
    #[test]
    fn only_aggregators_publish_and_staff_see_their_units_results() {
        let a = scope(Role::Aggregator, "/d/");
        assert!(a.allows(Action::PublishResults, "/d/c1/"));
        assert!(!a.allows(Action::PublishResults, "/e/"));
        for role in [
            Role::SystemAdmin,
            Role::UnitAdmin,
            Role::Evaluator,
            Role::Staff,
        ] {
            assert!(!scope(role, "/d/").allows(Action::PublishResults, "/d/"));
        }
        let s = scope(Role::Staff, "/d/c1/");
        assert!(s.allows(Action::ViewResults, "/d/c1/"));
        assert!(!s.allows(Action::ViewResults, "/d/c1/x/"));
        assert!(!s.allows(Action::FollowEvaluations, "/d/c1/"));
        assert!(scope(Role::Evaluator, "/d/").allows(Action::FollowEvaluations, "/d/c1/"));
        assert!(scope(Role::SystemAdmin, "/d/").allows(Action::ManagePeriods, "/d/"));
        assert!(!scope(Role::UnitAdmin, "/d/").allows(Action::ManagePeriods, "/d/"));
        // The audit log: admins, each within their subtree; nobody else.
        assert!(scope(Role::UnitAdmin, "/d/").allows(Action::ViewAudit, "/d/a/"));
        assert!(!scope(Role::UnitAdmin, "/d/a/").allows(Action::ViewAudit, "/d/b/"));
        for role in [
            Role::Aggregator,
            Role::Evaluator,
            Role::Reviewer,
            Role::Staff,
        ] {
            assert!(
                !scope(role, "/d/").allows(Action::ViewAudit, "/d/"),
                "{role}"
            );
        }
    }

    #[test]
    fn staff_see_their_own_unit_only_and_change_nothing() {
        let s = scope(Role::Staff, "/d/c1/");
        assert!(s.allows(Action::ViewUnit, "/d/c1/"));
        assert!(!s.allows(Action::ViewUnit, "/d/c1/x/"));
        assert!(!s.allows(Action::ViewStaff, "/d/c1/"));
        assert!(!s.allows(Action::ManageStaff, "/d/c1/"));
    }

    #[test]
    fn only_admins_delegate_and_never_above_themselves() {
        // M2.2: an admin creates units, users and admins only inside its subtree.
        let s = scope(Role::UnitAdmin, "/d/c1/");
        assert!(s.may_grant(Role::UnitAdmin, "/d/c1/x/"));
        assert!(!s.may_grant(Role::SystemAdmin, "/d/c1/x/"));
        assert!(!s.may_grant(Role::Staff, "/d/c2/"));
        assert!(!scope(Role::Evaluator, "/d/").may_grant(Role::Staff, "/d/"));
        assert!(scope(Role::SystemAdmin, "/d/").may_grant(Role::SystemAdmin, "/d/x/"));
    }

    #[test]
    fn roots_are_minimal() {
        let s = Scope::new(vec![
            Grant {
                role: Role::Evaluator,
                unit_path: "/d/c1/".into(),
            },
            Grant {
                role: Role::UnitAdmin,
                unit_path: "/d/".into(),
            },
            Grant {
                role: Role::Staff,
                unit_path: "/e/".into(),
            },
            Grant {
                role: Role::Staff,
                unit_path: "/d/c2/".into(),
            },
        ]);
        assert_eq!(
            s.roots_for(Action::ViewUnit),
            (vec!["/d/".to_owned()], vec!["/e/".to_owned()])
        );
    }

    proptest! {
        /// Scoping never leaks: whatever the grants, an allowed unit lies inside (or is) one of
        /// the granted units, and a sibling subtree stays invisible.
        #[test]
        fn no_action_reaches_outside_the_granted_units(
            roles in proptest::collection::vec(0usize..6, 1..4),
            target in "[a-c]{1,2}",
            sub in proptest::option::of("[a-c]{1,2}"),
        ) {
            let grants: Vec<Grant> = roles.iter().enumerate().map(|(i, r)| Grant {
                role: Role::ALL[*r],
                unit_path: child_path(Some("/root/"), &format!("g{i}")),
            }).collect();
            let s = Scope::new(grants.clone());
            let mut path = child_path(Some("/root/"), &target);
            if let Some(sub) = sub { path = child_path(Some(&path), &sub); }
            for action in [Action::ViewUnit, Action::ViewStaff, Action::EditUnit, Action::RestructureUnit, Action::ManageStaff, Action::ManageRoles, Action::AssignCriteria, Action::ManageRules, Action::ViewResults, Action::FollowEvaluations, Action::PublishResults, Action::ManagePeriods, Action::ViewAudit] {
                // targets are named [a-c], grants g0..g3: never inside any grant.
                prop_assert!(!s.allows(action, &path));
                prop_assert!(!s.allows(action, "/root/"));
            }
            for g in &grants {
                prop_assert_eq!(s.allows(Action::ViewUnit, &g.unit_path), true);
            }
        }
    }
}
