-- Schema of the interaction service, written for SQLite. For PostgreSQL the store swaps the
-- identity column syntax (see store/mod.rs); everything else is shared. Times are Unix seconds.
CREATE TABLE comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    page TEXT NOT NULL,
    parent_id BIGINT REFERENCES comments(id) ON DELETE CASCADE,
    author TEXT NOT NULL,
    email TEXT,
    website TEXT,
    body TEXT NOT NULL,
    html TEXT NOT NULL,
    status TEXT NOT NULL,
    ip_hash TEXT,
    created_at BIGINT NOT NULL,
    source TEXT
);
CREATE INDEX comments_by_page ON comments (page, status, created_at);
CREATE INDEX comments_by_status ON comments (status, created_at);
CREATE INDEX comments_by_email ON comments (email, status);
CREATE UNIQUE INDEX comments_by_source ON comments (source);

CREATE TABLE blocks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (kind, value)
);

CREATE TABLE reactions (
    page TEXT NOT NULL,
    visitor TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (page, visitor)
);

CREATE TABLE page_views (
    page TEXT PRIMARY KEY,
    views BIGINT NOT NULL
);

CREATE TABLE subscribers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    lang TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    confirmed_at BIGINT
);

CREATE TABLE posts (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    seen_at BIGINT NOT NULL
);

CREATE TABLE deliveries (
    subscriber_id BIGINT NOT NULL,
    post_id TEXT NOT NULL,
    status TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (subscriber_id, post_id)
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE admin_sessions (
    token_hash TEXT PRIMARY KEY,
    expires_at BIGINT NOT NULL
);
