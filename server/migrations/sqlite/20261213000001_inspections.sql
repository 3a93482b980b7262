-- Process inspections (过程检查, issue 18 point 5; measure 3 of
-- 闽人社发〔2024〕2号): a bureau, or a third-party supervisor account it
-- creates, schedules or records an inspection of a class session, on site
-- or remote, with the inspector's own headcount, whether the teaching
-- matched the plan, the findings, photos and a result (合格 / 整改 /
-- 不合格). The institution answers a 整改 with what it changed.
--
-- The new `supervisor` role needs the users table's CHECK widened. SQLite
-- cannot change a CHECK in place: the table is rebuilt. The migrations run
-- with foreign keys off (server/src/startup.rs), so dropping the old table
-- deletes nothing through the tables that reference it, which then
-- reference the new one by its name.

CREATE TABLE users_new (
    id TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('worker', 'institution', 'employer', 'bureau', 'province', 'supervisor')),
    display_name TEXT NOT NULL,
    username TEXT,
    city_code TEXT,
    organisation TEXT,
    institution_id INTEGER REFERENCES institutions (id),
    mobile TEXT,
    worker_categories TEXT NOT NULL DEFAULT '',
    id_number_cipher BLOB,
    id_number_lookup TEXT,
    id_number_masked TEXT,
    password_hash TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT,
    disabled_at TEXT,
    phone_capability TEXT CHECK (phone_capability IN ('passkey', 'device_key', 'password_only')),
    employer_id INTEGER REFERENCES employers (id),
    CONSTRAINT users_id_number_lookup_key UNIQUE (id_number_lookup),
    CONSTRAINT users_username_key UNIQUE (username)
);
INSERT INTO users_new (id, role, display_name, username, city_code, organisation, institution_id, mobile,
        worker_categories, id_number_cipher, id_number_lookup, id_number_masked, password_hash, created_at,
        created_by, disabled_at, phone_capability, employer_id)
    SELECT id, role, display_name, username, city_code, organisation, institution_id, mobile,
        worker_categories, id_number_cipher, id_number_lookup, id_number_masked, password_hash, created_at,
        created_by, disabled_at, phone_capability, employer_id
    FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
CREATE INDEX users_city_role ON users (city_code, role);

CREATE TABLE inspections (
    id INTEGER PRIMARY KEY,
    city_code TEXT NOT NULL,
    class_id INTEGER NOT NULL REFERENCES training_classes (id),
    session_id INTEGER NOT NULL REFERENCES class_sessions (id),
    status TEXT NOT NULL CHECK (status IN ('scheduled', 'recorded')),
    mode TEXT NOT NULL CHECK (mode IN ('on_site', 'remote')),
    -- Who scheduled it, and who recorded it (the inspector).
    scheduled_by TEXT NOT NULL REFERENCES users (id),
    scheduled_at TEXT NOT NULL,
    inspector_id TEXT REFERENCES users (id),
    inspected_at TEXT,
    headcount INTEGER CHECK (headcount >= 0),
    teaching_matches_plan INTEGER,
    teaching_note TEXT NOT NULL DEFAULT '',
    findings TEXT NOT NULL DEFAULT '',
    result TEXT CHECK (result IN ('pass', 'rectify', 'fail')),
    -- The institution's answer to a 整改: what it changed.
    answer TEXT NOT NULL DEFAULT '',
    answered_by TEXT REFERENCES users (id),
    answered_at TEXT,
    CHECK ((status = 'recorded') = (result IS NOT NULL AND inspector_id IS NOT NULL AND inspected_at IS NOT NULL
        AND headcount IS NOT NULL AND teaching_matches_plan IS NOT NULL))
);
CREATE INDEX inspections_city_class ON inspections (city_code, class_id);
CREATE INDEX inspections_session ON inspections (session_id);

-- Photos of an inspection: images only, size-limited, kept with their
-- SHA-256 so a later copy can be checked against the one filed.
CREATE TABLE inspection_photos (
    id INTEGER PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES inspections (id),
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    bytes BLOB NOT NULL,
    byte_count INTEGER NOT NULL CHECK (byte_count > 0),
    sha256 TEXT NOT NULL,
    uploaded_by TEXT NOT NULL REFERENCES users (id),
    uploaded_at TEXT NOT NULL
);
CREATE INDEX inspection_photos_inspection ON inspection_photos (inspection_id);
