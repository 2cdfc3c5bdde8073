#!/usr/bin/env bash
# Period-opening benchmark (issue 5): the demo district plus ROWS staff imported into "Xã An
# Phú", then a month opened for everyone (one form each, set and leaders resolved), and the same
# again (nothing to do). SQLite by default, or the URL in $2. PROFILE=debug uses the debug build.
#   usage: bench/periods.sh [ROWS] [DATABASE_URL]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROWS="${1:-10000}"
PROFILE="${PROFILE:-release}"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
DB="${2:-sqlite://$WORK/bench.db}"
cd "$ROOT"
FLAG=(); [ "$PROFILE" = release ] && FLAG=(--release)
cargo build "${FLAG[@]}" -q -p danhgia
cargo build "${FLAG[@]}" -q -p danhgia-web --example staff_sheet
BIN="$ROOT/target/$PROFILE/danhgia"
"$ROOT/target/$PROFILE/examples/staff_sheet" "$ROWS" "$WORK/staff.xlsx" "Xã An Phú" > /dev/null
t() { local s e; s=$(date +%s.%N); "$@" | tail -1; e=$(date +%s.%N); printf '    wall %.2f s\n' "$(echo "$e - $s" | bc)"; }
echo "profile $PROFILE, database ${DB%%://*}"
echo "-- demo (units, ~300 staff, 3 periods, 2 of them published)"; t "$BIN" demo --database "$DB"
"$BIN" import staff "$WORK/staff.xlsx" --unit HM-XAP --database "$DB" --credentials "$WORK/cred.xlsx" > /dev/null
echo "-- open a month for the district + $ROWS staff"; t "$BIN" open-periods --date 2035-06-10 --database "$DB"
echo "-- run the opener again (nothing to do)";         t "$BIN" open-periods --date 2035-06-11 --database "$DB"
