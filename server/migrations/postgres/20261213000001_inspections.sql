-- Process inspections (过程检查, issue 18 point 5; measure 3 of
-- 闽人社发〔2024〕2号): a bureau, or a third-party supervisor account it
-- creates, schedules or records an inspection of a class session, on site
-- or remote, with the inspector's own headcount, whether the teaching
-- matched the plan, the findings, photos and a result (合格 / 整改 /
-- 不合格). The institution answers a 整改 with what it changed.

ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('worker', 'institution', 'employer', 'bureau', 'province', 'supervisor'));

CREATE TABLE inspections (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    city_code TEXT NOT NULL,
    class_id BIGINT NOT NULL REFERENCES training_classes (id),
    session_id BIGINT NOT NULL REFERENCES class_sessions (id),
    status TEXT NOT NULL CHECK (status IN ('scheduled', 'recorded')),
    mode TEXT NOT NULL CHECK (mode IN ('on_site', 'remote')),
    -- Who scheduled it, and who recorded it (the inspector).
    scheduled_by TEXT NOT NULL REFERENCES users (id),
    scheduled_at TIMESTAMPTZ NOT NULL,
    inspector_id TEXT REFERENCES users (id),
    inspected_at TIMESTAMPTZ,
    headcount BIGINT CHECK (headcount >= 0),
    teaching_matches_plan BOOLEAN,
    teaching_note TEXT NOT NULL DEFAULT '',
    findings TEXT NOT NULL DEFAULT '',
    result TEXT CHECK (result IN ('pass', 'rectify', 'fail')),
    -- The institution's answer to a 整改: what it changed.
    answer TEXT NOT NULL DEFAULT '',
    answered_by TEXT REFERENCES users (id),
    answered_at TIMESTAMPTZ,
    CHECK ((status = 'recorded') = (result IS NOT NULL AND inspector_id IS NOT NULL AND inspected_at IS NOT NULL
        AND headcount IS NOT NULL AND teaching_matches_plan IS NOT NULL))
);
CREATE INDEX inspections_city_class ON inspections (city_code, class_id);
CREATE INDEX inspections_session ON inspections (session_id);

-- Photos of an inspection: images only, size-limited, kept with their
-- SHA-256 so a later copy can be checked against the one filed.
CREATE TABLE inspection_photos (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    inspection_id BIGINT NOT NULL REFERENCES inspections (id),
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    bytes BYTEA NOT NULL,
    byte_count BIGINT NOT NULL CHECK (byte_count > 0),
    sha256 TEXT NOT NULL,
    uploaded_by TEXT NOT NULL REFERENCES users (id),
    uploaded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX inspection_photos_inspection ON inspection_photos (inspection_id);
