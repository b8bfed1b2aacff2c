#!/usr/bin/env bash
# scan-test-logs.sh DIR — fails when the app's log from a whole test run (test.sh points BYLINE_TEST_LOG_DIR
# at DIR) contains a secret: the test accounts' password, a Data Protection payload (every session cookie,
# antiforgery token, two-factor cookie and signed form stamp starts with "CfDJ8"), a session cookie's value,
# or a full e-mail address. Prints each finding's file, line and the matched text.
set -uo pipefail
dir=${1:?usage: scan-test-logs.sh DIR}
files=("$dir"/*.log)
if [ ! -e "${files[0]}" ]; then
  echo "log scan: no logs in $dir (was BYLINE_TEST_LOG_DIR set?)"; exit 1
fi
lines=$(cat "${files[@]}" | wc -l)
found=0
check() { # description, extended regex
  local hits
  hits=$(grep -EnoH -- "$2" "${files[@]}" | head -n 5)
  if [ -n "$hits" ]; then
    echo "log scan: $1 found:"; sed 's/^/    /' <<<"$hits"; found=1
  fi
}
check "the test accounts' password" 'correct horse battery'
check "a Data Protection payload (cookie or token)" 'CfDJ8[A-Za-z0-9_-]{20,}'
check "a session cookie" 'byline\.auth=[^;[:space:]]+'
check "an e-mail address" '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}'
if [ "$found" -eq 0 ]; then
  echo "log scan: $lines log lines from ${#files[@]} test processes, no passwords, cookies, tokens or e-mail addresses"
fi
exit "$found"
