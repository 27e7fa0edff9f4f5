#!/usr/bin/env bash
# Dispatch ranking for one order among N workers (default 10 000 and 100 000): p50/p99 per
# order of `DispatchRanking.rank` on a prebuilt `WorkerIndex` (release build), against the
# same query done by PostgreSQL 15 + PostGIS on the same workers and the same order points in
# the same run: `ORDER BY pos <-> point LIMIT 3` over a GiST index with the same skill, duty,
# capacity and 20 km filters. Goal (issue 6): ≥ 10× faster than PostGIS, p99 < 1 ms at
# 100 000. See README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORKERS="${WORKERS:-10000,100000}"   # worker counts, comma-separated
ORDERS="${ORDERS:-2000}"             # order points, the same for every N and both sides
PASSES="${PASSES:-3}"                # timed passes over the orders (after one warm-up pass)
TOWNS="${TOWNS:-0.6}"                # share of workers and orders near a town (0 = uniform)
SAMPLE="${SAMPLE:-200}"              # orders checked against a plain full-scan ranking in SQL
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
PORT="${PORT:-18094}"                # only names the Unix socket: PostgreSQL listens on no TCP port
LIMIT=3                              # OrderService.dispatch ranks 3 workers
source "$ROOT/Benchmarks/lib.sh"

[[ $EUID -eq 0 ]] || fail "run as root (installs PostGIS, runs PostgreSQL as the postgres user)"
[[ -x "$PGBIN/postgres" ]] || fail "PostgreSQL 15 is not installed under $PGBIN"
if [[ ! -f /usr/share/postgresql/15/extension/postgis.control ]]; then
    echo "installing postgresql-15-postgis-3 ..." >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15-postgis-3 >/dev/null) || fail "cannot install PostGIS"
fi

# The benchmark's own scratch path, so that another build in .build or .build-release is not disturbed.
echo "building DispatchBench (release) ..." >&2
swift build -c release --scratch-path "$ROOT/.build-bench" --product DispatchBench >&2
BIN="$(swift build -c release --scratch-path "$ROOT/.build-bench" --show-bin-path)/DispatchBench"

