-- Tenancy, API keys, the event history index and the delivery log.
-- Ids that end up in NATS subjects (org, project) are constrained to single subject tokens.

CREATE TABLE orgs (
    id              VARCHAR(32)  PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{1,32}$'),
    name            VARCHAR(255) NOT NULL,
    external_id     VARCHAR(255),
    nats_public_key VARCHAR(128) UNIQUE,
    billing_tier    VARCHAR(32)  NOT NULL DEFAULT 'free',
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE projects (
    id         VARCHAR(32)  PRIMARY KEY CHECK (id ~ '^prj_[A-Za-z0-9_-]{1,28}$'),
    org_id     VARCHAR(32)  NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    name       VARCHAR(255) NOT NULL,
    slug       VARCHAR(64)  NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    UNIQUE (org_id, slug)
);
CREATE INDEX idx_projects_org_id ON projects (org_id);

-- Only the SHA-256 of a key is stored. `scope` 'admin' may manage keys and projects of its org.
CREATE TABLE api_keys (
    id                    UUID         PRIMARY KEY DEFAULT gen_random_uuid(),
    key_hash              CHAR(64)     NOT NULL UNIQUE,
    key_prefix            VARCHAR(32)  NOT NULL,
    name                  VARCHAR(255),
    scope                 VARCHAR(16)  NOT NULL DEFAULT 'project' CHECK (scope IN ('project', 'admin')),
    rate_limit_per_second INT          DEFAULT 100 CHECK (rate_limit_per_second IS NULL OR rate_limit_per_second > 0),
    org_id                VARCHAR(32)  NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    project_id            VARCHAR(32)  NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    created_at            TIMESTAMPTZ  NOT NULL DEFAULT now(),
    last_used_at          TIMESTAMPTZ,
    revoked_at            TIMESTAMPTZ
);
CREATE INDEX idx_api_keys_org_id ON api_keys (org_id);
CREATE INDEX idx_api_keys_project_id ON api_keys (project_id);

-- The history index, written by the indexer from the events stream (idempotent by id).
-- `data` is the event's JSON exactly as sent; `seq` is its stream sequence.
CREATE TABLE events (
    id           VARCHAR(64)  PRIMARY KEY,
    seq          BIGINT       NOT NULL,
    org_id       VARCHAR(32)  NOT NULL,
    project_id   VARCHAR(32)  NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    topic        VARCHAR(255) NOT NULL,
    data         JSON         NOT NULL,
    payload_size INT          NOT NULL,
    attempt      INT          NOT NULL DEFAULT 1,
    created_at   TIMESTAMPTZ  NOT NULL,
    stored_at    TIMESTAMPTZ  NOT NULL,
    indexed_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX idx_events_project_seq ON events (org_id, project_id, seq DESC);
CREATE INDEX idx_events_project_created ON events (org_id, project_id, created_at DESC);
CREATE INDEX idx_events_project_topic ON events (org_id, project_id, topic);

CREATE TABLE event_deliveries (
    id            UUID        PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id      VARCHAR(64) NOT NULL,
    org_id        VARCHAR(32) NOT NULL,
    project_id    VARCHAR(32) NOT NULL,
    receiver_type VARCHAR(16) NOT NULL CHECK (receiver_type IN ('webhook', 'websocket')),
    receiver_id   UUID,
    consumer_name VARCHAR(128),
    client_id     VARCHAR(64),
    status        VARCHAR(16) NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'delivered', 'acked', 'nacked', 'failed', 'dlq')),
    attempt       INT         NOT NULL DEFAULT 1,
    error         TEXT,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    delivered_at  TIMESTAMPTZ,
    acked_at      TIMESTAMPTZ,
    CONSTRAINT valid_receiver CHECK (
        (receiver_type = 'webhook' AND receiver_id IS NOT NULL) OR
        (receiver_type = 'websocket' AND (consumer_name IS NOT NULL OR client_id IS NOT NULL))
    )
);
CREATE INDEX idx_event_deliveries_event ON event_deliveries (org_id, event_id, created_at DESC);
CREATE INDEX idx_event_deliveries_status ON event_deliveries (status);
