#!/usr/bin/env bash
# Load benchmark of Byline's public pages, next to nginx serving the same article bytes
# from a file (the physical limit of this machine) and, optionally, the stock WordPress
# anchor from ../shared/anchors/wordpress.
#
#   bench/run.sh                      # 3 rounds, 3 s warm-up + 15 s per run, loads 1x8 and 2x64
#   ROUNDS=1 DURATION=5 bench/run.sh  # quick look
#   WORDPRESS=1 bench/run.sh          # also the WordPress anchor's post page (needs root, apt)
#
# What it does: publishes src/Byline.Web in Release into a temp folder, starts it on a free
# loopback port with a fresh data folder and the demo content (SQLite), times process start
# to the first 200, finds the flagship article (/YYYY/MM/mission-bangkok) on the home page,
# saves that page and serves the copy with a private nginx on another loopback port. Then,
# for ROUNDS rounds, for each load and each page: a WARMUP-second wrk run (discarded) and a
# DURATION-second measured wrk run with --latency. Prints medians over rounds, ratios, the
# CPU split between Byline / wrk / nginx / other processes, peak RSS. Everything it started
# is stopped on exit; temp folders are deleted; raw output stays in bench/results/<timestamp>/.
#
# Env (defaults): ROUNDS=3 WARMUP=3 DURATION=15 LOADS="1x8 2x64" TIMEOUT=10s
#   WORDPRESS=0      1 = also set up (shared/anchors/wordpress/setup.sh) and measure WordPress
#   OTHER_LIMIT=10   a run in which other processes took more than this % of the machine is
#                    marked * and left out of the medians (unless every round of it was)
#   QUIET_WAIT=120   before the first round, wait up to this many seconds for the machine
#                    to be quiet (busy <= OTHER_LIMIT %); ROUND_WAIT=30 before the others
#   TOP=1            take a `top` snapshot in the middle of each measured run
#   KEEP=0           1 = keep the temp folder (published app, data, nginx conf) for a look
#   PUBLISH_DIR=     use an already published Byline.Web folder instead of publishing
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-3}
DURATION=${DURATION:-15}
LOADS=${LOADS:-"1x8 2x64"}
TIMEOUT=${TIMEOUT:-10s}
WORDPRESS=${WORDPRESS:-0}
OTHER_LIMIT=${OTHER_LIMIT:-10}
QUIET_WAIT=${QUIET_WAIT:-120}
ROUND_WAIT=${ROUND_WAIT:-30}
TOP=${TOP:-1}
KEEP=${KEEP:-0}
UA='Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36'

log() { printf '%s\n' "$*" >&2; }
die() { log "run.sh: $*"; exit 1; }

# ---------------------------------------------------------------- tools
SUDO=; [[ $(id -u) -eq 0 ]] || SUDO=sudo
if ! command -v wrk >/dev/null || ! [[ -x /usr/sbin/nginx ]] || ! command -v curl >/dev/null; then
  log "installing wrk / nginx-light / curl from Debian..."
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q >/dev/null
  $SUDO apt-get install -y -q --no-install-recommends wrk nginx-light curl >/dev/null
fi
NGINX=/usr/sbin/nginx
command -v dotnet >/dev/null || die "dotnet SDK not found"

