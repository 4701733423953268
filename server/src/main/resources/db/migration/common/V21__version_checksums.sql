-- The CRC-32 of each version's plaintext, computed while it is uploaded (next to its SHA-256).
-- A ZIP download writes its entries stored, not compressed, into a stream it cannot seek back
-- in, so each entry's CRC-32 must be known before its bytes are sent. Null for versions stored
-- before this column existed: the first ZIP that includes one computes it with a decrypting
-- pass and records it here. Unsigned 32-bit values, hence bigint.
alter table file_versions add column crc32 bigint;

-- What kind of preview each version's content allows (files.PreviewType: PNG, JPEG, GIF, WEBP, PDF,
-- TEXT, MP4, WEBM or NONE), told from its first bytes while it is uploaded, never from its name.
-- Null for versions stored before this column existed: the first preview asked of one decrypts its
-- first bytes to tell, and records the answer here.
alter table file_versions add column preview_type varchar(8);
