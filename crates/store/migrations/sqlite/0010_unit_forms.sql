-- A unit's own forms of a period (its progress page, its published list, its quota) are found
-- by unit id: without this index a city-sized period was scanned whole, 250,000 rows, for each
-- of those pages (issue 6). Keep in step with ../postgres/0010_unit_forms.sql.
CREATE INDEX evaluations_unit ON evaluations(unit_id, period_id);
