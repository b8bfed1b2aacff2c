#!/usr/bin/env bash
# Search latency with a large archive: p50/p99 per query class on SQLite (FTS5) and, when
# BYLINE_BENCH_POSTGRES is set, on PostgreSQL (tsvector + GIN).
#
#   bench/search.sh                                   # 100,000 articles, SQLite
#   BYLINE_BENCH_POSTGRES="Host=127.0.0.1;Port=55600;Username=byline" bench/search.sh   # and PostgreSQL
#   ARTICLES=20000 DURATION=5 bench/search.sh         # quick look
#
# What it does: publishes src/Byline.Web in Release into a temp folder (or uses PUBLISH_DIR),
# generates ARTICLES articles with `byline generate articles N` into a fresh SQLite file (the
# demo newsroom is seeded first, so rare words such as "bangkok" exist), or reuses SQLITE_DB, a
# byline.db from an earlier run, copied. With BYLINE_BENCH_POSTGRES (a connection string without
# Database=) it does the same in a new database byline_search_bench_<pid>, dropped at the end.
# It starts the published app on a free loopback port and, for each query class, runs wrk with
# CONNS connections for DURATION seconds (after a WARMUP-second discarded run), cycling through
# the class's queries. The reference in the same run is the cached home page at the same load.
# Everything it started is stopped by PID on exit; the temp folder is deleted unless KEEP=1.
set -euo pipefail

ARTICLES=${ARTICLES:-100000}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
CONNS=${CONNS:-"1 4"}
KEEP=${KEEP:-0}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$ROOT/bench/results/search-$STAMP
TMP=$(mktemp -d /tmp/byline-search-bench.XXXXXX)
mkdir -p "$OUT"
BPID=
PGDB=

log() { echo "[search.sh] $*" >&2; }
die() { log "error: $*"; exit 1; }

psql_of() {  # a psql connection string from an Npgsql one (Host, Port, Username, Password)
  local cs=$1 db=$2 host=127.0.0.1 port=5432 user=postgres pass= k v
  IFS=';' read -ra parts <<< "$cs"
  for p in "${parts[@]}"; do
    k=${p%%=*}; v=${p#*=}
    case ${k,,} in
      host|server) host=$v ;; port) port=$v ;; username|user\ id|userid|user) user=$v ;; password) pass=$v ;;
    esac
  done
  echo "host=$host port=$port user=$user dbname=$db${pass:+ password=$pass}"
}

cleanup() {
  [[ -n $BPID && -e /proc/$BPID ]] && { kill "$BPID" 2>/dev/null || true; wait "$BPID" 2>/dev/null || true; }
  if [[ -n $PGDB ]]; then
    psql "$(psql_of "$BYLINE_BENCH_POSTGRES" postgres)" -qc "DROP DATABASE IF EXISTS \"$PGDB\" WITH (FORCE)" >/dev/null 2>&1 || log "could not drop $PGDB"
  fi
  [[ $KEEP == 1 ]] && log "kept $TMP" || rm -rf "$TMP"
}
trap cleanup EXIT

for tool in wrk curl; do command -v $tool >/dev/null || die "$tool is missing (apt-get install $tool)"; done
[[ -z ${BYLINE_BENCH_POSTGRES:-} ]] || command -v psql >/dev/null || die "psql is missing (apt-get install postgresql-client)"

APP=${PUBLISH_DIR:-$TMP/app}
if [[ -z ${PUBLISH_DIR:-} ]]; then
  log "publishing src/Byline.Web (Release)..."
  dotnet publish "$ROOT/src/Byline.Web" -c Release -o "$APP" --nologo -v q > "$OUT/publish.log" 2>&1 \
    || { tail -30 "$OUT/publish.log" >&2; die "dotnet publish failed"; }
