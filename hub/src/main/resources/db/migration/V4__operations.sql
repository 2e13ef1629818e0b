-- tillbridge hub schema, version 4: operations while the hub runs (docs/operations.md). Portable
-- SQL, as V1.

-- API keys apart from tenants, so that a tenant may hold two during a rotation, and a key may
-- expire or be revoked. Only the SHA-256 of a key is stored, as before.
CREATE TABLE api_keys (
    id          VARCHAR(40) NOT NULL PRIMARY KEY,
    tenant_id   VARCHAR(40) NOT NULL REFERENCES tenants (id),
    key_hash    VARCHAR(64) NOT NULL UNIQUE,        -- SHA-256 hex of the API key
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE,           -- NULL: until revoked
    revoked_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX api_keys_by_tenant ON api_keys (tenant_id, created_at);

-- every tenant's one key so far becomes its first key (a tenant id is ten_ and 24 random characters)
INSERT INTO api_keys (id, tenant_id, key_hash, created_at)
    SELECT 'key_' || SUBSTRING(id FROM 5), id, api_key_hash, created_at FROM tenants;
ALTER TABLE tenants DROP COLUMN api_key_hash;

-- A deleted site stays as a tombstone while jobs of it are kept (the box office may still read
-- how they ended); retention removes it with its last job.
ALTER TABLE sites ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;

-- Periodic work that one node at a time does: a node claims a task with an UPDATE when it is due
-- and nobody holds it (held_until past), and renews the claim while it works.
CREATE TABLE housekeeping (
    task         VARCHAR(40)  NOT NULL PRIMARY KEY,
    next_run_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    held_by      VARCHAR(120),
    held_until   TIMESTAMP WITH TIME ZONE
);
INSERT INTO housekeeping (task, next_run_at) VALUES ('prune', TIMESTAMP WITH TIME ZONE '2000-01-01 00:00:00+00');

-- what retention looks for: finished jobs by age
CREATE INDEX jobs_by_state_updated ON jobs (state, updated_at);
