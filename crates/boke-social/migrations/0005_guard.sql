-- The commenter's region (IP属地: a province, or a country abroad), looked up in the
-- operator's ip2region database when the comment arrived; the address itself is not kept.
ALTER TABLE comments ADD COLUMN region TEXT;

-- Proof-of-work challenges already answered, kept until they expire: one answer, one comment.
CREATE TABLE spent_challenges (
    id BIGINT PRIMARY KEY,
    expires_at BIGINT NOT NULL
);
CREATE INDEX spent_challenges_by_expiry ON spent_challenges (expires_at);

-- Commenters who proved who they are by signing in with GitHub (trusted from the start).
ALTER TABLE commenters ADD COLUMN github_id BIGINT;