fi
[[ -s $APP/Byline.Web.dll ]] || die "$APP/Byline.Web.dll missing"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The query classes. Generated articles draw every word from one 56-word vocabulary, so each of
# those words matches nearly every article; "bangkok" and "mangroves" occur only in the demo
# newsroom's few articles; a number matches one generated title.
declare -A CLASS=(
  [common]="harbour|tram+council|budget+flood+barrier|storm+forecast|election"
  [common_deep]="harbour&page=50|election&page=99"
  [rare]="bangkok|mission+bangkok|99444|mangroves+bangkok"
  [phrase]="%22harbour+tram%22|%22flood+barrier%22|%22mission+bangkok%22"
  [prefix]="harb*|elect*|bang*"
  [junk]="xyzzy|%27%3B+DROP+TABLE+%22Articles%22%3B+--|NEAR(tram+budget%2C+2)|$(printf 'x%%22*(%%3A%%5E+%.0s' $(seq 1 300))"
  [home]="HOME"
)
ORDER="home common common_deep rare phrase prefix junk"

lua_for() {  # a wrk script cycling through one class's paths, printing p50/p99/max and errors
  local cls=$1 IFS='|' i=0
  {
    echo "paths = {"
    for q in ${CLASS[$cls]}; do
      if [[ $q == HOME ]]; then echo "  \"/\","; else echo "  \"/search?q=$q\","; fi
    done
    echo "}"
    cat <<'LUA'
i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %.0f %.0f %.0f %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), latency.max, e.status + e.connect + e.read + e.write + e.timeout))
end
LUA
  } > "$TMP/$cls.lua"
}
for cls in $ORDER; do lua_for "$cls"; done

run_db() {  # $1 = label, rest = extra app arguments
  local label=$1; shift
  local port base
  port=$(free_port); base=http://127.0.0.1:$port
  ( cd "$APP" && ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
      exec dotnet Byline.Web.dll --urls "$base" "$@" ) > "$OUT/byline-$label.log" 2>&1 &
  BPID=$!
  local code=
  for _ in $(seq 1 600); do
    [[ -e /proc/$BPID ]] || die "Byline exited (see $OUT/byline-$label.log)"
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/" || true)
    [[ $code == 200 ]] && break
    sleep 0.1
  done
  [[ $code == 200 ]] || die "no 200 on $base/"
  # each query once, checked: 200 and a result count (or none for junk)
  local qs q
  for cls in $ORDER; do
    [[ $cls == home ]] && continue
    IFS='|' read -ra qs <<< "${CLASS[$cls]}"
    for q in "${qs[@]}"; do
      curl -s -o "$TMP/check.html" -w '%{http_code}' "$base/search?q=$q" > "$TMP/code"
      [[ $(cat "$TMP/code") == 200 ]] || die "$label: /search?q=$q -> $(cat "$TMP/code")"
      printf '%s\t%s\t%s\n' "$label" "${q:0:40}" "$(grep -o '<p class="search-count"[^<]*' "$TMP/check.html" | sed 's/.*>//' || echo 'no results line')" >> "$OUT/queries.tsv"
    done
  done
  for c in $CONNS; do
    for cls in $ORDER; do
      wrk -t1 -c"$c" -d"${WARMUP}s" -s "$TMP/$cls.lua" "$base" > /dev/null 2>&1 || true
      wrk -t1 -c"$c" -d"${DURATION}s" --timeout 10s -s "$TMP/$cls.lua" "$base" > "$OUT/wrk-$label-$c-$cls.txt" 2>&1 || true
      read -r _ req dur p50 p99 max err < <(grep '^RESULT' "$OUT/wrk-$label-$c-$cls.txt") || die "wrk failed: $OUT/wrk-$label-$c-$cls.txt"
      printf '%s\t%s\t%s\t%d\t%.1f\t%.2f\t%.2f\t%.2f\t%d\t%s\n' "$label" "$c" "$cls" "$req" "$(echo "$req $dur" | awk '{print $1 / ($2 / 1e6)}')" \
        "$(echo "$p50" | awk '{print $1 / 1000}')" "$(echo "$p99" | awk '{print $1 / 1000}')" "$(echo "$max" | awk '{print $1 / 1000}')" "$err" \
        "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$OUT/runs.tsv"
    done
  done
  kill "$BPID"; wait "$BPID" 2>/dev/null || true; BPID=
}

