#!/usr/bin/env bash
# The server part of scripts/bench, which runs it (once for SQLite, once inside
# pg_virtualenv for PostgreSQL) and prints the table from the rows it appends:
#   server.sh bare|sqlite|postgres
# From the environment: BENCH_BIN (release `lotse`), BENCH_TMP (scratch folder),
# BENCH_RESULTS (rows file), BENCH_DURATION, BENCH_CASELOAD_DURATION,
# BENCH_UPLOAD_PARTICIPANTS, BENCH_MIXED_DURATION, BENCH_SMALL, BENCH_LARGE, BENCH_PG_LARGE.
source "$(dirname "$0")/../common.sh"

BIN="$BENCH_BIN"
TMP="$BENCH_TMP"
RESULTS="$BENCH_RESULTS"
THREADS=2
UPLOAD_CONNECTIONS=(8 50)
# Two staff members asking at once: the latency of one request, not of a queue.
CASELOAD_CONNECTIONS=2
CASELOAD_PATH=/api/v1/staff/participants
LUA="scripts/bench.d"
# Only warnings from the servers and tools (their log goes to standard output).
export LOTSE_LOG=warn

SERVER_PID=""
ADDR=""

stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}
trap stop_server EXIT

# start_server LOG COMMAND...: starts COMMAND (which listens on port 0 and
# prints its http:// address) in the background and waits for the address.
start_server() {
  local log="$1"
  shift
  "$@" >"$log" 2>&1 &
  SERVER_PID=$!
  local _
  for _ in $(seq 600); do
    ADDR="$(grep -o 'http://[0-9.:]*' "$log" | head -n 1 || true)"
    [ -n "$ADDR" ] && return 0
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      cat "$log" >&2
      SERVER_PID=""
      echo "the server did not start" >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "the server did not print its address" >&2
  exit 1
}

# wrk_out CONNECTIONS DURATION SCRIPT ARGS...: runs wrk, prints its output.
wrk_out() {
  local connections="$1" duration="$2" script="$3"
  shift 3
  wrk -t"$THREADS" -c"$connections" -d"$duration" --timeout 10s \
    -s "$LUA/$script" "$ADDR" -- "$@"
}

# run_wrk CONNECTIONS DURATION SCRIPT ARGS...: sets R_<key> from the script's
# RESULT line (see report.lua).
run_wrk() {
  read_result "$(wrk_out "$@")"
}

# read_result OUTPUT: sets R_<key> from the RESULT line of a wrk output.
read_result() {
  local out="$1" line kv
  line="$(grep '^RESULT ' <<<"$out" || true)"
  if [ -z "$line" ]; then
    printf '%s\n' "$out" >&2
    echo "wrk printed no result" >&2
    exit 1
  fi
  for kv in $line; do
    case "$kv" in
      *=*) printf -v "R_${kv%%=*}" '%s' "${kv#*=}" ;;
    esac
  done
}

# row WHAT CONNECTIONS NOTE: appends the last wrk run to the results.
row() {
  printf 'run\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$R_ok_rps" "$R_p50" \
    "$R_p95" "$R_p99" "$R_non2xx" "$((R_socket_errors + R_timeouts))" "$3" >>"$RESULTS"
}

now() { date +%s.%N; }

# peak_mib: the running server's peak resident memory so far (VmHWM), in MiB.
peak_mib() {
  awk '/^VmHWM:/ { printf "%d", $2 / 1024 }' "/proc/$SERVER_PID/status" 2>/dev/null || echo "?"
}

# seed LABEL NAME PARTICIPANTS COUNSELLORS ENV...: seeds a database through
# the storage layer (`lotse bench seed`), writing the cookies and bodies to
# $TMP/NAME, and records how long it took.
seed() {
  local label="$1" name="$2" participants="$3" counsellors="$4"
  shift 4
  local started
  started="$(now)"
  say "seeding $label: $participants participants, $counsellors counsellors"
  env "$@" "$BIN" bench seed --participants "$participants" --counsellors "$counsellors" \
    --out "$TMP/$name" >/dev/null
  printf 'seed\t%s\t%s\t%s\n' "$label" "$participants" \
    "$(awk -v a="$started" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')" >>"$RESULTS"
}

# serve NAME ENV...: `lotse serve` on the seeded database, on a free port.
serve() {
  local name="$1"
  shift
  start_server "$TMP/$name.log" env "$@" LOTSE_PORT=0 "$BIN" serve
}

bare() {
  local dir="$TMP/bare-bodies" connections
  # Bodies and cookies as the uploads send them; the handler ignores cookies.
  seed "the bodies" bare-bodies 1 1 LOTSE_DATA_DIR="$dir"
  say "bare axum handler"
  start_server "$TMP/bare.log" "$BIN" bench bare --port 0
  for connections in "${UPLOAD_CONNECTIONS[@]}"; do
    run_wrk "$connections" "$BENCH_DURATION" upload.lua "$dir/participants.txt" \
      "$dir/bodies.txt" "$THREADS" 0
    row "bare axum handler (parses the aggregate)" "$connections" "peak $(peak_mib) MiB"
  done
  stop_server
}

