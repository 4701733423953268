-- Locks for background jobs that must run on one node at a time (orphan sweep, throttle purge,
-- data key re-wrap), in the layout ShedLock's JDBC provider expects. Times are the database's
-- own clock (ShedLock's "usingDbTime"), so nodes with skewed clocks still agree on who holds a lock.
-- Replaces job_locks (V7), which only the re-wrap job used.
create table shedlock (
	name       varchar(64)  not null,
	lock_until timestamp(3) not null,
	locked_at  timestamp(3) not null,
	locked_by  varchar(255) not null,
	constraint shedlock_pk primary key (name)
);

drop table job_locks;
