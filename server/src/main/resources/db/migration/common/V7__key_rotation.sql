-- Master key rotation. One row per rotation: which master key became the primary, and when the
-- re-wrap job had moved every data key onto it. The re-wrap job works towards the newest row.
-- Key ids are Tink's unsigned 32-bit ids, stored like file_versions.kek_id.
create table key_rotations (
	id                  varchar(36) not null,
	new_key_id          bigint      not null,
	previous_key_id     bigint,
	rotated_at          bigint      not null,
	rotated_by          varchar(64),
	rewrap_completed_at bigint,
	constraint key_rotations_pk primary key (id)
);

-- Leases for background jobs that must run on one node at a time: a node holds a job while
-- locked_until is in the future and renews it as it goes; a node that died loses it when it expires.
create table job_locks (
	name         varchar(64) not null,
	locked_until bigint      not null,
	locked_by    varchar(64) not null,
	constraint job_locks_pk primary key (name)
);

create index file_versions_kek_idx on file_versions (kek_id);
