"""Where the e2e server keeps its data, as scripts/e2e.sh names it: an
SQLite file, or a PostgreSQL database by its URL (run with psql)."""

import sqlite3
import subprocess


def is_postgres(target: str) -> bool:
    return target.startswith(("postgres://", "postgresql://"))


def sqlite(target: str) -> sqlite3.Connection:
    return sqlite3.connect(target, timeout=10)


def postgres_count(target: str, sql: str) -> int:
    """Runs one statement that selects a single count, and returns it."""
    out = subprocess.run(
        ["psql", target, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return int(out.strip() or "0")


def postgres_run(target: str, sql: str) -> None:
    """Runs one statement."""
    subprocess.run(
        ["psql", target, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    )
