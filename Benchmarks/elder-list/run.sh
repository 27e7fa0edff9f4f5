#!/usr/bin/env bash
# List/search and statistics over HTTP on a register of N people (default 1 000 000):
# p50/p99 latency and requests/s of GET /api/v1/elders with a region and a category
# filter (a page of 50) and of GET /api/v1/elders/stats for a county and for the city,
# measured with wrk on a release server over SQLite. Goal (issue 4): p99 < 50 ms for the
# page, < 100 ms for stats. See README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ROWS="${ROWS:-1000000}"
PORT="${PORT:-18092}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-8}"
BASE="http://127.0.0.1:$PORT"
source "$ROOT/Benchmarks/lib.sh"
need wrk sqlite3
build_release

TMP="$(mktemp -d)"
SERVER_PID=""
cleanup() { stop_server; rm -rf "$TMP"; }
trap cleanup EXIT
DB="$TMP/register.sqlite"

echo "building the city and a register of $ROWS people ..." >&2
"$BIN" demo --size city --no-elders --admin-password bench-pass-123 --database "sqlite://$DB" >"$TMP/demo.log" 2>&1 || { cat "$TMP/demo.log" >&2; fail "demo"; }
sqlite3 "$DB" "SELECT code FROM regions WHERE level = 'village' ORDER BY code" >"$TMP/villages.txt"
python3 "$ROOT/Benchmarks/elder-import/make_csv.py" "$TMP/villages.txt" "$ROWS" "$TMP/elders.csv"
"$BIN" import elders "$TMP/elders.csv" --commit --show 0 --database "sqlite://$DB" >"$TMP/import.log" 2>&1 || { cat "$TMP/import.log" >&2; fail "import"; }
rm -f "$TMP/elders.csv"
[[ "$(sqlite3 "$DB" "SELECT COUNT(*) FROM elders")" == "$ROWS" ]] || fail "register has the wrong size"

start_server "$DB" "$PORT" "$TMP/server.log"
TOKEN="$(login "$BASE" city bench-pass-123)"
AUTH="Authorization: Bearer $TOKEN"

LIST="/api/v1/elders?region=410902000000&category=minimum_living&per=50"
COUNTY_STATS="/api/v1/elders/stats?region=410902000000"
CITY_STATS="/api/v1/elders/stats?region=410900000000"
# The first call of each computes from scratch (statistics are then cached until the register changes).
declare -A FIRST
for path in "$LIST" "$COUNTY_STATS" "$CITY_STATS"; do
    read -r status seconds <<<"$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "$AUTH" "$BASE$path")"
    [[ "$status" == 200 ]] || fail "GET $path returned HTTP $status"
    FIRST[$path]="$(awk -v s="$seconds" 'BEGIN { printf "%.0f", s * 1000 }')"
done
TOTAL="$(curl -s -H "$AUTH" "$BASE$LIST" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')"

# measure NAME PATH: wrk --latency; prints "req/s p50 p99" in ms.
measure() {
    local name="$1" path="$2"
    wrk -t2 -c"$CONNECTIONS" -d3s -H "$AUTH" "$BASE$path" >/dev/null
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "$AUTH" "$BASE$path" >"$TMP/$name.txt"
    grep -q "Non-2xx" "$TMP/$name.txt" && { cat "$TMP/$name.txt" >&2; fail "non-2xx on $path"; }
    awk '
        function ms(v) { if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000; if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0; if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000; return v }
        /Requests\/sec:/ { rps = $2 } $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
        END { printf "%.1f %.2f %.2f\n", rps, p50, p99 }' "$TMP/$name.txt"
}

echo "measuring ($DURATION each, wrk -t2 -c$CONNECTIONS) ..." >&2
read -r L_RPS L_P50 L_P99 <<<"$(measure list "$LIST")"
read -r C_RPS C_P50 C_P99 <<<"$(measure county "$COUNTY_STATS")"
read -r T_RPS T_P50 T_P99 <<<"$(measure city "$CITY_STATS")"

# Statistics right after a change: a county officer edits one person, then the city officer
# asks for the city and the county; the changed village is recounted before the sums.
COUNTY_TOKEN="$(login "$BASE" county.410902 bench-pass-123)"
PERSON="$(curl -s -H "$AUTH" "$BASE/api/v1/elders?region=410902001001&per=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')"
: >"$TMP/after-city.txt"; : >"$TMP/after-county.txt"
for ((i = 0; i < 50; i++)); do
    status="$(curl -s -o /dev/null -w '%{http_code}' -XPATCH -H "Authorization: Bearer $COUNTY_TOKEN" -H 'content-type: application/json' \
        -d "{\"address\":\"村内${i}号\"}" "$BASE/api/v1/elders/$PERSON")"
    [[ "$status" == 200 ]] || fail "PATCH returned HTTP $status"
    curl -s -o /dev/null -w '%{time_total}\n' -H "$AUTH" "$BASE$CITY_STATS" >>"$TMP/after-city.txt"
    curl -s -o /dev/null -w '%{time_total}\n' -H "$AUTH" "$BASE$COUNTY_STATS" >>"$TMP/after-county.txt"
done
# p50 and max in ms of a file of seconds.
spread() { sort -n "$1" | awk '{ v[NR] = $1 * 1000 } END { printf "%.2f %.2f\n", v[int((NR + 1) / 2)], v[NR] }'; }
read -r AC_P50 AC_MAX <<<"$(spread "$TMP/after-county.txt")"
read -r AT_P50 AT_MAX <<<"$(spread "$TMP/after-city.txt")"

echo "elder-list ($ROWS people, SQLite, release build; list matches $TOTAL people, page of 50)"
printf "%-60s %9s %9s %9s %10s %6s\n" "route" "req/s" "p50 ms" "p99 ms" "first ms" "goal"
printf "%-60s %9s %9s %9s %10s %6s\n" "GET $LIST" "$L_RPS" "$L_P50" "$L_P99" "${FIRST[$LIST]}" "<50"
printf "%-60s %9s %9s %9s %10s %6s\n" "GET $COUNTY_STATS" "$C_RPS" "$C_P50" "$C_P99" "${FIRST[$COUNTY_STATS]}" "<100"
printf "%-60s %9s %9s %9s %10s %6s\n" "GET $CITY_STATS" "$T_RPS" "$T_P50" "$T_P99" "${FIRST[$CITY_STATS]}" "<100"
echo
echo "statistics right after one person changed (50 rounds; curl, one at a time)"
printf "%-60s %9s %9s %6s\n" "route" "p50 ms" "max ms" "goal"
printf "%-60s %9s %9s %6s\n" "GET $COUNTY_STATS" "$AC_P50" "$AC_MAX" "<100"
printf "%-60s %9s %9s %6s\n" "GET $CITY_STATS" "$AT_P50" "$AT_MAX" "<100"
