#!/usr/bin/env python3
"""The cockpit's figures computed a second way, for Benchmarks/cockpit/run.sh.

The sqlite3 shell exports the plain rows of the tables the figures are about (the register,
categories, orders and their events, calls back, alarms, subsidy runs and payments,
regions and population figures) from the demo's SQLite file, in one read transaction, as
CSV; DuckDB loads them and computes every figure that GET /api/v1/statistics/{code}
answers, from what the figure means, over the raw rows: never from the platform's tallies
(`figure_tallies`, `village_tallies`) or its code. Then, for each API answer given,
compares every figure's value, its value for the same period last year, for the previous
period and for each child region, and prints a table and every difference.

    reference.py --export --db DB --work DIR      exports the rows (prints the seconds)
    reference.py --work DIR --api FILE [--api FILE ...] [--times FILE] [--runs N] [--brief]

Each FILE is one API answer (JSON, with its region and period). --times FILE gets one line
"CODE PERIOD MS" per answer: DuckDB's median time (of --runs runs, tables loaded in memory)
to compute every figure of that answer. Exit status 0 when every figure equals its
reference, 3 when any differs (the table and the list of differences are printed either way).
Needs duckdb (PyPI); run.sh installs it in .tools/venv-bench.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import duckdb

CHINA = timezone(timedelta(hours=8))  # China has one time zone and no summer time


def stamp(column):
    """A datetime column (seconds since 1970, REAL) written with its microseconds; NULL stays empty."""
    return f"CASE WHEN {column} IS NULL THEN NULL ELSE printf('%.6f', {column}) END AS {column}"


# table name -> (the SELECT the sqlite3 shell exports, DuckDB's column types)
EXPORTS = {
    "regions": ("SELECT code, parent_code, retired_on FROM regions", {"code": "VARCHAR", "parent_code": "VARCHAR", "retired_on": "VARCHAR"}),
    "populations": (
        "SELECT region_code, year, residents, aged60, aged65, aged80 FROM region_populations",
        {"region_code": "VARCHAR", "year": "INTEGER", "residents": "BIGINT", "aged60": "BIGINT", "aged65": "BIGINT", "aged80": "BIGINT"},
    ),
    "elders": (
        "SELECT id, region_code, sex, birth_date, status, enrolled_on FROM elders",
        {"id": "VARCHAR", "region_code": "VARCHAR", "sex": "VARCHAR", "birth_date": "DATE", "status": "VARCHAR", "enrolled_on": "VARCHAR"},
    ),
    "categories": (
        "SELECT elder_id, category, since, until FROM elder_categories",
        {"elder_id": "VARCHAR", "category": "VARCHAR", "since": "DATE", "until": "DATE"},
    ),
    "orders": (
        f"SELECT id, region_code, {stamp('created_at')}, service_type, channel, status, {stamp('check_in_at')}, {stamp('check_out_at')},"
        f" rating, complaint IS NOT NULL AS complained, {stamp('complaint_resolved_at')}, flags FROM service_orders",
        {
            "id": "VARCHAR", "region_code": "VARCHAR", "created_at": "DOUBLE", "service_type": "VARCHAR", "channel": "VARCHAR",
            "status": "VARCHAR", "check_in_at": "DOUBLE", "check_out_at": "DOUBLE", "rating": "INTEGER", "complained": "INTEGER",
            "complaint_resolved_at": "DOUBLE", "flags": "VARCHAR",
        },
    ),
    "order_events": (f"SELECT order_id, event, {stamp('at')} FROM order_events", {"order_id": "VARCHAR", "event": "VARCHAR", "at": "DOUBLE"}),
    "follow_ups": (
        f"SELECT region_code, {stamp('created_at')}, status, troubled FROM follow_up_calls",
        {"region_code": "VARCHAR", "created_at": "DOUBLE", "status": "VARCHAR", "troubled": "INTEGER"},
    ),
    "alarms": (
        f"SELECT region_code, {stamp('raised_at')}, type, {stamp('acknowledged_at')}, {stamp('closed_at')}, outcome,"
        " escalated_to IS NOT NULL AS escalated, overdue FROM alarms",
        {
            "region_code": "VARCHAR", "raised_at": "DOUBLE", "type": "VARCHAR", "acknowledged_at": "DOUBLE", "closed_at": "DOUBLE",
            "outcome": "VARCHAR", "escalated": "INTEGER", "overdue": "INTEGER",
        },
    ),
    "subsidy_runs": ("SELECT id, month, status FROM subsidy_runs", {"id": "VARCHAR", "month": "VARCHAR", "status": "VARCHAR"}),
    "subsidy_lines": (
        "SELECT run_id, scheme, region_code, fen FROM subsidy_lines",
        {"run_id": "VARCHAR", "scheme": "VARCHAR", "region_code": "VARCHAR", "fen": "BIGINT"},
    ),
}


def export(db, work):
    """One sqlite3 shell run, one read transaction: every table as of the same moment."""
    script = [".headers on", ".mode csv", "BEGIN;"]
    for name, (select, _) in EXPORTS.items():
        script += [f".once {os.path.join(work, name + '.csv')}", select + ";"]
    script.append("COMMIT;")
    subprocess.run(["sqlite3", "-bail", db], input="\n".join(script) + "\n", text=True, check=True)


def load(con, work):
    for name, (_, types) in EXPORTS.items():
        path = os.path.join(work, name + ".csv")
        con.execute(f"CREATE OR REPLACE TABLE {name} (" + ", ".join(f"\"{c}\" {t}" for c, t in types.items()) + ")")
        if os.path.getsize(path) == 0:
            continue  # the shell writes nothing, not even the header, for a table without rows
        columns = "{" + ", ".join(f"'{c}': '{t}'" for c, t in types.items()) + "}"
        con.execute(
            f"INSERT INTO {name} SELECT * FROM read_csv('{path}', header = true, delim = ',', quote = '\"', escape = '\"',"
            f" nullstr = '', columns = {columns})"
        )


# --- regions and periods ---


def prefix_of(code):
    """The digits a region's subtree shares: 4109 for the city 410900000000, 410902 for a county."""
    for width in (2, 4, 6, 9):
        if code[width:] == "0" * (12 - width):
            return code[:width]
    return code


