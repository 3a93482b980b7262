"""Brings the first roll-call of each session of a class to now in the e2e
server's database: it opened five seconds ago and stays open three
minutes, as if its secret moment had come.

Usage: python3 roll_call_now.py DATABASE CLASS_ID  (an SQLite file or a PostgreSQL URL)
"""

import datetime
import sys

import database

FIRST_OF_CLASS = "seq = 1 AND session_id IN (SELECT id FROM class_sessions WHERE class_id = {class_id})"


def stored(at: datetime.datetime) -> str:
    """A time as the server stores it in SQLite (RFC 3339, UTC)."""
    return at.astimezone(datetime.timezone.utc).isoformat(timespec="seconds")


def main(target: str, class_id: int) -> None:
    if database.is_postgres(target):
        moved = database.postgres_count(
            target,
            "WITH moved AS (UPDATE roll_calls SET opens_at = now() - interval '5 seconds', "
            "closes_at = now() + interval '175 seconds' WHERE "
            + FIRST_OF_CLASS.format(class_id=class_id)
            + " RETURNING 1) SELECT count(*) FROM moved",
        )
    else:
        opens = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=5)
        closes = opens + datetime.timedelta(minutes=3)
        db = database.sqlite(target)
        with db:
            moved = db.execute(
                "UPDATE roll_calls SET opens_at = ?, closes_at = ? WHERE "
                + FIRST_OF_CLASS.format(class_id="?"),
                (stored(opens), stored(closes), class_id),
            ).rowcount
    if moved == 0:
        sys.exit(f"class {class_id} has no roll-call drawn in {target}: nobody checked in?")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
