-- tillbridge hub schema, version 5: when each API key was last used (docs/operations.md). Portable
-- SQL, as V1. Written by the nodes in batches, at most once a minute per key, never per request.
ALTER TABLE api_keys ADD COLUMN last_used_at TIMESTAMP WITH TIME ZONE;
