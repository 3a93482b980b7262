-- Integrity (issue 12): new kinds of risk warning, the facts of a check-in
-- that relay detection reads, and throttles for rate limits that hold
-- across processes.
ALTER TABLE risk_warnings DROP CONSTRAINT risk_warnings_kind_check;
ALTER TABLE risk_warnings ADD CONSTRAINT risk_warnings_kind_check CHECK (kind IN (
    'shared_device', 'far_from_venue', 'over_headcount', 'overlapping_sessions',
    'staff_correction', 'relayed_code', 'failed_confirmations'));

-- The 10-second step of the code a check-in confirmed (NULL for staff
-- corrections), and whether the phone sent no position: many
-- confirmations of one step from far away or without a position are a
-- code relayed to people who are not in the room.
ALTER TABLE attendance ADD COLUMN code_step BIGINT;
ALTER TABLE attendance ADD COLUMN without_position BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX attendance_session_step ON attendance (session_id, direction, code_step);

-- Rate limits, counted and decided in one statement so that they hold
-- across app processes and under parallel bursts. `hits` counts requests
-- in the window that started at `window_started_at`; `failures` counts
-- failed attempts since `last_failure_at`, and `blocked_until` is when
-- the next attempt may come (progressive delay, not a lock).
CREATE TABLE throttles (
    subject TEXT PRIMARY KEY,
    hits BIGINT NOT NULL DEFAULT 0,
    window_started_at TIMESTAMPTZ NOT NULL,
    failures BIGINT NOT NULL DEFAULT 0,
    last_failure_at TIMESTAMPTZ,
    blocked_until TIMESTAMPTZ
);

-- Changes to stored data that SQL cannot make (re-encryption with the
-- server's key), applied once at start-up and remembered here.
CREATE TABLE data_migrations (
    name TEXT PRIMARY KEY,
    done_at TEXT NOT NULL
);