printf 'db\tconns\tclass\trequests\treq/s\tp50 ms\tp99 ms\tmax ms\terrors\tload1\n' > "$OUT/runs.tsv"
{
  echo "machine:  $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r); shared with other builds (loadavg at start: $(cut -d' ' -f1-3 /proc/loadavg))"
  echo "date:     $(date -u '+%F %TZ')"
  echo "commit:   $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet -- src || echo ' (plus uncommitted changes)')"
  echo "articles: $ARTICLES generated + the demo newsroom"
} | tee "$OUT/context.txt"

# SQLite
mkdir -p "$TMP/sqlite"
if [[ -n ${SQLITE_DB:-} ]]; then
  cp "$SQLITE_DB" "$TMP/sqlite/byline.db"
  log "SQLite: reusing $SQLITE_DB"
else
  log "SQLite: generating $ARTICLES articles..."
  t0=$(date +%s)
  ( cd "$APP" && Logging__LogLevel__Default=Warning dotnet Byline.Web.dll generate articles "$ARTICLES" \
      --Byline:DataDirectory="$TMP/sqlite" --Byline:DemoContent=true --Database:Provider=Sqlite ) > "$OUT/generate-sqlite.log" 2>&1 \
    || { tail -5 "$OUT/generate-sqlite.log" >&2; die "generate failed"; }
  echo "generate: SQLite $ARTICLES articles in $(( $(date +%s) - t0 )) s" | tee -a "$OUT/context.txt"
fi
run_db sqlite --Byline:DataDirectory="$TMP/sqlite" --Byline:DemoContent=true --Database:Provider=Sqlite

# PostgreSQL
if [[ -n ${BYLINE_BENCH_POSTGRES:-} ]]; then
  PGDB=byline_search_bench_$$
  CS="$BYLINE_BENCH_POSTGRES;Database=$PGDB"
  mkdir -p "$TMP/pg"
  log "PostgreSQL: generating $ARTICLES articles into $PGDB..."
  t0=$(date +%s)
  ( cd "$APP" && Logging__LogLevel__Default=Warning dotnet Byline.Web.dll generate articles "$ARTICLES" \
      --Byline:DataDirectory="$TMP/pg" --Byline:DemoContent=true --Database:Provider=Postgres --ConnectionStrings:Byline="$CS" ) \
      > "$OUT/generate-pg.log" 2>&1 || { tail -5 "$OUT/generate-pg.log" >&2; die "generate failed"; }
  echo "generate: PostgreSQL $ARTICLES articles in $(( $(date +%s) - t0 )) s" | tee -a "$OUT/context.txt"
  psql "$(psql_of "$BYLINE_BENCH_POSTGRES" "$PGDB")" -qc 'VACUUM ANALYZE' > /dev/null
  run_db postgres --Byline:DataDirectory="$TMP/pg" --Byline:DemoContent=true --Database:Provider=Postgres --ConnectionStrings:Byline="$CS"
fi

echo
awk -F'\t' 'NR == 1 { next }
  { key = $1 "\t" $2; p99[key, $3] = $7; p50[key, $3] = $6; rps[key, $3] = $5; keys[key] = 1; err[key, $3] = $9 }
  END {
    printf "| db | conns | class | req/s | p50 ms | p99 ms | p99 / home p99 | errors |\n|---|---:|---|---:|---:|---:|---:|---:|\n"
    n = split("home common common_deep rare phrase prefix junk", C, " ")
    for (k in keys) for (i = 1; i <= n; i++) if ((k, C[i]) in p99) {
      split(k, kc, "\t")
      printf "| %s | %s | %s | %.0f | %.2f | %.2f | %.1f | %d |\n", kc[1], kc[2], C[i], rps[k, C[i]], p50[k, C[i]], p99[k, C[i]], p99[k, C[i]] / p99[k, "home"], err[k, C[i]]
    }
  }' "$OUT/runs.tsv" | tee "$OUT/summary.md"
echo
echo "raw results: $OUT"
