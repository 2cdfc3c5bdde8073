#!/usr/bin/env bash
# Import benchmark (issue 3): a ROWS-row Mẫu số 01 sheet into the demo's "Xã An Phú" on a fresh
# database (SQLite by default, or the URL in $2): dry run, real import, and the same file again.
#   usage: bench/import.sh [ROWS] [DATABASE_URL]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROWS="${1:-10000}"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
DB="${2:-sqlite://$WORK/bench.db}"
cd "$ROOT"
cargo build --release -q -p danhgia
cargo build --release -q -p danhgia-web --example staff_sheet
BIN="$ROOT/target/release/danhgia"
"$ROOT/target/release/examples/staff_sheet" "$ROWS" "$WORK/staff.xlsx" "Xã An Phú" > /dev/null
"$BIN" demo --database "$DB" > /dev/null
t() { local s e; s=$(date +%s.%N); "$@" | tail -1; e=$(date +%s.%N); printf '    wall %.2f s\n' "$(echo "$e - $s" | bc)"; }
echo "import of $ROWS rows into HM-XAP, database ${DB%%://*}"
echo "-- dry run";          t "$BIN" import staff "$WORK/staff.xlsx" --unit HM-XAP --dry-run --database "$DB"
echo "-- import";           t "$BIN" import staff "$WORK/staff.xlsx" --unit HM-XAP --database "$DB" --credentials "$WORK/cred.xlsx"
echo "-- same file again";  t "$BIN" import staff "$WORK/staff.xlsx" --unit HM-XAP --database "$DB"
