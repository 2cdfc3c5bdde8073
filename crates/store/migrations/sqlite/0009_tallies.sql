-- Statistics and progress over a subtree (issue 6): one index-only scan counts a period's forms
-- per unit, status and standing grade, so a city of 250,000 people is tallied without touching
-- the rows. The old (period_id, unit_path) index is this one's prefix.
-- Keep in step with ../postgres/0009_tallies.sql.
DROP INDEX evaluations_period_unit;
CREATE INDEX evaluations_tally ON evaluations(period_id, unit_path, status, final_grade, amended_grade);