def child_width(code):
    return {2: 4, 4: 6, 6: 9, 9: 12, 12: 12}[len(prefix_of(code))]


def months_of(period):
    """2026-11 → [2026-11]; 2026-Q4 → its three months; 2026 → its twelve."""
    if len(period) == 4:
        year, first, n = int(period), 1, 12
    elif "-Q" in period:
        year, first, n = int(period[:4]), (int(period[-1]) - 1) * 3 + 1, 3
    else:
        year, first, n = int(period[:4]), int(period[5:]), 1
    return [f"{year:04d}-{m:02d}" for m in range(first, first + n)]


def shift(months, by):
    """The same months `by` months later (negative: earlier)."""
    out = []
    for m in months:
        index = int(m[:4]) * 12 + int(m[5:]) - 1 + by
        out.append(f"{index // 12:04d}-{index % 12 + 1:02d}")
    return out


def periods(period):
    now = months_of(period)
    return {"value": now, "lastYear": shift(now, -12), "previous": shift(now, -len(now))}


# --- the reference: DuckDB over the raw rows ---

REGISTER = """
WITH people AS (
    SELECT substr(region_code, 1, $width) AS child, sex, enrolled_on IS NOT NULL AS enrolled,
           year($today::DATE) - year(birth_date)
             - CASE WHEN strftime(birth_date, '%m-%d') > strftime($today::DATE, '%m-%d') THEN 1 ELSE 0 END AS age
    FROM elders
    WHERE status = 'active' AND starts_with(region_code, $prefix))
SELECT child, sex, enrolled,
       CASE WHEN age >= 100 THEN '100+'
            WHEN age >= 90 THEN '90-99'
            WHEN age >= 60 THEN printf('%d-%d', 60 + (age - 60) // 5 * 5, 64 + (age - 60) // 5 * 5)
            ELSE 'under_60' END AS band,
       count(*) AS n
FROM people GROUP BY ALL
"""

# People of the register in each category on the day (a category row in force: begun, not ended).
CATEGORIES = """
SELECT substr(e.region_code, 1, $width) AS child, c.category, count(DISTINCT c.elder_id) AS n
FROM categories c JOIN elders e ON e.id = c.elder_id
WHERE e.status = 'active' AND starts_with(e.region_code, $prefix)
  AND (c.since IS NULL OR c.since <= $today::DATE) AND (c.until IS NULL OR c.until >= $today::DATE)
GROUP BY ALL
"""