# ---------------------------------------------------------------- folders, cleanup
STAMP=$(date +%Y%m%dT%H%M%S)
OUT=$ROOT/bench/results/$STAMP
mkdir -p "$OUT"
TMP=$(mktemp -d /tmp/byline-bench.XXXXXX)
chmod 755 "$TMP"                      # nginx workers (user nobody) must reach static/
BPID= NPID= TOPPID= WP_STARTED=
cleanup() {
  local rc=$?
  set +e
  [[ -n $TOPPID ]] && kill "$TOPPID" 2>/dev/null
  stop_pid() {  # pid name: TERM, wait up to 10 s, then KILL
    local p=$1
    [[ -n $p && -e /proc/$p ]] || return 0
    kill -TERM "$p" 2>/dev/null
    for _ in $(seq 1 40); do [[ -e /proc/$p ]] || return 0; sleep 0.25; done
    log "$2 (pid $p) did not stop; killing it"; kill -KILL "$p" 2>/dev/null
  }
  stop_pid "$NPID" nginx
  stop_pid "$BPID" Byline
  wait 2>/dev/null
  if [[ -n $WP_STARTED ]]; then "$SHARED/anchors/wordpress/ctl.sh" stop $WP_STARTED >/dev/null; fi
  [[ -s $TMP/data/byline.db ]] && ls -l "$TMP/data" > "$OUT/data-dir.txt" 2>/dev/null
  if [[ $KEEP == 1 ]]; then log "kept temp folder $TMP"; else rm -rf "$TMP"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- helpers
free_port() {  # a loopback TCP port nobody listens on, below the ephemeral range (client sockets)
  local p lo
  lo=$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  for _ in $(seq 1 200); do
    p=$((10000 + RANDOM % (lo - 10000)))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue
    ss -Htan "( sport = :$p )" 2>/dev/null | grep -q . && continue
    echo "$p"; return
  done
  die "no free port found"
}
http_code() { curl -s -o /dev/null -w '%{http_code}' -A "$UA" --max-time 5 "$1" 2>/dev/null || true; }
# /proc/stat cpu line -> "busy steal total" (jiffies)
cpu_total() { awk '/^cpu /{b=$2+$3+$4+$7+$8+$9; print b, $9, b+$5+$6}' /proc/stat; }
jiffies() {  # utime+stime of the given pids (all threads)
  local t=0 p j
  for p in "$@"; do
    j=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12+$13}') || j=0
    t=$((t + ${j:-0}))
  done
  echo $t
}
children() { local p; for p in "$@"; do echo "$p"; ps -o pid= --ppid "$p" 2>/dev/null; done | xargs; }
busy_pct() {  # % of the whole machine busy over 2 s
  local b0 s0 t0 b1 s1 t1
  read -r b0 s0 t0 < <(cpu_total); sleep 2; read -r b1 s1 t1 < <(cpu_total)
  echo $((100 * (b1 - b0) / (t1 - t0 + 1)))
}
wait_quiet() {  # max_seconds label -> prints the last busy %
  local max=$1 b waited=0
  while :; do
    b=$(busy_pct)
    if [[ $b -le $OTHER_LIMIT || $waited -ge $max ]]; then echo "$b"; return; fi
    log "  machine busy ($b% CPU) before $2, waiting..."; sleep 3; waited=$((waited + 5))
  done
}
top_snapshot() {  # after half the run, two top iterations (the second is the accurate one)
  sleep $((DURATION / 2))
  top -b -n 2 -d 1 -w 200 2>/dev/null | awk '/^top -/{n++} n==2' | head -20 > "$1"
}

# ---------------------------------------------------------------- context
GIT_REV=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "?")
GIT_DIRTY=$(git -C "$ROOT" status --porcelain -- src 2>/dev/null | wc -l)
{
  echo "date:      $(date -u +%FT%TZ)"
  echo "host:      $(nproc) cpus, $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)"
  echo "kernel:    $(uname -r)"
  echo "dotnet:    SDK $(dotnet --version), runtime $(dotnet --list-runtimes | awk '/Microsoft.AspNetCore.App/{v=$2} END{print "ASP.NET Core " v}')"
  echo "nginx:     $($NGINX -v 2>&1 | cut -d/ -f2)"
  echo "wrk:       $(dpkg-query -W -f='${Version}' wrk 2>/dev/null || wrk -v 2>&1 | head -1)"
  echo "byline:    commit $GIT_REV$([[ $GIT_DIRTY -gt 0 ]] && echo " + $GIT_DIRTY uncommitted change(s) under src/")"
  echo "settings:  ROUNDS=$ROUNDS WARMUP=${WARMUP}s DURATION=${DURATION}s LOADS=\"$LOADS\" TIMEOUT=$TIMEOUT WORDPRESS=$WORDPRESS OTHER_LIMIT=$OTHER_LIMIT"
  echo "uptime:    $(uptime) (before)"
} | tee "$OUT/context.txt"

