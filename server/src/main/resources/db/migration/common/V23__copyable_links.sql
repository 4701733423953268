-- Links their owner can copy again: the token of each new public link and request link is
-- also kept sealed (keys/SealedSecrets: encrypted under a data key of its own, wrapped by
-- the master key ring, bound to "link:<id>" or "request:<id>"). Look-ups stay by the
-- token's SHA-256. Links made before this have no sealed token: "copy not available".
-- Revoking a link erases its sealed token.

alter table links add token_sealed varchar(255);
alter table links add token_key varchar(700);
alter table links add token_master_key_id bigint;

alter table file_requests add token_sealed varchar(255);
alter table file_requests add token_key varchar(700);
alter table file_requests add token_master_key_id bigint;
