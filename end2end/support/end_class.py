"""Moves a class's sessions and attendance (with its roll-calls and their
answers) six days back in the e2e server's database, so that the class
has ended: what waiting six days would do. In SQLite only the date part of
each stored time changes; the time and its offset stay as the server
wrote them.

Usage: python3 end_class.py DATABASE CLASS_ID  (an SQLite file or a PostgreSQL URL)
"""

import datetime
import sys

import database

SHIFT = datetime.timedelta(days=6)

SESSIONS = "SELECT id FROM class_sessions WHERE class_id = {class_id}"
POSTGRES = [
    f"UPDATE attendance SET at = at - interval '6 days' WHERE session_id IN ({SESSIONS})",
    "UPDATE roll_call_answers SET at = at - interval '6 days' WHERE roll_call_id IN "
    f"(SELECT id FROM roll_calls WHERE session_id IN ({SESSIONS}))",
    "UPDATE roll_calls SET opens_at = opens_at - interval '6 days', "
    f"closes_at = closes_at - interval '6 days' WHERE session_id IN ({SESSIONS})",
]
POSTGRES_SESSIONS = (
    "WITH moved AS (UPDATE class_sessions SET starts_at = starts_at - interval '6 days', "
    "ends_at = ends_at - interval '6 days' WHERE class_id = {class_id} RETURNING 1) "
    "SELECT count(*) FROM moved"
)


def shifted(stored: str) -> str:
    day = datetime.date.fromisoformat(stored[:10]) - SHIFT
    return day.isoformat() + stored[10:]


def on_sqlite(target: str, class_id: int) -> int:
    db = database.sqlite(target)
    with db:
        sessions = db.execute(
            "SELECT id, starts_at, ends_at FROM class_sessions WHERE class_id = ?", (class_id,)
        ).fetchall()
        for session_id, starts, ends in sessions:
            db.execute(
                "UPDATE class_sessions SET starts_at = ?, ends_at = ? WHERE id = ?",
                (shifted(starts), shifted(ends), session_id),
            )
            for mark_id, at in db.execute(
                "SELECT id, at FROM attendance WHERE session_id = ?", (session_id,)
            ).fetchall():
                db.execute("UPDATE attendance SET at = ? WHERE id = ?", (shifted(at), mark_id))
            for roll_call_id, opens, closes in db.execute(
                "SELECT id, opens_at, closes_at FROM roll_calls WHERE session_id = ?", (session_id,)
            ).fetchall():
                db.execute(
                    "UPDATE roll_calls SET opens_at = ?, closes_at = ? WHERE id = ?",
                    (shifted(opens), shifted(closes), roll_call_id),
                )
                for answer_id, at in db.execute(
                    "SELECT id, at FROM roll_call_answers WHERE roll_call_id = ?", (roll_call_id,)
                ).fetchall():
                    db.execute(
                        "UPDATE roll_call_answers SET at = ? WHERE id = ?", (shifted(at), answer_id)
                    )
    return len(sessions)


def main(target: str, class_id: int) -> None:
    if database.is_postgres(target):
        for statement in POSTGRES:
            database.postgres_run(target, statement.format(class_id=class_id))
        moved = database.postgres_count(target, POSTGRES_SESSIONS.format(class_id=class_id))
    else:
        moved = on_sqlite(target, class_id)
    if moved == 0:
        sys.exit(f"class {class_id} has no sessions in {target}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
