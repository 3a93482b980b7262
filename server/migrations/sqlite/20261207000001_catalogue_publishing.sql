-- Catalogue publishing (issue 15): a city bureau drafts a yearly edition
-- of either catalogue, files it with the province (备案, with the stamped
-- scan), publishes it from a date once accepted, and adjusts it later
-- (动态调整) by filed sets of changes, each making a new version.
--
-- An edition is a `catalogues` row: `status` is 'draft' while the bureau
-- may edit it, 'filed' while a filing of it is with the province or
-- accepted, 'published' once public. Rows keep their ids for ever (staff
-- accounts, classes and ratings point at them): an adjustment changes a
-- row in place and records the row before and after in its changes; a
-- removed row is marked with the version that removed it.

-- Published versions so far (1 once published), the province's filing
-- number, the date the edition shows from, who drafted it and from which
-- edition it was copied.
ALTER TABLE catalogues ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE catalogues ADD COLUMN filing_number TEXT;
ALTER TABLE catalogues ADD COLUMN effective_on TEXT;
ALTER TABLE catalogues ADD COLUMN created_by TEXT REFERENCES users (id);
ALTER TABLE catalogues ADD COLUMN copied_from INTEGER REFERENCES catalogues (id);
UPDATE catalogues SET version = 1, effective_on = substr(published_at, 1, 10)
    WHERE status = 'published';
CREATE UNIQUE INDEX catalogues_filing_number ON catalogues (filing_number);

ALTER TABLE courses ADD COLUMN removed_in INTEGER;
ALTER TABLE institutions ADD COLUMN removed_in INTEGER;

-- A stamped scan (PDF, PNG or JPEG) filed with a draft or an adjustment.
CREATE TABLE catalogue_attachments (
    id INTEGER PRIMARY KEY,
    catalogue_id INTEGER NOT NULL REFERENCES catalogues (id),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
    byte_size INTEGER NOT NULL CHECK (byte_size > 0),
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    -- None for the demo loader.
    uploaded_by TEXT REFERENCES users (id),
    uploaded_at TEXT NOT NULL
);

-- One filing with the province: of a whole edition or of an adjustment.
-- An adjustment is composed here first ('draft'); a returned filing goes
-- back to the bureau, and a resubmission of an edition is a new filing.
CREATE TABLE catalogue_filings (
    id INTEGER PRIMARY KEY,
    catalogue_id INTEGER NOT NULL REFERENCES catalogues (id),
    purpose TEXT NOT NULL CHECK (purpose IN ('edition', 'adjustment')),
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'accepted', 'published')),
    reason TEXT NOT NULL DEFAULT '',
    effective_on TEXT,
    attachment_id INTEGER REFERENCES catalogue_attachments (id),
    -- None for the demo loader and the command line.
    created_by TEXT REFERENCES users (id),
    created_at TEXT NOT NULL,
    submitted_by TEXT REFERENCES users (id),
    submitted_at TEXT,
    decided_by TEXT REFERENCES users (id),
    decided_at TEXT,
    decision_reason TEXT NOT NULL DEFAULT '',
    version INTEGER
);
CREATE INDEX catalogue_filings_catalogue ON catalogue_filings (catalogue_id, id);
CREATE INDEX catalogue_filings_status ON catalogue_filings (status, effective_on);
-- At most one adjustment of an edition is open (not yet in force).
CREATE UNIQUE INDEX catalogue_filings_one_open_adjustment ON catalogue_filings (catalogue_id)
    WHERE purpose = 'adjustment' AND status <> 'published';

-- The changes of an adjustment, in order: a row added, changed or
-- removed, with the row before and after as JSON (a CourseRecord or an
-- InstitutionRecord), so the history reads without the rows.
CREATE TABLE catalogue_changes (
    id INTEGER PRIMARY KEY,
    filing_id INTEGER NOT NULL REFERENCES catalogue_filings (id) ON DELETE CASCADE,
    action TEXT NOT NULL CHECK (action IN ('add', 'change', 'remove')),
    row_id INTEGER,
    label TEXT NOT NULL,
    before_record TEXT,
    after_record TEXT
);
CREATE INDEX catalogue_changes_filing ON catalogue_changes (filing_id, id);

-- An uploaded template waiting for its preview to be confirmed. Nothing
-- of it is in the catalogue until then; confirming reads it again.
CREATE TABLE catalogue_imports (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('course', 'institution')),
    city_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    file_format TEXT NOT NULL CHECK (file_format IN ('csv', 'xlsx')),
    content BLOB NOT NULL,
    uploaded_by TEXT NOT NULL REFERENCES users (id),
    uploaded_at TEXT NOT NULL
);

-- The subsidy standard a class was approved under: the course row may be
-- adjusted later, the class and its claims keep these terms.
ALTER TABLE training_classes ADD COLUMN catalogue_version INTEGER NOT NULL DEFAULT 1;
CREATE TABLE class_subsidy_amounts (
    class_id INTEGER NOT NULL REFERENCES training_classes (id) ON DELETE CASCADE,
    level TEXT NOT NULL,
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    PRIMARY KEY (class_id, level)
);
CREATE TABLE class_subsidy_uplifts (
    class_id INTEGER NOT NULL REFERENCES training_classes (id) ON DELETE CASCADE,
    worker_category TEXT NOT NULL,
    percent INTEGER NOT NULL CHECK (percent BETWEEN 1 AND 100),
    PRIMARY KEY (class_id, worker_category)
);
INSERT INTO class_subsidy_amounts (class_id, level, amount_fen)
    SELECT c.id, a.level, a.amount_fen
    FROM training_classes c JOIN course_subsidy_amounts a ON a.course_id = c.course_id;
INSERT INTO class_subsidy_uplifts (class_id, worker_category, percent)
    SELECT c.id, u.worker_category, u.percent
    FROM training_classes c JOIN course_subsidy_uplifts u ON u.course_id = c.course_id;
