#!/usr/bin/env bash
# HTTP baseline: throughput and p99 latency of an authenticated API read
# (GET /api/v1/regions/410902000000) against the constant GET /health/live,
# on a release build serving a small demo city from SQLite. See README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PORT="${PORT:-18090}"
DURATION="${DURATION:-15s}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
PASSWORD="bench-pass-123"
BASE="http://127.0.0.1:$PORT"
REGION_PATH="/api/v1/regions/410902000000"
LIVE_PATH="/health/live"

source "$ROOT/Benchmarks/lib.sh"
need wrk
build_release

TMP="$(mktemp -d)"
SERVER_PID=""
cleanup() { stop_server; rm -rf "$TMP"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "building small demo city ..." >&2
"$BIN" demo --size small --admin-password "$PASSWORD" --database "sqlite://$TMP/bench.sqlite" >"$TMP/demo.log" 2>&1 \
    || { cat "$TMP/demo.log" >&2; fail "demo city build"; }

start_server "$TMP/bench.sqlite" "$PORT" "$TMP/server.log"

TOKEN="$(login "$BASE" admin "$PASSWORD")"
AUTH="Authorization: Bearer $TOKEN"

status="$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" "$BASE$REGION_PATH")"
[[ "$status" == 200 ]] || fail "GET $REGION_PATH returned HTTP $status, expected 200"

# run_wrk NAME DURATION PATH [HEADER]: wrk output goes to $TMP/NAME.txt
run_wrk() {
    local name="$1" duration="$2" path="$3"; shift 3
    local args=(-t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency)
    [[ $# -gt 0 ]] && args+=(-H "$1")
    wrk "${args[@]}" "$BASE$path" >"$TMP/$name.txt" || { cat "$TMP/$name.txt" >&2; fail "wrk $name"; }
}

# Prints "REQS_PER_SEC P99_MS" from a wrk --latency output; fails on non-2xx responses.
parse_wrk() {
    local file="$1"
    grep -q "Non-2xx or 3xx responses" "$file" && { cat "$file" >&2; fail "non-2xx responses in $file"; }
    awk '
        /Requests\/sec:/ { rps = $2 }
        $1 == "99%" {
            v = $2
            if (v ~ /us$/)      p99 = substr(v, 1, length(v) - 2) / 1000
            else if (v ~ /ms$/) p99 = substr(v, 1, length(v) - 2) + 0
            else if (v ~ /m$/)  p99 = substr(v, 1, length(v) - 1) * 60000
            else if (v ~ /s$/)  p99 = substr(v, 1, length(v) - 1) * 1000
        }
        END { if (rps == "" || p99 == "") exit 1; printf "%s %s\n", rps, p99 }
    ' "$file" || { cat "$file" >&2; fail "could not parse $file"; }
}

echo "warming up (3s each) ..." >&2
run_wrk warm-regions 3s "$REGION_PATH" "$AUTH"
run_wrk warm-live 3s "$LIVE_PATH"
echo "measuring ($DURATION each) ..." >&2
run_wrk regions "$DURATION" "$REGION_PATH" "$AUTH"
run_wrk live "$DURATION" "$LIVE_PATH"

REG="$(parse_wrk "$TMP/regions.txt")"
LIVE="$(parse_wrk "$TMP/live.txt")"
read -r REG_RPS REG_P99 <<<"$REG"
read -r LIVE_RPS LIVE_P99 <<<"$LIVE"

echo "http-baseline (small demo city, wrk -t$THREADS -c$CONNECTIONS -d$DURATION, release build)"
awk -v rr="$REG_RPS" -v rp="$REG_P99" -v lr="$LIVE_RPS" -v lp="$LIVE_P99" -v path="$REGION_PATH" 'BEGIN {
    printf "%-34s %12s %10s\n", "route", "req/s", "p99 ms"
    printf "%-34s %12.1f %10.2f\n", "GET " path, rr, rp
    printf "%-34s %12.1f %10.2f\n", "GET /health/live (constant)", lr, lp
    printf "%-34s %12.2f %10.2f\n", "ratio regions/live", (lr > 0 ? rr / lr : 0), (lp > 0 ? rp / lp : 0)
}'
