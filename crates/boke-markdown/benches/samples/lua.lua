-- 简单的文章过滤器
local M = {}

local MAX_WORDS <const> = 5000

local function count_words(text)
  local n = 0
  for _ in string.gmatch(text, "%S+") do
    n = n + 1
  end
  return n
end

function M.filter(posts, opts)
  opts = opts or {}
  local out = {}
  for i, post in ipairs(posts) do
    if not post.draft and count_words(post.body) <= (opts.max or MAX_WORDS) then
      out[#out + 1] = { title = post.title, index = i }
    end
  end
  table.sort(out, function(a, b) return a.title < b.title end)
  return out
end

setmetatable(M, {
  __call = function(self, ...) return self.filter(...) end,
})

--[[ 多行注释
  示例 ]]
print(M({ { title = "你好", body = "一 二 三", draft = false } })[1].title, 0x1F, 3.5e2, nil, true)
return M
