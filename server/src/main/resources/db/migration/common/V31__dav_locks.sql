-- WebDAV locks (LOCK/UNLOCK, RFC 4918 §6-7, §9.10-9.11), in the database so that every node of a
-- cluster honours a lock another node granted. A lock is on a URL, not on a file or folder row:
-- lock_path is the path in the owner's own tree ("/" for their top folder, "/reports/q1.pdf"),
-- names joined by "/", which no name can hold. That is what RFC 4918 locks (a URL, §7), and it
-- lets a client lock a URL where nothing is yet (LOCK then PUT, as Finder and Office save a new
-- file) without Coffer making an empty file, which it refuses. It also means a lock does not
-- follow a file moved or renamed on the web pages; WebDAV's own DELETE and MOVE remove the locks
-- at and under the path they take away. Rows are found by owner (a user has a handful of locks),
-- so lock_path needs no index and can be long. token is the opaque lock token (urn:uuid:...),
-- owner_xml the client's DAV:owner content as XML (at most 4,000 characters, dav.DavLocks),
-- expires_at the end of the lock's timeout in milliseconds since the epoch; expired rows are
-- ignored and deleted the next time their owner takes a lock.
create table dav_locks (
	token          varchar(64)   not null,
	user_id        varchar(36)   not null,
	lock_path      varchar(4000) not null,
	depth_infinity boolean       not null,
	exclusive      boolean       not null,
	owner_xml      varchar(4000),
	expires_at     bigint        not null,
	constraint dav_locks_pk primary key (token),
	constraint dav_locks_user_fk foreign key (user_id) references users (id) on delete cascade
);

create index dav_locks_user_ix on dav_locks (user_id, expires_at);
