-- Recommendations pushed to workers (issue 17): a worker's consent to
-- receive them is a consent of its own, given at registration with a
-- clear sentence and withdrawn in one tap (个人信息保护法). The consents
-- table takes the new purpose; SQLite rebuilds it to change its CHECK.
CREATE TABLE consents_new (
    id INTEGER PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    purpose TEXT NOT NULL CHECK (purpose IN ('face_verification', 'recommendations')),
    -- Which wording the worker agreed to.
    wording TEXT NOT NULL,
    given_at TEXT NOT NULL,
    withdrawn_at TEXT
);
INSERT INTO consents_new SELECT * FROM consents;
DROP TABLE consents;
ALTER TABLE consents_new RENAME TO consents;
CREATE INDEX consents_user ON consents (user_id, purpose);
