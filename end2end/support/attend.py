"""Writes each enrolled worker's own passkey check-in (at the start) and
check-out (at the end) of every session of a class into the e2e server's
database, where the worker has none yet: what the workers' scans in the
classroom would record. The sessions lie days ahead, so they cannot be
scanned now.

Usage: python3 attend.py DATABASE CLASS_ID  (an SQLite file or a PostgreSQL URL)
"""

import sys

import database

INSERT = """INSERT INTO attendance (session_id, enrolment_id, worker_id, direction, at, assurance, reason, code_step)
   SELECT s.id, e.id, e.worker_id, d.direction,
          CASE d.direction WHEN 'in' THEN s.starts_at ELSE s.ends_at END, 'passkey', '', 0
   FROM class_sessions s
   JOIN enrolments e ON e.class_id = s.class_id
   CROSS JOIN (SELECT 'in' AS direction UNION ALL SELECT 'out') d
   WHERE s.class_id = {class_id}
     AND NOT EXISTS (
         SELECT 1 FROM attendance a
         WHERE a.session_id = s.id AND a.enrolment_id = e.id
           AND a.direction = d.direction AND a.voided_at IS NULL)"""


def main(target: str, class_id: int) -> None:
    if database.is_postgres(target):
        written = database.postgres_count(
            target,
            f"WITH written AS ({INSERT.format(class_id=class_id)} RETURNING 1) SELECT count(*) FROM written",
        )
    else:
        db = database.sqlite(target)
        with db:
            written = db.execute(INSERT.format(class_id="?"), (class_id,)).rowcount
    if written == 0:
        sys.exit(f"class {class_id} has no enrolled sessions in {target}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
