-- Scheduled events. A row is claimed atomically (pending → running) before it is published, so
-- several replicas never fire the same schedule; a claim older than its lease is taken over, and the
-- event id fixed at creation (also the Nats-Msg-Id) lets JetStream drop a second publish.

CREATE TABLE scheduled_events (
    id            VARCHAR(32)  PRIMARY KEY,
    org_id        VARCHAR(32)  NOT NULL,
    project_id    VARCHAR(32)  NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    topic         VARCHAR(255) NOT NULL,
    data          JSON         NOT NULL,
    event_id      VARCHAR(64)  NOT NULL UNIQUE,
    scheduled_for TIMESTAMPTZ  NOT NULL,
    status        VARCHAR(16)  NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'running', 'completed', 'cancelled', 'failed')),
    attempts      INT          NOT NULL DEFAULT 0,
    error         TEXT,
    api_key_id    UUID,
    claimed_at    TIMESTAMPTZ,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    executed_at   TIMESTAMPTZ
);
CREATE INDEX idx_scheduled_events_due ON scheduled_events (scheduled_for) WHERE status IN ('pending', 'running');
CREATE INDEX idx_scheduled_events_project ON scheduled_events (org_id, project_id, scheduled_for DESC);