# ---------------------------------------------------------------- publish + start Byline
if [[ -n ${PUBLISH_DIR:-} ]]; then
  APP=$PUBLISH_DIR
else
  APP=$TMP/app
  log "publishing src/Byline.Web (Release)..."
  dotnet publish "$ROOT/src/Byline.Web" -c Release -o "$APP" --nologo -v q > "$OUT/publish.log" 2>&1 \
    || { tail -30 "$OUT/publish.log" >&2; die "dotnet publish failed (log: $OUT/publish.log)"; }
fi
[[ -s $APP/Byline.Web.dll ]] || die "$APP/Byline.Web.dll missing"

mkdir -m 700 "$TMP/data"
for attempt in 1 2 3; do            # a port can still be taken between the check and the bind
  BPORT=$(free_port) || exit 1
  BASE=http://127.0.0.1:$BPORT
  t0=$(date +%s%N)
  ( cd "$APP" && ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
      exec dotnet Byline.Web.dll --urls "$BASE" --Byline:DataDirectory="$TMP/data" \
        --Byline:DemoContent=true --Database:Provider=Sqlite ) > "$OUT/byline.log" 2>&1 &
  BPID=$!
  code=
  for _ in $(seq 1 2400); do          # up to ~2 minutes
    [[ -e /proc/$BPID ]] || break
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE/" 2>/dev/null || true)
    [[ $code == 200 ]] && break
    sleep 0.05
  done
  t1=$(date +%s%N)
  [[ -e /proc/$BPID ]] && break
  wait "$BPID" 2>/dev/null || true; BPID=
  grep -q 'address already in use' "$OUT/byline.log" || { tail -30 "$OUT/byline.log" >&2; die "Byline exited during start-up"; }
  log "port $BPORT was taken; trying another"
  rm -rf "$TMP/data"; mkdir -m 700 "$TMP/data"
done
[[ -n $BPID ]] || die "Byline could not bind a port"
[[ $code == 200 ]] || die "Byline did not answer 200 on $BASE/ within 2 minutes (last: $code)"
START_MS=$(( (t1 - t0) / 1000000 ))
log "Byline (pid $BPID) answered 200 on $BASE/ after $START_MS ms (migration + demo seeding included)"

# the flagship article, from the home page's links
curl -s -A "$UA" "$BASE/" -o "$OUT/home.html"
ART=$(grep -o 'href="[^"]*/mission-bangkok"' "$OUT/home.html" | head -1 | sed -e 's/^href="//' -e 's/"$//' -e 's#^https\?://[^/]*##')
[[ -n $ART ]] || die "no link ending in /mission-bangkok on the home page (saved: $OUT/home.html)"
mkdir -p "$TMP/static" "$TMP/nginx"
code=$(curl -s -A "$UA" -o "$TMP/static/index.html" -w '%{http_code}' "$BASE$ART")
[[ $code == 200 ]] || die "GET $BASE$ART -> $code"
chmod 644 "$TMP/static/index.html"; chmod 755 "$TMP/static"
cp "$TMP/static/index.html" "$OUT/article.html"

