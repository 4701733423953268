-- Device sign-in (OAuth 2.0 Device Authorization Grant, RFC 8628): the `coffer login` client asks
-- for a device code and a user code; a signed-in user approves or denies the user code in a
-- browser; the client's next poll with the device code receives a personal access token
-- (api_tokens). Same conventions as V1/V4: UUID ids, epoch-millisecond BIGINT times. Both codes
-- are stored only as their SHA-256 (lower-case hex): the device code is 256 random bits, the user
-- code is short but lives at most 10 minutes and is throttled. A row is used once: consumed_at is
-- set by the poll that receives the token. Expired rows are purged by the next request.

create table device_authorizations (
	id                    varchar(36)  not null,
	device_code_hash      varchar(64)  not null,
	user_code_hash        varchar(64)  not null,
	device_name           varchar(64)  not null,
	client_address        varchar(64),
	created_at            bigint       not null,
	expires_at            bigint       not null,
	poll_interval_seconds integer      not null,
	last_polled_at        bigint,
	user_id               varchar(36),
	decision              varchar(8),
	decided_at            bigint,
	consumed_at           bigint,
	constraint device_authorizations_pk primary key (id),
	constraint device_authorizations_device_code_uk unique (device_code_hash),
	constraint device_authorizations_user_code_uk unique (user_code_hash),
	constraint device_authorizations_user_fk foreign key (user_id) references users (id) on delete cascade
);

-- The purge of expired rows.
create index device_authorizations_expires_ix on device_authorizations (expires_at);
