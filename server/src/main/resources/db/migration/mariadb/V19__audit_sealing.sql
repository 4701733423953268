-- The audit log off the global lock, keyed (docs/SECURITY.md, "Audit log"). One file per database
-- because making the primary key a database-assigned order id, and columns nullable, has no form
-- that H2, PostgreSQL and MariaDB/MySQL all accept (identity vs AUTO_INCREMENT, DROP NOT NULL vs
-- MODIFY); the files differ only in the statements marked VENDOR.
--
-- A request now only inserts its event: the database gives it an order id (id), nothing else is
-- locked. The sealer (one node at a time) later gives each committed row, in id order, its place in
-- the chain (seq) and its link: seq, prev_hash and hash stay null until then.
--   format 1: hash = SHA-256(prev_hash || canonical v1 entry)            (every row written before)
--   format 2: hash = HMAC-SHA256(mac key, prev_hash || canonical v2 entry) under mac_key_id
-- The first format-2 row chains on from the last format-1 row's hash. Existing rows keep id = seq.

-- VENDOR (MariaDB/MySQL): existing rows get id = seq; AUTO_INCREMENT then continues after the largest.
alter table audit_events add column id bigint null;
update audit_events set id = seq;
alter table audit_events drop primary key, modify id bigint not null auto_increment,
	modify seq bigint null, modify prev_hash varchar(64) null, modify hash varchar(64) null,
	add constraint audit_events_pk primary key (id), add constraint audit_events_seq_uk unique (seq),
	add column format int, add column mac_key_id varchar(36);

update audit_events set format = 1;

-- The sealer's place: audit_chain.last_id is the highest order id it has sealed or given up waiting
-- for (an id whose transaction never committed); rows below it that appear late are sealed next.
alter table audit_chain add column last_id bigint;
update audit_chain set last_id = (select coalesce(max(id), 0) from audit_events);

-- MAC keys of the chain: a Tink HMAC-SHA256 key set wrapped by the master key ring (associated
-- data "coffer/mac/v1|" + id), re-wrapped by key rotation like data keys and TOTP secrets.
create table audit_mac_keys (
	id            varchar(36)  not null,
	wrapped_key   varchar(700) not null,
	master_key_id bigint       not null,
	created_at    bigint       not null,
	constraint audit_mac_keys_pk primary key (id)
);

-- Intrusion signals raised: at most one per action, source and minute, decided by this primary key
-- (an insert that fails as a duplicate), where the head lock used to decide it.
create table audit_signals (
	action       varchar(64)  not null,
	source       varchar(300) not null,
	window_start bigint       not null,
	constraint audit_signals_pk primary key (action, source, window_start)
);
