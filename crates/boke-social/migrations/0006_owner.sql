-- Mail for the blog owner and the newsletter. `link_uses` records each comment whose approve
-- or spam link from the owner's mail was used, so a link acts once and a second click can
-- say what was done.
CREATE TABLE link_uses (
    link TEXT PRIMARY KEY,
    action TEXT NOT NULL,
    used_at BIGINT NOT NULL
);
