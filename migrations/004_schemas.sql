-- The JSON Schema registry: named schemas per project, bound to a NATS topic pattern, each with
-- immutable versions. Exactly one version per schema is the latest (a partial unique index), and a
-- new version becomes the latest in one transaction, so a failed insert never leaves a schema
-- without one. Schema documents and examples are stored as JSON (text kept as sent).

CREATE TABLE schemas (
    id             VARCHAR(32)  PRIMARY KEY,
    org_id         VARCHAR(32)  NOT NULL,
    project_id     VARCHAR(32)  NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name           VARCHAR(255) NOT NULL,
    topic_pattern  VARCHAR(255) NOT NULL,
    description    TEXT         NOT NULL DEFAULT '',
    tags           TEXT[]       NOT NULL DEFAULT '{}',
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    UNIQUE (project_id, name)
);
CREATE INDEX idx_schemas_project ON schemas (org_id, project_id, name);

CREATE TABLE schema_versions (
    id               VARCHAR(32)  PRIMARY KEY,
    schema_id        VARCHAR(32)  NOT NULL REFERENCES schemas(id) ON DELETE CASCADE,
    version          VARCHAR(50)  NOT NULL,
    schema_json      JSON         NOT NULL,
    validation_mode  VARCHAR(16)  NOT NULL DEFAULT 'strict' CHECK (validation_mode IN ('strict', 'warn', 'disabled')),
    on_invalid       VARCHAR(16)  NOT NULL DEFAULT 'reject' CHECK (on_invalid IN ('reject', 'log', 'dlq')),
    compatibility    VARCHAR(16)  NOT NULL DEFAULT 'backward' CHECK (compatibility IN ('backward', 'forward', 'full', 'none')),
    examples         JSON,
    fingerprint      CHAR(64)     NOT NULL,
    is_latest        BOOLEAN      NOT NULL DEFAULT false,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    created_by       VARCHAR(64),
    UNIQUE (schema_id, version)
);
CREATE INDEX idx_schema_versions_schema ON schema_versions (schema_id, created_at DESC);
CREATE UNIQUE INDEX idx_schema_versions_latest ON schema_versions (schema_id) WHERE is_latest;
