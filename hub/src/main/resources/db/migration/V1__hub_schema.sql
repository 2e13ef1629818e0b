-- tillbridge hub schema, version 1.
-- Portable SQL: runs unchanged on H2 2.x (embedded default) and PostgreSQL (--db postgresql://...).
-- No identity columns, no vendor types: ids are random text made by the hub, JSON is stored as
-- text, times are TIMESTAMP WITH TIME ZONE, per-site and per-job sequences are counters in rows.

CREATE TABLE tenants (
    id            VARCHAR(40)  NOT NULL PRIMARY KEY,
    name          VARCHAR(200) NOT NULL UNIQUE,
    api_key_hash  VARCHAR(64)  NOT NULL UNIQUE,   -- SHA-256 hex of the API key; the key itself is never stored
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE sites (
    id                VARCHAR(40)  NOT NULL PRIMARY KEY,
    tenant_id         VARCHAR(40)  NOT NULL REFERENCES tenants (id),
    name              VARCHAR(200) NOT NULL,
    agent_token_hash  VARCHAR(64)  UNIQUE,         -- SHA-256 hex of the agent token; NULL until registered
    agent_version     VARCHAR(100),
    agent_status      VARCHAR(16384),              -- last status JSON the agent reported (terminals, printers)
    registered_at     TIMESTAMP WITH TIME ZONE,
    last_seen_at      TIMESTAMP WITH TIME ZONE,
    delivery_seq      BIGINT       NOT NULL DEFAULT 0,  -- last SSE/poll event id handed to this site's agent
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX sites_by_tenant ON sites (tenant_id, created_at);

CREATE TABLE registration_codes (
    code_hash   VARCHAR(64) NOT NULL PRIMARY KEY,   -- SHA-256 hex of the normalised code
    site_id     VARCHAR(40) NOT NULL REFERENCES sites (id),
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at     TIMESTAMP WITH TIME ZONE,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE jobs (
    id               VARCHAR(40)  NOT NULL PRIMARY KEY,
    tenant_id        VARCHAR(40)  NOT NULL REFERENCES tenants (id),
    site_id          VARCHAR(40)  NOT NULL REFERENCES sites (id),
    type             VARCHAR(16)  NOT NULL,         -- payment | print
    state            VARCHAR(16)  NOT NULL,         -- queued | delivered | accepted | running | done | failed | unknown
    request          VARCHAR(70000) NOT NULL,       -- the job as submitted (JSON)
    request_hash     VARCHAR(64)  NOT NULL,         -- SHA-256 of site id + canonical request: Idempotency-Key check
    idempotency_key  VARCHAR(200) NOT NULL,
    result           VARCHAR(70000),                -- final result JSON from the agent
    delivery_seq     BIGINT,                        -- event id of the last delivery to the agent
    event_seq        BIGINT       NOT NULL DEFAULT 0,  -- last job_events.seq
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT jobs_idempotency UNIQUE (tenant_id, idempotency_key)
);
CREATE INDEX jobs_by_site_state ON jobs (site_id, state);
CREATE INDEX jobs_by_site_created ON jobs (site_id, created_at);

CREATE TABLE job_events (
    job_id        VARCHAR(40)    NOT NULL REFERENCES jobs (id),
    seq           BIGINT         NOT NULL,          -- 1, 2, ... per job: the box-office SSE id
    kind          VARCHAR(32)    NOT NULL,          -- state | answer | result | an agent progress type
    data          VARCHAR(70000) NOT NULL,          -- JSON
    delivery_seq  BIGINT,                           -- for kind=answer: event id of its delivery to the agent
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (job_id, seq)
);
