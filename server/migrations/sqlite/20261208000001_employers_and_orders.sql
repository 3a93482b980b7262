-- Employers and their training orders (issue 16): a company registers
-- with its unified social credit code and is verified by its city's
-- bureau; a verified employer posts an order (订单/定向/定岗/项目制) with
-- the positions it offers, the bureau approves or returns it, institutions
-- bid for an open order (揭榜) and the employer picks one. Every step is
-- kept in the order's history and the audit trail.
CREATE TABLE employers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    credit_code TEXT NOT NULL,
    address TEXT NOT NULL,
    city_code TEXT NOT NULL,
    contact_person TEXT NOT NULL,
    contact_mobile TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'verified', 'rejected')),
    registered_at TEXT NOT NULL,
    decided_at TEXT,
    decided_by TEXT REFERENCES users (id),
    decision_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX employers_city_status ON employers (city_code, status);
-- One live registration per credit code: a rejected one does not keep a
-- real company (whose code is public) from registering.
CREATE UNIQUE INDEX employers_credit_code_key ON employers (credit_code) WHERE status <> 'rejected';

ALTER TABLE users ADD COLUMN employer_id INTEGER REFERENCES employers (id);

CREATE TABLE training_orders (
    id INTEGER PRIMARY KEY,
    employer_id INTEGER NOT NULL REFERENCES employers (id),
    city_code TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('order', 'directed', 'position', 'project')),
    course_id INTEGER NOT NULL REFERENCES courses (id),
    occupation_name TEXT NOT NULL,
    occupation_key TEXT NOT NULL,
    certificate_kind TEXT NOT NULL,
    certificate_level TEXT NOT NULL,
    trainees_wanted INTEGER NOT NULL CHECK (trainees_wanted BETWEEN 1 AND 500),
    requirements TEXT NOT NULL DEFAULT '',
    start_training_by TEXT NOT NULL,
    open_to_any INTEGER NOT NULL,
    institution_id INTEGER REFERENCES institutions (id),
    status TEXT NOT NULL CHECK (status IN ('submitted', 'returned', 'approved', 'assigned', 'withdrawn')),
    posted_by TEXT NOT NULL REFERENCES users (id),
    posted_at TEXT NOT NULL,
    decided_at TEXT,
    decided_by TEXT REFERENCES users (id),
    decision_reason TEXT NOT NULL DEFAULT '',
    CHECK (open_to_any OR institution_id IS NOT NULL)
);
CREATE INDEX training_orders_city_status ON training_orders (city_code, status);
CREATE INDEX training_orders_employer ON training_orders (employer_id);
CREATE INDEX training_orders_institution ON training_orders (institution_id);

-- The jobs an order ends in: "N 个岗位，月薪 X–Y 元".
CREATE TABLE order_positions (
    order_id INTEGER NOT NULL REFERENCES training_orders (id),
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    openings INTEGER NOT NULL CHECK (openings BETWEEN 1 AND 500),
    wage_min_yuan INTEGER NOT NULL CHECK (wage_min_yuan > 0),
    wage_max_yuan INTEGER NOT NULL,
    workplace TEXT NOT NULL,
    contract_months INTEGER NOT NULL CHECK (contract_months BETWEEN 1 AND 120),
    starts_on TEXT NOT NULL,
    PRIMARY KEY (order_id, position),
    CHECK (wage_max_yuan >= wage_min_yuan)
);

-- 揭榜: an institution's offer to train an open order, with its plan.
CREATE TABLE order_bids (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES training_orders (id),
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    plan TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'picked', 'not_picked')),
    bid_by TEXT NOT NULL REFERENCES users (id),
    bid_at TEXT NOT NULL,
    CONSTRAINT order_bids_order_institution_key UNIQUE (order_id, institution_id)
);
CREATE INDEX order_bids_order ON order_bids (order_id);

-- Every step of an order, with who, when and why.
CREATE TABLE order_events (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES training_orders (id),
    at TEXT NOT NULL,
    actor_id TEXT NOT NULL REFERENCES users (id),
    action TEXT NOT NULL CHECK (action IN ('posted', 'approved', 'returned', 'resubmitted', 'bid', 'picked', 'withdrawn')),
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX order_events_order ON order_events (order_id, id);

-- A class trained for an order.
ALTER TABLE training_classes ADD COLUMN order_id INTEGER REFERENCES training_orders (id);
CREATE INDEX training_classes_order ON training_classes (order_id);

-- After the class: the employer's outcome for each trainee who completed
-- (an offer the worker answers, the hire from a start date, or no offer
-- with a reason), one per enrolment.
CREATE TABLE job_offers (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES training_orders (id),
    enrolment_id INTEGER NOT NULL REFERENCES enrolments (id),
    worker_id TEXT NOT NULL REFERENCES users (id),
    status TEXT NOT NULL CHECK (status IN ('offered', 'accepted', 'declined', 'hired', 'not_offered')),
    position_title TEXT NOT NULL DEFAULT '',
    starts_on TEXT,
    reason TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL REFERENCES users (id),
    recorded_at TEXT NOT NULL,
    answered_at TEXT,
    CONSTRAINT job_offers_enrolment_key UNIQUE (enrolment_id)
);
CREATE INDEX job_offers_order ON job_offers (order_id);
CREATE INDEX job_offers_worker ON job_offers (worker_id);

-- The employer's confirmation that a hire stayed, 3 and 6 months on.
CREATE TABLE retention_checks (
    offer_id INTEGER NOT NULL REFERENCES job_offers (id),
    months INTEGER NOT NULL CHECK (months IN (3, 6)),
    still_employed INTEGER NOT NULL,
    left_on TEXT,
    confirmed_by TEXT NOT NULL REFERENCES users (id),
    confirmed_at TEXT NOT NULL,
    PRIMARY KEY (offer_id, months)
);

-- Risk warnings of the order path (风控预警), explained like the class
-- ones: a hire of a trainee who attended less than a claim needs, and one
-- person as both the employer's and the institution's contact. Raised
-- once per kind, order and subject; cleared by the bureau with a reason.
CREATE TABLE order_warnings (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES training_orders (id),
    city_code TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('hire_below_attendance', 'shared_contact')),
    subject TEXT NOT NULL,
    details TEXT NOT NULL,
    raised_at TEXT NOT NULL,
    cleared_at TEXT,
    cleared_by TEXT REFERENCES users (id),
    clear_reason TEXT NOT NULL DEFAULT '',
    CONSTRAINT order_warnings_kind_order_subject_key UNIQUE (kind, order_id, subject)
);
CREATE INDEX order_warnings_city_open ON order_warnings (city_code, cleared_at);