# An instant's month in China (UTC+8 all year).
MONTH = "strftime(make_timestamp(CAST(round(({0} + 28800) * 1000000) AS BIGINT)), '%Y-%m')"

# Orders by the month they were placed. Times are whole seconds per order (the unit kept);
# a time is counted when both ends exist and the later is not before the earlier.
ORDERS = f"""
WITH o AS (
    SELECT *, substr(region_code, 1, $width) AS child, {MONTH.format('created_at')} AS month
    FROM orders WHERE starts_with(region_code, $prefix) AND created_at IS NOT NULL),
picked AS (SELECT * FROM o WHERE list_contains($months, month)),
firsts AS (
    SELECT e.order_id,
           min(e.at) FILTER (WHERE e.event = 'dispatch') AS dispatched,
           min(e.at) FILTER (WHERE e.event = 'accept') AS accepted,
           min(e.at) FILTER (WHERE e.event = 'complain') AS complained_at
    FROM order_events e SEMI JOIN picked p ON p.id = e.order_id
    GROUP BY e.order_id),
t AS (
    SELECT p.*, f.dispatched - p.created_at AS to_dispatch, f.accepted - p.created_at AS to_accept,
           p.check_in_at - f.accepted AS to_arrive, p.check_out_at - p.check_in_at AS in_service,
           p.complaint_resolved_at - f.complained_at AS to_close
    FROM picked p LEFT JOIN firsts f ON f.order_id = p.id)
SELECT child, month, service_type, channel, status,
       count(*) AS orders,
       count(check_out_at) AS served,
       count(*) FILTER (WHERE to_dispatch >= 0) AS dispatch_n, coalesce(sum(round(to_dispatch)) FILTER (WHERE to_dispatch >= 0), 0) AS dispatch_s,
       count(*) FILTER (WHERE to_accept >= 0) AS accept_n, coalesce(sum(round(to_accept)) FILTER (WHERE to_accept >= 0), 0) AS accept_s,
       count(*) FILTER (WHERE to_arrive >= 0) AS arrive_n, coalesce(sum(round(to_arrive)) FILTER (WHERE to_arrive >= 0), 0) AS arrive_s,
       count(*) FILTER (WHERE in_service >= 0) AS service_n, coalesce(sum(round(in_service)) FILTER (WHERE in_service >= 0), 0) AS service_s,
       count(rating) AS rating_n, coalesce(sum(rating), 0) AS rating_stars, count(*) FILTER (WHERE rating >= 4) AS rating_good,
       count(*) FILTER (WHERE complained = 1) AS complaint_n,
       count(*) FILTER (WHERE complained = 1 AND complaint_resolved_at IS NOT NULL) AS complaint_closed,
       count(*) FILTER (WHERE complained = 1 AND to_close >= 0) AS close_n,
       coalesce(sum(round(to_close)) FILTER (WHERE complained = 1 AND to_close >= 0), 0) AS close_s,
       count(*) FILTER (WHERE flags IS NOT NULL AND json_array_length(flags) > 0) AS flagged
FROM t GROUP BY ALL
"""

# Calls back (回访) by the month they were drawn.
FOLLOW_UPS = f"""
SELECT child, month, count(*) AS due, count(*) FILTER (WHERE status = 'answered') AS answered,
       count(*) FILTER (WHERE troubled = 1) AS troubled
FROM (SELECT substr(region_code, 1, $width) AS child, {MONTH.format('created_at')} AS month, status, troubled
      FROM follow_ups WHERE starts_with(region_code, $prefix) AND created_at IS NOT NULL)
WHERE list_contains($months, month)
GROUP BY ALL
"""

# Alarms by the month they were raised; a time before the raising counts as 0 s.
ALARMS = f"""
WITH a AS (
    SELECT substr(region_code, 1, $width) AS child, {MONTH.format('raised_at')} AS month, type, outcome, escalated, overdue,
           CASE WHEN acknowledged_at IS NULL THEN NULL ELSE greatest(acknowledged_at - raised_at, 0) END AS to_ack,
           CASE WHEN closed_at IS NULL THEN NULL ELSE greatest(closed_at - raised_at, 0) END AS to_close
    FROM alarms WHERE starts_with(region_code, $prefix))
SELECT child, month, type, outcome, count(*) AS alarms,
       count(to_ack) AS ack_n, coalesce(sum(round(to_ack)), 0) AS ack_s, count(*) FILTER (WHERE to_ack <= 60) AS within60,
       count(to_close) AS close_n, coalesce(sum(round(to_close)), 0) AS close_s,
       count(*) FILTER (WHERE escalated = 1) AS escalated, count(*) FILTER (WHERE overdue = 1) AS overdue
FROM a WHERE list_contains($months, month)
GROUP BY ALL
"""

