-- 评论与订阅的表结构
CREATE TABLE IF NOT EXISTS comments (
    id          BIGSERIAL PRIMARY KEY,
    page        TEXT NOT NULL,
    author      VARCHAR(80) NOT NULL DEFAULT '匿名',
    body        TEXT NOT NULL CHECK (length(body) > 0),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    approved    BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE INDEX comments_page_idx ON comments (page, created_at DESC);

/* 每页最新的十条已审核评论 */
WITH ranked AS (
    SELECT c.*, row_number() OVER (PARTITION BY page ORDER BY created_at DESC) AS rn
    FROM comments AS c
    WHERE approved = TRUE AND created_at > now() - INTERVAL '30 days'
)
SELECT page, count(*) AS n, max(created_at)
FROM ranked
WHERE rn <= 10
GROUP BY page
HAVING count(*) >= 2
ORDER BY n DESC
LIMIT 20 OFFSET 0;

UPDATE comments SET approved = TRUE WHERE id IN (1, 2, 3) RETURNING id;
DELETE FROM comments WHERE body LIKE '%spam%' OR author IS NULL;
