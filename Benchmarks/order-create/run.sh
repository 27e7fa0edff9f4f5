#!/usr/bin/env bash
# Order creation over HTTP, authenticated and durable on SQLite: orders/s at p99 < 50 ms of
# POST /api/v1/orders (as `hotline`, a unique Idempotency-Key per order, round-robin over a
# few thousand active people of a small demo city), measured with wrk over a sweep of
# connection counts, next to the constant GET /health/live at the same connection count.
# Checks that every order answered 201 is in the database. Goal (issue 6): ≥ 2 000 orders/s
# at p99 < 50 ms on the 2-core machine. See README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/Benchmarks/order-create"
PORT="${PORT:-18094}"
DURATION="${DURATION:-20s}"
HEALTH_DURATION="${HEALTH_DURATION:-10s}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-4 8 16 32 64}"
PEOPLE="${PEOPLE:-3000}"
PROFILE="${PROFILE:-}"      # a connection count of the sweep: perf record -g the server during that orders run
P99_LIMIT_MS=50
GOAL=2000
PASSWORD="bench-pass-123"
BASE="http://127.0.0.1:$PORT"

source "$ROOT/Benchmarks/lib.sh"
need wrk sqlite3 python3
[[ -z "$PROFILE" ]] || command -v perf >/dev/null || fail "PROFILE=$PROFILE needs perf (apt-get install linux-perf)"

build_release

TMP="$(mktemp -d)"
SERVER_PID=""
PERF_PID=""
cleanup() {
    [[ -n "$PERF_PID" ]] && { kill -INT "$PERF_PID" 2>/dev/null || true; wait "$PERF_PID" 2>/dev/null || true; }
    stop_server
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
DB="$TMP/orders.sqlite"
RUN="ob$(date +%s)"        # prefix of this run's Idempotency-Keys
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

echo "building small demo city ..." >&2
"$BIN" demo --size small --admin-password "$PASSWORD" --database "sqlite://$DB" >"$TMP/demo.log" 2>&1 \
    || { cat "$TMP/demo.log" >&2; fail "demo city build"; }

start_server "$DB" "$PORT" "$TMP/server.log"
TOKEN="$(login "$BASE" hotline "$PASSWORD")"

echo "fetching $PEOPLE active people ..." >&2
python3 "$HERE/people.py" "$BASE" "$TOKEN" "$PEOPLE" "$TMP/people.txt" >"$TMP/people.summary" || fail "listing people"
read -r NPEOPLE PEOPLE_COUNTIES <"$TMP/people.summary"

# One order by hand first: a clear failure beats a sweep of errors.
smoke="$(curl -s -o "$TMP/smoke.json" -w '%{http_code}' -XPOST "$BASE/api/v1/orders" -H "Authorization: Bearer $TOKEN" \
    -H 'content-type: application/json' -H "Idempotency-Key: $RUN-smoke" \
    -d "{\"elderId\":\"$(head -1 "$TMP/people.txt")\",\"serviceType\":\"meal\",\"channel\":\"phone\"}")"
[[ "$smoke" == 201 ]] || { cat "$TMP/smoke.json" >&2; echo >&2; fail "POST /api/v1/orders returned HTTP $smoke, expected 201"; }

# sql ...: sqlite3 on the benchmark database, waiting (not failing) while the server holds a lock.
sql() { sqlite3 -cmd ".timeout 10000" "$DB" "$@"; }
rows() { sql "SELECT COUNT(*) FROM service_orders" || fail "sqlite3: counting orders"; }

# ms VALUE: wrk's "812.00us" / "4.51ms" / "1.02s" in milliseconds.
WRK_AWK='
    function ms(v) { if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000; if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
                     if (v ~ /m$/) return substr(v, 1, length(v) - 1) * 60000; if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000; return v }
    /Requests\/sec:/ { rps = $2 } $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
    /Non-2xx or 3xx responses:/ { bad = $NF }
    END { if (rps == "" || p99 == "") exit 1; printf "%.1f %.2f %.2f %d\n", rps, p50, p99, bad }'

# cpu_ticks: "SERVER_TICKS BUSY_TICKS ALL_TICKS" (the server's user+system time, the machine's busy and total time).
cpu_ticks() {
    local server busy all
    server="$(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat")"
    read -r busy all < <(awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t }' /proc/stat)
    echo "$server $busy $all"
}

