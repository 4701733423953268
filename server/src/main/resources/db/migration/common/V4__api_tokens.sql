-- Personal access tokens for the REST API (Authorization: Bearer coffer_pat_...). Same
-- conventions as V1: application-generated UUID ids, epoch-millisecond BIGINT times.
-- Only the SHA-256 of a token is kept; the token itself is shown once, when it is made.
-- scopes is a space-separated list (as in OAuth 2.0), so scopes can grow without a migration.

create table api_tokens (
	id           varchar(36)  not null,
	user_id      varchar(36)  not null,
	name         varchar(64)  not null,
	token_hash   varchar(64)  not null,
	scopes       varchar(255) not null,
	created_at   bigint       not null,
	expires_at   bigint,
	last_used_at bigint,
	revoked_at   bigint,
	constraint api_tokens_pk primary key (id),
	constraint api_tokens_token_hash_uk unique (token_hash),
	constraint api_tokens_user_fk foreign key (user_id) references users (id) on delete cascade
);

-- Listing a user's tokens, counting them against the cap, and the cascade on account deletion.
create index api_tokens_user_ix on api_tokens (user_id);
