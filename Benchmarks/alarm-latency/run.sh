#!/usr/bin/env bash
# Alarm intake to the live board, end to end: 1 000 registered devices post signed SOS
# events at a steady total rate (a sweep of rates) while one board client listens on
# /api/v1/alarms/events; p50/p99 from each POST to the alarm's arrival on the board, and
# the intake rate sustained. Goal (issue 7): p99 < 100 ms at ≥ 1 000 events/s. See README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/Benchmarks/alarm-latency"
PORT="${PORT:-18096}"
RATES="${RATES:-250 500 1000 1500}"
SECONDS_PER_RATE="${SECONDS_PER_RATE:-15}"
CONNECTIONS="${CONNECTIONS:-32}"
DEVICES="${DEVICES:-1000}"
PASSWORD="bench-pass-123"
BASE="http://127.0.0.1:$PORT"

source "$ROOT/Benchmarks/lib.sh"
need python3 curl
build_release

TMP="$(mktemp -d)"
SERVER_PID=""
cleanup() { stop_server; rm -rf "$TMP"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
DB="$TMP/alarms.sqlite"

echo "building small demo city ..." >&2
"$BIN" demo --size small --admin-password "$PASSWORD" --database "sqlite://$DB" >"$TMP/demo.log" 2>&1 || { cat "$TMP/demo.log" >&2; fail "demo"; }
start_server "$DB" "$PORT" "$TMP/server.log"
TOKEN="$(login "$BASE" hotline "$PASSWORD")"

echo "registering $DEVICES devices ..." >&2
python3 - "$BASE" "$TOKEN" "$DEVICES" "$TMP/devices.txt" <<'PY'
import json, sys, time, urllib.request
base, token, count, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
def call(method, path, body=None):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode() if body else None, method=method,
                                 headers={"content-type": "application/json", "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req) as res:
        return json.loads(res.read())
people = call("GET", "/api/v1/elders?status=active&per=200")["items"]
stamp = int(time.time())
with open(out, "w") as f:
    for i in range(count):
        d = call("POST", "/api/v1/devices", {"serial": f"BENCH-{stamp}-{i}", "type": "watch", "elderId": people[i % len(people)]["id"]})
        f.write(f"{d['serial']} {d['secret']}\n")
PY

echo "warming up ..." >&2
python3 "$HERE/load.py" "$BASE" "$TOKEN" "$TMP/devices.txt" 200 3 "$CONNECTIONS" >/dev/null

echo
echo "alarm-latency (small demo city, SQLite WAL, release build; $DEVICES devices, $CONNECTIONS connections, ${SECONDS_PER_RATE}s per rate; $(nproc) cores)"
printf "%9s %9s %10s %9s %9s %9s %8s %8s\n" "target/s" "alarms" "intake/s" "p50 ms" "p99 ms" "max ms" "missing" "non-201"
best=""
best_rate=0
for rate in $RATES; do
    read -r n got p50 p99 max missing bad < <(python3 "$HERE/load.py" "$BASE" "$TOKEN" "$TMP/devices.txt" "$rate" "$SECONDS_PER_RATE" "$CONNECTIONS")
    printf "%9s %9s %10s %9s %9s %9s %8s %8s\n" "$rate" "$n" "$got" "$p50" "$p99" "$max" "$missing" "$bad"
    if awk -v p="$p99" -v g="$got" -v m="$missing" -v b="$best_rate" 'BEGIN { exit !(p < 100 && m == 0 && g > b) }'; then
        best="$got (target $rate/s, p99 $p99 ms)"; best_rate="$got"
    fi
done
echo "best sustained intake with p99 < 100 ms and nothing missing: ${best:-none}; goal ≥ 1000 events/s," \
     "ratio to goal $(awk -v b="$best_rate" 'BEGIN { printf "%.2f", b / 1000 }')"
