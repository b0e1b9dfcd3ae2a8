-- Commenters who proved who they are (a secret their browser keeps), reaction totals kept
-- per page and kind (reads cost the same however many reactions a page has), the client
-- address behind each reaction (hashed, to bound what one address adds), and when a pending
-- subscriber was last mailed a confirmation (one a day, whoever asks).
CREATE TABLE commenters (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    trusted BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
ALTER TABLE comments ADD COLUMN commenter_id BIGINT;
CREATE INDEX comments_by_parent ON comments (parent_id);

ALTER TABLE reactions ADD COLUMN ip_hash TEXT;
CREATE INDEX reactions_by_address ON reactions (page, ip_hash);
CREATE TABLE reaction_counts (
    page TEXT NOT NULL,
    kind TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (page, kind)
);
INSERT INTO reaction_counts (page, kind, n)
    SELECT page, kind, COUNT(*) FROM reactions GROUP BY page, kind;

ALTER TABLE subscribers ADD COLUMN confirm_sent_at BIGINT;
