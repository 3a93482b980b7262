"""Adds a generated training year to a SkillPass SQLite database for
`make bench` (benches/oversight.rs): 500 institutions in all (the demo
catalogue's and generated ones), 2,000 approved classes spread over the
ten areas, eight training types and forty occupations, and 50,000
completed enrolments (passed final assessments recorded through the year
before DAY) of 25,000 workers, most of them of a migrant-worker category.
Every timestamp is written in the server's own format, copied from a row
it wrote. Marked as benchmark data in their names.
Usage: progress_year.py DATABASE YEAR"""
import sqlite3
import sys
from datetime import datetime, timedelta, timezone

INSTITUTIONS, CLASSES, COMPLETIONS, WORKERS = 500, 2_000, 50_000, 25_000
CITIES = ["350100", "350200", "350300", "350400", "350500", "350600", "350700", "350800", "350900", "350128"]
TYPES = ["employment_skills", "on_job_upgrade", "pre_job", "job_transfer", "apprenticeship", "high_skill",
         "entrepreneurship", "new_occupations"]
CATEGORIES = ["rural_transferred", "returning_migrant", "poverty_alleviated", "rural_graduate", "flexibly_employed"]

database, year = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(database, timeout=30)
(sample,) = db.execute("SELECT created_at FROM users ORDER BY created_at LIMIT 1").fetchone()
# The server writes "2026-12-07 10:00:00.123456+00:00" (or with "T"):
# the same shape, other instants.
separator = "T" if "T" in sample else " "


def stamp(moment):
    return moment.strftime(f"%Y-%m-%d{separator}%H:%M:%S.%f") + "+00:00"


(catalogue,) = db.execute("SELECT MIN(catalogue_id) FROM institutions").fetchone()
(have,) = db.execute("SELECT COUNT(*) FROM institutions").fetchone()
(course,) = db.execute("SELECT MIN(id) FROM courses").fetchone()
(staff,) = db.execute("SELECT MIN(id) FROM users WHERE role = 'province'").fetchone()
start = datetime(year - 1, 12, 31, 16, 0, tzinfo=timezone.utc)
with db:
    db.executemany(
        "INSERT INTO institutions (catalogue_id, position, name, address, nature, contact_person, contact_phone)"
        " VALUES (?, ?, ?, '压测地址', 'private', '压测', '0591-00000000')",
        [(catalogue, 10_000 + n, f"压测培训机构{n}") for n in range(max(0, INSTITUTIONS - have))],
    )
    institutions = [row[0] for row in db.execute("SELECT id FROM institutions ORDER BY id LIMIT ?", (INSTITUTIONS,))]
    classes = []
    for n in range(CLASSES):
        classes.append((CITIES[n % 10], institutions[n % len(institutions)], course, f"压测工种{n % 40}",
                        f"bench-{n % 40}", TYPES[n % 8], staff, stamp(start)))
    db.executemany(
        "INSERT INTO training_classes (city_code, institution_id, course_id, occupation_name, occupation_key,"
        " certificate_kind, certificate_level, training_type, capacity, teacher, venue, venue_latitude,"
        " venue_longitude, commitment, status, applied_by, submitted_at)"
        " VALUES (?, ?, ?, ?, ?, 'vocational_skill_level', 'level_4', ?, 30, '压测', '压测', 26.0, 119.3, '',"
        " 'approved', ?, ?)",
        classes,
    )
    class_ids = [row[0] for row in db.execute("SELECT id FROM training_classes ORDER BY id DESC LIMIT ?", (CLASSES,))]
    workers = [(f"bench-trainee-{n:06d}", "worker", f"压测学员{n}", CITIES[n % 10], f"136{n:08d}", stamp(start))
               for n in range(WORKERS)]
    db.executemany(
        "INSERT INTO users (id, role, display_name, city_code, mobile, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        workers,
    )
    db.executemany(
        "INSERT INTO worker_categories (worker_id, category, status, source, declared_at)"
        " VALUES (?, ?, 'declared', 'registration', ?)",
        [(worker[0], CATEGORIES[n % 5], stamp(start)) for n, worker in enumerate(workers)],
    )
    enrolments = [(class_ids[n % CLASSES], workers[n % WORKERS][0], stamp(start)) for n in range(COMPLETIONS)]
    db.executemany("INSERT INTO enrolments (class_id, worker_id, enrolled_at) VALUES (?, ?, ?)", enrolments)
    enrolment_ids = [row[0] for row in db.execute("SELECT id FROM enrolments ORDER BY id DESC LIMIT ?", (COMPLETIONS,))]
    db.executemany(
        "INSERT INTO assessments (enrolment_id, passed, score, certificate_status, recorded_by, recorded_at)"
        " VALUES (?, 1, 80, 'not_required', ?, ?)",
        [(enrolment, staff, stamp(start + timedelta(minutes=(n * 9973) % (330 * 24 * 60))))
         for n, enrolment in enumerate(enrolment_ids)],
    )
print(f"{INSTITUTIONS} institutions, {CLASSES} classes, {COMPLETIONS} completed enrolments of {WORKERS} workers")
