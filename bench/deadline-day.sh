#!/usr/bin/env bash
# The deadline-day load test (issue 6). For one database, in one go, each run bounded in time:
#   1. the HTTP ceiling: every user asks the app's GET /healthz;
#   2. the bare baseline (bench/load/src/bin/bare.rs: the same store calls behind minimal JSON
#      handlers) with the deadline-day mix (staff 70 %, leaders 20 %, aggregators 10 %);
#   3. the app (`danhgia serve`) with the same mix, through the real pages and logins;
#   (4. with a PostgreSQL URL and --servers 2: the app again, on two servers, users split;)
# while the server's RSS is sampled every second from /proc/PID/status (VmRSS; VmHWM at the
# end). Prints each run's table (count, req/s, p50/p95/p99 ms, failures per request type),
# then one table app vs bare with the ratios, the healthz ceiling and the peak memory.
#
# With --find-max it instead steps the user count up (--steps) on the app alone and reports the
# largest count whose p99 stayed under 100 ms (and failures under 1 %), with the req/s it made
# and the "active users" that is at one action per 20 s each (req/s x 20). The p99 judged is
# that of every request but the login's POST (argon2id, slow on purpose: its own p99 is shown
# beside); --judge all judges every request.
#
# The database is used as it is: runs submit and decide its forms (a city has ~110,000 drafts,
# a 30-second run uses a few thousand). With --copy each SQLite run gets a fresh copy instead,
# so every run starts from the same drafts (for small databases: a city's is ~9 GB, and copying
# it evicts the original from the page cache, so the runs would measure the disk).
# Traffic goes to 127.0.0.1 only.
#
#   usage: bench/deadline-day.sh [--database URL] [--seconds 30] [--users 100] [--servers 2]
#                                [--find-max] [--steps "10 25 50 100 200 400 800 1600"] [--no-build]
#                                [--saves 3] [--submit-share 1] [--port 18080] [--out DIR]
#                                [--judge pages|all] [--max-p99 100] [--copy]
#   --saves N           autosaves per staff session before it submits (or logs out)
#   --submit-share F    share of staff sessions that submit; the others save, log out and leave
#                       the draft for a later session (below 1 a small database's drafts last)
#   e.g.   target/release/danhgia demo --database sqlite:///tmp/load-demo.db
#          bench/deadline-day.sh --database sqlite:///tmp/load-demo.db --seconds 20 --users 50 \
#            --submit-share 0.05
#
# Default database: target/bench/city.db, made once with `danhgia demo --size city`.
# Results (goose's HTML/JSON reports, our JSON summaries, server logs, RSS samples) go to
# target/bench/deadline-day-DATE/ (--out DIR to choose).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
DANHGIA="$TARGET/release/danhgia"
LOAD="$TARGET/release/load"
BARE="$TARGET/release/bare"

DATABASE="${DANHGIA_LOAD_DATABASE:-sqlite://$TARGET/bench/city.db}"
SECONDS_EACH=30
USERS=100
SERVERS=1
FIND_MAX=0
STEPS="10 25 50 100 200 400 800 1600"
BUILD=1
COPY=0
PORT=18080
OUT=""
SAVES=3
SUBMIT_SHARE=1
JUDGE=without_login
MAX_P99=100

while [ $# -gt 0 ]; do
  case "$1" in
    --database) DATABASE="$2"; shift 2 ;;
    --seconds) SECONDS_EACH="$2"; shift 2 ;;
    --users) USERS="$2"; shift 2 ;;
    --servers) SERVERS="$2"; shift 2 ;;
    --find-max) FIND_MAX=1; shift ;;
    --steps) STEPS="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --copy) COPY=1; shift ;;
    --port) PORT="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --saves) SAVES="$2"; shift 2 ;;
    --submit-share) SUBMIT_SHARE="$2"; shift 2 ;;
    --judge) case "$2" in all) JUDGE=total ;; *) JUDGE=without_login ;; esac; shift 2 ;;
    --max-p99) MAX_P99="$2"; shift 2 ;;
    -h|--help) sed -n '2,35p' "$0"; exit 0 ;;
    *) echo "deadline-day: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

OUT="${OUT:-$TARGET/bench/deadline-day-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
say() { printf '==> %s\n' "$*" >&2; }

if [ "$BUILD" = 1 ]; then
  say "building release binaries (danhgia, load, bare)"
  (cd "$ROOT" && cargo build --release -p danhgia -p danhgia-load)
fi

case "$DATABASE" in
  sqlite:*) BACKEND=sqlite ;;
  postgres://*|postgresql://*) BACKEND=postgres ;;
  *) echo "deadline-day: --database must be sqlite://FILE or postgres://…" >&2; exit 2 ;;
esac
if [ "$SERVERS" != 1 ] && [ "$BACKEND" != postgres ]; then
  echo "deadline-day: --servers $SERVERS needs a PostgreSQL database (SQLite has one writer process)" >&2
  exit 2
fi

# The SQLite file behind a URL (sqlite:///abs, sqlite://rel, sqlite:rel; query dropped).
sqlite_file() { local p="${1#sqlite:}"; p="${p#//}"; echo "${p%%\?*}"; }

