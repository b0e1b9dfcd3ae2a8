#!/usr/bin/env bash
# Lighthouse (mobile, its defaults) on pages of a served site, with Debian's Chromium; fails
# when a category scores under MIN (default 0.98). Not part of the test run: Lighthouse's
# performance score moves with the machine's load, and it is a large npm package.
#
#   bash tests/browser/lighthouse.sh http://127.0.0.1:8765 /posts/2026-ai-trends/ / /posts/rich-content/
#
# LIGHTHOUSE_DIR is where it is installed when missing (default /tmp/boke-lighthouse).
set -euo pipefail
base=${1:?usage: lighthouse.sh BASE_URL PATH...}
shift
dir=${LIGHTHOUSE_DIR:-/tmp/boke-lighthouse}
min=${MIN:-0.98}
if [ ! -x "$dir/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$dir"
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=error lighthouse@12 >/dev/null)
fi
flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
failed=0
for path in "$@"; do
  out=$(mktemp)
  CHROME_PATH=${BOKE_CHROMIUM:-/usr/bin/chromium} "$dir/node_modules/.bin/lighthouse" "$base$path" \
    --quiet --chrome-flags="$flags" --output=json --output-path="$out" >/dev/null 2>&1
  python3 - "$out" "$path" "$min" <<'PY' || failed=1
import json, sys
report = json.load(open(sys.argv[1]))
scores = {name: category["score"] for name, category in report["categories"].items()}
low = {name: score for name, score in scores.items() if score is None or score < float(sys.argv[3])}
print(("FAIL " if low else "ok   ") + sys.argv[2] + " " + " ".join(f"{k} {round(v * 100)}" for k, v in scores.items()))
sys.exit(1 if low else 0)
PY
  rm -f "$out"
done
exit $failed
