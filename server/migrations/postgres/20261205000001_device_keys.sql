-- Device-bound keys: where a phone cannot hold a passkey, the browser
-- makes a non-extractable P-256 key and keeps it; the server keeps only
-- the public half. One per worker at a time: a new phone goes through
-- recovery at the bureau, which removes it.
CREATE TABLE device_keys (
    user_id TEXT PRIMARY KEY REFERENCES users (id),
    -- The uncompressed SEC1 point, base64url.
    public_key TEXT NOT NULL,
    registered_at TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ
);

-- A check-in confirmed with the device key is its own assurance level,
-- between the passkey (person and phone) and the password (knowledge).
ALTER TABLE attendance DROP CONSTRAINT attendance_assurance_check;
ALTER TABLE attendance ADD CONSTRAINT attendance_assurance_check
    CHECK (assurance IN ('passkey', 'device_key', 'password', 'staff'));

-- What the worker's phone can do, as its browser last found out: the
-- class only (passkey, device_key, password_only), nothing else about the
-- phone. The bureau counts its city's workers by class.
ALTER TABLE users ADD COLUMN phone_capability TEXT
    CHECK (phone_capability IN ('passkey', 'device_key', 'password_only'));