# ---------------------------------------------------------------- private nginx with the saved copy
NPORT=$(free_port) || exit 1
cat > "$TMP/nginx/nginx.conf" <<NGX
# private nginx for bench/run.sh: serves a saved copy of Byline's flagship article
worker_processes auto;
daemon off;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log;
events { worker_connections 1024; }
http {
    sendfile on;
    tcp_nopush on;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    keepalive_requests 100000;
    client_body_temp_path $TMP/nginx/body;
    proxy_temp_path $TMP/nginx/proxy;
    fastcgi_temp_path $TMP/nginx/fastcgi;
    uwsgi_temp_path $TMP/nginx/uwsgi;
    scgi_temp_path $TMP/nginx/scgi;
    server {
        listen 127.0.0.1:$NPORT;
        server_name _;
        root $TMP/static;
        index index.html;
        location / { try_files \$uri \$uri/ =404; }
    }
}
NGX
$NGINX -p "$TMP/nginx" -e "$TMP/nginx/error.log" -c "$TMP/nginx/nginx.conf" -t -q || die "nginx config test failed"
$NGINX -p "$TMP/nginx" -e "$TMP/nginx/error.log" -c "$TMP/nginx/nginx.conf" > "$OUT/nginx.log" 2>&1 &
NPID=$!
for _ in $(seq 1 40); do [[ -e /proc/$NPID ]] || { cat "$OUT/nginx.log" "$TMP/nginx/error.log" >&2; die "nginx exited"; }; [[ $(http_code "http://127.0.0.1:$NPORT/") == 200 ]] && break; sleep 0.25; done
cmp -s <(curl -s "http://127.0.0.1:$NPORT/") "$TMP/static/index.html" || die "nginx does not serve the saved copy"

# ---------------------------------------------------------------- WordPress anchor (optional)
WP_NOTE="not measured (WORDPRESS=0)"
WP_URL=
if [[ $WORDPRESS == 1 ]]; then
  WPD=$SHARED/anchors/wordpress
  if [[ ! -x $WPD/setup.sh ]]; then
    WP_NOTE="not measured: $WPD/setup.sh not found"
  else
    before=$($SUDO "$WPD/ctl.sh" pids | awk 'NF==2{print $1}' | xargs)
    log "setting up the WordPress anchor (log: $OUT/wp-setup.log)..."
    if $SUDO env KEEP_RUNNING=1 "$WPD/setup.sh" > "$OUT/wp-setup.log" 2>&1; then
      for s in nginx php-fpm mariadb; do [[ " $before " == *" $s "* ]] || WP_STARTED="$WP_STARTED $s"; done
      WP_URL="http://127.0.0.1:8081$(cat /var/lib/wp-anchor/target-path)"
      curl -s -o /dev/null "http://127.0.0.1:8081/wp-cron.php?doing_wp_cron" || true
      if [[ $(http_code "$WP_URL") == 200 ]]; then
        WP_NOTE="measured: $WP_URL"
      else
        WP_NOTE="not measured: $WP_URL does not answer 200"; WP_URL=
      fi
    else
      for s in nginx php-fpm mariadb; do [[ " $before " == *" $s "* ]] || WP_STARTED="$WP_STARTED $s"; done
      WP_NOTE="not measured: setup.sh failed (see wp-setup.log)"
      tail -5 "$OUT/wp-setup.log" >&2
    fi
  fi
fi

# ---------------------------------------------------------------- pages
KEYS="art home static"
declare -A URL=([art]="$BASE$ART" [home]="$BASE/" [static]="http://127.0.0.1:$NPORT/")
declare -A NAME=([art]="Byline article" [home]="Byline home" [static]="nginx static copy" [wp]="WordPress post")
[[ -n $WP_URL ]] && { KEYS="$KEYS wp"; URL[wp]=$WP_URL; }
declare -A SIZE
for k in $KEYS; do
  read -r code size < <(curl -s -A "$UA" -o /dev/null -w '%{http_code} %{size_download}\n' "${URL[$k]}")
  [[ $code == 200 ]] || die "GET ${URL[$k]} -> $code"
  SIZE[$k]=$size
done
{
  echo "article:   $BASE$ART (${SIZE[art]} bytes); home ${SIZE[home]} bytes; static copy ${SIZE[static]} bytes$([[ -n $WP_URL ]] && echo "; WordPress post ${SIZE[wp]} bytes")"
  echo "wordpress: $WP_NOTE"
  echo "start:     ${START_MS} ms from process start to first 200 on / (fresh data folder: migrate + seed demo content)"
  echo "idle RSS:  $(awk '/VmRSS/{printf "%.0f MiB", $2/1024}' /proc/$BPID/status) after start-up"
} | tee -a "$OUT/context.txt"
echo

