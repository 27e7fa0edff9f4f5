#!/usr/bin/env bash
# Backup of the `city` demo database while a release server serves it (issue 21):
#  1. `yanglao backup` side by side with the sqlite3 shell's `.backup` of the same file,
#     alternating, ROUNDS times each: medians and the ratio (goal <= 1.5x);
#  2. p99 of GET /api/v1/elders (a page of 50 of one county, as the city officer) for
#     DURATION without a backup, then for DURATION with backups running back to back:
#     the ratio (goal: within 2x).
# See README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PORT="${PORT:-18095}"
DURATION="${DURATION:-20s}"
ROUNDS="${ROUNDS:-3}"
CONNECTIONS="${CONNECTIONS:-4}"
BASE="http://127.0.0.1:$PORT"
source "$ROOT/Benchmarks/lib.sh"
need wrk sqlite3
build_release

TMP="$(mktemp -d)"
SERVER_PID=""
LOOP_PID=""
cleanup() {
    [[ -n "$LOOP_PID" ]] && { kill "$LOOP_PID" 2>/dev/null || true; wait "$LOOP_PID" 2>/dev/null || true; }
    stop_server
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
DB="$TMP/city.sqlite"

echo "building the city demo (about 667 000 people; several minutes) ..." >&2
"$BIN" demo --size city --admin-password bench-pass-123 --database "sqlite://$DB" >"$TMP/demo.log" 2>&1 || { cat "$TMP/demo.log" >&2; fail "demo"; }
start_server "$DB" "$PORT" "$TMP/server.log"
TOKEN="$(login "$BASE" city bench-pass-123)"
AUTH="Authorization: Bearer $TOKEN"
LIST="/api/v1/elders?region=410902000000&per=50"
status="$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" "$BASE$LIST")"
[[ "$status" == 200 ]] || fail "GET $LIST returned HTTP $status"
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
SIZE_MB="$(du -m "$DB" | cut -f1)"

# seconds COMMAND...: wall time of one run, in seconds.
seconds() { local t0 t1; t0="$(date +%s.%N)"; "$@" >/dev/null 2>&1 || fail "$*"; t1="$(date +%s.%N)"; awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'; }
ours() { rm -f "$TMP/ours.sqlite"; "$BIN" backup "$TMP/ours.sqlite" --database "sqlite://$DB"; }
shell() { rm -f "$TMP/shell.sqlite"; sqlite3 "$DB" ".backup '$TMP/shell.sqlite'"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "backups, alternating, $ROUNDS rounds ..." >&2
: >"$TMP/ours.txt"; : >"$TMP/shell.txt"
for ((i = 0; i < ROUNDS; i++)); do
    seconds ours >>"$TMP/ours.txt"
    seconds shell >>"$TMP/shell.txt"
done
OURS="$(median <"$TMP/ours.txt")"
SHELL_S="$(median <"$TMP/shell.txt")"
[[ "$(sqlite3 "$TMP/ours.sqlite" 'PRAGMA integrity_check')" == ok ]] || fail "the backup fails integrity_check"
[[ "$(sqlite3 "$TMP/ours.sqlite" 'SELECT COUNT(*) FROM elders')" == "$(sqlite3 "$DB" 'SELECT COUNT(*) FROM elders')" ]] || fail "the backup lacks people"
rm -f "$TMP/ours.sqlite" "$TMP/shell.sqlite"

# p99 LABEL: wrk --latency on the list for DURATION; prints "req/s p99-ms".
p99() {
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "$AUTH" "$BASE$LIST" >"$TMP/$1.txt"
    grep -q "Non-2xx" "$TMP/$1.txt" && { cat "$TMP/$1.txt" >&2; fail "non-2xx on $LIST"; }
    awk '
        function ms(v) { if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000; if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0; if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000; return v }
        /Requests\/sec:/ { rps = $2 } $1 == "99%" { p99 = ms($2) }
        END { printf "%.1f %.2f\n", rps, p99 }' "$TMP/$1.txt"
}

echo "GET $LIST for $DURATION without, then with backups back to back ..." >&2
wrk -t2 -c"$CONNECTIONS" -d3s -H "$AUTH" "$BASE$LIST" >/dev/null
read -r Q_RPS Q_P99 <<<"$(p99 quiet)"
( while true; do ours >/dev/null 2>&1 || exit 1; echo x >>"$TMP/loops.txt"; done ) &
LOOP_PID=$!
sleep 0.2
read -r B_RPS B_P99 <<<"$(p99 during)"
kill "$LOOP_PID" 2>/dev/null || true; wait "$LOOP_PID" 2>/dev/null || true; LOOP_PID=""
LOOPS="$(wc -l <"$TMP/loops.txt" 2>/dev/null || echo 0)"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "backup ($SIZE_MB MB city demo database, SQLite, release build, server serving; median of $ROUNDS)"
printf "%-44s %10s\n" "what" "seconds"
printf "%-44s %10s\n" "yanglao backup (online backup API)" "$OURS"
printf "%-44s %10s\n" "sqlite3 shell .backup (reference)" "$SHELL_S"
printf "%-44s %10s   goal <= 1.50\n" "ratio yanglao / sqlite3" "$(ratio "$OURS" "$SHELL_S")"
echo
echo "GET $LIST, wrk -t2 -c$CONNECTIONS, $DURATION each ($LOOPS backups completed during the second)"
printf "%-44s %10s %10s\n" "" "req/s" "p99 ms"
printf "%-44s %10s %10s\n" "without a backup" "$Q_RPS" "$Q_P99"
printf "%-44s %10s %10s\n" "during backups" "$B_RPS" "$B_P99"
printf "%-44s %10s %10s   goal <= 2.00\n" "ratio during / without" "" "$(ratio "$B_P99" "$Q_P99")"
