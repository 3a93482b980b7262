-- Employer-run training with the subsidy paid to the employer (issue 16,
-- point 5; 直补企业, point (九) of 闽人社办〔2024〕40号): a class is run
-- either by an institution of the catalogue or by a verified employer
-- training its own employees, never both. The employer declares when
-- each trainee's employment started; a trainee employed after the first
-- session is a risk warning. Claims of such a class name the employer.
--
-- SQLite cannot drop a NOT NULL in place: the classes table is rebuilt.
-- The migrations run with foreign keys off (server/src/startup.rs), so
-- dropping the old table deletes nothing through the tables that
-- reference it, which then reference the new one by its name.

CREATE TABLE training_classes_new (
    id INTEGER PRIMARY KEY,
    city_code TEXT NOT NULL,
    institution_id INTEGER REFERENCES institutions (id),
    course_id INTEGER NOT NULL REFERENCES courses (id),
    occupation_name TEXT NOT NULL,
    occupation_key TEXT NOT NULL,
    certificate_kind TEXT NOT NULL,
    certificate_level TEXT NOT NULL,
    training_type TEXT NOT NULL,
    capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 200),
    enrolled_count INTEGER NOT NULL DEFAULT 0 CHECK (enrolled_count >= 0 AND enrolled_count <= capacity),
    teacher TEXT NOT NULL,
    venue TEXT NOT NULL,
    venue_latitude REAL NOT NULL,
    venue_longitude REAL NOT NULL,
    commitment TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('submitted', 'approved', 'returned')),
    applied_by TEXT NOT NULL REFERENCES users (id),
    submitted_at TEXT NOT NULL,
    decided_at TEXT,
    decided_by TEXT REFERENCES users (id),
    decision_reason TEXT NOT NULL DEFAULT '',
    online_platform_id INTEGER REFERENCES online_platforms (id),
    face_check_required INTEGER NOT NULL DEFAULT 0,
    catalogue_version INTEGER NOT NULL DEFAULT 1,
    order_id INTEGER REFERENCES training_orders (id),
    employer_id INTEGER REFERENCES employers (id),
    CONSTRAINT training_classes_one_provider CHECK ((institution_id IS NULL) <> (employer_id IS NULL))
);
INSERT INTO training_classes_new (id, city_code, institution_id, course_id, occupation_name, occupation_key,
        certificate_kind, certificate_level, training_type, capacity, enrolled_count, teacher, venue,
        venue_latitude, venue_longitude, commitment, status, applied_by, submitted_at, decided_at, decided_by,
        decision_reason, online_platform_id, face_check_required, catalogue_version, order_id, employer_id)
    SELECT id, city_code, institution_id, course_id, occupation_name, occupation_key,
        certificate_kind, certificate_level, training_type, capacity, enrolled_count, teacher, venue,
        venue_latitude, venue_longitude, commitment, status, applied_by, submitted_at, decided_at, decided_by,
        decision_reason, online_platform_id, face_check_required, catalogue_version, order_id, NULL
    FROM training_classes;
DROP TABLE training_classes;
ALTER TABLE training_classes_new RENAME TO training_classes;
CREATE INDEX training_classes_city_status ON training_classes (city_code, status);
CREATE INDEX training_classes_institution ON training_classes (institution_id);
CREATE INDEX training_classes_order ON training_classes (order_id);
CREATE INDEX training_classes_employer ON training_classes (employer_id);

-- The employer a claim of an employer-run class names (its payee).
ALTER TABLE subsidy_claims ADD COLUMN employer_id INTEGER REFERENCES employers (id);

-- When each trainee of an employer-run class started working for the
-- employer, as the employer declares it (the latest declaration counts;
-- every declaration is in the audit trail).
CREATE TABLE trainee_employment (
    enrolment_id INTEGER PRIMARY KEY REFERENCES enrolments (id),
    employed_since TEXT NOT NULL,
    declared_by TEXT NOT NULL REFERENCES users (id),
    declared_at TEXT NOT NULL
);

CREATE TABLE risk_warnings_new (
    id INTEGER PRIMARY KEY,
    city_code TEXT NOT NULL,
    class_id INTEGER NOT NULL REFERENCES training_classes (id),
    session_id INTEGER NOT NULL REFERENCES class_sessions (id),
    enrolment_id INTEGER REFERENCES enrolments (id),
    kind TEXT NOT NULL CHECK (kind IN ('shared_device', 'far_from_venue', 'over_headcount', 'overlapping_sessions',
        'staff_correction', 'relayed_code', 'failed_confirmations', 'missed_roll_call', 'roll_call_shortfall',
        'not_employee')),
    subject TEXT NOT NULL,
    details TEXT NOT NULL,
    raised_at TEXT NOT NULL,
    cleared_at TEXT,
    cleared_by TEXT REFERENCES users (id),
    clear_reason TEXT NOT NULL DEFAULT '',
    CONSTRAINT risk_warnings_kind_session_subject_key UNIQUE (kind, session_id, subject)
);
INSERT INTO risk_warnings_new SELECT * FROM risk_warnings;
DROP TABLE risk_warnings;
ALTER TABLE risk_warnings_new RENAME TO risk_warnings;
CREATE INDEX risk_warnings_city_open ON risk_warnings (city_code, cleared_at);
CREATE INDEX risk_warnings_enrolment ON risk_warnings (enrolment_id);

