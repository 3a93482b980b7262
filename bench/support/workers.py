"""Adds generated workers to a SkillPass SQLite database for `make bench`
(benches/recommendations.rs): Fuzhou workers who receive recommendations,
each of one or two declared categories, every timestamp copied from a row
the server wrote (so the stored format is the server's own). Marked as
benchmark data in their names. Usage: workers.py DATABASE COUNT"""
import sqlite3
import sys

CATEGORIES = ["rural_transferred", "returning_migrant", "poverty_alleviated", "flexibly_employed"]

database, count = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(database, timeout=30)
(at,) = db.execute("SELECT created_at FROM users ORDER BY created_at LIMIT 1").fetchone()
users, consents, categories = [], [], []
for n in range(count):
    worker = f"bench-worker-{n:06d}"
    users.append((worker, "worker", f"压测学员{n}", "350100", f"139{n:08d}", at))
    consents.append((worker, "recommendations", "recommendations/2026-12", at))
    categories.append((worker, CATEGORIES[n % 4], "declared", "registration", at))
    if n % 5 == 0:
        categories.append((worker, CATEGORIES[(n + 1) % 4], "verified", "review", at))
with db:
    db.executemany(
        "INSERT INTO users (id, role, display_name, city_code, mobile, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        users,
    )
    db.executemany("INSERT INTO consents (user_id, purpose, wording, given_at) VALUES (?, ?, ?, ?)", consents)
    db.executemany(
        "INSERT INTO worker_categories (worker_id, category, status, source, declared_at) VALUES (?, ?, ?, ?, ?)",
        categories,
    )
print(count)
