#!/usr/bin/env bash
# Import of N register rows (default 1 000 000) from CSV into SQLite by `yanglao import
# elders --commit` (validating, sealing ID and phone numbers, hashing, three tables),
# against the floor: the sqlite3 shell's `.import` of the same file into a plain table,
# measured side by side in this run. See README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/Benchmarks/elder-import"
ROWS="${ROWS:-1000000}"
source "$ROOT/Benchmarks/lib.sh"
need sqlite3
build_release

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
DB="$TMP/register.sqlite"

echo "building the city (regions and accounts, no elders) ..." >&2
"$BIN" demo --size city --no-elders --admin-password bench-pass-123 --database "sqlite://$DB" >"$TMP/demo.log" 2>&1 || { cat "$TMP/demo.log" >&2; fail "demo"; }
sqlite3 "$DB" "SELECT code FROM regions WHERE level = 'village' ORDER BY code" >"$TMP/villages.txt"
echo "writing $ROWS rows of CSV ..." >&2
python3 "$HERE/make_csv.py" "$TMP/villages.txt" "$ROWS" "$TMP/elders.csv"
SIZE_MB=$(( $(stat -c %s "$TMP/elders.csv") / 1048576 ))

now() { date +%s.%N; }

echo "sqlite3 .import (floor) ..." >&2
sqlite3 "$TMP/floor.sqlite" "PRAGMA journal_mode=WAL;" >/dev/null
T0=$(now)
sqlite3 "$TMP/floor.sqlite" ".import --csv '$TMP/elders.csv' elders_raw"
T1=$(now)
FLOOR_ROWS=$(sqlite3 "$TMP/floor.sqlite" "SELECT COUNT(*) FROM elders_raw")
[[ "$FLOOR_ROWS" == "$ROWS" ]] || fail "sqlite3 imported $FLOOR_ROWS rows, expected $ROWS"

echo "yanglao import elders --commit ..." >&2
T2=$(now)
"$BIN" import elders "$TMP/elders.csv" --commit --show 3 --database "sqlite://$DB" >"$TMP/import.log" 2>"$TMP/import.err" || { cat "$TMP/import.log" "$TMP/import.err" >&2; fail "import"; }
T3=$(now)
OURS=$(sqlite3 "$DB" "SELECT COUNT(*) FROM elders")
[[ "$OURS" == "$ROWS" ]] || { cat "$TMP/import.log" >&2; fail "yanglao imported $OURS rows, expected $ROWS"; }
CLEAR=$(grep -c -a "$(head -2 "$TMP/elders.csv" | tail -1 | cut -d, -f1)" "$DB" || true)

# What storing the register's rows costs SQLite alone: the sqlite3 shell copies the three
# tables yanglao wrote into an empty file with the same definitions (unique indexes while
# copying, the other indexes built after, as the import does) — no reading, checking or
# sealing. Not the floor the goal names; it shows how much of the goal the storage takes.
TABLES="'elders','elder_categories','elder_contacts'"
{
    echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; ATTACH '$DB' AS src; BEGIN;"
    sqlite3 "$DB" "SELECT sql || ';' FROM sqlite_master WHERE type = 'table' AND name IN ($TABLES)"
    for table in elders elder_categories elder_contacts; do echo "INSERT INTO main.$table SELECT * FROM src.$table ORDER BY rowid;"; done
    echo "COMMIT;"
    sqlite3 "$DB" "SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ($TABLES)"
} >"$TMP/copy.sql"
T4=$(now)
sqlite3 "$TMP/copy.sqlite" <"$TMP/copy.sql" >/dev/null
T5=$(now)

echo "elder-import ($ROWS rows, ${SIZE_MB} MB CSV, SQLite WAL, release build)"
awk -v t0="$T0" -v t1="$T1" -v t2="$T2" -v t3="$T3" -v t4="$T4" -v t5="$T5" -v n="$ROWS" 'BEGIN {
    f = t1 - t0; o = t3 - t2
    printf "%-36s %10s %12s\n", "", "seconds", "rows/s"
    printf "%-36s %10.1f %12.0f\n", "sqlite3 .import (plain table)", f, n / f
    printf "%-36s %10.1f %12.0f\n", "yanglao import elders --commit", o, n / o
    printf "%-36s %10.2f\n", "ratio yanglao/sqlite3 (time)", o / f
    c = t5 - t4
    printf "storing alone: sqlite3 copying yanglao'"'"'s finished tables into an empty file %.1f s (%.1f× .import)\n", c, c / f
}'
echo "yanglao's steps: read the file $(grep -a -o -E 'rows from .* \(([0-9.]+ s)\)' "$TMP/import.log" | grep -o -E '[0-9.]+ s' | tail -1), $(grep -a -E '^  check ' "$TMP/import.log" | sed 's/^ *//')"
echo "first data row's ID number found in clear in the database file: $CLEAR time(s)"
