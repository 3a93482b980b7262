-- Completion, ratings and the subsidy lifecycle (issue 5): completion
-- assessments with their certificates and the bureau's verification,
-- ratings with the institution's reply and moderation, the subsidy claim
-- with its amount, automatic checks and every transition, and the
-- in-app inbox.

-- 结业考核 of one enrolment; the certificate and its verification (证书核对).
CREATE TABLE assessments (
    enrolment_id INTEGER PRIMARY KEY REFERENCES enrolments (id),
    passed BOOLEAN NOT NULL,
    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    certificate_number TEXT,
    certificate_level TEXT,
    certificate_issued_on TEXT,
    certificate_status TEXT NOT NULL CHECK (certificate_status IN ('not_required', 'pending', 'verified', 'invalid')),
    recorded_by TEXT NOT NULL REFERENCES users (id),
    recorded_at TEXT NOT NULL,
    verified_by TEXT REFERENCES users (id),
    verified_at TEXT,
    verification_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX assessments_certificate_status ON assessments (certificate_status);

-- 学员评价: one per enrolment, changeable for 7 days; one reply; a bureau
-- may hide the comment (the scores still count).
CREATE TABLE ratings (
    id INTEGER PRIMARY KEY,
    enrolment_id INTEGER NOT NULL REFERENCES enrolments (id),
    class_id INTEGER NOT NULL REFERENCES training_classes (id),
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    worker_id TEXT NOT NULL REFERENCES users (id),
    teaching INTEGER NOT NULL CHECK (teaching BETWEEN 1 AND 5),
    facilities INTEGER NOT NULL CHECK (facilities BETWEEN 1 AND 5),
    usefulness INTEGER NOT NULL CHECK (usefulness BETWEEN 1 AND 5),
    comment TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    reply TEXT,
    replied_by TEXT REFERENCES users (id),
    replied_at TEXT,
    hidden_at TEXT,
    hidden_by TEXT REFERENCES users (id),
    hidden_reason TEXT NOT NULL DEFAULT '',
    CONSTRAINT ratings_enrolment_key UNIQUE (enrolment_id)
);
CREATE INDEX ratings_institution ON ratings (institution_id);
CREATE INDEX ratings_class ON ratings (class_id);

-- The claim itself, added to the table the enrolment notice reads.
ALTER TABLE subsidy_claims ADD COLUMN class_id INTEGER;
ALTER TABLE subsidy_claims ADD COLUMN institution_id INTEGER;
ALTER TABLE subsidy_claims ADD COLUMN city_code TEXT NOT NULL DEFAULT '';
ALTER TABLE subsidy_claims ADD COLUMN filed_by TEXT;
ALTER TABLE subsidy_claims ADD COLUMN payee TEXT NOT NULL DEFAULT 'worker';
ALTER TABLE subsidy_claims ADD COLUMN payee_name TEXT NOT NULL DEFAULT '';
ALTER TABLE subsidy_claims ADD COLUMN training_fen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subsidy_claims ADD COLUMN uplift_percent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subsidy_claims ADD COLUMN uplift_fen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subsidy_claims ADD COLUMN living_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subsidy_claims ADD COLUMN living_allowance_fen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subsidy_claims ADD COLUMN total_fen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subsidy_claims ADD COLUMN recovered_fen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subsidy_claims ADD COLUMN payment_reference TEXT NOT NULL DEFAULT '';
ALTER TABLE subsidy_claims ADD COLUMN reviewer_id TEXT;
ALTER TABLE subsidy_claims ADD COLUMN updated_at TEXT;

-- One subsidy per person, occupation and level, ever (national opinion
-- point 10), and one claim per enrolment: enforced here, so two claims
-- submitted at the same moment cannot both stand. A rejected claim does
-- not count.
CREATE UNIQUE INDEX subsidy_claims_once_per_level
    ON subsidy_claims (worker_id, occupation_key, certificate_level) WHERE status <> 'rejected';
CREATE UNIQUE INDEX subsidy_claims_once_per_enrolment
    ON subsidy_claims (enrolment_id) WHERE status <> 'rejected';
CREATE INDEX subsidy_claims_city_status ON subsidy_claims (city_code, status);

-- Each run of the automatic checks, with what each check looked at.
CREATE TABLE claim_checks (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES subsidy_claims (id),
    run INTEGER NOT NULL,
    kind TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('passed', 'failed', 'pending')),
    inputs TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    CONSTRAINT claim_checks_run_kind_key UNIQUE (claim_id, run, kind)
);

-- Every transition: who (NULL for the automatic checks), when, why.
CREATE TABLE claim_events (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES subsidy_claims (id),
    at TEXT NOT NULL,
    actor_id TEXT REFERENCES users (id),
    from_status TEXT,
    to_status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    amount_fen INTEGER
);
CREATE INDEX claim_events_claim ON claim_events (claim_id, id);

-- The in-app inbox.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    details TEXT NOT NULL,
    read_at TEXT
);
CREATE INDEX notifications_user ON notifications (user_id, id);
