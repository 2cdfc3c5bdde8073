#!/usr/bin/env bash
# Page latency on the demo district: starts the release binary on a fresh SQLite database (or
# the URL in $1), logs in as the system admin and times N requests of each main page with curl.
# Prints min / median / p95 / max in milliseconds per page.
#   usage: bench/page-latency.sh [DATABASE_URL] [N]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${DANHGIA_BIN:-$ROOT/target/release/danhgia}"
N="${2:-200}"
WORK="$(mktemp -d)"
DB="${1:-sqlite://$WORK/bench.db}"
trap 'kill $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT

"$BIN" serve --demo --database "$DB" --listen 127.0.0.1:0 > "$WORK/out" 2> "$WORK/err" &
PID=$!
for _ in $(seq 1 300); do grep -q "listening on" "$WORK/out" 2>/dev/null && break; sleep 0.2; done
BASE=$(grep -o 'http://[^ ]*' "$WORK/out" | head -1 | sed 's:/$::')
JAR="$WORK/jar"
curl -s -c "$JAR" "$BASE/login" > "$WORK/login.html"
CSRF=$(grep -o 'name="csrf" value="[^"]*"' "$WORK/login.html" | sed 's/.*value="//;s/"$//')
curl -s -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "username=quantri_huyenmau" \
  --data-urlencode "password=Demo@2026" --data-urlencode "csrf=$CSRF" "$BASE/login"
UNIT=$(curl -s -b "$JAR" "$BASE/units" | grep -o 'href="/units/[^"]*"' | sed -n 2p | sed 's/href="//;s/"$//')
PERSON=$(curl -s -b "$JAR" "$BASE$UNIT" | grep -o 'href="/staff/[^"]*"' | head -1 | sed 's/href="//;s/"$//')
TOKEN=$(curl -s -H 'content-type: application/json' -d '{"username":"quantri_huyenmau","password":"Demo@2026"}' "$BASE/api/v1/login" | sed 's/.*"token":"\([^"]*\)".*/\1/')

measure() { # name, curl args...
  local name=$1; shift
  for _ in $(seq 1 "$N"); do curl -s -o /dev/null -w '%{time_total}\n' "$@"; done |
    sort -n | awk -v name="$name" '{ a[NR] = $1 * 1000 } END {
      printf "%-28s min %6.2f  median %6.2f  p95 %6.2f  max %6.2f ms  (n=%d)\n", name, a[1], a[int(NR/2)+1], a[int(NR*0.95)], a[NR], NR }'
}
echo "danhgia page latency, $N sequential requests each, database: ${DB%%://*}"
measure "GET /units (tree)" -b "$JAR" "$BASE/units"
measure "GET /units/{id} (unit page)" -b "$JAR" "$BASE$UNIT"
measure "GET /staff/{id}" -b "$JAR" "$BASE$PERSON"
measure "GET /api/v1/units" -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/units"
measure "GET /healthz" "$BASE/healthz"
