#!/usr/bin/env python3
"""API fuzz step of scripts/test: schemathesis against a running tiny demo server, once as the
system administrator and once as a village officer. Fails on any 5xx and on any answer the
OpenAPI document does not describe (status code, content type, body schema).

    YANGLAO_URL=http://127.0.0.1:18081 YANGLAO_PASSWORD=browser-pass-1 .venv/bin/python Tests/fuzz/run_fuzz.py

Optional: YANGLAO_SERVER_LOG (the server's log: its error lines are shown on failure),
YANGLAO_FUZZ_EXAMPLES (generated cases per operation and phase, default 5), YANGLAO_FUZZ_REPORTS
(where the generated configs and JUnit reports go; a temporary directory by default).

Not fuzzed, because each would take away what the run works with:
  logout         revokes the bearer token the run uses;
  resetPassword  a new password revokes the account's tokens (the run's own, if it picks itself);
  changeOwnPassword  the same for the run's own account, were it to guess the password;
  updateUser     disabled=true, or another role or region, on the run's own account;
  alarmEvents    a server-sent event stream that stays open.
Everything else may change the demo's data: the step runs last on its server.
"""
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

BASE = os.environ.get("YANGLAO_URL", "http://127.0.0.1:18081").rstrip("/")
PASSWORD = os.environ.get("YANGLAO_PASSWORD", "browser-pass-1")
EXAMPLES = int(os.environ.get("YANGLAO_FUZZ_EXAMPLES", "5"))
REPORTS = pathlib.Path(os.environ.get("YANGLAO_FUZZ_REPORTS") or tempfile.mkdtemp(prefix="yanglao-fuzz."))
SCHEMATHESIS = pathlib.Path(sys.executable).with_name("schemathesis")

ACCOUNTS = ["admin", "village.410902001001"]      # the system administrator; the first village's officer
EXCLUDED = ["logout", "resetPassword", "changeOwnPassword", "updateUser", "alarmEvents"]
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
PHASES = "examples,coverage,fuzzing,stateful"

# Real identifiers, as each account lists them, stand in for a path parameter 80 % of the time,
# so that the fuzz gets past the 404: path parameter -> (list endpoint, id field, paths it is in).
REAL_IDS = {
    "id": ("/api/v1/elders?per=20", "id", r"^/api/v1/elders/\{id\}"),
    "order": ("/api/v1/orders?per=20", "id", r"^/api/v1/orders/\{order\}"),
    "provider": ("/api/v1/providers", "id", r"^/api/v1/providers/\{provider\}"),
    "assessment": ("/api/v1/assessments/due?per=20", "assessmentId", r"^/api/v1/assessments/\{assessment\}"),
    "list": ("/api/v1/service-lists", "id", r"^/api/v1/service-lists/\{list\}"),
    "run": ("/api/v1/subsidy-runs", "id", r"^/api/v1/subsidy-runs/\{run\}"),
    "alarm": ("/api/v1/alarms?status=closed&per=10", "id", r"^/api/v1/alarms/\{alarm\}"),
    "call": ("/api/v1/follow-ups", "id", r"^/api/v1/follow-ups/\{call\}"),
    "serial": ("/api/v1/devices", "serial", r"^/api/v1/devices/\{serial\}"),
}


def call(path, token=None, body=None):
    req = urllib.request.Request(BASE + path, data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/json"})
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=30) as res:
        return res.status, res.read()


def status(path, token=None):
    try:
        return call(path, token)[0]
    except urllib.error.HTTPError as error:
        return error.code


def listed(path, token, field="id"):
    """Up to ten values of `field` in a list endpoint's answer; none when the role may not list it."""
    try:
        data = json.loads(call(path, token)[1])
    except urllib.error.HTTPError:
        return []
    rows = data["items"] if isinstance(data, dict) else data
    return sorted({str(row[field]) for row in rows if row.get(field)})[:10]


def server_answers():
    """(answers so far, {"STATUS METHOD route": count} of the 5xx) from the server's own /metrics.
    Traccar's intake answers a documented 503 while YANGLAO_TRACCAR_TOKEN is unset: not an error."""
    total, errors = 0, {}
    text = call("/metrics")[1].decode()
    for method, route, status, count in re.findall(
            r'http_request_duration_seconds_count\{method="(\w+)",path="([^"]*)",status="(\d+)"\} (\d+)', text):
        total += int(count)
        if status.startswith("5") and (status, route) != ("503", "/api/v1/traccar/events"):
            errors[f"{status} {method} {route}"] = int(count)
    return total, errors


