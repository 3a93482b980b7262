"""Moves a class's sessions and attendance (with its roll-calls and their
answers) six days back in the e2e server's SQLite file, so that the class
has ended: what waiting six days would do. Only the date part of each
stored time changes; the time and its offset stay as the server wrote
them.

Usage: python3 end_class.py DATABASE_FILE CLASS_ID
"""

import datetime
import sqlite3
import sys

SHIFT = datetime.timedelta(days=6)


def shifted(stored: str) -> str:
    day = datetime.date.fromisoformat(stored[:10]) - SHIFT
    return day.isoformat() + stored[10:]


def main(path: str, class_id: int) -> None:
    db = sqlite3.connect(path, timeout=10)
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
    if not sessions:
        sys.exit(f"class {class_id} has no sessions in {path}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