# run_orders NAME CONNECTIONS DURATION: wrk with orders.lua; prints
# "REQ/S P50 P99 CREATED OTHER ROWS_ADDED SERVER_CORES BUSY_CORES" and fails on any answer but 201
# or on an acknowledged order missing from the database.
run_orders() {
    trap 'exit 130' INT TERM   # this runs in a subshell; wrk itself exits 0 on Ctrl-C
    local name="$1" conns="$2" duration="$3" before after created other s0 s1 b0 b1 a0 a1
    before="$(rows)"
    read -r s0 b0 a0 <<<"$(cpu_ticks)"
    wrk -t"$THREADS" -c"$conns" -d"$duration" --latency -s "$HERE/orders.lua" "$BASE" \
        -- "$TMP/people.txt" "$TOKEN" "$RUN-$name" "$TMP/ack-$name" >"$TMP/$name.txt" 2>&1 \
        || { cat "$TMP/$name.txt" >&2; fail "wrk $name"; }
    read -r s1 b1 a1 <<<"$(cpu_ticks)"
    sleep 1   # requests still in flight when wrk stopped finish on the server
    after="$(rows)"
    created="" other=""
    read -r created other < <(awk '/^orderbench created=/ { split($2, c, "="); split($3, o, "="); print c[2], o[2] }' "$TMP/$name.txt") || true
    [[ -n "$created" ]] || { cat "$TMP/$name.txt" >&2; fail "no orderbench summary from wrk $name"; }
    grep -q "Socket errors" "$TMP/$name.txt" && { cat "$TMP/$name.txt" >&2; fail "$name: socket errors or timeouts"; }
    if ((other > 0)); then
        cat "$TMP/$name.txt" >&2
        fail "$name: $other answers were not 201 Created (statuses and a sample body above)"
    fi
    # Every order answered 201 (its id taken from the response body) must be in service_orders.
    cat "$TMP/ack-$name".* >"$TMP/ack-$name.all"
    local acked missing
    acked="$(grep -c . "$TMP/ack-$name.all" || true)"
    ((acked == created)) || fail "$name: wrk counted $created orders answered 201 but recorded $acked ids"
    grep -q '?' "$TMP/ack-$name.all" && fail "$name: a 201 response without an order id"
    missing="$(sql <<SQL
CREATE TEMP TABLE ack(id TEXT);
.import $TMP/ack-$name.all ack
SELECT COUNT(*) FROM ack WHERE NOT EXISTS (SELECT 1 FROM service_orders o WHERE o.id = upper(ack.id));
SQL
)" || fail "$name: sqlite3 could not check the acknowledged orders"
    [[ "$missing" == 0 ]] || fail "$name: $missing orders answered 201 are not in the database"
    # Rows added beyond the acknowledged ones: requests wrk abandoned when its time was up.
    local extra=$((after - before - created))
    ((extra >= 0 && extra <= conns)) || fail "$name: $((after - before)) rows added for $created orders answered 201 ($conns connections)"
    local parsed rps p50 p99
    parsed="$(awk "$WRK_AWK" "$TMP/$name.txt")" || { cat "$TMP/$name.txt" >&2; fail "could not parse $name"; }
    read -r rps p50 p99 _ <<<"$parsed"
    awk -v r="$rps" -v p50="$p50" -v p99="$p99" -v c="$created" -v o="$other" -v x="$extra" \
        -v s=$((s1 - s0)) -v b=$((b1 - b0)) -v a=$((a1 - a0)) -v n="$(nproc)" \
        'BEGIN { printf "%s %s %s %d %d %d %.2f %.2f\n", r, p50, p99, c, o, x, (a > 0 ? s / a * n : 0), (a > 0 ? b / a * n : 0) }'
}

# run_live CONNECTIONS DURATION: prints "REQ/S P99" of GET /health/live.
run_live() {
    trap 'exit 130' INT TERM
    local name="live-$1"
    wrk -t"$THREADS" -c"$1" -d"$2" --latency "$BASE/health/live" >"$TMP/$name.txt" 2>&1 || { cat "$TMP/$name.txt" >&2; fail "wrk $name"; }
    local parsed rps p50 p99 bad
    parsed="$(awk "$WRK_AWK" "$TMP/$name.txt")" || { cat "$TMP/$name.txt" >&2; fail "could not parse $name"; }
    read -r rps p50 p99 bad <<<"$parsed"
    ((bad == 0)) && ! grep -q "Socket errors" "$TMP/$name.txt" || { cat "$TMP/$name.txt" >&2; fail "non-2xx or socket errors on /health/live"; }
    echo "$rps $p99"
}

