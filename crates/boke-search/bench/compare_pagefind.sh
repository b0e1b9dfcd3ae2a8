#!/usr/bin/env bash
# boke-search next to Pagefind (extended, PyPI pagefind[extended]==1.5.2) on the same posts of
# the 10,000-post corpus from ../../../shared/bench/gen_corpus.py: index build time, size and
# file count, bytes and time of a first two-word Chinese query, recall and precision against
# exact-substring ground truth.
#
#   bash crates/boke-search/bench/compare_pagefind.sh        # from the workspace root
#   POSTS=1000 bash crates/boke-search/bench/compare_pagefind.sh
#
# Both engines index the same text: the `index_corpus` example strips the Markdown of each post
# and builds boke's index (median of RUNS builds); render_html.py writes that text as HTML pages
# (<html lang="zh-CN">, <article data-pagefind-body>) which Pagefind indexes (one timed run,
# GNU time). Needs cargo, python3, node, GNU time. Work files go to WORK (tmpfs by default).
# REUSE=1 reruns only the queries and the summary; with SUMMARY_ONLY=1 only the summary.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
POSTS=${POSTS:-10000}
RUNS=${RUNS:-3}
WORK=${WORK:-/dev/shm/boke-search-compare}
PEERS_DIR=${PEERS_DIR:-/opt/boke-peers}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
QUERY=${QUERY:-"多模态 向量数据库"}
log() { printf '[compare] %s\n' "$*" >&2; }

mkdir -p "$WORK"
corpus="$WORK/corpus-$POSTS"
if [ ! -d "$corpus/content/posts" ]; then
  log "generating $POSTS posts"
  python3 "$ROOT/../shared/bench/gen_corpus.py" --engine plain --posts "$POSTS" --out "$corpus" --no-skeleton
fi
if ! "$PEERS_DIR/venv/bin/python" -c "import pagefind_bin_extended" 2>/dev/null; then
  log "installing pagefind[extended]==1.5.2 into $PEERS_DIR/venv"
  python3 -m venv "$PEERS_DIR/venv"
  "$PEERS_DIR/venv/bin/pip" install -q "pagefind[extended]==1.5.2"
fi
PAGEFIND=$("$PEERS_DIR/venv/bin/python" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")/pagefind_bin_extended/pagefind_extended

if [ -z "${REUSE:-}" ]; then  # REUSE=1: only rerun the queries and the summary
(cd "$ROOT" && cargo build --release -q -p boke-search --example index_corpus)
log "boke: building the index ($RUNS runs); load: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$WORK/text" "$WORK/site" "$WORK/pagefind"
BOKE_TEXT_OUT="$WORK/text" "$CARGO_TARGET_DIR/release/examples/index_corpus" "$corpus" "$WORK/boke-index" "$RUNS" \
  | tee "$WORK/boke.jsonl" >&2
python3 "$HERE/render_html.py" "$WORK/text" "$WORK/site"

log "pagefind: indexing $POSTS pages; load: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f '%e %U %S %M' -o "$WORK/pagefind.time" \
  "$PAGEFIND" --site "$WORK/site" --output-path "$WORK/pagefind" > "$WORK/pagefind.log" 2>&1
fi
[ -n "${SUMMARY_ONLY:-}" ] || node "$HERE/pagefind_query.mjs" "$WORK/pagefind" "$QUERY" "多模态" > "$WORK/pagefind.jsonl"

python3 - "$WORK" "$QUERY" <<'PY'
import json, os, sys
from pathlib import Path
work, query = Path(sys.argv[1]), sys.argv[2]
def tree(d):
    n = b = 0
    for root, _, files in os.walk(d):
        for f in files:
            n += 1; b += os.path.getsize(os.path.join(root, f))
    return n, b
boke = [json.loads(l) for l in (work / "boke.jsonl").read_text().splitlines()]
build, bq = boke[0], {q["query"]: q for q in boke[1:]}
wall, user, sys_, rss = (float(x) for x in (work / "pagefind.time").read_text().split()[-4:])
pf_files, pf_bytes = tree(work / "pagefind")
# Ground truth for Pagefind's hits: the same texts, every query word a substring.
texts = {}
for f in (work / "text").glob("*.txt"):
    title, url, _, tags, body = f.read_text(encoding="utf-8").split("\n", 4)
    texts[url] = "\n".join((title, tags, body)).lower()
pq = {q["query"]: q for q in map(json.loads, (work / "pagefind.jsonl").read_text().splitlines())}
def pf_quality(q):
    truth = {u for u, t in texts.items() if all(w.lower() in t for w in q.split())}
    # Pagefind prefixes its base path to page URLs; keep the site path.
    hits = {u[u.index("/posts/"):] for u in pq[q]["urls"]}
    right = len(hits & truth)
    return len(truth), len(hits), right / max(len(truth), 1), right / max(len(hits), 1)
def ratio(a, b): return f"{a / b:.2f}×" if b else "n/a"
rows = []
b = bq[query]
t, h, rec, prec = pf_quality(query)
brec, bprec = b["correct"] / max(b["truth"], 1), b["correct"] / max(b["total"], 1)
rows.append(("index build wall s", f"{build['build_wall_s']:.2f}", f"{wall:.2f}", ratio(build['build_wall_s'], wall)))
rows.append(("index build CPU s", f"{build['build_cpu_s']:.2f}", f"{user + sys_:.2f}", ratio(build['build_cpu_s'], user + sys_)))
rows.append(("index size MiB", f"{build['bytes'] / 2**20:.1f}", f"{pf_bytes / 2**20:.1f}", ratio(build['bytes'], pf_bytes)))
rows.append(("index files", str(build["files"]), str(pf_files), ratio(build["files"], pf_files)))
rows.append((f"first query `{query}`: KB fetched", f"{b['bytes'] / 1000:.0f}", f"{pq[query]['bytes'] / 1000:.0f}", ratio(b['bytes'], pq[query]['bytes'])))
rows.append((f"first query `{query}`: ms", f"{b['ms']:.0f}", f"{pq[query]['ms']:.0f}", ratio(b['ms'], pq[query]['ms'])))
rows.append((f"`{query}`: results / true", f"{b['total']} / {b['truth']}", f"{h} / {t}", ""))
rows.append((f"`{query}`: recall", f"{brec:.1%}", f"{rec:.1%}", ""))
rows.append((f"`{query}`: precision", f"{bprec:.1%}", f"{prec:.1%}", ""))
t1, h1, rec1, prec1 = pf_quality("多模态")
m = bq["多模态"]
rows.append(("`多模态`: results / true, precision", f"{m['total']} / {m['truth']}, {m['correct'] / max(m['total'], 1):.1%}", f"{h1} / {t1}, {prec1:.1%}", ""))
print(f"{len(texts)} posts, {os.cpu_count()} cores, load {open('/proc/loadavg').read().split()[0]}; Pagefind peak memory {rss / 2**20:.1f} GiB")
print()
print("| | boke-search | Pagefind 1.5.2 extended | boke / Pagefind |")
print("|---|---:|---:|---:|")
for r in rows:
    print("| " + " | ".join(r) + " |")
PY