# Payments by the month their run pays for: approved runs paid, the others pending.
SUBSIDIES = """
SELECT substr(l.region_code, 1, $width) AS child, r.month, r.status, l.scheme, count(*) AS n, sum(l.fen) AS fen
FROM subsidy_lines l JOIN subsidy_runs r ON r.id = l.run_id
WHERE starts_with(l.region_code, $prefix) AND list_contains($months, r.month)
GROUP BY ALL
"""


def add(bag, name, n):
    if n:
        bag[name] = bag.get(name, 0) + int(n)


class Known:
    """The codes the API names one figure for (service types, alarm types, schemes); a code
    of the data not among them counts under `other`, as the figure keys say."""

    def __init__(self, keys):
        def codes(prefix, suffix=""):
            return {k[len(prefix):len(k) - len(suffix)] for k in keys if k.startswith(prefix) and k.endswith(suffix)} - {"other"}

        self.order_types = codes("orders.type.")
        self.alarm_types = codes("alarms.type.")
        self.schemes = codes("subsidies.scheme.", ".payments")


def gather(con, code, months, today, known):
    """Counts by child region (and month for flows), from the raw rows."""
    width, prefix = child_width(code), prefix_of(code)
    params = {"width": width, "prefix": prefix, "today": today}
    state = {}  # child -> bag
    for child, sex, enrolled, band, n in con.execute(REGISTER, params).fetchall():
        bag = state.setdefault(child, {})
        add(bag, "people", n)
        add(bag, f"sex.{sex}", n)
        add(bag, "enrolled" if enrolled else "not_enrolled", n)
        add(bag, f"band.{band}", n)
        if band != "under_60":
            add(bag, "aged60", n)
            if band != "60-64":
                add(bag, "aged65", n)
                if band not in ("65-69", "70-74", "75-79"):
                    add(bag, "aged80", n)
    for child, category, n in con.execute(CATEGORIES, params).fetchall():
        add(state.setdefault(child, {}), f"category.{category}", n)

    params = {"width": width, "prefix": prefix, "months": months}
    flows = {}  # (child, month) -> bag

    def bag(child, month):
        return flows.setdefault((child, month), {})

    cursor = con.execute(ORDERS, params)
    names = [d[0] for d in cursor.description]
    for row in cursor.fetchall():
        r = dict(zip(names, row))
        b = bag(r["child"], r["month"])
        add(b, "orders", r["orders"])
        add(b, f"type.{r['service_type'] if r['service_type'] in known.order_types else 'other'}", r["orders"])
        add(b, f"channel.{r['channel']}", r["orders"])
        add(b, f"status.{r['status']}", r["orders"])
        for name in names[5:]:
            if name != "orders":
                add(b, name, r[name])
    for child, month, due, answered, troubled in con.execute(FOLLOW_UPS, params).fetchall():
        b = bag(child, month)
        add(b, "followup_due", due)
        add(b, "followup_answered", answered)
        add(b, "followup_troubled", troubled)
    cursor = con.execute(ALARMS, params)
    names = [d[0] for d in cursor.description]
    for row in cursor.fetchall():
        r = dict(zip(names, row))
        b = bag(r["child"], r["month"])
        add(b, f"alarm_type.{r['type'] if r['type'] in known.alarm_types else 'other'}", r["alarms"])
        if r["outcome"] is not None:
            add(b, f"outcome.{r['outcome']}", r["alarms"])
        for name in names[4:]:
            add(b, "alarm_" + name if name != "alarms" else "alarms", r[name])
    for child, month, status, scheme, n, fen in con.execute(SUBSIDIES, params).fetchall():
        b = bag(child, month)
        if status == "approved":
            add(b, "paid_n", n)
            add(b, "paid_fen", fen)
            scheme = scheme if scheme in known.schemes else "other"
            add(b, f"scheme.{scheme}.n", n)
            add(b, f"scheme.{scheme}.fen", fen)
        else:
            add(b, "pending_n", n)
            add(b, "pending_fen", fen)
    return state, flows