# uploads LABEL NAME ENV...: durable uploads as the seeded participants, each
# a first upload; one server process per run, stopped (in-flight requests
# finished) before the stored aggregates are counted.
uploads() {
  local label="$1" name="$2"
  shift 2
  local dir="$TMP/$name" next=0 before after connections
  seed "$label uploads" "$name" "$BENCH_UPLOAD_PARTICIPANTS" 100 "$@"
  before="$(env "$@" "$BIN" bench count)"
  for connections in "${UPLOAD_CONNECTIONS[@]}"; do
    say "uploads on $label, $connections connections"
    serve "$name" "$@"
    run_wrk "$connections" "$BENCH_DURATION" upload.lua "$dir/participants.txt" \
      "$dir/bodies.txt" "$THREADS" "$next"
    stop_server
    after="$(env "$@" "$BIN" bench count)"
    local note="201: $R_ok, stored: $((after - before))"
    [ "$R_reused" -gt 0 ] && note="$note, $R_reused repeated (seed more)"
    row "durable uploads, $label" "$connections" "$note"
    next="$R_next"
    before="$after"
  done
}

# mixed LABEL NAME ENV...: what a busy morning looks like: durable first
# uploads (8 connections) and the admin's caseload page (2 connections) at the
# same time for BENCH_MIXED_DURATION, against one server process; two rows,
# with the server's peak memory over the whole run.
mixed() {
  local label="$1" name="$2"
  shift 2
  local dir="$TMP/$name" before after peak caseload_out
  seed "$label mixed" "$name" "$BENCH_UPLOAD_PARTICIPANTS" 100 "$@"
  before="$(env "$@" "$BIN" bench count)"
  serve "$name" "$@"
  say "uploads and caseload at the same time on $label, $BENCH_MIXED_DURATION"
  wrk_out "$CASELOAD_CONNECTIONS" "$BENCH_MIXED_DURATION" caseload.lua \
    "$dir/admin.txt" "$CASELOAD_PATH" >"$TMP/mixed-caseload.out" &
  local caseload_pid=$!
  run_wrk 8 "$BENCH_MIXED_DURATION" upload.lua "$dir/participants.txt" \
    "$dir/bodies.txt" "$THREADS" 0
  local uploads_ok="$R_ok"
  wait "$caseload_pid"
  peak="$(peak_mib)"
  stop_server
  after="$(env "$@" "$BIN" bench count)"
  row "mixed: durable uploads, $label" 8 \
    "201: $uploads_ok, stored: $((after - before)), peak $peak MiB"
  caseload_out="$(cat "$TMP/mixed-caseload.out")"
  read_result "$caseload_out"
  row "mixed: caseload page 1, $label, admin" "$CASELOAD_CONNECTIONS" \
    "at the same time as the uploads"
  rm -rf "${dir:?}"
}

# caseload LABEL NAME PARTICIPANTS COUNSELLORS ENV...: the first caseload page
# as the admin (everyone) and as a counsellor (own caseload).
caseload() {
  local label="$1" name="$2" participants="$3" counsellors="$4"
  shift 4
  local who total
  seed "$label caseload" "$name" "$participants" "$counsellors" "$@"
  serve "$name" "$@"
  for who in admin counsellor; do
    say "caseload on $label, $participants participants, as $who"
    total="$(curl -sf -H "Cookie: $(cat "$TMP/$name/$who.txt")" "$ADDR$CASELOAD_PATH" |
      grep -o '"total":[0-9]*' | cut -d: -f2 || true)"
    run_wrk "$CASELOAD_CONNECTIONS" "$BENCH_CASELOAD_DURATION" caseload.lua \
      "$TMP/$name/$who.txt" "$CASELOAD_PATH"
    row "caseload page 1, $label, $participants, $who" "$CASELOAD_CONNECTIONS" \
      "total ${total:-?}"
  done
  stop_server
  # The hourly retention job on its own (the seeding kept it out of the runs).
  say "retention pass on $label, $participants participants"
  /usr/bin/time -f '%e %M' -o "$TMP/time" env "$@" "$BIN" purge >/dev/null
  printf 'pass\t%s\t%s\t%s\t%s\n' "$label" "$participants" \
    "$(cut -d' ' -f1 "$TMP/time")" "$(($(cut -d' ' -f2 "$TMP/time") / 1024))" >>"$RESULTS"
  rm -rf "${TMP:?}/$name"
}

case "${1:-}" in
  bare) bare ;;
  sqlite)
    sqlite_env() { echo LOTSE_DATA_DIR="$TMP/$1"; }
    uploads SQLite sqlite-uploads "$(sqlite_env sqlite-uploads)"
    mixed SQLite sqlite-mixed "$(sqlite_env sqlite-mixed)"
    caseload SQLite sqlite-small "$BENCH_SMALL" $((BENCH_SMALL / 100)) "$(sqlite_env sqlite-small)"
    caseload SQLite sqlite-large "$BENCH_LARGE" $((BENCH_LARGE / 100)) "$(sqlite_env sqlite-large)"
    ;;
  postgres)
    # pg_virtualenv exported PGHOST, PGPORT, PGUSER, PGPASSWORD; one database
    # per data set.
    pg_env() {
      createdb "$1"
      echo LOTSE_DATABASE_URL="postgres://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/$1" \
        LOTSE_DATA_DIR="$TMP/$1"
    }
    # shellcheck disable=SC2046 # one word per assignment
    uploads PostgreSQL pg_uploads $(pg_env pg_uploads)
    # shellcheck disable=SC2046
    mixed PostgreSQL pg_mixed $(pg_env pg_mixed)
    # shellcheck disable=SC2046
    caseload PostgreSQL pg_small "$BENCH_SMALL" $((BENCH_SMALL / 100)) $(pg_env pg_small)
    if [ "${BENCH_PG_LARGE:-0}" = 1 ]; then
      # shellcheck disable=SC2046
      caseload PostgreSQL pg_large "$BENCH_LARGE" $((BENCH_LARGE / 100)) $(pg_env pg_large)
    fi
    ;;
  *)
    echo "usage: $0 bare|sqlite|postgres" >&2
    exit 2
    ;;
esac
