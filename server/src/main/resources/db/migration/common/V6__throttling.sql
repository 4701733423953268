-- Throttling state, in the database so that every node of a cluster sees the same counts.
-- One row per attempt that counts against a limit (a failed login, a sign-up post): the scope
-- names the rule (e.g. login.account, login.address, signup.address), the subject is the
-- SHA-256 (hex) of what is limited (an attempted username, a client address), so mistyped
-- passwords entered as usernames are not stored readable. Rows older than the longest window
-- are purged. Same conventions as V1: application-generated ids, epoch-millisecond BIGINT times.

create table throttle_attempts (
	id           varchar(36) not null,
	scope        varchar(32) not null,
	subject      varchar(64) not null,
	attempted_at bigint      not null,
	constraint throttle_attempts_pk primary key (id)
);

-- Every check counts one subject's recent rows; the purge deletes by time.
create index throttle_attempts_subject_ix on throttle_attempts (scope, subject, attempted_at);
create index throttle_attempts_time_ix on throttle_attempts (attempted_at);

-- "N failed attempts since your last login": counted on the account itself, as that must outlive
-- the throttling windows.
alter table users add last_login_at bigint;
alter table users add failed_logins_since_login int default 0 not null;
