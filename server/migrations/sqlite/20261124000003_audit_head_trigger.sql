-- The chain head follows each appended audit record inside the database,
-- which saves a statement per append (sign-ins append under load).
CREATE TRIGGER audit_log_advance_head AFTER INSERT ON audit_log
BEGIN
    UPDATE audit_head SET hash = NEW.hash WHERE id = 1;
END;
