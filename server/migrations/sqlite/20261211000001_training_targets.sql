-- Oversight (issue 18): the yearly migrant-worker training targets per
-- area in person-times (闽人社办〔2024〕40号 附件), kept in the database and
-- changed by the province with a reason. The 2024 table is the real one,
-- loaded here once; the province total is the sum of the areas.
CREATE TABLE training_targets (
    city_code TEXT NOT NULL,
    year INTEGER NOT NULL CHECK (year BETWEEN 2020 AND 2100),
    person_times INTEGER NOT NULL CHECK (person_times >= 0),
    set_by TEXT REFERENCES users (id),
    set_at TEXT,
    reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (city_code, year)
);
INSERT INTO training_targets (city_code, year, person_times, reason) VALUES
    ('350100', 2024, 12500, '闽人社办〔2024〕40号'),
    ('350200', 2024, 5000, '闽人社办〔2024〕40号'),
    ('350600', 2024, 5000, '闽人社办〔2024〕40号'),
    ('350500', 2024, 10000, '闽人社办〔2024〕40号'),
    ('350400', 2024, 3000, '闽人社办〔2024〕40号'),
    ('350300', 2024, 2000, '闽人社办〔2024〕40号'),
    ('350700', 2024, 3000, '闽人社办〔2024〕40号'),
    ('350800', 2024, 5000, '闽人社办〔2024〕40号'),
    ('350900', 2024, 4000, '闽人社办〔2024〕40号'),
    ('350128', 2024, 500, '闽人社办〔2024〕40号');
