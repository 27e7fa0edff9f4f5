# Shared by the benchmark scripts: source it after setting ROOT.

fail() { echo "$(basename "$(dirname "$0")"): FAILED: $*" >&2; exit 1; }

# need TOOL...: installs Debian packages of the same name when missing.
need() {
    for tool in "$@"; do
        command -v "$tool" >/dev/null || (apt-get update -qq && apt-get install -y -qq "$tool" >/dev/null)
        command -v "$tool" >/dev/null || fail "$tool is not installed"
    done
}

# build_release: the release binary in .build-release; sets BIN.
build_release() {
    echo "building release ..." >&2
    swift build -c release --scratch-path "$ROOT/.build-release" --product yanglao >&2
    BIN="$(swift build -c release --scratch-path "$ROOT/.build-release" --show-bin-path)/yanglao"
}

# start_server DB PORT LOG: serves DB in the background; sets SERVER_PID; waits for /health.
start_server() {
    local db="$1" port="$2" log="$3"
    "$BIN" serve --port "$port" --database "sqlite://$db" >"$log" 2>&1 &
    SERVER_PID=$!
    for ((i = 0; i < 120; i++)); do
        curl -sf "http://127.0.0.1:$port/health" >/dev/null && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$log" >&2; fail "server exited"; }
        sleep 0.5
    done
    cat "$log" >&2
    fail "server not healthy after 60s"
}

stop_server() {
    if [[ -n "${SERVER_PID:-}" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
}

# login BASE USER PASSWORD: prints a bearer token.
login() {
    curl -s -XPOST "$1/api/v1/auth/login" -H 'content-type: application/json' -d "{\"username\":\"$2\",\"password\":\"$3\"}" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])' || fail "login as $2"
}
