-- The tamper-evident audit log (docs/SECURITY.md, "Audit log"). Same conventions as V1:
-- epoch-millisecond BIGINT times, no vendor-specific SQL. Rows are only ever inserted.
-- seq is assigned by the application under the row lock of audit_chain, so it is strictly
-- increasing without gaps on every node. hash = SHA-256(prev_hash || canonical entry), hex.

create table audit_events (
	seq            bigint        not null,
	occurred_at    bigint        not null,
	actor          varchar(64),
	client_address varchar(64),
	action         varchar(64)   not null,
	target         varchar(300),
	outcome        varchar(16)   not null,
	details        varchar(1000),
	prev_hash      varchar(64)   not null,
	hash           varchar(64)   not null,
	constraint audit_events_pk primary key (seq)
);

-- The admin page filters by user, action and time; the account page lists a user's own events;
-- intrusion signals count recent events per actor and per address.
create index audit_events_actor_ix on audit_events (actor, occurred_at);
create index audit_events_action_ix on audit_events (action, occurred_at);
create index audit_events_time_ix on audit_events (occurred_at);
create index audit_events_address_ix on audit_events (client_address, occurred_at);

-- The head of the chain, exactly one row: appending locks it (select ... for update), so
-- appends from all nodes are serialized and every entry links to the one before it.
create table audit_chain (
	slot      int         not null,
	last_seq  bigint      not null,
	last_hash varchar(64) not null,
	constraint audit_chain_pk primary key (slot)
);

insert into audit_chain (slot, last_seq, last_hash)
values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
