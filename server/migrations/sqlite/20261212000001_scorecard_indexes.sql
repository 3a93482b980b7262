-- The scorecards (oversight) count each class's risk warnings and
-- recovered subsidy claims, and group classes by course.
CREATE INDEX risk_warnings_class ON risk_warnings (class_id);
CREATE INDEX subsidy_claims_class_status ON subsidy_claims (class_id, status);
CREATE INDEX training_classes_course ON training_classes (course_id);
