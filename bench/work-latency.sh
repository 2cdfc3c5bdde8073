#!/usr/bin/env bash
# Latency of the work-planning pages (issue 7) on the demo district: starts the release binary
# on a fresh SQLite database (or the URL in $1), logs in as the head of the Văn phòng (24 people
# to lead) and as one of its staff, and times N sequential requests of each page with curl.
# Prints min / median / p95 / max in milliseconds per page.
#   usage: bench/work-latency.sh [DATABASE_URL] [N]
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
HEAD=$(grep '(HM-VP), evaluator' "$WORK/out" | awk '{print $1}')
STAFF=$(grep '(HM-VP), staff member$' "$WORK/out" | awk '{print $1}')

login() { # jar, username
  curl -s -c "$1" "$BASE/login" > "$WORK/login.html"
  local csrf
  csrf=$(grep -o 'name="csrf" value="[^"]*"' "$WORK/login.html" | sed 's/.*value="//;s/"$//')
  curl -s -b "$1" -c "$1" -o /dev/null --data-urlencode "username=$2" \
    --data-urlencode "password=Demo@2026" --data-urlencode "csrf=$csrf" "$BASE/login"
}
login "$WORK/head" "$HEAD"
login "$WORK/staff" "$STAFF"
MEMBER=$(curl -s -b "$WORK/head" "$BASE/work/team" | grep -o 'href="/work/people/[^"?]*' | head -1 | sed 's/href="//')
FORM=$(curl -s -b "$WORK/staff" "$BASE/evaluations" | grep -o 'href="/evaluations/[0-9a-f-]\{36\}"' | head -1 | sed 's/href="//;s/"$//')
TOKEN=$(curl -s -H 'content-type: application/json' -d "{\"username\":\"$STAFF\",\"password\":\"Demo@2026\"}" "$BASE/api/v1/login" | sed 's/.*"token":"\([^"]*\)".*/\1/')

measure() { # name, curl args...
  local name=$1; shift
  for _ in $(seq 1 "$N"); do curl -s -o /dev/null -w '%{time_total}\n' "$@"; done |
    sort -n | awk -v name="$name" '{ a[NR] = $1 * 1000 } END {
      printf "%-34s min %6.2f  median %6.2f  p95 %6.2f  max %6.2f ms  (n=%d)\n", name, a[1], a[int(NR/2)+1], a[int(NR*0.95)], a[NR], NR }'
}
echo "danhgia work pages, $N sequential requests each, database: ${DB%%://*}"
measure "GET /work (staff: month + week)" -b "$WORK/staff" "$BASE/work"
measure "GET /work/team (head, 24 people)" -b "$WORK/head" "$BASE/work/team"
measure "GET /work/people/{id} (head)" -b "$WORK/head" "$BASE$MEMBER"
measure "GET /evaluations/{id} (with work)" -b "$WORK/head" "$BASE$FORM"
measure "GET /work/week.ics" -b "$WORK/staff" "$BASE/work/week.ics"
measure "GET /api/v1/work/tasks" -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/work/tasks"
