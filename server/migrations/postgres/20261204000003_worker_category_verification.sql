-- Verified worker categories (issue 12, point 6). A category raises the
-- payout (uplift, living allowance), so a self-declared one counts only
-- once the bureau of the worker's city has verified it: one by one with a
-- note, or by importing another department's list. One row per worker and
-- category; users.worker_categories stays as what was typed.
CREATE TABLE worker_categories (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    worker_id TEXT NOT NULL REFERENCES users (id),
    category TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('declared', 'verified', 'refused')),
    -- How the status came about: declared at registration, decided one by
    -- one (review) or by a list import.
    source TEXT NOT NULL CHECK (source IN ('registration', 'review', 'import')),
    declared_at TIMESTAMPTZ NOT NULL,
    decided_by TEXT REFERENCES users (id),
    decided_at TIMESTAMPTZ,
    note TEXT NOT NULL DEFAULT '',
    CONSTRAINT worker_categories_worker_category_key UNIQUE (worker_id, category)
);
CREATE INDEX worker_categories_status ON worker_categories (status);

-- Every category typed so far is declared, not verified.
INSERT INTO worker_categories (worker_id, category, status, source, declared_at)
SELECT DISTINCT u.id, trim(item), 'declared', 'registration', u.created_at
  FROM users u, unnest(string_to_array(u.worker_categories, ',')) AS item
 WHERE u.role = 'worker' AND trim(item) <> ''
ON CONFLICT (worker_id, category) DO NOTHING;
