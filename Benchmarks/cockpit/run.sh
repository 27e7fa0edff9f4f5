#!/usr/bin/env bash
# 驾驶舱 on the `city` demo (≈ 667 000 people, 120 000 orders, a year of alarms and subsidy
# runs) on SQLite, release build. First, correctness: every figure of
# GET /api/v1/statistics/{code} for the city and one county (as `city` and as
# `county.410902`), for a month and a year, against a reference that DuckDB computes from the
# raw rows exported by the sqlite3 shell (reference.py); every difference is printed. Then
# speed: p50/p99 (wrk) of the API, the cockpit pages and the monthly report, warm and on the
# first read right after a change (a person's status and a new order, checked to move the
# figures by exactly that), next to DuckDB's time for the same figures. Goal (issue 22):
# p99 < 100 ms warm, faster than DuckDB, correct right after a change. See README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/Benchmarks/cockpit"
PORT="${PORT:-18095}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-8}"
ROUNDS="${ROUNDS:-10}"        # changes, each followed by one timed first read, per route
MONTH="${MONTH:-2026-11}"     # the month compared and reported; its year is compared too
YEAR="${MONTH%%-*}"
CITY=410900000000
COUNTY=410902000000
PASSWORD=bench-pass-123
BASE="http://127.0.0.1:$PORT"
source "$ROOT/Benchmarks/lib.sh"
need wrk sqlite3 curl
# BIN=path uses a release binary built before instead of building one.
if [[ -n "${BIN:-}" ]]; then [[ -x "$BIN" ]] || fail "BIN=$BIN is not an executable"; else build_release; fi

# DuckDB from PyPI, in an ignored folder (.tools/) of its own: benchmark tooling only.
VENV="$ROOT/.tools/venv-bench"
if ! "$VENV/bin/python" -c 'import duckdb' 2>/dev/null; then
    python3 -c 'import venv, ensurepip' 2>/dev/null || (apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null)
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check duckdb
fi
PY="$VENV/bin/python"

TMP="$(mktemp -d)"
SERVER_PID=""
cleanup() { stop_server; rm -rf "$TMP"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
# DB=path reuses a city demo built earlier (the build takes a few minutes); the run enters
# population figures, closes complaints, places orders and changes a status in it.
DB="${DB:-$TMP/city.sqlite}"
if [[ ! -f "$DB" ]]; then
    echo "building the city demo ..." >&2
    "$BIN" demo --size city --admin-password "$PASSWORD" --database "sqlite://$DB" >"$TMP/demo.log" 2>&1 || { cat "$TMP/demo.log" >&2; fail "demo"; }
fi
count() { sqlite3 "$DB" "$1"; }
SIZE="$(count "SELECT COUNT(*) FROM elders") people, $(count "SELECT COUNT(*) FROM service_orders") orders, $(count "SELECT COUNT(*) FROM alarms") alarms, $(count "SELECT COUNT(*) FROM subsidy_lines") subsidy payments"

start_server "$DB" "$PORT" "$TMP/server.log"
CITY_TOKEN="$(login "$BASE" city "$PASSWORD")"
COUNTY_TOKEN="$(login "$BASE" county.410902 "$PASSWORD")"
HOTLINE_TOKEN="$(login "$BASE" hotline "$PASSWORD")"

# The demo has no population figures (统计人口), so the figures that divide by them would be
# empty on both sides: the city officer enters them for the six counties (the city's are then
# their sum), for two townships of 华龙区, and an older year for 华龙区 that must not count.
# Each region's 60+ is made 8 % more than its register (residents: 60+ at the seeds' 17.67 %).
put_population() {
    local code="$1" year="$2" registered="$3" body status
    body="$(python3 -c "import json,sys; r=int(round(int(sys.argv[2]) * 1.08 / 0.1767, -3)); print(json.dumps({'year': int(sys.argv[1]), 'residents': r, 'aged60': round(r * 0.1767), 'aged65': round(r * 0.1315), 'aged80': round(r * 0.0251), 'source': '基准测试'}))" "$year" "$registered")"
    status="$(curl -s -o "$TMP/population.json" -w '%{http_code}' -XPUT -H "Authorization: Bearer $CITY_TOKEN" -H 'content-type: application/json' -d "$body" "$BASE/api/v1/regions/$code/population")"
    [[ "$status" == 200 ]] || { cat "$TMP/population.json" >&2; fail "PUT population of $code returned HTTP $status"; }
}
put_population "$COUNTY" 2024 70000
while IFS='|' read -r code registered; do put_population "$code" 2025 "$registered"; done < <(
    count "SELECT substr(region_code, 1, 6) || '000000', COUNT(*) FROM elders WHERE status = 'active' GROUP BY 1"
    count "SELECT substr(region_code, 1, 9) || '000', COUNT(*) FROM elders WHERE status = 'active' AND region_code LIKE '410902%' GROUP BY 1 ORDER BY 1 LIMIT 2")

# The demo closes no complaint: the county officer closes the county's latest 40 open ones,
# so that the share closed and the time to close have something to count.
for order in $(count "SELECT id FROM service_orders WHERE region_code LIKE '410902%' AND complaint IS NOT NULL AND complaint_resolved_at IS NULL ORDER BY created_at DESC LIMIT 40"); do
    status="$(curl -s -o "$TMP/resolve.json" -w '%{http_code}' -XPOST -H "Authorization: Bearer $COUNTY_TOKEN" -H 'content-type: application/json' \
        -d '{"outcome":"已回访，服务商已整改"}' "$BASE/api/v1/orders/$order/resolve-complaint")"
    [[ "$status" == 200 ]] || { cat "$TMP/resolve.json" >&2; fail "closing the complaint of order $order returned HTTP $status"; }
done

# Console sessions for the pages: the sign-in form with its CSRF token, as a browser does.
session() {
    local jar="$TMP/jar-$1" csrf
    csrf="$(curl -s -c "$jar" -b "$jar" "$BASE/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)"
    curl -s -o /dev/null -c "$jar" -b "$jar" -XPOST "$BASE/login" --data-urlencode "username=$1" --data-urlencode "password=$PASSWORD" \
        --data-urlencode "_csrf=$csrf" --data-urlencode "next=/"
    awk '$6 == "yanglao_session" { print $7 }' "$jar" | tail -1
}
CITY_COOKIE="Cookie: yanglao_session=$(session city)"
COUNTY_COOKIE="Cookie: yanglao_session=$(session county.410902)"

