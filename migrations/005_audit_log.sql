-- The audit trail. Every org's entries (org_id '' holds system-level ones) form a hash chain:
-- `chain_seq` numbers them 1, 2, … and `hash` = SHA-256(prev_hash || canonical content), so an
-- edited, inserted or deleted row breaks the chain where it happened. `audit_chain_heads` holds
-- each chain's end; writers lock its row, so a chain grows in one order. `entry_id` is chosen by
-- the writer: an entry written twice (Postgres path and JetStream spill replay) is kept once.

CREATE TABLE audit_log (
    id           BIGSERIAL    PRIMARY KEY,
    entry_id     VARCHAR(40)  NOT NULL UNIQUE,
    timestamp    TIMESTAMPTZ  NOT NULL,
    actor        TEXT         NOT NULL,
    action       TEXT         NOT NULL,
    org_id       VARCHAR(32)  NOT NULL DEFAULT '',
    project_id   VARCHAR(32),
    target       TEXT,
    detail       JSONB,
    ip_address   INET,
    request_id   TEXT,
    chain_seq    BIGINT       NOT NULL,
    prev_hash    CHAR(64)     NOT NULL,
    hash         CHAR(64)     NOT NULL,
    recorded_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    UNIQUE (org_id, chain_seq)
);
CREATE INDEX idx_audit_log_org_time ON audit_log (org_id, timestamp DESC, id DESC);
CREATE INDEX idx_audit_log_org_action ON audit_log (org_id, action text_pattern_ops, id DESC);
CREATE INDEX idx_audit_log_org_actor ON audit_log (org_id, actor, id DESC);
CREATE INDEX idx_audit_log_org_target ON audit_log (org_id, target, id DESC);

CREATE TABLE audit_chain_heads (
    org_id     VARCHAR(32)  PRIMARY KEY,
    last_seq   BIGINT       NOT NULL,
    last_hash  CHAR(64)     NOT NULL
);
