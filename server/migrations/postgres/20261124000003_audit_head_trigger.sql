-- The chain head follows each appended audit record inside the database,
-- which saves a statement per append (sign-ins append under load).
CREATE FUNCTION audit_log_advance_head() RETURNS trigger AS $$
BEGIN
    UPDATE audit_head SET hash = NEW.hash WHERE id = 1;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_log_advance_head AFTER INSERT ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_advance_head();
