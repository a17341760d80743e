#!/usr/bin/env bash
# The production profile from the checkout, as the README says to run it: `make serve` (static
# files, migrate, createcachetable, gunicorn with config/gunicorn.conf.py, DEBUG off) and
# `make worker` (the task worker and its periodic job), each its own process, on a free loopback
# port against a new SQLite file in a temporary directory. Waits for /readyz to answer 200 (the
# worker's heartbeat included), walks a few API addresses, then stops both by their process
# groups. Bounded: fails after SMOKE_TIMEOUT seconds (default 90; it takes ~30 s on 2 cores).
#
#   bash scripts/smoke_production.sh        (CI: .ci/run)
#   SMOKE_CLONE=1 bash scripts/smoke_production.sh
#                    the same from a fresh `git clone` of HEAD, `make setup` included (uv and npm
#                    install from their caches; give it SMOKE_TIMEOUT=300 the first time)
set -euo pipefail
cd "$(dirname "$0")/.."
checkout=$PWD

limit=${SMOKE_TIMEOUT:-90}
start=$(date +%s)
work=$(mktemp -d "${TMPDIR:-/tmp}/workgroups-smoke.XXXXXX")
port=${SMOKE_PORT:-$(python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
base="http://127.0.0.1:$port"
web_pid="" worker_pid=""

say() { printf '[smoke %3ss] %s\n' "$(( $(date +%s) - start ))" "$*"; }

stop() {
  # Each was started as the leader of its own process group (setsid): make, the shell of its
  # recipe and gunicorn's master and workers (or db_worker) all stop together.
  for pid in $web_pid $worker_pid; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in $web_pid $worker_pid; do
    for _ in $(seq 50); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
}

fail() {
  say "FAILED: $*"
  for log in web worker; do
    printf -- '--- %s log (last 40 lines) ---\n' "$log"; tail -n 40 "$work/$log.log" || true
  done
  exit 1
}
trap 'stop; rm -rf "$work"' EXIT

# What a deployment gives itself: a secret, its host name, and TLS ended by the proxy in front
# (the requests below say X-Forwarded-Proto: https as nginx does in deploy/).
export DJANGO_SECRET_KEY
DJANGO_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
export DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_BEHIND_TLS_PROXY=1 WORKGROUPS_VAR_DIR="$work/var"
export WORKGROUPS_SITE_URL="$base" WORKGROUPS_LOG_FORMAT=json WEB_CONCURRENCY=2
unset DATABASE_URL REDIS_URL WORKGROUPS_SQLITE_PATH WORKGROUPS_TASKS_BACKEND DJANGO_SETTINGS_MODULE

get() {  # get PATH -> prints "STATUS BODY", headers in $work/headers
  rm -f "$work/body" "$work/headers"
  curl --silent --max-time 10 --dump-header "$work/headers" \
    --header "X-Forwarded-Proto: https" --output "$work/body" --write-out '%{http_code}' \
    "$base$1" || true
  printf ' '; cat "$work/body" 2>/dev/null || true
}

if [ "${SMOKE_CLONE:-0}" = 1 ]; then
  git clone --quiet "$checkout" "$work/clone"
  cd "$work/clone"
  say "cloned $(git rev-parse --short HEAD) into $work/clone"
fi
# Once, before the two processes that both depend on it start side by side.
make --no-print-directory setup >"$work/setup.log" 2>&1 || { cat "$work/setup.log"; fail "make setup"; }
say "make serve on $base, make worker; SQLite in $work/var"
setsid make --no-print-directory serve HOST=127.0.0.1 PORT="$port" >"$work/web.log" 2>&1 &
web_pid=$!
setsid make --no-print-directory worker >"$work/worker.log" 2>&1 &
worker_pid=$!

ready=""
while [ $(( $(date +%s) - start )) -lt "$limit" ]; do
  kill -0 "$web_pid" 2>/dev/null || fail "make serve exited"
  kill -0 "$worker_pid" 2>/dev/null || fail "make worker exited"
  answer=$(get /readyz)
  if [ "${answer%% *}" = 200 ]; then ready=$answer; break; fi
  sleep 1
done
[ -n "$ready" ] || fail "/readyz was not 200 within ${limit}s: ${answer:-no answer}"
say "/readyz: $ready"

answer=$(get /healthz)
[ "${answer%% *}" = 200 ] || fail "/healthz: $answer"
grep -qi '^x-request-id: [0-9a-f]\{32\}' "$work/headers" || fail "/healthz has no X-Request-ID"

answer=$(get /api/v1/hubs)
[ "$answer" = "200 []" ] || fail "GET /api/v1/hubs: $answer"
say "GET /api/v1/hubs: $answer"
answer=$(get "/api/v1/schools?q=academy")
[ "${answer%% *}" = 200 ] || fail "GET /api/v1/schools: $answer"
answer=$(get /api/v1/me/applications)
[ "${answer%% *}" = 401 ] || fail "GET /api/v1/me/applications signed out: $answer"
answer=$(get /)
[ "${answer%% *}" = 200 ] || fail "GET / : ${answer:0:200}"
grep -qi '^strict-transport-security: max-age=31536000' "$work/headers" \
  || fail "the home page has no HSTS header"
# The access log is JSON with the path and never the query string.
grep -q '"path": "/api/v1/schools"' "$work/web.log" || fail "no JSON access log line"
if grep -q 'academy' "$work/web.log"; then fail "the access log holds a query string"; fi

stop
for pid in $web_pid $worker_pid; do
  if kill -0 -- "-$pid" 2>/dev/null; then fail "process group $pid still running"; fi
done
web_pid="" worker_pid=""
say "passed: started, ready, answered and stopped"
