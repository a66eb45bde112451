-- NATS accounts (multi-account mode): every org is a NATS account signed by the notif operator.
-- The account seed is stored encrypted (`v1:` + base64 of a libsodium secretbox nonce and
-- ciphertext, key from NOTIF_ENCRYPTION_KEY); account JWTs are never stored, they are rebuilt from
-- this row. `platform` keys manage orgs across the whole instance.
ALTER TABLE orgs ADD COLUMN nats_account_seed TEXT;
UPDATE orgs SET billing_tier = 'free' WHERE billing_tier NOT IN ('free', 'pro', 'enterprise');
ALTER TABLE orgs ADD CONSTRAINT orgs_billing_tier_check CHECK (billing_tier IN ('free', 'pro', 'enterprise'));
CREATE INDEX idx_orgs_created_at ON orgs (created_at, id);

-- notifd's own NATS accounts besides the orgs' (`internal`: its JetStream streams, such as the
-- audit spill), keyed by role.
CREATE TABLE notif_accounts (
    role              VARCHAR(32)  PRIMARY KEY,
    nats_public_key   VARCHAR(128) NOT NULL UNIQUE,
    nats_account_seed TEXT         NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now()
);

ALTER TABLE api_keys DROP CONSTRAINT api_keys_scope_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_scope_check CHECK (scope IN ('project', 'admin', 'platform'));
