#!/usr/bin/env bash
# Import benchmark: a generated WordPress export into a fresh SQLite site, with a Release build.
#
#   bench/import.sh                       # 10,000 posts / 100,000 comments (≈ 120 MB)
#   POSTS=100000 BODY=9000 bench/import.sh   # the ≈ 1 GB variant
#   PUBLISH_DIR=/tmp/app bench/import.sh  # use an already published Byline.Web
#
# Prints the importer's summary, wall time, items/s (posts + comments) and peak RSS (/usr/bin/time -v).
# The database is created (migrated) before the timed run, so the figures are the import alone plus process start.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
POSTS=${POSTS:-10000}
COMMENTS=${COMMENTS:-10}
BODY=${BODY:-2000}
TMP=$(mktemp -d /tmp/byline-import-bench.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
APP=${PUBLISH_DIR:-}
if [[ -z $APP ]]; then
  APP=$TMP/app
  dotnet publish "$ROOT/src/Byline.Web" -c Release -o "$APP" --nologo -v q > "$TMP/publish.log" 2>&1 || { tail -30 "$TMP/publish.log"; exit 1; }
fi
python3 "$ROOT/bench/generate-wxr.py" "$TMP/site.xml" --posts "$POSTS" --comments-per-post "$COMMENTS" --body-bytes "$BODY"
ls -l "$TMP/site.xml"
mkdir -m 700 "$TMP/data"
export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning Byline__DataDirectory="$TMP/data" \
  Database__Provider=Sqlite Byline__DemoContent=false
( cd "$APP" && dotnet Byline.Web.dll migrate )
start=$(date +%s.%N)
( cd "$APP" && /usr/bin/time -v -o "$TMP/time.txt" dotnet Byline.Web.dll import wordpress "$TMP/site.xml" ) \
  | tr '\r' '\n' | grep -v 'items processed$' | head -20
end=$(date +%s.%N)
items=$((POSTS + POSTS * COMMENTS))
python3 - "$start" "$end" "$items" <<'PY'
import sys
s, e, n = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
print(f"wall {e-s:.1f} s, {n} items (posts + comments): {n/(e-s):.0f} items/s")
PY
grep -E "Maximum resident|Elapsed|User time|System time|Percent of CPU" "$TMP/time.txt"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
