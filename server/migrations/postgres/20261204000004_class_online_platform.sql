-- A class names the one platform that reports its online sessions, so no
-- other platform of the city can write minutes for it. Classes applied
-- for before this have none; they take no more online reports.
ALTER TABLE training_classes ADD COLUMN online_platform_id BIGINT REFERENCES online_platforms (id);

-- A bureau can revoke a platform's API key (a leaked key, a platform that
-- reported falsely); a revoked key is refused like an unknown one. Who
-- revoked it and why is kept here and in the audit trail.
ALTER TABLE online_platforms ADD COLUMN revoked_at TIMESTAMPTZ;
ALTER TABLE online_platforms ADD COLUMN revoked_by TEXT REFERENCES users (id);
ALTER TABLE online_platforms ADD COLUMN revoke_reason TEXT;
