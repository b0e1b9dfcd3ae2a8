# ~/.zshrc 片段
autoload -Uz compinit && compinit
setopt AUTO_CD HIST_IGNORE_DUPS
typeset -A aliases_map=(b 'boke build' s 'boke serve')

for name cmd in ${(kv)aliases_map}; do
  alias $name=$cmd
done

function mkpost() {
  local title=${1:?需要标题}
  local file="content/posts/$(date +%F)-${title// /-}.md"
  print -r -- "---\ntitle: $title\n---" > $file && ${EDITOR:-vim} $file
}

precmd() { print -Pn "\e]0;%~\a" }
[[ -o interactive ]] && echo "zsh ${ZSH_VERSION} ready, ${#aliases_map} aliases"
