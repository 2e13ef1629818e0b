-- tillbridge hub schema, version 3: delivery across several hub nodes sharing one database.
-- (V2 belongs to printing documents.) Portable SQL, as V1.

-- The number of the site's newest agent connection (stream or long poll), on whichever node it
-- opened. A claim of jobs checks it under the site's row lock, so a connection superseded on
-- another node can no longer hand anything out.
ALTER TABLE sites ADD COLUMN connection_seq BIGINT NOT NULL DEFAULT 0;

-- The catch-up after a node's listener (re)connects looks for sites with jobs never handed out.
CREATE INDEX jobs_by_state_site ON jobs (state, site_id);
