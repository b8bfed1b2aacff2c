#!/usr/bin/env bash
# Runs Byline's whole test suite on a fresh Debian machine that has only the .NET SDK:
# installs PostgreSQL, Redis, Chromium, nginx, Node.js (feed parser, page checks) and Java (HTML checker) from
# Debian's packages when missing, and the page checkers (Lighthouse, vnu-jar, axe-core) from npm, starts a private
# PostgreSQL and a private Redis on loopback ports, runs the unit tests, the integration tests
# on SQLite and again on PostgreSQL (with the Redis tests), the browser tests, and the cluster tests (the published
# app as two processes behind nginx, one of them killed under load), stops the servers, and ends with
# the line "N passed, N failed". Exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- what the tests need -------------------------------------------------------------------
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
missing=()
[ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v java >/dev/null || missing+=(default-jre-headless)  # the Nu HTML Checker (page-quality tests)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian's packages..."
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

# The feed tests check every feed with an independent parser, the npm package rss-parser.
node_dir="$HOME/.cache/byline-test-node"
if [ ! -d "$node_dir/node_modules/rss-parser" ]; then
  mkdir -p "$node_dir"
  (cd "$node_dir" && npm install --no-audit --no-fund --silent rss-parser@3 >/dev/null) || echo "Could not install rss-parser; the feed parser test will fail."
fi
export BYLINE_NODE_MODULES="$node_dir/node_modules"

# The page-quality tests run the checkers of ../shared/checks/check-page.sh: Lighthouse, the Nu HTML Checker
# (vnu-jar) and axe-core (playwright-core), installed the same way into the same folder.
export BYLINE_PAGE_CHECKS="${BYLINE_PAGE_CHECKS:-$HOME/.cache/page-checks}"
if [ ! -d "$BYLINE_PAGE_CHECKS/node_modules/lighthouse" ] || [ ! -d "$BYLINE_PAGE_CHECKS/node_modules/@axe-core/playwright" ] \
   || [ ! -d "$BYLINE_PAGE_CHECKS/node_modules/vnu-jar" ] || [ ! -d "$BYLINE_PAGE_CHECKS/node_modules/playwright-core" ]; then
  mkdir -p "$BYLINE_PAGE_CHECKS"
  (cd "$BYLINE_PAGE_CHECKS" && { [ -f package.json ] || npm init -y >/dev/null; } \
    && npm install --no-audit --no-fund --silent lighthouse@12 vnu-jar playwright-core @axe-core/playwright@4.13 >/dev/null) \
    || echo "Could not install the page checkers; the page-quality tests will fail."
fi

# --- a private PostgreSQL on loopback ------------------------------------------------------
free_port() { # [first port]
  local port first=${1:-55432}
  for port in $(seq "$first" $((first + 100))); do
    if ! (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "$port"; return; fi
  done
  echo "no free port between $first and $((first + 100))" >&2; exit 1
}
pg_port=$(free_port)
pg_dir=$(mktemp -d /tmp/byline-pg.XXXXXX)
as_pg() {
  # PostgreSQL refuses to run as root; Debian's package creates the postgres user.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" -eq 0 ] && chown postgres "$pg_dir"
app_dir=$(mktemp -d /tmp/byline-app.XXXXXX)
redis_port=""
stop_servers() {
  [ -n "$redis_port" ] && redis-cli -h 127.0.0.1 -p "$redis_port" shutdown nosave >/dev/null 2>&1
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$pg_dir" "$app_dir"
}
trap stop_servers EXIT
as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U byline --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# Durability is irrelevant for a throwaway test server; speed is not.
as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w start \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null \
  || { cat "$pg_dir/server.log"; exit 1; }
export BYLINE_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=byline;Maximum Pool Size=20"

# --- a private Redis on loopback, for the Redis variant (in memory only, gone at exit) ---------
redis_port=$(free_port 56379)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --dir "$pg_dir" --logfile "$pg_dir/redis.log" >/dev/null || { echo "Could not start Redis."; exit 1; }
for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

# --- build once, then each test run -----------------------------------------------------------
results=$(mktemp -d /tmp/byline-results.XXXXXX)
# Every app instance the tests start writes its log here; the log scan at the end reads it.
export BYLINE_TEST_LOG_DIR="$results/logs"
dotnet build Byline.slnx -c Release -nologo -clp:ErrorsOnly || { echo "Build failed."; echo "0 passed, 1 failed"; exit 1; }
# The cluster tests run the app as an operator would: published, started with `dotnet Byline.Web.dll`.
dotnet publish src/Byline.Web -c Release --no-build -nologo -clp:ErrorsOnly -o "$app_dir" >/dev/null \
  || { echo "Publish failed."; echo "0 passed, 1 failed"; exit 1; }

passed=0; failed=0
run_tests() { # name project [VAR=value ...]
  local name=$1 project=$2; shift 2
  echo "== $name"
  env "$@" dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" --logger "console;verbosity=minimal"
  local trx="$results/$name.trx"
  if [ -f "$trx" ]; then
    local counters p f
    counters=$(grep -o '<Counters [^>]*>' "$trx")
    p=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
    f=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
    passed=$((passed + p)); failed=$((failed + f))
    echo "   $name: $p passed, $f failed"
  else
    echo "   $name: no results (the test run itself failed)"
    failed=$((failed + 1))
  fi
}

run_tests unit tests/Byline.UnitTests
run_tests integration-sqlite tests/Byline.IntegrationTests BYLINE_TEST_DATABASE=Sqlite
# The Redis tests run once, with PostgreSQL (they skip without BYLINE_TEST_REDIS).
run_tests integration-postgres tests/Byline.IntegrationTests BYLINE_TEST_DATABASE=Postgres BYLINE_TEST_REDIS=127.0.0.1:$redis_port
if [ -d tests/Byline.BrowserTests ] && ls tests/Byline.BrowserTests/*.csproj >/dev/null 2>&1; then
  run_tests browser tests/Byline.BrowserTests BYLINE_CHROMIUM=/usr/bin/chromium
fi
run_tests cluster tests/Byline.ClusterTests BYLINE_CLUSTER_APP="$app_dir" BYLINE_NGINX=/usr/sbin/nginx

# Secrets never reach the log: scan everything the app logged during the whole run (counts as one test).
echo "== log scan"
if scripts/scan-test-logs.sh "$BYLINE_TEST_LOG_DIR"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi

rm -rf "$results"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