cat > "$TMP/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %.0f %.0f %.0f %d %d %d %d %d\n",
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(99), latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout))
end
LUA
cp "$TMP/report.lua" "$OUT/"

wp_pids() {  # WordPress anchor's mariadbd, php-fpm, nginx (masters + children)
  [[ -n $WP_URL ]] || return 0
  children $($SUDO "$SHARED/anchors/wordpress/ctl.sh" pids | awk 'NF==2{print $2}')
}

# ---------------------------------------------------------------- runs
TSV=$OUT/runs.tsv
printf 'round\tload\tpage\trps\tp50_ms\tp99_ms\tmean_ms\tbytes_per_resp\tnon2xx\tsock_errors\tbusy_core_pct\tbyline_core_pct\tnginx_core_pct\twp_core_pct\twrk_core_pct\tother_core_pct\tsteal_core_pct\tload1\n' > "$TSV"
hz=$(getconf CLK_TCK)
: > "$OUT/rounds.txt"
for r in $(seq 1 "$ROUNDS"); do
  if [[ $r == 1 ]]; then q=$(wait_quiet "$QUIET_WAIT" "round $r"); else q=$(wait_quiet "$ROUND_WAIT" "round $r"); fi
  la=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "round $r: $(date -u +%TZ) loadavg $la, machine busy $q% just before" | tee -a "$OUT/rounds.txt"
  for load in $LOADS; do
    th=${load%x*}; co=${load#*x}
    for k in $KEYS; do
      u=${URL[$k]}
      wrk -t"$th" -c"$co" -d"${WARMUP}s" --timeout "$TIMEOUT" -H "User-Agent: $UA" "$u" > "$OUT/warmup-$r-$load-$k.txt" 2>&1 || true
      npids=$(children "$NPID"); wpp=$(wp_pids)
      read -r b0 s0 t0 < <(cpu_total); jb0=$(jiffies "$BPID"); jn0=$(jiffies $npids); jw0=$(jiffies $wpp)
      [[ $TOP == 1 ]] && { top_snapshot "$OUT/top-$r-$load-$k.txt" & TOPPID=$!; }
      TIMEFORMAT='%U %S'
      { time wrk -t"$th" -c"$co" -d"${DURATION}s" --timeout "$TIMEOUT" --latency -H "User-Agent: $UA" \
          -s "$TMP/report.lua" "$u" > "$OUT/wrk-$r-$load-$k.txt" 2>&1; } 2> "$OUT/time-$r-$load-$k.txt" || true
      read -r b1 s1 t1 < <(cpu_total); jb1=$(jiffies "$BPID"); jn1=$(jiffies $npids); jw1=$(jiffies $(echo $wpp $(wp_pids) | tr ' ' '\n' | sort -u))   # + php-fpm workers spawned mid-run
      [[ -n $TOPPID ]] && { wait "$TOPPID" 2>/dev/null || true; TOPPID=; }
      [[ -e /proc/$BPID ]] || die "Byline died during the run (see $OUT/byline.log)"
      read -r wu ws < "$OUT/time-$r-$load-$k.txt"
      f=$OUT/wrk-$r-$load-$k.txt
      grep -q '^RESULT' "$f" || { cat "$f" >&2; die "wrk failed (see $f)"; }
      read -r _ req dur bytes p50 p99 mean ec er ew es et < <(grep '^RESULT' "$f")
      non2xx=$(awk '/Non-2xx or 3xx responses:/{print $NF}' "$f"); non2xx=${non2xx:-0}
      # CPU as top shows it: % of one core over the run (2 cores = 200); "other" = processes
      # other than Byline, our nginx, the WordPress services and wrk
      awk -v R="$r" -v L="$load" -v K="$k" -v req="$req" -v dur="$dur" -v bytes="$bytes" \
          -v p50="$p50" -v p99="$p99" -v mean="$mean" -v n2="$non2xx" -v se=$((ec + er + ew + et)) \
          -v db=$((b1 - b0)) -v dst=$((s1 - s0)) -v dt=$((t1 - t0)) -v jb=$((jb1 - jb0)) -v jn=$((jn1 - jn0)) -v jw=$((jw1 - jw0)) \
          -v wu="$wu" -v ws="$ws" -v hz="$hz" -v ncpu="$(nproc)" -v la="$(cut -d' ' -f1 /proc/loadavg)" '
        BEGIN {
          c = 100 * ncpu / dt
          wrkj = (wu + ws) * hz
          other = db - dst - jb - jn - jw - wrkj
          if (other < 0) other = 0
          printf "%d\t%s\t%s\t%.1f\t%.2f\t%.2f\t%.2f\t%.0f\t%d\t%d\t%.0f\t%.0f\t%.0f\t%.0f\t%.0f\t%.0f\t%.0f\t%s\n",
            R, L, K, req / (dur / 1e6), p50 / 1000, p99 / 1000, mean / 1000, (req ? bytes / req : 0), n2, se,
            c * db, c * jb, c * jn, c * jw, c * wrkj, c * other, c * dst, la
        }' >> "$TSV"
      tail -1 "$TSV" | awk -F'\t' -v n="${NAME[$k]}" -v lim="$((OTHER_LIMIT * $(nproc)))" '{
        printf "  round %d %-5s %-18s %9.1f req/s  p50 %7.2f ms  p99 %7.2f ms  non2xx %d  err %d | cpu (%% of a core): all %3d  byline %3d  nginx %3d  wp %3d  wrk %3d  other %2d%s\n",
          $1, $2, n, $4, $5, $6, $9, $10, $11, $12, $13, $14, $15, $16, ($16 > lim ? " *" : "") }'
      if [[ $non2xx != 0 || $((ec + er + ew + et)) != 0 ]]; then
        log "  !! $non2xx non-2xx/3xx responses, socket errors connect $ec read $er write $ew timeout $et on $u"
        curl -s -A "$UA" -o /dev/null -D - "$u" | head -5 | sed 's/^/     /' >&2
      fi
    done
  done
