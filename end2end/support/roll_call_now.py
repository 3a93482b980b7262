"""Brings the first roll-call of each session of a class to now in the e2e
server's SQLite file: it opened five seconds ago and stays open three
minutes, as if its secret moment had come.

Usage: python3 roll_call_now.py DATABASE_FILE CLASS_ID
"""

import datetime
import sqlite3
import sys


def stored(at: datetime.datetime) -> str:
    """A time as the server stores it (RFC 3339, UTC)."""
    return at.astimezone(datetime.timezone.utc).isoformat(timespec="seconds")


def main(path: str, class_id: int) -> None:
    now = datetime.datetime.now(datetime.timezone.utc)
    opens = now - datetime.timedelta(seconds=5)
    closes = opens + datetime.timedelta(minutes=3)
    db = sqlite3.connect(path, timeout=10)
    with db:
        moved = db.execute(
            "UPDATE roll_calls SET opens_at = ?, closes_at = ? WHERE seq = 1 AND session_id IN "
            "(SELECT id FROM class_sessions WHERE class_id = ?)",
            (stored(opens), stored(closes), class_id),
        ).rowcount
    if moved == 0:
        sys.exit(f"class {class_id} has no roll-call drawn in {path}: nobody checked in?")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
