-- Webhooks and their durable delivery outbox. Every (webhook, event) pair is one row in
-- webhook_deliveries, written before the event is acknowledged on the stream; the dispatcher claims
-- due rows (next_attempt_at) with a lease, so retries survive restarts and several replicas share
-- the work. Each HTTP attempt is logged in webhook_delivery_attempts.

CREATE TABLE webhooks (
    id                          UUID         PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id                      VARCHAR(32)  NOT NULL,
    project_id                  VARCHAR(32)  NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    url                         TEXT         NOT NULL,
    topics                      TEXT[]       NOT NULL,
    secret                      VARCHAR(64)  NOT NULL,
    previous_secret             VARCHAR(64),
    previous_secret_expires_at  TIMESTAMPTZ,
    enabled                     BOOLEAN      NOT NULL DEFAULT true,
    disabled_reason             TEXT,
    disabled_at                 TIMESTAMPTZ,
    consecutive_failures        INT          NOT NULL DEFAULT 0,
    circuit_open_until          TIMESTAMPTZ,
    created_at                  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at                  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX idx_webhooks_project ON webhooks (org_id, project_id, created_at DESC);

CREATE TABLE webhook_deliveries (
    id               UUID         PRIMARY KEY DEFAULT gen_random_uuid(),
    webhook_id       UUID         NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    org_id           VARCHAR(32)  NOT NULL,
    project_id       VARCHAR(32)  NOT NULL,
    event_id         VARCHAR(64)  NOT NULL,
    topic            VARCHAR(255) NOT NULL,
    event_time       TIMESTAMPTZ  NOT NULL,
    -- The exact request body, so every attempt (and its signature) is byte-identical.
    payload          TEXT         NOT NULL,
    status           VARCHAR(16)  NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'success', 'failed')),
    attempt          INT          NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    response_status  INT,
    response_body    TEXT,
    error            TEXT,
    latency_ms       INT,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    delivered_at     TIMESTAMPTZ,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX idx_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX idx_webhook_deliveries_webhook ON webhook_deliveries (webhook_id, created_at DESC);

CREATE TABLE webhook_delivery_attempts (
    id               BIGSERIAL    PRIMARY KEY,
    delivery_id      UUID         NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
    attempt          INT          NOT NULL,
    response_status  INT,
    latency_ms       INT          NOT NULL,
    error            TEXT,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX idx_webhook_delivery_attempts ON webhook_delivery_attempts (delivery_id, attempt);

-- Idempotency-Key records (emit and schedule creation): the first response is replayed for 24 h.
CREATE TABLE idempotency_keys (
    project_id     VARCHAR(32)  NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    route          VARCHAR(64)  NOT NULL,
    key            VARCHAR(255) NOT NULL,
    request_hash   VARCHAR(64)  NOT NULL,
    status_code    INT,
    response_body  TEXT,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, route, key)
);
CREATE INDEX idx_idempotency_keys_created ON idempotency_keys (created_at);
