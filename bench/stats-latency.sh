#!/usr/bin/env bash
# Statistics latency on a city database, one request at a time (no other load): the city's
# and a district's statistics through the API as their aggregators see them, N times each.
# Prints min / median / p95 / max in milliseconds.
#   usage: bench/stats-latency.sh DATABASE_URL [N]   (the database made by `danhgia demo --size city`)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${DANHGIA_BIN:-$ROOT/target/release/danhgia}"
DB="$1"
N="${2:-30}"
PORT=18700
WORK="$(mktemp -d)"
trap 'kill $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
DANHGIA_LOG=warn "$BIN" serve --database "$DB" --listen "127.0.0.1:$PORT" --attachments "$WORK/files" > "$WORK/log" 2>&1 &
PID=$!
for _ in $(seq 1 300); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.2; done
BASE="http://127.0.0.1:$PORT"
token() { curl -s -H 'content-type: application/json' -d "{\"username\":\"$1\",\"password\":\"Demo@2026\"}" "$BASE/api/v1/login" | sed 's/.*"token":"\([^"]*\)".*/\1/'; }
# The admin sees every unit: find the root and a district.
ADMIN=$(token quantri_tpmau)
UNITS=$(curl -s -H "Authorization: Bearer $ADMIN" "$BASE/api/v1/units")
pick() { python3 -c 'import json,sys; print(next(u["id"] for u in json.load(sys.stdin)["units"] if u["kind"] == sys.argv[1]))' "$1"; }
ROOT_ID=$(echo "$UNITS" | pick province)
DISTRICT_ID=$(echo "$UNITS" | pick district)
measure() { # name, url
  for _ in $(seq 1 "$N"); do curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $ADMIN" "$2"; done |
    sort -n | awk -v name="$1" '{ a[NR] = $1 * 1000 } END {
      printf "%-34s min %7.1f  median %7.1f  p95 %7.1f  max %7.1f ms  (n=%d)\n", name, a[1], a[int(NR/2)+1], a[int(NR*0.95)], a[NR], NR }'
}
page() { # name, url: a page or a download, with the admin's session as a cookie
  for _ in $(seq 1 "$N"); do curl -s -o /dev/null -w '%{time_total}\n' -b "danhgia_session=$ADMIN" "$2"; done |
    sort -n | awk -v name="$1" '{ a[NR] = $1 * 1000 } END {
      printf "%-34s min %7.1f  median %7.1f  p95 %7.1f  max %7.1f ms  (n=%d)\n", name, a[1], a[int(NR/2)+1], a[int(NR*0.95)], a[NR], NR }'
}
# A commune (~200 people) for the PDF summary list: the first commune listed.
COMMUNE_ID=$(echo "$UNITS" | pick commune)
echo "statistics latency, ${DB%%://*}, $N sequential requests each"
measure "city (250,000 forms)" "$BASE/api/v1/units/$ROOT_ID/statistics"
measure "district" "$BASE/api/v1/units/$DISTRICT_ID/statistics"
# Issue 8: the pages and exports over the same data.
page "city statistics page (+charts)" "$BASE/units/$ROOT_ID/statistics"
page "city trend (6 months)" "$BASE/units/$ROOT_ID/trends"
page "city watch list (D, C twice)" "$BASE/units/$ROOT_ID/watch"
page "city forms list (draft, 500)" "$BASE/units/$ROOT_ID/forms?show=draft"
page "district summary .xlsx" "$BASE/units/$DISTRICT_ID/summary.xlsx"
page "district summary .pdf" "$BASE/units/$DISTRICT_ID/summary.pdf"
page "commune summary .pdf" "$BASE/units/$COMMUNE_ID/summary.pdf"
