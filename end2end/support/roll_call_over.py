"""Ends the first roll-call of each session of a class in the e2e server's
SQLite file, as if its three minutes and the scan grace had passed: it
opened six minutes ago and closed two minutes after the grace. The
check-ins move to before it opened and its answers into its window, so
that the times stay in the order they happened. The server settles it
within seconds.

Usage: python3 roll_call_over.py DATABASE_FILE CLASS_ID
"""

import datetime
import sqlite3
import sys


def stored(at: datetime.datetime) -> str:
    """A time as the server stores it (RFC 3339, UTC)."""
    return at.astimezone(datetime.timezone.utc).isoformat(timespec="seconds")


def main(path: str, class_id: int) -> None:
    now = datetime.datetime.now(datetime.timezone.utc)
    opens = now - datetime.timedelta(minutes=6)
    closes = opens + datetime.timedelta(minutes=3)
    db = sqlite3.connect(path, timeout=10)
    with db:
        roll_calls = db.execute(
            "SELECT r.id, r.session_id FROM roll_calls r JOIN class_sessions s ON s.id = r.session_id "
            "WHERE s.class_id = ? AND r.seq = 1",
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
    if not roll_calls:
        sys.exit(f"class {class_id} has no roll-call drawn in {path}: nobody checked in?")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