def write_config(token, path):
    """schemathesis.toml for one account: bounded generation and the account's real identifiers."""
    region = json.loads(call("/api/v1/me", token)[1])["user"]["regionCode"]
    values = {
        "code": [region, "410902000000", "410900000000"],
        "county": ["410902000000", "410922000000"],
        "worker": [w for p in listed("/api/v1/providers", token)[:2]
                   for w in listed(f"/api/v1/providers/{p}/workers", token)],
    }
    paths = {"code": r"^/api/v1/regions/\{code\}", "county": r"^/api/v1/dispatch-modes/",
             "worker": r"^/api/v1/workers/\{worker\}"}
    for param, (listing, field, regex) in REAL_IDS.items():
        values[param], paths[param] = listed(listing, token, field), regex
    # One worker: threads trip CPython 3.11's ast.parse (python/cpython#106905) inside hypothesis.
    lines = ["seed = 19", "workers = 1", "request-timeout = 30", "continue-on-failure = true",
             "[generation]", f"max-examples = {EXAMPLES}"]
    for param, found in values.items():
        if found:
            lines += [f"[dictionaries.{param}]", "values = " + json.dumps(found)]
    for param, found in values.items():
        if found:
            lines += ["[[operations]]", f"include-path-regex = {json.dumps(paths[param])}",
                      f'parameters = {{ "path.{param}" = {{ dictionary = "{param}", probability = 0.8 }} }}']
    lines += ["[[operations]]", 'include-operation-id = "postTraccarEvent"',
              'checks.not_a_server_error.expected-statuses = ["2xx", "3xx", "4xx", "503"]']
    path.write_text("\n".join(lines) + "\n")
    return {param: len(found) for param, found in values.items() if found}


def fuzz(username, token):
    """One schemathesis run as the account; True when it passed."""
    workdir = REPORTS / username
    workdir.mkdir(parents=True, exist_ok=True)
    ids = write_config(token, workdir / "schemathesis.toml")
    command = [str(SCHEMATHESIS), "--config-file", str(workdir / "schemathesis.toml"), "run", BASE + "/openapi.json",
               "--header", f"Authorization: Bearer {token}", "--checks", CHECKS, "--phases", PHASES,
               "--no-color", "--report", "junit", "--report-dir", str(workdir)]
    for operation in EXCLUDED:
        command += ["--exclude-operation-id", operation]
    print(f"\n-- schemathesis as {username}, real ids for {ids}\n"
          + " ".join("'Authorization: Bearer …'" if a.startswith("Authorization:") else a for a in command), flush=True)
    before, errors_before = server_answers()
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, cwd=workdir)   # its .schemathesis/ cache there
    elapsed = time.monotonic() - started
    after, errors_after = server_answers()
    new_5xx = {k: n - errors_before.get(k, 0) for k, n in errors_after.items() if n > errors_before.get(k, 0)}
    cases = re.search(r"Test cases:\s*\n\s*(\d+) generated", result.stdout)
    print(f"{username}: {after - before - 1} calls answered by the server, "
          f"{cases.group(1) if cases else '?'} test cases, {elapsed:.0f} s, schemathesis exit {result.returncode}")
    out = result.stdout
    if result.returncode != 0:
        start = out.find("=== FAILURES ===")
        print(out[start:out.find("=== WARNINGS ===", start)] if start >= 0 else out[-8000:], result.stderr[-3000:])
    print(out[out.find("=== SUMMARY ==="):] if "=== SUMMARY ===" in out else "")
    if new_5xx:
        print("5xx in the server's /metrics:", ", ".join(f"{k} ×{n}" for k, n in sorted(new_5xx.items())))
    return result.returncode == 0 and not new_5xx


def main():
    # Both tokens before any fuzzing: the fuzz's failed logins throttle this address.
    tokens = {u: json.loads(call("/api/v1/auth/login", body={"username": u, "password": PASSWORD})[1])["token"]
              for u in ACCOUNTS}
    failed = [username for username, token in tokens.items() if not fuzz(username, token)]
    for username, token in tokens.items():
        assert status("/api/v1/me", token) == 200, f"{username}'s token no longer works after the fuzz"
    assert status("/health") == 200, "/health fails after the fuzz"
    log = os.environ.get("YANGLAO_SERVER_LOG")
    if failed and log and os.path.exists(log):
        errors = [line.rstrip() for line in open(log, errors="replace") if re.search(r"\b(error|critical)\b", line, re.I)]
        print(f"server log: {len(errors)} error lines, the last 40:", *errors[-40:], sep="\n")
    if failed:
        sys.exit(f"API fuzz failed as {', '.join(failed)} (configs and JUnit reports in {REPORTS})")
    print("API fuzz passed")


if __name__ == "__main__":
    main()