# Every route measured, with the credentials of the officer who reads it:
# "path|header|DuckDB answer (code period) it is set against".
ROUTES=(
    "/api/v1/statistics/$CITY?period=$MONTH|Authorization: Bearer $CITY_TOKEN|$CITY $MONTH"
    "/api/v1/statistics/$CITY?period=$YEAR|Authorization: Bearer $CITY_TOKEN|$CITY $YEAR"
    "/api/v1/statistics/$COUNTY?period=$MONTH|Authorization: Bearer $COUNTY_TOKEN|$COUNTY $MONTH"
    "/api/v1/statistics/$COUNTY?period=$YEAR|Authorization: Bearer $COUNTY_TOKEN|$COUNTY $YEAR"
    "/cockpit/$CITY?period=$MONTH|$CITY_COOKIE|$CITY $MONTH"
    "/cockpit/$CITY?period=$YEAR|$CITY_COOKIE|$CITY $YEAR"
    "/cockpit/$COUNTY?period=$MONTH|$COUNTY_COOKIE|$COUNTY $MONTH"
    "/cockpit/$COUNTY?period=$YEAR|$COUNTY_COOKIE|$COUNTY $YEAR"
    "/cockpit/$CITY/report?month=$MONTH|$CITY_COOKIE|$CITY $MONTH"
    "/cockpit/$COUNTY/report?month=$MONTH|$COUNTY_COOKIE|$COUNTY $MONTH"
)

# get PATH HEADER OUT: one request; prints "status seconds".
get() { curl -s -o "$3" -w '%{http_code} %{time_total}' -H "$2" "$BASE$1"; }
ms() { awk -v s="$1" 'BEGIN { printf "%.0f", s * 1000 }'; }

