-- Accounts. One set of migrations for H2, PostgreSQL and MariaDB/MySQL: ids are
-- application-generated UUID strings, times are epoch milliseconds (UTC) in BIGINT columns,
-- because those are the types the three engines agree on.

create table users (
	id                  varchar(36)  not null,
	username            varchar(32)  not null,
	email               varchar(254),
	password_hash       varchar(255) not null,
	role                varchar(16)  not null,
	enabled             boolean      not null,
	created_at          bigint       not null,
	password_changed_at bigint       not null,
	constraint users_pk primary key (id),
	constraint users_username_uk unique (username),
	constraint users_email_uk unique (email)
);

-- Exactly one row may ever exist: the account that inserts it first becomes the admin.
-- A primary-key conflict settles concurrent first sign-ups on every engine.
create table first_admin (
	slot    int         not null,
	user_id varchar(36) not null,
	constraint first_admin_pk primary key (slot)
);

-- One-time sign-up invitations (sign-up policy "invite"). Only the SHA-256 of the token is kept.
create table invites (
	id         varchar(36) not null,
	token_hash varchar(64) not null,
	created_by varchar(36) not null,
	created_at bigint      not null,
	expires_at bigint      not null,
	used_by    varchar(36),
	used_at    bigint,
	constraint invites_pk primary key (id),
	constraint invites_token_hash_uk unique (token_hash),
	constraint invites_created_by_fk foreign key (created_by) references users (id) on delete cascade
);
