-- Account recovery and credentials (issue 12). A recovery suspends the
-- passkeys the account had, until its owner decides which to keep: a
-- passkey someone else planted must not keep signing in. Bureau and
-- province staff disable staff accounts: a disabled account has no live
-- session and cannot sign in.
ALTER TABLE passkeys ADD COLUMN suspended_at TIMESTAMPTZ;
ALTER TABLE users ADD COLUMN disabled_at TIMESTAMPTZ;