# The first read of each route since the server started (the very first one counts every
# tally the demo left uncounted).
declare -A FIRST
for route in "${ROUTES[@]}"; do
    IFS='|' read -r path header _ <<<"$route"
    read -r status seconds <<<"$(get "$path" "$header" "$TMP/first.out")"
    [[ "$status" == 200 ]] || { head -c 600 "$TMP/first.out" >&2; fail "GET $path returned HTTP $status"; }
    grep -q "<html" "$TMP/first.out" || [[ "$path" == /api/* ]] || fail "GET $path did not answer a page"
    FIRST[$path]="$(ms "$seconds")"
done

# answers DIR PERIOD...: the API's answers for the city (as `city`) and the county (as its officer).
answers() {
    local dir="$1" period
    shift
    mkdir -p "$dir"
    for period in "$@"; do
        read -r status _ <<<"$(get "/api/v1/statistics/$CITY?period=$period" "Authorization: Bearer $CITY_TOKEN" "$dir/city-$period.json")"
        [[ "$status" == 200 ]] || fail "GET /api/v1/statistics/$CITY?period=$period returned HTTP $status"
        read -r status _ <<<"$(get "/api/v1/statistics/$COUNTY?period=$period" "Authorization: Bearer $COUNTY_TOKEN" "$dir/county-$period.json")"
        [[ "$status" == 200 ]] || fail "GET /api/v1/statistics/$COUNTY?period=$period returned HTTP $status"
    done
}
# snapshot NAME PERIOD...: the API's answers and the tables' rows as of one moment. The server's
# jobs (alarm escalation, offline devices, expiring orders) may write at any time, so the answers
# are read before and after the export, until both agree.
snapshot() {
    local name="$1"
    shift
    for ((attempt = 1; attempt <= 5; attempt++)); do
        rm -rf "$TMP/$name"
        answers "$TMP/$name/before" "$@"
        EXPORT_SECONDS="$("$PY" "$HERE/reference.py" --export --db "$DB" --work "$TMP/$name/rows")"
        answers "$TMP/$name/api" "$@"
        python3 -c 'import json, os, sys; a, b = sys.argv[1:]; sys.exit(any(json.load(open(os.path.join(a, f))) != json.load(open(os.path.join(b, f))) for f in os.listdir(a)))' \
            "$TMP/$name/before" "$TMP/$name/api" && return 0
        echo "the figures changed during the export (the server's jobs wrote); again ..." >&2
        sleep 5
    done
    fail "the figures kept changing during the export"
}
api_files() { for f in "$TMP/$1"/api/*.json; do printf -- '--api %s ' "$f"; done; }

echo "comparing every figure with the reference ..." >&2
snapshot check "$MONTH" "$YEAR"
EXPORTED="$EXPORT_SECONDS"
set +e
# shellcheck disable=SC2046
"$PY" "$HERE/reference.py" --work "$TMP/check/rows" $(api_files check) --times "$TMP/duckdb.txt" >"$TMP/compare.txt"
COMPARED=$?
set -e
[[ "$COMPARED" == 0 || "$COMPARED" == 3 ]] || { cat "$TMP/compare.txt" >&2; fail "reference.py failed"; }
declare -A DUCK
while read -r code period t; do DUCK["$code $period"]="$t"; done <"$TMP/duckdb.txt"

# measure PATH HEADER CONNECTIONS: wrk --latency; prints "req/s p50 p99" in ms.
measure() {
    local path="$1" header="$2" connections="$3" name
    name="$(echo "$path-$connections" | tr -c 'a-zA-Z0-9' _)"
    wrk -t"$((connections < 2 ? 1 : 2))" -c"$connections" -d"$DURATION" --latency -H "$header" "$BASE$path" >"$TMP/$name.txt"
    grep -q "Non-2xx" "$TMP/$name.txt" && { cat "$TMP/$name.txt" >&2; fail "non-2xx on $path"; }
    awk '
        function ms(v) { if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000; if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0; if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000; return v }
        /Requests\/sec:/ { rps = $2 } $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
        END { printf "%.1f %.2f %.2f\n", rps, p50, p99 }' "$TMP/$name.txt"
}

# Warm: after 3 s of warm-up, one connection (each request alone: its own latency) and
# CONNECTIONS at once (requests/s, and the latency with the 2 cores shared).
echo "measuring ($DURATION each at 1 and at $CONNECTIONS connections) ..." >&2
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
declare -A RPS1 P50_1 P99_1 RPS P50 P99
for route in "${ROUTES[@]}"; do
    IFS='|' read -r path header _ <<<"$route"
    wrk -t2 -c"$CONNECTIONS" -d3s -H "$header" "$BASE$path" >/dev/null
    read -r "RPS1[$path]" "P50_1[$path]" "P99_1[$path]" <<<"$(measure "$path" "$header" 1)"
    read -r "RPS[$path]" "P50[$path]" "P99[$path]" <<<"$(measure "$path" "$header" "$CONNECTIONS")"
done

# Right after a change: before each timed read, the county officer changes one person's status
# (在册 ⇄ 迁出) and the hotline places an order for another person of the county; the
# current month's figures must then move by exactly that.
TODAY="$(python3 -c 'from datetime import datetime, timedelta, timezone; print(datetime.now(timezone(timedelta(hours=8))).date())')"
NOW_MONTH="${TODAY:0:7}"
NOW_YEAR="${TODAY:0:4}"
sqlite3 "$DB" "SELECT id FROM elders WHERE status = 'active' AND region_code LIKE '410902%' ORDER BY region_code, id LIMIT 21" >"$TMP/people.txt"
mapfile -t PEOPLE <"$TMP/people.txt"
[[ "${#PEOPLE[@]}" == 21 ]] || fail "too few people in $COUNTY"
MOVER="${PEOPLE[0]}"
# figure FILE KEY: the value of a figure in an API answer.
figure() { python3 -c 'import json,sys; print(int(next(f["value"] for f in json.load(open(sys.argv[1]))["figures"] if f["key"] == sys.argv[2])))' "$1" "$2"; }
now_figures() {
    get "/api/v1/statistics/$CITY?period=$NOW_MONTH" "Authorization: Bearer $CITY_TOKEN" "$TMP/now-city.json" >/dev/null
    get "/api/v1/statistics/$COUNTY?period=$NOW_MONTH" "Authorization: Bearer $COUNTY_TOKEN" "$TMP/now-county.json" >/dev/null
    echo "$(figure "$TMP/now-city.json" people.total) $(figure "$TMP/now-city.json" orders.total) $(figure "$TMP/now-county.json" people.total) $(figure "$TMP/now-county.json" orders.total)"
}
read -r CITY_PEOPLE0 CITY_ORDERS0 COUNTY_PEOPLE0 COUNTY_ORDERS0 <<<"$(now_figures)"
MOVED=0
PLACED=0
RUN="cockpit$(date +%s)"
change() {
    local next=moved_away status
    ((MOVED % 2 == 0)) || next=active
    status="$(curl -s -o "$TMP/change.json" -w '%{http_code}' -XPOST -H "Authorization: Bearer $COUNTY_TOKEN" -H 'content-type: application/json' \
        -d "{\"status\":\"$next\",\"date\":\"$TODAY\"}" "$BASE/api/v1/elders/$MOVER/status")"
    [[ "$status" == 200 ]] || { cat "$TMP/change.json" >&2; fail "status change returned HTTP $status"; }
    MOVED=$((MOVED + 1))
    status="$(curl -s -o "$TMP/order.json" -w '%{http_code}' -XPOST -H "Authorization: Bearer $HOTLINE_TOKEN" -H 'content-type: application/json' \
        -H "Idempotency-Key: $RUN-$PLACED" -d "{\"elderId\":\"${PEOPLE[1 + PLACED % 20]}\",\"serviceType\":\"meal\",\"channel\":\"phone\"}" "$BASE/api/v1/orders")"
    [[ "$status" == 201 ]] || { cat "$TMP/order.json" >&2; fail "POST /api/v1/orders returned HTTP $status"; }
    PLACED=$((PLACED + 1))
}
echo "first reads after a change ($ROUNDS per route) ..." >&2
declare -A AFTER_P50 AFTER_MAX
for route in "${ROUTES[@]}"; do
    IFS='|' read -r path header _ <<<"$route"
    : >"$TMP/after.txt"
    for ((i = 0; i < ROUNDS; i++)); do
        change
        read -r status seconds <<<"$(get "$path" "$header" "$TMP/after.out")"
        [[ "$status" == 200 ]] || fail "GET $path after a change returned HTTP $status"
        echo "$seconds" >>"$TMP/after.txt"
        read -r city_people city_orders county_people county_orders <<<"$(now_figures)"
        out=$((MOVED % 2))
        [[ "$city_people" == $((CITY_PEOPLE0 - out)) && "$county_people" == $((COUNTY_PEOPLE0 - out)) ]] \
            || fail "people.total after $MOVED status changes: city $city_people (expected $((CITY_PEOPLE0 - out))), county $county_people (expected $((COUNTY_PEOPLE0 - out)))"
        [[ "$city_orders" == $((CITY_ORDERS0 + PLACED)) && "$county_orders" == $((COUNTY_ORDERS0 + PLACED)) ]] \
            || fail "orders.total after $PLACED new orders: city $city_orders (expected $((CITY_ORDERS0 + PLACED))), county $county_orders (expected $((COUNTY_ORDERS0 + PLACED)))"
    done
    read -r "AFTER_P50[$path]" "AFTER_MAX[$path]" <<<"$(sort -n "$TMP/after.txt" | awk '{ v[NR] = $1 * 1000 } END { printf "%.1f %.1f\n", v[int((NR + 1) / 2)], v[NR] }')"
done
# The last change leaves the person moved away when the count is odd: bring them back.
((MOVED % 2 == 0)) || { change; }

echo "comparing every figure again after the changes ..." >&2
snapshot changed "$NOW_MONTH" "$NOW_YEAR"
set +e
# shellcheck disable=SC2046
"$PY" "$HERE/reference.py" --work "$TMP/changed/rows" $(api_files changed) --brief --runs 1 \
    --title "after the changes: every figure of $NOW_MONTH and $NOW_YEAR against the reference" >"$TMP/compare-after.txt"
COMPARED_AFTER=$?
set -e
[[ "$COMPARED_AFTER" == 0 || "$COMPARED_AFTER" == 3 ]] || { cat "$TMP/compare-after.txt" >&2; fail "reference.py failed"; }

echo "cockpit (city demo on SQLite, release build): $SIZE"
echo "the API's answers and the tables exported by the sqlite3 shell (one read transaction, $EXPORTED s) at the same moment"
cat "$TMP/compare.txt"
echo
sed 1d "$TMP/compare-after.txt" | sed '/^DuckDB.s time/,$d'
echo "during the changes: $MOVED status changes and $PLACED new orders; every time people.total and orders.total of $NOW_MONTH moved by exactly that (city and $COUNTY)"
echo
echo "speed (ms): warm with wrk for $DURATION at 1 connection (1c) and at $CONNECTIONS (${CONNECTIONS}c, -t2); 'first': the route's first"
echo "read after the server started; 'after change': the first read right after a change ($ROUNDS each; curl, one at a time)"
printf "%-51s %7s %7s %9s %8s %8s %6s %13s %8s %11s\n" "route" "p50 1c" "p99 1c" "req/s ${CONNECTIONS}c" "p50 ${CONNECTIONS}c" "p99 ${CONNECTIONS}c" \
    "first" "after p50/max" "DuckDB" "DuckDB÷p99"
for route in "${ROUTES[@]}"; do
    IFS='|' read -r path _ answer <<<"$route"
    duck="${DUCK[$answer]}"
    printf "%-51s %7s %7s %9s %8s %8s %6s %13s %8s %11s\n" "GET $path" "${P50_1[$path]}" "${P99_1[$path]}" "${RPS[$path]}" "${P50[$path]}" \
        "${P99[$path]}" "${FIRST[$path]}" "${AFTER_P50[$path]}/${AFTER_MAX[$path]}" "$(printf %.1f "$duck")" \
        "$(awk -v d="$duck" -v p="${P99_1[$path]}" 'BEGIN { printf "%.1f×", d / p }')"
done
echo "goal (issue 22): p99 < 100 ms warm, and faster than DuckDB (DuckDB÷p99 > 1: DuckDB's time for the same figures over our p99 1c)"
echo "DuckDB: median time to compute every figure of the API's answer for that region and period (value, same period last year,"
echo "previous period, each child region) from the rows loaded in memory; a report page is set against its month's answer"
echo "load average (1, 5, 15 min) before measuring: $LOAD_BEFORE; at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
[[ "$COMPARED" == 0 && "$COMPARED_AFTER" == 0 ]] || echo "FIGURES DIFFER from the reference: see the lists above"
