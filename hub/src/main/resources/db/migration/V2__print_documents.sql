-- Print documents (PDF, raw printer language) of up to 16 MiB, uploaded by a box office and
-- fetched by its site's agent. Portable like V1: BYTEA is PostgreSQL's binary type and an alias
-- of H2's BINARY VARYING. A document is kept as chunks of at most 256 KiB, so that neither the
-- upload nor the agent's download ever holds the whole document in the hub's memory.

CREATE TABLE documents (
    id            VARCHAR(40)  NOT NULL PRIMARY KEY,   -- doc_ + hash of site, content type and content: one upload of the same bytes is one document
    tenant_id     VARCHAR(40)  NOT NULL REFERENCES tenants (id),
    site_id       VARCHAR(40)  NOT NULL REFERENCES sites (id),
    content_type  VARCHAR(40)  NOT NULL,               -- application/pdf | application/octet-stream
    byte_count    BIGINT       NOT NULL,
    sha256        VARCHAR(64)  NOT NULL,               -- hex SHA-256 of the content, checked by the agent
    chunk_count   INTEGER      NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX documents_by_site ON documents (site_id, created_at);

CREATE TABLE document_chunks (
    document_id  VARCHAR(40) NOT NULL REFERENCES documents (id),
    n            INTEGER     NOT NULL,                 -- 0, 1, ... in content order
    data         BYTEA       NOT NULL,
    PRIMARY KEY (document_id, n)
);
