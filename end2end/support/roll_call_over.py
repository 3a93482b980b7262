"""Ends the first roll-call of each session of a class in the e2e server's
database, as if its three minutes and the scan grace had passed: it
opened six minutes ago and closed three minutes ago. The check-ins move
to before it opened and its answers into its window, so that the times
stay in the order they happened. The server settles it within seconds.

Usage: python3 roll_call_over.py DATABASE CLASS_ID  (an SQLite file or a PostgreSQL URL)
"""

import datetime
import sys

import database

FIRST_OF_CLASS = (
    "SELECT r.id FROM roll_calls r JOIN class_sessions s ON s.id = r.session_id "
    "WHERE s.class_id = {class_id} AND r.seq = 1"
)
POSTGRES = [
    "UPDATE roll_call_answers SET at = now() - interval '330 seconds' "
    f"WHERE roll_call_id IN ({FIRST_OF_CLASS})",
    "UPDATE attendance SET at = now() - interval '16 minutes' WHERE direction = 'in' "
    "AND session_id IN (SELECT session_id FROM roll_calls WHERE id IN (" + FIRST_OF_CLASS + "))",
]
POSTGRES_ROLL_CALLS = (
    "WITH moved AS (UPDATE roll_calls SET opens_at = now() - interval '6 minutes', "
    "closes_at = now() - interval '3 minutes' WHERE id IN (" + FIRST_OF_CLASS + ") RETURNING 1) "
    "SELECT count(*) FROM moved"
)


def stored(at: datetime.datetime) -> str:
    """A time as the server stores it in SQLite (RFC 3339, UTC)."""
    return at.astimezone(datetime.timezone.utc).isoformat(timespec="seconds")


def on_sqlite(target: str, class_id: int) -> int:
    now = datetime.datetime.now(datetime.timezone.utc)
    opens = now - datetime.timedelta(minutes=6)
    closes = opens + datetime.timedelta(minutes=3)
    db = database.sqlite(target)
    with db:
        roll_calls = db.execute(
            "SELECT id, session_id FROM roll_calls WHERE id IN (" + FIRST_OF_CLASS.format(class_id="?") + ")",
            (class_id,),
        ).fetchall()
        for roll_call_id, session_id in roll_calls:
            db.execute(
                "UPDATE roll_calls SET opens_at = ?, closes_at = ? WHERE id = ?",
                (stored(opens), stored(closes), roll_call_id),
            )
            db.execute(
                "UPDATE roll_call_answers SET at = ? WHERE roll_call_id = ?",
                (stored(opens + datetime.timedelta(seconds=30)), roll_call_id),
            )
            db.execute(
                "UPDATE attendance SET at = ? WHERE session_id = ? AND direction = 'in'",
                (stored(opens - datetime.timedelta(minutes=10)), session_id),
            )
    return len(roll_calls)


def main(target: str, class_id: int) -> None:
    if database.is_postgres(target):
        for statement in POSTGRES:
            database.postgres_run(target, statement.format(class_id=class_id))
        moved = database.postgres_count(target, POSTGRES_ROLL_CALLS.format(class_id=class_id))
    else:
        moved = on_sqlite(target, class_id)
    if moved == 0:
        sys.exit(f"class {class_id} has no roll-call drawn in {target}: nobody checked in?")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
