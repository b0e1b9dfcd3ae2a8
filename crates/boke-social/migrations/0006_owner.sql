-- Mail for the blog owner and the newsletter. `link_uses` records each comment whose approve
-- or spam link from the owner's mail was used, so a link acts once and a second click can
-- say what was done.
CREATE TABLE link_uses (
    link TEXT PRIMARY KEY,
    action TEXT NOT NULL,
    used_at BIGINT NOT NULL
);

-- Addresses no mail goes to: hard bounces and complaints that the mail service reported, and
-- the unsubscribed or cleaned rows of an imported list. `notify`, confirmations and reply
-- notifications skip them.
CREATE TABLE suppressions (
    email TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    source TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- The newsletter's issues: one weekly digest per ISO week (`2026-W49`), its posts frozen
-- when it is first assembled, kept for the web archive; each post is in one digest at most.
CREATE TABLE newsletters (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    posts TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE newsletter_posts (
    post_id TEXT PRIMARY KEY,
    newsletter_id TEXT NOT NULL
);