if [ "$BACKEND" = sqlite ]; then
  DB_FILE="$(sqlite_file "$DATABASE")"
  if [ ! -f "$DB_FILE" ]; then
    if [ "$DATABASE" = "sqlite://$TARGET/bench/city.db" ]; then
      say "making the city demo database $DB_FILE (danhgia demo --size city)"
      mkdir -p "$(dirname "$DB_FILE")"
      "$DANHGIA" demo --size city --database "$DATABASE" > "$OUT/demo.txt"
    else
      echo "deadline-day: $DB_FILE does not exist (make it with: $DANHGIA demo --database $DATABASE)" >&2
      exit 2
    fi
  fi
  # Fold any write-ahead log into the file, so one copy is the whole database.
  sqlite3 "$DB_FILE" 'PRAGMA wal_checkpoint(TRUNCATE);' > /dev/null 2>&1 || true
fi

# A database for one run: a fresh copy of the SQLite file, or the PostgreSQL database itself.
fresh_db() { # name
  if [ "$BACKEND" = sqlite ] && [ "$COPY" = 1 ]; then
    local copy="$OUT/$1.db"
    # One copy at a time: a city database is ~9 GB.
    rm -f "$OUT"/*.db "$OUT"/*.db-wal "$OUT"/*.db-shm
    cp "$DB_FILE" "$copy"
    [ -f "$DB_FILE-wal" ] && cp "$DB_FILE-wal" "$copy-wal"
    echo "sqlite://$copy"
  else
    echo "$DATABASE"
  fi
}

PIDS=()
SAMPLERS=()
cleanup() {
  for p in "${SAMPLERS[@]}" "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

wait_up() { # port
  for _ in $(seq 1 600); do
    curl -fsS -o /dev/null "http://127.0.0.1:$1/healthz" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "deadline-day: nothing answers on 127.0.0.1:$1 (see the logs in $OUT)" >&2
  exit 1
}

# Starts a server (app or bare) on a port, samples its RSS each second; sets SERVER_PID.
start_server() { # kind name port db
  local kind=$1 name=$2 port=$3 db=$4
  if [ "$kind" = app ]; then
    DANHGIA_LOG=warn "$DANHGIA" serve --database "$db" --listen "127.0.0.1:$port" \
      --login-per-ip-minute 1000000 --attachments "$OUT/attachments" > "$OUT/$name.log" 2>&1 &
  else
    "$BARE" --database "$db" --listen "127.0.0.1:$port" > "$OUT/$name.log" 2>&1 &
  fi
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  wait_up "$port"
  : > "$OUT/$name.rss"
  (
    while [ -r "/proc/$SERVER_PID/status" ]; do
      awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status" >> "$OUT/$name.rss" 2>/dev/null || true
      sleep 1
    done
  ) &
  SAMPLERS+=("$!")
}

# Stops a server, noting its peak RSS (sampled) and VmHWM (kernel's high-water mark) in MB.
stop_server() { # pid name label
  local pid=$1 name=$2 label=$3 hwm peak cpu
  hwm=$(awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status" 2>/dev/null || echo "?")
  # utime + stime (fields 14 and 15, after the command name in parentheses), in seconds.
  cpu=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($12 + $13) / hz }')
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  peak=$(sort -n "$OUT/$name.rss" 2>/dev/null | tail -1 | awk '{ printf "%.0f", $1 / 1024 }')
  printf '%-28s peak RSS %6s MB (sampled each second), VmHWM %6s MB, CPU %6s s\n' \
    "$label" "${peak:-?}" "$hwm" "${cpu:-?}" >> "$OUT/memory.txt"
}

# Runs the load generator: name, then its own options.
run_load() { # name users [options…]
  local name=$1 users=$2; shift 2
  /usr/bin/time -f "%U %S" -o "$OUT/$name.cpu" \
    "$LOAD" "$@" -u "$users" -r "$users" -t "${SECONDS_EACH}s" -q --no-print-metrics \
    --report-file "$OUT/$name-goose.html" --report-file "$OUT/$name-goose.json" \
    --label "$name ($BACKEND, $users users)" --summary "$OUT/$name.json" --saves "$SAVES" --submit-share "$SUBMIT_SHARE" \
    2> "$OUT/$name-load.log" | tee "$OUT/$name.txt"
  awk -v n="$name" '{ printf "%-28s CPU %6.1f s\n", "load generator (" n ")", $1 + $2 }' "$OUT/$name.cpu" >> "$OUT/memory.txt"
}

: > "$OUT/memory.txt"
export DANHGIA_LOAD_THINK_MS="${DANHGIA_LOAD_THINK_MS:-0}"

if [ "$FIND_MAX" = 1 ]; then
  say "finding the most users with p99 < $MAX_P99 ms (app, $BACKEND, ${SECONDS_EACH} s per step: $STEPS; judged: $JUDGE)"
  HELD=""; HELD_RPS=""
  printf '%8s %10s %10s %10s %14s %8s  %s\n' users req/s p50_ms p99_ms login_p99_ms fails verdict > "$OUT/find-max.txt"
  for U in $STEPS; do
    DB=$(fresh_db "step-$U")
    start_server app "app-$U-users" "$PORT" "$DB"
    run_load "step-$U" "$U" --database "$DB" -H "http://127.0.0.1:$PORT" > /dev/null
    stop_server "$SERVER_PID" "app-$U-users" "app, $U users"
    read -r RPS P50 P99 COUNT FAILS LOGIN_P99 < <(jq -r --arg j "$JUDGE" \
      '(.[$j] // .total) as $t | "\($t.rps) \($t.p50) \($t.p99) \(.total.count) \(.total.fails) \((.rows[] | select(.name == "login") | .p99) // 0)"' \
      "$OUT/step-$U.json")
    RPS=$(jq -r '.total.rps' "$OUT/step-$U.json")
    VERDICT=$(awk -v p99="$P99" -v max="$MAX_P99" -v c="$COUNT" -v f="$FAILS" \
      'BEGIN { print (p99 < max && c > 0 && f <= c / 100) ? "held" : "did not hold" }')
    printf '%8s %10.1f %10.2f %10.2f %14.2f %8s  %s\n' "$U" "$RPS" "$P50" "$P99" "$LOGIN_P99" "$FAILS" "$VERDICT" |
      tee -a "$OUT/find-max.txt" >&2
    [ "$VERDICT" = held ] || break
    HELD=$U; HELD_RPS=$RPS
  done
  echo
  echo "p50/p99: $( [ "$JUDGE" = total ] && echo "every request" || echo "every request but the login POST"); req/s: every request"
  cat "$OUT/find-max.txt"
  if [ -n "$HELD" ]; then
    awk -v u="$HELD" -v r="$HELD_RPS" -v max="$MAX_P99" 'BEGIN {
      printf "largest load holding p99 < %s ms: %d simulated users (closed loop, no think time) making %.1f req/s\n", max, u, r
      printf "  = about %d active users at one action per 20 s each (req/s x 20)\n", r * 20 }'
  else
    echo "no step held p99 < $MAX_P99 ms (start lower with --steps)"
  fi
  cat "$OUT/memory.txt"
  echo "results: $OUT"
  exit 0
fi

say "1/3 healthz ceiling: $USERS users, ${SECONDS_EACH} s"
DB=$(fresh_db healthz)
start_server app app-healthz "$PORT" "$DB"
run_load healthz "$USERS" --healthz -H "http://127.0.0.1:$PORT"
stop_server "$SERVER_PID" app-healthz "app (healthz run)"

say "2/3 bare baseline with the mix: $USERS users, ${SECONDS_EACH} s"
DB=$(fresh_db bare)
start_server bare bare $((PORT + 10)) "$DB"
run_load bare "$USERS" --database "$DB" --bare "http://127.0.0.1:$((PORT + 10))"
stop_server "$SERVER_PID" bare "bare (mix run)"

say "3/3 app with the mix: $USERS users, ${SECONDS_EACH} s"
DB=$(fresh_db app)
start_server app app "$PORT" "$DB"
run_load app "$USERS" --database "$DB" -H "http://127.0.0.1:$PORT"
stop_server "$SERVER_PID" app "app (mix run)"

if [ "$SERVERS" -gt 1 ]; then
  say "app on $SERVERS servers (PostgreSQL), users split: $USERS users, ${SECONDS_EACH} s"
  HOSTS=""; SERVER_PIDS=()
  for i in $(seq 1 "$SERVERS"); do
    P=$((PORT + 20 + i))
    start_server app "app-server-$i" "$P" "$DATABASE"
    SERVER_PIDS+=("$SERVER_PID")
    HOSTS="${HOSTS:+$HOSTS,}http://127.0.0.1:$P"
  done
  run_load "app-$SERVERS-servers" "$USERS" --database "$DATABASE" --hosts "$HOSTS"
  for i in $(seq 1 "$SERVERS"); do stop_server "${SERVER_PIDS[$((i - 1))]}" "app-server-$i" "app server $i of $SERVERS"; done
fi

echo
echo "deadline day on $BACKEND, $USERS users, ${SECONDS_EACH} s per run, $(nproc) CPUs shared by the load generator and the server"
"$LOAD" --compare "$OUT/app.json" "$OUT/bare.json" "$OUT/healthz.json"
if [ "$SERVERS" -gt 1 ]; then
  "$LOAD" --compare "$OUT/app-$SERVERS-servers.json" "$OUT/bare.json" "$OUT/healthz.json"
fi
echo
echo "memory and CPU time (servers; the load generator shares the same CPUs):"
cat "$OUT/memory.txt"
for f in "$OUT"/*.json; do
  case "$f" in *-goose.json) continue ;; esac
  jq -r 'select(.drafts_ran_out != null) | "note: \(.label): the staff drafts ran out \(.drafts_ran_out | floor) s into the run (staff then only reopened submitted forms)"' "$f"
done
echo "results: $OUT"