TMP="$(mktemp -d)"
chmod 755 "$TMP"
PGDATA="$TMP/pg"
cleanup() {
    if [[ -f "$PGDATA/postmaster.pid" ]]; then runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
LOAD_AT_START="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---- Swift side -------------------------------------------------------------------------
mkdir "$TMP/data"
echo "Swift: generating workers and orders, timing DispatchRanking.rank ..." >&2
"$BIN" "$TMP/data" --workers "$WORKERS" --orders "$ORDERS" --passes "$PASSES" --towns "$TOWNS" >"$TMP/swift.txt" \
    || { cat "$TMP/swift.txt" >&2; fail "DispatchBench"; }
cat "$TMP/swift.txt" >&2

# ---- PostgreSQL + PostGIS side ----------------------------------------------------------
mkdir "$PGDATA" "$TMP/sock"
chown postgres: "$PGDATA" "$TMP/sock"
runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA" -A trust -E UTF8 --locale=C >"$TMP/initdb.log" 2>&1 || { cat "$TMP/initdb.log" >&2; fail "initdb"; }
# fsync/synchronous_commit off only speed up loading; the measured queries only read.
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
    -o "-p $PORT -k $TMP/sock -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c jit=off -c shared_buffers=256MB" start >/dev/null \
    || { cat "$PGDATA/server.log" >&2; fail "PostgreSQL did not start"; }
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$TMP/sock" -p "$PORT" -U postgres -d postgres)
sql() { "${PSQL[@]}" -At "$@"; }

echo "PostGIS: loading ..." >&2
"${PSQL[@]}" >/dev/null <<SQL
CREATE EXTENSION postgis;
-- The same great-circle distance as GeoPoint.distance (haversine, R = 6 371 008.8 m), for the checks.
CREATE FUNCTION hav(lat1 float8, lon1 float8, lat2 float8, lon2 float8) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS \$\$
    SELECT 2 * 6371008.8 * asin(least(1, sqrt(
        sin((lat2 * pi() / 180 - lat1 * pi() / 180) / 2) * sin((lat2 * pi() / 180 - lat1 * pi() / 180) / 2)
        + cos(lat1 * pi() / 180) * cos(lat2 * pi() / 180)
          * sin((lon2 - lon1) * pi() / 180 / 2) * sin((lon2 - lon1) * pi() / 180 / 2))))
\$\$;
CREATE TABLE orders (id int PRIMARY KEY, lat float8 NOT NULL, lon float8 NOT NULL, service text NOT NULL,
    pt geography(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography) STORED);
\copy orders (id, lat, lon, service) FROM '$TMP/data/orders.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE timings (query text, n int, order_id int, pass int, us float8, ids text[]);
CREATE TABLE swift (n int, order_id int, ids text[], band int, PRIMARY KEY (n, order_id));
ANALYZE orders;
SQL

IFS=, read -r -a COUNTS <<<"$WORKERS"
for N in "${COUNTS[@]}"; do
    T="w$N"
    "${PSQL[@]}" >/dev/null <<SQL
CREATE TABLE $T (id text PRIMARY KEY, provider text NOT NULL, lat float8 NOT NULL, lon float8 NOT NULL, skills text[] NOT NULL,
    on_duty bool NOT NULL, load int NOT NULL, capacity int NOT NULL, rating float8 NOT NULL,
    pos geography(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography) STORED);
\copy $T (id, provider, lat, lon, skills, on_duty, load, capacity, rating) FROM '$TMP/data/workers_$N.csv' WITH (FORMAT csv, HEADER true)
CREATE INDEX ${T}_pos ON $T USING gist (pos);
VACUUM ANALYZE $T;
CREATE TEMP TABLE swift_csv (order_id int, ids text, band int, examined int, best_us float8);
\copy swift_csv FROM '$TMP/data/swift_$N.csv' WITH (FORMAT csv, HEADER true)
INSERT INTO swift SELECT $N, order_id, string_to_array(ids, ' '), band FROM swift_csv;

-- Times each query per order inside the server (no client round trip, plans cached by
-- PL/pgSQL), pass 0 as a warm-up; the same orders in the same order as the Swift side.
-- First the query of issue 6: the k nearest qualified workers by the GiST index (KNN), with
-- the filters of DispatchRanking: the skill, on duty, below capacity, within 20 km
-- (policy.maxDistanceMeters). All providers are admitted and serve the region, so the
-- provider check passes everyone and is left out.
CREATE FUNCTION time_$T(passes int) RETURNS void LANGUAGE plpgsql AS \$\$
DECLARE o orders; t0 timestamptz; t1 timestamptz; ids text[];
BEGIN
    FOR p IN 0..passes LOOP
        FOR o IN SELECT * FROM orders ORDER BY id LOOP
            t0 := clock_timestamp();
            ids := ARRAY(SELECT id FROM $T
                         WHERE skills @> ARRAY[o.service] AND on_duty AND load < capacity AND ST_DWithin(pos, o.pt, 20000, false)
                         ORDER BY pos <-> o.pt LIMIT $LIMIT);
            t1 := clock_timestamp();
            IF p > 0 THEN INSERT INTO timings VALUES ('knn', $N, o.id, p, extract(epoch FROM t1 - t0) * 1e6, ids); END IF;
        END LOOP;
        FOR o IN SELECT * FROM orders ORDER BY id LOOP
            t0 := clock_timestamp();
            -- The whole DispatchRanking order in SQL: the k nearest qualified (KNN) give the farthest
            -- band that matters, then every qualified worker closer than the end of that band is
            -- ranked by band of 500 m, load, rating (best first), distance, id.
            ids := ARRAY(
                WITH near AS MATERIALIZED (
                    SELECT ST_Distance(pos, o.pt, false) AS m FROM $T
                    WHERE skills @> ARRAY[o.service] AND on_duty AND load < capacity AND ST_DWithin(pos, o.pt, 20000, false)
                    ORDER BY pos <-> o.pt LIMIT $LIMIT),
                reach AS (SELECT CASE WHEN count(*) < $LIMIT THEN 20000 ELSE least(20000, (floor(max(m) / 500) + 1) * 500) END AS r FROM near)
                SELECT id FROM (
                    SELECT w.id, w.load, w.rating, ST_Distance(w.pos, o.pt, false) AS m FROM reach, $T w
                    WHERE w.skills @> ARRAY[o.service] AND w.on_duty AND w.load < w.capacity AND ST_DWithin(w.pos, o.pt, reach.r, false)) c
                ORDER BY floor(m / 500), load, rating DESC, m, id LIMIT $LIMIT);
            t1 := clock_timestamp();
            IF p > 0 THEN INSERT INTO timings VALUES ('ranked', $N, o.id, p, extract(epoch FROM t1 - t0) * 1e6, ids); END IF;
        END LOOP;
    END LOOP;
END \$\$;
SQL
    sql >"$TMP/plan_$N.txt" <<SQL
PREPARE q(int) AS SELECT w.id FROM orders o, LATERAL (SELECT id FROM $T
    WHERE skills @> ARRAY[o.service] AND on_duty AND load < capacity AND ST_DWithin(pos, o.pt, 20000, false)
    ORDER BY pos <-> o.pt LIMIT $LIMIT) w WHERE o.id = \$1;
EXPLAIN (COSTS OFF) EXECUTE q(1);
SQL
    grep -q "Index Scan using ${T}_pos" "$TMP/plan_$N.txt" || { cat "$TMP/plan_$N.txt" >&2; fail "the KNN query does not use the GiST index"; }

    echo "PostGIS N=$N: timing in the server ($PASSES passes after a warm-up) ..." >&2
    sql -c "SELECT time_$T($PASSES)" >/dev/null

    # The same KNN query seen by a client: pgbench, prepared, over the Unix socket, one
    # connection; each transaction picks one of the same order points at random (seeded).
    cat >"$TMP/knn_$N.sql" <<SQL
\\set i random(1, $ORDERS)
SELECT w.id FROM orders o CROSS JOIN LATERAL (SELECT id FROM $T
    WHERE skills @> ARRAY[o.service] AND on_duty AND load < capacity AND ST_DWithin(pos, o.pt, 20000, false)
    ORDER BY pos <-> o.pt LIMIT $LIMIT) w WHERE o.id = :i;
SQL
    PGB=("$PGBIN/pgbench" -n -M prepared -c 1 -j 1 -h "$TMP/sock" -p "$PORT" -U postgres -f "$TMP/knn_$N.sql" --random-seed=6 postgres)
    echo "PostGIS N=$N: timing with pgbench ..." >&2
    "${PGB[@]}" -t "$ORDERS" >/dev/null 2>&1 || fail "pgbench warm-up"
    (cd "$TMP" && "${PGB[@]}" -t $((ORDERS * PASSES)) --log --log-prefix="pgb_$N" >"$TMP/pgbench_$N.txt" 2>&1) || { cat "$TMP/pgbench_$N.txt" >&2; fail "pgbench"; }
    # Per-transaction log: client, transaction, latency in µs, ...
    cat "$TMP"/pgb_"$N".* | awk '{ print $3 }' | sort -n >"$TMP/pgb_$N.us"
done

# ---- Agreement checks -------------------------------------------------------------------
# 1. The SAMPLE first orders ranked by SQL from scratch (every qualified worker by the
#    haversine, no index, no early stop) give the same workers in the same order as Swift.
# 2. Every order: the ranking SQL (ranked_*) gives the same workers in the same order as Swift.
# 3. Every order: the nearest qualified worker found by the KNN query is in the band of
#    Swift's first worker (Swift ranks by band, then load and rating, so its first worker is
#    in the nearest band but need not be the nearest worker; both find nobody for the same orders).
declare -A CHECK
for N in "${COUNTS[@]}"; do
    T="w$N"
    CHECK[$N]="$(sql <<SQL
WITH plain AS (
    SELECT o.id, ARRAY(SELECT id FROM (SELECT id, load, rating, hav(o.lat, o.lon, lat, lon) AS m FROM $T
                                       WHERE skills @> ARRAY[o.service] AND on_duty AND load < capacity) c
                       WHERE m <= 20000 ORDER BY floor(m / 500), load, rating DESC, m, id LIMIT $LIMIT) AS ids
    FROM orders o WHERE o.id <= $SAMPLE),
knn AS (
    SELECT t.order_id, coalesce((SELECT floor(hav(o.lat, o.lon, w.lat, w.lon) / 500)::int FROM $T w WHERE w.id = t.ids[1]), -1) AS band
    FROM timings t JOIN orders o ON o.id = t.order_id WHERE t.query = 'knn' AND t.n = $N AND t.pass = 1)
SELECT (SELECT count(*) FROM plain p JOIN swift s ON s.n = $N AND s.order_id = p.id WHERE p.ids = s.ids) || '/' || (SELECT count(*) FROM plain)
    || ' ' || (SELECT count(*) FROM timings t JOIN swift s ON s.n = $N AND s.order_id = t.order_id
               WHERE t.query = 'ranked' AND t.n = $N AND t.pass = 1 AND t.ids = s.ids) || '/' || $ORDERS
    || ' ' || (SELECT count(*) FROM knn JOIN swift s ON s.n = $N AND s.order_id = knn.order_id WHERE knn.band = s.band) || '/' || $ORDERS
SQL
)"
done

