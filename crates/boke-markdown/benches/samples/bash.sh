#!/usr/bin/env bash
# 部署博客到服务器
set -euo pipefail

SITE_DIR="${SITE_DIR:-./public}"
REMOTE=deploy@example.com
declare -a FILES=()

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

if [[ ! -d "$SITE_DIR" ]]; then
    log "找不到 $SITE_DIR，先运行 boke build"
    exit 1
fi

while IFS= read -r -d '' f; do
    FILES+=("$f")
done < <(find "$SITE_DIR" -type f -name '*.html' -print0)

case "${1:-all}" in
    all) rsync -az --delete "$SITE_DIR"/ "$REMOTE:/srv/blog/" ;;
    dry) echo "would upload ${#FILES[@]} files" ;;
    *) log "unknown: $1"; exit 2 ;;
esac

for i in {1..3}; do
    curl -fsS "https://example.com/?v=$i" >/dev/null && break || sleep $((i * 2))
done
cat <<EOT
done: ${#FILES[@]} 个文件
EOT
