-- The commenter's browser and system, read from the User-Agent when the comment arrived and
-- kept as short names ("Chrome 131", "Windows 10"); the User-Agent itself is not kept.
ALTER TABLE comments ADD COLUMN browser TEXT;
ALTER TABLE comments ADD COLUMN os TEXT;
