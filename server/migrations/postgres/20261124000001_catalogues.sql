-- The two per-city catalogues of the 2024 measures: the training-demand
-- catalogue (附表1, kind 'course') and the subsidised institution catalogue
-- (附表2, kind 'institution'). Each is published at least once a year and
-- filed with the province first, hence year and status.
CREATE TABLE catalogues (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('course', 'institution')),
    city_code TEXT NOT NULL,
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    status TEXT NOT NULL CHECK (status IN ('draft', 'filed', 'published')),
    is_demo BOOLEAN NOT NULL DEFAULT FALSE,
    filed_at TIMESTAMPTZ,
    published_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT catalogues_kind_city_year_key UNIQUE (kind, city_code, year)
);

-- Course rows (附表1). Amounts are integer fen. occupation_key is the code,
-- or 'name:' || name for certificates without a code; it links a course to
-- the institutions that may train it. min/max are kept for list pages.
CREATE TABLE courses (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    catalogue_id BIGINT NOT NULL REFERENCES catalogues (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    training_type TEXT,
    occupation_name TEXT NOT NULL,
    occupation_code TEXT,
    occupation_key TEXT NOT NULL,
    certificate_kind TEXT NOT NULL,
    urgent BOOLEAN NOT NULL,
    min_amount_fen BIGINT NOT NULL CHECK (min_amount_fen > 0),
    max_amount_fen BIGINT NOT NULL CHECK (max_amount_fen >= min_amount_fen),
    remarks TEXT NOT NULL DEFAULT '',
    CONSTRAINT courses_catalogue_occupation_key UNIQUE (catalogue_id, occupation_key)
);

CREATE TABLE course_subsidy_amounts (
    course_id BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    level TEXT NOT NULL,
    amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
    PRIMARY KEY (course_id, level)
);

CREATE TABLE course_subsidy_uplifts (
    course_id BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    worker_category TEXT NOT NULL,
    percent BIGINT NOT NULL CHECK (percent BETWEEN 1 AND 100),
    PRIMARY KEY (course_id, worker_category)
);

-- Institution rows (附表2).
CREATE TABLE institutions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    catalogue_id BIGINT NOT NULL REFERENCES catalogues (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    nature TEXT NOT NULL CHECK (nature IN ('public', 'private', 'state_enterprise')),
    contact_person TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    remarks TEXT NOT NULL DEFAULT '',
    CONSTRAINT institutions_catalogue_name_key UNIQUE (catalogue_id, name)
);

CREATE TABLE institution_occupations (
    institution_id BIGINT NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    occupation_key TEXT NOT NULL,
    occupation_name TEXT NOT NULL,
    occupation_code TEXT,
    PRIMARY KEY (institution_id, occupation_key)
);

CREATE INDEX courses_catalogue_position ON courses (catalogue_id, position);
CREATE INDEX institutions_catalogue_position ON institutions (catalogue_id, position);
CREATE INDEX institution_occupations_key ON institution_occupations (occupation_key);
