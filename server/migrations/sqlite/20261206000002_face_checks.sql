-- Face verification at check-in (人脸核验, issue 22): a licensed provider
-- compares the worker's face with the ID photo and returns a signed result
-- bound to the check-in's nonce. SkillPass stores the outcome, never an
-- image or any other biometric data.

-- A class whose every check-in, check-out and roll-call answer needs a
-- face check (set by its city's bureau, with a reason in the history).
ALTER TABLE training_classes ADD COLUMN face_check_required INTEGER NOT NULL DEFAULT 0;

-- A city's rule: workers confirming at password level (no passkey, no
-- device key) pass a face check first. One row per city that set it.
CREATE TABLE city_face_check_rules (
    city_code TEXT PRIMARY KEY,
    password_fallback INTEGER NOT NULL,
    changed_by TEXT NOT NULL REFERENCES users (id),
    changed_at TEXT NOT NULL,
    reason TEXT NOT NULL
);

-- Separate consents the Personal Information Protection Law requires for
-- sensitive personal information (art. 29), one row per consent given;
-- withdrawing it stamps the row.
CREATE TABLE consents (
    id INTEGER PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    purpose TEXT NOT NULL CHECK (purpose IN ('face_verification')),
    -- Which wording the worker agreed to.
    wording TEXT NOT NULL,
    given_at TEXT NOT NULL,
    withdrawn_at TEXT
);
CREATE INDEX consents_user ON consents (user_id, purpose);

-- One face check of one scan: started with the provider, then its
-- signed outcome.
CREATE TABLE face_checks (
    nonce TEXT PRIMARY KEY,
    scan_id TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    -- Keyed hash of the browser's device cookie: the check is finished
    -- only in the browser that started it, not on a phone it was sent to.
    browser_hash TEXT NOT NULL,
    session_id INTEGER NOT NULL REFERENCES class_sessions (id),
    -- The check-in page the worker comes back to (a path of this site).
    return_to TEXT NOT NULL,
    -- The provider's page for this check, once the provider opened it.
    verify_url TEXT,
    started_at TEXT NOT NULL,
    outcome TEXT CHECK (outcome IN ('match', 'no_match')),
    checked_at TEXT
);
CREATE INDEX face_checks_scan ON face_checks (scan_id, user_id);

-- A class's history also keeps the bureau turning its face check on and
-- off. SQLite cannot change a CHECK constraint in place, so class_events
-- is rebuilt with the wider list (nothing references it).
CREATE TABLE class_events_new (
    id INTEGER PRIMARY KEY,
    class_id INTEGER NOT NULL REFERENCES training_classes (id),
    at TEXT NOT NULL,
    actor_id TEXT NOT NULL REFERENCES users (id),
    action TEXT NOT NULL CHECK (action IN ('submitted', 'approved', 'returned', 'resubmitted',
        'face_check_on', 'face_check_off')),
    reason TEXT NOT NULL DEFAULT '',
    snapshot TEXT NOT NULL DEFAULT ''
);
INSERT INTO class_events_new SELECT * FROM class_events;
DROP TABLE class_events;
ALTER TABLE class_events_new RENAME TO class_events;
CREATE INDEX class_events_class ON class_events (class_id, id);
