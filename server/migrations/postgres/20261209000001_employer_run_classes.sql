-- Employer-run training with the subsidy paid to the employer (issue 16,
-- point 5; 直补企业, point (九) of 闽人社办〔2024〕40号): a class is run
-- either by an institution of the catalogue or by a verified employer
-- training its own employees, never both. The employer declares when
-- each trainee's employment started; a trainee employed after the first
-- session is a risk warning. Claims of such a class name the employer.
ALTER TABLE training_classes ALTER COLUMN institution_id DROP NOT NULL;
ALTER TABLE training_classes ADD COLUMN employer_id BIGINT REFERENCES employers (id);
ALTER TABLE training_classes ADD CONSTRAINT training_classes_one_provider
    CHECK ((institution_id IS NULL) <> (employer_id IS NULL));
CREATE INDEX training_classes_employer ON training_classes (employer_id);

-- The employer a claim of an employer-run class names (its payee).
ALTER TABLE subsidy_claims ADD COLUMN employer_id BIGINT REFERENCES employers (id);

-- When each trainee of an employer-run class started working for the
-- employer, as the employer declares it (the latest declaration counts;
-- every declaration is in the audit trail).
CREATE TABLE trainee_employment (
    enrolment_id BIGINT PRIMARY KEY REFERENCES enrolments (id),
    employed_since TEXT NOT NULL,
    declared_by TEXT NOT NULL REFERENCES users (id),
    declared_at TIMESTAMPTZ NOT NULL
);

ALTER TABLE risk_warnings DROP CONSTRAINT risk_warnings_kind_check;
ALTER TABLE risk_warnings ADD CONSTRAINT risk_warnings_kind_check CHECK (kind IN (
    'shared_device', 'far_from_venue', 'over_headcount', 'overlapping_sessions',
    'staff_correction', 'relayed_code', 'failed_confirmations', 'missed_roll_call', 'roll_call_shortfall',
    'not_employee'));