def population(con, code):
    """A region's population figures: its own of its latest year, else its children's of the
    latest year any child has, summed (aged 65/80 unknown when any child lacks them)."""
    own = con.execute(
        "SELECT year, residents, aged60, aged65, aged80 FROM populations WHERE region_code = ? ORDER BY year DESC LIMIT 1", [code]
    ).fetchone()
    if own:
        return dict(zip(("year", "residents", "aged60", "aged65", "aged80"), own))
    rows = con.execute(
        "SELECT p.year, p.residents, p.aged60, p.aged65, p.aged80 FROM populations p JOIN regions r ON r.code = p.region_code"
        " WHERE r.parent_code = ? AND r.retired_on IS NULL",
        [code],
    ).fetchall()
    if not rows:
        return None
    year = max(r[0] for r in rows)
    rows = [r for r in rows if r[0] == year]

    def total(i):
        return None if any(r[i] is None for r in rows) else sum(r[i] for r in rows)

    return {"year": year, "residents": total(1), "aged60": total(2), "aged65": total(3), "aged80": total(4)}


MISSING = object()  # a figure key the reference does not know


def figure(key, b, pop):
    """A figure's value from counts, by its meaning; None where the API has no value (a share
    or mean of nothing, a population not known)."""

    def g(name):
        return b.get(name, 0)

    def share(part, whole):
        return None if part is None or whole is None or whole <= 0 else part / whole

    aged60 = pop["aged60"] if pop else None
    parts = key.split(".")
    simple = {
        "people.total": lambda: g("people"),
        "people.aged60": lambda: g("aged60"),
        "people.aged65": lambda: g("aged65"),
        "people.aged80": lambda: g("aged80"),
        "people.male": lambda: g("sex.male"),
        "people.female": lambda: g("sex.female"),
        "people.enrolled": lambda: g("enrolled"),
        "people.not_enrolled": lambda: g("not_enrolled"),
        "people.enrolment_rate": lambda: share(g("enrolled"), aged60),
        "people.coverage60": lambda: share(g("aged60"), aged60),
        "people.population60": lambda: aged60,
        "people.ageing_rate": lambda: share(aged60, pop["residents"] if pop else None),
        "people.category.advanced_age": lambda: g("aged80"),  # 高龄: 80 and over, by age
        "orders.total": lambda: g("orders"),
        "orders.served": lambda: g("served"),
        "orders.completion_rate": lambda: share(g("served"), g("orders")),
        "orders.dispatch_minutes": lambda: share(g("dispatch_s"), g("dispatch_n")),
        "orders.accept_minutes": lambda: share(g("accept_s"), g("accept_n")),
        "orders.arrive_minutes": lambda: share(g("arrive_s"), g("arrive_n")),
        "orders.service_minutes": lambda: share(g("service_s"), g("service_n")),
        "orders.rating": lambda: share(g("rating_stars"), g("rating_n")),
        "orders.good_rating_rate": lambda: share(g("rating_good"), g("rating_n")),
        "orders.complaints": lambda: g("complaint_n"),
        "orders.complaints_closed_rate": lambda: share(g("complaint_closed"), g("complaint_n")),
        "orders.complaint_close_minutes": lambda: share(g("close_s"), g("close_n")),
        "orders.flagged": lambda: g("flagged"),
        "orders.followups_due": lambda: g("followup_due"),
        "orders.followup_rate": lambda: share(g("followup_answered"), g("followup_due")),
        "orders.followups_troubled": lambda: g("followup_troubled"),
        "alarms.total": lambda: g("alarms"),
        "alarms.answered60_rate": lambda: share(g("alarm_within60"), g("alarms")),
        "alarms.ack_seconds": lambda: share(g("alarm_ack_s"), g("alarm_ack_n")),
        "alarms.close_minutes": lambda: share(g("alarm_close_s"), g("alarm_close_n")),
        "alarms.escalated": lambda: g("alarm_escalated"),
        "alarms.overdue": lambda: g("alarm_overdue"),
        "subsidies.payments": lambda: g("paid_n"),
        "subsidies.amount": lambda: g("paid_fen"),
        "subsidies.pending_payments": lambda: g("pending_n"),
        "subsidies.pending_amount": lambda: g("pending_fen"),
    }
    if key in simple:
        return simple[key]()
    if key.startswith("people.band."):
        return g("band." + key[len("people.band."):])
    if key.startswith("people.category."):
        return g("category." + parts[2])
    if key.startswith("orders.type."):
        return g("type." + parts[2])
    if key.startswith("orders.channel."):
        return g("channel." + parts[2])
    if key.startswith("orders.status."):
        return g("status." + parts[2])
    if key.startswith("alarms.type."):
        return g("alarm_type." + parts[2])
    if key.startswith("alarms.outcome."):
        return g("outcome." + parts[2])
    if key.startswith("subsidies.scheme.") and len(parts) == 4:
        return g(f"scheme.{parts[2]}." + {"payments": "n", "amount": "fen"}.get(parts[3], "?"))
    return MISSING


