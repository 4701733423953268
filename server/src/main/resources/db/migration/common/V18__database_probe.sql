-- One row that each node's readiness check updates (dev.coffer.server.database.DatabaseProbe):
-- a write, committed, is the proof that the database can be used, where a read alone would
-- pass on a database that has a full disk.
create table database_probe (
	id         int          not null,
	checked_at timestamp(3) not null,
	constraint database_probe_pk primary key (id)
);

insert into database_probe (id, checked_at) values (1, current_timestamp);