echo "warming up (3s each) ..." >&2
run_orders warm 8 3s >/dev/null
run_live 8 3s >/dev/null

ROWS_START="$(rows)"
echo "measuring: orders $DURATION, health $HEALTH_DURATION, at -c ${CONNECTIONS// /, } (wrk -t$THREADS) ..." >&2
RESULTS=()
for c in $CONNECTIONS; do
    ((c >= THREADS)) || fail "CONNECTIONS: $c is fewer than THREADS=$THREADS"
    if [[ "$PROFILE" == "$c" ]]; then
        perf record -F 499 -g -p "$SERVER_PID" -o "$TMP/perf.data" >"$TMP/perf.log" 2>&1 &
        PERF_PID=$!
    fi
    order="$(run_orders "c$c" "$c" "$DURATION")"
    if [[ -n "$PERF_PID" ]]; then kill -INT "$PERF_PID"; wait "$PERF_PID" || true; PERF_PID=""; fi
    live="$(run_live "$c" "$HEALTH_DURATION")"
    RESULTS+=("$c $order $live")
    echo "  -c$c: $order | $live" >&2
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
ROWS_END="$(rows)"

# What the orders of the sweep became.
STATUSES="$(sql "SELECT status || ' ' || COUNT(*) FROM service_orders WHERE idempotency_key LIKE '$RUN-c%' GROUP BY status ORDER BY COUNT(*) DESC" | paste -sd, - | sed 's/,/, /g')"
ALL_COUNTIES="$(sql "SELECT COUNT(*) FROM regions WHERE level = 'county'")"
WORKERS="$(sql "SELECT COUNT(*) FROM service_workers")"
DBSIZE="$(du -sh "$DB" | cut -f1)"

echo
echo "order-create (small demo city, SQLite WAL, release build; wrk -t$THREADS, orders $DURATION and /health/live $HEALTH_DURATION per row)"
echo "as hotline, $NPEOPLE people in $PEOPLE_COUNTIES of $ALL_COUNTIES counties, $WORKERS workers; load average $LOAD_BEFORE before, $LOAD_AFTER after; $(nproc) cores"
printf "%5s %9s %8s %8s %8s %8s %9s %9s %8s %9s %9s\n" conns "orders/s" "p50 ms" "p99 ms" "non-201" unacked "health/s" "h p99 ms" "ord/hlth" "srv cores" "rest cores"
for r in "${RESULTS[@]}"; do
    read -r c rps p50 p99 created other extra scores bcores lrps lp99 <<<"$r"
    awk -v c="$c" -v r="$rps" -v p50="$p50" -v p99="$p99" -v o="$other" -v x="$extra" -v lr="$lrps" -v lp="$lp99" -v s="$scores" -v b="$bcores" \
        'BEGIN { printf "%5d %9.1f %8.2f %8.2f %8d %8d %9.1f %9.2f %8.3f %9.2f %9.2f\n", c, r, p50, p99, o, x, lr, lp, (lr > 0 ? r / lr : 0), s, b - s }'
done
printf '%s\n' "${RESULTS[@]}" | awk -v lim="$P99_LIMIT_MS" -v goal="$GOAL" '
    $4 < lim && $2 > best { best = $2; at = $1; p99 = $4 }
    END {
        if (best == "") { printf "no connection count kept p99 under %d ms; goal %d orders/s: not met\n", lim, goal; exit }
        printf "best at p99 < %d ms: %.1f orders/s (-c%d, p99 %.2f ms) = %.2f of the goal of %d orders/s%s\n",
            lim, best, at, p99, best / goal, goal, (best >= goal ? " (met)" : " (not met)")
    }'
echo "every order answered 201 is in service_orders; rows $ROWS_START -> $ROWS_END ($DBSIZE); the sweep's orders: $STATUSES"

if [[ -s "$TMP/perf.data" ]]; then
    perf report -i "$TMP/perf.data" --no-children --sort dso --stdio -g none --percent-limit 2 >"$TMP/perf-dso.txt" 2>/dev/null || true
    perf report -i "$TMP/perf.data" --no-children --sort dso,sym --stdio -g none >"$TMP/perf-sym.txt" 2>/dev/null || true
    echo
    echo "server profile during the orders run at -c$PROFILE (perf record -F 499 -g; self time)"
    grep -v -e '^#' -e '^$' "$TMP/perf-dso.txt" | head -8 || true
    echo
    grep -v -e '^#' -e '^$' "$TMP/perf-sym.txt" | head -25 | swift-demangle --simplified | cut -c1-160 || true
fi
