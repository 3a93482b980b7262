-- Random roll-calls (随机点名, issue 22): during a session the classroom
-- screen shows a roll-call code at moments nobody learns in advance, and
-- every worker who checked in confirms it the way they checked in. The
-- moments are drawn when the session's first check-in is recorded.
CREATE TABLE roll_calls (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id BIGINT NOT NULL REFERENCES class_sessions (id),
    -- 1, 2, … within the session, in the order the moments come.
    seq BIGINT NOT NULL,
    opens_at TIMESTAMPTZ NOT NULL,
    closes_at TIMESTAMPTZ NOT NULL,
    drawn_at TIMESTAMPTZ NOT NULL,
    -- When the misses of this roll-call were counted and warned about.
    settled_at TIMESTAMPTZ,
    CONSTRAINT roll_calls_session_seq_key UNIQUE (session_id, seq)
);
CREATE INDEX roll_calls_unsettled ON roll_calls (settled_at, closes_at);

-- A worker's answer to a roll-call: confirmed with a passkey, a device
-- key or the password, or excused by staff with a reason.
CREATE TABLE roll_call_answers (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    roll_call_id BIGINT NOT NULL REFERENCES roll_calls (id),
    enrolment_id BIGINT NOT NULL REFERENCES enrolments (id),
    worker_id TEXT NOT NULL REFERENCES users (id),
    at TIMESTAMPTZ NOT NULL,
    assurance TEXT NOT NULL CHECK (assurance IN ('passkey', 'device_key', 'password', 'staff')),
    device_hash TEXT,
    distance_m DOUBLE PRECISION,
    far_from_venue BOOLEAN NOT NULL DEFAULT FALSE,
    without_position BOOLEAN NOT NULL DEFAULT FALSE,
    code_step BIGINT,
    recorded_by TEXT REFERENCES users (id),
    reason TEXT NOT NULL DEFAULT '',
    CONSTRAINT roll_call_answers_once UNIQUE (roll_call_id, enrolment_id)
);
CREATE INDEX roll_call_answers_enrolment ON roll_call_answers (enrolment_id);

-- Two new kinds of warning: a worker who checked in and missed a
-- roll-call, and a session where many did (set against the headcount).
ALTER TABLE risk_warnings DROP CONSTRAINT risk_warnings_kind_check;
ALTER TABLE risk_warnings ADD CONSTRAINT risk_warnings_kind_check CHECK (kind IN (
    'shared_device', 'far_from_venue', 'over_headcount', 'overlapping_sessions',
    'staff_correction', 'relayed_code', 'failed_confirmations', 'missed_roll_call', 'roll_call_shortfall'));
