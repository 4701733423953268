-- Second factors: one TOTP authenticator per user and its recovery codes.
-- The TOTP secret is never stored in plaintext: secret_ciphertext is the secret encrypted with a
-- fresh data key, which is stored wrapped by the master key ring (both bound to "totp:<user id>").
-- A row with confirmed = false is an enrolment that has not yet been confirmed with a code.
create table totp_credentials (
	user_id           varchar(36)  not null,
	secret_ciphertext varchar(512) not null,
	wrapped_key       varchar(700) not null,
	master_key_id     bigint       not null,
	confirmed         boolean      not null,
	last_used_step    bigint       not null,
	created_at        bigint       not null,
	constraint totp_credentials_pk primary key (user_id),
	constraint totp_credentials_user_fk foreign key (user_id) references users (id) on delete cascade
);

-- Single-use recovery codes; only the SHA-256 of each (high-entropy) code is kept.
create table recovery_codes (
	id        varchar(36) not null,
	user_id   varchar(36) not null,
	code_hash varchar(64) not null,
	used_at   bigint,
	constraint recovery_codes_pk primary key (id),
	constraint recovery_codes_code_hash_uk unique (code_hash),
	constraint recovery_codes_user_fk foreign key (user_id) references users (id) on delete cascade
);