done
echo "uptime:    $(uptime) (after)" | tee -a "$OUT/context.txt"
ji0=$(jiffies "$BPID"); sleep 5; ji1=$(jiffies "$BPID")
echo "idle CPU:  Byline used $(( (ji1 - ji0) * 100 / hz / 5 ))% of a core in the 5 s after the last run" | tee -a "$OUT/context.txt"
PEAK_KB=$(awk '/VmHWM/{print $2}' "/proc/$BPID/status")
NOW_KB=$(awk '/VmRSS/{print $2}' "/proc/$BPID/status")
echo "RSS:       Byline peak (VmHWM) $((PEAK_KB / 1024)) MiB, at the end $((NOW_KB / 1024)) MiB" | tee -a "$OUT/context.txt"
tail -5 "$OUT/byline.log" | grep -q . && { log "Byline log (last lines):"; tail -5 "$OUT/byline.log" >&2; }

# ---------------------------------------------------------------- summary
echo
awk -F'\t' -v lim="$((OTHER_LIMIT * $(nproc)))" -v limm="$OTHER_LIMIT" -v keys="$KEYS" -v loads="$LOADS" -v rounds="$ROUNDS" \
    -v sart="${SIZE[art]}" -v shome="${SIZE[home]}" -v sstat="${SIZE[static]}" -v swp="${SIZE[wp]:-}" \
    -v peak="$PEAK_KB" -v start="$START_MS" '
  function median(s,   n, a, i, j, t) {   # s = space-separated numbers
    n = split(s, a, " "); if (!n) return -1
    for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  NR == 1 { next }
  { key = $2 SUBSEP $3; bad = ($16 > lim)
    per[key] = per[key] (per[key] == "" ? "" : " / ") sprintf("%.0f%s", $4, bad ? "*" : "")
    all_r[key] = all_r[key] " " $4; all_50[key] = all_50[key] " " $5; all_99[key] = all_99[key] " " $6; all_cpu[key] = all_cpu[key] " " ($3 == "static" ? $13 : $3 == "wp" ? $14 : $12)
    if (!bad) { ok_r[key] = ok_r[key] " " $4; ok_50[key] = ok_50[key] " " $5; ok_99[key] = ok_99[key] " " $6; nok[key]++
                ok_cpu[key] = ok_cpu[key] " " ($3 == "static" ? $13 : $3 == "wp" ? $14 : $12); ok_wrk[key] = ok_wrk[key] " " $15 }
    n[key]++; err[key] += $9 + $10; bpr[key] = $8; wrkc[key] = wrkc[key] " " $15; oth[key] = oth[key] " " $16
    rr[$1 SUBSEP key] = $4 }
  function med(what, key) {
    if (nok[key]) return median(what == "r" ? ok_r[key] : what == "50" ? ok_50[key] : ok_99[key])
    return median(what == "r" ? all_r[key] : what == "50" ? all_50[key] : all_99[key])
  }
  END {
    name["art"] = "Byline article"; name["home"] = "Byline home"; name["static"] = "nginx static copy"; name["wp"] = "WordPress post"
    nk = split(keys, K, " "); nl = split(loads, L, " ")
    printf "| load (threads x conns) | page | req/s (median) | req/s per round | p50 ms | p99 ms | bytes/resp | non-2xx + errors | server CPU (%% of a core) | wrk CPU (%% of a core) |\n"
    printf "|---|---|---:|---|---:|---:|---:|---:|---:|---:|\n"
    for (i = 1; i <= nl; i++) for (j = 1; j <= nk; j++) { key = L[i] SUBSEP K[j]; if (!n[key]) continue
      printf "| %s | %s | %.0f | %s | %.2f | %.2f | %d | %d | %.0f | %.0f |\n", L[i], name[K[j]], med("r", key), per[key],
        med("50", key), med("99", key), bpr[key], err[key], median(nok[key] ? ok_cpu[key] : all_cpu[key]), median(nok[key] ? ok_wrk[key] : wrkc[key]) }
    printf "\n| load | article / static (per round) | article / static | home / static | article / home |%s\n", (index(keys, "wp") ? " article / WordPress | home / WordPress |" : "")
    printf "|---|---|---:|---:|---:|%s\n", (index(keys, "wp") ? "---:|---:|" : "")
    for (i = 1; i <= nl; i++) { l = L[i]; s = ""
      for (q = 1; q <= rounds; q++) { a = rr[q SUBSEP l SUBSEP "art"]; c = rr[q SUBSEP l SUBSEP "static"]; if (c > 0) s = s (q > 1 ? " / " : "") sprintf("%.3f", a / c) }
      A = med("r", l SUBSEP "art"); H = med("r", l SUBSEP "home"); C = med("r", l SUBSEP "static")
      printf "| %s | %s | %.3f | %.3f | %.2f |", l, s, A / C, H / C, A / H
      if (index(keys, "wp")) { W = med("r", l SUBSEP "wp"); printf " %.1fx | %.1fx |", A / W, H / W }
      printf "\n" }
    printf "\nsizes (curl): article %s B, home %s B, static copy %s B%s\n", sart, shome, sstat, (swp != "" ? ", WordPress post " swp " B" : "")
    printf "Byline peak RSS (VmHWM): %.0f MiB; process start to first 200: %d ms\n", peak / 1024, start
    printf "server CPU = Byline, the private nginx or the WordPress services (php-fpm + MariaDB + its nginx), median over the same rounds as req/s; 200 = both cores.\n"
    printf "* = other processes used more than %d%% of the machine during that run; left out of the medians (unless every round was).\n", limm
    for (i = 1; i <= nl; i++) { A = med("r", L[i] SUBSEP "art")
      printf "target (uncached article page >= 2,000 req/s) at %s: %s (median %.0f req/s)\n", L[i], (A >= 2000 ? "MET" : "NOT MET"), A }
  }' "$TSV" | tee "$OUT/summary.md"
echo
echo "raw results: $OUT"