def is_state(key):
    return key.startswith("people.")


def codes_in_data(state, flows):
    """The data's own codes for the figures split by a code (categories, channels, statuses,
    outcomes): each must have its figure in the API, or its rows go uncounted there."""
    out = set()
    for b in list(state.values()) + list(flows.values()):
        for name in b:
            for prefix, figure_prefix in (
                ("category.", "people.category."),
                ("band.", "people.band."),
                ("channel.", "orders.channel."),
                ("status.", "orders.status."),
                ("outcome.", "alarms.outcome."),
            ):
                if name.startswith(prefix) and name != "band.under_60":
                    out.add(figure_prefix + name[len(prefix):])
    return out


def reference(con, code, period, keys, today):
    """Every figure of the answer for `code` and `period`: value, lastYear, previous, and each child's value."""
    known = Known(keys)
    spans = periods(period)
    months = sorted(set(spans["value"] + spans["lastYear"] + spans["previous"]))
    state, flows = gather(con, code, months, today, known)
    children = [
        c
        for (c,) in con.execute(
            "SELECT code FROM regions WHERE parent_code = ? AND retired_on IS NULL ORDER BY code", [code]
        ).fetchall()
    ]
    width = child_width(code)
    own = population(con, code)
    child_pops = {c: population(con, c) for c in children}

    bags = {}

    def bag(kind, child=None):
        """Counts summed: "state" (the register today), or a flow over the months of "value",
        "lastYear" or "previous"; of the whole region, or of one child (its digits)."""
        if (kind, child) not in bags:
            if kind == "state":
                sources = [b for c, b in state.items() if child is None or c == child]
            else:
                wanted = set(spans[kind])
                sources = [b for (c, m), b in flows.items() if m in wanted and (child is None or c == child)]
            total = {}
            for b in sources:
                for name, n in b.items():
                    total[name] = total.get(name, 0) + n
            bags[(kind, child)] = total
        return bags[(kind, child)]

    out = {}
    for key in keys:
        st = is_state(key)
        result = {
            part: None if st and part != "value" else figure(key, bag("state" if st else part), own)
            for part in ("value", "lastYear", "previous")
        }
        result["children"] = {c: figure(key, bag("state" if st else "value", c[:width]), child_pops[c]) for c in children}
        out[key] = result
    return out, children, codes_in_data(state, flows)


# --- comparing and printing ---

UNITS = {
    "share": lambda v: f"{v * 100:.1f}%",
    "minutes": lambda v: f"{v / 60:.1f}min",
    "seconds": lambda v: f"{round(v)}s",
    "yuan": lambda v: f"{v / 100:.2f}",
    "stars": lambda v: f"{v:.2f}",
}


def text(value, unit):
    if value is None:
        return "—"
    return UNITS.get(unit, lambda v: str(round(v)))(value)