# ---- Figures ----------------------------------------------------------------------------
# pct FILE P: nearest-rank percentile of a sorted file of numbers (as percentile_disc).
pct() { awk -v p="$2" '{ v[NR] = $1 } END { i = int(p * NR); if (i < p * NR) i++; if (i < 1) i = 1; printf "%.1f", v[i] }' "$1"; }
mean() { awk '{ s += $1 } END { printf "%.1f", s / NR }' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
field() { sed -n "s/.*swift N=$1 .*$2=\([^ ]*\).*/\1/p" "$TMP/swift.txt"; }

PGVERSION="$(sql -c "SHOW server_version" | cut -d' ' -f1)"
POSTGIS="$(sql -c "SELECT extversion FROM pg_extension WHERE extname = 'postgis'")"
echo
echo "dispatch ranking, one order among N workers: k = $LIMIT, $ORDERS order points × $PASSES passes (release build; PostgreSQL $PGVERSION + PostGIS $POSTGIS, same data, same run)"
echo "load average at start: $LOAD_AT_START; $(nproc) cores"
echo "÷Swift: the row's time divided by Swift's at the same N (above 1: Swift is faster)"
printf "%-8s %-58s %9s %9s %9s %9s %9s\n" "N" "" "p50 µs" "p99 µs" "mean µs" "÷Swift50" "÷Swift99"
declare -A VERDICT
for N in "${COUNTS[@]}"; do
    S50="$(field "$N" p50_us)"; S99="$(field "$N" p99_us)"; SMEAN="$(field "$N" mean_us)"
    printf "%-8s %-58s %9s %9s %9s %9s %9s\n" "$N" "Swift DispatchRanking.rank (index built in $(field "$N" build_ms) ms)" \
        "$(printf %.1f "$S50")" "$(printf %.1f "$S99")" "$(printf %.1f "$SMEAN")" "1.0" "1.0"
    read -r K50 K99 KMEAN R50 R99 RMEAN <<<"$(sql -F' ' <<SQL
SELECT round(percentile_disc(0.5) WITHIN GROUP (ORDER BY us) FILTER (WHERE query = 'knn')::numeric, 1),
       round(percentile_disc(0.99) WITHIN GROUP (ORDER BY us) FILTER (WHERE query = 'knn')::numeric, 1),
       round((avg(us) FILTER (WHERE query = 'knn'))::numeric, 1),
       round(percentile_disc(0.5) WITHIN GROUP (ORDER BY us) FILTER (WHERE query = 'ranked')::numeric, 1),
       round(percentile_disc(0.99) WITHIN GROUP (ORDER BY us) FILTER (WHERE query = 'ranked')::numeric, 1),
       round((avg(us) FILTER (WHERE query = 'ranked'))::numeric, 1)
FROM timings WHERE n = $N
SQL
)"
    B50="$(pct "$TMP/pgb_$N.us" 0.5)"; B99="$(pct "$TMP/pgb_$N.us" 0.99)"; BMEAN="$(mean "$TMP/pgb_$N.us")"
    printf "%-8s %-58s %9s %9s %9s %9s %9s\n" "$N" "PostGIS KNN <-> LIMIT $LIMIT, in the server (the reference)" "$K50" "$K99" "$KMEAN" "$(ratio "$K50" "$S50")" "$(ratio "$K99" "$S99")"
    printf "%-8s %-58s %9s %9s %9s %9s %9s\n" "$N" "PostGIS KNN <-> LIMIT $LIMIT, pgbench client (prepared)" "$B50" "$B99" "$BMEAN" "$(ratio "$B50" "$S50")" "$(ratio "$B99" "$S99")"
    printf "%-8s %-58s %9s %9s %9s %9s %9s\n" "$N" "PostGIS, full ranking (bands, load, rating), in the server" "$R50" "$R99" "$RMEAN" "$(ratio "$R50" "$S50")" "$(ratio "$R99" "$S99")"
    VERDICT[$N]="$(awk -v k50="$K50" -v k99="$K99" -v s50="$S50" -v s99="$S99" -v n="$N" 'BEGIN {
        x50 = k50 / s50; x99 = k99 / s99
        printf "N=%d: PostGIS KNN ÷ Swift = %.1f (p50), %.1f (p99), goal ≥ 10: %s", n, x50, x99, (x50 >= 10 && x99 >= 10) ? "met" : "NOT met"
        if (n == 100000) printf "; Swift p99 %.0f µs, goal < 1000 µs: %s", s99, (s99 < 1000 ? "met" : "NOT met")
    }')"
done
echo
echo "goals (issue 6): ≥ 10× faster than the PostGIS query, p99 < 1 ms at 100 000"
for N in "${COUNTS[@]}"; do echo "  ${VERDICT[$N]}"; done
echo
echo "agreement with the Swift ranking (same workers, same order):"
for N in "${COUNTS[@]}"; do
    read -r PLAIN RANKED KNN <<<"${CHECK[$N]}"
    echo "  N=$N: plain SQL ranking of every qualified worker $PLAIN orders; SQL full ranking $RANKED; KNN nearest in Swift's first band $KNN"
    for pair in "$PLAIN" "$RANKED" "$KNN"; do [[ "${pair%/*}" == "${pair#*/}" ]] || echo "  WARNING: N=$N: the rankings disagree on some orders ($pair)" >&2; done
done
for N in "${COUNTS[@]}"; do
    echo "  N=$N: Swift examined $(field "$N" examined) workers per order on average ($(field "$N" examined_max) at most) and found someone for $(field "$N" found) orders"
done
