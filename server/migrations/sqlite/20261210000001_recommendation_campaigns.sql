-- Recommendation campaigns (issue 17): a bureau recommends one offer to
-- the workers of its city an audience picks out. The outbox keeps one
-- message per campaign, worker and channel (so no worker is sent a
-- campaign twice); background delivery takes due messages from it.
CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY,
    city_code TEXT NOT NULL,
    offer_kind TEXT NOT NULL CHECK (offer_kind IN ('course', 'class', 'order')),
    offer_id INTEGER NOT NULL,
    -- The offer's occupation and level, for the audience and the funnel.
    occupation_key TEXT NOT NULL,
    occupation_name TEXT NOT NULL,
    certificate_level TEXT NOT NULL,
    message_zh TEXT NOT NULL,
    message_en TEXT NOT NULL DEFAULT '',
    -- The audience's filters, as JSON.
    audience TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'sent')),
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    sent_by TEXT REFERENCES users (id),
    sent_at TEXT,
    -- How many workers the audience reached when it was sent.
    recipients INTEGER
);
CREATE INDEX campaigns_city ON campaigns (city_code, id);

CREATE TABLE campaign_messages (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    worker_id TEXT NOT NULL REFERENCES users (id),
    channel TEXT NOT NULL CHECK (channel IN ('inbox', 'sms')),
    -- pending: waiting (for its time, the weekly limit, the morning or a
    -- retry); delivered; failed (every attempt spent); dropped (the worker
    -- withdrew consent, or has no mobile number, before it went).
    state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed', 'dropped')),
    due_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    -- A process sending it holds it until then; after, another may.
    leased_until TEXT,
    last_error TEXT NOT NULL DEFAULT '',
    delivered_at TEXT,
    CONSTRAINT campaign_messages_once UNIQUE (campaign_id, worker_id, channel)
);
CREATE INDEX campaign_messages_due ON campaign_messages (channel, state, due_at);
CREATE INDEX campaign_messages_worker ON campaign_messages (worker_id, channel, delivered_at);
CREATE INDEX users_city_role ON users (city_code, role);

-- What a worker did with a recommendation shown to them ("为你推荐"):
-- opened it (the first time) or dismissed it. The item is the
-- recommendation's key ("campaign:12", "course:5:level4", "class:9",
-- "order:3", "allowance"); a pushed one names its campaign.
CREATE TABLE recommendation_reactions (
    worker_id TEXT NOT NULL REFERENCES users (id),
    item TEXT NOT NULL,
    campaign_id INTEGER REFERENCES campaigns (id),
    opened_at TEXT,
    dismissed_at TEXT,
    PRIMARY KEY (worker_id, item)
);
CREATE INDEX recommendation_reactions_campaign ON recommendation_reactions (campaign_id);