def same(a, b):
    if a is None or b is None or a is MISSING or b is MISSING:
        return a is b or (a is None and b is None)
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="the SQLite file, to export")
    parser.add_argument("--work", required=True, help="folder of the exported CSV files")
    parser.add_argument("--export", action="store_true", help="only export the tables (one read transaction) and print the seconds")
    parser.add_argument("--api", action="append", default=[], help="an API answer (JSON) to compare")
    parser.add_argument("--times", help="write 'CODE PERIOD MS' lines of DuckDB's times")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--today", help="the day the register is counted for (default: today in China)")
    parser.add_argument("--brief", action="store_true", help="print the summary and the differences, not every figure")
    parser.add_argument("--title", default="every figure against the reference (DuckDB over the exported rows)")
    args = parser.parse_args()
    today = args.today or datetime.now(CHINA).date().isoformat()

    if args.export:
        os.makedirs(args.work, exist_ok=True)
        start = time.perf_counter()
        export(args.db, args.work)
        print(f"{time.perf_counter() - start:.2f}")
        return
    con = duckdb.connect()
    start = time.perf_counter()
    load(con, args.work)
    loaded = time.perf_counter() - start
    rows = {name: con.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in EXPORTS}
    print(f"loaded into DuckDB {duckdb.__version__} in {loaded:.2f} s: " + ", ".join(f"{name} {n}" for name, n in rows.items()))

    answers = [json.load(open(path)) for path in args.api]
    results = []
    times = []
    for answer in answers:
        code, period = answer["region"], answer["period"]
        keys = [f["key"] for f in answer["figures"]]
        ref, children, data_codes = reference(con, code, period, keys, today)
        runs = []
        for _ in range(args.runs):
            start = time.perf_counter()
            reference(con, code, period, keys, today)
            runs.append((time.perf_counter() - start) * 1000)
        times.append((code, period, statistics.median(runs)))
        results.append((answer, ref, children, data_codes))

    # One line per figure: our value in each answer, "=" when the value, the same period last
    # year, the previous period and every child region's value equal the reference.
    print()
    print(f"{args.title}, the register counted for {today}")
    if not args.brief:
        print('"=": value, same period last year, previous period and every child region equal the reference; "≠": see below')
    headings = [f"{prefix_of(a['region'])} {a['period']}" for a, *_ in results]
    order = []
    for answer, *_ in results:
        for f in answer["figures"]:
            if f["key"] not in order:
                order.append(f["key"])
    if not args.brief:
        print(f"{'figure':<44}" + "".join(f"{h:>20}" for h in headings))
    differences = []
    compared = {"value": 0, "lastYear": 0, "previous": 0, "child": 0}
    for key in order:
        cells = []
        for answer, ref, children, _ in results:
            ours = next((f for f in answer["figures"] if f["key"] == key), None)
            if ours is None:
                cells.append("absent")
                continue
            theirs = ref[key]
            where = f"{answer['region']} {answer['period']}"
            ok = True
            for part in ("value", "lastYear", "previous"):
                compared[part] += 1
                if theirs[part] is MISSING or not same(ours.get(part), theirs[part]):
                    ok = False
                    differences.append((key, where, part, ours.get(part), theirs[part], ours["unit"]))
            api_children = {c["code"]: c.get("value") for c in ours["children"]}
            if list(api_children) != children:
                ok = False
                differences.append((key, where, "children", ",".join(api_children), ",".join(children), None))
            for c in children:
                compared["child"] += 1
                if c in api_children and not same(api_children[c], theirs["children"][c]):
                    ok = False
                    differences.append((key, where, f"child {c}", api_children[c], theirs["children"][c], ours["unit"]))
            cells.append(f"{text(ours.get('value'), ours['unit'])} {'=' if ok else '≠'}")
        if not args.brief:
            print(f"{key:<44}" + "".join(f"{c:>20}" for c in cells))
    for answer, ref, children, data_codes in results:
        keys = {f["key"] for f in answer["figures"]}
        for key in sorted(data_codes - keys):
            differences.append((key, f"{answer['region']} {answer['period']}", "rows of a code the API has no figure for", None, "present", None))
    print(
        f"compared {len(order)} figures in {len(results)} answers: {compared['value']} values, {compared['lastYear']} same period last year,"
        f" {compared['previous']} previous period, {compared['child']} child-region values"
    )
    if differences:
        print(f"DIFFERENCES: {len(differences)}")
        for key, where, part, ours, theirs, unit in differences:
            show = (lambda v: "—" if v is None else ("unknown to the reference" if v is MISSING else f"{v!r} ({text(v, unit)})")) if unit else str
            print(f"  {key} {where} {part}: ours {show(ours)}, reference {show(theirs)}")
    else:
        print("differences: none")
    print()
    print(f"DuckDB's time to compute every figure of one answer (median of {args.runs}, tables in memory):")
    for code, period, ms in times:
        print(f"  {code} {period}: {ms:.1f} ms")
    if args.times:
        with open(args.times, "w") as f:
            for code, period, ms in times:
                f.write(f"{code} {period} {ms:.2f}\n")
    sys.exit(3 if differences else 0)


if __name__ == "__main__":
    main()
